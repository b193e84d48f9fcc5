package io.ioucontext.examples;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.ops.Acceptor;
import io.ioucontext.ops.FileIo;
import io.ioucontext.ops.SignalEvents;
import io.ioucontext.ops.TcpConnection;
import io.ioucontext.ops.TcpListener;
import io.ioucontext.ops.UdpSocket;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.UringException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * {@code iou-port7 [PORT]}: a TCP and UDP echo service on {@code [::]:PORT} (12345 by default;
 * dual-stack, so IPv4 peers are served too), like the original iou_port7 in its first form: one
 * fiber takes the TCP connections one multishot accept delivers and gives each its own echoing
 * fiber, one fiber echoes UDP datagrams. SIGINT or SIGHUP closes the acceptor (cancelling the
 * accept) and cancels the receive; connections being served finish,
 * then the program exits with status 0. Log lines go to stderr. A bad argument is a usage error
 * (status 2).
 */
public final class IouPort7 {

    private static final String NAME = "iou-port7";
    private static final int DEFAULT_PORT = 12345;
    private static final int BACKLOG = 64;
    private static final int MAX_DATAGRAM = 65535;
    private static final int CHUNK = 64 * 1024;

    private IouPort7() {
    }

    /**
     * @param args the port, optionally
     */
    public static void main(String[] args) {
        Arguments arguments = new Arguments(NAME, NAME + " [PORT]");
        arguments.atMost(args, 1);
        int port = args.length > 0 ? arguments.integer("port", args[0], 1, 65535) : DEFAULT_PORT;
        try {
            serve(port);
        } catch (IOException e) {
            System.err.println(NAME + ": " + e.getMessage());
            System.exit(1);
        }
    }

    private static void serve(int port) throws IOException {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getByName("::"), port);
        try (Reactor reactor = ProgramReactor.get(NAME);
             SignalEvents signals = SignalEvents.catching("INT", "HUP");
             TcpListener tcp = TcpListener.bind(any, BACKLOG);
             Acceptor acceptor = tcp.acceptor();
             UdpSocket udp = UdpSocket.bind(any)) {
            log("tcp starting on :: port " + port);
            log("udp starting on :: port " + port);
            reactor.spawn("tcp", () -> acceptConnections(reactor, acceptor));
            reactor.spawn("udp", () -> echoDatagrams(udp));
            reactor.spawn("signals", () -> {
                log("caught SIG" + signals.await().name());
                log("close acceptor of fd " + tcp.fd());
                acceptor.close();
                log("cancel fd " + udp.fd());
                FileIo.cancel(udp.fd());
            });
            reactor.run();
        }
    }

    /** One multishot accept stays armed; closing the acceptor (the signal fiber does) ends the loop. */
    @Suspendable
    private static void acceptConnections(Reactor reactor, Acceptor acceptor) throws IOException {
        for (Optional<TcpConnection> next; (next = acceptor.next()).isPresent(); ) {
            TcpConnection connection = next.get();
            InetSocketAddress peer = connection.remoteAddress();
            log("tcp accept " + peer.getAddress().getHostAddress() + " port " + peer.getPort());
            reactor.spawn("tcp " + peer, () -> echo(connection));
        }
        log("remove tcp");
    }

    @Suspendable
    private static void echo(TcpConnection connection) throws IOException {
        try (connection; Arena arena = Arena.ofConfined()) {
            MemorySegment chunk = arena.allocate(CHUNK);
            int n;
            while ((n = connection.read(chunk)) != -1) {
                connection.write(chunk.asSlice(0, n));
            }
            log("fd " + connection.fd() + " close");
        }
    }

    @Suspendable
    private static void echoDatagrams(UdpSocket socket) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(MAX_DATAGRAM);
            while (true) {
                UdpSocket.Datagram datagram = socket.receive(buffer);
                log("udp recv " + datagram.length() + " bytes from " + datagram.sender().getAddress().getHostAddress());
                socket.send(buffer.asSlice(0, datagram.length()), datagram.sender());
            }
        } catch (UringException e) {
            stopUnlessCancelled("udp", e);
        }
    }

    /** A cancelled service stops quietly (that is how the signal fiber stops it); anything else is thrown on. */
    private static void stopUnlessCancelled(String service, UringException e) throws UringException {
        if (e.errno().orElse(null) != Errno.ECANCELED) {
            throw e;
        }
        log("remove " + service);
    }

    private static void log(String line) {
        System.err.println(line);
    }
}
