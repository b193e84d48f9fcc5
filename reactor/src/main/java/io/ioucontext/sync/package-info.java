/**
 * Coordination between the fibers of one reactor that never blocks its thread:
 * {@link io.ioucontext.sync.Channel} (bounded FIFO queue with close),
 * {@link io.ioucontext.sync.Semaphore}, {@link io.ioucontext.sync.Mutex} and
 * {@link io.ioucontext.sync.Event}. Waiting is done in user space: a fiber parks
 * ({@code Fiber.park()}) and whoever satisfies it unparks it, in arrival order; no io_uring futex
 * operation is involved. A caller outside any fiber, on the reactor's thread, waits by driving the
 * reactor ({@code Reactor.runUntil}) so the fibers that will satisfy it run meanwhile; it fails with
 * an {@link java.lang.IllegalStateException} when nothing left could.
 *
 * <p>Every wait may be bounded, with the meaning operations give a timeout: a {@link java.time.Duration}
 * (null or negative waits without limit, zero only tries, positive waits at most that long) or a
 * {@link io.ioucontext.reactor.Deadline} shared by several waits. A bounded wait is timed by a
 * kernel timer on the reactor's ring ({@link io.ioucontext.sync.DeadlineTimer}, CLOCK_BOOTTIME, no
 * helper thread) and reports expiry with {@link io.ioucontext.reactor.OperationTimedOutException},
 * as a timed-out operation does. A waiter that times out or whose fiber is cancelled leaves the
 * queue, and no item or permit handed to it at that moment is lost. None of these types is
 * thread-safe: hand work to another reactor with {@code Reactor.execute}.
 */
package io.ioucontext.sync;
