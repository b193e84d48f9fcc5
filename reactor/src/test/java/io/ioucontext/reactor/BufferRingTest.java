package io.ioucontext.reactor;

import static io.ioucontext.reactor.IoUring.IORING_OP_READ;
import static io.ioucontext.reactor.IoUring.IOSQE_BUFFER_SELECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ioucontext.fiber.OutsideFibers;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Provided buffer rings registered on the real kernel, read into through a pipe. */
@OutsideFibers
class BufferRingTest {

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    /** @return the CQE of a read from the pipe into a buffer the kernel picks */
    private static long readSelecting(Reactor reactor, Pipe pipe, BufferRing buffers) throws UringException {
        return reactor.completion().opcode(IORING_OP_READ).fd(pipe.readEnd()).sqeFlags(IOSQE_BUFFER_SELECT)
                .bufGroup(buffers.groupId()).off(-1).submit().awaitCqe();
    }

    @ParameterizedTest
    @EnumSource(RingMode.class)
    void theKernelFillsABufferOfTheRingAndTheCqeNamesIt(RingMode mode) throws Throwable {
        Reactor reactor = Reactor.create(8, mode, 0);
        Pipe pipe = Pipe.open();
        try (BufferRing buffers = reactor.bufferRing(4, 16)) {
            assertEquals(4, buffers.count());
            assertEquals(16, buffers.bufferSize());
            for (int round = 0; round < 10; round++) {  // more rounds than buffers: each goes back after use
                String text = "round " + round;
                MemorySegment out = arena.allocateFrom(text, StandardCharsets.US_ASCII);
                reactor.completion().prepWrite(pipe.writeEnd(), out, text.length(), -1).submit().await();
                try (ProvidedBuffer buffer = buffers.take(readSelecting(reactor, pipe, buffers)).orElseThrow()) {
                    assertEquals(text, new String(buffer.data().toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
                    assertEquals(1, buffers.lent());
                }
            }
            assertEquals(0, buffers.lent());
        }
        pipe.closeThrough(reactor);
    }

    @Test
    void closingTheReactorUnregistersAndFreesItsBufferRings() throws Throwable {
        Reactor reactor = Reactor.create(8, RingMode.TASKRUN, 0);
        Pipe pipe = Pipe.open();
        BufferRing buffers = reactor.bufferRing(2, 8);
        MemorySegment out = arena.allocateFrom("x", StandardCharsets.US_ASCII);
        reactor.completion().prepWrite(pipe.writeEnd(), out, 1, -1).submit().await();
        ProvidedBuffer held = buffers.take(readSelecting(reactor, pipe, buffers)).orElseThrow();
        MemorySegment view = held.data();
        pipe.closeThrough(reactor);
        reactor.close();
        assertThrows(IllegalStateException.class, () -> view.get(ValueLayout.JAVA_BYTE, 0), "freed with the reactor");
        held.close();  // the ring is gone: nothing to give back to, and no failure
        buffers.close();  // already closed by the reactor: nothing to do
    }

    @Test
    void refusesCountsThatAreNotPowersOfTwo() {
        Reactor reactor = Reactor.get();
        assertThrows(IllegalArgumentException.class, () -> reactor.bufferRing(3, 64));
        assertThrows(IllegalArgumentException.class, () -> reactor.bufferRing(0, 64));
        assertThrows(IllegalArgumentException.class, () -> reactor.bufferRing(4, 0));
    }
}
