package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fiber primitives called outside any fiber: {@code yield()} runs the thread's ready fibers once,
 * {@code join()} drives the thread's scheduler (or blocks for another thread's) until the fiber
 * ends, {@code park()} is refused with a pointer to what to use instead.
 */
@OutsideFibers
class OutsideFiberTest {

    /** A scheduler that runs its fibers on the thread that drives it, as the reactor does. */
    static final class ThreadScheduler implements FiberScheduler, OutsideFiberDriver {
        private final ArrayDeque<Fiber> ready = new ArrayDeque<>();

        @Override
        public void schedule(Fiber fiber) {
            ready.addLast(fiber);
        }

        @Override
        public void runReady() {
            for (int n = ready.size(); n > 0; n--) {
                ready.pollFirst().resume();
            }
        }

        @Override
        public void runUntil(BooleanSupplier condition) {
            while (!condition.getAsBoolean()) {
                if (ready.isEmpty()) {
                    throw new IllegalStateException("nothing left to run");
                }
                runReady();
            }
        }
    }

    private final ThreadScheduler scheduler = new ThreadScheduler();
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void removeDriver() {
        OutsideFiberDriver.remove(scheduler);
    }

    /** A fiber body that logs and yields {@code yields} times, then returns "NAME done". */
    @Suspendable
    static String work(List<String> events, String name, int yields) {
        for (int i = 0; i < yields; i++) {
            events.add(name + " " + i);
            Fiber.yield();
        }
        return name + " done";
    }

    @Test
    void yieldOutsideAFiberRunsTheThreadsReadyFibersOnce() {
        OutsideFiberDriver.install(scheduler);
        Fiber a = new Fiber(scheduler, "a", () -> work(events, "a", 5)).start();
        Fiber b = new Fiber(scheduler, "b", () -> work(events, "b", 5)).start();

        Fiber.yield();
        assertEquals(List.of("a 0", "b 0"), events);
        Fiber.yield();
        assertEquals(List.of("a 0", "b 0", "a 1", "b 1"), events);
        assertFalse(a.isDone() || b.isDone());
    }

    @Test
    void yieldOutsideAFiberWithoutADriverReturnsAtOnce() {
        new Fiber(scheduler, "a", () -> work(events, "a", 1)).start();
        Fiber.yield();
        assertEquals(List.of(), events);
    }

    @Test
    void joinOutsideAFiberDrivesTheThreadsSchedulerUntilTheFiberEnds() throws ExecutionException {
        OutsideFiberDriver.install(scheduler);
        Fiber worker = new Fiber(scheduler, "worker", () -> work(events, "w", 3)).start();

        assertEquals("w done", worker.join());
        assertEquals(List.of("w 0", "w 1", "w 2"), events);
        assertEquals("w done", worker.join(), "an ended fiber's outcome at once");
    }

    @Test
    void joinOutsideAFiberThrowsTheFailureWrapped() {
        OutsideFiberDriver.install(scheduler);
        IOException boom = new IOException("boom");
        Fiber worker = new Fiber(scheduler, "failing", () -> {
            Fiber.yield();
            throw boom;
        }).start();

        ExecutionException failure = assertThrows(ExecutionException.class, worker::join);
        assertSame(boom, failure.getCause());
    }

    @Test
    void joinOutsideAFiberFailsWhenNothingLeftCanEndIt() {
        OutsideFiberDriver.install(scheduler);
        Fiber parked = new Fiber(scheduler, "parked", () -> {
            Fiber.park();
            return null;
        }).start();

        IllegalStateException failure = assertThrows(IllegalStateException.class, parked::join);
        assertEquals("nothing left to run", failure.getMessage());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a timing assertion
    void joinOutsideAFiberOfAnotherThreadsFiberBlocksUntilItEnds() throws Exception {
        LinkedBlockingQueue<Fiber> queue = new LinkedBlockingQueue<>();
        Fiber worker = new Fiber(queue::add, "remote", () -> {
            for (int i = 0; i < 100; i++) {
                Fiber.yield();
            }
            return Thread.currentThread().getName();
        });
        Thread other = Thread.ofPlatform().name("other scheduler").start(() -> {
            while (!worker.isDone()) {
                try {
                    Fiber next = queue.poll(10, TimeUnit.MILLISECONDS);
                    if (next != null) {
                        next.resume();
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        worker.start();

        assertEquals("other scheduler", worker.join());
        other.join();
    }

    @Test
    void parkOutsideAFiberIsRefusedNamingWhatToUseInstead() {
        IllegalStateException failure = assertThrows(IllegalStateException.class, Fiber::park);
        assertTrue(failure.getMessage().contains("io.ioucontext.sync.Event"), failure.getMessage());
    }
}
