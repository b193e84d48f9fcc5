package io.ioucontext.conformance.driver;

import io.ioucontext.conformance.corpus.Fibers;
import io.ioucontext.conformance.corpus.InterleavedShape;
import io.ioucontext.conformance.corpus.Transcript;
import io.ioucontext.fiber.Suspendable;
import java.util.List;
import java.util.Optional;

/** The first fiber of an interleaved shape's run: runs the shape and keeps what it returned or threw. */
final class FirstFiber {

    private final InterleavedShape shape;
    private final Fibers fibers;
    private boolean ended;
    private Object result;
    private Throwable failure;

    FirstFiber(InterleavedShape shape, Fibers fibers) {
        this.shape = shape;
        this.fibers = fibers;
    }

    @Suspendable
    void run() {
        try {
            result = shape.run(fibers);
        } catch (Throwable t) {
            failure = t;
        }
        ended = true;
    }

    /**
     * The run, once no fiber can go on: logs how the other fibers ended, then its result.
     *
     * @param outcomes how each fiber ended, the first one first
     */
    ShapeRun ended(List<String> outcomes, List<Integer> stepsAtResume, List<Integer> resumedFibers) {
        outcomes.subList(1, outcomes.size()).forEach(outcome -> Transcript.log("fiber " + outcome));
        Throwable thrown = ended ? failure : new IllegalStateException("the first fiber never ended");
        return new ShapeRun(Transcript.lines(), Optional.ofNullable(thrown == null ? result : null),
                Optional.ofNullable(thrown), Transcript.steps(), stepsAtResume, resumedFibers);
    }
}
