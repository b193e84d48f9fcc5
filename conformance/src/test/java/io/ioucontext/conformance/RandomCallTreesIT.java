package io.ioucontext.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.conformance.corpus.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random call trees woven by the {@code Weaver} and run by {@link RandomProgramRunner} in child JVMs
 * that execute the woven code differently: the interpreter only ({@code -Xint}), and C2 only
 * ({@code -XX:-TieredCompilation}, with a low compile threshold, synchronous compilation and enough
 * runs that the programs' methods get compiled). The base seed is random unless {@code -Diou.conformance.seed}
 * fixes it (a failure names it); {@code -Diou.conformance.programs} sets how many programs run.
 */
class RandomCallTreesIT {

    private static final int PROGRAMS = Integer.getInteger("iou.conformance.programs", 30);

    private static RandomPrograms programs;
    private static Path unwovenDirectory;
    private static Path wovenDirectory;

    @BeforeAll
    static void generateAndWeave() throws Exception {
        long baseSeed = Long.getLong("iou.conformance.seed", System.nanoTime());
        programs = RandomPrograms.generate(baseSeed, PROGRAMS);
        Path work = ChildJvm.property("iou.conformance.work").resolve("random");
        unwovenDirectory = write(work.resolve("unwoven"), programs.unwoven());
        Map<String, byte[]> woven = programs.woven();
        WeaveAndRun.assertVerifies(woven);
        wovenDirectory = write(work.resolve("woven"), woven);
    }

    private static Path write(Path directory, Map<String, byte[]> classes) throws IOException {
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            Path file = directory.resolve(entry.getKey() + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, entry.getValue());
        }
        return directory;
    }

    private static ChildJvm.Output run(List<String> jvmOptions, int runs, long stepBudget) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(unwovenDirectory.toString(), wovenDirectory.toString(),
                Integer.toString(runs), Long.toString(stepBudget)));
        programs.programs().forEach(program -> arguments.add(program.replace('/', '.')));
        ChildJvm.Output output = ChildJvm.run(jvmOptions, List.of(ChildJvm.locationOf(Shape.class),
                ChildJvm.runtimeClasses(), ChildJvm.locationOf(RandomProgramRunner.class)),
                RandomProgramRunner.class.getName(), arguments.toArray(String[]::new));
        List<String> stdout = output.stdout();
        List<String> results = stdout.stream()
                .filter(line -> line.startsWith("ok ") || line.startsWith("FAIL "))
                .toList();
        assertEquals(PROGRAMS, results.size(), () -> String.join("\n", stdout));
        for (String result : results) {
            if (result.startsWith("FAIL ")) {
                String program = result.substring("FAIL ".length(), result.indexOf(':')).replace('.', '/');
                throw new AssertionError(jvmOptions + ": " + result + "\n" + programs.describe(program));
            }
        }
        return output;
    }

    @Test
    void interpreterOnly() throws Exception {
        run(List.of("-Xint"), 2, Long.MAX_VALUE);
    }

    @Test
    void c2Only() throws Exception {
        // compilations block the running thread (-Xbatch), so that the runs use what C2 compiled;
        // the compilation log goes to standard error, apart from the runner's results
        String compilations = run(List.of("-XX:-TieredCompilation", "-XX:CompileThreshold=100", "-Xbatch",
                "-XX:+PrintCompilation", "-XX:+DisplayVMOutputToStderr"), 400, 20_000).stderr();
        assertTrue(compilations.lines().anyMatch(line -> line.contains(RandomPrograms.PACKAGE + ".Program")
                && line.contains("::m")), "no method of the programs was compiled by C2");
    }
}
