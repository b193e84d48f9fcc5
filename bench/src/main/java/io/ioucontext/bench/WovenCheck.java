package io.ioucontext.bench;

import io.ioucontext.fiber.Woven;

/**
 * Refuses to measure unwoven ioucontext code: unwoven, a fiber primitive only raises a flag and
 * returns, so a benchmark would loop forever or time something that never suspends.
 */
final class WovenCheck {

    private WovenCheck() {
    }

    /** Throws unless the ioucontext weaver rewrote {@code type}. */
    static void requireWoven(Class<?> type) {
        if (!type.isAnnotationPresent(Woven.class)) {
            throw new IllegalStateException(type.getName() + " is not woven: build bench/ with the ioucontext maven plugin");
        }
    }
}
