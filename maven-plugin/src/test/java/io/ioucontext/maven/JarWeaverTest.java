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
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarWeaverTest {

    @TempDir
    Path temp;

    private static Map<String, byte[]> contentsOf(Path jar) throws IOException {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    contents.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return contents;
    }

    private static Path writeJar(Path file, Map<String, byte[]> contents) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : contents.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    private WeaveReport weave(Path input, Path output) throws IOException {
        try (CompositeSource hierarchy = CompositeSource.of(new ClassPathSource(List.of(input)), new JdkSource())) {
            WeaveSession session = new WeaveSession(new Weaver(hierarchy), name -> { });
            return new JarWeaver(session, new SystemStreamLog()).weave(input, output);
        }
    }

    @Test
    void copiesEveryEntryInOrderAndExaminesTheClasses() throws IOException {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        contents.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes());
        contents.put("com/example/Plain.class", GeneratedClasses.emptyClass("com/example/Plain"));
        contents.put("com/example/notes.txt", "notes".getBytes());
        contents.put("com/example/Other.class", GeneratedClasses.emptyClass("com/example/Other"));
        Path input = writeJar(temp.resolve("in.jar"), contents);
        Path output = temp.resolve("out/woven.jar");

        WeaveReport report = weave(input, output);

        assertFalse(report.failed());
        assertEquals(2, report.examined());
        Map<String, byte[]> written = contentsOf(output);
        assertEquals(List.copyOf(contents.keySet()), List.copyOf(written.keySet()));
        for (String name : contents.keySet()) {
            assertArrayEquals(contents.get(name), written.get(name), name);
        }
    }

    @Test
    void theOutputMayReplaceTheInput() throws IOException {
        Map<String, byte[]> contents = Map.of("com/example/Plain.class", GeneratedClasses.emptyClass("com/example/Plain"));
        Path jar = writeJar(temp.resolve("lib.jar"), contents);

        weave(jar, jar);

        assertArrayEquals(contents.get("com/example/Plain.class"), contentsOf(jar).get("com/example/Plain.class"));
        try (var leftovers = Files.list(temp)) {
            assertEquals(List.of(jar), leftovers.toList());
        }
    }

    @Test
    void weavesTheClassesAndDropsTheSignatureTheyInvalidate() throws IOException {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        contents.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes());
        contents.put("META-INF/SIGNER.SF", "Signature-Version: 1.0\r\n\r\n".getBytes());
        contents.put("META-INF/SIGNER.RSA", new byte[] {1, 2, 3});
        contents.put("com/example/Parker.class", GeneratedClasses.parker("com/example/Parker", false));
        Path input = writeJar(temp.resolve("in.jar"), contents);
        Path output = temp.resolve("out.jar");

        WeaveReport report = weave(input, output);

        assertEquals(new WeaveReport(1, 1, 0, List.of()), report);
        Map<String, byte[]> written = contentsOf(output);
        assertEquals(List.of("META-INF/MANIFEST.MF", "com/example/Parker.class"), List.copyOf(written.keySet()));
        assertTrue(WovenMarker.isWoven(written.get("com/example/Parker.class")));
    }

    @Test
    void writesNothingWhenAClassCannotBeWoven() throws IOException {
        Path input = writeJar(temp.resolve("in.jar"), Map.of(
                "com/example/Locked.class", GeneratedClasses.parker("com/example/Locked", true)));
        Path output = temp.resolve("out.jar");

        WeaveReport report = weave(input, output);

        assertTrue(report.failed());
        assertFalse(Files.exists(output));
    }

    @Test
    void warnsWhenNothingIsWovenAlthoughClassesDeclareSuspendableMethods() throws IOException {
        // the callee's jar is not on the weaving class path, so run() seems to call nothing suspendable
        Path input = writeJar(temp.resolve("in.jar"), Map.of(
                "com/example/Caller.class", GeneratedClasses.caller("com/example/Caller", "com/other/Steps")));

        WeaveReport report = weave(input, temp.resolve("out.jar"));

        assertEquals(new WeaveReport(1, 0, 1, List.of()), report);
        assertEquals("no class was woven although 1 class(es) declare @Suspendable methods; if they call"
                + " suspendable methods of other jars, put those jars (and the ioucontext runtime) on the weaving"
                + " class path (iou.weave.classpath)", report.nothingWovenWarning().orElseThrow());
    }

    @Test
    void doesNotWarnWhenSomethingIsWoven() throws IOException {
        Path input = writeJar(temp.resolve("in.jar"), Map.of(
                "com/example/Caller.class", GeneratedClasses.caller("com/example/Caller", "com/other/Steps"),
                "com/example/Parker.class", GeneratedClasses.parker("com/example/Parker", false)));

        WeaveReport report = weave(input, temp.resolve("out.jar"));

        assertEquals(new WeaveReport(2, 1, 1, List.of()), report);
        assertTrue(report.nothingWovenWarning().isEmpty());
    }
}
