package io.ioucontext.ops;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.reactor.Completion;
import io.ioucontext.reactor.Deadline;
import io.ioucontext.reactor.Reactor;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * POSIX signals as something a fiber awaits: a signalfd(2) read with IORING_OP_READ, which tells
 * which signal arrived.
 *
 * <p>A signalfd only sees signals that are blocked and pending, and signal masks are per thread.
 * This class blocks the signals in the calling thread (the reactor's, with pthread_sigmask), but
 * it cannot block them in the JVM's other threads: HotSpot unblocks SIGINT, SIGHUP and SIGTERM in
 * every thread it starts, so the kernel hands a signal sent to the process (kill(1)) to one of
 * those threads and it never waits for the signalfd. So the JVM's signal handling stays on too,
 * with a {@code sun.misc.Signal} handler (module jdk.unsupported) that forwards each signal to the
 * reactor thread with tgkill(2); blocked there, it waits in that thread's pending set until the
 * signalfd read takes it. (The read may also win the race against the thread the kernel picked
 * and take the signal from the process's pending set directly; either way it is read once.)
 * Signals sent to the reactor thread itself go to the signalfd directly.
 * The handler also keeps the JVM from acting on the signal (e.g. exiting on SIGINT). Standard
 * signals of one kind that arrive before the read merge into one, as the kernel keeps one pending.
 *
 * <p>Created and closed on the reactor's thread; closing restores the previous handlers and mask.
 * Several of its fibers may await at once: each read lands in its own operation's memory, so each
 * returns the signal its own read took.
 */
public final class SignalEvents implements AutoCloseable {

    private static final long SSI_SIGNO = Libc.SIGNALFD_SIGINFO.byteOffset(groupElement("ssi_signo"));
    private static final long SSI_PID = Libc.SIGNALFD_SIGINFO.byteOffset(groupElement("ssi_pid"));

    /**
     * A signal that arrived.
     *
     * @param name   its name without "SIG", e.g. {@code INT}
     * @param number its number, e.g. 2
     * @param sender the pid of the process that sent it, or this process's own for a signal that
     *     was forwarded (see the class description)
     */
    public record Caught(String name, int number, int sender) {
    }

    private final Thread owner = Thread.currentThread();
    private final Map<Integer, String> names;
    private final long signals;
    private final long previousMask;
    private final int fd;
    private final Map<Signal, SignalHandler> previousHandlers = new LinkedHashMap<>();
    private boolean closed;

    private SignalEvents(Map<Integer, String> names, long signals, long previousMask, int fd) {
        this.names = names;
        this.signals = signals;
        this.previousMask = previousMask;
        this.fd = fd;
    }

    /**
     * Starts catching signals in the calling (reactor) thread: from now on they no longer do what
     * they did (e.g. SIGINT no longer ends the JVM) but make {@link #await()} return.
     *
     * @param names the signals, without "SIG": "INT", "HUP", "TERM", ...
     * @return the events
     * @throws IOException when no signalfd can be made
     * @throws IllegalArgumentException for an unknown signal, or one the JVM does not let be
     *     caught (e.g. "KILL", or "QUIT" for its thread dumps)
     */
    public static SignalEvents catching(String... names) throws IOException {
        Map<Integer, String> numbers = new LinkedHashMap<>();
        long signals = 0;
        for (String name : names) {
            int number = new Signal(name).getNumber();
            numbers.put(number, name);
            signals |= 1L << (number - 1);
        }
        long previousMask = Libc.pthreadSigmask(Libc.SIG_BLOCK, signals);
        int fd;
        try {
            fd = Libc.signalfd(signals, Libc.SFD_CLOEXEC);
        } catch (IOException | RuntimeException e) {
            Libc.pthreadSigmask(Libc.SIG_SETMASK, previousMask);
            throw e;
        }
        SignalEvents events = new SignalEvents(Map.copyOf(numbers), signals, previousMask, fd);
        try {
            events.forwardToThisThread();
        } catch (IOException | RuntimeException e) {
            events.close();
            throw e;
        }
        return events;
    }

    private void forwardToThisThread() throws IOException {
        int pid = Libc.getpid();
        int tid = Libc.gettid();
        SignalHandler forward = signal -> {
            try {
                Libc.tgkill(pid, tid, signal.getNumber());
            } catch (IOException e) {
                // ESRCH: the reactor thread has ended without closing this; nobody waits any more.
            }
        };
        for (String name : names.values()) {
            Signal signal = new Signal(name);
            previousHandlers.put(signal, Signal.handle(signal, forward));
        }
    }

    /**
     * Waits until one of the signals arrives.
     *
     * @return the signal
     * @throws IOException when the signalfd cannot be read, e.g. {@code read(fd=9): ECANCELED (Operation canceled)}
     * @throws IllegalStateException when closed (its descriptor number may name another file by now),
     *     or called from another thread than the one that created it (a signalfd reads the pending
     *     signals of the thread reading it, and only that thread blocks them)
     */
    @Suspendable
    public Caught await() throws IOException {
        return await(Deadline.after(null));
    }

    /**
     * Waits at most a given time until one of the signals arrives (a linked IORING_OP_LINK_TIMEOUT).
     *
     * @param timeout null or negative: no limit; zero: only a signal already pending; positive: at most this long
     * @return the signal
     * @throws io.ioucontext.reactor.OperationTimedOutException when none came in time
     * @throws IOException when the signalfd cannot be read
     * @throws IllegalStateException when closed, or called from another thread than the one that created it
     */
    @Suspendable
    public Caught await(Duration timeout) throws IOException {
        return await(Deadline.after(timeout));
    }

    /**
     * Waits until one of the signals arrives, at most until a deadline several operations share.
     *
     * @param deadline when to give up
     * @return the signal
     * @throws io.ioucontext.reactor.OperationTimedOutException when none came in time
     * @throws IOException when the signalfd cannot be read
     * @throws IllegalStateException when closed, or called from another thread than the one that created it
     */
    @Suspendable
    public Caught await(Deadline deadline) throws IOException {
        checkOwner("awaited");
        if (closed) {
            throw new IllegalStateException("signal events of thread " + owner.getName() + " awaited after close");
        }
        int size = (int) Libc.SIGNALFD_SIGINFO.byteSize();
        // The record lands in the operation's own scratch memory: fibers awaiting at once each get theirs.
        Completion read = Reactor.get().completion();
        MemorySegment siginfo = read.scratch(size);
        // a signalfd read returns whole records: one here, as the buffer holds one
        read.prepRead(fd, siginfo, size, FileIo.CURRENT_POSITION).timeout(deadline).submit().await();
        int number = siginfo.get(JAVA_INT, SSI_SIGNO);
        return new Caught(names.getOrDefault(number, "signal " + number), number, siginfo.get(JAVA_INT, SSI_PID));
    }

    /** @return the signalfd, e.g. for {@link FileIo#cancel(int)} */
    public int fd() {
        return fd;
    }

    /**
     * Restores the previous handlers and the thread's previous mask for these signals (a signal
     * still pending is then handled as before), then closes the signalfd; closing twice does nothing.
     *
     * @throws IllegalStateException when called from another thread than the one that created it (the
     *     mask to restore is that thread's, and its reactor may be reading the signalfd); nothing is
     *     changed then, and the events stay usable on their own thread
     */
    @Override
    public void close() throws IOException {
        checkOwner("closed");
        if (closed) {
            return;
        }
        closed = true;
        previousHandlers.forEach(Signal::handle);
        try {
            Libc.pthreadSigmask(Libc.SIG_UNBLOCK, signals & ~previousMask);
        } finally {
            Libc.close(fd);
        }
    }

    private void checkOwner(String use) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("signal events of thread " + owner.getName() + " " + use + " from thread "
                    + Thread.currentThread().getName());
        }
    }
}
