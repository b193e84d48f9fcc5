package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.ReactorArena;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two threads, each driving its own reactor, doing I/O at the same time. */
class TwoReactorsTest {

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    @Test
    @OutsideFibers
    void aServerOnOneThreadsReactorEchoesToAClientOnAnothersAtTheSameTime() throws Exception {
        byte[] sent = new byte[1024 * 1024];
        new Random(4).nextBytes(sent);
        AtomicReference<Reactor> serverReactor = new AtomicReference<>();
        AtomicReference<Throwable> serverFailure = new AtomicReference<>();
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1)) {
            Thread server = new Thread(() -> {
                Reactor reactor = Reactor.get();
                serverReactor.set(reactor);
                try (Arena memory = Arena.ofConfined()) {
                    Fiber echo = reactor.spawn("echo", () -> Echo.serve(listener.accept(), memory.allocate(8192)));
                    reactor.run();
                    echo.failure().ifPresent(serverFailure::set);
                } catch (Throwable t) {
                    serverFailure.set(t);
                } finally {
                    reactor.close();
                }
            }, "server reactor");
            server.start();
            // The data is larger than both socket buffers: it goes through only while both
            // reactors move bytes at once, the server echoing while the client still sends.
            Reactor client = Reactor.get();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try (TcpConnection connection = TcpConnection.connect(listener.localAddress())) {
                Fiber sender = client.spawn("sender", () -> {
                    try {
                        connection.write(arena.allocateFrom(ValueLayout.JAVA_BYTE, sent));
                    } finally {
                        connection.shutdownOutput();  // a failed send must not leave the reader waiting
                    }
                });
                Fiber reader = client.spawn("reader", () -> {
                    MemorySegment buffer = arena.allocate(8192);
                    int n;
                    while ((n = connection.read(buffer)) != -1) {
                        received.write(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), 0, n);
                    }
                });
                client.run();
                assertTrue(sender.failure().isEmpty(), () -> sender.failure().orElseThrow().toString());
                assertTrue(reader.failure().isEmpty(), () -> reader.failure().orElseThrow().toString());
            }
            server.join();
            assertNull(serverFailure.get());
            assertNotSame(client, serverReactor.get());
            assertArrayEquals(sent, received.toByteArray());
        }
    }
}
