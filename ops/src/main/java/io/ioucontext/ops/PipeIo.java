package io.ioucontext.ops;

import static io.ioucontext.reactor.IoUring.IORING_OP_PIPE;
import static io.ioucontext.reactor.IoUring.IORING_OP_SPLICE;
import static io.ioucontext.reactor.IoUring.IORING_OP_TEE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Completion;
import io.ioucontext.reactor.Reactor;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Pipes and moving bytes between descriptors without copying them through user memory, through
 * the calling thread's io_uring {@link Reactor}: pipe, splice and tee. In a fiber each call
 * suspends the fiber until its completion arrives; outside a fiber it drives the reactor until
 * then. Kernel errors are {@link io.ioucontext.reactor.UringException}s, e.g.
 * {@code splice(fd=5 -> fd=6): EINVAL (Invalid argument)}; the end of the input is a return value, -1.
 */
public final class PipeIo {

    /**
     * Creates a pipe, both ends close-on-exec (IORING_OP_PIPE, kernel 6.16+): pipe2(2).
     *
     * @return its two descriptors
     * @throws IOException e.g. {@code pipe(fd=0): EMFILE (Too many open files)}
     */
    @Suspendable
    public static Pipe pipe() throws IOException {
        Completion pipe = Reactor.get().completion();
        MemorySegment fds = pipe.scratch(2L * Integer.BYTES);
        pipe.opcode(IORING_OP_PIPE).addr(fds).opFlags(OpenFlags.O_CLOEXEC).submit().await();
        return new Pipe(fds.get(JAVA_INT, 0), fds.get(JAVA_INT, Integer.BYTES));  // before the record is reused
    }

    /**
     * Moves up to {@code length} bytes from one descriptor to another, at least one of them a
     * pipe (IORING_OP_SPLICE): splice(2).
     *
     * @param in        the input descriptor
     * @param inOffset  where to read in a file, or {@link FileIo#CURRENT_POSITION} (a pipe's must be)
     * @param out       the output descriptor
     * @param outOffset where to write in a file, or {@link FileIo#CURRENT_POSITION} (a pipe's must be)
     * @param length    the number of bytes to move at most
     * @return the number of bytes moved, or -1 at the end of the input (0 only when {@code length} is 0)
     * @throws IllegalArgumentException when a descriptor or the length is negative, or an offset below -1
     * @throws IOException e.g. {@code splice(fd=5 -> fd=6): ESPIPE (Illegal seek)} for an offset on a pipe
     */
    @Suspendable
    public static int splice(int in, long inOffset, int out, long outOffset, int length) throws IOException {
        FileIo.checkFd(in);
        FileIo.checkFd(out);
        FileIo.checkOffset(inOffset);
        FileIo.checkOffset(outOffset);
        checkLength(length);
        if (length == 0) {
            return 0;
        }
        int n = Reactor.get().completion().opcode(IORING_OP_SPLICE).spliceFdIn(in).addr(inOffset).fd(out).off(outOffset)
                .len(length).subject(between(in, out)).submit().await();
        return n == 0 ? -1 : n;
    }

    /**
     * Copies up to {@code length} bytes from one pipe to another without consuming them
     * (IORING_OP_TEE): tee(2).
     *
     * @param in     the pipe to read from, whose bytes stay
     * @param out    the pipe to write to
     * @param length the number of bytes to copy at most
     * @return the number of bytes copied, or -1 when the input pipe is empty and its write end closed
     *     (0 only when {@code length} is 0)
     * @throws IllegalArgumentException when a descriptor or the length is negative
     * @throws IOException e.g. {@code tee(fd=5 -> fd=6): EINVAL (Invalid argument)} when one is not a pipe
     */
    @Suspendable
    public static int tee(int in, int out, int length) throws IOException {
        FileIo.checkFd(in);
        FileIo.checkFd(out);
        checkLength(length);
        if (length == 0) {
            return 0;
        }
        int n = Reactor.get().completion().opcode(IORING_OP_TEE).spliceFdIn(in).fd(out).len(length)
                .subject(between(in, out)).submit().await();
        return n == 0 ? -1 : n;
    }

    /** @return what error messages name: {@code fd=3 -> fd=4} */
    private static String between(int in, int out) {
        return "fd=" + in + " -> fd=" + out;
    }

    private static void checkLength(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length: " + length);
        }
    }

    private PipeIo() {
    }
}
