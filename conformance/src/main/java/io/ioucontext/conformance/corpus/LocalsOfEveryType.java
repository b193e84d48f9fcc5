package io.ioucontext.conformance.corpus;

import java.util.Arrays;

/** Locals of every type, null-typed ones included, live across steps and changed between them. */
public final class LocalsOfEveryType implements Shape {

    @Override
    public Object run() {
        int i = 7;
        long l = 1L << 40;
        float f = 1.5f;
        double d = Math.PI;
        boolean z = true;
        byte b = -8;
        char c = 'q';
        short s = -300;
        String text = "text";
        int[] ints = {1, 2, 3};
        double[][] grid = {{0.5}, {1.5, 2.5}};
        Object nothing = null;
        String nullString = null;
        Step.point("all set");
        i += 1;
        l -= 3;
        f *= 2;
        d /= 2;
        z = !z;
        b++;
        c++;
        s--;
        ints[1] = i;
        Step.point("all changed");
        return i + " " + l + " " + f + " " + d + " " + z + " " + b + " " + c + " " + s + " " + text + " "
                + Arrays.toString(ints) + " " + Arrays.deepToString(grid) + " " + nothing + " " + nullString;
    }
}
