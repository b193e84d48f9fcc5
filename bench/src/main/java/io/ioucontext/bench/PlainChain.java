package io.ioucontext.bench;

/** The baseline: the frame shape of {@link Frames} as an ordinary call chain that never suspends. */
final class PlainChain {

    private PlainChain() {
    }

    /** Calls down to {@code depth} levels (the bottom level included) and returns. */
    static long descend(int depth, long acc, Object token) {
        if (depth == 1) {
            return acc;
        }
        long next = Frames.step(acc, depth);
        long below = descend(depth - 1, next, token);
        return Frames.combine(below, depth, next, token);
    }
}
