package io.ioucontext.instrument;

import java.util.Set;

/**
 * The fiber runtime's classes and members, by name: the weaver never depends on the runtime module,
 * so this is the one place that mirrors {@code io.ioucontext.fiber} (see {@code instrument/DESIGN.md}).
 */
final class RuntimeNames {

    static final String PACKAGE = "io/ioucontext/fiber/";
    static final String FIBER = PACKAGE + "Fiber";
    static final String FIBER_STACK = PACKAGE + "FiberStack";
    static final String FIBER_STACK_DESC = "L" + FIBER_STACK + ";";
    static final String SUSPENSION_POINT = PACKAGE + "SuspensionPoint";
    /** Links lambdas of suspendable functional interfaces: {@code metafactory}, {@code altMetafactory}. */
    static final String SUSPENDABLE_LAMBDAS = PACKAGE + "SuspendableLambdas";
    static final String SUSPENDABLE_DESC = "L" + PACKAGE + "Suspendable;";
    static final String OUTSIDE_FIBERS_DESC = "L" + PACKAGE + "OutsideFibers;";
    static final String WOVEN_DESC = "L" + PACKAGE + "Woven;";
    /** Marks the stack-passing copies the weaver adds (class-file retention). */
    static final String STACK_PASSING_COPY_DESC = "L" + PACKAGE + "StackPassingCopy;";

    /** The fiber primitives, name + descriptor, on {@link #FIBER} (park and yield static, join not). */
    static final Set<String> PRIMITIVES = Set.of("park()V", "yield()V", "join()Ljava/lang/Object;");

    /** Runtime classes that call suspendable methods as the fiber's driver, never woven. */
    static final Set<String> DRIVERS = Set.of(FIBER, FIBER_STACK, SUSPENSION_POINT, PACKAGE + "Carrier");

    static final String CURRENT_DESC = "()" + FIBER_STACK_DESC;
    static final String RESUMER_DESC = "(" + FIBER_STACK_DESC + ")V";
    static final String BOOTSTRAP_DESC = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
            + "Ljava/lang/Class;Ljava/lang/invoke/MethodHandle;ILjava/lang/String;Ljava/lang/String;"
            + "Ljava/lang/String;ILjava/lang/String;III)L" + SUSPENSION_POINT + ";";

    /** Infix of the synthetic resumer bridges' names: {@code <method>$iou$resume<k>}. */
    static final String RESUMER_INFIX = "$iou$resume";

    private RuntimeNames() {
    }
}
