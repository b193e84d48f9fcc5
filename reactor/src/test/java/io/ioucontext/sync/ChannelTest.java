package io.ioucontext.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.reactor.ClosesReactor;
import io.ioucontext.reactor.Reactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Channels between fibers of the real reactor, and used outside fibers. */
@OutsideFibers
@ExtendWith(ClosesReactor.class)
class ChannelTest {

    @Test
    void hundredsOfProducersAndConsumersPassEveryItemExactlyOnce() {
        Reactor reactor = Reactor.get();
        Channel<Integer> channel = new Channel<>(4);
        int producers = 300;
        int perProducer = 50;
        long[] sum = new long[1];
        int[] received = new int[1];
        int[] producersLeft = {producers};
        for (int p = 0; p < producers; p++) {
            int first = p * perProducer;
            reactor.spawn("producer-" + p, () -> {
                for (int i = 0; i < perProducer; i++) {
                    channel.send(first + i);
                    if (i % 7 == 0) {
                        reactor.completion().prepNop().submit().await();  // suspend on the ring too
                    }
                }
                if (--producersLeft[0] == 0) {
                    channel.close();
                }
            });
        }
        for (int c = 0; c < 200; c++) {
            reactor.spawn("consumer-" + c, () -> {
                for (Optional<Integer> item; (item = channel.receive()).isPresent(); ) {
                    sum[0] += item.get();
                    received[0]++;
                }
            });
        }
        reactor.run();
        int total = producers * perProducer;
        assertEquals(total, received[0]);
        assertEquals((long) total * (total - 1) / 2, sum[0]);
        assertEquals(0, channel.size());
    }

    @Test
    void itemsComeOutInTheOrderTheyWentIn() {
        Reactor reactor = Reactor.get();
        Channel<Integer> channel = new Channel<>(2);
        List<Integer> out = new ArrayList<>();
        reactor.spawn("producer", () -> {
            for (int i = 0; i < 1000; i++) {
                channel.send(i);
            }
            channel.close();
        });
        reactor.spawn("consumer", () -> {
            for (Optional<Integer> item; (item = channel.receive()).isPresent(); ) {
                out.add(item.get());
            }
        });
        reactor.run();
        assertEquals(1000, out.size());
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, out.get(i));
        }
    }

    @Test
    void waitingSendersAreServedInArrivalOrder() {
        Reactor reactor = Reactor.get();
        Channel<String> channel = new Channel<>(1);
        channel.trySend("first");
        for (int s = 0; s < 5; s++) {
            String item = "sender-" + s;
            reactor.spawn(item, () -> channel.send(item));
        }
        reactor.run();  // every sender is now parked on the full channel, in spawn order
        assertEquals(1, channel.size());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            out.add(channel.tryReceive().orElseThrow());
        }
        assertEquals(List.of("first", "sender-0", "sender-1", "sender-2", "sender-3", "sender-4"), out);
        reactor.run();
        assertEquals(Optional.empty(), channel.tryReceive());
    }

    @Test
    void closeDrainsBufferedItemsThenReportsTheEnd() {
        Channel<String> channel = new Channel<>(3);
        assertTrue(channel.trySend("a"));
        assertTrue(channel.trySend("b"));
        channel.close();
        assertTrue(channel.isClosed());
        assertThrows(ChannelClosedException.class, () -> channel.trySend("c"));
        assertEquals(Optional.of("a"), channel.receive());
        assertEquals(Optional.of("b"), channel.receive());
        assertEquals(Optional.empty(), channel.receive());
        assertEquals(Optional.empty(), channel.receive());
    }

    @Test
    void closeWakesWaitingReceiversEmptyAndFailsWaitingSenders() {
        Reactor reactor = Reactor.get();
        Channel<String> empty = new Channel<>(1);
        Channel<String> full = new Channel<>(1);
        full.trySend("kept");
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            reactor.spawn("receiver", () -> outcomes.add("received " + empty.receive()));
            reactor.spawn("sender", () -> {
                try {
                    full.send("dropped");
                    outcomes.add("sent");
                } catch (ChannelClosedException e) {
                    outcomes.add(e.getMessage());
                }
            });
        }
        reactor.spawn("closer", () -> {
            reactor.completion().prepNop().submit().await();
            empty.close();
            full.close();
        });
        reactor.run();
        assertEquals(6, outcomes.size());
        assertEquals(3, outcomes.stream().filter("received Optional.empty"::equals).count());
        assertEquals(3, outcomes.stream().filter("send on a closed channel"::equals).count());
        assertEquals(Optional.of("kept"), full.receive());
        assertEquals(Optional.empty(), full.receive());
    }

    @Test
    void outsideFibersReceiveDrivesTheReactorUntilAFiberSends() {
        Reactor reactor = Reactor.get();
        Channel<Integer> channel = new Channel<>(1);
        reactor.spawn("producer", () -> {
            for (int i = 0; i < 100; i++) {
                reactor.completion().prepNop().submit().await();
                channel.send(i);
            }
        });
        int sum = 0;
        for (int i = 0; i < 100; i++) {
            sum += channel.receive().orElseThrow();
        }
        assertEquals(4950, sum);
        assertFalse(reactor.isRunnable());
    }

    @Test
    void outsideFibersSendWaitsForAFiberToMakeRoom() {
        Reactor reactor = Reactor.get();
        Channel<Integer> channel = new Channel<>(1);
        int[] sum = new int[1];
        reactor.spawn("consumer", () -> {
            for (Optional<Integer> item; (item = channel.receive()).isPresent(); ) {
                sum[0] += item.get();
            }
        });
        for (int i = 0; i < 100; i++) {
            channel.send(i);
        }
        channel.close();
        reactor.run();
        assertEquals(4950, sum[0]);
    }

    @Test
    void outsideFibersAWaitNothingCanEndFailsInsteadOfHanging() {
        Channel<Integer> channel = new Channel<>(1);
        IllegalStateException failure = assertThrows(IllegalStateException.class, channel::receive);
        assertTrue(failure.getMessage().contains("nothing left to run"), failure.getMessage());
    }

    @Test
    void capacityMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Channel<>(0));
    }
}
