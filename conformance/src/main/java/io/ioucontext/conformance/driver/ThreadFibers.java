package io.ioucontext.conformance.driver;

import io.ioucontext.conformance.corpus.Fibers;
import io.ioucontext.conformance.corpus.Transcript;
import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.fiber.SuspendableRunnable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * {@link Fibers} emulated by platform threads, for the plain run of interleaved shapes (their
 * classes are not woven, so they cannot suspend): each fiber is a thread, and one turn is passed
 * among them so that exactly one runs at a time and it changes hands where a real fiber would
 * suspend, to the fiber a first-in first-out scheduler would resume. Nothing of it runs in a fiber.
 */
@OutsideFibers
final class ThreadFibers implements Fibers {

    /** One emulated fiber. Its fields are guarded by the lock of the {@link ThreadFibers}. */
    private final class Strand implements Spawned {
        private final String name;
        private boolean parked;
        private boolean permit;
        private boolean done;
        private Throwable failure;

        Strand(String name) {
            this.name = name;
        }

        @Override
        public void unpark() {
            synchronized (ThreadFibers.this) {
                if (parked) {
                    parked = false;
                    ready.add(this);
                } else {
                    permit = true;
                }
            }
        }
    }

    /** Ends the thread of a strand still waiting for its turn when the run is over; nothing catches it. */
    private static final class RunOver extends Error {
        RunOver() {
            super(null, null, false, false);
        }
    }

    private final Deque<Strand> ready = new ArrayDeque<>();
    private final List<Strand> spawned = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    /** The strand whose turn it is; null once no strand can run. */
    private Strand running;
    /** Set once no strand can run: the strands still waiting for a turn end their threads. */
    private boolean over;

    @Override
    public synchronized Spawned spawn(String name, SuspendableRunnable body) {
        Strand strand = new Strand(name);
        spawned.add(strand);
        Thread thread = new Thread(() -> runStrand(strand, body), "emulated fiber " + name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
        ready.add(strand);
        return strand;
    }

    private void runStrand(Strand strand, SuspendableRunnable body) {
        try {
            awaitTurn(strand);
            body.run();
        } catch (RunOver e) {
            return; // this strand never ended
        } catch (Throwable t) {
            strand.failure = t;
        }
        synchronized (this) {
            if (!over) {
                strand.done = true;
                passTurn();
            }
        }
    }

    @Override
    public synchronized Spawned current() {
        return running;
    }

    @Override
    public void step(String label) {
        Transcript.step(label);
        Strand self;
        synchronized (this) {
            self = running;
            ready.add(self);
            passTurn();
        }
        awaitTurn(self);
    }

    @Override
    public void park(String label) {
        Transcript.step(label);
        Strand self;
        synchronized (this) {
            self = running;
            if (self.permit) {
                self.permit = false;
                return;
            }
            self.parked = true;
            passTurn();
        }
        awaitTurn(self);
    }

    /** Gives the turn to the first ready strand, or to nobody. Called holding the lock. */
    private void passTurn() {
        running = ready.poll();
        notifyAll();
    }

    /** Waits for the strand's turn; the run being over unwinds the strand's thread. */
    private synchronized void awaitTurn(Strand strand) {
        while (running != strand) {
            if (over) {
                throw new RunOver();
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RunOver();
            }
        }
    }

    /**
     * Runs the strands spawned so far, turn by turn, until none is ready; then stops the threads of
     * the strands that never ended.
     */
    void runAll() throws InterruptedException {
        synchronized (this) {
            passTurn();
            while (running != null) {
                wait();
            }
            over = true;
            notifyAll();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** How each spawned strand ended, in the order they were spawned. */
    synchronized List<String> outcomes() {
        return spawned.stream().map(strand -> strand.name + ": " + (!strand.done ? "never ended"
                : strand.failure == null ? "ended" : "failed with " + strand.failure)).toList();
    }
}
