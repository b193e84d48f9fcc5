package io.ioucontext.ops;

import java.io.IOException;

/**
 * An eventfd(2): a 64-bit counter in the kernel. {@link #add} never blocks and may be called from
 * any thread (it is how another thread wakes a fiber of a reactor up); {@link #await()} is an
 * IORING_OP_READ that suspends the calling fiber until the counter is non-zero, then takes it and
 * resets it to zero.
 */
public final class EventFd extends CounterFd {

    private EventFd(int fd) {
        super(fd, "eventfd");
    }

    /**
     * @return a new eventfd whose counter is 0, close-on-exec
     * @throws IOException e.g. {@code eventfd: EMFILE (Too many open files)}
     */
    public static EventFd create() throws IOException {
        return new EventFd(Libc.eventfd(Libc.EFD_CLOEXEC));
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
        Libc.eventfdWrite(fd(), value);
    }
}
