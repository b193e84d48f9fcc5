package io.ioucontext.reactor;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * libc's {@code clock_gettime(CLOCK_BOOTTIME)} ({@code time.h}, {@code linux/time.h}): the clock
 * the kernel measures absolute LINK_TIMEOUT deadlines with. Unlike {@link System#nanoTime()}
 * (CLOCK_MONOTONIC) it keeps counting while the machine is suspended.
 */
final class BootClock {

    /** {@code CLOCK_BOOTTIME} from {@code linux/time.h}. */
    private static final int CLOCK_BOOTTIME = 7;

    private static final MethodHandle CLOCK_GETTIME = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().findOrThrow("clock_gettime"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), Linker.Option.critical(false));

    /**
     * Writes the current time into a {@code struct __kernel_timespec}.
     *
     * @param timespec native memory of {@link IoUring#KERNEL_TIMESPEC}'s size
     */
    static void now(MemorySegment timespec) {
        int result;
        try {
            result = (int) CLOCK_GETTIME.invokeExact(CLOCK_BOOTTIME, timespec);
        } catch (Throwable t) {
            throw new IllegalStateException("clock_gettime downcall failed", t);
        }
        if (result != 0) {
            throw new IllegalStateException("clock_gettime(CLOCK_BOOTTIME) failed");
        }
    }

    private BootClock() {
    }
}
