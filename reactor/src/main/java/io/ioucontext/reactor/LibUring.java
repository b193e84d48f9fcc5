package io.ioucontext.reactor;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The FFM mirror of liburing 2.3's {@code liburing.h}: struct {@code io_uring} and the exported
 * functions this project calls (the kernel's own header is mirrored by {@link IoUring}). Names
 * follow the C header so that each value can be checked against it.
 */
final class LibUring {

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

    /** {@code AT_FDCWD} from {@code linux/fcntl.h}: resolve relative paths against the working directory. */
    static final int AT_FDCWD = -100;

    /** {@code int io_uring_queue_init_params(unsigned entries, struct io_uring *ring, struct io_uring_params *p)}. */
    static final MethodHandle IO_URING_QUEUE_INIT_PARAMS;
    /** {@code void io_uring_queue_exit(struct io_uring *ring)}. */
    static final MethodHandle IO_URING_QUEUE_EXIT;
    /** {@code int io_uring_enter(unsigned fd, unsigned to_submit, unsigned min_complete, unsigned flags, sigset_t *sig)}. */
    static final MethodHandle IO_URING_ENTER;

    /** {@code int io_uring_register_iowq_aff(struct io_uring *ring, size_t cpusz, const cpu_set_t *mask)}. */
    static final MethodHandle IO_URING_REGISTER_IOWQ_AFF;
    /** {@code int io_uring_register_ring_fd(struct io_uring *ring)}: 1 when registered. */
    static final MethodHandle IO_URING_REGISTER_RING_FD;
    /** {@code int io_uring_register_probe(struct io_uring *ring, struct io_uring_probe *p, unsigned nr)}. */
    static final MethodHandle IO_URING_REGISTER_PROBE;
    /** {@code int io_uring_register_files_sparse(struct io_uring *ring, unsigned nr)}. */
    static final MethodHandle IO_URING_REGISTER_FILES_SPARSE;

    /** {@code int io_uring_register_buf_ring(struct io_uring *ring, struct io_uring_buf_reg *reg, unsigned flags)}. */
    static final MethodHandle IO_URING_REGISTER_BUF_RING;
    /** {@code int io_uring_unregister_buf_ring(struct io_uring *ring, int bgid)}. */
    static final MethodHandle IO_URING_UNREGISTER_BUF_RING;

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
        IO_URING_REGISTER_IOWQ_AFF = linker.downcallHandle(liburing.findOrThrow("io_uring_register_iowq_aff"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
        IO_URING_REGISTER_RING_FD = linker.downcallHandle(liburing.findOrThrow("io_uring_register_ring_fd"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        IO_URING_REGISTER_PROBE = linker.downcallHandle(liburing.findOrThrow("io_uring_register_probe"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        IO_URING_REGISTER_FILES_SPARSE = linker.downcallHandle(liburing.findOrThrow("io_uring_register_files_sparse"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        IO_URING_REGISTER_BUF_RING = linker.downcallHandle(liburing.findOrThrow("io_uring_register_buf_ring"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        IO_URING_UNREGISTER_BUF_RING = linker.downcallHandle(liburing.findOrThrow("io_uring_unregister_buf_ring"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
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
