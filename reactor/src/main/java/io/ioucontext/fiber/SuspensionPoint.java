package io.ioucontext.fiber;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * One call site in a woven method where the fiber may suspend: which frame resumes there and how.
 * Woven code loads it as a dynamic constant bootstrapped by {@link #bootstrap}, so each point is
 * created once, lazily, the first time its frame suspends.
 *
 * @param resumer        re-enters the woven method, {@code (FiberStack)void}
 * @param index          the value {@link FiberStack#resumePoint()} returns when this frame resumes
 * @param owner          the class holding the call site, as a binary name
 * @param method         the calling method, name and descriptor ({@code run()V})
 * @param file           the source file, or {@code "Unknown Source"}
 * @param line           the call site's line, or {@code -1}
 * @param callee         the call's target, name and descriptor ({@code park()V})
 * @param throughFunctionalInterface whether the call goes through a functional interface, whose
 *                       implementation may be a lambda body or method reference of another name
 * @param primitives     how many primitive values the frame saves here
 * @param references     how many references the frame saves here (its suspension point excluded)
 */
public record SuspensionPoint(MethodHandle resumer, int index, String owner, String method, String file,
                              int line, String callee, boolean throughFunctionalInterface, int primitives,
                              int references) {

    /**
     * The condy bootstrap woven code refers to (see {@code instrument/DESIGN.md}).
     *
     * @param lookup     the woven class's lookup (unused: the resumer handle is already resolved)
     * @param name       the constant's name (unused)
     * @param type       {@code SuspensionPoint.class}
     * @param resumer    the method's resumer bridge
     * @param index      the call site's index in its method
     * @param owner      the woven class, internal name
     * @param method     the calling method, name and descriptor
     * @param file       the source file
     * @param line       the line
     * @param callee     the call's target, name and descriptor
     * @param functional 1 when the call goes through a functional interface, else 0
     * @param primitives how many primitive values the frame saves at this point
     * @param references how many references the frame saves at this point
     * @return the suspension point
     */
    public static SuspensionPoint bootstrap(MethodHandles.Lookup lookup, String name, Class<?> type,
                                            MethodHandle resumer, int index, String owner, String method,
                                            String file, int line, String callee, int functional,
                                            int primitives, int references) {
        return new SuspensionPoint(resumer, index, owner.replace('/', '.'), method, file, line, callee,
                functional != 0, primitives, references);
    }

    /** The calling method's name without its descriptor. */
    public String methodName() {
        return method.substring(0, method.indexOf('('));
    }

    /** The first character of the calling method's return type descriptor ({@code V}, {@code I}, {@code L} ...). */
    char returnSort() {
        return method.charAt(method.indexOf(')') + 1);
    }

    /** The first character of the callee's return type descriptor, as the call site expects it. */
    char calleeReturnSort() {
        return callee.charAt(callee.indexOf(')') + 1);
    }

    /** {@code Class.method(File:line)}, the way a stack trace names a frame. */
    @Override
    public String toString() {
        String where = line >= 0 ? file + ":" + line : file;
        return owner + "." + methodName() + "(" + where + ")";
    }
}
