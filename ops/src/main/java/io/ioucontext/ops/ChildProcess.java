package io.ioucontext.ops;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Completion;
import io.ioucontext.reactor.IoUring;
import io.ioucontext.reactor.Reactor;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * A child process started with posix_spawnp(3) and held through a pidfd, whose end a fiber awaits
 * with IORING_OP_WAITID (Linux 6.7+) instead of a thread blocked in waitpid(2).
 *
 * <p>Why not {@link ProcessBuilder}: the JDK reaps every process it starts from a thread of its
 * own, so a waitid of ours would race it for the exit status (and find ECHILD when the JDK wins).
 * A child spawned here is unknown to the JDK, so only {@link #waitFor()} reaps it. Its standard
 * streams are those of this process and no other descriptor is open in it; its environment is
 * this process's, its signal mask empty (a reactor thread may block signals it reads with
 * {@link SignalEvents}).
 */
public final class ChildProcess implements AutoCloseable {

    private static final long SI_CODE = Libc.SIGINFO_SIGCHLD.byteOffset(groupElement("si_code"));
    private static final long SI_PID = Libc.SIGINFO_SIGCHLD.byteOffset(groupElement("si_pid"));
    private static final long SI_STATUS = Libc.SIGINFO_SIGCHLD.byteOffset(groupElement("si_status"));

    private final int pid;
    private final int pidfd;
    private boolean closed;

    private ChildProcess(int pid, int pidfd) {
        this.pid = pid;
        this.pidfd = pidfd;
    }

    /**
     * Starts a program.
     *
     * @param command the program (searched in PATH when it has no slash) and its arguments
     * @return the child
     * @throws IOException e.g. {@code posix_spawnp(no-such-program): ENOENT (No such file or directory)}
     */
    public static ChildProcess spawn(List<String> command) throws IOException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no program to start");
        }
        for (String argument : command) {
            if (argument.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("argument contains NUL: " + argument);
            }
        }
        int pid = Libc.posixSpawnp(command);
        // The child is not reaped before waitFor, so the pid cannot have been reused yet.
        return new ChildProcess(pid, Libc.pidfdOpen(pid, 0));
    }

    /** @return the child's process id */
    public int pid() {
        return pid;
    }

    /** @return the pidfd referring to the child, close-on-exec */
    public int pidfd() {
        return pidfd;
    }

    /**
     * Waits until the child ends and reaps it (IORING_OP_WAITID on the pidfd, WEXITED).
     *
     * @return how it ended
     * @throws IOException e.g. {@code waitid(pidfd=9): ECHILD (No child processes)} when already reaped
     */
    @Suspendable
    public ExitStatus waitFor() throws IOException {
        return waitid(Libc.P_PIDFD, pidfd, "pidfd=" + pidfd);
    }

    /**
     * Waits until a child of this process ends and reaps it (IORING_OP_WAITID on the pid, WEXITED).
     * Not for processes started by {@link ProcessBuilder}, which the JDK reaps itself.
     *
     * @param pid the child's process id
     * @return how it ended
     * @throws IOException e.g. {@code waitid(pid=1): ECHILD (No child processes)} for a process that is not a child
     */
    @Suspendable
    public static ExitStatus waitForPid(int pid) throws IOException {
        return waitid(Libc.P_PID, pid, "pid=" + pid);
    }

    @Suspendable
    private static ExitStatus waitid(int idType, int id, String subject) throws IOException {
        Completion waitid = Reactor.get().completion();
        MemorySegment siginfo = waitid.scratch(Libc.SIGINFO_SIGCHLD.byteSize());
        siginfo.fill((byte) 0);
        // As liburing's io_uring_prep_waitid: id in fd, idtype in len, options in file_index, infop in addr2.
        waitid.opcode(IoUring.IORING_OP_WAITID).fd(id).len(idType).fileIndex(Libc.WEXITED).addr2(siginfo)
                .subject(subject).submit().await();
        // The record's scratch memory stays ours until this fiber takes another completion or suspends.
        int code = siginfo.get(JAVA_INT, SI_CODE);
        int pid = siginfo.get(JAVA_INT, SI_PID);
        int status = siginfo.get(JAVA_INT, SI_STATUS);
        return code == Libc.CLD_EXITED
                ? new ExitStatus.Exited(pid, status)
                : new ExitStatus.Killed(pid, status, code == Libc.CLD_DUMPED);
    }

    /**
     * Closes the pidfd. A child never {@linkplain #waitFor() waited for} stays a zombie until this
     * process ends (or someone waits for its pid).
     *
     * @throws IOException e.g. {@code close(fd=9): EBADF (Bad file descriptor)}
     */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            Libc.close(pidfd);
        }
    }
}
