/*
 * oneshot.c -- summarize a cluster given as an array of documents in one
 * call: build the cluster, summarize, render one or more formats, free.
 *
 * Why it exists: a binding pays a fixed cost per foreign call (argument
 * conversion, releasing and taking back the GIL). The step-by-step API
 * needs about ten calls per cluster (new/clear, set_id, one add per
 * document, summarize, a render per format, frees), which cost about a
 * fifth of the C time of a Multi-News cluster from Python's ctypes
 * (bench/python_bench.py). This file composes only public calls, so it
 * gives exactly what those calls give.
 */
#include "internal.h"

#include <string.h>

int mdsum_summarize_docs(mdsum_ctx *ctx, const char *cluster_id, const mdsum_doc *docs,
                         size_t ndocs, const mdsum_options *opts, const int *formats,
                         size_t nformats, char **out, size_t *out_lens)
{
    if (out) *out = NULL;
    if (out_lens)
        for (size_t f = 0; f < nformats; f++) out_lens[f] = 0;
    if (!ctx) return MDSUM_EINVAL;
    if (!out || !out_lens || !formats || nformats == 0 || (!docs && ndocs))
        return err_set(ctx, MDSUM_EINVAL, "invalid argument");
    for (size_t f = 0; f < nformats; f++) {
        if (formats[f] < MDSUM_RENDER_TEXT || formats[f] > MDSUM_RENDER_LINE)
            return err_set(ctx, MDSUM_EINVAL, "unknown output format %d", formats[f]);
    }
    mdsum_options defaults;
    if (!opts) {
        mdsum_options_init(&defaults);
        opts = &defaults;
    }
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    if (!cl) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    int rc = mdsum_cluster_set_id(cl, cluster_id);
    for (size_t i = 0; i < ndocs && rc == MDSUM_OK; i++)
        rc = mdsum_cluster_add(cl, &docs[i], opts->flags);
    mdsum_summary *s = NULL;
    if (rc == MDSUM_OK) rc = mdsum_summarize(ctx, cl, opts, &s);
    /* The renderings go into one buffer, each followed by its NUL, so the
     * caller frees once (one call fewer from a binding). */
    strbuf all;
    buf_init(&all, &ctx->alc);
    for (size_t f = 0; f < nformats && rc == MDSUM_OK; f++) {
        char *text;
        size_t len;
        rc = mdsum_render(ctx, cl, s, formats[f], &text, &len);
        if (rc != MDSUM_OK) break;
        if (nformats == 1) {
            *out = text;
        } else {
            buf_append(&all, text, len + 1);
            mdsum_free(ctx, text);
            if (all.failed) rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
        }
        out_lens[f] = len;
    }
    if (rc == MDSUM_OK && nformats > 1) {
        size_t total;
        *out = buf_detach(&all, &total);
        if (!*out) rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
    }
    buf_fini(&all);
    if (rc != MDSUM_OK) {
        /* All or nothing: the caller frees nothing after a failure. */
        mdsum_free(ctx, *out);
        *out = NULL;
        for (size_t f = 0; f < nformats; f++) out_lens[f] = 0;
    }
    mdsum_summary_free(s);
    mdsum_cluster_free(cl);
    return rc;
}
