package io.ioucontext.conformance.driver;

import io.ioucontext.conformance.corpus.Corpus;
import io.ioucontext.conformance.corpus.InterleavedShape;
import io.ioucontext.conformance.corpus.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs every shape of the corpus, the interleaved ones last, and writes what happened as lines: per
 * shape a header, its transcript, its result or failure, and a statistics line starting with
 * {@code #} that differs between plain and fiber runs by design (everything else must not).
 *
 * <p>Shapes run on a thread with a large stack: the plain run of the recursion shape, and the first
 * run of its fiber, are 10,000 frames deep.
 */
public final class CorpusRun {

    /** How the shapes run. */
    public enum Mode {
        /** Called directly, outside any fiber (an interleaved shape: its fibers emulated by threads). */
        PLAIN,
        /**
         * Each in its own fiber (an interleaved shape: in its fibers) on a {@link StepScheduler},
         * resumed on the running thread.
         */
        FIBER,
        /** Each in its own fiber, resumed alternately on two other threads ({@link ThreadHopper}). */
        HOPPING
    }

    private static final long STACK_SIZE = 256L << 20;

    private CorpusRun() {
    }

    /**
     * Prints the run's lines on standard output.
     *
     * @param args {@code plain}, {@code fiber} or {@code hopping}
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CorpusRun plain|fiber|hopping");
        }
        run(Mode.valueOf(args[0].toUpperCase(Locale.ROOT))).forEach(System.out::println);
    }

    /** Runs the corpus on a fresh large-stack thread and returns its lines. */
    public static List<String> run(Mode mode) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        AtomicReference<Throwable> crash = new AtomicReference<>();
        Thread runner = new Thread(null, () -> {
            try (ThreadHopper hopper = new ThreadHopper(STACK_SIZE)) {
                for (Shape shape : Corpus.shapes()) {
                    lines.addAll(report(shape.getClass(), switch (mode) {
                        case PLAIN -> ShapeRun.plain(shape);
                        case FIBER -> ShapeRun.inFiber(shape);
                        case HOPPING -> ShapeRun.inFiber(shape, hopper);
                    }));
                }
                for (InterleavedShape shape : Corpus.interleaved()) {
                    lines.addAll(report(shape.getClass(), switch (mode) {
                        case PLAIN -> ShapeRun.plain(shape);
                        case FIBER -> ShapeRun.inFibers(shape, Runnable::run);
                        case HOPPING -> ShapeRun.inFibers(shape, hopper);
                    }));
                }
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

    private static List<String> report(Class<?> shape, ShapeRun run) {
        List<String> lines = new ArrayList<>();
        lines.add("== " + shape.getSimpleName());
        run.transcript().forEach(line -> lines.add("   " + line));
        lines.add(run.outcome());
        lines.add(run.stepsAtResume().isEmpty()
                ? "# plain steps=" + run.steps()
                : "# fiber steps=" + run.steps() + " resumes=" + run.stepsAtResume().size() + " fibers="
                        + run.fibers() + " suspendedAtEveryStep=" + run.suspendedAtEveryStep());
        return lines;
    }
}
