package io.ioucontext.ops;

import io.ioucontext.fiber.Suspendable;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * POSIX signals as something a fiber can await. The JVM runs signal handlers on a thread of its
 * own, so the handlers only add to an eventfd, which a fiber reads with IORING_OP_READ: the reactor
 * thread and the handler thread share nothing but the kernel's counter. Closing restores the
 * previous handlers. The handlers are the JDK's {@code sun.misc.Signal} (module jdk.unsupported):
 * shutdown hooks would see SIGINT too, but only as the JVM exits.
 */
public final class SignalEvents implements AutoCloseable {

    private final int fd;
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    /** Freed by the GC only, never while a read into it may still be in flight. */
    private final MemorySegment counter = Arena.ofAuto().allocate(ValueLayout.JAVA_LONG);
    private boolean closed;

    private SignalEvents(int fd) {
        this.fd = fd;
    }

    /**
     * Starts catching signals: from now on they no longer do what they did (e.g. SIGINT no longer
     * ends the JVM) but make {@link #await()} return.
     *
     * @param names the signals, without "SIG": "INT", "HUP", "TERM", ...
     * @return the events
     * @throws IOException when no eventfd can be made
     * @throws IllegalArgumentException when the JVM does not let a signal be caught (e.g. "KILL", or "QUIT" for its dumps)
     */
    public static SignalEvents catching(String... names) throws IOException {
        SignalEvents events = new SignalEvents(Libc.eventfd(Libc.EFD_CLOEXEC));
        try {
            for (String name : names) {
                Signal signal = new Signal(name);
                events.previous.put(signal, Signal.handle(signal, caught -> events.notifyReactor()));
            }
        } catch (IllegalArgumentException e) {
            events.close();
            throw e;
        }
        return events;
    }

    private void notifyReactor() {
        try {
            Libc.eventfdWrite(fd, 1);
        } catch (IOException e) {
            // Only after close, when nobody waits any more.
        }
    }

    /**
     * Waits until one of the signals arrives.
     *
     * @return how many arrived since the last call
     * @throws IOException when the eventfd cannot be read
     */
    @Suspendable
    public long await() throws IOException {
        FileIo.read(fd, counter, FileIo.CURRENT_POSITION);
        return counter.get(ValueLayout.JAVA_LONG, 0);
    }

    /** Restores the previous handlers, then closes the eventfd; closing twice does nothing. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            previous.forEach(Signal::handle);
            Libc.close(fd);
        }
    }
}
