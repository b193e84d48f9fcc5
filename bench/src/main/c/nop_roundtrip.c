/*
 * nop_roundtrip [OPS] [ROUNDS]: the C baseline of NopRoundTripBench. Submits OPS IORING_OP_NOPs in
 * batches of 1 and of 32 (prepare the batch, io_uring_submit_and_wait for all of it, reap), and
 * prints, per batch size, the median, minimum and maximum ns per NOP over ROUNDS measured rounds
 * after one warm-up round: "nop_batch1 MEDIAN MIN MAX".
 */
#include "ring_setup.h"

static void run_batches(struct io_uring *ring, long ops, unsigned batch)
{
    for (long done = 0; done < ops; done += batch) {
        for (unsigned i = 0; i < batch; i++) {
            struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
            io_uring_prep_nop(sqe);
            io_uring_sqe_set_data64(sqe, i);
        }
        int rc = io_uring_submit_and_wait(ring, batch);
        if (rc < 0) {
            fprintf(stderr, "io_uring_submit_and_wait: %s\n", strerror(-rc));
            exit(1);
        }
        unsigned head, seen = 0;
        struct io_uring_cqe *cqe;
        io_uring_for_each_cqe(ring, head, cqe) {
            if (cqe->res < 0) {
                fprintf(stderr, "nop: %s\n", strerror(-cqe->res));
                exit(1);
            }
            seen++;
        }
        io_uring_cq_advance(ring, seen);
        if (seen != batch) {
            fprintf(stderr, "nop: reaped %u of %u\n", seen, batch);
            exit(1);
        }
    }
}

int main(int argc, char **argv)
{
    long ops = argc > 1 ? atol(argv[1]) : 1000000;
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    if (ops < 32 || rounds < 1 || rounds > 100) {
        fprintf(stderr, "usage: nop_roundtrip [OPS >= 32] [ROUNDS 1-100]\n");
        return 2;
    }
    ops -= ops % 32;
    struct io_uring ring;
    bench_ring_setup(&ring, 256);
    static const unsigned batches[] = {1, 32};
    for (int b = 0; b < 2; b++) {
        double samples[100];
        run_batches(&ring, ops, batches[b]);  /* warm-up */
        for (int r = 0; r < rounds; r++) {
            long long start = bench_now_ns();
            run_batches(&ring, ops, batches[b]);
            samples[r] = (double) (bench_now_ns() - start) / ops;
        }
        char name[32];
        snprintf(name, sizeof name, "nop_batch%u", batches[b]);
        bench_report(name, samples, rounds);
    }
    io_uring_queue_exit(&ring);
    return 0;
}
