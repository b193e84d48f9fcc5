package io.ioucontext.bench;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.UringException;
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
 * The reactor's raw round trip: a fiber takes a pooled completion, submits an IORING_OP_NOP and
 * suspends until its CQE resumes it. One operation = one NOP. {@code batch1}: one fiber, one NOP in
 * flight, so every turn of the loop submits one SQE. {@code batch32}: 32 fibers with one NOP each,
 * so every turn submits 32 SQEs in one io_uring_enter. The fibers live for the whole trial and park
 * after {@value #OPS} NOPs (all fibers together); an invocation unparks them and runs the loop until
 * they park again, so the park/unpark costs 1/{@value #OPS} of a NOP. The C baseline of the same
 * shape is {@code bench/src/main/c/nop_roundtrip.c}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class NopRoundTripBench {

    static final int OPS = 1024;
    static final int BATCH = 32;

    private Reactor reactor;
    private Fiber single;
    private final Fiber[] batch = new Fiber[BATCH];

    @Setup(Level.Trial)
    public void start() {
        WovenCheck.requireWoven(NopRoundTripBench.class);
        reactor = Reactor.get();
        single = reactor.spawn("nop", () -> nopsForever(OPS));
        for (int i = 0; i < BATCH; i++) {
            batch[i] = reactor.spawn("nop " + i, () -> nopsForever(OPS / BATCH));
        }
        reactor.run();  // every fiber does its first share of NOPs and parks
    }

    @TearDown(Level.Trial)
    public void stop() {
        reactor.close();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void batch1() {
        single.unpark();
        reactor.run();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void batch32() {
        for (Fiber fiber : batch) {
            fiber.unpark();
        }
        reactor.run();
    }

    @Suspendable
    private static void nopsForever(int perRun) throws UringException {
        Reactor reactor = Reactor.get();
        while (true) {
            for (int i = 0; i < perRun; i++) {
                reactor.completion().prepNop().submit().await();
            }
            Fiber.park();
        }
    }
}
