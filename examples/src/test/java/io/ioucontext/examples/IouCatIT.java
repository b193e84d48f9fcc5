package io.ioucontext.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs IouCat in child JVMs, as a user would: over the classes woven at build time, and over
 * unwoven copies woven at load time by the {@code -javaagent}. Its output must be the inputs, byte
 * for byte.
 */
class IouCatIT {

    private static final long BIG = 100L * 1024 * 1024;

    @TempDir
    static Path dir;
    private static Path big;

    @BeforeAll
    static void writeRandomFile() throws IOException {
        big = dir.resolve("random.bin");
        Random random = new Random(25);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(big)) {
            for (long written = 0; written < BIG; written += block.length) {
                random.nextBytes(block);
                out.write(block);
            }
        }
    }

    @Test
    void copiesOneHundredMegabytesWoven() throws Exception {
        Result result = run(wovenCommand(), null, big.toString());
        assertEquals(0, result.status(), result.stderr());
        assertEquals(-1, Files.mismatch(big, result.stdout()), "output differs from the input");
    }

    @Test
    void copiesOneHundredMegabytesThroughTheAgent() throws Exception {
        Result result = run(agentCommand(), null, big.toString());
        assertEquals(0, result.status(), result.stderr());
        assertEquals(-1, Files.mismatch(big, result.stdout()), "output differs from the input");
    }

    @Test
    void concatenatesFilesAndStdinInArgumentOrder() throws Exception {
        Path a = Files.writeString(dir.resolve("a.txt"), "first\n");
        Path b = Files.writeString(dir.resolve("b.txt"), "third\n");
        Path stdin = Files.writeString(dir.resolve("stdin.txt"), "second (stdin)\n");
        Result result = run(wovenCommand(), stdin, a.toString(), "-", b.toString());
        assertEquals(0, result.status(), result.stderr());
        assertEquals("first\nsecond (stdin)\nthird\n", Files.readString(result.stdout()));
    }

    @Test
    void readsStdinWithoutArguments() throws Exception {
        Path stdin = Files.writeString(dir.resolve("only-stdin.txt"), "from stdin\n");
        Result result = run(wovenCommand(), stdin);
        assertEquals(0, result.status(), result.stderr());
        assertEquals("from stdin\n", Files.readString(result.stdout()));
    }

    @Test
    void reportsAMissingFileAndCopiesTheOthers() throws Exception {
        Path a = Files.writeString(dir.resolve("present.txt"), "present\n");
        String missing = dir.resolve("missing.txt").toString();
        Result result = run(wovenCommand(), null, a.toString(), missing, a.toString());
        assertEquals(1, result.status());
        assertEquals("iou-cat: " + missing + ": No such file or directory\n", result.stderr());
        assertEquals("present\npresent\n", Files.readString(result.stdout()));
    }

    private record Result(int status, Path stdout, String stderr) {
    }

    private static Result run(List<String> command, Path stdin, String... args) throws Exception {
        List<String> full = new ArrayList<>(command);
        full.addAll(Arrays.asList(args));
        Path out = Files.createTempFile(dir, "stdout", ".bin");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(full).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        Process process = builder.start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "iou-cat did not finish");
        return new Result(process.exitValue(), out, Files.readString(err));
    }

    private static List<String> java(String... options) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(Arrays.asList(options));
        return command;
    }

    private static List<String> wovenCommand() throws IOException {
        String classpath = property("iou.examples.classes") + File.pathSeparator + runtimeClasspath().stream()
                .reduce((x, y) -> x + File.pathSeparator + y).orElse("");
        return withMain(java("-cp", classpath));
    }

    /** The same program from unwoven class copies; the agent weaves them as they load. */
    private static List<String> agentCommand() throws IOException {
        List<String> classpath = new ArrayList<>(List.of(property("iou.examples.unwoven"), property("iou.ops.unwoven"),
                property("iou.reactor.unwoven")));
        List<String> others = runtimeClasspath().stream()
                .filter(entry -> !isModule(entry, "ops") && !isModule(entry, "reactor")).toList();
        classpath.addAll(others);
        return withMain(java("-javaagent:" + property("iou.agent.jar"), "-cp", String.join(File.pathSeparator, classpath)));
    }

    private static boolean isModule(String classpathEntry, String module) {
        Path path = Path.of(classpathEntry);
        return path.getFileName().toString().startsWith("ioucontext-" + module + "-")
                || path.endsWith(Path.of(module, "target", "classes"));
    }

    private static List<String> withMain(List<String> command) {
        command.add(IouCat.class.getName());
        return command;
    }

    private static List<String> runtimeClasspath() throws IOException {
        String text = Files.readString(Path.of(property("iou.examples.classpath.file"))).strip();
        return text.isEmpty() ? List.of() : Stream.of(text.split(File.pathSeparator)).toList();
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set (run through maven-failsafe)");
        }
        return value;
    }
}
