package io.ioucontext.reactor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ioucontext.fiber.OutsideFibers;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Operations awaited outside any fiber drive the reactor until their own CQE arrives. */
@OutsideFibers
class OutsideFiberOperationTest {

    private static final int O_RDONLY = 0;
    private static final int O_WRONLY_CREAT_TRUNC_CLOEXEC = 01 | 0100 | 01000 | 02000000;

    @TempDir
    Path dir;

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    private static int open(String path, int flags) throws UringException {
        return Reactor.get().completion().prepOpenat(path, flags, 0644).submit().await();
    }

    private static void closeFd(int fd) throws UringException {
        Reactor.get().completion().prepClose(fd).submit().await();
    }

    @Test
    void readsARealFileAtOffsets() throws Exception {
        byte[] content = new byte[100_000];
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("in.bin"), content);
        int fd = open(file.toString(), O_RDONLY);
        MemorySegment buffer = arena.allocate(4096);
        int n = Reactor.get().completion().prepRead(fd, buffer, 4096, 50_000).submit().await();
        assertEquals(4096, n);
        byte[] expected = new byte[4096];
        System.arraycopy(content, 50_000, expected, 0, 4096);
        assertArrayEquals(expected, buffer.toArray(ValueLayout.JAVA_BYTE));
        assertEquals(0, Reactor.get().completion().prepRead(fd, buffer, 4096, 100_000).submit().await(),
                "a read at the end of the file returns 0");
        closeFd(fd);
        assertFalse(Reactor.get().isRunnable());
    }

    @Test
    void writesARealFile() throws Exception {
        Path file = dir.resolve("out.txt");
        int fd = open(file.toString(), O_WRONLY_CREAT_TRUNC_CLOEXEC);
        MemorySegment text = arena.allocateFrom("hello, ring\n", StandardCharsets.US_ASCII);
        int length = (int) text.byteSize() - 1;  // without the NUL
        assertEquals(length, Reactor.get().completion().prepWrite(fd, text, length, 0).submit().await());
        closeFd(fd);
        assertEquals("hello, ring\n", Files.readString(file));
    }

    @Test
    void movesBytesThroughAPipe() throws Throwable {
        Pipe pipe = Pipe.open();
        MemorySegment out = arena.allocateFrom("through the pipe", StandardCharsets.US_ASCII);
        MemorySegment in = arena.allocate(64);
        assertEquals(16, Reactor.get().completion().prepWrite(pipe.writeEnd(), out, 16, -1).submit().await());
        closeFd(pipe.writeEnd());
        assertEquals(16, Reactor.get().completion().prepRead(pipe.readEnd(), in, 64, -1).submit().await());
        assertEquals("through the pipe", new String(in.asSlice(0, 16).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
        assertEquals(0, Reactor.get().completion().prepRead(pipe.readEnd(), in, 64, -1).submit().await(),
                "end of stream once the write end is closed");
        closeFd(pipe.readEnd());
    }

    @Test
    void reportsErrorsWithTheirErrnoAndOperation() throws Exception {
        MemorySegment buffer = arena.allocate(16);
        UringException badFd = assertThrows(UringException.class,
                () -> Reactor.get().completion().prepRead(-1, buffer, 16, 0).submit().await());
        assertEquals("read(fd=-1): EBADF (Bad file descriptor)", badFd.getMessage());
        assertEquals(Errno.EBADF, badFd.errno().orElseThrow());
        assertEquals(9, badFd.errnoNumber());

        String missing = dir.resolve("missing").toString();
        UringException noFile = assertThrows(UringException.class, () -> open(missing, O_RDONLY));
        assertEquals("openat(" + missing + "): ENOENT (No such file or directory)", noFile.getMessage());
        assertEquals("openat(" + missing + ")", noFile.operation());
    }

    @Test
    void queuesOperationsThatDoNotFitInTheSubmissionQueue() throws Exception {
        Reactor.create(2);
        Path file = Files.writeString(dir.resolve("small.txt"), "0123456789");
        int fd = open(file.toString(), O_RDONLY);
        Completion[] reads = new Completion[10];
        MemorySegment[] buffers = new MemorySegment[10];
        for (int i = 0; i < reads.length; i++) {
            buffers[i] = arena.allocate(1);
            reads[i] = Reactor.get().completion().prepRead(fd, buffers[i], 1, i).submit();
        }
        for (int i = reads.length - 1; i >= 0; i--) {
            assertEquals(1, reads[i].await());
            assertEquals('0' + i, buffers[i].get(ValueLayout.JAVA_BYTE, 0));
        }
        closeFd(fd);
    }

    @Test
    void refusesBuffersTheKernelWouldOverrun() {
        MemorySegment small = arena.allocate(8);
        assertThrows(IllegalArgumentException.class, () -> Reactor.get().completion().prepRead(0, small, 9, 0));
        assertThrows(IllegalArgumentException.class, () -> Reactor.get().completion().prepWrite(1, small, -1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Reactor.get().completion().prepRecv(0, MemorySegment.ofArray(new byte[8]), 8, 0));
        assertThrows(IllegalArgumentException.class, () -> Reactor.get().completion().prepRecvmsg(0, small, 0));
    }

    @Test
    void awaitingAnUnsubmittedOperationFails() {
        Completion nop = Reactor.get().completion().prepNop();
        assertThrows(IllegalStateException.class, nop::await);
    }

    @Test
    void aLinkedTimeoutCancelsAReadThatGetsNoData() throws Throwable {
        Pipe pipe = Pipe.open();
        MemorySegment in = arena.allocate(8);
        OperationTimedOutException e = assertThrows(OperationTimedOutException.class, () -> Reactor.get().completion()
                .prepRead(pipe.readEnd(), in, 8, -1).timeout(Duration.ofMillis(20)).submit().await());
        assertEquals("read(fd=" + pipe.readEnd() + "): ECANCELED (Operation canceled); timed out after PT0.02S",
                e.getMessage());
        assertEquals(Duration.ofMillis(20), e.timeout());
        assertFalse(Reactor.get().isRunnable(), "the LINK_TIMEOUT's own CQE was reaped too");

        MemorySegment data = arena.allocateFrom("data", StandardCharsets.US_ASCII);
        Reactor.get().completion().prepWrite(pipe.writeEnd(), data, 4, -1).submit().await();
        assertEquals(4, Reactor.get().completion().prepRead(pipe.readEnd(), in, 8, -1)
                .timeout(Duration.ofMinutes(1)).submit().await());
        Reactor.get().run();  // reaps the cancelled LINK_TIMEOUT's CQE, if it came later
        assertFalse(Reactor.get().isRunnable());
        closeFd(pipe.writeEnd());
        closeFd(pipe.readEnd());
    }

    @Test
    void aTimedOperationNeedsTwoSubmissionQueueSlots() throws Exception {
        Reactor.create(1);
        MemorySegment in = arena.allocate(8);
        assertThrows(IllegalArgumentException.class,
                () -> Reactor.get().completion().prepRead(0, in, 8, -1).timeout(Duration.ofSeconds(1)).submit());
    }

    @Test
    void closeCancelsOperationsStillInFlight() throws Throwable {
        Pipe pipe = Pipe.open();
        MemorySegment stolen = arena.allocate(8);
        Reactor.get().completion().prepRead(pipe.readEnd(), stolen, 8, -1).submit();
        Reactor.get().close();  // returns although nothing will ever be written to the pipe
        MemorySegment late = arena.allocateFrom("late", StandardCharsets.US_ASCII);
        MemorySegment in = arena.allocate(8);
        assertEquals(4, Reactor.get().completion().prepWrite(pipe.writeEnd(), late, 4, -1).submit().await());
        assertEquals(4, Reactor.get().completion().prepRead(pipe.readEnd(), in, 8, -1).submit().await(),
                "the cancelled read took nothing");
        assertEquals(0, stolen.get(ValueLayout.JAVA_BYTE, 0));
        closeFd(pipe.writeEnd());
        closeFd(pipe.readEnd());
    }

    @Test
    void closeReleasesEveryFileDescriptorItOpened() throws Exception {
        long before = OpenFileDescriptors.count();
        Path file = Files.writeString(dir.resolve("f.txt"), "x");
        int fd = open(file.toString(), O_RDONLY);
        closeFd(fd);
        assertEquals(0, Reactor.get().completion().prepNop().submit().await());
        Reactor.get().close();
        assertEquals(before, OpenFileDescriptors.count());
    }
}
