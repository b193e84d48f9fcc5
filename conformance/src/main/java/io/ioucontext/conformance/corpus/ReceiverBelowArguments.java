package io.ioucontext.conformance.corpus;

import java.util.ArrayList;
import java.util.List;

/** Receivers of ordinary and suspending instance calls on the stack while an argument suspends. */
public final class ReceiverBelowArguments implements Shape {

    private final List<String> seen = new ArrayList<>();
    private int total;

    @io.ioucontext.fiber.Suspendable
    private int add(String name, int amount) {
        seen.add(name);
        Step.point("add " + name);
        total += amount;
        return total;
    }

    @Override
    public Object run() {
        StringBuilder out = new StringBuilder("start");
        out.append(':').append(Step.value("arg of append", "a"));
        ReceiverBelowArguments other = new ReceiverBelowArguments();
        int result = other.add(Step.value("name", "n1"), add("inner", Step.intValue("amount", 5)));
        result += this.add("second", other.add("third", 2));
        seen.addAll(other.seen);
        return out + " " + result + " " + total + " " + other.total + " " + seen;
    }
}
