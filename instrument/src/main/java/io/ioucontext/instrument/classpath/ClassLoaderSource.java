package io.ioucontext.instrument.classpath;

import io.ioucontext.instrument.ClassFileSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Class files as resources of a class loader ({@link ClassLoader#getResourceAsStream}), which is
 * how a class loader exposes the bytes it would define without defining them.
 *
 * @param loader the loader whose resources are read
 */
public record ClassLoaderSource(ClassLoader loader) implements ClassFileSource {

    /**
     * @throws UncheckedIOException when a class file exists but cannot be read
     */
    @Override
    public Optional<byte[]> read(String internalName) {
        String resourceName = internalName + ".class";
        try (InputStream in = loader.getResourceAsStream(resourceName)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resourceName + " from " + loader, e);
        }
    }
}
