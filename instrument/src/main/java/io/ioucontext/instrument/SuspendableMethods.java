package io.ioucontext.instrument;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Decides which methods are suspendable: annotated {@code @Suspendable}; the single abstract method of
 * an interface annotated {@code @Suspendable}; overriding or implementing a suspendable method; a
 * bridge's target when the bridge is suspendable; a synthetic {@code access$NNN} method whose target
 * is suspendable (a nested class's way to an outer class's private or superclass methods); in the
 * class being woven, the lambda bodies and
 * method-reference targets whose functional interface method is suspendable.
 */
final class SuspendableMethods {

    private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";
    /** Public methods of {@code Object} an interface may redeclare abstract without ceasing to be functional. */
    private static final Set<String> OBJECT_METHODS = Set.of("equals(Ljava/lang/Object;)Z", "hashCode()I",
            "toString()Ljava/lang/String;");

    private final ClassHierarchy hierarchy;
    /** Answers already computed, by {@code owner.name+descriptor}. */
    private final Map<String, Boolean> known = new ConcurrentHashMap<>();

    SuspendableMethods(ClassHierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    /** Whether calling {@code owner.name+descriptor} may suspend the fiber. */
    boolean isSuspendable(String owner, String nameAndDescriptor) {
        if (owner.equals(RuntimeNames.FIBER)) {
            return RuntimeNames.PRIMITIVES.contains(nameAndDescriptor);
        }
        return known.computeIfAbsent(owner + "." + nameAndDescriptor,
                key -> declaredOrInherited(owner, nameAndDescriptor, new HashSet<>()));
    }

    /** @param seen the (owner, method) pairs already asked about in this lookup, so cycles end */
    private boolean declaredOrInherited(String owner, String method, Set<String> seen) {
        if (!seen.add(owner + "." + method)) {
            return false;
        }
        Optional<ClassInfo> found = hierarchy.info(owner);
        if (found.isEmpty()) {
            return false;
        }
        ClassInfo info = found.get();
        ClassInfo.MethodInfo declared = info.methods().get(method);
        if (declared != null) {
            if (declared.annotated() || isSuspendableSam(info, declared)
                    || declared.accessorTarget()
                            .filter(call -> declaredOrInherited(call.owner(), call.method(), seen)).isPresent()) {
                return true;
            }
            if ((declared.access() & (Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC)) != 0) {
                return false;
            }
        }
        if (isBridgeTargetOfSuspendable(info, method, seen)) {
            return true;
        }
        if (info.superName() != null && declaredOrInherited(info.superName(), method, seen)) {
            return true;
        }
        return info.interfaces().stream().anyMatch(i -> declaredOrInherited(i, method, seen));
    }

    private static boolean isSuspendableSam(ClassInfo info, ClassInfo.MethodInfo method) {
        return info.suspendableType() && (method.access() & Opcodes.ACC_ABSTRACT) != 0
                && info.abstractMethods() == 1;
    }

    /** Whether a suspendable bridge of this class forwards to {@code method} (generic overrides). */
    private boolean isBridgeTargetOfSuspendable(ClassInfo info, String method, Set<String> seen) {
        for (var entry : info.methods().entrySet()) {
            String bridge = entry.getKey();
            if (!bridge.equals(method) && entry.getValue().bridgeTarget().filter(method::equals).isPresent()
                    && declaredOrInherited(info.name(), bridge, seen)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a call to this target goes through a functional interface's single abstract method:
     * the owner is an interface, declaring the method abstract or inheriting it from a
     * superinterface, and every abstract method of its hierarchy has the method's name (a
     * superinterface's generic version of it, say), apart from those of {@code Object}.
     */
    boolean isFunctionalInterfaceCall(String owner, String nameAndDescriptor) {
        String name = nameAndDescriptor.substring(0, nameAndDescriptor.indexOf('('));
        Set<String> abstractMethods = new HashSet<>();
        if (!collectAbstractMethods(owner, abstractMethods, new HashSet<>())) {
            return false;
        }
        abstractMethods.removeAll(OBJECT_METHODS);
        return abstractMethods.contains(nameAndDescriptor)
                && abstractMethods.stream().allMatch(method -> method.startsWith(name + "("));
    }

    /** @return false when {@code type} (or a superinterface) is no interface the hierarchy knows */
    private boolean collectAbstractMethods(String type, Set<String> into, Set<String> seen) {
        if (!seen.add(type)) {
            return true;
        }
        Optional<ClassInfo> info = hierarchy.info(type).filter(ClassInfo::isInterface);
        if (info.isEmpty()) {
            return false;
        }
        info.get().methods().forEach((method, declared) -> {
            if ((declared.access() & Opcodes.ACC_ABSTRACT) != 0) {
                into.add(method);
            }
        });
        return info.get().interfaces().stream().allMatch(superinterface ->
                collectAbstractMethods(superinterface, into, seen));
    }

    /**
     * The suspendable methods of the class being woven: by the rules above, plus lambda bodies and
     * same-class method reference targets created for a suspendable functional interface.
     */
    Set<MethodNode> of(ClassNode clazz) {
        Set<String> lambdaTargets = lambdaTargets(clazz);
        Set<MethodNode> suspendable = new HashSet<>();
        for (MethodNode method : clazz.methods) {
            String key = method.name + method.desc;
            if (lambdaTargets.contains(key) || isSuspendable(clazz.name, key)) {
                suspendable.add(method);
            }
        }
        return suspendable;
    }

    private Set<String> lambdaTargets(ClassNode clazz) {
        Set<String> targets = new HashSet<>();
        for (MethodNode method : clazz.methods) {
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof InvokeDynamicInsnNode indy && createsSuspendableLambda(indy)
                        && indy.bsmArgs[1] instanceof Handle impl && impl.getOwner().equals(clazz.name)) {
                    targets.add(impl.getName() + impl.getDesc());
                }
            }
        }
        return targets;
    }

    /**
     * Whether an {@code invokedynamic} is a {@code LambdaMetafactory} bootstrap creating a lambda or
     * method reference of a suspendable functional interface.
     */
    boolean createsSuspendableLambda(InvokeDynamicInsnNode indy) {
        if (!indy.bsm.getOwner().equals(LAMBDA_METAFACTORY) || indy.bsmArgs.length < 3
                || !(indy.bsmArgs[0] instanceof Type sam) || !(indy.bsmArgs[1] instanceof Handle)) {
            return false;
        }
        return isSuspendable(Type.getReturnType(indy.desc).getInternalName(), indy.name + sam.getDescriptor());
    }
}
