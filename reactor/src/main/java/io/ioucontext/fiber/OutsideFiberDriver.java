package io.ioucontext.fiber;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Runs a thread's fibers for code on that thread that waits outside any fiber: {@link Fiber#yield()}
 * outside a fiber lets the ready fibers run once, {@link Fiber#join()} outside a fiber drives them
 * until the joined fiber ends. A scheduler that runs its fibers on one thread (the reactor) installs
 * itself for that thread with {@link #install}; a thread without a driver keeps the plain behaviour
 * ({@code yield()} returns at once, {@code join()} blocks the thread until the fiber ends).
 */
public interface OutsideFiberDriver {

    /**
     * Runs what is ready now (fibers, tasks) once, without waiting for anything; does nothing when
     * it cannot run now (e.g. it is already running further up this thread's stack, or closed).
     */
    void runReady();

    /**
     * Runs until {@code condition} holds, checking it before each turn.
     *
     * @param condition checked on this thread
     * @throws IllegalStateException when nothing left could make the condition hold, or when the
     *     driver cannot run now (e.g. it is already running further up this thread's stack)
     */
    void runUntil(BooleanSupplier condition);

    /**
     * Whether driving this driver runs the fibers {@code scheduler} schedules, so that
     * {@link #runUntil} can wait for one of them to end.
     *
     * @param scheduler a fiber's scheduler
     * @return by default, whether the scheduler is this driver
     */
    default boolean drives(FiberScheduler scheduler) {
        return scheduler == this;
    }

    /**
     * Makes {@code driver} the calling thread's driver, replacing any earlier one. The thread holds
     * it weakly: it does not keep the driver alive.
     *
     * @param driver runs the calling thread's fibers
     */
    static void install(OutsideFiberDriver driver) {
        Carrier.current().drive(Objects.requireNonNull(driver, "driver"));
    }

    /**
     * Removes {@code driver} from the calling thread, if it is the installed one (e.g. when it closes).
     *
     * @param driver the driver to remove
     */
    static void remove(OutsideFiberDriver driver) {
        Carrier carrier = Carrier.current();
        if (carrier.driver() == driver) {
            carrier.drive(null);
        }
    }
}
