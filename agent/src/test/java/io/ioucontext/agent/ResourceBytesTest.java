package io.ioucontext.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceBytesTest {

    private static final String NAME = "com/acme/Outer$Inner.class";
    private static final byte[] CONTENT = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 1, 2, 3};

    private final ResourceBytes resources = new ResourceBytes();

    @Test
    void readsWhatTheLoaderFoundInAJarWhosePathNeedsEscaping(@TempDir Path directory) throws Exception {
        Path jar = directory.resolve("with space+plus%.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(NAME));
            out.write(CONTENT);
            out.closeEntry();
        }

        assertArrayEquals(CONTENT, readThroughALoaderOf(jar));
        assertArrayEquals(CONTENT, readThroughALoaderOf(jar), "read again from the jar opened the first time");
    }

    @Test
    void readsWhatTheLoaderFoundInADirectory(@TempDir Path directory) throws Exception {
        Path file = directory.resolve(NAME);
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(CONTENT);
        }

        assertArrayEquals(CONTENT, readThroughALoaderOf(directory));
    }

    private byte[] readThroughALoaderOf(Path classPathEntry) throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classPathEntry.toUri().toURL()}, null)) {
            return resources.read(loader.getResource(NAME), NAME);
        }
    }
}
