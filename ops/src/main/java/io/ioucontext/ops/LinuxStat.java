package io.ioucontext.ops;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * The FFM mirror of {@code linux/stat.h}: {@code struct statx} (as of Linux 6.1; later kernels
 * only fill spare space with fields that must be asked for), the {@code STATX_*} request mask bits
 * and the {@code S_IF*} file type bits of {@code stx_mode}.
 */
final class LinuxStat {

    /** {@code struct statx_timestamp} (16 bytes). */
    static final StructLayout STATX_TIMESTAMP = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_INT.withName("tv_nsec"),
            JAVA_INT.withName("__reserved"));

    /** {@code struct statx} (256 bytes). */
    static final StructLayout STATX = MemoryLayout.structLayout(
            JAVA_INT.withName("stx_mask"),
            JAVA_INT.withName("stx_blksize"),
            JAVA_LONG.withName("stx_attributes"),
            JAVA_INT.withName("stx_nlink"),
            JAVA_INT.withName("stx_uid"),
            JAVA_INT.withName("stx_gid"),
            JAVA_SHORT.withName("stx_mode"),
            JAVA_SHORT.withName("__spare0"),
            JAVA_LONG.withName("stx_ino"),
            JAVA_LONG.withName("stx_size"),
            JAVA_LONG.withName("stx_blocks"),
            JAVA_LONG.withName("stx_attributes_mask"),
            STATX_TIMESTAMP.withName("stx_atime"),
            STATX_TIMESTAMP.withName("stx_btime"),
            STATX_TIMESTAMP.withName("stx_ctime"),
            STATX_TIMESTAMP.withName("stx_mtime"),
            JAVA_INT.withName("stx_rdev_major"),
            JAVA_INT.withName("stx_rdev_minor"),
            JAVA_INT.withName("stx_dev_major"),
            JAVA_INT.withName("stx_dev_minor"),
            JAVA_LONG.withName("stx_mnt_id"),
            JAVA_INT.withName("stx_dio_mem_align"),
            JAVA_INT.withName("stx_dio_offset_align"),
            MemoryLayout.sequenceLayout(12, JAVA_LONG).withName("__spare3"));

    /** What {@code stat(2)} gives: type, mode, nlink, uid, gid, atime, mtime, ctime, ino, size, blocks. */
    static final int STATX_BASIC_STATS = 0x7ff;
    static final int STATX_BTIME = 0x800;

    static final int S_IFMT = 0170000;
    static final int S_IFSOCK = 0140000;
    static final int S_IFLNK = 0120000;
    static final int S_IFREG = 0100000;
    static final int S_IFBLK = 0060000;
    static final int S_IFDIR = 0040000;
    static final int S_IFCHR = 0020000;
    static final int S_IFIFO = 0010000;

    /**
     * @param path field names, outermost first, e.g. {@code "stx_mtime", "tv_sec"}
     * @return the field's byte offset in {@link #STATX}
     */
    static long offset(String... path) {
        MemoryLayout.PathElement[] elements = new MemoryLayout.PathElement[path.length];
        for (int i = 0; i < path.length; i++) {
            elements[i] = groupElement(path[i]);
        }
        return STATX.byteOffset(elements);
    }

    private LinuxStat() {
    }
}
