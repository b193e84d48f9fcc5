package io.ioucontext.ops;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Completion;
import io.ioucontext.reactor.Deadline;
import io.ioucontext.reactor.Reactor;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;

/**
 * A file descriptor whose read(2) takes an unsigned 64-bit count and resets it, blocking while it is
 * zero: an eventfd ({@link EventFd}) or a timerfd ({@link IntervalTimer}). It owns the descriptor:
 * the awaits (an IORING_OP_READ that suspends the calling fiber, bounded by a deadline) and the
 * close, after which an await is refused rather than issued on a number that may name another file
 * by now. Several fibers may await at once: each read lands in its own operation's memory, so each
 * returns the count its own read took.
 */
public abstract sealed class CounterFd implements AutoCloseable permits EventFd, IntervalTimer {

    private final int fd;
    /** What the descriptor is, for messages: {@code eventfd}, {@code timerfd}. */
    private final String kind;
    private volatile boolean closed;

    CounterFd(int fd, String kind) {
        this.fd = fd;
        this.kind = kind;
    }

    /** @return the file descriptor, e.g. to {@link Poll} it */
    public int fd() {
        return fd;
    }

    /**
     * Waits until the count is non-zero, then takes it and resets it to zero: an eventfd's counter,
     * or a timer's ticks since the last await (more than 1 when some were missed).
     *
     * @return the count, at least 1 (unsigned)
     * @throws IOException e.g. {@code read(fd=9): ECANCELED (Operation canceled)}
     * @throws IllegalStateException once closed (the descriptor's number may name another file by now)
     */
    @Suspendable
    public long await() throws IOException {
        return await(Deadline.after(null));
    }

    /**
     * Like {@link #await()}, waiting at most a given time (a linked IORING_OP_LINK_TIMEOUT).
     *
     * @param timeout null or negative: no limit; zero: only if the count is non-zero now;
     *     positive: at most this long
     * @return the count, at least 1 (unsigned)
     * @throws io.ioucontext.reactor.OperationTimedOutException when the count stayed zero
     * @throws IOException e.g. {@code read(fd=9): ECANCELED (Operation canceled)}
     * @throws IllegalStateException once closed
     */
    @Suspendable
    public long await(Duration timeout) throws IOException {
        return await(Deadline.after(timeout));
    }

    /**
     * Like {@link #await()}, waiting at most until a deadline several operations share.
     *
     * @param deadline when to give up
     * @return the count, at least 1 (unsigned)
     * @throws io.ioucontext.reactor.OperationTimedOutException when the count stayed zero until the deadline
     * @throws IOException e.g. {@code read(fd=9): ECANCELED (Operation canceled)}
     * @throws IllegalStateException once closed
     */
    @Suspendable
    public long await(Deadline deadline) throws IOException {
        if (closed) {
            throw new IllegalStateException(kind + " " + fd + " awaited after close");
        }
        // The count lands in the operation's own scratch memory: fibers awaiting at once each get theirs.
        Completion read = Reactor.get().completion();
        MemorySegment count = read.scratch(Long.BYTES);
        read.prepRead(fd, count, Long.BYTES, FileIo.CURRENT_POSITION).timeout(deadline)
                .submit().await();  // the kernel reads the 8 bytes whole, or fails
        return count.get(ValueLayout.JAVA_LONG, 0);
    }

    /** Closes the descriptor; closing twice does nothing. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }
}
