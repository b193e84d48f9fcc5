package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.OperationTimedOutException;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.UringException;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Random;
import io.ioucontext.fiber.OutsideFibers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileIo} on real files, called outside fibers (each call drives the reactor). */
@OutsideFibers
class FileIoTest {

    @TempDir
    Path dir;

    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void close() {
        Reactor.get().close();
        arena.close();
    }

    @Test
    void readsAFileInChunksUntilTheEnd() throws Exception {
        byte[] content = new byte[300_001];
        new Random(1).nextBytes(content);
        Path file = Files.write(dir.resolve("in.bin"), content);
        int fd = FileIo.open(file);
        MemorySegment chunk = arena.allocate(65536);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        int n;
        while ((n = FileIo.read(fd, chunk, FileIo.CURRENT_POSITION)) != -1) {
            copy.write(chunk.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
        }
        FileIo.close(fd);
        assertArrayEquals(content, copy.toByteArray());
    }

    @Test
    void writesEverythingThenReadsItBackAtAnOffset() throws Exception {
        byte[] content = new byte[1 << 20];
        new Random(2).nextBytes(content);
        Path file = dir.resolve("out.bin");
        int fd = FileIo.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        FileIo.write(fd, arena.allocateFrom(ValueLayout.JAVA_BYTE, content), 0);
        FileIo.close(fd);
        assertArrayEquals(content, Files.readAllBytes(file));

        fd = FileIo.open(file);
        MemorySegment buffer = arena.allocate(10);
        assertEquals(10, FileIo.read(fd, buffer, 10, 1000));
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 1000, 1010), buffer.toArray(ValueLayout.JAVA_BYTE));
        assertEquals(-1, FileIo.read(fd, buffer, content.length), "end of file is -1, not an exception");
        FileIo.close(fd);
    }

    @Test
    void createNewRefusesAnExistingFile() throws Exception {
        Path file = Files.writeString(dir.resolve("exists"), "x");
        UringException e = assertThrows(UringException.class,
                () -> FileIo.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW));
        assertEquals(Errno.EEXIST, e.errno().orElseThrow());
    }

    @Test
    void reportsAMissingFileWithItsPath() {
        Path missing = dir.resolve("missing");
        UringException e = assertThrows(UringException.class, () -> FileIo.open(missing));
        assertEquals("openat(" + missing + "): ENOENT (No such file or directory)", e.getMessage());
    }

    @Test
    void reportsWritesToAReadOnlyDescriptor() throws Exception {
        Path file = Files.writeString(dir.resolve("ro"), "x");
        int fd = FileIo.open(file);
        UringException e = assertThrows(UringException.class,
                () -> FileIo.write(fd, arena.allocate(4), FileIo.CURRENT_POSITION));
        assertEquals("write(fd=" + fd + "): EBADF (Bad file descriptor)", e.getMessage());
        FileIo.close(fd);
    }

    @Test
    void checksItsArgumentsBeforeSubmitting() {
        MemorySegment small = arena.allocate(8);
        assertThrows(IllegalArgumentException.class, () -> FileIo.read(0, small, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> FileIo.read(0, small, 9, 0));
        assertThrows(IllegalArgumentException.class, () -> FileIo.read(0, small, 8, -2));
        assertThrows(IllegalArgumentException.class, () -> FileIo.read(0, MemorySegment.ofArray(new byte[8]), 0));
        assertThrows(IllegalArgumentException.class, () -> FileIo.write(1, MemorySegment.ofArray(new byte[8]), -1));
        assertEquals(false, Reactor.get().isRunnable(), "nothing was submitted");
    }

    @Test
    void aTimedReadOfAFileCompletesAndOfASilentStreamTimesOut() throws Exception {
        Path file = Files.writeString(dir.resolve("timed"), "in time");
        int fd = FileIo.open(file);
        MemorySegment buffer = arena.allocate(16);
        assertEquals(7, FileIo.read(fd, buffer, 0, Duration.ofMinutes(1)));
        FileIo.close(fd);

        Process silent = new ProcessBuilder("sleep", "60").start();  // its stdout pipe stays empty
        try {
            int pipe = FileIo.open(Path.of("/proc/" + silent.pid() + "/fd/1"));
            assertThrows(OperationTimedOutException.class, () -> FileIo.read(pipe, buffer, -1, Duration.ofMillis(10)));
            FileIo.close(pipe);
        } finally {
            silent.destroy();
        }
    }

    @Test
    void anEmptyReadReturnsZero() throws Exception {
        assertEquals(0, FileIo.read(0, arena.allocate(8), 0, FileIo.CURRENT_POSITION));
    }
}
