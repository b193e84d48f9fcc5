package io.ioucontext.ops;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Deadline;

import java.io.IOException;
import java.time.Duration;

/**
 * An eventfd(2): a 64-bit counter in the kernel. {@link #add} never blocks and may be called from
 * any thread (it is how another thread wakes a fiber of a reactor up); {@link #await} is an
 * IORING_OP_READ that suspends the calling fiber until the counter is non-zero, then takes it and
 * resets it to zero.
 */
public final class EventFd implements AutoCloseable {

    private final CounterFd counter;

    private EventFd(int fd) {
        this.counter = new CounterFd(fd, "eventfd");
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
        return counter.fd();
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
        Libc.eventfdWrite(counter.fd(), value);
    }

    /**
     * Waits until the counter is non-zero, then takes its value and resets it to zero.
     *
     * @return the counter's value, at least 1 (unsigned)
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
     * @param timeout null or negative: no limit; zero: only if the counter is non-zero now;
     *     positive: at most this long
     * @return the counter's value, at least 1 (unsigned)
     * @throws io.ioucontext.reactor.OperationTimedOutException when the counter stayed zero
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
     * @return the counter's value, at least 1 (unsigned)
     * @throws io.ioucontext.reactor.OperationTimedOutException when the counter stayed zero
     * @throws IOException e.g. {@code read(fd=9): ECANCELED (Operation canceled)}
     * @throws IllegalStateException once closed
     */
    @Suspendable
    public long await(Deadline deadline) throws IOException {
        return counter.read(deadline);
    }

    /** Closes the eventfd; closing twice does nothing. */
    @Override
    public void close() throws IOException {
        counter.close();
    }
}
