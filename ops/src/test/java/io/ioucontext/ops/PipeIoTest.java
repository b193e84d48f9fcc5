package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.ReactorArena;
import io.ioucontext.reactor.UringException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link PipeIo} over real pipes, FIFOs and files, outside fibers. */
@OutsideFibers
class PipeIoTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    private static void closeBoth(Pipe pipe) throws Exception {
        FileIo.close(pipe.readFd());
        FileIo.close(pipe.writeFd());
    }

    @Test
    void aPipeCarriesBytesAndEndsWhenItsWriteEndCloses() throws Exception {
        Pipe pipe = PipeIo.pipe();
        assertNotEquals(pipe.readFd(), pipe.writeFd());
        assertEquals(FileStatus.Type.FIFO, FileIo.statx(pipe.readFd()).type());
        FileIo.write(pipe.writeFd(), ByteBuffer.wrap("through".getBytes()), FileIo.CURRENT_POSITION);
        FileIo.close(pipe.writeFd());
        ByteBuffer received = ByteBuffer.allocate(16);
        assertEquals(7, FileIo.read(pipe.readFd(), received, FileIo.CURRENT_POSITION));
        assertEquals(-1, FileIo.read(pipe.readFd(), received, FileIo.CURRENT_POSITION));
        assertEquals("through", new String(received.array(), 0, received.position()));
        FileIo.close(pipe.readFd());
        assertEquals(Errno.EBADF, assertThrows(UringException.class, () -> FileIo.close(pipe.readFd())).errno().orElseThrow());
    }

    @Test
    void spliceMovesAFileIntoAPipeAndOutIntoAnotherFile() throws Exception {
        byte[] content = new byte[200_000];
        new Random(4).nextBytes(content);
        Path source = Files.write(dir.resolve("source"), content);
        Path target = dir.resolve("target");
        int in = FileIo.open(source);
        int out = FileIo.open(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        Pipe pipe = PipeIo.pipe();
        long offset = 100;
        int n;
        while ((n = PipeIo.splice(in, offset, pipe.writeFd(), FileIo.CURRENT_POSITION, 16384)) != -1) {
            offset += n;
            int left = n;
            while (left > 0) {
                left -= PipeIo.splice(pipe.readFd(), FileIo.CURRENT_POSITION, out, FileIo.CURRENT_POSITION, left);
            }
        }
        assertEquals(content.length, offset);
        FileIo.close(out);
        FileIo.close(in);
        closeBoth(pipe);
        assertArrayEquals(Arrays.copyOfRange(content, 100, content.length), Files.readAllBytes(target));
    }

    @Test
    void spliceWithoutAPipeOrWithAnOffsetOnAPipeFails() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "abc");
        int a = FileIo.open(file);
        int b = FileIo.open(dir.resolve("other"), StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        UringException e = assertThrows(UringException.class, () -> PipeIo.splice(a, 0, b, 0, 3));
        assertEquals("splice(fd=" + a + " -> fd=" + b + "): EINVAL (Invalid argument)", e.getMessage());
        Pipe pipe = PipeIo.pipe();
        assertEquals(Errno.ESPIPE, assertThrows(UringException.class,
                () -> PipeIo.splice(a, 0, pipe.writeFd(), 0, 3)).errno().orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> PipeIo.splice(a, -2, pipe.writeFd(), -1, 3));
        assertThrows(IllegalArgumentException.class, () -> PipeIo.splice(a, 0, pipe.writeFd(), -1, -1));
        assertEquals(0, PipeIo.splice(a, 0, pipe.writeFd(), -1, 0));
        FileIo.close(a);
        FileIo.close(b);
        closeBoth(pipe);
    }

    @Test
    void teeCopiesAPipesBytesWithoutConsumingThem() throws Exception {
        Pipe first = PipeIo.pipe();
        Pipe second = PipeIo.pipe();
        FileIo.write(first.writeFd(), arena.allocateFrom(ValueLayout.JAVA_BYTE, "duplicated".getBytes()), -1);
        assertEquals(10, PipeIo.tee(first.readFd(), second.writeFd(), 64));
        MemorySegment buffer = arena.allocate(64);
        assertEquals(10, FileIo.read(first.readFd(), buffer, -1));
        assertEquals("duplicated", new String(buffer.asSlice(0, 10).toArray(ValueLayout.JAVA_BYTE)));
        assertEquals(10, FileIo.read(second.readFd(), buffer, -1));
        assertEquals("duplicated", new String(buffer.asSlice(0, 10).toArray(ValueLayout.JAVA_BYTE)));

        FileIo.close(first.writeFd());
        assertEquals(-1, PipeIo.tee(first.readFd(), second.writeFd(), 64), "empty pipe without writers");
        int file = FileIo.open(Files.writeString(dir.resolve("notapipe"), "x"));
        UringException e = assertThrows(UringException.class, () -> PipeIo.tee(file, second.writeFd(), 1));
        assertEquals("tee(fd=" + file + " -> fd=" + second.writeFd() + "): EINVAL (Invalid argument)", e.getMessage());
        FileIo.close(file);
        FileIo.close(first.readFd());
        closeBoth(second);
    }

    @Test
    void aFifoOpenedAtBothEndsCarriesBytes() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        assertEquals(FileStatus.Type.FIFO, PathIo.statx(fifo).type());
        int reader = FileIo.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE);  // O_RDWR: no wait for a peer
        int writer = FileIo.open(fifo, StandardOpenOption.WRITE);
        FileIo.writev(writer, new ByteBuffer[] {ByteBuffer.wrap("fi".getBytes()), ByteBuffer.allocateDirect(2).put("fo".getBytes()).flip()}, -1);
        ByteBuffer received = ByteBuffer.allocateDirect(8);
        assertEquals(4, FileIo.read(reader, received, -1));
        received.flip();
        byte[] bytes = new byte[4];
        received.get(bytes);
        assertEquals("fifo", new String(bytes));
        assertTrue(Files.exists(fifo));
        FileIo.close(writer);
        FileIo.close(reader);
    }
}
