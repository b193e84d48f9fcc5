package io.ioucontext.maven;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Reads an {@link Explanation} back from a woven class file: each suspension point is a dynamic
 * constant bootstrapped by {@code SuspensionPoint.bootstrap}, whose static arguments name the
 * woven method, the call's line and its target (instrument/DESIGN.md, "Suspension point
 * constants": resumer, index, owner, method, file, line, callee, then whether the call goes
 * through a functional interface).
 */
final class ExplanationReader {

    private static final String BOOTSTRAP_OWNER = "io/ioucontext/fiber/SuspensionPoint";
    /** The trailing parameter of a stack-passing copy, and the annotation the weaver marks copies with. */
    private static final String STACK_PARAMETER = "Lio/ioucontext/fiber/FiberStack;)";
    private static final String COPY_MARKER = "Lio/ioucontext/fiber/StackPassingCopy;";

    private ExplanationReader() {}

    static Explanation read(byte[] wovenClassFile) {
        ClassNode type = new ClassNode();
        new ClassReader(wovenClassFile).accept(type, ClassReader.SKIP_FRAMES);
        Map<String, Map<Integer, Explanation.Point>> pointsByMethod = new LinkedHashMap<>();
        Set<String> copied = new HashSet<>();
        for (MethodNode method : type.methods) {
            if (method.invisibleAnnotations != null && method.invisibleAnnotations.stream()
                    .anyMatch(annotation -> annotation.desc.equals(COPY_MARKER))) {
                copied.add(method.name + method.desc.replace(STACK_PARAMETER, ")"));
            }
            for (AbstractInsnNode instruction : method.instructions) {
                if (instruction instanceof LdcInsnNode ldc && ldc.cst instanceof ConstantDynamic point
                        && point.getBootstrapMethod().getOwner().equals(BOOTSTRAP_OWNER)) {
                    String wovenMethod = (String) point.getBootstrapMethodArgument(3);
                    pointsByMethod.computeIfAbsent(wovenMethod, key -> new TreeMap<>())
                            .putIfAbsent((Integer) point.getBootstrapMethodArgument(1), pointOf(point));
                }
            }
        }
        List<Explanation.WovenMethod> methods = new ArrayList<>();
        pointsByMethod.forEach((method, points) -> methods.add(new Explanation.WovenMethod(method,
                points.values().stream().sorted(Comparator.comparingInt(Explanation.Point::index)).toList(),
                copied.contains(method))));
        String sourceFile = type.sourceFile == null ? "Unknown Source" : type.sourceFile;
        return new Explanation(type.name.replace('/', '.'), sourceFile, methods);
    }

    private static Explanation.Point pointOf(ConstantDynamic point) {
        boolean functional = point.getBootstrapMethodArgumentCount() > 7
                && ((Integer) point.getBootstrapMethodArgument(7)) != 0;
        return new Explanation.Point((Integer) point.getBootstrapMethodArgument(1),
                (Integer) point.getBootstrapMethodArgument(5), (String) point.getBootstrapMethodArgument(6), functional);
    }
}
