package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.ClosesReactor;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.UringException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** File, path and pipe operations called from fibers, which suspend while the ring works. */
@ExtendWith(ClosesReactor.class)
class FileOpsFiberTest {

    @TempDir
    Path dir;

    private static void assertSucceeded(Fiber fiber) {
        assertTrue(fiber.isDone(), fiber.name() + " has not finished");
        assertTrue(fiber.failure().isEmpty(), () -> fiber.name() + " failed: " + fiber.failure().orElseThrow());
    }

    @Test
    void aFiberWritesSyncsAndReadsBackAnAsyncFile() throws Exception {
        Reactor reactor = Reactor.create(4);
        Path path = dir.resolve("fiber-file");
        AtomicReference<String> readBack = new AtomicReference<>();
        AtomicReference<FileStatus> status = new AtomicReference<>();
        Fiber fiber = reactor.spawn("file", () -> {
            try (AsyncFile file = AsyncFile.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE_NEW)) {
                ByteBuffer heap = ByteBuffer.wrap("heap ".getBytes());
                ByteBuffer direct = ByteBuffer.allocateDirect(6).put("direct".getBytes()).flip();
                file.write(new ByteBuffer[] {heap, direct});
                file.write(ByteBuffer.wrap("!".getBytes()));
                file.sync();
                status.set(file.status());
                ByteBuffer buffer = ByteBuffer.allocate(32);
                file.read(buffer, 0);
                readBack.set(new String(buffer.array(), 0, buffer.position()));
            }
        });
        reactor.run();
        assertSucceeded(fiber);
        assertEquals("heap direct!", readBack.get());
        assertEquals(12, status.get().size());
        assertEquals("heap direct!", Files.readString(path));
    }

    @Suspendable
    private static void spliceInto(Path source, int pipe) throws IOException {
        int in = FileIo.open(source);
        try {
            long offset = 0;
            int n;
            while ((n = PipeIo.splice(in, offset, pipe, FileIo.CURRENT_POSITION, 8192)) != -1) {
                offset += n;
            }
        } finally {
            FileIo.close(in);
            FileIo.close(pipe);
        }
    }

    @Suspendable
    private static void spliceOut(int pipe, Path target) throws IOException {
        int out = FileIo.open(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        try {
            while (PipeIo.splice(pipe, FileIo.CURRENT_POSITION, out, FileIo.CURRENT_POSITION, 4096) != -1) {
                Fiber.yield();
            }
        } finally {
            FileIo.close(out);
            FileIo.close(pipe);
        }
    }

    @Test
    @OutsideFibers
    void twoFibersSpliceAFileThroughAPipeWhileEachWaitsForTheOther() throws Exception {
        Reactor reactor = Reactor.create(8);
        byte[] content = new byte[1 << 20];  // far more than a pipe holds, so both sides wait
        new Random(5).nextBytes(content);
        Path source = Files.write(dir.resolve("source"), content);
        Path target = dir.resolve("target");
        Pipe pipe = PipeIo.pipe();
        Fiber reader = reactor.spawn("out of the pipe", () -> spliceOut(pipe.readFd(), target));
        Fiber writer = reactor.spawn("into the pipe", () -> spliceInto(source, pipe.writeFd()));
        reactor.run();
        assertSucceeded(writer);
        assertSucceeded(reader);
        assertArrayEquals(content, Files.readAllBytes(target));
    }

    @Test
    @OutsideFibers
    void aReaderFiberWaitsForAWriterFiberOnAPipe() throws Exception {
        Reactor reactor = Reactor.create(8);
        Pipe pipe = PipeIo.pipe();
        List<String> received = new ArrayList<>();
        Fiber reader = reactor.spawn("reader", () -> {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            while (FileIo.read(pipe.readFd(), buffer, FileIo.CURRENT_POSITION) != -1) {
                received.add(new String(buffer.array(), 0, buffer.position()));
                buffer.clear();
            }
            FileIo.close(pipe.readFd());
        });
        Fiber writer = reactor.spawn("writer", () -> {
            for (int i = 0; i < 3; i++) {
                FileIo.write(pipe.writeFd(), ByteBuffer.wrap(("message " + i).getBytes()), FileIo.CURRENT_POSITION);
                Fiber.yield();  // let the reader take it before the next
            }
            FileIo.close(pipe.writeFd());
        });
        reactor.run();
        assertSucceeded(writer);
        assertSucceeded(reader);
        assertEquals("message 0message 1message 2", String.join("", received));
    }

    @Suspendable
    private static void shuffleNames(Path dir, int i) throws IOException {
        Path sub = dir.resolve("d" + i);
        PathIo.mkdir(sub);
        Path file = sub.resolve("file");
        try (AsyncFile out = AsyncFile.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
            out.write(ByteBuffer.wrap(("fiber " + i).getBytes()));
        }
        PathIo.link(file, sub.resolve("hard"));
        PathIo.symlink(Path.of("hard"), sub.resolve("soft"));
        PathIo.rename(file, sub.resolve("renamed"));
        if (!PathIo.statx(sub.resolve("soft"), LinkOption.NOFOLLOW_LINKS).isSymbolicLink()
                || PathIo.statx(sub.resolve("soft")).linkCount() != 2) {
            throw new AssertionError("statx of " + sub + " disagrees");
        }
        PathIo.unlink(sub.resolve("hard"));
    }

    @Test
    void manyFibersWorkOnNamesAtOnceThroughASmallRing() throws Exception {
        Reactor reactor = Reactor.create(4);
        List<Fiber> fibers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int index = i;
            fibers.add(reactor.spawn("names " + i, () -> shuffleNames(dir, index)));
        }
        reactor.run();
        for (int i = 0; i < fibers.size(); i++) {
            assertSucceeded(fibers.get(i));
            Path sub = dir.resolve("d" + i);
            assertEquals("fiber " + i, Files.readString(sub.resolve("renamed")));
            assertFalse(Files.exists(sub.resolve("hard")));
            assertTrue(Files.isSymbolicLink(sub.resolve("soft")));
            assertFalse(Files.exists(sub.resolve("soft")), "its target was unlinked");
        }
    }

    @Test
    void aFailingOperationThrowsInsideTheFiber() throws Exception {
        Reactor reactor = Reactor.create(4);
        AtomicReference<UringException> caught = new AtomicReference<>();
        Fiber fiber = reactor.spawn("failing", () -> {
            try {
                PathIo.statx(dir.resolve("missing"));
            } catch (UringException e) {
                caught.set(e);
            }
            PathIo.unlink(dir.resolve("missing too"));
        });
        reactor.run();
        assertEquals(Errno.ENOENT, caught.get().errno().orElseThrow());
        assertEquals("statx(" + dir.resolve("missing") + ")", caught.get().operation());
        UringException uncaught = (UringException) fiber.failure().orElseThrow();
        assertEquals("unlinkat(" + dir.resolve("missing too") + "): ENOENT (No such file or directory)", uncaught.getMessage());
        assertArrayEquals(new String[0], Arrays.stream(dir.toFile().list()).toArray(String[]::new));
    }

    @Suspendable
    private static void copyThroughHeapBuffers(Path from, Path to) throws IOException {
        try (AsyncFile in = AsyncFile.open(from);
                AsyncFile out = AsyncFile.open(to, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
            ByteBuffer[] pieces = {ByteBuffer.allocate(1000), ByteBuffer.allocate(3000)};
            while (in.read(pieces) != -1) {
                for (ByteBuffer piece : pieces) {
                    piece.flip();
                }
                out.write(pieces);
                for (ByteBuffer piece : pieces) {
                    piece.clear();
                }
            }
        }
    }

    @Test
    void fibersCopyingThroughHeapBuffersAtOnceDoNotShareBounceMemory() throws Exception {
        Reactor reactor = Reactor.create(4);
        List<Fiber> fibers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            byte[] content = new byte[50_000 + 777 * i];
            new Random(100 + i).nextBytes(content);
            Path source = Files.write(dir.resolve("heap-in" + i), content);
            Path target = dir.resolve("heap-out" + i);
            fibers.add(reactor.spawn("heap copy " + i, () -> copyThroughHeapBuffers(source, target)));
        }
        reactor.run();
        for (int i = 0; i < fibers.size(); i++) {
            assertSucceeded(fibers.get(i));
            assertArrayEquals(Files.readAllBytes(dir.resolve("heap-in" + i)), Files.readAllBytes(dir.resolve("heap-out" + i)));
        }
    }

    @Test
    void openingAFifoWaitsInTheFiberUntilAnotherFiberOpensItsOtherEnd() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        Reactor reactor = Reactor.create(4);
        AtomicReference<String> received = new AtomicReference<>();
        Fiber reader = reactor.spawn("reader", () -> {
            try (AsyncFile in = AsyncFile.open(fifo)) {  // open(2) of a FIFO blocks until a writer comes
                ByteBuffer buffer = ByteBuffer.allocateDirect(32);
                while (in.read(buffer) != -1) {
                    // until the writer closes
                }
                buffer.flip();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                received.set(new String(bytes));
            }
        });
        Fiber writer = reactor.spawn("writer", () -> {
            try (AsyncFile out = AsyncFile.open(fifo, StandardOpenOption.WRITE)) {
                out.write(ByteBuffer.wrap("over the fifo".getBytes()));
            }
        });
        reactor.run();
        assertSucceeded(reader);
        assertSucceeded(writer);
        assertEquals("over the fifo", received.get());
    }
}
