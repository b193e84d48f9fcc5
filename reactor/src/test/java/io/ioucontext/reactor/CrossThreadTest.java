package io.ioucontext.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    void everythingElseStaysConfinedToTheReactorsThread() throws Exception {
        Reactor reactor = Reactor.get();
        Fiber fiber = reactor.spawn("x", () -> { });
        Map<String, Runnable> calls = new LinkedHashMap<>();
        calls.put("spawn", () -> reactor.spawn("y", () -> { }));
        calls.put("schedule", () -> reactor.schedule(fiber));
        calls.put("run", reactor::run);
        calls.put("runUntil", () -> reactor.runUntil(() -> true));
        calls.put("isRunnable", reactor::isRunnable);
        calls.put("completion", reactor::completion);
        calls.put("cancel", () -> reactor.cancel(fiber));
        calls.put("cancelAll", () -> unchecked(() -> reactor.cancelAll(0)));
        calls.put("bufferRing", () -> unchecked(() -> reactor.bufferRing(4, 64)));
        calls.put("cookie", reactor::cookie);
        calls.put("cookieJar", () -> reactor.cookieJar("c", c -> { }));
        calls.put("eatCookie", reactor::eatCookie);
        calls.put("close", reactor::close);
        for (Map.Entry<String, Runnable> call : calls.entrySet()) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> CompletableFuture.runAsync(call.getValue()).get(), call.getKey());
            assertTrue(e.getCause() instanceof IllegalStateException, call.getKey() + ": " + e.getCause());
            assertTrue(e.getCause().getMessage().contains(Thread.currentThread().getName()),
                    call.getKey() + ": " + e.getCause().getMessage());
        }
        // Nothing the refused calls tried reached the reactor: its own thread still uses it.
        assertTrue(reactor.cookie().isEmpty());
        reactor.run();
        assertTrue(fiber.isDone());
        assertFalse(reactor.isClosed());
    }

    /** A call that declares an exception, as a {@link Runnable} for the table above. */
    private interface Call {
        Object call() throws Exception;
    }

    private static void unchecked(Call call) {
        try {
            call.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
