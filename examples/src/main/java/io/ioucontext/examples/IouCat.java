package io.ioucontext.examples;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.Suspendable;
import io.ioucontext.ops.FileIo;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.UringException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code iou-cat [FILE|-]...}: copies each file (or stdin, for {@code -} or no argument) to stdout,
 * like cat(1). Each input has its own fiber, which reads it in chunks with IORING_OP_READ and writes
 * them to stdout with IORING_OP_WRITE; the fibers take turns so the output keeps the argument order.
 * A file that cannot be read is reported on stderr, the others are still copied, and the exit status
 * is 1. A closed stdout (as with {@code | head}) ends the copy quietly, as the original iou_cat does.
 * It takes no options: an argument starting with {@code -} (other than {@code -}) is a usage error
 * (status 2).
 */
public final class IouCat {

    private static final String NAME = "iou-cat";
    private static final String STDIN = "-";
    private static final int STDIN_FD = 0;
    private static final int STDOUT_FD = 1;
    private static final int CHUNK = 256 * 1024;

    private final List<String> inputs;
    private final List<Fiber> fibers = new ArrayList<>();
    private final Turns turns = new Turns(fibers);
    private boolean failed;
    private boolean outputClosed;

    private IouCat(List<String> inputs) {
        this.inputs = inputs;
    }

    /**
     * @param args the inputs; none means stdin
     */
    public static void main(String[] args) {
        Arguments arguments = new Arguments(NAME, NAME + " [FILE|-]...");
        for (String arg : args) {
            if (arg.startsWith("-") && !arg.equals(STDIN)) {
                throw arguments.fail("argument", arg, "iou-cat takes no options (name a file starting with - as ./" + arg + ")");
            }
        }
        IouCat cat = new IouCat(args.length == 0 ? List.of(STDIN) : List.of(args));
        try (Reactor reactor = ProgramReactor.get(NAME)) {
            cat.spawnFibers(reactor);
            reactor.run();
        }
        System.exit(cat.failed ? 1 : 0);
    }

    private void spawnFibers(Reactor reactor) {
        for (int i = 0; i < inputs.size(); i++) {
            int index = i;
            fibers.add(reactor.spawn("cat " + inputs.get(i), () -> copyInTurn(index)));
        }
    }

    @Suspendable
    private void copyInTurn(int index) throws IOException {
        turns.await(index);
        try {
            if (!outputClosed) {
                copy(inputs.get(index));
            }
        } finally {
            turns.pass(index);
        }
    }

    @Suspendable
    private void copy(String input) throws IOException {
        boolean stdin = input.equals(STDIN);
        int fd;
        try {
            fd = stdin ? STDIN_FD : FileIo.open(Path.of(input));
        } catch (UringException e) {
            fail(input, e);
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment chunk = arena.allocate(CHUNK);
            int n;
            while ((n = read(input, fd, chunk)) > 0) {
                if (!write(chunk.asSlice(0, n))) {
                    return;
                }
            }
        } finally {
            if (!stdin) {
                FileIo.close(fd);
            }
        }
    }

    /** @return the bytes read, or -1 at the end or after a reported error */
    @Suspendable
    private int read(String input, int fd, MemorySegment chunk) throws IOException {
        try {
            return FileIo.read(fd, chunk, FileIo.CURRENT_POSITION);
        } catch (UringException e) {
            fail(input, e);
            return -1;
        }
    }

    /** @return whether the output is still open */
    @Suspendable
    private boolean write(MemorySegment bytes) throws IOException {
        try {
            FileIo.write(STDOUT_FD, bytes, FileIo.CURRENT_POSITION);
            return true;
        } catch (UringException e) {
            outputClosed = true;
            if (e.errno().orElse(null) != Errno.EPIPE) {
                fail("write error", e);
            }
            return false;
        }
    }

    private void fail(String subject, UringException e) {
        failed = true;
        String reason = e.errno().map(Errno::description).orElse(e.getMessage());
        System.err.println(NAME + ": " + subject + ": " + reason);
    }
}
