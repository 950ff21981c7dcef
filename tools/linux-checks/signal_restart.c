/*
 * Which calls a handled signal interrupts restart with SA_RESTART and which end with EINTR.
 * Linux arch/x86/kernel/signal.c handle_signal(): -ERESTART_RESTARTBLOCK (nanosleep) and
 * -ERESTARTNOHAND become EINTR whatever the flags; -ERESTARTSYS (pipe_read, pipe_write before any
 * byte, do_wait) is restarted with SA_RESTART and becomes EINTR without; with no handler
 * (arch_do_signal_or_restart) every -ERESTART* code is restarted, a nanosleep for the time left.
 * A signal arrives 100 ms into each call (setitimer's SIGALRM).
 * pthread_join never fails with EINTR (POSIX; glibc waits again on the futex).
 * Build and run: gcc -O2 -Wall -pthread -o /tmp/sr signal_restart.c && /tmp/sr
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int handled;
static void on_alarm(int s) { (void)s; handled++; }

static void *nap(void *arg) { (void)arg; usleep(300 * 1000); return NULL; }

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void handler(int restart) {
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    sa.sa_flags = restart ? SA_RESTART : 0;
    sigaction(SIGALRM, &sa, NULL);
    handled = 0;
}

static void alarm_in_ms(int ms) {
    struct itimerval it = {{0, 0}, {ms / 1000, (ms % 1000) * 1000}};
    setitimer(ITIMER_REAL, &it, NULL);
}

static void result(const char *what, long r, int err, double t0) {
    printf("  %-44s returned %ld%s%s after %.0f ms, handler ran %d time(s)\n", what, r, r < 0 ? " errno " : "",
           r < 0 ? strerrorname_np(err) : "", now_ms() - t0, handled);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int restart = 1; restart >= 0; restart--) {
        printf("handler %s SA_RESTART, SIGALRM at 100 ms:\n", restart ? "with" : "without");

        handler(restart);
        double t0 = now_ms();
        alarm_in_ms(100);
        struct timespec req = {0, 500 * 1000 * 1000}, rem = {0, 0};
        long r = nanosleep(&req, &rem);
        int e = errno;
        result("nanosleep(500 ms)", r, e, t0);
        printf("    time left in rem: %.0f ms\n", rem.tv_sec * 1e3 + rem.tv_nsec / 1e6);

        int fd[2];
        pipe(fd);
        pid_t w = fork();
        if (w == 0) { usleep(300 * 1000); write(fd[1], "x", 1); _exit(0); }
        handler(restart);
        t0 = now_ms();
        alarm_in_ms(100);
        char b[8];
        r = read(fd[0], b, sizeof b);
        e = errno;
        result("read(empty pipe; a writer writes at 300 ms)", r, e, t0);
        waitpid(w, NULL, 0);
        close(fd[0]);
        close(fd[1]);

        pid_t c = fork();
        if (c == 0) { usleep(300 * 1000); _exit(7); }
        handler(restart);
        t0 = now_ms();
        alarm_in_ms(100);
        int st = 0;
        r = waitpid(c, &st, 0);
        e = errno;
        result("waitpid(child exiting at 300 ms; 1: its PID)", r == c ? 1 : r, e, t0);
        if (r < 0) waitpid(c, &st, 0);

        pthread_t th;
        pthread_create(&th, NULL, nap, NULL);
        handler(restart);
        t0 = now_ms();
        alarm_in_ms(100);
        r = pthread_join(th, NULL);
        result("pthread_join(thread ending at 300 ms; 0: ok)", r, 0, t0);

        pipe(fd);
        handler(restart);
        static char big[128 * 1024];
        t0 = now_ms();
        alarm_in_ms(100);
        r = write(fd[1], big, sizeof big);
        e = errno;
        result("write(128 KiB into an empty 64 KiB pipe)", r, e, t0);
        pid_t d = fork();
        if (d == 0) { usleep(300 * 1000); read(fd[0], big, sizeof big); _exit(0); }
        handler(restart);
        t0 = now_ms();
        alarm_in_ms(100);
        r = write(fd[1], big, 1);
        e = errno;
        result("write(1 B into the full pipe; drained at 300 ms)", r, e, t0);
        waitpid(d, NULL, 0);
        close(fd[0]);
        close(fd[1]);
    }

    printf("no handler, SIGSTOP at 100 ms and SIGCONT at 200 ms during nanosleep(500 ms) of a child:\n");
    pid_t c = fork();
    if (c == 0) {
        double t0 = now_ms();
        struct timespec req = {0, 500 * 1000 * 1000};
        long r = nanosleep(&req, NULL);
        printf("  child: nanosleep returned %ld after %.0f ms (restarted for the time left)\n", r, now_ms() - t0);
        _exit(0);
    }
    usleep(100 * 1000);
    kill(c, SIGSTOP);
    usleep(100 * 1000);
    kill(c, SIGCONT);
    waitpid(c, NULL, 0);
    return 0;
}
