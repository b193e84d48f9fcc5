package io.ioucontext.instrument.classpath;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** One element of a class path: a directory or a jar file. */
sealed interface ClassPathEntry extends Closeable permits DirectoryEntry, JarEntry {

    /**
     * The bytes of a resource of this entry.
     *
     * @param resourceName a {@code /}-separated resource name, e.g. {@code java/lang/String.class}
     */
    Optional<byte[]> read(String resourceName) throws IOException;

    /**
     * Opens a path of a class path: a directory as such, any other file as a jar.
     *
     * @return empty when nothing exists at the path (class paths routinely name directories that
     *     were never created)
     */
    static Optional<ClassPathEntry> open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return Optional.of(new DirectoryEntry(path));
        }
        if (Files.isRegularFile(path)) {
            return Optional.of(JarEntry.open(path));
        }
        return Optional.empty();
    }
}
