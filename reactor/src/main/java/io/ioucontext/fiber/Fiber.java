package io.ioucontext.fiber;

import java.util.Objects;
import java.util.Optional;

/**
 * A lightweight thread of woven code whose frames live on its own {@link FiberStack}. A fiber runs
 * only inside {@link #resume()}, on the thread that calls it, until it suspends ({@link #park()},
 * {@link #yield()}) or ends; its scheduler decides when to resume it again.
 */
public final class Fiber {

    private static final String PARK = "park()V";
    private static final String YIELD = "yield()V";

    /** Lifecycle; transitions happen under the fiber's monitor. */
    private enum State { NEW, SCHEDULED, RUNNING, PARKED, DONE }

    private final FiberScheduler scheduler;
    private final String name;
    private final SuspendableCallable<?> body;
    private final FiberStack stack = new FiberStack();

    private State state = State.NEW;
    private boolean started;
    private boolean permit;
    private String suspendedBy;
    private Object result;
    private Throwable failure;

    /**
     * Creates a fiber; it starts running the first time its scheduler resumes it.
     *
     * @param scheduler resumes the fiber whenever it is ready to run
     * @param name      names the fiber in diagnostics
     * @param body      what the fiber runs
     */
    public Fiber(FiberScheduler scheduler, String name, SuspendableCallable<?> body) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.name = Objects.requireNonNull(name, "name");
        this.body = Objects.requireNonNull(body, "body");
    }

    /**
     * Hands a new fiber to its scheduler for its first run.
     *
     * @return this fiber
     * @throws IllegalStateException when the fiber was already started
     */
    public Fiber start() {
        synchronized (this) {
            if (state != State.NEW) {
                throw new IllegalStateException("fiber " + name + " was already started");
            }
            state = State.SCHEDULED;
        }
        scheduler.schedule(this);
        return this;
    }

    /** The fiber running on the calling thread, if any. */
    public static Optional<Fiber> current() {
        return Optional.ofNullable(Carrier.current().fiber);
    }

    /**
     * Suspends the current fiber until {@link #unpark()} is called (at once if it was called
     * already since the last park).
     *
     * @throws IllegalStateException when no fiber runs on this thread
     */
    public static void park() {
        Fiber fiber = Carrier.current().fiber;
        if (fiber == null) {
            throw new IllegalStateException("Fiber.park() called outside a fiber");
        }
        synchronized (fiber) {
            if (fiber.permit) {
                fiber.permit = false;
                return;
            }
        }
        fiber.suspendedBy = PARK;
        fiber.stack.beginUnwinding(PARK);
    }

    /** Lets other fibers of the scheduler run, then continues; returns at once outside a fiber. */
    public static void yield() {
        Fiber fiber = Carrier.current().fiber;
        if (fiber != null) {
            fiber.suspendedBy = YIELD;
            fiber.stack.beginUnwinding(YIELD);
        }
    }

    /** Makes a parked fiber runnable again, or lets its next {@link #park()} return at once. */
    public void unpark() {
        synchronized (this) {
            if (state != State.PARKED) {
                permit = state != State.DONE;
                return;
            }
            state = State.SCHEDULED;
        }
        scheduler.schedule(this);
    }

    /**
     * Runs the fiber on the calling thread until it suspends or ends. Called by its scheduler.
     *
     * @return true when the fiber has ended
     * @throws IllegalStateException when the fiber is not waiting to be resumed
     */
    public boolean resume() {
        synchronized (this) {
            if (state != State.NEW && state != State.SCHEDULED) {
                throw new IllegalStateException("fiber " + name + " is " + state + ", not ready to resume");
            }
            state = State.RUNNING;
        }
        Carrier carrier = Carrier.current();
        Fiber previous = carrier.mount(this, stack);
        try {
            return started ? continueFrames() : firstRun();
        } finally {
            carrier.unmount(previous);
        }
    }

    private boolean firstRun() {
        started = true;
        try {
            Object value = body.call();
            if (stack.isUnwinding()) {
                return suspend();
            }
            return end(value, null);
        } catch (Throwable t) {
            return end(null, stack.escaped(t));
        }
    }

    /** Resumes saved frames innermost first, handing each one's outcome to the next. */
    private boolean continueFrames() {
        char returnSort = 'L';
        while (stack.hasFrames()) {
            SuspensionPoint point = stack.takeFrame();
            returnSort = point.returnSort();
            try {
                point.resumer().invokeExact(stack);
            } catch (Throwable t) {
                Throwable escaped = stack.escaped(t);
                if (escaped instanceof UninstrumentedFrameException) {
                    return end(null, escaped);
                }
                stack.fail(escaped);
                continue;
            }
            if (stack.isUnwinding()) {
                return suspend();
            }
        }
        Throwable thrown = stack.takePending();
        return end(thrown == null ? stack.result(returnSort) : null, thrown);
    }

    private boolean suspend() {
        try {
            stack.endUnwinding();
        } catch (UninstrumentedFrameException e) {
            return end(null, e);
        }
        boolean reschedule;
        synchronized (this) {
            reschedule = YIELD.equals(suspendedBy) || permit;
            permit = false;
            state = reschedule ? State.SCHEDULED : State.PARKED;
        }
        if (reschedule) {
            scheduler.schedule(this);
        }
        return false;
    }

    private boolean end(Object value, Throwable thrown) {
        if (thrown != null) {
            stack.clear();
        }
        synchronized (this) {
            result = value;
            failure = thrown;
            state = State.DONE;
            permit = false;
        }
        return true;
    }

    /** The fiber's name. */
    public String name() {
        return name;
    }

    /** Whether the fiber has ended, by returning or by throwing. */
    public synchronized boolean isDone() {
        return state == State.DONE;
    }

    /** What the fiber's body returned, once it has ended normally with a non-null value. */
    public synchronized Optional<Object> result() {
        return Optional.ofNullable(result);
    }

    /** What the fiber's body threw, once it has ended by throwing. */
    public synchronized Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    FiberStack stack() {
        return stack;
    }

    @Override
    public String toString() {
        return "Fiber[" + name + "]";
    }
}
