package io.ioucontext.ops;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Completion;
import io.ioucontext.reactor.MultishotException;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.UringException;
import io.ioucontext.sync.Mutex;

import java.io.IOException;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.function.LongConsumer;

/**
 * An operation kept armed for a stream of results (connections, received buffers): one multishot
 * operation, submitted again whenever the kernel ends it (a CQE without IORING_CQE_F_MORE), or, on
 * kernels without it, one single-shot operation per result. {@link #close()} cancels it; results
 * that arrive after that are {@linkplain #discard(long) discarded} until its last CQE, so that
 * {@link Reactor#run()} returns and nothing leaks. Closing the reactor closes it too, discarding
 * the results nobody took. Used on the reactor's thread, by any number of fibers at once: they take
 * the results one at a time, first come, first served (a completion has one waiter).
 */
abstract class ArmedOperation implements AutoCloseable {

    /** The reactor of the thread that opened it: the operation is armed there, and ends with it. */
    private final Reactor reactor = Reactor.get();
    private final boolean multishot;
    /** What the armed operation hands the CQEs nobody will take to, if the reactor closes first. */
    private final LongConsumer release = this::abandoned;
    /** The operation in flight, or null. */
    private Completion armed;
    /** Held by the fiber taking a CQE, so the others wait their turn and {@link #close()} leaves the draining to it. */
    private final Mutex taker = new Mutex();
    private boolean closed;

    /** @param multishot whether the kernel has the operation's multishot form */
    ArmedOperation(boolean multishot) {
        this.multishot = multishot;
    }

    /** @return whether results come from one multishot operation rather than one operation each */
    public final boolean isMultishot() {
        return multishot;
    }

    /** @return whether it was closed, or its reactor was: {@code next()} then gives nothing more */
    public final boolean isClosed() {
        return closed || reactor.isClosed();
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
     * @throws IOException for a failing CQE; when it ended the operation (no IORING_CQE_F_MORE, as
     *     a multishot accept or receive does at its first error) the next call arms it again
     */
    @Suspendable
    final OptionalLong nextCqe() throws IOException {
        if (reactor.isClosed()) {
            // Cancelled by the reactor's close, its untaken results discarded; a taker that the close
            // left parked keeps its turn for good, so this is checked before waiting for one. (The
            // reactor cannot close while a caller is taking: it parks, or drives the loop.)
            armed = null;
            return OptionalLong.empty();
        }
        taker.acquire();
        try {
            for (;;) {
                if (armed == null) {
                    if (closed) {
                        return OptionalLong.empty();
                    }
                    Completion operation = prepare(reactor).onAbandon(release);
                    armed = (multishot ? operation.multishot() : operation).submit();
                }
                long cqe;
                try {
                    cqe = multishot ? armed.nextCqe() : armed.awaitCqe();
                } catch (UringException e) {
                    boolean ended = !(e instanceof MultishotException failure && failure.hasMore());
                    if (ended) {
                        armed = null;
                    }
                    if (!closed) {
                        throw e;
                    }
                    if (ended) {
                        return OptionalLong.empty();  // the cancel's ECANCELED, or an error that beat it
                    }
                    armed.cancel();  // the cancel may have found it being re-armed: ask again, drain on
                    continue;
                } catch (CancellationException e) {
                    if (!multishot) {
                        armed = null;  // awaited to its CQE, its record went back to the pool: the next taker arms anew
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
                if (armed != null) {
                    armed.cancel();  // ask again, as above
                }
            }
        } finally {
            taker.release();
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
        if (armed != null && !reactor.isClosed()) {
            armed.cancel();
            if (!taker.isLocked()) {
                reactor.spawn("closing " + getClass().getSimpleName(), this::drain);
            }
        }
    }

    @Suspendable
    private void drain() throws IOException {
        nextCqe();
    }

    /** Releases what a CQE nobody will take carries, its reactor closing. */
    private void abandoned(long cqe) {
        try {
            discard(cqe);
        } catch (IOException e) {
            // the result was ours to release and could not be; nothing to report it to while the reactor closes
        }
    }
}
