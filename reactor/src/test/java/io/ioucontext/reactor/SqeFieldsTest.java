package io.ioucontext.reactor;

import static io.ioucontext.reactor.IoUring.IORING_OP_FSYNC;
import static io.ioucontext.reactor.IoUring.IORING_OP_READ;
import static io.ioucontext.reactor.IoUring.IORING_OP_STATX;
import static io.ioucontext.reactor.IoUring.IORING_OP_WRITE;
import static io.ioucontext.reactor.IoUring.IOSQE_IO_LINK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.OutsideFibers;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Operations staged field by field through the generic SQE setters, as the ops module does. */
@OutsideFibers
class SqeFieldsTest {

    /** {@code AT_FDCWD}, {@code AT_STATX_SYNC_AS_STAT} and {@code STATX_SIZE} from the kernel headers. */
    private static final int AT_FDCWD = -100;
    private static final int STATX_SIZE = 0x200;
    /** {@code offsetof(struct statx, stx_size)}; the struct is 256 bytes. */
    private static final long STX_SIZE = 40;

    @TempDir
    Path dir;

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    @Test
    void writesAndReadsAPipeWithRawFields() throws Throwable {
        Pipe pipe = Pipe.open();
        MemorySegment out = arena.allocateFrom("raw sqe", StandardCharsets.US_ASCII);
        MemorySegment in = arena.allocate(16);
        Reactor reactor = Reactor.get();
        assertEquals(7, reactor.completion().opcode(IORING_OP_WRITE).fd(pipe.writeEnd()).addr(out).len(7).off(-1)
                .submit().await());
        assertEquals(7, reactor.completion().opcode(IORING_OP_READ).fd(pipe.readEnd()).buffer(in, 16).off(-1)
                .submit().await());
        assertEquals("raw sqe", new String(in.asSlice(0, 7).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
        reactor.completion().prepClose(pipe.writeEnd()).submit().await();
        reactor.completion().prepClose(pipe.readEnd()).submit().await();
    }

    @Test
    void statxUsesAddrAddr2LenFlagsAndScratchMemory() throws Exception {
        Path file = Files.writeString(dir.resolve("sized"), "twelve bytes");
        Reactor reactor = Reactor.get();
        Completion statx = reactor.completion();
        MemorySegment path = statx.scratch(file.toString().length() + 1);
        path.setString(0, file.toString(), StandardCharsets.US_ASCII);
        MemorySegment result = arena.allocate(256);
        assertEquals(0, statx.opcode(IORING_OP_STATX).fd(AT_FDCWD).addr(path).len(STATX_SIZE).addr2(result)
                .subject(file.toString()).submit().await());
        assertEquals(12, result.get(ValueLayout.JAVA_LONG, STX_SIZE));

        UringException missing = assertThrows(UringException.class, () -> {
            Completion c = reactor.completion();
            MemorySegment none = c.scratch(16);
            none.setString(0, "/no/such/file", StandardCharsets.US_ASCII);
            c.opcode(IORING_OP_STATX).fd(AT_FDCWD).addr(none).len(STATX_SIZE).addr2(result).subject("/no/such/file")
                    .submit().await();
        });
        assertEquals("statx(/no/such/file): ENOENT (No such file or directory)", missing.getMessage());
    }

    @Test
    void aReadIntoAProvidedBufferReportsTheBufferInTheCqeFlags() throws Throwable {
        Reactor reactor = Reactor.get();
        Pipe pipe = Pipe.open();
        int group = 7;
        int size = 16;
        MemorySegment buffers = arena.allocate(4L * size);
        // IORING_OP_PROVIDE_BUFFERS: fd = how many, addr = where, len = each one's size, off = first id.
        reactor.completion().opcode(IoUring.IORING_OP_PROVIDE_BUFFERS).fd(4).addr(buffers).len(size).off(10)
                .bufGroup(group).submit().await();
        MemorySegment data = arena.allocateFrom("chosen", StandardCharsets.US_ASCII);
        reactor.completion().prepWrite(pipe.writeEnd(), data, 6, -1).submit().await();
        long cqe = reactor.completion().opcode(IORING_OP_READ).fd(pipe.readEnd()).len(size).off(-1)
                .sqeFlags(IoUring.IOSQE_BUFFER_SELECT).bufGroup(group).submit().awaitCqe();
        assertEquals(6, Completion.cqeRes(cqe));
        int flags = Completion.cqeFlags(cqe);
        assertTrue((flags & IoUring.IORING_CQE_F_BUFFER) != 0, "flags " + flags);
        int id = flags >>> IoUring.IORING_CQE_BUFFER_SHIFT;
        assertTrue(id >= 10 && id < 14, "id " + id);
        assertEquals("chosen", new String(buffers.asSlice((id - 10L) * size, 6).toArray(ValueLayout.JAVA_BYTE),
                StandardCharsets.US_ASCII));
        reactor.completion().prepClose(pipe.writeEnd()).submit().await();
        reactor.completion().prepClose(pipe.readEnd()).submit().await();
    }

    @Test
    void namesTheOpcodeAndFdOfAFailedOperation() {
        UringException e = assertThrows(UringException.class,
                () -> Reactor.get().completion().opcode(IORING_OP_FSYNC).fd(-1).submit().await());
        assertEquals("fsync(fd=-1): EBADF (Bad file descriptor)", e.getMessage());
    }

    @Test
    void aDetachedOperationKeepsTheLoopRunningAndReturnsItsRecord() {
        Reactor reactor = Reactor.get();
        reactor.completion().prepNop().submitDetached();
        assertTrue(reactor.isRunnable());
        reactor.run();
        assertFalse(reactor.isRunnable());
    }

    @Test
    void aZeroTimeoutTriesNowAndAPositiveOneIsADeadline() throws Throwable {
        Pipe pipe = Pipe.open();
        MemorySegment in = arena.allocate(8);
        Reactor reactor = Reactor.get();
        OperationTimedOutException now = assertThrows(OperationTimedOutException.class,
                () -> reactor.completion().prepRead(pipe.readEnd(), in, 8, -1).timeout(Duration.ZERO).submit().await());
        assertEquals(Duration.ZERO, now.timeout());
        assertThrows(OperationTimedOutException.class, () -> reactor.completion().prepRead(pipe.readEnd(), in, 8, -1)
                .timeout(Duration.ofMillis(30)).submit().await());

        MemorySegment data = arena.allocateFrom("x", StandardCharsets.US_ASCII);
        reactor.completion().prepWrite(pipe.writeEnd(), data, 1, -1).submit().await();
        assertEquals(1, reactor.completion().prepRead(pipe.readEnd(), in, 8, -1).timeout(Duration.ZERO).submit().await(),
                "data already there is read within the grace");
        reactor.completion().prepWrite(pipe.writeEnd(), data, 1, -1).submit().await();
        assertEquals(1, reactor.completion().prepRead(pipe.readEnd(), in, 8, -1).timeout(Duration.ofSeconds(-1))
                .submit().await(), "a negative timeout blocks");
        reactor.run();
        reactor.completion().prepClose(pipe.writeEnd()).submit().await();
        reactor.completion().prepClose(pipe.readEnd()).submit().await();
    }

    @Test
    void operationsShareADeadline() throws Throwable {
        Reactor reactor = Reactor.get();
        Pipe pipe = Pipe.open();
        MemorySegment in = arena.allocate(8);
        Deadline deadline = Deadline.after(Duration.ofMillis(50));
        assertEquals("after PT0.05S", deadline.toString());
        reactor.completion().prepWrite(pipe.writeEnd(), arena.allocateFrom("x", StandardCharsets.US_ASCII), 1, -1)
                .timeout(deadline).submit().await();
        assertEquals(1, reactor.completion().prepRead(pipe.readEnd(), in, 8, -1).timeout(deadline).submit().await());
        OperationTimedOutException e = assertThrows(OperationTimedOutException.class,
                () -> reactor.completion().prepRead(pipe.readEnd(), in, 8, -1).timeout(deadline).submit().await());
        assertEquals(Duration.ofMillis(50), e.timeout());
        assertThrows(OperationTimedOutException.class, () -> reactor.completion().prepRead(pipe.readEnd(), in, 8, -1)
                .timeout(Deadline.after(Duration.ZERO)).submit().await());
        assertTrue(Deadline.after(null).isNever());
        assertTrue(Deadline.after(Duration.ofSeconds(-1)).isNever());
        reactor.run();
        reactor.completion().prepClose(pipe.writeEnd()).submit().await();
        reactor.completion().prepClose(pipe.readEnd()).submit().await();
    }

    @Test
    void refusesTheLinkFlagsTheReactorOwnsAndHeapMemory() {
        Completion c = Reactor.get().completion();
        assertThrows(IllegalArgumentException.class, () -> c.sqeFlags(IOSQE_IO_LINK));
        assertThrows(IllegalArgumentException.class, () -> c.addr(MemorySegment.ofArray(new byte[4])));
        assertThrows(IllegalArgumentException.class, () -> c.buffer(arena.allocate(4), 5));
    }
}
