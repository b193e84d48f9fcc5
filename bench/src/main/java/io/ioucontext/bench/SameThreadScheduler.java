package io.ioucontext.bench;

import java.lang.reflect.Constructor;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * A scheduler for virtual threads that queues their continuations and runs them on the thread that
 * calls {@link #runNext()}, so a park/unpark or yield cycle costs no thread hand-off. JDK 25 has no
 * public API for a virtual thread scheduler: {@link #newThread} uses the package-private
 * {@code ThreadBuilders.VirtualThreadBuilder(Executor)} constructor (needs
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}).
 */
final class SameThreadScheduler implements Executor {

    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();

    @Override
    public void execute(Runnable continuation) {
        ready.add(continuation);
    }

    /** Runs the oldest queued continuation until its virtual thread parks, yields or ends. */
    void runNext() {
        Runnable next = ready.poll();
        if (next == null) {
            throw new IllegalStateException("no virtual thread is ready to run");
        }
        next.run();
    }

    /** Whether some virtual thread is ready to run. */
    boolean hasReady() {
        return !ready.isEmpty();
    }

    /** An unstarted virtual thread scheduled by this scheduler. */
    Thread newThread(Runnable body) {
        try {
            Class<?> builderClass = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            Constructor<?> constructor = builderClass.getDeclaredConstructor(Executor.class);
            constructor.setAccessible(true);
            return ((Thread.Builder.OfVirtual) constructor.newInstance(this)).unstarted(body);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create a virtual thread with a custom scheduler", e);
        }
    }
}
