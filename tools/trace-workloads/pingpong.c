/*
 * A pipe ping-pong for trace import tests: the parent forks a child; they take turns over two
 * pipes ROUNDS times, each computing about WORK_US microseconds of CPU per turn, then the child
 * exits and the parent reaps it. Each wake-up is one task writing to the pipe the other waits on,
 * so a recording shows who woke whom (sched_waking from the writer's CPU).
 *
 *   gcc -O2 -Wall -o pingpong pingpong.c && ./pingpong [rounds] [work_us]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + t.tv_nsec;
}

/* Spins for about us microseconds of wall time (the task is alone on its CPU). */
static void work(long us) {
    uint64_t end = now_ns() + (uint64_t)us * 1000;
    volatile uint64_t x = 0;
    while (now_ns() < end) x++;
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 200;
    long work_us = argc > 2 ? atol(argv[2]) : 200;
    int ping[2], pong[2];
    if (pipe(ping) || pipe(pong)) return 1;
    char b = 'x';
    pid_t c = fork();
    if (c == 0) {
        for (int i = 0; i < rounds; i++) {
            if (read(ping[0], &b, 1) != 1) return 1;
            work(work_us);
            if (write(pong[1], &b, 1) != 1) return 1;
        }
        return 0;
    }
    for (int i = 0; i < rounds; i++) {
        work(work_us);
        if (write(ping[1], &b, 1) != 1) return 1;
        if (read(pong[0], &b, 1) != 1) return 1;
    }
    waitpid(c, NULL, 0);
    return 0;
}
