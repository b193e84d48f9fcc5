package io.ioucontext.reactor;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** This process's threads as {@code /proc/self/task} shows them, and pinning the calling one. */
final class Tasks {

    private static final MethodHandle SCHED_SETAFFINITY = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().findOrThrow("sched_setaffinity"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));

    /** A thread of this process: its id, name and the CPUs it may run on. */
    record Task(String tid, String name, String cpusAllowed) {
    }

    static List<Task> all() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.map(Tasks::read).filter(task -> task != null).toList();
        }
    }

    private static Task read(Path dir) {
        try {
            String name = Files.readString(dir.resolve("comm")).strip();
            String cpus = Files.readAllLines(dir.resolve("status")).stream()
                    .filter(line -> line.startsWith("Cpus_allowed_list:"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElseThrow();
            return new Task(dir.getFileName().toString(), name, cpus);
        } catch (IOException e) {
            return null;  // the thread ended meanwhile
        }
    }

    /** @return the calling thread's kernel thread id */
    static String currentTid() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
    }

    /** Restricts the calling thread to one CPU. */
    static void pinCurrentThread(int cpu) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(128);
            mask.set(JAVA_BYTE, cpu / 8, (byte) (1 << (cpu % 8)));
            int result;
            try {
                result = (int) SCHED_SETAFFINITY.invokeExact(0, 128L, mask);
            } catch (Throwable t) {
                throw new IllegalStateException("sched_setaffinity downcall failed", t);
            }
            if (result != 0) {
                throw new IllegalStateException("sched_setaffinity failed");
            }
        }
    }

    private Tasks() {
    }
}
