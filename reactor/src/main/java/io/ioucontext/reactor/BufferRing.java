package io.ioucontext.reactor;

import static io.ioucontext.reactor.IoUring.IORING_CQE_BUFFER_SHIFT;
import static io.ioucontext.reactor.IoUring.IORING_CQE_F_BUFFER;
import static io.ioucontext.reactor.IoUring.IO_URING_BUF;
import static io.ioucontext.reactor.IoUring.IO_URING_BUF_REG;
import static io.ioucontext.reactor.IoUring.IO_URING_BUF_RING;
import static io.ioucontext.reactor.LibUring.offset;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * A provided buffer ring ({@code IORING_REGISTER_PBUF_RING}, Linux 5.19): {@link #count()} buffers
 * of {@link #bufferSize()} bytes that the kernel picks from when data arrives, for receives
 * submitted with {@code IOSQE_BUFFER_SELECT} and this ring's {@link #groupId()} (see
 * {@link Completion#prepRecv(int, BufferRing, int)}). Waiting connections hold no buffer; the CQE
 * names the one filled, which {@link #take(long)} lends to the caller as a {@link ProvidedBuffer}
 * whose {@link ProvidedBuffer#close()} gives it back to the kernel. When every buffer is lent out,
 * receives fail with {@code ENOBUFS}.
 *
 * <p>Set up by {@link Reactor#bufferRing(int, int)}; confined to the reactor's thread. Closing
 * unregisters it and frees its memory; closing the reactor closes it too.
 */
public final class BufferRing implements AutoCloseable {

    /** The kernel's limit on a buffer ring's entries. */
    private static final int MAX_ENTRIES = 1 << 15;
    private static final long PAGE = 4096;
    private static final VarHandle SHORT = JAVA_SHORT.varHandle();
    private static final long TAIL = offset(IO_URING_BUF_RING, "tail");
    private static final long ENTRY_SIZE = IO_URING_BUF.byteSize();
    private static final long ADDR = offset(IO_URING_BUF, "addr");
    private static final long LEN = offset(IO_URING_BUF, "len");
    private static final long BID = offset(IO_URING_BUF, "bid");
    private static final int ENOBUFS = Errno.ENOBUFS.number();

    private final Reactor reactor;
    private final Ring ring;
    private final int group;
    private final int count;
    private final int bufferSize;
    private final Arena arena;
    /** The {@code struct io_uring_buf} array the kernel reads, its tail in the first entry's {@code resv}. */
    private final MemorySegment entries;
    private final ProvidedBuffer[] buffers;
    /** Our copy of the tail: entries published so far (a {@code __u16} that wraps). */
    private short tail;
    private int lent;
    private boolean closed;

    private BufferRing(Reactor reactor, Ring ring, int group, int count, int bufferSize, Arena arena) {
        this.reactor = reactor;
        this.ring = ring;
        this.group = group;
        this.count = count;
        this.bufferSize = bufferSize;
        this.arena = arena;
        this.entries = arena.allocate(count * ENTRY_SIZE, PAGE);
        MemorySegment memory = arena.allocate((long) count * bufferSize, PAGE);
        this.buffers = new ProvidedBuffer[count];
        for (int id = 0; id < count; id++) {
            buffers[id] = new ProvidedBuffer(this, id, memory.asSlice((long) id * bufferSize, bufferSize));
            publish(buffers[id]);
        }
    }

    /**
     * Allocates and registers a buffer ring.
     *
     * @throws UringException when the kernel refuses the registration
     */
    static BufferRing register(Reactor reactor, Ring ring, int group, int count, int bufferSize) throws UringException {
        if (count < 1 || count > MAX_ENTRIES || Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("a buffer ring's count must be a power of two from 1 to " + MAX_ENTRIES + ": " + count);
        }
        if (bufferSize < 1) {
            throw new IllegalArgumentException("buffer size must be positive: " + bufferSize);
        }
        Arena arena = Arena.ofShared();  // the reactor's Cleaner may free it from another thread
        try {
            BufferRing buffers = new BufferRing(reactor, ring, group, count, bufferSize, arena);
            MemorySegment reg = arena.allocate(IO_URING_BUF_REG);
            reg.set(JAVA_LONG, offset(IO_URING_BUF_REG, "ring_addr"), buffers.entries.address());
            reg.set(JAVA_INT, offset(IO_URING_BUF_REG, "ring_entries"), count);
            reg.set(JAVA_SHORT, offset(IO_URING_BUF_REG, "bgid"), (short) group);
            int result = ring.registerBufferRing(reg);
            if (result < 0) {
                throw new UringException("io_uring_register_buf_ring(bgid=" + group + ", entries=" + count + ")", -result,
                        "provided buffer rings need Linux 5.19");
            }
            return buffers;
        } catch (UringException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** @return the buffer group id that receives name in {@code sqe->buf_group} */
    public int groupId() {
        return group;
    }

    /** @return the number of buffers */
    public int count() {
        return count;
    }

    /** @return each buffer's size in bytes: the most one receive brings */
    public int bufferSize() {
        return bufferSize;
    }

    /** @return how many buffers the caller holds (taken and not yet closed) */
    public int lent() {
        return lent;
    }

    /**
     * Lends the buffer a CQE names to the caller.
     *
     * @param cqe what {@link Completion#awaitCqe()} or {@link Completion#nextCqe()} returned for
     *     an operation that selected from this ring
     * @return the buffer holding the CQE's {@code res} bytes; empty when the CQE names none
     *     (no {@code IORING_CQE_F_BUFFER}: the operation received nothing)
     */
    public Optional<ProvidedBuffer> take(long cqe) {
        int flags = Completion.cqeFlags(cqe);
        if ((flags & IORING_CQE_F_BUFFER) == 0) {
            return Optional.empty();
        }
        ProvidedBuffer buffer = buffers[flags >>> IORING_CQE_BUFFER_SHIFT];
        buffer.lend(Math.max(0, Completion.cqeRes(cqe)));
        lent++;
        return Optional.of(buffer);
    }

    /**
     * @param failure what an operation selecting from this ring threw
     * @return the same failure, or for {@code ENOBUFS} one that says the ring ran dry and why
     */
    public UringException explain(UringException failure) {
        if (failure.errnoNumber() != ENOBUFS) {
            return failure;
        }
        return new UringException(failure.operation(), ENOBUFS, "the " + count + " buffers of group " + group
                + " are all lent out (" + lent + " not closed by the caller, the rest in receives); close"
                + " ProvidedBuffers sooner or give the ring more");
    }

    /** Gives a buffer back to the kernel: its entry at the tail, then the tail by a release store. */
    void giveBack(ProvidedBuffer buffer) {
        if (closed) {
            lent--;  // the ring is gone (maybe with its reactor): nothing to give back to
            return;
        }
        reactor.checkUsable();
        lent--;
        publish(buffer);
    }

    private void publish(ProvidedBuffer buffer) {
        long entry = (tail & (count - 1)) * ENTRY_SIZE;
        entries.set(JAVA_LONG, entry + ADDR, buffer.memory().address());
        entries.set(JAVA_INT, entry + LEN, bufferSize);
        entries.set(JAVA_SHORT, entry + BID, (short) buffer.id());
        tail++;
        SHORT.setRelease(entries, TAIL, tail);  // the entry must be visible before the kernel sees the tail
    }

    /** @return the native memory of the ring and its buffers, freed by {@link #close()} */
    Arena memory() {
        return arena;
    }

    /** @throws IllegalStateException when closed: a receive must not select from an unregistered group */
    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("buffer ring of group " + group + " is closed");
        }
    }

    /**
     * Unregisters the ring and frees its memory: the buffers still lent out become inaccessible.
     * Closing twice does nothing.
     *
     * @throws IllegalStateException while an operation selecting from it is in flight (cancel it
     *     first: the kernel could still write into a buffer it picked)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        reactor.checkUsable();
        if (reactor.selectsFrom(group)) {
            throw new IllegalStateException("buffer ring of group " + group + " is still used by an operation in flight");
        }
        release();
    }

    /** Unregisters and frees, once nothing in flight uses the ring (the reactor's close ensures it). */
    void release() {
        closed = true;
        int result = ring.unregisterBufferRing(group);
        reactor.forget(this);
        if (result < 0) {
            throw new IllegalStateException(new UringException("io_uring_unregister_buf_ring(bgid=" + group + ")", -result));
        }
        arena.close();
    }
}
