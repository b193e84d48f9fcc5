package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.reactor.ClosesReactor;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.UringException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link AsyncFile} on real files, outside fibers. */
@OutsideFibers
@ExtendWith(ClosesReactor.class)
class AsyncFileTest {

    @TempDir
    Path dir;

    @Test
    void readsAndWritesMoveTheFilePositionUnlessGivenOne() throws Exception {
        Path path = dir.resolve("positions");
        try (AsyncFile file = AsyncFile.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.CREATE_NEW)) {
            file.write(ByteBuffer.wrap("abc".getBytes()));
            file.write(ByteBuffer.allocateDirect(3).put("def".getBytes()).flip());
            file.write(ByteBuffer.wrap("XY".getBytes()), 1);  // leaves the file position at 6
            file.write(new ByteBuffer[] {ByteBuffer.wrap("gh".getBytes()), ByteBuffer.wrap("i".getBytes())});
            assertEquals("aXYdefghi", Files.readString(path));

            ByteBuffer buffer = ByteBuffer.allocate(4);
            assertEquals(-1, file.read(buffer), "the file position is at the end");
            assertEquals(4, file.read(buffer, 2));
            assertEquals("Ydef", new String(buffer.array()));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment segment = arena.allocate(3);
                assertEquals(3, file.read(segment, 6));
                assertEquals("ghi", new String(segment.toArray(ValueLayout.JAVA_BYTE)));
                file.write(arena.allocateFrom(ValueLayout.JAVA_BYTE, "Z".getBytes()), 0);
            }
            ByteBuffer[] parts = {ByteBuffer.allocate(2), ByteBuffer.allocateDirect(8)};
            assertEquals(9, file.read(parts, 0));
            assertEquals("ZX", new String(parts[0].array()));
            assertEquals(7, parts[1].position());
            assertEquals(9, file.status().size());
        }
    }

    @Test
    void syncTruncateAllocateAndAdviseARealFile() throws Exception {
        Path path = dir.resolve("managed");
        try (AsyncFile file = AsyncFile.open(path, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
            file.write(ByteBuffer.wrap(new byte[10_000]), 0);
            file.sync();
            file.syncData();
            file.truncate(100);
            assertEquals(100, Files.size(path));
            file.allocate(AllocationMode.ALLOCATE, 0, 8192);
            assertEquals(8192, file.status().size());
            file.advise(0, 0, FileAdvice.DONTNEED);
            assertTrue(file.status().isRegularFile());
        }
    }

    @Test
    void aClosedFileRefusesOperationsNamingItsPath() throws Exception {
        Path path = Files.writeString(dir.resolve("closed"), "x");
        AsyncFile file = AsyncFile.open(path);
        int fd = file.fd();
        assertTrue(file.isOpen());
        file.close();
        file.close();  // again: nothing
        assertFalse(file.isOpen());
        UringException e = assertThrows(UringException.class, () -> file.read(ByteBuffer.allocate(1)));
        assertEquals("read(" + path + "): EBADF (Bad file descriptor); the AsyncFile was closed", e.getMessage());
        assertEquals(Errno.EBADF, e.errno().orElseThrow());
        assertThrows(UringException.class, file::sync);
        assertThrows(IllegalStateException.class, file::fd);
        assertEquals(false, Reactor.get().isRunnable(), "nothing was submitted");
        assertEquals(Errno.EBADF, assertThrows(UringException.class, () -> FileIo.close(fd)).errno().orElseThrow(),
                "the descriptor was closed");
    }

    @Test
    void writesToAFileOpenedForReadingFailWithEbadf() throws Exception {
        Path path = Files.writeString(dir.resolve("readonly"), "data");
        try (AsyncFile file = AsyncFile.open(path)) {
            ByteBuffer data = ByteBuffer.wrap("more".getBytes());
            UringException e = assertThrows(UringException.class, () -> file.write(data));
            assertEquals(Errno.EBADF, e.errno().orElseThrow());
            assertEquals(0, data.position(), "nothing was written");
            assertThrows(IllegalArgumentException.class, () -> file.read(ByteBuffer.allocate(1), -1));
        }
        assertArrayEquals("data".getBytes(), Files.readAllBytes(path));
    }
}
