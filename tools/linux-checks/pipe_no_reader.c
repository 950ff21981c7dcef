#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void) {
    int fd[2]; char buf[8192]; memset(buf, 'x', sizeof buf);
    signal(SIGPIPE, SIG_IGN);
    pipe(fd);
    fcntl(fd[1], F_SETPIPE_SZ, 4096);
    pid_t c = fork();
    if (c == 0) { close(fd[1]); usleep(100000); close(fd[0]); _exit(0); }
    close(fd[0]);
    ssize_t n = write(fd[1], buf, 8192);
    printf("blocked 8192-byte write, reader closes at 100 ms: write returned %zd (%s)\n", n, n < 0 ? strerror(errno) : "bytes");
    n = write(fd[1], buf, 0);
    printf("0-byte write with no reader: returned %zd (%s)\n", n, n < 0 ? strerror(errno) : "ok");
    n = write(fd[1], buf, 10);
    printf("10-byte write with no reader: returned %zd (%s)\n", n, n < 0 ? strerror(errno) : "ok");
    waitpid(c, 0, 0);
    return 0;
}
