package io.ioucontext.examples;

/**
 * Command-line argument checks shared by the examples: a bad argument ends the program with a
 * one-line message naming it, {@code program: bad ARGUMENT 'value': why (usage: ...)}, on stderr
 * and exit status 2, as command-line tools report usage errors.
 */
final class Arguments {

    /** The exit status of a usage error. */
    static final int USAGE_ERROR = 2;

    private final String program;
    private final String usage;

    /**
     * @param program the program's name, e.g. {@code iou-port7}
     * @param usage   its synopsis, e.g. {@code iou-port7 [PORT]}
     */
    Arguments(String program, String usage) {
        this.program = program;
        this.usage = usage;
    }

    /**
     * @param name  what the argument is, e.g. {@code port}
     * @param value the argument
     * @param min   the smallest value accepted
     * @param max   the largest value accepted
     * @return the value; exits with status 2 when it is not a whole number from min to max
     */
    int integer(String name, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw fail(name, value, "not a whole number from " + min + " to " + max);
    }

    /**
     * @param name  what the argument is, e.g. {@code interval}
     * @param value the argument, in decimal (e.g. {@code 0.25})
     * @return the value; exits with status 2 when it is not a finite number above 0
     */
    double positive(String name, String value) {
        try {
            double number = Double.parseDouble(value.strip());
            if (number > 0 && Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw fail(name, value, "not a number above 0");
    }

    /**
     * Exits with status 2 when there are more arguments than the program takes.
     *
     * @param args the arguments
     * @param max  how many it takes at most
     */
    void atMost(String[] args, int max) {
        if (args.length > max) {
            throw fail("argument", args[max], "too many arguments");
        }
    }

    /**
     * Exits with status 2 when there are fewer arguments than the program needs.
     *
     * @param args the arguments
     * @param min  how many it needs at least
     */
    void atLeast(String[] args, int min) {
        if (args.length < min) {
            usageError(program + ": missing arguments (usage: " + usage + ")");
        }
    }

    /**
     * Prints {@code program: bad NAME 'value': why (usage: ...)} and exits with status 2.
     *
     * @return never; declared so that callers can {@code throw} it and the compiler sees the end
     */
    IllegalStateException fail(String name, String value, String why) {
        usageError(program + ": bad " + name + " '" + value + "': " + why + " (usage: " + usage + ")");
        return new IllegalStateException("not reached");
    }

    private static void usageError(String line) {
        System.err.println(line);
        System.exit(USAGE_ERROR);
    }
}
