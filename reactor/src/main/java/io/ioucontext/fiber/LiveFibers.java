package io.ioucontext.fiber;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The fibers that have started and not ended, for dumps; opt-in with
 * {@code -Diou.fiber.registry=true}, because an entry costs about 60 bytes per fiber (a fifth of a
 * suspended fiber). Held weakly, so a suspended fiber nobody will ever resume is still collected;
 * touched once when a fiber starts running and once when it ends, never on the suspend/resume path.
 */
final class LiveFibers {

    static final boolean ENABLED = Boolean.getBoolean("iou.fiber.registry");

    private static final Map<Fiber, Boolean> LIVE = new WeakHashMap<>();

    private LiveFibers() {
    }

    static void add(Fiber fiber) {
        if (!ENABLED) {
            return;
        }
        synchronized (LIVE) {
            LIVE.put(fiber, Boolean.TRUE);
        }
    }

    static void remove(Fiber fiber) {
        if (!ENABLED) {
            return;
        }
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
