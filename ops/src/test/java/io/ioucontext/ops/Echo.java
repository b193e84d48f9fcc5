package io.ioucontext.ops;

import io.ioucontext.fiber.Suspendable;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/** The server side of the echo tests: sends everything back until the peer shuts its side down. */
final class Echo {

    private Echo() {
    }

    /**
     * @param connection the connection, closed at the end
     * @param buffer     native memory for what arrives
     */
    @Suspendable
    static void serve(TcpConnection connection, MemorySegment buffer) throws IOException {
        try (connection) {
            int n;
            while ((n = connection.read(buffer)) != -1) {
                connection.write(buffer.asSlice(0, n));
            }
        }
    }
}
