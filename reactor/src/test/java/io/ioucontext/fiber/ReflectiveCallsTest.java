package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Calls to a suspendable method through {@code Method.invoke} and {@code MethodHandle.invoke*} are
 * not suspension points (the weaver cannot know their targets): a suspension reached through them
 * fails the fiber with an {@link UninstrumentedFrameException}, never a silent re-execution or a
 * lost continuation, and nothing after the suspension runs twice. Called outside a fiber, the same
 * reflective calls are ordinary calls. (Dynamic proxies: {@link UninstrumentedFrameTest}; an
 * unwoven frame that returns straight to the fiber's driver: {@link FiberEntryTest}.)
 */
class ReflectiveCallsTest {

    private final QueueScheduler scheduler = new QueueScheduler();
    private final List<String> events = new ArrayList<>();

    @Suspendable
    static String target(List<String> events) {
        events.add("target yields");
        Fiber.yield();
        events.add("target resumed");
        return "target";
    }

    static MethodHandle targetHandle() throws ReflectiveOperationException {
        return MethodHandles.lookup().findStatic(ReflectiveCallsTest.class, "target",
                MethodType.methodType(String.class, List.class));
    }

    private static Method targetMethod() throws NoSuchMethodException {
        return ReflectiveCallsTest.class.getDeclaredMethod("target", List.class);
    }

    /** Suspendable, so that its call through reflection sits between woven frames. */
    @Suspendable
    static Object callThroughMethodInvoke(List<String> events) throws ReflectiveOperationException {
        Object result = targetMethod().invoke(null, events);
        events.add("caller continued with " + result);
        Fiber.yield();
        return result;
    }

    /** {@code invokeExact} of the target, what it throws wrapped, as a fiber body may only throw exceptions. */
    static String invokeExact(MethodHandle target, List<String> events) throws Exception {
        try {
            return (String) target.invokeExact(events);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Suspendable
    static Object callThroughInvokeExact(List<String> events) throws Exception {
        String result = invokeExact(targetHandle(), events);
        events.add("caller continued with " + result);
        Fiber.yield();
        return result;
    }

    private void assertFailedWithoutRunningTwice(Fiber fiber) {
        scheduler.runAll();
        assertTrue(fiber.isDone(), "the fiber was left suspended: " + events);
        Throwable failure = fiber.failure().orElseThrow(() -> new AssertionError("no failure: " + events));
        assertInstanceOf(UninstrumentedFrameException.class, failure, failure::toString);
        assertEquals("target yields", events.getFirst());
        assertTrue(events.stream().noneMatch(event -> event.equals("target resumed")), events::toString);
    }

    @DefaultDetectionTest
    void suspendingThroughMethodInvokeFailsTheFiber() {
        assertFailedWithoutRunningTwice(scheduler.run("reflection", () -> callThroughMethodInvoke(events)));
    }

    @Test
    void suspendingThroughMethodHandleInvokeExactFailsTheFiber() {
        assertFailedWithoutRunningTwice(scheduler.run("handle", () -> callThroughInvokeExact(events)));
    }

    @Test
    void outsideAFiberReflectiveCallsAreOrdinaryCalls() throws Throwable {
        events.add("method: " + targetMethod().invoke(null, events));
        events.add("handle: " + invokeExact(targetHandle(), events));
        assertEquals(List.of("target yields", "target resumed", "method: target",
                "target yields", "target resumed", "handle: target"), events);
    }
}
