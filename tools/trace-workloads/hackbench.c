/*
 * A hackbench-like messaging group for trace import tests: the parent creates one pipe per
 * receiver and forks RECEIVERS receivers and SENDERS senders. Each sender writes MSGS messages
 * of MSG_SIZE bytes to every receiver (round robin over receivers), the senders sharing each
 * pipe; MSG_SIZE is at most PIPE_BUF so each write is atomic and messages never interleave. Each
 * receiver reads whole messages until it has SENDERS * MSGS of them, computing about WORK_US
 * microseconds of CPU time per message. The parent closes its pipe ends and reaps all children.
 * A recording shows many short sleeps and cross-CPU wake-ups between the two groups (a receiver
 * sleeps on an empty pipe, a sender on a full one).
 *
 * work() runs a busy loop calibrated at start with clock_gettime, so the work per message is CPU
 * time that does not depend on preemption.
 *
 *   gcc -O2 -Wall -o hackbench hackbench.c && ./hackbench [msgs] [work_us] [senders] [receivers] [msg_size]
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXR 16

#include "work.h"

int main(int argc, char **argv) {
    int msgs = argc > 1 ? atoi(argv[1]) : 30000;
    long work_us = argc > 2 ? atol(argv[2]) : 20;
    int senders = argc > 3 ? atoi(argv[3]) : 2;
    int receivers = argc > 4 ? atoi(argv[4]) : 2;
    int size = argc > 5 ? atoi(argv[5]) : 100;
    if (msgs < 0 || senders < 1 || receivers < 1 || receivers > MAXR || size < 1 || size > PIPE_BUF)
        return 1;
    calibrate();
    int p[MAXR][2];
    pid_t c[64];
    int n = 0;
    char buf[PIPE_BUF];
    memset(buf, 'm', sizeof buf);
    for (int r = 0; r < receivers; r++)
        if (pipe(p[r])) return 1;
    for (int r = 0; r < receivers && n < 64; r++) {
        if ((c[n++] = fork()) == 0) {
            for (int k = 0; k < receivers; k++) {
                close(p[k][1]);
                if (k != r) close(p[k][0]);
            }
            long want = (long)senders * msgs;
            for (long got = 0; got < want; got++) {
                /* Writes are atomic but a read may still return part of a message. */
                for (int off = 0; off < size;) {
                    ssize_t k = read(p[r][0], buf + off, size - off);
                    if (k <= 0) return 1;
                    off += k;
                }
                work(work_us);
            }
            return 0;
        }
    }
    for (int s = 0; s < senders && n < 64; s++) {
        if ((c[n++] = fork()) == 0) {
            for (int k = 0; k < receivers; k++) close(p[k][0]);
            for (int i = 0; i < msgs; i++)
                for (int r = 0; r < receivers; r++)
                    if (write(p[r][1], buf, size) != size) return 1;
            return 0;
        }
    }
    for (int r = 0; r < receivers; r++) {
        close(p[r][0]);
        close(p[r][1]);
    }
    int bad = 0, st;
    for (int i = 0; i < n; i++)
        if (waitpid(c[i], &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) bad = 1;
    return bad;
}
