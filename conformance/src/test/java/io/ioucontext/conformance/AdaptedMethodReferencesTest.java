package io.ioucontext.conformance;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Method references whose target's return type differs from the functional interface's: the class
 * {@code LambdaMetafactory} spins boxes, unboxes or widens the target's result. When the target
 * suspends, that class is not on the stack any more when the target's frame completes, so the
 * value reaches the caller's frame unadapted.
 */
class AdaptedMethodReferencesTest {

    private static final String VALUES = """
            package adapted;

            import io.ioucontext.conformance.corpus.Step;
            import io.ioucontext.fiber.Suspendable;

            final class Values {
                @Suspendable
                static int anInt() {
                    return Step.intValue("int", -42);
                }

                @Suspendable
                static Integer boxed() {
                    return Step.value("boxed", 7);
                }

                @Suspendable
                static String text() {
                    return Step.value("text", "t");
                }

                @Suspendable
                static int sum(int... values) {
                    return Step.intValue("varargs", values.length);
                }

                @Suspendable
                String describe() {
                    return Step.value("describe", "a value");
                }
            }
            """;

    private static final String SOURCES = """
            package adapted;

            import io.ioucontext.fiber.Suspendable;

            @Suspendable
            interface LongSource {
                long get();
            }

            @Suspendable
            interface DoubleSource {
                double get();
            }

            @Suspendable
            interface IntSource {
                int get();
            }

            @Suspendable
            interface ObjectSource {
                Object get();
            }

            @Suspendable
            interface Describer {
                String of(Values values);
            }
            """;

    private static void assertSameAsPlain(String name, String body) throws Exception {
        String shape = """
                package adapted;

                import io.ioucontext.conformance.corpus.Shape;
                import io.ioucontext.fiber.SuspendableCallable;
                import io.ioucontext.fiber.SuspendableRunnable;

                public final class %s implements Shape {
                    public Object run() throws Exception {
                        %s
                    }
                }
                """.formatted(name, body);
        Map<String, byte[]> classes = InMemoryJavac.compileAgainstCorpus(
                Map.of("adapted.Values", VALUES, "adapted.Sources", SOURCES, "adapted." + name, shape));
        WeaveAndRun.assertSameAsPlain(classes, "adapted/" + name);
    }

    @Test
    void sameReturnType() throws Exception {
        assertSameAsPlain("Same", "SuspendableCallable<String> source = Values::text; return source.call();");
    }

    @Test
    void boxedByTheSpunClass() throws Exception {
        assertSameAsPlain("Boxed", "SuspendableCallable<Integer> source = Values::anInt; return source.call();");
    }

    @Test
    void boxedToObject() throws Exception {
        assertSameAsPlain("BoxedObject", "ObjectSource source = Values::anInt; return source.get();");
    }

    @Test
    void unboxedByTheSpunClass() throws Exception {
        assertSameAsPlain("Unboxed", "IntSource source = Values::boxed; return source.get() + 1;");
    }

    @Test
    void widenedToLong() throws Exception {
        assertSameAsPlain("WidenedLong", "LongSource source = Values::anInt; return source.get();");
    }

    @Test
    void widenedToDouble() throws Exception {
        assertSameAsPlain("WidenedDouble", "DoubleSource source = Values::anInt; return source.get();");
    }

    @Test
    void resultDroppedByTheSpunClass() throws Exception {
        assertSameAsPlain("Dropped", "SuspendableRunnable action = Values::anInt; action.run(); return \"ran\";");
    }

    @Test
    void unboundReceiver() throws Exception {
        assertSameAsPlain("Unbound", "Describer describer = Values::describe; return describer.of(new Values());");
    }

    @Test
    void argumentsCollectedIntoVarargs() throws Exception {
        assertSameAsPlain("Varargs", "IntSource source = Values::sum; return source.get();");
    }
}
