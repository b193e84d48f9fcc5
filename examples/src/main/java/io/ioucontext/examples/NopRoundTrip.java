package io.ioucontext.examples;

import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.UringException;

/**
 * {@code nop-round-trip [OPS] [FIBERS]}: a sketch of a microbenchmark of the reactor's fixed cost.
 * It times IORING_OP_NOPs (the kernel does nothing for them) awaited outside any fiber, by one
 * fiber, and by many fibers at once (whose NOPs share each io_uring_enter), and prints nanoseconds
 * per NOP. A rough nanoTime loop after a warm-up round, not a JMH benchmark.
 */
public final class NopRoundTrip {

    private NopRoundTrip() {
    }

    /**
     * @param args the number of NOPs per measurement (default 1,000,000) and of fibers for the
     *     last one (default 64, at most OPS); anything else is a usage error (status 2)
     */
    @OutsideFibers
    public static void main(String[] args) throws UringException {
        Arguments arguments = new Arguments("nop-round-trip", "nop-round-trip [OPS] [FIBERS]");
        arguments.atMost(args, 2);
        int ops = args.length > 0 ? arguments.integer("OPS", args[0], 1, Integer.MAX_VALUE) : 1_000_000;
        int fibers = args.length > 1 ? arguments.integer("FIBERS", args[1], 1, ops) : Math.min(64, ops);
        try (Reactor reactor = Reactor.get()) {
            for (String round : new String[] {"warm-up", "measured"}) {
                long start = System.nanoTime();
                nops(ops);
                long outside = System.nanoTime() - start;
                start = System.nanoTime();
                inFibers(reactor, 1, ops);
                long oneFiber = System.nanoTime() - start;
                start = System.nanoTime();
                inFibers(reactor, fibers, ops / fibers);
                long manyFibers = System.nanoTime() - start;
                if (round.equals("measured")) {
                    System.out.printf("outside a fiber:  %6.1f ns/nop%n", (double) outside / ops);
                    System.out.printf("one fiber:        %6.1f ns/nop%n", (double) oneFiber / ops);
                    System.out.printf("%4d fibers:      %6.1f ns/nop%n", fibers, (double) manyFibers / (ops / fibers * fibers));
                }
            }
        }
    }

    @OutsideFibers
    private static void inFibers(Reactor reactor, int fibers, int opsEach) {
        for (int i = 0; i < fibers; i++) {
            reactor.spawn("nop " + i, () -> nops(opsEach));
        }
        reactor.run();
    }

    @Suspendable
    private static void nops(int count) throws UringException {
        Reactor reactor = Reactor.get();
        for (int i = 0; i < count; i++) {
            reactor.completion().prepNop().submit().await();
        }
    }
}
