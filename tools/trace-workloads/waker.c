/*
 * A periodic task among CPU hogs for trace import tests: the parent forks HOGS children that spin
 * until a wall-clock deadline SECONDS after start, then itself wakes every PERIOD_US microseconds
 * on an absolute grid (clock_nanosleep TIMER_ABSTIME), computes about WORK_US microseconds of CPU
 * time and sleeps again, until the deadline; then it reaps the hogs. A recording shows timer
 * wake-ups (sched_waking from the timer interrupt, not from another task) and how quickly the
 * periodic task preempts a hog (wake-up latency).
 *
 * work() runs a busy loop calibrated at start with clock_gettime, so the amount of work per
 * period is CPU time that does not depend on how long the task waits behind a hog. (It does not
 * read CLOCK_THREAD_CPUTIME_ID in the loop: each such read emits a sched_stat_runtime event.)
 *
 *   gcc -O2 -Wall -o waker waker.c && ./waker [seconds] [period_us] [work_us] [hogs]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "work.h"

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 2.0;
    long period_us = argc > 2 ? atol(argv[2]) : 10000;
    long work_us = argc > 3 ? atol(argv[3]) : 1000;
    int hogs = argc > 4 ? atoi(argv[4]) : 2;
    if (hogs < 0 || hogs > 64 || period_us <= 0) return 1;
    calibrate();
    uint64_t start = now_ns();
    uint64_t end = start + (uint64_t)(seconds * 1e9);
    pid_t c[64];
    for (int i = 0; i < hogs; i++) {
        c[i] = fork();
        if (c[i] < 0) return 1;
        if (c[i] == 0) {
            volatile uint64_t x = 0;
            while (now_ns() < end) x++;
            return 0;
        }
    }
    for (uint64_t t = start + (uint64_t)period_us * 1000; t < end; t += (uint64_t)period_us * 1000) {
        struct timespec ts = {(time_t)(t / 1000000000ull), (long)(t % 1000000000ull)};
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL)) {}
        work(work_us);
    }
    for (int i = 0; i < hogs; i++) waitpid(c[i], NULL, 0);
    return 0;
}
