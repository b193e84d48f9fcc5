package io.ioucontext.instrument.classpath;

import io.ioucontext.instrument.ClassFileSource;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Class files from a class path: directories and jar files, searched in the order given, as the
 * JVM would search them. Jars are opened once, by the constructor, and stay open until
 * {@link #close()}. Safe for concurrent use.
 */
public final class ClassPathSource implements ClassFileSource, Closeable {

    private final List<ClassPathEntry> entries;

    /**
     * Opens a class path.
     *
     * @param paths directories and jar files; paths where nothing exists are skipped
     * @throws IOException when a file is not a readable jar
     */
    public ClassPathSource(List<Path> paths) throws IOException {
        List<ClassPathEntry> opened = new ArrayList<>();
        try {
            for (Path path : paths) {
                ClassPathEntry.open(path).ifPresent(opened::add);
            }
        } catch (IOException | RuntimeException failure) {
            try {
                Closing.closeAll(opened, "class path entry");
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
        this.entries = List.copyOf(opened);
    }

    /**
     * @throws UncheckedIOException when a class file exists but cannot be read
     */
    @Override
    public Optional<byte[]> read(String internalName) {
        String resourceName = internalName + ".class";
        try {
            for (ClassPathEntry entry : entries) {
                Optional<byte[]> bytes = entry.read(resourceName);
                if (bytes.isPresent()) {
                    return bytes;
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resourceName, e);
        }
    }

    /** Closes every jar of the class path. */
    @Override
    public void close() throws IOException {
        Closing.closeAll(entries, "class path entry");
    }
}
