/*
 * A build-like fork storm for trace import tests: the parent starts CHILDREN short-lived
 * children, keeping at most PARALLEL of them alive (like make -j2): it forks until PARALLEL are
 * running, then waits for any one to exit and forks the next. Each child computes about WORK_US
 * microseconds of CPU time and exits (fork without exec, so every task keeps the name of the
 * program). A recording shows a steady stream of sched_process_fork, wake-up of a new task,
 * sched_process_exit and the parent being woken by each child's exit.
 *
 * work() runs a busy loop calibrated at start (in the parent) with clock_gettime, so the work
 * per child is CPU time that does not depend on preemption.
 *
 *   gcc -O2 -Wall -o forkstorm forkstorm.c && ./forkstorm [children] [work_us] [parallel]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "work.h"

int main(int argc, char **argv) {
    int children = argc > 1 ? atoi(argv[1]) : 1300;
    long work_us = argc > 2 ? atol(argv[2]) : 3000;
    int parallel = argc > 3 ? atoi(argv[3]) : 2;
    if (parallel < 1) return 1;
    calibrate();
    int started = 0, running = 0, bad = 0, st;
    while (started < children || running > 0) {
        if (started < children && running < parallel) {
            pid_t c = fork();
            if (c < 0) return 1;
            if (c == 0) {
                work(work_us);
                _exit(0);
            }
            started++;
            running++;
        } else {
            if (wait(&st) < 0) return 1;
            if (!WIFEXITED(st) || WEXITSTATUS(st)) bad = 1;
            running--;
        }
    }
    return bad;
}
