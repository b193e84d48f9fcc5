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
 * its woven version in fibers {@code repetitions} times (enough for the JIT to compile it), and
 * prints {@code ok <program>} or {@code FAIL <program>: <what differed>} per program.
 *
 * <p>Arguments: unwoven class directory, woven class directory, repetitions, program binary names.
 */
public final class RandomProgramRunner {

    private RandomProgramRunner() {
    }

    public static void main(String[] args) throws Exception {
        ClassLoader unwoven = loaderOver(Path.of(args[0]));
        ClassLoader woven = loaderOver(Path.of(args[1]));
        int repetitions = Integer.parseInt(args[2]);
        for (String program : List.of(args).subList(3, args.length)) {
            ShapeRun plain = ShapeRun.plain(instance(unwoven, program));
            String failure = null;
            for (int run = 0; run < repetitions && failure == null; run++) {
                failure = difference(plain, ShapeRun.inFiber(instance(woven, program)), run);
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
