package io.ioucontext.conformance.corpus;

import io.ioucontext.fiber.Suspendable;

/**
 * One program of the corpus. Suspendable at type level, so every implementation's {@code run} is
 * suspendable by the overriding rule alone (none of them is annotated).
 */
@Suspendable
public interface Shape {

    /** Runs the shape; the result is compared between runs, as is the transcript. */
    Object run() throws Exception;
}
