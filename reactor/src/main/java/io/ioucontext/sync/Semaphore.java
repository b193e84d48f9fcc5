package io.ioucontext.sync;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Deadline;
import io.ioucontext.reactor.OperationTimedOutException;

import java.time.Duration;

/**
 * A counting semaphore for the fibers of one reactor (and callers outside fibers on its thread) that
 * never blocks the thread, first come, first served: a permit released while callers wait goes to
 * the longest-waiting one, and {@link #tryAcquire()} never takes a permit ahead of them. A waiter
 * that gives up (its fiber cancelled, its deadline passed) leaves the queue; a permit handed to it
 * in the same turn as its cancellation goes to the next waiter, or back. Confined to one reactor's
 * thread.
 */
public final class Semaphore {

    private static final String ACQUIRE = "Semaphore.acquire";

    private final Waiters<Void> waiters = new Waiters<>(unused -> release());
    private int permits;

    /**
     * @param permits how many permits are available at first, not negative
     * @throws IllegalArgumentException for a negative count
     */
    public Semaphore(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits must not be negative: " + permits);
        }
        this.permits = permits;
    }

    /**
     * Takes a permit, waiting (parked, or driving the reactor outside fibers) until one is free.
     *
     * @throws java.util.concurrent.CancellationException when the fiber is cancelled while it waits
     */
    @Suspendable
    public void acquire() {
        if (!tryAcquire()) {
            waiters.await(null);  // woken holding the permit the releaser handed over
        }
    }

    /**
     * Takes a permit, waiting at most a time for one.
     *
     * @param timeout null or negative: no limit; zero: only if one is free now; positive: at most this long
     * @throws OperationTimedOutException when no permit came in time (the count is unchanged)
     * @throws java.util.concurrent.CancellationException when the fiber is cancelled while it waits
     */
    @Suspendable
    public void acquire(Duration timeout) throws OperationTimedOutException {
        acquire(Deadline.after(timeout));
    }

    /**
     * Takes a permit, waiting for one until a deadline.
     *
     * @param deadline when to give up
     * @throws OperationTimedOutException when no permit came in time (the count is unchanged)
     * @throws java.util.concurrent.CancellationException when the fiber is cancelled while it waits
     */
    @Suspendable
    public void acquire(Deadline deadline) throws OperationTimedOutException {
        if (!tryAcquire()) {
            waiters.await(null, deadline, ACQUIRE);
        }
    }

    /** @return whether a permit was free and nobody waited for it, in which case it is now taken */
    public boolean tryAcquire() {
        if (permits > 0 && waiters.isEmpty()) {
            permits--;
            return true;
        }
        return false;
    }

    /** Gives a permit back: to the longest-waiting caller, if any. */
    public void release() {
        if (!waiters.wakeFirst(null)) {
            permits++;
        }
    }

    /** @return how many permits are free */
    public int availablePermits() {
        return permits;
    }
}
