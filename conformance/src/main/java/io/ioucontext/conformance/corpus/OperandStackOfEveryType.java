package io.ioucontext.conformance.corpus;

/**
 * Values of every type waiting on the operand stack below a suspending call's arguments
 * ({@code a + f(b, step())}), and a suspending argument of every type.
 */
public final class OperandStackOfEveryType implements Shape {

    private static String combine(Object a, Object b) {
        return a + "|" + b;
    }

    private static long wide(long a, double b, long c) {
        return a * 3 + (long) b + c;
    }

    @Override
    public Object run() {
        int i = 3;
        long l = 5_000_000_000L;
        double d = 0.25;
        StringBuilder out = new StringBuilder();
        out.append(i + Math.max(i, Step.intValue("int", 4)));
        out.append(' ').append(l + wide(l, Step.doubleValue("double", 2.5), Step.longValue("long", 9)));
        out.append(' ').append(d * Step.floatValue("float", 4f));
        out.append(' ').append(Step.booleanValue("boolean", true) ^ (i > 2));
        out.append(' ').append(Step.byteValue("byte", (byte) 120) + (byte) 10);
        out.append(' ').append((char) (Step.charValue("char", 'a') + 1));
        out.append(' ').append(Step.shortValue("short", (short) 30000) * 2);
        out.append(' ').append(combine(null, Step.value("after null", "x")));
        out.append(' ').append(combine(new int[] {i}.length, Step.value("array", new long[] {l})[0]));
        // string concatenation is an invokedynamic whose arguments are all on the stack
        out.append(' ').append("c" + i + l + d + Step.intValue("concat", 8) + 'z' + Step.value("concat ref", "!"));
        return out.toString();
    }
}
