package io.ioucontext.sync;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Deadline;
import io.ioucontext.reactor.OperationTimedOutException;

import java.time.Duration;

/**
 * Mutual exclusion between the fibers of one reactor (and callers outside fibers on its thread),
 * without blocking the thread and first come, first served: a fiber holding it may suspend, which a
 * monitor forbids. It is not reentrant and has no owner: any caller may release it. A waiter that
 * gives up (cancelled, timed out) never ends up holding it. Confined to one reactor's thread.
 */
public final class Mutex {

    private final Semaphore permit = new Semaphore(1);

    /**
     * Locks it, waiting (parked, or driving the reactor outside fibers) while somebody else holds it.
     *
     * @throws java.util.concurrent.CancellationException when the fiber is cancelled while it waits
     */
    @Suspendable
    public void acquire() {
        permit.acquire();
    }

    /**
     * Locks it, waiting at most a time.
     *
     * @param timeout null or negative: no limit; zero: only if it is free now; positive: at most this long
     * @throws OperationTimedOutException when it was not free in time (it is then not held by the caller)
     * @throws java.util.concurrent.CancellationException when the fiber is cancelled while it waits
     */
    @Suspendable
    public void acquire(Duration timeout) throws OperationTimedOutException {
        permit.acquire(timeout);
    }

    /**
     * Locks it, waiting until a deadline at most.
     *
     * @param deadline when to give up
     * @throws OperationTimedOutException when it was not free in time (it is then not held by the caller)
     * @throws java.util.concurrent.CancellationException when the fiber is cancelled while it waits
     */
    @Suspendable
    public void acquire(Deadline deadline) throws OperationTimedOutException {
        permit.acquire(deadline);
    }

    /** @return whether it was free and nobody waited for it, in which case it is now locked */
    public boolean tryAcquire() {
        return permit.tryAcquire();
    }

    /**
     * Unlocks it, handing it to the longest-waiting caller, if any.
     *
     * @throws IllegalStateException when it is not locked
     */
    public void release() {
        if (!isLocked()) {
            throw new IllegalStateException("release of a mutex that is not locked");
        }
        permit.release();
    }

    /** @return whether somebody holds it */
    public boolean isLocked() {
        return permit.availablePermits() == 0;
    }
}
