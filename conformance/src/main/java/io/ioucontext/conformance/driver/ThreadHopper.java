package io.ioucontext.conformance.driver;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Runs each task it is given on the other of two threads than the previous one, and waits for it:
 * a fiber resumed through it continues on a different thread at every step. The threads have large
 * stacks, like the plain run's, because a fiber's first run holds all of its frames.
 */
public final class ThreadHopper implements Consumer<Runnable>, AutoCloseable {

    private final List<ExecutorService> threads;
    private int next;

    /** Starts the two threads. */
    public ThreadHopper(long stackSize) {
        threads = List.of(single("hop-a", stackSize), single("hop-b", stackSize));
    }

    private static ExecutorService single(String name, long stackSize) {
        return Executors.newSingleThreadExecutor(task -> new Thread(null, task, name, stackSize));
    }

    /** Runs the task on the next thread and returns once it has finished (its effects are visible then). */
    @Override
    public void accept(Runnable task) {
        ExecutorService thread = threads.get(next);
        next = 1 - next;
        try {
            thread.submit(task).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a resume failed on " + thread, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a resume ran", e);
        }
    }

    /** Stops both threads. */
    @Override
    public void close() {
        threads.forEach(ExecutorService::close);
    }
}
