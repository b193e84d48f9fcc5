package io.ioucontext.fiber;

import java.io.Serial;

/**
 * A fiber met a frame the weaver did not rewrite between a suspension point and its caller: resuming
 * it would silently skip or re-run code, so the fiber fails with this exception instead.
 */
public final class UninstrumentedFrameException extends IllegalStateException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The fiber it failed, once known; volatile: read by whoever looks at the failure. */
    private volatile String fiber;

    /**
     * @param message names the frames around the unwoven one
     */
    public UninstrumentedFrameException(String message) {
        super(message);
    }

    /**
     * @param message names the frames around the unwoven one
     * @param cause   what the unwoven frame threw while the fiber was suspending
     */
    public UninstrumentedFrameException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Records the fiber this exception ended (the first one only). */
    void failed(String fiberName) {
        if (fiber == null) {
            fiber = fiberName;
        }
    }

    /** The message, naming the fiber it ended once it has ended one. */
    @Override
    public String getMessage() {
        String name = fiber;
        return name == null ? super.getMessage() : "in fiber " + name + ": " + super.getMessage();
    }
}
