package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A frame that was not woven between a suspension point and its woven caller fails the fiber with
 * names instead of silently re-running or skipping code.
 *
 * <p>The unwoven frame is a JDK dynamic proxy: its class is generated at run time, so no build-time
 * weaving ever sees it, just like any third-party code left unwoven. The proxy implements an
 * interface whose method is suspendable, so the woven caller treats the call as a suspension point;
 * its invocation handler is woven and parks; between them sits the proxy's generated method.
 * (The interface has two methods, so it is not functional; {@link FunctionalInterfaceCallsTest}
 * covers calls through functional interfaces.)
 */
class UninstrumentedFrameTest {

    interface Step {
        @Suspendable
        void step(List<String> events);

        @Suspendable
        void other();
    }

    static final class ParkingHandler implements InvocationHandler {
        @Override
        @Suspendable
        public Object invoke(Object proxy, Method method, Object[] args) {
            @SuppressWarnings("unchecked")
            List<String> events = (List<String>) args[0];
            events.add("handler parks");
            Fiber.park();
            events.add("handler resumed");
            return null;
        }
    }

    @Suspendable
    static String callThroughProxy(Step step, List<String> events) {
        step.step(events);
        events.add("caller continued");
        return "finished";
    }

    @DefaultDetectionTest
    void unwovenProxyFrameBetweenWovenFramesFailsTheFiberWithNames() {
        QueueScheduler scheduler = new QueueScheduler();
        Step step = (Step) Proxy.newProxyInstance(Step.class.getClassLoader(), new Class<?>[] {Step.class},
                new ParkingHandler());
        List<String> events = new ArrayList<>();
        Fiber fiber = scheduler.run("proxy", () -> callThroughProxy(step, events));

        assertTrue(fiber.isDone());
        UninstrumentedFrameException failure =
                assertInstanceOf(UninstrumentedFrameException.class, fiber.failure().orElseThrow());
        assertEquals("in fiber proxy: a frame that was not woven sits between "
                + "io.ioucontext.fiber.UninstrumentedFrameTest.callThroughProxy(UninstrumentedFrameTest.java:50),"
                + " which calls step(Ljava/util/List;)V, and "
                + "io.ioucontext.fiber.UninstrumentedFrameTest$ParkingHandler.invoke(UninstrumentedFrameTest.java:42)",
                failure.getMessage());
        assertEquals(List.of("handler parks"), events, "nothing ran twice or past the broken frame");
    }

    /** Suspendable, but called through {@link Runnable#run()}, which the weaver does not see as such. */
    static final class ParkingTask implements Runnable {
        private final List<String> events;

        ParkingTask(List<String> events) {
            this.events = events;
        }

        @Override
        @Suspendable
        public void run() {
            events.add("task parks");
            Fiber.park();
            events.add("task resumed");
        }
    }

    /** Woven (it has a suspension point), so its prologue sees the suspension still under way. */
    @Suspendable
    static String record(List<String> events, String event) {
        if (event.isEmpty()) {
            Fiber.yield();
        }
        events.add(event);
        return event;
    }

    @Test
    void wovenMethodCalledWhileTheSuspensionWasIgnoredFailsTheFiber() {
        QueueScheduler scheduler = new QueueScheduler();
        List<String> events = new ArrayList<>();
        Fiber fiber = scheduler.run("ignored", () -> {
            Runnable task = new ParkingTask(events);
            task.run(); // not a suspension point: Runnable.run is not suspendable
            return record(events, "after the task");
        });

        assertTrue(fiber.isDone());
        UninstrumentedFrameException failure =
                assertInstanceOf(UninstrumentedFrameException.class, fiber.failure().orElseThrow());
        assertEquals("in fiber ignored: a woven method was called while the fiber was suspending from"
                + " io.ioucontext.fiber.UninstrumentedFrameTest$ParkingTask.run(UninstrumentedFrameTest.java:86):"
                + " a frame that was not woven, or a call the weaver did not see as suspendable (e.g. through an"
                + " interface method that is not @Suspendable), ignored the suspension", failure.getMessage());
        assertEquals(List.of("task parks"), events);
    }
}
