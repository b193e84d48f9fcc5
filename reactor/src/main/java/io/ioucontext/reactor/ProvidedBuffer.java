package io.ioucontext.reactor;

import java.lang.foreign.MemorySegment;

/**
 * A buffer of a {@link BufferRing} that the kernel filled and the caller holds: {@link #data()}
 * views the received bytes in place (no copy). {@link #close()} gives it back to the kernel, which
 * may then overwrite it, so neither this object nor the view may be used afterwards. The ring keeps
 * one such object per buffer and lends it again and again: nothing is allocated per receive.
 */
public final class ProvidedBuffer implements AutoCloseable {

    private final BufferRing ring;
    private final int id;
    private final MemorySegment memory;
    /** The bytes received, or -1 while the kernel holds the buffer. */
    private int length = -1;

    ProvidedBuffer(BufferRing ring, int id, MemorySegment memory) {
        this.ring = ring;
        this.id = id;
        this.memory = memory;
    }

    /** @return the buffer id the kernel named it by ({@code bid}) */
    public int id() {
        return id;
    }

    /**
     * @return the number of bytes received into it
     * @throws IllegalStateException once given back
     */
    public int length() {
        checkLent();
        return length;
    }

    /**
     * @return the received bytes, in the ring's native memory
     * @throws IllegalStateException once given back
     */
    public MemorySegment data() {
        checkLent();
        return memory.asSlice(0, length);
    }

    /** Gives the buffer back to the kernel for later receives; closing twice does nothing. */
    @Override
    public void close() {
        if (length >= 0) {
            length = -1;
            ring.giveBack(this);
        }
    }

    void lend(int received) {
        if (length >= 0) {
            throw new IllegalStateException("the kernel picked buffer " + id + " of group " + ring.groupId()
                    + " while it was still lent out");
        }
        length = received;
    }

    MemorySegment memory() {
        return memory;
    }

    private void checkLent() {
        if (length < 0) {
            throw new IllegalStateException("buffer " + id + " of group " + ring.groupId() + " was given back");
        }
    }
}
