package io.ioucontext.ops;

import io.ioucontext.fiber.Suspendable;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;

/**
 * An eventfd(2): a 64-bit counter in the kernel. {@link #add} never blocks and may be called from
 * any thread (it is how another thread wakes a fiber of a reactor up); {@link #await} is an
 * IORING_OP_READ that suspends the calling fiber until the counter is non-zero, then takes it and
 * resets it to zero.
 */
public final class EventFd implements AutoCloseable {

    private final int fd;
    /** Freed by the GC only, never while a read into it may still be in flight (its completion holds it). */
    private final MemorySegment counter = Arena.ofAuto().allocate(ValueLayout.JAVA_LONG);
    private volatile boolean closed;

    private EventFd(int fd) {
        this.fd = fd;
    }

    /**
     * @return a new eventfd whose counter is 0, close-on-exec
     * @throws IOException e.g. {@code eventfd: EMFILE (Too many open files)}
     */
    public static EventFd create() throws IOException {
        return new EventFd(Libc.eventfd(Libc.EFD_CLOEXEC));
    }

    /** @return the eventfd's file descriptor */
    public int fd() {
        return fd;
    }

    /**
     * Adds to the counter, waking up a fiber waiting in {@link #await}; thread-safe.
     *
     * @param value what to add, from 1 to 2<sup>64</sup> - 2 (unsigned)
     * @throws IOException e.g. {@code eventfd_write(fd=9): EBADF (Bad file descriptor)} once closed
     */
    public void add(long value) throws IOException {
        if (value == 0 || value == -1) {
            throw new IllegalArgumentException("an eventfd adds 1 to 2^64-2, not " + Long.toUnsignedString(value));
        }
        Libc.eventfdWrite(fd, value);
    }

    /**
     * Waits until the counter is non-zero, then takes its value and resets it to zero.
     *
     * @return the counter's value, at least 1 (unsigned)
     * @throws IOException e.g. {@code read(fd=9): ECANCELED (Operation canceled)}
     */
    @Suspendable
    public long await() throws IOException {
        FileIo.read(fd, counter, FileIo.CURRENT_POSITION);
        return counter.get(ValueLayout.JAVA_LONG, 0);
    }

    /**
     * Like {@link #await()}, waiting at most a given time (a linked IORING_OP_LINK_TIMEOUT).
     *
     * @param timeout how long to wait at most, positive
     * @return the counter's value, at least 1 (unsigned)
     * @throws io.ioucontext.reactor.OperationTimedOutException when the counter stayed zero
     * @throws IOException e.g. {@code read(fd=9): ECANCELED (Operation canceled)}
     */
    @Suspendable
    public long await(Duration timeout) throws IOException {
        FileIo.read(fd, counter, FileIo.CURRENT_POSITION, timeout);
        return counter.get(ValueLayout.JAVA_LONG, 0);
    }

    /** Closes the eventfd; closing twice does nothing. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }
}
