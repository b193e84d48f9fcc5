package io.ioucontext.conformance.corpus;

import io.ioucontext.fiber.Suspendable;

/** Suspendable methods of records, of enum constants with bodies, and across a sealed hierarchy. */
public final class RecordsEnumsSealed implements Shape {

    /** A record with a suspendable method and a compact constructor. */
    record Point(int x, int y) {
        Point {
            if (x < 0) {
                throw new IllegalArgumentException("x");
            }
        }

        @Suspendable
        Point moved(int dx) {
            return new Point(x + Step.intValue("record move", dx), y);
        }
    }

    /** Constants with their own bodies override a suspendable abstract method. */
    enum Operation {
        PLUS {
            @Override
            long apply(long a, long b) {
                return a + Step.longValue("plus", b);
            }
        },
        TIMES {
            @Override
            long apply(long a, long b) {
                Step.point("times");
                return a * b;
            }
        };

        @Suspendable
        abstract long apply(long a, long b);
    }

    /** A sealed hierarchy whose members implement the suspendable method differently. */
    sealed interface Node permits Leaf, Branch {
        @Suspendable
        int total();
    }

    /** A leaf. */
    record Leaf(int value) implements Node {
        @Override
        public int total() {
            return Step.intValue("leaf " + value, value);
        }
    }

    /** A branch. */
    record Branch(Node left, Node right) implements Node {
        @Override
        public int total() {
            return left.total() + right.total();
        }
    }

    @Override
    public Object run() {
        Point point = new Point(1, 2).moved(3);
        long result = 1;
        for (Operation operation : Operation.values()) {
            result = operation.apply(result, 5);
        }
        Node tree = new Branch(new Leaf(1), new Branch(new Leaf(2), new Leaf(3)));
        return point + " " + result + " " + tree.total();
    }
}
