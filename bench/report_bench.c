/*
 * report_bench.c -- time mdsum_report_render() alone, against the JSON
 * renderer (mdsum_render, MDSUM_RENDER_JSON) on the same summary as the
 * peer. Reads one JSONL cluster line, summarizes it once with the given
 * algorithm, then renders each format REPS times and prints the best time.
 * Built and run by bench/report.sh:
 *   report_bench FILE.jsonl [ALGO] [REPS]
 */
#include <mdsum.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: report_bench FILE.jsonl [ALGO] [REPS]\n");
        return 2;
    }
    const char *algo = argc > 2 ? argv[2] : "lead";
    int reps = argc > 3 ? atoi(argv[3]) : 20;
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    mdsum_reader *r;
    const char *line;
    size_t len;
    if (mdsum_reader_open(ctx, argv[1], 0, &r) || mdsum_reader_line(r, &line, &len) != 1 ||
        mdsum_cluster_add_jsonl(cl, line, len, 0)) {
        fprintf(stderr, "report_bench: %s: %s\n", argv[1], mdsum_ctx_error(ctx)->message);
        return 1;
    }
    mdsum_reader_free(r);
    mdsum_options o;
    mdsum_options_init(&o);
    o.algo = algo;
    o.words = 300;
    mdsum_summary *s;
    if (mdsum_summarize(ctx, cl, &o, &s)) {
        fprintf(stderr, "report_bench: %s\n", mdsum_ctx_error(ctx)->message);
        return 1;
    }
    size_t bytes = 0;
    for (size_t i = 0; i < mdsum_cluster_doc_count(cl); i++) {
        mdsum_doc d;
        mdsum_cluster_doc(cl, i, &d);
        bytes += d.text_len;
    }
    double best_json = 1e30, best_html = 1e30;
    size_t json_len = 0, html_len = 0;
    for (int k = 0; k < reps; k++) {
        char *out;
        double t0 = now_ms();
        if (mdsum_render(ctx, cl, s, MDSUM_RENDER_JSON, &out, &json_len)) return 1;
        double t1 = now_ms();
        mdsum_free(ctx, out);
        if (t1 - t0 < best_json) best_json = t1 - t0;
        t0 = now_ms();
        if (mdsum_report_render(ctx, cl, s, NULL, &out, &html_len)) return 1;
        t1 = now_ms();
        mdsum_free(ctx, out);
        if (t1 - t0 < best_html) best_html = t1 - t0;
    }
    printf("%zu docs, %zu text bytes, %zu sentences, %zu picks: json %.3f ms (%zu B), "
           "report %.3f ms (%zu B, %.0f MB/s of text)\n",
           mdsum_cluster_doc_count(cl), bytes, mdsum_cluster_sentence_count(cl), mdsum_summary_count(s),
           best_json, json_len, best_html, html_len, (double)bytes / 1e6 / (best_html / 1e3));
    mdsum_summary_free(s);
    mdsum_cluster_free(cl);
    mdsum_ctx_free(ctx);
    return 0;
}
