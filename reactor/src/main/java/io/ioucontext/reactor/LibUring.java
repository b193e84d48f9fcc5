package io.ioucontext.reactor;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The FFM mirror of liburing 2.3: {@code liburing.h} (struct {@code io_uring} and the exported
 * functions this project calls) and {@code linux/io_uring.h} (SQE, CQE and setup parameter
 * layouts, opcodes and flags). Names follow the C headers so that each value can be checked
 * against them; only what the reactor and the operations use is mirrored.
 */
final class LibUring {

    /** {@code struct io_uring_sqe} (64 bytes). Unions are named after their first member. */
    static final StructLayout IO_URING_SQE = MemoryLayout.structLayout(
            JAVA_BYTE.withName("opcode"),
            JAVA_BYTE.withName("flags"),
            JAVA_SHORT.withName("ioprio"),
            JAVA_INT.withName("fd"),
            JAVA_LONG.withName("off"),          // union: off, addr2
            JAVA_LONG.withName("addr"),         // union: addr, splice_off_in
            JAVA_INT.withName("len"),
            JAVA_INT.withName("rw_flags"),      // union: rw_flags, open_flags, cancel_flags, ...
            JAVA_LONG.withName("user_data"),
            JAVA_SHORT.withName("buf_index"),   // union: buf_index, buf_group
            JAVA_SHORT.withName("personality"),
            JAVA_INT.withName("splice_fd_in"),  // union: splice_fd_in, file_index
            JAVA_LONG.withName("addr3"),
            JAVA_LONG.withName("__pad2"));

    /** {@code struct io_uring_cqe} (16 bytes; the ring is never set up with CQE32). */
    static final StructLayout IO_URING_CQE = MemoryLayout.structLayout(
            JAVA_LONG.withName("user_data"),
            JAVA_INT.withName("res"),
            JAVA_INT.withName("flags"));

    /** {@code struct __kernel_timespec} from {@code linux/time_types.h} (16 bytes), for timeouts. */
    static final StructLayout KERNEL_TIMESPEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_LONG.withName("tv_nsec"));

    /** {@code struct io_sqring_offsets} (40 bytes). */
    static final StructLayout IO_SQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"), JAVA_INT.withName("tail"),
            JAVA_INT.withName("ring_mask"), JAVA_INT.withName("ring_entries"),
            JAVA_INT.withName("flags"), JAVA_INT.withName("dropped"),
            JAVA_INT.withName("array"), JAVA_INT.withName("resv1"),
            JAVA_LONG.withName("resv2"));

    /** {@code struct io_cqring_offsets} (40 bytes). */
    static final StructLayout IO_CQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"), JAVA_INT.withName("tail"),
            JAVA_INT.withName("ring_mask"), JAVA_INT.withName("ring_entries"),
            JAVA_INT.withName("overflow"), JAVA_INT.withName("cqes"),
            JAVA_INT.withName("flags"), JAVA_INT.withName("resv1"),
            JAVA_LONG.withName("resv2"));

    /** {@code struct io_uring_params} (120 bytes). */
    static final StructLayout IO_URING_PARAMS = MemoryLayout.structLayout(
            JAVA_INT.withName("sq_entries"),
            JAVA_INT.withName("cq_entries"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("sq_thread_cpu"),
            JAVA_INT.withName("sq_thread_idle"),
            JAVA_INT.withName("features"),
            JAVA_INT.withName("wq_fd"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv"),
            IO_SQRING_OFFSETS.withName("sq_off"),
            IO_CQRING_OFFSETS.withName("cq_off"));

    /** liburing 2.3 {@code struct io_uring_sq} (104 bytes): pointers into the mapped SQ ring. */
    static final StructLayout IO_URING_SQ = MemoryLayout.structLayout(
            ADDRESS.withName("khead"),
            ADDRESS.withName("ktail"),
            ADDRESS.withName("kring_mask"),
            ADDRESS.withName("kring_entries"),
            ADDRESS.withName("kflags"),
            ADDRESS.withName("kdropped"),
            ADDRESS.withName("array"),
            ADDRESS.withName("sqes"),
            JAVA_INT.withName("sqe_head"),
            JAVA_INT.withName("sqe_tail"),
            JAVA_LONG.withName("ring_sz"),
            ADDRESS.withName("ring_ptr"),
            JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"),
            MemoryLayout.sequenceLayout(2, JAVA_INT).withName("pad"));

    /** liburing 2.3 {@code struct io_uring_cq} (88 bytes): pointers into the mapped CQ ring. */
    static final StructLayout IO_URING_CQ = MemoryLayout.structLayout(
            ADDRESS.withName("khead"),
            ADDRESS.withName("ktail"),
            ADDRESS.withName("kring_mask"),
            ADDRESS.withName("kring_entries"),
            ADDRESS.withName("kflags"),
            ADDRESS.withName("koverflow"),
            ADDRESS.withName("cqes"),
            JAVA_LONG.withName("ring_sz"),
            ADDRESS.withName("ring_ptr"),
            JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"),
            MemoryLayout.sequenceLayout(2, JAVA_INT).withName("pad"));

    /** liburing 2.3 {@code struct io_uring} (216 bytes). */
    static final StructLayout IO_URING = MemoryLayout.structLayout(
            IO_URING_SQ.withName("sq"),
            IO_URING_CQ.withName("cq"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("ring_fd"),
            JAVA_INT.withName("features"),
            JAVA_INT.withName("enter_ring_fd"),
            JAVA_BYTE.withName("int_flags"),
            MemoryLayout.sequenceLayout(3, JAVA_BYTE).withName("pad"),
            JAVA_INT.withName("pad2"));

    // enum io_uring_op (the opcodes used by this project)
    static final byte IORING_OP_NOP = 0;
    static final byte IORING_OP_SENDMSG = 9;
    static final byte IORING_OP_RECVMSG = 10;
    static final byte IORING_OP_ACCEPT = 13;
    static final byte IORING_OP_ASYNC_CANCEL = 14;
    static final byte IORING_OP_LINK_TIMEOUT = 15;
    static final byte IORING_OP_CONNECT = 16;
    static final byte IORING_OP_OPENAT = 18;
    static final byte IORING_OP_CLOSE = 19;
    static final byte IORING_OP_READ = 22;
    static final byte IORING_OP_WRITE = 23;
    static final byte IORING_OP_SEND = 26;
    static final byte IORING_OP_RECV = 27;
    static final byte IORING_OP_SHUTDOWN = 34;
    static final byte IORING_OP_SOCKET = 45;

    // sqe->flags
    static final byte IOSQE_IO_LINK = 1 << 2;

    // io_uring_params->flags
    static final int IORING_SETUP_COOP_TASKRUN = 1 << 8;
    static final int IORING_SETUP_SINGLE_ISSUER = 1 << 12;
    static final int IORING_SETUP_DEFER_TASKRUN = 1 << 13;

    // io_uring_enter(2) flags
    static final int IORING_ENTER_GETEVENTS = 1;

    // sqe->cancel_flags
    static final int IORING_ASYNC_CANCEL_ALL = 1;
    static final int IORING_ASYNC_CANCEL_FD = 1 << 1;
    static final int IORING_ASYNC_CANCEL_ANY = 1 << 2;

    /** {@code AT_FDCWD} from {@code linux/fcntl.h}: resolve relative paths against the working directory. */
    static final int AT_FDCWD = -100;

    /** {@code int io_uring_queue_init_params(unsigned entries, struct io_uring *ring, struct io_uring_params *p)}. */
    static final MethodHandle IO_URING_QUEUE_INIT_PARAMS;
    /** {@code void io_uring_queue_exit(struct io_uring *ring)}. */
    static final MethodHandle IO_URING_QUEUE_EXIT;
    /** {@code int io_uring_enter(unsigned fd, unsigned to_submit, unsigned min_complete, unsigned flags, sigset_t *sig)}. */
    static final MethodHandle IO_URING_ENTER;

    /** The shared library's soname; liburing 2.x keeps it at 2. */
    static final String LIBRARY = "liburing.so.2";

    static {
        Linker linker = Linker.nativeLinker();
        SymbolLookup liburing;
        try {
            liburing = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new UnsatisfiedLinkError(LIBRARY + " cannot be loaded (install liburing 2.3: apt-get install liburing2)");
        }
        IO_URING_QUEUE_INIT_PARAMS = linker.downcallHandle(liburing.findOrThrow("io_uring_queue_init_params"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        IO_URING_QUEUE_EXIT = linker.downcallHandle(liburing.findOrThrow("io_uring_queue_exit"),
                FunctionDescriptor.ofVoid(ADDRESS));
        IO_URING_ENTER = linker.downcallHandle(liburing.findOrThrow("io_uring_enter"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    }

    /**
     * The byte offset of a field, e.g. {@code offset(IO_URING, "sq", "khead")}.
     *
     * @param layout the struct
     * @param path   the field names, outermost first
     * @return the field's offset in bytes
     */
    static long offset(StructLayout layout, String... path) {
        MemoryLayout.PathElement[] elements = new MemoryLayout.PathElement[path.length];
        for (int i = 0; i < path.length; i++) {
            elements[i] = groupElement(path[i]);
        }
        return layout.byteOffset(elements);
    }

    private LibUring() {
    }
}
