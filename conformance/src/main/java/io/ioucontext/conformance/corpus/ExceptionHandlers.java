package io.ioucontext.conformance.corpus;

import io.ioucontext.fiber.Suspendable;

/**
 * try/catch/finally, nested handlers and {@code catch (Throwable)} around suspension points, with
 * steps inside try blocks, handlers and finally blocks. Each handler logs when it runs, so the
 * transcript shows that it ran exactly once.
 */
public final class ExceptionHandlers implements Shape {

    @Suspendable
    private static int failAfterStep(String label, int value) {
        Step.point(label);
        if (value > 0) {
            throw new IllegalArgumentException(label + " " + value);
        }
        return value;
    }

    /** The value returned from the try block waits in a temporary local while finally suspends. */
    @Suspendable
    private static String returnThroughSuspendingFinally(String value) {
        try {
            return Step.value("returned from try", value);
        } finally {
            Transcript.log("finally after return");
            Step.point("finally after return");
        }
    }

    @Override
    public Object run() {
        int sum = returnThroughSuspendingFinally("kept").length();
        try {
            sum += failAfterStep("throws in try", 1);
        } catch (IllegalArgumentException e) {
            Transcript.log("caught " + e.getMessage());
            sum += Step.intValue("in catch", 10);
        } finally {
            Transcript.log("finally 1");
            Step.point("in finally");
        }
        try {
            try {
                Step.point("nested try");
                sum += failAfterStep("nested throws", 2);
            } finally {
                Transcript.log("inner finally");
                sum += Step.intValue("inner finally step", 100);
            }
        } catch (RuntimeException e) {
            Transcript.log("outer caught " + e.getMessage());
        }
        try {
            Step.point("guarded by Throwable");
            sum += failAfterStep("no throw", 0);
        } catch (Throwable t) {
            Transcript.log("Throwable handler ran: " + t);
        }
        try {
            sum += failAfterStep("caught as Throwable", 3);
        } catch (Throwable t) {
            Transcript.log("Throwable handler ran once: " + t.getMessage());
        }
        for (int i = 0; i < 3; i++) {
            try {
                if (i == 1) {
                    continue;
                }
                Step.point("loop try " + i);
            } finally {
                Transcript.log("loop finally " + i);
            }
        }
        return sum;
    }
}
