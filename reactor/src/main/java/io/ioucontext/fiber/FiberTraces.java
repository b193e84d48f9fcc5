package io.ioucontext.fiber;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stack traces of a fiber's exceptions as the user's code would show them without weaving. A
 * resumed fiber's outer frames are not on the Java stack (the driver re-enters the innermost saved
 * frame alone, and each caller only once its callee completed), so the runtime writes them into
 * the traces: only on exceptional paths, never on a resume.
 */
final class FiberTraces {

    private static final String FIBER = Fiber.class.getName();
    /** The driver's method that resumes saved frames; a thrown trace's frames below it are the driver's. */
    private static final String CONTINUE = "continueFrames";
    /** The driver's entry; a delivered exception's trace keeps its frames from here on. */
    private static final String RESUME = "resume";

    /** In the names of the resumer bridges the weaver adds ({@code m$iou$resumeN}): not the user's frames. */
    static final String RESUMER_BRIDGE = "$iou$resume";

    private FiberTraces() {
    }

    /**
     * Where a suspended fiber waits, innermost first: the primitive its innermost frame called,
     * then each saved frame at its suspension point.
     *
     * @param points the saved frames' points, innermost first
     */
    static List<StackTraceElement> suspendedAt(List<SuspensionPoint> points) {
        List<StackTraceElement> frames = new ArrayList<>(points.size() + 1);
        if (!points.isEmpty()) {
            String primitive = points.get(0).callee();
            frames.add(new StackTraceElement(FIBER, primitive.substring(0, primitive.indexOf('(')), null, -1));
        }
        for (SuspensionPoint point : points) {
            frames.add(frameOf(point));
        }
        return frames;
    }

    /**
     * Gives an exception the driver created to deliver at a suspension point (a cancellation, a
     * joined fiber's failure) the trace of that point: the primitive, the saved frames, then the
     * driver's frames from its resume on (the driver's internals above them say nothing).
     *
     * @param failure the exception, created by the driver
     * @param points  the saved frames' points, innermost first
     * @return {@code failure}
     */
    static <T extends Throwable> T delivered(T failure, List<SuspensionPoint> points) {
        StackTraceElement[] own = failure.getStackTrace();
        int driver = indexOf(own, RESUME);
        List<StackTraceElement> trace = suspendedAt(points);
        trace.addAll(Arrays.asList(own).subList(driver < 0 ? 0 : driver, own.length));
        failure.setStackTrace(trace.toArray(StackTraceElement[]::new));
        return failure;
    }

    /**
     * Adds a restored caller's frame to an exception that escaped a resumed frame and is handed to
     * that caller, just above the driver's frames, as if it had propagated through a real call (in
     * place of the resumer bridge the driver entered the frame through, a frame the user never
     * wrote). A trace without the driver's resume loop (an exception delivered with every saved
     * frame already, or one made elsewhere) is left alone.
     *
     * @param failure the escaped exception
     * @param caller  the point of the saved frame it is handed to
     */
    static void passedThrough(Throwable failure, SuspensionPoint caller) {
        StackTraceElement[] trace = failure.getStackTrace();
        int driver = indexOf(trace, CONTINUE);
        if (driver < 0) {
            return;
        }
        if (driver > 0 && trace[driver - 1].getMethodName().contains(RESUMER_BRIDGE)) {
            trace[driver - 1] = frameOf(caller);
            failure.setStackTrace(trace);
            return;
        }
        StackTraceElement[] longer = new StackTraceElement[trace.length + 1];
        System.arraycopy(trace, 0, longer, 0, driver);
        longer[driver] = frameOf(caller);
        System.arraycopy(trace, driver, longer, driver + 1, trace.length - driver);
        failure.setStackTrace(longer);
    }

    /** The index of the first frame of the driver's {@code method}, or -1. */
    private static int indexOf(StackTraceElement[] trace, String method) {
        for (int i = 0; i < trace.length; i++) {
            if (trace[i].getClassName().equals(FIBER) && trace[i].getMethodName().equals(method)) {
                return i;
            }
        }
        return -1;
    }

    /** A saved frame as a stack trace names it. */
    private static StackTraceElement frameOf(SuspensionPoint point) {
        return new StackTraceElement(point.owner(), point.methodName(),
                point.file().equals("Unknown Source") ? null : point.file(), point.line());
    }
}
