package io.ioucontext.ops;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Completion;
import io.ioucontext.reactor.Reactor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

/**
 * A bound UDP socket whose datagrams are received and sent with IORING_OP_RECVMSG and
 * IORING_OP_SENDMSG, over IPv4 or IPv6 (an IPv6 socket bound to {@code ::} takes IPv4 peers too,
 * unless {@link IntSocketOption#IPV6_V6ONLY}). At most one receive and one send may be in flight at
 * a time (each has its own {@code struct msghdr}). Once {@linkplain #connect(InetSocketAddress) connected},
 * it sends without an address and receives from its peer only.
 */
public final class UdpSocket extends SocketHandle {

    private static final long MSG_NAME = Libc.MSGHDR.byteOffset(groupElement("msg_name"));
    private static final long MSG_NAMELEN = Libc.MSGHDR.byteOffset(groupElement("msg_namelen"));
    private static final long MSG_IOV = Libc.MSGHDR.byteOffset(groupElement("msg_iov"));
    private static final long MSG_IOVLEN = Libc.MSGHDR.byteOffset(groupElement("msg_iovlen"));
    private static final long IOV_BASE = Libc.IOVEC.byteOffset(groupElement("iov_base"));
    private static final long IOV_LEN = Libc.IOVEC.byteOffset(groupElement("iov_len"));

    /**
     * A datagram that arrived.
     *
     * @param length its length: the bytes at the start of the buffer (truncated to the buffer's size)
     * @param sender where it came from
     */
    public record Datagram(int length, InetSocketAddress sender) {
    }

    private final InetSocketAddress localAddress;
    private final Message receiving;
    private final Message sending;
    /** Native copies of heap ByteBuffers' datagrams, one per direction, made on first need. */
    private MemorySegment receiveBounce;
    private MemorySegment sendBounce;
    private Optional<InetSocketAddress> remoteAddress = Optional.empty();

    /** A msghdr with one iovec and room for any address; freed by the GC only, never while in flight. */
    private record Message(MemorySegment msghdr, MemorySegment iovec, MemorySegment name) {

        static Message allocate() {
            Arena arena = Arena.ofAuto();
            Message message = new Message(arena.allocate(Libc.MSGHDR), arena.allocate(Libc.IOVEC),
                    arena.allocate(Libc.SOCKADDR_STORAGE_SIZE));
            message.msghdr.set(ADDRESS, MSG_NAME, message.name);
            message.msghdr.set(ADDRESS, MSG_IOV, message.iovec);
            message.msghdr.set(JAVA_LONG, MSG_IOVLEN, 1);
            return message;
        }

        MemorySegment prepare(MemorySegment buffer, long nameLength) {
            iovec.set(ADDRESS, IOV_BASE, buffer);
            iovec.set(JAVA_LONG, IOV_LEN, buffer.byteSize());
            msghdr.set(JAVA_INT, MSG_NAMELEN, (int) nameLength);
            return msghdr;
        }
    }

    private UdpSocket(BoundSocket socket) {
        super(socket.fd());
        this.localAddress = socket.localAddress();
        this.receiving = Message.allocate();
        this.sending = Message.allocate();
    }

    /**
     * Binds a UDP socket.
     *
     * @param address where to receive; port 0 picks a free port (see {@link #localAddress()})
     * @return the socket, close-on-exec
     * @throws IOException e.g. {@code bind(fd=7, /127.0.0.1:53): EACCES (Permission denied)}
     */
    public static UdpSocket bind(InetSocketAddress address) throws IOException {
        return new UdpSocket(BoundSocket.bind(address, Libc.SOCK_DGRAM));
    }

    /** @return the address it is bound to */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * Connects the socket to one peer (IORING_OP_CONNECT; nothing is sent): {@link #send(MemorySegment)}
     * then needs no address, and only that peer's datagrams are received (a datagram refused by
     * the peer makes a later call fail with ECONNREFUSED). Connecting again changes the peer.
     *
     * @param peer where datagrams go, of the socket's address family
     * @throws IOException e.g. {@code connect(fd=7, /[::1]:53): EAFNOSUPPORT (Address family not supported by protocol)}
     */
    @Suspendable
    public void connect(InetSocketAddress peer) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sockaddr = SocketAddresses.toSockaddr(peer, arena);
            Reactor.get().completion().prepConnect(fd(), sockaddr, (int) sockaddr.byteSize(), peer.toString()).submit().await();
        }
        remoteAddress = Optional.of(peerName());
    }

    /** @return the peer it is {@linkplain #connect(InetSocketAddress) connected} to, if any */
    public Optional<InetSocketAddress> remoteAddress() {
        return remoteAddress;
    }

    /**
     * Waits for the next datagram.
     *
     * @param buffer native memory receiving it
     * @return its length and sender
     * @throws IOException e.g. {@code recvmsg(fd=7): ECANCELED (Operation canceled)}
     */
    @Suspendable
    public Datagram receive(MemorySegment buffer) throws IOException {
        return receive(buffer, Optional.empty());
    }

    /**
     * Waits for the next datagram at most a given time (a linked IORING_OP_LINK_TIMEOUT).
     *
     * @param buffer  native memory receiving it
     * @param timeout how long to wait at most, positive
     * @return its length and sender
     * @throws io.ioucontext.reactor.OperationTimedOutException when none arrived in time
     * @throws IOException e.g. {@code recvmsg(fd=7): ECANCELED (Operation canceled)}
     */
    @Suspendable
    public Datagram receive(MemorySegment buffer, Duration timeout) throws IOException {
        return receive(buffer, Optional.of(timeout));
    }

    @Suspendable
    private Datagram receive(MemorySegment buffer, Optional<Duration> timeout) throws IOException {
        FileIo.checkNative(buffer);
        FileIo.checkWritable(buffer);
        MemorySegment msghdr = receiving.prepare(buffer, Libc.SOCKADDR_STORAGE_SIZE);
        Completion receive = Reactor.get().completion().prepRecvmsg(fd(), msghdr, 0);
        if (timeout.isPresent()) {
            receive.timeout(timeout.get());
        }
        int length = receive.submit().await();
        int nameLength = msghdr.get(JAVA_INT, MSG_NAMELEN);
        return new Datagram(length, SocketAddresses.fromSockaddr(receiving.name().asSlice(0, nameLength)));
    }

    /**
     * Sends one datagram.
     *
     * @param data      native memory holding it
     * @param recipient where to send it
     * @throws IOException e.g. {@code sendmsg(fd=7): EMSGSIZE (Message too long)}
     */
    @Suspendable
    public void send(MemorySegment data, InetSocketAddress recipient) throws IOException {
        FileIo.checkNative(data);
        // the address is written straight into the message's name, zeroed first (padding, flow info)
        MemorySegment name = sending.name();
        MemorySegment sockaddr = SocketAddresses.toSockaddr(recipient,
                (size, alignment) -> name.asSlice(0, size).fill((byte) 0));
        MemorySegment msghdr = sending.prepare(data, sockaddr.byteSize());
        Reactor.get().completion().prepSendmsg(fd(), msghdr, Libc.MSG_NOSIGNAL).submit().await();
    }

    /**
     * Sends one datagram to the peer it is {@linkplain #connect(InetSocketAddress) connected} to
     * (IORING_OP_SEND with MSG_NOSIGNAL).
     *
     * @param data native memory holding it
     * @throws IOException e.g. {@code send(fd=7): EDESTADDRREQ (Destination address required)} when
     *     not connected, ECONNREFUSED after the peer refused an earlier datagram
     */
    @Suspendable
    public void send(MemorySegment data) throws IOException {
        FileIo.checkNative(data);
        Reactor.get().completion().prepSend(fd(), data, (int) Math.min(data.byteSize(), Integer.MAX_VALUE), Libc.MSG_NOSIGNAL)
                .submit().await();
    }

    /**
     * Waits for the next datagram and puts it into a buffer from its position, moving the position
     * past it. A direct buffer receives in place; a heap buffer through the socket's native memory.
     *
     * @param buffer receives the datagram, truncated to the room it has (at most
     *     {@value FileIo#BOUNCE_BYTES} bytes for a heap buffer)
     * @return its length and sender
     * @throws IllegalArgumentException when the buffer is read-only
     * @throws IOException e.g. {@code recvmsg(fd=7): ECANCELED (Operation canceled)}
     */
    @Suspendable
    public Datagram receive(ByteBuffer buffer) throws IOException {
        return receiveInto(buffer, Optional.empty());
    }

    /**
     * As {@link #receive(ByteBuffer)}, waiting at most a given time (a linked IORING_OP_LINK_TIMEOUT).
     *
     * @param buffer  receives the datagram
     * @param timeout how long to wait at most, positive
     * @return its length and sender
     * @throws io.ioucontext.reactor.OperationTimedOutException when none arrived in time
     * @throws IllegalArgumentException when the buffer is read-only
     * @throws IOException e.g. {@code recvmsg(fd=7): ECANCELED (Operation canceled)}
     */
    @Suspendable
    public Datagram receive(ByteBuffer buffer, Duration timeout) throws IOException {
        return receiveInto(buffer, Optional.of(timeout));
    }

    @Suspendable
    private Datagram receiveInto(ByteBuffer buffer, Optional<Duration> timeout) throws IOException {
        if (buffer.isReadOnly()) {
            throw new IllegalArgumentException("cannot receive into a read-only buffer");
        }
        MemorySegment target;
        if (buffer.isDirect()) {
            target = MemorySegment.ofBuffer(buffer);
        } else {
            receiveBounce = receiveBounce != null ? receiveBounce : Arena.ofAuto().allocate(FileIo.BOUNCE_BYTES);
            target = receiveBounce.asSlice(0, Math.min(buffer.remaining(), FileIo.BOUNCE_BYTES));
        }
        Datagram datagram = receive(target, timeout);
        if (!buffer.isDirect()) {
            MemorySegment.copy(target, 0, MemorySegment.ofBuffer(buffer), 0, datagram.length());
        }
        buffer.position(buffer.position() + datagram.length());
        return datagram;
    }

    /**
     * Sends one datagram: the bytes from the buffer's position to its limit, moving the position
     * to the limit.
     *
     * @param data      holds it; a heap buffer at most {@value FileIo#BOUNCE_BYTES} bytes
     * @param recipient where to send it
     * @throws IllegalArgumentException when a heap buffer holds more than {@value FileIo#BOUNCE_BYTES} bytes
     * @throws IOException e.g. {@code sendmsg(fd=7): EMSGSIZE (Message too long)}
     */
    @Suspendable
    public void send(ByteBuffer data, InetSocketAddress recipient) throws IOException {
        send(outgoing(data), recipient);
        data.position(data.limit());
    }

    /**
     * Sends one datagram to the peer it is {@linkplain #connect(InetSocketAddress) connected} to:
     * the bytes from the buffer's position to its limit, moving the position to the limit.
     *
     * @param data holds it; a heap buffer at most {@value FileIo#BOUNCE_BYTES} bytes
     * @throws IllegalArgumentException when a heap buffer holds more than {@value FileIo#BOUNCE_BYTES} bytes
     * @throws IOException e.g. {@code send(fd=7): EDESTADDRREQ (Destination address required)} when not connected
     */
    @Suspendable
    public void send(ByteBuffer data) throws IOException {
        send(outgoing(data));
        data.position(data.limit());
    }

    /** The datagram a buffer holds, as native memory: in place, or copied for a heap buffer. */
    private MemorySegment outgoing(ByteBuffer data) {
        if (data.isDirect()) {
            return MemorySegment.ofBuffer(data);
        }
        if (data.remaining() > FileIo.BOUNCE_BYTES) {
            throw new IllegalArgumentException("a datagram from a heap buffer is at most " + FileIo.BOUNCE_BYTES
                    + " bytes: " + data.remaining());
        }
        sendBounce = sendBounce != null ? sendBounce : Arena.ofAuto().allocate(FileIo.BOUNCE_BYTES);
        MemorySegment copy = sendBounce.asSlice(0, data.remaining());
        MemorySegment.copy(MemorySegment.ofBuffer(data), 0, copy, 0, copy.byteSize());
        return copy;
    }
}
