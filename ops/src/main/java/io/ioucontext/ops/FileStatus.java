package io.ioucontext.ops;

import static io.ioucontext.ops.LinuxStat.offset;
import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What statx(2) reports about a file ({@code struct statx}, see {@link PathIo#statx} and
 * {@link FileIo#statx(int)}).
 *
 * @param type             what kind of file it is
 * @param mode             the permission bits, set-user-ID, set-group-ID and sticky bits ({@code 07777})
 * @param linkCount        the number of hard links
 * @param uid              the owner's user ID
 * @param gid              the owner's group ID
 * @param inode            the inode number
 * @param size             the size in bytes (of a symbolic link: the length of its target)
 * @param blocks           the number of 512-byte blocks allocated
 * @param blockSize        the preferred I/O size in bytes
 * @param accessTime       the last access
 * @param modificationTime the last change of the contents
 * @param changeTime       the last change of the contents or the attributes
 * @param creationTime     the creation, when the file system records it
 * @param deviceMajor      the major number of the device holding the file
 * @param deviceMinor      the minor number of the device holding the file
 * @param rdevMajor        the major number of a device file (0 for other files)
 * @param rdevMinor        the minor number of a device file (0 for other files)
 */
public record FileStatus(Type type, int mode, long linkCount, long uid, long gid, long inode, long size,
        long blocks, int blockSize, Instant accessTime, Instant modificationTime, Instant changeTime,
        Optional<Instant> creationTime, int deviceMajor, int deviceMinor, int rdevMajor, int rdevMinor) {

    /** File types, from the {@code S_IFMT} bits of {@code stx_mode}. */
    public enum Type {
        /** {@code S_IFREG}. */
        REGULAR_FILE,
        /** {@code S_IFDIR}. */
        DIRECTORY,
        /** {@code S_IFLNK}. */
        SYMBOLIC_LINK,
        /** {@code S_IFIFO}: a pipe or FIFO. */
        FIFO,
        /** {@code S_IFSOCK}. */
        SOCKET,
        /** {@code S_IFCHR}. */
        CHARACTER_DEVICE,
        /** {@code S_IFBLK}. */
        BLOCK_DEVICE,
        /** Bits no Linux file system uses. */
        UNKNOWN;

        static Type of(int mode) {
            return switch (mode & LinuxStat.S_IFMT) {
                case LinuxStat.S_IFREG -> REGULAR_FILE;
                case LinuxStat.S_IFDIR -> DIRECTORY;
                case LinuxStat.S_IFLNK -> SYMBOLIC_LINK;
                case LinuxStat.S_IFIFO -> FIFO;
                case LinuxStat.S_IFSOCK -> SOCKET;
                case LinuxStat.S_IFCHR -> CHARACTER_DEVICE;
                case LinuxStat.S_IFBLK -> BLOCK_DEVICE;
                default -> UNKNOWN;
            };
        }
    }

    /** The fields this record asks statx for. */
    static final int MASK = LinuxStat.STATX_BASIC_STATS | LinuxStat.STATX_BTIME;

    private static final long MASK_OFFSET = offset("stx_mask");
    private static final long BLKSIZE = offset("stx_blksize");
    private static final long NLINK = offset("stx_nlink");
    private static final long UID = offset("stx_uid");
    private static final long GID = offset("stx_gid");
    private static final long MODE = offset("stx_mode");
    private static final long INO = offset("stx_ino");
    private static final long SIZE = offset("stx_size");
    private static final long BLOCKS = offset("stx_blocks");
    private static final long RDEV_MAJOR = offset("stx_rdev_major");
    private static final long RDEV_MINOR = offset("stx_rdev_minor");
    private static final long DEV_MAJOR = offset("stx_dev_major");
    private static final long DEV_MINOR = offset("stx_dev_minor");
    private static final long ATIME = offset("stx_atime");
    private static final long BTIME = offset("stx_btime");
    private static final long CTIME = offset("stx_ctime");
    private static final long MTIME = offset("stx_mtime");
    private static final long TV_SEC = LinuxStat.STATX_TIMESTAMP.byteOffset(groupElement("tv_sec"));
    private static final long TV_NSEC = LinuxStat.STATX_TIMESTAMP.byteOffset(groupElement("tv_nsec"));

    private static final PosixFilePermission[] PERMISSION_BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    /**
     * Reads a {@code struct statx} the kernel filled.
     *
     * @param statx the structure, {@link LinuxStat#STATX} long
     * @return its fields
     */
    static FileStatus read(MemorySegment statx) {
        int mode = Short.toUnsignedInt(statx.get(JAVA_SHORT, MODE));
        Optional<Instant> creation = (statx.get(JAVA_INT, MASK_OFFSET) & LinuxStat.STATX_BTIME) != 0
                ? Optional.of(timestamp(statx, BTIME))
                : Optional.empty();
        return new FileStatus(Type.of(mode), mode & 07777,
                Integer.toUnsignedLong(statx.get(JAVA_INT, NLINK)),
                Integer.toUnsignedLong(statx.get(JAVA_INT, UID)),
                Integer.toUnsignedLong(statx.get(JAVA_INT, GID)),
                statx.get(JAVA_LONG, INO), statx.get(JAVA_LONG, SIZE), statx.get(JAVA_LONG, BLOCKS),
                statx.get(JAVA_INT, BLKSIZE),
                timestamp(statx, ATIME), timestamp(statx, MTIME), timestamp(statx, CTIME),
                creation,
                statx.get(JAVA_INT, DEV_MAJOR), statx.get(JAVA_INT, DEV_MINOR),
                statx.get(JAVA_INT, RDEV_MAJOR), statx.get(JAVA_INT, RDEV_MINOR));
    }

    private static Instant timestamp(MemorySegment statx, long at) {
        return Instant.ofEpochSecond(statx.get(JAVA_LONG, at + TV_SEC), Integer.toUnsignedLong(statx.get(JAVA_INT, at + TV_NSEC)));
    }

    /** @return the permission bits as Java names them */
    public Set<PosixFilePermission> permissions() {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < PERMISSION_BITS.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(PERMISSION_BITS[bit]);
            }
        }
        return permissions;
    }

    /** @return the device holding the file as one {@code dev_t}, glibc's {@code makedev(major, minor)} */
    public long device() {
        long major = Integer.toUnsignedLong(deviceMajor);
        long minor = Integer.toUnsignedLong(deviceMinor);
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    /** @return whether it is a regular file */
    public boolean isRegularFile() {
        return type == Type.REGULAR_FILE;
    }

    /** @return whether it is a directory */
    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    /** @return whether it is a symbolic link (only when asked not to follow links) */
    public boolean isSymbolicLink() {
        return type == Type.SYMBOLIC_LINK;
    }
}
