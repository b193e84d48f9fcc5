package io.ioucontext.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each goal run as Maven runs it: the mojo with its parameters injected (as Maven's container does,
 * into its fields) over a project whose output directories hold real class files. A class the
 * weaver refuses fails the build with the diagnostic, naming class, method, file and line.
 */
class GoalsTest {

    private static final String LOCKED_DIAGNOSTIC = "com.example.Locked.pause(Locked.java:7): suspension point"
            + " io.ioucontext.fiber.Fiber.park()V inside a synchronized method: a fiber must not suspend while it"
            + " holds a monitor";

    @TempDir
    Path temp;

    private MavenProject project;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void newProject() {
        project = new MavenProject();
        project.getBuild().setOutputDirectory(temp.resolve("classes").toString());
        project.getBuild().setTestOutputDirectory(temp.resolve("test-classes").toString());
    }

    /** Injects a parameter the way Maven does, into the mojo's (possibly inherited, private) field. */
    private static void set(Object mojo, String field, Object value) throws ReflectiveOperationException {
        for (Class<?> type = mojo.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field declared = type.getDeclaredField(field);
                declared.setAccessible(true);
                declared.set(mojo, value);
                return;
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        throw new NoSuchFieldException(field + " in " + mojo.getClass());
    }

    private <M extends AbstractMojo> M mojo(M mojo) throws ReflectiveOperationException {
        set(mojo, "project", project);
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                log.add("[info] " + content);
            }

            @Override
            public void error(CharSequence content) {
                log.add("[error] " + content);
            }
        });
        return mojo;
    }

    private static Path put(Path directory, String internalName, byte[] classFile) throws IOException {
        Path file = directory.resolve(internalName + ".class");
        Files.createDirectories(file.getParent());
        return Files.write(file, classFile);
    }

    private Path classes() {
        return Path.of(project.getBuild().getOutputDirectory());
    }

    private Path testClasses() {
        return Path.of(project.getBuild().getTestOutputDirectory());
    }

    @Test
    void weaveRewritesTheMainClassesInPlace() throws Exception {
        Path parker = put(classes(), "com/example/Parker", GeneratedClasses.parker("com/example/Parker", false));

        mojo(new WeaveMojo()).execute();

        assertTrue(WovenMarker.isWoven(Files.readAllBytes(parker)));
        assertEquals("[info] ioucontext: 1 classes examined, 1 woven (" + classes() + ")", log.getLast());
    }

    @Test
    void weaveFailsTheBuildOnADiagnosticAndLeavesTheClassAlone() throws Exception {
        byte[] locked = GeneratedClasses.parker("com/example/Locked", true);
        Path file = put(classes(), "com/example/Locked", locked);

        MojoFailureException failure = assertThrows(MojoFailureException.class, () -> mojo(new WeaveMojo()).execute());

        assertTrue(failure.getMessage().contains(LOCKED_DIAGNOSTIC), failure.getMessage());
        assertTrue(log.contains("[error] " + LOCKED_DIAGNOSTIC), log::toString);
        assertArrayEquals(locked, Files.readAllBytes(file));
    }

    @Test
    void weaveTestsRewritesTheTestClassesAndFailsOnADiagnostic() throws Exception {
        Path parker = put(testClasses(), "com/example/Parker", GeneratedClasses.parker("com/example/Parker", false));
        mojo(new WeaveTestsMojo()).execute();
        assertTrue(WovenMarker.isWoven(Files.readAllBytes(parker)));

        put(testClasses(), "com/example/Locked", GeneratedClasses.parker("com/example/Locked", true));
        MojoFailureException failure =
                assertThrows(MojoFailureException.class, () -> mojo(new WeaveTestsMojo()).execute());
        assertTrue(failure.getMessage().contains(LOCKED_DIAGNOSTIC), failure.getMessage());
    }

    @Test
    void skipLeavesEveryClassAsItIs() throws Exception {
        byte[] unwoven = GeneratedClasses.parker("com/example/Parker", false);
        Path parker = put(classes(), "com/example/Parker", unwoven);
        WeaveMojo weave = mojo(new WeaveMojo());
        set(weave, "skip", true);

        weave.execute();

        assertArrayEquals(unwoven, Files.readAllBytes(parker));
        assertEquals(List.of("[info] ioucontext weaving skipped"), log);
    }

    private Path jar(String name, Map<String, byte[]> classFiles) throws IOException {
        Path file = temp.resolve(name);
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> entry : classFiles.entrySet()) {
                jar.putNextEntry(new ZipEntry(entry.getKey() + ".class"));
                jar.write(entry.getValue());
                jar.closeEntry();
            }
        }
        return file;
    }

    private WeaveJarMojo weaveJar(Path input, Path output) throws ReflectiveOperationException {
        WeaveJarMojo weaveJar = mojo(new WeaveJarMojo());
        set(weaveJar, "inputJar", input.toFile());
        set(weaveJar, "outputJar", output.toFile());
        return weaveJar;
    }

    @Test
    void weaveJarWritesAWovenCopyOfTheJar() throws Exception {
        Path input = jar("in.jar", Map.of("com/example/Parker", GeneratedClasses.parker("com/example/Parker", false)));
        Path output = temp.resolve("out.jar");

        weaveJar(input, output).execute();

        try (JarFile woven = new JarFile(output.toFile())) {
            assertTrue(WovenMarker.isWoven(woven.getInputStream(woven.getEntry("com/example/Parker.class"))
                    .readAllBytes()));
        }
    }

    @Test
    void weaveJarFailsTheBuildOnADiagnosticAndWritesNothing() throws Exception {
        Path input = jar("in.jar", Map.of("com/example/Locked", GeneratedClasses.parker("com/example/Locked", true)));
        Path output = temp.resolve("out.jar");

        MojoFailureException failure =
                assertThrows(MojoFailureException.class, () -> weaveJar(input, output).execute());

        assertTrue(failure.getMessage().contains(LOCKED_DIAGNOSTIC), failure.getMessage());
        assertFalse(Files.exists(output));
    }

    @Test
    void weaveJarTakesAResolvedDependencyByItsCoordinates() throws Exception {
        DefaultArtifact reader = new DefaultArtifact("com.acme", "reader", "1.0", "compile", "jar", null,
                new DefaultArtifactHandler("jar"));
        reader.setFile(jar("reader-1.0.jar",
                Map.of("com/example/Parker", GeneratedClasses.parker("com/example/Parker", false))).toFile());
        project.setArtifacts(Set.of(reader));
        Path output = temp.resolve("reader-woven.jar");
        WeaveJarMojo weaveJar = mojo(new WeaveJarMojo());
        set(weaveJar, "dependency", "com.acme:reader");
        set(weaveJar, "outputJar", output.toFile());

        weaveJar.execute();

        try (JarFile woven = new JarFile(output.toFile())) {
            assertTrue(WovenMarker.isWoven(woven.getInputStream(woven.getEntry("com/example/Parker.class"))
                    .readAllBytes()));
        }
        set(weaveJar, "inputJar", null);
        set(weaveJar, "dependency", "com.acme:writer");
        MojoExecutionException unknown = assertThrows(MojoExecutionException.class, weaveJar::execute);
        assertEquals("no resolved dependency com.acme:writer among the project's runtime dependencies",
                unknown.getMessage());
    }

    @Test
    void weaveJarNeedsExactlyOneInput() throws Exception {
        WeaveJarMojo weaveJar = weaveJar(jar("in.jar", Map.of()), temp.resolve("out.jar"));
        set(weaveJar, "dependency", "com.acme:reader");

        MojoExecutionException failure = assertThrows(MojoExecutionException.class, weaveJar::execute);

        assertEquals("weave-jar needs exactly one of inputJar and dependency", failure.getMessage());
    }

    @Test
    void explainNamesWhatIsWovenWhatIsRefusedAndWhatIsUnknown() throws Exception {
        put(classes(), "com/example/Parker", GeneratedClasses.parker("com/example/Parker", false));
        put(testClasses(), "com/example/Locked", GeneratedClasses.parker("com/example/Locked", true));
        put(classes(), "com/example/Empty", GeneratedClasses.emptyClass("com/example/Empty"));
        ExplainMojo explain = mojo(new ExplainMojo());
        set(explain, "classes", List.of("com.example.Parker", "com.example.Locked", "com.example.Empty",
                "com.example.Missing"));

        explain.execute();

        assertTrue(log.getFirst().startsWith("[info] com.example.Parker"), log::toString);
        assertTrue(log.stream().anyMatch(line -> line.contains("Fiber.park()V")), log::toString);
        int locked = log.indexOf("[info] com.example.Locked cannot be woven:");
        assertTrue(locked > 0, log::toString);
        assertEquals("[info]   " + LOCKED_DIAGNOSTIC, log.get(locked + 1));
        assertEquals(List.of("[info] com.example.Empty: nothing to weave (no suspendable method calls a"
                + " suspendable method)", "[info] com.example.Missing: not a class of this module"),
                log.subList(log.size() - 2, log.size()));
    }
}
