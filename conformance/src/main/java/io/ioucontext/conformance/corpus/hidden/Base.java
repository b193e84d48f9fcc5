package io.ioucontext.conformance.corpus.hidden;

import io.ioucontext.conformance.corpus.Step;
import io.ioucontext.fiber.Suspendable;

/**
 * Package-private: its public method is reached from other packages through the visibility bridge
 * javac writes into the public subclass {@link Visible}.
 */
abstract class Base {

    /** Suspends, then greets. */
    @Suspendable
    public String greet(String name) {
        return "hello " + Step.value("base greet", name);
    }
}
