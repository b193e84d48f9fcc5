package io.ioucontext.fiber;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The fibers that have started and not ended, for dumps. Held weakly, so a suspended fiber nobody
 * will ever resume is still collected; touched once when a fiber starts running and once when it
 * ends, never on the suspend/resume path.
 */
final class LiveFibers {

    private static final Map<Fiber, Boolean> LIVE = new WeakHashMap<>();

    private LiveFibers() {
    }

    static void add(Fiber fiber) {
        synchronized (LIVE) {
            LIVE.put(fiber, Boolean.TRUE);
        }
    }

    static void remove(Fiber fiber) {
        synchronized (LIVE) {
            LIVE.remove(fiber);
        }
    }

    static List<Fiber> snapshot() {
        synchronized (LIVE) {
            return new ArrayList<>(LIVE.keySet());
        }
    }
}
