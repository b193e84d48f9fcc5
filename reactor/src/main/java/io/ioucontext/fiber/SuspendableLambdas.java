package io.ioucontext.fiber;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaConversionException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bootstrap of the lambdas and method references that create suspendable functional interfaces
 * in woven classes: the weaver redirects javac's {@link LambdaMetafactory} bootstraps here (see
 * {@code instrument/DESIGN.md}). Each delegates to {@link LambdaMetafactory} and records, once per
 * linkage, which method the spun forwarding class calls under which interface method, so that an
 * unwinding can tell such a forwarder (never woven, and expected) from an unwoven frame (an error)
 * between a call through a functional interface and the frame it entered.
 */
public final class SuspendableLambdas {

    /**
     * Per declaring class of an implementation method: its name + descriptor, to the interface
     * methods (name + descriptor, bridges included) whose forwarders call it.
     */
    private static final ClassValue<Map<String, Set<String>>> FORWARDED = new ClassValue<>() {
        @Override
        protected Map<String, Set<String>> computeValue(Class<?> declaringClass) {
            return new ConcurrentHashMap<>();
        }
    };

    private SuspendableLambdas() {
    }

    /**
     * {@link LambdaMetafactory#metafactory}, recording the implementation method.
     *
     * @param caller              the class creating the lambda, with its full privileges
     * @param interfaceMethodName the functional interface's method
     * @param factoryType         the call site's type: captured values to the interface
     * @param interfaceMethodType the interface method's erased type
     * @param implementation      the lambda body or method reference target
     * @param dynamicMethodType   the interface method's type as the lambda implements it
     * @return the call site creating instances
     * @throws LambdaConversionException as {@link LambdaMetafactory#metafactory}
     */
    public static CallSite metafactory(MethodHandles.Lookup caller, String interfaceMethodName, MethodType factoryType,
                                       MethodType interfaceMethodType, MethodHandle implementation,
                                       MethodType dynamicMethodType) throws LambdaConversionException {
        CallSite site = LambdaMetafactory.metafactory(caller, interfaceMethodName, factoryType, interfaceMethodType,
                implementation, dynamicMethodType);
        record(caller, interfaceMethodName, implementation, List.of(interfaceMethodType));
        return site;
    }

    /**
     * {@link LambdaMetafactory#altMetafactory} (serializable lambdas, marker interfaces, bridges),
     * recording the implementation method under the interface method and its bridges.
     *
     * @param caller              the class creating the lambda, with its full privileges
     * @param interfaceMethodName the functional interface's method
     * @param factoryType         the call site's type: captured values to the interface
     * @param arguments           as {@link LambdaMetafactory#altMetafactory}
     * @return the call site creating instances
     * @throws LambdaConversionException as {@link LambdaMetafactory#altMetafactory}
     */
    public static CallSite altMetafactory(MethodHandles.Lookup caller, String interfaceMethodName,
                                          MethodType factoryType, Object... arguments)
            throws LambdaConversionException {
        CallSite site = LambdaMetafactory.altMetafactory(caller, interfaceMethodName, factoryType, arguments);
        // valid, since the metafactory accepted them: type, implementation, dynamic type, flags, then
        // the marker interfaces and the bridges, each counted, when their flags say so
        List<MethodType> interfaceTypes = new ArrayList<>(List.of((MethodType) arguments[0]));
        int flags = (Integer) arguments[3];
        int next = 4;
        if ((flags & LambdaMetafactory.FLAG_MARKERS) != 0) {
            next += 1 + (Integer) arguments[next];
        }
        if ((flags & LambdaMetafactory.FLAG_BRIDGES) != 0) {
            int bridges = (Integer) arguments[next++];
            for (int i = 0; i < bridges; i++) {
                interfaceTypes.add((MethodType) arguments[next++]);
            }
        }
        record(caller, interfaceMethodName, (MethodHandle) arguments[1], interfaceTypes);
        return site;
    }

    private static void record(MethodHandles.Lookup caller, String interfaceMethodName, MethodHandle implementation,
                               List<MethodType> interfaceTypes) {
        // the metafactory revealed it already, so this cannot fail
        MethodHandleInfo target = caller.revealDirect(implementation);
        Set<String> interfaceMethods = FORWARDED.get(target.getDeclaringClass()).computeIfAbsent(
                target.getName() + target.getMethodType().toMethodDescriptorString(),
                key -> ConcurrentHashMap.newKeySet());
        for (MethodType type : interfaceTypes) {
            interfaceMethods.add(interfaceMethodName + type.toMethodDescriptorString());
        }
    }

    /**
     * Whether a forwarder linked here for {@code interfaceMethod} calls {@code method} as declared
     * by {@code frameClass} or inherited by it (a method reference dispatches virtually, so the
     * frame's class may override the target's).
     *
     * @param interfaceMethod the interface method called, name + descriptor
     * @param frameClass      the class whose code the entered frame runs
     * @param method          the entered frame's method, name + descriptor
     */
    static boolean forwards(String interfaceMethod, Class<?> frameClass, String method) {
        Set<String> interfaceMethods = FORWARDED.get(frameClass).get(method);
        if (interfaceMethods != null && interfaceMethods.contains(interfaceMethod)) {
            return true;
        }
        Class<?> superclass = frameClass.getSuperclass();
        if (superclass != null && forwards(interfaceMethod, superclass, method)) {
            return true;
        }
        for (Class<?> superinterface : frameClass.getInterfaces()) {
            if (forwards(interfaceMethod, superinterface, method)) {
                return true;
            }
        }
        return false;
    }
}
