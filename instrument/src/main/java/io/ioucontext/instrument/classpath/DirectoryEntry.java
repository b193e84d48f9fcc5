package io.ioucontext.instrument.classpath;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** A class path directory, read file by file. */
record DirectoryEntry(Path root) implements ClassPathEntry {

    @Override
    public Optional<byte[]> read(String resourceName) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(root.resolve(resourceName)));
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        // Nothing is held open between reads.
    }
}
