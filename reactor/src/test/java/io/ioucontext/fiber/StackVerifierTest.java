package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The full verifier ({@code -Diou.fiber.verify=true}, read once per JVM, hence a child JVM running
 * {@link VerifiedScenarios}) refuses a suspension through an unwoven frame at the primitive, naming
 * the frame, and lets woven code through.
 */
class StackVerifierTest {

    private static List<String> lines;

    @BeforeAll
    static void runScenarios() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Diou.fiber.verify=true", "-Diou.fiber.registry=true",
                "-cp", System.getProperty("java.class.path"), VerifiedScenarios.class.getName())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), output);
        lines = output.lines().toList();
    }

    private static String scenario(String name) {
        return lines.stream().filter(line -> line.startsWith(name + ": ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + name + " in " + lines));
    }

    @Test
    void wovenFramesSuspendAndResumeAsUsual() {
        assertEquals("woven: returned target resumed twice; [target parks]", scenario("woven"));
    }

    @Test
    void aBodyThatIsAMethodReferenceStraightToThePrimitiveHasNoFrameToVerify() {
        assertEquals("primitive body: returned joined result; []", scenario("primitive body"));
    }

    @Test
    void methodInvokeBetweenWovenFramesFailsAtTheParkNamingTheReflectiveFrames() {
        String line = scenario("reflection");
        assertTrue(line.startsWith("reflection: failed [InvocationTargetException: null]"
                + " [UninstrumentedFrameException: Fiber.park()V cannot suspend the fiber: "), line);
        assertTrue(line.contains("java.lang.reflect.Method.invoke("), line);
        assertTrue(line.endsWith(" not woven (found by iou.fiber.verify)]; [target parks]"),
                "the caller never continued with a dummy value: " + line);
    }

    @Test
    void theUnwovenProxyFrameIsNamed() {
        String line = scenario("proxy");
        assertTrue(line.matches("proxy: failed \\[UninstrumentedFrameException: in fiber proxy:"
                + " Fiber\\.park\\(\\)V cannot suspend the"
                + " fiber: [\\w.]+\\.\\$Proxy\\d+\\.step\\(Unknown Source\\) was not woven \\(found by"
                + " iou\\.fiber\\.verify\\)\\]; \\[handler parks\\]"), line);
    }

    @Test
    void aWovenFrameThatIsNotAtASuspensionPointIsNamedOnceTheUnwindingEnds() {
        // the caller of Runnable.run continues with the dummy result before the unwinding ends: the
        // verifier names it, but cannot stop it, as it cannot tell where a woven frame stands (being
        // the fiber's entry, no woven caller's check sees it)
        assertEquals("ignored: failed [UninstrumentedFrameException: in fiber ignored:"
                + " io.ioucontext.fiber.VerifiedScenarios"
                + ".ignoreTheSuspension(VerifiedScenarios.java:71) is not at a suspension point the weaver recorded"
                + " (found by iou.fiber.verify): it called a woven method in a way the weaver did not see as"
                + " suspendable]; [task parks, caller continued]", scenario("ignored"));
    }

    @Test
    void withTheRegistryTheDumpListsTheParkedFiberWithItsFrames() {
        List<String> dump = lines.stream().filter(line -> line.startsWith("dump: ")).toList();
        assertEquals(List.of(
                "dump: \"parked for the dump\" parked",
                "dump: \tat io.ioucontext.fiber.Fiber.park(Unknown Source)",
                "dump: \tat io.ioucontext.fiber.VerifiedScenarios.parkedTarget(VerifiedScenarios.java:20)",
                "dump: \tat io.ioucontext.fiber.VerifiedScenarios.nested(VerifiedScenarios.java:33)"),
                dump.subList(0, 4));
        assertEquals("after: 0 live", scenario("after"));
    }
}
