package io.ioucontext.natives;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The iou-rustls crate as its files say it is: the package version in {@code Cargo.toml} and the
 * versions resolved in {@code Cargo.lock}. Only the plain {@code key = "value"} lines cargo writes
 * are read, which is all these tests need.
 */
record CargoCrate(Path directory) {

    /** The crate this module builds; the build passes its folder as {@code iou.rustls.crate.dir}. */
    static CargoCrate underTest() {
        String directory = System.getProperty("iou.rustls.crate.dir");
        if (directory == null) {
            throw new IllegalStateException("system property iou.rustls.crate.dir is not set (run the tests through Maven)");
        }
        return new CargoCrate(Path.of(directory));
    }

    /** The {@code version} of this crate's {@code [package]} in Cargo.toml. */
    String version() throws IOException {
        String manifest = Files.readString(directory.resolve("Cargo.toml"));
        String packageTable = manifest.substring(manifest.indexOf("[package]")).split("\n\\[", 2)[0];
        return value(lines(packageTable), "version")
                .orElseThrow(() -> new IllegalStateException("Cargo.toml has no [package] version"));
    }

    /** The version Cargo.lock resolved for the package named {@code name}. */
    String lockedVersion(String name) throws IOException {
        String lock = Files.readString(directory.resolve("Cargo.lock"));
        return Arrays.stream(lock.split("\\[\\[package]]"))
                .map(CargoCrate::lines)
                .filter(entry -> value(entry, "name").equals(Optional.of(name)))
                .findFirst()
                .flatMap(entry -> value(entry, "version"))
                .orElseThrow(() -> new IllegalStateException("Cargo.lock has no package " + name));
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).toList();
    }

    private static Optional<String> value(List<String> lines, String key) {
        String prefix = key + " = \"";
        return lines.stream()
                .filter(line -> line.startsWith(prefix) && line.endsWith("\""))
                .map(line -> line.substring(prefix.length(), line.length() - 1))
                .findFirst();
    }
}
