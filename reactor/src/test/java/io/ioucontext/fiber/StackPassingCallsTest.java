package io.ioucontext.fiber;

import static java.lang.invoke.MethodType.methodType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import org.junit.jupiter.api.Test;

/**
 * How a woven call to another class's method links ({@link StackPassingCalls}), against classes the
 * build wove: to the method's stack-passing copy when it has one, else to the method itself.
 */
class StackPassingCallsTest {

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    /** Woven by the build: a final class, so its instance methods get copies too. */
    static final class Target {

        @Suspendable
        public static int plusOne(int x) {
            Fiber.yield();
            return x + 1;
        }

        /** Suspendable, but it never suspends: not woven, no copy. */
        @Suspendable
        public static int leaf(int x) {
            return x * 2;
        }

        @Suspendable
        public int times(int x) {
            Fiber.yield();
            return x * 3;
        }

        /** Its copy would clash with {@link #declared(int, FiberStack)}, so it has none. */
        @Suspendable
        public static int declared(int x) {
            Fiber.yield();
            return x - 1;
        }

        /** Declared by the class's author: never taken for a copy. */
        public static int declared(int x, FiberStack stack) {
            return -x;
        }
    }

    @Test
    void aStaticCallLinksToTheCopyOfAWovenMethod() {
        CallSite site = StackPassingCalls.staticCall(LOOKUP, "plusOne",
                methodType(int.class, int.class, FiberStack.class), Target.class);

        MethodHandleInfo linked = LOOKUP.revealDirect(site.getTarget());
        assertEquals("plusOne", linked.getName());
        assertEquals(methodType(int.class, int.class, FiberStack.class), linked.getMethodType());
    }

    @Test
    void aStaticCallToAMethodWithoutACopyCallsTheMethodDroppingTheStack() throws Throwable {
        CallSite site = StackPassingCalls.staticCall(LOOKUP, "leaf",
                methodType(int.class, int.class, FiberStack.class), Target.class);

        assertThrows(IllegalArgumentException.class, () -> LOOKUP.revealDirect(site.getTarget()),
                "linked straight to a method taking the stack");
        assertEquals(14, (int) site.getTarget().invokeExact(7, FiberStack.current()));
    }

    @Test
    void aCallOfAFinalClassesMethodLinksToItsCopy() {
        CallSite site = StackPassingCalls.finalCall(LOOKUP, "times",
                methodType(int.class, Target.class, int.class, FiberStack.class), Target.class);

        MethodHandleInfo linked = LOOKUP.revealDirect(site.getTarget());
        assertEquals("times", linked.getName());
        assertEquals(MethodHandleInfo.REF_invokeVirtual, linked.getReferenceKind());
        assertEquals(methodType(int.class, int.class, FiberStack.class), linked.getMethodType());
    }

    @Test
    void aMethodTheAuthorDeclaredWithAStackParameterIsNotTakenForACopy() throws Throwable {
        CallSite site = StackPassingCalls.staticCall(LOOKUP, "declared",
                methodType(int.class, int.class, FiberStack.class), Target.class);

        // declared(int) runs: outside a fiber its yield returns at once
        assertEquals(4, (int) site.getTarget().invokeExact(5, FiberStack.current()));
    }

    @Test
    void aMissingMethodFailsLikeTheCallWouldHave() {
        NoSuchMethodError error = assertThrows(NoSuchMethodError.class, () -> StackPassingCalls.staticCall(LOOKUP,
                "absent", methodType(void.class, FiberStack.class), Target.class));

        assertEquals("io.ioucontext.fiber.StackPassingCallsTest$Target.absent()V", error.getMessage());
    }
}
