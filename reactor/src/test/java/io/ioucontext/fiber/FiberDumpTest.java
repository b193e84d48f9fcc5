package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A suspended fiber's frames can be listed, and every live fiber dumped, for hung programs. */
class FiberDumpTest {

    private final QueueScheduler scheduler = new QueueScheduler();

    @Suspendable
    static int outer(int n) {
        return inner(n) + 1;
    }

    @Suspendable
    static int inner(int n) {
        Fiber.park();
        return n;
    }

    @Test
    void aParkedFiberListsThePrimitiveAndEachWovenFrameInnermostFirst() {
        Fiber fiber = new Fiber(scheduler, "dumped", () -> outer(1)).start();
        scheduler.runAll();

        assertEquals(List.of(
                "io.ioucontext.fiber.Fiber.park(Unknown Source)",
                "io.ioucontext.fiber.FiberDumpTest.inner(FiberDumpTest.java:21)",
                "io.ioucontext.fiber.FiberDumpTest.outer(FiberDumpTest.java:16)"),
                fiber.frames().stream().map(StackTraceElement::toString).toList().subList(0, 3));
        assertTrue(fiber.frames().get(3).getMethodName().startsWith("lambda$"), fiber.frames().toString());

        fiber.unpark();
        scheduler.runAll();
        assertEquals(2, fiber.result().orElseThrow());
        assertEquals(List.of(), fiber.frames());
    }

    @Test
    void withoutTheRegistryNoFiberIsListedAndTheDumpSaysHowToEnableIt() {
        // this JVM runs without -Diou.fiber.registry=true; StackVerifierTest's child JVM runs with it
        Fiber fiber = new Fiber(scheduler, "unlisted", () -> outer(1)).start();
        scheduler.runAll();
        assertEquals(List.of(), Fiber.live());
        assertEquals("fiber dump unavailable: run with -Diou.fiber.registry=true to register live fibers\n",
                Fiber.dump());
        fiber.unpark();
        scheduler.runAll();
    }

    @Test
    void aFiberThatHasNotRunHasNoFrames() {
        Fiber fiber = new Fiber(scheduler, "new", () -> outer(1));
        assertEquals(List.of(), fiber.frames());
    }

    @Test
    void aYieldedFiberWaitingToBeResumedShowsItsFrames() {
        Fiber fiber = new Fiber(scheduler, "yielder", () -> {
            Fiber.yield();
            return null;
        });
        fiber.resume(); // runs until the yield; the scheduler now holds it, ready
        assertEquals("yield", fiber.frames().get(0).getMethodName());
        assertEquals(2, fiber.frames().size());
        scheduler.runAll();
    }
}
