package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fibers handed from thread to thread by their scheduler: a resume and a yield write no shared
 * state, and the handover through the scheduler's queue is all it takes for the next thread to see
 * the fiber's frames and lifecycle. Two threads resume whatever is ready; every resume must find the
 * fiber ready and every fiber must compute what it would on one thread.
 */
class MigratingFiberTest {

    private static final int FIBERS = 16;
    private static final int YIELDS = 2_000;

    @Suspendable
    static long sumWhileYielding(int seed) {
        long sum = 0;
        for (int i = 0; i < YIELDS; i++) {
            sum += (long) seed * i;
            Fiber.yield();
        }
        return sum;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang guard, not a timing assertion
    void fibersResumedByTwoThreadsInTurnComputeWhatOneThreadWould() throws InterruptedException {
        LinkedBlockingQueue<Fiber> ready = new LinkedBlockingQueue<>();
        List<Fiber> fibers = new ArrayList<>();
        for (int seed = 0; seed < FIBERS; seed++) {
            int fiberSeed = seed;
            fibers.add(new Fiber(ready::add, "fiber " + seed, () -> sumWhileYielding(fiberSeed)));
        }
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Runnable worker = () -> {
            while (!fibers.stream().allMatch(Fiber::isDone)) {
                try {
                    Fiber next = ready.poll(10, TimeUnit.MILLISECONDS);
                    if (next != null) {
                        next.resume();
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        };
        fibers.forEach(Fiber::start);
        Thread first = Thread.ofPlatform().start(worker);
        Thread second = Thread.ofPlatform().start(worker);
        first.join();
        second.join();

        assertEquals(List.of(), List.copyOf(failures));
        for (int seed = 0; seed < FIBERS; seed++) {
            assertEquals((long) seed * YIELDS * (YIELDS - 1) / 2, fibers.get(seed).result().orElseThrow());
        }
    }
}
