package io.ioucontext.agent;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The class files of the application class path, found by name without asking the class loader:
 * asking the application loader for a resource makes the JDK search every system module before it
 * scans the class path, jar after jar, which is most of what the agent's first test costs. Indexed on
 * the first read: every element of the class path, the jars the {@code Class-Path} attributes of
 * their manifests name, and {@code -Xbootclasspath/a}; each jar opened once (through
 * {@link ResourceBytes}, which the loader's other reads share).
 *
 * <p>It answers only for a name found in exactly one place: there the loader finds the same copy. A
 * name found in several places (the loader's order decides which one it sees) or nowhere (a class
 * of another loader, or one generated at run time) is left to the loader, as is every name when the
 * index cannot be complete (a {@code Class-Path} naming something else than a local file). Jars added
 * to the bootstrap loader's search at run time by another agent are not seen. Safe for concurrent use.
 */
final class ClassPathIndex {

    private static final String CLASS_SUFFIX = ".class";
    /** Stands for a name found in several places. */
    private static final File SEVERAL = new File("");

    private final List<File> elements;
    private final ResourceBytes resources;
    private final Lazy<Map<String, File>> byName = new Lazy<>(this::index);

    /**
     * @param elements  the class path, in any order: jars and directories
     * @param resources where the jars are opened
     */
    ClassPathIndex(List<File> elements, ResourceBytes resources) {
        this.elements = List.copyOf(elements);
        this.resources = resources;
    }

    /** The index of the system class path ({@code java.class.path} and {@code -Xbootclasspath/a}). */
    static ClassPathIndex ofSystemClassPath(ResourceBytes resources) {
        List<File> elements = new ArrayList<>();
        for (String property : List.of("jdk.boot.class.path.append", "java.class.path")) {
            String path = System.getProperty(property, "");
            for (String element : path.split(File.pathSeparator, -1)) {
                if (!path.isEmpty()) {
                    // the application loader takes an empty element for the current directory
                    elements.add(new File(element.isEmpty() ? "." : element));
                }
            }
        }
        return new ClassPathIndex(elements, resources);
    }

    /**
     * @param internalName e.g. {@code com/acme/Foo}
     * @return the class file when the class path holds exactly one; empty otherwise (ask the loader)
     * @throws UncheckedIOException when it is there but cannot be read
     */
    Optional<byte[]> readUnique(String internalName) {
        String resourceName = internalName + CLASS_SUFFIX;
        File where = byName.get().get(resourceName);
        if (where == null || where == SEVERAL) {
            return Optional.empty();
        }
        try {
            if (where.isDirectory()) {
                return Optional.of(Files.readAllBytes(where.toPath().resolve(resourceName)));
            }
            return Optional.ofNullable(resources.entry(where, resourceName));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resourceName + " from " + where, e);
        }
    }

    /** Where each class file is, by resource name; empty when the class path cannot be indexed completely. */
    private Map<String, File> index() {
        Map<String, File> found = new HashMap<>();
        Set<File> seen = new HashSet<>();
        Deque<File> pending = new ArrayDeque<>(elements);
        try {
            while (!pending.isEmpty()) {
                File element = pending.removeFirst().getAbsoluteFile();
                if (!seen.add(element)) {
                    continue;
                }
                if (element.isDirectory()) {
                    indexDirectory(element, found);
                } else if (element.isFile()) {
                    indexJar(element, found, pending);
                }
            }
        } catch (IncompleteIndex | IOException | UncheckedIOException e) {
            return Map.of();
        }
        return found;
    }

    private static void indexDirectory(File directory, Map<String, File> found) throws IOException {
        Path root = directory.toPath();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = root.relativize(file).toString().replace(File.separatorChar, '/');
                if (name.endsWith(CLASS_SUFFIX)) {
                    add(name, directory, found);
                }
            }
        }
    }

    private void indexJar(File file, Map<String, File> found, Deque<File> pending) throws IncompleteIndex {
        JarFile jar;
        try {
            jar = resources.jar(file);
        } catch (UncheckedIOException notAJar) {
            return; // the loader skips it too
        }
        for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
            String name = entries.nextElement().getName();
            if (name.endsWith(CLASS_SUFFIX) && !name.startsWith("META-INF/")) {
                add(name, file, found);
            }
        }
        pending.addAll(manifestClassPath(file, jar));
    }

    /** The local files the {@code Class-Path} attribute of a jar's manifest names, relative to the jar. */
    private static List<File> manifestClassPath(File file, JarFile jar) throws IncompleteIndex {
        String classPath;
        try {
            Manifest manifest = jar.getManifest();
            classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        } catch (IOException unreadable) {
            throw new IncompleteIndex();
        }
        if (classPath == null) {
            return List.of();
        }
        List<File> named = new ArrayList<>();
        URI base = file.toURI();
        for (String element : classPath.trim().split("\\s+")) {
            try {
                URI resolved = base.resolve(element);
                if (!"file".equals(resolved.getScheme())) {
                    throw new IncompleteIndex();
                }
                named.add(new File(resolved));
            } catch (IllegalArgumentException notLocal) {
                throw new IncompleteIndex();
            }
        }
        return named;
    }

    private static void add(String name, File where, Map<String, File> found) {
        found.merge(name, where, (first, second) -> first.equals(second) ? first : SEVERAL);
    }

    /** A class path element the index cannot follow: the loader answers for every name. */
    private static final class IncompleteIndex extends Exception {
        IncompleteIndex() {
            super(null, null, false, false);
        }
    }
}
