package io.ioucontext.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.conformance.driver.ShapeRun;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Random straight-line bytecode ({@link StackShapeGenerator}) with every computational type on the
 * operand stack and objects under construction, shuffled by the {@code DUP}/{@code SWAP} family
 * and parked in locals across suspensions, woven and run in a fiber against the unwoven run. The
 * base seed is random unless {@code -Diou.conformance.seed} fixes it (a failure names it);
 * {@code -Diou.conformance.programs} sets how many run.
 */
class RandomStackShapesTest {

    private static final int PROGRAMS = Integer.getInteger("iou.conformance.programs", 200);

    @Test
    void wovenRandomStackShapesRunLikeTheUnwovenOnes() throws Exception {
        long baseSeed = Long.getLong("iou.conformance.seed", System.nanoTime());
        long steps = 0;
        for (int k = 0; k < PROGRAMS; k++) {
            long seed = baseSeed + k;
            String name = "Stack" + Long.toUnsignedString(seed);
            try {
                byte[] program = HandmadeShape.assemble(name, code -> StackShapeGenerator.emit(seed, code));
                ShapeRun run = WeaveAndRun.assertSameAsPlain(Map.of("handmade/" + name, program), "handmade/" + name);
                steps += run.steps();
            } catch (Throwable e) {
                throw new AssertionError("stack shape from seed " + seed + " (base seed " + baseSeed
                        + ", rerun with -Diou.conformance.seed=" + baseSeed + "): " + e.getMessage(), e);
            }
        }
        assertTrue(steps > 2L * PROGRAMS, "only " + steps + " steps in all (base seed " + baseSeed + ")");
    }
}
