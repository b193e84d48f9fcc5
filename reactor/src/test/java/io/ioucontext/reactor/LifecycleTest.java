package io.ioucontext.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A reactor's life: the loop's end, the cookie jar, close and the end of its thread. */
@OutsideFibers
@ExtendWith(ClosesReactor.class)
class LifecycleTest {

    @Test
    void aThreadThatEndsWithoutClosingItsReactorReleasesItsFdsAndMemory() throws Exception {
        long before = OpenFileDescriptors.count();
        AtomicReference<MemorySegment> scratch = new AtomicReference<>();
        List<Object> eaten = new ArrayList<>();
        Thread thread = new Thread(() -> {
            Reactor reactor = Reactor.get();
            scratch.set(reactor.completion().scratch(64));
            reactor.cookieJar("crumbs", eaten::add);
        });
        thread.start();
        thread.join();
        assertEquals(before + 2, OpenFileDescriptors.count(), "the ring and its eventfd are still open");
        assertTrue(scratch.get().scope().isAlive());
        thread = null;
        for (int i = 0; i < 200 && scratch.get().scope().isAlive(); i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertFalse(scratch.get().scope().isAlive(), "the ring's native memory was freed");
        assertEquals(before, OpenFileDescriptors.count());
        synchronized (eaten) {
            assertEquals(List.of("crumbs"), eaten, "the cookie was eaten");
        }
    }

    @Test
    void closeReleasesEverythingAndEatsTheCookie() throws Exception {
        long before = OpenFileDescriptors.count();
        Reactor reactor = Reactor.create(8);
        MemorySegment scratch = reactor.completion().scratch(16);
        List<Object> eaten = new ArrayList<>();
        reactor.cookieJar(42, eaten::add);
        reactor.close();
        assertEquals(List.of(42), eaten);
        assertFalse(scratch.scope().isAlive());
        assertEquals(before, OpenFileDescriptors.count());
        assertThrows(IllegalStateException.class, reactor::cookie);
    }

    @Test
    void theCookieJarReturnsTheOldCookieWithoutEatingIt() {
        Reactor reactor = Reactor.get();
        List<Object> eaten = new ArrayList<>();
        assertEquals(Optional.empty(), reactor.cookie());
        assertEquals(Optional.empty(), reactor.cookieJar("first", eaten::add));
        assertEquals(Optional.of("first"), reactor.cookieJar("second", eaten::add));
        assertEquals(List.of(), eaten, "replacing never eats");
        assertEquals(Optional.of("second"), reactor.cookie());
        assertTrue(reactor.eatCookie());
        assertEquals(List.of("second"), eaten);
        assertEquals(Optional.empty(), reactor.cookie());
        assertFalse(reactor.eatCookie(), "nothing left to eat");

        reactor.cookieJar("no destructor", null);
        assertFalse(reactor.eatCookie());
        assertEquals(Optional.of("no destructor"), reactor.cookie(), "without a destructor the cookie stays");
    }

    @Test
    void runEndsWhenNothingIsInFlightButFireAndForgetOperationsKeepItGoing() {
        Reactor reactor = Reactor.get();
        assertFalse(reactor.isRunnable(), "the armed wakeup read does not count");
        reactor.run();
        for (int i = 0; i < 20; i++) {
            reactor.completion().prepNop().submitDetached();
        }
        assertTrue(reactor.isRunnable());
        reactor.run();
        assertFalse(reactor.isRunnable());
        Fiber fiber = reactor.spawn("nop", () -> reactor.completion().prepNop().submitDetached());
        assertTrue(reactor.isRunnable(), "a fiber that has not started yet");
        reactor.run();
        assertTrue(fiber.isDone());
        assertFalse(reactor.isRunnable());
    }

    @Test
    void detachedRecordsGoBackToThePool() {
        Reactor reactor = Reactor.get();
        Completion first = reactor.completion();
        first.prepNop().submitDetached();
        reactor.run();
        assertSame(first, reactor.completion(), "the record was reused");
    }
}
