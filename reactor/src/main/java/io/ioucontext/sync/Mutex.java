package io.ioucontext.sync;

import io.ioucontext.fiber.Suspendable;

/**
 * Mutual exclusion between the fibers of one reactor (and callers outside fibers on its thread),
 * without blocking the thread and first come, first served: a fiber holding it may suspend, which a
 * monitor forbids. It is not reentrant and has no owner: any caller may release it. Confined to one
 * reactor's thread.
 */
public final class Mutex {

    private final Semaphore permit = new Semaphore(1);

    /** Locks it, waiting (parked, or driving the reactor outside fibers) while somebody else holds it. */
    @Suspendable
    public void acquire() {
        permit.acquire();
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
