/*
 * CPU shares, migrations and context switches of 3 pure CPU hogs on a 2-CPU machine, under
 * three affinity layouts (each runs for a fixed wall time, default 5 s):
 *   A: 3 hogs, all unpinned          fair share by EEVDF + load balancing: 2/3 CPU each
 *   B: hogs 0,1 pinned to CPU 0, hog 2 unpinned     expected 0.5, 0.5, 1.0 (hog 2 alone on CPU 1)
 *   C: hog 0 pinned to CPU 1, hogs 1,2 unpinned     fair would be 2/3 each; 1.0/0.5/0.5 if the
 *      balancer just parks the two free hogs on CPU 0
 * The parent reads /proc/<pid>/sched of every hog at the start and the end of the window (while
 * the hogs still spin) and prints the deltas: se.sum_exec_runtime / wall = CPU share,
 * se.nr_migrations, nr_switches, nr_voluntary_switches, nr_involuntary_switches.
 * Each hog also watches itself: it calls clock_gettime + sched_getcpu in its loop, so a jump of
 * more than 50 us between two iterations is a period off the CPU (a "gap"; timer ticks and
 * other short interrupts are below that). From this it prints its time seen on each CPU, the
 * CPU changes it saw, and the length of its uninterrupted runs (p50/mean, ms) = the effective
 * time slice. Also printed: steal time per CPU from /proc/stat (hypervisor), which lowers
 * shares below the ideal.
 *
 *   gcc -O2 -Wall -o smp_hogs smp_hogs.c && ./smp_hogs [seconds] [A|B|C|ABC]
 *
 * Output: key=value lines, one per hog ("case=A hog=0 pin=any share=0.667 ..."), one per case
 * ("case=A total_share=... steal_ms_cpu0=..."), and check lines comparing with the expectation.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NHOG 3
#define GAP_NS 50000
#define MAXSLICE 20000

struct hogstat {
    volatile int ready;
    double on_ms[2], off_ms;
    long gaps, cpu_changes, iters, nslice;
    float slice_ms[MAXSLICE];
};
struct shared {
    volatile int go, stop;
    struct hogstat h[NHOG];
};

struct schedv { double exec_ms; long migr, sw, vol, invol; };

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
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

/* steal ticks (USER_HZ) of cpu0 and cpu1 from /proc/stat */
static void read_steal(long st[2]) {
    FILE *f = fopen("/proc/stat", "r");
    char line[512];
    while (f && fgets(line, sizeof line, f)) {
        int cpu;
        long v[8];
        if (sscanf(line, "cpu%d %ld %ld %ld %ld %ld %ld %ld %ld", &cpu, &v[0], &v[1], &v[2], &v[3], &v[4],
                   &v[5], &v[6], &v[7]) == 9 && cpu >= 0 && cpu < 2)
            st[cpu] = v[7];
    }
    if (f) fclose(f);
}

static int cmpf(const void *a, const void *b) {
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

static void hog(struct shared *sh, int i, int pin) {
    if (pin >= 0) {
        cpu_set_t s;
        CPU_ZERO(&s);
        CPU_SET(pin, &s);
        if (sched_setaffinity(0, sizeof s, &s)) { perror("sched_setaffinity"); _exit(1); }
    }
    struct hogstat *h = &sh->h[i];
    h->ready = 1;
    while (!sh->go) ;
    uint64_t last = now_ns(), slice_start = last;
    int lastcpu = sched_getcpu();
    volatile uint64_t x = 1;
    while (!sh->stop) {
        for (int k = 0; k < 32; k++) x = x * 6364136223846793005ull + 1442695040888963407ull;
        uint64_t t = now_ns();
        int c = sched_getcpu();
        uint64_t d = t - last;
        if (d > GAP_NS) {
            h->gaps++;
            h->off_ms += d / 1e6;
            if (h->nslice < MAXSLICE) h->slice_ms[h->nslice++] = (last - slice_start) / 1e6;
            slice_start = t;
        } else if (c >= 0 && c < 2) {
            h->on_ms[c] += d / 1e6;
        }
        if (c != lastcpu) h->cpu_changes++;
        last = t;
        lastcpu = c;
        h->iters++;
    }
    for (;;) pause();
}

/* runs one case; pins[i] = CPU or -1; expect[i] = expected share (printed for comparison) */
static void run_case(const char *name, const int pins[NHOG], const double expect[NHOG], double secs) {
    struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED) { perror("mmap"); exit(1); }
    memset(sh, 0, sizeof *sh);
    pid_t pid[NHOG];
    for (int i = 0; i < NHOG; i++) {
        pid[i] = fork();
        if (pid[i] < 0) { perror("fork"); exit(1); }
        if (pid[i] == 0) hog(sh, i, pins[i]);
    }
    for (int i = 0; i < NHOG; i++) while (!sh->h[i].ready) usleep(1000);
    struct schedv a[NHOG], b[NHOG];
    long st0[2] = {0, 0}, st1[2] = {0, 0};
    sh->go = 1;
    usleep(100000); /* let the balancer settle the first placement: 100 ms not measured */
    for (int i = 0; i < NHOG; i++) read_sched(pid[i], &a[i]);
    read_steal(st0);
    uint64_t t0 = now_ns();
    usleep((useconds_t)(secs * 1e6));
    uint64_t t1 = now_ns();
    for (int i = 0; i < NHOG; i++) read_sched(pid[i], &b[i]);
    read_steal(st1);
    sh->stop = 1;
    usleep(20000);
    double wall_ms = (t1 - t0) / 1e6, total = 0;
    long tick_ms = 1000 / sysconf(_SC_CLK_TCK);
    int ok = 1;
    for (int i = 0; i < NHOG; i++) {
        struct hogstat *h = &sh->h[i];
        double share = (b[i].exec_ms - a[i].exec_ms) / wall_ms;
        total += share;
        qsort(h->slice_ms, h->nslice, sizeof(float), cmpf);
        double smean = 0;
        for (long k = 0; k < h->nslice; k++) smean += h->slice_ms[k];
        if (h->nslice) smean /= h->nslice;
        char pin[16];
        if (pins[i] < 0) strcpy(pin, "any"); else snprintf(pin, sizeof pin, "%d", pins[i]);
        printf("case=%s hog=%d pin=%s share=%.3f expect=%.3f migrations=%ld migr_per_s=%.1f switches=%ld vol=%ld "
               "invol=%ld switches_per_s=%.1f self_on_cpu0_ms=%.0f self_on_cpu1_ms=%.0f self_cpu_changes=%ld "
               "self_gaps=%ld slice_p50_ms=%.2f slice_mean_ms=%.2f slice_p90_ms=%.2f\n",
               name, i, pin, share, expect[i], b[i].migr - a[i].migr, (b[i].migr - a[i].migr) / (wall_ms / 1000),
               b[i].sw - a[i].sw, b[i].vol - a[i].vol, b[i].invol - a[i].invol,
               (b[i].sw - a[i].sw) / (wall_ms / 1000), h->on_ms[0], h->on_ms[1], h->cpu_changes, h->gaps,
               h->nslice ? h->slice_ms[h->nslice / 2] : 0, smean, h->nslice ? h->slice_ms[h->nslice * 9 / 10] : 0);
        if (share < expect[i] - 0.1 || share > expect[i] + 0.1) ok = 0;
    }
    printf("case=%s wall_ms=%.1f total_share=%.3f steal_ms_cpu0=%ld steal_ms_cpu1=%ld\n", name, wall_ms, total,
           (st1[0] - st0[0]) * tick_ms, (st1[1] - st0[1]) * tick_ms);
    printf("check case=%s shares_within_0.1_of_expected=%s total_share_le_2=%s\n", name, ok ? "yes" : "NO",
           total <= 2.01 ? "yes" : "NO");
    for (int i = 0; i < NHOG; i++) { kill(pid[i], SIGKILL); waitpid(pid[i], NULL, 0); }
    munmap(sh, sizeof *sh);
}

int main(int argc, char **argv) {
    double secs = argc > 1 ? atof(argv[1]) : 5.0;
    const char *which = argc > 2 ? argv[2] : "ABC";
    printf("secs=%.1f ncpu=%ld\n", secs, sysconf(_SC_NPROCESSORS_ONLN));
    if (strchr(which, 'A')) {
        int p[NHOG] = {-1, -1, -1};
        double e[NHOG] = {2.0 / 3, 2.0 / 3, 2.0 / 3};
        run_case("A", p, e, secs);
    }
    if (strchr(which, 'B')) {
        int p[NHOG] = {0, 0, -1};
        double e[NHOG] = {0.5, 0.5, 1.0};
        run_case("B", p, e, secs);
    }
    if (strchr(which, 'C')) {
        int p[NHOG] = {1, -1, -1};
        double e[NHOG] = {2.0 / 3, 2.0 / 3, 2.0 / 3};
        run_case("C", p, e, secs);
    }
    return 0;
}
