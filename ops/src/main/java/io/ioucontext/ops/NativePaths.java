package io.ioucontext.ops;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Paths as the ring's path operations take them: NUL-terminated UTF-8, checked before anything is submitted. */
final class NativePaths {

    /** {@code PATH_MAX} from {@code linux/limits.h}, counting the terminating NUL. */
    static final int PATH_MAX = 4096;

    /**
     * @param path a path
     * @return its UTF-8 bytes, without the NUL
     * @throws IllegalArgumentException when it contains NUL or, with the NUL, exceeds PATH_MAX
     */
    static byte[] encode(Path path) {
        String text = path.toString();
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path contains NUL: " + text.replace('\0', '?'));
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= PATH_MAX) {
            throw new IllegalArgumentException("path longer than PATH_MAX (" + PATH_MAX + " bytes with its NUL): "
                    + text);
        }
        return bytes;
    }

    /** @return the bytes {@code encoded} takes with its NUL */
    static long size(byte[] encoded) {
        return encoded.length + 1L;
    }

    /**
     * Copies an encoded path and its NUL into native memory.
     *
     * @param encoded from {@link #encode}
     * @param memory  where to copy it
     * @param at      the offset in {@code memory}
     * @return the copy's address
     */
    static long put(byte[] encoded, MemorySegment memory, long at) {
        MemorySegment.copy(encoded, 0, memory, JAVA_BYTE, at, encoded.length);
        memory.set(JAVA_BYTE, at + encoded.length, (byte) 0);
        return memory.address() + at;
    }

    /**
     * @param dirfd the directory a relative path is resolved against
     * @param path  the path
     * @return what error messages name: the path, after its directory's descriptor unless that is the working directory
     */
    static String subject(int dirfd, Path path) {
        return dirfd == PathFlags.AT_FDCWD ? path.toString() : "dirfd=" + dirfd + ", " + path;
    }

    private NativePaths() {
    }
}
