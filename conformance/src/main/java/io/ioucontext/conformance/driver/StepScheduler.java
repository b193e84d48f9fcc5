package io.ioucontext.conformance.driver;

import io.ioucontext.conformance.corpus.Transcript;
import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.FiberScheduler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * Runs fibers one step at a time, first in first out: each resume runs a fiber until its next
 * suspension. Before each resume it records how many steps the transcript held and which fiber it
 * resumes, so a caller can check that every fiber suspended at every step (a fiber that ran two
 * steps in one go, or re-ran one, shows up as a gap or a repeat).
 */
public final class StepScheduler implements FiberScheduler {

    private final Consumer<Runnable> resumeOn;
    private final Queue<Fiber> ready = new ArrayDeque<>();
    private final Map<Fiber, Integer> ordinals = new HashMap<>();
    private final List<Integer> stepsAtResume = new ArrayList<>();
    private final List<Integer> resumedFibers = new ArrayList<>();

    /**
     * @param resumeOn runs each resume to its end, on the calling thread ({@code Runnable::run}) or
     *                 elsewhere ({@link ThreadHopper})
     */
    public StepScheduler(Consumer<Runnable> resumeOn) {
        this.resumeOn = resumeOn;
    }

    @Override
    public void schedule(Fiber fiber) {
        ready.add(fiber);
    }

    /** Resumes ready fibers step by step until none is scheduled (they ended, or parked). */
    public void runToEnd() {
        Fiber next;
        while ((next = ready.poll()) != null) {
            stepsAtResume.add(Transcript.steps());
            resumedFibers.add(ordinals.computeIfAbsent(next, fiber -> ordinals.size()));
            resumeOn.accept(next::resume);
        }
    }

    /** The transcript's step count at each resume, the first runs included. */
    public List<Integer> stepsAtResume() {
        return List.copyOf(stepsAtResume);
    }

    /** Which fiber each resume resumed: 0 for the first fiber resumed, 1 for the next new one... */
    public List<Integer> resumedFibers() {
        return List.copyOf(resumedFibers);
    }
}
