package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.OperationTimedOutException;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.ReactorArena;
import io.ioucontext.reactor.UringException;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileIo} on real files, called outside fibers (each call drives the reactor). */
@OutsideFibers
class FileIoTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

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
    void noFollowLinksRefusesToOpenASymbolicLink() throws Exception {
        Path target = Files.writeString(dir.resolve("target"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        UringException e = assertThrows(UringException.class, () -> FileIo.open(link, LinkOption.NOFOLLOW_LINKS));
        assertEquals("openat(" + link + "): ELOOP (Too many levels of symbolic links)", e.getMessage());
        FileIo.close(FileIo.open(link));
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

    @Test
    void opensRelativeToADirectoryDescriptor() throws Exception {
        Files.writeString(dir.resolve("inside"), "relative");
        int directory = FileIo.open(dir);
        try {
            int fd = FileIo.openat(directory, Path.of("inside"));
            MemorySegment buffer = arena.allocate(16);
            assertEquals(8, FileIo.read(fd, buffer, 0));
            FileIo.close(fd);
            UringException e = assertThrows(UringException.class, () -> FileIo.openat(directory, Path.of("absent")));
            assertEquals("openat(dirfd=" + directory + ", absent): ENOENT (No such file or directory)", e.getMessage());
        } finally {
            FileIo.close(directory);
        }
    }

    @Test
    void statxOfADescriptorMatchesTheFilesAttributes() throws Exception {
        Path file = Files.write(dir.resolve("described"), new byte[12345]);
        int fd = FileIo.open(file);
        FileStatus status = FileIo.statx(fd);
        FileIo.close(fd);
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
        assertTrue(status.isRegularFile());
        assertEquals(attributes.size(), status.size());
        assertEquals(attributes.fileKey().toString(), "(dev=" + Long.toHexString(status.device()) + ",ino=" + status.inode() + ")");
        assertEquals(attributes.permissions(), status.permissions());
        UringException e = assertThrows(UringException.class, () -> FileIo.statx(fd));
        assertEquals("statx(fd=" + fd + "): EBADF (Bad file descriptor)", e.getMessage());
    }

    @Test
    void fsyncAndFdatasyncFlushARealFileAndFailOnAPipe() throws Exception {
        Path file = dir.resolve("synced");
        int fd = FileIo.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        FileIo.write(fd, arena.allocateFrom(ValueLayout.JAVA_BYTE, "durable".getBytes()), 0);
        FileIo.fsync(fd);
        FileIo.fdatasync(fd);
        FileIo.close(fd);
        assertEquals("durable", Files.readString(file));

        Pipe pipe = PipeIo.pipe();
        UringException e = assertThrows(UringException.class, () -> FileIo.fsync(pipe.writeFd()));
        assertEquals("fsync(fd=" + pipe.writeFd() + "): EINVAL (Invalid argument)", e.getMessage());
        assertEquals(Errno.EINVAL, assertThrows(UringException.class,
                () -> FileIo.fdatasync(pipe.readFd())).errno().orElseThrow());
        FileIo.close(pipe.readFd());
        FileIo.close(pipe.writeFd());
    }

    @Test
    void fallocateGrowsAFileAndPunchesHoles() throws Exception {
        Path file = Files.write(dir.resolve("allocated"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        int fd = FileIo.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileIo.fallocate(fd, AllocationMode.ALLOCATE, 0, 1 << 20);
        assertEquals(1 << 20, Files.size(file));
        FileIo.fallocate(fd, AllocationMode.ALLOCATE_KEEP_SIZE, 1 << 20, 1 << 20);
        assertEquals(1 << 20, Files.size(file), "KEEP_SIZE allocates past the end without growing the file");
        FileIo.fallocate(fd, AllocationMode.PUNCH_HOLE, 0, 4);
        byte[] start = new byte[8];
        System.arraycopy(Files.readAllBytes(file), 0, start, 0, 8);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 5, 6, 7, 8}, start);
        FileIo.close(fd);

        int readOnly = FileIo.open(file);
        UringException e = assertThrows(UringException.class,
                () -> FileIo.fallocate(readOnly, AllocationMode.ALLOCATE, 0, 1));
        assertEquals(Errno.EBADF, e.errno().orElseThrow());
        FileIo.close(readOnly);
        assertThrows(IllegalArgumentException.class, () -> FileIo.fallocate(readOnly, AllocationMode.ALLOCATE, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> FileIo.fallocate(readOnly, AllocationMode.ALLOCATE, -1, 1));
    }

    @Test
    void fadviseAcceptsAFileAndRefusesAPipe() throws Exception {
        Path file = Files.write(dir.resolve("advised"), new byte[4096]);
        int fd = FileIo.open(file);
        for (FileAdvice advice : FileAdvice.values()) {
            FileIo.fadvise(fd, 0, 0, advice);
        }
        FileIo.fadvise(fd, 0, 1L << 40, FileAdvice.WILLNEED);
        FileIo.close(fd);

        Pipe pipe = PipeIo.pipe();
        UringException e = assertThrows(UringException.class,
                () -> FileIo.fadvise(pipe.readFd(), 0, 0, FileAdvice.SEQUENTIAL));
        assertEquals("fadvise(fd=" + pipe.readFd() + "): ESPIPE (Illegal seek)", e.getMessage());
        FileIo.close(pipe.readFd());
        FileIo.close(pipe.writeFd());
    }

    @Test
    void ftruncateCutsAndExtendsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("truncated"), "0123456789");
        int fd = FileIo.open(file, StandardOpenOption.WRITE);
        FileIo.ftruncate(fd, 4);
        assertEquals("0123", Files.readString(file));
        FileIo.ftruncate(fd, 6);
        assertArrayEquals(new byte[] {'0', '1', '2', '3', 0, 0}, Files.readAllBytes(file));
        FileIo.close(fd);

        int readOnly = FileIo.open(file);
        UringException e = assertThrows(UringException.class, () -> FileIo.ftruncate(readOnly, 0));
        assertEquals("ftruncate(fd=" + readOnly + "): EINVAL (Invalid argument)", e.getMessage());
        FileIo.close(readOnly);
        assertThrows(IllegalArgumentException.class, () -> FileIo.ftruncate(readOnly, -1));
    }

    @Test
    void aClosedDescriptorIsReportedByEveryOperation() throws Exception {
        int fd = FileIo.open(Files.writeString(dir.resolve("closed"), "x"));
        FileIo.close(fd);
        MemorySegment buffer = arena.allocate(4);
        assertEquals(Errno.EBADF, assertThrows(UringException.class, () -> FileIo.read(fd, buffer, 0)).errno().orElseThrow());
        assertEquals(Errno.EBADF, assertThrows(UringException.class, () -> FileIo.close(fd)).errno().orElseThrow());
        assertEquals(Errno.EBADF, assertThrows(UringException.class, () -> FileIo.fsync(fd)).errno().orElseThrow());
        assertEquals(Errno.EBADF, assertThrows(UringException.class,
                () -> FileIo.readv(fd, new MemorySegment[] {buffer}, 0)).errno().orElseThrow());
    }

    @Test
    void negativeDescriptorsAreRefusedBeforeSubmitting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FileIo.read(-1, arena.allocate(4), 0));
        assertEquals("negative file descriptor: -1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FileIo.close(-1));
        assertThrows(IllegalArgumentException.class, () -> FileIo.fsync(-3));
        assertThrows(IllegalArgumentException.class, () -> FileIo.statx(-1));
        assertThrows(IllegalArgumentException.class, () -> FileIo.write(-1, java.nio.ByteBuffer.allocate(1), 0));
        assertEquals(false, Reactor.get().isRunnable(), "nothing was submitted");
    }
}
