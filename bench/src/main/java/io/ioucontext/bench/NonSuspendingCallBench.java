package io.ioucontext.bench;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.fiber.SuspendableRunnable;
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

/**
 * The cost of weaving when nothing suspends: one call of a depth-10 chain of suspendable methods
 * ({@link SuspendableChain#descend}) against the same code unwoven ({@link PlainChain#descend}),
 * outside any fiber and inside one; and the same with every call of the chain crossing a class
 * ({@link CrossClassChains}). Inside, each resume runs {@value #CALLS} calls and yields once, so the
 * resume adds well under a nanosecond to each call, the same for both copies.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class NonSuspendingCallBench {

    static final int DEPTH = 10;
    static final int CALLS = 1000;

    /** The chain's depth, read from a field so that the JIT cannot fold it. */
    @State(Scope.Thread)
    public static class Outside {
        int depth = DEPTH;
    }

    /** A fiber calling one of the two copies {@value #CALLS} times per resume. */
    @State(Scope.Thread)
    public abstract static class InFiber {
        final long[] sink = new long[1];
        Fiber fiber;

        void start(SuspendableRunnable loop) {
            WovenCheck.requireWoven(SuspendableChain.class);
            fiber = new Fiber(ignored -> { }, "bench", () -> {
                loop.run();
                return null;
            });
        }
    }

    /** A fiber calling the woven copy. */
    public static class InFiberWoven extends InFiber {
        @Setup(Level.Trial)
        public void start() {
            start(() -> SuspendableChain.callWovenForever(false, DEPTH, CALLS, sink));
        }
    }

    /** A fiber calling the unwoven copy. */
    public static class InFiberUnwoven extends InFiber {
        @Setup(Level.Trial)
        public void start() {
            start(() -> SuspendableChain.callUnwovenForever(false, DEPTH, CALLS, sink));
        }
    }

    /** A fiber calling the woven chain across classes. */
    public static class InFiberAcrossClassesWoven extends InFiber {
        @Setup(Level.Trial)
        public void start() {
            WovenCheck.requireWoven(CrossClassChains.WovenLeft.class);
            start(() -> SuspendableChain.callWovenForever(true, DEPTH, CALLS, sink));
        }
    }

    /** A fiber calling the unwoven chain across classes. */
    public static class InFiberAcrossClassesUnwoven extends InFiber {
        @Setup(Level.Trial)
        public void start() {
            start(() -> SuspendableChain.callUnwovenForever(true, DEPTH, CALLS, sink));
        }
    }

    @Benchmark
    public long outsideFiberUnwoven(Outside state) {
        return PlainChain.descend(state.depth, 0, Frames.TOKEN);
    }

    @Benchmark
    @OutsideFibers
    public long outsideFiberWoven(Outside state) {
        return SuspendableChain.descend(state.depth, 0, Frames.TOKEN);
    }

    @Benchmark
    public long outsideFiberAcrossClassesUnwoven(Outside state) {
        return CrossClassChains.PlainLeft.descend(state.depth, 0, Frames.TOKEN);
    }

    @Benchmark
    @OutsideFibers
    public long outsideFiberAcrossClassesWoven(Outside state) {
        return CrossClassChains.WovenLeft.descend(state.depth, 0, Frames.TOKEN);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long inFiberAcrossClassesUnwoven(InFiberAcrossClassesUnwoven state) {
        state.fiber.resume();
        return state.sink[0];
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long inFiberAcrossClassesWoven(InFiberAcrossClassesWoven state) {
        state.fiber.resume();
        return state.sink[0];
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long inFiberUnwoven(InFiberUnwoven state) {
        state.fiber.resume();
        return state.sink[0];
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long inFiberWoven(InFiberWoven state) {
        state.fiber.resume();
        return state.sink[0];
    }
}
