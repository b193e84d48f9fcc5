/**
 * Coordination between the fibers of one reactor that never blocks its thread:
 * {@link io.ioucontext.sync.Channel} (bounded FIFO queue with close),
 * {@link io.ioucontext.sync.Semaphore}, {@link io.ioucontext.sync.Mutex} and
 * {@link io.ioucontext.sync.Event}. Waiting is done in user space: a fiber parks
 * ({@code Fiber.park()}) and whoever satisfies it unparks it, in arrival order; no io_uring futex
 * operation is involved. A caller outside any fiber, on the reactor's thread, waits by driving the
 * reactor ({@code Reactor.runUntil}) so the fibers that will satisfy it run meanwhile; it fails with
 * an {@link java.lang.IllegalStateException} when nothing left could. None of these types is
 * thread-safe: hand work to another reactor with {@code Reactor.execute}.
 */
package io.ioucontext.sync;
