package io.ioucontext.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.agenttest.Greeter;
import io.ioucontext.agenttest.Locked;
import io.ioucontext.agenttest.PingPong;
import io.ioucontext.fiber.Fiber;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs programs in a child JVM under the packaged agent jar. */
class AgentIT {

    private static final Path AGENT = Path.of(System.getProperty("iou.agent.jar"));
    private static final Path PROGRAMS = Path.of(System.getProperty("iou.test.classes"));
    private static final Path RUNTIME = runtimeLocation();

    @TempDir
    Path temp;

    /** What a finished child JVM printed. */
    private record Run(int exitCode, String out, String err) {}

    private Run run(String agentOptions, Class<?> main) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.add("-javaagent:" + AGENT + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        command.add("-cp");
        command.add(PROGRAMS + File.pathSeparator + RUNTIME);
        command.add(main.getName());
        Path out = temp.resolve("out.txt");
        Path err = temp.resolve("err.txt");
        Process child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!child.waitFor(2, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError("the child JVM did not finish: " + command);
        }
        return new Run(child.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Where the test JVM found the fiber runtime: the reactor module's woven jar or classes. */
    private static Path runtimeLocation() {
        try {
            return Path.of(Fiber.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aProgramWithoutFibersRunsUnchanged() throws Exception {
        Run run = run("verbose,verify,dump=" + temp.resolve("dump"), Greeter.class);

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(Greeter.greeting(), run.out().strip());
        assertTrue(run.err().startsWith("[ioucontext] agent weaving with AgentOptions["), run.err());
        assertFalse(run.err().contains("[ioucontext] woven"), run.err());
        assertFalse(Files.exists(temp.resolve("dump")));
    }

    @Test
    void fibersRunWovenByTheAgent() throws Exception {
        Run run = run("verbose,verify,dump=" + temp.resolve("dump"), PingPong.class);

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("ping:1 pong:1 ping:2 pong:2 ping:3 pong:3 ping=6 pong=6", run.out().strip());
        assertTrue(run.err().contains("[ioucontext] woven " + PingPong.class.getName()), run.err());
        assertTrue(Files.isRegularFile(temp.resolve("dump/io/ioucontext/agenttest/PingPong.class")));
    }

    @Test
    void includeAndExcludeChooseWhatIsWoven() throws Exception {
        Run run = run("verbose,include=io.ioucontext.agenttest,exclude=io.ioucontext.agenttest", PingPong.class);

        assertNotEquals(0, run.exitCode(), "an unwoven fiber program must fail, not run: " + run.out());
        assertFalse(run.err().contains("[ioucontext] woven"), run.err());
    }

    @Test
    void aClassThatCannotBeWovenFailsOnFirstUseWithTheReasons() throws Exception {
        Run run = run("", Locked.class);

        assertNotEquals(0, run.exitCode());
        String diagnostic = "io.ioucontext.agenttest.Locked.pause(Locked.java:";
        assertTrue(run.err().contains("[ioucontext] io.ioucontext.agenttest.Locked cannot be woven; using it will"
                + " throw LinkageError:\n  " + diagnostic), run.err());
        assertTrue(run.err().contains("Exception in thread \"main\" java.lang.LinkageError: ioucontext:"
                + " io.ioucontext.agenttest.Locked cannot be woven:\n  " + diagnostic), run.err());
        assertEquals("", run.out());
    }

    @Test
    void aWrongOptionStopsTheJvmAndSaysWhy() throws Exception {
        Run run = run("verbos", Greeter.class);

        assertNotEquals(0, run.exitCode());
        assertTrue(run.err().contains("unknown ioucontext agent option 'verbos'"), run.err());
        assertFalse(run.out().contains(Greeter.greeting()), "main ran: " + run.out());
    }

    @Test
    void theJarIsAnAgentWithItsDependenciesRelocated() throws IOException {
        try (JarFile jar = new JarFile(AGENT.toFile())) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertEquals(IoucontextAgent.class.getName(), manifest.getValue("Premain-Class"));
            assertEquals("false", manifest.getValue("Can-Retransform-Classes"));

            assertNotNull(jar.getEntry("io/ioucontext/agent/shaded/asm/ClassReader.class"));
            assertNotNull(jar.getEntry("io/ioucontext/agent/shaded/instrument/Weaver.class"));
            assertNotNull(jar.getEntry("io/ioucontext/agent/shaded/instrument/classpath/JdkSource.class"));
            assertFalse(jar.stream().anyMatch(entry -> entry.getName().startsWith("org/objectweb/")));
            assertFalse(jar.stream().anyMatch(entry -> entry.getName().startsWith("io/ioucontext/instrument/")));
        }
    }
}
