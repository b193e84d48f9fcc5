package io.ioucontext.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index answers only where the application loader would find the same class file: a name
 * found once on the class path, in a jar, a directory or a jar a manifest names.
 */
class ClassPathIndexTest {

    private static final byte[] FIRST = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 1};
    private static final byte[] SECOND = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 2};

    @TempDir
    Path directory;

    @Test
    void readsANameFoundOnceFromItsJarOrDirectory() throws IOException {
        Path jar = jar("one.jar", null, Map.of("com/acme/InJar.class", FIRST));
        Path classes = directory.resolve("classes");
        Files.createDirectories(classes.resolve("com/acme"));
        Files.write(classes.resolve("com/acme/InDirectory.class"), SECOND);

        ClassPathIndex index = indexOf(jar, classes);

        assertArrayEquals(FIRST, index.readUnique("com/acme/InJar").orElseThrow());
        assertArrayEquals(SECOND, index.readUnique("com/acme/InDirectory").orElseThrow());
        assertEquals(Optional.empty(), index.readUnique("com/acme/Elsewhere"), "not on the class path: the loader's");
    }

    @Test
    void leavesANameFoundInSeveralPlacesToTheLoader() throws IOException {
        Path first = jar("first.jar", null, Map.of("com/acme/Twice.class", FIRST));
        Path second = jar("second.jar", null, Map.of("com/acme/Twice.class", SECOND));

        assertEquals(Optional.empty(), indexOf(first, second).readUnique("com/acme/Twice"));
    }

    @Test
    void seesTheJarsAManifestClassPathNames() throws IOException {
        Files.createDirectories(directory.resolve("lib"));
        Path named = jar("lib/named.jar", null, Map.of("com/acme/Twice.class", SECOND, "com/acme/Named.class", SECOND));
        Path naming = jar("naming.jar", "lib/named.jar", Map.of());
        Path other = jar("other.jar", null, Map.of("com/acme/Twice.class", FIRST));

        ClassPathIndex index = indexOf(naming, other);

        assertArrayEquals(SECOND, index.readUnique("com/acme/Named").orElseThrow());
        assertEquals(Optional.empty(), index.readUnique("com/acme/Twice"), "also in " + named);
    }

    @Test
    void answersNothingWhenAManifestNamesWhatItCannotRead() throws IOException {
        Path remote = jar("remote.jar", "http://example.com/elsewhere.jar", Map.of());
        Path jar = jar("one.jar", null, Map.of("com/acme/InJar.class", FIRST));

        assertEquals(Optional.empty(), indexOf(remote, jar).readUnique("com/acme/InJar"));
    }

    private static ClassPathIndex indexOf(Path... elements) {
        return new ClassPathIndex(List.of(elements).stream().map(Path::toFile).toList(), new ResourceBytes());
    }

    private Path jar(String name, String manifestClassPath, Map<String, byte[]> entries) throws IOException {
        Path jar = directory.resolve(name);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (manifestClassPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, manifestClassPath);
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }
}
