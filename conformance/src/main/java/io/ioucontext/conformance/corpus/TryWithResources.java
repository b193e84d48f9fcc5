package io.ioucontext.conformance.corpus;

import io.ioucontext.fiber.Suspendable;

/**
 * try-with-resources around suspension points: plain resources, a resource whose {@code close} is
 * itself suspendable, and failures in the body and in close (suppressed exceptions).
 */
public final class TryWithResources implements Shape {

    /** Logs its closing. */
    record Logged(String name) implements AutoCloseable {
        @Override
        public void close() {
            Transcript.log("closed " + name);
        }
    }

    /** Suspends while closing; may fail while closing. */
    static final class SuspendingClose implements AutoCloseable {
        private final String name;
        private final boolean failOnClose;

        SuspendingClose(String name, boolean failOnClose) {
            this.name = name;
            this.failOnClose = failOnClose;
        }

        @Override
        @Suspendable
        public void close() {
            Step.point("closing " + name);
            if (failOnClose) {
                throw new IllegalStateException("close of " + name + " failed");
            }
        }
    }

    @Override
    public Object run() {
        StringBuilder out = new StringBuilder();
        try (Logged a = new Logged("a"); Logged b = new Logged(Step.value("name b", "b"))) {
            out.append(Step.value("body", a.name() + b.name()));
        }
        try (SuspendingClose c = new SuspendingClose("c", false)) {
            Step.point("body with suspending close");
            out.append(" c");
        }
        try (SuspendingClose d = new SuspendingClose("d", true)) {
            Step.point("body fails");
            throw new IllegalArgumentException("body failure");
        } catch (IllegalArgumentException e) {
            out.append(' ').append(e.getMessage()).append(" suppressed ").append(e.getSuppressed()[0].getMessage());
        }
        try (SuspendingClose e = new SuspendingClose("e", true)) {
            out.append(Step.value("body ok", " e"));
        } catch (IllegalStateException e) {
            out.append(' ').append(e.getMessage());
        }
        return out.toString();
    }
}
