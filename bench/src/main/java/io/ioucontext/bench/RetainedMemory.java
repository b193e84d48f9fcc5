package io.ioucontext.bench;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.FiberScheduler;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Bytes of heap retained by one computation suspended at the bottom of a chain of {@value #DEPTH}
 * levels (the frame shape of {@link Frames}), per contender: many are suspended at once and the
 * heap in use after full collections is compared with the heap in use before. Each unit counts
 * everything only it keeps alive (fiber, stack, body, frames), not what all units share.
 *
 * <p>Run with a stop-the-world collector for exact live-heap numbers: {@code java -XX:+UseSerialGC
 * --add-opens=java.base/java.lang=ALL-UNNAMED -cp benchmarks.jar io.ioucontext.bench.RetainedMemory [count]}.
 */
public final class RetainedMemory {

    static final int DEPTH = 5;

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final FiberScheduler NO_SCHEDULING = fiber -> { };

    private RetainedMemory() {
    }

    /**
     * Prints one line per contender: bytes retained per suspended unit and the ratio to ioucontext.
     *
     * @param args optionally the number of units suspended at once per contender (default 100000)
     */
    public static void main(String[] args) throws InterruptedException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        SameThreadScheduler loomScheduler = new SameThreadScheduler();
        Map<String, IntFunction<Object>> contenders = new LinkedHashMap<>();
        contenders.put("ioucontext", i -> parkedFiber());
        contenders.put("loomVirtualThread", i -> parkedVirtualThread(loomScheduler));
        contenders.put("kotlinCoroutine", i -> new KotlinChain(DEPTH).start());
        contenders.put("kilimContinuation", i -> pausedKilimChain());

        System.out.printf("# retained bytes per suspended unit at depth %d, %d units each%n", DEPTH, count);
        Map<String, Long> bytes = new LinkedHashMap<>();
        for (Map.Entry<String, IntFunction<Object>> contender : contenders.entrySet()) {
            try {
                bytes.put(contender.getKey(), retainedPerUnit(contender.getValue(), count));
            } catch (RuntimeException e) {
                System.out.printf("%-20s not measured: %s%n", contender.getKey(), e.getMessage());
            }
        }
        Long reference = bytes.get("ioucontext");
        bytes.forEach((name, perUnit) -> System.out.printf("%-20s %6d bytes%s%n", name, perUnit,
                reference == null ? "" : String.format("  %.2fx ioucontext", perUnit / (double) reference)));
    }

    private static long retainedPerUnit(IntFunction<Object> suspendOne, int count) throws InterruptedException {
        Object[] units = new Object[count];
        suspendOne.apply(-1); // loads and initialises the contender's classes before the baseline
        long before = usedAfterCollection();
        for (int i = 0; i < count; i++) {
            units[i] = suspendOne.apply(i);
        }
        long after = usedAfterCollection();
        Reference.reachabilityFence(units);
        return Math.round((after - before) / (double) count);
    }

    private static long usedAfterCollection() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    private static Fiber parkedFiber() {
        WovenCheck.requireWoven(IouChain.class);
        Fiber fiber = new Fiber(NO_SCHEDULING, "parked", () -> IouChain.descend(DEPTH, 0, Frames.TOKEN, true));
        if (fiber.resume()) {
            throw new IllegalStateException("the fiber ended instead of parking: " + fiber.failure());
        }
        return fiber;
    }

    private static Thread parkedVirtualThread(SameThreadScheduler scheduler) {
        Thread thread = scheduler.newThread(LoomThreadChain.body(DEPTH, true));
        thread.start();
        scheduler.runNext();
        return thread;
    }

    private static KilimChain pausedKilimChain() {
        KilimChain chain = new KilimChain(DEPTH);
        if (chain.run()) {
            throw new IllegalStateException("the Kilim chain ended instead of pausing: is it woven?");
        }
        return chain;
    }
}
