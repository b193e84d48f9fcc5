package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.reactor.ClosesReactor;
import io.ioucontext.reactor.Deadline;
import io.ioucontext.reactor.Reactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ClosesReactor.class)
class SleepTest {

    /**
     * A relative sleep becomes a deadline when it is called, so a fiber that starts its sleep later
     * (the first calls load classes and link downcalls: milliseconds) also ends it later: the fibers
     * wake in the order of their deadlines, start plus duration, not of their durations alone. A
     * zero sleep does not wait: its fiber goes on in the turn it started in, before any timer expires.
     */
    @Test
    void fibersWakeUpInTheOrderOfTheirDeadlines() {
        Reactor reactor = Reactor.get();
        List<Integer> woke = new ArrayList<>();
        Map<Integer, Duration> deadlines = new HashMap<>();
        List<Fiber> fibers = new ArrayList<>();
        for (int millis : new int[] {60, 20, 40, 0}) {
            fibers.add(reactor.spawn("sleep " + millis, () -> {
                Duration start = IntervalTimer.sinceBoot();
                deadlines.put(millis, start.plusMillis(millis));
                Sleep.forDuration(Duration.ofMillis(millis));
                assertTrue(IntervalTimer.sinceBoot().compareTo(start.plusMillis(millis)) >= 0, "slept " + millis + " ms");
                woke.add(millis);
            }));
        }
        reactor.run();
        for (Fiber fiber : fibers) {
            assertTrue(fiber.failure().isEmpty(), () -> fiber.failure().orElseThrow().toString());
        }
        List<Integer> byDeadline = new ArrayList<>(deadlines.keySet());
        byDeadline.sort(Comparator.comparing((Integer millis) -> millis > 0).thenComparing(deadlines::get));
        assertEquals(byDeadline, woke);
    }

    @Test
    @OutsideFibers
    void deadlinesOnTheWallClockAndSinceBootAreReached() throws Exception {
        Instant wallDeadline = Instant.now().plusMillis(20);
        Sleep.until(wallDeadline);
        assertFalse(Instant.now().isBefore(wallDeadline));

        Duration bootDeadline = IntervalTimer.sinceBoot().plusMillis(20);
        Sleep.untilSinceBoot(bootDeadline);
        assertTrue(IntervalTimer.sinceBoot().compareTo(bootDeadline) >= 0);
    }

    @Test
    void fibersSleepUntilADeadlineTheyShareOnTheBootClock() throws Exception {
        Reactor reactor = Reactor.get();
        Duration start = IntervalTimer.sinceBoot();
        Deadline deadline = Deadline.after(Duration.ofMillis(30));
        List<Duration> woke = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            reactor.spawn("sleeper " + f, () -> {
                Sleep.until(deadline);
                woke.add(IntervalTimer.sinceBoot());
            });
        }
        reactor.run();
        assertEquals(3, woke.size());
        for (Duration at : woke) {
            assertTrue(at.minus(start).compareTo(Duration.ofMillis(30)) >= 0, () -> "woke after " + at.minus(start));
        }
    }

    @Test
    @OutsideFibers
    void aRelativeSleepLastsAtLeastItsDurationOnTheBootClock() throws Exception {
        Duration start = IntervalTimer.sinceBoot();
        Sleep.forDuration(Duration.ofMillis(20));
        assertTrue(IntervalTimer.sinceBoot().minus(start).compareTo(Duration.ofMillis(20)) >= 0);
    }

    @Test
    void aSleepUntilADeadlineThatNeverExpiresEndsWhenTheFiberIsCancelled() {
        Reactor reactor = Reactor.get();
        Fiber sleeper = reactor.spawn("sleeper", () -> Sleep.until(Deadline.after(null)));
        reactor.spawn("canceller", sleeper::cancel);
        reactor.run();
        assertTrue(sleeper.failure().orElse(null) instanceof CancellationException, sleeper::toString);
    }

    @Test
    @OutsideFibers
    void pastDeadlinesReturnAtOnce() throws Exception {
        Deadline passed = Deadline.after(Duration.ofMillis(1));
        Sleep.forDuration(Duration.ofMillis(5));
        Sleep.until(passed);
        Sleep.until(Deadline.after(Duration.ZERO));
        Sleep.until(Instant.EPOCH);
        Sleep.until(Instant.MIN);
        Sleep.untilSinceBoot(Duration.ZERO);
        Sleep.forDuration(Duration.ofSeconds(-1));
        assertFalse(Reactor.get().isRunnable(), "nothing left in flight");
    }

    @Test
    void aSleepingFiberLetsOthersRun() {
        Reactor reactor = Reactor.get();
        List<String> events = new ArrayList<>();
        reactor.spawn("sleeper", () -> {
            events.add("sleeping");
            Sleep.forDuration(Duration.ofMillis(50));
            events.add("awake");
        });
        reactor.spawn("worker", () -> {
            for (int i = 0; i < 3; i++) {
                events.add("work " + i);
                Fiber.yield();
            }
        });
        reactor.run();
        assertEquals(List.of("sleeping", "work 0", "work 1", "work 2", "awake"), events);
    }
}
