package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ioucontext.reactor.Reactor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reactor is its thread's {@link OutsideFiberDriver}: outside fibers, {@code Fiber.yield()} turns
 * it once without waiting and {@code join()} runs it until the joined fiber ends.
 */
@OutsideFibers
class OutsideFiberReactorTest {

    private final List<String> events = new ArrayList<>();

    @AfterEach
    void close() {
        Reactor.get().close();
    }

    @Test
    void yieldOutsideAFiberRunsTheReactorsReadyFibersOnce() {
        Reactor reactor = Reactor.get();
        reactor.spawn("a", () -> OutsideFiberTest.work(events, "a", 3));
        reactor.spawn("b", () -> OutsideFiberTest.work(events, "b", 3));

        Fiber.yield();
        assertEquals(List.of("a 0", "b 0"), events);
        Fiber.yield();
        assertEquals(List.of("a 0", "b 0", "a 1", "b 1"), events);
    }

    @Test
    void yieldInATaskTheLoopRunsReturnsAtOnce() {
        Reactor reactor = Reactor.get();
        reactor.execute(() -> {
            Fiber.yield(); // outside a fiber, inside the running loop: nothing to drive
            events.add("task");
        });
        reactor.run();
        assertEquals(List.of("task"), events);
    }

    @Test
    void joinOutsideAFiberRunsTheReactorUntilTheFiberEnds() throws ExecutionException {
        Fiber worker = Reactor.get().spawn("worker", () -> OutsideFiberTest.work(events, "w", 3));
        assertEquals(null, worker.join(), "spawn's body returns nothing");
        assertEquals(List.of("w 0", "w 1", "w 2"), events);
    }

    @Test
    void joinOutsideAFiberOfAFiberNothingWillWakeFails() {
        Fiber parked = Reactor.get().spawn("parked", () -> Fiber.park());
        IllegalStateException failure = assertThrows(IllegalStateException.class, parked::join);
        assertEquals("the reactor has nothing left to run that could end the wait", failure.getMessage());
    }

    @Test
    void aClosedReactorIsNoLongerTheThreadsDriver() {
        Reactor.get().spawn("a", () -> OutsideFiberTest.work(events, "a", 3));
        Reactor.get().close();
        Fiber.yield(); // no driver: returns at once
        assertEquals(List.of(), events);
    }
}
