package io.ioucontext.reactor;

import static io.ioucontext.reactor.IoUring.IOSQE_ASYNC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.OutsideFibers;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ring setup modes and CPU pinning, observed through /proc. */
@OutsideFibers
class RingModeTest {

    private static final int O_WRONLY_CREAT_CLOEXEC = 01 | 0100 | 02000000;

    @TempDir
    Path dir;

    /** Runs something on a fresh thread, so pinning it affects no other test; the action closes its reactor. */
    private static <T> T onNewThread(Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(action.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        thread.start();
        thread.join();
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Writes through io-wq (IOSQE_ASYNC), then lists the reactor thread's io-wq workers. */
    private List<Tasks.Task> ioWorkersAfterAnAsyncWrite(Reactor reactor) throws Exception {
        String tid = Tasks.currentTid();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(4096);
            int fd = reactor.completion().prepOpenat(dir.resolve("async-" + tid).toString(), O_WRONLY_CREAT_CLOEXEC, 0644)
                    .submit().await();
            assertEquals(4096, reactor.completion().prepWrite(fd, data, 4096, 0).sqeFlags(IOSQE_ASYNC).submit().await());
            reactor.completion().prepClose(fd).submit().await();
        }
        return Tasks.all().stream().filter(task -> task.name().equals("iou-wrk-" + tid)).toList();
    }

    @Test
    void theRingServesACpuTheThreadMayRunOnAndBindsItsWorkersToIt() throws Exception {
        Reactor reactor = Reactor.create(8);
        try {
            String allowed = Tasks.all().stream().filter(task -> task.tid().equals(uncheckedTid())).findFirst()
                    .orElseThrow().cpusAllowed();
            assertTrue(cpusOf(allowed).contains(reactor.cpu()), allowed + " lacks " + reactor.cpu());
            List<Tasks.Task> workers = ioWorkersAfterAnAsyncWrite(reactor);
            assertFalse(workers.isEmpty(), "an IOSQE_ASYNC write starts an io-wq worker");
            for (Tasks.Task worker : workers) {
                assertEquals(String.valueOf(reactor.cpu()), worker.cpusAllowed(), worker.toString());
            }
        } finally {
            reactor.close();
        }
    }

    @Test
    void aThreadPinnedToTheLastCpuGetsARingForIt() throws Exception {
        int last = Runtime.getRuntime().availableProcessors() - 1;
        assertEquals(last, onNewThread(() -> {
            Tasks.pinCurrentThread(last);
            try (Reactor reactor = Reactor.get()) {
                return reactor.cpu();
            }
        }));
    }

    @Test
    void sqpollModeRunsOperationsWithAKernelThreadBoundToTheCpu() throws Exception {
        String result = onNewThread(() -> {
            try (Reactor reactor = Reactor.create(8, RingMode.SQPOLL, 0)) {
            assertEquals(RingMode.SQPOLL, reactor.mode());
            assertTrue(reactor.fallbackReason().isEmpty());
            for (int i = 0; i < 100; i++) {
                assertEquals(0, reactor.completion().prepNop().submit().await());
            }
            String sqThread = "iou-sqp-" + Tasks.currentTid();
            Tasks.Task poller = Tasks.all().stream().filter(task -> task.name().equals(sqThread)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + sqThread + " thread"));
            return poller.cpusAllowed() + " " + reactor.cpu();
            }
        });
        String[] cpus = result.split(" ");
        assertEquals(cpus[1], cpus[0], "the SQPOLL thread is bound to the reactor's CPU");
    }

    @Test
    void plainModeAndTheModeProperty() throws Exception {
        System.setProperty(Reactor.MODE_PROPERTY, "Plain");
        try {
            assertEquals(RingMode.PLAIN, onNewThread(() -> {
                try (Reactor reactor = Reactor.get()) {
                    assertEquals(0, reactor.completion().prepNop().submit().await());
                    return reactor.mode();
                }
            }));
            System.setProperty(Reactor.MODE_PROPERTY, "turbo");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> onNewThread(Reactor::get));
            assertEquals("system property iou.ring.mode: ring mode must be taskrun, sqpoll or plain: turbo", e.getMessage());
        } finally {
            System.clearProperty(Reactor.MODE_PROPERTY);
        }
    }

    @Test
    void theProbeTellsWhichOpcodesTheKernelSupportsAndTheRingFdIsRegistered() throws Exception {
        Reactor reactor = Reactor.create(8);
        try {
            assertTrue(reactor.supports(IoUring.IORING_OP_SOCKET));
            assertTrue(reactor.supports(IoUring.IORING_OP_LISTEN), "Linux 6.11+");
            assertFalse(reactor.supports(250));
            assertTrue(reactor.ringFdRegistered());
        } finally {
            reactor.close();
        }
    }

    private static String uncheckedTid() {
        try {
            return Tasks.currentTid();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the CPUs of a list such as {@code 0-1,4} */
    private static List<Integer> cpusOf(String list) {
        return Arrays.stream(list.split(",")).flatMap(range -> {
            String[] ends = range.split("-");
            int first = Integer.parseInt(ends[0]);
            int last = Integer.parseInt(ends[ends.length - 1]);
            return IntStream.rangeClosed(first, last).boxed();
        }).toList();
    }
}
