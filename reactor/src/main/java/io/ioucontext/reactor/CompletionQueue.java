package io.ioucontext.reactor;

import static io.ioucontext.reactor.LibUring.IO_URING;
import static io.ioucontext.reactor.IoUring.IO_URING_CQE;
import static io.ioucontext.reactor.LibUring.offset;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The completion side of the ring: reads CQEs straight from the mapped CQ ring (acquire load of
 * the kernel's tail) and hands them back in one batch (release store of the head).
 */
final class CompletionQueue {

    /** Receives the CQEs of one batch. */
    @FunctionalInterface
    interface Handler {
        /**
         * @param userData the SQE's user_data
         * @param result   the operation's result: a count or value, or a negative errno
         * @param flags    the CQE's {@code IORING_CQE_F_*} flags
         */
        void complete(long userData, int result, int flags);
    }

    private static final VarHandle INT = JAVA_INT.varHandle();
    private static final long CQE_SIZE = IO_URING_CQE.byteSize();
    private static final long USER_DATA = offset(IO_URING_CQE, "user_data");
    private static final long RES = offset(IO_URING_CQE, "res");
    private static final long FLAGS = offset(IO_URING_CQE, "flags");

    private final MemorySegment head;
    private final MemorySegment tail;
    private final MemorySegment cqes;
    private final int mask;

    /** @param ring liburing's {@code struct io_uring}, already set up */
    CompletionQueue(MemorySegment ring) {
        int entries = ring.get(JAVA_INT, offset(IO_URING, "cq", "ring_entries"));
        this.mask = ring.get(JAVA_INT, offset(IO_URING, "cq", "ring_mask"));
        this.head = ring.get(ADDRESS, offset(IO_URING, "cq", "khead")).reinterpret(Integer.BYTES);
        this.tail = ring.get(ADDRESS, offset(IO_URING, "cq", "ktail")).reinterpret(Integer.BYTES);
        this.cqes = ring.get(ADDRESS, offset(IO_URING, "cq", "cqes")).reinterpret(entries * CQE_SIZE);
    }

    /**
     * Hands every ready CQE to the handler, then frees their slots.
     *
     * @param handler receives each CQE, oldest first
     * @return the number of CQEs reaped
     */
    int reap(Handler handler) {
        int first = (int) INT.get(head, 0L);  // only this thread writes the head
        int last = (int) INT.getAcquire(tail, 0L);
        for (int i = first; i != last; i++) {
            long cqe = (i & mask) * CQE_SIZE;
            handler.complete(cqes.get(JAVA_LONG, cqe + USER_DATA), cqes.get(JAVA_INT, cqe + RES),
                    cqes.get(JAVA_INT, cqe + FLAGS));
        }
        INT.setRelease(head, 0L, last);
        return last - first;
    }
}
