package io.ioucontext.instrument.classpath;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A jar file of a class path, kept open until closed. A multi-release jar is read the way the
 * running JDK would read it. {@link JarFile} is safe for concurrent reads.
 */
final class JarEntry implements ClassPathEntry {

    private final JarFile jar;

    private JarEntry(JarFile jar) {
        this.jar = jar;
    }

    static JarEntry open(Path path) throws IOException {
        try {
            return new JarEntry(new JarFile(path.toFile(), false, ZipFile.OPEN_READ, Runtime.version()));
        } catch (ZipException notAJar) {
            throw new IOException("not a jar file: " + path, notAJar);
        }
    }

    @Override
    public Optional<byte[]> read(String resourceName) throws IOException {
        java.util.jar.JarEntry entry = jar.getJarEntry(resourceName);
        if (entry == null) {
            return Optional.empty();
        }
        try (InputStream in = jar.getInputStream(entry)) {
            return Optional.of(in.readAllBytes());
        }
    }

    @Override
    public void close() throws IOException {
        jar.close();
    }
}
