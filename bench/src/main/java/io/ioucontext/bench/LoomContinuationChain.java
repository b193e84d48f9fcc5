package io.ioucontext.bench;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * The frame shape of {@link Frames} inside a raw Loom {@code jdk.internal.vm.Continuation} (needs
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}) whose bottom level yields forever.
 */
final class LoomContinuationChain {

    private static final ContinuationScope SCOPE = new ContinuationScope("bench");

    private LoomContinuationChain() {
    }

    /** A continuation that, once run, stays suspended at the bottom of a chain of {@code depth} levels. */
    static Continuation suspendedAt(int depth) {
        Continuation continuation = new Continuation(SCOPE, () -> descend(depth, 0, Frames.TOKEN));
        continuation.run();
        return continuation;
    }

    private static long descend(int depth, long acc, Object token) {
        if (depth == 1) {
            for (;;) {
                Continuation.yield(SCOPE);
            }
        }
        long next = Frames.step(acc, depth);
        long below = descend(depth - 1, next, token);
        return Frames.combine(below, depth, next, token);
    }
}
