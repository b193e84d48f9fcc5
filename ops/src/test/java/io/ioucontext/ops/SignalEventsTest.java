package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ioucontext.reactor.Reactor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SignalEventsTest {

    @AfterEach
    void close() {
        Reactor.get().close();
    }

    @Test
    void aFiberWakesUpWhenTheProcessGetsTheSignal() throws Exception {
        Reactor reactor = Reactor.get();
        long[] caught = new long[1];
        try (SignalEvents events = SignalEvents.catching("HUP")) {
            reactor.spawn("waiter", () -> caught[0] = events.await());
            reactor.spawn("sender", () -> {
                Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).start();
                assertEquals(0, kill.waitFor());
            });
            reactor.run();
        }
        assertEquals(1, caught[0]);
    }

    @Test
    void refusesSignalsTheJvmKeeps() {
        assertThrows(IllegalArgumentException.class, () -> SignalEvents.catching("KILL"));
    }
}
