package io.ioucontext.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class in a child JVM of the running JDK and collects what it printed. */
final class ChildJvm {

    /** What a finished child printed. */
    record Output(List<String> stdout, String stderr) {
    }

    private static final long TIMEOUT_SECONDS = 120;

    private ChildJvm() {
    }

    /** Where the fiber runtime's classes are (a directory or a jar). */
    static Path runtimeClasses() {
        return locationOf(Fiber.class);
    }

    /** Where a class was loaded from. */
    static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A path named by a system property the build sets. */
    static Path property(String name) {
        String value = System.getProperty(name);
        assertTrue(value != null, "system property " + name + " is not set (run through Maven)");
        return Path.of(value);
    }

    /**
     * Runs {@code java <jvmOptions> -cp <classPath> <mainClass> <args>}, asserts that it exited with
     * status 0 and returns its output.
     */
    static Output run(List<String> jvmOptions, List<Path> classPath, String mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        command.add(mainClass);
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile("child-jvm", ".out");
        Path stderr = Files.createTempFile("child-jvm", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("child JVM did not finish within " + TIMEOUT_SECONDS + " s: " + command
                        + "\n" + Files.readString(stderr));
            }
            Output output = new Output(Files.readAllLines(stdout, StandardCharsets.UTF_8), Files.readString(stderr));
            assertEquals(0, process.exitValue(), () -> "child JVM failed: " + command + "\n" + output.stderr());
            return output;
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
