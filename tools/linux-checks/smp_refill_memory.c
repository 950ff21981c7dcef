/*
 * The cache refill cost of a working set that has to come back from memory (DRAM), by size:
 * what a task pays after a migration to a CPU in another LLC or NUMA node, whose caches hold
 * none of its lines. Two CPUs sharing an LLC cannot show this (smp_migrate_cost.c: there the
 * lines come from the shared LLC), so it is simulated on ONE CPU (pinned to CPU 0, never moved):
 * before the "cold" sweep every line of the buffer is flushed from all cache levels with clflush
 * (then mfence), so each line the sweep touches is a miss to memory.
 * One process, a buffer of S bytes (S = 32 KiB, 256 KiB, 1 MiB, 4 MiB), one "sweep" = a
 * read-modify-write of one 8-byte word in every 64-byte cache line (sequential order, and again
 * in a random order of the lines, which defeats the hardware prefetcher), as in
 * smp_migrate_cost.c. Each pass:
 *   one sweep (untimed, brings the set into the caches)
 *   time one sweep                                        = "warm" (data in cache)
 *   clflush every line of the buffer, mfence              (timed apart: "flush")
 *   time one sweep                                        = "cold" (every line from DRAM)
 * Printed per size and order: the medians of warm and cold (and p10/p90 of cold), the refill
 * from memory = median(cold) - median(warm), in total and per cache line of the set, and the
 * median time of the flush loop. A check line gives the latency of one isolated load of a flushed
 * line against one of a cached line (clock_gettime around the load; the difference ~ DRAM latency),
 * to show that clflush does send the line to memory. The line-index array stays cached (it is not flushed); the
 * TLB is not flushed either, so only data-cache misses are counted (a real cross-node move may
 * also pay TLB misses, and remote-node DRAM is slower than the local DRAM measured here).
 * Pages are ordinary 4 KiB pages (no madvise; THP mode is printed).
 *
 *   gcc -O2 -Wall -o smp_refill_memory smp_refill_memory.c && ./smp_refill_memory [passes_scale]
 *
 * Output: the CPU model, the THP mode and the cache lines of CPU 0 (cache=L2 size=...
 * shared_cpu_list=...), then one line per size and order: "size_kib=32 order=seq passes=...
 * warm_us=... cold_us=... refill_mem_us=... refill_mem_ns_per_line=... ...", the load-latency
 * check line, and a check line that the process stayed on CPU 0.
 */
#define _GNU_SOURCE
#include <emmintrin.h>
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

/* sorts v; then v[n * q] is the q-quantile */
static double quantile(double *v, long n, double q) {
    qsort(v, n, sizeof *v, cmpd);
    long i = (long)(n * q);
    return v[i < n ? i : n - 1];
}

static volatile uint64_t *buf;
static uint32_t *order; /* line indices, sequential or shuffled */

static double sweep(long nlines) {
    uint64_t t0 = now_ns();
    for (long i = 0; i < nlines; i++) buf[(size_t)order[i] * (LINE / 8)] += 1;
    return (now_ns() - t0) / 1e3;
}

/* evict every line of the buffer from all cache levels (dirty lines are written back) */
static double flush_all(long nlines) {
    uint64_t t0 = now_ns();
    _mm_mfence();
    for (long i = 0; i < nlines; i++) _mm_clflush((const void *)(buf + (size_t)i * (LINE / 8)));
    _mm_mfence();
    return (now_ns() - t0) / 1e3;
}

/* median ns of one load of a line that was just flushed (cold=1) or just read (cold=0) */
static double load_ns(int cold, long n) {
    double *v = malloc(n * sizeof(double));
    volatile uint64_t *x = buf + 64 * (LINE / 8); /* some line of the buffer */
    for (long i = 0; i < n; i++) {
        (void)*x;
        if (cold) _mm_clflush((const void *)x);
        _mm_mfence();
        uint64_t t0 = now_ns();
        (void)*x;
        _mm_mfence();
        v[i] = now_ns() - t0;
    }
    double m = quantile(v, n, 0.5);
    free(v);
    return m;
}

static void print_first_line(const char *path, const char *key, const char *label) {
    FILE *f = fopen(path, "r");
    char l[512];
    if (!f) return;
    while (fgets(l, sizeof l, f)) {
        if (key && strncmp(l, key, strlen(key))) continue;
        char *v = key ? strchr(l, ':') : l;
        if (!v) continue;
        if (key) v++;
        while (*v == ' ' || *v == '\t') v++;
        v[strcspn(v, "\n")] = 0;
        printf("%s=%s\n", label, v);
        break;
    }
    fclose(f);
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
    long sizes_kib[] = {32, 256, 1024, 4096};
    print_first_line("/proc/cpuinfo", "model name", "cpu_model");
    print_first_line("/sys/kernel/mm/transparent_hugepage/enabled", NULL, "thp");
    print_caches();
    pin(0);
    srand(12345);
    int bad = 0;
    for (int o = 0; o < 2; o++) {
        for (unsigned z = 0; z < sizeof sizes_kib / sizeof *sizes_kib; z++) {
            long bytes = sizes_kib[z] * 1024, nlines = bytes / LINE;
            long passes = (long)(scale * (bytes <= (256 << 10) ? 2000 : bytes <= (1 << 20) ? 1000 : 300));
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
            double *warm = malloc(passes * sizeof(double)), *cold = malloc(passes * sizeof(double));
            double *flush = malloc(passes * sizeof(double));
            for (int w = 0; w < 3; w++) sweep(nlines);
            if (o == 0 && z == 1)
                printf("check load_latency_ns cached=%.0f flushed=%.0f (median of 10000, incl. clock_gettime)\n",
                       load_ns(0, 10000), load_ns(1, 10000));
            for (long p = 0; p < passes; p++) {
                sweep(nlines);
                warm[p] = sweep(nlines);
                flush[p] = flush_all(nlines);
                cold[p] = sweep(nlines);
                if (sched_getcpu() != 0) bad++;
            }
            double mw = quantile(warm, passes, 0.5), mf = quantile(flush, passes, 0.5);
            double c10 = quantile(cold, passes, 0.1), mc = quantile(cold, passes, 0.5);
            double c90 = quantile(cold, passes, 0.9);
            printf("size_kib=%ld order=%s passes=%ld warm_us=%.2f cold_us=%.2f cold_p10_us=%.2f cold_p90_us=%.2f "
                   "refill_mem_us=%.2f refill_mem_ns_per_line=%.2f warm_ns_per_line=%.2f cold_ns_per_line=%.2f "
                   "flush_us=%.2f\n",
                   sizes_kib[z], o ? "rand" : "seq", passes, mw, mc, c10, c90, mc - mw, (mc - mw) * 1e3 / nlines,
                   mw * 1e3 / nlines, mc * 1e3 / nlines, mf);
            fflush(stdout);
            free((void *)buf); free(order); free(warm); free(cold); free(flush);
        }
    }
    printf("check stayed_on_cpu0=%s (misses=%d)\n", bad ? "NO" : "yes", bad);
    return 0;
}
