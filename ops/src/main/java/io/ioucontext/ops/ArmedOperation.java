package io.ioucontext.ops;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Completion;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.UringException;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * An operation kept armed for a stream of results (connections, received buffers): one multishot
 * operation, submitted again whenever the kernel ends it (a CQE without IORING_CQE_F_MORE), or, on
 * kernels without it, one single-shot operation per result. {@link #close()} cancels it; results
 * that arrive after that are {@linkplain #discard(long) discarded} until its last CQE, so that
 * {@link Reactor#run()} returns and nothing leaks. Used by one fiber at a time, on the reactor's thread.
 */
abstract class ArmedOperation implements AutoCloseable {

    private static final int ECANCELED = Errno.ECANCELED.number();

    private final boolean multishot;
    /** The operation in flight, or null. */
    private Completion armed;
    /** Whether a fiber is taking a CQE, so {@link #close()} leaves the draining to it. */
    private boolean taking;
    private boolean closed;

    /** @param multishot whether the kernel has the operation's multishot form */
    ArmedOperation(boolean multishot) {
        this.multishot = multishot;
    }

    /** @return whether results come from one multishot operation rather than one operation each */
    public final boolean isMultishot() {
        return multishot;
    }

    /**
     * @param reactor the calling thread's reactor
     * @return the operation, staged and not submitted (made multishot here when the kernel has it)
     */
    abstract Completion prepare(Reactor reactor);

    /**
     * Releases what a CQE taken after {@link #close()} carries (an accepted descriptor, a buffer).
     *
     * @param cqe the CQE, its {@code res} not negative
     */
    abstract void discard(long cqe) throws IOException;

    /**
     * Waits for the next result.
     *
     * @return its CQE (packed as {@link Completion#awaitCqe()} returns it), or empty once closed
     * @throws IOException for a failing CQE: the kernel ends a multishot accept or receive at its
     *     first error, so the next call arms the operation again
     */
    @Suspendable
    final OptionalLong nextCqe() throws IOException {
        taking = true;
        try {
            for (;;) {
                if (armed == null) {
                    if (closed) {
                        return OptionalLong.empty();
                    }
                    Completion operation = prepare(Reactor.get());
                    armed = (multishot ? operation.multishot() : operation).submit();
                }
                long cqe;
                try {
                    cqe = multishot ? armed.nextCqe() : armed.awaitCqe();
                } catch (UringException e) {
                    armed = null;
                    if (closed && e.errnoNumber() == ECANCELED) {
                        return OptionalLong.empty();
                    }
                    throw e;
                }
                if (!Completion.hasMore(cqe)) {
                    armed = null;  // single-shot, or the kernel stopped it (e.g. an overflowing CQ)
                }
                if (!closed) {
                    return OptionalLong.of(cqe);
                }
                discard(cqe);  // arrived while the cancel was on its way; drain until the last CQE
            }
        } finally {
            taking = false;
        }
    }

    /**
     * Stops: cancels the operation in flight. A fiber waiting for a result gets none (empty), as
     * does every later call. Without a fiber waiting, a fiber is spawned to take the operation's
     * last CQE, so the reactor's loop must turn once more ({@link Reactor#run()}). Closing twice
     * does nothing.
     */
    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (armed != null) {
            armed.cancel();
            if (!taking) {
                Reactor.get().spawn("closing " + getClass().getSimpleName(), this::drain);
            }
        }
    }

    @Suspendable
    private void drain() throws IOException {
        nextCqe();
    }
}
