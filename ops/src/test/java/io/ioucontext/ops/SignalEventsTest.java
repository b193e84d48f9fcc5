package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.reactor.ClosesReactor;
import io.ioucontext.reactor.Deadline;
import io.ioucontext.reactor.OperationTimedOutException;
import io.ioucontext.reactor.Reactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Operations awaited in fibers, and outside fibers (the methods that call them directly). */
@OutsideFibers
@ExtendWith(ClosesReactor.class)
class SignalEventsTest {

    /** Signal numbers from {@code asm-generic/signal.h}. */
    private static final int SIGHUP = 1;
    private static final int SIGUSR1 = 10;

    private final int self = (int) ProcessHandle.current().pid();

    @Test
    void aFiberWakesUpWhenTheProcessGetsTheSignal() throws Exception {
        Reactor reactor = Reactor.get();
        List<SignalEvents.Caught> caught = new ArrayList<>();
        int[] killer = new int[1];
        try (SignalEvents events = SignalEvents.catching("HUP", "USR1")) {
            Fiber waiter = reactor.spawn("waiter", () -> caught.add(events.await()));
            reactor.spawn("sender", () -> {
                // kill(1) signals the process: the kernel picks a JVM thread, whose handler forwards it.
                try (ChildProcess kill = ChildProcess.spawn(List.of("kill", "-HUP", Integer.toString(self)))) {
                    killer[0] = kill.pid();
                    assertEquals(new ExitStatus.Exited(kill.pid(), 0), kill.waitFor());
                }
            });
            reactor.run();
            assertTrue(waiter.failure().isEmpty(), () -> waiter.failure().orElseThrow().toString());
        }
        assertEquals(1, caught.size(), caught::toString);
        assertEquals("HUP", caught.getFirst().name());
        assertEquals(SIGHUP, caught.getFirst().number());
        // Forwarded by the JVM's handler, or read before that handler ran.
        assertTrue(caught.getFirst().sender() == self || caught.getFirst().sender() == killer[0], caught::toString);
    }

    @Test
    void aSignalForTheReactorThreadGoesStraightToTheSignalfd() throws Exception {
        long before = Libc.pthreadSigmask(Libc.SIG_BLOCK, 0);
        try (SignalEvents events = SignalEvents.catching("USR1")) {
            assertEquals(1L << (SIGUSR1 - 1), Libc.pthreadSigmask(Libc.SIG_BLOCK, 0) & ~before, "blocked while caught");
            assertThrows(OperationTimedOutException.class, () -> events.await(Duration.ZERO));
            Libc.tgkill(self, Libc.gettid(), SIGUSR1);
            assertEquals(new SignalEvents.Caught("USR1", SIGUSR1, self), events.await(Duration.ofMinutes(1)));
            assertThrows(OperationTimedOutException.class, () -> events.await(Deadline.after(Duration.ofMillis(10))));
        }
        assertEquals(before, Libc.pthreadSigmask(Libc.SIG_BLOCK, 0), "the thread's mask is restored");
    }

    @Test
    void closingFromAnotherThreadIsRefusedAndChangesNothing() throws Exception {
        long before = Libc.pthreadSigmask(Libc.SIG_BLOCK, 0);
        try (SignalEvents events = SignalEvents.catching("USR1")) {
            AtomicReference<Throwable> fromOther = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    events.close();
                } catch (Throwable t) {
                    fromOther.set(t);
                }
            }, "other");
            other.start();
            other.join();
            IllegalStateException refused = assertInstanceOf(IllegalStateException.class, fromOther.get());
            assertEquals("signal events of thread " + Thread.currentThread().getName() + " closed from thread other",
                    refused.getMessage());
            Libc.tgkill(self, Libc.gettid(), SIGUSR1);
            assertEquals(new SignalEvents.Caught("USR1", SIGUSR1, self), events.await(), "still open on its own thread");
            events.close();
            IllegalStateException closed = assertThrows(IllegalStateException.class, events::await);
            assertTrue(closed.getMessage().endsWith("awaited after close"), closed.getMessage());
        }
        assertEquals(before, Libc.pthreadSigmask(Libc.SIG_BLOCK, 0), "the thread's mask is restored once");
    }

    @Test
    void refusesSignalsTheJvmKeepsOrDoesNotKnow() {
        assertThrows(IllegalArgumentException.class, () -> SignalEvents.catching("KILL"));
        assertThrows(IllegalArgumentException.class, () -> SignalEvents.catching("NOSUCH"));
    }
}
