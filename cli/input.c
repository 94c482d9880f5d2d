/*
 * input.c -- turning command-line arguments into documents: files,
 * directories (every regular file, in name order), standard input.
 */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool list_push(cli_paths *l, char *path)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v) return false;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = path;
    return true;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p) memcpy(p, s, n + 1);
    return p;
}

int cli_expand_one(const char *a, cli_paths *out, char *err, size_t cap)
{
    struct stat st;
    if (strcmp(a, "-") == 0 || stat(a, &st) != 0 || !S_ISDIR(st.st_mode)) {
        char *p = dup_str(a);
        if (!p || !list_push(out, p)) { free(p); snprintf(err, cap, "out of memory"); return MDSUM_ENOMEM; }
        return MDSUM_OK;
    }
    DIR *d = opendir(a);
    if (!d) {
        snprintf(err, cap, "%s: %s", a, strerror(errno));
        return MDSUM_EIO;
    }
    size_t first = out->n;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;   /* hidden files, . and .. */
        size_t n = strlen(a) + strlen(e->d_name) + 2;
        char *p = malloc(n);
        if (!p) { closedir(d); snprintf(err, cap, "out of memory"); return MDSUM_ENOMEM; }
        snprintf(p, n, "%s%s%s", a, a[strlen(a) - 1] == '/' ? "" : "/", e->d_name);
        struct stat fst;
        if (stat(p, &fst) != 0 || !S_ISREG(fst.st_mode)) { free(p); continue; }
        if (!list_push(out, p)) { free(p); closedir(d); snprintf(err, cap, "out of memory"); return MDSUM_ENOMEM; }
    }
    closedir(d);
    if (out->n == first) {
        snprintf(err, cap, "%s: directory has no regular files", a);
        return MDSUM_EEMPTY;
    }
    qsort(out->v + first, out->n - first, sizeof *out->v, cmp_str);
    return MDSUM_OK;
}

bool cli_expand_paths(int argc, char **argv, cli_paths *out)
{
    memset(out, 0, sizeof *out);
    if (argc == 0) {
        char *p = dup_str("-");
        if (!p || !list_push(out, p)) { free(p); cli_error("out of memory"); return false; }
        return true;
    }
    for (int i = 0; i < argc; i++) {
        char err[4200];
        if (cli_expand_one(argv[i], out, err, sizeof err) != MDSUM_OK) {
            cli_error_text(err);
            cli_paths_free(out);
            return false;
        }
    }
    return true;
}

void cli_paths_free(cli_paths *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

const char *cli_display_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "standard input" : path;
}

const char *cli_base_name(const char *path)
{
    if (strcmp(path, "-") == 0) return "stdin";
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}
