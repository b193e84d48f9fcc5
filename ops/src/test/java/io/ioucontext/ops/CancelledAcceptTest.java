package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.fiber.Suspendable;
import io.ioucontext.fiber.SuspendableCallable;
import io.ioucontext.fiber.SuspendableRunnable;
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
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fiber cancelled while it accepts, on real loopback sockets: a connection the kernel accepted
 * anyway is handed to the fiber (or, from a multishot accept, kept for the next taker), usable,
 * and never leaked; a cancel that stops the accept still throws {@link CancellationException}.
 *
 * <p>To cancel a fiber whose accept's CQE has been reaped, before it runs: the client's connection
 * is queued first, so the accept completes as the kernel takes its SQE, in the turn that submits
 * it (a ring the reactor's own {@code io_uring_enter} submits from, not SQPOLL's kernel thread); a
 * canceller fiber yielding in that turn runs ahead of the accepting fiber in the next one.
 */
class CancelledAcceptTest {

    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "pong".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    private static TcpListener listen() throws IOException {
        return TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    }

    /** Connects a JDK client and waits, outside fibers, until its connection is queued on the listener. */
    @OutsideFibers
    private static Socket queuedClient(TcpListener listener) throws IOException {
        Socket client = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort());
        Poll.await(listener.fd(), Poll.POLLIN);
        return client;
    }

    /**
     * Spawns {@code body} in a fiber that a second one cancels after one turn (asserting, when
     * asked, that its CQE was reaped by then: it awaits no operation), and turns the loop until
     * both have ended: not with {@code run()} nor {@code join()}, which would wait for a CQE of a
     * multishot accept still armed once they have ended.
     */
    @OutsideFibers
    private static void cancelAfterOneTurn(Reactor reactor, boolean checkReaped, SuspendableRunnable body) {
        Fiber target = reactor.spawn("target", body);
        Fiber canceller = reactor.spawn("canceller", () -> {
            Fiber.yield();
            if (checkReaped) {
                assertFalse(reactor.cancel(target), "the target is ready with its CQE, awaiting no operation");
            }
            target.cancel();
        });
        for (int turns = 0; turns < 100 && !(target.isDone() && canceller.isDone()); turns++) {
            Fiber.yield();  // outside fibers: one turn of the thread's reactor, without waiting
        }
        for (Fiber fiber : List.of(target, canceller)) {
            assertTrue(fiber.isDone(), fiber.name());
            assertTrue(fiber.failure().isEmpty(), () -> fiber.name() + ": " + fiber.failure().orElseThrow());
        }
    }

    /** @return what {@code call} returned, or the {@link CancellationException} it threw */
    @Suspendable
    private static Object outcomeOf(SuspendableCallable<?> call) throws Exception {
        try {
            return call.call();
        } catch (CancellationException e) {
            return e;
        }
    }

    /** Exchanges bytes both ways between the accepted connection and its client, outside fibers. */
    @OutsideFibers
    private void assertConnected(TcpConnection accepted, Socket client) throws IOException {
        assertEquals(client.getLocalSocketAddress(), accepted.remoteAddress());
        client.getOutputStream().write(PING);
        MemorySegment in = arena.allocate(PING.length);
        assertEquals(PING.length, accepted.read(in));
        assertArrayEquals(PING, in.toArray(ValueLayout.JAVA_BYTE));
        accepted.write(arena.allocateFrom(ValueLayout.JAVA_BYTE, PONG));
        assertArrayEquals(PONG, client.getInputStream().readNBytes(PONG.length));
    }

    /** A test given a listener on which a JDK client's connection is queued. */
    @Suspendable
    @FunctionalInterface
    private interface WithQueuedClient {
        @Suspendable
        void run(Reactor reactor, TcpListener listener, Socket client) throws Exception;
    }

    /**
     * Runs {@code test} with a connection queued on a listener, on a reactor whose own
     * {@code io_uring_enter} submits its SQEs (TASKRUN), then checks that every descriptor the
     * test made was closed.
     */
    @OutsideFibers
    private static void withQueuedClient(WithQueuedClient test) throws Exception {
        Reactor reactor = Reactor.create(16, RingMode.TASKRUN, 0);
        long fdsBefore = OpenFileDescriptors.count();
        try (TcpListener listener = listen(); Socket client = queuedClient(listener)) {
            test.run(reactor, listener, client);
        }
        assertEquals(fdsBefore, OpenFileDescriptors.count(), "every accepted connection was handed over and closed");
    }

    @Test
    @OutsideFibers
    void anAcceptThatCompletedBeforeTheCancelReturnsItsConnectionAndTheNextOperationIsCancelled() throws Exception {
        withQueuedClient((reactor, listener, client) -> {
            TcpConnection[] accepted = new TcpConnection[1];
            Object[] next = new Object[1];
            cancelAfterOneTurn(reactor, true, () -> {
                accepted[0] = listener.accept();
                next[0] = outcomeOf(() -> accepted[0].read(arena.allocate(8)));
            });
            assertInstanceOf(CancellationException.class, next[0], "the read after the accept delivers the cancellation");
            assertFalse(reactor.isRunnable(), "that read was cancelled in the kernel");
            try (TcpConnection connection = accepted[0]) {
                assertConnected(connection, client);  // the cancelled read took none of the client's bytes
            }
        });
    }

    @Test
    @OutsideFibers
    void aSingleShotAcceptorHandsItsCancelledTakerTheConnection() throws Exception {
        withQueuedClient((reactor, listener, client) -> {
            Acceptor acceptor = new Acceptor(listener.fd(), false);
            TcpConnection[] accepted = new TcpConnection[1];
            Object[] next = new Object[1];
            cancelAfterOneTurn(reactor, true, () -> {
                accepted[0] = acceptor.next().orElseThrow();
                next[0] = outcomeOf(acceptor::next);
            });
            assertInstanceOf(CancellationException.class, next[0], "the taker's next accept delivers the cancellation");
            assertFalse(reactor.isRunnable(), "that accept was cancelled in the kernel");
            try (TcpConnection connection = accepted[0]) {
                assertConnected(connection, client);
            }
            acceptor.close();
        });
    }

    @Test
    @OutsideFibers
    void aMultishotAcceptorKeepsTheConnectionOfACancelledTakerForTheNext() throws Exception {
        withQueuedClient((reactor, listener, client) -> {
            Acceptor acceptor = new Acceptor(listener.fd(), true);
            Object[] taken = new Object[1];
            Fiber[] taker = new Fiber[1];
            cancelAfterOneTurn(reactor, false, () -> {
                taker[0] = Fiber.current().orElseThrow();
                taken[0] = outcomeOf(acceptor::next);
            });
            assertInstanceOf(CancellationException.class, taken[0], "a cancelled taker takes nothing from the queue");
            assertFalse(reactor.cancel(taker[0]), "the armed accept no longer counts the cancelled taker as its waiter");
            try (TcpConnection connection = acceptor.next().orElseThrow()) {
                assertConnected(connection, client);
            }
            acceptor.close();
            reactor.run();
            assertFalse(reactor.isRunnable());
        });
    }

    @Test
    @OutsideFibers
    void aCancelThatStopsTheAcceptThrowsAndTheConnectionGoesToTheNextAccept() throws Exception {
        Reactor reactor = Reactor.get();
        long fdsBefore = OpenFileDescriptors.count();
        try (TcpListener listener = listen()) {
            Object[] outcome = new Object[1];
            cancelAfterOneTurn(reactor, false, () -> outcome[0] = outcomeOf(listener::accept));
            assertInstanceOf(CancellationException.class, outcome[0], "nobody connected: the cancel stopped the accept");
            assertFalse(reactor.isRunnable(), "the accept was cancelled in the kernel, not left in flight");
            try (Socket client = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort());
                    TcpConnection connection = listener.accept()) {
                assertConnected(connection, client);
            }
        }
        assertEquals(fdsBefore, OpenFileDescriptors.count(), "nothing was accepted and left behind");
    }
}
