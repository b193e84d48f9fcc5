package io.ioucontext.ops;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Deadline;

import java.io.IOException;
import java.time.Duration;

/**
 * A periodic timer on CLOCK_BOOTTIME (a timerfd), awaited with IORING_OP_READ: a fiber waiting for
 * its next tick suspends like one waiting for any other read.
 */
public final class IntervalTimer implements AutoCloseable {

    /** The timerfd: its read takes the number of expirations since the last. */
    private final CounterFd expirations;

    private IntervalTimer(int fd) {
        this.expirations = new CounterFd(fd, "timerfd");
    }

    /**
     * Starts a timer whose first tick comes after one interval.
     *
     * @param interval the time between ticks, positive
     * @return the timer, close-on-exec
     * @throws IOException when the kernel refuses the timerfd
     */
    public static IntervalTimer start(Duration interval) throws IOException {
        return start(interval, interval);
    }

    /**
     * Starts a timer whose first tick comes after a given delay, the next ones one interval apart.
     *
     * @param first    the time until the first tick, positive
     * @param interval the time between ticks, positive
     * @return the timer, close-on-exec
     * @throws IOException when the kernel refuses the timerfd
     */
    public static IntervalTimer start(Duration first, Duration interval) throws IOException {
        // A zero it_value would disarm the timer, a zero it_interval make it one-shot.
        for (Duration duration : new Duration[] {first, interval}) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("timer durations must be positive: " + duration);
            }
        }
        int fd = Libc.timerfdCreate(Libc.CLOCK_BOOTTIME, Libc.TFD_CLOEXEC);
        try {
            Libc.timerfdSettime(fd, first, interval);
        } catch (IOException e) {
            Libc.close(fd);
            throw e;
        }
        return new IntervalTimer(fd);
    }

    /**
     * Waits for the next tick.
     *
     * @return the number of ticks since the last call (more than 1 when some were missed)
     * @throws IOException when the read fails
     * @throws IllegalStateException once closed (the descriptor's number may name another file by now)
     */
    @Suspendable
    public long await() throws IOException {
        return await(Deadline.after(null));
    }

    /**
     * Waits at most a given time for the next tick (a linked IORING_OP_LINK_TIMEOUT).
     *
     * @param timeout null or negative: no limit; zero: only a tick that has come already;
     *     positive: at most this long
     * @return the number of ticks since the last call
     * @throws io.ioucontext.reactor.OperationTimedOutException when no tick came in time
     * @throws IOException when the read fails
     * @throws IllegalStateException once closed
     */
    @Suspendable
    public long await(Duration timeout) throws IOException {
        return await(Deadline.after(timeout));
    }

    /**
     * Waits for the next tick, at most until a deadline several operations share.
     *
     * @param deadline when to give up
     * @return the number of ticks since the last call
     * @throws io.ioucontext.reactor.OperationTimedOutException when no tick came in time
     * @throws IOException when the read fails
     * @throws IllegalStateException once closed
     */
    @Suspendable
    public long await(Deadline deadline) throws IOException {
        return expirations.read(deadline);
    }

    /**
     * @return the time since boot, suspended time included (CLOCK_BOOTTIME), the clock the timers run on
     * @throws IOException if the clock cannot be read
     */
    public static Duration sinceBoot() throws IOException {
        return Libc.clockGettime(Libc.CLOCK_BOOTTIME);
    }

    /** Stops the timer; closing twice does nothing. */
    @Override
    public void close() throws IOException {
        expirations.close();
    }
}
