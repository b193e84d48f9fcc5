package io.ioucontext.instrument.classpath;

import io.ioucontext.instrument.ClassFileSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

/**
 * Class files of the running JDK, read from its run-time image through the {@code jrt:} file
 * system. A package is looked up once in the image's {@code /packages} index, which names the
 * modules holding it; the result is cached. Safe for concurrent use.
 */
public final class JdkSource implements ClassFileSource {

    private final FileSystem image = FileSystems.getFileSystem(URI.create("jrt:/"));
    private final ConcurrentMap<String, List<Path>> moduleRootsByPackage = new ConcurrentHashMap<>();

    /**
     * @throws UncheckedIOException when the run-time image cannot be read
     */
    @Override
    public Optional<byte[]> read(String internalName) {
        int lastSlash = internalName.lastIndexOf('/');
        if (lastSlash < 0) {
            return Optional.empty(); // the JDK has no class in the unnamed package
        }
        String resourceName = internalName + ".class";
        List<Path> moduleRoots = moduleRootsByPackage.computeIfAbsent(
                internalName.substring(0, lastSlash).replace('/', '.'), this::moduleRootsOf);
        try {
            for (Path moduleRoot : moduleRoots) {
                Path classFile = moduleRoot.resolve(resourceName);
                if (Files.isRegularFile(classFile)) {
                    return Optional.of(Files.readAllBytes(classFile));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resourceName + " from the JDK image", e);
        }
    }

    /** The {@code /modules/<module>} directories of the modules holding a package, if any. */
    private List<Path> moduleRootsOf(String packageName) {
        try (Stream<Path> modules = Files.list(image.getPath("/packages", packageName))) {
            return modules.map(link -> image.getPath("/modules", link.getFileName().toString())).toList();
        } catch (NoSuchFileException notInTheJdk) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list package " + packageName + " of the JDK image", e);
        }
    }
}
