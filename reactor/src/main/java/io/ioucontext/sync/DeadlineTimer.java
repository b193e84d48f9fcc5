package io.ioucontext.sync;

import io.ioucontext.reactor.Completion;
import io.ioucontext.reactor.Deadline;
import io.ioucontext.reactor.OperationTimedOutException;
import io.ioucontext.reactor.Reactor;

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
 * <p>A running timer is a pending operation of two SQEs until a cancel or the deadline ends it.
 */
public final class DeadlineTimer {

    /** 2^40 seconds: the kernel clamps it to its longest timer, which the deadline always beats. */
    private static final long UNBOUNDED_SECONDS = 1L << 40;

    /**
     * Submits a timer on the calling thread's reactor.
     *
     * @param deadline when it expires
     * @param subject  names what the timer bounds in error messages, e.g. {@code Semaphore.acquire}
     * @return the submitted timer's completion, to {@link Completion#await()} or {@link Completion#cancel()}
     */
    public static Completion start(Deadline deadline, String subject) {
        return Reactor.get().completion().prepTimeout(UNBOUNDED_SECONDS, 0, 0)
                .timeout(deadline).subject(subject).submit();
    }

    private DeadlineTimer() {
    }
}
