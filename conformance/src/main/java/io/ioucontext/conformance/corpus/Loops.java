package io.ioucontext.conformance.corpus;

import java.util.List;

/** for, while, do-while, for-each over arrays and iterators, labeled break and continue. */
public final class Loops implements Shape {

    @Override
    public Object run() {
        long sum = 0;
        for (int i = 0; i < 3; i++) {
            sum += Step.intValue("for " + i, i);
        }
        int n = 0;
        while (Step.booleanValue("while test " + n, n < 2)) {
            n++;
        }
        do {
            sum += Step.longValue("do " + n, n);
        } while (--n > 0);
        for (String word : new String[] {"x", "y"}) {
            sum += Step.value("array each", word).charAt(0);
        }
        for (Integer value : List.of(5, 6)) {
            sum += Step.value("iterator each", value);
        }
        outer:
        for (int row = 0; row < 4; row++) {
            for (int column = 0; column < 4; column++) {
                if (column > row) {
                    continue outer;
                }
                if (Step.intValue("cell " + row + "," + column, row * column) == 4) {
                    break outer;
                }
                sum += column;
            }
        }
        return sum;
    }
}
