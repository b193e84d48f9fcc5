package io.ioucontext.sync;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Deadline;
import io.ioucontext.reactor.OperationTimedOutException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;

/**
 * A bounded FIFO queue between the fibers of one reactor (and callers outside fibers on its thread),
 * that never blocks the thread: a sender finding it full and a receiver finding it empty wait in
 * arrival order, fibers parked, callers outside fibers driving the reactor. Once {@linkplain #close()
 * closed}, sends fail and receives drain what is buffered, then report the end with an empty
 * {@link Optional}. Every wait may be bounded by a {@link Duration} or a {@link Deadline}.
 *
 * <p>A waiter that gives up (its fiber {@linkplain io.ioucontext.fiber.Fiber#cancel() cancelled},
 * its deadline passed) leaves the queue. An item handed to a receiver in the same loop turn as its
 * cancellation goes to the next receiver or back to the head of the queue (which may then hold
 * one item more than its capacity for a while). A sender whose item was taken before its
 * cancellation could be delivered has sent it: its send returns, and the cancellation comes at the
 * fiber's next suspension point. Confined to one reactor's thread.
 *
 * @param <T> the items' type; items are never null
 */
public final class Channel<T> {

    private static final String SEND = "Channel.send";
    private static final String RECEIVE = "Channel.receive";

    private final int capacity;
    private final ArrayDeque<T> items;
    /** Senders waiting for room, each carrying its item; only while the buffer is full. An item taken stays sent. */
    private final Waiters<T> senders = new Waiters<>(null);
    /** Receivers waiting for an item; only while the buffer is empty. */
    private final Waiters<T> receivers = new Waiters<>(this::giveBack);
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
     * @throws java.util.concurrent.CancellationException when the fiber is cancelled while it waits
     *     (the item was not sent)
     */
    @Suspendable
    public void send(T item) {
        if (!trySend(item)) {
            sent(senders.await(item));
        }
    }

    /**
     * Puts an item at the end of the queue, waiting at most a time for room.
     *
     * @param item    the item
     * @param timeout null or negative: no limit; zero: only if there is room now; positive: at most this long
     * @throws OperationTimedOutException when no room came in time (the item was not sent)
     * @throws ChannelClosedException when the channel is closed, or is closed while the sender waits
     * @throws java.util.concurrent.CancellationException when the fiber is cancelled while it waits
     */
    @Suspendable
    public void send(T item, Duration timeout) throws OperationTimedOutException {
        send(item, Deadline.after(timeout));
    }

    /**
     * Puts an item at the end of the queue, waiting for room until a deadline at most.
     *
     * @param item     the item
     * @param deadline when to give up
     * @throws OperationTimedOutException when no room came in time (the item was not sent)
     * @throws ChannelClosedException when the channel is closed, or is closed while the sender waits
     * @throws java.util.concurrent.CancellationException when the fiber is cancelled while it waits
     */
    @Suspendable
    public void send(T item, Deadline deadline) throws OperationTimedOutException {
        if (!trySend(item)) {
            sent(senders.await(item, deadline, SEND));
        }
    }

    /** A receiver hands the sender's item back on taking it; close hands nothing. */
    private static <T> void sent(Waiters.Waiter<T> sender) {
        if (sender.value() == null) {
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
     * @throws java.util.concurrent.CancellationException when the fiber is cancelled while it waits
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
     * Takes the item at the head of the queue, waiting at most a time for one.
     *
     * @param timeout null or negative: no limit; zero: only if one is there now; positive: at most this long
     * @return the item, or empty once the channel is closed and drained
     * @throws OperationTimedOutException when no item came in time
     * @throws java.util.concurrent.CancellationException when the fiber is cancelled while it waits
     */
    @Suspendable
    public Optional<T> receive(Duration timeout) throws OperationTimedOutException {
        return receive(Deadline.after(timeout));
    }

    /**
     * Takes the item at the head of the queue, waiting for one until a deadline at most.
     *
     * @param deadline when to give up
     * @return the item, or empty once the channel is closed and drained
     * @throws OperationTimedOutException when no item came in time
     * @throws java.util.concurrent.CancellationException when the fiber is cancelled while it waits
     */
    @Suspendable
    public Optional<T> receive(Deadline deadline) throws OperationTimedOutException {
        Optional<T> item = tryReceive();
        if (item.isPresent() || closed) {
            return item;
        }
        return Optional.ofNullable(receivers.await(null, deadline, RECEIVE).value());
    }

    /**
     * Takes the item at the head of the queue if there is one.
     *
     * @return the item, or empty when the queue is empty (see {@link #isClosed()} to tell the end)
     */
    public Optional<T> tryReceive() {
        T item = items.pollFirst();
        Waiters.Waiter<T> sender = item == null ? null : senders.poll();
        if (sender != null) {
            items.addLast(sender.value());  // room again: the longest-waiting sender's item moves in
            sender.wake(sender.value());
        }
        return Optional.ofNullable(item);
    }

    /** An item handed to a receiver that was cancelled before taking it goes to the next one, or back to the head. */
    private void giveBack(T item) {
        if (item != null && !receivers.wakeFirst(item)) {
            items.addFirst(item);
        }
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
