package io.ioucontext.sync;

import io.ioucontext.fiber.Suspendable;

/**
 * A flag the fibers of one reactor (and callers outside fibers on its thread) can wait for without
 * blocking the thread: {@link #set()} wakes every waiter and lets later ones through until
 * {@link #reset()}. Confined to one reactor's thread.
 */
public final class Event {

    private final Waiters<Void> waiters = new Waiters<>();
    private boolean set;

    /** Waits (parked, or driving the reactor outside fibers) until the event is set; returns at once if it is. */
    @Suspendable
    public void await() {
        if (!set) {
            waiters.await(null);
        }
    }

    /** Sets the event, waking every waiter. */
    public void set() {
        set = true;
        waiters.wakeAll();
    }

    /** Clears the event: later {@link #await()}s wait for the next {@link #set()}. */
    public void reset() {
        set = false;
    }

    /** @return whether the event is set */
    public boolean isSet() {
        return set;
    }
}
