package io.ioucontext.fiber;

/**
 * A task computing a value that may suspend the fiber running it.
 *
 * @param <V> the value's type
 */
@Suspendable
@FunctionalInterface
public interface SuspendableCallable<V> {

    /**
     * Computes the value.
     *
     * @return the value
     * @throws Exception whatever the task throws
     */
    @Suspendable
    V call() throws Exception;
}
