package io.ioucontext.agenttest;

import io.ioucontext.fiber.Fiber;
import io.ioucontext.fiber.FiberScheduler;
import io.ioucontext.fiber.Suspendable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * Two fibers taking turns through {@link Fiber#yield()} on a run queue, each keeping state in
 * locals across suspensions two frames deep. Built unwoven; correct only when the agent weaves it.
 */
public final class PingPong {

    private final List<String> trace = new ArrayList<>();

    private PingPong() {}

    /** Prints the interleaving: {@code ping:1 pong:1 ping:2 pong:2 ping:3 pong:3 ping=6 pong=6}. */
    public static void main(String[] args) {
        Queue<Fiber> ready = new ArrayDeque<>();
        FiberScheduler scheduler = ready::add;
        PingPong game = new PingPong();
        Fiber ping = new Fiber(scheduler, "ping", () -> game.play("ping", 3)).start();
        Fiber pong = new Fiber(scheduler, "pong", () -> game.play("pong", 3)).start();
        while (!ready.isEmpty()) {
            ready.remove().resume();
        }
        game.trace.add("ping=" + ping.result().orElseThrow());
        game.trace.add("pong=" + pong.result().orElseThrow());
        System.out.println(String.join(" ", game.trace));
    }

    @Suspendable
    private int play(String name, int rounds) {
        int total = 0;
        for (int round = 1; round <= rounds; round++) {
            total += turn(name, round);
        }
        return total;
    }

    @Suspendable
    private int turn(String name, int round) {
        String label = name + ":" + round;
        Fiber.yield();
        trace.add(label);
        return round;
    }
}
