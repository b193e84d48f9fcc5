package io.ioucontext.ops;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * A socket bound to a local address with SO_REUSEADDR, the common start of listeners and
 * datagram sockets.
 *
 * @param fd           the socket, close-on-exec
 * @param localAddress the address it is bound to, with the port the kernel picked for port 0
 */
record BoundSocket(int fd, InetSocketAddress localAddress) {

    /**
     * @param address where to bind; port 0 picks a free port
     * @param type    {@code SOCK_STREAM} or {@code SOCK_DGRAM}
     * @return the socket
     * @throws IOException e.g. {@code bind(fd=7, /127.0.0.1:80): EACCES (Permission denied)}
     */
    static BoundSocket bind(InetSocketAddress address, int type) throws IOException {
        int domain = address.getAddress() instanceof Inet4Address ? Libc.AF_INET : Libc.AF_INET6;
        int fd = Libc.socket(domain, type | Libc.SOCK_CLOEXEC, 0);
        try (Arena arena = Arena.ofConfined()) {
            IntSocketOption.SO_REUSEADDR.set(fd, 1);
            Libc.bind(fd, SocketAddresses.toSockaddr(address, arena), address.toString());
            return new BoundSocket(fd, SocketAddresses.fromSockaddr(Libc.getsockname(fd, arena)));
        } catch (IOException | RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }
}
