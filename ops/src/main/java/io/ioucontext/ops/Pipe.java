package io.ioucontext.ops;

/**
 * The two descriptors of a pipe, from {@link PipeIo#pipe()}; close each with {@link FileIo#close}.
 *
 * @param readFd  the read end
 * @param writeFd the write end
 */
public record Pipe(int readFd, int writeFd) {
}
