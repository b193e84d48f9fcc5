package io.ioucontext.ops;

import static io.ioucontext.reactor.IoUring.IORING_FSYNC_DATASYNC;
import static io.ioucontext.reactor.IoUring.IORING_OP_FADVISE;
import static io.ioucontext.reactor.IoUring.IORING_OP_FALLOCATE;
import static io.ioucontext.reactor.IoUring.IORING_OP_FSYNC;
import static io.ioucontext.reactor.IoUring.IORING_OP_FTRUNCATE;
import static io.ioucontext.reactor.IoUring.IORING_OP_OPENAT;
import static io.ioucontext.reactor.IoUring.IORING_OP_READV;
import static io.ioucontext.reactor.IoUring.IORING_OP_WRITEV;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Completion;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.UringException;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.time.Duration;

/**
 * File descriptor operations through the calling thread's io_uring {@link Reactor}: open, read,
 * write (plain, positional and vectored), sync, allocate, advise, truncate, statx and close. In a
 * fiber each call suspends the fiber until its completion arrives; outside a fiber it drives the
 * reactor (other fibers may run) until then.
 *
 * <p>Memory: {@link MemorySegment}s must be native. {@link ByteBuffer}s are used from their
 * position to their limit, and their position moves past the bytes transferred, as with NIO
 * channels: a direct buffer's own memory is handed to the kernel, a heap buffer's bytes go through
 * the operation's pooled native memory (at most {@value #BOUNCE_BYTES} bytes per call), never
 * through memory allocated per call.
 *
 * <p>Arguments are checked before anything is submitted ({@link IllegalArgumentException} naming
 * what is wrong). Kernel errors are {@link UringException}s carrying the errno and the operation,
 * e.g. {@code read(fd=5): EBADF (Bad file descriptor)}. The end of a file or stream is a return
 * value, -1.
 */
public final class FileIo {

    /** An offset meaning "the file's current position", as streams and pipes need. */
    public static final long CURRENT_POSITION = -1;

    /** The directory descriptor meaning "the working directory" ({@code AT_FDCWD}), for {@link #openat}. */
    public static final int CURRENT_DIRECTORY = PathFlags.AT_FDCWD;

    /** The most bytes of a heap {@link ByteBuffer} one call moves through native memory. */
    public static final int BOUNCE_BYTES = 64 * 1024;

    /** The kernel's MAX_RW_COUNT: no read or write moves more bytes in one call. */
    static final int MAX_RW_COUNT = 0x7ffff000;

    /** The empty path that, with AT_EMPTY_PATH, makes statx describe the descriptor itself. */
    private static final byte[] NO_NAME = {};

    /** Permission bits of created files, before the umask: as open(2) callers usually pass. */
    private static final int CREATE_MODE = 0666;

    /**
     * Opens a file (IORING_OP_OPENAT), close-on-exec.
     *
     * @param path    the file
     * @param options as for {@link java.nio.file.Files#newByteChannel}; none means READ
     * @return the file descriptor
     * @throws IOException e.g. {@code openat(/no/such): ENOENT (No such file or directory)}
     */
    @Suspendable
    public static int open(Path path, OpenOption... options) throws IOException {
        return openat(CURRENT_DIRECTORY, path, options);
    }

    /**
     * Opens a file relative to a directory (IORING_OP_OPENAT), close-on-exec.
     *
     * @param dirfd   a directory's descriptor, or {@link #CURRENT_DIRECTORY}; ignored for absolute paths
     * @param path    the file
     * @param options as for {@link java.nio.file.Files#newByteChannel}; none means READ
     * @return the file descriptor
     * @throws IllegalArgumentException when the path contains NUL or exceeds PATH_MAX
     * @throws IOException e.g. {@code openat(dirfd=5, no/such): ENOENT (No such file or directory)}
     */
    @Suspendable
    public static int openat(int dirfd, Path path, OpenOption... options) throws IOException {
        int flags = OpenFlags.of(options);
        byte[] name = NativePaths.encode(path);
        Completion open = Reactor.get().completion();
        long address = NativePaths.put(name, open.scratch(NativePaths.size(name)), 0);
        return open.opcode(IORING_OP_OPENAT).fd(dirfd).addr(address).len(CREATE_MODE).opFlags(flags)
                .subject(NativePaths.subject(dirfd, path)).submit().await();
    }

    /**
     * Closes a file descriptor (IORING_OP_CLOSE).
     *
     * @param fd the file descriptor
     * @throws IOException e.g. {@code close(fd=42): EBADF (Bad file descriptor)}
     */
    @Suspendable
    public static void close(int fd) throws IOException {
        checkFd(fd);
        Reactor.get().completion().prepClose(fd).submit().await();
    }

    /**
     * Reads into the whole buffer at most (IORING_OP_READ): read(2), or pread(2) at an offset.
     *
     * @param fd     the file descriptor
     * @param buffer native memory receiving the bytes
     * @param offset the file offset, or {@link #CURRENT_POSITION}
     * @return the number of bytes read, or -1 at the end of the file or stream (0 only for an empty buffer)
     * @throws IOException e.g. {@code read(fd=5): EBADF (Bad file descriptor)}
     */
    @Suspendable
    public static int read(int fd, MemorySegment buffer, long offset) throws IOException {
        return read(fd, buffer, (int) Math.min(buffer.byteSize(), MAX_RW_COUNT), offset);
    }

    /**
     * Reads at most {@code length} bytes into the start of the buffer (IORING_OP_READ).
     *
     * @param fd     the file descriptor
     * @param buffer native memory receiving the bytes
     * @param length the number of bytes to read at most
     * @param offset the file offset, or {@link #CURRENT_POSITION}
     * @return the number of bytes read, or -1 at the end of the file or stream (0 only when {@code length} is 0)
     * @throws IllegalArgumentException when the length is negative or larger than the buffer, the
     *     offset is below -1, the descriptor negative or the buffer not writable native memory
     * @throws IOException e.g. {@code read(fd=5): EBADF (Bad file descriptor)}
     */
    @Suspendable
    public static int read(int fd, MemorySegment buffer, int length, long offset) throws IOException {
        checkTransfer(fd, buffer, length, offset);
        checkWritable(buffer);
        if (length == 0) {
            return 0;
        }
        return readOnce(Reactor.get().completion(), fd, buffer, length, offset, null);
    }

    /**
     * Reads into the whole buffer at most, giving up after a time (IORING_OP_READ linked to an
     * IORING_OP_LINK_TIMEOUT): for pipes, terminals and other streams that may stay silent.
     *
     * @param fd      the file descriptor
     * @param buffer  native memory receiving the bytes
     * @param offset  the file offset, or {@link #CURRENT_POSITION}
     * @param timeout how long to wait at most; zero: only what can be read at once; null or negative: as
     *                long as it takes
     * @return the number of bytes read, or -1 at the end of the file or stream (0 only for an empty buffer)
     * @throws io.ioucontext.reactor.OperationTimedOutException when nothing arrived in time (nothing was read)
     * @throws IOException e.g. {@code read(fd=5): EBADF (Bad file descriptor)}
     */
    @Suspendable
    public static int read(int fd, MemorySegment buffer, long offset, Duration timeout) throws IOException {
        int length = (int) Math.min(buffer.byteSize(), MAX_RW_COUNT);
        checkTransfer(fd, buffer, length, offset);
        checkWritable(buffer);
        if (length == 0) {
            return 0;
        }
        return readOnce(Reactor.get().completion(), fd, buffer, length, offset, timeout);
    }

    /**
     * Reads into a buffer's remaining space (IORING_OP_READ), moving its position past the bytes
     * read. A heap buffer receives at most {@value #BOUNCE_BYTES} bytes per call.
     *
     * @param fd     the file descriptor
     * @param buffer receives the bytes from its position up to its limit
     * @param offset the file offset, or {@link #CURRENT_POSITION}
     * @return the number of bytes read, or -1 at the end of the file or stream (0 only when nothing remains)
     * @throws IllegalArgumentException when the buffer is read-only, the descriptor negative or the offset below -1
     * @throws IOException e.g. {@code read(fd=5): EBADF (Bad file descriptor)}
     */
    @Suspendable
    public static int read(int fd, ByteBuffer buffer, long offset) throws IOException {
        return readInto(fd, buffer, offset, null);
    }

    /**
     * Reads into a buffer's remaining space, giving up after a time (IORING_OP_READ linked to an
     * IORING_OP_LINK_TIMEOUT), moving its position past the bytes read. A heap buffer receives at
     * most {@value #BOUNCE_BYTES} bytes per call.
     *
     * @param fd      the file descriptor
     * @param buffer  receives the bytes from its position up to its limit
     * @param offset  the file offset, or {@link #CURRENT_POSITION}
     * @param timeout how long to wait at most; zero: only what can be read at once; null or negative: as
     *                long as it takes
     * @return the number of bytes read, or -1 at the end of the file or stream (0 only when nothing remains)
     * @throws io.ioucontext.reactor.OperationTimedOutException when nothing arrived in time (nothing
     *     was read; the position stays)
     * @throws IllegalArgumentException when the buffer is read-only, the descriptor negative or the
     *     offset below -1
     * @throws IOException e.g. {@code read(fd=5): EBADF (Bad file descriptor)}
     */
    @Suspendable
    public static int read(int fd, ByteBuffer buffer, long offset, Duration timeout) throws IOException {
        return readInto(fd, buffer, offset, timeout);
    }

    /** A ByteBuffer read: into a direct buffer's memory, or a heap buffer's through the operation's scratch memory. */
    @Suspendable
    private static int readInto(int fd, ByteBuffer buffer, long offset, Duration timeout) throws IOException {
        checkFd(fd);
        checkOffset(offset);
        checkWritable(buffer);
        if (!buffer.hasRemaining()) {
            return 0;
        }
        Completion read = Reactor.get().completion();
        MemorySegment target = buffer.isDirect()
                ? MemorySegment.ofBuffer(buffer)
                : read.scratch(Math.min(buffer.remaining(), BOUNCE_BYTES));
        int n = readOnce(read, fd, target, (int) Math.min(target.byteSize(), MAX_RW_COUNT), offset, timeout);
        if (n > 0 && !buffer.isDirect()) {
            MemorySegment.copy(target, 0, MemorySegment.ofBuffer(buffer), 0, n);
        }
        return advance(buffer, n);
    }

    /** @param timeout null or negative for none */
    @Suspendable
    private static int readOnce(Completion read, int fd, MemorySegment buffer, int length, long offset, Duration timeout)
            throws IOException {
        return endOfStream(read.prepRead(fd, buffer, length, offset).timeout(timeout).submit().await());
    }

    /**
     * Scatters what one readv(2) reads (IORING_OP_READV) over native buffers, filling each before the next.
     *
     * @param fd      the file descriptor
     * @param buffers native memory receiving the bytes, each at most 2 GiB; the first 1024 non-empty ones are used
     * @param offset  the file offset, or {@link #CURRENT_POSITION}
     * @return the number of bytes read, or -1 at the end of the file or stream (0 only when all buffers are empty)
     * @throws IllegalArgumentException when a buffer is on the heap, read-only or above 2 GiB, the
     *     descriptor negative or the offset below -1
     * @throws IOException e.g. {@code readv(fd=5): EBADF (Bad file descriptor)}
     */
    @Suspendable
    public static long readv(int fd, MemorySegment[] buffers, long offset) throws IOException {
        return readv(fd, IoVectors.views(buffers), offset);
    }

    /**
     * Scatters what one readv(2) reads (IORING_OP_READV) over buffers, filling each from its
     * position before the next and moving positions past the bytes read, as
     * {@link java.nio.channels.ScatteringByteChannel} does. Heap buffers take at most
     * {@value #BOUNCE_BYTES} bytes together per call; the first 1024 buffers with room are used.
     *
     * @param fd      the file descriptor
     * @param buffers receive the bytes
     * @param offset  the file offset, or {@link #CURRENT_POSITION}
     * @return the number of bytes read, or -1 at the end of the file or stream (0 only when no buffer has room)
     * @throws IllegalArgumentException when a buffer is read-only, the descriptor negative or the offset below -1
     * @throws IOException e.g. {@code readv(fd=5): EBADF (Bad file descriptor)}
     */
    @Suspendable
    public static long readv(int fd, ByteBuffer[] buffers, long offset) throws IOException {
        checkFd(fd);
        checkOffset(offset);
        for (ByteBuffer buffer : buffers) {
            checkWritable(buffer);
        }
        if (IoVectors.remaining(buffers) == 0) {
            return 0;
        }
        Completion readv = Reactor.get().completion();
        IoVectors vectors = IoVectors.layOut(readv, buffers, false);
        int n = readv.opcode(IORING_OP_READV).fd(fd).addr(vectors.iovecs()).len(vectors.count()).off(offset)
                .submit().await();
        vectors.advance(n, true);
        return endOfStream(n);
    }

    /**
     * Writes all of {@code data} (IORING_OP_WRITE, repeated after short writes): write(2), or
     * pwrite(2) at an offset.
     *
     * @param fd     the file descriptor
     * @param data   native memory holding the bytes
     * @param offset the file offset, or {@link #CURRENT_POSITION}
     * @throws IllegalArgumentException when the offset is below -1, the descriptor negative or the data not native memory
     * @throws IOException saying why not everything was written, e.g. {@code write(fd=1): EPIPE (Broken pipe)}
     */
    @Suspendable
    public static void write(int fd, MemorySegment data, long offset) throws IOException {
        long size = data.byteSize();
        checkTransfer(fd, data, 0, offset);
        long written = 0;
        while (written < size) {
            int chunk = (int) Math.min(size - written, MAX_RW_COUNT);
            int n = Reactor.get().completion().prepWrite(fd, data.asSlice(written), chunk, at(offset, written))
                    .submit().await();
            written += tookSome(n, "write", fd, size - written);
        }
    }

    /**
     * Writes all of a buffer's remaining bytes (IORING_OP_WRITE, repeated after short writes),
     * moving its position to its limit (or, when a write fails, past the bytes written). A heap
     * buffer's bytes go through native memory {@value #BOUNCE_BYTES} bytes at a time.
     *
     * @param fd     the file descriptor
     * @param data   the bytes from its position up to its limit
     * @param offset the file offset, or {@link #CURRENT_POSITION}
     * @throws IllegalArgumentException when the offset is below -1 or the descriptor negative
     * @throws IOException saying why not everything was written, e.g. {@code write(fd=1): EPIPE (Broken pipe)}
     */
    @Suspendable
    public static void write(int fd, ByteBuffer data, long offset) throws IOException {
        checkFd(fd);
        checkOffset(offset);
        long written = 0;
        while (data.hasRemaining()) {
            Completion write = Reactor.get().completion();
            MemorySegment source;
            int length;
            if (data.isDirect()) {
                source = MemorySegment.ofBuffer(data);
                length = (int) Math.min(source.byteSize(), MAX_RW_COUNT);
            } else {
                length = Math.min(data.remaining(), BOUNCE_BYTES);
                source = write.scratch(length);
                MemorySegment.copy(MemorySegment.ofBuffer(data), 0, source, 0, length);
            }
            int n = write.prepWrite(fd, source, length, at(offset, written)).submit().await();
            written += advance(data, tookSome(n, "write", fd, data.remaining()));
        }
    }

    /**
     * Writes all of several native buffers, in order (IORING_OP_WRITEV, repeated after short writes).
     *
     * @param fd     the file descriptor
     * @param data   native memory holding the bytes, each at most 2 GiB
     * @param offset the file offset, or {@link #CURRENT_POSITION}
     * @throws IllegalArgumentException when a buffer is on the heap or above 2 GiB, the offset below
     *     -1 or the descriptor negative
     * @throws IOException saying why not everything was written, e.g. {@code writev(fd=1): EPIPE (Broken pipe)}
     */
    @Suspendable
    public static void writev(int fd, MemorySegment[] data, long offset) throws IOException {
        writev(fd, IoVectors.views(data), offset);
    }

    /**
     * Writes all remaining bytes of several buffers, in order (IORING_OP_WRITEV, repeated after
     * short writes), moving each position to its limit (or, when a write fails, past the bytes
     * written), as {@link java.nio.channels.GatheringByteChannel} does.
     *
     * @param fd     the file descriptor
     * @param data   the bytes of each from its position up to its limit
     * @param offset the file offset, or {@link #CURRENT_POSITION}
     * @throws IllegalArgumentException when the offset is below -1 or the descriptor negative
     * @throws IOException saying why not everything was written, e.g. {@code writev(fd=1): EPIPE (Broken pipe)}
     */
    @Suspendable
    public static void writev(int fd, ByteBuffer[] data, long offset) throws IOException {
        checkFd(fd);
        checkOffset(offset);
        long written = 0;
        long remaining = IoVectors.remaining(data);
        while (remaining > 0) {
            Completion writev = Reactor.get().completion();
            IoVectors vectors = IoVectors.layOut(writev, data, true);
            int n = writev.opcode(IORING_OP_WRITEV).fd(fd).addr(vectors.iovecs()).len(vectors.count())
                    .off(at(offset, written)).submit().await();
            vectors.advance(tookSome(n, "writev", fd, remaining), false);
            written += n;
            remaining -= n;
        }
    }

    /**
     * Flushes a file's data and metadata to its device (IORING_OP_FSYNC): fsync(2).
     *
     * @param fd the file descriptor
     * @throws IOException e.g. {@code fsync(fd=5): EINVAL (Invalid argument)} for a pipe
     */
    @Suspendable
    public static void fsync(int fd) throws IOException {
        sync(fd, 0);
    }

    /**
     * Flushes a file's data, and only the metadata needed to read it back, to its device
     * (IORING_OP_FSYNC with IORING_FSYNC_DATASYNC): fdatasync(2).
     *
     * @param fd the file descriptor
     * @throws IOException e.g. {@code fsync(fd=5): EBADF (Bad file descriptor)}
     */
    @Suspendable
    public static void fdatasync(int fd) throws IOException {
        sync(fd, IORING_FSYNC_DATASYNC);
    }

    @Suspendable
    private static void sync(int fd, int flags) throws IOException {
        checkFd(fd);
        Reactor.get().completion().opcode(IORING_OP_FSYNC).fd(fd).opFlags(flags).submit().await();
    }

    /**
     * Allocates, zeroes or frees a range of a file (IORING_OP_FALLOCATE): fallocate(2).
     *
     * @param fd     the file descriptor, open for writing
     * @param mode   what to do with the range
     * @param offset where the range starts, at least 0
     * @param length the range's length, positive
     * @throws IllegalArgumentException when the offset is negative, the length not positive or the descriptor negative
     * @throws IOException e.g. {@code fallocate(fd=5): EOPNOTSUPP (Operation not supported)}
     */
    @Suspendable
    public static void fallocate(int fd, AllocationMode mode, long offset, long length) throws IOException {
        checkFd(fd);
        checkRange(offset, length);
        if (length == 0) {
            throw new IllegalArgumentException("fallocate needs a positive length: 0");
        }
        Reactor.get().completion().opcode(IORING_OP_FALLOCATE).fd(fd).off(offset).addr(length).len(mode.flags())
                .submit().await();
    }

    /**
     * Tells the kernel how a range of a file will be accessed (IORING_OP_FADVISE, with the 64-bit
     * length of kernel 6.7+): posix_fadvise(2).
     *
     * @param fd     the file descriptor
     * @param offset where the range starts, at least 0
     * @param length the range's length; 0 means up to the end of the file
     * @param advice the access pattern
     * @throws IllegalArgumentException when the offset or length is negative or the descriptor negative
     * @throws IOException e.g. {@code fadvise(fd=5): ESPIPE (Illegal seek)} for a pipe
     */
    @Suspendable
    public static void fadvise(int fd, long offset, long length, FileAdvice advice) throws IOException {
        checkFd(fd);
        checkRange(offset, length);
        Reactor.get().completion().opcode(IORING_OP_FADVISE).fd(fd).off(offset).addr(length).opFlags(advice.value())
                .submit().await();
    }

    /**
     * Sets a file's size, cutting it or extending it with zeros (IORING_OP_FTRUNCATE, kernel
     * 6.9+): ftruncate(2).
     *
     * @param fd     the file descriptor, open for writing
     * @param length the new size, at least 0
     * @throws IllegalArgumentException when the length or the descriptor is negative
     * @throws IOException e.g. {@code ftruncate(fd=5): EINVAL (Invalid argument)} for a read-only descriptor
     */
    @Suspendable
    public static void ftruncate(int fd, long length) throws IOException {
        checkFd(fd);
        if (length < 0) {
            throw new IllegalArgumentException("negative length: " + length);
        }
        Reactor.get().completion().opcode(IORING_OP_FTRUNCATE).fd(fd).off(length).submit().await();
    }

    /**
     * Describes an open file (IORING_OP_STATX with AT_EMPTY_PATH): fstat(2).
     *
     * @param fd the file descriptor
     * @return what statx reports
     * @throws IOException e.g. {@code statx(fd=42): EBADF (Bad file descriptor)}
     */
    @Suspendable
    public static FileStatus statx(int fd) throws IOException {
        checkFd(fd);
        return PathIo.statx(fd, NO_NAME, PathFlags.AT_EMPTY_PATH, "fd=" + fd);
    }

    /**
     * Cancels every operation in flight on a file descriptor (IORING_ASYNC_CANCEL_FD|ALL, kernel
     * 5.19+): each fails with {@code ECANCELED}. This is how a fiber stops another that waits,
     * say, in {@link TcpListener#accept()}.
     *
     * @param fd the file descriptor
     * @return how many operations were cancelled (0 when none was in flight)
     * @throws IOException when the kernel refuses the cancellation
     */
    @Suspendable
    public static int cancel(int fd) throws IOException {
        try {
            return Reactor.get().completion().prepCancelFd(fd).submit().await();
        } catch (UringException e) {
            if (e.errno().orElse(null) == Errno.ENOENT) {
                return 0;
            }
            throw e;
        }
    }

    /** @return the offset of the next piece of a transfer: the same current position, or further on */
    private static long at(long offset, long done) {
        return offset == CURRENT_POSITION ? CURRENT_POSITION : offset + done;
    }

    private static int endOfStream(int n) {
        return n == 0 ? -1 : n;
    }

    /** @return {@code n}, once the buffer's position has moved past it (when positive) */
    private static int advance(ByteBuffer buffer, int n) {
        if (n > 0) {
            buffer.position(buffer.position() + n);
        }
        return n;
    }

    /** @return {@code n}, a write's result, when the kernel took something */
    private static int tookSome(int n, String operation, int fd, long left) throws IOException {
        if (n == 0) {
            throw new IOException(operation + "(fd=" + fd + "): the kernel took none of the last " + left + " bytes");
        }
        return n;
    }

    static void checkFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("negative file descriptor: " + fd);
        }
    }

    static void checkOffset(long offset) {
        if (offset < CURRENT_POSITION) {
            throw new IllegalArgumentException("offset must be at least 0, or -1 for the current position: " + offset);
        }
    }

    private static void checkRange(long offset, long length) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset: " + offset);
        }
        if (length < 0) {
            throw new IllegalArgumentException("negative length: " + length);
        }
    }

    static void checkWritable(ByteBuffer buffer) {
        if (buffer.isReadOnly()) {
            throw new IllegalArgumentException("cannot read into a read-only buffer: " + buffer);
        }
    }

    static void checkWritable(MemorySegment buffer) {
        if (buffer.isReadOnly()) {
            throw new IllegalArgumentException("cannot read into a read-only segment: " + buffer);
        }
    }

    /** Refuses a heap segment: the kernel reads and writes native memory only. */
    static void checkNative(MemorySegment buffer) {
        if (!buffer.isNative()) {
            throw new IllegalArgumentException("io_uring needs native memory, not a heap segment: " + buffer);
        }
    }

    private static void checkTransfer(int fd, MemorySegment buffer, int length, long offset) {
        checkFd(fd);
        checkNative(buffer);
        if (length < 0) {
            throw new IllegalArgumentException("negative length: " + length);
        }
        if (length > buffer.byteSize()) {
            throw new IllegalArgumentException("length " + length + " exceeds the buffer's " + buffer.byteSize() + " bytes");
        }
        checkOffset(offset);
    }

    private FileIo() {
    }
}
