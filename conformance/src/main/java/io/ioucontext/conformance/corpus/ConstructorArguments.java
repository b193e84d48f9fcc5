package io.ioucontext.conformance.corpus;

import java.util.List;

/** {@code new C(step())}: an object under construction while its arguments suspend, nested too. */
public final class ConstructorArguments implements Shape {

    /** A pair built from suspending arguments. */
    record Pair(Object left, Object right) {
    }

    @Override
    public Object run() {
        Pair flat = new Pair(Step.value("left", 1), Step.value("right", 2L));
        Pair nested = new Pair(new Pair(Step.value("inner left", 'x'), null),
                new StringBuilder(Step.value("builder", "sb")).append(Step.intValue("appended", 3)));
        int[] sized = new int[Step.intValue("array size", 4)];
        List<Object> list = List.of(flat, nested, sized.length, new Pair(Step.doubleValue("double", 1.25),
                Step.longValue("long", 6L)));
        boolean flag = sized.length > 3;
        // the object under construction is below both branches of a conditional argument
        Pair conditional = new Pair(flag ? Step.value("then", 'y') : Step.value("else", 'n'), flag);
        return list + " " + conditional;
    }
}
