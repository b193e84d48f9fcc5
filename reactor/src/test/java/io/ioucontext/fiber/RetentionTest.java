package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A suspended fiber keeps only what its frames still need: locals dead at the suspension point are
 * not saved, and references are dropped from the fiber stack as they are restored.
 */
class RetentionTest {

    private final QueueScheduler scheduler = new QueueScheduler();

    @Suspendable
    static int deadAtSuspension(List<WeakReference<byte[]>> watch) {
        byte[] big = new byte[1 << 20];
        watch.add(new WeakReference<>(big));
        int length = big.length; // last use of big: it is dead at the park below
        Fiber.park();
        return length;
    }

    @Suspendable
    static int liveThenDead(List<WeakReference<byte[]>> watch) {
        byte[] big = new byte[1 << 20];
        watch.add(new WeakReference<>(big));
        Fiber.yield();
        int length = big.length; // restored after the yield, dead at the park
        Fiber.park();
        return length;
    }

    private static boolean collected(WeakReference<?> reference) {
        for (int attempt = 0; attempt < 20 && reference.get() != null; attempt++) {
            System.gc();
        }
        return reference.get() == null;
    }

    @Test
    void localDeadAtTheSuspensionPointIsNotRetained() {
        List<WeakReference<byte[]>> watch = new ArrayList<>();
        Fiber fiber = scheduler.run("dead", () -> deadAtSuspension(watch));
        assertFalse(fiber.isDone());
        assertEquals(true, collected(watch.getFirst()), "the suspended fiber still holds the array");
        fiber.unpark();
        scheduler.runAll();
        assertEquals(1 << 20, fiber.result().orElseThrow());
    }

    @Test
    void restoredReferencesAreDroppedFromTheFiberStack() {
        List<WeakReference<byte[]>> watch = new ArrayList<>();
        Fiber fiber = scheduler.run("restored", () -> liveThenDead(watch));
        assertFalse(fiber.isDone());
        assertEquals(true, collected(watch.getFirst()), "the fiber stack still holds a restored reference");
        fiber.unpark();
        scheduler.runAll();
        assertEquals(1 << 20, fiber.result().orElseThrow());
        assertNull(watch.getFirst().get());
    }

    @Suspendable
    static int descend(int depth, int rounds) {
        if (depth == 0) {
            for (int i = 0; i < rounds; i++) {
                Fiber.yield();
            }
            return rounds;
        }
        return descend(depth - 1, rounds) + 1;
    }

    @Test
    void suspendingAgainAndAgainFromTheInnermostFrameKeepsTheStackSmall() {
        Fiber fiber = new Fiber(scheduler, "loop", () -> descend(10, 10_000)).start();
        List<Integer> storedSlots = new ArrayList<>();
        for (int resume = 0; resume < 10_000; resume++) {
            fiber.resume();
            storedSlots.add(fiber.stack().storedSlots());
        }
        // depth 10 saved once, then only the innermost frame again and again
        assertEquals(storedSlots.get(1), storedSlots.get(9_999));
        assertFalse(fiber.isDone());
        fiber.resume();
        assertEquals(10_010, fiber.result().orElseThrow());
    }
}
