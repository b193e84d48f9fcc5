package io.ioucontext.fiber;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

/**
 * A lightweight thread of woven code whose frames live on its own {@link FiberStack}. A fiber runs
 * only inside {@link #resume()}, on the thread that calls it, until it suspends ({@link #park()},
 * {@link #yield()}) or ends; its scheduler decides when to resume it again.
 */
public final class Fiber {

    private static final String PARK = "park()V";
    private static final String YIELD = "yield()V";
    private static final String JOIN = "join()Ljava/lang/Object;";
    /** {@link #joiners} once the fiber has ended: late joiners find the outcome at once. */
    private static final List<Fiber> ENDED = List.of();

    // Lifecycle in one int, changed by compare-and-set only (no lock on the suspend/resume path):
    // the low bits say where the fiber is, PERMIT says an unpark() came while it was not parked.
    private static final int NEW = 0;
    private static final int SCHEDULED = 1;
    private static final int RUNNING = 2;
    private static final int PARKED = 3;
    private static final int DONE = 4;
    private static final int WHERE = 0xFF;
    private static final int PERMIT = 0x100;
    private static final String[] NAMES = {"new", "scheduled", "running", "parked", "done"};

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Fiber.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final FiberScheduler scheduler;
    private final String name;
    private final SuspendableCallable<?> body;
    private final FiberStack stack = new FiberStack();

    @SuppressWarnings("unused") // through STATE
    private volatile int state = NEW;
    private boolean started;
    private boolean yielding;
    private Object result;
    private Throwable failure;
    /** The fiber this one waits for in {@link #join()}, until it resumes. */
    private Fiber joined;
    /** Fibers waiting in {@link #join()} for this one to end; guarded by {@code this}. */
    private List<Fiber> joiners;
    private volatile boolean cancelled;

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
        if (!move(NEW, SCHEDULED)) {
            throw new IllegalStateException("fiber " + name + " was already started");
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
        fiber.throwIfCancelled();
        if (fiber.takePermit()) {
            return;
        }
        fiber.yielding = false;
        fiber.stack.beginUnwinding(PARK);
    }

    /** Lets other fibers of the scheduler run, then continues; returns at once outside a fiber. */
    public static void yield() {
        Fiber fiber = Carrier.current().fiber;
        if (fiber != null) {
            fiber.throwIfCancelled();
            fiber.yielding = true;
            fiber.stack.beginUnwinding(YIELD);
        }
    }

    /**
     * Waits until this fiber has ended, suspending the calling fiber meanwhile, and returns what
     * this fiber's body returned. Both fibers should run on the same scheduler (or at least this
     * one's end must be able to reschedule the caller through the caller's scheduler).
     *
     * @return the body's result (null for no result)
     * @throws ExecutionException    when this fiber ended by throwing; the cause is what it threw
     * @throws IllegalStateException outside a fiber, or when a fiber joins itself
     */
    @Suspendable
    public Object join() throws ExecutionException {
        Fiber caller = Carrier.current().fiber;
        if (caller == null) {
            throw new IllegalStateException("Fiber.join() of " + name + " called outside a fiber");
        }
        if (caller == this) {
            throw new IllegalStateException("fiber " + name + " cannot join itself");
        }
        synchronized (this) {
            if (joiners != ENDED) {
                if (joiners == null) {
                    joiners = new ArrayList<>(1);
                }
                joiners.add(caller);
                caller.joined = this;
                caller.yielding = false;
                caller.stack.beginUnwinding(JOIN);
                return null; // a dummy: the caller's frame saves itself and receives the outcome on resume
            }
        }
        return outcome();
    }

    /** The ended fiber's result, or its failure wrapped for a joiner. */
    private Object outcome() throws ExecutionException {
        if (failure != null) {
            throw new ExecutionException("fiber " + name + " failed: " + failure, failure);
        }
        return result;
    }

    /**
     * Asks the fiber to stop: unless it has ended, it is made runnable, and when it next resumes
     * from a suspension point (park, yield, join) a {@link CancellationException} is thrown there,
     * once; a fiber that has not started yet ends with that exception without running. The fiber
     * may catch it and go on.
     */
    public void cancel() {
        if (isDone()) {
            return;
        }
        cancelled = true;
        unpark();
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** Makes a parked fiber runnable again, or lets its next {@link #park()} return at once. */
    public void unpark() {
        for (;;) {
            int now = state;
            int where = now & WHERE;
            if (where == DONE || (now & PERMIT) != 0) {
                return;
            }
            if (where == PARKED) {
                if (STATE.compareAndSet(this, now, SCHEDULED)) {
                    scheduler.schedule(this);
                    return;
                }
            } else if (STATE.compareAndSet(this, now, now | PERMIT)) {
                return;
            }
        }
    }

    /**
     * Runs the fiber on the calling thread until it suspends or ends. Called by its scheduler.
     *
     * @return true when the fiber has ended
     * @throws IllegalStateException when the fiber is not waiting to be resumed
     */
    public boolean resume() {
        if (!move(SCHEDULED, RUNNING) && !move(NEW, RUNNING)) {
            throw new IllegalStateException("fiber " + name + " is " + NAMES[state & WHERE]
                    + ", not ready to resume");
        }
        Carrier carrier = Carrier.current();
        Fiber previous = carrier.mount(this, stack);
        try {
            if (stillJoining()) {
                return false;
            }
            return started ? continueFrames() : firstRun();
        } finally {
            carrier.unmount(previous);
        }
    }

    /**
     * Whether the fiber, woken while it waits in {@link #join()} for a fiber that has not ended (by
     * a stray {@link #unpark()}), went back to waiting.
     */
    private boolean stillJoining() {
        Fiber target = joined;
        if (target == null || cancelled) {
            return false;
        }
        for (;;) {
            if (target.isDone()) {
                return false;
            }
            int now = state;
            // the permit of a stray unpark() is dropped; the target's end sets DONE before it unparks
            if (STATE.compareAndSet(this, now, PARKED)) {
                return !target.isDone() || !move(PARKED, RUNNING);
            }
        }
    }

    /** Moves the fiber from one place to another, keeping its permit; false when it was elsewhere. */
    private boolean move(int from, int to) {
        for (;;) {
            int now = state;
            if ((now & WHERE) != from) {
                return false;
            }
            if (STATE.compareAndSet(this, now, to | (now & PERMIT))) {
                return true;
            }
        }
    }

    private boolean takePermit() {
        for (;;) {
            int now = state;
            if ((now & PERMIT) == 0) {
                return false;
            }
            if (STATE.compareAndSet(this, now, now & ~PERMIT)) {
                return true;
            }
        }
    }

    private boolean firstRun() {
        started = true;
        LiveFibers.add(this);
        if (cancelled) {
            return end(null, cancellation());
        }
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
        handOverWakeUp();
        char returnSort = 'L';
        while (stack.hasFrames()) {
            SuspensionPoint point = stack.takeFrame();
            returnSort = point.returnSort();
            try {
                point.resume().resume(stack);
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
            if (stack.hasFrames()) {
                stack.adaptResult(returnSort, stack.peekFrame().calleeReturnSort());
            }
        }
        Throwable thrown = stack.takePending();
        return end(thrown == null ? stack.result(returnSort) : null, thrown);
    }

    /**
     * Gives the innermost frame, about to resume from its suspension point, what it was waiting for:
     * the joined fiber's outcome, or a cancellation.
     */
    private void handOverWakeUp() {
        Fiber target = joined;
        if (target != null) {
            joined = null;
            try {
                stack.returnRef(target.outcome());
            } catch (ExecutionException e) {
                stack.fail(e);
            }
        }
        if (cancelled) {
            cancelled = false;
            stack.fail(cancellation());
        }
    }

    /** A cancellation requested while the fiber ran is delivered at its next suspension point. */
    private void throwIfCancelled() {
        if (cancelled) {
            cancelled = false;
            throw cancellation();
        }
    }

    private CancellationException cancellation() {
        return new CancellationException("fiber " + name + " was cancelled");
    }

    /** The frames are saved: park (unless a permit came meanwhile) or go back to the scheduler. */
    private boolean suspend() {
        try {
            stack.endUnwinding();
        } catch (UninstrumentedFrameException e) {
            return end(null, e);
        }
        // only now may another thread resume the fiber: its frames are all saved
        boolean yielded = yielding;
        for (;;) {
            int now = state;
            // a park is cut short by an unpark() that came while the frames were being saved
            boolean reschedule = yielded || (now & PERMIT) != 0;
            int next = reschedule ? SCHEDULED | (yielded ? now & PERMIT : 0) : PARKED;
            if (STATE.compareAndSet(this, now, next)) {
                if (reschedule) {
                    scheduler.schedule(this);
                }
                return false;
            }
        }
    }

    private boolean end(Object value, Throwable thrown) {
        if (thrown != null) {
            stack.clear();
        }
        if (thrown instanceof UninstrumentedFrameException unwoven) {
            unwoven.failed(name);
        }
        result = value;
        failure = thrown;
        state = DONE; // volatile write: publishes result and failure
        LiveFibers.remove(this);
        List<Fiber> waiting;
        synchronized (this) {
            waiting = joiners;
            joiners = ENDED;
        }
        if (waiting != null) {
            waiting.forEach(Fiber::unpark);
        }
        return true;
    }

    /** The fiber's name. */
    public String name() {
        return name;
    }

    /** Whether the fiber has ended, by returning or by throwing. */
    public boolean isDone() {
        return (state & WHERE) == DONE;
    }

    /** What the fiber's body returned, once it has ended normally with a non-null value. */
    public Optional<Object> result() {
        return isDone() ? Optional.ofNullable(result) : Optional.empty();
    }

    /** What the fiber's body threw, once it has ended by throwing. */
    public Optional<Throwable> failure() {
        return isDone() ? Optional.ofNullable(failure) : Optional.empty();
    }

    /**
     * Where this fiber is suspended, innermost first: the fiber primitive it called, then each woven
     * frame at its suspension point ({@code Class.method(File:line)}). Empty unless the fiber is
     * suspended (parked, or scheduled after a suspension).
     */
    public List<StackTraceElement> frames() {
        int where = state & WHERE; // volatile read: the frames were saved before the state changed
        if (!started || (where != PARKED && where != SCHEDULED)) {
            return List.of();
        }
        List<SuspensionPoint> points = stack.savedPoints();
        List<StackTraceElement> frames = new ArrayList<>(points.size() + 1);
        if (!points.isEmpty()) {
            String primitive = points.get(0).callee();
            frames.add(new StackTraceElement(Fiber.class.getName(), primitive.substring(0, primitive.indexOf('(')),
                    null, -1));
        }
        for (SuspensionPoint point : points) {
            frames.add(new StackTraceElement(point.owner(), point.methodName(),
                    point.file().equals("Unknown Source") ? null : point.file(), point.line()));
        }
        return frames;
    }

    /**
     * Every fiber that has started running and not ended yet, in no particular order, when the
     * registry is enabled ({@code -Diou.fiber.registry=true}); otherwise empty.
     */
    public static List<Fiber> live() {
        return LiveFibers.snapshot();
    }

    /**
     * A dump of every live fiber with its state and, for a suspended one, its frames, formatted like
     * a thread dump; for finding where a hung program's fibers wait. Needs the registry
     * ({@code -Diou.fiber.registry=true}); without it, says so.
     */
    public static String dump() {
        if (!LiveFibers.ENABLED) {
            return "fiber dump unavailable: run with -Diou.fiber.registry=true to register live fibers\n";
        }
        StringBuilder out = new StringBuilder();
        for (Fiber fiber : live()) {
            out.append('"').append(fiber.name).append("\" ").append(NAMES[fiber.state & WHERE]).append('\n');
            for (StackTraceElement frame : fiber.frames()) {
                out.append("\tat ").append(frame).append('\n');
            }
        }
        return out.toString();
    }

    FiberStack stack() {
        return stack;
    }

    @Override
    public String toString() {
        return "Fiber[" + name + ", " + NAMES[state & WHERE] + "]";
    }
}
