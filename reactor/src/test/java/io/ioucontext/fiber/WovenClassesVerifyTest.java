package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.util.CheckClassAdapter;

/** Every class the build wove in this module (main and test classes) passes ASM's verifier. */
class WovenClassesVerifyTest {

    private static Path classesOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static boolean isWoven(byte[] classFile) {
        ClassNode header = new ClassNode();
        new ClassReader(classFile).accept(header, ClassReader.SKIP_CODE);
        return header.visibleAnnotations != null && header.visibleAnnotations.stream()
                .anyMatch(a -> a.desc.equals("Lio/ioucontext/fiber/Woven;"));
    }

    @Test
    void everyWovenClassVerifies() throws Exception {
        List<String> verified = new ArrayList<>();
        StringWriter problems = new StringWriter();
        for (Path root : List.of(classesOf(Fiber.class), classesOf(WovenClassesVerifyTest.class))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    byte[] bytes = read(file);
                    if (isWoven(bytes)) {
                        CheckClassAdapter.verify(new ClassReader(bytes), getClass().getClassLoader(), false,
                                new PrintWriter(problems));
                        verified.add(root.relativize(file).toString());
                    }
                }
            }
        }
        assertTrue(verified.contains("io/ioucontext/fiber/SuspendResumeTest.class"), verified.toString());
        assertEquals("", problems.toString(), "woven classes that do not verify");
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
