/*
 * exec from a thread that is not the group leader (fs/exec.c de_thread): the other threads end,
 * the exec'ing thread takes the leader's PID (exchange_tids, transfer_pid of the TGID), and the
 * old leader is released carrying the exec'ing thread's former TID; the process keeps its TGID,
 * its parent and its place in the tree. Prints getpid/gettid and /proc before and after, what the
 * parent's waitpid returns, and, when run as root with tracefs mounted at /sys/kernel/tracing,
 * the sched_process_exit/exec/free tracepoints of the process (header "comm-pid (tgid)").
 *
 * Build and run: gcc -O2 -pthread -o /tmp/thread_exec_tgid thread_exec_tgid.c && /tmp/thread_exec_tgid
 * (for the tracepoints, as root: mount -t tracefs nodev /sys/kernel/tracing first if it is empty)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#define TRACING "/sys/kernel/tracing/"

static pid_t tid(void) { return (pid_t) syscall(SYS_gettid); }

/* The Pid:, Tgid: and Threads: lines of a /proc status file, on one line. */
static void status(const char *who, const char *path) {
    FILE *f = fopen(path, "r");
    char line[256];
    printf("  %s %s:", who, path);
    if (!f) { printf(" (absent: %s)\n", strerror(errno)); return; }
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "Pid:", 4) || !strncmp(line, "Tgid:", 5) || !strncmp(line, "Threads:", 8)) {
            line[strcspn(line, "\n")] = 0;
            printf("  %s", line);
        }
    }
    printf("\n");
    fclose(f);
}

static void tasks(const char *who, pid_t pid) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", (int) pid);
    DIR *d = opendir(path);
    printf("  %s %s:", who, path);
    if (!d) { printf(" (absent)\n"); return; }
    for (struct dirent *e; (e = readdir(d));) if (e->d_name[0] != '.') printf(" %s", e->d_name);
    printf("\n");
    closedir(d);
}

static int put(const char *file, const char *value) {
    FILE *f = fopen(file, "w");
    if (!f) return -1;
    fputs(value, f);
    return fclose(f);
}

static char *self_exe;

static void *execer(void *arg) {
    (void) arg;
    prctl(PR_SET_NAME, "execer");
    char path[64], me[16], tg[16];
    pid_t pid = getpid(), t = tid();
    printf("thread before exec: getpid %d gettid %d getppid %d\n", (int) pid, (int) t, (int) getppid());
    snprintf(path, sizeof path, "/proc/%d/task/%d/status", (int) pid, (int) t);
    status("thread", path);
    snprintf(path, sizeof path, "/proc/%d/task/%d/status", (int) pid, (int) pid);
    status("leader", path);
    tasks("process", pid);
    fflush(stdout);
    snprintf(me, sizeof me, "%d", (int) t);
    snprintf(tg, sizeof tg, "%d", (int) pid);
    execl(self_exe, "thread_exec_tgid", "after", me, tg, (char *) NULL);
    perror("execl");
    return NULL;
}

int main(int argc, char **argv) {
    if (argc == 4 && !strcmp(argv[1], "after")) {
        int old = atoi(argv[2]), tgid = atoi(argv[3]);
        printf("after exec:         getpid %d gettid %d getppid %d (former TID %d, TGID before %d)\n",
               (int) getpid(), (int) tid(), (int) getppid(), old, tgid);
        status("process", "/proc/self/status");
        tasks("process", getpid());
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/status", old);
        status("former TID", path);
        errno = 0;
        int k = kill(old, 0);
        printf("  kill(%d, 0) = %d (%s)\n", old, k, k ? strerror(errno) : "exists");
        fflush(stdout);
        return 5;
    }
    self_exe = realpath("/proc/self/exe", NULL);
    struct utsname u;
    uname(&u);
    printf("kernel %s %s; parent pid %d\n", u.sysname, u.release, (int) getpid());
    int traced = put(TRACING "options/record-tgid", "1") == 0 && put(TRACING "trace", "") == 0
            && put(TRACING "events/sched/sched_process_exit/enable", "1") == 0
            && put(TRACING "events/sched/sched_process_exec/enable", "1") == 0
            && put(TRACING "events/sched/sched_process_free/enable", "1") == 0;
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        prctl(PR_SET_NAME, "leader");
        printf("leader:             getpid %d gettid %d getppid %d\n", (int) getpid(), (int) tid(), (int) getppid());
        fflush(stdout);
        pthread_t th;
        pthread_create(&th, NULL, execer, NULL);
        for (;;) pause(); /* ended by the thread's exec */
    }
    int st;
    pid_t r = waitpid(c, &st, 0);
    printf("parent: fork returned %d; waitpid returned %d, exit status %d\n", (int) c, (int) r, WEXITSTATUS(st));
    if (traced) {
        usleep(200000); /* sched_process_free runs after an RCU grace period */
        put(TRACING "events/sched/sched_process_exit/enable", "0");
        put(TRACING "events/sched/sched_process_exec/enable", "0");
        put(TRACING "events/sched/sched_process_free/enable", "0");
        FILE *f = fopen(TRACING "trace", "r");
        char line[512], key1[32];
        snprintf(key1, sizeof key1, "pid=%d ", (int) c);
        printf("tracepoints (header: comm-pid (tgid) of the task the event ran in):\n");
        while (f && fgets(line, sizeof line, f)) {
            if (line[0] == '#') continue;
            /* the process's events: its PID or any TID above it that the run created */
            char *p = strstr(line, "pid=");
            if (!p) continue;
            int id = atoi(p + 4);
            if ((id >= c && id < c + 8) || strstr(line, key1)) {
                char *s = line;
                while (*s == ' ') s++;
                printf("  %s", s);
            }
        }
        if (f) fclose(f);
        put(TRACING "options/record-tgid", "0");
    } else {
        printf("(no tracepoints: run as root with tracefs at " TRACING ")\n");
    }
    return 0;
}
