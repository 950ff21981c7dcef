/*
 * SIGKILL and SIGSTOP cannot be caught, ignored or blocked: what the system calls do.
 * Linux kernel/signal.c do_sigaction(): a new action for a sig_kernel_only() signal is EINVAL
 * (asking for the current one, act NULL, is allowed); sys_rt_sigprocmask() and sigprocmask()
 * take SIGKILL and SIGSTOP out of the new set (sigdelsetmask) and succeed.
 * Build and run: gcc -O2 -Wall -o /tmp/su signal_unblockable.c && /tmp/su
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void h(int s) { (void)s; }

static void try_action(int sig, void (*handler)(int), const char *what) {
    struct sigaction sa = {0};
    sa.sa_handler = handler;
    int r = sigaction(sig, &sa, NULL);
    printf("sigaction(SIG%s, %s) = %d%s%s\n", sigabbrev_np(sig), what, r, r ? " errno " : "", r ? strerrorname_np(errno) : "");
}

int main(void) {
    try_action(SIGKILL, h, "handler");
    try_action(SIGKILL, SIG_IGN, "SIG_IGN");
    try_action(SIGKILL, SIG_DFL, "SIG_DFL");
    try_action(SIGSTOP, h, "handler");
    try_action(SIGSTOP, SIG_IGN, "SIG_IGN");
    struct sigaction old;
    printf("sigaction(SIGKILL, NULL, &old) = %d (asking is allowed)\n", sigaction(SIGKILL, NULL, &old));
    sigset_t s, now;
    sigemptyset(&s);
    sigaddset(&s, SIGKILL);
    sigaddset(&s, SIGSTOP);
    sigaddset(&s, SIGUSR1);
    int r = sigprocmask(SIG_BLOCK, &s, NULL);
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("sigprocmask(SIG_BLOCK, {SIGKILL, SIGSTOP, SIGUSR1}) = %d; blocked now: SIGKILL %d, SIGSTOP %d, SIGUSR1 %d\n", r,
           sigismember(&now, SIGKILL), sigismember(&now, SIGSTOP), sigismember(&now, SIGUSR1));
    sigfillset(&s);
    r = sigprocmask(SIG_SETMASK, &s, NULL);
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("sigprocmask(SIG_SETMASK, every signal) = %d; blocked now: SIGKILL %d, SIGSTOP %d, SIGTERM %d\n", r,
           sigismember(&now, SIGKILL), sigismember(&now, SIGSTOP), sigismember(&now, SIGTERM));
    return 0;
}
