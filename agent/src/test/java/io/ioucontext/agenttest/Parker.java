package io.ioucontext.agenttest;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.Suspendable;

/** One suspendable method with one suspension point: what the weaver rewrites. */
public final class Parker {

    private Parker() {}

    @Suspendable
    public static void pause() {
        Fiber.park();
    }
}
