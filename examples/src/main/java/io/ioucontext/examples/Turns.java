package io.ioucontext.examples;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.Suspendable;

import java.util.List;

/** Lets fibers take turns in a fixed order: fiber {@code i} goes once fiber {@code i - 1} has passed. */
final class Turns {

    private final List<Fiber> fibers;
    private int current;

    /** @param fibers the fibers, in the order of their turns */
    Turns(List<Fiber> fibers) {
        this.fibers = fibers;
    }

    /**
     * Parks the calling fiber until its turn comes.
     *
     * @param index the fiber's place in the order
     */
    @Suspendable
    void await(int index) {
        while (current != index) {
            Fiber.park();
        }
    }

    /**
     * Ends the turn of fiber {@code index} and wakes the next one.
     *
     * @param index the fiber's place in the order
     */
    void pass(int index) {
        current = index + 1;
        if (current < fibers.size()) {
            fibers.get(current).unpark();
        }
    }
}
