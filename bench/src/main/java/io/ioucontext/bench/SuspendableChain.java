package io.ioucontext.bench;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.Suspendable;

/**
 * {@link PlainChain}'s body as a suspendable (woven) method that never suspends, and the fiber loops
 * that call either copy many times between two yields. {@link PlainChain} is the unwoven copy.
 */
final class SuspendableChain {

    private SuspendableChain() {
    }

    /** Exactly {@link PlainChain#descend}, woven. */
    @Suspendable
    static long descend(int depth, long acc, Object token) {
        if (depth == 1) {
            return acc;
        }
        long next = Frames.step(acc, depth);
        long below = descend(depth - 1, next, token);
        return Frames.combine(below, depth, next, token);
    }

    /**
     * A fiber body: {@code calls} calls of the woven chain per resume, forever, within one class or
     * across two ({@link CrossClassChains}); sums land in {@code sink}.
     */
    @Suspendable
    static void callWovenForever(boolean acrossClasses, int depth, int calls, long[] sink) {
        for (;;) {
            long sum = 0;
            for (int i = 0; i < calls; i++) {
                sum += acrossClasses ? CrossClassChains.WovenLeft.descend(depth, i, Frames.TOKEN)
                        : descend(depth, i, Frames.TOKEN);
            }
            sink[0] = sum;
            Fiber.yield();
        }
    }

    /** A fiber body: {@link #callWovenForever}'s loop over the unwoven chains. */
    @Suspendable
    static void callUnwovenForever(boolean acrossClasses, int depth, int calls, long[] sink) {
        for (;;) {
            long sum = 0;
            for (int i = 0; i < calls; i++) {
                sum += acrossClasses ? CrossClassChains.PlainLeft.descend(depth, i, Frames.TOKEN)
                        : PlainChain.descend(depth, i, Frames.TOKEN);
            }
            sink[0] = sum;
            Fiber.yield();
        }
    }
}
