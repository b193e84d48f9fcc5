package io.ioucontext.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Ordinary Java that javac compiles to unusual shapes (shapes the weaver once refused or mishandled):
 * each class must be woven and run like its unwoven self.
 */
class UnusualJavacShapesTest {

    private static final String DEAD_LAMBDA = """
            package dead;

            import io.ioucontext.conformance.corpus.Shape;
            import io.ioucontext.conformance.corpus.Step;
            import io.ioucontext.fiber.SuspendableRunnable;

            public final class DeadLambda implements Shape {
                static final boolean DONE = true;

                public Object run() throws Exception {
                    Step.point("live");
                    if (DONE) {
                        return "done";
                    }
                    SuspendableRunnable never = () -> Step.point("never");
                    never.run();
                    return "not done";
                }
            }
            """;

    /**
     * javac emits no code after {@code if (CONSTANT_TRUE) return}, but still emits the bodies of the
     * lambdas written there, as private synthetic methods that no {@code invokedynamic} refers to.
     */
    @Test
    void lambdaBodyInCodeJavacDroppedIsWovenOrLeftAlone() throws Exception {
        Map<String, byte[]> classes = compile("dead.DeadLambda", DEAD_LAMBDA);
        assertTrue(new String(classes.get("dead/DeadLambda"), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("lambda$run$0"), "javac no longer emits the dead lambda body");
        WeaveAndRun.assertSameAsPlain(classes, "dead/DeadLambda");
    }

    private static final String SWITCH_WITH_TRY = """
            package spilled;

            import io.ioucontext.conformance.corpus.Shape;
            import io.ioucontext.conformance.corpus.Step;
            import java.util.List;

            public final class SwitchWithTry implements Shape {
                public Object run() {
                    int n = 4;
                    return new StringBuilder(switch (n) {
                        case 4 -> {
                            try {
                                yield Step.value("in try", "t");
                            } catch (RuntimeException e) {
                                yield "caught";
                            }
                        }
                        default -> "other";
                    }).append(n);
                }
            }
            """;

    /**
     * A switch expression containing a try, as a constructor argument: the JVM empties the operand
     * stack when it enters a handler, so javac parks the stack, including the object under
     * construction, in locals ({@code NEW; DUP; ASTORE; ASTORE}) and reloads it after the switch.
     * The weaver moves the {@code NEW} after the switch, with placeholders in those locals.
     */
    @Test
    void uninitializedObjectParkedInLocalsByJavacAroundASwitchWithATry() throws Exception {
        WeaveAndRun.assertSameAsPlain(compile("spilled.SwitchWithTry", SWITCH_WITH_TRY), "spilled/SwitchWithTry");
    }

    private static final String NESTED_SWITCHES_WITH_TRY = """
            package spilled;

            import io.ioucontext.conformance.corpus.Shape;
            import io.ioucontext.conformance.corpus.Step;
            import java.util.List;

            public final class NestedSwitchesWithTry implements Shape {
                record Pair(Object left, Object right) {
                }

                public Object run() {
                    int n = Step.intValue("n", 3);
                    long wide = 7L;
                    return List.of(wide, n, new Pair(new StringBuilder(switch (n) {
                        case 3 -> {
                            try {
                                yield Step.value("inner try", "i");
                            } finally {
                                Step.point("inner finally");
                            }
                        }
                        default -> "other";
                    }), switch (n + 1) {
                        case 4 -> {
                            try {
                                yield Step.longValue("second try", wide) + n;
                            } catch (IllegalStateException e) {
                                yield -1L;
                            }
                        }
                        default -> 0L;
                    }));
                }
            }
            """;

    /**
     * Two switch expressions with a try as arguments of nested constructors, with values of other
     * types below them: javac parks the whole stack (two objects under construction, a long, an
     * int) in locals around each.
     */
    @Test
    void nestedObjectsUnderConstructionParkedInLocalsWithOtherValues() throws Exception {
        WeaveAndRun.assertSameAsPlain(compile("spilled.NestedSwitchesWithTry", NESTED_SWITCHES_WITH_TRY),
                "spilled/NestedSwitchesWithTry");
    }

    private static Map<String, byte[]> compile(String className, String source) {
        return InMemoryJavac.compileAgainstCorpus(Map.of(className, source));
    }
}
