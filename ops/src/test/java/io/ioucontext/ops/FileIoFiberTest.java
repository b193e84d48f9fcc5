package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.ReactorArena;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileIo} called by many fibers at once, on a ring much smaller than their number. */
class FileIoFiberTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    @Suspendable
    private static void copy(Path from, Path to, MemorySegment chunk) throws IOException {
        int in = FileIo.open(from);
        int out = FileIo.open(to, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        try {
            int n;
            while ((n = FileIo.read(in, chunk, FileIo.CURRENT_POSITION)) != -1) {
                FileIo.write(out, chunk.asSlice(0, n), FileIo.CURRENT_POSITION);
            }
        } finally {
            FileIo.close(out);
            FileIo.close(in);
        }
    }

    @Test
    void fiftyFibersCopyFilesThroughARingOfDepthEight() throws Exception {
        Reactor reactor = Reactor.create(8);
        List<Path> sources = new ArrayList<>();
        List<Fiber> fibers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] content = new byte[20_000 + 1_001 * i];
            new Random(i).nextBytes(content);
            Path source = Files.write(dir.resolve("in" + i), content);
            Path target = dir.resolve("out" + i);
            MemorySegment chunk = arena.allocate(4096);
            sources.add(source);
            fibers.add(reactor.spawn("copy " + i, () -> copy(source, target, chunk)));
        }
        reactor.run();
        for (int i = 0; i < sources.size(); i++) {
            Fiber fiber = fibers.get(i);
            assertTrue(fiber.failure().isEmpty(), () -> fiber.failure().orElseThrow().toString());
            assertArrayEquals(Files.readAllBytes(sources.get(i)), Files.readAllBytes(dir.resolve("out" + i)));
        }
    }
}
