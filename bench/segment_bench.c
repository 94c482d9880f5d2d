/*
 * segment_bench.c -- speed of the sentence segmenter on real news text.
 *
 *   segment_bench [FILE [REPEATS]]
 *
 * FILE defaults to $MDSUM_SHARED_DIR/data/multinews/val.src.gz (Multi-News
 * validation sources: one cluster per line, documents separated by
 * "|||||"). The whole input is decompressed into memory first, so only
 * segmentation is timed, on one thread, best of REPEATS (default 5) runs.
 * Three ways of calling segment_split() are timed:
 *   document   one call per document (how the pipeline calls it on
 *              Multi-News, whose documents are single paragraphs);
 *   line       one call per input line (all documents of a cluster);
 *   slices     one call per 400-byte (and per 80-byte) slice cut at a
 *              space, standing in for the many small regions (paragraphs,
 *              lines) the cleaner hands over on web text.
 * Peers in the same run: a naive splitter (terminal punctuation followed
 * by white space and a capital; the provisional splitter this module
 * replaced) and a bare memchr() count of full stops, the floor for any
 * splitter that must look at every full stop.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct region {
    size_t start, end;
} region;

typedef struct regions {
    region *v;
    size_t n, cap;
} regions;

static void add_region(regions *r, size_t s, size_t e)
{
    if (s >= e) return;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 1024;
        r->v = realloc(r->v, r->cap * sizeof *r->v);
        if (!r->v) {
            fprintf(stderr, "segment_bench: out of memory\n");
            exit(2);
        }
    }
    r->v[r->n].start = s;
    r->v[r->n].end = e;
    r->n++;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The naive peer: . ! ? (+ closing quotes) + white space + capital/digit. */
static size_t naive_split(const char *t, size_t s, size_t e)
{
    size_t n = 0;
    for (size_t i = s; i < e; i++) {
        char c = t[i];
        if (c != '.' && c != '!' && c != '?') continue;
        size_t j = i + 1;
        while (j < e && (t[j] == '"' || t[j] == '\'' || t[j] == ')')) j++;
        if (j + 1 < e && t[j] == ' ' && ((t[j + 1] >= 'A' && t[j + 1] <= 'Z') ||
                                         (t[j + 1] >= '0' && t[j + 1] <= '9'))) {
            n++;
            i = j;
        }
    }
    return n + 1;
}

static size_t memchr_count(const char *t, size_t s, size_t e)
{
    size_t n = 0;
    const char *p = t + s, *end = t + e;
    while ((p = memchr(p, '.', (size_t)(end - p))) != NULL) {
        n++;
        p++;
    }
    return n;
}

typedef struct result {
    double best;
    size_t count;
} result;

enum { M_SEGMENT, M_NAIVE, M_MEMCHR };

static result run(const char *text, const regions *R, int mode, int repeats, span_vec *sv)
{
    result r = {1e30, 0};
    for (int k = 0; k < repeats; k++) {
        size_t count = 0;
        double t0 = now();
        for (size_t i = 0; i < R->n; i++) {
            if (mode == M_SEGMENT) {
                sv->n = 0;
                if (segment_split("en", text, R->v[i].start, R->v[i].end, sv) != MDSUM_OK) {
                    fprintf(stderr, "segment_bench: out of memory\n");
                    exit(2);
                }
                count += sv->n;
            } else if (mode == M_NAIVE) {
                count += naive_split(text, R->v[i].start, R->v[i].end);
            } else {
                count += memchr_count(text, R->v[i].start, R->v[i].end);
            }
        }
        double dt = now() - t0;
        if (dt < r.best) r.best = dt;
        r.count = count;
    }
    return r;
}

int main(int argc, char **argv)
{
    char def[4096];
    snprintf(def, sizeof def, "%s/data/multinews/val.src.gz", MDSUM_SHARED_DIR);
    const char *path = argc > 1 ? argv[1] : def;
    int repeats = argc > 2 ? atoi(argv[2]) : 5;
    if (repeats < 1) repeats = 1;

    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    mdsum_reader *rd = NULL;
    if (!ctx || mdsum_reader_open(ctx, path, 0, &rd) != MDSUM_OK) {
        fprintf(stderr, "segment_bench: cannot read %s%s%s\n", path, ctx ? ": " : "",
                ctx ? mdsum_ctx_error(ctx)->message : "");
        mdsum_ctx_free(ctx);
        return 77;
    }
    /* Load everything; remember line and document boundaries. */
    char *text = NULL;
    size_t len = 0, cap = 0, nlines = 0;
    regions lines = {0}, docs = {0}, paras = {0}, small = {0};
    const char *line;
    size_t ll;
    int rc;
    while ((rc = mdsum_reader_line(rd, &line, &ll)) == 1) {
        if (len + ll + 1 > cap) {
            cap = (len + ll + 1) * 2;
            text = realloc(text, cap);
            if (!text) return 2;
        }
        memcpy(text + len, line, ll);
        add_region(&lines, len, len + ll);
        size_t s = len;
        for (size_t i = len; i + 5 <= len + ll; i++) {
            if (memcmp(text + i, "|||||", 5) == 0) {
                add_region(&docs, s, i);
                s = i + 5;
                i += 4;
            }
        }
        add_region(&docs, s, len + ll);
        len += ll;
        text[len++] = '\n';
        nlines++;
    }
    mdsum_reader_free(rd);
    if (rc < 0 || !len) {
        fprintf(stderr, "segment_bench: %s: %s\n", path, rc < 0 ? mdsum_ctx_error(ctx)->message : "empty");
        return 2;
    }
    for (int pass = 0; pass < 2; pass++) {
        size_t width = pass ? 80 : 400;
        regions *out = pass ? &small : &paras;
        for (size_t i = 0; i < docs.n; i++) {
            size_t s = docs.v[i].start, e = docs.v[i].end;
            while (e - s > width) {
                size_t c = s + width;
                while (c < e && text[c] != ' ') c++;
                add_region(out, s, c);
                s = c;
            }
            add_region(out, s, e);
        }
    }

    alc_t alc;
    alc_init(&alc, NULL);
    span_vec sv;
    span_vec_init(&sv, &alc);
    double mb = (double)len / 1e6;
    printf("input: %s\n", path);
    printf("  %.1f MB, %zu lines, %zu documents, %zu/%zu slices; one thread, best of %d\n", mb,
           nlines, docs.n, paras.n, small.n, repeats);
    struct {
        const char *name;
        const regions *R;
        int mode;
    } cases[] = {
        {"segment_split per document ", &docs, M_SEGMENT},
        {"segment_split per line     ", &lines, M_SEGMENT},
        {"segment_split per 400 B    ", &paras, M_SEGMENT},
        {"segment_split per 80 B     ", &small, M_SEGMENT},
        {"naive splitter per document", &docs, M_NAIVE},
        {"memchr('.') per document   ", &docs, M_MEMCHR},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        result r = run(text, cases[c].R, cases[c].mode, repeats, &sv);
        printf("  %s %8.1f MB/s  %7.3f s  %9zu %s\n", cases[c].name, mb / r.best, r.best, r.count,
               cases[c].mode == M_MEMCHR ? "full stops" : "sentences");
    }
    span_vec_fini(&sv);
    free(text);
    free(lines.v);
    free(docs.v);
    free(paras.v);
    free(small.v);
    mdsum_ctx_free(ctx);
    return 0;
}
