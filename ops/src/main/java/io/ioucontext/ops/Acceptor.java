package io.ioucontext.ops;

import static io.ioucontext.reactor.IoUring.IORING_ACCEPT_MULTISHOT;
import static io.ioucontext.reactor.IoUring.IORING_OP_SOCKET;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Completion;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.UringException;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The connections arriving on a {@link TcpListener}, for servers: one multishot IORING_OP_ACCEPT
 * ({@code IORING_ACCEPT_MULTISHOT}, Linux 5.19) stays armed and posts a CQE per connection, which
 * {@link #next()} takes in order. On a kernel without multishot accept (its probe lacks
 * IORING_OP_SOCKET, which came in the same release) each {@link #next()} submits a single-shot
 * accept instead. While armed, the accept keeps {@link Reactor#run()} running; {@link #close()}
 * cancels it, which is how a server shuts down, and closes connections accepted meanwhile.
 * Any number of fibers of the reactor's thread may wait in {@link #next()} at once, each taking
 * its own connection, first come, first served.
 */
public final class Acceptor extends ArmedOperation {

    private final int listenerFd;

    Acceptor(int listenerFd, boolean multishot) {
        super(multishot);
        this.listenerFd = listenerFd;
    }

    /**
     * @param listenerFd the listening socket
     * @return an acceptor using multishot accept when this thread's reactor's kernel has it
     */
    static Acceptor open(int listenerFd) {
        return new Acceptor(listenerFd, Reactor.get().supports(IORING_OP_SOCKET));
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
        OptionalLong cqe = nextCqe();
        return cqe.isPresent() ? Optional.of(new TcpConnection(Completion.cqeRes(cqe.getAsLong()))) : Optional.empty();
    }

    @Override
    Completion prepare(Reactor reactor) {
        Completion accept = reactor.completion().prepAccept(listenerFd, Libc.SOCK_CLOEXEC);
        return isMultishot() ? accept.ioprio(IORING_ACCEPT_MULTISHOT) : accept;
    }

    @Override
    void discard(long cqe) throws IOException {
        Libc.close(Completion.cqeRes(cqe));
    }

    /**
     * Closes the connection a single accept's CQE carries when nobody will take it, its reactor
     * closing: the {@link Completion#onAbandon(java.util.function.LongConsumer)} of
     * {@link TcpListener#accept()}.
     */
    static void closeUntaken(long cqe) {
        try {
            Libc.close(Completion.cqeRes(cqe));
        } catch (UringException e) {
            // nothing to report it to while the reactor closes
        }
    }
}
