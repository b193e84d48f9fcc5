package io.ioucontext.conformance.driver;

import io.ioucontext.conformance.corpus.Transcript;
import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.FiberScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one fiber, one step at a time: each resume runs it until its next
 * suspension. Before each resume it records how many steps the transcript held, so a caller can
 * check that the fiber suspended at every step (a fiber that ran two steps in one go, or re-ran
 * one, shows up as a gap or a repeat).
 */
public final class StepScheduler implements FiberScheduler {

    private final Consumer<Runnable> resumeOn;
    private Fiber ready;
    private final List<Integer> stepsAtResume = new ArrayList<>();

    /**
     * @param resumeOn runs each resume to its end, on the calling thread ({@code Runnable::run}) or
     *                 elsewhere ({@link ThreadHopper})
     */
    public StepScheduler(Consumer<Runnable> resumeOn) {
        this.resumeOn = resumeOn;
    }

    @Override
    public void schedule(Fiber fiber) {
        if (ready != null) {
            throw new IllegalStateException("a step scheduler runs one fiber, " + ready + " is already ready");
        }
        ready = fiber;
    }

    /** Resumes the ready fiber step by step until it is no longer scheduled (it ended, or parked). */
    public void runToEnd() {
        while (ready != null) {
            Fiber next = ready;
            ready = null;
            stepsAtResume.add(Transcript.steps());
            resumeOn.accept(next::resume);
        }
    }

    /** The transcript's step count at each resume, the first run included. */
    public List<Integer> stepsAtResume() {
        return List.copyOf(stepsAtResume);
    }
}
