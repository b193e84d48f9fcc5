package io.ioucontext.ops;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.UringException;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * An open file, owning its descriptor until {@linkplain #close() closed}: the {@link FileIo}
 * operations on it, through the calling thread's io_uring reactor. Reads and writes without a
 * position use and move the file's own position, like a {@link java.nio.channels.FileChannel}'s;
 * those with one leave it alone. {@link ByteBuffer}s are used from their position to their limit
 * and their positions move past the bytes transferred; writes write everything or throw. In a
 * fiber each call suspends the fiber until its completion arrives; outside a fiber it drives the
 * reactor until then.
 *
 * <p>Use it from the thread that opened it. Operations on a closed file fail before anything is
 * submitted, with a {@link UringException} for {@code EBADF} naming the path.
 */
public final class AsyncFile implements AutoCloseable {

    private final Path path;
    private final int fd;
    private boolean closed;

    private AsyncFile(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /**
     * Opens a file (IORING_OP_OPENAT), close-on-exec.
     *
     * @param path    the file
     * @param options as for {@link java.nio.file.Files#newByteChannel}; none means READ
     * @return the open file
     * @throws IOException e.g. {@code openat(/no/such): ENOENT (No such file or directory)}
     */
    @Suspendable
    public static AsyncFile open(Path path, OpenOption... options) throws IOException {
        return new AsyncFile(path, FileIo.open(path, options));
    }

    /** @return the path it was opened with */
    public Path path() {
        return path;
    }

    /**
     * @return the file descriptor, for {@link FileIo} and {@link PipeIo} calls; it stays valid
     *     until {@link #close()}
     * @throws IllegalStateException when closed
     */
    public int fd() {
        if (closed) {
            throw new IllegalStateException(path + " is closed");
        }
        return fd;
    }

    /** @return whether {@link #close()} has not been called yet */
    public boolean isOpen() {
        return !closed;
    }

    /**
     * Reads at the file's position, moving it on.
     *
     * @param buffer receives the bytes from its position up to its limit (a heap buffer at most
     *     {@value FileIo#BOUNCE_BYTES} per call)
     * @return the number of bytes read, or -1 at the end of the file (0 only when nothing remains)
     * @throws IOException when closed, or as {@link FileIo#read(int, ByteBuffer, long)}
     */
    @Suspendable
    public int read(ByteBuffer buffer) throws IOException {
        return FileIo.read(open("read"), buffer, FileIo.CURRENT_POSITION);
    }

    /**
     * Reads at a position, leaving the file's own alone: pread(2).
     *
     * @param buffer   receives the bytes from its position up to its limit
     * @param position the file offset, at least 0
     * @return the number of bytes read, or -1 at the end of the file (0 only when nothing remains)
     * @throws IOException when closed, or as {@link FileIo#read(int, ByteBuffer, long)}
     */
    @Suspendable
    public int read(ByteBuffer buffer, long position) throws IOException {
        return FileIo.read(open("read"), buffer, checkPosition(position));
    }

    /**
     * Reads into a whole native segment at most, at a position: pread(2).
     *
     * @param buffer   native memory receiving the bytes
     * @param position the file offset, at least 0
     * @return the number of bytes read, or -1 at the end of the file (0 only for an empty segment)
     * @throws IOException when closed, or as {@link FileIo#read(int, MemorySegment, long)}
     */
    @Suspendable
    public int read(MemorySegment buffer, long position) throws IOException {
        return FileIo.read(open("read"), buffer, checkPosition(position));
    }

    /**
     * Scatters what one readv(2) reads at the file's position over buffers, moving it on.
     *
     * @param buffers receive the bytes, each from its position up to its limit, in order
     * @return the number of bytes read, or -1 at the end of the file (0 only when no buffer has room)
     * @throws IOException when closed, or as {@link FileIo#readv(int, ByteBuffer[], long)}
     */
    @Suspendable
    public long read(ByteBuffer[] buffers) throws IOException {
        return FileIo.readv(open("readv"), buffers, FileIo.CURRENT_POSITION);
    }

    /**
     * Scatters what one preadv(2) reads at a position over buffers.
     *
     * @param buffers  receive the bytes, each from its position up to its limit, in order
     * @param position the file offset, at least 0
     * @return the number of bytes read, or -1 at the end of the file (0 only when no buffer has room)
     * @throws IOException when closed, or as {@link FileIo#readv(int, ByteBuffer[], long)}
     */
    @Suspendable
    public long read(ByteBuffer[] buffers, long position) throws IOException {
        return FileIo.readv(open("readv"), buffers, checkPosition(position));
    }

    /**
     * Writes all of a buffer's remaining bytes at the file's position (its end when opened with
     * APPEND), moving it on.
     *
     * @param data the bytes from its position up to its limit
     * @throws IOException when closed, or saying why not everything was written
     */
    @Suspendable
    public void write(ByteBuffer data) throws IOException {
        FileIo.write(open("write"), data, FileIo.CURRENT_POSITION);
    }

    /**
     * Writes all of a buffer's remaining bytes at a position: pwrite(2).
     *
     * @param data     the bytes from its position up to its limit
     * @param position the file offset, at least 0
     * @throws IOException when closed, or saying why not everything was written
     */
    @Suspendable
    public void write(ByteBuffer data, long position) throws IOException {
        FileIo.write(open("write"), data, checkPosition(position));
    }

    /**
     * Writes all of a native segment at a position: pwrite(2).
     *
     * @param data     native memory holding the bytes
     * @param position the file offset, at least 0
     * @throws IOException when closed, or saying why not everything was written
     */
    @Suspendable
    public void write(MemorySegment data, long position) throws IOException {
        FileIo.write(open("write"), data, checkPosition(position));
    }

    /**
     * Writes all remaining bytes of several buffers, in order, at the file's position: writev(2).
     *
     * @param data the bytes of each from its position up to its limit
     * @throws IOException when closed, or saying why not everything was written
     */
    @Suspendable
    public void write(ByteBuffer[] data) throws IOException {
        FileIo.writev(open("writev"), data, FileIo.CURRENT_POSITION);
    }

    /**
     * Writes all remaining bytes of several buffers, in order, at a position: pwritev(2).
     *
     * @param data     the bytes of each from its position up to its limit
     * @param position the file offset, at least 0
     * @throws IOException when closed, or saying why not everything was written
     */
    @Suspendable
    public void write(ByteBuffer[] data, long position) throws IOException {
        FileIo.writev(open("writev"), data, checkPosition(position));
    }

    /**
     * Flushes the file's data and metadata to its device: fsync(2).
     *
     * @throws IOException when closed, or when the kernel fails to
     */
    @Suspendable
    public void sync() throws IOException {
        FileIo.fsync(open("fsync"));
    }

    /**
     * Flushes the file's data, and the metadata needed to read it back, to its device: fdatasync(2).
     *
     * @throws IOException when closed, or when the kernel fails to
     */
    @Suspendable
    public void syncData() throws IOException {
        FileIo.fdatasync(open("fsync"));
    }

    /**
     * Sets the file's size, cutting it or extending it with zeros: ftruncate(2).
     *
     * @param size the new size, at least 0
     * @throws IOException when closed, or e.g. {@code ftruncate(fd=5): EINVAL (Invalid argument)} when opened read-only
     */
    @Suspendable
    public void truncate(long size) throws IOException {
        FileIo.ftruncate(open("ftruncate"), size);
    }

    /**
     * Allocates, zeroes or frees a range of the file: fallocate(2).
     *
     * @param mode   what to do with the range
     * @param offset where the range starts, at least 0
     * @param length the range's length, positive
     * @throws IOException when closed, or e.g. {@code fallocate(fd=5): EOPNOTSUPP (Operation not supported)}
     */
    @Suspendable
    public void allocate(AllocationMode mode, long offset, long length) throws IOException {
        FileIo.fallocate(open("fallocate"), mode, offset, length);
    }

    /**
     * Tells the kernel how a range of the file will be accessed: posix_fadvise(2).
     *
     * @param offset where the range starts, at least 0
     * @param length the range's length; 0 means up to the end of the file
     * @param advice the access pattern
     * @throws IOException when closed, or when the kernel refuses
     */
    @Suspendable
    public void advise(long offset, long length, FileAdvice advice) throws IOException {
        FileIo.fadvise(open("fadvise"), offset, length, advice);
    }

    /**
     * Describes the file: fstat(2).
     *
     * @return what statx reports
     * @throws IOException when closed, or when the kernel fails to
     */
    @Suspendable
    public FileStatus status() throws IOException {
        return FileIo.statx(open("statx"));
    }

    /**
     * Closes the descriptor (IORING_OP_CLOSE). Closing again does nothing.
     *
     * @throws IOException when the kernel reports an error; the descriptor is released anyway
     */
    @Override
    @Suspendable
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            FileIo.close(fd);
        }
    }

    @Override
    public String toString() {
        return "AsyncFile[" + path + (closed ? ", closed]" : ", fd=" + fd + "]");
    }

    /** @return the descriptor, for an operation about to be submitted */
    private int open(String operation) throws UringException {
        if (closed) {
            throw new UringException(operation + "(" + path + ")", Errno.EBADF.number(), "the AsyncFile was closed");
        }
        return fd;
    }

    private static long checkPosition(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("negative position: " + position);
        }
        return position;
    }
}
