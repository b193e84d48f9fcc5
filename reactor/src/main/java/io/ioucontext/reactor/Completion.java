package io.ioucontext.reactor;

import static io.ioucontext.reactor.IoUring.IORING_ASYNC_CANCEL_ALL;
import static io.ioucontext.reactor.IoUring.IORING_ASYNC_CANCEL_ANY;
import static io.ioucontext.reactor.IoUring.IORING_ASYNC_CANCEL_FD;
import static io.ioucontext.reactor.IoUring.IORING_CQE_F_MORE;
import static io.ioucontext.reactor.IoUring.IORING_OP_ACCEPT;
import static io.ioucontext.reactor.IoUring.IORING_OP_ASYNC_CANCEL;
import static io.ioucontext.reactor.IoUring.IORING_OP_CLOSE;
import static io.ioucontext.reactor.IoUring.IORING_OP_CONNECT;
import static io.ioucontext.reactor.IoUring.IORING_OP_NOP;
import static io.ioucontext.reactor.IoUring.IORING_OP_OPENAT;
import static io.ioucontext.reactor.IoUring.IORING_OP_READ;
import static io.ioucontext.reactor.IoUring.IORING_OP_RECV;
import static io.ioucontext.reactor.IoUring.IORING_OP_RECVMSG;
import static io.ioucontext.reactor.IoUring.IORING_OP_SEND;
import static io.ioucontext.reactor.IoUring.IORING_OP_SENDMSG;
import static io.ioucontext.reactor.IoUring.IORING_OP_SHUTDOWN;
import static io.ioucontext.reactor.IoUring.IORING_OP_SOCKET;
import static io.ioucontext.reactor.IoUring.IORING_OP_TIMEOUT;
import static io.ioucontext.reactor.IoUring.IORING_OP_WRITE;
import static io.ioucontext.reactor.IoUring.IORING_TIMEOUT_ABS;
import static io.ioucontext.reactor.IoUring.IORING_TIMEOUT_BOOTTIME;
import static io.ioucontext.reactor.IoUring.IOSQE_CQE_SKIP_SUCCESS;
import static io.ioucontext.reactor.IoUring.IOSQE_IO_HARDLINK;
import static io.ioucontext.reactor.IoUring.IOSQE_IO_LINK;
import static io.ioucontext.reactor.IoUring.IO_URING_SQE;
import static io.ioucontext.reactor.IoUring.KERNEL_TIMESPEC;
import static io.ioucontext.reactor.LibUring.AT_FDCWD;
import static io.ioucontext.reactor.LibUring.offset;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.Suspendable;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.LongConsumer;

/**
 * One operation on its way through the ring, from a {@link Reactor}'s pool: its SQE is staged in
 * a 64-byte native image through setters named after the fields of {@code struct io_uring_sqe}
 * (constants in {@link IoUring}), then it is {@linkplain #submit() submitted} and
 * {@linkplain #await() awaited}, and goes back to the pool. A record comes out of the pool with an
 * all-zero SQE. The reactor owns {@code user_data} (the record's pool index) and the link flags
 * (it links a LINK_TIMEOUT when a {@linkplain #timeout(Duration) timeout} is set). The
 * {@code prep*} methods fill the fields of common operations the way liburing's
 * {@code io_uring_prep_*} do. Confined to the reactor's thread.
 */
public final class Completion {

    /** The user_data of SQEs whose CQEs nobody awaits: the LINK_TIMEOUTs that follow timed operations. */
    static final long UNAWAITED = -1L;

    /** How long a zero timeout lets an operation try: the original's 32,767 ns grace. */
    static final long GRACE_NANOS = 32_767;

    private static final long SQE_SIZE = IO_URING_SQE.byteSize();
    private static final long OPCODE = offset(IO_URING_SQE, "opcode");
    private static final long FLAGS = offset(IO_URING_SQE, "flags");
    private static final long IOPRIO = offset(IO_URING_SQE, "ioprio");
    private static final long FD = offset(IO_URING_SQE, "fd");
    private static final long OFF = offset(IO_URING_SQE, "off");
    private static final long ADDR = offset(IO_URING_SQE, "addr");
    private static final long LEN = offset(IO_URING_SQE, "len");
    private static final long OP_FLAGS = offset(IO_URING_SQE, "rw_flags");
    private static final long BUF_INDEX = offset(IO_URING_SQE, "buf_index");
    private static final long PERSONALITY = offset(IO_URING_SQE, "personality");
    private static final long SPLICE_FD_IN = offset(IO_URING_SQE, "splice_fd_in");
    private static final long ADDR3 = offset(IO_URING_SQE, "addr3");
    private static final long TV_SEC = offset(KERNEL_TIMESPEC, "tv_sec");
    private static final long TV_NSEC = offset(KERNEL_TIMESPEC, "tv_nsec");
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** SQE flags the reactor manages itself: links must stay adjacent, and every SQE must bring a CQE. */
    private static final int RESERVED_SQE_FLAGS = IOSQE_IO_LINK | IOSQE_IO_HARDLINK | IOSQE_CQE_SKIP_SUCCESS;

    /** {@code PATH_MAX} from {@code linux/limits.h}, counting the terminating NUL. */
    private static final int PATH_MAX = 4096;
    /** {@code sizeof(struct msghdr)} on 64-bit Linux. */
    private static final int MSGHDR_SIZE = 56;
    private static final int ECANCELED = Errno.ECANCELED.number();

    final int index;
    private final Reactor reactor;
    /** The SQE being staged, copied whole into an SQ slot when one is free. */
    final MemorySegment sqe;

    /** What the kernel may read or write until the CQE arrives, kept reachable (and so alive) until then. */
    private Object[] kept = new Object[2];
    private int keptCount;
    /** Native memory owned by the record, e.g. for a path; allocated on first use, grown when too small. */
    private MemorySegment scratch;
    private String subject;
    /** The LINK_TIMEOUT's {@code __kernel_timespec}, allocated once per pooled record. */
    private MemorySegment timespec;
    private Duration timeout;
    private int timeoutFlags;

    /** Counts the record's uses, so a stale user_data (e.g. a late cancel) never matches a later operation. */
    private int generation;
    private boolean submitted;
    private boolean detached;
    /** Whether a cancel was asked for, so ECANCELED is not mistaken for an expired timeout. */
    private boolean cancelled;
    /** The cancellation of the waiting fiber, thrown once the CQE has arrived. */
    private CancellationException cancellation;
    private Fiber waiter;
    private boolean done;
    private int result;
    private int cqeFlags;
    /** Whether the operation is multishot: its CQEs are queued until the one without IORING_CQE_F_MORE. */
    private boolean multishot;
    /** The queued CQEs of a multishot operation, packed like {@link #awaitCqe()}'s; a ring grown when full. */
    private long[] cqes;
    private int cqeHead;
    private int cqeCount;
    /** Releases what a CQE nobody will take carries, when the reactor closes first; or null. */
    private LongConsumer onAbandon;

    Completion(Reactor reactor, int index) {
        this.reactor = reactor;
        this.index = index;
        this.sqe = reactor.allocate(SQE_SIZE, SQE_SIZE);
    }

    // ---- SQE fields, named after struct io_uring_sqe ----

    /** @param opcode {@code sqe->opcode}, an {@code IoUring.IORING_OP_*} @return this */
    public Completion opcode(int opcode) {
        sqe.set(JAVA_BYTE, OPCODE, (byte) opcode);
        return this;
    }

    /**
     * {@code sqe->flags}: {@code IOSQE_FIXED_FILE}, {@code IOSQE_IO_DRAIN}, {@code IOSQE_ASYNC},
     * {@code IOSQE_BUFFER_SELECT}.
     *
     * @param flags {@code IoUring.IOSQE_*}
     * @return this
     * @throws IllegalArgumentException for {@code IOSQE_IO_LINK}, {@code IOSQE_IO_HARDLINK} and
     *     {@code IOSQE_CQE_SKIP_SUCCESS}, which the reactor manages (see {@link #timeout(Duration)})
     */
    public Completion sqeFlags(int flags) {
        if ((flags & RESERVED_SQE_FLAGS) != 0) {
            throw new IllegalArgumentException("IOSQE_IO_LINK, IOSQE_IO_HARDLINK and IOSQE_CQE_SKIP_SUCCESS are the"
                    + " reactor's: 0x" + Integer.toHexString(flags));
        }
        sqe.set(JAVA_BYTE, FLAGS, (byte) flags);
        return this;
    }

    /** @param ioprio {@code sqe->ioprio} (also send/recv/accept flags such as {@code IORING_RECVSEND_POLL_FIRST}) @return this */
    public Completion ioprio(int ioprio) {
        sqe.set(JAVA_SHORT, IOPRIO, (short) ioprio);
        return this;
    }

    /** @param fd {@code sqe->fd}: a file descriptor, or a registered file's index with {@code IOSQE_FIXED_FILE} @return this */
    public Completion fd(int fd) {
        sqe.set(JAVA_INT, FD, fd);
        return this;
    }

    /** @param off {@code sqe->off}: a file offset (-1: the current position), or the union's other uses @return this */
    public Completion off(long off) {
        sqe.set(JAVA_LONG, OFF, off);
        return this;
    }

    /** @param addr2 {@code sqe->addr2}, the same field as {@code off}, as a raw address or value @return this */
    public Completion addr2(long addr2) {
        return off(addr2);
    }

    /**
     * {@code sqe->addr2} pointing at native memory, kept reachable until the CQE arrives.
     *
     * @param segment native memory the kernel reads or writes
     * @return this
     */
    public Completion addr2(MemorySegment segment) {
        return off(kept(segment).address());
    }

    /** @param addr {@code sqe->addr} as a raw address or value (e.g. {@code splice_off_in}, a user_data to cancel) @return this */
    public Completion addr(long addr) {
        sqe.set(JAVA_LONG, ADDR, addr);
        return this;
    }

    /**
     * {@code sqe->addr} pointing at native memory, kept reachable until the CQE arrives.
     *
     * @param segment native memory the kernel reads or writes
     * @return this
     */
    public Completion addr(MemorySegment segment) {
        return addr(kept(segment).address());
    }

    /**
     * {@code sqe->addr} and {@code sqe->len} for a buffer of which the kernel reads or writes
     * {@code length} bytes, kept reachable until the CQE arrives.
     *
     * @param buffer native memory, at least {@code length} bytes long
     * @param length the number of bytes
     * @return this
     * @throws IllegalArgumentException when the buffer is on the heap or shorter than {@code length}
     */
    public Completion buffer(MemorySegment buffer, int length) {
        if (length < 0 || length > buffer.byteSize()) {
            throw new IllegalArgumentException("length " + length + " does not fit the " + buffer.byteSize() + "-byte buffer");
        }
        return addr(buffer).len(length);
    }

    /** @param len {@code sqe->len}: a length, an iovec count, a mode, ... @return this */
    public Completion len(int len) {
        sqe.set(JAVA_INT, LEN, len);
        return this;
    }

    /**
     * The operation's flags word, the union after {@code len}: {@code rw_flags}, {@code fsync_flags},
     * {@code poll32_events}, {@code sync_range_flags}, {@code msg_flags}, {@code timeout_flags},
     * {@code accept_flags}, {@code cancel_flags}, {@code open_flags}, {@code statx_flags},
     * {@code fadvise_advice}, {@code splice_flags}, {@code rename_flags}, {@code unlink_flags},
     * {@code hardlink_flags}, {@code xattr_flags}, {@code msg_ring_flags}, {@code uring_cmd_flags},
     * {@code waitid_flags}, {@code futex_flags}, {@code install_fd_flags}.
     *
     * @param flags the value
     * @return this
     */
    public Completion opFlags(int flags) {
        sqe.set(JAVA_INT, OP_FLAGS, flags);
        return this;
    }

    /** @param bufIndex {@code sqe->buf_index}: a registered buffer's index @return this */
    public Completion bufIndex(int bufIndex) {
        sqe.set(JAVA_SHORT, BUF_INDEX, (short) bufIndex);
        return this;
    }

    /** @param bufGroup {@code sqe->buf_group}, the same field as {@code buf_index}, with {@code IOSQE_BUFFER_SELECT} @return this */
    public Completion bufGroup(int bufGroup) {
        return bufIndex(bufGroup);
    }

    /** @param personality {@code sqe->personality}: a registered credentials id @return this */
    public Completion personality(int personality) {
        sqe.set(JAVA_SHORT, PERSONALITY, (short) personality);
        return this;
    }

    /** @param spliceFdIn {@code sqe->splice_fd_in}: the input descriptor of splice and tee @return this */
    public Completion spliceFdIn(int spliceFdIn) {
        sqe.set(JAVA_INT, SPLICE_FD_IN, spliceFdIn);
        return this;
    }

    /**
     * {@code sqe->file_index}, the same field as {@code splice_fd_in}: the registered file slot an
     * open, accept or socket installs its descriptor in, plus one ({@code IORING_FILE_INDEX_ALLOC}
     * lets the kernel pick).
     *
     * @param fileIndex the value
     * @return this
     */
    public Completion fileIndex(int fileIndex) {
        return spliceFdIn(fileIndex);
    }

    /** @param addr3 {@code sqe->addr3} as a raw address or value @return this */
    public Completion addr3(long addr3) {
        sqe.set(JAVA_LONG, ADDR3, addr3);
        return this;
    }

    /**
     * {@code sqe->addr3} pointing at native memory, kept reachable until the CQE arrives.
     *
     * @param segment native memory the kernel reads or writes
     * @return this
     */
    public Completion addr3(MemorySegment segment) {
        return addr3(kept(segment).address());
    }

    // ---- what the reactor needs besides the SQE ----

    /**
     * Keeps something reachable until the CQE arrives: memory the kernel reads or writes that a
     * raw address points at (e.g. the iovecs and buffers a {@code struct msghdr} points at), or
     * the arena owning it.
     *
     * @param reachable the object
     * @return this
     */
    public Completion keep(Object reachable) {
        if (keptCount == kept.length) {
            kept = Arrays.copyOf(kept, keptCount * 2);
        }
        kept[keptCount++] = reachable;
        return this;
    }

    /**
     * Native memory owned by this record, for arguments the kernel reads (a path, a timespec):
     * no allocation per operation. Its contents are undefined until written. It stays readable
     * after {@link #await()} returns only until the calling fiber takes another completion or
     * suspends, since the record then goes back to the pool.
     *
     * @param bytes how much is needed
     * @return a segment of exactly {@code bytes}, 16-byte aligned
     */
    public MemorySegment scratch(long bytes) {
        if (scratch == null || scratch.byteSize() < bytes) {
            scratch = reactor.allocate(Math.max(64, Long.highestOneBit(Math.max(1, bytes - 1)) << 1), 16);
        }
        return scratch.asSlice(0, bytes);
    }

    /**
     * Names what the operation works on in error messages, after the opcode's name:
     * {@code openat(/etc/hosts)}. Without a subject, messages name the SQE's fd: {@code read(fd=5)}.
     *
     * @param subject e.g. a path or a peer's address
     * @return this
     */
    public Completion subject(String subject) {
        this.subject = subject;
        return this;
    }

    /**
     * Bounds the operation's time with a linked {@code IORING_OP_LINK_TIMEOUT} on CLOCK_BOOTTIME,
     * as the original does: when it expires first, the kernel cancels the operation and
     * {@link #await()} throws {@link OperationTimedOutException}.
     *
     * @param timeout null or negative: no bound (the operation may block forever); zero: try now,
     *     with a grace of 32,767 ns; positive: a deadline this long from now (absolute, so a
     *     delayed submission does not extend it)
     * @return this
     */
    public Completion timeout(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            this.timeout = null;
            return this;
        }
        if (timeout.isZero()) {
            return link(timeout, 0, GRACE_NANOS, IORING_TIMEOUT_BOOTTIME);
        }
        MemorySegment now = timespec();
        LibC.bootTime(now);  // into the record's own timespec: no allocation per operation
        long seconds = now.get(JAVA_LONG, TV_SEC) + timeout.getSeconds();
        long nanos = now.get(JAVA_LONG, TV_NSEC) + timeout.getNano();
        if (nanos >= NANOS_PER_SECOND) {
            seconds++;
            nanos -= NANOS_PER_SECOND;
        }
        return link(timeout, seconds, nanos, IORING_TIMEOUT_ABS | IORING_TIMEOUT_BOOTTIME);
    }

    /**
     * Bounds the operation's time by a deadline several operations share, with the meaning of
     * {@link #timeout(Duration)} for the timeout the deadline was taken with.
     *
     * @param deadline from {@link Deadline#after(Duration)}
     * @return this
     */
    public Completion timeout(Deadline deadline) {
        if (deadline.isNever()) {
            this.timeout = null;
            return this;
        }
        if (deadline.isNow()) {
            return link(Duration.ZERO, 0, GRACE_NANOS, IORING_TIMEOUT_BOOTTIME);
        }
        return link(deadline.duration(), deadline.bootSeconds(), deadline.bootNanos(),
                IORING_TIMEOUT_ABS | IORING_TIMEOUT_BOOTTIME);
    }

    private MemorySegment timespec() {
        if (timespec == null) {
            timespec = reactor.allocate(KERNEL_TIMESPEC.byteSize(), 8);
        }
        return timespec;
    }

    private Completion link(Duration timeout, long seconds, long nanos, int flags) {
        MemorySegment at = timespec();
        at.set(JAVA_LONG, TV_SEC, seconds);
        at.set(JAVA_LONG, TV_NSEC, nanos);
        this.timeoutFlags = flags;
        this.timeout = timeout;
        return this;
    }

    // ---- conveniences filling the SQE of common operations ----

    /** @return this, prepared as {@code IORING_OP_NOP} (completes with 0 without doing anything) */
    public Completion prepNop() {
        return opcode(IORING_OP_NOP).fd(-1);
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
        return opcode(IORING_OP_READ).fd(fd).buffer(buffer, length).off(offset);
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
        return opcode(IORING_OP_WRITE).fd(fd).buffer(buffer, length).off(offset);
    }

    /**
     * {@code IORING_OP_OPENAT} relative to the working directory: openat(2). The path is copied
     * into the record's {@linkplain #scratch(long) scratch memory}.
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
        MemorySegment cString = scratch(bytes.length + 1);
        MemorySegment.copy(bytes, 0, cString, JAVA_BYTE, 0, bytes.length);
        cString.set(JAVA_BYTE, bytes.length, (byte) 0);
        return opcode(IORING_OP_OPENAT).fd(AT_FDCWD).addr(cString.address()).len(mode).opFlags(flags).subject(path);
    }

    /**
     * {@code IORING_OP_CLOSE}: close(2).
     *
     * @param fd the file descriptor
     * @return this
     */
    public Completion prepClose(int fd) {
        return opcode(IORING_OP_CLOSE).fd(fd);
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
        return opcode(IORING_OP_SOCKET).fd(domain).off(type).len(protocol)
                .subject("domain=" + domain + ", type=" + type);
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
        return opcode(IORING_OP_CONNECT).fd(fd).buffer(address, length).len(0).off(length)
                .subject("fd=" + fd + ", " + peer);
    }

    /**
     * {@code IORING_OP_ACCEPT}: accept4(2), without asking for the peer's address.
     *
     * @param fd    the listening socket
     * @param flags {@code SOCK_CLOEXEC}, {@code SOCK_NONBLOCK}
     * @return this
     */
    public Completion prepAccept(int fd, int flags) {
        return opcode(IORING_OP_ACCEPT).fd(fd).opFlags(flags);
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
        return opcode(IORING_OP_SEND).fd(fd).buffer(buffer, length).opFlags(flags);
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
        return opcode(IORING_OP_RECV).fd(fd).buffer(buffer, length).opFlags(flags);
    }

    /**
     * {@code IORING_OP_RECV} into a buffer the kernel picks from a provided buffer ring when data
     * arrives ({@code IOSQE_BUFFER_SELECT}); {@link BufferRing#take(long)} lends it from the CQE.
     * With {@code IORING_RECV_MULTISHOT} in {@link #ioprio(int)} and {@link #multishot()}, one SQE
     * receives again and again, a buffer per CQE.
     *
     * @param fd      the socket
     * @param buffers the ring to pick from; at most {@link BufferRing#bufferSize()} bytes per receive
     * @param flags   {@code MSG_*}
     * @return this
     * @throws IllegalStateException when the ring is closed
     */
    public Completion prepRecv(int fd, BufferRing buffers, int flags) {
        buffers.checkOpen();
        return opcode(IORING_OP_RECV).fd(fd).sqeFlags(IoUring.IOSQE_BUFFER_SELECT).bufGroup(buffers.groupId())
                .opFlags(flags).keep(buffers);
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
        return opcode(IORING_OP_SENDMSG).fd(fd).buffer(msghdr, MSGHDR_SIZE).len(1).opFlags(flags);
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
        return opcode(IORING_OP_RECVMSG).fd(fd).buffer(msghdr, MSGHDR_SIZE).len(1).opFlags(flags);
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
        return opcode(IORING_OP_ASYNC_CANCEL).fd(fd).opFlags(IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_ALL);
    }

    /**
     * {@code IORING_OP_SHUTDOWN}: shutdown(2).
     *
     * @param fd  the socket
     * @param how {@code SHUT_RD}, {@code SHUT_WR} or {@code SHUT_RDWR}
     * @return this
     */
    public Completion prepShutdown(int fd, int how) {
        return opcode(IORING_OP_SHUTDOWN).fd(fd).len(how);
    }

    /**
     * {@code IORING_OP_TIMEOUT} that completes on expiry only (count 0), with {@code ETIME}, or with
     * {@code ECANCELED} when cancelled first. Its timespec lives in the record's {@link #scratch}.
     *
     * @param seconds the timespec's seconds: from now, or a point of the flags' clock
     * @param nanos   its nanoseconds
     * @param flags   {@code timeout_flags}: 0 (relative), or {@code IORING_TIMEOUT_ABS} with a clock
     * @return this
     */
    public Completion prepTimeout(long seconds, long nanos, int flags) {
        MemorySegment at = scratch(KERNEL_TIMESPEC.byteSize());
        at.set(JAVA_LONG, TV_SEC, seconds);
        at.set(JAVA_LONG, TV_NSEC, nanos);
        return opcode(IORING_OP_TIMEOUT).fd(-1).addr(at).len(1).off(0).opFlags(flags);
    }

    /** @return this, prepared as {@code IORING_OP_ASYNC_CANCEL} of every operation in flight (kernel 5.19+) */
    Completion prepCancelAll() {
        return opcode(IORING_OP_ASYNC_CANCEL).fd(-1).opFlags(IORING_ASYNC_CANCEL_ALL | IORING_ASYNC_CANCEL_ANY);
    }

    /**
     * Makes the operation multishot: one SQE, many CQEs (e.g. {@code IORING_OP_ACCEPT} with
     * {@code IORING_ACCEPT_MULTISHOT} in {@code ioprio}, {@code IORING_OP_RECV} with
     * {@code IORING_RECV_MULTISHOT}). The record stays alive, and the reactor's {@link Reactor#run()}
     * keeps turning, while its CQEs carry {@code IORING_CQE_F_MORE}; each CQE is queued in the record
     * (without allocation) for {@link #nextCqe()}. It cannot have a timeout or be detached; it ends
     * with its last CQE, or when {@link #cancel()} is asked.
     *
     * @return this
     */
    public Completion multishot() {
        multishot = true;
        if (cqes == null) {
            cqes = new long[8];
        }
        return this;
    }

    /**
     * Says how to release what the operation's successful CQEs carry (an accepted descriptor, a
     * selected buffer) should its reactor close before anyone takes them: {@link Reactor#close()}
     * cancels the operation, then hands each CQE that arrived and was not taken (its {@code res}
     * not negative) to {@code release}, since the fiber that would have taken it never resumes.
     *
     * @param release receives each such CQE, packed like {@link #awaitCqe()}'s; must not throw
     * @return this
     */
    public Completion onAbandon(LongConsumer release) {
        this.onAbandon = release;
        return this;
    }

    // ---- submitting and awaiting ----

    /**
     * Hands the staged operation to the reactor: into the SQ if there is room, else to the
     * reactor's FIFO of operations waiting for a slot. The SQE is copied when it enters the SQ.
     *
     * @return this
     * @throws IllegalStateException when already submitted
     */
    public Completion submit() {
        if (submitted) {
            throw new IllegalStateException(describe() + " was already submitted");
        }
        if (multishot && (timeout != null || detached)) {
            throw new IllegalStateException("multishot " + describe() + " cannot have a timeout or be detached");
        }
        reactor.submit(this);
        submitted = true;
        return this;
    }

    /**
     * Submits the operation and forgets it: nobody awaits its CQE, whose result is dropped, and the
     * record goes back to the pool when it arrives. The reactor's loop keeps running until then.
     */
    public void submitDetached() {
        detached = true;
        submit();
    }

    /**
     * Waits for the operation's CQE: parks the current fiber until the reactor reaps it, or,
     * outside a fiber, drives the reactor (other fibers may run) until it arrives. The record then
     * goes back to the pool and must not be used any more.
     *
     * @return the operation's result, never negative
     * @throws OperationTimedOutException when its {@linkplain #timeout(Duration) timeout} expired first
     * @throws UringException when the kernel reports an error, e.g. {@code read(fd=5): EBADF (Bad file descriptor)}
     * @throws CancellationException when the waiting fiber is {@linkplain Fiber#cancel() cancelled}
     *     and the operation did not succeed (the cancel stopped it, or it failed): the kernel is
     *     asked to cancel it, and this is thrown once its CQE has arrived. An operation that
     *     succeeded anyway (it completed before the cancel reached it) returns its result instead,
     *     since it happened (a descriptor opened, bytes consumed), and the fiber stays cancelled:
     *     the exception comes from its next park or yield, or the next operation the cancel stops
     */
    @Suspendable
    public int await() throws UringException {
        // The wait is written out here and in awaitCqe() rather than shared: each suspendable
        // frame between the caller and Fiber.park() costs a save and a restore per operation.
        while (mustPark()) {
            try {
                Fiber.park();
            } catch (CancellationException e) {
                holdUntilDone(e);
            }
        }
        return cqeRes(outcome());
    }

    /**
     * Waits like {@link #await()}, for operations whose CQE flags matter ({@code IORING_CQE_F_BUFFER}
     * with the selected buffer's id, {@code IORING_CQE_F_SOCK_NONEMPTY}, ...).
     *
     * @return the CQE packed without allocation: read it with {@link #cqeRes(long)} and {@link #cqeFlags(long)}
     * @throws OperationTimedOutException when its {@linkplain #timeout(Duration) timeout} expired first
     * @throws UringException when the kernel reports an error
     * @throws CancellationException as {@link #await()}: only when the operation did not succeed; a
     *     successful CQE is returned, the fiber staying cancelled
     */
    @Suspendable
    public long awaitCqe() throws UringException {
        while (mustPark()) {
            try {
                Fiber.park();
            } catch (CancellationException e) {
                holdUntilDone(e);
            }
        }
        return outcome();
    }

    /**
     * @return whether the calling fiber must park (again) for the CQE; outside a fiber, drives the
     *     reactor until the CQE arrives instead
     */
    private boolean mustPark() {
        if (multishot) {
            throw new IllegalStateException("multishot " + describe() + " is awaited with nextCqe()");
        }
        if (done) {
            return false;
        }
        if (waiter == null) {
            Optional<Fiber> fiber = Fiber.current();
            if (fiber.isEmpty()) {
                reactor.driveUntilDone(this);
                return false;
            }
            waiter = fiber.get();
        }
        return true;
    }

    /**
     * A {@linkplain Fiber#cancel() cancelled} fiber must not leave while the kernel may still use
     * the operation's memory (its caller may free it at once): the operation is cancelled (unless
     * its CQE is already there), and the {@link CancellationException} held until its CQE has arrived.
     */
    private void holdUntilDone(CancellationException e) {
        if (cancellation == null) {
            cancellation = e;
            if (!done) {
                reactor.cancel(this);
            }
        }
    }

    /**
     * Releases the record once its CQE has arrived.
     *
     * @return the CQE, packed
     * @throws CancellationException when the waiting fiber was cancelled meanwhile and the operation failed
     * @throws UringException for a negative {@code res}
     */
    private long outcome() throws UringException {
        int outcome = result;
        CancellationException interrupted = cancellation;
        if (outcome >= 0) {
            long cqe = (long) cqeFlags << 32 | outcome;
            Fiber interruptedFiber = interrupted != null ? waiter : null;
            reactor.release(this);
            if (interruptedFiber != null) {
                // The operation happened anyway (a descriptor, consumed bytes): its result is the
                // caller's, and the cancellation park() took is made pending again for the next one.
                interruptedFiber.cancel();
            }
            return cqe;
        }
        UringException failure = outcome == -ECANCELED && timeout != null && !cancelled
                ? new OperationTimedOutException(describe(), timeout)
                : new UringException(describe(), -outcome);
        reactor.release(this);
        if (interrupted != null) {
            throw interrupted;
        }
        throw failure;
    }

    /**
     * Takes the next CQE of a {@linkplain #multishot() multishot} operation, oldest first: parks the
     * current fiber until one is queued or, outside a fiber, drives the reactor until then. The last
     * CQE is the one without {@code IORING_CQE_F_MORE} ({@link #hasMore(long)} false); once it is
     * taken (returned or thrown) the record goes back to the pool and must not be used any more.
     * One fiber at a time may wait here.
     *
     * @return the CQE packed like {@link #awaitCqe()}'s, its {@code res} never negative
     * @throws MultishotException for a CQE with a negative {@code res}, e.g. {@code ECANCELED} after
     *     {@link #cancel()}, {@code ENOBUFS} when a buffer ring ran dry, {@code ETIME} for each
     *     expiry of a multishot timeout; its {@link MultishotException#hasMore()} tells whether the
     *     operation goes on (the CQE had {@code IORING_CQE_F_MORE}) or ended with it
     * @throws IllegalStateException when the operation is not multishot
     * @throws CancellationException when the waiting fiber is {@linkplain Fiber#cancel() cancelled}:
     *     it takes nothing, so the CQEs that arrived meanwhile stay queued for the next call (and
     *     the operation stays armed)
     */
    @Suspendable
    public long nextCqe() throws MultishotException {
        if (!multishot || !submitted) {
            throw new IllegalStateException(describe() + " is not a submitted multishot operation");
        }
        if (cqeCount == 0) {
            Optional<Fiber> fiber = Fiber.current();
            if (fiber.isPresent()) {
                waiter = fiber.get();
                try {
                    while (cqeCount == 0) {
                        Fiber.park();
                    }
                } catch (CancellationException e) {
                    waiter = null;  // gone: later CQEs must not wake it, nor Reactor.cancel(fiber) find it here
                    throw e;
                }
                waiter = null;
            } else {
                reactor.runUntil(() -> cqeCount > 0);
            }
        }
        long cqe = takeQueued();
        boolean more = hasMore(cqe);
        int res = cqeRes(cqe);
        MultishotException failure = res < 0 ? new MultishotException(describe(), -res, more) : null;
        if (!more) {
            reactor.release(this);
        }
        if (failure != null) {
            throw failure;
        }
        return cqe;
    }

    private long takeQueued() {
        long cqe = cqes[cqeHead];
        cqeHead = (cqeHead + 1) % cqes.length;
        cqeCount--;
        return cqe;
    }

    /**
     * Called by {@link Reactor#close()} once nothing is in flight: hands the CQEs that arrived and
     * that nobody will take to the {@linkplain #onAbandon(LongConsumer) release} given, if any.
     */
    void abandon() {
        if (!submitted || onAbandon == null) {
            return;
        }
        if (multishot) {
            while (cqeCount > 0) {
                long cqe = takeQueued();
                if (cqeRes(cqe) >= 0) {
                    onAbandon.accept(cqe);
                }
            }
        } else if (done && result >= 0) {
            onAbandon.accept((long) cqeFlags << 32 | result);
        }
    }

    /**
     * Asks the kernel to cancel the operation ({@code IORING_OP_ASYNC_CANCEL} by its user_data,
     * without waiting): its waiter then gets {@code ECANCELED}, unless it completed first. For a
     * {@linkplain #multishot() multishot} operation, the CQEs queued before stay to be taken, and
     * each call asks again: a cancel that reaches the kernel while it re-arms the operation (a
     * multishot timeout between its expiry and its next start) finds nothing, so a caller still
     * getting CQEs with {@code IORING_CQE_F_MORE} asks once more.
     *
     * @return whether the operation was still going (submitted, its last CQE not arrived)
     */
    public boolean cancel() {
        if (!isPending()) {
            return false;
        }
        if (!cancelled || multishot) {
            reactor.cancel(this);
        }
        return true;
    }

    /** @param cqe what {@link #nextCqe()} returned @return whether more CQEs follow it ({@code IORING_CQE_F_MORE}) */
    public static boolean hasMore(long cqe) {
        return (cqeFlags(cqe) & IORING_CQE_F_MORE) != 0;
    }

    /** @param cqe what {@link #awaitCqe()} returned @return the CQE's {@code res}, never negative */
    public static int cqeRes(long cqe) {
        return (int) cqe;
    }

    /** @param cqe what {@link #awaitCqe()} returned @return the CQE's {@code flags} ({@code IORING_CQE_F_*}) */
    public static int cqeFlags(long cqe) {
        return (int) (cqe >>> 32);
    }

    /** Called by the reactor when the CQE arrives. */
    void complete(int result, int cqeFlags) {
        if (multishot) {
            queue((long) cqeFlags << 32 | (result & 0xFFFF_FFFFL));
            done = (cqeFlags & IORING_CQE_F_MORE) == 0;
            if (waiter != null) {
                waiter.unpark();
            }
            return;
        }
        this.result = result;
        this.cqeFlags = cqeFlags;
        this.done = true;
        if (waiter != null) {
            waiter.unpark();
        }
    }

    private void queue(long cqe) {
        if (cqeCount == cqes.length) {  // rare: the consumer fell behind; grow once, keep the order
            long[] grown = new long[cqes.length * 2];
            for (int i = 0; i < cqeCount; i++) {
                grown[i] = cqes[(cqeHead + i) % cqes.length];
            }
            cqes = grown;
            cqeHead = 0;
        }
        cqes[(cqeHead + cqeCount) % cqes.length] = cqe;
        cqeCount++;
    }

    /** @return the SQE's user_data: the generation in the high half, the pool index in the low half */
    long userData() {
        return (long) generation << 32 | index;
    }

    /** @return whether the operation went to the reactor and its CQE has not been reaped yet */
    boolean isPending() {
        return submitted && !done;
    }

    /** @return the fiber awaiting the CQE, if any */
    Optional<Fiber> waiter() {
        return Optional.ofNullable(waiter);
    }

    /** @return the SQE's fd field, when it is a descriptor rather than a registered file's index */
    Optional<Integer> plainFd() {
        return (sqe.get(JAVA_BYTE, FLAGS) & IoUring.IOSQE_FIXED_FILE) != 0
                ? Optional.empty() : Optional.of(sqe.get(JAVA_INT, FD));
    }

    /** @return whether the operation picks its buffer from a buffer group ({@code IOSQE_BUFFER_SELECT}) */
    boolean selectsFrom(int group) {
        return (sqe.get(JAVA_BYTE, FLAGS) & IoUring.IOSQE_BUFFER_SELECT) != 0
                && Short.toUnsignedInt(sqe.get(JAVA_SHORT, BUF_INDEX)) == group;
    }

    /** Marks the operation as cancelled on purpose: its ECANCELED is not a timeout. */
    void markCancelled() {
        cancelled = true;
    }

    /** @return whether nobody awaits the CQE, so the record goes straight back to the pool */
    boolean isDetached() {
        return detached;
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

    /** @return the LINK_TIMEOUT's {@code timeout_flags} */
    int timeoutFlags() {
        return timeoutFlags;
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
        sqe.fill((byte) 0);
        Arrays.fill(kept, 0, keptCount, null);
        keptCount = 0;
        subject = null;
        timeout = null;
        generation++;
        submitted = false;
        detached = false;
        cancelled = false;
        cancellation = null;
        waiter = null;
        done = false;
        result = 0;
        cqeFlags = 0;
        multishot = false;
        cqeHead = 0;
        cqeCount = 0;
        onAbandon = null;
    }

    private MemorySegment kept(MemorySegment segment) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException("io_uring needs native memory, not a heap segment: " + segment);
        }
        keep(segment);
        return segment;
    }

    /** @return e.g. {@code read(fd=5)} */
    String describe() {
        String name = IoUring.opcodeName(Byte.toUnsignedInt(sqe.get(JAVA_BYTE, OPCODE)));
        return name + "(" + (subject != null ? subject : "fd=" + sqe.get(JAVA_INT, FD)) + ")";
    }
}
