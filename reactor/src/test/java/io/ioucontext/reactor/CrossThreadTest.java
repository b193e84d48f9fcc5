package io.ioucontext.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.OutsideFibers;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Work handed to a reactor by other threads wakes it through io_uring. */
@OutsideFibers
class CrossThreadTest {

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    @Test
    void severalThreadsHandOverTasksAndFibersWhileTheReactorWaits() throws Throwable {
        Reactor reactor = Reactor.get();
        Pipe pipe = Pipe.open();
        MemorySegment in = arena.allocate(8);
        // The reactor blocks in io_uring_enter on this read until the last task closes the write end.
        reactor.spawn("blocked reader", () -> reactor.completion().prepRead(pipe.readEnd(), in, 8, -1).submit().await());
        int threads = 4;
        int each = 500;
        int[] ran = new int[1];  // only the reactor's thread touches it
        int[] fibersRan = new int[1];
        CountDownLatch started = new CountDownLatch(threads);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread producer = new Thread(() -> {
                started.countDown();
                for (int i = 0; i < each; i++) {
                    reactor.execute(() -> ran[0]++);
                    if (i % 50 == 0) {
                        reactor.execute("fiber " + id + "/" + i, () -> {
                            reactor.completion().prepNop().submit().await();
                            fibersRan[0]++;
                        });
                    }
                }
            });
            producers.add(producer);
            producer.start();
        }
        Thread finisher = new Thread(() -> {
            for (Thread producer : producers) {
                try {
                    producer.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            reactor.execute(() -> reactor.spawn("closer", () -> reactor.completion().prepClose(pipe.writeEnd())
                    .submit().await()));
        });
        finisher.start();
        reactor.run();
        finisher.join();
        assertEquals(threads * each, ran[0]);
        assertEquals(threads * (each / 50), fibersRan[0]);
        reactor.completion().prepClose(pipe.readEnd()).submit().await();
    }

    @Test
    void tasksHandedOverWhileTheLoopIsNotRunningWaitForTheNextRun() throws Exception {
        Reactor reactor = Reactor.get();
        int[] ran = new int[1];
        CompletableFuture.runAsync(() -> reactor.execute(() -> ran[0]++)).get();
        assertTrue(reactor.isRunnable());
        reactor.run();
        assertEquals(1, ran[0]);
    }

    @Test
    void aClosedReactorRejectsTasks() throws Exception {
        Reactor reactor = Reactor.get();
        reactor.close();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> CompletableFuture.runAsync(() -> reactor.execute(() -> { })).get());
        assertTrue(e.getCause() instanceof RejectedExecutionException, e.getCause().toString());
        assertThrows(RejectedExecutionException.class, () -> reactor.execute(() -> { }));
    }

    @Test
    void everythingElseStaysConfinedToTheReactorsThread() {
        Reactor reactor = Reactor.get();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> CompletableFuture.runAsync(() -> reactor.spawn("x", () -> { })).get());
        assertTrue(e.getCause() instanceof IllegalStateException, e.getCause().toString());
    }
}
