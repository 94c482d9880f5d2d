/*
 * test_oneshot.c -- mdsum_summarize_docs: the same bytes as the step-by-step
 * calls it stands for (the oracle), the layout of its output buffer, all or
 * nothing on failure, and no leak when any allocation fails.
 */
#include "internal.h"
#include "test.h"
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *texts[3];
static size_t lens[3];

static void example_docs(mdsum_doc *docs)
{
    memset(docs, 0, 3 * sizeof *docs);
    for (int i = 0; i < 3; i++) {
        docs[i].id = test_example_files[i];
        docs[i].title = i == 1 ? "Bridge \"closed\"" : NULL;
        docs[i].text = texts[i];
        docs[i].text_len = lens[i];
    }
}

/* The oracle: the calls mdsum_summarize_docs stands for, one rendering. */
static int by_steps(mdsum_ctx *ctx, const char *id, const mdsum_doc *docs, size_t n,
                    const mdsum_options *o, int format, char **out, size_t *len)
{
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    int rc = mdsum_cluster_set_id(cl, id);
    for (size_t i = 0; i < n && rc == MDSUM_OK; i++) rc = mdsum_cluster_add(cl, &docs[i], o->flags);
    mdsum_summary *s = NULL;
    if (rc == MDSUM_OK) rc = mdsum_summarize(ctx, cl, o, &s);
    if (rc == MDSUM_OK) rc = mdsum_render(ctx, cl, s, format, out, len);
    mdsum_summary_free(s);
    mdsum_cluster_free(cl);
    return rc;
}

/* Option variants compared with the oracle. A row per option that reaches
 * a different part of the pipeline (budgets, algorithm, flags, language). */
typedef struct variant {
    const char *algo;
    long words, sentences, bytes;
    unsigned flags;
    const char *lang;
} variant;

static const variant VARIANTS[] = {
    {NULL, 100, 0, 0, 0, NULL},
    {"lead", 40, 0, 0, 0, NULL},
    {"centroid", 0, 2, 0, 0, NULL},
    {"lexrank", 0, 0, 300, MDSUM_TRUNCATE, NULL},
    {NULL, 60, 0, 0, MDSUM_NO_CLEAN | MDSUM_NO_IDF, "auto"},
};

static void test_same_as_steps(mdsum_ctx *ctx)
{
    mdsum_doc docs[3];
    example_docs(docs);
    static const int formats[4] = {MDSUM_RENDER_TEXT, MDSUM_RENDER_JSON,
                                   MDSUM_RENDER_MARKDOWN, MDSUM_RENDER_LINE};
    for (size_t v = 0; v < sizeof VARIANTS / sizeof VARIANTS[0]; v++) {
        mdsum_options o;
        mdsum_options_init(&o);
        o.algo = VARIANTS[v].algo;
        o.words = VARIANTS[v].words;
        o.sentences = VARIANTS[v].sentences;
        o.bytes = VARIANTS[v].bytes;
        o.flags = VARIANTS[v].flags;
        if (VARIANTS[v].lang) o.lang = VARIANTS[v].lang;
        const char *id = v % 2 ? "cluster-7" : NULL;
        char *all = NULL;
        size_t out_lens[4] = {9, 9, 9, 9};
        CHECK_EQ_INT(mdsum_summarize_docs(ctx, id, docs, 3, &o, formats, 4, &all, out_lens), MDSUM_OK);
        CHECK(all != NULL);
        if (!all) continue;
        /* Rendering f starts after the previous ones and their NULs. */
        const char *p = all;
        for (int f = 0; f < 4; f++) {
            char *want;
            size_t wlen;
            CHECK_EQ_INT(by_steps(ctx, id, docs, 3, &o, formats[f], &want, &wlen), MDSUM_OK);
            CHECK_EQ_INT(out_lens[f], wlen);
            CHECK(memcmp(p, want, wlen) == 0 && p[wlen] == '\0');
            mdsum_free(ctx, want);
            p += out_lens[f] + 1;
        }
        mdsum_free(ctx, all);

        /* One format: the rendering itself. */
        size_t one_len = 0;
        CHECK_EQ_INT(mdsum_summarize_docs(ctx, id, docs, 3, &o, &formats[1], 1, &all, &one_len), MDSUM_OK);
        char *want;
        size_t wlen;
        CHECK_EQ_INT(by_steps(ctx, id, docs, 3, &o, MDSUM_RENDER_JSON, &want, &wlen), MDSUM_OK);
        CHECK(one_len == wlen && strcmp(all, want) == 0);
        CHECK((id != NULL) == (strstr(all, "\"id\":\"cluster-7\"") != NULL));
        mdsum_free(ctx, want);
        mdsum_free(ctx, all);
    }
    /* NULL options are the defaults. */
    mdsum_options d;
    mdsum_options_init(&d);
    int f = MDSUM_RENDER_JSON;
    char *a, *b;
    size_t la, lb;
    CHECK_EQ_INT(mdsum_summarize_docs(ctx, NULL, docs, 3, NULL, &f, 1, &a, &la), MDSUM_OK);
    CHECK_EQ_INT(mdsum_summarize_docs(ctx, NULL, docs, 3, &d, &f, 1, &b, &lb), MDSUM_OK);
    CHECK(la == lb && strcmp(a, b) == 0);
    mdsum_free(ctx, a);
    mdsum_free(ctx, b);
}

static void test_lenient(mdsum_ctx *ctx)
{
    mdsum_doc d = {0};
    d.text = "Storm \xff closes the bridge. Engineers found cracks today.";
    d.text_len = strlen(d.text);
    mdsum_options o;
    mdsum_options_init(&o);
    int f = MDSUM_RENDER_TEXT;
    char *out = NULL;
    size_t len;
    CHECK_EQ_INT(mdsum_summarize_docs(ctx, NULL, &d, 1, &o, &f, 1, &out, &len), MDSUM_EUTF8);
    CHECK(out == NULL);
    o.flags = MDSUM_LENIENT;
    CHECK_EQ_INT(mdsum_summarize_docs(ctx, NULL, &d, 1, &o, &f, 1, &out, &len), MDSUM_OK);
    CHECK(out && strstr(out, "\xEF\xBF\xBD") != NULL);
    mdsum_free(ctx, out);
}

/* Failures. A row per way to call it wrongly or give it bad input, with the
 * status, and the error position where there is one. */
enum { C_OK, C_NULL_OUT, C_NULL_LENS, C_NULL_FORMATS, C_ZERO_FORMATS, C_NULL_DOCS, C_BAD_FORMAT,
       C_BAD_UTF8, C_NO_DOCS, C_EMPTY_DOCS, C_BAD_LANG, C_BAD_ALGO, C_BAD_ID, C_BAD_BUDGET,
       C_MISSING_IDF };

static const struct {
    int kind;
    int status;
    long long doc, offset;
} FAILS[] = {
    {C_NULL_OUT, MDSUM_EINVAL, -1, -1},
    {C_NULL_LENS, MDSUM_EINVAL, -1, -1},
    {C_NULL_FORMATS, MDSUM_EINVAL, -1, -1},
    {C_ZERO_FORMATS, MDSUM_EINVAL, -1, -1},
    {C_NULL_DOCS, MDSUM_EINVAL, -1, -1},
    {C_BAD_FORMAT, MDSUM_EINVAL, -1, -1},
    {C_BAD_UTF8, MDSUM_EUTF8, 1, 7},
    {C_NO_DOCS, MDSUM_EEMPTY, -1, -1},
    {C_EMPTY_DOCS, MDSUM_EEMPTY, -1, -1},
    {C_BAD_LANG, MDSUM_ELANG, -1, -1},
    {C_BAD_ALGO, MDSUM_EALGO, -1, -1},
    {C_BAD_ID, MDSUM_EUTF8, -1, -1},
    {C_BAD_BUDGET, MDSUM_EINVAL, -1, -1},
    {C_MISSING_IDF, MDSUM_EIO, -1, -1},
};

static void test_failures(mdsum_ctx *ctx)
{
    CHECK_EQ_INT(mdsum_summarize_docs(NULL, NULL, NULL, 0, NULL, NULL, 0, NULL, NULL), MDSUM_EINVAL);
    for (size_t k = 0; k < sizeof FAILS / sizeof FAILS[0]; k++) {
        mdsum_doc docs[2];
        memset(docs, 0, sizeof docs);
        docs[0].text = "The bridge closed on Thursday. Ferries run.";
        docs[0].text_len = strlen(docs[0].text);
        docs[1].text = "Cracks were found. Engineers said so.";
        docs[1].text_len = strlen(docs[1].text);
        size_t ndocs = 2;
        const char *id = NULL;
        mdsum_options o;
        mdsum_options_init(&o);
        int formats[2] = {MDSUM_RENDER_TEXT, MDSUM_RENDER_JSON};
        size_t nformats = 2;
        char *sentinel = (char *)"untouched", *out = sentinel;
        size_t out_lens[2] = {5, 5};
        char **outp = &out;
        size_t *lensp = out_lens;
        const mdsum_doc *dp = docs;
        int *fp = formats;
        switch (FAILS[k].kind) {
        case C_NULL_OUT: outp = NULL; break;
        case C_NULL_LENS: lensp = NULL; break;
        case C_NULL_FORMATS: fp = NULL; break;
        case C_ZERO_FORMATS: nformats = 0; break;
        case C_NULL_DOCS: dp = NULL; break;
        case C_BAD_FORMAT: formats[1] = 99; break;
        case C_BAD_UTF8:   /* a truncated sequence at byte 7 of document 2 */
            docs[1].text = "Cracks \xc3( were found. Engineers said so.";
            docs[1].text_len = strlen(docs[1].text);
            break;
        case C_NO_DOCS: ndocs = 0; break;
        case C_EMPTY_DOCS: docs[0].text_len = 0; docs[1].text = "  \n"; docs[1].text_len = 3; break;
        case C_BAD_LANG: o.lang = "xx"; break;
        case C_BAD_ALGO: o.algo = "nope"; break;
        case C_BAD_ID: id = "\xff"; break;
        case C_BAD_BUDGET: o.words = -1; break;
        case C_MISSING_IDF: o.idf_file = "/nonexistent/idf.tsv"; break;
        }
        int rc = mdsum_summarize_docs(ctx, id, dp, ndocs, &o, fp, nformats, outp, lensp);
        CHECK_EQ_INT(rc, FAILS[k].status);
        const mdsum_error *e = mdsum_ctx_error(ctx);
        CHECK_EQ_INT(e->code, FAILS[k].status);
        CHECK(e->message[0] != '\0');
        CHECK_EQ_INT(e->doc, FAILS[k].doc);
        CHECK_EQ_INT(e->offset, FAILS[k].offset);
        /* Nothing handed out: *out is NULL once the call could write it. */
        if (outp) CHECK(out == NULL);
        else CHECK(out == sentinel);
        if (rc != MDSUM_OK && out != NULL && out != sentinel) mdsum_free(ctx, out);
    }
}

/* ---- Allocation failure injection --------------------------------------- */
static int run_with_allocator(test_fail_alc *f)
{
    mdsum_allocator a = test_fail_allocator(f);
    mdsum_ctx *ctx = mdsum_ctx_new(&a);
    if (!ctx) return MDSUM_ENOMEM;
    mdsum_doc docs[3];
    example_docs(docs);
    static const int formats[3] = {MDSUM_RENDER_TEXT, MDSUM_RENDER_JSON, MDSUM_RENDER_MARKDOWN};
    char *out = NULL;
    size_t out_lens[3];
    int rc = mdsum_summarize_docs(ctx, "id", docs, 3, NULL, formats, 3, &out, out_lens);
    if (rc == MDSUM_OK) {
        if (!out) rc = MDSUM_EINTERNAL;
        mdsum_free(ctx, out);
    } else if (out) {
        rc = MDSUM_EINTERNAL;   /* a failure must hand out nothing */
    }
    mdsum_ctx_free(ctx);
    return rc;
}

static void test_alloc_failures(void)
{
    long points = 0;
    CHECK_EQ_INT(test_fail_sweep(run_with_allocator, &points), 0);
    CHECK(points > 10);
}

int main(void)
{
    if (test_example_load(texts, lens) != 0) return 1;
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    test_same_as_steps(ctx);
    test_lenient(ctx);
    test_failures(ctx);
    mdsum_ctx_free(ctx);
    test_alloc_failures();
    for (int i = 0; i < 3; i++) free(texts[i]);
    return test_finish("test_oneshot");
}
