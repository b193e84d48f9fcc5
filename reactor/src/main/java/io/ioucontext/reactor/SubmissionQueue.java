package io.ioucontext.reactor;

import static io.ioucontext.reactor.IoUring.IORING_OP_LINK_TIMEOUT;
import static io.ioucontext.reactor.IoUring.IOSQE_IO_LINK;
import static io.ioucontext.reactor.LibUring.IO_URING;
import static io.ioucontext.reactor.IoUring.IO_URING_SQE;
import static io.ioucontext.reactor.LibUring.offset;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The submission side of the ring: fills SQEs straight into the mapped SQE array and publishes
 * them by a release store of the kernel's SQ tail. liburing 2.3 already made the SQ index array the
 * identity, so slot {@code i} of the ring is SQE {@code i}. liburing's private {@code sqe_tail} is
 * left alone: its submit functions are never called, only the raw {@code io_uring_enter}.
 */
final class SubmissionQueue {

    private static final VarHandle INT = JAVA_INT.varHandle();
    private static final long SQE_SIZE = IO_URING_SQE.byteSize();
    private static final long OPCODE = offset(IO_URING_SQE, "opcode");
    private static final long FLAGS = offset(IO_URING_SQE, "flags");
    private static final long FD = offset(IO_URING_SQE, "fd");
    private static final long ADDR = offset(IO_URING_SQE, "addr");
    private static final long LEN = offset(IO_URING_SQE, "len");
    private static final long RW_FLAGS = offset(IO_URING_SQE, "rw_flags");
    private static final long USER_DATA = offset(IO_URING_SQE, "user_data");

    private final MemorySegment head;
    private final MemorySegment tail;
    private final MemorySegment sqes;
    private final int mask;
    private final int entries;
    /** Our copy of the tail: SQEs filled so far (published or not). */
    private int filled;
    /**
     * The kernel's head when last read: it only moves forward, so the slots it leaves free are
     * free for sure, and the head is read again (an acquire load) only when they run out.
     */
    private int consumed;

    /** @param ring liburing's {@code struct io_uring}, already set up */
    SubmissionQueue(MemorySegment ring) {
        this.entries = ring.get(JAVA_INT, offset(IO_URING, "sq", "ring_entries"));
        this.mask = ring.get(JAVA_INT, offset(IO_URING, "sq", "ring_mask"));
        this.head = ring.get(ADDRESS, offset(IO_URING, "sq", "khead")).reinterpret(Integer.BYTES);
        this.tail = ring.get(ADDRESS, offset(IO_URING, "sq", "ktail")).reinterpret(Integer.BYTES);
        this.sqes = ring.get(ADDRESS, offset(IO_URING, "sq", "sqes")).reinterpret(entries * SQE_SIZE);
        this.filled = (int) INT.getAcquire(tail, 0L);
    }

    /** @return the number of SQ slots */
    int entries() {
        return entries;
    }

    /**
     * @param needed how many slots are wanted
     * @return whether that many can be filled now (the kernel frees them as it consumes SQEs)
     */
    private boolean hasRoom(int needed) {
        if (entries - (filled - consumed) >= needed) {
            return true;
        }
        consumed = (int) INT.getAcquire(head, 0L);
        return entries - (filled - consumed) >= needed;
    }

    /**
     * Fills the next SQEs from a staged completion: its operation, followed by an
     * IORING_OP_LINK_TIMEOUT when it has a timeout (the two must be adjacent). Every SQE is written
     * whole, so no field of an earlier operation leaks into this one.
     *
     * @param completion the staged operation; its pool index becomes the operation's user_data
     * @return false when the SQ lacks {@link Completion#sqeCount()} free slots (nothing is written)
     */
    boolean offer(Completion completion) {
        if (!hasRoom(completion.sqeCount())) {
            return false;
        }
        long sqe = (filled & mask) * SQE_SIZE;
        MemorySegment.copy(completion.sqe, 0L, sqes, sqe, SQE_SIZE);
        sqes.set(JAVA_LONG, sqe + USER_DATA, completion.userData());
        filled++;
        if (completion.hasTimeout()) {
            sqes.set(JAVA_BYTE, sqe + FLAGS, (byte) (sqes.get(JAVA_BYTE, sqe + FLAGS) | IOSQE_IO_LINK));
            writeLinkTimeout(completion.timespecAddress(), completion.timeoutFlags());
        }
        return true;
    }

    private void writeLinkTimeout(long timespec, int timeoutFlags) {
        long sqe = (filled & mask) * SQE_SIZE;
        sqes.asSlice(sqe, SQE_SIZE).fill((byte) 0);  // no field of the slot's previous SQE may leak in
        sqes.set(JAVA_BYTE, sqe + OPCODE, (byte) IORING_OP_LINK_TIMEOUT);
        sqes.set(JAVA_INT, sqe + FD, -1);
        sqes.set(JAVA_LONG, sqe + ADDR, timespec);
        sqes.set(JAVA_INT, sqe + LEN, 1);
        sqes.set(JAVA_INT, sqe + RW_FLAGS, timeoutFlags);
        sqes.set(JAVA_LONG, sqe + USER_DATA, Completion.UNAWAITED);
        filled++;
    }

    /**
     * Makes every filled SQE visible to the kernel: the release store orders the SQE bodies
     * before the tail (a plain store could legally be reordered before them).
     *
     * @return SQEs published and not yet consumed by the kernel, the {@code to_submit} of the next enter
     */
    int publish() {
        INT.setRelease(tail, 0L, filled);
        consumed = (int) INT.getAcquire(head, 0L);
        return filled - consumed;
    }
}
