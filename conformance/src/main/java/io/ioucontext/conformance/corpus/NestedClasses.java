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
        // a method reference to another class's method, suspendable by its annotation
        SuspendableCallable<String> elsewhere = ReturnTypes::aString;
        out.add(elsewhere.call());
        return out.toString();
    }
}
