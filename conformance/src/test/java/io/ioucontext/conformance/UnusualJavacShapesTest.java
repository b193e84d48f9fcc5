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

    private static final String SUPER_CALLS = """
            package supers;

            import io.ioucontext.conformance.corpus.Shape;
            import io.ioucontext.conformance.corpus.Step;
            import io.ioucontext.fiber.Suspendable;
            import io.ioucontext.fiber.SuspendableCallable;

            public final class SuperCalls implements Shape {
                interface Left {
                    @Suspendable
                    default String name() {
                        return "left " + Step.value("left default", "l");
                    }
                }

                interface Right {
                    @Suspendable
                    default String name() {
                        return "right " + Step.value("right default", "r");
                    }
                }

                static class Base {
                    @Suspendable
                    String describe() {
                        return "base " + Step.intValue("base describe", 1);
                    }
                }

                static final class Both extends Base implements Left, Right {
                    @Override
                    public String name() {
                        return Left.super.name() + "+" + Right.super.name();
                    }

                    @Override
                    String describe() {
                        SuspendableCallable<String> viaReference = super::describe;
                        SuspendableCallable<String> viaLambda = () -> super.describe() + Step.value("in lambda", "!");
                        try {
                            return viaReference.call() + "/" + viaLambda.call() + "/" + new Object() {
                                @Suspendable
                                String outer() {
                                    return Both.super.describe();
                                }
                            }.outer();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }

                public Object run() {
                    Both both = new Both();
                    return both.name() + " " + both.describe();
                }
            }
            """;

    /**
     * Calls to superclass and superinterface methods: {@code Left.super.name()} (an
     * {@code invokespecial} of an interface method), {@code super::describe} (javac writes a
     * lambda body for it), {@code super.m()} inside a lambda and {@code Outer.super.m()} inside an
     * anonymous class (through an {@code access$NNN} method).
     */
    @Test
    void superCallsFromMethodsLambdasReferencesAndNestedClasses() throws Exception {
        WeaveAndRun.assertSameAsPlain(compile("supers.SuperCalls", SUPER_CALLS), "supers/SuperCalls");
    }

    private static final String ARRAY_MERGES = """
            package arrays;

            import io.ioucontext.conformance.corpus.Shape;
            import io.ioucontext.conformance.corpus.Step;
            import java.io.Serializable;

            public final class ArrayMerges implements Shape {
                public Object run() {
                    boolean strings = Step.booleanValue("choose", true);
                    Object[] items = strings ? new String[] {"a", "b"} : new Integer[] {1};
                    Comparable<?>[] comparables = strings ? new String[] {"c"} : new Integer[] {2};
                    Object[][] nested = strings ? new String[][] {{"d"}} : new Integer[][] {{3}};
                    Serializable wide = strings ? new int[] {4} : new long[] {5L};
                    Object[] maybe = strings ? null : new Object[0];
                    Step.point("after the merges");
                    return "" + items[1] + items.length + comparables[0] + nested[0][0]
                            + ((int[]) wide)[0] + maybe + Step.value("arrays on the stack", items)[0];
                }
            }
            """;

    /**
     * Arrays of unrelated element types merged across a suspension and used as arrays after it:
     * the common type is an array ({@code Object[]}, {@code Comparable[]}, {@code Object[][]}), or
     * a common interface of arrays of primitives, or an array merged with {@code null}.
     */
    @Test
    void arraysOfUnrelatedElementTypesMergedAcrossASuspension() throws Exception {
        WeaveAndRun.assertSameAsPlain(compile("arrays.ArrayMerges", ARRAY_MERGES), "arrays/ArrayMerges");
    }

    private static Map<String, byte[]> compile(String className, String source) {
        return InMemoryJavac.compileAgainstCorpus(Map.of(className, source));
    }
}
