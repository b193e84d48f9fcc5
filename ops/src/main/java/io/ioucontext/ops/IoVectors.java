package io.ioucontext.ops;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.ioucontext.reactor.Completion;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * The {@code struct iovec} array of one readv or writev over {@link ByteBuffer}s, laid out in the
 * operation's scratch memory: direct buffers by their own memory, heap buffers through a bounce
 * area after the array. It takes, in order, as many buffers with bytes remaining as one call can
 * carry: at most {@value #IOV_MAX}, and heap bytes up to {@link FileIo#BOUNCE_BYTES} (a heap buffer
 * that does not fit whole ends the array, so the bytes stay in order).
 */
final class IoVectors {

    /** {@code UIO_MAXIOV} from {@code linux/uio.h}: the most iovecs one call takes. */
    static final int IOV_MAX = 1024;

    private static final long IOVEC_SIZE = Libc.IOVEC.byteSize();
    private static final long IOV_BASE = Libc.IOVEC.byteOffset(groupElement("iov_base"));
    private static final long IOV_LEN = Libc.IOVEC.byteOffset(groupElement("iov_len"));

    private final ByteBuffer[] buffers;
    private final MemorySegment iovecs;
    private final MemorySegment bounce;

    private IoVectors(ByteBuffer[] buffers, MemorySegment iovecs, MemorySegment bounce) {
        this.buffers = buffers;
        this.iovecs = iovecs;
        this.bounce = bounce;
    }

    /**
     * Views native segments as direct buffers, whose positions then track a transfer.
     *
     * @param segments native memory, each at most 2 GiB
     * @return one buffer over each whole segment
     * @throws IllegalArgumentException for a heap segment or one above 2 GiB
     */
    static ByteBuffer[] views(MemorySegment[] segments) {
        ByteBuffer[] views = new ByteBuffer[segments.length];
        for (int i = 0; i < segments.length; i++) {
            MemorySegment segment = segments[i];
            FileIo.checkNative(segment);
            if (segment.byteSize() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("vectored I/O takes segments of at most 2 GiB each: " + segment);
            }
            views[i] = segment.asByteBuffer();
        }
        return views;
    }

    /** @return the bytes remaining in all the buffers together */
    static long remaining(ByteBuffer[] buffers) {
        long remaining = 0;
        for (ByteBuffer buffer : buffers) {
            remaining += buffer.remaining();
        }
        return remaining;
    }

    /**
     * Lays the iovec array out in the operation's scratch memory, keeping direct buffers reachable
     * until the completion arrives.
     *
     * @param operation the readv or writev being prepared
     * @param buffers   the buffers, used from their positions to their limits
     * @param writing   whether to copy heap buffers' bytes into the bounce area (for a writev)
     * @return the array, with at least one iovec when some buffer has bytes remaining
     */
    static IoVectors layOut(Completion operation, ByteBuffer[] buffers, boolean writing) {
        int count = 0;
        int heapBytes = 0;
        for (ByteBuffer buffer : buffers) {
            if (count == IOV_MAX) {
                break;
            }
            if (!buffer.hasRemaining()) {
                continue;
            }
            if (buffer.isDirect()) {
                count++;
                continue;
            }
            int take = Math.min(buffer.remaining(), FileIo.BOUNCE_BYTES - heapBytes);
            if (take == 0) {
                break;
            }
            count++;
            heapBytes += take;
            if (take < buffer.remaining()) {
                break;
            }
        }
        long arrayBytes = count * IOVEC_SIZE;
        MemorySegment scratch = operation.scratch(arrayBytes + heapBytes);
        IoVectors vectors = new IoVectors(buffers, scratch.asSlice(0, arrayBytes), scratch.asSlice(arrayBytes, heapBytes));
        vectors.fill(operation, count, writing);
        return vectors;
    }

    private void fill(Completion operation, int count, boolean writing) {
        long bounced = 0;
        int i = 0;
        for (ByteBuffer buffer : buffers) {
            if (i == count) {
                break;
            }
            if (!buffer.hasRemaining()) {
                continue;
            }
            long address;
            long length;
            if (buffer.isDirect()) {
                MemorySegment memory = MemorySegment.ofBuffer(buffer);
                operation.keep(memory);
                address = memory.address();
                length = memory.byteSize();
            } else {
                length = Math.min(buffer.remaining(), bounce.byteSize() - bounced);
                if (writing) {
                    MemorySegment.copy(MemorySegment.ofBuffer(buffer), 0, bounce, bounced, length);
                }
                address = bounce.address() + bounced;
                bounced += length;
            }
            iovecs.set(JAVA_LONG, i * IOVEC_SIZE + IOV_BASE, address);
            iovecs.set(JAVA_LONG, i * IOVEC_SIZE + IOV_LEN, length);
            i++;
        }
    }

    /** @return the array's address, for {@code sqe->addr} */
    MemorySegment iovecs() {
        return iovecs;
    }

    /** @return the number of iovecs, for {@code sqe->len} */
    int count() {
        return (int) (iovecs.byteSize() / IOVEC_SIZE);
    }

    /**
     * Moves the buffers' positions past the bytes transferred, in order; after a readv, copies the
     * bytes read into heap buffers from the bounce area first. Call before the operation's fiber
     * suspends again (the scratch memory is the pooled record's).
     *
     * @param transferred the operation's result
     * @param reading     whether it was a readv
     */
    void advance(long transferred, boolean reading) {
        long left = transferred;
        long bounced = 0;
        int i = 0;
        int count = count();
        for (ByteBuffer buffer : buffers) {
            if (i == count || left == 0) {
                break;
            }
            if (!buffer.hasRemaining()) {
                continue;
            }
            long length = iovecs.get(JAVA_LONG, i * IOVEC_SIZE + IOV_LEN);
            int moved = (int) Math.min(left, length);
            if (!buffer.isDirect()) {
                if (reading) {
                    MemorySegment.copy(bounce, bounced, MemorySegment.ofBuffer(buffer), 0, moved);
                }
                bounced += length;
            }
            buffer.position(buffer.position() + moved);
            left -= moved;
            i++;
        }
    }
}
