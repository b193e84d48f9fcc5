package io.ioucontext.conformance.corpus;

/**
 * Two fibers hand a rally back and forth: each unparks the other, then parks until it is unparked
 * in turn; the counter they share lives in a captured array, the loop indexes in their frames.
 */
public final class PingPong implements InterleavedShape {

    @Override
    public Object run(Fibers fibers) {
        Fibers.Spawned ping = fibers.current();
        int[] rally = {0};
        Fibers.Spawned pong = fibers.spawn("pong", () -> {
            for (int i = 0; i < 3; i++) {
                fibers.park("pong waits " + i);
                rally[0]++;
                Transcript.log("pong returns " + rally[0]);
                ping.unpark();
            }
        });
        for (int i = 0; i < 3; i++) {
            // yielding first lets pong run up to its park
            fibers.step("ping serves " + i);
            rally[0]++;
            pong.unpark();
            fibers.park("ping waits " + i);
        }
        return "rally " + rally[0];
    }
}
