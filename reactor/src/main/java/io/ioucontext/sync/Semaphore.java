package io.ioucontext.sync;

import io.ioucontext.fiber.Suspendable;

/**
 * A counting semaphore for the fibers of one reactor (and callers outside fibers on its thread) that
 * never blocks the thread, first come, first served: a permit released while callers wait goes to
 * the longest-waiting one, and {@link #tryAcquire()} never takes a permit ahead of them. Confined to
 * one reactor's thread.
 */
public final class Semaphore {

    private final Waiters<Void> waiters = new Waiters<>();
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

    /** Takes a permit, waiting (parked, or driving the reactor outside fibers) until one is free. */
    @Suspendable
    public void acquire() {
        if (!tryAcquire()) {
            waiters.await(null);  // woken holding the permit the releaser handed over
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
