package io.ioucontext.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;

/**
 * Class files that javac writes for older releases are woven and run like their unwoven selves. The
 * code generation differs by release: for Java 8, string concatenation through
 * {@code StringBuilder} and private members reached from nested classes through synthetic
 * {@code access$NNN} methods (nestmates came with Java 11); for 9 and later, concatenation through
 * {@code invokedynamic}; in every release, a qualified super call from a nested class
 * ({@code Outer.super.m()}) through an {@code access$NNN} method. Older class files (before Java 7,
 * without stack map frames, and with {@code JSR}/{@code RET}) are hand-assembled in
 * {@link HandAssembledShapesTest}.
 */
class OlderReleasesTest {

    /** Java 8 source: nothing newer than lambdas. */
    private static final String SOURCE = """
            package older;

            import io.ioucontext.conformance.corpus.Shape;
            import io.ioucontext.conformance.corpus.Step;
            import io.ioucontext.conformance.corpus.Transcript;
            import io.ioucontext.fiber.Suspendable;
            import io.ioucontext.fiber.SuspendableCallable;

            public final class Released extends Base implements Shape {
                enum Colour { RED, GREEN }

                static final class Logged implements AutoCloseable {
                    private final String name;

                    Logged(String name) {
                        this.name = name;
                    }

                    @Override
                    public void close() {
                        Transcript.log("closed " + name);
                    }
                }

                /** Reaches the outer class's private members: through access$ methods before Java 11. */
                final class Inner {
                    @Suspendable
                    String visit() {
                        return secret(Step.intValue("inner", counter));
                    }

                    /** The outer class's superclass method: through an access$ method in every release. */
                    @Suspendable
                    String visitSuper() {
                        return Released.super.describe(Step.value("inner super", "s"));
                    }
                }

                @Override
                String describe(String what) {
                    return "overridden " + what;
                }

                private int counter = 3;

                @Suspendable
                private String secret(int value) {
                    counter += Step.intValue("secret", value);
                    return "secret" + counter;
                }

                @Suspendable
                private static int byName(String name) {
                    switch (name) {
                        case "one":
                            return Step.intValue("case one", 1);
                        case "two":
                            return 2;
                        default:
                            return Step.intValue("default " + name, -1);
                    }
                }

                @Override
                public Object run() throws Exception {
                    long wide = 1L << 40;
                    double half = 0.5;
                    StringBuilder out = new StringBuilder();
                    out.append(new Inner().visit()).append(' ').append(new Inner().visitSuper());
                    SuspendableCallable<String> anonymous = new SuspendableCallable<String>() {
                        @Override
                        public String call() {
                            return secret(Step.intValue("anonymous", 2));
                        }
                    };
                    out.append(' ').append(anonymous.call());
                    int captured = Step.intValue("captured", 5);
                    SuspendableCallable<String> lambda =
                            () -> "lambda" + Step.intValue("in lambda", captured) + secret(1);
                    out.append(' ').append(lambda.call());
                    out.append(' ').append(byName("one") + byName("two") + byName(Step.value("name", "three")));
                    for (Colour colour : Colour.values()) {
                        switch (colour) {
                            case RED:
                                out.append(Step.value("red", " r"));
                                break;
                            default:
                                out.append(" g");
                        }
                    }
                    try (Logged a = new Logged("a"); Logged b = new Logged(Step.value("resource b", "b"))) {
                        out.append(' ').append(Step.value("body", a.name + b.name));
                    }
                    out.append(' ').append("concat " + wide + Step.doubleValue("concat", half) + 'c' + captured);
                    return out.append(' ').append(wide + Step.longValue("wide", 2)).toString();
                }
            }
            """;

    /** The superclass of the class above. */
    private static final String BASE = """
            package older;

            import io.ioucontext.conformance.corpus.Step;
            import io.ioucontext.fiber.Suspendable;

            public class Base {
                @Suspendable
                String describe(String what) {
                    return "base " + Step.value("base describe", what);
                }
            }
            """;

    @ParameterizedTest(name = "--release {0}")
    @ValueSource(ints = {8, 11, 17, 21, 25})
    void classesCompiledForARelease(int release) throws Exception {
        Map<String, byte[]> classes =
                InMemoryJavac.compileAgainstCorpus(Map.of("older.Released", SOURCE, "older.Base", BASE), release);
        assertEquals(44 + release, new ClassReader(classes.get("older/Released")).readShort(6),
                "class file major version");
        WeaveAndRun.assertSameAsPlain(classes, "older/Released");
    }
}
