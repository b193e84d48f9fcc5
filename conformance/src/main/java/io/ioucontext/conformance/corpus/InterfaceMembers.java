package io.ioucontext.conformance.corpus;

import io.ioucontext.fiber.Suspendable;

/** Static, private and generic default methods of an interface that suspend, and instanceof patterns. */
public final class InterfaceMembers implements Shape {

    /** An interface whose members of every kind suspend. */
    interface Counter {
        @Suspendable
        static int twice(int value) {
            return 2 * Step.intValue("interface static", value);
        }

        @Suspendable
        private int secret() {
            return Step.intValue("interface private", start() + 1);
        }

        @Suspendable
        default <T> String label(T value) {
            return Step.value("generic default", value) + "#" + secret();
        }

        int start();
    }

    /** Calls the interface's default method through {@code Counter.super} (invokespecial on an interface). */
    static final class Direct implements Counter {
        @Override
        public int start() {
            return 9;
        }

        @Override
        public <T> String label(T value) {
            return "direct " + Counter.super.label(value);
        }
    }

    /** A record matched by a record pattern. */
    record Box(Object content) {
    }

    @Suspendable
    private static String describe(Object value) {
        if (value instanceof String text && Step.booleanValue("instanceof then step", !text.isEmpty())) {
            return "text " + text;
        }
        if (value instanceof Box(Integer number) && number > Step.intValue("record pattern step", 0)) {
            return "boxed " + number;
        }
        return "other";
    }

    @Override
    public Object run() {
        Counter counter = () -> 41;
        return Counter.twice(3) + " " + counter.label('x') + " " + new Direct().label(2.5) + " " + describe("s") + " "
                + describe(new Box(5)) + " " + describe(new Box("no"));
    }
}
