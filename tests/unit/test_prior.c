/*
 * test_prior.c -- the word prior (src/prior.c) and its builder
 * (mdsum_trainer with MDSUM_TARGET_PRIOR, src/learn.c): malformed tables
 * are refused with the line; lookups follow the smoothing formula, worked
 * out by hand; unknown words get the overall rate; the shipped table
 * parses; the builder counts inputs and references as a hand count says.
 */
#include "internal.h"
#include "cluster.h"
#include "test.h"
#include "test_support.h"

#include <string.h>

#include <math.h>
#include <stdio.h>

/* Each entry: a table text that must be refused. */
static const char *const bad_tables[] = {
    "",                                                        /* empty */
    "term\t1\t1\n",                                            /* no header */
    "# mdsum-prior 2 lang=en clusters=1 src=10 both=1\n",      /* other version */
    "# mdsum-prior 1 lang=en clusters=1 src=0 both=0\n",       /* no words at all */
    "# mdsum-prior 1 lang=en clusters=1 src=10 both=11\n",     /* more in both than in inputs */
    "# mdsum-prior 1 lang=en clusters=1 src=10 both=1\nword 3 1\n",        /* spaces, not tabs */
    "# mdsum-prior 1 lang=en clusters=1 src=10 both=1\nword\t3\n",         /* a count missing */
    "# mdsum-prior 1 lang=en clusters=1 src=10 both=1\nword\t3\t4\n",      /* both > src */
    "# mdsum-prior 1 lang=en clusters=1 src=10 both=1\nword\t0\t0\n",      /* src 0 */
    "# mdsum-prior 1 lang=en clusters=1 src=10 both=1\nword\t3\t1x\n",     /* junk after a number */
    "# mdsum-prior 1 lang=en clusters=1 src=10 both=1\n\t3\t1\n",          /* empty term */
    "# mdsum-prior 1 lang=en clusters=1 src=10 both=1\nword\t-3\t1\n",     /* negative */
};

static void test_bad_tables(mdsum_ctx *ctx)
{
    for (size_t i = 0; i < sizeof bad_tables / sizeof bad_tables[0]; i++) {
        prior_table *t = NULL;
        int rc = prior_parse(ctx, bad_tables[i], strlen(bad_tables[i]), &t);
        if (rc != MDSUM_EINTERNAL) fprintf(stderr, "bad table %zu accepted\n", i);
        CHECK_EQ_INT(rc, MDSUM_EINTERNAL);
        CHECK(t == NULL);
    }
}

/* rate r = 25 / 100; prior(w) = (both + 10 r) / (src + 10). */
static void test_lookup(mdsum_ctx *ctx)
{
    static const char text[] =
        "# mdsum-prior 1 lang=en clusters=40 src=100 both=25\n"
        "# comment\n"
        "alpha\t30\t27\n"
        "beta\t20\t0\n"
        "\n"
        "gamma\t40\t10\n";
    prior_table *t = NULL;
    CHECK_EQ_INT(prior_parse(ctx, text, strlen(text), &t), MDSUM_OK);
    if (!t) return;
    CHECK_NEAR(prior_lookup(t, "alpha", 5), (27 + 2.5) / 40.0, 1e-6);
    CHECK_NEAR(prior_lookup(t, "beta", 4), 2.5 / 30.0, 1e-6);
    CHECK_NEAR(prior_lookup(t, "gamma", 5), 12.5 / 50.0, 1e-6);
    CHECK_NEAR(prior_lookup(t, "delta", 5), 0.25, 1e-12);   /* unknown: the rate */
    CHECK_NEAR(prior_lookup(t, "alph", 4), 0.25, 1e-12);    /* a prefix is another word */
    /* No table: one constant for every word. */
    CHECK(prior_lookup(NULL, "alpha", 5) == prior_lookup(NULL, "zzz", 3));
    prior_table_free(&ctx->alc, t);
    prior_table_free(&ctx->alc, NULL);
}

static void test_shipped(mdsum_ctx *ctx)
{
    const embedded_file *f = embedded_find("prior-en.tsv");
    CHECK(f != NULL);
    if (!f) return;
    prior_table *t = NULL;
    CHECK_EQ_INT(prior_parse(ctx, (const char *)f->data, f->size, &t), MDSUM_OK);
    if (!t) return;
    /* "the" is in every input and nearly every reference; a word that is
     * not a word is unknown and gets the rate, which is far lower. */
    double the = prior_lookup(t, "the", 3), none = prior_lookup(t, "qqzzqq", 6);
    CHECK(the > 0.9 && the <= 1);
    CHECK(none > 0.05 && none < 0.6);
    prior_table_free(&ctx->alc, t);
    /* The context loads it for English only. */
    const prior_table *p = NULL;
    CHECK_EQ_INT(prior_get(ctx, lang_find("en"), &p), MDSUM_OK);
    CHECK(p != NULL);
    CHECK_EQ_INT(prior_get(ctx, lang_find("fr"), &p), MDSUM_OK);
    CHECK(p == NULL);
}

typedef struct prior_pair {
    const prior_table *a, *b;
    size_t differ;
} prior_pair;

static void prior_differ(void *ud, const char *s, size_t n)
{
    prior_pair *p = ud;
    p->differ += prior_lookup(p->a, s, n) != prior_lookup(p->b, s, n);
}

/* The built-in table is searched in place through the build's index:
 * every term, and strings beside the terms, get the value the same text
 * parsed into a map gives; each term once, in the builder's byte order. */
static void test_shipped_sorted(void)
{
    const embedded_file *f = embedded_find("prior-en.tsv");
    CHECK(f != NULL);
    if (!f) return;
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    prior_table *map = NULL;
    const prior_table *sorted = NULL, *again = NULL;
    CHECK_EQ_INT(prior_parse(ctx, (const char *)f->data, f->size, &map), MDSUM_OK);
    CHECK_EQ_INT(prior_get(ctx, lang_find("en"), &sorted), MDSUM_OK);
    if (!map || !sorted) {
        prior_table_free(&ctx->alc, map);
        mdsum_ctx_free(ctx);
        return;
    }
    prior_pair cmp = {sorted, map, 0};
    size_t bad_line, bad_order;
    size_t terms = test_sorted_table((const char *)f->data, f->size, 2, &bad_line, &bad_order, prior_differ, &cmp);
    size_t differ = cmp.differ;
    CHECK(terms > 10000);
    CHECK(f->lines != NULL);
    CHECK_EQ_INT(f->nlines, terms);
    CHECK_EQ_INT(bad_line, 0);
    CHECK_EQ_INT(bad_order, 0);
    CHECK_EQ_INT(differ, 0);
    /* The second use gives the same table and values. */
    CHECK_EQ_INT(prior_get(ctx, lang_find("en"), &again), MDSUM_OK);
    CHECK(again == sorted && prior_fingerprint(again) == prior_fingerprint(sorted));
    if (again) CHECK(prior_lookup(again, "the", 3) == prior_lookup(map, "the", 3));
    /* A parsed table never shares the built-in table's fingerprint (the
     * word prior's cache is keyed on it). */
    CHECK(prior_fingerprint(map) != prior_fingerprint(sorted));
    prior_table_free(&ctx->alc, map);
    mdsum_ctx_free(ctx);
}

/* 25 clusters: "zorb" in every input, in the reference of the first 10;
 * "quix" in every input, never in a reference; "blat" in the inputs of the
 * first 5 only (fewer than the 20 inputs a word needs to be kept). */
static void test_builder(mdsum_ctx *ctx)
{
    mdsum_trainer *t = NULL;
    CHECK_EQ_INT(mdsum_trainer_new(ctx, NULL, MDSUM_TARGET_PRIOR, &t), MDSUM_OK);
    if (!t) return;
    char *out = NULL;
    CHECK_EQ_INT(mdsum_trainer_fit(t, NULL, &out, NULL), MDSUM_EEMPTY);
    for (int i = 0; i < 25; i++) {
        mdsum_cluster *cl = mdsum_cluster_new(ctx);
        char text[200];
        snprintf(text, sizeof text, "Zorb quix met here on day %d.%s", i, i < 5 ? " Blat zorb came too." : "");
        mdsum_doc d = {0};
        d.text = text;
        d.text_len = strlen(text);
        CHECK_EQ_INT(mdsum_cluster_add(cl, &d, 0), MDSUM_OK);
        const char *ref = i < 10 ? "Zorb is here." : "Nothing.";
        CHECK_EQ_INT(mdsum_trainer_add(t, cl, ref, strlen(ref), 0), MDSUM_OK);
        mdsum_cluster_free(cl);
    }
    size_t len = 0;
    CHECK_EQ_INT(mdsum_trainer_fit(t, NULL, &out, &len), MDSUM_OK);
    CHECK(out && strlen(out) == len);
    if (out) {
        CHECK(strncmp(out, "# mdsum-prior 1 lang=en clusters=25 ", 36) == 0);
        CHECK(strstr(out, "\nzorb\t25\t10\n") != NULL);
        CHECK(strstr(out, "\nquix\t25\t0\n") != NULL);
        CHECK(strstr(out, "\nblat\t") == NULL);
        /* What it writes, it reads. */
        prior_table *p = NULL;
        CHECK_EQ_INT(prior_parse(ctx, out, len, &p), MDSUM_OK);
        prior_table_free(&ctx->alc, p);
    }
    mdsum_free(ctx, out);
    mdsum_trainer_free(t);
}

int main(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    test_bad_tables(ctx);
    test_lookup(ctx);
    test_shipped(ctx);
    test_shipped_sorted();
    test_builder(ctx);
    mdsum_ctx_free(ctx);
    return test_finish("test_prior");
}
