package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.ReactorArena;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Thousands of short request/response exchanges among hundreds of fibers of one reactor. */
class TcpManyFibersTest {

    private static final int CLIENTS = 200;
    private static final int CONNECTIONS_PER_CLIENT = 3;
    private static final int EXCHANGES_PER_CONNECTION = 5;

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void hundredsOfFibersExchangeThousandsOfMessages(String loopback) throws Exception {
        Reactor reactor = Reactor.get();
        int connections = CLIENTS * CONNECTIONS_PER_CLIENT;
        int[] exchanges = new int[1];
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getByName(loopback), 0), 256)) {
            Fiber acceptor = reactor.spawn("acceptor", () -> {
                for (int i = 0; i < connections; i++) {
                    TcpConnection connection = listener.accept();
                    reactor.spawn("echo " + i, () -> echoLines(connection));
                }
            });
            List<Fiber> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(reactor.spawn("client " + c, () -> {
                    for (int k = 0; k < CONNECTIONS_PER_CLIENT; k++) {
                        // Not exchanges[0] += converse(...): that reads the count before the fiber suspends.
                        int good = converse(listener.localAddress(), client + "/" + k);
                        exchanges[0] += good;
                    }
                }));
            }
            reactor.run();
            assertTrue(acceptor.failure().isEmpty(), () -> acceptor.failure().orElseThrow().toString());
            for (Fiber fiber : clients) {
                assertTrue(fiber.failure().isEmpty(), () -> fiber.name() + ": " + fiber.failure().orElseThrow());
            }
        }
        assertEquals(connections * EXCHANGES_PER_CONNECTION, exchanges[0]);
    }

    /** Answers each message with the same bytes, until the peer closes. */
    @Suspendable
    private void echoLines(TcpConnection connection) throws IOException {
        connection.setOption(IntSocketOption.TCP_NODELAY, 1);
        Echo.serve(connection, arena.allocate(256));
    }

    /** @return the number of exchanges whose answer came back intact */
    @Suspendable
    private int converse(InetSocketAddress server, String name) throws IOException {
        int good = 0;
        try (TcpConnection connection = TcpConnection.connect(server)) {
            connection.setOption(IntSocketOption.TCP_NODELAY, 1);
            MemorySegment reply = arena.allocate(256);
            for (int i = 0; i < EXCHANGES_PER_CONNECTION; i++) {
                byte[] message = (name + " #" + i).getBytes(StandardCharsets.US_ASCII);
                connection.write(arena.allocateFrom(ValueLayout.JAVA_BYTE, message));
                int received = 0;
                while (received < message.length) {
                    int n = connection.read(reply.asSlice(received));
                    if (n == -1) {
                        throw new IOException(name + ": the echo closed early");
                    }
                    received += n;
                }
                String echoed = new String(reply.asSlice(0, received).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
                good += echoed.equals(name + " #" + i) ? 1 : 0;
            }
        }
        return good;
    }
}
