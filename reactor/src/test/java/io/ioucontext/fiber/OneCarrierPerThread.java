package io.ioucontext.fiber;

/**
 * Run by {@link OneCarrierPerThreadTest} in a fresh JVM, so that its main thread is the one that
 * initialises {@link Carrier}: it asks for its carrier, lets another thread take the static cache
 * over, and asks again. Prints {@code same} when both answers are one object. Two carriers for
 * one thread would let the cache switch a thread running a fiber over to a carrier that knows no
 * fiber, and its operations would then act as if called outside fibers.
 */
public final class OneCarrierPerThread {

    private OneCarrierPerThread() {
    }

    public static void main(String[] args) throws InterruptedException {
        Carrier first = Carrier.current();
        Thread other = new Thread(Carrier::current, "other");
        other.start();
        other.join();
        System.out.println(Carrier.current() == first ? "same" : "different");
    }
}
