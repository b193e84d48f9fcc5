package io.ioucontext.reactor;

import static org.junit.jupiter.api.Assertions.fail;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.fiber.SuspendableRunnable;

/**
 * assertThrows for suspendable code: the weaver refuses unwoven callers of suspendable methods, so
 * JUnit's {@code Executable} lambdas cannot call operations.
 */
final class Outcome {

    @Suspendable
    static <T extends Throwable> T assertFails(Class<T> expected, SuspendableRunnable body) {
        try {
            body.run();
        } catch (Throwable thrown) {
            if (expected.isInstance(thrown)) {
                return expected.cast(thrown);
            }
            throw new AssertionError("expected " + expected.getName() + " but got " + thrown, thrown);
        }
        return fail("expected " + expected.getName() + " but nothing was thrown");
    }

    private Outcome() {
    }
}
