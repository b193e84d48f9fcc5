package io.ioucontext.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.conformance.corpus.Corpus;
import io.ioucontext.conformance.driver.CorpusRun;
import io.ioucontext.fiber.Woven;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;
import org.opentest4j.AssertionFailedError;

/**
 * The corpus run three ways: plain (the unwoven classes, outside fibers, in a child JVM; the fibers
 * of interleaved shapes emulated by threads taking turns), woven by the plugin (in this JVM, in
 * fibers, one step per resume) and woven by the agent (the unwoven classes in fibers in a child
 * JVM). Both fiber runs must write the plain run's transcript, and every fiber must have suspended
 * at every step. The woven classes called outside fibers must run exactly like the unwoven ones.
 */
class CorpusThreeWaysIT {

    private static final Pattern PLAIN_STATS = Pattern.compile("# plain steps=(\\d+)");
    private static final Pattern FIBER_STATS = Pattern.compile(
            "# fiber steps=(\\d+) resumes=(\\d+) fibers=(\\d+) suspendedAtEveryStep=(true|false)");

    private static List<String> plain;

    @BeforeAll
    static void runPlain() throws Exception {
        plain = ChildJvm.run(List.of(), List.of(ChildJvm.property("iou.conformance.unwoven"),
                ChildJvm.runtimeClasses()), CorpusRun.class.getName(), "plain").stdout();
        assertEquals(shapeNames().size(), plain.stream().filter(line -> line.startsWith("== ")).count(),
                () -> String.join("\n", plain));
    }

    /** Every shape's class, the one-fiber shapes first, as the runs take them. */
    private static List<Class<?>> shapeClasses() {
        return Stream.concat(Corpus.shapes().stream(), Corpus.interleaved().stream())
                .<Class<?>>map(Object::getClass).toList();
    }

    private static List<String> shapeNames() {
        return shapeClasses().stream().map(Class::getSimpleName).toList();
    }

    @Test
    void wovenByThePluginInThisJvm() throws Exception {
        for (Class<?> shape : shapeClasses()) {
            assertTrue(shape.isAnnotationPresent(Woven.class), shape + " is not woven");
        }
        assertSameRunAsPlain(CorpusRun.run(CorpusRun.Mode.FIBER));
    }

    @Test
    void wovenByThePluginCalledOutsideFibersRunsAsOrdinaryCalls() throws Exception {
        // the woven classes of this JVM called directly: every step's yield returns at once
        List<String> outside = CorpusRun.run(CorpusRun.Mode.PLAIN);
        assertEquals(plain, outside, "transcripts and statistics of the unwoven and the woven plain runs");
    }

    @Test
    void wovenByThePluginResumedOnAnotherThreadAtEveryStep() throws Exception {
        assertSameRunAsPlain(CorpusRun.run(CorpusRun.Mode.HOPPING));
    }

    @Test
    void wovenByThePluginInChildJvmsInterpretedAndC2Only() throws Exception {
        for (String option : List.of("-Xint", "-XX:-TieredCompilation")) {
            assertSameRunAsPlain(ChildJvm.run(List.of(option), List.of(ChildJvm.property("iou.conformance.woven"),
                    ChildJvm.runtimeClasses()), CorpusRun.class.getName(), "fiber").stdout());
        }
    }

    @Test
    void wovenByTheAgentInAChildJvm() throws Exception {
        Path dump = Files.createDirectories(ChildJvm.property("iou.conformance.work").resolve("agent-dump"));
        ChildJvm.Output agent = ChildJvm.run(
                List.of("-javaagent:" + ChildJvm.property("iou.agent.jar")
                        + "=verify,verbose,include=io.ioucontext.conformance,dump=" + dump),
                List.of(ChildJvm.property("iou.conformance.unwoven"), ChildJvm.runtimeClasses()),
                CorpusRun.class.getName(), "fiber");
        for (Class<?> shape : shapeClasses()) {
            assertTrue(agent.stderr().contains("[ioucontext] woven " + shape.getName()),
                    () -> shape + " was not woven by the agent:\n" + agent.stderr());
        }
        assertTrue(!agent.stderr().contains("cannot be woven"), agent.stderr());
        assertSameRunAsPlain(agent.stdout());
        assertAgentWovenClassesVerify(dump);
    }

    @Test
    void unwovenClassesInFibersFailTheComparison() throws Exception {
        // the check itself: without weaving, the fiber run must not pass for the plain run
        List<String> unwoven = ChildJvm.run(List.of(), List.of(ChildJvm.property("iou.conformance.unwoven"),
                ChildJvm.runtimeClasses()), CorpusRun.class.getName(), "fiber").stdout();
        assertThrows(AssertionFailedError.class, () -> assertSameRunAsPlain(unwoven));
        assertTrue(unwoven.stream().anyMatch(line -> line.contains("UninstrumentedFrameException")),
                () -> String.join("\n", unwoven));
    }

    private static void assertSameRunAsPlain(List<String> fiber) {
        assertEquals(withoutStats(plain), withoutStats(fiber), "transcripts of the plain and the fiber run");
        List<String> plainStats = stats(plain);
        List<String> fiberStats = stats(fiber);
        for (int shape = 0; shape < plainStats.size(); shape++) {
            Matcher plainLine = PLAIN_STATS.matcher(plainStats.get(shape));
            Matcher fiberLine = FIBER_STATS.matcher(fiberStats.get(shape));
            assertTrue(plainLine.matches() && fiberLine.matches(),
                    plainStats.get(shape) + " / " + fiberStats.get(shape));
            int steps = Integer.parseInt(plainLine.group(1));
            String name = shapeNames().get(shape);
            int fibers = Integer.parseInt(fiberLine.group(3));
            assertTrue(steps > 0, name + " takes no step");
            assertEquals(steps, Integer.parseInt(fiberLine.group(1)), name + ": steps");
            assertEquals(steps + fibers, Integer.parseInt(fiberLine.group(2)),
                    name + ": resumes (first run of each fiber + one per step)");
            assertEquals("true", fiberLine.group(4), name + ": suspended at every step");
        }
    }

    private static void assertAgentWovenClassesVerify(Path dump) throws IOException {
        List<Path> classes;
        try (Stream<Path> files = Files.walk(dump)) {
            classes = files.filter(file -> file.toString().endsWith(".class")).toList();
        }
        assertTrue(classes.size() >= shapeClasses().size(), classes.toString());
        StringWriter problems = new StringWriter();
        for (Path file : classes) {
            CheckClassAdapter.verify(new ClassReader(Files.readAllBytes(file)),
                    CorpusThreeWaysIT.class.getClassLoader(), false, new PrintWriter(problems));
        }
        assertEquals("", problems.toString(), "classes the agent wove that do not verify");
    }

    private static List<String> withoutStats(List<String> lines) {
        return lines.stream().filter(line -> !line.startsWith("#")).toList();
    }

    private static List<String> stats(List<String> lines) {
        return new ArrayList<>(lines.stream().filter(line -> line.startsWith("#")).toList());
    }
}
