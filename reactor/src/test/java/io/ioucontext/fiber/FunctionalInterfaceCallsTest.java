package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Calls through suspendable functional interfaces: every kind of lambda and method reference is
 * entered through a forwarder {@link SuspendableLambdas} linked, suspends and resumes; an
 * implementation that was not woven fails the fiber with names, without the stack verifier.
 */
class FunctionalInterfaceCallsTest {

    /** A user functional interface taking the method reference's receiver as its argument. */
    @Suspendable
    @FunctionalInterface
    interface StepOn {
        String step(Targets targets);
    }

    /** Narrows {@link SuspendableCallable#call()}: lambdas of it get a bridge for the erased method. */
    @FunctionalInterface
    interface TextSource extends SuspendableCallable<String> {
        @Override
        @Suspendable
        String call();
    }

    /** Inherits its single abstract method: calls through it name this interface, not the declaring one. */
    @FunctionalInterface
    interface Task extends SuspendableRunnable {
    }

    /** A functional interface whose implementation is a constructor. */
    @Suspendable
    @FunctionalInterface
    interface Boxing {
        Box box(String value);
    }

    record Box(String value) {
    }

    /** An interface with a suspendable default method, the target of a method reference. */
    interface Greeter {
        @Suspendable
        default String greet() {
            Fiber.yield();
            return "default method";
        }
    }

    static class Targets implements Greeter {
        @Suspendable
        static String staticStep() {
            Fiber.yield();
            return "static of another class";
        }

        @Suspendable
        String instanceStep() {
            Fiber.yield();
            return "instance of another class";
        }
    }

    static final class OverridingTargets extends Targets {
        @Override
        @Suspendable
        String instanceStep() {
            Fiber.yield();
            return "override";
        }
    }

    @Suspendable
    private static String ownStatic() {
        Fiber.yield();
        return "own static";
    }

    @Suspendable
    private String ownInstance() {
        Fiber.yield();
        return "own instance";
    }

    /** The woven caller: a suspension point through the functional interface. */
    @Suspendable
    private static Object callThrough(SuspendableCallable<?> callable) throws Exception {
        return callable.call();
    }

    /** Runs the callable in a fiber, through {@link #callThrough}; asserts it suspended and returned. */
    private static Object suspendedAndReturned(SuspendableCallable<?> callable) {
        QueueScheduler scheduler = new QueueScheduler();
        Fiber fiber = scheduler.run("functional", () -> callThrough(callable));
        assertTrue(fiber.isDone());
        assertTrue(fiber.failure().isEmpty(), () -> "failed: " + fiber.failure().orElseThrow());
        assertTrue(scheduler.resumes() > 1, "never suspended");
        return fiber.result().orElse(null);
    }

    @Test
    void lambdaBody() {
        String captured = "captured";
        assertEquals("lambda captured", suspendedAndReturned(() -> {
            Fiber.yield();
            return "lambda " + captured;
        }));
    }

    @Test
    void methodReferencesToStaticAndInstanceMethodsOfThisClass() {
        assertEquals("own static", suspendedAndReturned(FunctionalInterfaceCallsTest::ownStatic));
        assertEquals("own instance", suspendedAndReturned(this::ownInstance));
    }

    @Test
    void methodReferencesToStaticAndInstanceMethodsOfAnotherClass() {
        assertEquals("static of another class", suspendedAndReturned(Targets::staticStep));
        assertEquals("instance of another class", suspendedAndReturned(new Targets()::instanceStep));
    }

    @Test
    void methodReferenceDispatchedToAnOverride() {
        Targets targets = new OverridingTargets();
        assertEquals("override", suspendedAndReturned(targets::instanceStep));
    }

    @Test
    void methodReferenceToAnInterfaceDefaultMethod() {
        Greeter greeter = new Targets();
        assertEquals("default method", suspendedAndReturned(greeter::greet));
    }

    @Test
    void unboundMethodReferenceThroughAUserInterface() {
        StepOn stepOn = Targets::instanceStep;
        assertEquals("instance of another class", suspendedAndReturned(() -> stepOn.step(new Targets())));
    }

    @Test
    void fiberPrimitiveAsTheImplementation() {
        SuspendableRunnable yielding = Fiber::yield;
        assertEquals("after yield", suspendedAndReturned(() -> {
            yielding.run();
            return "after yield";
        }));
    }

    @Test
    void lambdaCalledThroughAnInterfaceThatInheritsItsMethod() {
        Task task = () -> Fiber.yield();
        assertEquals("task ran", suspendedAndReturned(() -> {
            task.run();
            return "task ran";
        }));
    }

    @Test
    void serializableLambdaLinkedByTheAlternativeMetafactory() {
        SuspendableCallable<String> serializable = (SuspendableCallable<String> & Serializable) () -> {
            Fiber.yield();
            return "serializable";
        };
        assertEquals("serializable", suspendedAndReturned(serializable));
    }

    @Test
    void lambdaCalledThroughTheBridgeOfANarrowedInterfaceMethod() {
        TextSource source = () -> {
            Fiber.yield();
            return "through the bridge";
        };
        // callThrough calls SuspendableCallable.call()Object: the forwarder's bridge
        assertEquals("through the bridge", suspendedAndReturned(source));
    }

    @Test
    void constructorReferenceRunsInAFiber() {
        Boxing boxing = Box::new;
        assertEquals(new Box("boxed"), suspendedAndReturned(() -> {
            Fiber.yield();
            return boxing.box("boxed");
        }));
    }

    /** Woven; reached through a proxy's generated (unwoven) method. */
    static final class YieldingHandler implements InvocationHandler {
        private final List<String> events;

        YieldingHandler(List<String> events) {
            this.events = events;
        }

        @Override
        @Suspendable
        public Object invoke(Object proxy, Method method, Object[] args) {
            events.add("handler yields");
            Fiber.yield();
            events.add("handler resumed");
            return "from the handler";
        }
    }

    @DefaultDetectionTest
    void unwovenImplementationOfAFunctionalInterfaceFailsTheFiberWithNames() {
        List<String> events = new ArrayList<>();
        SuspendableCallable<?> unwoven = (SuspendableCallable<?>) Proxy.newProxyInstance(
                SuspendableCallable.class.getClassLoader(), new Class<?>[] {SuspendableCallable.class},
                new YieldingHandler(events));
        QueueScheduler scheduler = new QueueScheduler();
        Fiber fiber = scheduler.run("unwoven", () -> callThrough(unwoven));

        assertTrue(fiber.isDone());
        UninstrumentedFrameException failure =
                assertInstanceOf(UninstrumentedFrameException.class, fiber.failure().orElseThrow());
        assertEquals("in fiber unwoven: a frame that was not woven sits between "
                + "io.ioucontext.fiber.FunctionalInterfaceCallsTest.callThrough(FunctionalInterfaceCallsTest.java:99),"
                + " which calls call()Ljava/lang/Object;, and "
                + "io.ioucontext.fiber.FunctionalInterfaceCallsTest$YieldingHandler.invoke"
                + "(FunctionalInterfaceCallsTest.java:209)", failure.getMessage());
        assertEquals(List.of("handler yields"), events, "nothing ran twice or past the broken frame");
    }
}
