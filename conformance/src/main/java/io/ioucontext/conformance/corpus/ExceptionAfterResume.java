package io.ioucontext.conformance.corpus;

import io.ioucontext.fiber.Suspendable;

/**
 * An exception thrown after a resume, caught by a try of an outer frame (through a middle frame's
 * finally). The transcript records the source line where it was thrown, from its stack trace.
 */
public final class ExceptionAfterResume implements Shape {

    @Suspendable
    private static int innermost(int depth) {
        Step.point("innermost " + depth);
        if (depth >= 0) {
            throw new UnsupportedOperationException("thrown after resume at depth " + depth);
        }
        return depth;
    }

    @Suspendable
    private static int middle(int depth) {
        try {
            return innermost(depth + 1) + Step.intValue("unreached", 1);
        } finally {
            Transcript.log("middle finally");
            Step.point("middle finally step");
        }
    }

    private static String throwSite(Throwable t) {
        StackTraceElement top = t.getStackTrace()[0];
        return top.getClassName() + "." + top.getMethodName() + ":" + top.getLineNumber();
    }

    @Override
    public Object run() {
        try {
            return middle(1);
        } catch (UnsupportedOperationException e) {
            Transcript.log("outer caught: " + e.getMessage() + " at " + throwSite(e));
        }
        try {
            Step.point("before direct throw");
            Object value = Step.value("null", null);
            return value.hashCode();
        } catch (NullPointerException e) {
            Transcript.log("NPE at " + throwSite(e));
        }
        return "done";
    }
}
