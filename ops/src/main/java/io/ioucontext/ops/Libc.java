package io.ioucontext.ops;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.ioucontext.reactor.UringException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;

/**
 * The FFM mirror of the few libc calls that have no io_uring operation here and never block
 * ({@code sys/socket.h}: socket, bind, listen, getsockname, getpeername, getsockopt, setsockopt;
 * {@code sys/timerfd.h}: timerfd_create, timerfd_settime; {@code sys/eventfd.h}: eventfd,
 * eventfd_write; {@code time.h}: clock_gettime; {@code unistd.h}: close, gettid, getpid;
 * {@code signal.h}: pthread_sigmask, sigpending, tgkill; {@code sys/signalfd.h}: signalfd;
 * {@code spawn.h}: posix_spawnp and its attributes; {@code sys/syscall.h}: pidfd_open), with the
 * constants and the {@code netinet/in.h}, {@code sys/socket.h}, {@code sys/wait.h},
 * {@code signal.h} and {@code time.h} layouts they and the ring's operations take. Errors become
 * {@link UringException}s carrying the errno, like those of ring operations.
 */
final class Libc {

    static final short AF_INET = 2;
    static final short AF_INET6 = 10;
    static final int SOCK_STREAM = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 02000000;
    static final int SOL_SOCKET = 1;
    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_IPV6 = 41;
    static final int SHUT_RD = 0;
    static final int SHUT_WR = 1;
    /** Report EPIPE instead of raising SIGPIPE when the peer has gone. */
    static final int MSG_NOSIGNAL = 0x4000;

    static final int CLOCK_BOOTTIME = 7;
    static final int TFD_CLOEXEC = 02000000;
    static final int EFD_CLOEXEC = 02000000;
    static final int SFD_CLOEXEC = 02000000;

    // signal.h: how of pthread_sigmask
    static final int SIG_BLOCK = 0;
    static final int SIG_UNBLOCK = 1;
    static final int SIG_SETMASK = 2;
    /** {@code sizeof(sigset_t)} in glibc (1024 bits; the kernel uses the first 64). */
    static final long SIGSET_SIZE = 128;

    // spawn.h
    static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    /** {@code sizeof(posix_spawnattr_t)} in glibc on x86-64 (336), rounded up for safety. */
    static final long POSIX_SPAWNATTR_SIZE = 512;
    /** {@code sizeof(posix_spawn_file_actions_t)} in glibc on x86-64 (80), rounded up for safety. */
    static final long POSIX_SPAWN_FILE_ACTIONS_SIZE = 256;
    /** The first descriptor after stdin, stdout and stderr. */
    private static final int FIRST_UNSTANDARD_FD = 3;

    // sys/wait.h: idtype_t and the option of waitid
    static final int P_PID = 1;
    static final int P_PIDFD = 3;
    static final int WEXITED = 4;
    // si_code of SIGCHLD (the other: CLD_KILLED, 2)
    static final int CLD_EXITED = 1;
    static final int CLD_DUMPED = 3;

    /** {@code SYS_pidfd_open} on x86-64 (and every architecture with the generic syscall table). */
    private static final long SYS_PIDFD_OPEN = 434;

    /** {@code struct iovec} (16 bytes). */
    static final StructLayout IOVEC = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"),
            JAVA_LONG.withName("iov_len"));

    /** {@code struct msghdr} (56 bytes), with the padding x86-64 puts after the ints. */
    static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));

    /** {@code struct timespec} (16 bytes on 64-bit Linux). */
    static final StructLayout TIMESPEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_LONG.withName("tv_nsec"));

    /** {@code struct itimerspec} (32 bytes). */
    static final StructLayout ITIMERSPEC = MemoryLayout.structLayout(
            TIMESPEC.withName("it_interval"),
            TIMESPEC.withName("it_value"));

    /** {@code struct sockaddr_in} (16 bytes); port and address in network byte order. */
    static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"),
            JAVA_SHORT.withName("sin_port"),
            MemoryLayout.sequenceLayout(4, JAVA_BYTE).withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero"));

    /** {@code struct sockaddr_in6} (28 bytes); port in network byte order. */
    static final StructLayout SOCKADDR_IN6 = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin6_family"),
            JAVA_SHORT.withName("sin6_port"),
            JAVA_INT.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id"));

    /** {@code siginfo_t} (128 bytes) as waitid(2) fills it for SIGCHLD: the union's {@code _sigchld} member. */
    static final StructLayout SIGINFO_SIGCHLD = MemoryLayout.structLayout(
            JAVA_INT.withName("si_signo"),
            JAVA_INT.withName("si_errno"),
            JAVA_INT.withName("si_code"),
            MemoryLayout.paddingLayout(4),
            JAVA_INT.withName("si_pid"),
            JAVA_INT.withName("si_uid"),
            JAVA_INT.withName("si_status"),
            MemoryLayout.paddingLayout(100));

    /** {@code struct signalfd_siginfo} (128 bytes), the leading members this project reads. */
    static final StructLayout SIGNALFD_SIGINFO = MemoryLayout.structLayout(
            JAVA_INT.withName("ssi_signo"),
            JAVA_INT.withName("ssi_errno"),
            JAVA_INT.withName("ssi_code"),
            JAVA_INT.withName("ssi_pid"),
            JAVA_INT.withName("ssi_uid"),
            MemoryLayout.paddingLayout(108));

    /** {@code sizeof(struct sockaddr_storage)}: room for any address. */
    static final long SOCKADDR_STORAGE_SIZE = 128;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(groupElement("errno"));

    private static final MethodHandle SOCKET = downcall("socket", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle BIND = downcall("bind", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle LISTEN = downcall("listen", JAVA_INT, JAVA_INT);
    private static final MethodHandle GETSOCKNAME = downcall("getsockname", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle GETPEERNAME = downcall("getpeername", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle EVENTFD = downcall("eventfd", JAVA_INT, JAVA_INT);
    private static final MethodHandle EVENTFD_WRITE = downcall("eventfd_write", JAVA_INT, JAVA_LONG);
    private static final MethodHandle SETSOCKOPT = downcall("setsockopt", JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle CLOSE = downcall("close", JAVA_INT);
    private static final MethodHandle TIMERFD_CREATE = downcall("timerfd_create", JAVA_INT, JAVA_INT);
    private static final MethodHandle TIMERFD_SETTIME = downcall("timerfd_settime", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle CLOCK_GETTIME = downcall("clock_gettime", JAVA_INT, ADDRESS);
    private static final MethodHandle GETSOCKOPT = downcall("getsockopt", JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle GETTID = downcall("gettid");
    private static final MethodHandle GETPID = downcall("getpid");
    private static final MethodHandle TGKILL = downcall("tgkill", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle PTHREAD_SIGMASK = errnoReturning("pthread_sigmask", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle SIGPENDING = downcall("sigpending", ADDRESS);
    private static final MethodHandle SIGNALFD = downcall("signalfd", JAVA_INT, ADDRESS, JAVA_INT);
    /** {@code long syscall(long number, ...)}, variadic after the number, here with two ints. */
    private static final MethodHandle PIDFD_OPEN = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("syscall"),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    private static final MethodHandle POSIX_SPAWNATTR_INIT = errnoReturning("posix_spawnattr_init", ADDRESS);
    private static final MethodHandle POSIX_SPAWNATTR_DESTROY = errnoReturning("posix_spawnattr_destroy", ADDRESS);
    private static final MethodHandle POSIX_SPAWNATTR_SETFLAGS = errnoReturning("posix_spawnattr_setflags", ADDRESS, JAVA_SHORT);
    private static final MethodHandle POSIX_SPAWNATTR_SETSIGMASK = errnoReturning("posix_spawnattr_setsigmask", ADDRESS, ADDRESS);
    private static final MethodHandle POSIX_SPAWN_FILE_ACTIONS_INIT = errnoReturning("posix_spawn_file_actions_init", ADDRESS);
    private static final MethodHandle POSIX_SPAWN_FILE_ACTIONS_DESTROY = errnoReturning("posix_spawn_file_actions_destroy", ADDRESS);
    /** glibc 2.34+. */
    private static final MethodHandle POSIX_SPAWN_FILE_ACTIONS_ADDCLOSEFROM_NP =
            errnoReturning("posix_spawn_file_actions_addclosefrom_np", ADDRESS, JAVA_INT);
    private static final MethodHandle POSIX_SPAWNP = errnoReturning("posix_spawnp",
            ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    /** {@code extern char **environ}: the process's environment, which spawned children inherit. */
    private static final MemorySegment ENVIRON = LINKER.defaultLookup().findOrThrow("environ")
            .reinterpret(ADDRESS.byteSize());

    private static MethodHandle downcall(String name, MemoryLayout... arguments) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name),
                FunctionDescriptor.of(JAVA_INT, arguments), Linker.Option.captureCallState("errno"));
    }

    /** For functions that return the error number instead of setting errno (pthread_*, posix_spawn*). */
    private static MethodHandle errnoReturning(String name, MemoryLayout... arguments) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), FunctionDescriptor.of(JAVA_INT, arguments));
    }

    /** {@code int socket(int domain, int type, int protocol)}. */
    static int socket(int domain, int type, int protocol) throws UringException {
        return call("socket(domain=" + domain + ")", state -> (int) SOCKET.invokeExact(state, domain, type, protocol));
    }

    /** {@code int bind(int fd, const struct sockaddr *addr, socklen_t len)}. */
    static void bind(int fd, MemorySegment address, String subject) throws UringException {
        call("bind(fd=" + fd + ", " + subject + ")",
                state -> (int) BIND.invokeExact(state, fd, address, (int) address.byteSize()));
    }

    /** {@code int listen(int fd, int backlog)}. */
    static void listen(int fd, int backlog) throws UringException {
        call("listen(fd=" + fd + ")", state -> (int) LISTEN.invokeExact(state, fd, backlog));
    }

    /** {@code int getsockname(int fd, struct sockaddr *addr, socklen_t *len)}, into a sockaddr_storage. */
    static MemorySegment getsockname(int fd, Arena arena) throws UringException {
        return socketName("getsockname", GETSOCKNAME, fd, arena);
    }

    /** {@code int getpeername(int fd, struct sockaddr *addr, socklen_t *len)}, into a sockaddr_storage. */
    static MemorySegment getpeername(int fd, Arena arena) throws UringException {
        return socketName("getpeername", GETPEERNAME, fd, arena);
    }

    private static MemorySegment socketName(String function, MethodHandle handle, int fd, Arena arena)
            throws UringException {
        MemorySegment address = arena.allocate(SOCKADDR_STORAGE_SIZE);
        MemorySegment length = arena.allocateFrom(JAVA_INT, (int) SOCKADDR_STORAGE_SIZE);
        call(function + "(fd=" + fd + ")", state -> (int) handle.invokeExact(state, fd, address, length));
        return address.asSlice(0, length.get(JAVA_INT, 0));
    }

    /** {@code int eventfd(unsigned initval, int flags)}. */
    static int eventfd(int flags) throws UringException {
        return call("eventfd", state -> (int) EVENTFD.invokeExact(state, 0, flags));
    }

    /** {@code int eventfd_write(int fd, eventfd_t value)}: adds to the counter; safe from any thread. */
    static void eventfdWrite(int fd, long value) throws UringException {
        call("eventfd_write(fd=" + fd + ")", state -> (int) EVENTFD_WRITE.invokeExact(state, fd, value));
    }

    /** {@code int setsockopt(int fd, int level, int name, const void *value, socklen_t len)} for an int option. */
    static void setsockopt(int fd, int level, int name, int value) throws UringException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment option = arena.allocateFrom(JAVA_INT, value);
            call("setsockopt(fd=" + fd + ", level=" + level + ", name=" + name + ")",
                    state -> (int) SETSOCKOPT.invokeExact(state, fd, level, name, option, Integer.BYTES));
        }
    }

    /** {@code int getsockopt(int fd, int level, int name, void *value, socklen_t *len)} for an int option. */
    static int getsockopt(int fd, int level, int name) throws UringException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment option = arena.allocate(JAVA_INT);
            MemorySegment length = arena.allocateFrom(JAVA_INT, Integer.BYTES);
            call("getsockopt(fd=" + fd + ", level=" + level + ", name=" + name + ")",
                    state -> (int) GETSOCKOPT.invokeExact(state, fd, level, name, option, length));
            return option.get(JAVA_INT, 0);
        }
    }

    /** {@code pid_t gettid(void)}: the calling thread's id, for {@link #tgkill}. */
    static int gettid() throws UringException {
        return call("gettid", state -> (int) GETTID.invokeExact(state));
    }

    /** {@code pid_t getpid(void)}. */
    static int getpid() throws UringException {
        return call("getpid", state -> (int) GETPID.invokeExact(state));
    }

    /** {@code int tgkill(pid_t tgid, pid_t tid, int sig)}: a signal for one thread of a process. */
    static void tgkill(int pid, int tid, int signal) throws UringException {
        call("tgkill(tid=" + tid + ", signal=" + signal + ")", state -> (int) TGKILL.invokeExact(state, pid, tid, signal));
    }

    /**
     * {@code int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)} on the calling thread.
     *
     * @param how     {@link #SIG_BLOCK}, {@link #SIG_UNBLOCK} or {@link #SIG_SETMASK}
     * @param signals the signal numbers
     * @return the mask before, as a bit set (bit {@code n - 1} for signal {@code n})
     */
    static long pthreadSigmask(int how, long signals) throws UringException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = sigset(arena, signals);
            MemorySegment old = arena.allocate(SIGSET_SIZE);
            int error;
            try {
                error = (int) PTHREAD_SIGMASK.invokeExact(how, set, old);
            } catch (Throwable t) {
                throw new IllegalStateException("pthread_sigmask downcall failed", t);
            }
            if (error != 0) {
                throw new UringException("pthread_sigmask(how=" + how + ")", error);
            }
            return old.get(JAVA_LONG, 0);
        }
    }

    /** {@code int sigpending(sigset_t *set)}: signals blocked and pending for the thread or the process, as bits. */
    static long sigpending() throws UringException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(SIGSET_SIZE);
            call("sigpending", state -> (int) SIGPENDING.invokeExact(state, set));
            return set.get(JAVA_LONG, 0);
        }
    }

    /** {@code int signalfd(-1, const sigset_t *mask, int flags)}: a new signalfd for signals as bits. */
    static int signalfd(long signals, int flags) throws UringException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = sigset(arena, signals);
            return call("signalfd", state -> (int) SIGNALFD.invokeExact(state, -1, set, flags));
        }
    }

    /** A {@code sigset_t} holding the signals whose bits are set (bit {@code n - 1} for signal {@code n}). */
    private static MemorySegment sigset(Arena arena, long signals) {
        MemorySegment set = arena.allocate(SIGSET_SIZE);
        set.set(JAVA_LONG, 0, signals);
        return set;
    }

    /** {@code syscall(SYS_pidfd_open, pid, flags)}: a file descriptor referring to a process (Linux 5.3+). */
    static int pidfdOpen(int pid, int flags) throws UringException {
        return call("pidfd_open(pid=" + pid + ")", state -> (int) (long) PIDFD_OPEN.invokeExact(state, SYS_PIDFD_OPEN, pid, flags));
    }

    /**
     * {@code posix_spawnp} with the calling process's environment, an empty signal mask (the
     * calling thread may block signals it reads with a signalfd; the child must not inherit that)
     * and only stdin, stdout and stderr open (not every descriptor of the JVM is close-on-exec).
     *
     * @param command the program, searched in PATH, and its arguments
     * @return the child's pid
     */
    static int posixSpawnp(List<String> command) throws UringException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment argv = arena.allocate(ADDRESS, command.size() + 1);
            for (int i = 0; i < command.size(); i++) {
                argv.setAtIndex(ADDRESS, i, arena.allocateFrom(command.get(i)));
            }
            argv.setAtIndex(ADDRESS, command.size(), MemorySegment.NULL);
            MemorySegment attributes = arena.allocate(POSIX_SPAWNATTR_SIZE, 16);
            MemorySegment actions = arena.allocate(POSIX_SPAWN_FILE_ACTIONS_SIZE, 16);
            MemorySegment pid = arena.allocate(JAVA_INT);
            String subject = "posix_spawnp(" + command.getFirst() + ")";
            spawnCall(subject, (int) POSIX_SPAWNATTR_INIT.invokeExact(attributes));
            try {
                spawnCall(subject, (int) POSIX_SPAWN_FILE_ACTIONS_INIT.invokeExact(actions));
                try {
                    spawnCall(subject, (int) POSIX_SPAWNATTR_SETFLAGS.invokeExact(attributes, POSIX_SPAWN_SETSIGMASK));
                    spawnCall(subject, (int) POSIX_SPAWNATTR_SETSIGMASK.invokeExact(attributes, sigset(arena, 0L)));
                    spawnCall(subject, (int) POSIX_SPAWN_FILE_ACTIONS_ADDCLOSEFROM_NP.invokeExact(actions, FIRST_UNSTANDARD_FD));
                    MemorySegment environment = ENVIRON.get(ADDRESS, 0);
                    spawnCall(subject, (int) POSIX_SPAWNP.invokeExact(pid, argv.getAtIndex(ADDRESS, 0),
                            actions, attributes, argv, environment));
                } finally {
                    spawnCall(subject, (int) POSIX_SPAWN_FILE_ACTIONS_DESTROY.invokeExact(actions));
                }
            } finally {
                spawnCall(subject, (int) POSIX_SPAWNATTR_DESTROY.invokeExact(attributes));
            }
            return pid.get(JAVA_INT, 0);
        } catch (UringException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("posix_spawnp downcall failed", t);
        }
    }

    private static void spawnCall(String subject, int error) throws UringException {
        if (error != 0) {
            throw new UringException(subject, error);
        }
    }

    /** {@code int close(int fd)}: never blocks for a socket without SO_LINGER. */
    static void close(int fd) throws UringException {
        call("close(fd=" + fd + ")", state -> (int) CLOSE.invokeExact(state, fd));
    }

    /** {@code int timerfd_create(int clockid, int flags)}. */
    static int timerfdCreate(int clock, int flags) throws UringException {
        return call("timerfd_create(clock=" + clock + ")", state -> (int) TIMERFD_CREATE.invokeExact(state, clock, flags));
    }

    /** {@code int timerfd_settime(int fd, 0, const struct itimerspec *new, NULL)}: relative, periodic. */
    static void timerfdSettime(int fd, Duration first, Duration interval) throws UringException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment spec = arena.allocate(ITIMERSPEC);
            setTimespec(spec.asSlice(ITIMERSPEC.byteOffset(groupElement("it_interval")), TIMESPEC), interval);
            setTimespec(spec.asSlice(ITIMERSPEC.byteOffset(groupElement("it_value")), TIMESPEC), first);
            call("timerfd_settime(fd=" + fd + ")",
                    state -> (int) TIMERFD_SETTIME.invokeExact(state, fd, 0, spec, MemorySegment.NULL));
        }
    }

    /** {@code int clock_gettime(clockid_t clock, struct timespec *now)}. */
    static Duration clockGettime(int clock) throws UringException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment now = arena.allocate(TIMESPEC);
            call("clock_gettime(clock=" + clock + ")", state -> (int) CLOCK_GETTIME.invokeExact(state, clock, now));
            return Duration.ofSeconds(now.get(JAVA_LONG, 0), now.get(JAVA_LONG, Long.BYTES));
        }
    }

    private static void setTimespec(MemorySegment timespec, Duration duration) {
        timespec.set(JAVA_LONG, 0, duration.getSeconds());
        timespec.set(JAVA_LONG, Long.BYTES, duration.getNano());
    }

    /** One downcall that captures errno into {@code state}. */
    @FunctionalInterface
    private interface Call {
        int invoke(MemorySegment state) throws Throwable;
    }

    private static int call(String operation, Call call) throws UringException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int result;
            try {
                result = call.invoke(state);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(operation + " downcall failed", t);
            }
            if (result < 0) {
                throw new UringException(operation, (int) ERRNO.get(state, 0L));
            }
            return result;
        }
    }

    private Libc() {
    }
}
