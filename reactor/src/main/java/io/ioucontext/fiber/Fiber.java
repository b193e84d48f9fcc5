package io.ioucontext.fiber;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;

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
    private static final List<Object> ENDED = List.of();

    // Lifecycle in one int, changed by compare-and-set where other threads may change it too: the
    // low bits say where the fiber is, PERMIT says an unpark() came while it was not parked,
    // CANCELLED that a cancel() waits to be delivered (in the same int, so that the one volatile
    // read of a resume sees it; no flag is cleared by a move from one place to another). ACTIVE
    // covers both "ready" and "running": only the thread resuming the fiber moves it out of ACTIVE,
    // and unpark() treats both alike, so a resume and a yield need no atomic instruction at all
    // (the plain field running tells the two apart, for diagnostics).
    private static final int NEW = 0;
    private static final int ACTIVE = 1;
    private static final int PARKED = 2;
    private static final int DONE = 3;
    private static final int WHERE = 0xFF;
    private static final int PERMIT = 0x100;
    private static final int CANCELLED = 0x200;
    private static final String[] NAMES = {"new", "scheduled", "parked", "done"};

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
    private final FiberStack stack = new FiberStack(this);

    @SuppressWarnings("unused") // through STATE
    private volatile int state = NEW;
    /**
     * Set while a thread runs the fiber inside {@link #resume()}; cleared before the fiber is handed
     * to anyone else (scheduled, parked, ended). Only that thread writes it.
     */
    private boolean running;
    private boolean started;
    private Object result;
    private Throwable failure;
    /** The fiber this one waits for in {@link #join()}, until it resumes. */
    private Fiber joined;
    /** Fibers, and threads outside fibers, waiting in {@link #join()} for this one to end; guarded by {@code this}. */
    private List<Object> joiners;

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
        if (!move(NEW, ACTIVE)) {
            throw new IllegalStateException("fiber " + name + " was already started");
        }
        scheduler.schedule(this);
        return this;
    }

    /** The fiber running on the calling thread, if any. */
    public static Optional<Fiber> current() {
        return Optional.ofNullable(Carrier.current().fiber());
    }

    /**
     * Suspends the current fiber until {@link #unpark()} is called (at once if it was called
     * already since the last park).
     *
     * @throws IllegalStateException when no fiber runs on this thread: nothing could unpark the
     *     thread; outside fibers, wait for a condition with {@code io.ioucontext.sync.Event} (or
     *     another primitive of {@code io.ioucontext.sync}), which runs the thread's reactor meanwhile
     */
    public static void park() {
        Fiber fiber = Carrier.current().fiber();
        if (fiber == null) {
            throw new IllegalStateException("Fiber.park() called outside a fiber, where nothing could unpark"
                    + " the thread; to wait for a condition outside fibers use io.ioucontext.sync.Event (or"
                    + " another io.ioucontext.sync primitive), which runs the thread's reactor meanwhile");
        }
        if ((fiber.state & (CANCELLED | PERMIT)) != 0 && fiber.parkCutShort()) {
            return;
        }
        fiber.stack.beginUnwinding(PARK);
    }

    /** A park that finds a flag: throws a pending cancellation, or consumes the permit (true). */
    private boolean parkCutShort() {
        if (take(CANCELLED)) {
            throw cancellation();
        }
        return take(PERMIT);
    }

    /**
     * Lets other fibers of the scheduler run, then continues. Outside a fiber, runs what the
     * thread's {@link OutsideFiberDriver} (its reactor) has ready, once, or returns at once when the
     * thread has none.
     */
    public static void yield() {
        Carrier carrier = Carrier.current();
        Fiber fiber = carrier.fiber();
        if (fiber == null) {
            yieldOutside(carrier);
            return;
        }
        // a pending cancel() is delivered when the yield resumes, at the same point
        fiber.stack.beginUnwinding(YIELD);
    }

    private static void yieldOutside(Carrier carrier) {
        OutsideFiberDriver driver = carrier.driver();
        if (driver != null) {
            driver.runReady();
        }
    }

    /**
     * Waits until this fiber has ended and returns what its body returned. Inside a fiber the
     * calling fiber is suspended meanwhile; its scheduler must be able to take it back from the
     * thread this fiber ends on (the same scheduler, typically). Outside any fiber, the thread's
     * {@link OutsideFiberDriver} (its reactor) runs until this fiber ends when it is this fiber's
     * scheduler; otherwise the thread blocks until this fiber ends on another thread (which never
     * happens if only the calling thread would resume it).
     *
     * @return the body's result (null for no result)
     * @throws ExecutionException    when this fiber ended by throwing; the cause is what it threw
     * @throws IllegalStateException when a fiber joins itself, or when the driver cannot run the
     *     joined fiber to its end (nothing left could end it, or the driver is already running)
     */
    @Suspendable
    public Object join() throws ExecutionException {
        Fiber caller = Carrier.current().fiber();
        if (caller == this) {
            throw new IllegalStateException("fiber " + name + " cannot join itself");
        }
        if (caller == null) {
            awaitEndOutside();
            return outcome();
        }
        if (addJoiner(caller)) { // an end from now on unparks the caller: at worst a permit, while it unwinds
            caller.joined = this;
            caller.stack.beginUnwinding(JOIN);
            return null; // a dummy: the caller's frame saves itself and receives the outcome on resume
        }
        return outcome();
    }

    /** Registers a fiber or thread to wake when this fiber ends; false when it has ended already. */
    private synchronized boolean addJoiner(Object waiter) {
        if (joiners == ENDED) {
            return false;
        }
        if (joiners == null) {
            joiners = new ArrayList<>(1);
        }
        joiners.add(waiter);
        return true;
    }

    /** {@link #join()} outside a fiber: drives this thread's fibers, or blocks, until this fiber ends. */
    private void awaitEndOutside() {
        if (isDone()) {
            return;
        }
        OutsideFiberDriver driver = Carrier.current().driver();
        if (driver != null && driver.drives(scheduler)) {
            driver.runUntil(this::isDone);
            return;
        }
        Thread waiter = Thread.currentThread();
        if (!addJoiner(waiter)) {
            return;
        }
        boolean interrupted = false;
        while (!isDone()) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            waiter.interrupt(); // waited through, like an uninterruptible lock; the status is kept
        }
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
        for (;;) {
            int now = state;
            if ((now & WHERE) == DONE) {
                return;
            }
            if (STATE.compareAndSet(this, now, now | CANCELLED)) {
                break;
            }
        }
        unpark();
    }

    /** Whether {@link #cancel()} was called and the fiber has not received its exception yet. */
    public boolean isCancelled() {
        return (state & CANCELLED) != 0;
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
                if (STATE.compareAndSet(this, now, ACTIVE | (now & CANCELLED))) {
                    scheduler.schedule(this);
                    return;
                }
            } else if (STATE.compareAndSet(this, now, now | PERMIT)) {
                return;
            }
        }
    }

    /**
     * Runs the fiber on the calling thread until it suspends or ends. Called by its scheduler, once
     * per {@link FiberScheduler#schedule} (a fiber runs on one thread at a time).
     *
     * @return true when the fiber has ended
     * @throws IllegalStateException when the fiber is not waiting to be resumed
     */
    public boolean resume() {
        int now = state;
        if (running || ((now & WHERE) != ACTIVE && !move(NEW, ACTIVE))) {
            throw new IllegalStateException("fiber " + name + " is " + where() + ", not ready to resume");
        }
        running = true;
        Carrier carrier = Carrier.current();
        FiberStack previous = carrier.mount(stack);
        try {
            if (!started) {
                return firstRun();
            }
            if (joined != null || (now & CANCELLED) != 0) { // a later cancel() is seen by the next suspension
                if (stillJoining()) {
                    return false;
                }
                handOverWakeUp();
            }
            return continueFrames();
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
        if (target == null || isCancelled()) {
            return false;
        }
        for (;;) {
            if (target.isDone()) {
                return false;
            }
            int now = state;
            running = false;
            // the permit of a stray unpark() is dropped; the target's end sets DONE before it unparks
            if (STATE.compareAndSet(this, now, PARKED | (now & CANCELLED))) {
                if (target.isDone() && move(PARKED, ACTIVE)) {
                    running = true;
                    return false;
                }
                return true;
            }
            running = true;
        }
    }

    /** Moves the fiber from one place to another, keeping its flags; false when it was elsewhere. */
    private boolean move(int from, int to) {
        for (;;) {
            int now = state;
            if ((now & WHERE) != from) {
                return false;
            }
            if (STATE.compareAndSet(this, now, to | (now & ~WHERE))) {
                return true;
            }
        }
    }

    /** Clears {@code flag} (PERMIT or CANCELLED); whether it was set. */
    private boolean take(int flag) {
        for (;;) {
            int now = state;
            if ((now & flag) == 0) {
                return false;
            }
            if (STATE.compareAndSet(this, now, now & ~flag)) {
                return true;
            }
        }
    }

    private boolean firstRun() {
        started = true;
        LiveFibers.add(this);
        if (isCancelled()) {
            return end(null, cancellation());
        }
        try {
            Object value = body.call();
            if (stack.isUnwinding()) {
                return suspend(null);
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
                point.resume().resume(stack);
            } catch (Throwable t) {
                Throwable escaped = stack.escaped(t);
                if (escaped instanceof UninstrumentedFrameException) {
                    return end(null, escaped);
                }
                if (stack.hasFrames()) {
                    FiberTraces.passedThrough(escaped, stack.peekFrame());
                }
                stack.fail(escaped);
                continue;
            }
            if (stack.isUnwinding()) {
                return suspend(point);
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
                stack.fail(FiberTraces.delivered(e, stack.savedPoints()));
            }
        }
        if (take(CANCELLED)) {
            stack.fail(FiberTraces.delivered(cancellation(), stack.savedPoints()));
        }
    }

    private CancellationException cancellation() {
        return new CancellationException("fiber " + name + " was cancelled");
    }

    /**
     * The frames are saved: park (unless a permit came meanwhile) or go back to the scheduler.
     *
     * @param resumed the point at which the driver resumed the frame the unwinding reached it
     *     from; null on the first run (the driver called the body)
     */
    private boolean suspend(SuspensionPoint resumed) {
        try {
            if (resumed == null) {
                stack.endFirstUnwinding(body);
            } else {
                stack.endUnwinding(resumed);
            }
        } catch (UninstrumentedFrameException e) {
            return end(null, e);
        }
        // only now may another thread resume the fiber: its frames are all saved
        running = false;
        if (stack.primitive() == YIELD) {
            scheduler.schedule(this); // the fiber stayed ACTIVE, its permit untouched
            return false;
        }
        for (;;) {
            int now = state;
            // a park is cut short (its permit consumed) by an unpark() that came while the frames were being saved
            boolean permitted = (now & PERMIT) != 0;
            if (STATE.compareAndSet(this, now, (permitted ? ACTIVE : PARKED) | (now & CANCELLED))) {
                if (permitted) {
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
        running = false;
        state = DONE; // volatile write: publishes result and failure
        LiveFibers.remove(this);
        List<Object> waiting;
        synchronized (this) {
            waiting = joiners;
            joiners = ENDED;
        }
        if (waiting != null) {
            for (Object waiter : waiting) {
                if (waiter instanceof Fiber fiber) {
                    fiber.unpark();
                } else {
                    LockSupport.unpark((Thread) waiter);
                }
            }
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
        if (!started || running || (where != PARKED && where != ACTIVE)) {
            return List.of();
        }
        return FiberTraces.suspendedAt(stack.savedPoints());
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
            out.append('"').append(fiber.name).append("\" ").append(fiber.where()).append('\n');
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
        return "Fiber[" + name + ", " + where() + "]";
    }

    /** Where the fiber is, for diagnostics; read by another thread, {@link #running} is a hint. */
    private String where() {
        return running ? "running" : NAMES[state & WHERE];
    }
}
