package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.reactor.ClosesReactor;
import io.ioucontext.reactor.Deadline;
import io.ioucontext.reactor.OperationTimedOutException;
import io.ioucontext.reactor.Reactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Operations awaited in fibers, and outside fibers (the methods that call them directly). */
@OutsideFibers
@ExtendWith(ClosesReactor.class)
class IntervalTimerTest {

    @Test
    void aWaitForATickIsBoundedAndAClosedTimerIsNeverRead() throws Exception {
        IntervalTimer timer = IntervalTimer.start(Duration.ofMillis(30), Duration.ofHours(1));
        assertThrows(OperationTimedOutException.class, () -> timer.await(Duration.ZERO));
        assertEquals(1, timer.await(Deadline.after(Duration.ofMinutes(1))));
        assertThrows(OperationTimedOutException.class, () -> timer.await(Duration.ofMillis(10)));
        timer.close();
        assertThrows(IllegalStateException.class, timer::await);
    }

    @Test
    void aTimersDescriptorPollsReadableOnceItTicked() throws Exception {
        try (IntervalTimer timer = IntervalTimer.start(Duration.ofMillis(1), Duration.ofHours(1))) {
            assertEquals(Poll.POLLIN, Poll.await(timer.fd(), Poll.POLLIN, Duration.ofMinutes(1)));
            assertEquals(1, timer.await(Duration.ZERO));
        }
    }

    @Test
    void fibersWaitForTheirOwnTimersTicks() throws Exception {
        Reactor reactor = Reactor.get();
        List<String> ticks = new ArrayList<>();
        List<Fiber> fibers = new ArrayList<>();
        for (String name : List.of("fast", "slow")) {
            Duration interval = Duration.ofMillis(name.equals("fast") ? 1 : 3);
            fibers.add(reactor.spawn(name, () -> {
                try (IntervalTimer timer = IntervalTimer.start(interval)) {
                    for (int i = 0; i < 3; i++) {
                        assertTrue(timer.await() >= 1);
                        ticks.add(name);
                    }
                }
            }));
        }
        Duration before = IntervalTimer.sinceBoot();
        reactor.run();
        assertTrue(IntervalTimer.sinceBoot().compareTo(before) > 0);
        for (Fiber fiber : fibers) {
            assertTrue(fiber.failure().isEmpty(), () -> fiber.failure().orElseThrow().toString());
        }
        assertEquals(3, ticks.stream().filter("fast"::equals).count());
        assertEquals(3, ticks.stream().filter("slow"::equals).count());
    }

    @Test
    void refusesAnIntervalThatIsNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> IntervalTimer.start(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> IntervalTimer.start(Duration.ofSeconds(-1)));
    }

    @Test
    void theFirstTickMayComeBeforeTheInterval() throws Exception {
        try (IntervalTimer timer = IntervalTimer.start(Duration.ofMillis(1), Duration.ofHours(1))) {
            assertEquals(1, timer.await());
        }
        assertThrows(IllegalArgumentException.class, () -> IntervalTimer.start(Duration.ZERO, Duration.ofSeconds(1)));
    }
}
