package io.ioucontext.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.instrument.classpath.ClassLoaderSource;
import io.ioucontext.instrument.classpath.CompositeSource;
import io.ioucontext.instrument.classpath.JdkSource;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FrameNode;

/**
 * Weaving asks the class hierarchy about the classes of a method's values (common superclasses for
 * the frames, subtypes for the analysis) and answers from class bytes: neither the application's
 * classes (read through a class loader's resources) nor the JDK's (read from {@code jrt:}) are
 * loaded. The JDK side runs in a child JVM logging every class it loads.
 */
class ClassesNeverLoadedTest {

    /** Values of unrelated classes merged across a suspension point, from the fixtures and from the JDK. */
    private static final Map<String, String> SOURCES = Map.of(
            "fixture/Base", "package fixture; public class Base { public String name() { return \"base\"; } }",
            "fixture/Left", "package fixture; public class Left extends Base {}",
            "fixture/Right", "package fixture; public class Right extends Base {}",
            "fixture/Mixer", """
                    package fixture;
                    import io.ioucontext.fiber.Fiber;
                    import io.ioucontext.fiber.Suspendable;
                    public class Mixer {
                        @Suspendable
                        public static String mix(boolean left, boolean precise) {
                            Base chosen = left ? new Left() : new Right();
                            java.util.Date when = precise ? new java.sql.Timestamp(0) : new java.sql.Time(0);
                            Fiber.yield();
                            return chosen.name() + when.getTime();
                        }
                    }
                    """);

    /** JDK classes of the fixture that nothing else in a small JVM loads. */
    private static final List<String> JDK_CLASSES = List.of("java.sql.Timestamp", "java.sql.Time");

    @TempDir
    Path classes;

    /** A class path loader that can tell which classes it defined. */
    private static final class InspectableLoader extends URLClassLoader {
        InspectableLoader(Path root) throws IOException {
            super(new URL[] {root.toUri().toURL()}, null);
        }

        boolean defined(String internalName) {
            return findLoadedClass(internalName.replace('/', '.')) != null;
        }
    }

    /**
     * Child-JVM side: weaves {@code fixture/Mixer} from the class directory in {@code args[0]} and
     * prints the fixture classes its loader defined meanwhile ({@code loaded: []} when none).
     */
    public static void main(String[] args) throws Exception {
        try (InspectableLoader loader = new InspectableLoader(Path.of(args[0]))) {
            byte[] woven = weaveMixer(loader);
            System.out.println("woven: " + woven.length + " bytes");
            System.out.println("loaded: " + loadedFixtures(loader));
        }
    }

    private static byte[] weaveMixer(ClassLoader loader) throws IOException, WeaveException {
        ClassLoaderSource application = new ClassLoaderSource(loader);
        Weaver weaver = new Weaver(CompositeSource.of(application, new JdkSource()));
        return weaver.weave(application.read("fixture/Mixer").orElseThrow()).orElseThrow();
    }

    private static List<String> loadedFixtures(InspectableLoader loader) {
        return Stream.concat(SOURCES.keySet().stream(), Fixtures.RUNTIME.keySet().stream())
                .filter(loader::defined).sorted().toList();
    }

    private void writeFixtures() throws IOException {
        Fixtures fixtures = Fixtures.compile(SOURCES);
        for (String name : Stream.concat(SOURCES.keySet().stream(), Fixtures.RUNTIME.keySet().stream()).toList()) {
            Path file = classes.resolve(name + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, fixtures.bytes(name));
        }
    }

    @Test
    void theApplicationsClassesAreReadNotLoaded() throws Exception {
        writeFixtures();
        try (InspectableLoader loader = new InspectableLoader(classes)) {
            byte[] woven = weaveMixer(loader);

            assertEquals(List.of(), loadedFixtures(loader));
            List<Object> frameTypes = new ArrayList<>();
            ClassNode node = new ClassNode();
            new ClassReader(woven).accept(node, ClassReader.EXPAND_FRAMES);
            node.methods.forEach(method -> method.instructions.forEach(insn -> {
                if (insn instanceof FrameNode frame && frame.local != null) {
                    frameTypes.addAll(frame.local);
                }
            }));
            // the hierarchy was asked: the merged values have their common superclasses in the frames
            assertTrue(frameTypes.contains("fixture/Base"), frameTypes::toString);
            assertTrue(frameTypes.contains("java/util/Date"), frameTypes::toString);
        }
    }

    @Test
    void theJdksClassesAreReadFromTheRunTimeImageNotLoaded() throws Exception {
        writeFixtures();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xlog:class+load=info", "-cp",
                System.getProperty("java.class.path"), ClassesNeverLoadedTest.class.getName(), classes.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(0, child.waitFor(), output);
        assertTrue(output.contains("loaded: []"), output);
        for (String jdkClass : JDK_CLASSES) {
            assertFalse(output.contains(" " + jdkClass + " "), jdkClass + " was loaded:\n" + output);
        }
        // the log names what is loaded, so a class missing from it was really not loaded
        assertTrue(output.contains(" " + Weaver.class.getName() + " "), output);
    }
}
