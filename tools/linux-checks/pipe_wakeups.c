/*
 * Who a Linux pipe wakes (fs/pipe.c, anon_pipe_write and anon_pipe_read; pipe_write and
 * pipe_read in older kernels): a blocked call sleeps with wait_event_interruptible_exclusive on
 * pipe->wr_wait or rd_wait, and the other side wakes it with wake_up_interruptible_sync_poll,
 * which wakes one exclusive waiter (nr_exclusive = 1): the one that has waited longest, as
 * exclusive waiters are queued at the tail. A woken task whose call sleeps again is queued at
 * the tail again. So writers blocked on a full pipe take turns, in the order they blocked, one
 * per buffer a reader frees; readers blocked on an empty pipe take turns, one per write into the
 * empty pipe. procsim's PipeBuffersAndWakeupsTest checks the same.
 *
 *   gcc -O2 -Wall -o pipe_wakeups pipe_wakeups.c && ./pipe_wakeups
 *
 * 1. Writers: the pipe is filled with 16 pages of '.', then writers A, B, C are started one after
 *    the other, each once the one before sleeps in the kernel's pipe write (/proc/PID/wchan:
 *    anon_pipe_write or pipe_write); each writes 6 pages of its letter, one 4,096-byte write per
 *    page. The parent then reads one page every 20 ms and prints the letter of each page in the
 *    order read (the order the writers put them in).
 * 2. Readers: readers 1, 2, 3 are started the same way on an empty pipe (each sleeps in the pipe
 *    read) and read one page per call; the parent writes 12 numbered pages 20 ms apart and prints
 *    which reader got each page.
 * Each experiment runs 10 rounds. A round can differ when a woken writer does not get a CPU for a
 * whole 20 ms pause (seen twice in about 250 rounds on a 2-vCPU VM): the next read then finds the
 * pipe not full and wakes nobody, and the late writer, having slept, wakes the next one itself
 * when it ends (wake_next_writer); the two then queue again in the order they next block.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096
#define WRITERS 3
#define PAGES_EACH 6
#define READERS 3
#define PAGES_OUT 12
#define ROUNDS 10

static void die(const char *what) {
    perror(what);
    exit(1);
}

/* Waits until task `pid` sleeps in the kernel function whose name contains `fn` (/proc/PID/wchan), then 20 ms more. */
static void wait_blocked(pid_t pid, const char *fn) {
    char path[64], w[128];
    snprintf(path, sizeof path, "/proc/%d/wchan", (int)pid);
    for (int tries = 0; tries < 5000; tries++) {
        FILE *f = fopen(path, "r");
        if (!f) die("wchan");
        size_t k = fread(w, 1, sizeof w - 1, f);
        fclose(f);
        w[k] = 0;
        if (strstr(w, fn)) {
            usleep(20000);
            return;
        }
        usleep(1000);
    }
    fprintf(stderr, "task %d never blocked in %s (wchan %s)\n", (int)pid, fn, w);
    exit(1);
}

static void write_all(int fd, const char *p, size_t n) {
    if (write(fd, p, n) != (ssize_t)n) die("write");
}

static void writers_round(void) {
    int fd[2];
    char page[PAGE];
    if (pipe(fd) < 0) die("pipe");
    memset(page, '.', PAGE);
    for (int i = 0; i < 16; i++) write_all(fd[1], page, PAGE); /* full: 16 buffers */
    pid_t pids[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
        pids[w] = fork();
        if (pids[w] < 0) die("fork");
        if (pids[w] == 0) {
            close(fd[0]);
            memset(page, 'A' + w, PAGE);
            for (int i = 0; i < PAGES_EACH; i++) write_all(fd[1], page, PAGE);
            _exit(0);
        }
        wait_blocked(pids[w], "pipe_write"); /* blocked on the full pipe, behind the earlier ones */
    }
    close(fd[1]);
    char order[16 + WRITERS * PAGES_EACH + 1];
    int n = 0;
    for (;;) {
        usleep(20000);
        ssize_t r = read(fd[0], page, PAGE);
        if (r < 0) die("read");
        if (r == 0) break;
        if (r != PAGE) { fprintf(stderr, "short read %zd\n", r); exit(1); }
        for (int i = 1; i < PAGE; i++) if (page[i] != page[0]) { fprintf(stderr, "mixed page\n"); exit(1); }
        order[n++] = page[0];
    }
    order[n] = 0;
    for (int w = 0; w < WRITERS; w++) waitpid(pids[w], NULL, 0);
    close(fd[0]);
    printf("  %s\n", order);
}

static void readers_round(void) {
    int fd[2], rep[2];
    char page[PAGE];
    if (pipe(fd) < 0 || pipe(rep) < 0) die("pipe");
    pid_t pids[READERS];
    for (int r = 0; r < READERS; r++) {
        pids[r] = fork();
        if (pids[r] < 0) die("fork");
        if (pids[r] == 0) {
            close(fd[1]);
            close(rep[0]);
            for (;;) {
                ssize_t k = read(fd[0], page, PAGE);
                if (k <= 0) _exit(0);
                char msg[2] = {(char)('1' + r), page[0]}; /* reader, page number */
                write_all(rep[1], msg, 2);
            }
        }
        wait_blocked(pids[r], "pipe_read"); /* blocked on the empty pipe, behind the earlier ones */
    }
    close(fd[0]);
    close(rep[1]);
    for (int i = 0; i < PAGES_OUT; i++) {
        memset(page, i, PAGE);
        write_all(fd[1], page, PAGE);
        usleep(20000);
    }
    close(fd[1]);
    char got[PAGES_OUT];
    memset(got, '?', sizeof got);
    char msg[2];
    while (read(rep[0], msg, 2) == 2) if (msg[1] >= 0 && msg[1] < PAGES_OUT) got[(int)msg[1]] = msg[0];
    for (int r = 0; r < READERS; r++) waitpid(pids[r], NULL, 0);
    close(rep[0]);
    printf("  pages 0..%d went to readers: ", PAGES_OUT - 1);
    for (int i = 0; i < PAGES_OUT; i++) printf("%c", got[i]);
    printf("\n");
}

int main(void) {
    printf("1. writers A, B, C blocked in that order on a full pipe; pages in the order read (16 '.' first):\n");
    for (int i = 0; i < ROUNDS; i++) writers_round();
    printf("2. readers 1, 2, 3 blocked in that order on an empty pipe; one page written every 20 ms:\n");
    for (int i = 0; i < ROUNDS; i++) readers_round();
    return 0;
}
