package io.ioucontext.conformance.driver;

import io.ioucontext.conformance.corpus.Corpus;
import io.ioucontext.conformance.corpus.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs every shape of the corpus and writes what happened as lines: per shape a header, its
 * transcript, its result or failure, and a statistics line starting with {@code #} that only the
 * fiber run fills in (resumes differ between runs by design; everything else must not).
 *
 * <p>{@code plain} calls each shape directly, outside any fiber; {@code fiber} runs each in its own
 * fiber on a {@link StepScheduler}. Shapes run on a thread with a large stack: the plain run of the
 * recursion shape is 10,000 frames deep.
 */
public final class CorpusRun {

    private static final long STACK_SIZE = 256L << 20;

    private CorpusRun() {
    }

    /**
     * Prints the run's lines on standard output.
     *
     * @param args {@code plain} or {@code fiber}
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1 || !List.of("plain", "fiber").contains(args[0])) {
            throw new IllegalArgumentException("usage: CorpusRun plain|fiber");
        }
        run(args[0].equals("fiber")).forEach(System.out::println);
    }

    /** Runs the corpus on a fresh large-stack thread and returns its lines. */
    public static List<String> run(boolean inFibers) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        AtomicReference<Throwable> crash = new AtomicReference<>();
        Thread runner = new Thread(null, () -> {
            for (Shape shape : Corpus.shapes()) {
                lines.addAll(report(shape, inFibers));
            }
        }, "corpus", STACK_SIZE);
        runner.setUncaughtExceptionHandler((thread, failure) -> crash.set(failure));
        runner.start();
        runner.join();
        if (crash.get() != null) {
            throw new IllegalStateException("the corpus run crashed", crash.get());
        }
        return lines;
    }

    private static List<String> report(Shape shape, boolean inFibers) {
        ShapeRun run = inFibers ? ShapeRun.inFiber(shape) : ShapeRun.plain(shape);
        List<String> lines = new ArrayList<>();
        lines.add("== " + shape.getClass().getSimpleName());
        run.transcript().forEach(line -> lines.add("   " + line));
        lines.add(run.outcome());
        lines.add(inFibers
                ? "# fiber steps=" + run.steps() + " resumes=" + run.stepsAtResume().size()
                        + " suspendedAtEveryStep=" + run.suspendedAtEveryStep()
                : "# plain steps=" + run.steps());
        return lines;
    }
}
