package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Java control-flow shapes around suspension points, each checked against its plain result. */
class ControlFlowShapesTest {

    private final QueueScheduler scheduler = new QueueScheduler();

    @Suspendable
    static <T> T pause(T value) {
        Fiber.yield();
        return value;
    }

    @Suspendable
    static double pauseDouble(double value) {
        Fiber.yield();
        return value;
    }

    private Object run(SuspendableCallable<?> body) {
        return scheduler.run("shape", body).result().orElseThrow();
    }

    /** A resource that records its closing. */
    record Resource(List<String> log) implements AutoCloseable {
        @Override
        public void close() {
            log.add("closed");
        }
    }

    @Test
    void tryWithResourcesClosesOnceAfterSuspending() {
        List<String> log = new ArrayList<>();
        assertEquals("body", run(() -> {
            try (Resource resource = new Resource(log)) {
                resource.log().add(pause("used"));
                return pause("body");
            }
        }));
        assertEquals(List.of("used", "closed"), log);
    }

    @Test
    void switchOnStringsAndEnhancedForLoops() {
        assertEquals("a1b2c3", run(() -> {
            StringBuilder out = new StringBuilder();
            int n = 0;
            for (String s : new String[] {"x", "y", "z"}) {
                switch (pause(s)) {
                    case "x" -> out.append("a");
                    case "y" -> out.append("b");
                    default -> out.append(pause("c"));
                }
                out.append(++n);
            }
            return out.toString();
        }));
        assertEquals(6, run(() -> {
            int sum = 0;
            for (int value : List.of(1, 2, 3)) {
                sum += pause(value);
            }
            return sum;
        }));
    }

    @Test
    void wideValuesBelowTheCallOnTheOperandStack() {
        assertEquals(1.5 + 2 * 4.25 + 10L, run(() -> 1.5 + 2 * pauseDouble(4.25) + (long) pause(10L)));
    }

    @Test
    void ternaryAndShortCircuitAroundSuspensions() {
        assertEquals("yes-no", run(() -> {
            boolean flag = pause(true);
            String first = flag && pause(true) ? "yes" : pause("never");
            String second = !flag || pause(false) ? pause("never") : "no";
            return first + "-" + second;
        }));
    }

    @Suspendable
    static int sum(int... values) {
        int total = 0;
        for (int value : values) {
            total += pause(value);
        }
        return total;
    }

    @Test
    void varargsArraysSurvive() {
        assertEquals(10, run(() -> sum(1, 2, pause(3), 4)));
    }

    @Test
    void nestedLambdasCapturingLocals() {
        assertEquals("outer:inner:2", run(() -> {
            String prefix = pause("outer");
            SuspendableCallable<String> inner = () -> {
                int count = pause(2);
                SuspendableCallable<String> innermost = () -> pause("inner") + ":" + count;
                return prefix + ":" + innermost.call();
            };
            return inner.call();
        }));
    }

    @Test
    void suspensionInsideCatchAndFinallyOfNestedTries() {
        assertEquals(List.of("inner catch", "outer catch", "finally"), run(() -> {
            List<String> log = new ArrayList<>();
            try {
                try {
                    throw new IllegalStateException(pause("x"));
                } catch (IllegalStateException e) {
                    log.add(pause("inner catch"));
                    throw new IllegalArgumentException(e);
                }
            } catch (IllegalArgumentException e) {
                log.add(pause("outer catch"));
            } finally {
                log.add(pause("finally"));
            }
            return log;
        }));
    }

    @Test
    void loopWithBreakAndContinueAroundSuspensions() {
        assertEquals(1 + 3 + 5, run(() -> {
            int total = 0;
            outer:
            for (int i = 0; ; i++) {
                if (pause(i) % 2 == 0) {
                    continue;
                }
                for (int j = 0; j < 1; j++) {
                    if (pause(i) > 5) {
                        break outer;
                    }
                }
                total += i;
            }
            return total;
        }));
    }
}
