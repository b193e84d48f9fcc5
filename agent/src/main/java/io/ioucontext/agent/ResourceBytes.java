package io.ioucontext.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the resources class loaders find, reading a resource of a jar file ({@code jar:file:...!/name})
 * straight from that jar, opened once: {@link URL#openStream()} would go through a
 * {@code JarURLConnection} that opens its own copy of the jar and checks the signatures of signed
 * jars, which costs more than the class file is worth to the agent (it only reads headers; the JVM
 * checks what it defines). Every other resource is read through its URL. Safe for concurrent use.
 */
final class ResourceBytes {

    private static final String JAR_SEPARATOR = "!/";

    /** The jars opened so far, by file: like {@code JarURLConnection}'s cache, kept for the JVM's life. */
    private final Map<File, JarFile> jars = new ConcurrentHashMap<>();

    /**
     * @param resource     where the loader found the resource
     * @param resourceName the name it was asked for, e.g. {@code com/acme/Foo.class}
     * @throws UncheckedIOException when the resource exists but cannot be read
     */
    byte[] read(URL resource, String resourceName) {
        try {
            File jar = localJarOf(resource, resourceName);
            if (jar != null) {
                byte[] bytes = entry(jar, resourceName);
                if (bytes != null) {
                    return bytes;
                }
            }
            try (InputStream in = resource.openStream()) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /**
     * An entry of a jar, read through the copy {@link #jar(File)} keeps open.
     *
     * @return its bytes, or null when the jar has no such entry
     * @throws IOException when it cannot be read
     */
    byte[] entry(File jar, String name) throws IOException {
        JarFile opened = jar(jar);
        ZipEntry entry = opened.getJarEntry(name);
        if (entry == null) {
            return null;
        }
        try (InputStream in = opened.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    /**
     * A jar file, opened on the first call and kept open: the same copy for every reader.
     *
     * @throws UncheckedIOException when it cannot be opened
     */
    JarFile jar(File jar) {
        return jars.computeIfAbsent(jar, ResourceBytes::open);
    }

    /** The jar file a {@code jar:file:JAR!/resourceName} URL points into, or null for any other URL. */
    private static File localJarOf(URL resource, String resourceName) {
        String spec = resource.getFile();
        String suffix = JAR_SEPARATOR + resourceName;
        if (!resource.getProtocol().equals("jar") || !spec.startsWith("file:") || !spec.endsWith(suffix)) {
            return null;
        }
        String jarSpec = spec.substring(0, spec.length() - suffix.length());
        if (jarSpec.contains(JAR_SEPARATOR)) {
            return null; // a jar inside a jar
        }
        try {
            return new File(URI.create(jarSpec));
        } catch (IllegalArgumentException notAFile) {
            return null;
        }
    }

    private static JarFile open(File jar) {
        try {
            return new JarFile(jar, false, ZipFile.OPEN_READ, Runtime.version());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + jar, e);
        }
    }
}
