package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.ReactorArena;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
}
