package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The ways a suspendable method is reached: generic overrides through bridge methods, method
 * references, super calls, static interface methods, abstract classes.
 */
class DispatchShapesTest {

    private final QueueScheduler scheduler = new QueueScheduler();

    /** Implements a suspendable generic interface method: javac adds a bridge {@code call()Object}. */
    static final class Greeting implements SuspendableCallable<String> {
        private final String name;

        Greeting(String name) {
            this.name = name;
        }

        @Override
        public String call() {
            Fiber.yield();
            return "hello " + name;
        }
    }

    @Suspendable
    static String callThroughTheInterface(SuspendableCallable<String> callable) throws Exception {
        String first = callable.call();
        return first + "|" + callable.call();
    }

    @Test
    void genericOverrideIsReachedThroughItsBridge() {
        Fiber fiber = scheduler.run("bridge", () -> callThroughTheInterface(new Greeting("ann")));
        assertEquals("hello ann|hello ann", fiber.result().orElseThrow());
        assertEquals(3, scheduler.resumes());
    }

    @Test
    void fiberBodyMayBeAGenericImplementation() {
        Fiber fiber = scheduler.run("body", new Greeting("bob"));
        assertEquals("hello bob", fiber.result().orElseThrow());
    }

    private int twice(int x) {
        Fiber.yield();
        return 2 * x;
    }

    interface IntFunction {
        @Suspendable
        int apply(int x);
    }

    @Suspendable
    static int applyTwice(IntFunction function, int x) {
        return function.apply(function.apply(x));
    }

    @Test
    void sameClassMethodReferenceIsWovenWithoutAnnotation() {
        Fiber fiber = scheduler.run("reference", () -> applyTwice(this::twice, 5));
        assertEquals(20, fiber.result().orElseThrow());
        assertEquals(3, scheduler.resumes());
    }

    abstract static class Base {
        @Suspendable
        int value() {
            Fiber.yield();
            return 1;
        }

        @Suspendable
        abstract int extra();
    }

    static final class Derived extends Base {
        @Override
        int value() {
            int base = super.value();
            Fiber.yield();
            return base + 10 + extra();
        }

        @Override
        int extra() {
            Fiber.yield();
            return 100;
        }
    }

    @Test
    void superCallAndAbstractMethodImplementationSuspend() {
        Fiber fiber = scheduler.run("super", () -> new Derived().value());
        assertEquals(111, fiber.result().orElseThrow());
        assertEquals(4, scheduler.resumes());
    }

    interface Tools {
        @Suspendable
        static String shout(String text) {
            Fiber.yield();
            return text.toUpperCase() + "!";
        }
    }

    @Test
    void staticInterfaceMethodSuspends() {
        Fiber fiber = scheduler.run("static interface", () -> Tools.shout("hey"));
        assertEquals("HEY!", fiber.result().orElseThrow());
    }

    /** Method references whose forwarding class converts the result: the conversion survives resuming. */
    static final class Converted {
        @Suspendable
        static int anInt() {
            Fiber.yield();
            return -42;
        }

        @Suspendable
        static Integer aBoxedInt() {
            Fiber.yield();
            return 7;
        }

        @Suspendable
        static char aChar() {
            Fiber.yield();
            return 'A';
        }

        @Suspendable
        static float aFloat() {
            Fiber.yield();
            return 1.5f;
        }
    }

    interface IntSource {
        @Suspendable
        int get();
    }

    interface DoubleSource {
        @Suspendable
        double get();
    }

    interface LongSource {
        @Suspendable
        long get();
    }

    @Suspendable
    static String convertedResults() throws Exception {
        SuspendableCallable<Integer> boxing = Converted::anInt;
        IntSource unboxing = Converted::aBoxedInt;
        DoubleSource widening = Converted::anInt;
        LongSource charToLong = Converted::aChar;
        DoubleSource floatToDouble = Converted::aFloat;
        return boxing.call() + " " + unboxing.get() + " " + widening.get() + " " + charToLong.get() + " "
                + floatToDouble.get();
    }

    @Test
    void methodReferenceResultsAreBoxedUnboxedAndWidenedAsTheirForwardersWould() {
        Fiber fiber = scheduler.run("converted", DispatchShapesTest::convertedResults);
        assertEquals("-42 7 -42.0 65 1.5", fiber.result().orElseThrow());
        assertEquals(6, scheduler.resumes());
    }
}
