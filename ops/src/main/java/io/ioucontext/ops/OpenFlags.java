package io.ioucontext.ops;

import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;

/**
 * Maps {@link StandardOpenOption}s and {@link LinkOption#NOFOLLOW_LINKS} to open(2) flags, whose
 * values mirror {@code asm-generic/fcntl.h}.
 */
final class OpenFlags {

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 01;
    static final int O_RDWR = 02;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_TRUNC = 01000;
    static final int O_APPEND = 02000;
    static final int O_DSYNC = 010000;
    static final int O_NOFOLLOW = 0400000;
    static final int O_SYNC = 04010000;
    static final int O_CLOEXEC = 02000000;

    /**
     * @param options as for {@link java.nio.file.Files#newByteChannel}; none means READ;
     *                {@link LinkOption#NOFOLLOW_LINKS} fails the open (ELOOP) when the last name is a symbolic link
     * @return the flags, always with O_CLOEXEC so that child processes do not inherit the descriptor
     * @throws UnsupportedOperationException for DELETE_ON_CLOSE, SPARSE and options that are not standard
     */
    static int of(OpenOption... options) {
        boolean read = false;
        boolean write = false;
        int flags = O_CLOEXEC;
        for (OpenOption option : options) {
            if (option == LinkOption.NOFOLLOW_LINKS) {
                flags |= O_NOFOLLOW;
                continue;
            }
            if (!(option instanceof StandardOpenOption standard)) {
                throw new UnsupportedOperationException("open option " + option);
            }
            switch (standard) {
                case READ -> read = true;
                case WRITE -> write = true;
                case APPEND -> {
                    write = true;
                    flags |= O_APPEND;
                }
                case TRUNCATE_EXISTING -> flags |= O_TRUNC;
                case CREATE -> flags |= O_CREAT;
                case CREATE_NEW -> flags |= O_CREAT | O_EXCL;
                case SYNC -> flags |= O_SYNC;
                case DSYNC -> flags |= O_DSYNC;
                case DELETE_ON_CLOSE, SPARSE -> throw new UnsupportedOperationException("open option " + option);
            }
        }
        return flags | (read && write ? O_RDWR : write ? O_WRONLY : O_RDONLY);
    }

    private OpenFlags() {
    }
}
