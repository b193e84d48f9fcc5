package io.ioucontext.reactor;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Picks the CPU a thread's ring serves, from the thread's {@code cpu_set_t} affinity mask. */
final class Affinity {

    /**
     * @param arena where the mask is read into
     * @return the CPU the calling thread runs on when its mask allows it (it usually does), else
     *     the lowest CPU of its mask
     */
    static int chooseCpu(Arena arena) {
        MemorySegment mask = arena.allocate(LibC.CPU_SET_SIZE);
        if (LibC.schedGetaffinity(mask) != 0) {
            throw new IllegalStateException("sched_getaffinity failed");
        }
        int current = LibC.schedGetcpu();
        if (current >= 0 && isSet(mask, current)) {
            return current;
        }
        for (int cpu = 0; cpu < LibC.CPU_SET_SIZE * 8; cpu++) {
            if (isSet(mask, cpu)) {
                return cpu;
            }
        }
        throw new IllegalStateException("sched_getaffinity returned an empty CPU mask");
    }

    /** @return a {@code cpu_set_t} holding only {@code cpu} */
    static MemorySegment only(Arena arena, int cpu) {
        MemorySegment mask = arena.allocate(LibC.CPU_SET_SIZE);
        mask.set(JAVA_BYTE, cpu / 8, (byte) (1 << (cpu % 8)));
        return mask;
    }

    private static boolean isSet(MemorySegment mask, int cpu) {
        return cpu < LibC.CPU_SET_SIZE * 8 && (mask.get(JAVA_BYTE, cpu / 8) & (1 << (cpu % 8))) != 0;
    }

    private Affinity() {
    }
}
