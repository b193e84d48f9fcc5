package io.ioucontext.bench;

import java.util.concurrent.locks.LockSupport;

/** The frame shape of {@link Frames} on a virtual thread whose bottom level parks or yields forever. */
final class LoomThreadChain {

    private LoomThreadChain() {
    }

    /** The virtual thread's body: calls down to {@code depth} levels, then parks (or yields) in a loop. */
    static Runnable body(int depth, boolean park) {
        return () -> descend(depth, 0, Frames.TOKEN, park);
    }

    private static long descend(int depth, long acc, Object token, boolean park) {
        if (depth == 1) {
            for (;;) {
                if (park) {
                    LockSupport.park();
                } else {
                    Thread.yield();
                }
            }
        }
        long next = Frames.step(acc, depth);
        long below = descend(depth - 1, next, token, park);
        return Frames.combine(below, depth, next, token);
    }
}
