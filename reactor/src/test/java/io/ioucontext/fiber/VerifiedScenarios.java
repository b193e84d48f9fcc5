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
        run("ignored", scheduler, VerifiedScenarios::ignoreTheSuspension);

        Fiber parked = new Fiber(scheduler, "parked for the dump", () -> nested(new ArrayList<>())).start();
        scheduler.runAll();
        Fiber.dump().lines().forEach(line -> System.out.println("dump: " + line));
        parked.unpark();
        scheduler.runAll();
        System.out.println("after: " + Fiber.live().size() + " live");
    }

    /** Runnable.run is not a suspension point: this woven class's frame is not at one. */
    @Suspendable
    static Object ignoreTheSuspension(List<String> events) {
        Runnable task = new UninstrumentedFrameTest.ParkingTask(events);
        task.run();
        events.add("caller continued");
        return "ignored";
    }

    private interface Scenario {
        @Suspendable
        Object run(List<String> events) throws Exception;
    }

    private static void run(String name, QueueScheduler scheduler, Scenario scenario) {
        List<String> events = new ArrayList<>();
        Fiber fiber = new Fiber(scheduler, name, () -> scenario.run(events)).start();
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
