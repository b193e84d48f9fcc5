package io.ioucontext.reactor;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.ioucontext.fiber.Suspendable;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** A real pipe from libc's {@code pipe2(2)}, for tests of operations on streams. */
record Pipe(int readEnd, int writeEnd) {

    private static final int O_CLOEXEC = 02000000;
    private static final MethodHandle PIPE2 = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().findOrThrow("pipe2"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    static Pipe open() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            if ((int) PIPE2.invokeExact(fds, O_CLOEXEC) != 0) {
                throw new IllegalStateException("pipe2 failed");
            }
            return new Pipe(fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1));
        }
    }

    /** Closes both ends through the reactor's IORING_OP_CLOSE, the read end first. */
    @Suspendable
    void closeThrough(Reactor reactor) throws UringException {
        reactor.completion().prepClose(readEnd).submit().await();
        reactor.completion().prepClose(writeEnd).submit().await();
    }
}
