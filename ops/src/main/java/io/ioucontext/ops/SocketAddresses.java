package io.ioucontext.ops;

import static io.ioucontext.ops.Libc.AF_INET;
import static io.ioucontext.ops.Libc.AF_INET6;
import static io.ioucontext.ops.Libc.SOCKADDR_IN;
import static io.ioucontext.ops.Libc.SOCKADDR_IN6;
import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/** Converts between {@link InetSocketAddress} and {@code struct sockaddr_in}/{@code sockaddr_in6}. */
final class SocketAddresses {

    /** Ports are in network byte order. */
    private static final ValueLayout.OfShort NETWORK_SHORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final long IN_PORT = SOCKADDR_IN.byteOffset(groupElement("sin_port"));
    private static final long IN_ADDR = SOCKADDR_IN.byteOffset(groupElement("sin_addr"));
    private static final long IN6_PORT = SOCKADDR_IN6.byteOffset(groupElement("sin6_port"));
    private static final long IN6_ADDR = SOCKADDR_IN6.byteOffset(groupElement("sin6_addr"));
    private static final long IN6_SCOPE_ID = SOCKADDR_IN6.byteOffset(groupElement("sin6_scope_id"));

    /**
     * @param address a resolved address
     * @param allocator allocates the sockaddr, zeroed
     * @return the sockaddr, exactly as long as its type
     * @throws IllegalArgumentException when the address is unresolved
     */
    static MemorySegment toSockaddr(InetSocketAddress address, SegmentAllocator allocator) {
        checkResolved(address);
        short port = (short) address.getPort();
        byte[] ip = address.getAddress().getAddress();
        if (address.getAddress() instanceof Inet4Address) {
            MemorySegment sockaddr = allocator.allocate(SOCKADDR_IN);
            sockaddr.set(JAVA_SHORT, 0, AF_INET);
            sockaddr.set(NETWORK_SHORT, IN_PORT, port);
            MemorySegment.copy(ip, 0, sockaddr, JAVA_BYTE, IN_ADDR, ip.length);
            return sockaddr;
        }
        MemorySegment sockaddr = allocator.allocate(SOCKADDR_IN6);
        sockaddr.set(JAVA_SHORT, 0, AF_INET6);
        sockaddr.set(NETWORK_SHORT, IN6_PORT, port);
        MemorySegment.copy(ip, 0, sockaddr, JAVA_BYTE, IN6_ADDR, ip.length);
        sockaddr.set(JAVA_INT, IN6_SCOPE_ID, ((Inet6Address) address.getAddress()).getScopeId());
        return sockaddr;
    }

    /**
     * Refuses an address that has no IP address (before an operation that needs one is prepared).
     *
     * @param address the address
     * @throws IllegalArgumentException when it is unresolved
     */
    static void checkResolved(InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address (resolve it first): " + address);
        }
    }

    /**
     * @param sockaddr a sockaddr_in or sockaddr_in6
     * @return the address it holds
     */
    static InetSocketAddress fromSockaddr(MemorySegment sockaddr) {
        short family = sockaddr.get(JAVA_SHORT, 0);
        boolean v4 = family == AF_INET;
        if (!v4 && family != AF_INET6) {
            throw new IllegalArgumentException("not an IP socket address: family " + family);
        }
        int port = Short.toUnsignedInt(sockaddr.get(NETWORK_SHORT, v4 ? IN_PORT : IN6_PORT));
        byte[] ip = sockaddr.asSlice(v4 ? IN_ADDR : IN6_ADDR, v4 ? 4 : 16).toArray(JAVA_BYTE);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an IP address of " + ip.length + " bytes was refused", e);
        }
    }

    private SocketAddresses() {
    }
}
