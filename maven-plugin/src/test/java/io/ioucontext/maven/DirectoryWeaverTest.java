package io.ioucontext.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.instrument.Weaver;
import io.ioucontext.instrument.classpath.ClassPathSource;
import io.ioucontext.instrument.classpath.CompositeSource;
import io.ioucontext.instrument.classpath.JdkSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryWeaverTest {

    private static final String PLAIN = "io/ioucontext/maven/DirectoryWeaverTest.class";
    private static final String MARKED = "com/example/AlreadyWoven.class";

    @TempDir
    Path temp;

    private Path classes;
    private Path originals;
    private CompositeSource hierarchy;
    private final List<String> wovenNames = new ArrayList<>();

    @BeforeEach
    void openHierarchy() throws IOException {
        classes = Files.createDirectory(temp.resolve("classes"));
        originals = temp.resolve("originals");
        hierarchy = CompositeSource.of(new ClassPathSource(List.of(classes)), new JdkSource());
    }

    @AfterEach
    void closeHierarchy() throws IOException {
        hierarchy.close();
    }

    private DirectoryWeaver weaver(Optional<Path> originals) {
        return new DirectoryWeaver(new WeaveSession(new Weaver(hierarchy), wovenNames::add), originals,
                new SystemStreamLog());
    }

    private void put(String resourceName, byte[] bytes) throws IOException {
        Path file = classes.resolve(resourceName);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    private static byte[] thisClassFile() throws IOException {
        try (InputStream in = DirectoryWeaverTest.class.getResourceAsStream("DirectoryWeaverTest.class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void examinesEveryClassFileAndNothingElse() throws IOException {
        put(PLAIN, thisClassFile());
        put(MARKED, GeneratedClasses.emptyClass("com/example/AlreadyWoven", "Lio/ioucontext/fiber/Woven;"));
        put("com/example/notes.txt", "not a class".getBytes());

        WeaveReport report = weaver(Optional.empty()).weave(classes);

        assertEquals(2, report.examined());
        assertEquals(0, report.woven());
        assertFalse(report.failed());
        assertEquals("not a class", Files.readString(classes.resolve("com/example/notes.txt")));
    }

    @Test
    void aMissingDirectoryHoldsNothing() throws IOException {
        WeaveReport report = weaver(Optional.of(originals)).weave(temp.resolve("absent"));

        assertEquals(0, report.examined());
        assertFalse(Files.exists(originals));
    }

    @Test
    void copiesEveryUnwovenClassFileToTheOriginals() throws IOException {
        byte[] plain = thisClassFile();
        byte[] generated = GeneratedClasses.emptyClass("com/example/Plain");
        put(PLAIN, plain);
        put("com/example/Plain.class", generated);

        weaver(Optional.of(originals)).weave(classes);

        assertArrayEquals(plain, Files.readAllBytes(originals.resolve(PLAIN)));
        assertArrayEquals(generated, Files.readAllBytes(originals.resolve("com/example/Plain.class")));
    }

    @Test
    void aWovenClassFileKeepsTheCopyAnEarlierBuildTook() throws IOException {
        byte[] earlierCopy = GeneratedClasses.emptyClass("com/example/AlreadyWoven");
        Path copy = originals.resolve(MARKED);
        Files.createDirectories(copy.getParent());
        Files.write(copy, earlierCopy);
        put(MARKED, GeneratedClasses.emptyClass("com/example/AlreadyWoven", "Lio/ioucontext/fiber/Woven;"));

        weaver(Optional.of(originals)).weave(classes);

        assertArrayEquals(earlierCopy, Files.readAllBytes(copy));
    }

    @Test
    void theWovenMarkerIsRecognised() throws IOException {
        assertTrue(WovenMarker.isWoven(GeneratedClasses.emptyClass("a/B", "Lio/ioucontext/fiber/Woven;")));
        assertFalse(WovenMarker.isWoven(GeneratedClasses.emptyClass("a/B", "Lio/ioucontext/fiber/Suspendable;")));
        assertFalse(WovenMarker.isWoven(thisClassFile()));
    }
}
