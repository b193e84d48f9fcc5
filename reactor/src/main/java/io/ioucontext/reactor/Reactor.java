package io.ioucontext.reactor;

import static io.ioucontext.reactor.IoUring.IORING_ASYNC_CANCEL_ALL;
import static io.ioucontext.reactor.IoUring.IORING_ASYNC_CANCEL_FD;
import static io.ioucontext.reactor.IoUring.IORING_CQE_F_MORE;
import static io.ioucontext.reactor.IoUring.IORING_FILE_INDEX_ALLOC;
import static io.ioucontext.reactor.IoUring.IORING_OP_ASYNC_CANCEL;
import static io.ioucontext.reactor.IoUring.IORING_OP_FILES_UPDATE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.FiberScheduler;
import io.ioucontext.fiber.OutsideFiberDriver;
import io.ioucontext.fiber.Suspendable;
import io.ioucontext.fiber.SuspendableRunnable;

import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.Arena;
import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A thread's io_uring event loop and fiber scheduler. Each turn of the loop runs the tasks other
 * threads handed over, resumes the fibers that were ready when it began, moves waiting operations
 * into free SQ slots, then makes one {@code io_uring_enter} that submits and (when nothing is ready)
 * waits for a completion, and finally reaps the CQEs, making the fibers that waited for them ready.
 *
 * <p>One reactor per thread, created by {@link #get()}; apart from {@link #execute(Runnable)} and
 * {@link #execute(String, SuspendableRunnable)}, it may only be used from that thread. Closing it
 * releases everything; a reactor its thread did not close is released by a {@link Cleaner} once
 * the thread has ended and nothing else refers to the reactor.
 */
public final class Reactor implements FiberScheduler, OutsideFiberDriver, Executor, AutoCloseable {

    /** System property giving the SQ depth. */
    public static final String ENTRIES_PROPERTY = "iou.ring.entries";
    /** Environment variable giving the SQ depth when the property is not set. */
    public static final String ENTRIES_VARIABLE = "IOU_RING_ENTRIES";
    /** SQ depth when neither is set. */
    public static final int DEFAULT_ENTRIES = 256;
    /** System property naming the {@link RingMode}: {@code taskrun}, {@code sqpoll} or {@code plain}. */
    public static final String MODE_PROPERTY = "iou.ring.mode";
    /** Environment variable naming the {@link RingMode} when the property is not set. */
    public static final String MODE_VARIABLE = "IOU_RING_MODE";
    /** System property giving the size of the registered file table (0, the default, registers none). */
    public static final String FILES_PROPERTY = "iou.ring.files";
    /** Environment variable giving the size of the registered file table when the property is not set. */
    public static final String FILES_VARIABLE = "IOU_RING_FILES";
    /** The kernel's IORING_MAX_ENTRIES. */
    private static final int MAX_ENTRIES = 32768;
    /** The kernel's default limit on registered files (IORING_MAX_FIXED_FILES). */
    private static final int MAX_FILES = 1 << 20;

    private static final int EBUSY = Errno.EBUSY.number();
    private static final int EAGAIN = Errno.EAGAIN.number();
    private static final int ENOENT = Errno.ENOENT.number();
    private static final int ECANCELED = Errno.ECANCELED.number();
    /** What an async cancel of every operation completes with before kernel 5.19. */
    private static final int EINVAL = Errno.EINVAL.number();
    private static final ThreadLocal<Reactor> CURRENT = new ThreadLocal<>();
    private static final Cleaner CLEANER = Cleaner.create();
    /** For {@link #turn}: {@link #run()} waits whenever nothing is ready. */
    private static final BooleanSupplier KEEP_WAITING = () -> false;
    /** For {@link #turn}: {@link #runReady()} never waits. */
    private static final BooleanSupplier NEVER_WAIT = () -> true;

    private final Thread owner = Thread.currentThread();
    private final Ring ring;
    private final RingMode mode;
    private final int registeredFiles;
    private final SubmissionQueue submissions;
    private final CompletionQueue completions;
    private final CompletionPool pool = new CompletionPool(this);
    private final CompletionQueue.Handler onCompletion = this::onCompletion;
    private final ArrayDeque<Fiber> ready = new ArrayDeque<>();
    /** Submitted operations that found the SQ full, oldest first. */
    private final ArrayDeque<Completion> waiting = new ArrayDeque<>();
    private final Teardown teardown;
    private final Cleaner.Cleanable cleanable;
    /** The buffer rings registered and not yet closed, and their group ids. */
    private final List<BufferRing> bufferRings = new ArrayList<>();
    private final BitSet bufferGroups = new BitSet();

    /** Work handed over by any thread: {@link Runnable}s and {@link FiberRequest}s. */
    private final ConcurrentLinkedQueue<Object> tasks = new ConcurrentLinkedQueue<>();
    /** Whether another thread has written the eventfd since the reactor last read it. */
    private final AtomicBoolean wakePending = new AtomicBoolean();
    /** Guards the eventfd against a write after close (its number could then name another file). */
    private final Object wakeLock = new Object();
    private boolean accepting = true;  // guarded by wakeLock
    /** The read of the eventfd kept armed on the ring: its CQE says another thread handed work over. */
    private final Completion wakeRead;
    private boolean wakeArmed;

    /** SQEs in the SQ or in the kernel, each bringing one CQE (a multishot one, until its last). */
    private int inFlight;
    private boolean driving;
    private boolean closing;
    private boolean closed;

    /** A fiber another thread asked for. */
    private record FiberRequest(String name, SuspendableRunnable body) {
    }

    /**
     * What must be released even when the thread ends without closing the reactor. It refers to
     * the ring, the eventfd, the cookie jar and the buffer rings' memory, never to the reactor, so
     * the reactor can become unreachable.
     */
    private record Teardown(Ring ring, int wakeFd, CookieJar cookies, List<Arena> bufferMemory) implements Runnable {
        @Override
        public void run() {
            try {
                cookies.eat();
            } finally {
                LibC.close(wakeFd);
                ring.close();  // the kernel lets go of the buffer rings with the ring
                bufferMemory.forEach(Arena::close);
            }
        }
    }

    private Reactor(Ring ring, RingMode mode, int registeredFiles) {
        this.ring = ring;
        this.mode = mode;
        this.registeredFiles = registeredFiles;
        this.submissions = ring.submissions();
        this.completions = ring.completions();
        int wakeFd = LibC.eventfd(LibC.EFD_CLOEXEC);
        if (wakeFd < 0) {
            ring.close();
            throw new IllegalStateException("eventfd(2) failed: the reactor cannot create its wakeup eventfd (too many open files?)");
        }
        this.teardown = new Teardown(ring, wakeFd, new CookieJar(), new ArrayList<>());
        this.cleanable = CLEANER.register(this, teardown);
        MemorySegment counter = allocate(Long.BYTES, Long.BYTES);
        this.wakeRead = pool.acquire().prepRead(wakeFd, counter, Long.BYTES, -1);
        armWakeRead();
        OutsideFiberDriver.install(this); // Fiber.yield()/join() outside fibers on this thread run this reactor
    }

    /**
     * This thread's reactor, set up on first use with the configured SQ depth, ring mode and
     * registered file table.
     *
     * @return the reactor
     * @throws UncheckedIOException wrapping a {@link UringException} saying why when io_uring is unavailable
     * @throws IllegalArgumentException when a configured value is malformed, naming its source
     */
    public static Reactor get() {
        Reactor reactor = CURRENT.get();
        return reactor != null ? reactor : create(configuredEntries());
    }

    /**
     * Sets this thread's reactor up with a given SQ depth, and the configured mode and file table.
     *
     * @param entries the SQ depth, 1 to 32768 (rounded up to a power of two by the kernel)
     * @return the reactor
     * @throws IllegalStateException when this thread already has a reactor
     * @throws UncheckedIOException wrapping a {@link UringException} saying why when io_uring is unavailable
     */
    public static Reactor create(int entries) {
        return create(entries, configuredMode(), configuredFiles());
    }

    /**
     * Sets this thread's reactor up.
     *
     * @param entries         the SQ depth, 1 to 32768 (rounded up to a power of two by the kernel)
     * @param mode            how the ring is set up
     * @param registeredFiles the size of the sparse registered file table, 0 for none
     * @return the reactor
     * @throws IllegalStateException when this thread already has a reactor
     * @throws UncheckedIOException wrapping a {@link UringException} saying why when io_uring is
     *     unavailable or lacks what the mode needs
     */
    public static Reactor create(int entries, RingMode mode, int registeredFiles) {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("thread " + Thread.currentThread().getName() + " already has a reactor");
        }
        if (entries < 1 || entries > MAX_ENTRIES) {
            throw new IllegalArgumentException("ring entries must be from 1 to " + MAX_ENTRIES + ": " + entries);
        }
        if (registeredFiles < 0 || registeredFiles > MAX_FILES) {
            throw new IllegalArgumentException("registered files must be from 0 to " + MAX_FILES + ": " + registeredFiles);
        }
        Reactor reactor;
        try {
            reactor = new Reactor(Ring.open(entries, Objects.requireNonNull(mode, "mode"), registeredFiles), mode,
                    registeredFiles);
        } catch (UringException e) {
            throw new UncheckedIOException("io_uring is unavailable: " + e.getMessage(), e);
        }
        CURRENT.set(reactor);
        return reactor;
    }

    private static Optional<Configured> configured(String property, String variable) {
        String value = System.getProperty(property);
        if (value != null) {
            return Optional.of(new Configured(value, "system property " + property));
        }
        value = System.getenv(variable);
        return value == null ? Optional.empty() : Optional.of(new Configured(value, "environment variable " + variable));
    }

    /** A configured value and where it came from, for error messages. */
    private record Configured(String value, String source) {
        int number(int min, int max) {
            try {
                int number = Integer.parseInt(value.strip());
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(source + " must be a number from " + min + " to " + max + ": " + value);
        }
    }

    private static int configuredEntries() {
        return configured(ENTRIES_PROPERTY, ENTRIES_VARIABLE).map(c -> c.number(1, MAX_ENTRIES)).orElse(DEFAULT_ENTRIES);
    }

    private static int configuredFiles() {
        return configured(FILES_PROPERTY, FILES_VARIABLE).map(c -> c.number(0, MAX_FILES)).orElse(0);
    }

    private static RingMode configuredMode() {
        return configured(MODE_PROPERTY, MODE_VARIABLE).map(c -> {
            try {
                return RingMode.parse(c.value());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(c.source() + ": " + e.getMessage(), e);
            }
        }).orElse(RingMode.TASKRUN);
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
     * Runs a task on the reactor's thread, outside any fiber, at the next turn of its loop. Callable
     * from any thread: another thread wakes the reactor through an eventfd whose read is kept armed
     * on the ring. An exception the task throws is printed, as a fiber's would be.
     *
     * @param task what to run
     * @throws RejectedExecutionException when the reactor is closed or its thread has ended
     */
    @Override
    public void execute(Runnable task) {
        hand(Objects.requireNonNull(task, "task"));
    }

    /**
     * Spawns a fiber on the reactor's thread at the next turn of its loop. Callable from any thread,
     * like {@link #execute(Runnable)}.
     *
     * @param name names the fiber
     * @param body what the fiber runs
     * @throws RejectedExecutionException when the reactor is closed or its thread has ended
     */
    public void execute(String name, SuspendableRunnable body) {
        hand(new FiberRequest(name, Objects.requireNonNull(body, "body")));
    }

    private void hand(Object task) {
        if (Thread.currentThread() == owner) {
            if (closed) {
                throw new RejectedExecutionException("reactor is closed");
            }
            tasks.add(task);  // the loop looks at the queue every turn
            return;
        }
        synchronized (wakeLock) {
            if (!accepting || !owner.isAlive()) {
                throw new RejectedExecutionException("reactor of thread " + owner.getName()
                        + (accepting ? " cannot run tasks: its thread has ended" : " is closed"));
            }
            tasks.add(task);
            if (wakePending.compareAndSet(false, true)) {
                LibC.eventfdWrite(teardown.wakeFd(), 1);
            }
        }
    }

    /**
     * Runs the loop until no fiber or task is ready and no operation is in flight or waiting for a
     * slot. Fire-and-forget operations ({@link Completion#submitDetached()}) keep it running until
     * their CQEs arrive; parked fibers that wait for something else than an operation do not.
     *
     * @throws IllegalStateException inside a fiber, or when the loop is already running
     */
    public void run() {
        checkUsable();
        startDriving();
        try {
            while (isRunnable()) {
                turn(KEEP_WAITING);
            }
        } finally {
            driving = false;
        }
    }

    /**
     * Turns the loop, outside any fiber, until a condition holds: how a caller outside fibers waits
     * for something the reactor's fibers or operations bring about (e.g. an item in a channel).
     * The condition is checked before each turn, and again before a turn waits for a completion, so
     * an operation armed for good (a multishot accept) does not hold the caller once it holds.
     *
     * @param condition checked on this thread, between turns
     * @throws IllegalStateException inside a fiber, when the loop is already running, or when
     *     nothing is left to run that could make the condition hold
     */
    @Override
    public void runUntil(BooleanSupplier condition) {
        checkUsable();
        Objects.requireNonNull(condition, "condition");
        drive(condition, "the reactor has nothing left to run that could end the wait");
    }

    /**
     * @return whether a fiber or task is ready, or an operation is in flight or waiting for a slot
     * @throws IllegalStateException when called from another thread, whose answer would be stale
     */
    public boolean isRunnable() {
        checkOwner();
        return !ready.isEmpty() || hasOperations() || !tasks.isEmpty();
    }

    private boolean hasOperations() {
        return inFlight > (wakeArmed ? 1 : 0) || !waiting.isEmpty();
    }

    /**
     * Takes a completion record from the pool, to fill, submit and await one operation.
     *
     * @return a record that no operation uses, its SQE all zero
     */
    public Completion completion() {
        checkUsable();
        return pool.acquire();
    }

    /**
     * Asks the kernel to cancel the operation a fiber is awaiting ({@code IORING_OP_ASYNC_CANCEL}
     * by its user_data, without waiting for the cancel's own completion): the fiber's
     * {@link Completion#await()} then throws a {@link UringException} with {@code ECANCELED},
     * unless the operation completes first, in which case it keeps its result.
     *
     * @param fiber a fiber of this reactor
     * @return whether the fiber was awaiting an operation whose CQE had not arrived yet
     */
    public boolean cancel(Fiber fiber) {
        checkUsable();
        for (Completion completion : pool.all()) {
            if (completion.isPending() && completion.waiter().orElse(null) == fiber) {
                cancel(completion);
                return true;
            }
        }
        return false;
    }

    void cancel(Completion completion) {
        if (!cancelQueued(completion)) {
            pool.acquire().opcode(IORING_OP_ASYNC_CANCEL).fd(-1).addr(completion.userData()).submitDetached();
        }
    }

    /** Marks an operation cancelled; ends it at once when it still waits for an SQ slot. */
    private boolean cancelQueued(Completion completion) {
        completion.markCancelled();
        if (waiting.remove(completion)) {
            completion.complete(-ECANCELED, 0);  // the kernel never saw it
            return true;
        }
        return false;
    }

    /**
     * Cancels every operation on a file descriptor ({@code IORING_ASYNC_CANCEL_FD|ALL}, Linux
     * 5.19+), including those still waiting for an SQ slot: they fail with {@code ECANCELED}.
     *
     * @param fd the file descriptor (not a registered file's index)
     * @return how many operations were cancelled
     * @throws UringException when the kernel refuses the cancel
     */
    @Suspendable
    public int cancelAll(int fd) throws UringException {
        checkUsable();
        int queued = 0;
        for (Completion completion : pool.all()) {
            if (completion.isPending() && completion.plainFd().orElse(fd + 1) == fd && cancelQueued(completion)) {
                queued++;
            }
        }
        try {
            return queued + pool.acquire().opcode(IORING_OP_ASYNC_CANCEL).fd(fd)
                    .opFlags(IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_ALL).submit().await();
        } catch (UringException e) {
            if (e.errnoNumber() == ENOENT) {
                return queued;  // nothing was in flight on it
            }
            throw e;
        }
    }

    /**
     * Installs a descriptor in the registered file table ({@code IORING_OP_FILES_UPDATE} into a
     * slot the kernel picks): operations then name it by its slot with
     * {@code sqeFlags(IOSQE_FIXED_FILE).fd(slot)}, sparing the kernel a file table lookup. The
     * descriptor may be closed afterwards; the slot keeps the file open until unregistered.
     *
     * @param fd the file descriptor
     * @return its slot
     * @throws UringException e.g. {@code ENFILE} when the table is full, {@code ENXIO} without one
     */
    @Suspendable
    public int registerFile(int fd) throws UringException {
        Completion update = completion();
        MemorySegment slot = update.scratch(Integer.BYTES);
        slot.set(JAVA_INT, 0, fd);
        update.opcode(IORING_OP_FILES_UPDATE).fd(-1).addr(slot.address()).len(1)
                .off(IORING_FILE_INDEX_ALLOC & 0xFFFF_FFFFL).subject("fd=" + fd).submit().await();
        return slot.get(JAVA_INT, 0);  // the kernel wrote the slot back; readable until the next suspension
    }

    /**
     * Empties a slot of the registered file table, closing the file unless a descriptor or
     * another slot still refers to it.
     *
     * @param slot what {@link #registerFile(int)} returned
     * @throws UringException e.g. {@code EINVAL} for a slot outside the table
     */
    @Suspendable
    public void unregisterFile(int slot) throws UringException {
        Completion update = completion();
        MemorySegment none = update.scratch(Integer.BYTES);
        none.set(JAVA_INT, 0, -1);
        update.opcode(IORING_OP_FILES_UPDATE).fd(-1).addr(none.address()).len(1).off(slot)
                .subject("slot=" + slot).submit().await();
    }

    /**
     * Sets up a provided buffer ring for receives that let the kernel pick their buffer, under
     * the lowest free buffer group id.
     *
     * @param count      the number of buffers, a power of two up to 32768
     * @param bufferSize each buffer's size in bytes
     * @return the ring, registered; close it when done (closing the reactor closes it too)
     * @throws UringException when the kernel refuses it (e.g. {@code EINVAL} before Linux 5.19)
     * @throws IllegalArgumentException for a count that is not a power of two, or a size below 1
     */
    public BufferRing bufferRing(int count, int bufferSize) throws UringException {
        checkUsable();
        int group = bufferGroups.nextClearBit(0);
        if (group > 0xFFFF) {
            throw new IllegalStateException("all 65536 buffer group ids are in use");
        }
        BufferRing buffers = BufferRing.register(this, ring, group, count, bufferSize);
        bufferGroups.set(group);
        bufferRings.add(buffers);
        teardown.bufferMemory().add(buffers.memory());
        return buffers;
    }

    /** Forgets a buffer ring that was unregistered: its group id is free again, its memory its own to free. */
    void forget(BufferRing buffers) {
        bufferRings.remove(buffers);
        bufferGroups.clear(buffers.groupId());
        teardown.bufferMemory().remove(buffers.memory());
    }

    /** @return whether an operation in flight or waiting for a slot picks its buffer from a group */
    boolean selectsFrom(int group) {
        for (Completion completion : pool.all()) {
            if (completion.isPending() && completion.selectsFrom(group)) {
                return true;
            }
        }
        return false;
    }

    /** @return the size of the registered file table, 0 when there is none */
    public int registeredFiles() {
        return registeredFiles;
    }

    /** @return the current cookie, if any */
    public Optional<Object> cookie() {
        checkUsable();
        return teardown.cookies().cookie();
    }

    /**
     * Puts a cookie in the jar, with the destructor that {@link #eatCookie()} or closing the reactor
     * calls on it. The old cookie is returned, not destroyed: its caller owns it now. When the
     * reactor's thread ends without closing it, the destructor runs on a Cleaner thread.
     *
     * @param cookie     the new cookie, or null for none
     * @param destructor what destroys it, or null for nothing
     * @param <T>        the cookie's type
     * @return the previous cookie, if any
     */
    public <T> Optional<Object> cookieJar(T cookie, Consumer<? super T> destructor) {
        checkUsable();
        return teardown.cookies().replace(cookie, destructor);
    }

    /**
     * Destroys the cookie: when a destructor is set, calls it on the cookie and empties the jar.
     *
     * @return whether a destructor was called; without one the cookie stays
     */
    public boolean eatCookie() {
        checkUsable();
        return teardown.cookies().eat();
    }

    /** @return the SQ depth the kernel granted */
    public int submissionQueueEntries() {
        return submissions.entries();
    }

    /** @return the mode the ring was asked to run in (see {@link #fallbackReason()} for what it got) */
    public RingMode mode() {
        return mode;
    }

    /** @return why the ring runs without the setup flags of its {@link #mode()}, when it does */
    public Optional<String> fallbackReason() {
        return ring.fallbackReason();
    }

    /** @return the CPU, among those the thread had affinity for, that the ring's io-wq workers (and SQPOLL thread) are bound to */
    public int cpu() {
        return ring.cpu();
    }

    /**
     * @param opcode an {@code IoUring.IORING_OP_*}
     * @return whether this kernel supports it (from {@code IORING_REGISTER_PROBE})
     */
    public boolean supports(int opcode) {
        return ring.supports(opcode);
    }

    /**
     * Releases the ring, its eventfd and its native memory, and eats the cookie. Operations still in
     * flight are cancelled, and their completions awaited, so that the kernel touches none of their
     * buffers once this returns; fibers waiting for them are never resumed (what the CQEs they would
     * have taken carry goes to their {@link Completion#onAbandon(java.util.function.LongConsumer)}),
     * operations waiting for a slot and tasks not yet run are dropped. The next {@link #get()} on this thread sets a new
     * reactor up. Closing twice does nothing.
     *
     * @throws IllegalStateException when called from another thread, or while the loop runs
     * @throws RuntimeException the first exception an {@code onAbandon} release threw (the others
     *     suppressed in it), once everything else is released and the reactor closed
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
        synchronized (wakeLock) {
            accepting = false;
        }
        waiting.clear();
        closing = true;
        // every release runs even when one fails, so one throwing handler leaks nothing else
        RuntimeException failure = null;
        try {
            cancelInFlight();
            for (Completion completion : pool.all()) {
                try {
                    completion.abandon();  // before the buffer rings go: released buffers go back to them
                } catch (RuntimeException e) {
                    failure = firstOf(failure, e);
                }
            }
            for (BufferRing buffers : List.copyOf(bufferRings)) {
                try {
                    buffers.release();
                } catch (RuntimeException e) {
                    failure = firstOf(failure, e);
                }
            }
        } finally {
            closed = true;
            CURRENT.remove();
            OutsideFiberDriver.remove(this);
            ready.clear();
            tasks.clear();
            cleanable.clean();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The first failure of a close, the later ones suppressed in it. */
    private static RuntimeException firstOf(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** @return whether {@link #close()} has released the reactor */
    public boolean isClosed() {
        return closed;
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
        drive(completion::isDone, "awaited an operation that was never submitted");
    }

    private void drive(BooleanSupplier condition, String stuck) {
        startDriving();
        try {
            while (!condition.getAsBoolean()) {
                if (!isRunnable()) {
                    throw new IllegalStateException(stuck);
                }
                turn(condition);
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

    /** @return whether io_uring_enter names the ring by its registered index */
    boolean ringFdRegistered() {
        return ring.ringFdRegistered();
    }

    /**
     * Turns the loop once without waiting for a completion: what {@link io.ioucontext.fiber.Fiber#yield()}
     * does outside a fiber. Does nothing while the loop runs (e.g. in a task it runs), or once closed.
     */
    @Override
    public void runReady() {
        if (closed || driving || Thread.currentThread() != owner) {
            return;
        }
        driving = true;
        try {
            turn(NEVER_WAIT);
        } finally {
            driving = false;
        }
    }

    /**
     * One turn: runs the tasks and ready fibers, submits, and blocks in io_uring_enter for a
     * completion when nothing else is ready, unless {@code stopWaiting} holds by then (what the
     * caller drives the loop for came about in this turn: an operation armed for good, such as a
     * multishot accept, must not hold it in a wait).
     */
    private void turn(BooleanSupplier stopWaiting) {
        runTasks();
        for (int n = ready.size(); n > 0; n--) {
            resume(ready.pollFirst());
        }
        submitWaiting();
        if (!wakeArmed) {
            armWakeRead();
        }
        // Wait only for work of our own: the wake read alone would block until another thread writes.
        boolean own = hasOperations();
        boolean wait = own && ready.isEmpty() && tasks.isEmpty() && !stopWaiting.getAsBoolean();
        int toSubmit = submissions.publish();
        if (toSubmit == 0 && !own) {
            return;  // the wake read's CQE, if any, is reaped by a later turn; the tasks are run regardless
        }
        checkEntered(ring.enter(toSubmit, wait ? 1 : 0), toSubmit);
        completions.reap(onCompletion);
    }

    /**
     * Moves waiting operations into the SQ, making the kernel take its SQEs as often as it fills
     * up: operations that only the waiting ones can complete (a receive whose peer's send waits)
     * must not leave the loop blocked in a wait for their CQEs.
     */
    private void submitWaiting() {
        while (!waiting.isEmpty()) {
            if (offer(waiting.peekFirst())) {
                waiting.pollFirst();
                continue;
            }
            int toSubmit = submissions.publish();
            if (!checkEntered(ring.submitNow(toSubmit), toSubmit)) {
                return;
            }
        }
    }

    /** @return whether the kernel took SQEs, false when it cannot take more now (EBUSY, EAGAIN) */
    private static boolean checkEntered(int entered, int toSubmit) {
        if (entered < 0 && entered != -EBUSY && entered != -EAGAIN) {
            throw new UncheckedIOException(new UringException("io_uring_enter(to_submit=" + toSubmit + ")", -entered));
        }
        return entered >= 0;  // EBUSY/EAGAIN: reaping makes room
    }

    private void runTasks() {
        for (Object task; (task = tasks.poll()) != null; ) {
            if (task instanceof FiberRequest request) {
                spawn(request.name(), request.body());
            } else {
                try {
                    ((Runnable) task).run();
                } catch (RuntimeException e) {
                    System.err.print("Exception in task executed by reactor of thread \"" + owner.getName() + "\" ");
                    e.printStackTrace();
                }
            }
        }
    }

    private void armWakeRead() {
        if (!closing && offer(wakeRead)) {
            wakeArmed = true;
        }
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

    /**
     * Puts an operation into the SQ if it has room. More operations may be in flight than the CQ
     * holds: capping them would let operations in flight wait forever for capped ones (idle
     * connections' receives holding back a new connection's send); the kernel keeps CQEs that
     * find the CQ full until the next {@code io_uring_enter} (IORING_FEAT_NODROP, which the
     * reactor requires).
     */
    private boolean offer(Completion completion) {
        if (!submissions.offer(completion)) {
            return false;
        }
        inFlight += completion.sqeCount();
        return true;
    }

    private void onCompletion(long userData, int result, int flags) {
        if ((flags & IORING_CQE_F_MORE) == 0) {
            inFlight--;  // a multishot operation stays in flight until its last CQE
        }
        if (userData == Completion.UNAWAITED) {
            return;
        }
        Completion completion = pool.get(userData);
        if (completion == wakeRead) {
            wakeArmed = false;
            wakePending.set(false);  // before the tasks are taken, so a later hand-over writes again
            armWakeRead();
        } else if (completion.isDetached()) {
            pool.release(completion);
        } else {
            completion.complete(result, flags);
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

    void checkUsable() {
        checkOwner();
        if (closed) {
            throw new IllegalStateException("reactor is closed");
        }
    }

    private void checkOwner() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("reactor of thread " + owner.getName() + " used from thread "
                    + Thread.currentThread().getName());
        }
    }
}
