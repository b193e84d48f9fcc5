package io.ioucontext.reactor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.fiber.Suspendable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Fibers doing real I/O through the reactor. */
class FiberReactorTest {

    private static final int O_RDONLY_CLOEXEC = 02000000;

    @TempDir
    Path dir;

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    /** Reads a whole file in chunks, the way a fiber would. */
    @Suspendable
    private static byte[] readAll(Path file, MemorySegment chunk) throws UringException {
        Reactor reactor = Reactor.get();
        int fd = reactor.completion().prepOpenat(file.toString(), O_RDONLY_CLOEXEC, 0).submit().await();
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        long offset = 0;
        int n;
        while ((n = reactor.completion().prepRead(fd, chunk, (int) chunk.byteSize(), offset).submit().await()) > 0) {
            content.write(chunk.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), 0, n);
            offset += n;
        }
        reactor.completion().prepClose(fd).submit().await();
        return content.toByteArray();
    }

    /** Runs something, returning what it printed to System.err instead of printing it. */
    private static String stderrOf(Runnable action) {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private Path randomFile(String name, int size, long seed) throws Exception {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void fibersReadFilesAndRunReturnsWhenAllAreDone() throws Exception {
        Path a = randomFile("a", 200_000, 1);
        Path b = randomFile("b", 3, 2);
        Reactor reactor = Reactor.get();
        byte[][] read = new byte[2][];
        Fiber first = reactor.spawn("read a", () -> read[0] = readAll(a, arena.allocate(4096)));
        Fiber second = reactor.spawn("read b", () -> read[1] = readAll(b, arena.allocate(4096)));
        reactor.run();
        assertTrue(first.isDone() && second.isDone());
        assertTrue(first.failure().isEmpty(), () -> first.failure().orElseThrow().toString());
        assertArrayEquals(Files.readAllBytes(a), read[0]);
        assertArrayEquals(Files.readAllBytes(b), read[1]);
        assertFalse(reactor.isRunnable());
    }

    @Test
    void hundredsOfFibersShareARingOfDepthEight() throws Exception {
        Reactor reactor = Reactor.create(8);
        int fibers = 300;
        List<Path> files = new ArrayList<>();
        byte[][] read = new byte[fibers][];
        List<Fiber> spawned = new ArrayList<>();
        for (int i = 0; i < fibers; i++) {
            Path file = randomFile("f" + i, 1000 + 37 * i, i);
            files.add(file);
            MemorySegment chunk = arena.allocate(512);
            int index = i;
            spawned.add(reactor.spawn("reader " + i, () -> read[index] = readAll(file, chunk)));
        }
        reactor.run();
        for (int i = 0; i < fibers; i++) {
            int index = i;
            assertTrue(spawned.get(i).failure().isEmpty(), () -> spawned.get(index).failure().orElseThrow().toString());
            assertArrayEquals(Files.readAllBytes(files.get(i)), read[i], "file " + i);
        }
    }

    @Test
    void thousandsOfFibersEachWaitingForOperationsThroughARingOfDepthEight() {
        Reactor reactor = Reactor.create(8);
        int fibers = 5000;
        int each = 3;
        int[] done = new int[fibers];
        List<Fiber> spawned = new ArrayList<>();
        for (int i = 0; i < fibers; i++) {
            int index = i;
            spawned.add(reactor.spawn("nop " + i, () -> {
                for (int k = 0; k < each; k++) {
                    reactor.completion().prepNop().submit().await();
                    done[index]++;
                }
            }));
        }
        reactor.run();
        for (int i = 0; i < fibers; i++) {
            int index = i;
            assertTrue(spawned.get(i).failure().isEmpty(), () -> spawned.get(index).failure().orElseThrow().toString());
            assertEquals(each, done[i], "fiber " + i);
        }
        assertFalse(reactor.isRunnable());
    }

    /**
     * Reads that fill the SQ, and more of them than the CQ holds, wait for a write that found the
     * SQ full: the loop must hand the SQEs to the kernel and queue them all, the write too, before
     * it waits, or it waits forever.
     */
    @ParameterizedTest
    @EnumSource(RingMode.class)
    @OutsideFibers
    void operationsThatOnlyQueuedOnesCanCompleteDoNotBlockTheLoop(RingMode mode) throws Throwable {
        Reactor reactor = Reactor.create(2, mode, 0);
        Pipe pipe = Pipe.open();
        int readers = 4 * reactor.submissionQueueEntries();  // the CQ has 2 entries per SQ entry
        byte[] read = new byte[readers];
        for (int i = 0; i < readers; i++) {
            int index = i;
            MemorySegment in = arena.allocate(1);
            reactor.spawn("reader " + i, () -> {
                reactor.completion().prepRead(pipe.readEnd(), in, 1, -1).submit().await();
                read[index] = in.get(ValueLayout.JAVA_BYTE, 0);
            });
        }
        MemorySegment out = arena.allocate(readers).fill((byte) 7);
        reactor.spawn("writer", () -> reactor.completion().prepWrite(pipe.writeEnd(), out, readers, -1).submit().await());
        reactor.run();  // all fibers run in one turn: the readers fill the SQ, the write waits for a slot
        for (byte b : read) {
            assertEquals(7, b);
        }
        reactor.completion().prepClose(pipe.readEnd()).submit().await();
        reactor.completion().prepClose(pipe.writeEnd()).submit().await();
    }

    @Test
    @OutsideFibers
    void anOperationOutsideAFiberLetsFibersRunUntilItCompletes() throws Throwable {
        Pipe pipe = Pipe.open();
        Reactor reactor = Reactor.get();
        MemorySegment message = arena.allocateFrom("from a fiber", StandardCharsets.US_ASCII);
        reactor.spawn("writer", () -> reactor.completion().prepWrite(pipe.writeEnd(), message, 12, -1).submit().await());
        MemorySegment in = arena.allocate(64);
        // Only the fiber can satisfy this read, so it must run while the read is awaited.
        int n = reactor.completion().prepRead(pipe.readEnd(), in, 64, -1).submit().await();
        assertEquals("from a fiber", new String(in.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
        reactor.completion().prepClose(pipe.writeEnd()).submit().await();
        reactor.completion().prepClose(pipe.readEnd()).submit().await();
        reactor.run();
    }

    @Test
    void anUncaughtExceptionIsPrintedWithTheFibersNameAndOthersGoOn() throws Exception {
        Path file = randomFile("ok", 10_000, 3);
        Reactor reactor = Reactor.get();
        byte[][] read = new byte[1][];
        reactor.spawn("bad descriptor", () -> reactor.completion().prepRead(-1, arena.allocate(8), 8, 0).submit().await());
        reactor.spawn("good", () -> read[0] = readAll(file, arena.allocate(1024)));
        String printed = stderrOf(reactor::run);
        assertTrue(printed.startsWith("Exception in fiber \"bad descriptor\" io.ioucontext.reactor.UringException: "
                + "read(fd=-1): EBADF (Bad file descriptor)"), printed);
        assertArrayEquals(Files.readAllBytes(file), read[0]);
    }

    @Test
    void fibersParkedOnSomethingElseThanAnOperationDoNotKeepTheLoopRunning() {
        Reactor reactor = Reactor.get();
        Fiber sleeper = reactor.spawn("sleeper", () -> Fiber.park());
        reactor.run();
        assertFalse(sleeper.isDone());
        sleeper.unpark();
        assertTrue(reactor.isRunnable());
        reactor.run();
        assertTrue(sleeper.isDone());
    }

    @Test
    void yieldingFibersInterleave() {
        Reactor reactor = Reactor.get();
        StringBuilder trace = new StringBuilder();
        for (String name : List.of("a", "b")) {
            reactor.spawn(name, () -> {
                for (int i = 0; i < 3; i++) {
                    trace.append(name).append(i).append(' ');
                    Fiber.yield();
                }
            });
        }
        reactor.run();
        assertEquals("a0 b0 a1 b1 a2 b2 ", trace.toString());
    }

    @Test
    @OutsideFibers
    void aFiberYieldingAloneContinuesWithoutWaitingForTheOperationsInFlight() throws Throwable {
        Reactor reactor = Reactor.get();
        Pipe pipe = Pipe.open();
        MemorySegment in = arena.allocate(1);
        // The reader's CQE comes only once the yielder writes: had a yield waited for a CQE, the
        // loop would wait for ever.
        Fiber reader = reactor.spawn("reader",
                () -> reactor.completion().prepRead(pipe.readEnd(), in, 1, -1).submit().await());
        int[] yields = new int[1];
        reactor.spawn("yielder", () -> {
            for (; yields[0] < 100; yields[0]++) {
                Fiber.yield();
            }
            assertFalse(reader.isDone(), "nothing was written yet");
            reactor.completion().prepWrite(pipe.writeEnd(), arena.allocateFrom("!"), 1, -1).submit().await();
        });
        reactor.run();
        assertEquals(100, yields[0]);
        assertEquals((byte) '!', in.get(ValueLayout.JAVA_BYTE, 0));
        assertTrue(reader.failure().isEmpty());
        pipe.closeThrough(reactor);
    }

    @Test
    void theLoopCannotBeRunFromInsideAFiberNorClosedWhileRunning() {
        Reactor reactor = Reactor.get();
        Fiber nested = reactor.spawn("nested", reactor::run);
        Fiber closer = reactor.spawn("closer", reactor::close);
        String printed = stderrOf(reactor::run);
        assertTrue(printed.contains("Exception in fiber \"nested\""), printed);
        assertTrue(nested.failure().orElseThrow() instanceof IllegalStateException);
        assertTrue(closer.failure().orElseThrow() instanceof IllegalStateException);
    }

    @Test
    void schedulingFromAnotherThreadIsRefused() {
        Reactor reactor = Reactor.get();
        Fiber parked = reactor.spawn("parked", () -> Fiber.park());
        reactor.run();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> CompletableFuture.runAsync(() -> reactor.schedule(parked)).get());
        assertTrue(e.getCause() instanceof IllegalStateException, e.getCause().toString());
    }
}
