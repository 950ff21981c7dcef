/*
 * What wait() reports for a threaded process whose threads end with the exit system call
 * (SYS_exit: this thread only) rather than exit_group. Linux 6.0 and later set the group's exit
 * status when its last thread starts exiting (kernel/exit.c synchronize_group_exit, commit
 * d80f7d7b2c75 "signal: Guarantee that SIGNAL_GROUP_EXIT is set on process exit"), and
 * wait_task_zombie reports signal->group_exit_code once SIGNAL_GROUP_EXIT is set; before, it
 * reported the leader's own exit_code.
 *
 * Build and run: gcc -O2 -pthread -o /tmp/thread_exit_status thread_exit_status.c && /tmp/thread_exit_status
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void nap(int ms) {
    struct timespec ts = {ms / 1000, (long) (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* A thread: sleeps ms, then ends the way its argument says. */
struct plan { int ms; int how; int code; }; /* how: 0 SYS_exit, 1 exit_group, 2 return (glibc), 3 sleep for ever */
static void *worker(void *arg) {
    struct plan *p = arg;
    nap(p->ms);
    if (p->how == 0) syscall(SYS_exit, p->code);
    if (p->how == 1) syscall(SYS_exit_group, p->code);
    if (p->how == 3) for (;;) pause();
    return NULL;
}

static void spawn(struct plan *p) {
    pthread_t th;
    if (pthread_create(&th, NULL, worker, p) != 0) _exit(100);
}

static void print_status(const char *name, const char *expect, int st) {
    if (WIFEXITED(st)) printf("%-58s wait: exited, status %d   (%s)\n", name, WEXITSTATUS(st), expect);
    else if (WIFSIGNALED(st)) printf("%-58s wait: killed by signal %d   (%s)\n", name, WTERMSIG(st), expect);
    else printf("%-58s wait: raw 0x%x\n", name, st);
}

int main(void) {
    struct utsname u;
    uname(&u);
    printf("kernel %s %s\n", u.sysname, u.release);
    struct { const char *name, *expect; } cases[] = {
        {"A leader SYS_exit(3) at 0, thread SYS_exit(7) at 100ms", "6.x: 7, the last thread's; before 6.0: 3"},
        {"B leader SYS_exit(3) at 0, thread exit_group(9) at 100ms", "9"},
        {"C thread SYS_exit(7) at 0, leader SYS_exit(3) at 100ms", "3: the leader is the last"},
        {"D leader SYS_exit(3), thread SYS_exit(5) at 50, SYS_exit(7) at 100", "6.x: 7"},
        {"E leader SYS_exit(3) at 0, thread SYS_exit(0) at 100ms", "6.x: 0; before 6.0: 3"},
        {"F leader pthread_exit, thread returns at 100ms (glibc)", "0: glibc's last thread calls exit(0)"},
        {"G leader pthread_exit, thread SYS_exit(7) at 100ms", "6.x: 7; before 6.0: 0"},
        {"H leader SYS_exit(3), thread sleeps, parent SIGKILLs at 100ms", "signal 9"},
    };
    for (int i = 0; i < (int) (sizeof cases / sizeof cases[0]); i++) {
        fflush(stdout);
        pid_t c = fork();
        if (c == 0) {
            static struct plan p1, p2;
            switch (i) {
                case 0: p1 = (struct plan){100, 0, 7}; spawn(&p1); nap(10); syscall(SYS_exit, 3); break;
                case 1: p1 = (struct plan){100, 1, 9}; spawn(&p1); nap(10); syscall(SYS_exit, 3); break;
                case 2: p1 = (struct plan){0, 0, 7}; spawn(&p1); nap(100); syscall(SYS_exit, 3); break;
                case 3: p1 = (struct plan){50, 0, 5}; p2 = (struct plan){100, 0, 7}; spawn(&p1); spawn(&p2); nap(10); syscall(SYS_exit, 3); break;
                case 4: p1 = (struct plan){100, 0, 0}; spawn(&p1); nap(10); syscall(SYS_exit, 3); break;
                case 5: p1 = (struct plan){100, 2, 0}; spawn(&p1); nap(10); pthread_exit(NULL); break;
                case 6: p1 = (struct plan){100, 0, 7}; spawn(&p1); nap(10); pthread_exit(NULL); break;
                case 7: p1 = (struct plan){0, 3, 0}; spawn(&p1); nap(10); syscall(SYS_exit, 3); break;
            }
            _exit(101);
        }
        if (i == 0 || i == 7) {
            nap(50);
            int st = 0;
            pid_t r = waitpid(c, &st, WNOHANG);
            printf("  at 50ms, leader exited, a thread still running: waitpid(WNOHANG) returns %d\n", (int) r);
            if (i == 7) { nap(50); kill(c, SIGKILL); }
        }
        int st;
        if (waitpid(c, &st, 0) != c) { perror("waitpid"); return 1; }
        print_status(cases[i].name, cases[i].expect, st);
    }
    return 0;
}
