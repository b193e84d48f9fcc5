package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.reactor.ClosesReactor;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.UringException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ClosesReactor.class)
class ChildProcessTest {

    @Test
    void fibersWaitForChildrenThatExitWithCodesOrAreKilled() throws Exception {
        Reactor reactor = Reactor.get();
        List<ExitStatus> statuses = new ArrayList<>();
        List<Fiber> fibers = new ArrayList<>();
        List<ChildProcess> children = new ArrayList<>();
        try {
            for (int code = 0; code < 5; code++) {
                // Later children end first: each fiber must get its own child's status.
                ChildProcess child = ChildProcess.spawn(List.of("sh", "-c", "sleep 0.0" + (5 - code) + "; exit " + code));
                children.add(child);
                fibers.add(reactor.spawn("wait " + child.pid(), () -> statuses.add(child.waitFor())));
            }
            ChildProcess killed = ChildProcess.spawn(List.of("sh", "-c", "kill -KILL $$"));
            children.add(killed);
            fibers.add(reactor.spawn("wait killed", () -> statuses.add(killed.waitFor())));
            reactor.run();
            for (Fiber fiber : fibers) {
                assertTrue(fiber.failure().isEmpty(), () -> fiber.failure().orElseThrow().toString());
            }
            for (int code = 0; code < 5; code++) {
                assertTrue(statuses.contains(new ExitStatus.Exited(children.get(code).pid(), code)), statuses::toString);
            }
            assertTrue(statuses.contains(new ExitStatus.Killed(killed.pid(), 9, false)), statuses::toString);
        } finally {
            for (ChildProcess child : children) {
                child.close();
            }
        }
    }

    @Test
    void aChildIsWaitedForByPidAndOnlyOnce() throws Exception {
        Reactor reactor = Reactor.get();
        Object[] outcome = new Object[2];
        try (ChildProcess child = ChildProcess.spawn(List.of("true"))) {
            reactor.spawn("waiter", () -> {
                outcome[0] = ChildProcess.waitForPid(child.pid());
                try {
                    child.waitFor();
                } catch (UringException e) {
                    outcome[1] = e;
                }
            });
            reactor.run();
            assertEquals(new ExitStatus.Exited(child.pid(), 0), outcome[0]);
            UringException again = (UringException) outcome[1];
            assertEquals(Errno.ECHILD, again.errno().orElseThrow(), again.getMessage());
            assertEquals("waitid(pidfd=" + child.pidfd() + "): ECHILD (No child processes)", again.getMessage());
        }
    }

    @Test
    void aMissingProgramFailsToSpawn() {
        UringException e = assertThrows(UringException.class, () -> ChildProcess.spawn(List.of("no-such-program-here")));
        assertEquals(Errno.ENOENT, e.errno().orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> ChildProcess.spawn(List.of()));
    }

    @Test
    @OutsideFibers
    void theChildKeepsOnlyTheStandardDescriptorsAndIsWaitedForOutsideFibers() throws Exception {
        int inheritable = Libc.eventfd(0);  // not close-on-exec
        try (ChildProcess child = ChildProcess.spawn(List.of("sh", "-c", "test -e /proc/$$/fd/" + inheritable
                + " && exit 10; test -e /proc/$$/fd/2 || exit 20; exit 0"))) {
            assertEquals(new ExitStatus.Exited(child.pid(), 0), child.waitFor());
        } finally {
            Libc.close(inheritable);
        }
    }
}
