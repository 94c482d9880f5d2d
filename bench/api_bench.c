/*
 * api_bench.c -- the C time of what one mdsum.summarize() call does, for
 * bench/python_bench.py to compare the Python binding against.
 *
 *   api_bench FILE.jsonl REPEAT MODE
 *
 * FILE holds one cluster per line ({"id", "documents": [...]}). The
 * documents are loaded into memory first (not timed); then every cluster
 * is summarized REPEAT times over, the way the binding does it:
 *   MODE calls:   mdsum_cluster_clear, _set_id, _add per document,
 *                 mdsum_summarize, mdsum_render (text and JSON), frees
 *   MODE oneshot: mdsum_summarize_docs (text and JSON in one call)
 * and the best pass's time per cluster is printed in microseconds, wall
 * clock and CPU time of the process (robust when other programs compete
 * for the cores):
 *   c_us_per_cluster 123.4
 *   c_cpu_us_per_cluster 120.1
 * Built by python_bench.py with cc against the build tree's libmdsum.
 */
#define _POSIX_C_SOURCE 200809L
#include <mdsum.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct bench_cluster {
    char *id;
    mdsum_doc *docs;
    size_t n;
} bench_cluster;

static char *dup_str(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) { fputs("api_bench: out of memory\n", stderr); exit(2); }
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static char *dup_opt(const char *s)
{
    return s ? dup_str(s, strlen(s)) : NULL;
}

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void fail(mdsum_ctx *ctx, int rc, const char *what)
{
    fprintf(stderr, "api_bench: %s: %s\n", what, rc ? mdsum_ctx_error(ctx)->message : "");
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fputs("usage: api_bench FILE.jsonl REPEAT calls|oneshot\n", stderr);
        return 2;
    }
    int repeat = atoi(argv[2]);
    int oneshot = strcmp(argv[3], "oneshot") == 0;
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    mdsum_cluster *tmp = mdsum_cluster_new(ctx);
    mdsum_reader *r;
    int rc = mdsum_reader_open(ctx, argv[1], 0, &r);
    if (rc) fail(ctx, rc, argv[1]);
    bench_cluster *cls = NULL;
    size_t ncl = 0, cap = 0;
    const char *line;
    size_t len;
    while ((rc = mdsum_reader_line(r, &line, &len)) == 1) {
        mdsum_cluster_clear(tmp);
        if ((rc = mdsum_cluster_add_jsonl(tmp, line, len, 0))) fail(ctx, rc, "parse");
        if (ncl == cap) {
            cap = cap ? 2 * cap : 1024;
            cls = realloc(cls, cap * sizeof *cls);
            if (!cls) fail(ctx, 0, "out of memory");
        }
        bench_cluster *c = &cls[ncl++];
        c->id = dup_opt(mdsum_cluster_id(tmp));
        c->n = mdsum_cluster_doc_count(tmp);
        c->docs = calloc(c->n ? c->n : 1, sizeof *c->docs);
        if (!c->docs) fail(ctx, 0, "out of memory");
        for (size_t i = 0; i < c->n; i++) {
            mdsum_doc d;
            mdsum_cluster_doc(tmp, i, &d);
            c->docs[i].id = dup_opt(d.id);
            c->docs[i].title = dup_opt(d.title);
            c->docs[i].text = dup_str(d.text, d.text_len);
            c->docs[i].text_len = d.text_len;
        }
    }
    if (rc < 0) fail(ctx, rc, argv[1]);
    mdsum_reader_free(r);
    mdsum_cluster_free(tmp);

    mdsum_options o;
    mdsum_options_init(&o);
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    static const int formats[2] = {MDSUM_RENDER_TEXT, MDSUM_RENDER_JSON};
    double best = 1e30, best_cpu = 1e30;
    size_t bytes = 0;
    for (int pass = 0; pass < repeat; pass++) {
        double t0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
        for (size_t k = 0; k < ncl; k++) {
            bench_cluster *c = &cls[k];
            char *out[2];
            size_t out_len[2];
            if (oneshot) {
#ifdef HAVE_ONESHOT
                char *all;
                rc = mdsum_summarize_docs(ctx, c->id, c->docs, c->n, &o, formats, 2, &all, out_len);
                if (rc) fail(ctx, rc, "summarize_docs");
                bytes += out_len[0] + out_len[1];
                mdsum_free(ctx, all);
                continue;
#else
                fail(ctx, 0, "built without mdsum_summarize_docs");
#endif
            } else {
                mdsum_cluster_clear(cl);
                if (c->id) mdsum_cluster_set_id(cl, c->id);
                for (size_t i = 0; i < c->n; i++)
                    if ((rc = mdsum_cluster_add(cl, &c->docs[i], 0))) fail(ctx, rc, "add");
                mdsum_summary *s;
                if ((rc = mdsum_summarize(ctx, cl, &o, &s))) fail(ctx, rc, "summarize");
                for (int f = 0; f < 2; f++)
                    if ((rc = mdsum_render(ctx, cl, s, formats[f], &out[f], &out_len[f])))
                        fail(ctx, rc, "render");
                mdsum_summary_free(s);
            }
            for (int f = 0; f < 2; f++) {
                bytes += out_len[f];
                mdsum_free(ctx, out[f]);
            }
        }
        double t = clock_s(CLOCK_MONOTONIC) - t0, c = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
        if (t < best) best = t;
        if (c < best_cpu) best_cpu = c;
    }
    printf("c_us_per_cluster %.2f\nc_cpu_us_per_cluster %.2f\nclusters %zu\noutput_bytes %zu\n",
           ncl ? best / (double)ncl * 1e6 : 0.0, ncl ? best_cpu / (double)ncl * 1e6 : 0.0, ncl, bytes);
    mdsum_cluster_free(cl);
    for (size_t k = 0; k < ncl; k++) {
        for (size_t i = 0; i < cls[k].n; i++) {
            free((char *)cls[k].docs[i].id);
            free((char *)cls[k].docs[i].title);
            free((char *)cls[k].docs[i].text);
        }
        free(cls[k].docs);
        free(cls[k].id);
    }
    free(cls);
    mdsum_ctx_free(ctx);
    return 0;
}
