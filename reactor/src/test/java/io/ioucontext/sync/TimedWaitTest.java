package io.ioucontext.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Waits bounded by a Duration or a Deadline, timed by the real reactor's kernel timers. */
@OutsideFibers
@ExtendWith(ClosesReactor.class)
class TimedWaitTest {

    private static final Duration SHORT = Duration.ofMillis(20);
    private static final Duration LONG = Duration.ofHours(1);

    @Test
    void aTimedOutAcquireLeavesThePermitCountAndTheQueueIntact() {
        Reactor reactor = Reactor.get();
        Semaphore semaphore = new Semaphore(0);
        List<Object> outcomes = new ArrayList<>();
        reactor.spawn("waiter", () -> {
            try {
                semaphore.acquire(SHORT);
                outcomes.add("acquired");
            } catch (OperationTimedOutException e) {
                outcomes.add(e);
            }
        });
        reactor.run();
        assertEquals(1, outcomes.size());
        OperationTimedOutException timedOut = (OperationTimedOutException) outcomes.get(0);
        assertEquals(SHORT, timedOut.timeout());
        assertTrue(timedOut.getMessage().startsWith("Semaphore.acquire: "), timedOut.getMessage());
        assertTrue(timedOut.getMessage().endsWith("timed out after PT0.02S"), timedOut.getMessage());
        assertEquals(0, semaphore.availablePermits());
        semaphore.release();
        assertEquals(1, semaphore.availablePermits(), "nobody is left waiting for the permit");
        assertTrue(semaphore.tryAcquire());
    }

    @Test
    void zeroTriesNowWithoutSubmittingAnything() throws Exception {
        Reactor reactor = Reactor.get();
        Semaphore semaphore = new Semaphore(1);
        semaphore.acquire(Duration.ZERO);
        assertThrows(OperationTimedOutException.class, () -> semaphore.acquire(Duration.ZERO));
        Mutex mutex = new Mutex();
        mutex.acquire(Duration.ZERO);
        assertThrows(OperationTimedOutException.class, () -> mutex.acquire(Deadline.after(Duration.ZERO)));
        Channel<Integer> channel = new Channel<>(1);
        assertThrows(OperationTimedOutException.class, () -> channel.receive(Duration.ZERO));
        channel.send(1, Duration.ZERO);
        assertThrows(OperationTimedOutException.class, () -> channel.send(2, Duration.ZERO));
        assertEquals(Optional.of(1), channel.receive(Duration.ZERO));
        Event event = new Event();
        assertThrows(OperationTimedOutException.class, () -> event.await(Duration.ZERO));
        event.set();
        event.await(Duration.ZERO);
        assertFalse(reactor.isRunnable(), "nothing was submitted");
        channel.close();
        assertEquals(Optional.empty(), channel.receive(Duration.ZERO), "closed and drained is not a timeout");
    }

    @Test
    void aWakeUpBeforeTheDeadlineCancelsTheTimer() {
        Reactor reactor = Reactor.get();
        Channel<String> channel = new Channel<>(1);
        Event event = new Event();
        List<Object> got = new ArrayList<>();
        reactor.spawn("receiver", () -> got.add(channel.receive(LONG).orElseThrow()));
        reactor.spawn("event waiter", () -> {
            event.await(LONG);
            got.add("set");
        });
        reactor.spawn("sender", () -> {
            reactor.completion().prepNop().submit().await();
            channel.send("item");
            event.set();
        });
        reactor.run();  // returns only once the hour-long timers are cancelled
        assertEquals(List.of("item", "set"), got);
        assertFalse(reactor.isRunnable());
    }

    @Test
    void nullOrNegativeTimeoutsWaitWithoutLimit() {
        Reactor reactor = Reactor.get();
        Semaphore semaphore = new Semaphore(0);
        int[] acquired = new int[1];
        reactor.spawn("null", () -> {
            semaphore.acquire((Duration) null);
            acquired[0]++;
        });
        reactor.spawn("negative", () -> {
            semaphore.acquire(Duration.ofSeconds(-1));
            acquired[0]++;
        });
        reactor.run();
        assertFalse(reactor.isRunnable(), "no timer was started");
        semaphore.release();
        semaphore.release();
        reactor.run();
        assertEquals(2, acquired[0]);
    }

    @Test
    void oneDeadlineBoundsSeveralWaits() {
        Reactor reactor = Reactor.get();
        Channel<Integer> channel = new Channel<>(1);
        List<Object> outcomes = new ArrayList<>();
        reactor.spawn("receiver", () -> {
            Deadline deadline = Deadline.after(SHORT);
            for (int i = 0; i < 3; i++) {
                try {
                    outcomes.add(channel.receive(deadline).orElseThrow());
                } catch (OperationTimedOutException e) {
                    outcomes.add("timed out");
                }
            }
        });
        reactor.spawn("sender", () -> channel.send(1));
        reactor.run();
        assertEquals(List.of(1, "timed out", "timed out"), outcomes);
    }

    @Test
    void sendersAndReceiversOfAFullOrEmptyChannelTimeOutAndLeave() {
        Reactor reactor = Reactor.get();
        Channel<Integer> channel = new Channel<>(1);
        channel.trySend(1);
        List<String> outcomes = new ArrayList<>();
        reactor.spawn("sender", () -> {
            try {
                channel.send(2, SHORT);
            } catch (OperationTimedOutException e) {
                outcomes.add(e.getMessage().substring(0, e.getMessage().indexOf(':')));
            }
        });
        reactor.run();
        assertEquals(Optional.of(1), channel.tryReceive());
        assertEquals(Optional.empty(), channel.tryReceive(), "the timed-out sender's item was not sent");
        reactor.spawn("receiver", () -> {
            try {
                channel.receive(SHORT);
            } catch (OperationTimedOutException e) {
                outcomes.add(e.getMessage().substring(0, e.getMessage().indexOf(':')));
            }
        });
        reactor.run();
        assertTrue(channel.trySend(3));
        assertEquals(Optional.of(3), channel.tryReceive(), "the timed-out receiver took nothing");
        assertEquals(List.of("Channel.send", "Channel.receive"), outcomes);
    }

    @Test
    void hundredsOfFibersRacingWithTimeoutsNeverLoseOrDuplicateAPermit() {
        Reactor reactor = Reactor.get();
        int permits = 3;
        Semaphore semaphore = new Semaphore(permits);
        Random random = new Random(4);
        int[] holding = new int[1];
        int[] mostHolding = new int[1];
        int[] acquired = new int[1];
        int[] timedOut = new int[1];
        int fibers = 400;
        for (int f = 0; f < fibers; f++) {
            Duration timeout = switch (random.nextInt(4)) {
                case 0 -> Duration.ZERO;
                case 1 -> Duration.ofNanos(1 + random.nextInt(200_000));
                case 2 -> LONG;
                default -> null;
            };
            int holdFor = random.nextInt(3);
            reactor.spawn("racer-" + f, () -> {
                try {
                    semaphore.acquire(timeout);
                } catch (OperationTimedOutException e) {
                    timedOut[0]++;
                    return;
                }
                acquired[0]++;
                mostHolding[0] = Math.max(mostHolding[0], ++holding[0]);
                for (int i = 0; i < holdFor; i++) {
                    reactor.completion().prepNop().submit().await();
                }
                holding[0]--;
                semaphore.release();
            });
        }
        reactor.run();
        assertEquals(fibers, acquired[0] + timedOut[0]);
        assertTrue(timedOut[0] > 0 && acquired[0] > permits, acquired[0] + " acquired, " + timedOut[0] + " timed out");
        assertTrue(mostHolding[0] <= permits, mostHolding[0] + " held permits at once");
        assertEquals(permits, semaphore.availablePermits());
    }

    @Test
    void hundredsOfTimedReceiversRacingGetEveryItemExactlyOnce() {
        Reactor reactor = Reactor.get();
        Channel<Integer> channel = new Channel<>(2);
        int items = 2000;
        long[] sum = new long[1];
        int[] received = new int[1];
        int[] timeouts = new int[1];
        reactor.spawn("producer", () -> {
            for (int i = 0; i < items; i++) {
                channel.send(i);
                if (i % 5 == 0) {
                    reactor.completion().prepNop().submit().await();
                }
            }
            channel.close();
        });
        for (int c = 0; c < 200; c++) {
            Duration timeout = Duration.ofNanos(1000L * (1 + c % 50));
            reactor.spawn("consumer-" + c, () -> {
                for (;;) {
                    try {
                        Optional<Integer> item = channel.receive(timeout);
                        if (item.isEmpty()) {
                            return;
                        }
                        sum[0] += item.get();
                        received[0]++;
                    } catch (OperationTimedOutException e) {
                        timeouts[0]++;
                    }
                }
            });
        }
        reactor.run();
        assertEquals(items, received[0]);
        assertEquals((long) items * (items - 1) / 2, sum[0]);
        assertEquals(0, channel.size());
    }

    @Test
    void outsideFibersATimedWaitDrivesTheReactorAndTimesOut() throws Exception {
        Reactor reactor = Reactor.get();
        Channel<Integer> channel = new Channel<>(1);
        OperationTimedOutException timedOut = assertThrows(OperationTimedOutException.class,
                () -> channel.receive(SHORT));
        assertEquals(SHORT, timedOut.timeout());
        assertFalse(reactor.isRunnable(), "the timer is gone");

        Semaphore semaphore = new Semaphore(0);
        reactor.spawn("releaser", () -> {
            for (int i = 0; i < 3; i++) {
                reactor.completion().prepNop().submit().await();
            }
            semaphore.release();
        });
        semaphore.acquire(LONG);  // drives the reactor until the fiber releases
        assertEquals(0, semaphore.availablePermits());
        assertTrue(channel.trySend(5));
        assertEquals(Optional.of(5), channel.receive(LONG));
        reactor.run();
        assertFalse(reactor.isRunnable());
    }

    @Test
    void aTimedOutFiberCanWaitAgain() {
        Reactor reactor = Reactor.get();
        Event event = new Event();
        List<String> events = new ArrayList<>();
        Fiber waiter = reactor.spawn("waiter", () -> {
            try {
                event.await(SHORT);
            } catch (OperationTimedOutException e) {
                events.add("timed out");
            }
            event.await();
            events.add("set");
        });
        reactor.run();
        assertEquals(List.of("timed out"), events);
        event.set();
        reactor.run();
        assertEquals(List.of("timed out", "set"), events);
        assertTrue(waiter.isDone());
    }
}
