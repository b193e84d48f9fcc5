package io.ioucontext.bench;

import io.ioucontext.fiber.Suspendable;

/**
 * {@link PlainChain}'s body split over two classes that call each other, so that every call of the
 * chain crosses a class: unwoven ({@link PlainLeft}, {@link PlainRight}) and woven, never suspending
 * ({@link WovenLeft}, {@link WovenRight}), whose calls enter each other's stack-passing copies.
 */
final class CrossClassChains {

    private CrossClassChains() {
    }

    /** The unwoven chain's odd levels. */
    static final class PlainLeft {
        private PlainLeft() {
        }

        static long descend(int depth, long acc, Object token) {
            if (depth == 1) {
                return acc;
            }
            long next = Frames.step(acc, depth);
            return Frames.combine(PlainRight.descend(depth - 1, next, token), depth, next, token);
        }
    }

    /** The unwoven chain's even levels. */
    static final class PlainRight {
        private PlainRight() {
        }

        static long descend(int depth, long acc, Object token) {
            if (depth == 1) {
                return acc;
            }
            long next = Frames.step(acc, depth);
            return Frames.combine(PlainLeft.descend(depth - 1, next, token), depth, next, token);
        }
    }

    /** The woven chain's odd levels. */
    static final class WovenLeft {
        private WovenLeft() {
        }

        @Suspendable
        static long descend(int depth, long acc, Object token) {
            if (depth == 1) {
                return acc;
            }
            long next = Frames.step(acc, depth);
            return Frames.combine(WovenRight.descend(depth - 1, next, token), depth, next, token);
        }
    }

    /** The woven chain's even levels. */
    static final class WovenRight {
        private WovenRight() {
        }

        @Suspendable
        static long descend(int depth, long acc, Object token) {
            if (depth == 1) {
                return acc;
            }
            long next = Frames.step(acc, depth);
            return Frames.combine(WovenLeft.descend(depth - 1, next, token), depth, next, token);
        }
    }
}
