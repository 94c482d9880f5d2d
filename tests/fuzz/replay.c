/*
 * replay.c -- runs a fuzz target's LLVMFuzzerTestOneInput on files, without
 * libFuzzer, so that the seed corpora and every input a fuzzer once
 * crashed on (tests/fuzz/regress/TARGET/) run in the normal test suite,
 * under any compiler, ASan and valgrind. Linked with one fuzz_*.c as
 * replay_TARGET by tests/CMakeLists.txt.
 *
 *   replay_TARGET FILE|DIR...   (a directory: every regular file in it)
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path, long *count)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "replay: %s: cannot open\n", path);
        return 1;
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *p = realloc(buf, cap * 2);
            if (!p) { free(buf); buf = NULL; break; }
            buf = p;
            cap *= 2;
        }
    }
    fclose(fp);
    if (!buf) return 1;
    /* An exact-size copy, so that reads past the end are caught. */
    uint8_t *exact = malloc(n ? n : 1);
    if (!exact) { free(buf); return 1; }
    memcpy(exact, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    (*count)++;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    long count = 0;
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) continue;   /* an absent folder: nothing to replay */
        if (!S_ISDIR(st.st_mode)) {
            bad |= run_file(argv[i], &count);
            continue;
        }
        DIR *d = opendir(argv[i]);
        if (!d) continue;
        char **names = NULL;
        size_t n = 0, cap = 0;
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.') continue;
            if (n == cap) {
                cap = cap ? 2 * cap : 64;
                char **p = realloc(names, cap * sizeof *p);
                if (!p) break;
                names = p;
            }
            size_t len = strlen(argv[i]) + strlen(e->d_name) + 2;
            names[n] = malloc(len);
            if (!names[n]) break;
            snprintf(names[n], len, "%s/%s", argv[i], e->d_name);
            n++;
        }
        closedir(d);
        qsort(names, n, sizeof *names, cmp_str);   /* a stable order for messages */
        for (size_t k = 0; k < n; k++) {
            bad |= run_file(names[k], &count);
            free(names[k]);
        }
        free(names);
    }
    fprintf(stderr, "replay: %ld inputs\n", count);
    return bad;
}
