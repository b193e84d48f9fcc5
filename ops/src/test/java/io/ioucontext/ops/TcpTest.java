package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.ReactorArena;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TCP over loopback between fibers of one reactor. */
class TcpTest {

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    /** Sends {@code message}, shuts down, and returns everything received until the end of the stream. */
    @Suspendable
    private byte[] roundTrip(InetSocketAddress server, byte[] message) throws IOException {
        try (TcpConnection connection = TcpConnection.connect(server)) {
            connection.write(arena.allocateFrom(ValueLayout.JAVA_BYTE, message));
            connection.shutdownOutput();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            MemorySegment buffer = arena.allocate(4096);
            int n;
            while ((n = connection.read(buffer)) != -1) {
                received.write(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), 0, n);
            }
            return received.toByteArray();
        }
    }

    @Test
    void fibersEchoOverLoopback() throws Exception {
        Reactor reactor = Reactor.get();
        int clients = 3;
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16)) {
            reactor.spawn("acceptor", () -> {
                for (int i = 0; i < clients; i++) {
                    TcpConnection connection = listener.accept();
                    reactor.spawn("echo " + i, () -> Echo.serve(connection, arena.allocate(8192)));
                }
            });
            byte[][] sent = new byte[clients][];
            byte[][] received = new byte[clients][];
            List<Fiber> fibers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                sent[i] = new byte[256 * 1024 + i];
                new Random(i).nextBytes(sent[i]);
                int index = i;
                fibers.add(reactor.spawn("client " + i,
                        () -> received[index] = roundTrip(listener.localAddress(), sent[index])));
            }
            reactor.run();
            for (int i = 0; i < clients; i++) {
                int index = i;
                assertTrue(fibers.get(i).failure().isEmpty(), () -> fibers.get(index).failure().orElseThrow().toString());
                assertArrayEquals(sent[i], received[i]);
            }
        }
    }

    @Test
    void echoesOverIpv6Loopback() throws Exception {
        Reactor reactor = Reactor.get();
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0), 1)) {
            assertEquals(InetAddress.getByName("::1"), listener.localAddress().getAddress());
            reactor.spawn("acceptor", () -> Echo.serve(listener.accept(), arena.allocate(8192)));
            byte[][] received = new byte[1][];
            reactor.spawn("client", () -> received[0] = roundTrip(listener.localAddress(), "over ::1".getBytes()));
            reactor.run();
            assertEquals("over ::1", new String(received[0]));
        }
    }

    /** Sends {@code message} from a heap or direct buffer, shuts down, and reads everything back into one. */
    @Suspendable
    private static byte[] roundTripThroughByteBuffers(InetSocketAddress server, byte[] message, boolean direct)
            throws IOException {
        try (TcpConnection connection = TcpConnection.connect(server)) {
            ByteBuffer out = direct ? ByteBuffer.allocateDirect(message.length) : ByteBuffer.allocate(message.length);
            out.put(message).flip();
            connection.write(out);
            assertEquals(out.limit(), out.position(), "the position moved past everything sent");
            connection.shutdownOutput();
            ByteBuffer in = direct ? ByteBuffer.allocateDirect(message.length + 1) : ByteBuffer.allocate(message.length + 1);
            int n;
            while ((n = connection.read(in)) != -1) {
                assertTrue(n > 0, "a buffer with room never reads 0");
            }
            in.flip();
            byte[] received = new byte[in.remaining()];
            in.get(received);
            return received;
        }
    }

    @Test
    void heapAndDirectByteBuffersGoThroughWhole() throws Exception {
        Reactor reactor = Reactor.get();
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4)) {
            reactor.spawn("acceptor", () -> {
                for (int i = 0; i < 2; i++) {
                    TcpConnection connection = listener.accept();
                    reactor.spawn("echo " + i, () -> Echo.serve(connection, arena.allocate(8192)));
                }
            });
            // larger than a heap buffer's bounce through native memory, so several sends and receives
            byte[] message = new byte[3 * FileIo.BOUNCE_BYTES + 17];
            new Random(7).nextBytes(message);
            byte[][] received = new byte[2][];
            List<Fiber> fibers = List.of(
                    reactor.spawn("heap", () -> received[0] = roundTripThroughByteBuffers(listener.localAddress(), message, false)),
                    reactor.spawn("direct", () -> received[1] = roundTripThroughByteBuffers(listener.localAddress(), message, true)));
            reactor.run();
            for (Fiber fiber : fibers) {
                assertTrue(fiber.failure().isEmpty(), () -> fiber.failure().orElseThrow().toString());
            }
            assertArrayEquals(message, received[0], "heap buffers");
            assertArrayEquals(message, received[1], "direct buffers");
        }
    }

    @Test
    @OutsideFibers
    void aFullBufferReadsNothingAndAReadOnlyOneIsRefused() throws Exception {
        Reactor reactor = Reactor.get();
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1)) {
            reactor.spawn("acceptor", () -> listener.accept().close());
            try (TcpConnection connection = TcpConnection.connect(listener.localAddress())) {
                reactor.run();
                assertEquals(0, connection.read(ByteBuffer.allocate(0)), "no room: nothing submitted");
                assertThrows(IllegalArgumentException.class, () -> readInto(connection, ByteBuffer.allocate(8).asReadOnlyBuffer()));
                assertEquals(-1, connection.read(ByteBuffer.allocate(8)), "the peer closed");
            }
        }
    }

    @OutsideFibers
    private static int readInto(TcpConnection connection, ByteBuffer buffer) throws IOException {
        return connection.read(buffer);
    }
}
