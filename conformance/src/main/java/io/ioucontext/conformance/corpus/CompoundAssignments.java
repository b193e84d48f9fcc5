package io.ioucontext.conformance.corpus;

/**
 * Compound assignments whose right-hand side suspends: javac leaves the receiver, array and index
 * duplicated on the stack ({@code DUP}, {@code DUP2}, {@code DUP_X1}) across the call.
 */
public final class CompoundAssignments implements Shape {

    private static long counter;
    private int field = 1;
    private double wide = 0.5;

    @Override
    public Object run() {
        counter = 10;
        field += Step.intValue("field", 2);
        wide *= Step.doubleValue("wide field", 3);
        counter -= Step.longValue("static field", 4);
        int[] ints = {1, 2, 3};
        long[] longs = {5, 6};
        String[] strings = {"a", "b"};
        int index = 1;
        ints[index] += Step.intValue("int element", 10);
        longs[index - 1] <<= Step.intValue("long element shift", 2);
        strings[index] += Step.value("string element", "c");
        int assigned = ints[0] = Step.intValue("chained assignment", 7);
        field = field++ + Step.intValue("post increment below", 100);
        return field + " " + wide + " " + counter + " " + java.util.Arrays.toString(ints) + " "
                + java.util.Arrays.toString(longs) + " " + String.join(",", strings) + " " + assigned;
    }
}
