package io.ioucontext.conformance.corpus;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.Suspendable;

/**
 * The corpus's only way to suspend: a step records its label in the {@link Transcript} and yields.
 * Outside a fiber the yield returns at once, so the plain run takes the same steps without
 * suspending. The typed variants suspend and then return their argument, so that a suspension point
 * can sit inside any expression and produce a value of any type.
 */
public final class Step {

    private Step() {
    }

    /** Records the step, then suspends the current fiber once. */
    @Suspendable
    public static void point(String label) {
        Transcript.step(label);
        Fiber.yield();
    }

    /** A step that yields {@code value}. */
    @Suspendable
    public static <T> T value(String label, T value) {
        point(label);
        return value;
    }

    /** A step that yields {@code value}. */
    @Suspendable
    public static int intValue(String label, int value) {
        point(label);
        return value;
    }

    /** A step that yields {@code value}. */
    @Suspendable
    public static long longValue(String label, long value) {
        point(label);
        return value;
    }

    /** A step that yields {@code value}. */
    @Suspendable
    public static float floatValue(String label, float value) {
        point(label);
        return value;
    }

    /** A step that yields {@code value}. */
    @Suspendable
    public static double doubleValue(String label, double value) {
        point(label);
        return value;
    }

    /** A step that yields {@code value}. */
    @Suspendable
    public static boolean booleanValue(String label, boolean value) {
        point(label);
        return value;
    }

    /** A step that yields {@code value}. */
    @Suspendable
    public static byte byteValue(String label, byte value) {
        point(label);
        return value;
    }

    /** A step that yields {@code value}. */
    @Suspendable
    public static char charValue(String label, char value) {
        point(label);
        return value;
    }

    /** A step that yields {@code value}. */
    @Suspendable
    public static short shortValue(String label, short value) {
        point(label);
        return value;
    }
}
