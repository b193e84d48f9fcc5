package io.ioucontext.sync;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Deadline;
import io.ioucontext.reactor.OperationTimedOutException;

import java.time.Duration;

/**
 * A flag the fibers of one reactor (and callers outside fibers on its thread) can wait for without
 * blocking the thread: {@link #set()} wakes every waiter and lets later ones through until
 * {@link #reset()}. A waiter that gives up (cancelled, timed out) leaves. Confined to one reactor's
 * thread.
 */
public final class Event {

    private static final String AWAIT = "Event.await";

    /** A set wakes everyone and consumes nothing, so a cancelled waiter has nothing to pass on. */
    private final Waiters<Void> waiters = new Waiters<>(nothing -> { });
    private boolean set;

    /**
     * Waits (parked, or driving the reactor outside fibers) until the event is set; returns at once if it is.
     *
     * @throws java.util.concurrent.CancellationException when the fiber is cancelled while it waits
     */
    @Suspendable
    public void await() {
        if (!set) {
            waiters.await(null);
        }
    }

    /**
     * Waits at most a time until the event is set.
     *
     * @param timeout null or negative: no limit; zero: only checks; positive: at most this long
     * @throws OperationTimedOutException when it was not set in time
     * @throws java.util.concurrent.CancellationException when the fiber is cancelled while it waits
     */
    @Suspendable
    public void await(Duration timeout) throws OperationTimedOutException {
        await(Deadline.after(timeout));
    }

    /**
     * Waits until the event is set, or until a deadline at most.
     *
     * @param deadline when to give up
     * @throws OperationTimedOutException when it was not set in time
     * @throws java.util.concurrent.CancellationException when the fiber is cancelled while it waits
     */
    @Suspendable
    public void await(Deadline deadline) throws OperationTimedOutException {
        if (!set) {
            waiters.await(null, deadline, AWAIT);
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
