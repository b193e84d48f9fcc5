package io.ioucontext.ops;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Deadline;
import io.ioucontext.reactor.Reactor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A file descriptor whose read(2) takes an unsigned 64-bit count and resets it, blocking while it is
 * zero: an eventfd ({@link EventFd}) or a timerfd ({@link IntervalTimer}). It owns the descriptor:
 * the read (an IORING_OP_READ, bounded by a deadline) and the close, after which a read is refused
 * rather than issued on a number that may name another file by now.
 */
final class CounterFd implements AutoCloseable {

    private final int fd;
    /** What the descriptor is, for messages: {@code eventfd}, {@code timerfd}. */
    private final String kind;
    /** Freed by the GC only, never while a read into it may still be in flight (its completion holds it). */
    private final MemorySegment count = Arena.ofAuto().allocate(ValueLayout.JAVA_LONG);
    private volatile boolean closed;

    CounterFd(int fd, String kind) {
        this.fd = fd;
        this.kind = kind;
    }

    int fd() {
        return fd;
    }

    /**
     * @param deadline when to give up
     * @return the count, at least 1 (unsigned)
     * @throws io.ioucontext.reactor.OperationTimedOutException when it stayed zero until the deadline
     * @throws IOException e.g. {@code read(fd=9): ECANCELED (Operation canceled)}
     * @throws IllegalStateException once closed
     */
    @Suspendable
    long read(Deadline deadline) throws IOException {
        if (closed) {
            throw new IllegalStateException(kind + " " + fd + " awaited after close");
        }
        Reactor.get().completion().prepRead(fd, count, Long.BYTES, FileIo.CURRENT_POSITION).timeout(deadline)
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
