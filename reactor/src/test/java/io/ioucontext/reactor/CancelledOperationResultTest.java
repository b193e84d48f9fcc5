package io.ioucontext.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.fiber.Suspendable;
import io.ioucontext.fiber.SuspendableRunnable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A fiber cancelled while it awaits an operation that succeeds anyway keeps the operation's result
 * and gets the cancellation at its next suspension point, once; on real pipes. The deterministic
 * cases cancel the fiber while it is ready with its CQE reaped.
 */
class CancelledOperationResultTest {

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    /** Writes {@code text} into the pipe, outside fibers. */
    @OutsideFibers
    private void put(Reactor reactor, Pipe pipe, String text) throws UringException {
        int length = text.length();
        assertEquals(length, reactor.completion()
                .prepWrite(pipe.writeEnd(), arena.allocateFrom(text, StandardCharsets.US_ASCII), length, -1).submit().await());
    }

    /** Reads what the pipe holds (at least one byte), outside fibers. */
    @OutsideFibers
    private String take(Reactor reactor, Pipe pipe) throws UringException {
        MemorySegment in = arena.allocate(16);
        int n = reactor.completion().prepRead(pipe.readEnd(), in, 16, -1).submit().await();
        return text(in, n);
    }

    private static String text(MemorySegment bytes, int length) {
        return new String(bytes.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
    }

    /**
     * Puts {@code held} into the pipe and spawns a reader whose read of it into {@code into} a second fiber cancels once its CQE
     * has been reaped, before the reader runs again (the canceller, requeued by each yield, stays
     * ahead of the reader, which the reaped CQE queues behind it); the reader records what the
     * read returned in {@code outcomes[0]}, then goes on with {@code next}. Runs the loop to its end.
     *
     * @return the reader, ended
     */
    @OutsideFibers
    private Fiber readCancelledOnceReaped(Reactor reactor, Pipe pipe, String held, MemorySegment into, Object[] outcomes,
            SuspendableRunnable next) throws UringException {
        put(reactor, pipe, held);
        Completion[] read = new Completion[1];
        Fiber reader = reactor.spawn("reader", () -> {
            read[0] = reactor.completion().prepRead(pipe.readEnd(), into, (int) into.byteSize(), -1).submit();
            outcomes[0] = read[0].await();
            next.run();
        });
        reactor.spawn("canceller", () -> {
            while (read[0] == null || !read[0].isDone()) {
                Fiber.yield();
            }
            reader.cancel();
        });
        reactor.run();
        assertTrue(reader.failure().isEmpty(), () -> reader.failure().orElseThrow().toString());
        return reader;
    }

    @Test
    @OutsideFibers
    void aReadWhoseCqeCameBeforeTheCancelKeepsItsBytesAndTheNextOperationIsCancelled() throws Throwable {
        Reactor reactor = Reactor.get();
        Pipe pipe = Pipe.open();
        MemorySegment in = arena.allocate(8);
        Object[] outcomes = new Object[2];
        readCancelledOnceReaped(reactor, pipe, "abc", in, outcomes, () -> {
            try {
                outcomes[1] = reactor.completion().prepRead(pipe.readEnd(), arena.allocate(8), 8, -1).submit().await();
            } catch (CancellationException e) {
                outcomes[1] = e;
            }
        });
        assertEquals(3, outcomes[0], "the read happened: its bytes are returned, not dropped");
        assertEquals("abc", text(in, 3));
        assertInstanceOf(CancellationException.class, outcomes[1], "the next operation delivers the cancellation");
        assertFalse(reactor.isRunnable(), "the second read was cancelled in the kernel, not left in flight");
        put(reactor, pipe, "de");
        assertEquals("de", take(reactor, pipe), "the cancelled read took nothing");
        pipe.closeThrough(reactor);
    }

    @Test
    @OutsideFibers
    void theCancellationKeptPendingComesOnceFromTheNextYield() throws Throwable {
        Reactor reactor = Reactor.get();
        Pipe pipe = Pipe.open();
        MemorySegment first = arena.allocate(3);
        MemorySegment second = arena.allocate(3);
        Object[] outcomes = new Object[4];
        readCancelledOnceReaped(reactor, pipe, "abcdef", first, outcomes, () -> {
            outcomes[1] = Fiber.current().orElseThrow().isCancelled();
            try {
                Fiber.yield();
                outcomes[2] = "yield returned";
            } catch (CancellationException e) {
                outcomes[2] = e;
            }
            Fiber.yield();  // delivered once: neither this yield nor the read below throws it again
            outcomes[3] = reactor.completion().prepRead(pipe.readEnd(), second, 3, -1).submit().await();
        });
        assertEquals(3, outcomes[0]);
        assertEquals(true, outcomes[1], "the cancellation is pending again once the result is returned");
        assertInstanceOf(CancellationException.class, outcomes[2]);
        assertEquals(3, outcomes[3]);
        assertEquals("abcdef", text(first, 3) + text(second, 3));
        pipe.closeThrough(reactor);
    }

    /** Which of the two wins depends on when the kernel runs the read's retry; the byte is never lost. */
    @ParameterizedTest
    @EnumSource(RingMode.class)
    @OutsideFibers
    void aCancelRacingAReadEitherStopsItOrLeavesItsByteWithTheFiberNeverBothNeverNeither(RingMode mode) throws Throwable {
        Reactor reactor = Reactor.create(16, mode, 0);
        Pipe pipe = Pipe.open();
        MemorySegment data = arena.allocateFrom("x", StandardCharsets.US_ASCII);
        int kept = 0;
        int stopped = 0;
        for (int round = 0; round < 100; round++) {
            Object[] outcomes = new Object[2];
            Fiber reader = reactor.spawn("reader", () -> readThenYield(reactor, pipe, outcomes));
            reactor.completion().prepNop().submit().await();  // the reader submits its read and parks
            // The write completes the read in the kernel while the cancel, right behind it, looks for it.
            reactor.completion().prepWrite(pipe.writeEnd(), data, 1, -1).submitDetached();
            reader.cancel();
            reactor.run();
            assertTrue(reader.failure().isEmpty(), () -> reader.failure().orElseThrow().toString());
            put(reactor, pipe, "z");
            String left = take(reactor, pipe);
            if (outcomes[0] instanceof CancellationException) {
                assertEquals("xz", left, "the cancelled read took nothing");
                stopped++;
            } else {
                assertEquals(1, outcomes[0], "the read completed first and kept its byte");
                assertEquals("z", left);
                assertInstanceOf(CancellationException.class, outcomes[1], "and the fiber's next yield is cancelled");
                kept++;
            }
            assertFalse(reactor.isRunnable());
        }
        assertEquals(100, kept + stopped);
        pipe.closeThrough(reactor);
    }

    @Suspendable
    private void readThenYield(Reactor reactor, Pipe pipe, Object[] outcomes) throws UringException {
        try {
            outcomes[0] = reactor.completion().prepRead(pipe.readEnd(), arena.allocate(1), 1, -1).submit().await();
        } catch (CancellationException e) {
            outcomes[0] = e;
            return;
        }
        try {
            Fiber.yield();
        } catch (CancellationException e) {
            outcomes[1] = e;
        }
    }
}
