package io.ioucontext.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.reactor.ClosesReactor;
import io.ioucontext.reactor.Reactor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Semaphore, Mutex and Event between fibers of the real reactor, and used outside fibers. */
@OutsideFibers
@ExtendWith(ClosesReactor.class)
class SemaphoreMutexEventTest {

    @Test
    void semaphoreBoundsHowManyFibersHoldAPermitAcrossSuspensions() {
        Reactor reactor = Reactor.get();
        Semaphore semaphore = new Semaphore(3);
        int[] holding = new int[1];
        int[] most = new int[1];
        int[] done = new int[1];
        for (int f = 0; f < 400; f++) {
            reactor.spawn("worker-" + f, () -> {
                semaphore.acquire();
                try {
                    most[0] = Math.max(most[0], ++holding[0]);
                    reactor.completion().prepNop().submit().await();
                    holding[0]--;
                    done[0]++;
                } finally {
                    semaphore.release();
                }
            });
        }
        reactor.run();
        assertEquals(400, done[0]);
        assertEquals(3, most[0]);
        assertEquals(3, semaphore.availablePermits());
    }

    @Test
    void semaphoreServesWaitersInArrivalOrderAndTryAcquireNeverJumpsTheQueue() {
        Reactor reactor = Reactor.get();
        Semaphore semaphore = new Semaphore(0);
        List<Integer> order = new ArrayList<>();
        for (int f = 0; f < 50; f++) {
            int id = f;
            reactor.spawn("waiter-" + f, () -> {
                semaphore.acquire();
                order.add(id);
            });
        }
        reactor.run();  // all parked, in spawn order
        semaphore.release();
        assertFalse(semaphore.tryAcquire(), "the permit went to the first waiter");
        for (int i = 1; i < 50; i++) {
            semaphore.release();
        }
        reactor.run();
        assertEquals(50, order.size());
        for (int i = 0; i < 50; i++) {
            assertEquals(i, order.get(i));
        }
        semaphore.release();
        assertTrue(semaphore.tryAcquire());
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
    }

    @Test
    void mutexKeepsACriticalSectionThatSuspendsExclusiveInFifoOrder() {
        Reactor reactor = Reactor.get();
        Mutex mutex = new Mutex();
        int[] inside = new int[1];
        List<Integer> order = new ArrayList<>();
        for (int f = 0; f < 300; f++) {
            int id = f;
            reactor.spawn("fiber-" + f, () -> {
                mutex.acquire();
                try {
                    assertEquals(0, inside[0]++);
                    reactor.completion().prepNop().submit().await();
                    order.add(id);
                    inside[0]--;
                } finally {
                    mutex.release();
                }
            });
        }
        reactor.run();
        assertEquals(300, order.size());
        for (int i = 0; i < 300; i++) {
            assertEquals(i, order.get(i));
        }
        assertFalse(mutex.isLocked());
        assertThrows(IllegalStateException.class, mutex::release);
    }

    @Test
    void mutexOutsideFibersWaitsForTheFiberHoldingIt() {
        Reactor reactor = Reactor.get();
        Mutex mutex = new Mutex();
        List<String> order = new ArrayList<>();
        reactor.spawn("holder", () -> {
            mutex.acquire();
            for (int i = 0; i < 10; i++) {
                reactor.completion().prepNop().submit().await();
            }
            order.add("fiber");
            mutex.release();
        });
        reactor.runUntil(mutex::isLocked);
        assertFalse(mutex.tryAcquire());
        mutex.acquire();
        order.add("outside");
        mutex.release();
        assertEquals(List.of("fiber", "outside"), order);
    }

    @Test
    void eventWakesEveryWaiterAndLetsLaterOnesThroughUntilReset() {
        Reactor reactor = Reactor.get();
        Event event = new Event();
        int[] woken = new int[1];
        for (int f = 0; f < 200; f++) {
            reactor.spawn("waiter-" + f, () -> {
                event.await();
                woken[0]++;
            });
        }
        reactor.run();
        assertEquals(0, woken[0]);
        reactor.spawn("setter", event::set);
        reactor.run();
        assertEquals(200, woken[0]);
        assertTrue(event.isSet());
        event.await();  // outside fibers, already set: returns at once
        event.reset();
        assertFalse(event.isSet());
        reactor.spawn("late", () -> {
            event.await();
            woken[0]++;
        });
        reactor.run();
        assertEquals(200, woken[0]);
        reactor.spawn("setter", () -> {
            reactor.completion().prepNop().submit().await();
            event.set();
        });
        reactor.run();
        assertEquals(201, woken[0]);
    }

    @Test
    void eventOutsideFibersDrivesTheReactorUntilSet() {
        Reactor reactor = Reactor.get();
        Event event = new Event();
        reactor.spawn("setter", () -> {
            for (int i = 0; i < 5; i++) {
                reactor.completion().prepNop().submit().await();
            }
            event.set();
        });
        event.await();
        assertTrue(event.isSet());
    }
}
