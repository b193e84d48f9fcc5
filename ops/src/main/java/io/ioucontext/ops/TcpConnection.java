package io.ioucontext.ops;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.BufferRing;
import io.ioucontext.reactor.Completion;
import io.ioucontext.reactor.ProvidedBuffer;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.UringException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

/**
 * A connected TCP socket: connect, receive, send and shutdown are io_uring operations
 * (IORING_OP_SOCKET, CONNECT, RECV, SEND, SHUTDOWN), over IPv4 or IPv6. Sends carry MSG_NOSIGNAL,
 * so a peer that has gone makes them fail with EPIPE instead of raising SIGPIPE. Buffers must be
 * native memory.
 */
public final class TcpConnection extends SocketHandle {

    /** The kernel's MAX_RW_COUNT: no send or receive moves more bytes in one call. */
    private static final int MAX_RW_COUNT = 0x7ffff000;

    TcpConnection(int fd) {
        super(fd);
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
        return connect(remote, Optional.empty());
    }

    /**
     * Connects to a resolved address, giving up after a time (a linked IORING_OP_LINK_TIMEOUT).
     *
     * @param remote  the peer
     * @param timeout how long the connect may take, positive
     * @return the connection, close-on-exec
     * @throws io.ioucontext.reactor.OperationTimedOutException when the peer did not answer in time
     * @throws IOException e.g. {@code connect(fd=8, /127.0.0.1:1): ECONNREFUSED (Connection refused)}
     */
    @Suspendable
    public static TcpConnection connect(InetSocketAddress remote, Duration timeout) throws IOException {
        return connect(remote, Optional.of(timeout));
    }

    @Suspendable
    private static TcpConnection connect(InetSocketAddress remote, Optional<Duration> timeout) throws IOException {
        Reactor reactor = Reactor.get();
        int domain = remote.getAddress() instanceof Inet4Address ? Libc.AF_INET : Libc.AF_INET6;
        int fd = reactor.completion().prepSocket(domain, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0).submit().await();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sockaddr = SocketAddresses.toSockaddr(remote, arena);
            Completion connect = reactor.completion().prepConnect(fd, sockaddr, (int) sockaddr.byteSize(), remote.toString());
            if (timeout.isPresent()) {
                connect.timeout(timeout.get());
            }
            connect.submit().await();
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
        return peerName();
    }

    /**
     * @return the local address, with the port the kernel picked
     * @throws IOException e.g. {@code getsockname(fd=8): EBADF (Bad file descriptor)}
     */
    public InetSocketAddress localAddress() throws IOException {
        return socketName();
    }

    /**
     * Receives what has arrived, waiting for something.
     *
     * @param buffer native memory receiving the bytes
     * @return the number of bytes received, or -1 once the peer has shut its side down
     * @throws IllegalArgumentException when the segment is read-only or on the heap
     * @throws IOException e.g. {@code recv(fd=8): ECONNRESET (Connection reset by peer)}
     */
    @Suspendable
    public int read(MemorySegment buffer) throws IOException {
        FileIo.checkWritable(buffer);
        int n = Reactor.get().completion().prepRecv(fd(), buffer, length(buffer), 0).submit().await();
        return n == 0 ? -1 : n;
    }

    /**
     * Receives what has arrived, waiting at most a given time (a linked IORING_OP_LINK_TIMEOUT).
     *
     * @param buffer  native memory receiving the bytes
     * @param timeout how long to wait at most, positive
     * @return the number of bytes received, or -1 once the peer has shut its side down
     * @throws io.ioucontext.reactor.OperationTimedOutException when nothing arrived in time
     * @throws IllegalArgumentException when the segment is read-only or on the heap
     * @throws IOException e.g. {@code recv(fd=8): ECONNRESET (Connection reset by peer)}
     */
    @Suspendable
    public int read(MemorySegment buffer, Duration timeout) throws IOException {
        FileIo.checkWritable(buffer);
        int n = Reactor.get().completion().prepRecv(fd(), buffer, length(buffer), 0).timeout(timeout).submit().await();
        return n == 0 ? -1 : n;
    }

    /**
     * Receives what has arrived into a buffer, from its position up to its limit, moving its
     * position past the bytes received. A direct buffer receives in place; a heap buffer receives
     * at most {@value FileIo#BOUNCE_BYTES} bytes per call, through the operation's native memory.
     *
     * @param buffer receives the bytes
     * @return the number of bytes received, -1 once the peer has shut its side down, or 0 when the
     *     buffer has no room (nothing is submitted then)
     * @throws IllegalArgumentException when the buffer is read-only
     * @throws IOException e.g. {@code recv(fd=8): ECONNRESET (Connection reset by peer)}
     */
    @Suspendable
    public int read(ByteBuffer buffer) throws IOException {
        return receiveInto(buffer, null);
    }

    /**
     * As {@link #read(ByteBuffer)}, waiting at most a given time (a linked IORING_OP_LINK_TIMEOUT).
     *
     * @param buffer  receives the bytes
     * @param timeout how long to wait at most; null or negative: as long as it takes
     * @return the number of bytes received, -1 once the peer has shut its side down, or 0 when the
     *     buffer has no room
     * @throws io.ioucontext.reactor.OperationTimedOutException when nothing arrived in time
     * @throws IllegalArgumentException when the buffer is read-only
     * @throws IOException e.g. {@code recv(fd=8): ECONNRESET (Connection reset by peer)}
     */
    @Suspendable
    public int read(ByteBuffer buffer, Duration timeout) throws IOException {
        return receiveInto(buffer, timeout);
    }

    @Suspendable
    private int receiveInto(ByteBuffer buffer, Duration timeout) throws IOException {
        if (buffer.isReadOnly()) {
            throw new IllegalArgumentException("cannot receive into a read-only buffer");
        }
        int fd = fd();
        if (!buffer.hasRemaining()) {
            return 0;
        }
        Completion recv = Reactor.get().completion();
        MemorySegment target = buffer.isDirect()
                ? MemorySegment.ofBuffer(buffer)
                : recv.scratch(Math.min(buffer.remaining(), FileIo.BOUNCE_BYTES));
        int n = recv.prepRecv(fd, target, length(target), 0).timeout(timeout).submit().await();
        if (n == 0) {
            return -1;
        }
        if (!buffer.isDirect()) {
            MemorySegment.copy(target, 0, MemorySegment.ofBuffer(buffer), 0, n);
        }
        buffer.position(buffer.position() + n);
        return n;
    }

    /**
     * Receives what has arrived into a buffer the kernel picks from a provided buffer ring once
     * data is there (zero-copy for the caller: the bytes are viewed where the kernel put them), so
     * a connection waiting for data holds no buffer.
     *
     * @param buffers the ring to pick from; at most {@link BufferRing#bufferSize()} bytes arrive at once
     * @return the buffer, which the caller must {@linkplain ProvidedBuffer#close() close} to give it
     *     back; empty once the peer has shut its side down
     * @throws IOException e.g. {@code recv(fd=8): ENOBUFS (No buffer space available)} when every
     *     buffer of the ring is lent out, saying so
     */
    @Suspendable
    public Optional<ProvidedBuffer> receive(BufferRing buffers) throws IOException {
        long cqe;
        try {
            cqe = Reactor.get().completion().prepRecv(fd(), buffers, 0).submit().awaitCqe();
        } catch (UringException e) {
            throw buffers.explain(e);
        }
        Optional<ProvidedBuffer> received = buffers.take(cqe);
        if (Completion.cqeRes(cqe) == 0) {
            received.ifPresent(ProvidedBuffer::close);  // the end of the stream may still have consumed a buffer
            return Optional.empty();
        }
        return received;
    }

    /**
     * Starts receiving everything that arrives, chunk by chunk, into buffers the kernel picks
     * from a provided buffer ring: one multishot receive stays armed (see {@link Receiver}).
     *
     * @param buffers the ring to receive into
     * @return the receiver; close it before the ring
     */
    public Receiver receiver(BufferRing buffers) {
        return Receiver.open(fd(), buffers);
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
            // Slice only after a short send: the whole segment needs no new object per write.
            MemorySegment rest = sent == 0 ? data : data.asSlice(sent);
            sent += Reactor.get().completion().prepSend(fd(), rest, length(rest), Libc.MSG_NOSIGNAL).submit().await();
        }
    }

    /**
     * Sends everything from the buffer's position up to its limit (IORING_OP_SEND with
     * MSG_NOSIGNAL, repeated after short sends), moving its position to its limit. A heap buffer
     * is sent {@value FileIo#BOUNCE_BYTES} bytes at most per send, through the operation's native
     * memory.
     *
     * @param data holds the bytes
     * @throws IOException saying why not everything was sent, e.g. {@code send(fd=8): EPIPE (Broken
     *     pipe)}; the position then marks what was sent
     */
    @Suspendable
    public void write(ByteBuffer data) throws IOException {
        int fd = fd();
        while (data.hasRemaining()) {
            Completion send = Reactor.get().completion();
            MemorySegment source;
            if (data.isDirect()) {
                source = MemorySegment.ofBuffer(data);
            } else {
                int chunk = Math.min(data.remaining(), FileIo.BOUNCE_BYTES);
                source = send.scratch(chunk);
                MemorySegment.copy(MemorySegment.ofBuffer(data), 0, source, 0, chunk);
            }
            int n = send.prepSend(fd, source, length(source), Libc.MSG_NOSIGNAL).submit().await();
            data.position(data.position() + n);
        }
    }

    /**
     * Tells the peer that nothing more will be sent: it reads the end of the stream.
     *
     * @throws IOException e.g. {@code shutdown(fd=8): ENOTCONN (Transport endpoint is not connected)}
     */
    @Suspendable
    public void shutdownOutput() throws IOException {
        Reactor.get().completion().prepShutdown(fd(), Libc.SHUT_WR).submit().await();
    }

    /**
     * Stops receiving: reads return the end of the stream from now on, what arrives later is dropped.
     *
     * @throws IOException e.g. {@code shutdown(fd=8): ENOTCONN (Transport endpoint is not connected)}
     */
    @Suspendable
    public void shutdownInput() throws IOException {
        Reactor.get().completion().prepShutdown(fd(), Libc.SHUT_RD).submit().await();
    }

    private static int length(MemorySegment buffer) {
        return (int) Math.min(buffer.byteSize(), MAX_RW_COUNT);
    }
}
