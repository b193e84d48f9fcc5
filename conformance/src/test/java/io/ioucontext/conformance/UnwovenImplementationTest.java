package io.ioucontext.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.ioucontext.conformance.driver.ShapeRun;
import io.ioucontext.fiber.UninstrumentedFrameException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A javac-compiled implementation of a suspendable functional interface that was left unwoven (as
 * a jar the build did not weave would be), between a woven call through the interface and a woven
 * method it calls: the fiber fails with names, without the stack verifier. Unnoticed, the caller
 * would receive the inner method's value as the implementation's, skipping the implementation's
 * code after the suspension.
 */
class UnwovenImplementationTest {

    private static final String CALLER = """
            package unwoven;

            import io.ioucontext.conformance.corpus.Shape;
            import io.ioucontext.fiber.Suspendable;
            import io.ioucontext.fiber.SuspendableCallable;

            public final class Caller implements Shape {
                public Object run() throws Exception {
                    return call(new Implementation());
                }

                @Suspendable
                static Object call(SuspendableCallable<String> callable) throws Exception {
                    return callable.call();
                }
            }
            """;

    private static final String IMPLEMENTATION = """
            package unwoven;

            import io.ioucontext.conformance.corpus.Step;
            import io.ioucontext.fiber.SuspendableCallable;

            public final class Implementation implements SuspendableCallable<String> {
                public String call() {
                    String value = Step.value("inside the unwoven implementation", "v");
                    return "implementation got " + value;
                }
            }
            """;

    @Test
    void unwovenImplementationBetweenWovenFramesFailsTheFiberWithNames() throws Exception {
        Map<String, byte[]> unwoven = InMemoryJavac.compileAgainstCorpus(
                Map.of("unwoven.Caller", CALLER, "unwoven.Implementation", IMPLEMENTATION));
        Map<String, byte[]> partlyWoven = new HashMap<>(WeaveAndRun.weaveAll(unwoven));
        partlyWoven.put("unwoven/Implementation", unwoven.get("unwoven/Implementation"));

        ShapeRun plain = ShapeRun.plain(WeaveAndRun.shape(unwoven, "unwoven/Caller"));
        ShapeRun fiber = ShapeRun.inFiber(WeaveAndRun.shape(partlyWoven, "unwoven/Caller"));

        assertEquals("=> implementation got v", plain.outcome());
        UninstrumentedFrameException failure =
                assertInstanceOf(UninstrumentedFrameException.class, fiber.failure().orElseThrow());
        assertEquals("in fiber unwoven.Caller: a frame that was not woven sits between unwoven.Caller.call(Caller.java:14),"
                + " which calls call()Ljava/lang/Object;, and"
                + " io.ioucontext.conformance.corpus.Step.value(Step.java:27)", failure.getMessage());
        assertEquals(List.of("step inside the unwoven implementation"), fiber.transcript());
    }
}
