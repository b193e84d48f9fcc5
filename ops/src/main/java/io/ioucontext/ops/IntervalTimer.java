package io.ioucontext.ops;

import java.io.IOException;
import java.time.Duration;

/**
 * A periodic timer on CLOCK_BOOTTIME (a timerfd), awaited with IORING_OP_READ: a fiber waiting for
 * its next tick suspends like one waiting for any other read.
 */
public final class IntervalTimer extends CounterFd {

    /** The timerfd's read takes the number of expirations since the last: the ticks an await returns. */
    private IntervalTimer(int fd) {
        super(fd, "timerfd");
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
     * @return the time since boot, suspended time included (CLOCK_BOOTTIME), the clock the timers run on
     * @throws IOException if the clock cannot be read
     */
    public static Duration sinceBoot() throws IOException {
        return Libc.clockGettime(Libc.CLOCK_BOOTTIME);
    }
}
