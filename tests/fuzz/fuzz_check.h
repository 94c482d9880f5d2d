/*
 * fuzz_check.h -- what the libFuzzer targets of tests/fuzz share: a check
 * macro that traps (libFuzzer then saves the input), and checks of the
 * library's output contracts that hold for every input.
 */
#ifndef MDSUM_FUZZ_CHECK_H
#define MDSUM_FUZZ_CHECK_H

#include "internal.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A broken promise: crash so that libFuzzer keeps the input. */
#define FUZZ_CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

/* One context for the whole run, as a batch job uses it (its language
 * resources are cached; a failed call must not spoil the next one). It is
 * freed at exit so that leak checkers (LeakSanitizer, valgrind in the
 * replay tests) see nothing left. */
static mdsum_ctx *fuzz_ctx_;

static inline void fuzz_ctx_release(void)
{
    mdsum_ctx_free(fuzz_ctx_);
    fuzz_ctx_ = NULL;
}

static inline mdsum_ctx *fuzz_ctx(void)
{
    if (!fuzz_ctx_) {
        fuzz_ctx_ = mdsum_ctx_new(NULL);
        if (fuzz_ctx_) atexit(fuzz_ctx_release);
    }
    return fuzz_ctx_;
}

/* Statuses any call may return on hostile input: everything but
 * MDSUM_EINTERNAL (a bug) and unknown codes. */
static inline bool fuzz_status_ok(int rc)
{
    return rc <= 0 && rc >= MDSUM_EALGO;
}

static inline void fuzz_check_utf8(const char *s, size_t n)
{
    FUZZ_CHECK(utf8_check(s, n, false) == n);
}

static inline void fuzz_check_cstr(const char *s)
{
    if (s) fuzz_check_utf8(s, strlen(s));
}

/* Every document of a cluster the library accepted is valid UTF-8 without
 * NUL (repaired under MDSUM_LENIENT), and so are its metadata strings. */
static inline void fuzz_check_docs(const mdsum_cluster *cl)
{
    for (size_t i = 0; i < mdsum_cluster_doc_count(cl); i++) {
        mdsum_doc d;
        FUZZ_CHECK(mdsum_cluster_doc(cl, i, &d) == MDSUM_OK);
        FUZZ_CHECK(d.text != NULL);
        fuzz_check_utf8(d.text, d.text_len);
        fuzz_check_cstr(d.id);
        fuzz_check_cstr(d.title);
        fuzz_check_cstr(d.date);
        fuzz_check_cstr(d.url);
        fuzz_check_cstr(d.site);
        fuzz_check_cstr(d.author);
    }
    fuzz_check_cstr(mdsum_cluster_id(cl));
}

/* The analysis: sentences inside their documents, in order, not
 * overlapping; dropped spans inside their documents and outside every
 * sentence (removed text never reaches a summary). */
static inline void fuzz_check_analysis(const mdsum_cluster *cl)
{
    size_t ns = mdsum_cluster_sentence_count(cl), nd = mdsum_cluster_drop_count(cl);
    mdsum_sentence prev = {0};
    for (size_t i = 0; i < ns; i++) {
        mdsum_sentence s;
        mdsum_doc d;
        FUZZ_CHECK(mdsum_cluster_sentence(cl, i, &s) == MDSUM_OK);
        FUZZ_CHECK(mdsum_cluster_doc(cl, s.doc, &d) == MDSUM_OK);
        FUZZ_CHECK(s.start < s.end && s.end <= d.text_len);
        if (i) {
            FUZZ_CHECK(s.doc >= prev.doc);
            if (s.doc == prev.doc) FUZZ_CHECK(s.start >= prev.end && s.index == prev.index + 1);
        }
        prev = s;
        for (size_t k = 0; k < nd; k++) {
            mdsum_drop dr;
            FUZZ_CHECK(mdsum_cluster_drop(cl, k, &dr) == MDSUM_OK);
            if (dr.doc == s.doc && dr.start < dr.end)
                FUZZ_CHECK(dr.end <= s.start || dr.start >= s.end);
        }
    }
    for (size_t k = 0; k < nd; k++) {
        mdsum_drop dr;
        mdsum_doc d;
        FUZZ_CHECK(mdsum_cluster_drop(cl, k, &dr) == MDSUM_OK);
        FUZZ_CHECK(mdsum_cluster_doc(cl, dr.doc, &d) == MDSUM_OK);
        FUZZ_CHECK(dr.start <= dr.end && dr.end <= d.text_len && dr.reason != NULL);
    }
}

/* A summary: picks inside their sentences, in reading order, within the
 * word and sentence budgets; every rendering is valid UTF-8, and the JSON
 * rendering parses as one JSON object. */
static inline void fuzz_check_summary(mdsum_ctx *ctx, const mdsum_cluster *cl,
                                      const mdsum_summary *s, const mdsum_options *o)
{
    size_t n = mdsum_summary_count(s), words = 0;
    for (size_t i = 0; i < n; i++) {
        mdsum_pick p;
        mdsum_sentence se;
        FUZZ_CHECK(mdsum_summary_get(s, i, &p) == MDSUM_OK);
        FUZZ_CHECK(mdsum_cluster_sentence(cl, p.sentence, &se) == MDSUM_OK);
        FUZZ_CHECK(se.doc == p.doc && se.start == p.start && p.start < p.end && p.end <= se.end);
        FUZZ_CHECK(p.support >= 1 && p.support <= mdsum_cluster_doc_count(cl));
        size_t nsup = 0;
        FUZZ_CHECK(mdsum_summary_support(s, i, NULL, 0, &nsup) == MDSUM_OK && nsup >= 1);
        if (i) {
            mdsum_pick q;
            mdsum_summary_get(s, i - 1, &q);
            /* A document's sentences keep their order; only the last
             * pick may be cut (order.c). */
            if (q.doc == p.doc && p.end == se.end) FUZZ_CHECK(q.index < p.index);
            mdsum_sentence sq;
            FUZZ_CHECK(mdsum_cluster_sentence(cl, q.sentence, &sq) == MDSUM_OK);
            FUZZ_CHECK(q.end == sq.end);
        }
        words += p.words;
    }
    if (o->words) FUZZ_CHECK(words <= (size_t)o->words);
    if (o->sentences) FUZZ_CHECK(n <= (size_t)o->sentences);
    static const int formats[] = {MDSUM_RENDER_TEXT, MDSUM_RENDER_JSON, MDSUM_RENDER_MARKDOWN,
                                  MDSUM_RENDER_LINE};
    for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
        char *out = NULL;
        size_t len = 0;
        int rc = mdsum_render(ctx, cl, s, formats[f], &out, &len);
        FUZZ_CHECK(rc == MDSUM_OK || rc == MDSUM_ENOMEM);
        if (rc) continue;
        FUZZ_CHECK(out[len] == '\0');
        fuzz_check_utf8(out, len);
        if (formats[f] == MDSUM_RENDER_JSON) {
            json_error_t je;
            json_t *j = json_loadb(out, len, 0, &je);
            FUZZ_CHECK(j != NULL && json_is_object(j));
            json_decref(j);
        }
        if (formats[f] == MDSUM_RENDER_LINE || formats[f] == MDSUM_RENDER_JSON)
            FUZZ_CHECK(memchr(out, '\n', len) == out + len - 1);
        mdsum_free(ctx, out);
    }
}

#endif
