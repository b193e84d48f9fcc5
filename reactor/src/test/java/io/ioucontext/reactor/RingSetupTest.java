package io.ioucontext.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ClosesReactor.class)
class RingSetupTest {

    @Test
    void setsUpTheRequestedDepthWithThePreferredFlags() {
        Reactor reactor = Reactor.create(8);
        assertEquals(8, reactor.submissionQueueEntries());
        // kernel 6.18 takes SINGLE_ISSUER|DEFER_TASKRUN|COOP_TASKRUN
        assertTrue(reactor.fallbackReason().isEmpty(), () -> reactor.fallbackReason().orElseThrow());
    }

    @Test
    void roundsTheDepthUpToAPowerOfTwo() {
        assertEquals(16, Reactor.create(9).submissionQueueEntries());
    }

    @Test
    void isOnePerThreadAndCreatedOnFirstUse() throws Exception {
        Reactor reactor = Reactor.get();
        assertSame(reactor, Reactor.get());
        assertThrows(IllegalStateException.class, () -> Reactor.create(8));
        Reactor other = CompletableFuture.supplyAsync(() -> {
            try (Reactor own = Reactor.get()) {
                return own;
            }
        }).get();
        assertNotSame(reactor, other);
    }

    @Test
    void takesItsDepthFromTheSystemProperty() {
        System.setProperty(Reactor.ENTRIES_PROPERTY, "32");
        try {
            assertEquals(32, Reactor.get().submissionQueueEntries());
        } finally {
            System.clearProperty(Reactor.ENTRIES_PROPERTY);
        }
    }

    @Test
    void rejectsABadDepthNamingItsSource() {
        System.setProperty(Reactor.ENTRIES_PROPERTY, "lots");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Reactor::get);
            assertEquals("system property iou.ring.entries must be a number from 1 to 32768: lots", e.getMessage());
        } finally {
            System.clearProperty(Reactor.ENTRIES_PROPERTY);
        }
        assertThrows(IllegalArgumentException.class, () -> Reactor.create(0));
        assertThrows(IllegalArgumentException.class, () -> Reactor.create(65536));
    }

    @Test
    void refusesUseFromAnotherThread() throws Exception {
        Reactor reactor = Reactor.get();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> CompletableFuture.runAsync(reactor::completion).get());
        assertTrue(e.getCause() instanceof IllegalStateException, e.getCause().toString());
        assertTrue(e.getCause().getMessage().contains("used from thread"), e.getCause().getMessage());
    }

    @Test
    void fallsBackToAPlainRingWhenTheKernelRejectsTheFlags() throws Exception {
        // DEFER_TASKRUN without SINGLE_ISSUER is EINVAL on every kernel, as the flags are on old ones.
        try (Ring ring = Ring.open(8, IoUring.IORING_SETUP_DEFER_TASKRUN, true, 0)) {
            assertEquals(0, ring.setupFlags());
            assertEquals("DEFER_TASKRUN rejected with EINVAL (kernel older than 6.1?); using a ring without setup flags",
                    ring.fallbackReason().orElseThrow());
            assertEquals(8, ring.submissions().entries());
        }
        try (Ring ring = Ring.open(8, RingMode.TASKRUN, 0)) {
            assertEquals(RingMode.TASKRUN.setupFlags(), ring.setupFlags());
        }
    }

    @Test
    void explainsWhyIoUringIsUnavailable() {
        assertEquals("io_uring is disabled by the kernel: /proc/sys/kernel/io_uring_disabled is 2"
                + " (sysctl -w kernel.io_uring_disabled=0 enables it)", Ring.whyUnavailable(Errno.EPERM.number(), "2"));
        assertTrue(Ring.whyUnavailable(Errno.ENOSYS.number(), "").startsWith("this kernel has no io_uring"));
        assertTrue(Ring.whyUnavailable(Errno.EPERM.number(), "0").startsWith("io_uring is not permitted"));
        UringException e = new UringException("io_uring_queue_init_params(entries=8)", Errno.ENOSYS.number(),
                Ring.whyUnavailable(Errno.ENOSYS.number(), ""));
        assertEquals("io_uring_queue_init_params(entries=8): ENOSYS (Function not implemented); this kernel has no"
                + " io_uring (older than 5.1, or built without CONFIG_IO_URING)", e.getMessage());
    }

    @Test
    void namesTheFeaturesAKernelLacks() throws Exception {
        Ring.requireFeatures(IoUring.IORING_FEAT_NODROP | IoUring.IORING_FEAT_SUBMIT_STABLE | IoUring.IORING_FEAT_RW_CUR_POS);
        UringException e = assertThrows(UringException.class, () -> Ring.requireFeatures(IoUring.IORING_FEAT_NODROP
                | IoUring.IORING_FEAT_SUBMIT_STABLE));
        assertEquals("io_uring setup: ENOSYS (Function not implemented); this kernel's io_uring lacks"
                + " IORING_FEAT_RW_CUR_POS (Linux 5.6)", e.getMessage());
    }

    @Test
    void closeReleasesTheRingsFileDescriptor() throws Exception {
        long before = OpenFileDescriptors.count();
        Reactor reactor = Reactor.create(64);
        assertEquals(before + 2, OpenFileDescriptors.count(), "the ring and its wakeup eventfd");
        reactor.close();
        assertEquals(before, OpenFileDescriptors.count());
        assertThrows(IllegalStateException.class, reactor::completion);
        assertNotSame(reactor, Reactor.get());
    }
}
