package io.ioucontext.bench;

/**
 * The frame shape every contender of the suspend/resume and memory benchmarks recurses through: each
 * level keeps an {@code int}, a {@code long} and an {@code Object} live across its call to the next
 * level and makes one ordinary call before it, so every contender has the same values to save.
 */
final class Frames {

    /** The reference every level keeps live across its call. */
    static final Object TOKEN = "token";

    private Frames() {
    }

    /** The ordinary call each level makes before calling the next level. */
    static long step(long acc, int depth) {
        return acc * 31 + depth;
    }

    /** What a level returns once the level below it returned {@code below}. */
    static long combine(long below, int depth, long acc, Object token) {
        return below + depth + acc + token.hashCode();
    }
}
