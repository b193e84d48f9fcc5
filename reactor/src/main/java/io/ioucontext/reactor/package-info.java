/**
 * The per-thread io_uring reactor: {@link io.ioucontext.reactor.Reactor} runs fibers and drives one
 * ring set up by liburing 2.3 ({@link io.ioucontext.reactor.LibUring} mirrors its headers), writing
 * SQEs and reaping CQEs in the mapped queues from Java. An operation is a pooled
 * {@link io.ioucontext.reactor.Completion}: prepared, submitted, then awaited, which parks the
 * calling fiber (or drives the loop outside fibers) until its CQE arrives. Failures are
 * {@link io.ioucontext.reactor.UringException}s carrying the {@link io.ioucontext.reactor.Errno}.
 */
package io.ioucontext.reactor;
