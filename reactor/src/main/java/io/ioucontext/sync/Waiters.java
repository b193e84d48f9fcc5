package io.ioucontext.sync;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Reactor;

import java.util.ArrayDeque;

/**
 * The FIFO of callers a primitive keeps waiting: a fiber parks until it is woken, a caller outside
 * any fiber drives its thread's reactor until it is woken (other fibers run meanwhile). Whoever wakes
 * a waiter hands it what it waited for first (a permit, an item), so a woken waiter never competes
 * again and the order stays first come, first served.
 *
 * @param <T> what a waiter is handed along with its wake-up (an item, or nothing)
 */
final class Waiters<T> {

    /** One waiting caller. */
    static final class Waiter<T> {
        private final Fiber fiber;
        private boolean woken;
        private T value;

        private Waiter(Fiber fiber, T value) {
            this.fiber = fiber;
            this.value = value;
        }

        /** @return what the waiter carries (a sender's item) or was handed (a receiver's item), or null */
        T value() {
            return value;
        }
    }

    private final ArrayDeque<Waiter<T>> queue = new ArrayDeque<>();

    /** @return whether nobody waits */
    boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * Queues the caller and waits until it is woken.
     *
     * @param value what the caller carries (a sender's item), or null
     * @return the caller's queue entry, woken, with what it was handed
     */
    @Suspendable
    Waiter<T> await(T value) {
        Waiter<T> waiter = new Waiter<>(Fiber.current().orElse(null), value);
        queue.addLast(waiter);
        if (waiter.fiber != null) {
            while (!waiter.woken) {
                Fiber.park();  // a stale permit may return early: the flag says whether it was us
            }
        } else {
            Reactor.get().runUntil(() -> waiter.woken);
        }
        return waiter;
    }

    /** @return the longest-waiting caller, still queued, if any (null when none) */
    Waiter<T> first() {
        return queue.peekFirst();
    }

    /**
     * Dequeues the longest-waiting caller and wakes it.
     *
     * @param value what it is handed (its {@link Waiter#value()} from now on)
     * @return whether somebody was waiting
     */
    boolean wakeFirst(T value) {
        Waiter<T> waiter = queue.pollFirst();
        if (waiter == null) {
            return false;
        }
        waiter.value = value;
        waiter.woken = true;
        if (waiter.fiber != null) {
            waiter.fiber.unpark();
        }
        return true;
    }

    /** Wakes every waiting caller, oldest first, handing each nothing. */
    void wakeAll() {
        while (wakeFirst(null)) {
            // each call dequeues one
        }
    }
}
