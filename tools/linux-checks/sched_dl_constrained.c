/*
 * SCHED_DEADLINE with deadline < period (constrained tasks): the two wake-up rules Linux applies
 * to them, measured on the running kernel (needs root or CAP_SYS_NICE, and a kernel that lets
 * this process use SCHED_DEADLINE).
 *
 * (a) Revised wake-up rule (Linux 4.13, commit 3effcb4247e7, kernel/sched/deadline.c
 *     update_dl_revised_wakeup): runtime 5 ms, deadline 7 ms, period 1000 ms. The task computes
 *     1 ms, sleeps 1 ms and then computes until it is throttled. Waking at about 2 ms with 4 ms
 *     left and 5 ms to its deadline, its density 4/5 exceeds 5/7: the original CBS would give it
 *     a new deadline and a full 5 ms; the revised rule keeps the deadline and cuts the runtime to
 *     5/7 x (deadline - now), about 3.57 ms. Printed: the CPU time it gets after waking before
 *     the throttle (a gap in wall time), against both predictions.
 * (b) Throttle until the next period (Linux 4.11, dl_check_constrained_dl): runtime 2 ms,
 *     deadline 5 ms, period 100 ms. It computes 1 ms and sleeps 5 ms: it wakes at about 6 ms,
 *     after its deadline but before its next period (100 ms). Linux throttles it until 100 ms
 *     (its sleep returns then), then it has 2 ms; the original CBS would run it at once with a
 *     new deadline.
 *
 * Build and run: gcc -O2 -o /tmp/sched_dl_constrained sched_dl_constrained.c && /tmp/sched_dl_constrained
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SCHED_DEADLINE
#define SCHED_DEADLINE 6
#endif

struct dl_attr { /* struct sched_attr, as in include/uapi/linux/sched/types.h */
    uint32_t size, sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime, sched_deadline, sched_period;
};

static double ms_of(clockid_t clk) {
    struct timespec ts;
    clock_gettime(clk, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int set_deadline(double runtime_ms, double deadline_ms, double period_ms) {
    struct dl_attr a;
    memset(&a, 0, sizeof a);
    a.size = sizeof a;
    a.sched_policy = SCHED_DEADLINE;
    a.sched_runtime = (uint64_t) (runtime_ms * 1e6);
    a.sched_deadline = (uint64_t) (deadline_ms * 1e6);
    a.sched_period = (uint64_t) (period_ms * 1e6);
    return (int) syscall(SYS_sched_setattr, 0, &a, 0);
}

static void spin_cpu(double ms) {
    double end = ms_of(CLOCK_THREAD_CPUTIME_ID) + ms;
    while (ms_of(CLOCK_THREAD_CPUTIME_ID) < end) {}
}

static void nap_ms(double ms) {
    struct timespec ts = {(time_t) (ms / 1e3), (long) ((ms - (time_t) (ms / 1e3) * 1e3) * 1e6)};
    clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
}

/* Computes until the wall clock jumps by more than gap_ms (throttled); returns the CPU ms used before. */
static double cpu_until_throttled(double gap_ms, double limit_ms) {
    double c0 = ms_of(CLOCK_THREAD_CPUTIME_ID), last = ms_of(CLOCK_MONOTONIC), end = last + limit_ms;
    double lastCpu = c0;
    for (;;) {
        double w = ms_of(CLOCK_MONOTONIC), c = ms_of(CLOCK_THREAD_CPUTIME_ID);
        if (w - last > gap_ms) return lastCpu - c0;
        if (w > end) return -1;
        last = w;
        lastCpu = c;
    }
}

static void revised(int trial) {
    if (set_deadline(5, 7, 1000) != 0) {
        printf("(a) sched_setattr: %s\n", strerror(errno));
        exit(2);
    }
    double t0 = ms_of(CLOCK_MONOTONIC);
    spin_cpu(1);
    nap_ms(1);
    double woke = ms_of(CLOCK_MONOTONIC) - t0;
    double got = cpu_until_throttled(20, 900);
    printf("(a) trial %d: woke at %.3f ms; CPU after waking until throttled %.3f ms "
           "(revised rule 5/7 x (7 - %.3f) = %.3f ms; original CBS 5.000 ms)\n",
           trial, woke, got, woke, 5.0 / 7.0 * (7 - woke));
}

static void after_deadline(int trial) {
    if (set_deadline(2, 5, 100) != 0) {
        printf("(b) sched_setattr: %s\n", strerror(errno));
        exit(2);
    }
    double t0 = ms_of(CLOCK_MONOTONIC);
    spin_cpu(1);
    double slept = ms_of(CLOCK_MONOTONIC) - t0;
    nap_ms(5);
    double back = ms_of(CLOCK_MONOTONIC) - t0;
    double got = cpu_until_throttled(20, 90);
    printf("(b) trial %d: slept at %.3f ms for 5 ms (timer at %.3f ms, deadline 5 ms); running again at %.3f ms "
           "(dl_check_constrained_dl: the next period, 100 ms; original CBS: at once); then %.3f ms of CPU before the next throttle (2 ms)\n",
           trial, slept, slept + 5, back, got);
}

static void in_child(void (*f)(int), int trial) {
    pid_t p = fork();
    if (p == 0) {
        f(trial);
        fflush(stdout);
        _exit(0);
    }
    int st;
    waitpid(p, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) exit(1);
}

int main(void) {
    struct utsname u;
    uname(&u);
    setvbuf(stdout, NULL, _IOLBF, 0); /* a line at a time: nothing left in the buffer to copy at fork */
    printf("kernel %s %s, %ld CPUs online\n", u.release, u.version, sysconf(_SC_NPROCESSORS_ONLN));
    for (int i = 1; i <= 5; i++) in_child(revised, i);
    for (int i = 1; i <= 5; i++) in_child(after_deadline, i);
    return 0;
}
