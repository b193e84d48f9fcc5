package io.ioucontext.conformance.corpus;

import io.ioucontext.conformance.corpus.hidden.Visible;
import io.ioucontext.fiber.Suspendable;

/** Suspendable methods reached through bridges: a covariant return bridge and a visibility bridge. */
public final class Bridges implements Shape {

    /** Returns some object. */
    static class Source {
        @Suspendable
        Object produce() {
            return Step.value("source produce", 1);
        }
    }

    /** Narrows the return type: javac writes a bridge {@code Object produce()} calling this one. */
    static final class TextSource extends Source {
        @Override
        String produce() {
            return Step.value("text produce", "text");
        }
    }

    @Override
    public Object run() {
        Source source = new TextSource();
        return source.produce() + " " + new TextSource().produce().length() + " " + new Visible().greet("bridge");
    }
}
