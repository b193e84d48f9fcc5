package io.ioucontext.fiber;

/** Runs fibers: something that eventually calls {@link Fiber#resume()} on the fibers handed to it. */
@FunctionalInterface
public interface FiberScheduler {

    /**
     * Asks for a fiber to be resumed; called from any thread.
     *
     * @param fiber the fiber that is ready to run
     */
    void schedule(Fiber fiber);
}
