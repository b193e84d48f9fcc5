package io.ioucontext.fiber;

/** A task without result that may suspend the fiber running it. */
@Suspendable
@FunctionalInterface
public interface SuspendableRunnable {

    /**
     * Runs the task.
     *
     * @throws Exception whatever the task throws
     */
    @Suspendable
    void run() throws Exception;
}
