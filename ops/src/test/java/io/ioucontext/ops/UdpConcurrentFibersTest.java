package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.OperationTimedOutException;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.ReactorArena;
import io.ioucontext.sync.Semaphore;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many fibers of one reactor receiving, or sending, on one {@link UdpSocket} at once: every
 * datagram must reach exactly one receive, whole, with its own sender, whatever the buffers.
 */
@OutsideFibers
class UdpConcurrentFibersTest {

    private static final int FIBERS = 8;
    private static final int PER_FIBER = 40;
    private static final int SENDERS = 4;
    /**
     * Datagrams sent and not yet received, at most: far fewer than a socket's receive buffer
     * holds, so that none is dropped and every receive gets one.
     */
    private static final int WINDOW = 16;
    private static final int ROOM = 128;

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    /** The kinds of memory a datagram can be received into or sent from. */
    enum Buffers { SEGMENT, DIRECT, HEAP }

    /** What one receive got. */
    private record Received(String payload, InetSocketAddress sender) {
    }

    @ParameterizedTest
    @EnumSource(Buffers.class)
    void fibersReceivingOnOneSocketEachGetTheirOwnDatagramWithItsSender(Buffers buffers) throws Exception {
        Reactor reactor = Reactor.get();
        List<UdpSocket> senders = bind(SENDERS);
        try (UdpSocket server = UdpSocket.bind(loopback())) {
            Semaphore window = new Semaphore(WINDOW);
            List<Received> received = new ArrayList<>();
            List<Fiber> fibers = new ArrayList<>();
            for (int f = 0; f < FIBERS; f++) {
                fibers.add(reactor.spawn("receiver " + f, () -> receiveAll(server, buffers, PER_FIBER, window, received)));
            }
            Map<String, InetSocketAddress> expected = new HashMap<>();
            for (int s = 0; s < SENDERS; s++) {
                UdpSocket sender = senders.get(s);
                List<String> payloads = new ArrayList<>();
                for (int i = 0; i < FIBERS * PER_FIBER / SENDERS; i++) {
                    payloads.add(payload(s, i));
                    expected.put(payload(s, i), sender.localAddress());
                }
                fibers.add(reactor.spawn("sender " + s, () -> sendAll(sender, buffers, payloads, server.localAddress(), window)));
            }
            reactor.run();
            assertNoneFailed(fibers);
            assertEquals(expected, bySender(received));
        } finally {
            closeAll(senders);
        }
    }

    @ParameterizedTest
    @EnumSource(Buffers.class)
    void fibersSendingOnOneSocketEachDeliverTheirOwnDatagramToItsRecipient(Buffers buffers) throws Exception {
        Reactor reactor = Reactor.get();
        List<UdpSocket> recipients = bind(2);
        try (UdpSocket client = UdpSocket.bind(loopback())) {
            Semaphore window = new Semaphore(WINDOW);
            List<List<String>> sentTo = List.of(new ArrayList<>(), new ArrayList<>());
            List<Fiber> fibers = new ArrayList<>();
            for (int f = 0; f < FIBERS; f++) {
                int fiber = f;
                fibers.add(reactor.spawn("sender " + f, () -> {
                    for (int i = 0; i < PER_FIBER; i++) {
                        window.acquire();
                        int to = (fiber + i) % 2;  // the payload names its recipient, so a misdirected one shows
                        String payload = payload(fiber, i) + " for " + to;
                        sentTo.get(to).add(payload);
                        send(client, buffers, payload, recipients.get(to).localAddress());
                    }
                }));
            }
            List<List<Received>> received = List.of(new ArrayList<>(), new ArrayList<>());
            for (int r = 0; r < 2; r++) {
                UdpSocket recipient = recipients.get(r);
                List<Received> into = received.get(r);
                fibers.add(reactor.spawn("recipient " + r,
                        () -> receiveAll(recipient, buffers, FIBERS * PER_FIBER / 2, window, into)));
            }
            reactor.run();
            assertNoneFailed(fibers);
            for (int r = 0; r < 2; r++) {
                Map<String, InetSocketAddress> expected = new HashMap<>();
                for (String payload : sentTo.get(r)) {
                    expected.put(payload, client.localAddress());
                }
                assertEquals(expected, bySender(received.get(r)), "datagrams for recipient " + r);
            }
        } finally {
            closeAll(recipients);
        }
    }

    @ParameterizedTest
    @EnumSource(Buffers.class)
    void aTimedOutAndACancelledReceiveLeaveTheReceivesBesideThemIntact(Buffers buffers) throws Exception {
        Reactor reactor = Reactor.get();
        int receivers = FIBERS - 2;
        List<UdpSocket> senders = bind(SENDERS);
        try (UdpSocket server = UdpSocket.bind(loopback())) {
            Semaphore window = new Semaphore(WINDOW);
            List<Received> received = new ArrayList<>();
            List<Fiber> fibers = new ArrayList<>();
            for (int f = 0; f < receivers; f++) {
                fibers.add(reactor.spawn("receiver " + f, () -> receiveAll(server, buffers, PER_FIBER, window, received)));
            }
            List<String> outcomes = new ArrayList<>();
            Fiber timingOut = reactor.spawn("timing out", () -> {
                try {
                    outcomes.add("received " + receive(server, buffers, Duration.ofMillis(10)));
                } catch (OperationTimedOutException e) {
                    outcomes.add("timed out");
                }
            });
            Fiber cancelled = reactor.spawn("cancelled", () -> {
                try {
                    outcomes.add("received " + receive(server, buffers, null));
                } catch (CancellationException e) {
                    outcomes.add("cancelled");
                }
            });
            Map<String, InetSocketAddress> expected = new HashMap<>();
            List<List<String>> payloads = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                payloads.add(new ArrayList<>());
                for (int i = 0; i < receivers * PER_FIBER / SENDERS; i++) {
                    payloads.get(s).add(payload(s, i));
                    expected.put(payload(s, i), senders.get(s).localAddress());
                }
            }
            // Nothing is sent before both have ended, so neither can have taken a datagram.
            fibers.add(reactor.spawn("conductor", () -> {
                cancelled.cancel();
                cancelled.join();
                timingOut.join();
                for (int s = 0; s < SENDERS; s++) {
                    UdpSocket sender = senders.get(s);
                    List<String> its = payloads.get(s);
                    fibers.add(reactor.spawn("sender " + s, () -> sendAll(sender, buffers, its, server.localAddress(), window)));
                }
            }));
            reactor.run();
            outcomes.sort(null);
            assertEquals(List.of("cancelled", "timed out"), outcomes);
            assertNoneFailed(fibers);
            assertEquals(expected, bySender(received));
        } finally {
            closeAll(senders);
        }
    }

    @Suspendable
    private void receiveAll(UdpSocket socket, Buffers buffers, int count, Semaphore window, List<Received> into)
            throws IOException {
        for (int i = 0; i < count; i++) {
            Received one = receive(socket, buffers, null);
            into.add(one);
            window.release();
        }
    }

    @Suspendable
    private void sendAll(UdpSocket socket, Buffers buffers, List<String> payloads, InetSocketAddress to, Semaphore window)
            throws IOException {
        for (String payload : payloads) {
            window.acquire();
            send(socket, buffers, payload, to);
        }
    }

    /** @param timeout null for none */
    @Suspendable
    private Received receive(UdpSocket socket, Buffers buffers, Duration timeout) throws IOException {
        if (buffers == Buffers.SEGMENT) {
            MemorySegment buffer = arena.allocate(ROOM);
            UdpSocket.Datagram datagram = timeout == null ? socket.receive(buffer) : socket.receive(buffer, timeout);
            return new Received(new String(buffer.asSlice(0, datagram.length()).toArray(ValueLayout.JAVA_BYTE),
                    StandardCharsets.US_ASCII), datagram.sender());
        }
        ByteBuffer buffer = buffers == Buffers.DIRECT ? ByteBuffer.allocateDirect(ROOM) : ByteBuffer.allocate(ROOM);
        UdpSocket.Datagram datagram = timeout == null ? socket.receive(buffer) : socket.receive(buffer, timeout);
        assertEquals(datagram.length(), buffer.position());
        return new Received(StandardCharsets.US_ASCII.decode(buffer.flip()).toString(), datagram.sender());
    }

    @Suspendable
    private void send(UdpSocket socket, Buffers buffers, String payload, InetSocketAddress to) throws IOException {
        byte[] bytes = payload.getBytes(StandardCharsets.US_ASCII);
        if (buffers == Buffers.SEGMENT) {
            socket.send(arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes), to);
        } else {
            ByteBuffer data = buffers == Buffers.DIRECT ? ByteBuffer.allocateDirect(bytes.length) : ByteBuffer.allocate(bytes.length);
            socket.send(data.put(bytes).flip(), to);
            assertEquals(data.limit(), data.position());
        }
    }

    /** A payload of its own length, so that a length from another datagram shows too. */
    private static String payload(int sender, int index) {
        return "sender " + sender + " datagram " + index + " " + "+".repeat(index % 7);
    }

    /** @return each payload with its sender, failing on one received twice */
    private static Map<String, InetSocketAddress> bySender(List<Received> received) {
        Map<String, InetSocketAddress> senders = new HashMap<>();
        for (Received one : received) {
            assertNull(senders.put(one.payload(), one.sender()), () -> "received twice: " + one);
        }
        return senders;
    }

    private static void assertNoneFailed(List<Fiber> fibers) {
        for (Fiber fiber : fibers) {
            assertTrue(fiber.isDone(), fiber.name());
            assertTrue(fiber.failure().isEmpty(), () -> fiber.name() + ": " + fiber.failure().orElseThrow());
        }
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private static List<UdpSocket> bind(int count) throws IOException {
        List<UdpSocket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sockets.add(UdpSocket.bind(loopback()));
        }
        return sockets;
    }

    private static void closeAll(List<UdpSocket> sockets) throws IOException {
        for (UdpSocket socket : sockets) {
            socket.close();
        }
    }
}
