/* keyexec LINES COUNTER PROGRAM [ARG...]
 *
 * Gives every run of PROGRAM its own API key without a shell: reads the number in COUNTER, takes
 * line (number mod line count) of LINES, whose lines are fixed-width (LINE_WIDTH bytes with the
 * newline) and hold space-separated NAME=VALUE pairs, puts those into the environment, writes the
 * number + 1 back and execs PROGRAM. One execve and a few system calls: the benchmark measures the
 * floor through keyexec too, so that ratios stay fair. Built static with gcc -O2 by infra/bench/run.
 * A tab inside a pair stands for a space (`HTTP_AUTHORIZATION=Bearer<TAB>eyJ…`).
 * A pair named KEYEXEC_STDIN is not put into the environment: its value becomes PROGRAM's standard
 * input (through a pipe, written before the exec), so a POST body can differ per run too.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LINE_WIDTH 1024

/* Makes BODY the standard input: a pipe holding it (a line is far below PIPE_BUF), write end closed. */
static int feed_stdin(const char *body) {
    int ends[2];
    size_t length = strlen(body);
    if (pipe(ends) != 0 || write(ends[1], body, length) != (ssize_t)length || close(ends[1]) != 0
        || dup2(ends[0], 0) != 0 || close(ends[0]) != 0) {
        perror("keyexec: stdin");
        return -1;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: keyexec LINES COUNTER PROGRAM [ARG...]\n");
        return 2;
    }
    int lines = open(argv[1], O_RDONLY);
    int counter = open(argv[2], O_RDWR);
    struct stat info;
    if (lines < 0 || counter < 0 || fstat(lines, &info) != 0 || info.st_size < LINE_WIDTH) {
        perror("keyexec");
        return 2;
    }
    char number[32] = {0};
    ssize_t got = pread(counter, number, sizeof number - 1, 0);
    long index = got > 0 ? strtol(number, NULL, 10) : 0;
    int length = snprintf(number, sizeof number, "%ld\n", index + 1);
    if (pwrite(counter, number, (size_t)length, 0) != length) {
        perror("keyexec: counter");
        return 2;
    }
    static char line[LINE_WIDTH + 1];
    long count = (long)(info.st_size / LINE_WIDTH);
    if (pread(lines, line, LINE_WIDTH, (off_t)((index % count) * LINE_WIDTH)) != LINE_WIDTH) {
        perror("keyexec: lines");
        return 2;
    }
    line[LINE_WIDTH] = 0;
    static const char stdin_name[] = "KEYEXEC_STDIN=";
    for (char *pair = strtok(line, " \n"); pair; pair = strtok(NULL, " \n")) {
        for (char *tab = strchr(pair, '\t'); tab; tab = strchr(tab, '\t')) *tab = ' ';
        if (strncmp(pair, stdin_name, sizeof stdin_name - 1) == 0) {
            if (feed_stdin(pair + sizeof stdin_name - 1) != 0) return 2;
        } else if (strchr(pair, '=')) {
            putenv(pair);
        }
    }
    close(lines);
    close(counter);
    execv(argv[3], argv + 3);
    perror("keyexec: exec");
    return 127;
}
