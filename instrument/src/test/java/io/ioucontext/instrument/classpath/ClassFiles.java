package io.ioucontext.instrument.classpath;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.objectweb.asm.ClassReader;

/** Real class files for the tests, and the places they are put. */
final class ClassFiles {

    private ClassFiles() {}

    /** The class file the test JVM loaded for a class. */
    static byte[] of(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    /** The internal name a class file declares. */
    static String nameIn(byte[] classFile) {
        return new ClassReader(classFile).getClassName();
    }

    /** Writes a jar holding the given entries; {@code Multi-Release: true} when asked. */
    static Path jar(Path file, boolean multiRelease, Map<String, byte[]> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (multiRelease) {
            manifest.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
        }
        try (OutputStream out = Files.newOutputStream(file);
                JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                jar.putNextEntry(new java.util.jar.JarEntry(entry.getKey()));
                jar.write(entry.getValue());
                jar.closeEntry();
            }
        }
        return file;
    }

    /** Writes a file under a directory, creating its parents. */
    static void write(Path root, String resourceName, byte[] bytes) throws IOException {
        Path file = root.resolve(resourceName);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
