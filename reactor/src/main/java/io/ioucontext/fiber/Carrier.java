package io.ioucontext.fiber;

import java.lang.ref.WeakReference;

/**
 * What one thread is running: the stack woven code must use, which names its fiber, if any.
 *
 * <p>{@link #current()} is on every woven method's entry, so it avoids the ThreadLocal lookup for
 * the thread that last started running a fiber: a static field caches its carrier. Another thread
 * takes the cache over only when that carrier runs no fiber, so two threads running fibers do not
 * rewrite the shared field on every woven call. The cache is racy on purpose: {@link #thread} is
 * final, so a carrier seen through a stale cache is still checked against the asking thread, and
 * {@link #stack} is only read by its own thread (read by another thread, it is a hint).
 *
 * <p>Mounting a fiber writes one field, the stack: the fiber is the stack's.
 */
final class Carrier {

    private static final FiberStack INERT = new FiberStack(null);
    private static final ThreadLocal<Carrier> CARRIERS = ThreadLocal.withInitial(Carrier::new);
    /** Starts as the initialising thread's own carrier: a thread must never have two. */
    private static Carrier last = CARRIERS.get();

    final Thread thread = Thread.currentThread();
    FiberStack stack = INERT;
    /**
     * Runs this thread's fibers for waits outside any fiber. Held weakly: the static cache may keep
     * the carrier of an ended thread, which must not keep that thread's reactor alive (a Cleaner
     * releases a reactor once nothing refers to it).
     */
    private WeakReference<OutsideFiberDriver> driver;

    static Carrier current() {
        Carrier cached = last;
        if (cached.thread == Thread.currentThread()) {
            return cached;
        }
        return other(cached);
    }

    /** The carrier of a thread other than the cached one's (kept out of line: woven entries inline current()). */
    private static Carrier other(Carrier cached) {
        Carrier carrier = CARRIERS.get();
        if (cached.stack == INERT) {
            last = carrier;
        }
        return carrier;
    }

    /** This thread's driver, or null. */
    OutsideFiberDriver driver() {
        return driver == null ? null : driver.get();
    }

    /** Makes {@code outsideDriver} this thread's driver; null removes it. */
    void drive(OutsideFiberDriver outsideDriver) {
        driver = outsideDriver == null ? null : new WeakReference<>(outsideDriver);
    }

    /** The fiber running on this carrier's thread, or null. */
    Fiber fiber() {
        return stack.fiber;
    }

    /** Makes this thread run the fiber of {@code fiberStack}; returns the stack it ran before. */
    FiberStack mount(FiberStack fiberStack) {
        FiberStack previous = stack;
        stack = fiberStack;
        if (last != this) {
            last = this; // written only when it changes: the field is read by every woven call of every thread
        }
        return previous;
    }

    /** Returns this thread to what it ran before {@link #mount}. */
    void unmount(FiberStack previous) {
        stack = previous;
    }
}
