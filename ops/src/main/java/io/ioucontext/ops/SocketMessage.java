package io.ioucontext.ops;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.ioucontext.reactor.Completion;

import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;

/**
 * The native arguments of one recvmsg(2) or sendmsg(2) of a single datagram: a {@code struct msghdr}
 * with one iovec, room for any socket address, and room for a heap buffer's bytes, laid out in
 * the operation's {@linkplain Completion#scratch(long) scratch memory}. Every operation in flight
 * so has its own, which no other operation touches until its CQE has arrived (its
 * {@link Completion#await()} returns or throws only then, even when it timed out or its fiber was
 * cancelled), and the reactor's pooled records reuse it: nothing is allocated per datagram.
 * Read what the kernel wrote before the calling fiber takes another completion or suspends.
 */
final class SocketMessage {

    private static final long MSG_NAME = Libc.MSGHDR.byteOffset(groupElement("msg_name"));
    private static final long MSG_NAMELEN = Libc.MSGHDR.byteOffset(groupElement("msg_namelen"));
    private static final long MSG_IOV = Libc.MSGHDR.byteOffset(groupElement("msg_iov"));
    private static final long MSG_IOVLEN = Libc.MSGHDR.byteOffset(groupElement("msg_iovlen"));
    private static final long IOV_BASE = Libc.IOVEC.byteOffset(groupElement("iov_base"));
    private static final long IOV_LEN = Libc.IOVEC.byteOffset(groupElement("iov_len"));

    /** Where each part starts in the scratch memory, all 8-byte aligned. */
    private static final long IOVEC_AT = Libc.MSGHDR.byteSize();
    private static final long NAME_AT = IOVEC_AT + Libc.IOVEC.byteSize();
    private static final long COPY_AT = NAME_AT + Libc.SOCKADDR_STORAGE_SIZE;

    private final MemorySegment msghdr;
    private final MemorySegment iovec;
    private final MemorySegment name;
    private final MemorySegment copy;

    private SocketMessage(MemorySegment scratch, long copyBytes) {
        this.msghdr = scratch.asSlice(0, IOVEC_AT).fill((byte) 0);  // no control data, no flags
        this.iovec = scratch.asSlice(IOVEC_AT, Libc.IOVEC.byteSize());
        this.name = scratch.asSlice(NAME_AT, Libc.SOCKADDR_STORAGE_SIZE);
        this.copy = scratch.asSlice(COPY_AT, copyBytes);
        msghdr.set(ADDRESS, MSG_NAME, name);
        msghdr.set(ADDRESS, MSG_IOV, iovec);
        msghdr.set(JAVA_LONG, MSG_IOVLEN, 1);
    }

    /**
     * @param operation the recvmsg or sendmsg about to be prepared
     * @param copyBytes the room needed for a heap buffer's bytes, 0 for none
     * @return the message, laid out in the operation's scratch memory
     */
    static SocketMessage of(Completion operation, long copyBytes) {
        return new SocketMessage(operation.scratch(COPY_AT + copyBytes), copyBytes);
    }

    /** @return native memory of the size asked for, for a heap buffer's bytes */
    MemorySegment copy() {
        return copy;
    }

    /**
     * Points the message at the datagram's memory, with the whole address room for a sender.
     *
     * @param buffer native memory receiving the datagram
     * @return the {@code struct msghdr}, for the recvmsg
     */
    MemorySegment receivingInto(MemorySegment buffer) {
        return carrying(buffer, Libc.SOCKADDR_STORAGE_SIZE);
    }

    /**
     * Points the message at the datagram's memory and writes its recipient's address.
     *
     * @param data      native memory holding the datagram
     * @param recipient a resolved address
     * @return the {@code struct msghdr}, for the sendmsg
     */
    MemorySegment sending(MemorySegment data, InetSocketAddress recipient) {
        // the address is written straight into the name, zeroed first (padding, flow info)
        MemorySegment sockaddr = SocketAddresses.toSockaddr(recipient,
                (size, alignment) -> name.asSlice(0, size).fill((byte) 0));
        return carrying(data, sockaddr.byteSize());
    }

    /** @return the address the kernel wrote into the name: a received datagram's sender */
    InetSocketAddress sender() {
        return SocketAddresses.fromSockaddr(name.asSlice(0, msghdr.get(JAVA_INT, MSG_NAMELEN)));
    }

    private MemorySegment carrying(MemorySegment buffer, long nameLength) {
        iovec.set(ADDRESS, IOV_BASE, buffer);
        iovec.set(JAVA_LONG, IOV_LEN, buffer.byteSize());
        msghdr.set(JAVA_INT, MSG_NAMELEN, (int) nameLength);
        return msghdr;
    }
}
