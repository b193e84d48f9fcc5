package io.ioucontext.ops;

/**
 * What {@link FileIo#fallocate} does to a range of a file: the valid combinations of the
 * {@code FALLOC_FL_*} flags of {@code linux/falloc.h}. Which modes a file system supports varies;
 * the others fail with {@code EOPNOTSUPP}.
 */
public enum AllocationMode {
    /** Allocates blocks for the range, growing the file when the range ends past its size. */
    ALLOCATE(0),
    /** Allocates blocks for the range without changing the file's size. */
    ALLOCATE_KEEP_SIZE(0x01),
    /** Frees the range's blocks (it reads as zeros afterwards); the size stays (PUNCH_HOLE|KEEP_SIZE). */
    PUNCH_HOLE(0x02 | 0x01),
    /** Removes the range, shifting what follows down (block-aligned ranges only). */
    COLLAPSE_RANGE(0x08),
    /** Makes the range read as zeros, allocating it, growing the file when it ends past its size. */
    ZERO_RANGE(0x10),
    /** Inserts a hole of the range's length at its offset, shifting what follows up (block-aligned). */
    INSERT_RANGE(0x20);

    private final int flags;

    AllocationMode(int flags) {
        this.flags = flags;
    }

    /** @return the {@code FALLOC_FL_*} flags */
    int flags() {
        return flags;
    }
}
