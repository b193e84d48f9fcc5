package io.ioucontext.fiber;

/**
 * Run by {@link SmallStackResumeTest} in a JVM started with {@code -Xss256k}, which sizes the main
 * thread's stack: a fiber's first run, 10,000 frames deep, fails with a {@link StackOverflowError}
 * there; the same fiber parked at the bottom by a thread with a large stack resumes and completes
 * on the main thread. Prints one line per run.
 */
public final class SmallXssResume {

    private SmallXssResume() {
    }

    public static void main(String[] args) throws InterruptedException {
        QueueScheduler onMain = new QueueScheduler();
        Fiber overflowing = new Fiber(onMain, "first run on main", () -> SmallStackResumeTest.descend(0)).start();
        onMain.runAll();
        System.out.println("first run on main: " + overflowing.failure().map(Object::toString).orElse("no failure"));

        QueueScheduler scheduler = new QueueScheduler();
        Fiber fiber = new Fiber(scheduler, "resumed on main", () -> SmallStackResumeTest.descend(0));
        Thread descent = new Thread(null, () -> {
            fiber.start();
            scheduler.runAll();
        }, "descent", SmallStackResumeTest.LARGE_STACK);
        descent.start();
        descent.join();
        while (!fiber.isDone()) {
            fiber.unpark();
            scheduler.runAll();
        }
        System.out.println("resumed on main: " + fiber.failure().map(Object::toString)
                .orElseGet(() -> "returned " + fiber.result().orElseThrow()));
    }
}
