package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.OperationTimedOutException;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.ReactorArena;
import io.ioucontext.reactor.UringException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Operations awaited in fibers, and outside fibers (the methods that call them directly). */
@OutsideFibers
class UdpSocketTest {

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    @Test
    void fibersExchangeDatagramsAndACancelStopsAReceive() throws Exception {
        Reactor reactor = Reactor.get();
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        List<String> seen = new ArrayList<>();
        try (UdpSocket server = UdpSocket.bind(loopback); UdpSocket client = UdpSocket.bind(loopback)) {
            Fiber echo = reactor.spawn("echo", () -> {
                MemorySegment buffer = arena.allocate(1024);
                try {
                    while (true) {
                        UdpSocket.Datagram datagram = server.receive(buffer);
                        seen.add("from " + datagram.sender().getPort());
                        server.send(buffer.asSlice(0, datagram.length()), datagram.sender());
                    }
                } catch (UringException e) {
                    seen.add(e.errno().orElseThrow().name());
                }
            });
            reactor.spawn("client", () -> {
                MemorySegment reply = arena.allocate(1024);
                for (String text : List.of("one", "two")) {
                    client.send(arena.allocateFrom(text, StandardCharsets.US_ASCII).asSlice(0, text.length()),
                            server.localAddress());
                    UdpSocket.Datagram datagram = client.receive(reply);
                    seen.add(new String(reply.asSlice(0, datagram.length()).toArray(ValueLayout.JAVA_BYTE),
                            StandardCharsets.US_ASCII) + " back from " + datagram.sender().getPort());
                }
                seen.add("cancelled " + FileIo.cancel(server.fd()));
            });
            reactor.run();
            int serverPort = server.localAddress().getPort();
            int clientPort = client.localAddress().getPort();
            assertEquals(List.of("from " + clientPort, "one back from " + serverPort, "from " + clientPort,
                    "two back from " + serverPort, "cancelled 1", Errno.ECANCELED.name()), seen);
            assertTrue(echo.isDone());
        }
    }

    @Test
    void datagramsCarryIpv6AddressesAndAReceiveTimesOut() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getByName("::1"), 0);
        try (UdpSocket a = UdpSocket.bind(loopback); UdpSocket b = UdpSocket.bind(loopback)) {
            MemorySegment buffer = arena.allocate(64);
            OperationTimedOutException e = assertThrows(OperationTimedOutException.class,
                    () -> a.receive(buffer, Duration.ofMillis(20)));
            assertTrue(e.getMessage().startsWith("recvmsg(fd=" + a.fd() + ")"), e.getMessage());
            b.send(arena.allocateFrom(ValueLayout.JAVA_BYTE, new byte[] {1, 2, 3}), a.localAddress());
            UdpSocket.Datagram datagram = a.receive(buffer, Duration.ofMinutes(1));
            assertEquals(3, datagram.length());
            assertEquals(b.localAddress(), datagram.sender());
            assertEquals(InetAddress.getByName("::1"), datagram.sender().getAddress());
        }
    }

    @Test
    void aDualStackSocketReceivesFromIpv4AsAMappedAddress() throws Exception {
        try (UdpSocket any = UdpSocket.bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
             UdpSocket v4 = UdpSocket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            v4.send(arena.allocateFrom(ValueLayout.JAVA_BYTE, new byte[] {7}),
                    new InetSocketAddress(InetAddress.getByName("127.0.0.1"), any.localAddress().getPort()));
            UdpSocket.Datagram datagram = any.receive(arena.allocate(8));
            // InetAddress turns ::ffff:127.0.0.1 into the IPv4 address it maps.
            assertEquals(v4.localAddress(), datagram.sender());
            any.send(arena.allocateFrom(ValueLayout.JAVA_BYTE, new byte[] {8}), datagram.sender());
            assertEquals(1, v4.receive(arena.allocate(8)).length());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void connectedSocketsExchangeWithoutAddressesAndIgnoreOtherSenders(String loopback) throws Exception {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getByName(loopback), 0);
        try (UdpSocket a = UdpSocket.bind(any); UdpSocket b = UdpSocket.bind(any); UdpSocket stranger = UdpSocket.bind(any)) {
            assertEquals(Optional.empty(), a.remoteAddress());
            a.connect(b.localAddress());
            b.connect(a.localAddress());
            assertEquals(Optional.of(b.localAddress()), a.remoteAddress());
            MemorySegment buffer = arena.allocate(64);
            stranger.send(bytes("not for a"), a.localAddress());  // dropped: a takes datagrams from b only
            a.send(bytes("ping"));
            UdpSocket.Datagram ping = b.receive(buffer);
            assertEquals("ping", text(buffer, ping));
            assertEquals(a.localAddress(), ping.sender());
            b.send(bytes("pong"));
            UdpSocket.Datagram pong = a.receive(buffer);
            assertEquals("pong", text(buffer, pong));
            assertEquals(b.localAddress(), pong.sender());
        }
    }

    @Test
    void sendingWithoutAPeerFailsAndARefusedDatagramIsReported() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (UdpSocket socket = UdpSocket.bind(loopback)) {
            UringException unconnected = assertThrows(UringException.class, () -> socket.send(bytes("x")));
            assertEquals(Errno.EDESTADDRREQ, unconnected.errno().orElseThrow(), unconnected.getMessage());
            InetSocketAddress gone;
            try (UdpSocket closed = UdpSocket.bind(loopback)) {
                gone = closed.localAddress();
            }
            socket.connect(gone);
            socket.send(bytes("x"));  // the port is closed: the ICMP error comes back to the connected socket
            UringException refused = assertThrows(UringException.class, () -> socket.receive(arena.allocate(8)));
            assertEquals(Errno.ECONNREFUSED, refused.errno().orElseThrow(), refused.getMessage());
        }
    }

    private MemorySegment bytes(String text) {
        return arena.allocateFrom(text, StandardCharsets.US_ASCII).asSlice(0, text.length());
    }

    private static String text(MemorySegment buffer, UdpSocket.Datagram datagram) {
        return new String(buffer.asSlice(0, datagram.length()).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void byteBuffersCarryDatagramsAndMoveTheirPositions(boolean direct) throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (UdpSocket server = UdpSocket.bind(loopback); UdpSocket client = UdpSocket.bind(loopback)) {
            byte[] payload = "datagram in a ByteBuffer".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer out = direct ? ByteBuffer.allocateDirect(64) : ByteBuffer.allocate(64);
            out.put((byte) '#').put(payload).flip().position(1);  // the position is where the datagram starts
            client.send(out, server.localAddress());
            assertEquals(out.limit(), out.position());

            ByteBuffer in = direct ? ByteBuffer.allocateDirect(64) : ByteBuffer.allocate(64);
            in.put((byte) '>');
            UdpSocket.Datagram datagram = server.receive(in, Duration.ofMinutes(1));
            assertEquals(payload.length, datagram.length());
            assertEquals(client.localAddress(), datagram.sender());
            assertEquals(1 + payload.length, in.position(), "the datagram follows what the buffer held");
            byte[] received = new byte[payload.length];
            in.flip().position(1);
            in.get(received);
            assertEquals(new String(payload, StandardCharsets.US_ASCII), new String(received, StandardCharsets.US_ASCII));

            client.connect(server.localAddress());
            ByteBuffer small = direct ? ByteBuffer.allocateDirect(4) : ByteBuffer.allocate(4);
            client.send(ByteBuffer.wrap("truncated".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(4, server.receive(small).length(), "truncated to the room the buffer has");
            assertEquals(4, small.position());
        }
    }

    @Test
    void readOnlyAndOversizedHeapBuffersAreRefusedBeforeAnythingIsSubmitted() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (UdpSocket socket = UdpSocket.bind(loopback)) {
            assertThrows(IllegalArgumentException.class, () -> socket.receive(ByteBuffer.allocate(8).asReadOnlyBuffer()));
            ByteBuffer huge = ByteBuffer.allocate(FileIo.BOUNCE_BYTES + 1);
            assertThrows(IllegalArgumentException.class, () -> socket.send(huge, socket.localAddress()));
            assertEquals(0, huge.position(), "nothing was taken");
        }
    }
}
