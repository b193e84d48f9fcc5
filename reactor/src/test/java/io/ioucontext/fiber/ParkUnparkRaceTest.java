package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * unpark() from another thread races with park() at every stage (before it, while the frames are
 * saved, after the fiber parked): no wake-up is ever lost. A lost one would hang the test, hence the
 * timeout (a hang guard, not a timing assertion).
 */
class ParkUnparkRaceTest {

    private static final int ROUNDS = 20_000;

    @Suspendable
    static int parkRounds(AtomicInteger requests) {
        int done = 0;
        for (int i = 0; i < ROUNDS; i++) {
            requests.incrementAndGet();
            Fiber.park();
            done++;
        }
        return done;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyUnparkFromAnotherThreadWakesTheFiber() throws InterruptedException {
        LinkedBlockingQueue<Fiber> ready = new LinkedBlockingQueue<>();
        AtomicInteger requests = new AtomicInteger();
        Fiber fiber = new Fiber(ready::add, "parker", () -> parkRounds(requests));
        Thread unparker = Thread.ofPlatform().start(() -> {
            for (int granted = 0; granted < ROUNDS; ) {
                if (requests.get() > granted) {
                    granted++;
                    fiber.unpark();
                } else {
                    Thread.onSpinWait();
                }
            }
        });
        fiber.start();
        while (!fiber.isDone()) {
            Fiber next = ready.poll(100, TimeUnit.MILLISECONDS);
            if (next != null) {
                next.resume();
            }
        }
        unparker.join();
        assertEquals(ROUNDS, fiber.result().orElseThrow());
    }
}
