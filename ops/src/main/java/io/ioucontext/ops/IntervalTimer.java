package io.ioucontext.ops;

import io.ioucontext.fiber.Suspendable;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;

/**
 * A periodic timer on CLOCK_BOOTTIME (a timerfd), awaited with IORING_OP_READ: a fiber waiting for
 * its next tick suspends like one waiting for any other read.
 */
public final class IntervalTimer implements AutoCloseable {

    private final int fd;
    /** Freed by the GC only, never while a read into it may still be in flight (its completion holds it). */
    private final MemorySegment expirations = Arena.ofAuto().allocate(ValueLayout.JAVA_LONG);
    private boolean closed;

    private IntervalTimer(int fd) {
        this.fd = fd;
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
     */
    @Suspendable
    public long await() throws IOException {
        int n = FileIo.read(fd, expirations, FileIo.CURRENT_POSITION);
        if (n != Long.BYTES) {
            throw new IOException("read(fd=" + fd + ") of a timerfd returned " + n + " bytes, not 8");
        }
        return expirations.get(ValueLayout.JAVA_LONG, 0);
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
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }
}
