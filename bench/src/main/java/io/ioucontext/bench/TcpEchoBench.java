package io.ioucontext.bench;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.Suspendable;
import io.ioucontext.ops.IntSocketOption;
import io.ioucontext.ops.TcpConnection;
import io.ioucontext.ops.TcpListener;
import io.ioucontext.reactor.Reactor;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Loopback TCP echo on one reactor: a client fiber sends a {@value #MESSAGE}-byte message and reads
 * all of it back, a server fiber reads the message and sends it back, over 127.0.0.1 with
 * TCP_NODELAY on both ends ({@link TcpConnection}: IORING_OP_SEND and RECV). One operation = one
 * round trip. Both fibers live for the whole trial and park after {@value #ROUNDS} round trips; an
 * invocation unparks them and runs the loop until they park again. The C baseline of the same
 * shape is {@code bench/src/main/c/tcp_echo.c}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class TcpEchoBench {

    static final int MESSAGE = 64;
    static final int ROUNDS = 64;

    private Reactor reactor;
    private Arena arena;
    private TcpListener listener;
    private TcpConnection client;
    private TcpConnection server;
    private Fiber clientFiber;
    private Fiber serverFiber;

    @Setup(Level.Trial)
    public void start() throws IOException {
        WovenCheck.requireWoven(TcpEchoBench.class);
        reactor = Reactor.get();
        arena = Arena.ofConfined();
        listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        reactor.spawn("accept", () -> server = listener.accept());
        reactor.spawn("connect", () -> client = TcpConnection.connect(listener.localAddress()));
        reactor.run();
        client.setOption(IntSocketOption.TCP_NODELAY, 1);
        server.setOption(IntSocketOption.TCP_NODELAY, 1);
        MemorySegment question = arena.allocate(MESSAGE).fill((byte) 'x');
        MemorySegment answer = arena.allocate(MESSAGE);
        serverFiber = reactor.spawn("server", () -> echoForever(server, answer));
        clientFiber = reactor.spawn("client", () -> askForever(client, question));
        reactor.run();  // the first ROUNDS round trips, then both park
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        client.close();
        server.close();
        listener.close();
        reactor.close();
        arena.close();
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void roundTrip() {
        serverFiber.unpark();
        clientFiber.unpark();
        reactor.run();
    }

    @Suspendable
    private static void askForever(TcpConnection connection, MemorySegment message) throws IOException {
        while (true) {
            for (int i = 0; i < ROUNDS; i++) {
                connection.write(message);
                readFully(connection, message);
            }
            Fiber.park();
        }
    }

    @Suspendable
    private static void echoForever(TcpConnection connection, MemorySegment message) throws IOException {
        while (true) {
            for (int i = 0; i < ROUNDS; i++) {
                readFully(connection, message);
                connection.write(message);
            }
            Fiber.park();
        }
    }

    @Suspendable
    private static void readFully(TcpConnection connection, MemorySegment buffer) throws IOException {
        for (int got = 0; got < MESSAGE; ) {
            // Nearly always the whole message at once: slice (and allocate) only for the rest.
            int n = connection.read(got == 0 ? buffer : buffer.asSlice(got));
            if (n < 0) {
                throw new EOFException("the echo peer closed the connection");
            }
            got += n;
        }
    }
}
