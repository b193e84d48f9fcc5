package io.ioucontext.ops;

import static io.ioucontext.reactor.IoUring.IORING_OP_SEND_ZC;
import static io.ioucontext.reactor.IoUring.IORING_RECV_MULTISHOT;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.BufferRing;
import io.ioucontext.reactor.Completion;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.ProvidedBuffer;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.UringException;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What arrives on a {@link TcpConnection}, chunk by chunk, each in a buffer the kernel picked from
 * a {@link BufferRing}: one multishot IORING_OP_RECV ({@code IORING_RECV_MULTISHOT}, Linux 6.0)
 * stays armed and posts a CQE per chunk, so a stream costs one SQE rather than one per receive.
 * On a kernel without it (its probe lacks IORING_OP_SEND_ZC, from the same release) each
 * {@link #next()} submits a single receive. When the ring runs dry the kernel ends the receive
 * with ENOBUFS: {@link #next()} arms it again once buffers are back, and reports it when the
 * caller holds them all. {@link #close()}
 * cancels it and gives back the buffers filled meanwhile. Several fibers may wait in {@link #next()}
 * at once: each takes its own chunk, first come, first served.
 */
public final class Receiver extends ArmedOperation {

    private static final int ENOBUFS = Errno.ENOBUFS.number();

    private final int fd;
    private final BufferRing buffers;

    Receiver(int fd, BufferRing buffers, boolean multishot) {
        super(multishot);
        this.fd = fd;
        this.buffers = buffers;
    }

    /**
     * @param fd      the connected socket
     * @param buffers the ring to receive into
     * @return a receiver using multishot receive when this thread's reactor's kernel has it
     */
    static Receiver open(int fd, BufferRing buffers) {
        return new Receiver(fd, buffers, Reactor.get().supports(IORING_OP_SEND_ZC));
    }

    /**
     * Waits for the next chunk.
     *
     * @return the buffer holding it, which the caller must {@linkplain ProvidedBuffer#close() close}
     *     to give it back; empty once the peer has shut its side down, or the receiver is closed
     * @throws IOException e.g. {@code recv(fd=8): ENOBUFS (No buffer space available)} when the
     *     caller holds every buffer of the ring, saying so; the receiver stays usable
     */
    @Suspendable
    public Optional<ProvidedBuffer> next() throws IOException {
        OptionalLong cqe;
        for (;;) {
            try {
                cqe = nextCqe();
                break;
            } catch (UringException e) {
                // The kernel may fill every buffer before the caller takes the first: once they are
                // taken and given back, the ENOBUFS that ended the receive is no news, so arm it again.
                if (e.errnoNumber() != ENOBUFS || buffers.lent() == buffers.count()) {
                    throw buffers.explain(e);
                }
            }
        }
        if (cqe.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProvidedBuffer> received = buffers.take(cqe.getAsLong());
        if (Completion.cqeRes(cqe.getAsLong()) == 0) {
            received.ifPresent(ProvidedBuffer::close);  // the end of the stream may still have consumed a buffer
            close();  // the end of the stream was the receive's last CQE: nothing to cancel
            return Optional.empty();
        }
        return received;
    }

    @Override
    Completion prepare(Reactor reactor) {
        Completion receive = reactor.completion().prepRecv(fd, buffers, 0);
        return isMultishot() ? receive.ioprio(IORING_RECV_MULTISHOT) : receive;
    }

    @Override
    void discard(long cqe) {
        buffers.take(cqe).ifPresent(ProvidedBuffer::close);
    }
}
