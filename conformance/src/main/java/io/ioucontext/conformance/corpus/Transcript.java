package io.ioucontext.conformance.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * What the shape being run did, line by line, and how many steps it took. One shape runs at a time
 * on one thread, so the transcript is a plain static list.
 */
public final class Transcript {

    private static final List<String> LINES = new ArrayList<>();
    private static int steps;

    private Transcript() {
    }

    /** Forgets the previous shape's lines and steps. */
    public static void begin() {
        LINES.clear();
        steps = 0;
    }

    /** Appends a line. */
    public static void log(String line) {
        LINES.add(line);
    }

    /** Appends the line of a step (called by {@link Step#point} and the drivers' {@link Fibers}). */
    public static void step(String label) {
        steps++;
        LINES.add("step " + label);
    }

    /** How many steps the shape took so far. */
    public static int steps() {
        return steps;
    }

    /** The lines so far. */
    public static List<String> lines() {
        return List.copyOf(LINES);
    }
}
