package io.ioucontext.maven;

import java.util.ArrayList;
import java.util.List;

/**
 * What weaving did to one class: its woven methods and, in each, the call sites where a fiber may
 * suspend.
 *
 * @param className  the class, binary name
 * @param sourceFile its source file, or {@code "Unknown Source"}
 * @param methods    the woven methods, in class file order
 */
record Explanation(String className, String sourceFile, List<WovenMethod> methods) {

    /**
     * @param method      name and descriptor, {@code run()V}
     * @param points      its suspension points, by index
     * @param passedStack whether calls that need no dispatch enter a copy of it that they pass the
     *                    fiber stack to (instrument/DESIGN.md, "Stack-passing copies")
     */
    record WovenMethod(String method, List<Point> points, boolean passedStack) {}

    /**
     * @param index      the point's index in its method (what the frame resumes at)
     * @param line       the call's source line, or -1
     * @param callee     the call's target, name and descriptor
     * @param functional whether the call goes through a suspendable functional interface
     */
    record Point(int index, int line, String callee, boolean functional) {}

    Explanation {
        methods = List.copyOf(methods);
    }

    /** A heading line, then each method, then each of its points, indented. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        long points = methods.stream().mapToLong(method -> method.points().size()).sum();
        lines.add(className + " (" + sourceFile + "): " + methods.size() + " woven method(s), " + points
                + " suspension point(s)");
        for (WovenMethod method : methods) {
            lines.add("  " + method.method() + (method.passedStack() ? " (calls that need no dispatch pass it the fiber stack)" : ""));
            for (Point point : method.points()) {
                lines.add("    #" + point.index() + (point.line() >= 0 ? " line " + point.line() : " (no line)")
                        + ": calls " + point.callee() + (point.functional() ? " through a functional interface" : ""));
            }
        }
        return lines;
    }
}
