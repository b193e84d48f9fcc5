package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.reactor.Deadline;
import io.ioucontext.reactor.OperationTimedOutException;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.ReactorArena;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Operations awaited in fibers, and outside fibers (the methods that call them directly). */
@OutsideFibers
class PollTest {

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    @Test
    void aFiberWaitsForReadabilityThatAnotherFiberBrings() throws Exception {
        Reactor reactor = Reactor.get();
        List<String> events = new ArrayList<>();
        try (EventFd event = EventFd.create()) {
            Fiber poller = reactor.spawn("poller", () -> {
                events.add("polling");
                int ready = Poll.await(event.fd(), Poll.POLLIN);
                events.add("ready " + ready);
                events.add("value " + event.await());
            });
            reactor.spawn("writer", () -> {
                events.add("adding");
                event.add(1);
            });
            reactor.run();
            assertTrue(poller.failure().isEmpty(), () -> poller.failure().orElseThrow().toString());
        }
        assertEquals(List.of("polling", "adding", "ready " + Poll.POLLIN, "value 1"), events);
    }

    @Test
    void aPollTimesOutUntilThePeerWritesAndSeesThePeerHangUp() throws Exception {
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
             TcpConnection client = TcpConnection.connect(listener.localAddress())) {
            try (TcpConnection server = listener.accept()) {
                assertEquals(Poll.POLLOUT, Poll.await(client.fd(), Poll.POLLOUT, Duration.ofMinutes(1)));
                OperationTimedOutException e = assertThrows(OperationTimedOutException.class,
                        () -> Poll.await(client.fd(), Poll.POLLIN, Duration.ofMillis(10)));
                assertTrue(e.getMessage().contains("fd=" + client.fd()), e.getMessage());
                server.write(arena.allocateFrom(ValueLayout.JAVA_BYTE, new byte[] {1}));
                assertEquals(Poll.POLLIN, Poll.await(client.fd(), Poll.POLLIN, Duration.ofMinutes(1)));
            }
            int ready = Poll.await(client.fd(), Poll.POLLRDHUP);
            assertEquals(Poll.POLLRDHUP, ready & Poll.POLLRDHUP);
        }
    }

    @Test
    void zeroTriesNowNullOrNegativeWaitWithoutLimitAndADeadlineBoundsThePoll() throws Exception {
        try (EventFd event = EventFd.create()) {
            int fd = event.fd();
            assertThrows(OperationTimedOutException.class, () -> Poll.await(fd, Poll.POLLIN, Duration.ZERO));
            assertThrows(OperationTimedOutException.class,
                    () -> Poll.await(fd, Poll.POLLIN, Deadline.after(Duration.ofMillis(10))));
            event.add(1);
            assertEquals(Poll.POLLIN, Poll.await(fd, Poll.POLLIN, Duration.ZERO));
            assertEquals(Poll.POLLIN, Poll.await(fd, Poll.POLLIN, Duration.ofSeconds(-1)));
            assertEquals(Poll.POLLIN, Poll.await(fd, Poll.POLLIN, (Duration) null));
            assertEquals(Poll.POLLIN, Poll.await(fd, Poll.POLLIN, Deadline.after(Duration.ofMinutes(1))));
        }
    }
}
