package io.ioucontext.instrument;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Which methods weaving a class rewrites, told from its class file without weaving it: for the
 * classes woven together with the one being woven, whose stack-passing copies its calls may enter
 * directly (instrument/DESIGN.md, "Stack-passing copies"). Thread-safe; answers are cached.
 */
final class WovenMethods {

    private final ClassHierarchy hierarchy;
    private final SuspendableMethods suspendable;
    private final SuspensionPoints points;
    private final Map<String, Set<String>> byClass = new ConcurrentHashMap<>();

    WovenMethods(ClassHierarchy hierarchy, SuspendableMethods suspendable, SuspensionPoints points) {
        this.hierarchy = hierarchy;
        this.suspendable = suspendable;
        this.points = points;
    }

    /** Whether weaving rewrites {@code method}: the one rule the weaver itself follows. */
    static boolean isRewritten(MethodNode method, Set<MethodNode> suspendableMethods, List<CallSite> calls) {
        return (method.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0 && !calls.isEmpty()
                && suspendableMethods.contains(method) && !method.name.startsWith("<");
    }

    /** The name + descriptor of every method that weaving the (unwoven) class rewrites. */
    Set<String> of(String internalName) {
        if (RuntimeNames.DRIVERS.contains(internalName)) {
            return Set.of();
        }
        return byClass.computeIfAbsent(internalName, name -> hierarchy.classFile(name).map(ClassFiles::read)
                .map(this::rewritten).orElse(Set.of()));
    }

    private Set<String> rewritten(ClassNode clazz) {
        Set<MethodNode> suspendableMethods = suspendable.of(clazz);
        return clazz.methods.stream()
                .filter(method -> isRewritten(method, suspendableMethods, points.of(method)))
                .map(method -> method.name + method.desc)
                .collect(Collectors.toUnmodifiableSet());
    }
}
