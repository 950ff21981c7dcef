/*
 * The calibrated busy loop the trace workloads share (waker.c, hackbench.c, forkstorm.c):
 * calibrate() once, before forking, while the task is alone; then work(us) computes for about us
 * microseconds of CPU time as a fixed number of loop iterations, so the amount of work does not
 * depend on preemption and the loop makes no system call (a clock read per step would put a
 * sched_stat_runtime event in the trace each time).
 */
#ifndef TRACE_WORKLOADS_WORK_H
#define TRACE_WORKLOADS_WORK_H

#include <stdint.h>
#include <time.h>

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + t.tv_nsec;
}

static void spin(uint64_t n) {
    for (volatile uint64_t x = 0; x < n; x++) {}
}

/* Loop iterations per microsecond: the fastest of a few timed runs, so a run that was preempted does not count. */
static double per_us;

static void calibrate(void) {
    uint64_t n = 1000000, best = UINT64_MAX;
    for (int i = 0; i < 5; i++) {
        uint64_t t = now_ns();
        spin(n);
        t = now_ns() - t;
        if (t < best) best = t;
    }
    per_us = (double)n * 1000 / (best ? best : 1);
}

static void work(long us) {
    spin((uint64_t)(us * per_us));
}

#endif
