/*
 * Weighted CPU hogs for trace import tests: the parent forks three children that set their nice
 * value (0, 5 and 10 by default) and then spin until a common wall-clock deadline SECONDS after
 * start; the parent sleeps in waitpid until all three exit. On 2 CPUs the three hogs compete, so
 * a recording shows how the CPU time is shared by weight (nice 0 : 5 : 10 is about 1024 : 335 :
 * 110) and how the hogs are placed and migrated.
 *
 *   gcc -O2 -Wall -o hogs_nice hogs_nice.c && ./hogs_nice [seconds] [nice1] [nice2] [nice3]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + t.tv_nsec;
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 2.0;
    int nices[3] = {0, 5, 10};
    for (int i = 0; i < 3; i++)
        if (argc > 2 + i) nices[i] = atoi(argv[2 + i]);
    uint64_t end = now_ns() + (uint64_t)(seconds * 1e9);
    pid_t c[3];
    for (int i = 0; i < 3; i++) {
        c[i] = fork();
        if (c[i] < 0) return 1;
        if (c[i] == 0) {
            if (setpriority(PRIO_PROCESS, 0, nices[i])) perror("setpriority");
            volatile uint64_t x = 0;
            while (now_ns() < end) x++;
            return 0;
        }
    }
    for (int i = 0; i < 3; i++) waitpid(c[i], NULL, 0);
    return 0;
}
