package io.ioucontext.conformance.corpus;

import java.util.List;

/**
 * Three fibers take turns, one step each, with values of several types in their frames across every
 * step; the first fiber parks until the last of them to end unparks it.
 */
public final class RoundRobin implements InterleavedShape {

    @Override
    public Object run(Fibers fibers) {
        Fibers.Spawned first = fibers.current();
        StringBuilder order = new StringBuilder();
        int[] running = {3};
        for (String name : List.of("a", "b", "c")) {
            fibers.spawn(name, () -> {
                long total = name.charAt(0);
                for (int round = 0; round < 3; round++) {
                    double scale = round + 0.5;
                    char mark = (char) ('x' + round);
                    fibers.step(name + " round " + round);
                    total += (long) (scale * 10);
                    order.append(name).append(round).append(mark).append(' ');
                }
                Transcript.log(name + " total " + total);
                if (--running[0] == 0) {
                    first.unpark();
                }
            });
        }
        fibers.park("first waits for a, b and c");
        return order.toString().trim();
    }
}
