/*
 * A periodic task among CPU hogs on a 2-CPU machine: its wake-up latency, CPU shares,
 * migrations and switches. Two pure CPU hogs (unpinned) plus one periodic task that every
 * 10 ms wakes (clock_nanosleep TIMER_ABSTIME on CLOCK_MONOTONIC, intended times
 * t0 + k x 10 ms), computes 1 ms of CPU time (measured with CLOCK_THREAD_CPUTIME_ID, so
 * preemption does not shorten it), and sleeps again. Modes:
 *   alone  the periodic task without hogs (baseline: timer + idle-vCPU wake-up cost only)
 *   free   2 hogs + the periodic task, nobody pinned
 *   pin0   2 hogs unpinned, the periodic task pinned to CPU 0
 * Expected shares: periodic 0.1 (1 ms per 10 ms), hogs (2 - 0.1) / 2 = 0.95 each.
 * The parent reads /proc/<pid>/sched of the three tasks at the start and the end of the window,
 * while they still run (se.sum_exec_runtime, se.nr_migrations, nr_switches,
 * nr_voluntary_switches, nr_involuntary_switches). The periodic task records, per wake-up:
 * latency = actual wake time (clock_gettime right after clock_nanosleep returns) - intended
 * time; response = end of its 1 ms of CPU - intended time; the CPU it woke on.
 * The timer slack is the default one of the process (50 us for SCHED_OTHER) unless a third
 * argument gives another (in ns, prctl PR_SET_TIMERSLACK); the hrtimer may expire up to the
 * slack late, and that is part of the latency.
 *
 *   gcc -O2 -Wall -o smp_waker smp_waker.c && ./smp_waker [seconds] [alone|free|pin0|all] [slack_ns]
 *
 * Output: key=value lines per task ("mode=free task=periodic share=... migrations=..."), and
 * per mode the latency distribution in us (mean, p50, p90, p99, max), the response-time one,
 * the wake-ups that found the task on another CPU than the last one, and check lines.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PERIOD_NS 10000000ull
#define WORK_NS 1000000ull
#define MAXW 10000

struct shared {
    volatile int go, stop, ready[3];
    volatile uint64_t t0;
    long n;
    double lat_us[MAXW], resp_us[MAXW];
    int cpu[MAXW];
};
struct schedv { double exec_ms; long migr, sw, vol, invol; };

static uint64_t ts_ns(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + t.tv_nsec;
}

static int read_sched(pid_t pid, struct schedv *v) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/sched", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    memset(v, 0, sizeof *v);
    while (fgets(line, sizeof line, f)) {
        char *c = strchr(line, ':');
        if (!c) continue;
        double x = atof(c + 1);
        if (!strncmp(line, "se.sum_exec_runtime ", 20)) v->exec_ms = x;
        else if (!strncmp(line, "se.nr_migrations ", 17)) v->migr = (long)x;
        else if (!strncmp(line, "nr_switches ", 12)) v->sw = (long)x;
        else if (!strncmp(line, "nr_voluntary_switches ", 22)) v->vol = (long)x;
        else if (!strncmp(line, "nr_involuntary_switches ", 24)) v->invol = (long)x;
    }
    fclose(f);
    return 0;
}

static int cmpd(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void pin_to(int cpu) {
    cpu_set_t s;
    CPU_ZERO(&s);
    CPU_SET(cpu, &s);
    if (sched_setaffinity(0, sizeof s, &s)) { perror("sched_setaffinity"); _exit(1); }
}

static void hog(struct shared *sh, int i) {
    sh->ready[i] = 1;
    while (!sh->go) usleep(1000);
    volatile uint64_t x = 1;
    while (!sh->stop) for (int k = 0; k < 64; k++) x = x * 6364136223846793005ull + 1;
    for (;;) pause();
}

static void periodic(struct shared *sh, int pin, long slack) {
    if (pin >= 0) pin_to(pin);
    if (slack > 0 && prctl(PR_SET_TIMERSLACK, slack)) { perror("prctl"); _exit(1); }
    sh->ready[2] = 1;
    while (!sh->go) usleep(1000);
    uint64_t next = sh->t0;
    volatile uint64_t x = 1;
    while (!sh->stop && sh->n < MAXW) {
        next += PERIOD_NS;
        struct timespec ts = {next / 1000000000ull, next % 1000000000ull};
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL)) ;
        uint64_t woke = ts_ns(CLOCK_MONOTONIC);
        int c = sched_getcpu();
        uint64_t c0 = ts_ns(CLOCK_THREAD_CPUTIME_ID);
        while (ts_ns(CLOCK_THREAD_CPUTIME_ID) - c0 < WORK_NS)
            for (int k = 0; k < 256; k++) x = x * 6364136223846793005ull + 1;
        uint64_t done = ts_ns(CLOCK_MONOTONIC);
        sh->lat_us[sh->n] = ((double)woke - (double)next) / 1e3;
        sh->resp_us[sh->n] = ((double)done - (double)next) / 1e3;
        sh->cpu[sh->n] = c;
        sh->n++;
    }
    for (;;) pause();
}

static void dist(const char *mode, const char *what, double *v, long n) {
    double sum = 0;
    for (long i = 0; i < n; i++) sum += v[i];
    qsort(v, n, sizeof *v, cmpd);
    printf("mode=%s %s_us n=%ld mean=%.1f p50=%.1f p90=%.1f p99=%.1f max=%.1f min=%.1f\n", mode, what, n,
           n ? sum / n : 0, n ? v[n / 2] : 0, n ? v[n * 9 / 10] : 0, n ? v[n * 99 / 100] : 0, n ? v[n - 1] : 0,
           n ? v[0] : 0);
}

static void run_mode(const char *mode, double secs, long slack) {
    int nhog = strcmp(mode, "alone") ? 2 : 0, pin = strcmp(mode, "pin0") ? -1 : 0;
    struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED) { perror("mmap"); exit(1); }
    memset(sh, 0, sizeof *sh);
    pid_t pid[3] = {0, 0, 0};
    const char *names[3] = {"hog0", "hog1", "periodic"};
    for (int i = 0; i < 3; i++) {
        if (i < 2 && i >= nhog) continue;
        pid[i] = fork();
        if (pid[i] < 0) { perror("fork"); exit(1); }
        if (pid[i] == 0) {
            if (i < 2) hog(sh, i); else periodic(sh, pin, slack);
        }
    }
    for (int i = 0; i < 3; i++) while (pid[i] && !sh->ready[i]) usleep(1000);
    sh->t0 = ts_ns(CLOCK_MONOTONIC) + 50000000ull; /* first wake-up 60 ms from now */
    sh->go = 1;
    usleep(50000);
    struct schedv a[3], b[3];
    for (int i = 0; i < 3; i++) if (pid[i]) read_sched(pid[i], &a[i]);
    uint64_t w0 = ts_ns(CLOCK_MONOTONIC);
    usleep((useconds_t)(secs * 1e6));
    uint64_t w1 = ts_ns(CLOCK_MONOTONIC);
    for (int i = 0; i < 3; i++) if (pid[i]) read_sched(pid[i], &b[i]);
    sh->stop = 1;
    usleep(30000);
    double wall = (w1 - w0) / 1e9, share[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        if (!pid[i]) continue;
        share[i] = (b[i].exec_ms - a[i].exec_ms) / (wall * 1000);
        printf("mode=%s task=%s pin=%s share=%.3f migrations=%ld migr_per_s=%.1f switches=%ld vol=%ld invol=%ld\n",
               mode, names[i], (i == 2 && pin >= 0) ? "0" : "any", share[i], b[i].migr - a[i].migr,
               (b[i].migr - a[i].migr) / wall, b[i].sw - a[i].sw, b[i].vol - a[i].vol, b[i].invol - a[i].invol);
    }
    long n = sh->n, moved = 0, on0 = 0, late1ms = 0;
    for (long i = 0; i < n; i++) {
        if (i && sh->cpu[i] != sh->cpu[i - 1]) moved++;
        if (sh->cpu[i] == 0) on0++;
        if (sh->lat_us[i] > 1000) late1ms++;
    }
    printf("mode=%s periodic_wakeups=%ld woke_on_other_cpu_than_last=%ld woke_on_cpu0=%ld latency_over_1ms=%ld "
           "timerslack_ns=%d\n", mode, n, moved, on0, late1ms, slack > 0 ? (int)slack : 50000);
    dist(mode, "latency", sh->lat_us, n);
    dist(mode, "response", sh->resp_us, n);
    printf("check mode=%s periodic_share_near_0.1=%s all_wakeups_done=%s\n", mode,
           (share[2] > 0.09 && share[2] < 0.12) ? "yes" : "NO", n >= (long)(secs * 100) ? "yes" : "NO");
    for (int i = 0; i < 3; i++) if (pid[i]) { kill(pid[i], SIGKILL); waitpid(pid[i], NULL, 0); }
    munmap(sh, sizeof *sh);
}

int main(int argc, char **argv) {
    double secs = argc > 1 ? atof(argv[1]) : 5.0;
    const char *m = argc > 2 ? argv[2] : "all";
    long slack = argc > 3 ? atol(argv[3]) : 0;
    printf("secs=%.1f ncpu=%ld\n", secs, sysconf(_SC_NPROCESSORS_ONLN));
    if (!strcmp(m, "all") || !strcmp(m, "alone")) run_mode("alone", secs, slack);
    if (!strcmp(m, "all") || !strcmp(m, "free")) run_mode("free", secs, slack);
    if (!strcmp(m, "all") || !strcmp(m, "pin0")) run_mode("pin0", secs, slack);
    return 0;
}
