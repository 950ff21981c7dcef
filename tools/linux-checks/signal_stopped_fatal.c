/*
 * A fatal signal does not end a stopped process until it is continued; SIGKILL does.
 * Linux kernel/signal.c: wants_signal() refuses a stopped task for every signal but SIGKILL,
 * so complete_signal() finds no thread to take a SIGTERM and leaves it pending; SIGCONT
 * (prepare_signal) wakes the threads, get_signal() dequeues SIGTERM and do_group_exit()s.
 * Build and run: gcc -O2 -Wall -o /tmp/ssf signal_stopped_fatal.c && /tmp/ssf
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void ms(int n) { usleep(n * 1000); }

static int hfd[2]; /* case C: the handler writes a byte here */
static void on_term(int s) { (void)s; write(hfd[1], "H", 1); }

/* The state letter and the shared-pending mask of a process, from /proc. */
static void show(pid_t pid, const char *when) {
    char path[64], line[256], state = '?';
    char shd[32] = "?";
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    if (!f) { printf("  %-34s /proc/%d gone\n", when, pid); return; }
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "State:", 6)) sscanf(line + 6, " %c", &state);
        if (!strncmp(line, "ShdPnd:", 7)) sscanf(line + 7, " %31s", shd);
    }
    fclose(f);
    printf("  %-34s state %c, ShdPnd %s\n", when, state, shd);
}

static void report(pid_t pid, double t0) {
    int st;
    waitpid(pid, &st, 0);
    double t = now_ms() - t0;
    if (WIFSIGNALED(st)) printf("  reaped at %.0f ms: killed by signal %d (%s), status 128+%d=%d\n", t, WTERMSIG(st),
                                strsignal(WTERMSIG(st)), WTERMSIG(st), 128 + WTERMSIG(st));
    else printf("  reaped at %.0f ms: exit %d\n", t, WEXITSTATUS(st));
}

static pid_t child(int sleeper) {
    pid_t pid = fork();
    if (pid == 0) {
        if (sleeper) for (;;) pause();
        for (volatile unsigned long i = 0;; i++) {}
    }
    return pid;
}

int main(void) {
    for (int sleeper = 0; sleeper <= 1; sleeper++) {
        printf("case A (%s): SIGSTOP at 0, SIGTERM at 100 ms, SIGCONT at 300 ms\n", sleeper ? "sleeping child" : "computing child");
        pid_t pid = child(sleeper);
        ms(50);
        double t0 = now_ms();
        kill(pid, SIGSTOP);
        ms(100);
        kill(pid, SIGTERM);
        ms(50);
        show(pid, "50 ms after SIGTERM:");
        int st;
        printf("  waitpid(WNOHANG) 50 ms after SIGTERM: %d (0: still alive)\n", waitpid(pid, &st, WNOHANG));
        ms(150);
        kill(pid, SIGCONT);
        report(pid, t0);
    }

    printf("case B: SIGSTOP at 0, SIGKILL at 100 ms (no SIGCONT)\n");
    pid_t pid = child(0);
    ms(50);
    double t0 = now_ms();
    kill(pid, SIGSTOP);
    ms(100);
    kill(pid, SIGKILL);
    report(pid, t0);

    printf("case C: stopped child with a SIGTERM handler: the handler runs only after SIGCONT\n");
    pipe(hfd);
    pid = fork();
    if (pid == 0) {
        struct sigaction sa = {0};
        sa.sa_handler = on_term;
        sigaction(SIGTERM, &sa, NULL);
        for (;;) pause();
    }
    ms(50);
    t0 = now_ms();
    kill(pid, SIGSTOP);
    ms(100);
    kill(pid, SIGTERM);
    ms(200);
    char b;
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(hfd[0], &rs);
    struct timeval tv = {0, 0};
    printf("  handler ran while stopped: %s\n", select(hfd[0] + 1, &rs, NULL, NULL, &tv) > 0 ? "yes" : "no");
    kill(pid, SIGCONT);
    read(hfd[0], &b, 1);
    printf("  handler ran %.0f ms after SIGSTOP (SIGCONT at 300 ms)\n", now_ms() - t0);
    kill(pid, SIGKILL);
    report(pid, t0);
    return 0;
}
