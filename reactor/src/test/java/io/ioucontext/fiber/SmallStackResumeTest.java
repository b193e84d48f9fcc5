package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A fiber suspended 10,000 frames deep is resumed on a thread with a small stack (256 KiB): the
 * driver re-enters one saved frame at a time, innermost first, and restores each outer frame only
 * when the frame above it has completed, so resuming, completing the frames (by value or by
 * exception) and suspending again half-way up need stack for one frame, not for the fiber's depth.
 * Only the first run, which descends through real Java calls, needs a thread deep enough for them
 * (as the same calls unwoven would); in a JVM started with {@code -Xss256k} it overflows
 * and fails the fiber, while resuming there works ({@link SmallXssResume}).
 */
class SmallStackResumeTest {

    private static final int DEPTH = 10_000;
    private static final long SMALL_STACK = 256L << 10;
    static final long LARGE_STACK = 256L << 20;

    /** Parks at the bottom, and again on the way up every 2,500 levels. */
    @Suspendable
    static long descend(int level) {
        if (level == DEPTH) {
            Fiber.park();
            return 0;
        }
        long below = descend(level + 1);
        if (level % 2_500 == 0) {
            Fiber.park();
        }
        return below + level;
    }

    /** Parks at the bottom, then throws there; level 0 catches what crossed every frame. */
    @Suspendable
    static long failAtTheBottom(int level) {
        if (level == DEPTH) {
            Fiber.park();
            throw new IllegalStateException("thrown at depth " + DEPTH);
        }
        if (level == 0) {
            try {
                return failAtTheBottom(1);
            } catch (IllegalStateException e) {
                return -1;
            }
        }
        return failAtTheBottom(level + 1) + 1;
    }

    /** Runs the task on a new thread with the given stack size and waits for it; rethrows its failure. */
    private static void onThread(String name, long stackSize, Runnable task) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                task.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, name, stackSize);
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw new AssertionError("failed on " + name, failure.get());
        }
    }

    /** Descends on a large stack until the fiber parks at the bottom; returns the parked fiber. */
    private static Fiber parkedAtTheBottom(QueueScheduler scheduler, SuspendableCallable<?> body)
            throws InterruptedException {
        Fiber fiber = new Fiber(scheduler, "deep", body);
        onThread("descent", LARGE_STACK, () -> {
            fiber.start();
            scheduler.runAll();
        });
        assertFalse(fiber.isDone(), "parked at the bottom");
        assertTrue(fiber.frames().size() > DEPTH, "frames saved: " + fiber.frames().size());
        return fiber;
    }

    /** Unparks and runs the fiber on a small stack until it ends; returns how many resumes it took. */
    private static int resumedOnASmallStack(QueueScheduler scheduler, Fiber fiber) throws InterruptedException {
        int[] resumes = {0};
        onThread("small stack", SMALL_STACK, () -> {
            while (!fiber.isDone()) {
                fiber.unpark();
                scheduler.runAll();
                resumes[0]++;
            }
        });
        return resumes[0];
    }

    @Test
    void resumedTenThousandDeepOnASmallStackCompletesEveryFrame() throws InterruptedException {
        QueueScheduler scheduler = new QueueScheduler();
        Fiber fiber = parkedAtTheBottom(scheduler, () -> descend(0));

        int resumes = resumedOnASmallStack(scheduler, fiber);

        assertTrue(fiber.failure().isEmpty(), () -> "failed: " + fiber.failure().orElseThrow());
        assertEquals((long) DEPTH * (DEPTH - 1) / 2, fiber.result().orElseThrow());
        assertEquals(5, resumes, "the bottom, then levels 7,500, 5,000, 2,500 and 0 parked again");
    }

    @Test
    void exceptionThrownAtTheBottomCrossesTenThousandFramesOnASmallStack() throws InterruptedException {
        QueueScheduler scheduler = new QueueScheduler();
        Fiber fiber = parkedAtTheBottom(scheduler, () -> failAtTheBottom(0));

        resumedOnASmallStack(scheduler, fiber);

        assertTrue(fiber.failure().isEmpty(), () -> "failed: " + fiber.failure().orElseThrow());
        assertEquals(-1L, fiber.result().orElseThrow());
    }

    @Test
    void withASmallXssTheFirstRunOverflowsButResumingCompletes() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xss256k", "-cp", System.getProperty("java.class.path"),
                SmallXssResume.class.getName())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), output);
        assertEquals(List.of("first run on main: java.lang.StackOverflowError",
                "resumed on main: returned " + (long) DEPTH * (DEPTH - 1) / 2), output.lines().toList());
    }
}
