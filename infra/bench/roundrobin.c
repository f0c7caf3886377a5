/* roundrobin ROUNDS WARMUP ENVFILE NAME=COMMAND...
 *
 * Times process starts in rounds: each round runs every COMMAND once, in order, so that the floor and
 * the functions are measured under the same conditions. hyperfine runs all runs of one command before
 * the next: on these shared machines the speed drifts within a run (the floor measured 1.45 ms first
 * and 1.96 ms last in one run), which moves a ratio between two commands timed minutes apart. Each
 * COMMAND is a program and its arguments separated by single spaces (no shell), run with exactly the
 * NAME=VALUE lines of ENVFILE as its environment, standard input and output on /dev/null. Built
 * static with gcc -O2 by infra/bench/run. Prints, per command: NAME<TAB>median ms<TAB>p90 ms.
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#define MAX_ENV 256
#define MAX_ARGS 16

static int ascending(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: roundrobin ROUNDS WARMUP ENVFILE NAME=COMMAND...\n");
        return 2;
    }
    int rounds = atoi(argv[1]), warmup = atoi(argv[2]), count = argc - 4;
    if (rounds < 1 || warmup < 0) { fprintf(stderr, "roundrobin: bad ROUNDS or WARMUP\n"); return 2; }
    FILE *file = fopen(argv[3], "r");
    if (!file) { perror(argv[3]); return 1; }
    char *environment[MAX_ENV + 1], line[4096];
    int variables = 0;
    while (fgets(line, sizeof line, file) && variables < MAX_ENV) {
        line[strcspn(line, "\n")] = 0;
        if (*line) environment[variables++] = strdup(line);
    }
    environment[variables] = NULL;
    fclose(file);

    char *names[count], *arguments[count][MAX_ARGS + 1];
    for (int i = 0; i < count; i++) {
        char *spec = strdup(argv[4 + i]), *equals = strchr(spec, '=');
        if (!equals) { fprintf(stderr, "roundrobin: %s is not NAME=COMMAND\n", spec); return 2; }
        *equals = 0;
        names[i] = spec;
        int n = 0;
        for (char *word = strtok(equals + 1, " "); word && n < MAX_ARGS; word = strtok(NULL, " ")) arguments[i][n++] = word;
        arguments[i][n] = NULL;
        if (n == 0) { fprintf(stderr, "roundrobin: %s has no command\n", names[i]); return 2; }
    }

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    double *times = calloc((size_t)rounds * count, sizeof(double));
    for (int round = -warmup; round < rounds; round++) {
        for (int i = 0; i < count; i++) {
            struct timespec start, end;
            pid_t pid;
            int status;
            clock_gettime(CLOCK_MONOTONIC, &start);
            if (posix_spawn(&pid, arguments[i][0], &actions, NULL, arguments[i], environment) != 0) {
                perror(arguments[i][0]);
                return 1;
            }
            if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                fprintf(stderr, "roundrobin: %s did not exit 0\n", names[i]);
                return 1;
            }
            clock_gettime(CLOCK_MONOTONIC, &end);
            if (round >= 0)
                times[(size_t)i * rounds + round] = (end.tv_sec - start.tv_sec) * 1e3 + (end.tv_nsec - start.tv_nsec) / 1e6;
        }
    }
    for (int i = 0; i < count; i++) {
        double *sample = times + (size_t)i * rounds;
        qsort(sample, rounds, sizeof(double), ascending);
        printf("%s\t%.3f\t%.3f\n", names[i], sample[rounds / 2], sample[(rounds * 9) / 10]);
    }
    return 0;
}
