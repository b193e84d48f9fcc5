package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.OpenFileDescriptors;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.ReactorArena;
import io.ioucontext.reactor.RingMode;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Servers accepting through an {@link Acceptor} (multishot accept, and the single-shot fallback)
 * in every ring mode: many clients, echoing while accepting, shutting down by closing the acceptor.
 */
class AcceptorTest {

    private static final int CLIENTS = 100;

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    @ParameterizedTest(name = "{0}, multishot {1}")
    @MethodSource(RingModes.WITH_AND_WITHOUT_MULTISHOT)
    void manyClientsAreServedWhileAcceptingAndCloseStopsTheServer(RingMode mode, boolean multishot) throws Exception {
        Reactor reactor = Reactor.create(64, mode, 0);
        long fdsBefore = OpenFileDescriptors.count();
        int[] served = new int[1];
        int[] echoed = new int[1];
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), CLIENTS)) {
            Acceptor acceptor = new Acceptor(listener.fd(), multishot);
            Fiber server = reactor.spawn("server", () -> {
                Optional<TcpConnection> next;
                while ((next = acceptor.next()).isPresent()) {
                    TcpConnection connection = next.get();
                    served[0]++;
                    reactor.spawn("echo", () -> Echo.serve(connection, arena.allocate(256)));
                }
            });
            List<Fiber> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                String message = "client " + i;
                clients.add(reactor.spawn("client " + i, () -> {
                    if (exchange(listener.localAddress(), message).equals(message)) {
                        echoed[0]++;
                    }
                }));
            }
            reactor.spawn("shutdown", () -> {
                for (Fiber client : clients) {
                    client.join();
                }
                acceptor.close();
            });
            reactor.run();  // returns only once the cancelled accept's last CQE came
            assertTrue(server.isDone());
            assertTrue(server.failure().isEmpty(), () -> server.failure().orElseThrow().toString());
            assertFalse(reactor.isRunnable());
        }
        assertEquals(CLIENTS, served[0]);
        assertEquals(CLIENTS, echoed[0]);
        assertEquals(fdsBefore, OpenFileDescriptors.count(), "every accepted connection was closed");
    }

    @ParameterizedTest(name = "{0}, multishot {1}")
    @MethodSource(RingModes.WITH_AND_WITHOUT_MULTISHOT)
    void severalFibersTakeConnectionsFromOneAcceptorEachItsOwn(RingMode mode, boolean multishot) throws Exception {
        Reactor reactor = Reactor.create(64, mode, 0);
        long fdsBefore = OpenFileDescriptors.count();
        List<InetSocketAddress> taken = new ArrayList<>();
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), CLIENTS)) {
            Acceptor acceptor = new Acceptor(listener.fd(), multishot);
            List<Fiber> takers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                takers.add(reactor.spawn("taker " + i, () -> {
                    Optional<TcpConnection> next;
                    while ((next = acceptor.next()).isPresent()) {
                        try (TcpConnection connection = next.get()) {
                            taken.add(connection.remoteAddress());
                        }
                    }
                }));
            }
            List<InetSocketAddress> clients = new ArrayList<>();
            List<Fiber> connecting = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                connecting.add(reactor.spawn("client " + i, () -> {
                    try (TcpConnection connection = TcpConnection.connect(listener.localAddress())) {
                        clients.add(connection.localAddress());
                        connection.read(arena.allocate(1));  // the end of the stream: a taker closed it
                    }
                }));
            }
            reactor.spawn("shutdown", () -> {
                for (Fiber client : connecting) {
                    client.join();
                }
                acceptor.close();
            });
            reactor.run();
            for (Fiber taker : takers) {
                assertTrue(taker.isDone(), taker.name());
                assertTrue(taker.failure().isEmpty(), () -> taker.name() + ": " + taker.failure().orElseThrow());
            }
            assertEquals(Set.copyOf(clients), Set.copyOf(taken));
            assertEquals(CLIENTS, taken.size(), "each connection was taken once");
        }
        assertEquals(fdsBefore, OpenFileDescriptors.count(), "every accepted connection was closed");
    }

    @ParameterizedTest(name = "{0}, multishot {1}")
    @MethodSource(RingModes.WITH_AND_WITHOUT_MULTISHOT)
    void aTakerCancelledWhileWaitingLeavesTheAcceptorToTheNext(RingMode mode, boolean multishot) throws Exception {
        Reactor reactor = Reactor.create(16, mode, 0);
        List<String> outcomes = new ArrayList<>();
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8)) {
            Acceptor acceptor = new Acceptor(listener.fd(), multishot);
            Fiber first = reactor.spawn("first", () -> {
                try {
                    acceptor.next().orElseThrow().close();
                    outcomes.add("first took one");
                } catch (CancellationException e) {
                    outcomes.add("first cancelled");
                }
            });
            Fiber second = reactor.spawn("second", () -> {
                try (TcpConnection connection = acceptor.next().orElseThrow()) {  // waits its turn behind the first
                    outcomes.add("second took " + connection.remoteAddress());
                }
            });
            Fiber client = reactor.spawn("client", () -> {
                first.cancel();
                first.join();
                try (TcpConnection connection = TcpConnection.connect(listener.localAddress())) {
                    outcomes.add("client from " + connection.localAddress());
                    connection.read(arena.allocate(1));  // the end of the stream: the second closed it
                }
                acceptor.close();
            });
            reactor.run();
            assertTrue(second.isDone() && client.isDone(), outcomes::toString);
            assertTrue(second.failure().isEmpty(), () -> second.failure().orElseThrow().toString());
            assertTrue(client.failure().isEmpty(), () -> client.failure().orElseThrow().toString());
        }
        assertEquals(3, outcomes.size(), outcomes::toString);
        assertEquals("first cancelled", outcomes.getFirst());
        assertEquals(Set.of("client from", "second took"),
                Set.of(outcomes.get(1).split(" /")[0], outcomes.get(2).split(" /")[0]), outcomes::toString);
        assertEquals(outcomes.get(1).split(" /")[1], outcomes.get(2).split(" /")[1], "the second took the client's connection");
    }

    @ParameterizedTest
    @EnumSource(RingMode.class)
    @OutsideFibers
    void acceptsOutsideFibersAndClosingWithoutATakerEndsTheAccept(RingMode mode) throws Exception {
        Reactor reactor = Reactor.create(16, mode, 0);
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
                Socket first = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort());
                Socket second = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort())) {
            Acceptor acceptor = listener.acceptor();
            assertTrue(acceptor.isMultishot(), "this kernel has IORING_OP_SOCKET, so multishot accept");
            try (TcpConnection one = acceptor.next().orElseThrow(); TcpConnection two = acceptor.next().orElseThrow()) {
                assertEquals(first.getLocalSocketAddress(), one.remoteAddress());
                assertEquals(second.getLocalSocketAddress(), two.remoteAddress());
            }
            assertTrue(reactor.isRunnable(), "the multishot accept stays armed");
            acceptor.close();
            reactor.run();
            assertFalse(reactor.isRunnable());
            assertTrue(acceptor.next().isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(RingMode.class)
    @OutsideFibers
    void connectionsAcceptedButNotTakenAreClosedByClose(RingMode mode) throws Exception {
        Reactor reactor = Reactor.create(16, mode, 0);
        long fdsBefore = OpenFileDescriptors.count();
        List<Socket> peers = new ArrayList<>();
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8)) {
            Acceptor acceptor = listener.acceptor();
            InetSocketAddress address = listener.localAddress();
            peers.add(new Socket(address.getAddress(), address.getPort()));
            acceptor.next().orElseThrow().close();
            for (int i = 0; i < 3; i++) {
                peers.add(new Socket(address.getAddress(), address.getPort()));
            }
            Sleep.forDuration(Duration.ofMillis(50));  // turns the loop: the armed accept takes them
            acceptor.close();
            reactor.run();
            assertFalse(reactor.isRunnable());
        } finally {
            for (Socket peer : peers) {
                peer.close();
            }
        }
        assertEquals(fdsBefore, OpenFileDescriptors.count());
    }

    @ParameterizedTest
    @EnumSource(RingMode.class)
    @OutsideFibers
    void closingTheReactorClosesTheConnectionsAMultishotAcceptQueued(RingMode mode) throws Exception {
        long fdsBefore = OpenFileDescriptors.count();
        Reactor reactor = Reactor.create(16, mode, 0);
        List<Socket> peers = new ArrayList<>();
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8)) {
            Acceptor acceptor = new Acceptor(listener.fd(), true);
            InetSocketAddress address = listener.localAddress();
            peers.add(new Socket(address.getAddress(), address.getPort()));
            acceptor.next().orElseThrow().close();  // arms it
            for (int i = 0; i < 3; i++) {
                peers.add(new Socket(address.getAddress(), address.getPort()));
            }
            Sleep.forDuration(Duration.ofMillis(50));  // turns the loop: the armed accept takes them, nobody takes its CQEs
            assertTrue(reactor.isRunnable(), "still armed");
            reactor.close();
            assertTrue(acceptor.isClosed());
            assertTrue(acceptor.next().isEmpty());
            acceptor.close();  // after the reactor: does nothing
        } finally {
            for (Socket peer : peers) {
                peer.close();
            }
        }
        assertEquals(fdsBefore, OpenFileDescriptors.count(), "the ring, its eventfd and the untaken connections are closed");
    }

    @ParameterizedTest(name = "{0}, multishot {1}")
    @MethodSource(RingModes.WITH_AND_WITHOUT_MULTISHOT)
    @OutsideFibers
    void closingTheReactorWhileAFiberAwaitsAConnectionLeaksNothing(RingMode mode, boolean multishot) throws Exception {
        long fdsBefore = OpenFileDescriptors.count();
        Reactor reactor = Reactor.create(16, mode, 0);
        List<Socket> peers = new ArrayList<>();
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8)) {
            Acceptor acceptor = new Acceptor(listener.fd(), multishot);
            Fiber server = reactor.spawn("server", () -> acceptor.next().orElseThrow().close());
            Fiber single = reactor.spawn("single accept", () -> listener.accept().close());
            Sleep.forDuration(Duration.ofMillis(20));  // both wait with their accepts in flight
            InetSocketAddress address = listener.localAddress();
            for (int i = 0; i < 3; i++) {  // the kernel may accept them before the close cancels the accept, or not
                peers.add(new Socket(address.getAddress(), address.getPort()));
            }
            reactor.close();
            assertFalse(server.isDone() || single.isDone(), "a fiber waiting when its reactor closes is never resumed");
            assertTrue(acceptor.isClosed());
            assertTrue(acceptor.next().isEmpty());
        } finally {
            for (Socket peer : peers) {
                peer.close();
            }
        }
        assertEquals(fdsBefore, OpenFileDescriptors.count());
    }

    @Suspendable
    private String exchange(InetSocketAddress server, String message) throws IOException {
        try (TcpConnection connection = TcpConnection.connect(server)) {
            byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
            connection.write(arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes));
            connection.shutdownOutput();
            MemorySegment reply = arena.allocate(256);
            int received = 0;
            int n;
            while ((n = connection.read(reply.asSlice(received))) != -1) {
                received += n;
            }
            return new String(reply.asSlice(0, received).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
        }
    }
}
