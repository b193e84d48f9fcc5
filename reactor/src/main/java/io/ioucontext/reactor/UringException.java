package io.ioucontext.reactor;

import java.io.IOException;
import java.util.Optional;

/**
 * An io_uring operation (or the ring's own setup) failed with an error number, e.g.
 * {@code read(fd=5): EBADF (Bad file descriptor)}.
 */
public class UringException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final int errnoNumber;

    /**
     * @param operation   what failed, with its subject, e.g. {@code read(fd=5)}
     * @param errnoNumber the positive error number
     */
    public UringException(String operation, int errnoNumber) {
        this(operation, errnoNumber, "");
    }

    /**
     * @param operation   what failed, with its subject, e.g. {@code io_uring_queue_init_params(entries=64)}
     * @param errnoNumber the positive error number
     * @param detail      why it probably failed, appended to the message after "; " (empty for nothing)
     */
    public UringException(String operation, int errnoNumber, String detail) {
        super(operation + ": " + describe(errnoNumber) + (detail.isEmpty() ? "" : "; " + detail));
        this.operation = operation;
        this.errnoNumber = errnoNumber;
    }

    private static String describe(int errnoNumber) {
        return Errno.of(errnoNumber)
                .map(errno -> errno.name() + " (" + errno.description() + ")")
                .orElse("errno " + errnoNumber);
    }

    /** @return what failed, with its subject, e.g. {@code read(fd=5)} */
    public String operation() {
        return operation;
    }

    /** @return the positive error number */
    public int errnoNumber() {
        return errnoNumber;
    }

    /** @return the error, when its number is in the {@link Errno} table */
    public Optional<Errno> errno() {
        return Errno.of(errnoNumber);
    }
}
