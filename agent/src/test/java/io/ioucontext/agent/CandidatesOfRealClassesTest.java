package io.ioucontext.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.agenttest.Parker;
import io.ioucontext.fiber.Fiber;
import io.ioucontext.instrument.ClassFileSource;
import io.ioucontext.instrument.WeaveException;
import io.ioucontext.instrument.Weaver;
import io.ioucontext.instrument.WeavingCandidates;
import io.ioucontext.instrument.classpath.ClassLoaderSource;
import io.ioucontext.instrument.classpath.CompositeSource;
import io.ioucontext.instrument.classpath.JdkSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent's first test ({@link WeavingCandidates}) on real class files: the agent's unwoven test
 * programs and the fiber runtime (woven at build time). Every class the weaver changes or refuses
 * must be a candidate, or the agent would leave it unwoven.
 */
class CandidatesOfRealClassesTest {

    private final ClassFileSource classes = CompositeSource.of(
            new ClassLoaderSource(CandidatesOfRealClassesTest.class.getClassLoader()), new JdkSource());

    @Test
    void everyClassTheWeaverHasWorkInIsACandidate() throws Exception {
        assertCandidatesCoverTheWeaversWork(classes);
    }

    /** As the agent reads them for the application loader: from the class path first (surefire's names its jars in a manifest). */
    @Test
    void everyClassTheWeaverHasWorkInIsACandidateReadFromTheClassPath() throws Exception {
        ClassPathIndex index = ClassPathIndex.ofSystemClassPath(new ResourceBytes());
        assertTrue(index.readUnique(Parker.class.getName().replace('.', '/')).isPresent(), "the test programs are on the class path");
        assertCandidatesCoverTheWeaversWork(CompositeSource.of(index::readUnique, classes));
    }

    private void assertCandidatesCoverTheWeaversWork(ClassFileSource candidateClasses) throws Exception {
        Weaver weaver = new Weaver(classes);
        WeavingCandidates candidates = new WeavingCandidates(candidateClasses);
        List<String> needed = new ArrayList<>();
        for (Path root : List.of(codeSourceOf(Parker.class), codeSourceOf(Fiber.class))) {
            for (ClassFileAt classFile : classFilesUnder(root)) {
                boolean candidate = candidates.mayNeedWeaving(classFile.bytes());
                if (weaverHasWorkIn(weaver, classFile.bytes())) {
                    assertTrue(candidate, classFile.path() + " needs the weaver but is no candidate");
                    needed.add(classFile.path());
                }
            }
        }
        assertTrue(needed.stream().anyMatch(path -> path.endsWith("Parker.class")), "nothing to weave found: " + needed);
    }

    private static boolean weaverHasWorkIn(Weaver weaver, byte[] classFile) {
        try {
            return weaver.weave(classFile).isPresent();
        } catch (WeaveException refused) {
            return true;
        }
    }

    private record ClassFileAt(String path, byte[] bytes) {
    }

    private static Path codeSourceOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The class files of a directory or a jar, in name order. */
    private static List<ClassFileAt> classFilesUnder(Path root) throws IOException {
        if (Files.isDirectory(root)) {
            return read(root);
        }
        try (FileSystem jar = FileSystems.newFileSystem(root)) {
            return read(jar.getPath("/"));
        }
    }

    private static List<ClassFileAt> read(Path root) throws IOException {
        List<ClassFileAt> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    found.add(new ClassFileAt(file.toString(), in.readAllBytes()));
                }
            }
        }
        return found;
    }
}
