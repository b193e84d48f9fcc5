/*
 * tcp_echo [ROUNDS] [REPEATS]: the C baseline of TcpEchoBench. One thread, one ring, a client and a
 * server connected over 127.0.0.1 (TCP_NODELAY on both): the client sends a 64-byte message and
 * receives all of it back, the server receives the message and sends it back. The loop is the
 * reactor's: prepare what the completions made possible, io_uring_submit_and_wait(1), reap every
 * CQE. Prints the median, minimum and maximum ns per round trip over REPEATS measured runs of
 * ROUNDS round trips after one warm-up run: "tcp_echo64 MEDIAN MIN MAX".
 */
#include "ring_setup.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#define MESSAGE 64

enum { CLIENT_SEND, CLIENT_RECV, SERVER_RECV, SERVER_SEND };

/* One side of the conversation: its socket, buffer and how much of the message has moved. */
struct side {
    int fd;
    char buffer[MESSAGE];
    int done;
};

static void fail(const char *what)
{
    perror(what);
    exit(1);
}

static void prep(struct io_uring *ring, int kind, struct side *side)
{
    struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
    if (kind == CLIENT_SEND || kind == SERVER_SEND) {
        io_uring_prep_send(sqe, side->fd, side->buffer + side->done, MESSAGE - side->done, MSG_NOSIGNAL);
    } else {
        io_uring_prep_recv(sqe, side->fd, side->buffer + side->done, MESSAGE - side->done, 0);
    }
    io_uring_sqe_set_data64(sqe, kind);
}

static void connect_pair(int *client, int *server)
{
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t length = sizeof address;
    if (listener < 0 || bind(listener, (struct sockaddr *) &address, sizeof address) < 0
            || listen(listener, 1) < 0 || getsockname(listener, (struct sockaddr *) &address, &length) < 0) {
        fail("listen on 127.0.0.1");
    }
    *client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (*client < 0 || connect(*client, (struct sockaddr *) &address, sizeof address) < 0) {
        fail("connect");
    }
    *server = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
    if (*server < 0) {
        fail("accept");
    }
    close(listener);
    int one = 1;
    setsockopt(*client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(*server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

static void echo(struct io_uring *ring, struct side *client, struct side *server, long rounds)
{
    long finished = 0;
    client->done = server->done = 0;
    prep(ring, SERVER_RECV, server);
    prep(ring, CLIENT_SEND, client);
    while (finished < rounds) {
        int rc = io_uring_submit_and_wait(ring, 1);
        if (rc < 0) {
            fprintf(stderr, "io_uring_submit_and_wait: %s\n", strerror(-rc));
            exit(1);
        }
        unsigned head, seen = 0;
        struct io_uring_cqe *cqe;
        io_uring_for_each_cqe(ring, head, cqe) {
            seen++;
            int kind = (int) cqe->user_data;
            struct side *side = kind == CLIENT_SEND || kind == CLIENT_RECV ? client : server;
            if (cqe->res <= 0) {
                fprintf(stderr, "%s: %s\n", kind == CLIENT_SEND || kind == SERVER_SEND ? "send" : "recv",
                        cqe->res == 0 ? "end of stream" : strerror(-cqe->res));
                exit(1);
            }
            side->done += cqe->res;
            if (side->done < MESSAGE) {
                prep(ring, kind, side);  /* short send or receive: move the rest */
                continue;
            }
            side->done = 0;
            switch (kind) {
            case CLIENT_SEND: prep(ring, CLIENT_RECV, client); break;
            case SERVER_RECV: prep(ring, SERVER_SEND, server); break;
            case SERVER_SEND: prep(ring, SERVER_RECV, server); break;
            case CLIENT_RECV:
                if (++finished < rounds) {
                    prep(ring, CLIENT_SEND, client);
                }
                break;
            }
        }
        io_uring_cq_advance(ring, seen);
    }
    /* The server's last receive is still in flight: cancel it so that the next run starts clean. */
    io_uring_prep_cancel_fd(io_uring_get_sqe(ring), server->fd, 0);
    io_uring_submit_and_wait(ring, 2);
    unsigned head, seen = 0;
    struct io_uring_cqe *cqe;
    io_uring_for_each_cqe(ring, head, cqe) {
        seen++;
    }
    io_uring_cq_advance(ring, seen);
}

int main(int argc, char **argv)
{
    long rounds = argc > 1 ? atol(argv[1]) : 200000;
    int repeats = argc > 2 ? atoi(argv[2]) : 5;
    if (rounds < 1 || repeats < 1 || repeats > 100) {
        fprintf(stderr, "usage: tcp_echo [ROUNDS >= 1] [REPEATS 1-100]\n");
        return 2;
    }
    static struct side client, server;
    connect_pair(&client.fd, &server.fd);
    memset(client.buffer, 'x', MESSAGE);
    struct io_uring ring;
    bench_ring_setup(&ring, 256);
    double samples[100];
    echo(&ring, &client, &server, rounds);  /* warm-up */
    for (int r = 0; r < repeats; r++) {
        long long start = bench_now_ns();
        echo(&ring, &client, &server, rounds);
        samples[r] = (double) (bench_now_ns() - start) / rounds;
    }
    bench_report("tcp_echo64", samples, repeats);
    io_uring_queue_exit(&ring);
    close(client.fd);
    close(server.fd);
    return 0;
}
