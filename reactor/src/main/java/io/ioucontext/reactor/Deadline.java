package io.ioucontext.reactor;

import java.time.Duration;
import java.util.Optional;

/**
 * A time bound shared by several operations, e.g. every send of one "send all" call: taken once
 * with {@link #after(Duration)} and given to each operation with {@link Completion#timeout(Deadline)}.
 * It has the meaning of {@link Completion#timeout(Duration)}: null or negative never expires, zero
 * lets each operation try now with the 32,767 ns grace, positive is an absolute CLOCK_BOOTTIME
 * deadline fixed when the deadline is taken.
 */
public final class Deadline {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final Deadline NEVER = new Deadline(null, 0, 0);
    private static final Deadline NOW = new Deadline(Duration.ZERO, 0, 0);

    private final Duration timeout;
    private final long bootSeconds;
    private final long bootNanos;

    private Deadline(Duration timeout, long bootSeconds, long bootNanos) {
        this.timeout = timeout;
        this.bootSeconds = bootSeconds;
        this.bootNanos = bootNanos;
    }

    /**
     * @param timeout null or negative: never; zero: try now; positive: this long from now
     * @return the deadline
     */
    public static Deadline after(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            return NEVER;
        }
        if (timeout.isZero()) {
            return NOW;
        }
        long[] now = LibC.bootTime();
        long seconds = now[0] + timeout.getSeconds();
        long nanos = now[1] + timeout.getNano();
        if (nanos >= NANOS_PER_SECOND) {
            seconds++;
            nanos -= NANOS_PER_SECOND;
        }
        return new Deadline(timeout, seconds, nanos);
    }

    /** @return the timeout it was taken with, empty when it never expires */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** @return the timeout it was taken with, null when it never expires (no Optional on the hot path) */
    Duration duration() {
        return timeout;
    }

    /** @return whether operations bounded by it may block forever */
    public boolean isNever() {
        return timeout == null;
    }

    /** @return whether it means "try now" */
    boolean isNow() {
        return timeout != null && timeout.isZero();
    }

    /** @return the CLOCK_BOOTTIME seconds of a positive deadline */
    long bootSeconds() {
        return bootSeconds;
    }

    /** @return the CLOCK_BOOTTIME nanoseconds within the second of a positive deadline */
    long bootNanos() {
        return bootNanos;
    }

    @Override
    public String toString() {
        return timeout == null ? "never" : timeout.isZero() ? "now" : "after " + timeout;
    }
}
