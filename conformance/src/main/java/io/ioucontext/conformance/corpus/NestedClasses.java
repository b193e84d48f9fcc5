package io.ioucontext.conformance.corpus;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.fiber.SuspendableCallable;
import java.util.ArrayList;
import java.util.List;

/**
 * Suspension points in inner classes, anonymous classes, local classes, lambdas capturing locals,
 * nested lambdas and method references.
 */
public final class NestedClasses implements Shape {

    private int counter;

    /** Lambdas created by initialisers (constructor and static initialiser), which cannot suspend themselves. */
    private final SuspendableCallable<String> fromField = () -> Step.value("field lambda", "field" + counter);
    private static final SuspendableCallable<String> FROM_STATIC = () -> Step.value("static lambda", "static");

    /** Enum constants that carry suspendable lambdas. */
    enum Operation {
        TWICE(x -> 2 * Step.intValue("twice", x)),
        NEGATED(x -> -Step.intValue("negated", x));

        private final IntStep step;

        Operation(IntStep step) {
            this.step = step;
        }
    }

    /** A suspendable function of an int. */
    @io.ioucontext.fiber.Suspendable
    interface IntStep {
        int apply(int x);
    }

    /** An inner class touching its outer instance. */
    final class Inner {
        @Suspendable
        int bump(int by) {
            counter += Step.intValue("inner bump", by);
            return counter;
        }
    }

    @Suspendable
    private String referenced() {
        return Step.value("method reference", "ref" + counter);
    }

    @Override
    public Object run() throws Exception {
        List<Object> out = new ArrayList<>();
        out.add(new Inner().bump(3));
        SuspendableCallable<String> anonymous = new SuspendableCallable<>() {
            @Override
            public String call() {
                return Step.value("anonymous", "anon" + counter);
            }
        };
        out.add(anonymous.call());
        /* A local class capturing a local variable. */
        long captured = 40;
        class Local {
            @Suspendable
            long add(long more) {
                return captured + Step.longValue("local class", more);
            }
        }
        out.add(new Local().add(2));
        int base = 100;
        SuspendableCallable<Integer> lambda = () -> {
            SuspendableCallable<Integer> nested = () -> Step.intValue("nested lambda", base + counter);
            return nested.call() + Step.intValue("outer lambda", 1);
        };
        out.add(lambda.call());
        SuspendableCallable<String> reference = this::referenced;
        out.add(reference.call());
        out.add(fromField.call() + FROM_STATIC.call());
        for (Operation operation : Operation.values()) {
            out.add(operation.step.apply(21));
        }
        /* A local record and a local enum with suspendable methods. */
        record Local2(int value) {
            @Suspendable
            int doubled() {
                return 2 * Step.intValue("local record", value);
            }
        }
        enum LocalEnum {
            ONLY;

            @Suspendable
            String named() {
                return Step.value("local enum", name());
            }
        }
        out.add(new Local2(8).doubled() + LocalEnum.ONLY.named());
        // a method reference to another class's method, suspendable by its annotation
        SuspendableCallable<String> elsewhere = ReturnTypes::aString;
        out.add(elsewhere.call());
        return out.toString();
    }
}
