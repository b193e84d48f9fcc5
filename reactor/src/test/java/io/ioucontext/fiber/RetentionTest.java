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
}
