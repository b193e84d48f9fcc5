package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.OperationTimedOutException;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.UringException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TCP failures, with operations called outside fibers. */
@OutsideFibers
class TcpFailureTest {

    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void close() {
        Reactor.get().close();
        arena.close();
    }

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
}
