package io.ioucontext.bench;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.Suspendable;

/** The frame shape of {@link Frames} as woven ioucontext methods whose bottom level suspends forever. */
final class IouChain {

    private IouChain() {
    }

    /** Calls down to {@code depth} levels, then yields (or parks) in a loop at the bottom one. */
    @Suspendable
    static long descend(int depth, long acc, Object token, boolean park) {
        if (depth == 1) {
            for (;;) {
                if (park) {
                    Fiber.park();
                } else {
                    Fiber.yield();
                }
            }
        }
        long next = Frames.step(acc, depth);
        long below = descend(depth - 1, next, token, park);
        return Frames.combine(below, depth, next, token);
    }
}
