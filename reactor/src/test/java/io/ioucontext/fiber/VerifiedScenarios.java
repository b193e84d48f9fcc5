package io.ioucontext.fiber;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Fibers run in a JVM started with {@code -Diou.fiber.verify=true -Diou.fiber.registry=true} by
 * {@link StackVerifierTest}: prints one line per scenario, {@code name: outcome; events}, then the
 * fiber dump taken while one fiber is parked, each line prefixed with {@code dump: }.
 */
public final class VerifiedScenarios {

    private VerifiedScenarios() {
    }

    @Suspendable
    static String parkedTarget(List<String> events) {
        events.add("target parks");
        Fiber.park();
        return "target resumed";
    }

    @Suspendable
    static Object callReflectively(List<String> events) throws Exception {
        Object result = VerifiedScenarios.class.getDeclaredMethod("parkedTarget", List.class).invoke(null, events);
        events.add("caller continued with " + result);
        return result;
    }

    @Suspendable
    static String nested(List<String> events) {
        String inner = parkedTarget(events);
        Fiber.yield();
        return inner + " twice";
    }

    public static void main(String[] args) {
        QueueScheduler scheduler = new QueueScheduler();
        run("woven", scheduler, VerifiedScenarios::nested);
        run("reflection", scheduler, VerifiedScenarios::callReflectively);
        UninstrumentedFrameTest.Step step = (UninstrumentedFrameTest.Step) Proxy.newProxyInstance(
                VerifiedScenarios.class.getClassLoader(), new Class<?>[] {UninstrumentedFrameTest.Step.class},
                new UninstrumentedFrameTest.ParkingHandler());
        run("proxy", scheduler, events -> UninstrumentedFrameTest.callThroughProxy(step, events));
        report("ignored", scheduler, VerifiedScenarios::ignoreTheSuspension, IGNORED_EVENTS);
        Fiber joined = new Fiber(scheduler, "joined", () -> {
            Fiber.yield(); // so that the joiner suspends in join()
            return "joined result";
        }).start();
        report("primitive body", scheduler, joined::join, List.of());

        Fiber parked = new Fiber(scheduler, "parked for the dump", () -> nested(new ArrayList<>())).start();
        scheduler.runAll();
        Fiber.dump().lines().forEach(line -> System.out.println("dump: " + line));
        parked.unpark();
        scheduler.runAll();
        System.out.println("after: " + Fiber.live().size() + " live");
    }

    /** The events of {@link #ignoreTheSuspension()}, which takes no argument. */
    private static final List<String> IGNORED_EVENTS = new ArrayList<>();

    /**
     * Runnable.run is not a suspension point: this woven class's frame is not at one. It is the
     * fiber's entry, so no woven caller's check sees it, only the verifier.
     */
    @Suspendable
    static Object ignoreTheSuspension() {
        Runnable task = new UninstrumentedFrameTest.ParkingTask(IGNORED_EVENTS);
        task.run();
        IGNORED_EVENTS.add("caller continued");
        return "ignored";
    }

    private interface Scenario {
        @Suspendable
        Object run(List<String> events) throws Exception;
    }

    private static void run(String name, QueueScheduler scheduler, Scenario scenario) {
        List<String> events = new ArrayList<>();
        report(name, scheduler, () -> scenario.run(events), events);
    }

    /** Runs the fiber, unparks it if it parked, prints the outcome and the events. */
    private static void report(String name, QueueScheduler scheduler, SuspendableCallable<?> body,
                               List<String> events) {
        Fiber fiber = new Fiber(scheduler, name, body).start();
        scheduler.runAll();
        if (!fiber.isDone()) {
            fiber.unpark();
            scheduler.runAll();
        }
        String outcome = fiber.failure().map(VerifiedScenarios::describe)
                .orElseGet(() -> "returned " + fiber.result().orElse(null));
        System.out.println(name + ": " + outcome + "; " + events);
    }

    /** The failure and its causes, class and message each. */
    private static String describe(Throwable failure) {
        StringBuilder out = new StringBuilder("failed");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            out.append(" [").append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(']');
        }
        return out.toString();
    }
}
