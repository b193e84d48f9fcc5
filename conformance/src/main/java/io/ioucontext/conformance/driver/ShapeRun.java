package io.ioucontext.conformance.driver;

import io.ioucontext.conformance.corpus.Shape;
import io.ioucontext.conformance.corpus.Transcript;
import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * What one run of a shape did: its transcript, its result or failure, and how it was resumed.
 *
 * @param transcript    the transcript's lines
 * @param result        what {@code run} returned (empty for null, or when it failed)
 * @param failure       what {@code run} threw
 * @param steps         how many steps it took
 * @param stepsAtResume for a fiber run, the step count at each resume (the first run included);
 *                      empty for a plain run
 */
public record ShapeRun(List<String> transcript, Optional<Object> result, Optional<Throwable> failure, int steps,
        List<Integer> stepsAtResume) {

    /** Calls the shape directly, outside any fiber: its steps never suspend. */
    @OutsideFibers
    public static ShapeRun plain(Shape shape) {
        Transcript.begin();
        try {
            Object result = shape.run();
            return new ShapeRun(Transcript.lines(), Optional.ofNullable(result), Optional.empty(),
                    Transcript.steps(), List.of());
        } catch (Throwable t) {
            return new ShapeRun(Transcript.lines(), Optional.empty(), Optional.of(t), Transcript.steps(), List.of());
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
                scheduler.stepsAtResume());
    }

    /**
     * Whether the fiber suspended at every step and only there: one resume for the first run, then
     * one after each step, in order.
     */
    public boolean suspendedAtEveryStep() {
        return stepsAtResume.equals(IntStream.rangeClosed(0, steps).boxed().toList());
    }

    /** The outcome as one line: {@code => result} or {@code =! exception}. */
    public String outcome() {
        return failure.map(t -> "=! " + t).orElseGet(() -> "=> " + result.orElse(null));
    }
}
