package io.ioucontext.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Calls between woven methods of one class whose target is known without dispatch enter a copy of
 * the target that receives the fiber stack (instrument/DESIGN.md, "Stack-passing copies"): the
 * copies must run, suspend and resume like the methods they copy, exist for exactly those targets,
 * and leave stack traces as the user wrote them.
 */
class StackPassingCopiesTest {

    private static final String COPIES = """
            package copies;

            import io.ioucontext.conformance.corpus.Shape;
            import io.ioucontext.conformance.corpus.Step;
            import io.ioucontext.fiber.Suspendable;

            public class Copies implements Shape {
                interface Local {
                    @Suspendable
                    default String chain(String s) {
                        return helper(s) + twice(s);
                    }

                    @Suspendable
                    private String helper(String s) {
                        return Step.value("interface private " + s, s);
                    }

                    @Suspendable
                    static String twice(String s) {
                        return Step.value("interface static", s + s);
                    }
                }

                static final class Leaf {
                    @Suspendable
                    public int depth(int n) {
                        return n == 0 ? Step.intValue("leaf of a final class", 0) : 1 + depth(n - 1);
                    }
                }

                public Object run() throws Exception {
                    long sum = descend(12, 3L, 0.5);
                    String text = chain("x");
                    int depth = new Leaf().depth(3);
                    String overridable = overridable(2);
                    String thrown;
                    try {
                        thrower(4);
                        thrown = "nothing thrown";
                    } catch (IllegalStateException e) {
                        thrown = e.getMessage();
                    }
                    return sum + " " + text + " " + depth + " " + overridable + " " + thrown + " "
                            + new Local() { }.chain("y") + " " + onlyParameters(7, 8L);
                }

                /** Recursion with wide parameters and locals past them. */
                @Suspendable
                static long descend(int depth, long acc, double scale) {
                    if (depth == 0) {
                        return Step.longValue("bottom", acc);
                    }
                    long next = acc * 3 + depth;
                    double scaled = scale * depth;
                    long below = descend(depth - 1, next, scale);
                    if (depth % 4 == 0) {
                        Step.point("on the way up at " + depth);
                    }
                    return below + next + (long) scaled;
                }

                @Suspendable
                private String chain(String s) {
                    return finalMethod(s) + privateMethod(s);
                }

                @Suspendable
                protected final String finalMethod(String s) {
                    return Step.value("final " + s, s.toUpperCase());
                }

                @Suspendable
                private String privateMethod(String s) {
                    String before = Step.value("private " + s, s);
                    return before + finalMethod(before);
                }

                /** Overridable: entered through its ordinary entry, never a copy. */
                @Suspendable
                protected String overridable(int n) {
                    return n == 0 ? Step.value("overridable", "o") : overridable(n - 1) + n;
                }

                @Suspendable
                public static void thrower(int n) {
                    Step.point("thrower " + n);
                    if (n == 0) {
                        throw new IllegalStateException("thrown at the bottom");
                    }
                    thrower(n - 1);
                }

                /** No locals beyond its parameters: the copy's stack parameter is its stack local. */
                @Suspendable
                static long onlyParameters(int a, long b) {
                    return a == 0 ? Step.longValue("only parameters", b) : onlyParameters(a - 1, b + a);
                }
            }
            """;

    @Test
    void copiesRunSuspendAndResumeLikeTheMethodsTheyCopy() throws Exception {
        WeaveAndRun.assertSameAsPlain(compile(), "copies/Copies");
    }

    @Test
    void onlyTargetsOfExactSameClassCallsGetACopy() throws Exception {
        Map<String, byte[]> woven = WeaveAndRun.weaveAll(compile());
        ClassLoader loader = WeaveAndRun.loaderOf(woven);

        assertEquals(List.of("chain", "descend", "finalMethod", "onlyParameters", "privateMethod", "thrower"),
                copies(loader.loadClass("copies.Copies")));
        assertEquals(List.of("helper", "twice"), copies(loader.loadClass("copies.Copies$Local")));
        assertEquals(List.of("depth"), copies(loader.loadClass("copies.Copies$Leaf")));
    }

    @Test
    void stackTracesShowTheMethodsTheUserWrote() throws Exception {
        Map<String, byte[]> plain = compile();
        Map<String, byte[]> woven = WeaveAndRun.weaveAll(plain);

        List<String> expected = framesOfThrower(WeaveAndRun.loaderOf(plain));
        assertEquals(5, expected.size(), () -> "thrower(4) down to thrower(0): " + expected);
        assertEquals(expected, framesOfThrower(WeaveAndRun.loaderOf(woven)));
    }

    /** The names of a class's stack-passing copies: private synthetic, the fiber stack last. */
    private static List<String> copies(Class<?> type) {
        return Stream.of(type.getDeclaredMethods())
                .filter(m -> m.isSynthetic() && Modifier.isPrivate(m.getModifiers()))
                .filter(m -> m.getParameterCount() > 0
                        && m.getParameterTypes()[m.getParameterCount() - 1].getName().equals("io.ioucontext.fiber.FiberStack")
                        && !m.getName().contains("$iou$resume"))
                .map(Method::getName).sorted().toList();
    }

    /** Calls {@code thrower(4)} outside any fiber; the frames of the shape's class in its exception. */
    private static List<String> framesOfThrower(ClassLoader loader) throws Exception {
        Class<?> type = loader.loadClass("copies.Copies");
        Method thrower = type.getDeclaredMethod("thrower", int.class);
        try {
            thrower.invoke(null, 4);
        } catch (InvocationTargetException e) {
            return Arrays.stream(e.getCause().getStackTrace())
                    .filter(frame -> frame.getClassName().equals(type.getName()))
                    .map(frame -> frame.getMethodName() + ":" + frame.getLineNumber()).toList();
        }
        throw new AssertionError("thrower(4) did not throw");
    }

    private static Map<String, byte[]> compile() {
        return InMemoryJavac.compileAgainstCorpus(Map.of("copies.Copies", COPIES));
    }
}
