package io.ioucontext.ops;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Deadline;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.IoUring;
import io.ioucontext.reactor.OperationTimedOutException;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.UringException;
import io.ioucontext.sync.DeadlineTimer;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Sleeping without a thread: each call is one kernel timer on the ring (IORING_OP_TIMEOUT), which
 * suspends the calling fiber (outside fibers, runs the reactor) until it expires.
 *
 * <p>Clocks: like the original, and like every operation's timeout ({@link Deadline}), sleeps run
 * on CLOCK_BOOTTIME, which keeps counting while the system is suspended: a sleep of a minute ends a
 * minute of real time after it began, even across a suspend, never a minute of running time later
 * (CLOCK_MONOTONIC would stop during the suspend). A relative sleep becomes an absolute deadline on
 * that clock when it is called, so time spent waiting for a submission slot does not lengthen it.
 * Only {@link #until(Instant)} uses the wall clock (CLOCK_REALTIME, which jumps when the clock is set).
 */
public final class Sleep {

    private static final int ETIME = Errno.ETIME.number();

    /**
     * Sleeps for a time, on CLOCK_BOOTTIME (time the system spends suspended counts).
     *
     * @param duration how long; zero or negative returns at once
     * @throws IOException when the kernel refuses the timeout (it never should)
     */
    @Suspendable
    public static void forDuration(Duration duration) throws IOException {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        untilSinceBoot(IntervalTimer.sinceBoot().plus(duration));
    }

    /**
     * Sleeps until a deadline, the one several operations may share: it ends when their timeouts
     * would (CLOCK_BOOTTIME, absolute).
     *
     * @param deadline when to wake up; "now" (from a zero timeout) returns at once, and a deadline
     *     that never expires sleeps until the fiber is cancelled
     * @throws IOException when the kernel refuses the timer (it never should)
     */
    @Suspendable
    public static void until(Deadline deadline) throws IOException {
        if (deadline.timeout().filter(Duration::isZero).isPresent()) {
            return;
        }
        try {
            DeadlineTimer.start(deadline, "sleep until " + deadline).await();
        } catch (OperationTimedOutException reached) {
            // the deadline passed: the sleep is over
        }
    }

    /**
     * Sleeps until a moment of the wall clock (CLOCK_REALTIME): setting the clock forward ends the
     * sleep early, as the deadline is then reached.
     *
     * @param deadline when to wake up; a moment already past returns at once
     * @throws IOException when the kernel refuses the timeout (it never should)
     */
    @Suspendable
    public static void until(Instant deadline) throws IOException {
        if (deadline.isBefore(Instant.EPOCH)) {
            return;  // the kernel takes no negative time
        }
        timeout(deadline.getEpochSecond(), deadline.getNano(),
                IoUring.IORING_TIMEOUT_ABS | IoUring.IORING_TIMEOUT_REALTIME, deadline.toString());
    }

    /**
     * Sleeps until a time since boot (CLOCK_BOOTTIME, as {@link IntervalTimer#sinceBoot()} reads it).
     *
     * @param sinceBoot when to wake up; a time already past returns at once
     * @throws IOException when the kernel refuses the timeout (it never should)
     */
    @Suspendable
    public static void untilSinceBoot(Duration sinceBoot) throws IOException {
        if (sinceBoot.isNegative()) {
            return;
        }
        timeout(sinceBoot.getSeconds(), sinceBoot.getNano(),
                IoUring.IORING_TIMEOUT_ABS | IoUring.IORING_TIMEOUT_BOOTTIME, "boot+" + sinceBoot);
    }

    /** One IORING_OP_TIMEOUT that completes on expiry only (count 0), which it reports as ETIME. */
    @Suspendable
    private static void timeout(long seconds, int nanos, int flags, String subject) throws IOException {
        try {
            Reactor.get().completion().prepTimeout(seconds, nanos, flags).subject(subject).submit().await();
        } catch (UringException e) {
            if (e.errnoNumber() != ETIME) {
                throw e;
            }
        }
    }

    private Sleep() {
    }
}
