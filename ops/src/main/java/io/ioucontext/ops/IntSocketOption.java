package io.ioucontext.ops;

import io.ioucontext.reactor.UringException;

/**
 * The integer-valued socket options that {@link TcpConnection}, {@link TcpListener} and
 * {@link UdpSocket} read and write with getsockopt(2)/setsockopt(2) (levels and names from
 * {@code asm-generic/socket.h}, {@code netinet/tcp.h} and {@code netinet/in.h}). Booleans are 0 or 1.
 */
public enum IntSocketOption {
    /** Send small segments at once instead of coalescing them (Nagle's algorithm off). */
    TCP_NODELAY(Libc.IPPROTO_TCP, 1),
    /** Let a new socket bind a local address still in TIME_WAIT (set on every socket bound here). */
    SO_REUSEADDR(Libc.SOL_SOCKET, 2),
    /** Whether the socket may send to broadcast addresses. */
    SO_BROADCAST(Libc.SOL_SOCKET, 6),
    /** The send buffer's size in bytes (the kernel doubles what is set, for its bookkeeping). */
    SO_SNDBUF(Libc.SOL_SOCKET, 7),
    /** The receive buffer's size in bytes (the kernel doubles what is set, for its bookkeeping). */
    SO_RCVBUF(Libc.SOL_SOCKET, 8),
    /** Send keep-alive probes on an idle connection. */
    SO_KEEPALIVE(Libc.SOL_SOCKET, 9),
    /** Only IPv6 peers on an IPv6 socket (0: IPv4 peers too, as IPv4-mapped addresses). */
    IPV6_V6ONLY(Libc.IPPROTO_IPV6, 26);

    private final int level;
    private final int name;

    IntSocketOption(int level, int name) {
        this.level = level;
        this.name = name;
    }

    int get(int fd) throws UringException {
        return Libc.getsockopt(fd, level, name);
    }

    void set(int fd, int value) throws UringException {
        Libc.setsockopt(fd, level, name, value);
    }
}
