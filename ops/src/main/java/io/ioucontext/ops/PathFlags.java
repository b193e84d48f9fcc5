package io.ioucontext.ops;

/**
 * Flags of the {@code *at} system calls as the ring's path operations take them: {@code AT_*} from
 * {@code linux/fcntl.h} and {@code RENAME_*} from {@code linux/fs.h}.
 */
final class PathFlags {

    /** Resolve relative paths against the working directory. */
    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_REMOVEDIR = 0x200;
    static final int AT_SYMLINK_FOLLOW = 0x400;
    /** Operate on the directory descriptor itself when the path is empty. */
    static final int AT_EMPTY_PATH = 0x1000;

    /** Fail with EEXIST instead of replacing the target. */
    static final int RENAME_NOREPLACE = 1;

    private PathFlags() {
    }
}
