package io.ioucontext.ops;

import static io.ioucontext.reactor.IoUring.IORING_OP_LINKAT;
import static io.ioucontext.reactor.IoUring.IORING_OP_MKDIRAT;
import static io.ioucontext.reactor.IoUring.IORING_OP_RENAMEAT;
import static io.ioucontext.reactor.IoUring.IORING_OP_STATX;
import static io.ioucontext.reactor.IoUring.IORING_OP_SYMLINKAT;
import static io.ioucontext.reactor.IoUring.IORING_OP_UNLINKAT;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Completion;
import io.ioucontext.reactor.Reactor;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.CopyOption;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Operations on names in the file system through the calling thread's io_uring {@link Reactor}:
 * statx, mkdir, unlink, rmdir, rename, link and symlink (the ring's {@code *at} operations, relative
 * paths resolved against the working directory). In a fiber each call suspends the fiber until its
 * completion arrives; outside a fiber it drives the reactor until then. Paths are checked (no NUL,
 * within PATH_MAX) before anything is submitted; kernel errors are
 * {@link io.ioucontext.reactor.UringException}s naming the operation and its paths, e.g.
 * {@code statx(/no/such): ENOENT (No such file or directory)}.
 */
public final class PathIo {

    /** Permission bits of created directories, before the umask, as mkdir(1) passes. */
    private static final int DIRECTORY_MODE = 0777;

    /**
     * Describes a file (IORING_OP_STATX): stat(2), or lstat(2) with {@link LinkOption#NOFOLLOW_LINKS}.
     *
     * @param path    the file
     * @param options {@link LinkOption#NOFOLLOW_LINKS} to describe a symbolic link itself
     * @return what statx reports
     * @throws IOException e.g. {@code statx(/no/such): ENOENT (No such file or directory)}
     */
    @Suspendable
    public static FileStatus statx(Path path, LinkOption... options) throws IOException {
        return statx(FileIo.CURRENT_DIRECTORY, path, options);
    }

    /**
     * Describes a file relative to a directory (IORING_OP_STATX): fstatat(2).
     *
     * @param dirfd   a directory's descriptor, or {@link FileIo#CURRENT_DIRECTORY}; ignored for absolute paths
     * @param path    the file
     * @param options {@link LinkOption#NOFOLLOW_LINKS} to describe a symbolic link itself
     * @return what statx reports
     * @throws IOException e.g. {@code statx(dirfd=5, no/such): ENOENT (No such file or directory)}
     */
    @Suspendable
    public static FileStatus statx(int dirfd, Path path, LinkOption... options) throws IOException {
        int flags = 0;
        for (LinkOption option : options) {
            if (option == LinkOption.NOFOLLOW_LINKS) {
                flags |= PathFlags.AT_SYMLINK_NOFOLLOW;
            }
        }
        return statx(dirfd, NativePaths.encode(path), flags, NativePaths.subject(dirfd, path));
    }

    /** statx(2) of an encoded path, for {@link #statx(int, Path, LinkOption...)} and {@link FileIo#statx(int)}. */
    @Suspendable
    static FileStatus statx(int dirfd, byte[] name, int flags, String subject) throws IOException {
        Completion statx = Reactor.get().completion();
        long statxBytes = LinuxStat.STATX.byteSize();
        MemorySegment scratch = statx.scratch(statxBytes + NativePaths.size(name));
        MemorySegment result = scratch.asSlice(0, statxBytes);
        long address = NativePaths.put(name, scratch, statxBytes);
        statx.opcode(IORING_OP_STATX).fd(dirfd).addr(address).len(FileStatus.MASK).addr2(result).opFlags(flags)
                .subject(subject).submit().await();
        return FileStatus.read(result);  // before anything else takes the record and its scratch memory
    }

    /**
     * Creates a directory with permissions rwxrwxrwx less the umask (IORING_OP_MKDIRAT): mkdir(2).
     *
     * @param directory the directory to create; its parent must exist
     * @throws IOException e.g. {@code mkdirat(/tmp/x): EEXIST (File exists)}
     */
    @Suspendable
    public static void mkdir(Path directory) throws IOException {
        mkdir(directory, DIRECTORY_MODE);
    }

    /**
     * Creates a directory with given permissions, less the umask (IORING_OP_MKDIRAT): mkdir(2).
     *
     * @param directory   the directory to create; its parent must exist
     * @param permissions its permissions before the umask
     * @throws IOException e.g. {@code mkdirat(/tmp/x): EEXIST (File exists)}
     */
    @Suspendable
    public static void mkdir(Path directory, Set<PosixFilePermission> permissions) throws IOException {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 0400 >> permission.ordinal();  // OWNER_READ (0400) first, OTHERS_EXECUTE (01) last
        }
        mkdir(directory, mode);
    }

    @Suspendable
    private static void mkdir(Path directory, int mode) throws IOException {
        byte[] name = NativePaths.encode(directory);
        Completion mkdir = Reactor.get().completion();
        long address = NativePaths.put(name, mkdir.scratch(NativePaths.size(name)), 0);
        mkdir.opcode(IORING_OP_MKDIRAT).fd(PathFlags.AT_FDCWD).addr(address).len(mode)
                .subject(directory.toString()).submit().await();
    }

    /**
     * Removes a name of a file, a symbolic link or another non-directory (IORING_OP_UNLINKAT): unlink(2).
     *
     * @param path the name
     * @throws IOException e.g. {@code unlinkat(/tmp/d): EISDIR (Is a directory)}
     */
    @Suspendable
    public static void unlink(Path path) throws IOException {
        unlinkat(path, 0);
    }

    /**
     * Removes an empty directory (IORING_OP_UNLINKAT with AT_REMOVEDIR): rmdir(2).
     *
     * @param directory the directory
     * @throws IOException e.g. {@code unlinkat(/tmp/d): ENOTEMPTY (Directory not empty)}
     */
    @Suspendable
    public static void rmdir(Path directory) throws IOException {
        unlinkat(directory, PathFlags.AT_REMOVEDIR);
    }

    @Suspendable
    private static void unlinkat(Path path, int flags) throws IOException {
        byte[] name = NativePaths.encode(path);
        Completion unlink = Reactor.get().completion();
        long address = NativePaths.put(name, unlink.scratch(NativePaths.size(name)), 0);
        unlink.opcode(IORING_OP_UNLINKAT).fd(PathFlags.AT_FDCWD).addr(address).opFlags(flags)
                .subject(path.toString()).submit().await();
    }

    /**
     * Renames a file or directory atomically (IORING_OP_RENAMEAT): renameat2(2). Like
     * {@link java.nio.file.Files#move}, it refuses to replace an existing target unless asked to.
     *
     * @param source  the existing name
     * @param target  the new name, on the same file system
     * @param options {@link StandardCopyOption#REPLACE_EXISTING} to replace a target;
     *                {@link StandardCopyOption#ATOMIC_MOVE} is accepted (a rename always is)
     * @throws UnsupportedOperationException for other options
     * @throws IOException e.g. {@code renameat(/a, /b): EEXIST (File exists)}
     */
    @Suspendable
    public static void rename(Path source, Path target, CopyOption... options) throws IOException {
        int flags = PathFlags.RENAME_NOREPLACE;
        for (CopyOption option : options) {
            if (option == StandardCopyOption.REPLACE_EXISTING) {
                flags = 0;
            } else if (option != StandardCopyOption.ATOMIC_MOVE) {
                throw new UnsupportedOperationException("rename option " + option);
            }
        }
        twoPaths(IORING_OP_RENAMEAT, source, target, flags);
    }

    /**
     * Gives an existing file another name (IORING_OP_LINKAT): link(2). A symbolic link is linked
     * itself, not followed.
     *
     * @param existing the file
     * @param link     the new name, on the same file system
     * @throws IOException e.g. {@code linkat(/a, /b): EEXIST (File exists)}
     */
    @Suspendable
    public static void link(Path existing, Path link) throws IOException {
        twoPaths(IORING_OP_LINKAT, existing, link, 0);
    }

    /**
     * Creates a symbolic link (IORING_OP_SYMLINKAT): symlink(2). Note the order, the system
     * call's, which {@link java.nio.file.Files#createSymbolicLink} reverses.
     *
     * @param target what the link points at, stored as given (it need not exist)
     * @param link   the link to create
     * @throws IOException e.g. {@code symlinkat(/a, /b): EEXIST (File exists)}
     */
    @Suspendable
    public static void symlink(Path target, Path link) throws IOException {
        twoPaths(IORING_OP_SYMLINKAT, target, link, 0);
    }

    /**
     * The SQE shape of renameat, linkat and symlinkat: {@code addr} is the first path and
     * {@code addr2} the second; {@code fd} and {@code len} are their directories (symlinkat reads
     * only {@code fd}, for the second path).
     */
    @Suspendable
    private static void twoPaths(int opcode, Path first, Path second, int flags) throws IOException {
        byte[] firstName = NativePaths.encode(first);
        byte[] secondName = NativePaths.encode(second);
        Completion operation = Reactor.get().completion();
        long firstSize = NativePaths.size(firstName);
        MemorySegment scratch = operation.scratch(firstSize + NativePaths.size(secondName));
        long firstAddress = NativePaths.put(firstName, scratch, 0);
        long secondAddress = NativePaths.put(secondName, scratch, firstSize);
        int secondDirfd = opcode == IORING_OP_SYMLINKAT ? 0 : PathFlags.AT_FDCWD;  // symlinkat wants len 0
        operation.opcode(opcode).fd(PathFlags.AT_FDCWD).addr(firstAddress).len(secondDirfd).addr2(secondAddress)
                .opFlags(flags).subject(first + ", " + second).submit().await();
    }

    private PathIo() {
    }
}
