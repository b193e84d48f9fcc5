package io.ioucontext.fiber;

/**
 * What one thread is running: the fiber, if any, and the stack woven code must use.
 *
 * <p>{@link #current()} is on every woven method's entry, so it avoids the ThreadLocal lookup when
 * the same thread asks twice in a row: a static field caches the last thread's carrier. The cache
 * is racy on purpose: {@link #thread} is final, so a carrier seen through a stale cache is still
 * checked against the asking thread, and a carrier's mutable fields are only read by its own thread.
 */
final class Carrier {

    private static final FiberStack INERT = new FiberStack();
    private static final ThreadLocal<Carrier> CARRIERS = ThreadLocal.withInitial(Carrier::new);
    private static Carrier last = new Carrier();

    final Thread thread = Thread.currentThread();
    FiberStack stack = INERT;
    Fiber fiber;

    static Carrier current() {
        Carrier cached = last;
        if (cached.thread == Thread.currentThread()) {
            return cached;
        }
        Carrier carrier = CARRIERS.get();
        last = carrier;
        return carrier;
    }

    /** Makes this thread run {@code fiber} on {@code stack}; returns what it ran before. */
    Fiber mount(Fiber running, FiberStack fiberStack) {
        Fiber previous = fiber;
        fiber = running;
        stack = fiberStack;
        return previous;
    }

    /** Returns this thread to what it ran before {@link #mount}. */
    void unmount(Fiber previous) {
        fiber = previous;
        stack = previous == null ? INERT : previous.stack();
    }
}
