package io.ioucontext.instrument;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.objectweb.asm.Opcodes;

/**
 * What the weaver needs to know about a class it does not weave right now, read from its bytes.
 *
 * @param name        internal name
 * @param superName   internal name of the superclass, null for {@code java/lang/Object} and interfaces'
 *                    absent supers
 * @param interfaces  directly implemented interfaces
 * @param isInterface whether it is an interface
 * @param isFinal     whether it is final (no subclass can override its methods)
 * @param wovenVersion the weaving version of its {@code @Woven} marker, if it has one
 * @param suspendableType whether the type itself carries {@code @Suspendable} (a functional
 *                    interface whose single abstract method is suspendable)
 * @param methods     declared methods by name + descriptor
 */
record ClassInfo(String name, String superName, List<String> interfaces, boolean isInterface, boolean isFinal,
                 Optional<Integer> wovenVersion, boolean suspendableType, Map<String, MethodInfo> methods) {

    /**
     * One declared method.
     *
     * @param access      access flags
     * @param annotated   whether it carries {@code @Suspendable}
     * @param stackPassingCopy whether it is a stack-passing copy the weaver added ({@code @StackPassingCopy})
     * @param bridgeTarget for a bridge method, the name + descriptor of the method it forwards to
     * @param accessorTarget for a synthetic {@code access$NNN} method through which javac lets a
     *                    nested class reach its outer class's private methods (before nestmates,
     *                    Java 10 and older) or the outer class's superclass methods
     *                    ({@code Outer.super.m()}, every release), the method it calls
     */
    record MethodInfo(int access, boolean annotated, boolean stackPassingCopy, Optional<String> bridgeTarget,
                      Optional<Call> accessorTarget) {
    }

    /**
     * A method called.
     *
     * @param owner  internal name of the class the call names
     * @param method name + descriptor
     */
    record Call(String owner, String method) {
    }

    /** Number of abstract methods declared here (a functional interface has exactly one). */
    long abstractMethods() {
        return methods.values().stream()
                .filter(m -> (m.access() & Opcodes.ACC_ABSTRACT) != 0)
                .count();
    }
}
