package io.ioucontext.sync;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.ioucontext.reactor.Completion;
import io.ioucontext.reactor.Deadline;
import io.ioucontext.reactor.IoUring;
import io.ioucontext.reactor.OperationTimedOutException;
import io.ioucontext.reactor.Reactor;

import java.lang.foreign.MemorySegment;

/**
 * A kernel timer that expires at a {@link Deadline}, on the thread's reactor, without a thread:
 * an {@code IORING_OP_TIMEOUT} that would not expire by itself for some 35,000 years, bounded by
 * the deadline as its linked timeout ({@link Completion#timeout(Deadline)}: absolute on
 * CLOCK_BOOTTIME, or the 32,767 ns grace for "now"). So a timer has exactly the clock and the
 * meaning of every other operation's timeout: awaiting it throws {@link OperationTimedOutException}
 * when the deadline passes, and a {@link io.ioucontext.reactor.UringException} with
 * {@code ECANCELED} when it was {@linkplain Completion#cancel() cancelled} first (how a timed wait
 * that was satisfied stops its timer). A deadline that never expires gives a timer only a cancel ends.
 *
 * <p>A running timer is a pending operation of two SQEs, which the reactor counts against its limit
 * of operations in flight (the size of its completion queue) until a cancel or the deadline ends it:
 * thousands of waits bounded by long deadlines at once want a ring to match.
 */
public final class DeadlineTimer {

    /** 2^40 seconds: the kernel clamps it to its longest timer, which the deadline always beats. */
    private static final long UNBOUNDED_SECONDS = 1L << 40;
    private static final long TV_SEC = IoUring.KERNEL_TIMESPEC.byteOffset(groupElement("tv_sec"));
    private static final long TV_NSEC = IoUring.KERNEL_TIMESPEC.byteOffset(groupElement("tv_nsec"));

    /**
     * Submits a timer on the calling thread's reactor.
     *
     * @param deadline when it expires
     * @param subject  names what the timer bounds in error messages, e.g. {@code Semaphore.acquire}
     * @return the submitted timer's completion, to {@link Completion#await()} or {@link Completion#cancel()}
     */
    public static Completion start(Deadline deadline, String subject) {
        Completion timer = Reactor.get().completion();
        MemorySegment unbounded = timer.scratch(IoUring.KERNEL_TIMESPEC.byteSize());
        unbounded.set(JAVA_LONG, TV_SEC, UNBOUNDED_SECONDS);
        unbounded.set(JAVA_LONG, TV_NSEC, 0);
        // count 0 (off): only expiry or a cancel completes it, never other CQEs
        return timer.opcode(IoUring.IORING_OP_TIMEOUT).fd(-1).addr(unbounded).len(1).off(0)
                .timeout(deadline).subject(subject).submit();
    }

    private DeadlineTimer() {
    }
}
