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
 *     ({@code IORING_TIMEOUT_ABS|IORING_TIMEOUT_BOOTTIME}). Needs two adjacent SQ slots.
 *     {@code C timeout(Deadline)}: the same, for a deadline several operations share (each send of
 *     a "send all"), taken once with {@code Deadline.after(Duration)}.</li>
 * <li>{@code C submit()}; {@code void submitDetached()} (nobody awaits: the result is dropped and
 *     the record returns to the pool when the CQE arrives; the loop runs until then);
 *     {@code @Suspendable int await() throws UringException};
 *     {@code @Suspendable long awaitCqe() throws UringException} when the CQE's flags matter
 *     (provided buffers, {@code SOCK_NONEMPTY}), read with {@code static int cqeRes(long)} and
 *     {@code static int cqeFlags(long)}.</li>
 * <li>Multishot: {@code C multishot()} before submitting keeps the record alive while CQEs carry
 *     {@code IORING_CQE_F_MORE}, queuing each (res, flags) in a small ring in the record;
 *     {@code @Suspendable long nextCqe() throws MultishotException} takes them in order (a negative
 *     res throws, its {@code hasMore()} telling whether the operation goes on: an expiry of a
 *     multishot timeout does, a dry buffer ring or a cancel ends it), {@code static boolean
 *     hasMore(long cqe)} tells the last one, after which the record returns to the pool;
 *     {@code C onAbandon(LongConsumer)} releases what untaken CQEs carry if the reactor closes
 *     first; {@code boolean cancel()} asks the kernel to stop it. The loop's
 *     {@code run()} keeps turning while one is armed.</li>
 * <li>Conveniences kept for existing callers, each a chain of the setters above:
 *     {@code prepNop()}, {@code prepRead(fd, buffer, length, offset)},
 *     {@code prepWrite(fd, buffer, length, offset)}, {@code prepOpenat(path, flags, mode)},
 *     {@code prepClose(fd)}, {@code prepSocket(domain, type, protocol)},
 *     {@code prepConnect(fd, sockaddr, length, peer)}, {@code prepAccept(fd, flags)},
 *     {@code prepSend(fd, buffer, length, flags)}, {@code prepRecv(fd, buffer, length, flags)},
 *     {@code prepRecv(fd, BufferRing, flags)} (the kernel picks the buffer),
 *     {@code prepSendmsg(fd, msghdr, flags)}, {@code prepRecvmsg(fd, msghdr, flags)},
 *     {@code prepCancelFd(fd)}, {@code prepShutdown(fd, how)},
 *     {@code prepTimeout(seconds, nanos, flags)} (expiry only).</li>
 * </ul>
 * {@code IoUring.opcodeName(int)} gives the lower-case opcode names used in messages.
 *
 * <h2>The reactor</h2>
 *
 * <ul>
 * <li>{@code Reactor.get()} is the calling thread's reactor, set up on first use;
 *     {@code Reactor.create(int entries)} and {@code create(int entries, RingMode mode, int registeredFiles)}
 *     set it up explicitly. {@code close()} cancels what is in flight, awaits the cancellations,
 *     eats the cookie and releases the ring, its eventfd and its native memory. A reactor whose
 *     thread ended without closing it is released the same way by a {@link java.lang.ref.Cleaner}
 *     once nothing refers to it (the cookie's destructor then runs on the Cleaner's thread).</li>
 * <li>{@code run()} turns the loop until no fiber or task is ready and no operation is in flight
 *     or waiting for an SQ slot; fire-and-forget operations keep it running, fibers parked on
 *     something else do not. {@code isRunnable()} says whether it would turn.
 *     {@code runUntil(BooleanSupplier)} turns it, outside fibers, until a condition holds (how
 *     {@link io.ioucontext.sync} primitives wait outside fibers).</li>
 * <li>{@code spawn(name, body)}, {@code schedule(fiber)}: the reactor's thread only.
 *     {@code execute(Runnable)} ({@link java.util.concurrent.Executor}) and
 *     {@code execute(String name, SuspendableRunnable body)} may be called from any thread: the
 *     task (or a new fiber) runs on the reactor's thread at its next turn, woken through a read of
 *     an eventfd kept armed on the ring; never by polling. Everything else is confined to the
 *     reactor's thread.</li>
 * <li>{@code boolean cancel(Fiber)}: {@code IORING_OP_ASYNC_CANCEL} of the operation the fiber
 *     awaits, by its user_data (the record's pool index and a generation, so a stale cancel never
 *     hits a later operation); its {@code await()} then throws {@code ECANCELED} unless it completed
 *     first. {@code @Suspendable int cancelAll(int fd)}: every operation on a descriptor, returns how
 *     many. A cancelled operation is never reported as timed out.</li>
 * <li>Cookie jar: {@code Optional<Object> cookie()}, {@code <T> Optional<Object> cookieJar(T cookie,
 *     Consumer<? super T> destructor)} (returns the old cookie without destroying it),
 *     {@code boolean eatCookie()}; closing the reactor eats the current one.</li>
 * <li>Pinning: the ring serves one CPU the thread has affinity for (the one it runs on when its
 *     mask allows it); its io-wq workers are bound to it ({@code io_uring_register_iowq_aff}), and
 *     in {@code SQPOLL} mode so is the kernel's SQ thread ({@code IORING_SETUP_SQ_AFF}).
 *     {@code int cpu()} tells which.</li>
 * <li>{@code boolean supports(int opcode)}: from {@code IORING_REGISTER_PROBE}. At setup the
 *     reactor also checks the features it relies on ({@code IORING_FEAT_NODROP},
 *     {@code SUBMIT_STABLE}, {@code RW_CUR_POS}) and the opcodes it submits itself, and fails with
 *     a message naming what this kernel lacks.</li>
 * <li>Registered files: with a table ({@code registeredFiles() > 0}),
 *     {@code @Suspendable int registerFile(int fd)} installs a descriptor in a slot the kernel
 *     picks and {@code unregisterFile(int slot)} empties it; operations name the file with
 *     {@code sqeFlags(IOSQE_FIXED_FILE).fd(slot)}. The ring fd itself is registered, so each
 *     {@code io_uring_enter} (one per loop turn) skips the file table lookup.</li>
 * <li>Provided buffer rings: {@code BufferRing bufferRing(int count, int bufferSize)} registers
 *     {@code count} (a power of two) buffers under a free buffer group id
 *     ({@code IORING_REGISTER_PBUF_RING}); receives submitted with {@code IOSQE_BUFFER_SELECT}
 *     leave the choice of buffer to the kernel, {@code BufferRing.take(long cqe)} lends the one
 *     the CQE names as a {@code ProvidedBuffer} (a view of the bytes in place), whose
 *     {@code close()} gives it back (a release store of the ring's tail). {@code ENOBUFS} means
 *     all are out ({@code explain(UringException)} says so). Closing the ring, refused while an
 *     operation selects from it, unregisters it and frees its memory; closing the reactor does
 *     too.</li>
 * <li>Submission: operations that find the SQ full wait in FIFO order; before the loop waits for
 *     completions it hands full SQs to the kernel (with SQPOLL: {@code IORING_ENTER_SQ_WAIT}) until
 *     every waiting operation is in, since those in flight may need them to complete. Nothing caps
 *     operations in flight at the CQ's size: the kernel keeps CQEs that find it full
 *     ({@code IORING_FEAT_NODROP}).</li>
 * </ul>
 *
 * <h2>Configuration</h2>
 *
 * Each setting comes from a system property, else an environment variable, else its default:
 * <ul>
 * <li>{@code iou.ring.entries} / {@code IOU_RING_ENTRIES}: the SQ depth, 1 to 32768, default 256.</li>
 * <li>{@code iou.ring.mode} / {@code IOU_RING_MODE}: {@code taskrun} (default:
 *     {@code SINGLE_ISSUER|DEFER_TASKRUN|COOP_TASKRUN}, falling back to a plain ring on kernels
 *     before 6.1, see {@code fallbackReason()}), {@code sqpoll} ({@code SQPOLL|SQ_AFF|SINGLE_ISSUER},
 *     100 ms idle) or {@code plain} (no setup flags).</li>
 * <li>{@code iou.ring.files} / {@code IOU_RING_FILES}: the size of the sparse registered file
 *     table, default 0 (none).</li>
 * </ul>
 */
package io.ioucontext.reactor;
