package io.ioucontext.bench;

import kilim.Continuation;
import kilim.Fiber;
import kilim.Pausable;

/**
 * The frame shape of {@link Frames} as a Kilim continuation (woven by Kilim's own weaver at build
 * time) whose bottom level yields forever.
 */
final class KilimChain extends Continuation {

    private final int depth;

    /** A continuation that, once run, stays suspended at the bottom of {@code depth} levels. */
    KilimChain(int depth) {
        this.depth = depth;
    }

    @Override
    public void execute() throws Pausable {
        descend(depth, 0, Frames.TOKEN);
    }

    private static long descend(int depth, long acc, Object token) throws Pausable {
        if (depth == 1) {
            for (;;) {
                Fiber.yield();
            }
        }
        long next = Frames.step(acc, depth);
        long below = descend(depth - 1, next, token);
        return Frames.combine(below, depth, next, token);
    }
}
