package io.ioucontext.reactor;

import static io.ioucontext.reactor.IoUring.IORING_OP_POLL_ADD;
import static io.ioucontext.reactor.IoUring.IORING_OP_TIMEOUT;
import static io.ioucontext.reactor.IoUring.IORING_POLL_ADD_MULTI;
import static io.ioucontext.reactor.IoUring.IORING_TIMEOUT_MULTISHOT;
import static io.ioucontext.reactor.IoUring.KERNEL_TIMESPEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.sync.Event;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Multishot operations (poll and timeout) on the real kernel: CQEs queued in one record until the last. */
@OutsideFibers
class MultishotTest {

    private static final int POLLIN = 1;

    @RegisterExtension
    final ReactorArena arena = new ReactorArena();

    private static Completion pollMultishot(Reactor reactor, int fd) {
        return reactor.completion().opcode(IORING_OP_POLL_ADD).fd(fd).len(IORING_POLL_ADD_MULTI).opFlags(POLLIN)
                .multishot().submit();
    }

    @Test
    void oneArmedPollDeliversReadinessAgainAndAgainUntilCancelled() throws Throwable {
        Reactor reactor = Reactor.get();
        Pipe pipe = Pipe.open();
        MemorySegment out = arena.allocate(1);
        MemorySegment in = arena.allocate(1);
        Event progress = new Event();
        int rounds = 200;
        Completion poll = pollMultishot(reactor, pipe.readEnd());
        int[] readiness = new int[1];
        Object[] end = new Object[1];
        reactor.spawn("poller", () -> {
            try {
                for (;;) {
                    long cqe = poll.nextCqe();
                    assertTrue(Completion.hasMore(cqe));
                    assertEquals(POLLIN, Completion.cqeRes(cqe) & POLLIN);
                    readiness[0]++;
                    progress.set();
                }
            } catch (UringException e) {
                end[0] = e.errno().orElseThrow();
            }
        });
        int[] received = new int[1];
        reactor.spawn("writer", () -> {
            for (int i = 0; i < rounds; i++) {
                out.set(ValueLayout.JAVA_BYTE, 0, (byte) i);
                reactor.completion().prepWrite(pipe.writeEnd(), out, 1, -1).submit().await();
                while (readiness[0] <= i) {  // the kernel may merge or repeat wake-ups, never lose one
                    progress.reset();
                    progress.await();
                }
                reactor.completion().prepRead(pipe.readEnd(), in, 1, -1).submit().await();
                assertEquals((byte) i, in.get(ValueLayout.JAVA_BYTE, 0));
                received[0]++;
            }
            assertTrue(poll.cancel());
        });
        reactor.run();  // returns only once the cancelled poll's last CQE came
        assertEquals(rounds, received[0]);
        assertTrue(readiness[0] >= rounds, readiness[0] + " readiness CQEs");
        assertEquals(Errno.ECANCELED, end[0]);
        assertFalse(reactor.isRunnable());
        pipe.closeThrough(reactor);
    }

    @Test
    void anArmedOperationKeepsTheLoopRunnableAndIsUsableOutsideFibers() throws Throwable {
        Reactor reactor = Reactor.get();
        Pipe pipe = Pipe.open();
        MemorySegment out = arena.allocate(1);
        Completion poll = pollMultishot(reactor, pipe.readEnd());
        assertTrue(reactor.isRunnable());
        reactor.completion().prepWrite(pipe.writeEnd(), out, 1, -1).submit().await();
        long cqe = poll.nextCqe();
        assertTrue(Completion.hasMore(cqe));
        assertEquals(POLLIN, Completion.cqeRes(cqe) & POLLIN);
        assertTrue(reactor.isRunnable(), "still armed");
        assertTrue(poll.cancel());
        MultishotException cancelled = assertThrows(MultishotException.class, poll::nextCqe);
        assertEquals(Errno.ECANCELED, cancelled.errno().orElseThrow());
        assertFalse(cancelled.hasMore(), "a cancel ends the poll");
        assertFalse(reactor.isRunnable());
        pipe.closeThrough(reactor);
    }

    @Test
    void failingCqesWithMoreLeaveTheOperationGoingUntilItsLast() {
        Reactor reactor = Reactor.get();
        int shots = 3;
        int[] expired = new int[1];
        reactor.spawn("timer", () -> {
            Completion timer = reactor.completion();
            MemorySegment interval = timer.scratch(KERNEL_TIMESPEC.byteSize());
            interval.fill((byte) 0);
            interval.set(ValueLayout.JAVA_LONG, 8, 1_000_000);  // tv_nsec: 1 ms
            timer.opcode(IORING_OP_TIMEOUT).addr(interval).len(1).off(shots).opFlags(IORING_TIMEOUT_MULTISHOT)
                    .multishot().submit();
            for (int i = 0; i < shots; i++) {
                try {
                    timer.nextCqe();
                } catch (MultishotException e) {
                    assertEquals(Errno.ETIME, e.errno().orElseThrow());
                    assertEquals(i < shots - 1, e.hasMore(), "only the last expiry ends the timer");
                    expired[0]++;
                }
            }
        });
        reactor.run();  // ends because the third expiry was the timer's last CQE
        assertEquals(shots, expired[0]);
        assertFalse(reactor.isRunnable());
    }

    @Test
    void closingTheReactorHandsTheCqesNobodyTookToTheirRelease() throws Throwable {
        Reactor reactor = Reactor.get();
        Pipe pipe = Pipe.open();
        List<Long> released = new ArrayList<>();
        reactor.completion().prepWrite(pipe.writeEnd(), arena.allocate(1), 1, -1).submit().await();
        Completion poll = reactor.completion().opcode(IORING_OP_POLL_ADD).fd(pipe.readEnd()).len(IORING_POLL_ADD_MULTI)
                .opFlags(POLLIN).multishot().onAbandon(released::add).submit();
        Completion read = reactor.completion().prepRead(pipe.readEnd(), arena.allocate(1), 1, -1)
                .onAbandon(released::add).submit();
        Completion blocked = reactor.completion().prepRead(pipe.readEnd(), arena.allocate(1), 1, -1)
                .onAbandon(released::add).submit();
        reactor.runUntil(read::isDone);  // nobody takes the CQEs of the poll and the read
        assertTrue(poll.isPending() && blocked.isPending());
        reactor.close();
        assertTrue(released.contains(1L), "the read's CQE: 1 byte, no flags");
        assertTrue(released.stream().anyMatch(cqe -> Completion.hasMore(cqe) && (Completion.cqeRes(cqe) & POLLIN) != 0),
                "the poll's readiness");
        assertTrue(released.stream().allMatch(cqe -> Completion.cqeRes(cqe) >= 0), "not the cancelled operations' ECANCELED");
        LibC.close(pipe.readEnd());
        LibC.close(pipe.writeEnd());
    }

    @Test
    void aReleaseThatThrowsLeavesTheOtherReleasesToRunAndIsRethrownByClose() throws Throwable {
        Reactor reactor = Reactor.get();
        Pipe pipe = Pipe.open();
        List<Long> released = new ArrayList<>();
        reactor.completion().prepWrite(pipe.writeEnd(), arena.allocate(2), 2, -1).submit().await();
        IllegalStateException broken = new IllegalStateException("release failed");
        Completion first = reactor.completion().prepRead(pipe.readEnd(), arena.allocate(1), 1, -1)
                .onAbandon(cqe -> {
                    throw broken;
                }).submit();
        Completion second = reactor.completion().prepRead(pipe.readEnd(), arena.allocate(1), 1, -1)
                .onAbandon(released::add).submit();
        reactor.runUntil(() -> first.isDone() && second.isDone());  // nobody takes either CQE

        IllegalStateException thrown = assertThrows(IllegalStateException.class, reactor::close);

        assertSame(broken, thrown);
        assertEquals(List.of(1L), released, "the other read's CQE");
        assertTrue(reactor.isClosed());
        assertNotSame(reactor, Reactor.get(), "the thread's next reactor");
        LibC.close(pipe.readEnd());
        LibC.close(pipe.writeEnd());
    }

    /**
     * An operation armed for good (a multishot poll of an empty pipe) must not hold a caller driving
     * the loop outside fibers in a wait once what it waits for came about. Were the loop to wait, a
     * thread wakes it after a minute, and the test fails.
     */
    @Test
    void drivingOutsideFibersReturnsOnceTheConditionHoldsThoughAnOperationStaysArmed() throws Throwable {
        Reactor reactor = Reactor.get();
        Pipe pipe = Pipe.open();
        reactor.completion().opcode(IORING_OP_POLL_ADD).fd(pipe.readEnd()).len(IORING_POLL_ADD_MULTI)
                .opFlags(POLLIN).multishot().submit();
        boolean[] ended = new boolean[1];
        reactor.spawn("ends at once", () -> ended[0] = true);
        AtomicBoolean watchdogWoke = new AtomicBoolean();
        Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(60_000);
                watchdogWoke.set(true);
                reactor.execute(() -> { });
            } catch (InterruptedException stopped) {
                // the loop returned by itself
            }
        });

        reactor.runUntil(() -> ended[0]);

        watchdog.interrupt();
        watchdog.join();
        assertFalse(watchdogWoke.get(), "the loop waited for the armed poll after the fiber had ended");
        LibC.close(pipe.readEnd());
        LibC.close(pipe.writeEnd());
    }

    @Test
    void multishotRefusesATimeoutAndAwait() throws UringException {
        Reactor reactor = Reactor.get();
        Completion timed = reactor.completion().prepNop().multishot().timeout(java.time.Duration.ofSeconds(1));
        assertThrows(IllegalStateException.class, timed::submit);
        Completion nop = reactor.completion().prepNop().multishot().submit();
        assertThrows(IllegalStateException.class, nop::awaitCqe);
        assertFalse(Completion.hasMore(nop.nextCqe()));  // a NOP posts one CQE, without F_MORE
        assertThrows(IllegalStateException.class, reactor.completion()::nextCqe);
    }
}
