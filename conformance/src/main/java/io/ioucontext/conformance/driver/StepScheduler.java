package io.ioucontext.conformance.driver;

import io.ioucontext.conformance.corpus.Transcript;
import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.FiberScheduler;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one fiber on the calling thread, one step at a time: each resume runs it until its next
 * suspension. Before each resume it records how many steps the transcript held, so a caller can
 * check that the fiber suspended at every step (a fiber that ran two steps in one go, or re-ran
 * one, shows up as a gap or a repeat).
 */
public final class StepScheduler implements FiberScheduler {

    private Fiber ready;
    private final List<Integer> stepsAtResume = new ArrayList<>();

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
            next.resume();
        }
    }

    /** The transcript's step count at each resume, the first run included. */
    public List<Integer> stepsAtResume() {
        return List.copyOf(stepsAtResume);
    }
}
