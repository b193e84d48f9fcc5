package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * unpark() from another thread races with park() at every stage (before it, while the frames are
 * saved, after the fiber parked), and with a resume and a yield, which write no shared state: no
 * wake-up is ever lost. A lost one would hang the test, hence the timeouts (hang guards, not timing
 * assertions).
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

    /** The unpark of each round may land while the fiber yields: park() must still find its permit. */
    @Suspendable
    static int yieldThenParkRounds(AtomicInteger requests) {
        int done = 0;
        for (int i = 0; i < ROUNDS; i++) {
            requests.incrementAndGet();
            Fiber.yield();
            Fiber.park();
            done++;
        }
        return done;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyUnparkFromAnotherThreadWakesTheFiber() throws InterruptedException {
        assertEquals(ROUNDS, runAgainstUnparker(requests -> () -> parkRounds(requests)));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void anUnparkDuringAYieldIsKeptForTheNextPark() throws InterruptedException {
        assertEquals(ROUNDS, runAgainstUnparker(requests -> () -> yieldThenParkRounds(requests)));
    }

    /**
     * Runs a fiber on this thread while another thread unparks it once per request the fiber counts.
     *
     * @return the fiber's result
     */
    private static Object runAgainstUnparker(Function<AtomicInteger, SuspendableCallable<?>> body)
            throws InterruptedException {
        LinkedBlockingQueue<Fiber> ready = new LinkedBlockingQueue<>();
        AtomicInteger requests = new AtomicInteger();
        Fiber fiber = new Fiber(ready::add, "parker", body.apply(requests));
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
        return fiber.result().orElseThrow();
    }
}
