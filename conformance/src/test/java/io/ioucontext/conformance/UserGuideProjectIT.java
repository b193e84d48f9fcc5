package io.ioucontext.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project of the user guide's section 2.1, pasted as it stands there (its {@code pom.xml},
 * {@code Main.java} and {@code MainTest.java}, the test given the imports the guide omits), builds
 * offline with {@code mvn package} and runs as the guide shows. The build reads this build's
 * ioucontext artifacts from a local repository of its own whose other entries are links into the
 * user's, so nothing is installed there.
 */
class UserGuideProjectIT {

    private static final String TEST_IMPORTS = """
            package com.example;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import io.ioucontext.fiber.Fiber;
            import io.ioucontext.ops.FileIo;
            import io.ioucontext.reactor.Reactor;
            import java.nio.file.Path;
            import org.junit.jupiter.api.Test;

            """;

    /** The first fenced block of {@code language} after {@code marker} in the guide. */
    private static String blockAfter(String guide, String marker, String language) {
        int at = guide.indexOf(marker);
        assertTrue(at >= 0, "the user guide no longer says " + marker);
        int start = guide.indexOf("```" + language + "\n", at) + language.length() + 4;
        return guide.substring(start, guide.indexOf("```", start));
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /**
     * A local repository holding the ioucontext artifacts of this build, every other entry a link
     * into the user's local repository (Maven 3.8 reads a single local repository).
     */
    private static Path repository(Path root, String version) throws IOException {
        Path user = ChildJvm.property("iou.maven.repository");
        Path repository = Files.createDirectories(root.resolve("repository"));
        try (Stream<Path> tops = Files.list(user)) {
            for (Path top : tops.toList()) {
                if (top.getFileName().toString().equals("io")) {
                    Path io = Files.createDirectories(repository.resolve("io"));
                    try (Stream<Path> groups = Files.list(top)) {
                        for (Path group : groups.toList()) {
                            if (!group.getFileName().toString().equals("ioucontext")) {
                                Files.createSymbolicLink(io.resolve(group.getFileName()), group);
                            }
                        }
                    }
                } else {
                    Files.createSymbolicLink(repository.resolve(top.getFileName()), top);
                }
            }
        }
        Path sources = ChildJvm.property("iou.project.root");
        install(repository, "ioucontext-parent", version, sources.resolve("pom.xml"), null);
        for (String module : List.of("instrument", "maven-plugin", "reactor", "ops")) {
            String artifact = "ioucontext-" + module;
            install(repository, artifact, version, sources.resolve(module).resolve("pom.xml"),
                    sources.resolve(module).resolve("target").resolve(artifact + "-" + version + ".jar"));
        }
        return repository;
    }

    private static void install(Path repository, String artifact, String version, Path pom, Path jar)
            throws IOException {
        Path directory = Files.createDirectories(
                repository.resolve("io/ioucontext").resolve(artifact).resolve(version));
        Files.copy(pom, directory.resolve(artifact + "-" + version + ".pom"));
        if (jar != null) {
            Files.copy(jar, directory.resolve(artifact + "-" + version + ".jar"));
        }
    }

    private static String run(Path directory, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), () -> String.join(" ", command) + ":\n" + output);
        return output;
    }

    @Test
    void theGuidesProjectBuildsOfflineAndRunsAsShown() throws Exception {
        String guide = Files.readString(ChildJvm.property("iou.project.root").resolve("docs/user-guide.md"));
        String version = System.getProperty("iou.version");
        Path work = Files.createTempDirectory(Files.createDirectories(ChildJvm.property("iou.conformance.work")),
                "user-guide");
        Path project = Files.createDirectories(work.resolve("fiber-demo"));
        write(project.resolve("pom.xml"), blockAfter(guide, "### 2.1 The Maven plugin in your project", "xml"));
        write(project.resolve("src/main/java/com/example/Main.java"),
                blockAfter(guide, "`src/main/java/com/example/Main.java`", "java"));
        write(project.resolve("src/test/java/com/example/MainTest.java"),
                TEST_IMPORTS + blockAfter(guide, "`src/test/java/com/example/MainTest.java`", "java"));
        assertTrue(Files.readString(project.resolve("pom.xml")).contains("<ioucontext.version>" + version + "<"),
                "the guide's pom names another version than this build's");
        Path repository = repository(work, version);
        Path mvn = ChildJvm.property("iou.maven.home").resolve("bin/mvn");

        String build = run(project, List.of(mvn.toString(), "-o", "-B", "-Dmaven.repo.local=" + repository,
                "package"));

        assertTrue(build.contains("ioucontext: 1 classes examined, 1 woven (" + project.resolve("target/classes")
                + ")"), build);
        assertTrue(build.contains("ioucontext: 1 classes examined, 1 woven ("
                + project.resolve("target/test-classes") + ")"), build);
        assertTrue(build.contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0"), build);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String ran = run(project, List.of(java, "-jar", "target/fiber-demo-1.0.jar", "pom.xml"));
        assertEquals(List.of("ping 1", "pong 1", "ping 2", "pong 2", "ping 3", "pong 3",
                "pom.xml: <?xml version=\"1.0\" encoding=\"UTF-8\"?>"), ran.lines().toList());
    }
}
