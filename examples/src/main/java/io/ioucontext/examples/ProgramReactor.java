package io.ioucontext.examples;

import io.ioucontext.reactor.Reactor;

import java.io.UncheckedIOException;

/** The main thread's reactor for a command-line program, which reports a failed set-up like a command would. */
final class ProgramReactor {

    /**
     * @param program the program's name, for the message
     * @return the main thread's reactor; when it cannot be set up (io_uring unavailable, a bad
     *     iou.ring.entries), prints {@code program: why} to stderr and exits with status 1
     */
    static Reactor get(String program) {
        try {
            return Reactor.get();
        } catch (UncheckedIOException | IllegalArgumentException e) {
            System.err.println(program + ": " + e.getMessage());
            System.exit(1);
            throw e;  // not reached
        }
    }

    private ProgramReactor() {
    }
}
