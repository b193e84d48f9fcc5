package io.ioucontext.agent;

import io.ioucontext.instrument.ClassFileSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * The {@code verify} option: runs ASM's verifier over every method of a woven class, to catch a
 * weaver bug with a readable message before the JVM's verifier rejects the class. It checks operand
 * kinds, stack heights, local variable use and, from class headers read through the hierarchy's
 * source ({@link SourceVerifier}), assignability between classes.
 */
final class WovenClassVerifier {

    private WovenClassVerifier() {}

    /**
     * @return what is wrong with the class, one line per broken method, or empty when nothing is
     */
    /**
     * @param classes where the headers of the classes the woven class refers to are read
     */
    static Optional<String> problems(byte[] classFile, ClassFileSource classes) {
        ClassNode type = new ClassNode();
        new ClassReader(classFile).accept(type, 0);
        Type superClass = type.superName == null ? null : Type.getObjectType(type.superName);
        List<Type> interfaces = type.interfaces.stream().map(Type::getObjectType).toList();
        boolean isInterface = (type.access & Opcodes.ACC_INTERFACE) != 0;
        List<String> problems = new ArrayList<>();
        for (MethodNode method : type.methods) {
            SourceVerifier verifier = new SourceVerifier(classes, Type.getObjectType(type.name), superClass, interfaces,
                    isInterface);
            try {
                new Analyzer<>(verifier).analyze(type.name, method);
            } catch (AnalyzerException e) {
                problems.add(type.name.replace('/', '.') + "." + method.name + method.desc + ": " + e.getMessage());
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", problems));
    }
}
