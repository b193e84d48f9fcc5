package io.ioucontext.reactor;

import java.time.Duration;

/**
 * An operation's linked timeout expired before the operation completed, so the kernel cancelled it
 * ({@code ECANCELED}), e.g. {@code read(fd=5): ECANCELED (Operation canceled); timed out after PT0.05S}.
 */
public class OperationTimedOutException extends UringException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /**
     * @param operation what timed out, with its subject, e.g. {@code read(fd=5)}
     * @param timeout   the time it was given
     */
    public OperationTimedOutException(String operation, Duration timeout) {
        super(operation, Errno.ECANCELED.number(), "timed out after " + timeout);
        this.timeout = timeout;
    }

    /** @return the time the operation was given */
    public Duration timeout() {
        return timeout;
    }
}
