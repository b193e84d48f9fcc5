package io.ioucontext.fiber;

import java.util.ArrayDeque;
import java.util.Queue;

/** A scheduler for tests: a queue of ready fibers, run on the calling thread; counts resumes. */
final class QueueScheduler implements FiberScheduler {

    private final Queue<Fiber> ready = new ArrayDeque<>();
    private int resumes;

    @Override
    public synchronized void schedule(Fiber fiber) {
        ready.add(fiber);
    }

    /** Resumes ready fibers until none is left. */
    void runAll() {
        Fiber next;
        while ((next = poll()) != null) {
            resumes++;
            next.resume();
        }
    }

    private synchronized Fiber poll() {
        return ready.poll();
    }

    /** How many times {@link #runAll()} resumed a fiber. */
    int resumes() {
        return resumes;
    }

    /** Starts a fiber on this scheduler and runs everything ready; returns the fiber. */
    Fiber run(String name, SuspendableCallable<?> body) {
        Fiber fiber = new Fiber(this, name, body).start();
        runAll();
        return fiber;
    }
}
