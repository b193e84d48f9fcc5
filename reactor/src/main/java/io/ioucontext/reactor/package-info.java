/**
 * The per-thread io_uring reactor: {@link io.ioucontext.reactor.Reactor} runs fibers and drives one
 * ring set up by liburing 2.3, writing SQEs and reaping CQEs in the mapped queues from Java.
 * {@link io.ioucontext.reactor.IoUring} mirrors the kernel's {@code linux/io_uring.h} (layouts,
 * opcodes, flags); failures are {@link io.ioucontext.reactor.UringException}s carrying the
 * {@link io.ioucontext.reactor.Errno}, and an operation whose timeout expired throws
 * {@link io.ioucontext.reactor.OperationTimedOutException}.
 *
 * <h2>Operations: filling any SQE</h2>
 *
 * An operation is a pooled {@link io.ioucontext.reactor.Completion} taken from
 * {@code Reactor.get().completion()} with an all-zero SQE image, filled through setters named after
 * the fields of {@code struct io_uring_sqe}, submitted, then awaited: {@code await()} parks the
 * calling fiber (or, outside fibers, drives the loop) until the CQE arrives, returns its
 * non-negative {@code res}, or throws for a negative one, and puts the record back in the pool.
 * Every setter returns the record, so an operation is one expression:
 *
 * <pre>{@code
 * // IORING_OP_STATX: statx(AT_FDCWD, path, 0, STATX_SIZE, result)
 * Completion statx = Reactor.get().completion();
 * MemorySegment path = statx.scratch(bytes.length + 1);   // record-owned, no allocation
 * ... copy the NUL-terminated path into it ...
 * int res = statx.opcode(IoUring.IORING_OP_STATX)
 *         .fd(AT_FDCWD)
 *         .addr(path)                 // segment overloads also keep the memory reachable
 *         .len(STATX_SIZE)
 *         .addr2(result)              // struct statx the kernel writes
 *         .subject(pathString)        // errors read "statx(/etc/hosts): ENOENT (...)"
 *         .timeout(timeout)           // null/negative: block; ZERO: try now; positive: deadline
 *         .submit()
 *         .await();                   // @Suspendable
 * }</pre>
 *
 * The API of {@code Completion} ({@code C} below is {@code Completion}; all return {@code this}
 * unless noted):
 * <ul>
 * <li>SQE fields: {@code C opcode(int)}, {@code C sqeFlags(int)} ({@code sqe->flags}:
 *     {@code IOSQE_FIXED_FILE}, {@code IOSQE_IO_DRAIN}, {@code IOSQE_ASYNC},
 *     {@code IOSQE_BUFFER_SELECT}; {@code IO_LINK}, {@code IO_HARDLINK} and
 *     {@code CQE_SKIP_SUCCESS} are the reactor's and refused), {@code C ioprio(int)},
 *     {@code C fd(int)}, {@code C off(long)}, {@code C addr2(long)}, {@code C addr2(MemorySegment)},
 *     {@code C addr(long)}, {@code C addr(MemorySegment)}, {@code C len(int)},
 *     {@code C opFlags(int)} (the union {@code rw_flags}, {@code msg_flags}, {@code open_flags},
 *     {@code timeout_flags}, {@code cancel_flags}, {@code poll32_events}, ...),
 *     {@code C bufIndex(int)}, {@code C bufGroup(int)}, {@code C personality(int)},
 *     {@code C spliceFdIn(int)}, {@code C fileIndex(int)}, {@code C addr3(long)},
 *     {@code C addr3(MemorySegment)}. {@code user_data} is the reactor's.</li>
 * <li>{@code C buffer(MemorySegment buffer, int length)}: {@code addr} and {@code len}, refusing a
 *     heap segment or a length beyond it. The {@code MemorySegment} overloads refuse heap memory
 *     and keep the segment reachable until the CQE arrives.</li>
 * <li>{@code C keep(Object reachable)}: keeps anything else reachable until the CQE arrives
 *     (memory a raw address points at, e.g. iovecs behind a msghdr, or its arena).</li>
 * <li>{@code MemorySegment scratch(long bytes)}: native memory owned by the record (16-byte
 *     aligned, contents undefined), for arguments such as paths and timespecs; readable after
 *     {@code await()} only until the fiber takes another completion or suspends.</li>
 * <li>{@code C subject(String)}: what error messages name after the opcode; default {@code fd=N}.</li>
 * <li>{@code C timeout(Duration)}: a linked {@code IORING_OP_LINK_TIMEOUT} on CLOCK_BOOTTIME, as
 *     the original: {@code null} or negative blocks; {@code ZERO} tries now with a 32,767 ns grace
 *     (relative); positive is an absolute deadline that long from now
 *     ({@code IORING_TIMEOUT_ABS|IORING_TIMEOUT_BOOTTIME}). Needs two adjacent SQ slots.</li>
 * <li>{@code C submit()}; {@code void submitDetached()} (nobody awaits: the result is dropped and
 *     the record returns to the pool when the CQE arrives; the loop runs until then);
 *     {@code @Suspendable int await() throws UringException}.</li>
 * <li>Conveniences kept for existing callers, each a chain of the setters above:
 *     {@code prepNop()}, {@code prepRead(fd, buffer, length, offset)},
 *     {@code prepWrite(fd, buffer, length, offset)}, {@code prepOpenat(path, flags, mode)},
 *     {@code prepClose(fd)}, {@code prepSocket(domain, type, protocol)},
 *     {@code prepConnect(fd, sockaddr, length, peer)}, {@code prepAccept(fd, flags)},
 *     {@code prepSend(fd, buffer, length, flags)}, {@code prepRecv(fd, buffer, length, flags)},
 *     {@code prepSendmsg(fd, msghdr, flags)}, {@code prepRecvmsg(fd, msghdr, flags)},
 *     {@code prepCancelFd(fd)}, {@code prepShutdown(fd, how)}.</li>
 * </ul>
 * {@code IoUring.opcodeName(int)} gives the lower-case opcode names used in messages.
 *
 * <h2>Configuration</h2>
 *
 * The SQ depth comes from the system property {@code iou.ring.entries}, else the environment
 * variable {@code IOU_RING_ENTRIES}, else 256.
 */
package io.ioucontext.reactor;
