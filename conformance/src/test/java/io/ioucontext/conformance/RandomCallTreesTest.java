package io.ioucontext.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.conformance.driver.ShapeRun;
import io.ioucontext.conformance.driver.ThreadHopper;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Random call trees (see {@link CallTreeGenerator}), woven by the {@code Weaver}, run in fibers one
 * step per resume (every other program resumed on alternating threads): each must write the
 * unwoven run's transcript and result and suspend at every step.
 * The base seed is random unless {@code -Diou.conformance.seed} fixes it (a failure names it);
 * {@code -Diou.conformance.programs} sets how many programs run.
 */
class RandomCallTreesTest {

    private static final long STACK_SIZE = 16L << 20;
    private static final int PROGRAMS = Integer.getInteger("iou.conformance.programs", 60);

    @Test
    void wovenRandomProgramsRunLikeTheUnwovenOnes() throws Exception {
        long baseSeed = Long.getLong("iou.conformance.seed", System.nanoTime());
        RandomPrograms programs;
        try {
            programs = RandomPrograms.generate(baseSeed, PROGRAMS);
        } catch (RuntimeException e) {
            throw new AssertionError("base seed " + baseSeed + ": " + e.getMessage(), e);
        }
        Map<String, byte[]> unwoven = programs.unwoven();
        programs.woven();
        long steps = 0;
        try (ThreadHopper hopper = new ThreadHopper(STACK_SIZE)) {
            int index = 0;
            for (String program : programs.programs()) {
                // every other program is resumed on another thread at each step
                Consumer<Runnable> resumeOn = index++ % 2 == 0 ? Runnable::run : hopper;
                try {
                    ShapeRun run = WeaveAndRun.assertSameAsPlain(Map.of(program, unwoven.get(program)), program,
                            resumeOn);
                    steps += run.steps();
                } catch (Throwable e) {
                    throw new AssertionError(e.getMessage() + "\n" + programs.describe(program), e);
                }
            }
        }
        assertTrue(steps > PROGRAMS, "the programs took only " + steps + " steps in all (base seed " + baseSeed + ")");
    }
}
