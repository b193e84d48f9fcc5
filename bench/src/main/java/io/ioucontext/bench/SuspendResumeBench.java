package io.ioucontext.bench;

import io.ioucontext.fiber.Fiber;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jdk.internal.vm.Continuation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One resume+suspend cycle of a computation suspended at the bottom of a call chain of the given
 * depth, for every contender, all with the frame shape of {@link Frames}: each operation hands
 * control back to the suspended computation, which suspends again at once at the same depth.
 * The plain call chain is the reference: one call down the same chain and back, no suspension.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {
        "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--enable-native-access=ALL-UNNAMED"})
public class SuspendResumeBench {

    /** The depth every contender's state is set up at. */
    @State(Scope.Thread)
    public abstract static class AtDepth {
        @Param({"1", "10", "50"})
        public int depth;
    }

    /** An ioucontext fiber yielding at the bottom of its chain; its scheduler does nothing. */
    public static class IouYield extends AtDepth {
        Fiber fiber;

        @Setup(Level.Trial)
        public void start() {
            fiber = suspendedFiber(depth, false);
        }
    }

    /** An ioucontext fiber parked at the bottom of its chain; its scheduler does nothing. */
    public static class IouPark extends AtDepth {
        Fiber fiber;

        @Setup(Level.Trial)
        public void start() {
            fiber = suspendedFiber(depth, true);
        }
    }

    /** A Kotlin coroutine suspended at the bottom of its chain. */
    public static class Kotlin extends AtDepth {
        KotlinChain chain;

        @Setup(Level.Trial)
        public void start() {
            chain = new KotlinChain(depth).start();
        }
    }

    /** A Kilim continuation paused at the bottom of its chain. */
    public static class Kilim extends AtDepth {
        KilimChain chain;

        @Setup(Level.Trial)
        public void start() {
            chain = new KilimChain(depth);
            if (chain.run()) {
                throw new IllegalStateException("the Kilim chain ended instead of pausing: is it woven?");
            }
        }
    }

    /** A raw Loom continuation yielded at the bottom of its chain. */
    public static class LoomContinuation extends AtDepth {
        Continuation continuation;

        @Setup(Level.Trial)
        public void start() {
            continuation = LoomContinuationChain.suspendedAt(depth);
        }
    }

    /** A virtual thread parked (or yielding) at the bottom of its chain, run by this thread. */
    public abstract static class LoomThread extends AtDepth {
        final SameThreadScheduler scheduler = new SameThreadScheduler();
        Thread thread;

        void start(boolean park) {
            thread = scheduler.newThread(LoomThreadChain.body(depth, park));
            thread.start();
            scheduler.runNext();
        }
    }

    /** A virtual thread parked at the bottom of its chain. */
    public static class LoomPark extends LoomThread {
        @Setup(Level.Trial)
        public void start() {
            start(true);
        }
    }

    /** A virtual thread yielding at the bottom of its chain. */
    public static class LoomYield extends LoomThread {
        @Setup(Level.Trial)
        public void start() {
            start(false);
        }
    }

    /** The plain chain's depth. */
    public static class Plain extends AtDepth {
    }

    private static Fiber suspendedFiber(int depth, boolean park) {
        WovenCheck.requireWoven(IouChain.class);
        Fiber fiber = new Fiber(ignored -> { }, "bench", () -> IouChain.descend(depth, 0, Frames.TOKEN, park));
        if (fiber.resume()) {
            throw new IllegalStateException("the fiber ended instead of suspending: " + fiber.failure());
        }
        return fiber;
    }

    @Benchmark
    public long plainCallChain(Plain state) {
        return PlainChain.descend(state.depth, 0, Frames.TOKEN);
    }

    @Benchmark
    public boolean ioucontextYield(IouYield state) {
        return state.fiber.resume();
    }

    @Benchmark
    public boolean ioucontextParkUnpark(IouPark state) {
        state.fiber.unpark();
        return state.fiber.resume();
    }

    @Benchmark
    public void kotlinCoroutine(Kotlin state) {
        state.chain.resume();
    }

    @Benchmark
    public boolean kilimContinuation(Kilim state) {
        return state.chain.run();
    }

    @Benchmark
    public void loomContinuation(LoomContinuation state) {
        state.continuation.run();
    }

    @Benchmark
    public void loomVirtualThreadParkUnpark(LoomPark state) {
        LockSupport.unpark(state.thread);
        state.scheduler.runNext();
    }

    @Benchmark
    public void loomVirtualThreadYield(LoomYield state) {
        state.scheduler.runNext();
    }
}
