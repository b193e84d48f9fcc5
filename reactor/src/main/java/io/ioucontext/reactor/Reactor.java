package io.ioucontext.reactor;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.FiberScheduler;
import io.ioucontext.fiber.SuspendableRunnable;

import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;

/**
 * A thread's io_uring event loop and fiber scheduler. Each turn of the loop resumes the fibers that
 * were ready when it began, moves waiting operations into free SQ slots, then makes one
 * {@code io_uring_enter} that submits and (when no fiber is ready) waits for a completion, and
 * finally reaps the CQEs, making the fibers that waited for them ready.
 *
 * <p>One reactor per thread, created by {@link #get()}; it may only be used from that thread, and
 * should be {@linkplain #close() closed} by it: Java runs nothing when a thread ends, so the ring of
 * a thread that ends without closing its reactor stays open until the process exits.
 * The SQ depth comes from the system property {@value #ENTRIES_PROPERTY}, else the environment
 * variable {@value #ENTRIES_VARIABLE}, else {@value #DEFAULT_ENTRIES}.
 */
public final class Reactor implements FiberScheduler, AutoCloseable {

    /** System property giving the SQ depth. */
    public static final String ENTRIES_PROPERTY = "iou.ring.entries";
    /** Environment variable giving the SQ depth when the property is not set. */
    public static final String ENTRIES_VARIABLE = "IOU_RING_ENTRIES";
    /** SQ depth when neither is set. */
    public static final int DEFAULT_ENTRIES = 256;
    /** The kernel's IORING_MAX_ENTRIES. */
    private static final int MAX_ENTRIES = 32768;

    private static final int EBUSY = Errno.EBUSY.number();
    private static final int EAGAIN = Errno.EAGAIN.number();
    /** What an async cancel of every operation completes with before kernel 5.19. */
    private static final int EINVAL = Errno.EINVAL.number();
    private static final ThreadLocal<Reactor> CURRENT = new ThreadLocal<>();

    private final Thread owner = Thread.currentThread();
    private final Ring ring;
    private final SubmissionQueue submissions;
    private final CompletionQueue completions;
    private final CompletionPool pool = new CompletionPool(this);
    private final CompletionQueue.Handler onCompletion = this::onCompletion;
    private final ArrayDeque<Fiber> ready = new ArrayDeque<>();
    /** Submitted operations that found the SQ full (or the CQ fully booked), oldest first. */
    private final ArrayDeque<Completion> waiting = new ArrayDeque<>();
    /** SQEs in the SQ or in the kernel (each brings one CQE), at most the CQ's size so the CQ never overflows. */
    private int inFlight;
    private boolean driving;
    private boolean closed;

    private Reactor(Ring ring) {
        this.ring = ring;
        this.submissions = ring.submissions();
        this.completions = ring.completions();
    }

    /**
     * This thread's reactor, set up on first use with the configured SQ depth.
     *
     * @return the reactor
     * @throws UncheckedIOException wrapping a {@link UringException} saying why when io_uring is unavailable
     * @throws IllegalArgumentException when the configured depth is not a number from 1 to 32768
     */
    public static Reactor get() {
        Reactor reactor = CURRENT.get();
        return reactor != null ? reactor : create(configuredEntries());
    }

    /**
     * Sets this thread's reactor up with a given SQ depth (tests use small rings).
     *
     * @param entries the SQ depth, 1 to 32768 (rounded up to a power of two by the kernel)
     * @return the reactor
     * @throws IllegalStateException when this thread already has a reactor
     * @throws UncheckedIOException wrapping a {@link UringException} saying why when io_uring is unavailable
     */
    public static Reactor create(int entries) {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("thread " + Thread.currentThread().getName() + " already has a reactor");
        }
        if (entries < 1 || entries > MAX_ENTRIES) {
            throw new IllegalArgumentException("ring entries must be from 1 to " + MAX_ENTRIES + ": " + entries);
        }
        Reactor reactor;
        try {
            reactor = new Reactor(Ring.open(entries));
        } catch (UringException e) {
            throw new UncheckedIOException("io_uring is unavailable: " + e.getMessage(), e);
        }
        CURRENT.set(reactor);
        return reactor;
    }

    private static int configuredEntries() {
        String value = System.getProperty(ENTRIES_PROPERTY);
        String source = "system property " + ENTRIES_PROPERTY;
        if (value == null) {
            value = System.getenv(ENTRIES_VARIABLE);
            source = "environment variable " + ENTRIES_VARIABLE;
        }
        if (value == null) {
            return DEFAULT_ENTRIES;
        }
        try {
            int entries = Integer.parseInt(value.strip());
            if (entries >= 1 && entries <= MAX_ENTRIES) {
                return entries;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(source + " must be a number from 1 to " + MAX_ENTRIES + ": " + value);
    }

    /**
     * Creates a fiber running {@code body} and makes it ready; it starts at the next turn of the loop.
     *
     * @param name names the fiber in diagnostics and in the report of an uncaught exception
     * @param body what the fiber runs
     * @return the fiber
     */
    public Fiber spawn(String name, SuspendableRunnable body) {
        checkUsable();
        Objects.requireNonNull(body, "body");
        return new Fiber(this, name, () -> {
            body.run();
            return null;
        }).start();
    }

    /**
     * Makes a fiber ready; it is resumed at the next turn of the loop.
     *
     * @throws IllegalStateException when called from another thread than the reactor's
     */
    @Override
    public void schedule(Fiber fiber) {
        checkUsable();
        ready.addLast(fiber);
    }

    /**
     * Runs the loop until no fiber is ready and no operation is in flight or waiting for a slot.
     * Parked fibers that wait for something else than an operation do not keep it running.
     *
     * @throws IllegalStateException inside a fiber, or when the loop is already running
     */
    public void run() {
        checkUsable();
        startDriving();
        try {
            while (isRunnable()) {
                turn();
            }
        } finally {
            driving = false;
        }
    }

    /** @return whether a fiber is ready or an operation is in flight or waiting for a slot */
    public boolean isRunnable() {
        return !ready.isEmpty() || inFlight > 0 || !waiting.isEmpty();
    }

    /**
     * Takes a completion record from the pool, to prepare, submit and await one operation.
     *
     * @return a record that no operation uses
     */
    public Completion completion() {
        checkUsable();
        return pool.acquire();
    }

    /** @return the SQ depth the kernel granted */
    public int submissionQueueEntries() {
        return submissions.entries();
    }

    /** @return why the ring runs without SINGLE_ISSUER|DEFER_TASKRUN|COOP_TASKRUN, when it does */
    public Optional<String> fallbackReason() {
        return ring.fallbackReason();
    }

    /**
     * Releases the ring and its native memory. Operations still in flight are cancelled, and their
     * completions awaited, so that the kernel touches none of their buffers once this returns;
     * fibers waiting for them are never resumed, operations waiting for a slot are dropped. The
     * next {@link #get()} on this thread sets a new reactor up. Closing twice does nothing.
     *
     * @throws IllegalStateException when called from another thread, or while the loop runs
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        checkUsable();
        if (driving) {
            throw new IllegalStateException("the reactor cannot be closed while its loop runs");
        }
        waiting.clear();
        try {
            cancelInFlight();
        } finally {
            closed = true;
            CURRENT.remove();
            ready.clear();
            ring.close();
        }
    }

    void submit(Completion completion) {
        checkUsable();
        if (completion.sqeCount() > submissions.entries()) {
            throw new IllegalArgumentException("the operation needs " + completion.sqeCount()
                    + " adjacent SQEs, the ring has " + submissions.entries());
        }
        if (!waiting.isEmpty() || !offer(completion)) {
            waiting.addLast(completion);
        }
    }

    /** Turns the loop until the CQE of an operation awaited outside any fiber arrives. */
    void driveUntilDone(Completion completion) {
        startDriving();
        try {
            while (!completion.isDone()) {
                if (!isRunnable()) {
                    throw new IllegalStateException("awaited an operation that was never submitted");
                }
                turn();
            }
        } finally {
            driving = false;
        }
    }

    void release(Completion completion) {
        pool.release(completion);
    }

    /** @return native memory living as long as the ring */
    MemorySegment allocate(long bytes, long alignment) {
        return ring.arena().allocate(bytes, alignment);
    }

    private void turn() {
        for (int n = ready.size(); n > 0; n--) {
            resume(ready.pollFirst());
        }
        while (!waiting.isEmpty() && offer(waiting.peekFirst())) {
            waiting.pollFirst();
        }
        if (inFlight == 0) {
            return;
        }
        int toSubmit = submissions.publish();
        int entered = ring.enter(toSubmit, ready.isEmpty() ? 1 : 0);
        if (entered < 0 && entered != -EBUSY && entered != -EAGAIN) {
            // EBUSY/EAGAIN: the kernel cannot take more now; reaping below makes room.
            throw new UncheckedIOException(new UringException("io_uring_enter(to_submit=" + toSubmit + ")", -entered));
        }
        completions.reap(onCompletion);
    }

    private void cancelInFlight() {
        if (inFlight == 0) {
            return;
        }
        ring.enter(submissions.publish(), 0);  // the kernel cancels only what it has seen
        completions.reap(onCompletion);
        Completion cancel = pool.acquire().prepCancelAll();
        if (!submissions.offer(cancel)) {
            return;  // cannot happen after the enter above emptied the SQ; the kernel cancels on exit
        }
        inFlight++;
        while (inFlight > 0 && !(cancel.isDone() && cancel.result() == -EINVAL)) {
            ring.enter(submissions.publish(), 1);
            completions.reap(onCompletion);
        }
    }

    private boolean offer(Completion completion) {
        int sqes = completion.sqeCount();
        if (inFlight + sqes > completions.entries() || !submissions.offer(completion)) {
            return false;
        }
        inFlight += sqes;
        return true;
    }

    private void onCompletion(long userData, int result) {
        inFlight--;
        if (userData != Completion.UNAWAITED) {
            Completion completion = pool.get(userData);
            if (completion.isDetached()) {
                pool.release(completion);
            } else {
                completion.complete(result);
            }
        }
    }

    private void resume(Fiber fiber) {
        try {
            if (fiber.resume()) {
                fiber.failure().ifPresent(failure -> report(fiber, failure));
            }
        } catch (RuntimeException e) {
            report(fiber, e);
        }
    }

    private static void report(Fiber fiber, Throwable failure) {
        System.err.print("Exception in fiber \"" + fiber.name() + "\" ");
        failure.printStackTrace();
    }

    private void startDriving() {
        if (driving) {
            throw new IllegalStateException("the reactor loop is already running"
                    + (Fiber.current().isPresent() ? " (called inside fiber " + Fiber.current().get().name() + ")" : ""));
        }
        driving = true;
    }

    private void checkUsable() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("reactor of thread " + owner.getName() + " used from thread "
                    + Thread.currentThread().getName());
        }
        if (closed) {
            throw new IllegalStateException("reactor is closed");
        }
    }
}
