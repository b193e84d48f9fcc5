package io.ioucontext.reactor;

import static io.ioucontext.reactor.IoUring.IOSQE_FIXED_FILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ioucontext.fiber.OutsideFibers;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Descriptors installed in the ring's registered file table and used by slot. */
@OutsideFibers
class RegisteredFilesTest {

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    @Test
    void writesThroughARegisteredSlot() throws Throwable {
        Reactor reactor = Reactor.create(8, RingMode.TASKRUN, 4);
        assertEquals(4, reactor.registeredFiles());
        Pipe pipe = Pipe.open();
        int slot = reactor.registerFile(pipe.writeEnd());
        reactor.completion().prepClose(pipe.writeEnd()).submit().await();  // the slot keeps the pipe open
        MemorySegment out = arena.allocateFrom("fixed", StandardCharsets.US_ASCII);
        assertEquals(5, reactor.completion().prepWrite(slot, out, 5, -1).sqeFlags(IOSQE_FIXED_FILE).submit().await());
        MemorySegment in = arena.allocate(8);
        assertEquals(5, reactor.completion().prepRead(pipe.readEnd(), in, 8, -1).submit().await());
        assertEquals("fixed", new String(in.asSlice(0, 5).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
        reactor.unregisterFile(slot);
        assertEquals(0, reactor.completion().prepRead(pipe.readEnd(), in, 8, -1).submit().await(),
                "emptying the slot closed the last reference to the write end");
        reactor.completion().prepClose(pipe.readEnd()).submit().await();
    }

    @Test
    void withoutATableRegisteringFails() throws Throwable {
        Reactor reactor = Reactor.create(8, RingMode.TASKRUN, 0);
        UringException e = assertThrows(UringException.class, () -> reactor.registerFile(0));
        assertEquals(Errno.ENXIO, e.errno().orElseThrow(), e.getMessage());
    }
}
