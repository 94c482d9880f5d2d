/*
 * test_support.h -- helpers several unit tests share: reading a file whole,
 * the example cluster (examples/harbor-bridge), building a cluster from
 * texts, counting words, and the failing/counting allocator used for
 * allocation failure injection. Header-only (static inline) so that every
 * tests/unit/test_*.c stays one executable of one source file.
 */
#ifndef MDSUM_TEST_SUPPORT_H
#define MDSUM_TEST_SUPPORT_H

#include "mdsum.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Sorted tables ------------------------------------------------------- */

/* Walk a table built into the library and searched in place through the
 * build's index (idf-en.tsv, prior-en.tsv): after its '#' lines, every line
 * must be "key<TAB>..." with `tabs` tabs, keys in strictly increasing byte
 * order (a prefix before its extensions) as the builders write them, so
 * each key once. each(ud, s, n) is called for every key,
 * and for the absent strings beside it (the key with '~' added, the key
 * less its last byte), so that a test can compare two readings of the
 * table on them. Returns the number of keys; *bad_line and *bad_order
 * count the lines that break the rules. */
typedef void (*test_key_fn)(void *ud, const char *s, size_t n);

static inline size_t test_sorted_table(const char *data, size_t len, int tabs, size_t *bad_line,
                                       size_t *bad_order, test_key_fn each, void *ud)
{
    const char *end = data + len, *p = data, *prev = NULL;
    size_t prevn = 0, keys = 0;
    char probe[256];
    *bad_line = *bad_order = 0;
    while (p < end && *p == '#') {
        const char *q = (const char *)memchr(p, '\n', (size_t)(end - p));
        p = q ? q + 1 : end;
    }
    while (p < end) {
        const char *le = (const char *)memchr(p, '\n', (size_t)(end - p));
        if (!le) le = end;
        int nt = 0;
        for (const char *q = p; q < le; q++) nt += *q == '\t';
        const char *tab = (const char *)memchr(p, '\t', (size_t)(le - p));
        if (!tab || tab == p || *p == '#' || nt != tabs) {
            (*bad_line)++;
            p = le + 1;
            continue;
        }
        size_t n = (size_t)(tab - p);
        if (prev) {
            int c = memcmp(prev, p, prevn < n ? prevn : n);
            if (c > 0 || (c == 0 && prevn >= n)) (*bad_order)++;
        }
        each(ud, p, n);
        if (n + 1 < sizeof probe) {
            memcpy(probe, p, n);
            probe[n] = '~';
            each(ud, probe, n + 1);
            each(ud, probe, n - 1);
        }
        prev = p;
        prevn = n;
        keys++;
        p = le + 1;
    }
    return keys;
}

/* ---- Files ---------------------------------------------------------------- */

/* The whole file, NUL-terminated (caller frees with free()); NULL when it
 * cannot be read. */
static inline char *test_read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    if (p && fread(p, 1, (size_t)n, fp) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(fp);
    if (p) {
        p[n] = '\0';
        *len = (size_t)n;
    }
    return p;
}

/* ---- The example cluster (examples/harbor-bridge) -------------------------- */
#define TEST_EXAMPLE_N 3

static const char *const test_example_files[TEST_EXAMPLE_N] = {
    "01-coastal-courier.txt", "02-northline-news.txt", "03-vellmar-today.txt"
};

/* Reads the example articles into texts[] and lens[] (caller frees the
 * texts). 0, or -1 after saying on stderr which file could not be read
 * (then nothing is left allocated). */
static inline int test_example_load(char *texts[TEST_EXAMPLE_N], size_t lens[TEST_EXAMPLE_N])
{
    char path[4096];
    for (int i = 0; i < TEST_EXAMPLE_N; i++) {
        snprintf(path, sizeof path, "%s/examples/harbor-bridge/%s", MDSUM_SOURCE_DIR,
                 test_example_files[i]);
        texts[i] = test_read_file(path, &lens[i]);
        if (!texts[i]) {
            fprintf(stderr, "cannot read %s\n", path);
            for (int j = 0; j < i; j++) {
                free(texts[j]);
                texts[j] = NULL;
            }
            return -1;
        }
    }
    return 0;
}

/* ---- Clusters ------------------------------------------------------------- */

/* A new cluster of n documents: texts[i], lens[i] bytes long (strlen when
 * lens is NULL), with id ids[i] (none when ids is NULL). NULL when any
 * step fails (nothing is left allocated). */
static inline mdsum_cluster *test_cluster_of(mdsum_ctx *ctx, const char *const *texts,
                                             const size_t *lens, const char *const *ids,
                                             size_t n)
{
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    for (size_t i = 0; cl && i < n; i++) {
        mdsum_doc d = {0};
        d.id = ids ? ids[i] : NULL;
        d.text = texts[i];
        d.text_len = lens ? lens[i] : strlen(texts[i]);
        if (mdsum_cluster_add(cl, &d, 0) != MDSUM_OK) {
            mdsum_cluster_free(cl);
            return NULL;
        }
    }
    return cl;
}

/* Words in s[0..n): runs of bytes other than space, tab, CR and LF. */
static inline size_t test_words_in(const char *s, size_t n)
{
    size_t w = 0;
    int in = 0;
    for (size_t i = 0; i < n; i++) {
        int sp = s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r';
        if (!sp && !in) w++;
        in = !sp;
    }
    return w;
}

/* ---- The failing allocator -------------------------------------------------
 * Counts allocations (malloc and realloc) and fails the fail_at-th one (or,
 * with fail_after, every one from the fail_at-th on); fail_at 0 never
 * fails. While paused it neither counts nor fails. Each block carries a
 * header, so that live blocks, frees of blocks that are not ours and
 * realloc calls given a wrong old size can be counted. Use
 * test_fail_allocator(&f) as the context's allocator. */
typedef struct test_fail_alc {
    long calls;        /* allocations made (malloc and realloc) */
    long fail_at;      /* 0 = never fail */
    bool fail_after;   /* fail every allocation >= fail_at, not just one */
    bool paused;       /* neither count nor fail */
    long live;         /* blocks not yet freed */
    long bad_size;     /* realloc calls whose old size was wrong */
    long foreign;      /* frees of blocks that are not ours */
} test_fail_alc;

#define TEST_FAIL_MAGIC 0x6d64616cu
typedef struct test_fail_hdr {
    size_t size;
    unsigned magic;
    unsigned pad;
} test_fail_hdr;   /* 16 bytes: keeps user blocks 16-aligned */

static inline bool test_fail_now(test_fail_alc *f)
{
    if (f->paused) return false;
    ++f->calls;
    if (!f->fail_at) return false;
    return f->fail_after ? f->calls >= f->fail_at : f->calls == f->fail_at;
}

static inline void *test_fail_malloc(void *ud, size_t n)
{
    test_fail_alc *f = ud;
    if (test_fail_now(f) || n > SIZE_MAX - sizeof(test_fail_hdr)) return NULL;
    test_fail_hdr *h = malloc(sizeof *h + n);
    if (!h) return NULL;
    h->size = n;
    h->magic = TEST_FAIL_MAGIC;
    f->live++;
    return h + 1;
}

static inline void *test_fail_realloc(void *ud, void *p, size_t old, size_t n)
{
    test_fail_alc *f = ud;
    if (!p) return test_fail_malloc(ud, n);
    test_fail_hdr *h = (test_fail_hdr *)p - 1;
    if (h->magic != TEST_FAIL_MAGIC) {
        f->foreign++;
        return NULL;
    }
    if (h->size != old) f->bad_size++;
    if (test_fail_now(f) || n > SIZE_MAX - sizeof(test_fail_hdr)) return NULL;
    test_fail_hdr *q = realloc(h, sizeof *q + n);
    if (!q) return NULL;
    q->size = n;
    return q + 1;
}

static inline void test_fail_free(void *ud, void *p)
{
    test_fail_alc *f = ud;
    if (!p) return;
    test_fail_hdr *h = (test_fail_hdr *)p - 1;
    if (h->magic != TEST_FAIL_MAGIC) {
        f->foreign++;
        return;
    }
    h->magic = 0;
    f->live--;
    free(h);
}

static inline mdsum_allocator test_fail_allocator(test_fail_alc *f)
{
    mdsum_allocator a = {test_fail_malloc, test_fail_realloc, test_fail_free, f};
    return a;
}

/* Allocation failure injection: run(f) once with a counting allocator (it
 * must succeed), then once with each of its allocations failing in turn.
 * Each failing run must return MDSUM_OK (a cache made earlier may still
 * let it succeed) or MDSUM_ENOMEM, and leave nothing leaked, no realloc
 * given a wrong old size, no free of a block that is not ours. Prints every
 * bad run and returns how many there were (the first run counts too);
 * *points gets the number of allocation points tried. */
static inline long test_fail_sweep(int (*run)(test_fail_alc *f), long *points)
{
    test_fail_alc f = {0};
    int rc = run(&f);
    long bad = rc != MDSUM_OK || f.live || f.bad_size || f.foreign;
    if (bad) fprintf(stderr, "allocation failure injection: the run without failures gave status %d, "
                             "%ld blocks leaked\n", rc, f.live);
    for (long n = 1; n <= f.calls; n++) {
        test_fail_alc g = {.fail_at = n};
        rc = run(&g);
        if ((rc != MDSUM_OK && rc != MDSUM_ENOMEM) || g.live || g.bad_size || g.foreign) {
            bad++;
            fprintf(stderr, "allocation %ld failed: status %d, %ld blocks leaked, %ld wrong realloc "
                            "sizes, %ld foreign frees\n", n, rc, g.live, g.bad_size, g.foreign);
        }
    }
    *points = f.calls;
    fprintf(stderr, "allocation failure injection: %ld allocation points tried\n", f.calls);
    return bad;
}

#endif
