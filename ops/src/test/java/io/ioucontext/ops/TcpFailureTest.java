package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.OperationTimedOutException;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.ReactorArena;
import io.ioucontext.reactor.UringException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TCP failures, with operations called outside fibers. */
@OutsideFibers
class TcpFailureTest {

    /** {@code SIGPIPE} from {@code asm-generic/signal.h}. */
    private static final int SIGPIPE = 13;

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    @Test
    void aRefusedConnectionSaysWhere() throws Exception {
        InetSocketAddress nobody;
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1)) {
            nobody = listener.localAddress();
        }
        UringException e = assertThrows(UringException.class, () -> TcpConnection.connect(nobody));
        assertEquals(Errno.ECONNREFUSED, e.errno().orElseThrow());
        assertTrue(e.getMessage().endsWith(", " + nobody + "): ECONNREFUSED (Connection refused)"), e.getMessage());
    }

    @Test
    void aReadFromASilentPeerTimesOut() throws Exception {
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
             TcpConnection client = TcpConnection.connect(listener.localAddress());
             TcpConnection server = listener.accept()) {
            MemorySegment buffer = arena.allocate(16);
            assertThrows(OperationTimedOutException.class, () -> client.read(buffer, Duration.ofMillis(10)));
            server.write(arena.allocateFrom(ValueLayout.JAVA_BYTE, new byte[] {42}));
            assertEquals(1, client.read(buffer, Duration.ofMinutes(1)));
            assertEquals(42, buffer.get(ValueLayout.JAVA_BYTE, 0));
        }
    }

    @Test
    void bindingATakenAddressFailsWithEaddrinuse() throws Exception {
        try (TcpListener first = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1)) {
            UringException e = assertThrows(UringException.class, () -> TcpListener.bind(first.localAddress(), 1));
            assertEquals(Errno.EADDRINUSE, e.errno().orElseThrow());
        }
    }

    @Test
    void aConnectToAFullBacklogTimesOutAndOneWithTimeToSpareDoesNot() throws Exception {
        // The kernel drops SYNs to a listener whose accept queue is full, so a connect hangs.
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)) {
            List<TcpConnection> queued = new ArrayList<>();
            try {
                OperationTimedOutException timedOut = null;
                for (int i = 0; i < 16 && timedOut == null; i++) {
                    try {
                        queued.add(TcpConnection.connect(listener.localAddress(), Duration.ofMillis(200)));
                    } catch (OperationTimedOutException e) {
                        timedOut = e;
                    }
                }
                assertNotNull(timedOut, "the backlog never filled up");
                assertTrue(timedOut.getMessage().startsWith("connect("), timedOut.getMessage());
                assertTrue(timedOut.getMessage().contains(listener.localAddress().toString()), timedOut.getMessage());
            } finally {
                for (TcpConnection connection : queued) {
                    connection.close();
                }
            }
        }
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
             TcpConnection client = TcpConnection.connect(listener.localAddress(), Duration.ofMinutes(1));
             TcpConnection server = listener.accept()) {
            assertEquals(client.localAddress(), server.remoteAddress());
            assertEquals(server.localAddress(), client.remoteAddress());
        }
    }

    @Test
    void sendingToAPeerThatClosedFailsWithEpipeAndRaisesNoSigpipe() throws Exception {
        long sigpipe = 1L << (SIGPIPE - 1);
        // Blocked, a SIGPIPE raised for this thread would stay pending, where sigpending sees it.
        long before = Libc.pthreadSigmask(Libc.SIG_BLOCK, sigpipe);
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
             TcpConnection client = TcpConnection.connect(listener.localAddress())) {
            listener.accept().close();
            MemorySegment chunk = arena.allocate(64 * 1024);
            UringException failure = assertThrows(UringException.class, () -> {
                for (int i = 0; i < 1000; i++) {
                    client.write(chunk);
                }
            });
            // The first send after the close draws a RST, the ones after it EPIPE.
            assertTrue(Set.of(Errno.EPIPE, Errno.ECONNRESET).contains(failure.errno().orElseThrow()), failure.getMessage());
            assertThrows(UringException.class, () -> client.write(chunk));
            assertEquals(0, Libc.sigpending() & sigpipe, "SIGPIPE was raised");
        } finally {
            Libc.pthreadSigmask(Libc.SIG_SETMASK, before);
        }
    }

    @Test
    void closedSocketsRefuseEveryOperationBeforeSubmitting() throws Exception {
        MemorySegment buffer = arena.allocate(16);
        TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        TcpConnection client = TcpConnection.connect(listener.localAddress());
        UdpSocket udp = UdpSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        listener.accept().close();
        client.close();
        listener.close();
        udp.close();
        // The closed numbers may already name other files: nothing may reach them.
        assertTrue(!client.isOpen() && !listener.isOpen() && !udp.isOpen());
        assertThrows(IllegalStateException.class, () -> client.read(buffer));
        assertThrows(IllegalStateException.class, () -> client.write(buffer));
        assertThrows(IllegalStateException.class, client::shutdownOutput);
        assertThrows(IllegalStateException.class, () -> client.option(IntSocketOption.TCP_NODELAY));
        assertThrows(IllegalStateException.class, listener::accept);
        assertThrows(IllegalStateException.class, () -> udp.send(buffer));
        client.close();  // closing twice does nothing
    }

    @Test
    void socketBuffersTheKernelCannotUseAreRefusedBeforeSubmitting() throws Exception {
        MemorySegment readOnly = arena.allocate(16).asReadOnly();
        MemorySegment heap = MemorySegment.ofArray(new byte[16]);
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
             TcpConnection client = TcpConnection.connect(listener.localAddress());
             TcpConnection server = listener.accept();
             UdpSocket udp = UdpSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            assertThrows(IllegalArgumentException.class, () -> client.read(readOnly));
            assertThrows(IllegalArgumentException.class, () -> client.read(readOnly, Duration.ofSeconds(1)));
            assertThrows(IllegalArgumentException.class, () -> client.read(heap));
            assertThrows(IllegalArgumentException.class, () -> client.write(heap));
            assertThrows(IllegalArgumentException.class, () -> udp.receive(readOnly));
            assertThrows(IllegalArgumentException.class, () -> udp.receive(heap));
            // Nothing reached the kernel: what is sent now is the first thing the peer reads.
            client.write(arena.allocateFrom("x"));
            MemorySegment in = arena.allocate(16);
            assertEquals(2, server.read(in));
        }
    }

    @Test
    void socketOptionsAreReadAndWritten() throws Exception {
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getByName("::"), 0), 1);
             TcpConnection client = TcpConnection.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                     listener.localAddress().getPort()));
             TcpConnection server = listener.accept()) {
            assertEquals(1, listener.option(IntSocketOption.SO_REUSEADDR));
            assertEquals(0, listener.option(IntSocketOption.IPV6_V6ONLY), "[::] takes IPv4 peers too");
            assertEquals(0, client.option(IntSocketOption.TCP_NODELAY));
            client.setOption(IntSocketOption.TCP_NODELAY, 1);
            assertEquals(1, client.option(IntSocketOption.TCP_NODELAY));
            server.setOption(IntSocketOption.SO_RCVBUF, 64 * 1024);
            assertEquals(2 * 64 * 1024, server.option(IntSocketOption.SO_RCVBUF), "the kernel doubles what is set");
            server.setOption(IntSocketOption.SO_KEEPALIVE, 1);
            assertEquals(1, server.option(IntSocketOption.SO_KEEPALIVE));
            UringException e = assertThrows(UringException.class, () -> client.setOption(IntSocketOption.IPV6_V6ONLY, 1));
            assertTrue(e.getMessage().startsWith("setsockopt(fd=" + client.fd() + ", "), e.getMessage());
        }
    }

    @Test
    void aShutDownInputReadsTheEnd() throws Exception {
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
             TcpConnection client = TcpConnection.connect(listener.localAddress());
             TcpConnection server = listener.accept()) {
            client.shutdownInput();
            assertEquals(-1, client.read(arena.allocate(16)));
        }
    }

    @Test
    void anAcceptTimesOutWithoutAPeerAndNotWithOne() throws Exception {
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1)) {
            OperationTimedOutException e = assertThrows(OperationTimedOutException.class,
                    () -> listener.accept(Duration.ofMillis(10)));
            assertEquals("accept(fd=" + listener.fd() + "): ECANCELED (Operation canceled); timed out after PT0.01S", e.getMessage());
            try (TcpConnection client = TcpConnection.connect(listener.localAddress());
                 TcpConnection server = listener.accept(Duration.ofMinutes(1))) {
                assertEquals(client.localAddress(), server.remoteAddress());
            }
        }
    }

    @Test
    void aPeerClosingInTheMiddleOfALongSendMakesItFail() throws Exception {
        Reactor reactor = Reactor.get();
        long sigpipe = 1L << (SIGPIPE - 1);
        long before = Libc.pthreadSigmask(Libc.SIG_BLOCK, sigpipe);
        List<Object> outcome = new ArrayList<>();
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1)) {
            reactor.spawn("reads a little, then closes", () -> {
                try (TcpConnection server = listener.accept()) {
                    outcome.add(server.read(arena.allocate(4096)) > 0);
                }
            });
            reactor.spawn("sends 256 MiB", () -> {
                try (TcpConnection client = TcpConnection.connect(listener.localAddress());
                     Arena big = Arena.ofConfined()) {
                    client.write(big.allocate(256L << 20));
                    outcome.add("sent everything");
                } catch (UringException e) {
                    outcome.add(e.errno().orElseThrow());
                }
            });
            reactor.run();
            assertEquals(0, Libc.sigpending() & sigpipe, "SIGPIPE was raised");
        } finally {
            Libc.pthreadSigmask(Libc.SIG_SETMASK, before);
        }
        assertEquals(2, outcome.size(), outcome::toString);
        assertEquals(true, outcome.get(0));
        assertTrue(Set.of(Errno.EPIPE, Errno.ECONNRESET).contains(outcome.get(1)), outcome::toString);
    }
}
