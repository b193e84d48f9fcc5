package io.ioucontext.fiber;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Links the calls a woven method makes to another class's suspendable method without dispatch,
 * passing the fiber stack it holds (instrument/DESIGN.md, "Stack-passing copies"). Whether the other
 * class was woven, and so has a copy of the method taking the stack, is known only now that it is
 * loaded: the call links to the copy if there is one, else to the method itself with the stack
 * dropped. Either way the call site is constant, so the JIT compiles it as a direct call.
 */
public final class StackPassingCalls {

    private StackPassingCalls() {
    }

    /**
     * Bootstrap of a call to a static method: {@code type} is its descriptor with the stack appended.
     *
     * @throws NoSuchMethodError   when {@code owner} has no such method (a class changed since weaving)
     * @throws IllegalAccessError  when the caller may not call it
     */
    public static CallSite staticCall(MethodHandles.Lookup caller, String name, MethodType type, Class<?> owner) {
        MethodType plain = withoutStack(type);
        try {
            MethodHandle copy = caller.findStatic(owner, name, type);
            if (isCopy(caller, copy)) {
                return new ConstantCallSite(copy);
            }
        } catch (NoSuchMethodException | IllegalAccessException noCopy) {
            // the class was not woven, or the method never suspends: call the method itself
        }
        try {
            return droppingStack(caller.findStatic(owner, name, plain), type);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw linkageError(owner, name, plain, e);
        }
    }

    /**
     * Bootstrap of a call to an instance method no subclass can override (final, or of a final class):
     * {@code type} starts with the receiver and ends with the stack. The copy is linked only if it is
     * still final here (a class recompiled since weaving may have lost the modifier).
     *
     * @throws NoSuchMethodError   when {@code owner} has no such method
     * @throws IllegalAccessError  when the caller may not call it
     */
    public static CallSite finalCall(MethodHandles.Lookup caller, String name, MethodType type, Class<?> owner) {
        MethodType copyType = type.dropParameterTypes(0, 1);
        MethodType plain = withoutStack(copyType);
        try {
            MethodHandle copy = caller.findVirtual(owner, name, copyType);
            if (isCopy(caller, copy) && cannotBeOverridden(caller, copy)) {
                return new ConstantCallSite(copy.asType(type));
            }
        } catch (NoSuchMethodException | IllegalAccessException noCopy) {
            // the class was not woven, or the method never suspends: call the method itself
        }
        try {
            return droppingStack(caller.findVirtual(owner, name, plain), type);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw linkageError(owner, name, plain, e);
        }
    }

    private static MethodType withoutStack(MethodType type) {
        return type.dropParameterTypes(type.parameterCount() - 1, type.parameterCount());
    }

    private static CallSite droppingStack(MethodHandle method, MethodType type) {
        return new ConstantCallSite(MethodHandles.dropArguments(method, type.parameterCount() - 1, FiberStack.class)
                .asType(type));
    }

    /** Whether the method found is a copy the weaver made, not one the class's author declared. */
    private static boolean isCopy(MethodHandles.Lookup caller, MethodHandle found) {
        return caller.revealDirect(found).reflectAs(Method.class, caller).isSynthetic();
    }

    private static boolean cannotBeOverridden(MethodHandles.Lookup caller, MethodHandle copy) {
        MethodHandleInfo info = caller.revealDirect(copy);
        return Modifier.isFinal(info.getModifiers()) || Modifier.isFinal(info.getDeclaringClass().getModifiers());
    }

    private static LinkageError linkageError(Class<?> owner, String name, MethodType type, ReflectiveOperationException e) {
        String method = owner.getName() + "." + name + type.toMethodDescriptorString();
        LinkageError error = e instanceof IllegalAccessException ? new IllegalAccessError(method + ": " + e.getMessage())
                : new NoSuchMethodError(method);
        error.initCause(e);
        return error;
    }
}
