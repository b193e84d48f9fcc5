package io.ioucontext.reactor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Counts this process's open file descriptors in {@code /proc/self/fd}. */
final class OpenFileDescriptors {

    static long count() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private OpenFileDescriptors() {
    }
}
