package io.ioucontext.conformance.corpus;

import io.ioucontext.fiber.Suspendable;

/**
 * Suspending calls through every kind of dispatch: static, instance, private, interface default,
 * abstract, inherited, overridden with a super call, generic bridge, varargs.
 */
public final class DispatchKinds implements Shape {

    /** An interface with a suspendable abstract and a suspendable default method. */
    interface Greeter {
        @Suspendable
        String name();

        @Suspendable
        default String greet() {
            return "hello " + Step.value("default " + name(), name());
        }
    }

    /** Implements the abstract method only; inherits the default. */
    abstract static class Base implements Greeter {
        @Suspendable
        abstract int weight();

        @Suspendable
        int doubled() {
            return 2 * Step.intValue("inherited doubled", weight());
        }
    }

    /** Overrides some methods of its base, inherits others, calls the super implementation. */
    static final class Derived extends Base {
        @Override
        public String name() {
            Step.point("derived name");
            return "derived";
        }

        @Override
        int weight() {
            return Step.intValue("derived weight", 21);
        }

        @Override
        public String greet() {
            return super.greet() + "!";
        }

        /** A method reference to the super implementation: javac routes it through a synthetic method. */
        @Suspendable
        String greetViaReference() throws Exception {
            io.ioucontext.fiber.SuspendableCallable<String> inherited = super::greet;
            return inherited.call() + "?";
        }
    }

    /** A generic interface: implementing it with a concrete type makes javac emit a bridge. */
    interface Transformer<T> {
        @Suspendable
        T transform(T value);
    }

    /** Its {@code transform(String)} is reached through the bridge {@code transform(Object)}. */
    static final class Upper implements Transformer<String> {
        @Override
        public String transform(String value) {
            return Step.value("bridge", value.toUpperCase());
        }
    }

    @Suspendable
    private static int sum(String label, int... values) {
        int total = 0;
        for (int value : values) {
            total += Step.intValue(label, value);
        }
        return total;
    }

    @Suspendable
    private int privateInstance(int x) {
        return Step.intValue("private instance", x + 1);
    }

    @Suspendable
    static <T> T viaGeneric(Transformer<T> transformer, T value) {
        return transformer.transform(value);
    }

    @Override
    public Object run() throws Exception {
        Greeter greeter = new Derived();
        Base base = (Base) greeter;
        StringBuilder out = new StringBuilder();
        out.append(greeter.greet()).append(' ').append(base.doubled()).append(' ');
        out.append(((Derived) greeter).greetViaReference()).append(' ');
        out.append(viaGeneric(new Upper(), "abc")).append(' ');
        out.append(sum("varargs", 1, 2, 3)).append(' ').append(sum("no varargs")).append(' ');
        out.append(privateInstance(Step.intValue("static arg", 4)));
        return out.toString();
    }
}
