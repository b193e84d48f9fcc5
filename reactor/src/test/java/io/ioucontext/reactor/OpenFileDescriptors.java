package io.ioucontext.reactor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Counts this process's open file descriptors in {@code /proc/self/fd}. The JDK keeps one socket
 * open for good from the first connected socket it closes (sun.nio.ch's pre-close descriptor), so
 * a JDK connection is made and closed once first: that socket is not a leak of the test that
 * happens to run first.
 */
public final class OpenFileDescriptors {

    static {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 1, loopback);
                Socket client = new Socket(loopback, server.getLocalPort());
                Socket accepted = server.accept()) {
            // opened to be closed
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The number of entries in {@code /proc/self/fd} now. */
    public static long count() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private OpenFileDescriptors() {
    }
}
