package io.ioucontext.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.conformance.driver.ShapeRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins down the one documented difference between a woven and an unwoven method: a {@code new C(...)}
 * whose arguments may suspend is created after its arguments are evaluated (see
 * {@code NewRelocation}), so C's static initialiser runs after them, not before, and does not run at
 * all when an argument throws.
 */
class ClassInitialisationOrderTest {

    private static final String SOURCE = """
            package initorder;

            import io.ioucontext.conformance.corpus.Shape;
            import io.ioucontext.conformance.corpus.Step;
            import io.ioucontext.conformance.corpus.Transcript;

            public final class NewAfterArguments implements Shape {
                static final class Announced {
                    static {
                        Transcript.log("Announced initialised");
                    }

                    final Object value;

                    Announced(Object value) {
                        this.value = value;
                    }

                    @Override
                    public String toString() {
                        return "Announced(" + value + ")";
                    }
                }

                public Object run() {
                    try {
                        new Announced(Step.value("throwing argument", (Object) null).toString());
                    } catch (NullPointerException e) {
                        Transcript.log("argument threw");
                    }
                    return new Announced(Step.value("argument", "a"));
                }
            }
            """;

    @Test
    void staticInitialiserRunsAfterTheSuspendingArgumentsInsteadOfBefore() throws Exception {
        Map<String, byte[]> unwoven = InMemoryJavac.compileAgainstCorpus(Map.of("initorder.NewAfterArguments", SOURCE));
        Map<String, byte[]> woven = WeaveAndRun.weaveAll(unwoven);
        WeaveAndRun.assertVerifies(woven);
        // each run defines the classes in a loader of its own, so each runs the initialiser once
        ShapeRun plain = ShapeRun.plain(WeaveAndRun.shape(unwoven, "initorder/NewAfterArguments"));
        ShapeRun fiber = ShapeRun.inFiber(WeaveAndRun.shape(woven, "initorder/NewAfterArguments"));

        assertEquals(List.of("Announced initialised", "step throwing argument", "argument threw", "step argument"),
                plain.transcript());
        assertEquals(List.of("step throwing argument", "argument threw", "step argument", "Announced initialised"),
                fiber.transcript());
        assertEquals(plain.outcome(), fiber.outcome());
        assertTrue(fiber.suspendedAtEveryStep(), () -> "resumed at steps " + fiber.stepsAtResume());
    }
}
