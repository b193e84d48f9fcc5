package io.ioucontext.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ioucontext.conformance.corpus.InterleavedShape;
import io.ioucontext.conformance.driver.ShapeRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two ways interleaved shapes run agree where the corpus does not go: the plain run's threads
 * taking turns ({@code ThreadFibers}) and real fibers ({@code FiberFibers}) keep an unpark that
 * came before the park as a permit, leave a fiber parked for good unended, and report a fiber that
 * failed, in the same order.
 */
class InterleavedDriversTest {

    private static final String LEFTOVERS = """
            package interleaved;

            import io.ioucontext.conformance.corpus.Fibers;
            import io.ioucontext.conformance.corpus.InterleavedShape;
            import io.ioucontext.conformance.corpus.Transcript;

            public final class Leftovers implements InterleavedShape {
                public Object run(Fibers fibers) {
                    fibers.spawn("stuck", () -> fibers.park("stuck parks for good"));
                    Fibers.Spawned early = fibers.spawn("early", () -> {
                        fibers.step("early steps");
                        fibers.park("early finds a permit");
                        Transcript.log("early went on");
                    });
                    fibers.spawn("failing", () -> {
                        fibers.step("failing steps");
                        throw new IllegalStateException("failing failed");
                    });
                    early.unpark(); // not parked yet: leaves a permit
                    fibers.step("first steps");
                    return "first done";
                }
            }
            """;

    @Test
    void permitsFibersThatNeverEndAndFailuresAreTheSameInBothRuns() throws Exception {
        Map<String, byte[]> unwoven = InMemoryJavac.compileAgainstCorpus(Map.of("interleaved.Leftovers", LEFTOVERS));
        Map<String, byte[]> woven = WeaveAndRun.weaveAll(unwoven);
        WeaveAndRun.assertVerifies(woven);

        ShapeRun plain = ShapeRun.plain(interleaved(unwoven));
        ShapeRun fiber = ShapeRun.inFibers(interleaved(woven), Runnable::run);

        List<String> expected = List.of("step first steps", "step stuck parks for good", "step early steps",
                "step failing steps", "step early finds a permit", "early went on", "fiber stuck: never ended",
                "fiber early: ended", "fiber failing: failed with java.lang.IllegalStateException: failing failed");
        assertEquals(expected, plain.transcript(), "plain");
        assertEquals(expected, fiber.transcript(), "fibers");
        assertEquals("=> first done", plain.outcome());
        assertEquals("=> first done", fiber.outcome());
        assertEquals(4, fiber.fibers());
    }

    private static InterleavedShape interleaved(Map<String, byte[]> classes) throws ReflectiveOperationException {
        return (InterleavedShape) WeaveAndRun.loaderOf(classes).loadClass("interleaved.Leftovers")
                .getDeclaredConstructor().newInstance();
    }
}
