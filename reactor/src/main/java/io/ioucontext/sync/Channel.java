package io.ioucontext.sync;

import io.ioucontext.fiber.Suspendable;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;

/**
 * A bounded FIFO queue between the fibers of one reactor (and callers outside fibers on its thread),
 * that never blocks the thread: a sender finding it full and a receiver finding it empty wait in
 * arrival order, fibers parked, callers outside fibers driving the reactor. Once {@linkplain #close()
 * closed}, sends fail and receives drain what is buffered, then report the end with an empty
 * {@link Optional}. Confined to one reactor's thread.
 *
 * @param <T> the items' type; items are never null
 */
public final class Channel<T> {

    private final int capacity;
    private final ArrayDeque<T> items;
    /** Senders waiting for room, each carrying its item; only while the buffer is full. */
    private final Waiters<T> senders = new Waiters<>();
    /** Receivers waiting for an item; only while the buffer is empty. */
    private final Waiters<T> receivers = new Waiters<>();
    private boolean closed;

    /**
     * @param capacity how many items it buffers, at least 1
     * @throws IllegalArgumentException for a capacity below 1
     */
    public Channel(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.items = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /**
     * Puts an item at the end of the queue, waiting for room when it is full.
     *
     * @param item the item
     * @throws ChannelClosedException when the channel is closed, or is closed while the sender waits
     *     (the item is then dropped)
     */
    @Suspendable
    public void send(T item) {
        if (trySend(item)) {
            return;
        }
        if (senders.await(item).value() == null) {  // a receiver hands the item back on taking it, close hands nothing
            throw new ChannelClosedException();
        }
    }

    /**
     * Puts an item at the end of the queue if that needs no waiting.
     *
     * @param item the item
     * @return whether it was queued (false when the channel is full)
     * @throws ChannelClosedException when the channel is closed
     */
    public boolean trySend(T item) {
        Objects.requireNonNull(item, "item");
        if (closed) {
            throw new ChannelClosedException();
        }
        if (receivers.wakeFirst(item)) {
            return true;  // a receiver waits only while the buffer is empty: hand the item over
        }
        if (items.size() < capacity) {
            items.addLast(item);
            return true;
        }
        return false;
    }

    /**
     * Takes the item at the head of the queue, waiting for one when it is empty.
     *
     * @return the item, or empty once the channel is closed and drained
     */
    @Suspendable
    public Optional<T> receive() {
        Optional<T> item = tryReceive();
        if (item.isPresent() || closed) {
            return item;
        }
        return Optional.ofNullable(receivers.await(null).value());  // null: woken by close
    }

    /**
     * Takes the item at the head of the queue if there is one.
     *
     * @return the item, or empty when the queue is empty (see {@link #isClosed()} to tell the end)
     */
    public Optional<T> tryReceive() {
        T item = items.pollFirst();
        if (item != null && !senders.isEmpty()) {
            T moved = senders.first().value();  // room again: the longest-waiting sender's item moves in
            items.addLast(moved);
            senders.wakeFirst(moved);
        }
        return Optional.ofNullable(item);
    }

    /**
     * Closes the channel: later sends fail, waiting senders fail with {@link ChannelClosedException}
     * (their items are dropped), waiting receivers get an empty {@link Optional}, and buffered items
     * can still be received. Closing twice does nothing.
     */
    public void close() {
        if (!closed) {
            closed = true;
            receivers.wakeAll();
            senders.wakeAll();
        }
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed;
    }

    /** @return how many items are buffered */
    public int size() {
        return items.size();
    }

    /** @return how many items it buffers at most */
    public int capacity() {
        return capacity;
    }
}
