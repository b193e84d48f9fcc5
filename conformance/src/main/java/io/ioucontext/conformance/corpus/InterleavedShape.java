package io.ioucontext.conformance.corpus;

import io.ioucontext.fiber.Suspendable;

/**
 * A program of the corpus made of several fibers: it starts in one and may start more, which take
 * turns, park and unpark each other through {@link Fibers}. Suspendable at type level, like
 * {@link Shape}.
 */
@Suspendable
public interface InterleavedShape {

    /** Runs the shape's first fiber; the result is compared between runs, as is the transcript. */
    Object run(Fibers fibers) throws Exception;
}
