package io.ioucontext.instrument.classpath;

import io.ioucontext.instrument.ClassFileSource;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Asks several sources in order and answers with the first that knows the class. Closing it closes
 * the sources that are {@link Closeable}. As thread-safe as its sources.
 */
public final class CompositeSource implements ClassFileSource, Closeable {

    private final List<ClassFileSource> sources;

    /**
     * @param sources the sources, in the order they are asked
     */
    public CompositeSource(List<? extends ClassFileSource> sources) {
        this.sources = List.copyOf(sources);
    }

    /**
     * @param sources the sources, in the order they are asked
     */
    public static CompositeSource of(ClassFileSource... sources) {
        return new CompositeSource(List.of(sources));
    }

    @Override
    public Optional<byte[]> read(String internalName) {
        for (ClassFileSource source : sources) {
            Optional<byte[]> bytes = source.read(internalName);
            if (bytes.isPresent()) {
                return bytes;
            }
        }
        return Optional.empty();
    }

    /** Closes every closeable source, even when one of them fails. */
    @Override
    public void close() throws IOException {
        List<Closeable> closeables = sources.stream()
                .filter(Closeable.class::isInstance)
                .map(Closeable.class::cast)
                .toList();
        Closing.closeAll(closeables, "class file source");
    }
}
