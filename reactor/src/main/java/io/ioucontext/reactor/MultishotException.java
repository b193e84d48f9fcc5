package io.ioucontext.reactor;

/**
 * A CQE of a {@linkplain Completion#multishot() multishot} operation carried an error, e.g.
 * {@code recv(fd=8): ENOBUFS (No buffer space available)}. Some errors end the operation (a
 * receive whose buffer ring ran dry, a cancel), others do not (each expiry of a multishot
 * timeout): {@link #hasMore()} tells which, from the CQE's {@code IORING_CQE_F_MORE}.
 */
public class MultishotException extends UringException {

    private static final long serialVersionUID = 1L;

    private final boolean more;

    /**
     * @param operation   what failed, with its subject, e.g. {@code recv(fd=8)}
     * @param errnoNumber the positive error number
     * @param more        whether the failing CQE had {@code IORING_CQE_F_MORE}
     */
    public MultishotException(String operation, int errnoNumber, boolean more) {
        super(operation, errnoNumber);
        this.more = more;
    }

    /**
     * @return whether the operation goes on: more CQEs follow, to be taken with
     *     {@link Completion#nextCqe()}; false when this was its last CQE (its record is back in the pool)
     */
    public boolean hasMore() {
        return more;
    }
}
