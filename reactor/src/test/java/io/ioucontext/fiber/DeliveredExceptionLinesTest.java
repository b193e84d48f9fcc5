package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * An exception reaching a resumed fiber is thrown at the suspension point, inside the user's try
 * blocks, and its stack trace names the suspended frames at the source lines of their calls. The
 * line numbers are recorded by the methods themselves ({@link #lineHere()}, on the same line as the
 * call), so the assertions never hard-code a line.
 */
class DeliveredExceptionLinesTest {

    private final QueueScheduler scheduler = new QueueScheduler();
    private final List<String> handlers = new ArrayList<>();
    private int innerLine;
    private int middleLine;
    private int outerLine;

    /** The source line of the caller's call to this method. */
    private static int lineHere() {
        return StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst().orElseThrow()).getLineNumber();
    }

    @Suspendable
    private void inner() {
        innerLine = lineHere(); Fiber.park();
    }

    @Suspendable
    private void middle() {
        try {
            middleLine = lineHere(); inner();
        } finally {
            handlers.add("middle finally");
        }
    }

    @Suspendable
    private Throwable outer() {
        try {
            outerLine = lineHere(); middle();
            return null;
        } catch (Throwable t) {
            handlers.add("outer caught " + t.getClass().getSimpleName());
            return t;
        }
    }

    @Suspendable
    private void throwsAfterResuming() {
        Fiber.yield();
        innerLine = lineHere(); throw new IllegalStateException("after resume");
    }

    @Suspendable
    private Throwable catchesWhatItsCalleeThrew() {
        try {
            outerLine = lineHere(); throwsAfterResuming();
            return null;
        } catch (IllegalStateException e) {
            handlers.add("caught " + e.getMessage());
            return e;
        }
    }

    private static StackTraceElement frameOf(Throwable failure, String method) {
        return List.of(failure.getStackTrace()).stream()
                .filter(frame -> frame.getClassName().equals(DeliveredExceptionLinesTest.class.getName())
                        && frame.getMethodName().equals(method))
                .findFirst()
                .orElseThrow(() -> new AssertionError(method + " is not in the stack trace " + trace(failure)));
    }

    private static String trace(Throwable failure) {
        return List.of(failure.getStackTrace()).toString();
    }

    @Test
    void aCancellationIsThrownAtTheParkWithTheSourceLinesOfEverySuspendedFrame() {
        Fiber fiber = new Fiber(scheduler, "cancelled", this::outer).start();
        scheduler.runAll();
        fiber.cancel();
        scheduler.runAll();

        Throwable delivered = (Throwable) fiber.result().orElseThrow();
        assertTrue(delivered instanceof CancellationException, delivered::toString);
        assertEquals(List.of("middle finally", "outer caught CancellationException"), handlers);
        assertEquals(innerLine, frameOf(delivered, "inner").getLineNumber(), trace(delivered));
        assertEquals(middleLine, frameOf(delivered, "middle").getLineNumber(), trace(delivered));
        assertEquals(outerLine, frameOf(delivered, "outer").getLineNumber(), trace(delivered));
        assertEquals("DeliveredExceptionLinesTest.java", frameOf(delivered, "inner").getFileName());
    }

    @Test
    void anExceptionThrownAfterResumingKeepsTheLinesOfTheThrowAndOfTheRestoredCaller() {
        Fiber fiber = new Fiber(scheduler, "thrower", this::catchesWhatItsCalleeThrew).start();
        scheduler.runAll();

        Throwable thrown = (Throwable) fiber.result().orElseThrow();
        assertEquals(List.of("caught after resume"), handlers);
        assertEquals(innerLine, frameOf(thrown, "throwsAfterResuming").getLineNumber(), trace(thrown));
        assertEquals(outerLine, frameOf(thrown, "catchesWhatItsCalleeThrew").getLineNumber(), trace(thrown));
        assertTrue(List.of(thrown.getStackTrace()).stream()
                .noneMatch(frame -> frame.getMethodName().contains(FiberTraces.RESUMER_BRIDGE)), trace(thrown));
    }
}
