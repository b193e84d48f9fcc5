package io.ioucontext.maven;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.maven.plugin.logging.Log;

/**
 * Weaves the class files of a jar into a new jar, every other entry copied as it is, in the same
 * order. Weaving invalidates a jar signature, so a signed jar loses its signature files when
 * anything in it is woven. Nothing is written when a class cannot be woven.
 */
final class JarWeaver {

    private static final Pattern SIGNATURE_FILE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)");

    private final WeaveSession session;
    private final Log log;

    JarWeaver(WeaveSession session, Log log) {
        this.session = session;
        this.log = log;
    }

    /**
     * @param input  the jar to weave
     * @param output where the woven jar goes; may be {@code input} itself
     */
    WeaveReport weave(Path input, Path output) throws IOException {
        try (ZipFile jar = new ZipFile(input.toFile())) {
            Map<String, byte[]> woven = wovenClasses(jar);
            WeaveReport report = session.report();
            if (!report.failed()) {
                write(jar, woven, output);
            }
            report.nothingWovenWarning().ifPresent(log::warn);
            return report;
        }
    }

    /** Weaves every class file entry; the result maps entry names to woven class files. */
    private Map<String, byte[]> wovenClasses(ZipFile jar) throws IOException {
        Map<String, byte[]> woven = new HashMap<>();
        for (ZipEntry entry : entries(jar)) {
            if (!entry.isDirectory() && entry.getName().endsWith(".class")) {
                try (InputStream in = jar.getInputStream(entry)) {
                    session.weave(in.readAllBytes()).ifPresent(bytes -> woven.put(entry.getName(), bytes));
                }
            }
        }
        return woven;
    }

    private void write(ZipFile jar, Map<String, byte[]> woven, Path output) throws IOException {
        Files.createDirectories(output.toAbsolutePath().getParent());
        // A sibling, so the move is atomic; not createTempFile, whose owner-only mode would stick.
        Path temporary = output.resolveSibling(output.getFileName() + ".weaving");
        try {
            try (OutputStream file = Files.newOutputStream(temporary); ZipOutputStream out = new ZipOutputStream(file)) {
                for (ZipEntry entry : entries(jar)) {
                    if (!woven.isEmpty() && SIGNATURE_FILE.matcher(entry.getName()).matches()) {
                        log.warn("dropping " + entry.getName() + ": weaving invalidates the jar's signature");
                        continue;
                    }
                    copy(jar, entry, Optional.ofNullable(woven.get(entry.getName())), out);
                }
            }
            Files.move(temporary, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Copies an entry with its name, time and comment, with new contents when given. */
    private static void copy(ZipFile jar, ZipEntry entry, Optional<byte[]> contents, ZipOutputStream out)
            throws IOException {
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTime(entry.getTime());
        copy.setComment(entry.getComment());
        copy.setExtra(entry.getExtra());
        out.putNextEntry(copy);
        if (contents.isPresent()) {
            out.write(contents.get());
        } else {
            try (InputStream in = jar.getInputStream(entry)) {
                in.transferTo(out);
            }
        }
        out.closeEntry();
    }

    private static List<? extends ZipEntry> entries(ZipFile jar) {
        return Collections.list(jar.entries());
    }
}
