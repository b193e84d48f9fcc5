package io.ioucontext.conformance.corpus;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.fiber.SuspendableRunnable;

/**
 * What an {@link InterleavedShape} may do with fibers: start more, step, park and unpark. The woven
 * runs back it with real fibers on a first-in first-out scheduler; the plain run, whose classes
 * cannot suspend, with threads that take turns at the same points in the same order. Every
 * suspension is a step, recorded in the {@link Transcript} just before it.
 */
public interface Fibers {

    /** A fiber started by {@link #spawn} (or the one running, {@link #current}). */
    interface Spawned {
        /** Makes the fiber ready again if it is parked, else lets its next park return at once. */
        void unpark();
    }

    /** Starts a fiber running {@code body}; it runs once the fibers ready before it have had a turn. */
    Spawned spawn(String name, SuspendableRunnable body);

    /** The fiber running. */
    Spawned current();

    /** Records the step and yields: the fiber goes to the back of the ready fibers. */
    @Suspendable
    void step(String label);

    /** Records the step and parks until unparked. */
    @Suspendable
    void park(String label);
}
