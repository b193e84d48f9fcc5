package io.ioucontext.fiber;

/**
 * What one thread is running: the fiber, if any, and the stack woven code must use.
 *
 * <p>{@link #current()} is on every woven method's entry, so it avoids the ThreadLocal lookup for
 * the thread that last started running a fiber: a static field caches its carrier. Another thread
 * takes the cache over only when that carrier runs no fiber, so two threads running fibers do not
 * rewrite the shared field on every woven call. The cache is racy on purpose: {@link #thread} is
 * final, so a carrier seen through a stale cache is still checked against the asking thread, and
 * {@link #stack} is only read by its own thread ({@link #fiber} read by another thread is a hint).
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
        if (cached.fiber == null) {
            last = carrier;
        }
        return carrier;
    }

    /** Makes this thread run {@code fiber} on {@code stack}; returns what it ran before. */
    Fiber mount(Fiber running, FiberStack fiberStack) {
        Fiber previous = fiber;
        fiber = running;
        stack = fiberStack;
        last = this;
        return previous;
    }

    /** Returns this thread to what it ran before {@link #mount}. */
    void unmount(Fiber previous) {
        fiber = previous;
        stack = previous == null ? INERT : previous.stack();
    }
}
