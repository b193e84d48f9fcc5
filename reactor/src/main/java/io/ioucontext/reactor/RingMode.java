package io.ioucontext.reactor;

import static io.ioucontext.reactor.IoUring.IORING_SETUP_COOP_TASKRUN;
import static io.ioucontext.reactor.IoUring.IORING_SETUP_DEFER_TASKRUN;
import static io.ioucontext.reactor.IoUring.IORING_SETUP_SINGLE_ISSUER;
import static io.ioucontext.reactor.IoUring.IORING_SETUP_SQPOLL;
import static io.ioucontext.reactor.IoUring.IORING_SETUP_SQ_AFF;

import java.util.Locale;

/**
 * How a reactor's ring is set up, chosen by the system property {@value Reactor#MODE_PROPERTY}, else
 * the environment variable {@value Reactor#MODE_VARIABLE}, else {@link #TASKRUN}.
 */
public enum RingMode {

    /**
     * {@code SINGLE_ISSUER|DEFER_TASKRUN|COOP_TASKRUN} (Linux 6.1+): completions run only when the
     * reactor's thread enters the kernel, so no interrupts and no cross-CPU task work. On an older
     * kernel the ring falls back to {@link #PLAIN} and {@link Reactor#fallbackReason()} says so.
     */
    TASKRUN(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_COOP_TASKRUN),

    /**
     * {@code SQPOLL|SQ_AFF|SINGLE_ISSUER}: a kernel thread, pinned to the reactor's CPU, consumes the
     * SQ, so submitting needs no system call while it is awake (it sleeps after 100 ms idle).
     */
    SQPOLL(IORING_SETUP_SQPOLL | IORING_SETUP_SQ_AFF | IORING_SETUP_SINGLE_ISSUER),

    /** No setup flags: works on every kernel with io_uring. */
    PLAIN(0);

    private final int setupFlags;

    RingMode(int setupFlags) {
        this.setupFlags = setupFlags;
    }

    /** @return the {@code io_uring_params.flags} this mode sets up the ring with */
    int setupFlags() {
        return setupFlags;
    }

    /**
     * @param name {@code taskrun}, {@code sqpoll} or {@code plain}, in any case
     * @return the mode
     * @throws IllegalArgumentException for another name
     */
    static RingMode parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ring mode must be taskrun, sqpoll or plain: " + name, e);
        }
    }
}
