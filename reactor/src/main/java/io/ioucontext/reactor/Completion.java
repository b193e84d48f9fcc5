package io.ioucontext.reactor;

import static io.ioucontext.reactor.LibUring.AT_FDCWD;
import static io.ioucontext.reactor.LibUring.IORING_ASYNC_CANCEL_ALL;
import static io.ioucontext.reactor.LibUring.IORING_ASYNC_CANCEL_ANY;
import static io.ioucontext.reactor.LibUring.IORING_ASYNC_CANCEL_FD;
import static io.ioucontext.reactor.LibUring.IORING_OP_ACCEPT;
import static io.ioucontext.reactor.LibUring.IORING_OP_ASYNC_CANCEL;
import static io.ioucontext.reactor.LibUring.IORING_OP_CONNECT;
import static io.ioucontext.reactor.LibUring.IORING_OP_RECV;
import static io.ioucontext.reactor.LibUring.IORING_OP_RECVMSG;
import static io.ioucontext.reactor.LibUring.IORING_OP_SEND;
import static io.ioucontext.reactor.LibUring.IORING_OP_SENDMSG;
import static io.ioucontext.reactor.LibUring.IORING_OP_SHUTDOWN;
import static io.ioucontext.reactor.LibUring.IORING_OP_SOCKET;
import static io.ioucontext.reactor.LibUring.IORING_OP_CLOSE;
import static io.ioucontext.reactor.LibUring.IORING_OP_NOP;
import static io.ioucontext.reactor.LibUring.IORING_OP_OPENAT;
import static io.ioucontext.reactor.LibUring.IORING_OP_READ;
import static io.ioucontext.reactor.LibUring.IORING_OP_WRITE;
import static io.ioucontext.reactor.LibUring.KERNEL_TIMESPEC;
import static io.ioucontext.reactor.LibUring.offset;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.Suspendable;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * One operation on its way through the ring, from a {@link Reactor}'s pool: it is prepared (the
 * {@code prep*} methods mirror liburing's {@code io_uring_prep_*}), {@linkplain #submit() submitted}
 * and {@linkplain #await() awaited}, then goes back to the pool. Its index in the pool is the SQE's
 * user_data, so the CQE finds it again without a pointer. Confined to the reactor's thread.
 */
public final class Completion {

    /** The user_data of SQEs whose CQEs nobody awaits: the LINK_TIMEOUTs that follow timed operations. */
    static final long UNAWAITED = -1L;

    /** {@code PATH_MAX} from {@code linux/limits.h}, counting the terminating NUL. */
    private static final int PATH_MAX = 4096;
    /** {@code sizeof(struct msghdr)} on 64-bit Linux. */
    private static final int MSGHDR_SIZE = 56;
    private static final long TV_SEC = offset(KERNEL_TIMESPEC, "tv_sec");
    private static final long TV_NSEC = offset(KERNEL_TIMESPEC, "tv_nsec");
    private static final int ECANCELED = Errno.ECANCELED.number();

    final int index;
    private final Reactor reactor;

    // The SQE to be written, kept here so an operation can wait in the reactor's queue for a free slot.
    byte opcode;
    int fd;
    long offset;
    long address;
    int length;
    int opFlags;

    /** Keeps the operation's buffer reachable (and so its memory alive) while the kernel may use it. */
    private MemorySegment buffer;
    /** NUL-terminated path for {@code openat}, allocated once per pooled record. */
    private MemorySegment pathBuffer;
    private String subject;
    /** The relative deadline of a LINK_TIMEOUT following the operation, allocated once per pooled record. */
    private MemorySegment timespec;
    private Duration timeout;

    private Fiber waiter;
    private boolean done;
    private int result;

    Completion(Reactor reactor, int index) {
        this.reactor = reactor;
        this.index = index;
    }

    private Completion prep(byte opcode, int fd, MemorySegment buffer, int length, long offset) {
        this.opcode = opcode;
        this.fd = fd;
        this.buffer = buffer;
        this.address = buffer == null ? 0L : buffer.address();
        this.length = length;
        this.offset = offset;
        this.opFlags = 0;
        this.subject = null;
        this.timeout = null;
        return this;
    }

    /**
     * The kernel will read or write {@code length} bytes at the buffer's address: refuse what would
     * let it touch memory outside the segment.
     */
    private static MemorySegment checked(MemorySegment buffer, int length) {
        if (!buffer.isNative()) {
            throw new IllegalArgumentException("io_uring needs native memory, not a heap segment: " + buffer);
        }
        if (length < 0 || length > buffer.byteSize()) {
            throw new IllegalArgumentException("length " + length + " does not fit the " + buffer.byteSize() + "-byte buffer");
        }
        return buffer;
    }

    /** @return this, prepared as {@code IORING_OP_NOP} (completes with 0 without doing anything) */
    public Completion prepNop() {
        return prep(IORING_OP_NOP, -1, null, 0, 0L);
    }

    /**
     * {@code IORING_OP_READ}: read(2) or pread(2).
     *
     * @param fd     the file descriptor
     * @param buffer native memory receiving the bytes, at least {@code length} long
     * @param length the number of bytes to read at most
     * @param offset the file offset, or -1 for the file's current position (streams, pipes)
     * @return this
     */
    public Completion prepRead(int fd, MemorySegment buffer, int length, long offset) {
        return prep(IORING_OP_READ, fd, checked(buffer, length), length, offset);
    }

    /**
     * {@code IORING_OP_WRITE}: write(2) or pwrite(2).
     *
     * @param fd     the file descriptor
     * @param buffer native memory holding the bytes, at least {@code length} long
     * @param length the number of bytes to write
     * @param offset the file offset, or -1 for the file's current position (streams, pipes)
     * @return this
     */
    public Completion prepWrite(int fd, MemorySegment buffer, int length, long offset) {
        return prep(IORING_OP_WRITE, fd, checked(buffer, length), length, offset);
    }

    /**
     * {@code IORING_OP_OPENAT} relative to the working directory: openat(2).
     *
     * @param path  the path, encoded as UTF-8
     * @param flags {@code O_*} flags
     * @param mode  permission bits for a created file
     * @return this
     * @throws IllegalArgumentException when the path contains NUL or is longer than PATH_MAX
     */
    public Completion prepOpenat(String path, int flags, int mode) {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= PATH_MAX) {
            throw new IllegalArgumentException("path longer than PATH_MAX (" + PATH_MAX + " bytes): " + path);
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path contains NUL: " + path);
        }
        if (pathBuffer == null) {
            pathBuffer = reactor.allocate(PATH_MAX);
        }
        MemorySegment.copy(bytes, 0, pathBuffer, JAVA_BYTE, 0, bytes.length);
        pathBuffer.set(JAVA_BYTE, bytes.length, (byte) 0);
        prep(IORING_OP_OPENAT, AT_FDCWD, pathBuffer, mode, 0L);
        this.opFlags = flags;
        this.subject = path;
        return this;
    }

    /**
     * {@code IORING_OP_CLOSE}: close(2).
     *
     * @param fd the file descriptor
     * @return this
     */
    public Completion prepClose(int fd) {
        return prep(IORING_OP_CLOSE, fd, null, 0, 0L);
    }

    /**
     * {@code IORING_OP_SOCKET}: socket(2) (kernel 5.19+).
     *
     * @param domain   {@code AF_*}
     * @param type     {@code SOCK_*}, with {@code SOCK_CLOEXEC} and the like
     * @param protocol the protocol, usually 0
     * @return this
     */
    public Completion prepSocket(int domain, int type, int protocol) {
        prep(IORING_OP_SOCKET, domain, null, protocol, type);
        this.subject = "domain=" + domain + ", type=" + type;
        return this;
    }

    /**
     * {@code IORING_OP_CONNECT}: connect(2).
     *
     * @param fd      the socket
     * @param address a {@code struct sockaddr_*}
     * @param length  its length in bytes
     * @param peer    names the peer in error messages, e.g. {@code 127.0.0.1:8080}
     * @return this
     */
    public Completion prepConnect(int fd, MemorySegment address, int length, String peer) {
        prep(IORING_OP_CONNECT, fd, checked(address, length), 0, length);
        this.subject = "fd=" + fd + ", " + peer;
        return this;
    }

    /**
     * {@code IORING_OP_ACCEPT}: accept4(2), without asking for the peer's address.
     *
     * @param fd    the listening socket
     * @param flags {@code SOCK_CLOEXEC}, {@code SOCK_NONBLOCK}
     * @return this
     */
    public Completion prepAccept(int fd, int flags) {
        prep(IORING_OP_ACCEPT, fd, null, 0, 0L);
        this.opFlags = flags;
        return this;
    }

    /**
     * {@code IORING_OP_SEND}: send(2).
     *
     * @param fd     the socket
     * @param buffer native memory holding the bytes, at least {@code length} long
     * @param length the number of bytes to send
     * @param flags  {@code MSG_*}
     * @return this
     */
    public Completion prepSend(int fd, MemorySegment buffer, int length, int flags) {
        prep(IORING_OP_SEND, fd, checked(buffer, length), length, 0L);
        this.opFlags = flags;
        return this;
    }

    /**
     * {@code IORING_OP_RECV}: recv(2).
     *
     * @param fd     the socket
     * @param buffer native memory receiving the bytes, at least {@code length} long
     * @param length the number of bytes to receive at most
     * @param flags  {@code MSG_*}
     * @return this
     */
    public Completion prepRecv(int fd, MemorySegment buffer, int length, int flags) {
        prep(IORING_OP_RECV, fd, checked(buffer, length), length, 0L);
        this.opFlags = flags;
        return this;
    }

    /**
     * {@code IORING_OP_SENDMSG}: sendmsg(2).
     *
     * @param fd     the socket
     * @param msghdr a {@code struct msghdr} whose name, iovecs and buffers stay untouched until completion
     * @param flags  {@code MSG_*}
     * @return this
     */
    public Completion prepSendmsg(int fd, MemorySegment msghdr, int flags) {
        prep(IORING_OP_SENDMSG, fd, checked(msghdr, MSGHDR_SIZE), 1, 0L);
        this.opFlags = flags;
        return this;
    }

    /**
     * {@code IORING_OP_RECVMSG}: recvmsg(2).
     *
     * @param fd     the socket
     * @param msghdr a {@code struct msghdr} whose name, iovecs and buffers stay untouched until completion
     * @param flags  {@code MSG_*}
     * @return this
     */
    public Completion prepRecvmsg(int fd, MemorySegment msghdr, int flags) {
        prep(IORING_OP_RECVMSG, fd, checked(msghdr, MSGHDR_SIZE), 1, 0L);
        this.opFlags = flags;
        return this;
    }

    /**
     * {@code IORING_OP_ASYNC_CANCEL} of every operation in flight on a file descriptor (kernel 5.19+):
     * they complete with {@code ECANCELED}. Completes with how many were cancelled, or fails with
     * {@code ENOENT} when there was none.
     *
     * @param fd the file descriptor
     * @return this
     */
    public Completion prepCancelFd(int fd) {
        prep(IORING_OP_ASYNC_CANCEL, fd, null, 0, 0L);
        this.opFlags = IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_ALL;
        return this;
    }

    /**
     * {@code IORING_OP_SHUTDOWN}: shutdown(2).
     *
     * @param fd  the socket
     * @param how {@code SHUT_RD}, {@code SHUT_WR} or {@code SHUT_RDWR}
     * @return this
     */
    public Completion prepShutdown(int fd, int how) {
        return prep(IORING_OP_SHUTDOWN, fd, null, how, 0L);
    }

    /**
     * Bounds the prepared operation's time with a linked {@code IORING_OP_LINK_TIMEOUT}: when it
     * expires first, the kernel cancels the operation and {@link #await()} throws
     * {@link OperationTimedOutException}. Call after the {@code prep*} method.
     *
     * @param timeout how long the operation may take, positive
     * @return this
     */
    public Completion timeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (timespec == null) {
            timespec = reactor.allocate(KERNEL_TIMESPEC.byteSize());
        }
        timespec.set(JAVA_LONG, TV_SEC, timeout.getSeconds());
        timespec.set(JAVA_LONG, TV_NSEC, timeout.getNano());
        this.timeout = timeout;
        return this;
    }

    /** @return this, prepared as {@code IORING_OP_ASYNC_CANCEL} of every operation in flight (kernel 5.19+) */
    Completion prepCancelAll() {
        prep(IORING_OP_ASYNC_CANCEL, -1, null, 0, 0L);
        this.opFlags = IORING_ASYNC_CANCEL_ALL | IORING_ASYNC_CANCEL_ANY;
        return this;
    }

    /**
     * Hands the prepared operation to the reactor: into the SQ if there is room, else to the
     * reactor's FIFO of operations waiting for a slot.
     *
     * @return this
     */
    public Completion submit() {
        reactor.submit(this);
        return this;
    }

    /**
     * Waits for the operation's CQE: parks the current fiber until the reactor reaps it, or,
     * outside a fiber, drives the reactor (other fibers may run) until it arrives. The record then
     * goes back to the pool and must not be used any more.
     *
     * @return the operation's result, never negative
     * @throws UringException when the kernel reports an error, e.g. {@code read(fd=5): EBADF (Bad file descriptor)}
     */
    @Suspendable
    public int await() throws UringException {
        Optional<Fiber> fiber = Fiber.current();
        if (fiber.isPresent()) {
            waiter = fiber.get();
            while (!done) {
                Fiber.park();
            }
        } else {
            reactor.driveUntilDone(this);
        }
        int outcome = result;
        if (outcome >= 0) {
            reactor.release(this);
            return outcome;
        }
        UringException failure = outcome == -ECANCELED && timeout != null
                ? new OperationTimedOutException(describe(), timeout)
                : new UringException(describe(), -outcome);
        reactor.release(this);
        throw failure;
    }

    /** Called by the reactor when the CQE arrives. */
    void complete(int result) {
        this.result = result;
        this.done = true;
        if (waiter != null) {
            waiter.unpark();
        }
    }

    /** @return the number of SQEs the operation takes: 2 when a LINK_TIMEOUT follows it */
    int sqeCount() {
        return timeout == null ? 1 : 2;
    }

    boolean hasTimeout() {
        return timeout != null;
    }

    /** @return the address of the LINK_TIMEOUT's {@code __kernel_timespec} */
    long timespecAddress() {
        return timespec.address();
    }

    /** @return whether the CQE has arrived */
    boolean isDone() {
        return done;
    }

    /** @return the CQE's result, once {@linkplain #isDone() done} */
    int result() {
        return result;
    }

    /** Forgets the operation so the record can be reused. */
    void clear() {
        buffer = null;
        subject = null;
        timeout = null;
        waiter = null;
        done = false;
        result = 0;
    }

    private String describe() {
        String name = switch (opcode) {
            case IORING_OP_NOP -> "nop";
            case IORING_OP_SOCKET -> "socket";
            case IORING_OP_CONNECT -> "connect";
            case IORING_OP_ACCEPT -> "accept";
            case IORING_OP_SEND -> "send";
            case IORING_OP_RECV -> "recv";
            case IORING_OP_SENDMSG -> "sendmsg";
            case IORING_OP_RECVMSG -> "recvmsg";
            case IORING_OP_SHUTDOWN -> "shutdown";
            case IORING_OP_ASYNC_CANCEL -> "async_cancel";
            case IORING_OP_OPENAT -> "openat";
            case IORING_OP_CLOSE -> "close";
            case IORING_OP_READ -> "read";
            case IORING_OP_WRITE -> "write";
            default -> "opcode " + opcode;
        };
        return name + "(" + (subject != null ? subject : "fd=" + fd) + ")";
    }
}
