/*
 * test_idf.c -- background IDF tables (src/idf.c): what a table file may
 * hold and what is refused (with the line), the idf formula
 * idf = ln((N + 1) / (df + 1)) + 1 (absent terms: df = 0), a repeated term
 * (the last count holds), the built-in table, a builder round trip, and
 * the per-term idf cache of the tokenizer following a change of table.
 */
#include "internal.h"
#include "idf.h"
#include "token.h"
#include "test.h"
#include "test_support.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char path[64];

static int load(mdsum_ctx *ctx, const char *text, idf_table **out)
{
    FILE *fp = fopen(path, "wb");
    if (!fp) return -100;
    fputs(text, fp);
    fclose(fp);
    mdsum_options o;
    mdsum_options_init(&o);
    o.idf_file = path;
    *out = NULL;
    /* A fresh context each time: the context caches a table by path. */
    return idf_get(ctx, lang_find("en"), &o, out);
}

static double idf_of(double n, double df) { return log((n + 1.0) / (df + 1.0)) + 1.0; }

static void test_tables(void)
{
    /* What belongs here: a table text, whether it loads, the line named by
     * the error, and a term with its expected document frequency (-1:
     * absent, so df 0). */
    static const struct {
        const char *text;
        int ok;
        long line;
        const char *term;
        double df;
    } rows[] = {
        {"# mdsum-idf 1 lang=en docs=100\nstorm\t9\nbridge\t1\n", 1, 0, "storm", 9},
        {"# mdsum-idf 1 lang=en docs=100\nstorm\t9\nbridge\t1\n", 1, 0, "bridge", 1},
        {"# mdsum-idf 1 lang=en docs=100\nstorm\t9\n", 1, 0, "harbor", -1},
        {"# mdsum-idf 1 lang=en docs=100\r\nstorm\t9\r\nrain\t4\r\n", 1, 0, "rain", 4},   /* CRLF */
        {"# mdsum-idf 1 lang=en docs=100\n# a comment\n\nstorm\t7", 1, 0, "storm", 7},    /* no final \n */
        {"# mdsum-idf 1 lang=en docs=100\nstorm\t7\nstorm\t3\n", 1, 0, "storm", 3},        /* last wins */
        {"# mdsum-idf 1 lang=en docs=100\nstorm\t +12\n", 1, 0, "storm", 12},              /* as strtoul */
        {"# mdsum-idf 1 lang=en docs=100\ncaf\xc3\xa9\t2\n", 1, 0, "caf\xc3\xa9", 2},
        {"# mdsum-idf 1 lang=en docs=100\nstorm\t4294967295\n", 1, 0, "storm", 4294967295.0},
        {"# mdsum-idf 1 lang=en docs=100\nstorm\t4294967296\n", 0, 2, NULL, 0},           /* > 2^32-1 */
        {"# mdsum-idf 1 lang=en docs=100\nstorm 9\n", 0, 2, NULL, 0},                      /* no tab */
        {"# mdsum-idf 1 lang=en docs=100\n\t9\n", 0, 2, NULL, 0},                          /* no term */
        {"# mdsum-idf 1 lang=en docs=100\nstorm\t\n", 0, 2, NULL, 0},                      /* no count */
        {"# mdsum-idf 1 lang=en docs=100\nok\t1\nstorm\t9x\n", 0, 3, NULL, 0},             /* trailing */
        {"# mdsum-idf 1 lang=en docs=100\nstorm\t-3\n", 0, 2, NULL, 0},                    /* negative */
        {"storm\t9\n", 0, 1, NULL, 0},                                                     /* no header */
        {"# mdsum-idf 1 lang=en docs=0\n", 0, 1, NULL, 0},                                 /* N = 0 */
        {"", 0, -1, NULL, 0},                                                              /* empty */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        mdsum_ctx *ctx = mdsum_ctx_new(NULL);
        idf_table *t = NULL;
        int rc = load(ctx, rows[i].text, &t);
        if (rows[i].ok) {
            CHECK_EQ_INT(rc, MDSUM_OK);
            if (rc == MDSUM_OK && t) {
                double want = idf_of(100, rows[i].df < 0 ? 0 : rows[i].df);
                CHECK_NEAR(idf_lookup(t, rows[i].term, strlen(rows[i].term)), want, 1e-12);
                CHECK_NEAR(idf_ndocs(t), 100, 0);
            }
        } else {
            CHECK_EQ_INT(rc, MDSUM_EFORMAT);
            char want[64];
            if (rows[i].line > 0) {
                snprintf(want, sizeof want, "line %ld:", rows[i].line);
                CHECK(strstr(mdsum_ctx_error(ctx)->message, want) != NULL);
            }
        }
        if ((rc != MDSUM_OK) == rows[i].ok) fprintf(stderr, "  row %zu: %s\n", i, mdsum_ctx_error(ctx)->message);
        mdsum_ctx_free(ctx);
    }
}

/* The built-in table: a frequent word weighs less than a rare one, and a
 * word it lacks weighs the most. */
static void test_builtin(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    idf_table *t = NULL;
    mdsum_options o;
    mdsum_options_init(&o);
    CHECK_EQ_INT(idf_get(ctx, lang_find("en"), &o, &t), MDSUM_OK);
    if (t) {
        double said = idf_lookup(t, "said", 4), storm = idf_lookup(t, "storm", 5);
        double none = idf_lookup(t, "qqzzxqq", 7);
        CHECK(said < storm);
        CHECK(storm < none);
        CHECK_NEAR(none, idf_of(idf_ndocs(t), 0), 1e-12);
        CHECK_NEAR(idf_lookup(t, "", 0), none, 1e-12);
    }
    mdsum_ctx_free(ctx);
}

typedef struct idf_pair {
    idf_table *a, *b;
    size_t differ;
} idf_pair;

static void idf_differ(void *ud, const char *s, size_t n)
{
    idf_pair *p = ud;
    p->differ += idf_lookup(p->a, s, n) != idf_lookup(p->b, s, n);
}

/* The built-in table is searched in place through the build's index
 * (idf.c, embedded_lookup): it must be one "term<TAB>df" line per term
 * after its comment lines, each term once (the builder writes them in
 * strictly increasing byte order, which is checked), and every term, and
 * strings just beside the terms, must get the idf that the same text read
 * as a file (a hash table) gives. */
static void test_builtin_sorted(void)
{
    const embedded_file *f = embedded_find("idf-en.tsv");
    CHECK(f != NULL);
    if (!f) return;
    const char *x = (const char *)f->data;
    FILE *fp = fopen(path, "wb");
    CHECK(fp != NULL);
    if (!fp) return;
    CHECK(fwrite(x, 1, f->size, fp) == f->size);
    fclose(fp);
    mdsum_ctx *ctx = mdsum_ctx_new(NULL), *ctx2 = mdsum_ctx_new(NULL);
    idf_table *sorted = NULL, *hashed = NULL;
    mdsum_options o;
    mdsum_options_init(&o);
    CHECK_EQ_INT(idf_get(ctx, lang_find("en"), &o, &sorted), MDSUM_OK);
    o.idf_file = path;
    CHECK_EQ_INT(idf_get(ctx2, lang_find("en"), &o, &hashed), MDSUM_OK);
    if (!sorted || !hashed) {
        mdsum_ctx_free(ctx);
        mdsum_ctx_free(ctx2);
        return;
    }
    idf_pair cmp = {sorted, hashed, 0};
    size_t bad_line, bad_order;
    size_t terms = test_sorted_table(x, f->size, 1, &bad_line, &bad_order, idf_differ, &cmp);
    size_t differ = cmp.differ;
    CHECK(terms > 50000);
    /* Every term line is in the build's index, which the lookups used. */
    CHECK(f->lines != NULL);
    CHECK_EQ_INT(f->nlines, terms);
    CHECK_EQ_INT(bad_line, 0);
    CHECK_EQ_INT(bad_order, 0);
    CHECK_EQ_INT(differ, 0);
    CHECK(idf_lookup(sorted, "\x01", 1) == idf_lookup(hashed, "\x01", 1));
    CHECK(idf_lookup(sorted, "\xff\xff", 2) == idf_lookup(hashed, "\xff\xff", 2));
    /* Later clusters get the same table: its values stay cached per term
     * (lang_res_idf keys them on the fingerprint). */
    uint64_t fp0 = idf_fingerprint(sorted);
    o.idf_file = NULL;
    idf_table *again = NULL;
    CHECK_EQ_INT(idf_get(ctx, lang_find("en"), &o, &again), MDSUM_OK);
    CHECK(again == sorted && idf_fingerprint(sorted) == fp0);
    CHECK(idf_lookup(sorted, "zzzz-not-a-term", 15) == idf_lookup(hashed, "zzzz-not-a-term", 15));
    mdsum_ctx_free(ctx);
    mdsum_ctx_free(ctx2);
}

/* A table written by the builder reads back with the counts it wrote. */
static void test_roundtrip(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    mdsum_idf_builder *b = NULL;
    CHECK_EQ_INT(mdsum_idf_builder_new(ctx, "en", &b), MDSUM_OK);
    static const char *const docs[] = {"Storms closed the bridge.", "The storm passed.",
                                       "A bridge of steel.", "Rain."};
    for (size_t i = 0; b && i < 4; i++) CHECK_EQ_INT(mdsum_idf_builder_add(b, docs[i], strlen(docs[i]), 0), MDSUM_OK);
    char *out = NULL;
    size_t len = 0;
    if (b) CHECK_EQ_INT(mdsum_idf_builder_write(b, 1, &out, &len), MDSUM_OK);
    mdsum_idf_builder_free(b);
    idf_table *t = NULL;
    if (out) {
        mdsum_ctx *c2 = mdsum_ctx_new(NULL);
        CHECK_EQ_INT(load(c2, out, &t), MDSUM_OK);
        if (t) {
            CHECK_NEAR(idf_ndocs(t), 4, 0);
            CHECK_NEAR(idf_lookup(t, "storm", 5), idf_of(4, 2), 1e-12);   /* Storms, storm */
            CHECK_NEAR(idf_lookup(t, "bridg", 5), idf_of(4, 2), 1e-12);
            CHECK_NEAR(idf_lookup(t, "rain", 4), idf_of(4, 1), 1e-12);
        }
        mdsum_ctx_free(c2);
    }
    mdsum_free(ctx, out);
    mdsum_ctx_free(ctx);
}

/* The tokenizer caches idfs per term, keyed on the table's contents: a
 * second table (perhaps at the address of the first, freed) must not see
 * the first one's values, and switching back must give them again. */
static int record_id(void *ud, const token_info *ti)
{
    *(uint32_t *)ud = ti->id;
    return MDSUM_OK;
}

static void test_cache_follows_table(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    lang_res *r = NULL;
    CHECK_EQ_INT(lang_res_get(ctx, lang_find("en"), &r), MDSUM_OK);
    if (!r) { mdsum_ctx_free(ctx); return; }
    lang_res_slots_begin(r);
    uint32_t id = TOKEN_NO_ID;
    CHECK_EQ_INT(tokenize_terms(ctx, r, "storm", 0, 5, 0, record_id, &id), MDSUM_OK);
    CHECK(id != TOKEN_NO_ID);
    /* What belongs here: successive tables (each replaces the previous one
     * in the context) and the idf of "storm" in each. */
    static const struct { const char *text; double df; } tables[] = {
        {"# mdsum-idf 1 lang=en docs=100\nstorm\t9\n", 9},
        {"# mdsum-idf 1 lang=en docs=100\nstorm\t1\n", 1},
        {"# mdsum-idf 1 lang=en docs=100\nrain\t1\n", 0},
        {"# mdsum-idf 1 lang=en docs=100\nstorm\t9\n", 9},
    };
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        /* A new path each time, so that the context loads a new table. */
        char p2[80];
        snprintf(p2, sizeof p2, "%s.%zu", path, i);
        FILE *fp = fopen(p2, "wb");
        if (!fp) continue;
        fputs(tables[i].text, fp);
        fclose(fp);
        mdsum_options o;
        mdsum_options_init(&o);
        o.idf_file = p2;
        idf_table *t = NULL;
        CHECK_EQ_INT(idf_get(ctx, lang_find("en"), &o, &t), MDSUM_OK);
        if (t) CHECK_NEAR(lang_res_idf(r, t, id), idf_of(100, tables[i].df), 1e-12);
        unlink(p2);
    }
    mdsum_ctx_free(ctx);
}

int main(void)
{
    snprintf(path, sizeof path, "/tmp/mdsum-test-idf-%ld.tsv", (long)getpid());
    test_tables();
    test_builtin();
    test_builtin_sorted();
    test_roundtrip();
    test_cache_follows_table();
    unlink(path);
    return test_finish("test_idf");
}
