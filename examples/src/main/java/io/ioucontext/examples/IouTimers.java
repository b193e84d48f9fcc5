package io.ioucontext.examples;

import io.ioucontext.fiber.Suspendable;
import io.ioucontext.ops.FileIo;
import io.ioucontext.ops.IntervalTimer;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.UringException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code iou-timers INTERVAL...}: one fiber per interval (in seconds) waits on a periodic timer
 * and, at each tick, prints the seconds since boot to stdout in the interval's column (16
 * characters per argument position). Runs until killed; a closed stdout ends it quietly, another
 * write error with status 1. Like the original iou_timers, except that an interval that is not a
 * number above 0 (which the original skipped) is a usage error (status 2), as is no interval.
 */
public final class IouTimers {

    private static final String NAME = "iou-timers";
    private static final int COLUMN_WIDTH = 16;
    private static final int STDOUT_FD = 1;
    /** Longer intervals are cut to this (about 292 years: what a Duration of nanoseconds holds). */
    private static final double MAX_SECONDS = Long.MAX_VALUE / 1e9;

    private IouTimers() {
    }

    /**
     * @param args the intervals, in seconds
     */
    public static void main(String[] args) {
        Arguments arguments = new Arguments(NAME, NAME + " INTERVAL... (seconds, e.g. 0.5)");
        arguments.atLeast(args, 1);
        Duration[] intervals = new Duration[args.length];
        for (int column = 0; column < args.length; column++) {
            double seconds = arguments.positive("interval", args[column]);
            intervals[column] = Duration.ofNanos(Math.max(1, Math.round(Math.min(seconds, MAX_SECONDS) * 1e9)));
        }
        try (Reactor reactor = ProgramReactor.get(NAME)) {
            for (int column = 0; column < args.length; column++) {
                int at = column;
                Duration interval = intervals[column];
                reactor.spawn("timer " + args[column], () -> buzz(at, interval));
            }
            reactor.run();
        }
    }

    @Suspendable
    private static void buzz(int column, Duration interval) throws IOException {
        String indent = " ".repeat(column * COLUMN_WIDTH);
        try (IntervalTimer timer = IntervalTimer.start(interval); Arena arena = Arena.ofConfined()) {
            MemorySegment line = arena.allocate(indent.length() + 64);
            while (true) {
                timer.await();
                Duration now = IntervalTimer.sinceBoot();
                double seconds = now.getSeconds() + now.getNano() / 1e9;
                byte[] text = String.format(Locale.ROOT, "%s%16f%n", indent, seconds).getBytes(StandardCharsets.US_ASCII);
                MemorySegment.copy(text, 0, line, ValueLayout.JAVA_BYTE, 0, text.length);
                write(line.asSlice(0, text.length));
            }
        }
    }

    @Suspendable
    private static void write(MemorySegment text) throws IOException {
        try {
            FileIo.write(STDOUT_FD, text, FileIo.CURRENT_POSITION);
        } catch (UringException e) {
            boolean closedPipe = e.errno().orElse(null) == Errno.EPIPE;
            if (!closedPipe) {
                System.err.println(NAME + ": write error: " + e.errno().map(Errno::description).orElse(e.getMessage()));
            }
            System.exit(closedPipe ? 0 : 1);
        }
    }
}
