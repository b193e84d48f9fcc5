package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.reactor.BufferRing;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.OpenFileDescriptors;
import io.ioucontext.reactor.ProvidedBuffer;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.ReactorArena;
import io.ioucontext.reactor.RingMode;
import io.ioucontext.reactor.UringException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Receives into provided buffer rings over real loopback TCP connections. */
@OutsideFibers
class BufferRingReceiveTest {

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    @Test
    void manyMessagesArriveIntactThroughAFewReusedBuffers() throws Exception {
        Reactor reactor = Reactor.get();
        byte[] sent = new byte[1 << 20];
        new Random(42).nextBytes(sent);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int[] receives = new int[1];
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
                BufferRing buffers = reactor.bufferRing(4, 1000)) {
            Fiber server = reactor.spawn("server", () -> {
                try (TcpConnection connection = listener.accept()) {
                    Optional<ProvidedBuffer> next;
                    while ((next = connection.receive(buffers)).isPresent()) {
                        try (ProvidedBuffer buffer = next.get()) {
                            assertTrue(buffer.length() <= buffers.bufferSize());
                            received.write(buffer.data().toArray(ValueLayout.JAVA_BYTE));
                            receives[0]++;
                        }
                    }
                }
            });
            Fiber client = reactor.spawn("client", () -> {
                try (TcpConnection connection = TcpConnection.connect(listener.localAddress())) {
                    MemorySegment data = arena.allocateFrom(ValueLayout.JAVA_BYTE, sent);
                    Random sizes = new Random(7);
                    for (long at = 0; at < sent.length; ) {
                        long size = Math.min(1 + sizes.nextInt(5000), sent.length - at);
                        connection.write(data.asSlice(at, size));
                        at += size;
                    }
                }
            });
            reactor.run();
            assertTrue(server.failure().isEmpty(), () -> server.failure().orElseThrow().toString());
            assertTrue(client.failure().isEmpty(), () -> client.failure().orElseThrow().toString());
            assertEquals(0, buffers.lent());
        }
        assertArrayEquals(sent, received.toByteArray());
        assertTrue(receives[0] >= sent.length / 1000, receives[0] + " receives");
    }

    @Test
    void exhaustionIsReportedAndAReleasedBufferIsPickedAgain() throws Exception {
        Reactor reactor = Reactor.get();
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
                Socket peer = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort());
                TcpConnection connection = listener.accept();
                BufferRing buffers = reactor.bufferRing(2, 64)) {
            OutputStream out = peer.getOutputStream();
            out.write('a');
            ProvidedBuffer first = connection.receive(buffers).orElseThrow();
            out.write('b');
            ProvidedBuffer second = connection.receive(buffers).orElseThrow();
            assertNotEquals(first.id(), second.id());
            assertEquals("a", text(first));
            assertEquals("b", text(second));
            assertEquals(2, buffers.lent());
            out.write('c');
            UringException dry = assertThrows(UringException.class, () -> connection.receive(buffers));
            assertEquals(Errno.ENOBUFS, dry.errno().orElseThrow());
            assertTrue(dry.getMessage().contains("all lent out"), dry.getMessage());
            int freed = first.id();
            first.close();
            first.close();  // twice does nothing
            assertThrows(IllegalStateException.class, first::data);
            ProvidedBuffer third = connection.receive(buffers).orElseThrow();
            assertEquals(freed, third.id(), "the only free buffer");
            assertEquals("c", text(third));
            third.close();
            second.close();
            peer.shutdownOutput();
            assertTrue(connection.receive(buffers).isEmpty(), "end of stream");
            assertEquals(0, buffers.lent());
        }
    }

    @Test
    void closingUnregistersFreesTheGroupIdAndRefusesWhileInUse() throws Exception {
        Reactor reactor = Reactor.get();
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
                Socket peer = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort());
                TcpConnection connection = listener.accept()) {
            BufferRing buffers = reactor.bufferRing(8, 128);
            BufferRing other = reactor.bufferRing(8, 128);
            assertNotEquals(buffers.groupId(), other.groupId());
            peer.getOutputStream().write("kept".getBytes(StandardCharsets.US_ASCII));
            ProvidedBuffer kept = connection.receive(buffers).orElseThrow();
            MemorySegment view = kept.data();
            Fiber waiting = reactor.spawn("receiver", () -> connection.receive(buffers).ifPresent(ProvidedBuffer::close));
            Fiber closer = reactor.spawn("closer", () -> {  // runs once the receiver has submitted and parked
                assertThrows(IllegalStateException.class, buffers::close, "a receive is waiting on it");
                peer.getOutputStream().write('x');
            });
            reactor.run();
            assertTrue(waiting.failure().isEmpty(), () -> waiting.failure().orElseThrow().toString());
            assertTrue(closer.failure().isEmpty(), () -> closer.failure().orElseThrow().toString());
            int group = buffers.groupId();
            buffers.close();
            buffers.close();  // twice does nothing
            assertThrows(IllegalStateException.class, () -> view.get(ValueLayout.JAVA_BYTE, 0), "its memory is freed");
            assertThrows(IllegalStateException.class, () -> connection.receive(buffers));
            try (BufferRing again = reactor.bufferRing(8, 128)) {
                assertEquals(group, again.groupId(), "the kernel let go of the group");
            }
            other.close();
        }
    }

    @ParameterizedTest(name = "{0}, multishot {1}")
    @MethodSource(RingModes.WITH_AND_WITHOUT_MULTISHOT)
    void aReceiverStreamsEverythingThroughReusedBuffers(RingMode mode, boolean multishot) throws Exception {
        Reactor reactor = Reactor.create(16, mode, 0);
        byte[] sent = new byte[1 << 19];
        new Random(mode.ordinal()).nextBytes(sent);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
                BufferRing buffers = reactor.bufferRing(8, 1000)) {
            Fiber server = reactor.spawn("server", () -> {
                try (TcpConnection connection = listener.accept(); Receiver receiver = new Receiver(connection.fd(), buffers, multishot)) {
                    Optional<ProvidedBuffer> next;
                    while ((next = receiver.next()).isPresent()) {
                        try (ProvidedBuffer buffer = next.get()) {
                            received.write(buffer.data().toArray(ValueLayout.JAVA_BYTE));
                        }
                    }
                }
            });
            Fiber client = reactor.spawn("client", () -> {
                try (TcpConnection connection = TcpConnection.connect(listener.localAddress())) {
                    connection.write(arena.allocateFrom(ValueLayout.JAVA_BYTE, sent));
                }
            });
            reactor.run();
            assertTrue(server.failure().isEmpty(), () -> server.failure().orElseThrow().toString());
            assertTrue(client.failure().isEmpty(), () -> client.failure().orElseThrow().toString());
            assertEquals(0, buffers.lent());
        }
        assertArrayEquals(sent, received.toByteArray());
    }

    @Test
    void aReceiverReportsARingRunDryAndGoesOnOnceABufferIsBack() throws Exception {
        Reactor reactor = Reactor.get();
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
                Socket peer = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort());
                TcpConnection connection = listener.accept();
                BufferRing buffers = reactor.bufferRing(2, 64)) {
            Receiver receiver = connection.receiver(buffers);
            assertTrue(receiver.isMultishot(), "this kernel has multishot receive");
            OutputStream out = peer.getOutputStream();
            out.write('a');
            ProvidedBuffer first = receiver.next().orElseThrow();
            out.write('b');
            ProvidedBuffer second = receiver.next().orElseThrow();
            assertEquals("a", text(first));
            assertEquals("b", text(second));
            out.write('c');
            UringException dry = assertThrows(UringException.class, receiver::next);
            assertEquals(Errno.ENOBUFS, dry.errno().orElseThrow());
            assertTrue(dry.getMessage().contains("all lent out"), dry.getMessage());
            first.close();
            try (ProvidedBuffer third = receiver.next().orElseThrow()) {
                assertEquals("c", text(third));
            }
            second.close();
            out.write('d');  // arrives while the receive is armed and nobody takes it
            receiver.close();
            reactor.run();  // the closing fiber takes the cancelled receive's CQEs, giving back their buffers
            assertFalse(reactor.isRunnable());
            assertEquals(0, buffers.lent());
            assertTrue(receiver.next().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0}, multishot {1}")
    @MethodSource(RingModes.WITH_AND_WITHOUT_MULTISHOT)
    void closingTheReactorGivesBackWhatAnArmedReceiverFilledAndLeaksNothing(RingMode mode, boolean multishot) throws Exception {
        long fdsBefore = OpenFileDescriptors.count();
        Reactor reactor = Reactor.create(16, mode, 0);
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
                Socket peer = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort());
                TcpConnection connection = listener.accept();
                BufferRing buffers = reactor.bufferRing(4, 64)) {
            Receiver receiver = new Receiver(connection.fd(), buffers, multishot);
            OutputStream out = peer.getOutputStream();
            out.write('a');
            ProvidedBuffer held = receiver.next().orElseThrow();  // arms it; a multishot receive stays armed
            Fiber waiting = reactor.spawn("receiver", () -> receiver.next().orElseThrow().close());
            out.write('b');
            Sleep.forDuration(Duration.ofMillis(20));  // the fiber takes 'b' and waits again, or its receive is in flight
            out.write('c');  // multishot: received, and nobody takes it; single-shot: nobody receives it
            Sleep.forDuration(Duration.ofMillis(20));
            assertEquals("a", text(held));
            reactor.close();  // frees the buffers' memory too
            assertTrue(receiver.isClosed());
            assertTrue(receiver.next().isEmpty());
            assertEquals(1, buffers.lent(), "only the buffer the caller holds");
            held.close();
            assertEquals(0, buffers.lent());
            assertTrue(waiting.failure().isEmpty(), () -> waiting.failure().orElseThrow().toString());
        }
        assertEquals(fdsBefore, OpenFileDescriptors.count());
    }

    private static String text(ProvidedBuffer buffer) {
        return new String(buffer.data().toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
    }
}
