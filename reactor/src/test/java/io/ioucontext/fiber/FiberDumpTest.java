package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A suspended fiber's frames can be listed, and every live fiber dumped, for hung programs. */
class FiberDumpTest {

    private final QueueScheduler scheduler = new QueueScheduler();

    @Suspendable
    static int outer(int n) {
        return inner(n) + 1; // line 17
    }

    @Suspendable
    static int inner(int n) {
        Fiber.park(); // line 22
        return n;
    }

    @Test
    void aParkedFiberListsThePrimitiveAndEachWovenFrameInnermostFirst() {
        Fiber fiber = new Fiber(scheduler, "dumped", () -> outer(1)).start();
        scheduler.runAll();

        assertEquals(List.of(
                "io.ioucontext.fiber.Fiber.park(Unknown Source)",
                "io.ioucontext.fiber.FiberDumpTest.inner(FiberDumpTest.java:22)",
                "io.ioucontext.fiber.FiberDumpTest.outer(FiberDumpTest.java:17)"),
                fiber.frames().stream().map(StackTraceElement::toString).toList().subList(0, 3));
        assertTrue(fiber.frames().get(3).getMethodName().startsWith("lambda$"), fiber.frames().toString());

        String dump = Fiber.dump();
        assertTrue(dump.contains("\"dumped\" parked\n\tat io.ioucontext.fiber.Fiber.park(Unknown Source)\n"
                + "\tat io.ioucontext.fiber.FiberDumpTest.inner(FiberDumpTest.java:22)\n"), dump);
        assertTrue(Fiber.live().contains(fiber));

        fiber.unpark();
        scheduler.runAll();
        assertEquals(2, fiber.result().orElseThrow());
        assertEquals(List.of(), fiber.frames());
        assertFalse(Fiber.live().contains(fiber));
        assertFalse(Fiber.dump().contains("\"dumped\""));
    }

    @Test
    void aFiberThatHasNotRunHasNoFramesAndIsNotLive() {
        Fiber fiber = new Fiber(scheduler, "new", () -> outer(1));
        assertEquals(List.of(), fiber.frames());
        assertFalse(Fiber.live().contains(fiber));
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
