package io.ioucontext.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.conformance.corpus.Shape;
import io.ioucontext.fiber.Fiber;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * javac emits no code after {@code if (CONSTANT_TRUE) return}, but still emits the bodies of the
 * lambdas written there, as private synthetic methods that no {@code invokedynamic} refers to. Such
 * a class is ordinary Java and must be woven.
 */
class DeadCodeLambdaTest {

    private static final String SOURCE = """
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

    @Test
    @Disabled("bug: a lambda body javac emits for dead code (no invokedynamic refers to it) is refused:"
            + " 'dead.DeadLambda.lambda$run$0(DeadLambda.java:15): calls the suspendable method"
            + " io.ioucontext.conformance.corpus.Step.point(Ljava/lang/String;)V but is not suspendable itself'")
    void lambdaBodyInCodeJavacDroppedIsWovenOrLeftAlone() throws Exception {
        Map<String, byte[]> classes = InMemoryJavac.compile(Map.of("dead.DeadLambda", SOURCE),
                List.of(ChildJvm.locationOf(Shape.class), ChildJvm.locationOf(Fiber.class)));
        assertTrue(new String(classes.get("dead/DeadLambda"), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("lambda$run$0"), "javac no longer emits the dead lambda body");
        WeaveAndRun.assertSameAsPlain(classes, "dead/DeadLambda");
    }
}
