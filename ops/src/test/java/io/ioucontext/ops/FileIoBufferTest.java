package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.OperationTimedOutException;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.ReactorArena;
import io.ioucontext.reactor.UringException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileIo} with ByteBuffers (heap and direct) and vectored I/O on real files, outside fibers. */
@OutsideFibers
class FileIoBufferTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void readsIntoHeapAndDirectBuffersFromTheirPositionsAndMovesThem() throws Exception {
        byte[] content = random(100, 1);
        int fd = FileIo.open(Files.write(dir.resolve("in"), content));
        for (ByteBuffer buffer : new ByteBuffer[] {ByteBuffer.allocate(64), ByteBuffer.allocateDirect(64)}) {
            buffer.position(10).limit(30);
            assertEquals(20, FileIo.read(fd, buffer, 5));
            assertEquals(30, buffer.position(), buffer.toString());
            byte[] got = new byte[20];
            buffer.get(10, got);
            assertArrayEquals(Arrays.copyOfRange(content, 5, 25), got);
            assertEquals(0, buffer.get(9), "bytes before the position stay untouched");
            assertEquals(0, FileIo.read(fd, buffer, 0), "a full buffer reads nothing");
            buffer.clear();
            assertEquals(-1, FileIo.read(fd, buffer, 100), "end of file");
            assertEquals(0, buffer.position());
        }
        FileIo.close(fd);
    }

    @Test
    void aHeapBufferLargerThanTheBounceAreaIsReadInPiecesAndWrittenWhole() throws Exception {
        byte[] content = random(FileIo.BOUNCE_BYTES * 3 + 17, 2);
        Path file = dir.resolve("big");
        int out = FileIo.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        ByteBuffer source = ByteBuffer.wrap(content, 3, content.length - 3);
        FileIo.write(out, source, FileIo.CURRENT_POSITION);
        assertFalse(source.hasRemaining());
        assertEquals(content.length, source.position());
        FileIo.close(out);
        assertArrayEquals(Arrays.copyOfRange(content, 3, content.length), Files.readAllBytes(file));

        int in = FileIo.open(file);
        ByteBuffer copy = ByteBuffer.allocate(content.length);
        int reads = 0;
        while (FileIo.read(in, copy, FileIo.CURRENT_POSITION) > 0) {
            reads++;
        }
        FileIo.close(in);
        assertTrue(reads >= 4, "at most " + FileIo.BOUNCE_BYTES + " bytes per read of a heap buffer: " + reads);
        assertArrayEquals(Arrays.copyOfRange(content, 3, content.length), Arrays.copyOf(copy.array(), copy.position()));
    }

    @Test
    void writesDirectBuffersAtOffsetsAndMovesTheirPositionsToTheLimit() throws Exception {
        Path file = dir.resolve("out");
        int fd = FileIo.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        ByteBuffer data = ByteBuffer.allocateDirect(16);
        data.put("..hello, world..".getBytes()).position(2).limit(14);
        FileIo.write(fd, data, 4);
        assertEquals(14, data.position());
        ByteBuffer readOnly = ByteBuffer.wrap("!".getBytes()).asReadOnlyBuffer();
        FileIo.write(fd, readOnly, 16);  // a write may come from a read-only buffer
        assertEquals(1, readOnly.position());
        FileIo.close(fd);
        assertArrayEquals("\0\0\0\0hello, world!".getBytes(), Files.readAllBytes(file));
    }

    @Test
    void readOnlyBuffersAndSegmentsAreRefusedForReads() throws Exception {
        int fd = FileIo.open(Files.writeString(dir.resolve("ro"), "abc"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FileIo.read(fd, ByteBuffer.allocate(4).asReadOnlyBuffer(), 0));
        assertTrue(e.getMessage().startsWith("cannot read into a read-only buffer"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FileIo.read(fd, ByteBuffer.allocateDirect(4).asReadOnlyBuffer(), 0));
        assertThrows(IllegalArgumentException.class, () -> FileIo.read(fd, arena.allocate(4).asReadOnly(), 0));
        assertThrows(IllegalArgumentException.class,
                () -> FileIo.readv(fd, new ByteBuffer[] {ByteBuffer.allocate(2), ByteBuffer.allocate(2).asReadOnlyBuffer()}, 0));
        assertEquals(false, Reactor.get().isRunnable(), "nothing was submitted");
        FileIo.close(fd);
    }

    @Test
    void writevAndReadvMoveBytesThroughMixedBuffersInOrder() throws Exception {
        Path file = dir.resolve("vectored");
        int out = FileIo.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        ByteBuffer heap = ByteBuffer.wrap("heap|".getBytes());
        ByteBuffer direct = ByteBuffer.allocateDirect(16).put("direct|".getBytes()).flip();
        ByteBuffer empty = ByteBuffer.allocate(0);
        ByteBuffer heapTail = ByteBuffer.wrap("xxtail".getBytes()).position(2);
        FileIo.writev(out, new ByteBuffer[] {heap, direct, empty, heapTail}, 0);
        assertFalse(heap.hasRemaining() || direct.hasRemaining() || heapTail.hasRemaining());
        FileIo.close(out);
        assertEquals("heap|direct|tail", Files.readString(file));

        int in = FileIo.open(file);
        ByteBuffer first = ByteBuffer.allocateDirect(3);
        ByteBuffer second = ByteBuffer.allocate(8).position(2);
        ByteBuffer third = ByteBuffer.allocate(100);
        assertEquals(16, FileIo.readv(in, new ByteBuffer[] {first, second, third}, 0));
        assertEquals(3, first.position());
        assertEquals(8, second.position());
        assertEquals(7, third.position());
        assertEquals("hea", new String(bytes(first.flip())));
        assertEquals("p|dire", new String(Arrays.copyOfRange(second.array(), 2, 8)));
        assertEquals("ct|tail", new String(third.array(), 0, 7));
        assertEquals(-1, FileIo.readv(in, new ByteBuffer[] {third}, 16), "end of file");
        assertEquals(0, FileIo.readv(in, new ByteBuffer[] {empty}, 0), "no room: nothing read");
        FileIo.close(in);
    }

    @Test
    void vectoredIoOverNativeSegments() throws Exception {
        byte[] content = random(3 * 4096 + 5, 3);
        Path file = dir.resolve("segments");
        int out = FileIo.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        MemorySegment[] pieces = {
            arena.allocateFrom(ValueLayout.JAVA_BYTE, Arrays.copyOfRange(content, 0, 4096)),
            arena.allocateFrom(ValueLayout.JAVA_BYTE, Arrays.copyOfRange(content, 4096, 3 * 4096)),
            arena.allocateFrom(ValueLayout.JAVA_BYTE, Arrays.copyOfRange(content, 3 * 4096, content.length)),
        };
        FileIo.writev(out, pieces, 0);
        FileIo.close(out);
        assertArrayEquals(content, Files.readAllBytes(file));

        int in = FileIo.open(file);
        MemorySegment a = arena.allocate(10);
        MemorySegment b = arena.allocate(content.length);
        assertEquals(content.length - 7, FileIo.readv(in, new MemorySegment[] {a, b}, 7));
        assertArrayEquals(Arrays.copyOfRange(content, 7, 17), a.toArray(ValueLayout.JAVA_BYTE));
        assertArrayEquals(Arrays.copyOfRange(content, 17, content.length),
                b.asSlice(0, content.length - 17).toArray(ValueLayout.JAVA_BYTE));
        assertThrows(IllegalArgumentException.class,
                () -> FileIo.readv(in, new MemorySegment[] {MemorySegment.ofArray(new byte[4])}, 0));
        UringException e = assertThrows(UringException.class, () -> FileIo.writev(in, pieces, 0));
        assertEquals("writev(fd=" + in + "): EBADF (Bad file descriptor)", e.getMessage());
        assertEquals(Errno.EBADF, e.errno().orElseThrow());
        FileIo.close(in);
    }

    @Test
    void writevOfManyHeapBuffersBeyondTheBounceAreaWritesEverything() throws Exception {
        ByteBuffer[] buffers = new ByteBuffer[1500];
        byte[] expected = new byte[buffers.length * 100];
        for (int i = 0; i < buffers.length; i++) {
            byte[] piece = random(100, i);
            System.arraycopy(piece, 0, expected, i * 100, 100);
            buffers[i] = i % 3 == 0 ? ByteBuffer.allocateDirect(100).put(piece).flip() : ByteBuffer.wrap(piece);
        }
        Path file = dir.resolve("many");
        int out = FileIo.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        FileIo.writev(out, buffers, FileIo.CURRENT_POSITION);
        FileIo.close(out);
        assertArrayEquals(expected, Files.readAllBytes(file));
    }

    @Test
    void aTimedBufferReadOfASilentPipeTimesOutAndLeavesThePosition() throws Exception {
        Pipe pipe = PipeIo.pipe();
        for (ByteBuffer buffer : new ByteBuffer[] {ByteBuffer.allocate(8).position(3), ByteBuffer.allocateDirect(8).position(3)}) {
            assertThrows(OperationTimedOutException.class,
                    () -> FileIo.read(pipe.readFd(), buffer, FileIo.CURRENT_POSITION, Duration.ofMillis(10)));
            assertEquals(3, buffer.position());
            FileIo.write(pipe.writeFd(), ByteBuffer.wrap("ok".getBytes()), FileIo.CURRENT_POSITION);
            assertEquals(2, FileIo.read(pipe.readFd(), buffer, FileIo.CURRENT_POSITION, Duration.ofMinutes(1)));
            assertEquals(5, buffer.position());
            assertEquals('k', buffer.get(4));
        }
        FileIo.write(pipe.writeFd(), ByteBuffer.wrap("!".getBytes()), FileIo.CURRENT_POSITION);
        assertEquals(1, FileIo.read(pipe.readFd(), ByteBuffer.allocate(1), FileIo.CURRENT_POSITION,
                Duration.ofSeconds(-1)), "a negative timeout waits as long as it takes");
        FileIo.close(pipe.readFd());
        FileIo.close(pipe.writeFd());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
