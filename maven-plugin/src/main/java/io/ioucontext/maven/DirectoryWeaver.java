package io.ioucontext.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.maven.plugin.logging.Log;

/**
 * Weaves every class file under a directory in place, optionally keeping an unwoven copy of each.
 *
 * <p>Weaving in place is idempotent: on an incremental build the classes the compiler did not
 * rewrite are already woven and the weaver leaves them alone. For the same reason the unwoven copy
 * is taken only of class files that do not carry the woven marker; a woven one keeps the copy an
 * earlier build took.
 */
final class DirectoryWeaver {

    private final WeaveSession session;
    private final Optional<Path> originals;
    private final Log log;

    /**
     * @param originals where to copy every class file, unwoven, before rewriting it
     */
    DirectoryWeaver(WeaveSession session, Optional<Path> originals, Log log) {
        this.session = session;
        this.originals = originals;
        this.log = log;
    }

    /**
     * Weaves the class files under {@code classes}; a missing directory holds none. Nothing is
     * rewritten unless every class weaves: the classes call each other's stack-passing copies, so a
     * class left unwoven beside woven ones would fail them.
     */
    WeaveReport weave(Path classes) throws IOException {
        Map<Path, byte[]> woven = new LinkedHashMap<>();
        for (Path classFile : classFilesUnder(classes)) {
            byte[] bytes = Files.readAllBytes(classFile);
            Path relative = classes.relativize(classFile);
            if (originals.isPresent()) {
                keepOriginal(bytes, originals.get().resolve(relative.toString()), relative);
            }
            session.weave(bytes).ifPresent(rewritten -> woven.put(classFile, rewritten));
        }
        WeaveReport report = session.report();
        if (!report.failed()) {
            for (Map.Entry<Path, byte[]> rewritten : woven.entrySet()) {
                replace(rewritten.getKey(), rewritten.getValue());
            }
        }
        return report;
    }

    private static List<Path> classFilesUnder(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".class"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
    }

    private void keepOriginal(byte[] bytes, Path copy, Path relative) throws IOException {
        if (!WovenMarker.isWoven(bytes)) {
            Files.createDirectories(copy.getParent());
            Files.write(copy, bytes);
        } else if (!Files.exists(copy)) {
            log.warn("No unwoven copy of " + relative + " exists and the class file is already woven;"
                    + " run a clean build to recreate it");
        }
    }

    /** Writes a sibling file and moves it over the original, so no half-written class is left. */
    private static void replace(Path file, byte[] bytes) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".weaving");
        Files.write(temporary, bytes);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
