package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Woven methods suspend and resume with their locals, operands and receivers intact. */
class SuspendResumeTest {

    private final QueueScheduler scheduler = new QueueScheduler();

    @Suspendable
    static String everyKindOfLocal(int rounds) {
        int i = 7;
        long l = 1L << 40;
        float f = 1.5f;
        double d = Math.PI;
        boolean z = true;
        char c = 'x';
        byte b = (byte) -3;
        short s = (short) 30000;
        String text = "t";
        int[] array = {1, 2, 3};
        for (int round = 0; round < rounds; round++) {
            Fiber.yield();
            i += 1;
            l += 1;
            f += 1;
            d += 1;
            z = !z;
            c++;
            b--;
            s++;
            text += round;
            array[round % 3] += 10;
        }
        return i + " " + l + " " + f + " " + d + " " + z + " " + c + " " + b + " " + s + " " + text + " "
                + array[0] + "," + array[1] + "," + array[2];
    }

    @Test
    void primitiveReferenceAndArrayLocalsSurviveSuspensions() {
        Fiber fiber = scheduler.run("locals", () -> everyKindOfLocal(4));
        assertEquals("11 1099511627780 5.5 " + (Math.PI + 4) + " true | -7 30004 t0123 21,12,13",
                fiber.result().orElseThrow());
        assertEquals(5, scheduler.resumes());
    }

    @Suspendable
    static int suspendThen(int value) {
        Fiber.yield();
        return value;
    }

    @Suspendable
    static long add(long x, int y) {
        return x + y;
    }

    @Suspendable
    static long valuesBelowArguments(int a, long b) {
        // a, b and the partial results stay on the operand stack below the suspending call
        return a + add(b, suspendThen(5)) * 2 + suspendThen(1) + Math.max(a, suspendThen(3));
    }

    @Test
    void operandStackBelowCallArgumentsSurvives() {
        Fiber fiber = scheduler.run("operands", () -> valuesBelowArguments(100, 1000L));
        assertEquals(100L + (1000 + 5) * 2 + 1 + 100, fiber.result().orElseThrow());
    }

    /** A counter whose state lives in its fields: the receiver must be the same object after resuming. */
    static final class Counter {
        private int count;
        private final List<String> log = new ArrayList<>();

        @Suspendable
        int countTo(int limit) {
            while (count < limit) {
                Fiber.yield();
                count++;
                log.add("n" + count);
            }
            return count;
        }
    }

    @Test
    void receiverIsTheSameObjectAfterResuming() {
        Counter counter = new Counter();
        Fiber fiber = scheduler.run("receiver", () -> counter.countTo(3));
        assertEquals(3, fiber.result().orElseThrow());
        assertEquals(List.of("n1", "n2", "n3"), counter.log);
    }

    @Suspendable
    static int level1(int x) {
        int before = x * 10;
        int below = level2(x + 1);
        return before + below;
    }

    @Suspendable
    static int level2(int x) {
        String tag = "t" + x;
        int below = level3(x + 1);
        return tag.length() + below;
    }

    @Suspendable
    static int level3(int x) {
        Fiber.yield();
        double half = x / 2.0;
        Fiber.yield();
        return (int) (half * 100);
    }

    @Test
    void nestedCallsThreeDeepResumeFromTheInnermostFrame() {
        Fiber fiber = scheduler.run("nested", () -> level1(1));
        assertEquals(10 + 2 + 150, fiber.result().orElseThrow());
        assertEquals(3, scheduler.resumes());
    }

    @Suspendable
    static long recurse(int depth) {
        if (depth == 0) {
            Fiber.yield();
            Fiber.yield();
            return 0;
        }
        long below = recurse(depth - 1);
        return below + depth;
    }

    @Test
    void recursionTenThousandDeepSuspendsAtTheBottom() throws InterruptedException {
        Object[] outcome = new Object[1];
        // the first run descends 10,000 real frames; resuming does not (each frame is re-entered alone)
        Thread deep = new Thread(null, () -> outcome[0] = scheduler.run("deep", () -> recurse(10_000)),
                "deep", 256L << 20);
        deep.start();
        deep.join();
        Fiber fiber = (Fiber) outcome[0];
        assertEquals(10_000L * 10_001 / 2, fiber.result().orElseThrow());
        assertEquals(3, scheduler.resumes());
    }

    @Suspendable
    static List<String> tryCatchFinally() {
        List<String> events = new ArrayList<>();
        try {
            events.add("try");
            Fiber.yield();
            events.add("resumed");
            throw new IllegalArgumentException("boom");
        } catch (IllegalArgumentException e) {
            events.add("catch " + e.getMessage());
            Fiber.yield();
            events.add("catch resumed");
        } finally {
            events.add("finally");
            Fiber.yield();
            events.add("finally resumed");
        }
        try {
            Fiber.yield();
        } catch (Throwable t) {
            events.add("never: unwinding is not an exception");
        }
        return events;
    }

    @Test
    void tryCatchFinallyAroundSuspensionPointsRunEachHandlerOnce() {
        Fiber fiber = scheduler.run("handlers", SuspendResumeTest::tryCatchFinally);
        assertEquals(List.of("try", "resumed", "catch boom", "catch resumed", "finally", "finally resumed"),
                fiber.result().orElseThrow());
        assertEquals(5, scheduler.resumes());
    }

    @Suspendable
    static int throwAfterResume(int x) {
        Fiber.yield();
        if (x > 0) {
            throw new IllegalStateException("after resume " + x);
        }
        return x;
    }

    @Suspendable
    static int middle(int x) {
        int local = x + 1;
        return throwAfterResume(local) + local;
    }

    @Suspendable
    static String outerCatches() {
        String state = "outer";
        try {
            middle(41);
            return "not reached";
        } catch (IllegalStateException e) {
            Fiber.yield();
            return state + " caught " + e.getMessage();
        }
    }

    @Test
    void exceptionAfterResumeIsCaughtByTheCallersTryInAnOuterFrame() {
        Fiber fiber = scheduler.run("exception", SuspendResumeTest::outerCatches);
        assertEquals("outer caught after resume 42", fiber.result().orElseThrow());
    }

    @Test
    void uncaughtExceptionFailsTheFiber() {
        Fiber fiber = scheduler.run("failing", () -> middle(1));
        assertTrue(fiber.isDone());
        assertEquals("after resume 2", fiber.failure().orElseThrow().getMessage());
        assertTrue(fiber.result().isEmpty());
    }

    @Test
    void lambdaRunnableBodySuspends() {
        List<String> events = new ArrayList<>();
        SuspendableRunnable body = () -> {
            String captured = "lambda";
            events.add(captured + " 1");
            Fiber.yield();
            events.add(captured + " 2");
        };
        Fiber fiber = scheduler.run("lambda", () -> {
            body.run();
            body.run();
            return events.size();
        });
        assertEquals(4, fiber.result().orElseThrow());
        assertEquals(List.of("lambda 1", "lambda 2", "lambda 1", "lambda 2"), events);
        assertEquals(3, scheduler.resumes());
    }

    /** An interface whose default method suspends and calls an overridable one. */
    interface Greeter {
        @Suspendable
        default String greet(String name) {
            String prefix = prefix();
            Fiber.yield();
            return prefix + name + suffix();
        }

        String prefix();

        @Suspendable
        default String suffix() {
            return ".";
        }
    }

    static class Polite implements Greeter {
        @Override
        public String prefix() {
            return "Hello ";
        }
    }

    static final class Excited extends Polite {
        @Override
        public String suffix() { // suspendable without the annotation: it overrides a suspendable method
            Fiber.yield();
            return "!";
        }
    }

    @Test
    void interfaceDefaultMethodAndVirtualOverrideSuspend() {
        Fiber polite = scheduler.run("polite", () -> new Polite().greet("Ann"));
        Fiber excited = scheduler.run("excited", () -> new Excited().greet("Bob"));
        assertEquals("Hello Ann.", polite.result().orElseThrow());
        assertEquals("Hello Bob!", excited.result().orElseThrow());
    }

    @Test
    void parkSuspendsUntilUnpark() {
        List<String> events = new ArrayList<>();
        Fiber fiber = scheduler.run("parker", () -> {
            events.add("parking");
            Fiber.park();
            events.add("unparked");
            return "done";
        });
        assertEquals(List.of("parking"), events);
        assertTrue(!fiber.isDone());
        fiber.unpark();
        scheduler.runAll();
        assertEquals(List.of("parking", "unparked"), events);
        assertEquals("done", fiber.result().orElseThrow());
    }

    @Test
    void unparkBeforeParkLeavesAPermit() {
        Fiber[] self = new Fiber[1];
        Fiber fiber = scheduler.run("permit", () -> {
            Fiber me = Fiber.current().orElseThrow();
            self[0] = me;
            me.unpark();
            Fiber.park();
            return "no suspension";
        });
        assertEquals(fiber, self[0]);
        assertEquals("no suspension", fiber.result().orElseThrow());
        assertEquals(1, scheduler.resumes());
    }

    @Test
    void fiberReturnsPrimitiveValuesBoxed() {
        assertEquals(3.25, scheduler.run("double", () -> {
            Fiber.yield();
            return 3.25;
        }).result().orElseThrow());
        assertEquals(List.of(1, 2), scheduler.run("list", () -> {
            List<Integer> list = new ArrayList<>(List.of(1));
            Fiber.yield();
            list.add(2);
            return list;
        }).result().orElseThrow());
    }

    record Pair(String left, int right) {
    }

    @Test
    void constructorArgumentsMaySuspend() {
        Fiber fiber = scheduler.run("constructors", () -> new Pair("p" + suspendThen(1), suspendThen(2))
                + "/" + new StringBuilder(new String("x" + suspendThen(3))).append(suspendThen(4)));
        assertEquals("Pair[left=p1, right=2]/x34", fiber.result().orElseThrow());
        assertEquals(5, scheduler.resumes());
    }

    @Test
    void arraysOfArraysSurvive() {
        Fiber fiber = scheduler.run("matrix", () -> {
            int[][] matrix = {{1, 2}, {3, 4}};
            Object[] mixed = {"a", 1};
            Fiber.yield();
            matrix[1][1] += 10;
            return new int[] {matrix[1][1], mixed.length};
        });
        assertArrayEquals(new int[] {14, 2}, (int[]) fiber.result().orElseThrow());
    }
}
