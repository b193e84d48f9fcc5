package io.ioucontext.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.conformance.corpus.Corpus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Every class the plugin wove in this module passes ASM's {@code CheckClassAdapter} (with a class
 * loader that sees the whole hierarchy) and the JVM's verifier (loading and initialising it links it,
 * and the verifier is on for classes outside the boot class path).
 */
class WovenCorpusVerifyTest {

    private static boolean isWoven(byte[] classFile) {
        ClassNode header = new ClassNode();
        new ClassReader(classFile).accept(header, ClassReader.SKIP_CODE);
        return header.visibleAnnotations != null && header.visibleAnnotations.stream()
                .anyMatch(a -> a.desc.equals("Lio/ioucontext/fiber/Woven;"));
    }

    @Test
    void everyWovenClassPassesCheckClassAdapterAndTheJvmVerifier() throws Exception {
        Path woven = ChildJvm.property("iou.conformance.woven");
        List<String> verified = new ArrayList<>();
        StringWriter problems = new StringWriter();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(woven)) {
            files = walk.filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
        ClassLoader loader = getClass().getClassLoader();
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            if (isWoven(bytes)) {
                CheckClassAdapter.verify(new ClassReader(bytes), loader, false, new PrintWriter(problems));
                String name = new ClassReader(bytes).getClassName().replace('/', '.');
                Class.forName(name, true, loader);
                verified.add(name);
            }
        }
        assertEquals("", problems.toString(), "woven classes that do not verify");
        Stream.concat(Corpus.shapes().stream(), Corpus.interleaved().stream()).map(Object::getClass).forEach(shape ->
                assertTrue(verified.contains(shape.getName()), shape + " was not woven: " + verified));
    }

    @Test
    void theUnwovenCopiesAreUnwoven() throws Exception {
        Path unwoven = ChildJvm.property("iou.conformance.unwoven");
        try (Stream<Path> walk = Files.walk(unwoven)) {
            List<Path> files = walk.filter(f -> f.toString().endsWith(".class")).toList();
            assertTrue(files.size() > Corpus.shapes().size(), files.toString());
            for (Path file : files) {
                assertTrue(!isWoven(Files.readAllBytes(file)), file + " is woven");
            }
        }
    }
}
