package io.ioucontext.reactor;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The few glibc functions the reactor calls besides liburing, mirroring {@code time.h}
 * ({@code clock_gettime}), {@code sched.h} ({@code sched_getaffinity}, {@code sched_getcpu}),
 * {@code sys/eventfd.h} and {@code unistd.h} ({@code close}). None of them blocks.
 */
final class LibC {

    /** {@code CLOCK_BOOTTIME} from {@code linux/time.h}: keeps counting while the machine is suspended. */
    static final int CLOCK_BOOTTIME = 7;
    /** {@code EFD_CLOEXEC} from {@code sys/eventfd.h}. */
    static final int EFD_CLOEXEC = 02000000;
    /** {@code sizeof(cpu_set_t)}: glibc's CPU_SETSIZE of 1024 bits. */
    static final long CPU_SET_SIZE = 128;

    private static final Linker LINKER = Linker.nativeLinker();

    /** {@code int clock_gettime(clockid_t clock, struct timespec *tp)}. */
    private static final MethodHandle CLOCK_GETTIME = function("clock_gettime",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    /** {@code int sched_getaffinity(pid_t pid, size_t cpusetsize, cpu_set_t *mask)}. */
    private static final MethodHandle SCHED_GETAFFINITY = function("sched_getaffinity",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    /** {@code int sched_getcpu(void)}. */
    private static final MethodHandle SCHED_GETCPU = function("sched_getcpu", FunctionDescriptor.of(JAVA_INT));
    /** {@code int eventfd(unsigned int initval, int flags)}. */
    private static final MethodHandle EVENTFD = function("eventfd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    /** {@code int eventfd_write(int fd, eventfd_t value)}. */
    private static final MethodHandle EVENTFD_WRITE = function("eventfd_write",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    /** {@code int close(int fd)}. */
    private static final MethodHandle CLOSE = function("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private static MethodHandle function(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor);
    }

    /**
     * Writes CLOCK_BOOTTIME's current time into a {@code struct timespec} (the same layout as
     * {@link IoUring#KERNEL_TIMESPEC} on 64-bit Linux): the clock absolute LINK_TIMEOUTs use.
     */
    static void bootTime(MemorySegment timespec) {
        int result;
        try {
            result = (int) CLOCK_GETTIME.invokeExact(CLOCK_BOOTTIME, timespec);  // no lambda: timed operations are hot
        } catch (Throwable t) {
            throw new IllegalStateException("clock_gettime downcall failed", t);
        }
        if (result != 0) {
            throw new IllegalStateException("clock_gettime(CLOCK_BOOTTIME) failed");
        }
    }

    /** @return CLOCK_BOOTTIME's current seconds and nanoseconds (allocates; for deadlines taken once) */
    static long[] bootTime() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment timespec = arena.allocate(IoUring.KERNEL_TIMESPEC);
            bootTime(timespec);
            return new long[] {timespec.get(JAVA_LONG, 0), timespec.get(JAVA_LONG, Long.BYTES)};
        }
    }

    /** @return 0 or -1 (errno unread): the calling thread's CPU mask, written into {@code mask} */
    static int schedGetaffinity(MemorySegment mask) {
        return Downcall.call("libc", () -> (int) SCHED_GETAFFINITY.invokeExact(0, CPU_SET_SIZE, mask));
    }

    /** @return the CPU the calling thread runs on, or -1 */
    static int schedGetcpu() {
        return Downcall.call("libc", () -> (int) SCHED_GETCPU.invokeExact());
    }

    /** @return a new eventfd, or -1 */
    static int eventfd(int flags) {
        return Downcall.call("libc", () -> (int) EVENTFD.invokeExact(0, flags));
    }

    /** @return 0, or -1 when the counter would overflow (it cannot here: the reader resets it) */
    static int eventfdWrite(int fd, long value) {
        return Downcall.call("libc", () -> (int) EVENTFD_WRITE.invokeExact(fd, value));
    }

    static int close(int fd) {
        return Downcall.call("libc", () -> (int) CLOSE.invokeExact(fd));
    }

    private LibC() {
    }
}
