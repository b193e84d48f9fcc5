package io.ioucontext.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.reactor.ClosesReactor;
import io.ioucontext.reactor.Reactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fibers of the real reactor cancelled ({@link Fiber#cancel()}) while they wait in a channel, a
 * semaphore or a mutex: they leave the queue, and nothing handed to them is lost.
 */
@OutsideFibers
@ExtendWith(ClosesReactor.class)
class CancelledWaiterTest {

    @Test
    void aReceiverCancelledBeforeTheSendDoesNotEatTheItem() {
        Reactor reactor = Reactor.get();
        Channel<Integer> channel = new Channel<>(1);
        List<Integer> got = new ArrayList<>();
        Fiber first = reactor.spawn("first", () -> got.add(channel.receive().orElseThrow()));
        Fiber second = reactor.spawn("second", () -> got.add(channel.receive().orElseThrow()));
        reactor.run();
        first.cancel();
        assertTrue(channel.trySend(7));
        reactor.run();
        assertCancelled(first);
        assertEquals(List.of(7), got);
        assertTrue(second.isDone());
        assertTrue(second.failure().isEmpty());
    }

    @Test
    void anItemHandedToAReceiverCancelledInTheSameTurnGoesToTheNextReceiver() {
        Reactor reactor = Reactor.get();
        Channel<Integer> channel = new Channel<>(1);
        List<Integer> got = new ArrayList<>();
        Fiber first = reactor.spawn("first", () -> got.add(channel.receive().orElseThrow()));
        reactor.spawn("second", () -> got.add(channel.receive().orElseThrow()));
        reactor.run();
        assertTrue(channel.trySend(7));  // handed to "first", which has not run yet
        first.cancel();
        reactor.run();
        assertCancelled(first);
        assertEquals(List.of(7), got);
    }

    @Test
    void anItemHandedToTheOnlyReceiverCancelledInTheSameTurnGoesBackToTheHead() {
        Reactor reactor = Reactor.get();
        Channel<Integer> channel = new Channel<>(2);
        Fiber receiver = reactor.spawn("receiver", channel::receive);
        reactor.run();
        assertTrue(channel.trySend(1));
        assertTrue(channel.trySend(2));
        receiver.cancel();
        reactor.run();
        assertCancelled(receiver);
        assertEquals(Optional.of(1), channel.tryReceive());
        assertEquals(Optional.of(2), channel.tryReceive());
        assertEquals(Optional.empty(), channel.tryReceive());
    }

    @Test
    void aCancelledSenderLeavesWithItsItemUnsent() {
        Reactor reactor = Reactor.get();
        Channel<Integer> channel = new Channel<>(1);
        channel.trySend(1);
        Fiber sender = reactor.spawn("sender", () -> channel.send(2));
        reactor.run();
        sender.cancel();
        reactor.run();
        assertCancelled(sender);
        assertEquals(Optional.of(1), channel.tryReceive());
        assertEquals(Optional.empty(), channel.tryReceive());
        assertTrue(channel.trySend(3), "the cancelled sender holds no room");
    }

    @Test
    void aSenderWhoseItemWasTakenBeforeItsCancellationHasSentItAndIsCancelledLater() {
        Reactor reactor = Reactor.get();
        Channel<Integer> channel = new Channel<>(1);
        channel.trySend(1);
        List<String> events = new ArrayList<>();
        Fiber sender = reactor.spawn("sender", () -> {
            channel.send(2);
            events.add("sent");
            try {
                Fiber.yield();
            } catch (CancellationException e) {
                events.add("cancelled at the next suspension");
            }
        });
        reactor.run();
        assertEquals(Optional.of(1), channel.tryReceive());  // moves the sender's item in and wakes it
        sender.cancel();
        reactor.run();
        assertEquals(List.of("sent", "cancelled at the next suspension"), events);
        assertEquals(Optional.of(2), channel.tryReceive());
    }

    @Test
    void aPermitHandedToAWaiterCancelledInTheSameTurnGoesToTheNextOrBack() {
        Reactor reactor = Reactor.get();
        Semaphore semaphore = new Semaphore(0);
        List<String> holders = new ArrayList<>();
        Fiber first = reactor.spawn("first", () -> {
            semaphore.acquire();
            holders.add("first");
        });
        reactor.spawn("second", () -> {
            semaphore.acquire();
            holders.add("second");
        });
        reactor.run();
        semaphore.release();  // handed to "first"
        first.cancel();
        reactor.run();
        assertCancelled(first);
        assertEquals(List.of("second"), holders);
        assertEquals(0, semaphore.availablePermits());

        Fiber third = reactor.spawn("third", semaphore::acquire);
        reactor.run();
        semaphore.release();
        third.cancel();
        reactor.run();
        assertCancelled(third);
        assertEquals(1, semaphore.availablePermits(), "the permit came back");
        assertTrue(semaphore.tryAcquire(), "nobody is left in the queue");
    }

    @Test
    void aCancelledMutexWaiterNeverEndsUpHoldingIt() {
        Reactor reactor = Reactor.get();
        Mutex mutex = new Mutex();
        mutex.acquire();
        Fiber waiter = reactor.spawn("waiter", mutex::acquire);
        reactor.run();
        waiter.cancel();
        reactor.run();
        assertCancelled(waiter);
        mutex.release();
        assertFalse(mutex.isLocked());
        assertTrue(mutex.tryAcquire());
    }

    @Test
    void aFiberCancelledInATimedWaitStopsItsTimerAndLeaves() {
        Reactor reactor = Reactor.get();
        Semaphore semaphore = new Semaphore(0);
        Fiber waiter = reactor.spawn("waiter", () -> semaphore.acquire(Duration.ofHours(1)));
        reactor.spawn("canceller", waiter::cancel);  // runs in the same turn, once the waiter waits
        reactor.run();  // returns: the timer was cancelled, nothing is in flight any more
        assertCancelled(waiter);
        semaphore.release();
        assertEquals(1, semaphore.availablePermits());
    }

    @Test
    void aPermitHandedToATimedWaiterCancelledInTheSameTurnGoesToTheNext() {
        Reactor reactor = Reactor.get();
        Semaphore semaphore = new Semaphore(0);
        List<String> holders = new ArrayList<>();
        Fiber first = reactor.spawn("first", () -> {
            semaphore.acquire(Duration.ofHours(1));
            holders.add("first");
        });
        reactor.spawn("second", () -> {
            semaphore.acquire(Duration.ofHours(1));
            holders.add("second");
        });
        reactor.spawn("releaser", () -> {  // runs in the same turn, once both wait
            semaphore.release();
            first.cancel();
        });
        reactor.run();
        assertCancelled(first);
        assertEquals(List.of("second"), holders);
        assertEquals(0, semaphore.availablePermits());
    }

    private static void assertCancelled(Fiber fiber) {
        assertTrue(fiber.isDone(), fiber + " has ended");
        assertInstanceOf(CancellationException.class, fiber.failure().orElse(null), fiber.toString());
    }
}
