package io.ioucontext.ops;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Reactor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A listening TCP socket whose {@link #accept()} is an IORING_OP_ACCEPT. Setting it up (socket,
 * SO_REUSEADDR, bind, listen) never blocks, so it calls libc directly. Closing it stops listening.
 */
public final class TcpListener extends SocketHandle {

    private final InetSocketAddress localAddress;

    private TcpListener(int fd, InetSocketAddress localAddress) {
        super(fd);
        this.localAddress = localAddress;
    }

    /**
     * Listens on an address.
     *
     * @param address where to listen; port 0 picks a free port (see {@link #localAddress()})
     * @param backlog how many connections may wait for {@link #accept()}
     * @return the listener
     * @throws IOException e.g. {@code bind(fd=7, 127.0.0.1:80): EACCES (Permission denied)}
     */
    public static TcpListener bind(InetSocketAddress address, int backlog) throws IOException {
        BoundSocket socket = BoundSocket.bind(address, Libc.SOCK_STREAM);
        try {
            Libc.listen(socket.fd(), backlog);
        } catch (IOException e) {
            Libc.close(socket.fd());
            throw e;
        }
        return new TcpListener(socket.fd(), socket.localAddress());
    }

    /** @return the address it listens on, with the port the kernel picked for port 0 */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * Waits for the next connection.
     *
     * @return the connection, close-on-exec
     * @throws IOException e.g. {@code accept(fd=7): EBADF (Bad file descriptor)} once closed
     */
    @Suspendable
    public TcpConnection accept() throws IOException {
        int connection = Reactor.get().completion().prepAccept(fd(), Libc.SOCK_CLOEXEC).onAbandon(Acceptor::closeUntaken)
                .submit().await();
        return new TcpConnection(connection);
    }

    /**
     * Waits at most a given time for the next connection (a linked IORING_OP_LINK_TIMEOUT).
     *
     * @param timeout how long to wait at most, positive
     * @return the connection, close-on-exec
     * @throws io.ioucontext.reactor.OperationTimedOutException when no peer connected in time
     * @throws IOException e.g. {@code accept(fd=7): EBADF (Bad file descriptor)} once closed
     */
    @Suspendable
    public TcpConnection accept(Duration timeout) throws IOException {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        int connection = Reactor.get().completion().prepAccept(fd(), Libc.SOCK_CLOEXEC).onAbandon(Acceptor::closeUntaken)
                .timeout(timeout).submit().await();
        return new TcpConnection(connection);
    }

    /**
     * Starts accepting connections for a server: one multishot accept, armed until the acceptor is
     * closed, delivers them all (see {@link Acceptor}).
     *
     * @return the acceptor; close it before the listener
     */
    public Acceptor acceptor() {
        return Acceptor.open(fd());
    }
}
