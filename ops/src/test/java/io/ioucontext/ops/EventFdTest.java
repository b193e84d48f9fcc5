package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.reactor.ClosesReactor;
import io.ioucontext.reactor.Deadline;
import io.ioucontext.reactor.OperationTimedOutException;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.RingMode;
import io.ioucontext.reactor.UringException;
import io.ioucontext.sync.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Operations awaited in fibers, and outside fibers (the methods that call them directly). */
@OutsideFibers
@ExtendWith(ClosesReactor.class)
class EventFdTest {

    @Test
    void anotherThreadWakesAWaitingFiberUp() throws Exception {
        Reactor reactor = Reactor.get();
        List<Long> taken = new ArrayList<>();
        try (EventFd event = EventFd.create()) {
            Fiber waiter = reactor.spawn("waiter", () -> {
                // Each await takes what was added since the last: both additions, or one at a time.
                long total = 0;
                while (total < 12) {
                    taken.add(event.await());
                    total += taken.getLast();
                }
            });
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    event.add(5);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            reactor.spawn("local", () -> {
                other.join();
                event.add(7);
            });
            reactor.run();
            assertTrue(waiter.failure().isEmpty(), () -> waiter.failure().orElseThrow().toString());
        }
        assertTrue(taken.equals(List.of(5L, 7L)) || taken.equals(List.of(12L)), taken::toString);
    }

    @Test
    void anAwaitTimesOutWhileTheCounterIsZeroAndNotOnceItIsSet() throws Exception {
        try (EventFd event = EventFd.create()) {
            OperationTimedOutException e = assertThrows(OperationTimedOutException.class,
                    () -> event.await(Duration.ofMillis(10)));
            assertTrue(e.getMessage().startsWith("read(fd=" + event.fd() + ")"), e.getMessage());
            event.add(3);
            assertEquals(3, event.await(Duration.ofMinutes(1)));
        }
    }

    @Test
    void zeroTakesOnlyWhatIsThereADeadlineBoundsTheWaitAndAClosedOneIsNeverRead() throws Exception {
        EventFd event = EventFd.create();
        assertThrows(OperationTimedOutException.class, () -> event.await(Duration.ZERO));
        assertThrows(OperationTimedOutException.class, () -> event.await(Deadline.after(Duration.ofMillis(10))));
        event.add(2);
        assertEquals(2, event.await(Duration.ZERO));
        event.add(4);
        assertEquals(4, event.await(Deadline.after(Duration.ofSeconds(-1))));
        event.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, event::await);
        assertEquals("eventfd " + event.fd() + " awaited after close", closed.getMessage());
    }

    @ParameterizedTest
    @EnumSource(RingMode.class)
    void fibersAwaitingOneEventFdAtOnceEachTakeTheirOwnCount(RingMode mode) throws Exception {
        Reactor reactor = Reactor.create(16, mode, 0);
        List<Long> taken = new ArrayList<>();
        Event allTaken = new Event();
        try (EventFd event = EventFd.create()) {
            for (int i = 0; i < 3; i++) {
                reactor.spawn("waiter " + i, () -> {
                    try {
                        long count = event.await();
                        taken.add(count);
                    } catch (UringException cancelled) {
                        return;  // fewer reads took all that was added
                    }
                    if (sum(taken) >= 7) {
                        allTaken.set();
                    }
                });
            }
            reactor.spawn("adder", () -> {
                Poll.await(event.fd(), Poll.POLLOUT);  // a turn of the loop: the reads are in the kernel now
                // Nothing suspends between the additions, so several reads may complete in one turn.
                event.add(1);
                event.add(2);
                event.add(4);
                try {
                    allTaken.await(Duration.ofMinutes(1));
                } finally {
                    FileIo.cancel(event.fd());  // releases the reads left waiting
                }
            });
            reactor.run();
        }
        assertEquals(7, sum(taken), taken::toString);
    }

    private static long sum(List<Long> counts) {
        return counts.stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void refusesAdditionsTheKernelWouldRefuse() throws Exception {
        try (EventFd event = EventFd.create()) {
            assertThrows(IllegalArgumentException.class, () -> event.add(0));
            assertThrows(IllegalArgumentException.class, () -> event.add(-1));
        }
    }
}
