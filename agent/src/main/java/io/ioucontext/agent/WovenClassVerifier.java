package io.ioucontext.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicVerifier;

/**
 * The {@code verify} option: runs ASM's {@link BasicVerifier} over every method of a woven class, to
 * catch a weaver bug with a readable message before the JVM's verifier rejects the class. It checks
 * operand kinds, stack heights and local variable use; it does not check assignability between
 * classes, which would need loading them.
 */
final class WovenClassVerifier {

    private WovenClassVerifier() {}

    /**
     * @return what is wrong with the class, one line per broken method, or empty when nothing is
     */
    static Optional<String> problems(byte[] classFile) {
        ClassNode type = new ClassNode();
        new ClassReader(classFile).accept(type, 0);
        List<String> problems = new ArrayList<>();
        for (MethodNode method : type.methods) {
            try {
                new Analyzer<>(new BasicVerifier()).analyze(type.name, method);
            } catch (AnalyzerException e) {
                problems.add(type.name.replace('/', '.') + "." + method.name + method.desc + ": " + e.getMessage());
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", problems));
    }
}
