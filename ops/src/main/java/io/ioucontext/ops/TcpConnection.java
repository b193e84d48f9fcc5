package io.ioucontext.ops;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Reactor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A connected TCP socket: connect, receive, send and shutdown are io_uring operations
 * (IORING_OP_SOCKET, CONNECT, RECV, SEND, SHUTDOWN). Buffers must be native memory.
 */
public final class TcpConnection implements AutoCloseable {

    /** The kernel's MAX_RW_COUNT: no send or receive moves more bytes in one call. */
    private static final int MAX_RW_COUNT = 0x7ffff000;

    private final int fd;
    private boolean closed;

    TcpConnection(int fd) {
        this.fd = fd;
    }

    /**
     * Connects to a resolved address.
     *
     * @param remote the peer
     * @return the connection, close-on-exec
     * @throws IOException e.g. {@code connect(fd=8, /127.0.0.1:1): ECONNREFUSED (Connection refused)}
     */
    @Suspendable
    public static TcpConnection connect(InetSocketAddress remote) throws IOException {
        Reactor reactor = Reactor.get();
        int domain = remote.getAddress() instanceof Inet4Address ? Libc.AF_INET : Libc.AF_INET6;
        int fd = reactor.completion().prepSocket(domain, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0).submit().await();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sockaddr = SocketAddresses.toSockaddr(remote, arena);
            reactor.completion().prepConnect(fd, sockaddr, (int) sockaddr.byteSize(), remote.toString()).submit().await();
            return new TcpConnection(fd);
        } catch (IOException | RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /**
     * @return the peer's address
     * @throws IOException e.g. {@code getpeername(fd=8): ENOTCONN (Transport endpoint is not connected)}
     */
    public InetSocketAddress remoteAddress() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            return SocketAddresses.fromSockaddr(Libc.getpeername(fd, arena));
        }
    }

    /** @return the socket's file descriptor */
    public int fd() {
        return fd;
    }

    /**
     * Receives what has arrived, waiting for something.
     *
     * @param buffer native memory receiving the bytes
     * @return the number of bytes received, or -1 once the peer has shut its side down
     * @throws IOException e.g. {@code recv(fd=8): ECONNRESET (Connection reset by peer)}
     */
    @Suspendable
    public int read(MemorySegment buffer) throws IOException {
        int n = Reactor.get().completion().prepRecv(fd, buffer, length(buffer), 0).submit().await();
        return n == 0 ? -1 : n;
    }

    /**
     * Receives what has arrived, waiting at most a given time (a linked IORING_OP_LINK_TIMEOUT).
     *
     * @param buffer  native memory receiving the bytes
     * @param timeout how long to wait at most, positive
     * @return the number of bytes received, or -1 once the peer has shut its side down
     * @throws io.ioucontext.reactor.OperationTimedOutException when nothing arrived in time
     * @throws IOException e.g. {@code recv(fd=8): ECONNRESET (Connection reset by peer)}
     */
    @Suspendable
    public int read(MemorySegment buffer, Duration timeout) throws IOException {
        int n = Reactor.get().completion().prepRecv(fd, buffer, length(buffer), 0).timeout(timeout).submit().await();
        return n == 0 ? -1 : n;
    }

    /**
     * Sends all of {@code data} (IORING_OP_SEND, repeated after short sends).
     *
     * @param data native memory holding the bytes
     * @throws IOException saying why not everything was sent, e.g. {@code send(fd=8): EPIPE (Broken pipe)}
     */
    @Suspendable
    public void write(MemorySegment data) throws IOException {
        long size = data.byteSize();
        long sent = 0;
        while (sent < size) {
            MemorySegment rest = data.asSlice(sent);
            sent += Reactor.get().completion().prepSend(fd, rest, length(rest), Libc.MSG_NOSIGNAL).submit().await();
        }
    }

    /**
     * Tells the peer that nothing more will be sent: it reads the end of the stream.
     *
     * @throws IOException e.g. {@code shutdown(fd=8): ENOTCONN (Transport endpoint is not connected)}
     */
    @Suspendable
    public void shutdownOutput() throws IOException {
        Reactor.get().completion().prepShutdown(fd, Libc.SHUT_WR).submit().await();
    }

    /** Closes the socket; closing twice does nothing. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }

    private static int length(MemorySegment buffer) {
        return (int) Math.min(buffer.byteSize(), MAX_RW_COUNT);
    }
}
