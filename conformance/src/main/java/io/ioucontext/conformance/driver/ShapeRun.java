package io.ioucontext.conformance.driver;

import io.ioucontext.conformance.corpus.InterleavedShape;
import io.ioucontext.conformance.corpus.Shape;
import io.ioucontext.conformance.corpus.Transcript;
import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What one run of a shape did: its transcript, its result or failure, and how it was resumed.
 *
 * @param transcript    the transcript's lines
 * @param result        what {@code run} returned (empty for null, or when it failed)
 * @param failure       what {@code run} threw
 * @param steps         how many steps it took
 * @param stepsAtResume for a fiber run, the step count at each resume (the first runs included);
 *                      empty for a plain run
 * @param resumedFibers for a fiber run, which fiber each resume resumed (0 for the shape's first
 *                      fiber, then in the order they were first resumed); empty for a plain run
 */
public record ShapeRun(List<String> transcript, Optional<Object> result, Optional<Throwable> failure, int steps,
        List<Integer> stepsAtResume, List<Integer> resumedFibers) {

    /** Calls the shape directly, outside any fiber: its steps never suspend. */
    @OutsideFibers
    public static ShapeRun plain(Shape shape) {
        Transcript.begin();
        try {
            Object result = shape.run();
            return new ShapeRun(Transcript.lines(), Optional.ofNullable(result), Optional.empty(),
                    Transcript.steps(), List.of(), List.of());
        } catch (Throwable t) {
            return new ShapeRun(Transcript.lines(), Optional.empty(), Optional.of(t), Transcript.steps(), List.of(),
                    List.of());
        }
    }

    /** Runs the shape in a fiber of its own on a {@link StepScheduler}, one step per resume, on this thread. */
    public static ShapeRun inFiber(Shape shape) {
        return inFiber(shape, Runnable::run);
    }

    /**
     * Runs the shape in a fiber of its own on a {@link StepScheduler}, one step per resume, each
     * resume run by {@code resumeOn}.
     */
    public static ShapeRun inFiber(Shape shape, Consumer<Runnable> resumeOn) {
        Transcript.begin();
        StepScheduler scheduler = new StepScheduler(resumeOn);
        Fiber fiber = new Fiber(scheduler, shape.getClass().getName(), shape::run).start();
        scheduler.runToEnd();
        if (!fiber.isDone()) {
            throw new IllegalStateException("fiber " + fiber + " stopped without ending (it parked)");
        }
        return new ShapeRun(Transcript.lines(), fiber.result(), fiber.failure(), Transcript.steps(),
                scheduler.stepsAtResume(), scheduler.resumedFibers());
    }

    /**
     * Runs an interleaved shape plain: its classes are not woven, so its fibers are threads taking
     * turns ({@link ThreadFibers}). The transcript ends with how every other fiber ended.
     */
    @OutsideFibers
    public static ShapeRun plain(InterleavedShape shape) {
        Transcript.begin();
        ThreadFibers fibers = new ThreadFibers();
        FirstFiber first = new FirstFiber(shape, fibers);
        fibers.spawn(shape.getClass().getName(), first::run);
        try {
            fibers.runAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the emulated fibers ran", e);
        }
        return first.ended(fibers.outcomes(), List.of(), List.of());
    }

    /**
     * Runs an interleaved shape in fibers on a {@link StepScheduler}, first in first out, one step
     * per resume, each resume run by {@code resumeOn}. The transcript ends with how every other
     * fiber ended.
     */
    public static ShapeRun inFibers(InterleavedShape shape, Consumer<Runnable> resumeOn) {
        Transcript.begin();
        StepScheduler scheduler = new StepScheduler(resumeOn);
        FiberFibers fibers = new FiberFibers(scheduler);
        FirstFiber first = new FirstFiber(shape, fibers);
        fibers.spawn(shape.getClass().getName(), first::run);
        scheduler.runToEnd();
        return first.ended(fibers.outcomes(), scheduler.stepsAtResume(), scheduler.resumedFibers());
    }

    /** How many fibers the run resumed (0 for a plain run). */
    public int fibers() {
        return (int) resumedFibers.stream().distinct().count();
    }

    /**
     * Whether every fiber suspended at every step and only there: each fiber's first run and each of
     * its resumes but the last took exactly one step, its last resume none.
     */
    public boolean suspendedAtEveryStep() {
        if (stepsAtResume.isEmpty() || stepsAtResume.getFirst() != 0) {
            return false;
        }
        Map<Integer, List<Integer>> stepsTakenByFiber = new HashMap<>();
        for (int i = 0; i < stepsAtResume.size(); i++) {
            int until = i + 1 < stepsAtResume.size() ? stepsAtResume.get(i + 1) : steps;
            stepsTakenByFiber.computeIfAbsent(resumedFibers.get(i), fiber -> new ArrayList<>())
                    .add(until - stepsAtResume.get(i));
        }
        return stepsTakenByFiber.values().stream().allMatch(taken -> taken.getLast() == 0
                && taken.subList(0, taken.size() - 1).stream().allMatch(count -> count == 1));
    }

    /** The outcome as one line: {@code => result} or {@code =! exception}. */
    public String outcome() {
        return failure.map(t -> "=! " + t).orElseGet(() -> "=> " + result.orElse(null));
    }
}
