package io.ioucontext.conformance.corpus;

/** Switches of every kind with suspension points in selectors, cases and switch expressions. */
public final class Switches implements Shape {

    /** Compass points, for an enum switch. */
    enum Direction { NORTH, EAST, SOUTH, WEST }

    /** A sealed hierarchy, for a pattern switch. */
    sealed interface Figure permits Circle, Square, Named {
    }

    /** A circle. */
    record Circle(double radius) implements Figure {
    }

    /** A square. */
    record Square(int side) implements Figure {
    }

    /** A named figure. */
    record Named(String name, Figure figure) implements Figure {
    }

    private static String table(int value) {
        return switch (value) {
            case 0 -> "zero";
            case 1 -> "one";
            case 2 -> "two";
            case 3 -> "three";
            default -> "many";
        };
    }

    @io.ioucontext.fiber.Suspendable
    private static String lookup(int value) {
        switch (Step.intValue("lookup selector", value)) {
            case -1000:
                return "minus thousand";
            case 7:
                Step.point("case seven");
                // fall through
            case 1_000_000:
                return "seven or million";
            default:
                return "other";
        }
    }

    @io.ioucontext.fiber.Suspendable
    private static int strings(String key) {
        return switch (key) {
            // "Aa" and "BB" have the same hash code: one lookupswitch case, then equals
            case "Aa" -> Step.intValue("Aa", 3);
            case "BB" -> Step.intValue("BB", 4);
            case "alpha" -> Step.intValue("alpha", 1);
            case "beta", "gamma" -> {
                int base = Step.intValue("beta or gamma", 2);
                yield base * 10;
            }
            default -> key.length();
        };
    }

    @io.ioucontext.fiber.Suspendable
    private static double patterns(Figure figure) {
        return switch (figure) {
            // a suspending guard: javac keeps the switch's restart index in a local across it
            case Circle c when Step.booleanValue("guard " + c.radius(), c.radius() > 10) ->
                    Step.doubleValue("big circle", -1);
            case Circle c -> Step.doubleValue("circle", c.radius() * c.radius());
            case Square(int side) -> Step.intValue("square", side * side);
            case Named(String name, Square(int side)) -> Step.value("named square " + name, side);
            case Named(String name, Figure inner) -> patterns(Step.value("named " + name, inner));
        };
    }

    /** A switch expression containing a try, as a call argument: javac parks the values below it in locals. */
    @io.ioucontext.fiber.Suspendable
    private static int guardedArgument(int n) {
        return Math.max(n, switch (n) {
            case 1 -> {
                try {
                    yield Step.intValue("try in switch argument", 50);
                } catch (IllegalStateException e) {
                    yield -1;
                }
            }
            default -> Step.intValue("switch argument default", 0);
        });
    }

    @Override
    public Object run() {
        StringBuilder out = new StringBuilder();
        out.append(guardedArgument(1)).append(guardedArgument(2)).append(',');
        for (int i = 0; i < 5; i++) {
            out.append(table(Step.intValue("table " + i, i))).append(',');
        }
        out.append(lookup(7)).append(',').append(lookup(-1000)).append(',').append(lookup(3)).append(',');
        out.append(strings("alpha") + strings("gamma") + strings("delta") + strings("BB")).append(',');
        for (Direction direction : Direction.values()) {
            switch (Step.value("enum", direction)) {
                case NORTH -> out.append('N');
                case SOUTH -> {
                    Step.point("south");
                    out.append('S');
                }
                default -> out.append('-');
            }
        }
        Figure[] figures = {new Circle(11), new Circle(2), new Square(3), new Named("n", new Square(4)),
            new Named("m", new Circle(1))};
        for (Figure figure : figures) {
            out.append(',').append(patterns(figure));
        }
        return out.toString();
    }
}
