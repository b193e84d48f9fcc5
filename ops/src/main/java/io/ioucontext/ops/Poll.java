package io.ioucontext.ops;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Completion;
import io.ioucontext.reactor.Deadline;
import io.ioucontext.reactor.IoUring;
import io.ioucontext.reactor.OperationTimedOutException;
import io.ioucontext.reactor.Reactor;

import java.io.IOException;
import java.time.Duration;

/**
 * Waiting for a file descriptor to become ready, without reading or writing it: one-shot
 * IORING_OP_POLL_ADD, as poll(2) for a single descriptor. Useful for descriptors some other code
 * reads (a library's socket), or to wait before allocating a buffer. Event bits mirror
 * {@code poll.h}.
 */
public final class Poll {

    /** There is data to read. */
    public static final int POLLIN = 0x001;
    /** There is urgent data to read. */
    public static final int POLLPRI = 0x002;
    /** Writing now would not block. */
    public static final int POLLOUT = 0x004;
    /** An error condition (always reported, need not be asked for). */
    public static final int POLLERR = 0x008;
    /** Hung up (always reported, need not be asked for). */
    public static final int POLLHUP = 0x010;
    /** Not an open file descriptor (always reported). */
    public static final int POLLNVAL = 0x020;
    /** The stream socket's peer closed its side or shut its output down. */
    public static final int POLLRDHUP = 0x2000;

    /**
     * Waits until the descriptor is ready for one of the events.
     *
     * @param fd     the file descriptor
     * @param events the {@code POLL*} bits to wait for
     * @return the events that are ready ({@code revents}): some of those asked for, or
     *     {@link #POLLERR}, {@link #POLLHUP}, {@link #POLLNVAL}
     * @throws IOException e.g. {@code poll_add(fd=9): EBADF (Bad file descriptor)}
     */
    @Suspendable
    public static int await(int fd, int events) throws IOException {
        return poll(fd, events).submit().await();
    }

    /**
     * Waits at most a given time until the descriptor is ready for one of the events (a linked
     * IORING_OP_LINK_TIMEOUT on CLOCK_BOOTTIME).
     *
     * @param fd      the file descriptor
     * @param events  the {@code POLL*} bits to wait for
     * @param timeout null or negative: no limit; zero: only if it is ready now (with the 32,767 ns
     *     grace of every operation); positive: at most this long
     * @return the events that are ready, as {@link #await(int, int)} returns them
     * @throws OperationTimedOutException when it did not become ready in time
     * @throws IOException e.g. {@code poll_add(fd=9): EBADF (Bad file descriptor)}
     */
    @Suspendable
    public static int await(int fd, int events, Duration timeout) throws IOException {
        return poll(fd, events).timeout(timeout).submit().await();
    }

    /**
     * Waits until the descriptor is ready for one of the events, or until a deadline several
     * operations share.
     *
     * @param fd       the file descriptor
     * @param events   the {@code POLL*} bits to wait for
     * @param deadline when to give up
     * @return the events that are ready, as {@link #await(int, int)} returns them
     * @throws OperationTimedOutException when it did not become ready in time
     * @throws IOException e.g. {@code poll_add(fd=9): EBADF (Bad file descriptor)}
     */
    @Suspendable
    public static int await(int fd, int events, Deadline deadline) throws IOException {
        return poll(fd, events).timeout(deadline).submit().await();
    }

    private static Completion poll(int fd, int events) {
        // poll32_events shares the flags word; on little-endian machines it is the plain int.
        return Reactor.get().completion().opcode(IoUring.IORING_OP_POLL_ADD).fd(fd).opFlags(events);
    }

    private Poll() {
    }
}
