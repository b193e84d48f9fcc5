package io.ioucontext.agenttest;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.Suspendable;

/** Suspends while holding a monitor, which the weaver refuses. */
public final class Locked {

    private Locked() {}

    @Suspendable
    public static synchronized void pause() {
        Fiber.park();
    }

    /** Uses the class, which the agent made fail on first use. */
    public static void main(String[] args) {
        pause();
    }
}
