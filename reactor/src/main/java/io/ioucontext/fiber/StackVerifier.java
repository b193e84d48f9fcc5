package io.ioucontext.fiber;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The full verifier, opt-in with {@code -Diou.fiber.verify=true}: at each suspension it walks the
 * real Java stack between the fiber primitive and the fiber's driver, where every frame must be a
 * woven method stopped at a suspension point the weaver recorded. Walking the stack costs
 * microseconds per suspension, so it is for debugging; disabled, the JIT drops every check.
 *
 * <p>Frames of classes without the {@link Woven} marker (reflection, dynamic proxies, unwoven
 * libraries) fail the primitive at once, before anything unwinds, so no code runs with a dummy
 * value. Woven frames are matched, once the unwinding has saved them, against the saved
 * {@link SuspensionPoint}s by class, method and line. Frames of hidden classes (the forwarders
 * {@code LambdaMetafactory} spins, method handle internals) are not shown by the walker.
 */
final class StackVerifier {

    static final boolean ENABLED = Boolean.getBoolean("iou.fiber.verify");

    private static final StackWalker WALKER = StackWalker.getInstance(
            Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.SHOW_REFLECT_FRAMES));
    /** The runtime's own frames above the first user frame (the primitive and what it calls). */
    private static final Set<Class<?>> RUNTIME = Set.of(StackVerifier.class, FiberStack.class, Fiber.class);

    /** The methods of {@link Fiber} that call the body or resume saved frames. */
    private static final Set<String> DRIVER = Set.of("firstRun", "continueFrames");

    private StackVerifier() {
    }

    /**
     * The user frames between the primitive and the driver, innermost first, resumer bridges left out.
     *
     * @throws UninstrumentedFrameException naming the unwoven frames, when there are any
     */
    static List<StackTraceElement> wovenFrames(String primitive) {
        List<StackWalker.StackFrame> frames = WALKER.walk(stack -> stack
                .dropWhile(frame -> RUNTIME.contains(frame.getDeclaringClass()) && !isDriver(frame))
                .takeWhile(frame -> frame.getDeclaringClass() != Fiber.class)
                .filter(frame -> !frame.getMethodName().contains(FiberTraces.RESUMER_BRIDGE))
                .toList());
        List<StackWalker.StackFrame> unwoven = frames.stream()
                .filter(frame -> !frame.getDeclaringClass().isAnnotationPresent(Woven.class))
                .toList();
        if (!unwoven.isEmpty()) {
            throw new UninstrumentedFrameException("Fiber." + primitive + " cannot suspend the fiber: "
                    + describe(unwoven) + (unwoven.size() == 1 ? " was" : " were") + " not woven"
                    + " (found by iou.fiber.verify)");
        }
        List<StackTraceElement> elements = new ArrayList<>(frames.size());
        frames.forEach(frame -> elements.add(frame.toStackTraceElement()));
        return elements;
    }

    /**
     * Checks the frames seen when the unwinding began against the points it saved.
     *
     * @return the failure naming the first frame without its suspension point, or null
     */
    static UninstrumentedFrameException mismatch(List<StackTraceElement> frames, List<SuspensionPoint> saved) {
        for (int i = 0; i < frames.size(); i++) {
            StackTraceElement frame = frames.get(i);
            SuspensionPoint point = i < saved.size() ? saved.get(i) : null;
            if (point == null || !point.owner().equals(frame.getClassName())
                    || !point.methodName().equals(frame.getMethodName()) || point.line() != frame.getLineNumber()) {
                return new UninstrumentedFrameException(frame + " is not at a suspension point the weaver"
                        + " recorded (found by iou.fiber.verify): it called a woven method in a way the weaver"
                        + " did not see as suspendable");
            }
        }
        return null;
    }

    /**
     * Whether a frame is the fiber's driver calling the body or a saved frame; the runtime's frames
     * above it are the primitive's. (A body that is a method reference straight to the primitive
     * puts no user frame between them.)
     */
    private static boolean isDriver(StackWalker.StackFrame frame) {
        return frame.getDeclaringClass() == Fiber.class && DRIVER.contains(frame.getMethodName());
    }

    private static String describe(List<StackWalker.StackFrame> frames) {
        return frames.stream().map(frame -> frame.toStackTraceElement().toString()).collect(Collectors.joining(", "));
    }
}
