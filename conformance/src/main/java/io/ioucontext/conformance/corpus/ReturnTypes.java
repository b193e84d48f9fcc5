package io.ioucontext.conformance.corpus;

import io.ioucontext.fiber.Suspendable;
import java.util.List;

/** Suspending methods of every return type, each returning after a step. */
public final class ReturnTypes implements Shape {

    @Suspendable
    static void nothing() {
        Step.point("void");
    }

    @Suspendable
    static int anInt() {
        Step.point("int");
        return -42;
    }

    @Suspendable
    static long aLong() {
        Step.point("long");
        return Long.MIN_VALUE + 1;
    }

    @Suspendable
    static float aFloat() {
        Step.point("float");
        return Float.NaN;
    }

    @Suspendable
    static double aDouble() {
        Step.point("double");
        return -0.0;
    }

    @Suspendable
    static boolean aBoolean() {
        Step.point("boolean");
        return true;
    }

    @Suspendable
    static byte aByte() {
        Step.point("byte");
        return Byte.MIN_VALUE;
    }

    @Suspendable
    static char aChar() {
        Step.point("char");
        return '\uffff';
    }

    @Suspendable
    static short aShort() {
        Step.point("short");
        return Short.MAX_VALUE;
    }

    @Suspendable
    static String aString() {
        Step.point("String");
        return "s";
    }

    @Suspendable
    static int[][] anArray() {
        Step.point("array");
        return new int[][] {{1}, {2, 3}};
    }

    @Suspendable
    static <T extends Comparable<T>> T generic(T value) {
        Step.point("generic");
        return value;
    }

    @Suspendable
    static Object aNull() {
        Step.point("null");
        return null;
    }

    @Override
    public Object run() {
        nothing();
        return List.of(anInt(), aLong(), aFloat(), aDouble(), aBoolean(), aByte(), (int) aChar(), aShort(),
                aString(), anArray()[1][1], generic("g"), String.valueOf(aNull())).toString();
    }
}
