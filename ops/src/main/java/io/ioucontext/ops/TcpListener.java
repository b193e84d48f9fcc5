package io.ioucontext.ops;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Reactor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A listening TCP socket whose {@link #accept()} is an IORING_OP_ACCEPT. Setting it up (socket,
 * SO_REUSEADDR, bind, listen) never blocks, so it calls libc directly.
 */
public final class TcpListener implements AutoCloseable {

    private final int fd;
    private final InetSocketAddress localAddress;
    private boolean closed;

    private TcpListener(int fd, InetSocketAddress localAddress) {
        this.fd = fd;
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

    /**
     * @param option the option
     * @return its value (getsockopt(2))
     * @throws IOException e.g. {@code getsockopt(fd=7, level=1, name=8): EBADF (Bad file descriptor)}
     */
    public int option(IntSocketOption option) throws IOException {
        return option.get(fd);
    }

    /**
     * @param option the option
     * @param value  its new value (setsockopt(2)), 0 or 1 for booleans
     * @throws IOException e.g. {@code setsockopt(fd=7, level=1, name=8): EBADF (Bad file descriptor)}
     */
    public void setOption(IntSocketOption option, int value) throws IOException {
        option.set(fd, value);
    }

    /** @return the listening socket's file descriptor */
    public int fd() {
        return fd;
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
        int connection = Reactor.get().completion().prepAccept(fd, Libc.SOCK_CLOEXEC).submit().await();
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
        int connection = Reactor.get().completion().prepAccept(fd, Libc.SOCK_CLOEXEC).timeout(timeout).submit().await();
        return new TcpConnection(connection);
    }

    /**
     * Starts accepting connections for a server: one multishot accept, armed until the acceptor is
     * closed, delivers them all (see {@link Acceptor}).
     *
     * @return the acceptor; close it before the listener
     */
    public Acceptor acceptor() {
        return Acceptor.open(fd);
    }

    /** Stops listening; closing twice does nothing. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }
}
