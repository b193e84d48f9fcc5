package io.ioucontext.fiber;

import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One call site in a woven method where the fiber may suspend: which frame resumes there and how.
 * Woven code loads it as a dynamic constant bootstrapped by {@link #bootstrap}, so each point is
 * created once, lazily, the first time its frame suspends; what the driver needs on every resume
 * (the return sorts) is derived from the descriptors then, not on the resume path.
 */
public final class SuspensionPoint {

    private static final MethodType BRIDGE_TYPE = MethodType.methodType(void.class, FiberStack.class);
    /** Resumers already spun, per woven class, by bridge name. */
    private static final ClassValue<Map<String, Resumer>> SPUN = new ClassValue<>() {
        @Override
        protected Map<String, Resumer> computeValue(Class<?> wovenClass) {
            return new ConcurrentHashMap<>();
        }
    };

    private final MethodHandle resumer;
    private final Resumer resume;
    private final Class<?> wovenClass;
    private final int index;
    private final String owner;
    private final String method;
    private final String file;
    private final int line;
    private final String callee;
    private final boolean throughFunctionalInterface;
    private final int primitives;
    private final int references;
    private final char returnSort;
    private final char calleeReturnSort;
    /**
     * For a call through a functional interface: the frame last found to be entered through a
     * forwarder linked by {@link SuspendableLambdas}, so the same implementation again costs a
     * comparison. A racy cache: a stale or lost value only means looking up again.
     */
    private SuspensionPoint forwardedTo;
    /**
     * Whether a forwarder linked by {@link SuspendableLambdas} for a fiber body's interface method
     * was found to call this frame's method (see {@link #enteredFrom}); racy, like {@link #forwardedTo}.
     */
    private boolean forwardedFromEntry;

    private SuspensionPoint(MethodHandle resumer, Resumer resume, Class<?> wovenClass, int index, String owner,
                            String method, String file, int line, String callee, boolean throughFunctionalInterface,
                            int primitives, int references) {
        this.resumer = resumer;
        this.resume = resume;
        this.wovenClass = wovenClass;
        this.index = index;
        this.owner = owner;
        this.method = method;
        this.file = file;
        this.line = line;
        this.callee = callee;
        this.throughFunctionalInterface = throughFunctionalInterface;
        this.primitives = primitives;
        this.references = references;
        this.returnSort = returnSort(method);
        this.calleeReturnSort = returnSort(callee);
    }

    /**
     * The condy bootstrap woven code refers to (see {@code instrument/DESIGN.md}).
     *
     * @param lookup     the woven class's lookup, to link the resumer bridge
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
        return new SuspensionPoint(resumer, linked(lookup, resumer), lookup.lookupClass(), index,
                owner.replace('/', '.'), method, file, line, callee, functional != 0, primitives, references);
    }

    /**
     * The {@link Resumer} of a bridge, spun once per woven method by {@link LambdaMetafactory} (the
     * method's points share it) the first time one of its points is bootstrapped.
     *
     * @param lookup the woven class's full-privilege lookup (the bridge is private)
     * @param bridge the bridge, {@code (FiberStack)void}
     */
    private static Resumer linked(MethodHandles.Lookup lookup, MethodHandle bridge) {
        String name = lookup.revealDirect(bridge).getName();
        return SPUN.get(lookup.lookupClass()).computeIfAbsent(name, key -> {
            try {
                return (Resumer) LambdaMetafactory.metafactory(lookup, "resume", MethodType.methodType(Resumer.class),
                        BRIDGE_TYPE, bridge, BRIDGE_TYPE).getTarget().invoke();
            } catch (Throwable e) {
                throw new IllegalStateException("cannot link the resumer " + name + " of " + lookup.lookupClass(), e);
            }
        });
    }

    /** The first character of a method descriptor's return type ({@code V}, {@code I}, {@code L} ...). */
    private static char returnSort(String nameAndDescriptor) {
        return nameAndDescriptor.charAt(nameAndDescriptor.indexOf(')') + 1);
    }

    /** Re-enters the woven method, {@code (FiberStack)void}. */
    public MethodHandle resumer() {
        return resumer;
    }

    /** Re-enters the woven method: {@link #resumer()} linked as an interface call. */
    Resumer resume() {
        return resume;
    }

    /** The value {@link FiberStack#resumePoint()} returns when this frame resumes. */
    public int index() {
        return index;
    }

    /** The class holding the call site, as a binary name. */
    public String owner() {
        return owner;
    }

    /** The calling method, name and descriptor ({@code run()V}). */
    public String method() {
        return method;
    }

    /** The source file, or {@code "Unknown Source"}. */
    public String file() {
        return file;
    }

    /** The call site's line, or {@code -1}. */
    public int line() {
        return line;
    }

    /** The call's target, name and descriptor ({@code park()V}). */
    public String callee() {
        return callee;
    }

    /**
     * Whether the call goes through a functional interface, whose implementation may be a lambda
     * body or method reference of another name.
     */
    public boolean throughFunctionalInterface() {
        return throughFunctionalInterface;
    }

    /**
     * Whether the frame saved just before this one (while unwinding, innermost first) can be the
     * frame this call entered directly, so that no unwoven frame sits between them: a method of the
     * callee's name and descriptor or, for a call through a functional interface, the method a
     * forwarder linked by {@link SuspendableLambdas} for the callee calls (a lambda body or a method
     * reference target, the fiber primitives included).
     *
     * @param calleeMethod the inner frame's method, name and descriptor, or the primitive's
     * @param calleeFrame  the inner frame's suspension point, or null when the inner frame is a primitive
     */
    boolean calls(String calleeMethod, SuspensionPoint calleeFrame) {
        if (callee.equals(calleeMethod)) {
            return true;
        }
        if (!throughFunctionalInterface) {
            return false;
        }
        if (calleeFrame == null) {
            return SuspendableLambdas.forwards(callee, Fiber.class, calleeMethod);
        }
        if (calleeFrame == forwardedTo) {
            return true;
        }
        if (SuspendableLambdas.forwards(callee, calleeFrame.wovenClass, calleeMethod)) {
            forwardedTo = calleeFrame;
            return true;
        }
        return false;
    }

    /**
     * Whether the driver's call of {@code interfaceMethod} on a fiber's body can have entered this
     * frame directly: the body's own implementation (of any return type: a generic body's bridge
     * may stand between, like javac's bridges between woven frames), declared or inherited by its
     * class, or a method a forwarder linked by {@link SuspendableLambdas} calls for the interface
     * method (a lambda body or a method reference target).
     *
     * @param body            the fiber's body
     * @param interfaceMethod the method the driver calls on it, name and descriptor
     */
    boolean enteredFrom(Object body, String interfaceMethod) {
        if (wovenClass.isInstance(body)
                && method.regionMatches(0, interfaceMethod, 0, interfaceMethod.indexOf(')') + 1)) {
            return true;
        }
        if (forwardedFromEntry) {
            return true;
        }
        boolean forwarded = SuspendableLambdas.forwards(interfaceMethod, wovenClass, method);
        forwardedFromEntry = forwarded;
        return forwarded;
    }

    /** Whether {@code other} is a point of the same method (of the same class) as this one. */
    boolean inSameMethod(SuspensionPoint other) {
        return other == this || (other.wovenClass == wovenClass && other.method.equals(method));
    }

    /** How many primitive values the frame saves here. */
    public int primitives() {
        return primitives;
    }

    /** How many references the frame saves here (its suspension point excluded). */
    public int references() {
        return references;
    }

    /** The calling method's name without its descriptor. */
    public String methodName() {
        return method.substring(0, method.indexOf('('));
    }

    /** The first character of the calling method's return type descriptor ({@code V}, {@code I}, {@code L} ...). */
    char returnSort() {
        return returnSort;
    }

    /** The first character of the callee's return type descriptor, as the call site expects it. */
    char calleeReturnSort() {
        return calleeReturnSort;
    }

    /** {@code Class.method(File:line)}, the way a stack trace names a frame. */
    @Override
    public String toString() {
        String where = line >= 0 ? file + ":" + line : file;
        return owner + "." + methodName() + "(" + where + ")";
    }
}
