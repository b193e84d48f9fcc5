package io.ioucontext.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.instrument.Diagnostic;
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
    private static final String PARKER = "com/example/Parker.class";

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

    private WeaveReport weave(Optional<Path> originals) throws IOException {
        DirectoryWeaver weaver = new DirectoryWeaver(new WeaveSession(new Weaver(hierarchy), wovenNames::add),
                originals, new SystemStreamLog());
        return weaver.weave(classes);
    }

    private void put(String resourceName, byte[] bytes) throws IOException {
        Path file = classes.resolve(resourceName);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    private byte[] get(String resourceName) throws IOException {
        return Files.readAllBytes(classes.resolve(resourceName));
    }

    private static byte[] thisClassFile() throws IOException {
        try (InputStream in = DirectoryWeaverTest.class.getResourceAsStream("DirectoryWeaverTest.class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void weavesInPlaceWhatNeedsWeavingAndNothingElse() throws IOException {
        byte[] plain = thisClassFile();
        put(PLAIN, plain);
        put(PARKER, GeneratedClasses.parker("com/example/Parker", false));
        put("com/example/notes.txt", "not a class".getBytes());

        WeaveReport report = weave(Optional.empty());

        assertEquals(new WeaveReport(2, 1, 0, List.of()), report);
        assertEquals(List.of("com.example.Parker"), wovenNames);
        assertTrue(WovenMarker.isWoven(get(PARKER)));
        assertArrayEquals(plain, get(PLAIN));
        assertEquals("not a class", Files.readString(classes.resolve("com/example/notes.txt")));
    }

    @Test
    void nothingIsRewrittenWhenAClassCannotBeWoven() throws IOException {
        byte[] parker = GeneratedClasses.parker("com/example/Parker", false);
        put(PARKER, parker);
        put("com/example/Locked.class", GeneratedClasses.parker("com/example/Locked", true));

        WeaveReport report = weave(Optional.empty());

        assertTrue(report.failed(), "a suspension in a synchronized method is refused");
        assertArrayEquals(parker, get(PARKER), "Parker rewritten beside a class that failed");
    }

    @Test
    void aClassWovenByAnotherWeavingVersionIsReportedNotKept() throws IOException {
        put(PARKER, GeneratedClasses.markedWoven("com/example/Parker", 0));

        WeaveReport report = weave(Optional.empty());

        assertEquals(List.of("com.example.Parker.<class>(Parker.java): already woven by weaving version 0,"
                + " this weaver writes version 7; weave the unwoven classes"),
                report.diagnostics().stream().map(Object::toString).toList());
    }

    @Test
    void aModuleDescriptorIsExaminedAndLeftAlone() throws IOException {
        byte[] module = GeneratedClasses.moduleDescriptor("com.example");
        put("module-info.class", module);

        WeaveReport report = weave(Optional.empty());

        assertEquals(new WeaveReport(1, 0, 0, List.of()), report);
        assertArrayEquals(module, get("module-info.class"));
    }

    @Test
    void weavingAgainChangesNothing() throws IOException {
        put(PARKER, GeneratedClasses.parker("com/example/Parker", false));
        weave(Optional.empty());
        byte[] wovenOnce = get(PARKER);

        WeaveReport again = weave(Optional.empty());

        assertEquals(new WeaveReport(1, 0, 0, List.of()), again);
        assertArrayEquals(wovenOnce, get(PARKER));
    }

    @Test
    void aMissingDirectoryHoldsNothing() throws IOException {
        Files.delete(classes);

        assertEquals(new WeaveReport(0, 0, 0, List.of()), weave(Optional.of(originals)));
        assertFalse(Files.exists(originals));
    }

    @Test
    void copiesEveryClassFileUnwovenToTheOriginals() throws IOException {
        byte[] plain = thisClassFile();
        byte[] parker = GeneratedClasses.parker("com/example/Parker", false);
        put(PLAIN, plain);
        put(PARKER, parker);

        weave(Optional.of(originals));

        assertArrayEquals(plain, Files.readAllBytes(originals.resolve(PLAIN)));
        assertArrayEquals(parker, Files.readAllBytes(originals.resolve(PARKER)));
    }

    @Test
    void anIncrementalBuildKeepsTheUnwovenCopyOfAClassItDidNotRecompile() throws IOException {
        byte[] parker = GeneratedClasses.parker("com/example/Parker", false);
        put(PARKER, parker);
        weave(Optional.of(originals));

        weave(Optional.of(originals));

        assertArrayEquals(parker, Files.readAllBytes(originals.resolve(PARKER)));
    }

    @Test
    void reportsEveryClassThatCannotBeWovenAndLeavesItAlone() throws IOException {
        byte[] refused = GeneratedClasses.parker("com/example/Locked", true);
        put("com/example/Locked.class", refused);
        put("com/example/AlsoLocked.class", GeneratedClasses.parker("com/example/AlsoLocked", true));
        put(PARKER, GeneratedClasses.parker("com/example/Parker", false));

        WeaveReport report = weave(Optional.empty());

        assertEquals(3, report.examined());
        assertEquals(List.of("com.example.AlsoLocked", "com.example.Locked"),
                report.diagnostics().stream().map(Diagnostic::className).toList());
        assertTrue(report.diagnostics().getFirst().message().contains("synchronized"), report.failure());
        assertArrayEquals(refused, get("com/example/Locked.class"));
    }

    @Test
    void theWovenMarkerIsRecognised() throws IOException {
        put(PARKER, GeneratedClasses.parker("com/example/Parker", false));
        assertFalse(WovenMarker.isWoven(get(PARKER)));

        weave(Optional.empty());

        assertTrue(WovenMarker.isWoven(get(PARKER)));
        assertFalse(WovenMarker.isWoven(thisClassFile()));
    }
}
