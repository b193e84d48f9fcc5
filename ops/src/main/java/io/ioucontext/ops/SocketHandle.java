package io.ioucontext.ops;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.net.InetSocketAddress;

/**
 * What every socket of this package shares: its descriptor, its integer options, the addresses
 * the kernel knows for it, and closing it once. Package-private rather than sealed: a
 * PermittedSubclasses attribute breaks class readers older than ASM 9, such as the Kilim weaver
 * that {@code bench/} runs over classes calling the sockets.
 */
abstract class SocketHandle implements AutoCloseable {

    private final int fd;
    private boolean closed;

    SocketHandle(int fd) {
        this.fd = fd;
    }

    /**
     * @return the socket's file descriptor; it stays valid until {@link #close()}
     * @throws IllegalStateException when closed: the number may already name another file, so
     *     nothing is ever submitted on it
     */
    public final int fd() {
        if (closed) {
            throw new IllegalStateException("socket (fd=" + fd + ") is closed");
        }
        return fd;
    }

    /** @return whether {@link #close()} has not been called yet */
    public final boolean isOpen() {
        return !closed;
    }

    /**
     * @param option the option
     * @return its value (getsockopt(2))
     * @throws IOException e.g. {@code getsockopt(fd=7, level=1, name=8): EBADF (Bad file descriptor)}
     */
    public final int option(IntSocketOption option) throws IOException {
        return option.get(fd());
    }

    /**
     * @param option the option
     * @param value  its new value (setsockopt(2)), 0 or 1 for booleans
     * @throws IOException e.g. {@code setsockopt(fd=7, level=1, name=8): EBADF (Bad file descriptor)}
     */
    public final void setOption(IntSocketOption option, int value) throws IOException {
        option.set(fd(), value);
    }

    /** Closes the socket; closing twice does nothing. */
    @Override
    public final void close() throws IOException {
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }

    /** @return the local address (getsockname(2)), with the port the kernel picked */
    final InetSocketAddress socketName() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            return SocketAddresses.fromSockaddr(Libc.getsockname(fd(), arena));
        }
    }

    /** @return the peer's address (getpeername(2)); ENOTCONN when there is none */
    final InetSocketAddress peerName() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            return SocketAddresses.fromSockaddr(Libc.getpeername(fd(), arena));
        }
    }
}
