package io.ioucontext.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cancelling a fiber's operation, or every operation on a descriptor, on real pipes. */
@OutsideFibers
class CancellationTest {

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    private static Fiber reader(Reactor reactor, Pipe pipe, MemorySegment in, Object[] outcome, Duration timeout) {
        return reactor.spawn("reader", () -> {
            try {
                outcome[0] = reactor.completion().prepRead(pipe.readEnd(), in, (int) in.byteSize(), -1).timeout(timeout)
                        .submit().await();
            } catch (UringException e) {
                outcome[0] = e;
            }
        });
    }

    /** Turns the loop until the fiber has submitted and parked (a zero-timeout NOP from outside). */
    private static void letFibersSubmit(Reactor reactor) throws UringException {
        reactor.completion().prepNop().submit().await();
    }

    @Test
    void cancelsTheOperationAFiberAwaits() throws Throwable {
        Reactor reactor = Reactor.get();
        Pipe pipe = Pipe.open();
        Object[] outcome = new Object[1];
        Fiber fiber = reader(reactor, pipe, arena.allocate(8), outcome, Duration.ofMinutes(1));
        letFibersSubmit(reactor);
        assertTrue(reactor.cancel(fiber));
        reactor.run();
        UringException e = assertInstanceOf(UringException.class, outcome[0]);
        assertFalse(e instanceof OperationTimedOutException, "a cancel is not a timeout: " + e);
        assertEquals(Errno.ECANCELED, e.errno().orElseThrow());
        assertFalse(reactor.cancel(fiber), "nothing left to cancel");
        pipe.closeThrough(reactor);
    }

    @Test
    void aCancelledFiberLeavesItsReadOnlyAfterTheKernelLetGoOfTheBuffer() throws Throwable {
        Reactor reactor = Reactor.get();
        Pipe pipe = Pipe.open();
        Object[] outcome = new Object[1];
        Fiber fiber = reactor.spawn("reader", () -> {
            try (Arena own = Arena.ofConfined()) {
                outcome[0] = reactor.completion().prepRead(pipe.readEnd(), own.allocate(8), 8, -1).submit().await();
            } catch (java.util.concurrent.CancellationException e) {
                outcome[0] = e;
            }
        });
        letFibersSubmit(reactor);
        fiber.cancel();
        reactor.run();
        assertInstanceOf(java.util.concurrent.CancellationException.class, outcome[0]);
        assertFalse(reactor.isRunnable(), "the read was cancelled in the kernel, not left in flight");
        // Written after the cancel, these bytes are still in the pipe: the cancelled read took nothing.
        MemorySegment data = arena.allocateFrom("abc", StandardCharsets.US_ASCII);
        reactor.completion().prepWrite(pipe.writeEnd(), data, 3, -1).submit().await();
        assertEquals(3, reactor.completion().prepRead(pipe.readEnd(), arena.allocate(8), 8, -1).submit().await());
        pipe.closeThrough(reactor);
    }

    @Test
    void aCancelRacingTheCompletionEitherWinsOrLeavesTheResultAlone() throws Throwable {
        Reactor reactor = Reactor.get();
        Pipe pipe = Pipe.open();
        MemorySegment data = arena.allocateFrom("abc", StandardCharsets.US_ASCII);
        MemorySegment rest = arena.allocate(8);
        for (int round = 0; round < 200; round++) {
            Object[] outcome = new Object[1];
            Fiber fiber = reader(reactor, pipe, arena.allocate(8), outcome, null);
            letFibersSubmit(reactor);
            // The write completes the read in the kernel while the cancel, right behind it, looks for it.
            reactor.completion().prepWrite(pipe.writeEnd(), data, 3, -1).submitDetached();
            assertTrue(reactor.cancel(fiber), "the read's CQE cannot have been reaped yet");
            reactor.run();
            if (outcome[0] instanceof UringException e) {
                assertEquals(Errno.ECANCELED, e.errno().orElseThrow());
                assertEquals(3, reactor.completion().prepRead(pipe.readEnd(), rest, 8, -1).submit().await(),
                        "the cancelled read took nothing");
            } else {
                assertEquals(3, outcome[0], "the read completed first and kept its bytes");
            }
            assertFalse(reactor.cancel(fiber), "a fiber whose CQE was reaped awaits nothing");
            assertFalse(reactor.isRunnable());
        }
        pipe.closeThrough(reactor);
    }

    @Test
    void aStaleUserDataCancelsNothing() throws Throwable {
        Reactor reactor = Reactor.get();
        Completion nop = reactor.completion().prepNop();
        long stale = nop.submit().userData();
        nop.await();
        Pipe pipe = Pipe.open();
        Object[] outcome = new Object[1];
        reader(reactor, pipe, arena.allocate(8), outcome, null);
        letFibersSubmit(reactor);
        Completion cancel = reactor.completion().opcode(IoUring.IORING_OP_ASYNC_CANCEL).fd(-1).addr(stale);
        UringException e = assertThrows(UringException.class, () -> cancel.submit().await());
        assertEquals(Errno.ENOENT, e.errno().orElseThrow(), "the reader reused the record under a new generation");
        reactor.completion().prepWrite(pipe.writeEnd(), arena.allocateFrom("z", StandardCharsets.US_ASCII), 1, -1)
                .submit().await();
        reactor.run();
        assertEquals(1, outcome[0]);
        pipe.closeThrough(reactor);
    }

    @Test
    void cancelsEveryOperationOnADescriptorIncludingThoseWaitingForASlot() throws Throwable {
        Reactor reactor = Reactor.create(2);
        Pipe pipe = Pipe.open();
        int readers = 6;
        Object[][] outcomes = new Object[readers][1];
        for (int i = 0; i < readers; i++) {
            reader(reactor, pipe, arena.allocate(8), outcomes[i], i % 2 == 0 ? null : Duration.ofMinutes(1));
        }
        letFibersSubmit(reactor);
        int[] cancelled = new int[1];
        reactor.spawn("canceller", () -> cancelled[0] = reactor.cancelAll(pipe.readEnd()));
        reactor.run();
        assertEquals(readers, cancelled[0]);
        for (Object[] outcome : outcomes) {
            UringException e = assertInstanceOf(UringException.class, outcome[0]);
            assertFalse(e instanceof OperationTimedOutException, e.toString());
            assertEquals(Errno.ECANCELED, e.errno().orElseThrow());
        }
        assertEquals(0, reactor.cancelAll(pipe.readEnd()), "nothing left");
        pipe.closeThrough(reactor);
    }

    @Test
    void aTimeoutThatFiresIsReportedAsATimeoutAndOneThatDoesNotIsHarmless() throws Throwable {
        Reactor reactor = Reactor.get();
        Pipe pipe = Pipe.open();
        Object[] expired = new Object[1];
        reader(reactor, pipe, arena.allocate(8), expired, Duration.ofMillis(10));
        reactor.run();
        OperationTimedOutException e = assertInstanceOf(OperationTimedOutException.class, expired[0]);
        assertEquals(Duration.ofMillis(10), e.timeout());

        Object[] inTime = new Object[1];
        reader(reactor, pipe, arena.allocate(8), inTime, Duration.ofMinutes(1));
        letFibersSubmit(reactor);
        reactor.completion().prepWrite(pipe.writeEnd(), arena.allocateFrom("ok", StandardCharsets.US_ASCII), 2, -1)
                .submit().await();
        reactor.run();
        assertEquals(2, inTime[0]);
        assertFalse(reactor.isRunnable(), "the unfired LINK_TIMEOUT's CQE was reaped");
        pipe.closeThrough(reactor);
    }
}
