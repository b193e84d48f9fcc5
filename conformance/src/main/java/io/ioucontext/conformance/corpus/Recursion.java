package io.ioucontext.conformance.corpus;

import io.ioucontext.fiber.Suspendable;

/**
 * Recursion 10,000 deep, with a step on the way down every 1,000 levels, at the bottom, and on the
 * way up every 2,500 levels.
 */
public final class Recursion implements Shape {

    static final int DEPTH = 10_000;

    @Suspendable
    private static long descend(int level, long accumulated) {
        if (level == DEPTH) {
            Step.point("bottom");
            return accumulated;
        }
        if (level % 1_000 == 0) {
            Step.point("level " + level);
        }
        long below = descend(level + 1, accumulated + level);
        if (level % 2_500 == 0) {
            // outer frames restored one by one after the inner ones resumed and returned
            Step.point("back at level " + level);
        }
        return below + (level % 7);
    }

    @Override
    public Object run() {
        return descend(0, 0);
    }
}
