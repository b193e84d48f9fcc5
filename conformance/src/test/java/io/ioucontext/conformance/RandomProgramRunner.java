package io.ioucontext.conformance;

import io.ioucontext.conformance.corpus.Shape;
import io.ioucontext.conformance.driver.ShapeRun;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Child-JVM side of {@link RandomCallTreesIT}: runs each program once unwoven outside fibers, then
 * its woven version in fibers again and again (so that the JIT compiles it), up to a number of runs
 * or until the runs took a number of steps, whichever comes first, and prints {@code ok <program>}
 * or {@code FAIL <program>: <what differed>} per program.
 *
 * <p>Arguments: unwoven class directory, woven class directory, most runs per program, step budget
 * per program, program binary names.
 */
public final class RandomProgramRunner {

    private RandomProgramRunner() {
    }

    public static void main(String[] args) throws Exception {
        ClassLoader unwoven = loaderOver(Path.of(args[0]));
        ClassLoader woven = loaderOver(Path.of(args[1]));
        int runs = Integer.parseInt(args[2]);
        long stepBudget = Long.parseLong(args[3]);
        for (String program : List.of(args).subList(4, args.length)) {
            ShapeRun plain = ShapeRun.plain(instance(unwoven, program));
            String failure = null;
            long steps = 0;
            for (int run = 0; run < runs && steps < stepBudget && failure == null; run++) {
                ShapeRun fiber = ShapeRun.inFiber(instance(woven, program));
                steps += fiber.steps() + 1;
                failure = difference(plain, fiber, run);
            }
            System.out.println(failure == null ? "ok " + program : "FAIL " + program + ": " + failure);
        }
    }

    private static String difference(ShapeRun plain, ShapeRun fiber, int run) {
        if (!plain.transcript().equals(fiber.transcript())) {
            return "run " + run + ": transcript " + fiber.transcript() + " instead of " + plain.transcript();
        }
        if (!Objects.equals(plain.outcome(), fiber.outcome())) {
            return "run " + run + ": " + fiber.outcome() + " instead of " + plain.outcome()
                    + fiber.failure().map(t -> " " + List.of(t.getStackTrace())).orElse("");
        }
        if (!fiber.suspendedAtEveryStep()) {
            return "run " + run + ": did not suspend at every step: " + fiber.stepsAtResume();
        }
        return null;
    }

    private static ClassLoader loaderOver(Path directory) throws Exception {
        return new URLClassLoader(new URL[] {directory.toUri().toURL()}, RandomProgramRunner.class.getClassLoader());
    }

    private static Shape instance(ClassLoader loader, String program) throws ReflectiveOperationException {
        return (Shape) loader.loadClass(program).getDeclaredConstructor().newInstance();
    }
}
