package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** {@link Fiber#join()} waits for another fiber's end; {@link Fiber#cancel()} interrupts a suspension. */
class JoinCancelTest {

    private final QueueScheduler scheduler = new QueueScheduler();
    private final List<String> events = new ArrayList<>();

    @Suspendable
    private String slowWork(int yields) {
        for (int i = 0; i < yields; i++) {
            events.add("work " + i);
            Fiber.yield();
        }
        return "done after " + yields;
    }

    @Suspendable
    private static Object joinFromAFrame(Fiber target, int local) throws ExecutionException {
        Object outcome = target.join();
        return outcome + " / local " + local;
    }

    @Test
    void joinSuspendsUntilTheOtherFiberEndsAndReturnsItsResult() {
        Fiber worker = new Fiber(scheduler, "worker", () -> slowWork(3));
        Fiber waiter = new Fiber(scheduler, "waiter", () -> {
            events.add("joining");
            Object outcome = joinFromAFrame(worker, 42);
            events.add("joined");
            return outcome;
        });
        waiter.start();
        worker.start();
        scheduler.runAll();

        assertEquals("done after 3 / local 42", waiter.result().orElseThrow());
        assertEquals(List.of("joining", "work 0", "work 1", "work 2", "joined"), events);
    }

    @Test
    void joiningAnEndedFiberReturnsAtOnce() {
        Fiber worker = scheduler.run("worker", () -> "early");
        Fiber waiter = scheduler.run("waiter", () -> worker.join());
        assertEquals("early", waiter.result().orElseThrow());
    }

    @Test
    void aFailureReachesTheJoinerWrappedWithItsCause() {
        IOException boom = new IOException("boom");
        Fiber worker = new Fiber(scheduler, "failing worker", () -> {
            Fiber.yield();
            throw boom;
        });
        Fiber waiter = new Fiber(scheduler, "waiter", () -> {
            try {
                return worker.join();
            } catch (ExecutionException e) {
                return e;
            }
        });
        waiter.start();
        worker.start();
        scheduler.runAll();

        ExecutionException failure = assertInstanceOf(ExecutionException.class, waiter.result().orElseThrow());
        assertSame(boom, failure.getCause());
        assertEquals("fiber failing worker failed: java.io.IOException: boom", failure.getMessage());
    }

    @Test
    void manyFibersJoinOne() {
        Fiber worker = new Fiber(scheduler, "worker", () -> slowWork(2));
        List<Fiber> waiters = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            waiters.add(new Fiber(scheduler, "waiter " + i, () -> worker.join() + " for " + n).start());
        }
        worker.start();
        scheduler.runAll();
        for (int i = 0; i < 5; i++) {
            assertEquals("done after 2 for " + i, waiters.get(i).result().orElseThrow());
        }
    }

    @Test
    void aStrayUnparkDoesNotEndAJoinEarly() {
        Fiber worker = new Fiber(scheduler, "worker", () -> {
            Fiber.park();
            return "unparked";
        }).start();
        Fiber waiter = new Fiber(scheduler, "waiter", () -> worker.join()).start();
        scheduler.runAll();
        waiter.unpark();
        scheduler.runAll();
        assertFalse(waiter.isDone());
        worker.unpark();
        scheduler.runAll();
        assertEquals("unparked", waiter.result().orElseThrow());
    }

    @Test
    void aFiberJoiningItselfIsRefused() {
        Fiber[] self = new Fiber[1];
        self[0] = new Fiber(scheduler, "self", () -> self[0].join()).start();
        scheduler.runAll();
        assertInstanceOf(IllegalStateException.class, self[0].failure().orElseThrow());
    }

    @Test
    void cancelThrowsAtTheSuspensionPointOnTheNextResume() {
        Fiber parked = new Fiber(scheduler, "sleeper", () -> {
            try {
                Fiber.park();
                return "not cancelled";
            } catch (CancellationException e) {
                events.add(e.getMessage());
                Fiber.yield(); // a cancellation is delivered once: the fiber may go on
                return "cleaned up";
            }
        });
        parked.start();
        scheduler.runAll();
        assertFalse(parked.isDone());

        parked.cancel();
        scheduler.runAll();

        assertEquals("cleaned up", parked.result().orElseThrow());
        assertEquals(List.of("fiber sleeper was cancelled"), events);
        assertTrue(parked.isCancelled() || parked.isDone());
    }

    @Test
    void cancellingAJoinerInterruptsItsJoin() {
        Fiber worker = new Fiber(scheduler, "worker", () -> {
            Fiber.park();
            return "x";
        }).start();
        Fiber waiter = new Fiber(scheduler, "waiter", () -> worker.join()).start();
        scheduler.runAll();
        waiter.cancel();
        scheduler.runAll();
        assertInstanceOf(CancellationException.class, waiter.failure().orElseThrow());
    }

    @Test
    void aFiberCancelledBeforeItStartsNeverRuns() {
        Fiber fiber = new Fiber(scheduler, "never", () -> events.add("ran"));
        fiber.cancel();
        fiber.start();
        scheduler.runAll();
        assertEquals(List.of(), events);
        assertEquals("fiber never was cancelled", fiber.failure().orElseThrow().getMessage());
    }

    @Test
    void aFiberCancellingItselfGetsTheExceptionAtItsNextSuspensionPoint() {
        Fiber[] self = new Fiber[1];
        self[0] = new Fiber(scheduler, "self", () -> {
            self[0].cancel();
            events.add("still running");
            Fiber.park();
            return "parked";
        }).start();
        scheduler.runAll();
        assertEquals(List.of("still running"), events);
        assertInstanceOf(CancellationException.class, self[0].failure().orElseThrow());
    }
}
