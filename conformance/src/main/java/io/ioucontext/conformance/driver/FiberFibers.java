package io.ioucontext.conformance.driver;

import io.ioucontext.conformance.corpus.Fibers;
import io.ioucontext.conformance.corpus.Step;
import io.ioucontext.conformance.corpus.Transcript;
import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.FiberScheduler;
import io.ioucontext.fiber.Suspendable;
import io.ioucontext.fiber.SuspendableRunnable;
import java.util.ArrayList;
import java.util.List;

/** {@link Fibers} backed by real fibers on one scheduler: what the woven runs use. */
final class FiberFibers implements Fibers {

    private final FiberScheduler scheduler;
    private final List<Fiber> spawned = new ArrayList<>();

    FiberFibers(FiberScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Spawned spawn(String name, SuspendableRunnable body) {
        Fiber fiber = new Fiber(scheduler, name, () -> {
            body.run();
            return null;
        });
        spawned.add(fiber);
        fiber.start();
        return fiber::unpark;
    }

    @Override
    public Spawned current() {
        return Fiber.current().orElseThrow()::unpark;
    }

    @Override
    @Suspendable
    public void step(String label) {
        Step.point(label);
    }

    @Override
    @Suspendable
    public void park(String label) {
        Transcript.step(label);
        Fiber.park();
    }

    /** How each spawned fiber ended, in the order they were spawned. */
    List<String> outcomes() {
        return spawned.stream().map(fiber -> fiber.name() + ": " + (!fiber.isDone() ? "never ended"
                : fiber.failure().map(failure -> "failed with " + failure).orElse("ended"))).toList();
    }
}
