package io.ioucontext.ops;

import static io.ioucontext.reactor.IoUring.IORING_ACCEPT_MULTISHOT;
import static io.ioucontext.reactor.IoUring.IORING_OP_SOCKET;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Completion;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.UringException;

import java.io.IOException;
import java.util.Optional;

/**
 * The connections arriving on a {@link TcpListener}, for servers: one multishot IORING_OP_ACCEPT
 * ({@code IORING_ACCEPT_MULTISHOT}, Linux 5.19) stays armed and posts a CQE per connection, which
 * {@link #next()} takes in order. On a kernel without multishot accept (its probe lacks
 * IORING_OP_SOCKET, which came in the same release) each {@link #next()} submits a single-shot
 * accept instead. While armed, the accept keeps {@link Reactor#run()} running; {@link #close()}
 * cancels it, which is how a server shuts down. Used by one fiber at a time, on the reactor's thread.
 */
public final class Acceptor implements AutoCloseable {

    private static final int ECANCELED = Errno.ECANCELED.number();

    private final int listenerFd;
    private final boolean multishot;
    /** The accept in flight (armed, for multishot), or null. */
    private Completion accept;
    /** Whether a fiber is inside {@link #next()}, so {@link #close()} leaves the draining to it. */
    private boolean taking;
    private boolean closed;

    Acceptor(int listenerFd, boolean multishot) {
        this.listenerFd = listenerFd;
        this.multishot = multishot;
    }

    /**
     * @param listenerFd the listening socket
     * @return an acceptor using multishot accept when this thread's reactor's kernel has it
     */
    static Acceptor open(int listenerFd) {
        return new Acceptor(listenerFd, Reactor.get().supports(IORING_OP_SOCKET));
    }

    /** @return whether connections come from one multishot accept rather than one accept each */
    public boolean isMultishot() {
        return multishot;
    }

    /**
     * Waits for the next connection.
     *
     * @return the connection (close-on-exec), or empty once the acceptor is closed
     * @throws IOException e.g. {@code accept(fd=7): EMFILE (Too many open files)}; the acceptor
     *     stays usable (a multishot accept is armed again by the next call)
     */
    @Suspendable
    public Optional<TcpConnection> next() throws IOException {
        taking = true;
        try {
            for (;;) {
                if (accept == null) {
                    if (closed) {
                        return Optional.empty();
                    }
                    accept = arm();
                }
                int fd;
                try {
                    fd = take();
                } catch (UringException e) {
                    accept = null;  // the kernel ends an accept, multishot too, at its first error
                    if (closed && e.errnoNumber() == ECANCELED) {
                        return Optional.empty();
                    }
                    throw e;
                }
                if (!closed) {
                    return Optional.of(new TcpConnection(fd));
                }
                Libc.close(fd);  // accepted while the cancel was on its way; drain until the last CQE
            }
        } finally {
            taking = false;
        }
    }

    private Completion arm() {
        Completion completion = Reactor.get().completion().prepAccept(listenerFd, Libc.SOCK_CLOEXEC);
        if (multishot) {
            completion.ioprio(IORING_ACCEPT_MULTISHOT).multishot();
        }
        return completion.submit();
    }

    /** @return the next accepted descriptor; clears {@link #accept} once its last CQE is taken */
    @Suspendable
    private int take() throws UringException {
        if (!multishot) {
            int fd = accept.await();
            accept = null;
            return fd;
        }
        long cqe = accept.nextCqe();
        if (!Completion.hasMore(cqe)) {
            accept = null;  // the kernel stopped it (e.g. after an overflowing CQ): armed again next time
        }
        return Completion.cqeRes(cqe);
    }

    /**
     * Stops accepting: cancels the armed accept. A fiber waiting in {@link #next()} gets empty,
     * as does every later call; connections the kernel accepted meanwhile are closed. Without a
     * fiber in {@link #next()}, a fiber is spawned to take the accept's last CQE, so the reactor's
     * loop must turn once more ({@link Reactor#run()}). Closing twice does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (accept != null) {
            accept.cancel();
            if (!taking) {
                Reactor.get().spawn("acceptor of fd " + listenerFd + " closing", this::drain);
            }
        }
    }

    @Suspendable
    private void drain() throws IOException {
        next();
    }
}
