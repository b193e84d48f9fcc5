package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.reactor.Reactor;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The driver's calls are checked like calls between woven frames. Its call of a fiber's body
 * ({@code SuspendableCallable.call()}) is like a call through a functional interface: when the
 * first unwinding ends, its outermost saved frame must be one that call enters directly (the body's
 * own {@code call()}, a lambda body or method reference target, or the primitive itself for a
 * method reference straight to it). After that, the outermost frame an unwinding saves must be the
 * frame the driver resumed. An unwoven frame (a dynamic proxy, a {@code MethodHandle}) that ignores
 * a suspension and lets control return straight to the driver fails the fiber, never silently
 * ending it with the inner frame's result.
 */
class FiberEntryTest {

    private final QueueScheduler scheduler = new QueueScheduler();
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void closeReactor() {
        Reactor.get().close();
    }

    @Suspendable
    private String yieldingMethod() {
        return ReflectiveCallsTest.target(events) + " via method";
    }

    /** A body class of its own, generic: the driver's call()Object reaches call()String through a bridge. */
    private static final class YieldingBody implements SuspendableCallable<String> {
        private final List<String> events;

        YieldingBody(List<String> events) {
            this.events = events;
        }

        @Override
        public String call() {
            return ReflectiveCallsTest.target(events) + " via class";
        }
    }

    /** Inherits its call() from a woven superclass. */
    private abstract static class InheritedCall implements SuspendableCallable<Object> {
        @Override
        public Object call() {
            Fiber.yield();
            return "inherited " + name();
        }

        abstract String name();
    }

    private static final class NamedBody extends InheritedCall {
        @Override
        String name() {
            return "call";
        }
    }

    private Object outcome(Fiber fiber) {
        assertTrue(fiber.isDone(), fiber::toString);
        Optional<Throwable> failure = fiber.failure();
        if (failure.isPresent()) {
            throw new AssertionError("fiber failed", failure.get());
        }
        return fiber.result().orElse(null);
    }

    @Test
    void legitimateBodiesStillRunToTheirEnd() {
        assertEquals("target lambda", outcome(scheduler.run("lambda", () -> ReflectiveCallsTest.target(events) + " lambda")));
        assertEquals("target via method", outcome(scheduler.run("method ref", this::yieldingMethod)));
        assertEquals("target via class", outcome(scheduler.run("class", new YieldingBody(events))));
        assertEquals("inherited call", outcome(scheduler.run("inherited", new NamedBody())));
        assertEquals("anonymous", outcome(scheduler.run("anonymous", new SuspendableCallable<String>() {
            @Override
            public String call() {
                Fiber.yield();
                return "anonymous";
            }
        })));
        SuspendableRunnable yielder = Fiber::yield;
        assertEquals("adapted", outcome(scheduler.run("adapter", () -> {
            yielder.run();
            return "adapted";
        })));
    }

    @Test
    void aMethodReferenceStraightToJoinIsABody() {
        Fiber target = new Fiber(scheduler, "target", () -> ReflectiveCallsTest.target(events)).start();
        Fiber joiner = scheduler.run("joiner", target::join);
        assertEquals("target", outcome(joiner));
    }

    @Test
    void reactorBodiesThatAreMethodReferencesToPrimitivesRun() {
        Reactor reactor = Reactor.get();
        Fiber yielder = reactor.spawn("yield", Fiber::yield);
        Fiber parker = reactor.spawn("park", Fiber::park);
        Fiber unparker = reactor.spawn("unpark", parker::unpark);
        Fiber lambda = reactor.spawn("lambda", () -> ReflectiveCallsTest.target(events));
        reactor.run();
        for (Fiber fiber : List.of(yielder, parker, unparker, lambda)) {
            assertEquals(null, outcome(fiber), fiber::toString);
        }
    }

    @DefaultDetectionTest
    void aBodyThatIsAnUnwovenProxyFailsTheFiberWithNames() {
        SuspendableCallable<?> body = (SuspendableCallable<?>) Proxy.newProxyInstance(
                FiberEntryTest.class.getClassLoader(), new Class<?>[] {SuspendableCallable.class},
                new FunctionalInterfaceCallsTest.YieldingHandler(events));
        Fiber fiber = scheduler.run("proxy", body);

        assertTrue(fiber.isDone(), "the fiber did not park silently");
        UninstrumentedFrameException failure =
                assertInstanceOf(UninstrumentedFrameException.class, fiber.failure().orElseThrow());
        assertTrue(failure.getMessage().matches("in fiber proxy: a frame that was not woven sits between the"
                + " fiber's entry, which calls call\\(\\)Ljava/lang/Object; on [\\w.$]+\\$Proxy\\d+, and"
                + " io\\.ioucontext\\.fiber\\.FunctionalInterfaceCallsTest\\$YieldingHandler\\.invoke"
                + "\\(FunctionalInterfaceCallsTest\\.java:\\d+\\)"), failure.getMessage());
        assertEquals(List.of("handler yields"), events, "nothing ran past the broken frame");
    }

    @DefaultDetectionTest
    void aSuspensionThroughAMethodHandleBelowTheEntryFailsTheFiberInsteadOfEndingIt() throws Exception {
        MethodHandle target = ReflectiveCallsTest.targetHandle();
        Fiber fiber = scheduler.run("handle", () -> ReflectiveCallsTest.invokeExact(target, events));

        UninstrumentedFrameException failure =
                assertInstanceOf(UninstrumentedFrameException.class, fiber.failure().orElseThrow());
        assertTrue(failure.getMessage().matches("in fiber handle: a frame that was not woven sits between the"
                + " fiber's entry, which calls call\\(\\)Ljava/lang/Object; on [\\w.$/]+, and"
                + " io\\.ioucontext\\.fiber\\.ReflectiveCallsTest\\.target\\(ReflectiveCallsTest\\.java:\\d+\\)"),
                failure.getMessage());
        assertEquals(List.of("target yields"), events, "nothing ran past the broken frame");
    }

    @Suspendable
    private String yieldsThenCallsThroughAHandle(MethodHandle target) throws Exception {
        Fiber.yield();
        events.add("resumed");
        return ReflectiveCallsTest.invokeExact(target, events) + " after the handle";
    }

    @DefaultDetectionTest
    void aResumedFrameReturningToTheDriverPastAnIgnoredSuspensionFailsTheFiber() throws Exception {
        MethodHandle target = ReflectiveCallsTest.targetHandle();
        Fiber fiber = scheduler.run("resumed", () -> yieldsThenCallsThroughAHandle(target));

        UninstrumentedFrameException failure =
                assertInstanceOf(UninstrumentedFrameException.class, fiber.failure().orElseThrow());
        assertTrue(failure.getMessage().matches("in fiber resumed: a frame that was not woven sits between"
                + " io\\.ioucontext\\.fiber\\.FiberEntryTest\\.yieldsThenCallsThroughAHandle\\(FiberEntryTest\\.java:\\d+\\),"
                + " resumed by the fiber's driver, and io\\.ioucontext\\.fiber\\.ReflectiveCallsTest\\.target"
                + "\\(ReflectiveCallsTest\\.java:\\d+\\): it ignored the suspension, and the resumed frame returned to"
                + " the driver"), failure.getMessage());
        assertEquals(List.of("resumed", "target yields"), events, "nothing ran past the broken frame");
    }
}
