/*
 * The ring both C baselines use, set up like the reactor's default (RingMode.TASKRUN):
 * SINGLE_ISSUER|DEFER_TASKRUN|COOP_TASKRUN with the ring fd registered, falling back to a plain ring
 * on kernels that refuse those flags (as the reactor does). liburing 2.3.
 */
#ifndef IOUCONTEXT_BENCH_RING_SETUP_H
#define IOUCONTEXT_BENCH_RING_SETUP_H

#include <liburing.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline void bench_ring_setup(struct io_uring *ring, unsigned entries)
{
    unsigned flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_COOP_TASKRUN;
    int rc = io_uring_queue_init(entries, ring, flags);
    if (rc == -EINVAL) {
        rc = io_uring_queue_init(entries, ring, 0);
    }
    if (rc < 0) {
        fprintf(stderr, "io_uring_queue_init: %s\n", strerror(-rc));
        exit(1);
    }
    rc = io_uring_register_ring_fd(ring);
    if (rc < 0) {
        fprintf(stderr, "io_uring_register_ring_fd: %s\n", strerror(-rc));
        exit(1);
    }
}

static inline long long bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int bench_compare_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

/* Sorts the samples and prints "NAME median min max" in ns per operation. */
static inline void bench_report(const char *name, double *samples, int count)
{
    qsort(samples, count, sizeof *samples, bench_compare_double);
    printf("%s %.2f %.2f %.2f\n", name, samples[count / 2], samples[0], samples[count - 1]);
}

#endif
