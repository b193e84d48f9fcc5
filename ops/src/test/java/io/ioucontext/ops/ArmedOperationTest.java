package io.ioucontext.ops;

import static io.ioucontext.reactor.IoUring.IORING_OP_TIMEOUT;
import static io.ioucontext.reactor.IoUring.IORING_TIMEOUT_MULTISHOT;
import static io.ioucontext.reactor.IoUring.KERNEL_TIMESPEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.reactor.ClosesReactor;
import io.ioucontext.reactor.Completion;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.MultishotException;
import io.ioucontext.reactor.Reactor;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How an {@link ArmedOperation} treats failing CQEs, over a real multishot timeout whose every
 * expiry is a failing CQE ({@code ETIME}) that carries {@code IORING_CQE_F_MORE}. The failures that
 * end the operation (a buffer ring run dry) are in {@link BufferRingReceiveTest}.
 */
@OutsideFibers
@ExtendWith(ClosesReactor.class)
class ArmedOperationTest {

    /** Expires every millisecond, for ever. */
    private static final class Ticker extends ArmedOperation {
        private int prepared;

        Ticker() {
            super(true);
        }

        @Override
        Completion prepare(Reactor reactor) {
            prepared++;
            Completion timeout = reactor.completion();
            MemorySegment interval = timeout.scratch(KERNEL_TIMESPEC.byteSize());
            interval.fill((byte) 0);
            interval.set(ValueLayout.JAVA_LONG, 8, 1_000_000);  // tv_nsec
            return timeout.opcode(IORING_OP_TIMEOUT).addr(interval).len(1).off(0).opFlags(IORING_TIMEOUT_MULTISHOT);
        }

        @Override
        void discard(long cqe) {
            // an expiry carries nothing
        }
    }

    @Test
    void aFailureWithMoreLeavesTheOperationArmedAndCloseDrainsThemAll() throws IOException {
        Reactor reactor = Reactor.get();
        Ticker ticker = new Ticker();
        for (int i = 0; i < 3; i++) {
            MultishotException expired = assertThrows(MultishotException.class, ticker::nextCqe);
            assertEquals(Errno.ETIME, expired.errno().orElseThrow());
            assertTrue(expired.hasMore());
        }
        assertEquals(1, ticker.prepared, "armed once: the expiries did not end it");
        ticker.close();
        reactor.run();  // the closing fiber drains expiries until the cancel's ECANCELED
        assertFalse(reactor.isRunnable());
        assertTrue(ticker.isClosed());
        assertTrue(ticker.nextCqe().isEmpty());
    }
}
