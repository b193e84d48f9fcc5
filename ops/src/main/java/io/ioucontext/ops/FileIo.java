package io.ioucontext.ops;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.UringException;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.time.Duration;

/**
 * File descriptor I/O through the calling thread's io_uring {@link Reactor}: open, read, write and
 * close. In a fiber each call suspends the fiber until its completion arrives; outside a fiber it
 * drives the reactor (other fibers may run) until then. Errors are
 * {@link io.ioucontext.reactor.UringException}s carrying the errno and the operation, e.g.
 * {@code read(fd=5): EBADF (Bad file descriptor)}. Buffers must be native memory.
 */
public final class FileIo {

    /** An offset meaning "the file's current position", as streams and pipes need. */
    public static final long CURRENT_POSITION = -1;

    /** The kernel's MAX_RW_COUNT: no read or write moves more bytes in one call. */
    private static final int MAX_RW_COUNT = 0x7ffff000;

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
        int flags = OpenFlags.of(options);
        return Reactor.get().completion().prepOpenat(path.toString(), flags, CREATE_MODE).submit().await();
    }

    /**
     * Closes a file descriptor (IORING_OP_CLOSE).
     *
     * @param fd the file descriptor
     * @throws IOException e.g. {@code close(fd=42): EBADF (Bad file descriptor)}
     */
    @Suspendable
    public static void close(int fd) throws IOException {
        Reactor.get().completion().prepClose(fd).submit().await();
    }

    /**
     * Reads into the whole buffer at most (IORING_OP_READ).
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
     *     offset is below -1 or the buffer is not native memory
     * @throws IOException e.g. {@code read(fd=5): EBADF (Bad file descriptor)}
     */
    @Suspendable
    public static int read(int fd, MemorySegment buffer, int length, long offset) throws IOException {
        checkTransfer(buffer, length, offset);
        if (length == 0) {
            return 0;
        }
        int n = Reactor.get().completion().prepRead(fd, buffer, length, offset).submit().await();
        return n == 0 ? -1 : n;
    }

    /**
     * Reads into the whole buffer at most, giving up after a time (IORING_OP_READ linked to an
     * IORING_OP_LINK_TIMEOUT): for pipes, terminals and other streams that may stay silent.
     *
     * @param fd      the file descriptor
     * @param buffer  native memory receiving the bytes
     * @param offset  the file offset, or {@link #CURRENT_POSITION}
     * @param timeout how long to wait at most, positive
     * @return the number of bytes read, or -1 at the end of the file or stream (0 only for an empty buffer)
     * @throws io.ioucontext.reactor.OperationTimedOutException when nothing arrived in time (nothing was read)
     * @throws IOException e.g. {@code read(fd=5): EBADF (Bad file descriptor)}
     */
    @Suspendable
    public static int read(int fd, MemorySegment buffer, long offset, Duration timeout) throws IOException {
        int length = (int) Math.min(buffer.byteSize(), MAX_RW_COUNT);
        checkTransfer(buffer, length, offset);
        if (length == 0) {
            return 0;
        }
        int n = Reactor.get().completion().prepRead(fd, buffer, length, offset).timeout(timeout).submit().await();
        return n == 0 ? -1 : n;
    }

    /**
     * Writes all of {@code data} (IORING_OP_WRITE, repeated after short writes).
     *
     * @param fd     the file descriptor
     * @param data   native memory holding the bytes
     * @param offset the file offset, or {@link #CURRENT_POSITION}
     * @throws IllegalArgumentException when the offset is below -1 or the data is not native memory
     * @throws IOException saying why not everything was written, e.g. {@code write(fd=1): EPIPE (Broken pipe)}
     */
    @Suspendable
    public static void write(int fd, MemorySegment data, long offset) throws IOException {
        long size = data.byteSize();
        checkTransfer(data, 0, offset);
        long written = 0;
        while (written < size) {
            int chunk = (int) Math.min(size - written, MAX_RW_COUNT);
            long at = offset == CURRENT_POSITION ? CURRENT_POSITION : offset + written;
            int n = Reactor.get().completion().prepWrite(fd, data.asSlice(written), chunk, at).submit().await();
            if (n == 0) {
                throw new IOException("write(fd=" + fd + "): the kernel took none of the last " + (size - written)
                        + " of " + size + " bytes");
            }
            written += n;
        }
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

    private static void checkTransfer(MemorySegment buffer, int length, long offset) {
        if (!buffer.isNative()) {
            throw new IllegalArgumentException("io_uring needs native memory, not a heap segment: " + buffer);
        }
        if (length < 0) {
            throw new IllegalArgumentException("negative length: " + length);
        }
        if (length > buffer.byteSize()) {
            throw new IllegalArgumentException("length " + length + " exceeds the buffer's " + buffer.byteSize() + " bytes");
        }
        if (offset < CURRENT_POSITION) {
            throw new IllegalArgumentException("offset must be at least 0, or -1 for the current position: " + offset);
        }
    }

    private FileIo() {
    }
}
