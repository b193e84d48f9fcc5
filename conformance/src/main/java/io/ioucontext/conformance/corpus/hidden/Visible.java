package io.ioucontext.conformance.corpus.hidden;

/** The public face of {@link Base}; javac gives it a bridge for {@code greet}. */
public final class Visible extends Base {
}
