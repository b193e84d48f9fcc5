package io.ioucontext.ops;

/**
 * How a program means to access a range of a file, for {@link FileIo#fadvise}: the
 * {@code POSIX_FADV_*} values of {@code linux/fadvise.h} (64-bit architectures).
 */
public enum FileAdvice {
    /** No particular pattern. */
    NORMAL(0),
    /** Random order: read-ahead is wasted. */
    RANDOM(1),
    /** From lower offsets to higher: read ahead aggressively. */
    SEQUENTIAL(2),
    /** Soon: start reading the range into the page cache now. */
    WILLNEED(3),
    /** Not again soon: the range's clean pages may be dropped from the page cache. */
    DONTNEED(4),
    /** Once only. */
    NOREUSE(5);

    private final int value;

    FileAdvice(int value) {
        this.value = value;
    }

    /** @return the {@code POSIX_FADV_*} value */
    int value() {
        return value;
    }
}
