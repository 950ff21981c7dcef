/*
 * How many bytes a Linux pipe takes before a write would block, by write size: capacity is
 * counted in page buffers (16 of 4 KiB by default), not bytes. A small write merges into the
 * last buffer only when it fits in that buffer's page (fs/pipe.c, anon_pipe_write; pipe_write in
 * older kernels), else it takes a new buffer. procsim's Pipe models the same buffers;
 * PipeBuffersAndWakeupsTest checks the same numbers.
 *
 *   gcc -O2 -Wall -o pipe_buffers pipe_buffers.c && ./pipe_buffers
 *
 * Part 1: a fresh O_NONBLOCK pipe per chunk size; write chunks until EAGAIN and print the bytes
 * accepted (a nonblocking write larger than PIPE_BUF may be partial: its count is included).
 * Part 2: reads free only buffers they empty, and a partly read buffer keeps its offset.
 * Part 3: the same sizes with a blocking writer (what procsim's programs do): a child writes
 * chunks until it blocks; 100 ms later the parent asks FIONREAD how many bytes the pipe holds.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

static char buf[1 << 20];

static void die(const char *what) {
    perror(what);
    exit(1);
}

static void make_pipe(int fd[2], int size) {
    if (pipe2(fd, O_NONBLOCK) < 0) die("pipe2");
    if (size > 0 && fcntl(fd[1], F_SETPIPE_SZ, size) < 0) die("F_SETPIPE_SZ");
}

/* Writes `chunk`-byte pieces until EAGAIN; returns the bytes accepted; *calls: the writes that took some, *last: the last one's count. */
static long fill(int fd, long chunk, long *calls, long *last) {
    long total = 0, n = 0;
    *last = 0;
    for (;;) {
        ssize_t r = write(fd, buf, chunk);
        if (r < 0) {
            if (errno == EAGAIN) break;
            die("write");
        }
        total += r;
        n++;
        *last = r;
        if (r < chunk) { /* partial (only > PIPE_BUF): the next write gets EAGAIN */
            r = write(fd, buf, chunk);
            if (!(r < 0 && errno == EAGAIN)) { fprintf(stderr, "expected EAGAIN after a partial write\n"); exit(1); }
            break;
        }
    }
    *calls = n;
    return total;
}

/* One write; prints what it returned. */
static long try_write(int fd, long n, const char *label) {
    ssize_t r = write(fd, buf, n);
    if (r < 0 && errno != EAGAIN) die("write");
    if (r < 0) printf("  %-58s -> EAGAIN\n", label);
    else printf("  %-58s -> %zd\n", label, r);
    return r;
}

static long try_read(int fd, long n, const char *label) {
    ssize_t r = read(fd, buf, n);
    printf("  %-58s -> %zd\n", label, r);
    return r;
}

int main(void) {
    memset(buf, 'x', sizeof buf);
    int fd[2];
    make_pipe(fd, 0);
    printf("default pipe: F_GETPIPE_SZ = %d bytes, page size %ld, PIPE_BUF %d\n", fcntl(fd[1], F_GETPIPE_SZ),
           sysconf(_SC_PAGESIZE), PIPE_BUF);
    close(fd[0]);
    close(fd[1]);

    printf("\nPart 1: O_NONBLOCK writer, fixed chunk size, bytes accepted when write() first fails with EAGAIN\n");
    printf("%8s %12s %8s %12s\n", "chunk", "bytes", "writes", "last write");
    long chunks[] = {1, 100, 3000, 4096, 5000, 65536};
    for (unsigned i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        long calls, last;
        make_pipe(fd, 0);
        long total = fill(fd[1], chunks[i], &calls, &last);
        printf("%8ld %12ld %8ld %12ld\n", chunks[i], total, calls, last);
        close(fd[0]);
        close(fd[1]);
    }

    printf("\nPart 2a: default pipe filled with 100-byte writes (16 buffers of 4,000 bytes)\n");
    long calls, last;
    make_pipe(fd, 0);
    printf("  filled: %ld bytes\n", fill(fd[1], 100, &calls, &last));
    try_read(fd[0], 100, "read 100 (front buffer 3,900 left, not freed)");
    try_write(fd[1], 100, "write 100");
    try_read(fd[0], 3900, "read 3,900 (front buffer emptied and freed)");
    printf("  100-byte writes until EAGAIN: %ld bytes (one new buffer of 40 x 100)\n", fill(fd[1], 100, &calls, &last));
    close(fd[0]);
    close(fd[1]);

    printf("\nPart 2b: one-buffer pipe (F_SETPIPE_SZ 4096): a partly read buffer keeps its offset\n");
    make_pipe(fd, 4096);
    printf("  F_GETPIPE_SZ = %d\n", fcntl(fd[1], F_GETPIPE_SZ));
    try_write(fd[1], 3000, "write 3,000 (buffer: offset 0, len 3,000)");
    try_read(fd[0], 2000, "read 2,000 (offset 2,000, len 1,000, ends at 3,000)");
    try_write(fd[1], 1000, "write 1,000 (3,000 + 1,000 <= 4,096: merges)");
    try_write(fd[1], 1000, "write 1,000 (4,000 + 1,000 > 4,096, no free buffer)");
    try_write(fd[1], 96, "write 96 (4,000 + 96 = 4,096: merges)");
    try_read(fd[0], 4096, "read 4,096 (takes the 2,096 there, frees the buffer)");
    try_write(fd[1], 4096, "write 4,096 (a new buffer)");
    close(fd[0]);
    close(fd[1]);

    printf("\nPart 2c: a 5,000-byte write merges its 904-byte remainder first, then whole pages\n");
    make_pipe(fd, 0);
    try_write(fd[1], 5000, "write 5,000 into the empty pipe (4,096 + 904: 2 buffers)");
    try_write(fd[1], 5000, "write 5,000 (904 merged into the 904 buffer, + 4,096)");
    printf("  then 4,096-byte writes until EAGAIN: %ld bytes (13 buffers left)\n", fill(fd[1], 4096, &calls, &last));
    close(fd[0]);
    close(fd[1]);

    printf("\nPart 3: blocking writer, fixed chunk size, bytes in the pipe (FIONREAD) once it has blocked\n");
    printf("%8s %12s\n", "chunk", "bytes");
    for (unsigned i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        if (pipe(fd) < 0) die("pipe");
        pid_t pid = fork();
        if (pid < 0) die("fork");
        if (pid == 0) {
            close(fd[0]);
            for (;;) if (write(fd[1], buf, chunks[i]) < 0) _exit(1);
        }
        close(fd[1]);
        usleep(100000);
        int inpipe = -1;
        if (ioctl(fd[0], FIONREAD, &inpipe) < 0) die("FIONREAD");
        printf("%8ld %12d\n", chunks[i], inpipe);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        close(fd[0]);
    }
    return 0;
}
