package io.ioucontext.ops;

/**
 * How a child process ended, as waitid(2) reports it.
 */
public sealed interface ExitStatus {

    /** @return the child's process id */
    int pid();

    /**
     * The child called exit(2) (or returned from main).
     *
     * @param pid  the child's process id
     * @param code its exit status, 0 to 255
     */
    record Exited(int pid, int code) implements ExitStatus {
    }

    /**
     * A signal ended the child.
     *
     * @param pid        the child's process id
     * @param signal     the signal's number, e.g. 9 for SIGKILL
     * @param coreDumped whether it dumped core
     */
    record Killed(int pid, int signal, boolean coreDumped) implements ExitStatus {
    }
}
