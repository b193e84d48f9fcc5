package io.ioucontext.reactor;

import static io.ioucontext.reactor.IoUring.IORING_ENTER_GETEVENTS;
import static io.ioucontext.reactor.IoUring.IORING_SETUP_COOP_TASKRUN;
import static io.ioucontext.reactor.IoUring.IORING_SETUP_DEFER_TASKRUN;
import static io.ioucontext.reactor.IoUring.IORING_SETUP_SINGLE_ISSUER;
import static io.ioucontext.reactor.LibUring.IO_URING;
import static io.ioucontext.reactor.IoUring.IO_URING_PARAMS;
import static io.ioucontext.reactor.LibUring.offset;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * One io_uring, set up and mapped by liburing's {@code io_uring_queue_init_params}; Java then
 * drives its queues directly ({@link SubmissionQueue}, {@link CompletionQueue}) and enters the
 * kernel through liburing's raw {@code io_uring_enter} wrapper. Confined to the thread that set it up.
 */
final class Ring implements AutoCloseable {

    /** Completions run only when this thread enters the kernel: fewer interrupts, no cross-CPU task work. */
    static final int PREFERRED_FLAGS = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_COOP_TASKRUN;

    private static final Map<Integer, String> SETUP_FLAG_NAMES = new LinkedHashMap<>();

    static {
        SETUP_FLAG_NAMES.put(IORING_SETUP_SINGLE_ISSUER, "SINGLE_ISSUER");
        SETUP_FLAG_NAMES.put(IORING_SETUP_DEFER_TASKRUN, "DEFER_TASKRUN");
        SETUP_FLAG_NAMES.put(IORING_SETUP_COOP_TASKRUN, "COOP_TASKRUN");
    }

    private static final Path IO_URING_DISABLED = Path.of("/proc/sys/kernel/io_uring_disabled");
    private static final int EPERM = Errno.EPERM.number();
    private static final int EINVAL = Errno.EINVAL.number();
    private static final int ENOSYS = Errno.ENOSYS.number();
    private static final int ENOMEM = Errno.ENOMEM.number();
    private static final int EINTR = Errno.EINTR.number();

    private final Arena arena;
    private final MemorySegment ring;
    private final int fd;
    private final int setupFlags;
    private final Optional<String> fallbackReason;
    private final SubmissionQueue submissions;
    private final CompletionQueue completions;

    private Ring(Arena arena, MemorySegment ring, int setupFlags, Optional<String> fallbackReason) {
        this.arena = arena;
        this.ring = ring;
        this.fd = ring.get(JAVA_INT, offset(IO_URING, "ring_fd"));
        this.setupFlags = setupFlags;
        this.fallbackReason = fallbackReason;
        this.submissions = new SubmissionQueue(ring);
        this.completions = new CompletionQueue(ring);
    }

    /**
     * Sets a ring up, with {@link #PREFERRED_FLAGS} when the kernel takes them and plain otherwise.
     *
     * @param entries the SQ depth (the kernel rounds it up to a power of two; the CQ gets twice as many)
     * @return the ring
     * @throws UringException when io_uring is unavailable, saying why
     */
    static Ring open(int entries) throws UringException {
        return open(entries, PREFERRED_FLAGS);
    }

    /**
     * Sets a ring up with the given flags when the kernel takes them, plain otherwise.
     *
     * @param entries   the SQ depth
     * @param preferred the setup flags to try first
     * @return the ring
     * @throws UringException when io_uring is unavailable, saying why
     */
    static Ring open(int entries, int preferred) throws UringException {
        Arena arena = Arena.ofConfined();
        try {
            MemorySegment ring = arena.allocate(IO_URING);
            MemorySegment params = arena.allocate(IO_URING_PARAMS);
            int flags = preferred;
            Optional<String> fallbackReason = Optional.empty();
            int result = init(entries, ring, params, flags);
            if (result == -EINVAL && flags != 0) {
                // Kernels before 6.1 know neither SINGLE_ISSUER nor DEFER_TASKRUN.
                fallbackReason = Optional.of(describe(flags) + " rejected with EINVAL"
                        + " (kernel older than 6.1?); using a ring without setup flags");
                flags = 0;
                result = init(entries, ring, params, flags);
            }
            if (result < 0) {
                throw new UringException("io_uring_queue_init_params(entries=" + entries + ")", -result,
                        whyUnavailable(-result, readDisabledSetting()));
            }
            return new Ring(arena, ring, flags, fallbackReason);
        } catch (UringException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    private static String describe(int flags) {
        StringJoiner names = new StringJoiner("|");
        int rest = flags;
        for (var flag : SETUP_FLAG_NAMES.entrySet()) {
            if ((flags & flag.getKey()) != 0) {
                names.add(flag.getValue());
                rest &= ~flag.getKey();
            }
        }
        if (rest != 0) {
            names.add("0x" + Integer.toHexString(rest));
        }
        return names.toString();
    }

    private static int init(int entries, MemorySegment ring, MemorySegment params, int flags) {
        ring.fill((byte) 0);
        params.fill((byte) 0);
        params.set(JAVA_INT, offset(IO_URING_PARAMS, "flags"), flags);
        try {
            return (int) LibUring.IO_URING_QUEUE_INIT_PARAMS.invokeExact(entries, ring, params);
        } catch (Throwable t) {
            throw new IllegalStateException("io_uring_queue_init_params downcall failed", t);
        }
    }

    /**
     * @param errno    why the setup failed
     * @param disabled the contents of /proc/sys/kernel/io_uring_disabled, empty when there is none
     * @return the likely reason, for the exception's message (empty when there is no better guess)
     */
    static String whyUnavailable(int errno, String disabled) {
        if (!disabled.equals("0") && !disabled.isEmpty()) {
            return "io_uring is disabled by the kernel: " + IO_URING_DISABLED + " is " + disabled
                    + " (sysctl -w kernel.io_uring_disabled=0 enables it)";
        }
        if (errno == ENOSYS) {
            return "this kernel has no io_uring (older than 5.1, or built without CONFIG_IO_URING)";
        }
        if (errno == EPERM) {
            return "io_uring is not permitted to this process (a seccomp filter or container policy?)";
        }
        if (errno == ENOMEM) {
            return "the ring's memory could not be allocated or locked (RLIMIT_MEMLOCK? try a smaller iou.ring.entries)";
        }
        return "";
    }

    private static String readDisabledSetting() {
        try {
            return Files.readString(IO_URING_DISABLED).strip();
        } catch (IOException e) {
            return "";  // older kernels have no such setting
        }
    }

    /**
     * Submits the published SQEs and reaps whatever is ready, waiting for {@code minComplete}
     * completions; with DEFER_TASKRUN completions only progress here.
     *
     * @param toSubmit    SQEs published and not yet consumed
     * @param minComplete completions to wait for (0 never blocks)
     * @return the number of SQEs the kernel consumed, or a negative errno (EINTR is retried)
     */
    int enter(int toSubmit, int minComplete) {
        int result;
        do {
            try {
                result = (int) LibUring.IO_URING_ENTER.invokeExact(fd, toSubmit, minComplete, IORING_ENTER_GETEVENTS,
                        MemorySegment.NULL);
            } catch (Throwable t) {
                throw new IllegalStateException("io_uring_enter downcall failed", t);
            }
        } while (result == -EINTR);
        return result;
    }

    SubmissionQueue submissions() {
        return submissions;
    }

    CompletionQueue completions() {
        return completions;
    }

    /** @return the flags the ring was set up with */
    int setupFlags() {
        return setupFlags;
    }

    /** @return why the ring runs without {@link #PREFERRED_FLAGS}, when it does */
    Optional<String> fallbackReason() {
        return fallbackReason;
    }

    /** @return this ring's allocator for native memory that lives as long as the ring */
    Arena arena() {
        return arena;
    }

    /** Unmaps the ring, closes its file descriptor (the kernel cancels what is still in flight) and frees the struct. */
    @Override
    public void close() {
        try {
            LibUring.IO_URING_QUEUE_EXIT.invokeExact(ring);
        } catch (Throwable t) {
            throw new IllegalStateException("io_uring_queue_exit downcall failed", t);
        } finally {
            arena.close();
        }
    }
}
