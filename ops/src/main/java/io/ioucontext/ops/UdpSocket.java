package io.ioucontext.ops;

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
 * unless {@link IntSocketOption#IPV6_V6ONLY}). Any number of receives and sends may be in flight at
 * once, from several fibers: each operation has its own {@code struct msghdr}, address and heap
 * buffer copy, so each datagram goes to exactly one receive, with its own sender. Once
 * {@linkplain #connect(InetSocketAddress) connected}, it sends without an address and receives from
 * its peer only.
 */
public final class UdpSocket extends SocketHandle {

    /**
     * A datagram that arrived.
     *
     * @param length its length: the bytes at the start of the buffer (truncated to the buffer's size)
     * @param sender where it came from
     */
    public record Datagram(int length, InetSocketAddress sender) {
    }

    private final InetSocketAddress localAddress;
    private Optional<InetSocketAddress> remoteAddress = Optional.empty();

    private UdpSocket(BoundSocket socket) {
        super(socket.fd());
        this.localAddress = socket.localAddress();
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
        return receive(buffer, null);
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
        FileIo.checkNative(buffer);
        FileIo.checkWritable(buffer);
        int fd = fd();
        Completion receive = Reactor.get().completion();
        return awaitDatagram(fd, receive, SocketMessage.of(receive, 0), buffer, timeout);
    }

    /**
     * Waits for the next datagram and puts it into a buffer from its position, moving the position
     * past it. A direct buffer receives in place; a heap buffer through the operation's native memory.
     *
     * @param buffer receives the datagram, truncated to the room it has (at most
     *     {@value FileIo#BOUNCE_BYTES} bytes for a heap buffer)
     * @return its length and sender
     * @throws IllegalArgumentException when the buffer is read-only
     * @throws IOException e.g. {@code recvmsg(fd=7): ECANCELED (Operation canceled)}
     */
    @Suspendable
    public Datagram receive(ByteBuffer buffer) throws IOException {
        return receive(buffer, null);
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
        if (buffer.isReadOnly()) {
            throw new IllegalArgumentException("cannot receive into a read-only buffer");
        }
        int fd = fd();
        Completion receive = Reactor.get().completion();
        Datagram datagram;
        if (buffer.isDirect()) {
            datagram = awaitDatagram(fd, receive, SocketMessage.of(receive, 0), MemorySegment.ofBuffer(buffer), timeout);
        } else {
            SocketMessage message = SocketMessage.of(receive, Math.min(buffer.remaining(), FileIo.BOUNCE_BYTES));
            datagram = awaitDatagram(fd, receive, message, message.copy(), timeout);
            MemorySegment.copy(message.copy(), 0, MemorySegment.ofBuffer(buffer), 0, datagram.length());
        }
        buffer.position(buffer.position() + datagram.length());
        return datagram;
    }

    /** @param timeout null or negative for none */
    @Suspendable
    private static Datagram awaitDatagram(int fd, Completion receive, SocketMessage message, MemorySegment buffer,
            Duration timeout) throws IOException {
        int length = receive.prepRecvmsg(fd, message.receivingInto(buffer), 0).keep(buffer).timeout(timeout)
                .submit().await();
        return new Datagram(length, message.sender());
    }

    /**
     * Sends one datagram.
     *
     * @param data      native memory holding it
     * @param recipient where to send it
     * @throws IllegalArgumentException when the recipient is unresolved
     * @throws IOException e.g. {@code sendmsg(fd=7): EMSGSIZE (Message too long)}
     */
    @Suspendable
    public void send(MemorySegment data, InetSocketAddress recipient) throws IOException {
        FileIo.checkNative(data);
        SocketAddresses.checkResolved(recipient);
        int fd = fd();
        Completion send = Reactor.get().completion();
        send.prepSendmsg(fd, SocketMessage.of(send, 0).sending(data, recipient), Libc.MSG_NOSIGNAL).keep(data)
                .submit().await();
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
     * Sends one datagram: the bytes from the buffer's position to its limit, moving the position
     * to the limit. A heap buffer's bytes go through the operation's native memory.
     *
     * @param data      holds it; a heap buffer at most {@value FileIo#BOUNCE_BYTES} bytes
     * @param recipient where to send it
     * @throws IllegalArgumentException when a heap buffer holds more than {@value FileIo#BOUNCE_BYTES}
     *     bytes, or the recipient is unresolved
     * @throws IOException e.g. {@code sendmsg(fd=7): EMSGSIZE (Message too long)}
     */
    @Suspendable
    public void send(ByteBuffer data, InetSocketAddress recipient) throws IOException {
        if (data.isDirect()) {
            send(MemorySegment.ofBuffer(data), recipient);
        } else {
            checkHeapDatagram(data);
            SocketAddresses.checkResolved(recipient);
            int fd = fd();
            Completion send = Reactor.get().completion();
            SocketMessage message = SocketMessage.of(send, data.remaining());
            MemorySegment.copy(MemorySegment.ofBuffer(data), 0, message.copy(), 0, data.remaining());
            send.prepSendmsg(fd, message.sending(message.copy(), recipient), Libc.MSG_NOSIGNAL).submit().await();
        }
        data.position(data.limit());
    }

    /**
     * Sends one datagram to the peer it is {@linkplain #connect(InetSocketAddress) connected} to:
     * the bytes from the buffer's position to its limit, moving the position to the limit. A heap
     * buffer's bytes go through the operation's native memory.
     *
     * @param data holds it; a heap buffer at most {@value FileIo#BOUNCE_BYTES} bytes
     * @throws IllegalArgumentException when a heap buffer holds more than {@value FileIo#BOUNCE_BYTES} bytes
     * @throws IOException e.g. {@code send(fd=7): EDESTADDRREQ (Destination address required)} when not connected
     */
    @Suspendable
    public void send(ByteBuffer data) throws IOException {
        if (data.isDirect()) {
            send(MemorySegment.ofBuffer(data));
        } else {
            checkHeapDatagram(data);
            int fd = fd();
            Completion send = Reactor.get().completion();
            MemorySegment copy = send.scratch(data.remaining());
            MemorySegment.copy(MemorySegment.ofBuffer(data), 0, copy, 0, copy.byteSize());
            send.prepSend(fd, copy, (int) copy.byteSize(), Libc.MSG_NOSIGNAL).submit().await();
        }
        data.position(data.limit());
    }

    private static void checkHeapDatagram(ByteBuffer data) {
        if (data.remaining() > FileIo.BOUNCE_BYTES) {
            throw new IllegalArgumentException("a datagram from a heap buffer is at most " + FileIo.BOUNCE_BYTES
                    + " bytes: " + data.remaining());
        }
    }
}
