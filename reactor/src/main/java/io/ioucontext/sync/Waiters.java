package io.ioucontext.sync;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Completion;
import io.ioucontext.reactor.Deadline;
import io.ioucontext.reactor.OperationTimedOutException;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.UringException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * The FIFO of callers a primitive keeps waiting: a fiber parks until it is woken, a caller outside
 * any fiber drives its thread's reactor until it is woken (other fibers run meanwhile). Whoever wakes
 * a waiter hands it what it waited for first (a permit, an item), so a woken waiter never competes
 * again and the order stays first come, first served.
 *
 * <p>A waiter leaves the queue when it gives up: when its fiber is {@linkplain Fiber#cancel()
 * cancelled} (the {@link CancellationException} is thrown on), when its deadline
 * passes ({@link OperationTimedOutException}), or when a caller outside fibers finds nothing left to
 * run. A fiber already cancelled is skipped by wake-ups. Whatever was handed to a waiter in the same
 * loop turn as its cancellation is not lost: the primitive's pass-on takes it (the next waiter or
 * back into the primitive); a primitive without one lets the waiter keep what it was handed and
 * delivers the cancellation at the fiber's next suspension point instead. A deadline that passes
 * after a waiter was woken does not undo the wake-up.
 *
 * @param <T> what a waiter is handed along with its wake-up (an item, or nothing)
 */
final class Waiters<T> {

    /** One waiting caller. */
    static final class Waiter<T> {
        private final Fiber fiber;
        private boolean woken;
        private T value;
        /** The kernel timer of a timed wait, while it runs: a wake-up cancels it, which resumes the waiter. */
        private Completion timer;

        private Waiter(Fiber fiber, T value) {
            this.fiber = fiber;
            this.value = value;
        }

        /** @return what the waiter carries (a sender's item) or was handed (a receiver's item), or null */
        T value() {
            return value;
        }

        /** Hands the waiter its value and makes it continue. */
        void wake(T handed) {
            value = handed;
            woken = true;
            if (timer != null) {
                timer.cancel();  // the waiter awaits its timer's CQE, which the cancel brings at once
            } else if (fiber != null) {
                fiber.unpark();
            }
        }

        private boolean isCancelled() {
            return fiber != null && fiber.isCancelled();
        }
    }

    private final ArrayDeque<Waiter<T>> queue = new ArrayDeque<>();
    /** What becomes of a value handed to a waiter that was cancelled before it could take it; null: it keeps it. */
    private final Consumer<? super T> passOn;

    /**
     * @param passOn takes what was handed to a waiter cancelled in the same turn (called only for a
     *     woken waiter), or null to let such a waiter keep it and be cancelled at its next suspension
     */
    Waiters(Consumer<? super T> passOn) {
        this.passOn = passOn;
    }

    /** @return whether nobody waits (apart from fibers already cancelled, which are about to leave) */
    boolean isEmpty() {
        dropCancelled();
        return queue.isEmpty();
    }

    /**
     * Dequeues the longest-waiting caller, skipping fibers already cancelled; the caller then
     * {@linkplain Waiter#wake(Object) wakes} it.
     *
     * @return the waiter, or null when nobody waits
     */
    Waiter<T> poll() {
        dropCancelled();
        return queue.pollFirst();
    }

    private void dropCancelled() {
        while (!queue.isEmpty() && queue.peekFirst().isCancelled()) {
            queue.pollFirst();  // it throws its CancellationException when it resumes, not woken
        }
    }

    /**
     * Dequeues the longest-waiting caller and wakes it.
     *
     * @param value what it is handed (its {@link Waiter#value()} from now on)
     * @return whether somebody was waiting
     */
    boolean wakeFirst(T value) {
        Waiter<T> waiter = poll();
        if (waiter == null) {
            return false;
        }
        waiter.wake(value);
        return true;
    }

    /** Wakes every waiting caller, oldest first, handing each nothing. */
    void wakeAll() {
        while (wakeFirst(null)) {
            // each call dequeues one
        }
    }

    /**
     * Queues the caller and waits until it is woken, with no time limit.
     *
     * @param value what the caller carries (a sender's item), or null
     * @return the caller's queue entry, woken, with what it was handed
     * @throws CancellationException when the fiber is cancelled meanwhile
     * @throws IllegalStateException outside fibers, when nothing is left to run that could wake it
     */
    @Suspendable
    Waiter<T> await(T value) {
        Waiter<T> waiter = enqueue(value);
        try {
            if (waiter.fiber != null) {
                while (!waiter.woken) {
                    Fiber.park();  // a stale permit may return early: the flag says whether it was us
                }
            } else {
                Reactor.get().runUntil(() -> waiter.woken);
            }
        } catch (RuntimeException e) {
            return leave(waiter, e);
        }
        return waiter;
    }

    /**
     * Queues the caller and waits until it is woken or the deadline passes. A deadline that never
     * expires waits like {@link #await(Object)}; "now" gives up at once (the caller has tried).
     *
     * @param value     what the caller carries, or null
     * @param deadline  when to give up
     * @param operation names the wait in the timeout's message, e.g. {@code Semaphore.acquire}
     * @return the caller's queue entry, woken, with what it was handed
     * @throws OperationTimedOutException when the deadline passed first; the caller has left the queue
     * @throws CancellationException when the fiber is cancelled meanwhile
     */
    @Suspendable
    Waiter<T> await(T value, Deadline deadline, String operation) throws OperationTimedOutException {
        Duration timeout = deadline.timeout().orElse(null);
        if (timeout == null) {
            return await(value);
        }
        if (timeout.isZero()) {
            throw new OperationTimedOutException(operation, timeout);
        }
        Waiter<T> waiter = enqueue(value);
        Completion timer = DeadlineTimer.start(deadline, operation);
        waiter.timer = timer;
        UringException failure = null;
        try {
            timer.await();
        } catch (UringException e) {
            failure = e;  // expired, or cancelled by the wake-up
        } catch (RuntimeException e) {
            waiter.timer = null;  // the record went back to the pool: never cancel it again
            return leave(waiter, e);
        }
        waiter.timer = null;
        if (waiter.woken) {
            return waiter;  // woken before it could time out: the wake-up counts
        }
        queue.remove(waiter);
        if (failure instanceof OperationTimedOutException) {
            throw new OperationTimedOutException(operation, timeout);
        }
        throw new IllegalStateException(operation + ": its timer ended without expiring or being cancelled", failure);
    }

    private Waiter<T> enqueue(T value) {
        Waiter<T> waiter = new Waiter<>(Fiber.current().orElse(null), value);
        queue.addLast(waiter);
        return waiter;
    }

    /** The waiter gives up with {@code reason}; what it was handed meanwhile goes on or stays (see the class). */
    private Waiter<T> leave(Waiter<T> waiter, RuntimeException reason) {
        if (!waiter.woken) {
            queue.remove(waiter);
            throw reason;
        }
        if (passOn == null && reason instanceof CancellationException && waiter.fiber != null) {
            waiter.fiber.cancel();  // it keeps what it was handed; the cancellation comes at its next suspension
            return waiter;
        }
        if (passOn != null) {
            passOn.accept(waiter.value);
        }
        throw reason;
    }
}
