package io.ioucontext.ops;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
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

/**
 * The FFM mirror of the few libc socket calls that have no io_uring operation here and never block
 * ({@code sys/socket.h}: bind, listen, getsockname, setsockopt; {@code unistd.h}: close), with the
 * constants and {@code netinet/in.h} address layouts they take. Errors become
 * {@link UringException}s carrying the errno, like those of ring operations.
 */
final class Libc {

    static final short AF_INET = 2;
    static final short AF_INET6 = 10;
    static final int SOCK_STREAM = 1;
    static final int SOCK_CLOEXEC = 02000000;
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int SHUT_WR = 1;
    /** Report EPIPE instead of raising SIGPIPE when the peer has gone. */
    static final int MSG_NOSIGNAL = 0x4000;

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

    /** {@code sizeof(struct sockaddr_storage)}: room for any address. */
    static final long SOCKADDR_STORAGE_SIZE = 128;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle SOCKET = downcall("socket", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle BIND = downcall("bind", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle LISTEN = downcall("listen", JAVA_INT, JAVA_INT);
    private static final MethodHandle GETSOCKNAME = downcall("getsockname", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle SETSOCKOPT = downcall("setsockopt", JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle CLOSE = downcall("close", JAVA_INT);

    private static MethodHandle downcall(String name, MemoryLayout... arguments) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name),
                FunctionDescriptor.of(JAVA_INT, arguments), Linker.Option.captureCallState("errno"));
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
        MemorySegment address = arena.allocate(SOCKADDR_STORAGE_SIZE);
        MemorySegment length = arena.allocateFrom(JAVA_INT, (int) SOCKADDR_STORAGE_SIZE);
        call("getsockname(fd=" + fd + ")", state -> (int) GETSOCKNAME.invokeExact(state, fd, address, length));
        return address.asSlice(0, length.get(JAVA_INT, 0));
    }

    /** {@code int setsockopt(int fd, int level, int name, const void *value, socklen_t len)} for an int option. */
    static void setsockopt(int fd, int level, int name, int value) throws UringException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment option = arena.allocateFrom(JAVA_INT, value);
            call("setsockopt(fd=" + fd + ", level=" + level + ", name=" + name + ")",
                    state -> (int) SETSOCKOPT.invokeExact(state, fd, level, name, option, Integer.BYTES));
        }
    }

    /** {@code int close(int fd)}: never blocks for a socket without SO_LINGER. */
    static void close(int fd) throws UringException {
        call("close(fd=" + fd + ")", state -> (int) CLOSE.invokeExact(state, fd));
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
