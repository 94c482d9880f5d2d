/*
 * prior.c -- the word prior: how likely a word of the input is to appear
 * in a human summary of it, estimated once on training data.
 *
 * Hong & Nenkova 2014, "Improving the Estimation of Word Importance for
 * News Multi-Document Summarization" (EACL), found that the strongest
 * single indicator of a word's importance is global: some words are
 * "summary-worthy" in news whatever the topic (killed, announced,
 * percent), others almost never make it into a summary (photo, click,
 * yesterday). They estimate, for each word w of the training inputs,
 *     prior(w) = P(w in the summary | w in the input)
 *              = (clusters whose input and summary hold w)
 *                / (clusters whose input holds w),
 * and use it as a feature of word importance. We estimate the same
 * quantity from the Multi-News train split (`mdsum train --target prior`,
 * learn.c), with additive smoothing towards the overall rate r (the
 * share of input words found in the summary, over all words):
 *     prior(w) = (both(w) + ALPHA r) / (src(w) + ALPHA),   ALPHA = 10,
 * and keep the words held by at least PRIOR_MIN_SRC training inputs. A
 * word not in the table gets r. Words are the tokenizer's terms
 * (case-folded Snowball stems), so the table belongs to one language.
 *
 * The table is a text file embedded in the library (data/prior-en.tsv):
 *   # mdsum-prior 1 lang=en clusters=N src=S both=B
 *   term<TAB>src<TAB>both
 * S and B are the totals over all words (kept or not): r = B / S.
 * The learned models (learned.c, concepts.c) read prior(w) as features.
 */
#include "internal.h"
#include "cluster.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PRIOR_ALPHA 10.0

struct prior_table {
    arena ar;
    strmap terms;
    float *p;          /* per term id */
    size_t cap;
    double rate;       /* r: the value of an unknown word */
    const embedded_file *builtin;   /* non-NULL: the built-in table, searched in place */
    uint64_t fp;       /* prior_fingerprint */
};

/* The fingerprint of the built-in table; others are odd. */
#define PRIOR_BUILTIN_FP 0x6d647375707269ull

void prior_table_free(const alc_t *alc, prior_table *t)
{
    if (!t) return;
    strmap_fini(&t->terms);
    alc_free(alc, t->p);
    arena_fini(&t->ar);
    alc_free(alc, t);
}

/* The first line, "# mdsum-prior 1 lang=LL clusters=N src=S both=B":
 * *rate = B / S. */
static int parse_head(mdsum_ctx *ctx, const char *p, const char *le, double *rate)
{
    unsigned long long nc = 0;
    double src = 0, both = 0;
    char lang[8] = "", head[256];
    *rate = 0;
    if (!line_cstr(p, le, head, sizeof head) ||
        sscanf(head, "# mdsum-prior 1 lang=%7s clusters=%llu src=%lf both=%lf", lang, &nc, &src, &both) != 4 ||
        !(src > 0) || !(both >= 0) || both > src)
        return err_set(ctx, MDSUM_EINTERNAL, "prior table: line 1: expected "
                       "'# mdsum-prior 1 lang=LL clusters=N src=S both=B'");
    *rate = both / src;
    return MDSUM_OK;
}

/* The value of a word seen in `src` training inputs, `both` of them with
 * the summary: the same float in both kinds of table. */
static float prior_value(double rate, unsigned long src, unsigned long both)
{
    return (float)(((double)both + PRIOR_ALPHA * rate) / ((double)src + PRIOR_ALPHA));
}

int prior_parse(mdsum_ctx *ctx, const char *data, size_t len, prior_table **out)
{
    *out = NULL;
    prior_table *t = alc_calloc(&ctx->alc, 1, sizeof *t);
    if (!t) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    arena_init(&t->ar, &ctx->alc);
    strmap_init(&t->terms, &ctx->alc, &t->ar);
    t->fp = (++ctx->serial << 1) | 1;
    const char *p = data, *end = data + len;
    long long lineno = 0;
    int rc = MDSUM_OK;
    while (p < end && rc == MDSUM_OK) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        lineno++;
        if (lineno == 1) {
            rc = parse_head(ctx, p, le, &t->rate);
        } else if (le > p && *p != '#') {
            /* Parse a NUL-terminated copy: the data need not end in one. */
            char line[256];
            const char *tab = line_cstr(p, le, line, sizeof line) ? memchr(p, '\t', (size_t)(le - p)) : NULL;
            char *e1 = NULL, *e2 = NULL;
            unsigned long src = 0, both = 0;
            if (tab) {
                char *t1 = line + (tab - p) + 1;
                /* Plain decimal counts: strtoul alone would take "-3". */
                errno = 0;
                if (*t1 >= '0' && *t1 <= '9') src = strtoul(t1, &e1, 10);
                if (e1 && *e1 == '\t' && e1[1] >= '0' && e1[1] <= '9') both = strtoul(e1 + 1, &e2, 10);
            }
            if (!tab || tab == p || !e2 || *e2 != '\0' || errno == ERANGE || src == 0 || both > src) {
                rc = err_set(ctx, MDSUM_EINTERNAL, "prior table: line %lld: expected 'term<TAB>src<TAB>both'",
                             lineno);
                break;
            }
            int64_t id = strmap_intern(&t->terms, p, (size_t)(tab - p));
            void *arr = t->p;
            if (id < 0 || !grow_array(&ctx->alc, &arr, &t->cap, (size_t)id + 1, sizeof *t->p)) {
                rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
                break;
            }
            t->p = arr;
            t->p[id] = prior_value(t->rate, src, both);
        }
        p = nl ? nl + 1 : end;
    }
    if (rc == MDSUM_OK && lineno == 0) rc = err_set(ctx, MDSUM_EINTERNAL, "prior table: empty");
    if (rc) {
        prior_table_free(&ctx->alc, t);
        return rc;
    }
    *out = t;
    return MDSUM_OK;
}

/* The built-in table is searched in place through the hash index the
 * build writes (tools/embed.c, embedded_lookup): no map to build (8.4
 * million instructions, a fifth of a one-cluster process, when one was
 * built); values are cached per term (lang_res_prior). */
static int prior_open_builtin(mdsum_ctx *ctx, const embedded_file *f, prior_table **out)
{
    *out = NULL;
    const char *data = (const char *)f->data;
    size_t len = f->size;
    const char *nl = memchr(data, '\n', len);
    double rate;
    int rc = parse_head(ctx, data, nl ? nl : data + len, &rate);
    if (rc) return rc;
    prior_table *t = alc_calloc(&ctx->alc, 1, sizeof *t);
    if (!t) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    arena_init(&t->ar, &ctx->alc);
    strmap_init(&t->terms, &ctx->alc, &t->ar);
    t->rate = rate;
    t->builtin = f;
    t->fp = PRIOR_BUILTIN_FP;
    *out = t;
    return MDSUM_OK;
}

/* The value of a term of the built-in table, found through its index; the rate
 * when it is absent (or its line is not well formed, which the test of the
 * built-in table rules out). */
static double builtin_lookup(const prior_table *t, const char *term, size_t n)
{
    const char *le, *tab = embedded_lookup(t->builtin, term, n, hash_bytes(term, n), &le);
    char counts[64];   /* "src<TAB>both", terminated: the data need not end in a NUL */
    if (!tab || !line_cstr(tab + 1, le, counts, sizeof counts)) return t->rate;
    char *e1, *e2;
    unsigned long src = strtoul(counts, &e1, 10);
    if (*e1 != '\t') return t->rate;
    unsigned long both = strtoul(e1 + 1, &e2, 10);
    return prior_value(t->rate, src, both);
}

int prior_get(mdsum_ctx *ctx, const lang_def *L, const prior_table **out)
{
    *out = NULL;
    /* Only English is built in; other languages see every word as unknown. */
    if (!L || strcmp(L->code, "en") != 0) return MDSUM_OK;
    if (!ctx->prior) {
        const embedded_file *f = embedded_find("prior-en.tsv");
        if (!f) return MDSUM_OK;
        if (!f->slots) return err_set(ctx, MDSUM_EINTERNAL, "built-in prior-en.tsv has no index");
        int rc = prior_open_builtin(ctx, f, &ctx->prior);
        if (rc) return rc;
    }
    *out = ctx->prior;
    return MDSUM_OK;
}

/* What a word is worth without a table: the rate of the shipped English
 * table, rounded (a constant, so that models see one value). */
#define PRIOR_NO_TABLE 0.35

uint64_t prior_fingerprint(const prior_table *t)
{
    return t ? t->fp : 0;
}

double prior_lookup(const prior_table *t, const char *term, size_t n)
{
    if (!t) return PRIOR_NO_TABLE;
    if (t->builtin) return builtin_lookup(t, term, n);
    int64_t id = strmap_find(&t->terms, term, n);
    return id < 0 ? t->rate : t->p[id];
}
