package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fibers really suspend: two of them interleave on one thread, step by step. */
class TranscriptTest {

    @Suspendable
    static int worker(String name, int steps, List<String> transcript) {
        int done = 0;
        for (int i = 0; i < steps; i++) {
            transcript.add(name + i);
            Fiber.yield();
            done++;
        }
        return done;
    }

    @Test
    void twoFibersInterleaveAtEachYield() {
        QueueScheduler scheduler = new QueueScheduler();
        List<String> transcript = new ArrayList<>();
        Fiber a = new Fiber(scheduler, "a", () -> worker("a", 3, transcript)).start();
        Fiber b = new Fiber(scheduler, "b", () -> worker("b", 3, transcript)).start();
        scheduler.runAll();
        assertEquals(List.of("a0", "b0", "a1", "b1", "a2", "b2"), transcript);
        assertEquals(3, a.result().orElseThrow());
        assertEquals(3, b.result().orElseThrow());
        // each fiber: the first run plus one resume per yield
        assertEquals(8, scheduler.resumes());
    }

    @Test
    void fibersOnSeveralThreadsUseTheirOwnStacks() throws InterruptedException {
        int threads = 4;
        List<Thread> running = new ArrayList<>();
        long[] sums = new long[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            running.add(Thread.ofPlatform().start(() -> {
                QueueScheduler scheduler = new QueueScheduler();
                List<Fiber> fibers = new ArrayList<>();
                for (int f = 0; f < 5; f++) {
                    int base = index * 1000 + f;
                    fibers.add(new Fiber(scheduler, "f" + f, () -> {
                        long sum = 0;
                        for (int i = 0; i < 200; i++) {
                            sum += base;
                            Fiber.yield();
                        }
                        return sum;
                    }).start());
                }
                scheduler.runAll();
                sums[index] = fibers.stream().mapToLong(f -> (Long) f.result().orElseThrow()).sum();
            }));
        }
        for (Thread thread : running) {
            thread.join();
        }
        for (int t = 0; t < threads; t++) {
            assertEquals(200L * (5L * t * 1000 + 10), sums[t]);
        }
    }
}
