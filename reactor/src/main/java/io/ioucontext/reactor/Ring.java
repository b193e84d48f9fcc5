package io.ioucontext.reactor;

import static io.ioucontext.reactor.IoUring.IORING_ENTER_GETEVENTS;
import static io.ioucontext.reactor.IoUring.IORING_ENTER_REGISTERED_RING;
import static io.ioucontext.reactor.IoUring.IORING_ENTER_SQ_WAIT;
import static io.ioucontext.reactor.IoUring.IORING_ENTER_SQ_WAKEUP;
import static io.ioucontext.reactor.IoUring.IORING_FEAT_NODROP;
import static io.ioucontext.reactor.IoUring.IORING_FEAT_RW_CUR_POS;
import static io.ioucontext.reactor.IoUring.IORING_FEAT_SUBMIT_STABLE;
import static io.ioucontext.reactor.IoUring.IORING_OP_ASYNC_CANCEL;
import static io.ioucontext.reactor.IoUring.IORING_OP_LINK_TIMEOUT;
import static io.ioucontext.reactor.IoUring.IORING_OP_NOP;
import static io.ioucontext.reactor.IoUring.IORING_OP_READ;
import static io.ioucontext.reactor.IoUring.IORING_SETUP_COOP_TASKRUN;
import static io.ioucontext.reactor.IoUring.IORING_SETUP_DEFER_TASKRUN;
import static io.ioucontext.reactor.IoUring.IORING_SETUP_SINGLE_ISSUER;
import static io.ioucontext.reactor.IoUring.IORING_SETUP_SQPOLL;
import static io.ioucontext.reactor.IoUring.IORING_SETUP_SQ_AFF;
import static io.ioucontext.reactor.IoUring.IORING_SQ_NEED_WAKEUP;
import static io.ioucontext.reactor.IoUring.IO_URING_OP_SUPPORTED;
import static io.ioucontext.reactor.IoUring.IO_URING_PARAMS;
import static io.ioucontext.reactor.IoUring.IO_URING_PROBE;
import static io.ioucontext.reactor.IoUring.IO_URING_PROBE_OP;
import static io.ioucontext.reactor.LibUring.IO_URING;
import static io.ioucontext.reactor.LibUring.offset;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One io_uring, set up and mapped by liburing's {@code io_uring_queue_init_params}; Java then
 * drives its queues directly ({@link SubmissionQueue}, {@link CompletionQueue}) and enters the
 * kernel through liburing's raw {@code io_uring_enter} wrapper. The ring serves one CPU the thread
 * has affinity for: its io-wq workers (and SQPOLL thread) are bound to it. Used by the thread that
 * set it up; only {@link #close()} may come from another thread (a Cleaner, once that thread ended).
 */
final class Ring implements AutoCloseable {

    private static final Map<Integer, String> SETUP_FLAG_NAMES = new LinkedHashMap<>();

    static {
        SETUP_FLAG_NAMES.put(IORING_SETUP_SQPOLL, "SQPOLL");
        SETUP_FLAG_NAMES.put(IORING_SETUP_SQ_AFF, "SQ_AFF");
        SETUP_FLAG_NAMES.put(IORING_SETUP_SINGLE_ISSUER, "SINGLE_ISSUER");
        SETUP_FLAG_NAMES.put(IORING_SETUP_DEFER_TASKRUN, "DEFER_TASKRUN");
        SETUP_FLAG_NAMES.put(IORING_SETUP_COOP_TASKRUN, "COOP_TASKRUN");
    }

    /** Features the reactor relies on, with the kernel that brought them. */
    private static final Map<Integer, String> REQUIRED_FEATURES = new TreeMap<>(Map.of(
            IORING_FEAT_NODROP, "IORING_FEAT_NODROP (Linux 5.5)",
            IORING_FEAT_SUBMIT_STABLE, "IORING_FEAT_SUBMIT_STABLE (Linux 5.5)",
            IORING_FEAT_RW_CUR_POS, "IORING_FEAT_RW_CUR_POS (Linux 5.6)"));
    /** Opcodes the reactor itself submits. */
    private static final int[] REQUIRED_OPCODES = {IORING_OP_NOP, IORING_OP_READ, IORING_OP_LINK_TIMEOUT, IORING_OP_ASYNC_CANCEL};
    /** How long an SQPOLL thread spins without work before it sleeps, in milliseconds (as the original). */
    private static final int SQ_THREAD_IDLE_MILLIS = 100;

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
    private final int cpu;
    private final BitSet opcodes;
    private final SubmissionQueue submissions;
    private final CompletionQueue completions;
    /** The SQ ring's flags word, where an SQPOLL thread says it needs a wakeup. */
    private final MemorySegment sqFlags;
    /** The fd io_uring_enter takes: the registered ring's index when registering it worked. */
    private int enterFd;
    private int enterFlags = IORING_ENTER_GETEVENTS;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Ring(Arena arena, MemorySegment ring, int setupFlags, Optional<String> fallbackReason, int cpu,
            BitSet opcodes) {
        this.arena = arena;
        this.ring = ring;
        this.fd = ring.get(JAVA_INT, offset(IO_URING, "ring_fd"));
        this.enterFd = fd;
        this.setupFlags = setupFlags;
        this.fallbackReason = fallbackReason;
        this.cpu = cpu;
        this.opcodes = opcodes;
        this.submissions = new SubmissionQueue(ring);
        this.completions = new CompletionQueue(ring);
        this.sqFlags = ring.get(ADDRESS, offset(IO_URING, "sq", "kflags")).reinterpret(Integer.BYTES);
    }

    /**
     * Sets a ring up for one CPU the calling thread has affinity for.
     *
     * @param entries the SQ depth (the kernel rounds it up to a power of two; the CQ gets twice as many)
     * @param mode    the setup flags; {@link RingMode#TASKRUN} falls back to a plain ring on kernels without them
     * @param files   the size of the sparse registered file table, 0 for none
     * @return the ring
     * @throws UringException when io_uring is unavailable or lacks something the reactor needs, saying why
     */
    static Ring open(int entries, RingMode mode, int files) throws UringException {
        return open(entries, mode.setupFlags(), mode == RingMode.TASKRUN, files);
    }

    /**
     * @param flags    the setup flags to try
     * @param fallback whether a ring without flags may replace one the kernel rejects
     */
    static Ring open(int entries, int flags, boolean fallback, int files) throws UringException {
        Arena arena = Arena.ofShared();  // a Cleaner may free it from another thread
        try {
            int cpu = Affinity.chooseCpu(arena);
            MemorySegment ring = arena.allocate(IO_URING);
            MemorySegment params = arena.allocate(IO_URING_PARAMS);
            Optional<String> fallbackReason = Optional.empty();
            int result = init(entries, ring, params, flags, cpu);
            if (result == -EINVAL && flags != 0 && fallback) {
                // Kernels before 6.1 know neither SINGLE_ISSUER nor DEFER_TASKRUN.
                fallbackReason = Optional.of(describe(flags) + " rejected with EINVAL"
                        + " (kernel older than 6.1?); using a ring without setup flags");
                flags = 0;
                result = init(entries, ring, params, flags, cpu);
            }
            if (result < 0) {
                throw new UringException("io_uring_queue_init_params(entries=" + entries + ", flags=" + describe(flags)
                        + ")", -result, whyUnavailable(-result, readDisabledSetting()));
            }
            Ring opened;
            try {
                requireFeatures(params.get(JAVA_INT, offset(IO_URING_PARAMS, "features")));
                opened = new Ring(arena, ring, flags, fallbackReason, cpu, probe(ring, arena));
            } catch (UringException | RuntimeException e) {
                LibUring.IO_URING_QUEUE_EXIT.invokeExact(ring);
                throw e;
            }
            try {
                opened.setUp(files);
            } catch (UringException | RuntimeException e) {
                opened.close();
                throw e;
            }
            return opened;
        } catch (UringException | RuntimeException | Error e) {
            if (arena.scope().isAlive()) {
                arena.close();
            }
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new IllegalStateException("io_uring_queue_exit downcall failed", t);
        }
    }

    private void setUp(int files) throws UringException {
        MemorySegment mask = Affinity.only(arena, cpu);
        check("io_uring_register_iowq_aff(cpu=" + cpu + ")",
                Downcall.call("liburing", () -> (int) LibUring.IO_URING_REGISTER_IOWQ_AFF.invokeExact(ring, LibC.CPU_SET_SIZE, mask)));
        if (Downcall.call("liburing", () -> (int) LibUring.IO_URING_REGISTER_RING_FD.invokeExact(ring)) == 1) {
            // Entering by index spares the kernel a file table lookup per system call.
            enterFd = ring.get(JAVA_INT, offset(IO_URING, "enter_ring_fd"));
            enterFlags |= IORING_ENTER_REGISTERED_RING;
        }
        if (files > 0) {
            check("io_uring_register_files_sparse(" + files + ")",
                    Downcall.call("liburing", () -> (int) LibUring.IO_URING_REGISTER_FILES_SPARSE.invokeExact(ring, files)));
        }
    }

    private static void check(String call, int result) throws UringException {
        if (result < 0) {
            throw new UringException(call, -result);
        }
    }

    /**
     * @param features the {@code io_uring_params.features} the kernel reported
     * @throws UringException naming every feature the reactor relies on that is missing
     */
    static void requireFeatures(int features) throws UringException {
        StringJoiner missing = new StringJoiner(", ");
        REQUIRED_FEATURES.forEach((feature, name) -> {
            if ((features & feature) == 0) {
                missing.add(name);
            }
        });
        if (missing.length() > 0) {
            throw new UringException("io_uring setup", ENOSYS, "this kernel's io_uring lacks " + missing);
        }
    }

    private static BitSet probe(MemorySegment ring, Arena arena) throws UringException {
        MemorySegment probe = arena.allocate(IO_URING_PROBE);
        int result = Downcall.call("liburing", () -> (int) LibUring.IO_URING_REGISTER_PROBE.invokeExact(ring, probe, 256));
        if (result < 0) {
            throw new UringException("io_uring_register_probe", -result, "IORING_REGISTER_PROBE needs Linux 5.6");
        }
        BitSet supported = new BitSet();
        int count = Byte.toUnsignedInt(probe.get(JAVA_BYTE, offset(IO_URING_PROBE, "ops_len")));
        long ops = offset(IO_URING_PROBE, "ops");
        long opFlags = offset(IO_URING_PROBE_OP, "flags");
        for (int i = 0; i < count; i++) {
            long op = ops + i * IO_URING_PROBE_OP.byteSize();
            if ((probe.get(JAVA_SHORT, op + opFlags) & IO_URING_OP_SUPPORTED) != 0) {
                supported.set(Byte.toUnsignedInt(probe.get(JAVA_BYTE, op)));
            }
        }
        StringJoiner missing = new StringJoiner(", ");
        for (int opcode : REQUIRED_OPCODES) {
            if (!supported.get(opcode)) {
                missing.add("IORING_OP_" + IoUring.opcodeName(opcode).toUpperCase(Locale.ROOT));
            }
        }
        if (missing.length() > 0) {
            throw new UringException("io_uring setup", ENOSYS, "this kernel's io_uring lacks " + missing);
        }
        return supported;
    }

    private static String describe(int flags) {
        if (flags == 0) {
            return "0";
        }
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

    private static int init(int entries, MemorySegment ring, MemorySegment params, int flags, int cpu) {
        ring.fill((byte) 0);
        params.fill((byte) 0);
        params.set(JAVA_INT, offset(IO_URING_PARAMS, "flags"), flags);
        params.set(JAVA_INT, offset(IO_URING_PARAMS, "sq_thread_cpu"), cpu);
        params.set(JAVA_INT, offset(IO_URING_PARAMS, "sq_thread_idle"), SQ_THREAD_IDLE_MILLIS);
        return Downcall.call("liburing", () -> (int) LibUring.IO_URING_QUEUE_INIT_PARAMS.invokeExact(entries, ring, params));
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
        if (errno == EINVAL) {
            return "the kernel rejects these setup flags (SQPOLL needs Linux 5.11 to run unprivileged)";
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
     * completions; with DEFER_TASKRUN completions only progress here. With SQPOLL the kernel
     * thread submits, so the call is skipped unless it must wait or wake that thread.
     *
     * @param toSubmit    SQEs published and not yet consumed
     * @param minComplete completions to wait for (0 never blocks)
     * @return the number of SQEs the kernel consumed, or a negative errno (EINTR is retried)
     */
    int enter(int toSubmit, int minComplete) {
        int flags = enterFlags;
        if ((setupFlags & IORING_SETUP_SQPOLL) != 0) {
            if (sqThreadSleeps()) {
                flags |= IORING_ENTER_SQ_WAKEUP;
            } else if (minComplete == 0) {
                return toSubmit;
            }
        }
        return invokeEnter(toSubmit, minComplete, flags);
    }

    /**
     * Makes the kernel take the published SQEs now, without waiting for completions, so that
     * their slots can be filled again: a plain submit, or with SQPOLL a wait until the kernel
     * thread (woken if it sleeps) has freed at least one slot ({@code IORING_ENTER_SQ_WAIT}).
     *
     * @param toSubmit SQEs published and not yet consumed
     * @return the number of SQEs the kernel consumed (SQPOLL: 0), or a negative errno
     */
    int submitNow(int toSubmit) {
        if ((setupFlags & IORING_SETUP_SQPOLL) == 0) {
            return enter(toSubmit, 0);
        }
        return invokeEnter(toSubmit, 0, enterFlags | IORING_ENTER_SQ_WAIT | (sqThreadSleeps() ? IORING_ENTER_SQ_WAKEUP : 0));
    }

    private boolean sqThreadSleeps() {
        VarHandle.fullFence();  // the tail store must be visible before the wakeup flag is read
        return (sqFlags.get(JAVA_INT, 0L) & IORING_SQ_NEED_WAKEUP) != 0;
    }

    private int invokeEnter(int toSubmit, int minComplete, int flags) {
        int result;
        do {
            try {
                result = (int) LibUring.IO_URING_ENTER.invokeExact(enterFd, toSubmit, minComplete, flags, MemorySegment.NULL);
            } catch (Throwable t) {
                throw new IllegalStateException("io_uring_enter downcall failed", t);
            }
        } while (result == -EINTR);
        return result;
    }

    /**
     * Registers a provided buffer ring ({@code IORING_REGISTER_PBUF_RING}, Linux 5.19).
     *
     * @param reg a {@code struct io_uring_buf_reg} naming the ring's memory, size and group id
     * @return 0, or a negative errno
     */
    int registerBufferRing(MemorySegment reg) {
        return Downcall.call("liburing", () -> (int) LibUring.IO_URING_REGISTER_BUF_RING.invokeExact(ring, reg, 0));
    }

    /**
     * @param group the buffer group id of a registered buffer ring
     * @return 0, or a negative errno
     */
    int unregisterBufferRing(int group) {
        return Downcall.call("liburing", () -> (int) LibUring.IO_URING_UNREGISTER_BUF_RING.invokeExact(ring, group));
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

    /** @return why the ring runs without the flags its mode asked for, when it does */
    Optional<String> fallbackReason() {
        return fallbackReason;
    }

    /** @return the CPU the ring's io-wq workers (and SQPOLL thread) are bound to */
    int cpu() {
        return cpu;
    }

    /** @return whether the kernel's probe lists the opcode as supported */
    boolean supports(int opcode) {
        return opcodes.get(opcode);
    }

    /** @return whether the ring fd is registered, so io_uring_enter takes its index */
    boolean ringFdRegistered() {
        return (enterFlags & IORING_ENTER_REGISTERED_RING) != 0;
    }

    /** @return this ring's allocator for native memory that lives as long as the ring */
    Arena arena() {
        return arena;
    }

    /**
     * Unmaps the ring, closes its file descriptor (the kernel cancels what is still in flight) and
     * frees its native memory. Safe from any thread, once; later calls do nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            LibUring.IO_URING_QUEUE_EXIT.invokeExact(ring);
        } catch (Throwable t) {
            throw new IllegalStateException("io_uring_queue_exit downcall failed", t);
        } finally {
            arena.close();
        }
    }
}
