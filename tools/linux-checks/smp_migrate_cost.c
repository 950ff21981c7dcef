/*
 * The cache refill cost a task pays after a migration to the other CPU, by working-set size.
 * One process, a buffer of S bytes (S = 32 KiB, 256 KiB, 1 MiB, 4 MiB, 16 MiB), one "sweep" =
 * a read-modify-write of one 8-byte word in every 64-byte cache line (sequential order, and
 * again in a random order of the lines, which defeats the hardware prefetcher). Each pass:
 *   setaffinity to the CPU it is on (no move)  -> time one sweep  = "ctrl" (syscall, no migration)
 *   time one more sweep                          = "warm"
 *   setaffinity to the other CPU (it moves now) -> time one sweep  = "migr"
 *   time one more sweep                          = "warm" (on the new CPU)
 * so it alternates CPU 0 and 1 every pass; the other CPU is idle meanwhile (nothing pollutes it
 * on purpose, but the lines the task wrote since it left were invalidated there: the writes
 * happened on the other CPU). Printed per size: the medians of the four, and the refill cost =
 * median(migr) - median(ctrl) (also - median(warm)), in total and per cache line of the set;
 * plus the median time of the migrating sched_setaffinity call itself. Whether the two CPUs
 * share an L2 or L3 (/sys/devices/system/cpu/cpu0/cache/indexN/shared_cpu_list) decides what
 * the figure means: with a shared LLC the lines come from the LLC or the old CPU's L2, not RAM.
 * Pages are ordinary 4 KiB pages (no madvise; THP is "madvise" on the test machine).
 *
 *   gcc -O2 -Wall -o smp_migrate_cost smp_migrate_cost.c && ./smp_migrate_cost [passes_scale]
 *
 * Output: machine cache lines (cache=L2 size=... shared=...), then one line per size and order:
 * "size_kib=32 order=seq passes=... ctrl_us=... warm_us=... migr_us=... refill_us=... ..."
 * and a check line that every migration did land on the other CPU.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LINE 64

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + t.tv_nsec;
}

static void pin(int cpu) {
    cpu_set_t s;
    CPU_ZERO(&s);
    CPU_SET(cpu, &s);
    if (sched_setaffinity(0, sizeof s, &s)) { perror("sched_setaffinity"); exit(1); }
}

static int cmpd(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, long n) {
    qsort(v, n, sizeof *v, cmpd);
    return v[n / 2];
}

static volatile uint64_t *buf;
static uint32_t *order; /* line indices, sequential or shuffled */

static double sweep(long nlines) {
    uint64_t t0 = now_ns();
    for (long i = 0; i < nlines; i++) buf[(size_t)order[i] * (LINE / 8)] += 1;
    return (now_ns() - t0) / 1e3;
}

static void print_caches(void) {
    for (int i = 0; i < 8; i++) {
        char p[128], lvl[16] = "", type[32] = "", size[32] = "", shared[64] = "";
        const char *what[4] = {"level", "type", "size", "shared_cpu_list"};
        char *dst[4] = {lvl, type, size, shared};
        int ok = 1;
        for (int k = 0; k < 4; k++) {
            snprintf(p, sizeof p, "/sys/devices/system/cpu/cpu0/cache/index%d/%s", i, what[k]);
            FILE *f = fopen(p, "r");
            if (!f) { ok = 0; break; }
            if (fscanf(f, "%31s", dst[k]) != 1) ok = 0;
            fclose(f);
        }
        if (ok) printf("cache=L%s type=%s size=%s shared_cpu_list=%s\n", lvl, type, size, shared);
    }
}

int main(int argc, char **argv) {
    double scale = argc > 1 ? atof(argv[1]) : 1.0;
    long sizes_kib[] = {32, 256, 1024, 4096, 16384};
    print_caches();
    srand(12345);
    int bad = 0;
    for (int o = 0; o < 2; o++) {
        for (unsigned z = 0; z < sizeof sizes_kib / sizeof *sizes_kib; z++) {
            long bytes = sizes_kib[z] * 1024, nlines = bytes / LINE;
            long passes = (long)(scale * (bytes <= (1 << 20) ? 1000 : bytes <= (4 << 20) ? 300 : 100));
            if (passes < 5) passes = 5;
            buf = aligned_alloc(4096, bytes);
            order = malloc(nlines * sizeof *order);
            if (!buf || !order) { perror("alloc"); return 1; }
            memset((void *)buf, 0, bytes);
            for (long i = 0; i < nlines; i++) order[i] = i;
            if (o == 1)
                for (long i = nlines - 1; i > 0; i--) {
                    long j = rand() % (i + 1);
                    uint32_t t = order[i]; order[i] = order[j]; order[j] = t;
                }
            double *ctrl = malloc(passes * sizeof(double)), *warm = malloc(2 * passes * sizeof(double));
            double *migr = malloc(passes * sizeof(double)), *call = malloc(passes * sizeof(double));
            int cpu = 0;
            pin(cpu);
            for (int w = 0; w < 3; w++) sweep(nlines);
            for (long p = 0; p < passes; p++) {
                pin(cpu);
                ctrl[p] = sweep(nlines);
                warm[2 * p] = sweep(nlines);
                cpu ^= 1;
                uint64_t t0 = now_ns();
                pin(cpu);
                call[p] = (now_ns() - t0) / 1e3;
                if (sched_getcpu() != cpu) bad++;
                migr[p] = sweep(nlines);
                warm[2 * p + 1] = sweep(nlines);
            }
            double mc = median(ctrl, passes), mw = median(warm, 2 * passes), mm = median(migr, passes);
            double mcall = median(call, passes);
            printf("size_kib=%ld order=%s passes=%ld ctrl_us=%.2f warm_us=%.2f migr_us=%.2f refill_us=%.2f "
                   "refill_vs_warm_us=%.2f refill_ns_per_line=%.2f warm_ns_per_line=%.2f setaffinity_move_us=%.1f\n",
                   sizes_kib[z], o ? "rand" : "seq", passes, mc, mw, mm, mm - mc, mm - mw, (mm - mc) * 1e3 / nlines,
                   mw * 1e3 / nlines, mcall);
            fflush(stdout);
            free((void *)buf); free(order); free(ctrl); free(warm); free(migr); free(call);
        }
    }
    printf("check every_migration_landed_on_target=%s (misses=%d)\n", bad ? "NO" : "yes", bad);
    return 0;
}
