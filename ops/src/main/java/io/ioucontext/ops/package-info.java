/**
 * Suspendable operations over the thread's {@link io.ioucontext.reactor.Reactor}: file descriptor
 * I/O and cancellation ({@link io.ioucontext.ops.FileIo}, and {@link io.ioucontext.ops.AsyncFile}
 * owning a descriptor), names in the file system ({@link io.ioucontext.ops.PathIo}), pipes, splice
 * and tee ({@link io.ioucontext.ops.PipeIo}), TCP ({@link io.ioucontext.ops.TcpListener} and its
 * multishot {@link io.ioucontext.ops.Acceptor}, {@link io.ioucontext.ops.TcpConnection} and its
 * multishot {@link io.ioucontext.ops.Receiver} into provided buffer rings), UDP, connected or not
 * ({@link io.ioucontext.ops.UdpSocket}), socket
 * options ({@link io.ioucontext.ops.IntSocketOption}), sleeping ({@link io.ioucontext.ops.Sleep}),
 * periodic timers ({@link io.ioucontext.ops.IntervalTimer}), readiness
 * ({@link io.ioucontext.ops.Poll}), eventfds ({@link io.ioucontext.ops.EventFd}), signals
 * ({@link io.ioucontext.ops.SignalEvents}) and child processes
 * ({@link io.ioucontext.ops.ChildProcess}). In a fiber each call suspends only the fiber; outside
 * fibers it runs the reactor until it completes.
 */
package io.ioucontext.ops;
