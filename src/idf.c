/*
 * idf.c -- background document frequencies.
 *
 * IDF computed inside one cluster is noisy (a cluster has 2-10 documents),
 * so term weights use a background table built once from a large news
 * corpus (`mdsum idf build`, from the Multi-News train sources). The table
 * is a text file embedded in the library:
 *
 *   # mdsum-idf 1 lang=en docs=N
 *   term<TAB>df
 *   ...
 *
 * Terms are the tokenizer's output (NFC, case folded, Snowball stems), so
 * a table belongs to one language. Terms with df below the builder's
 * cut-off are omitted; an absent term is treated as df = 0 (rare, hence
 * informative). idf(t) = ln((N + 1) / (df(t) + 1)) + 1, never below 1.
 */
#include "internal.h"
#include "idf.h"
#include "token.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A table read from a file: open addressing over entries that point at
 * the terms in a private copy of its text, so that loading is one pass
 * over the text with no copy per term. The built-in table is not loaded
 * at all: it is searched in place through the build's index
 * (idf_open_builtin). */
typedef struct idf_ent {
    uint32_t off;         /* the term: text + off */
    uint32_t len;         /* 0 = empty slot (terms are never empty) */
    uint32_t hash;        /* hash_bytes of the term */
    uint32_t df;
} idf_ent;

struct idf_table {
    char lang[8];
    double ndocs;
    double max_idf;
    const char *text;     /* the table's text (embedded data or `copy`) */
    char *copy;           /* private copy of a file's text, or NULL */
    idf_ent *tab;         /* NULL: the built-in table, searched in place */
    size_t mask, n;
    const embedded_file *builtin;   /* the built-in table (with `text` its data) */
    uint64_t fingerprint; /* of the text: equal tables give equal idfs */
};

void idf_table_free(const alc_t *alc, idf_table *t)
{
    if (!t) return;
    alc_free(alc, t->copy);
    alc_free(alc, t->tab);
    alc_free(alc, t);
}

static idf_ent *find_slot(const idf_table *t, const char *s, size_t n, uint32_t h)
{
    size_t i = h & t->mask;
    for (;;) {
        idf_ent *e = &t->tab[i];
        if (!e->len || (e->hash == h && e->len == n && memcmp(t->text + e->off, s, n) == 0)) return e;
        i = (i + 1) & t->mask;
    }
}

/* The df after the tab: decimal digits, optionally after blanks and a '+'
 * (as strtoul reads them), then the end of the line or a '\r'. Returns
 * false when malformed or above UINT32_MAX. */
static bool parse_df(const char *p, const char *le, uint32_t *out)
{
    while (p < le && (*p == ' ' || *p == '\t' || *p == '\v' || *p == '\f' || *p == '\r')) p++;
    if (p < le && *p == '+') p++;
    const char *d = p;
    uint64_t v = 0;
    while (p < le && *p >= '0' && *p <= '9') {
        v = v * 10 + (uint64_t)(*p - '0');
        if (v > UINT32_MAX) return false;
        p++;
    }
    if (p == d || (p < le && *p != '\r')) return false;
    *out = (uint32_t)v;
    return true;
}

/* The first line, "# mdsum-idf 1 lang=LL docs=N", into t. */
static int parse_head(mdsum_ctx *ctx, const char *p, const char *le, const char *what, idf_table *t)
{
    unsigned long long nd = 0;
    char lang[8] = "", head[201];
    if (!line_cstr(p, le, head, sizeof head) ||
        sscanf(head, "# mdsum-idf 1 lang=%7s docs=%llu", lang, &nd) != 2 || nd == 0)
        return err_set(ctx, MDSUM_EFORMAT, "%s: line 1: not an mdsum IDF table "
                       "(expected '# mdsum-idf 1 lang=LL docs=N')", what);
    memcpy(t->lang, lang, sizeof lang);
    t->ndocs = (double)nd;
    return MDSUM_OK;
}

/* Hash the term lines of data[0, len) into t->tab (one term per line, at
 * half load); the first line is the header, read into t. The fingerprint
 * of the terms and counts goes to *fp. Errors name the line. */
static int index_terms(mdsum_ctx *ctx, idf_table *t, const char *data, size_t len, const char *what,
                       uint64_t *fp_out)
{
    size_t lines = 1;
    for (const char *q = data, *qe = data + len; (q = memchr(q, '\n', (size_t)(qe - q))); q++) lines++;
    size_t slots = 16;
    while (slots < 2 * lines) slots *= 2;
    t->tab = alc_calloc(&ctx->alc, slots, sizeof *t->tab);
    if (!t->tab) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    t->mask = slots - 1;
    uint64_t fp = 1469598103934665603ull ^ len;
    const char *p = data, *end = data + len;
    long long lineno = 0;
    int rc = MDSUM_OK;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        lineno++;
        if (lineno == 1) {
            if ((rc = parse_head(ctx, p, le, what, t))) break;
        } else if (le > p && *p != '#') {
            /* The term, hashed on the way to the tab. */
            const char *tab = p;
            uint32_t h = HASH_INIT;
            while (tab < le && *tab != '\t') h = hash_step(h, (unsigned char)*tab++);
            h = hash_finish(h);
            uint32_t df = 0;
            if (tab == le || tab == p || !parse_df(tab + 1, le, &df)) {
                rc = err_set(ctx, MDSUM_EFORMAT, "%s: line %lld: expected 'term<TAB>count'",
                             what, lineno);
                break;
            }
            size_t n = (size_t)(tab - p);
            idf_ent *e = find_slot(t, p, n, h);
            if (!e->len) {
                e->off = (uint32_t)(p - data);
                e->len = (uint32_t)n;
                e->hash = h;
                t->n++;
            }
            e->df = df;   /* a repeated term: the last count holds */
            fp = (fp ^ h) * 1099511628211ull;
            fp = (fp ^ df) * 1099511628211ull;
        }
        p = nl ? nl + 1 : end;
    }
    if (rc == MDSUM_OK && lineno == 0)
        rc = err_set(ctx, MDSUM_EFORMAT, "%s: empty IDF table", what);
    if (rc != MDSUM_OK) {
        alc_free(&ctx->alc, t->tab);
        t->tab = NULL;
        t->n = 0;
        return rc;
    }
    *fp_out = fp;
    return MDSUM_OK;
}

/* Parse a table from text. Errors name the line. With `copy`, the table
 * keeps a private copy of the text; without, `data` must outlive it (the
 * embedded table). */
static int idf_parse(mdsum_ctx *ctx, const char *data, size_t len, bool copy, const char *what,
                     idf_table **out)
{
    idf_table *t = alc_calloc(&ctx->alc, 1, sizeof *t);
    if (!t) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    if (len > UINT32_MAX) {
        idf_table_free(&ctx->alc, t);
        return err_set(ctx, MDSUM_ELIMIT, "%s: IDF table larger than 4 GiB", what);
    }
    if (copy) {
        t->copy = alc_malloc(&ctx->alc, len ? len : 1);
        if (!t->copy) {
            idf_table_free(&ctx->alc, t);
            return err_set(ctx, MDSUM_ENOMEM, "out of memory");
        }
        if (len) memcpy(t->copy, data, len);
        data = t->copy;
    }
    t->text = data;
    uint64_t fp = 0;
    int rc = index_terms(ctx, t, data, len, what, &fp);
    if (rc != MDSUM_OK) {
        idf_table_free(&ctx->alc, t);
        return rc;
    }
    t->max_idf = log((t->ndocs + 1.0) / 1.0) + 1.0;
    t->fingerprint = fp ^ (uint64_t)t->ndocs;
    *out = t;
    return MDSUM_OK;
}

/* The built-in table is searched in place, through the hash index the
 * build writes (tools/embed.c, embedded_lookup): no hash table to build at
 * run time (14.5 million instructions, a third of a process that
 * summarizes one cluster, when it was built here). A lookup runs once per
 * term and context (lang_res_idf caches the values). */
static int idf_open_builtin(mdsum_ctx *ctx, const embedded_file *f, const char *what, idf_table **out)
{
    const char *data = (const char *)f->data;
    size_t len = f->size;
    idf_table *t = alc_calloc(&ctx->alc, 1, sizeof *t);
    if (!t) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    const char *nl = memchr(data, '\n', len);
    int rc = parse_head(ctx, data, nl ? nl : data + len, what, t);
    if (rc) {
        idf_table_free(&ctx->alc, t);
        return rc;
    }
    t->text = data;
    t->builtin = f;
    /* One built-in table per build: a constant names it (a table read from
     * a file has the fingerprint of its terms and counts; the two kinds
     * never share cached values, which costs a cache miss at most). */
    t->fingerprint = 0x6d6473756d696466ull ^ len;
    t->max_idf = log((t->ndocs + 1.0) / 1.0) + 1.0;
    *out = t;
    return MDSUM_OK;
}

int idf_get(mdsum_ctx *ctx, const lang_def *L, const mdsum_options *opts, idf_table **out)
{
    *out = NULL;
    if (opts && (opts->flags & MDSUM_NO_IDF)) return MDSUM_OK;
    if (opts && opts->idf_file) {
        if (ctx->idf_custom && strcmp(ctx->idf_custom_path, opts->idf_file) == 0) {
            *out = ctx->idf_custom;
            return MDSUM_OK;
        }
        mdsum_reader *r;
        int rc = mdsum_reader_open(ctx, opts->idf_file, 0, &r);
        if (rc) return rc;
        const char *data;
        size_t len;
        rc = mdsum_reader_all(r, &data, &len);
        idf_table *t = NULL;
        if (rc == MDSUM_OK) rc = idf_parse(ctx, data, len, true, opts->idf_file, &t);
        mdsum_reader_free(r);
        if (rc) return rc;
        size_t n = strlen(opts->idf_file);
        char *path = alc_malloc(&ctx->alc, n + 1);
        if (!path) {
            idf_table_free(&ctx->alc, t);
            return err_set(ctx, MDSUM_ENOMEM, "out of memory");
        }
        memcpy(path, opts->idf_file, n + 1);
        idf_table_free(&ctx->alc, ctx->idf_custom);
        alc_free(&ctx->alc, ctx->idf_custom_path);
        ctx->idf_custom = t;
        ctx->idf_custom_path = path;
        if (strcmp(t->lang, L->code) != 0) return MDSUM_OK;   /* other language: unused */
        *out = t;
        return MDSUM_OK;
    }
    if (strcmp(L->code, "en") != 0) return MDSUM_OK;   /* only English is built in */
    if (!ctx->idf) {
        const embedded_file *f = embedded_find("idf-en.tsv");
        if (!f) return MDSUM_OK;   /* built without the table: in-cluster IDF */
        if (!f->slots) return err_set(ctx, MDSUM_EINTERNAL, "built-in idf-en.tsv has no index");
        int rc = idf_open_builtin(ctx, f, "built-in idf-en.tsv", &ctx->idf);
        if (rc) return rc;
    }
    *out = ctx->idf;
    return MDSUM_OK;
}

double idf_lookup(const idf_table *t, const char *term, size_t n)
{
    return idf_lookup_h(t, term, n, hash_bytes(term, n));
}

double idf_lookup_h(const idf_table *t, const char *term, size_t n, uint32_t hash)
{
    if (n == 0) return t->max_idf;
    uint32_t df;
    if (!t->tab) {
        const char *le, *tab = embedded_lookup(t->builtin, term, n, hash, &le);
        if (!tab || !parse_df(tab + 1, le, &df)) return t->max_idf;
    } else {
        const idf_ent *e = find_slot(t, term, n, hash);
        if (!e->len) return t->max_idf;
        df = e->df;
    }
    return log((t->ndocs + 1.0) / ((double)df + 1.0)) + 1.0;
}

uint64_t idf_fingerprint(const idf_table *t)
{
    return t->fingerprint;
}

double idf_ndocs(const idf_table *t)
{
    return t->ndocs;
}

/* ======================================================================
 * Building a table: mdsum_idf_builder
 * ====================================================================== */
struct mdsum_idf_builder {
    mdsum_ctx *ctx;
    lang_res *res;
    const lang_def *L;
    arena ar;
    strmap terms;
    uint32_t *df;
    uint32_t *last_doc;   /* term -> last document that counted it */
    size_t cap;
    uint32_t ndocs;
};

int mdsum_idf_builder_new(mdsum_ctx *ctx, const char *lang, mdsum_idf_builder **out)
{
    if (!ctx || !out) return err_set(ctx, MDSUM_EINVAL, "invalid argument");
    *out = NULL;
    const lang_def *L = lang_find(lang ? lang : "en");
    if (!L) return err_set(ctx, MDSUM_ELANG, "unsupported language '%s'", lang);
    mdsum_idf_builder *b = alc_calloc(&ctx->alc, 1, sizeof *b);
    if (!b) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    b->ctx = ctx;
    b->L = L;
    arena_init(&b->ar, &ctx->alc);
    strmap_init(&b->terms, &ctx->alc, &b->ar);
    int rc = lang_res_get(ctx, L, &b->res);
    if (rc) {
        mdsum_idf_builder_free(b);
        return rc;
    }
    *out = b;
    return MDSUM_OK;
}

void mdsum_idf_builder_free(mdsum_idf_builder *b)
{
    if (!b) return;
    const alc_t *alc = &b->ctx->alc;
    strmap_fini(&b->terms);
    alc_free(alc, b->df);
    alc_free(alc, b->last_doc);
    arena_fini(&b->ar);
    alc_free(alc, b);
}

static int count_term(void *ud, const token_info *t)
{
    mdsum_idf_builder *b = ud;
    int64_t id = strmap_intern_h(&b->terms, t->term, t->len, t->hash);
    if (id < 0) return MDSUM_ENOMEM;
    if ((size_t)id >= b->cap) {
        size_t c1 = b->cap, c2 = b->cap;
        void *a1 = b->df, *a2 = b->last_doc;
        if (!grow_array(&b->ctx->alc, &a1, &c1, (size_t)id + 1, sizeof *b->df)) return MDSUM_ENOMEM;
        b->df = a1;
        if (!grow_array(&b->ctx->alc, &a2, &c2, (size_t)id + 1, sizeof *b->last_doc)) return MDSUM_ENOMEM;
        b->last_doc = a2;
        memset(b->df + b->cap, 0, (c1 - b->cap) * sizeof *b->df);
        memset(b->last_doc + b->cap, 0, (c2 - b->cap) * sizeof *b->last_doc);
        b->cap = c1;
    }
    if (b->last_doc[id] != b->ndocs) {   /* documents are numbered from 1 */
        b->last_doc[id] = b->ndocs;
        b->df[id]++;
    }
    return MDSUM_OK;
}

int mdsum_idf_builder_add(mdsum_idf_builder *b, const char *text, size_t len, unsigned flags)
{
    if (!b || (!text && len)) return MDSUM_EINVAL;
    mdsum_ctx *ctx = b->ctx;
    if (!(flags & MDSUM_LENIENT)) {
        size_t bad = utf8_check(text, len, false);
        if (bad < len) return err_set_at(ctx, MDSUM_EUTF8, -1, (long long)bad, "invalid UTF-8");
    }
    if (b->ndocs == UINT32_MAX - 1) return err_set(ctx, MDSUM_ELIMIT, "too many documents");
    b->ndocs++;
    lang_res_trim(b->res);
    /* In lenient mode bad bytes are separators: tokenize valid runs only. */
    size_t i = 0;
    while (i < len) {
        size_t bad = (flags & MDSUM_LENIENT) ? i + utf8_check(text + i, len - i, false) : len;
        if (bad > i) {
            int rc = tokenize_terms(ctx, b->res, text, i, bad, 0, count_term, b);
            if (rc == MDSUM_ENOMEM) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
            if (rc) return rc;
        }
        i = bad + 1;
    }
    return MDSUM_OK;
}

int mdsum_idf_builder_write(mdsum_idf_builder *b, unsigned long min_df, char **out, size_t *out_len)
{
    if (!b || !out || !out_len) return MDSUM_EINVAL;
    mdsum_ctx *ctx = b->ctx;
    *out = NULL;
    *out_len = 0;
    size_t n = b->terms.n;
    uint32_t *ids = alc_calloc(&ctx->alc, n ? n : 1, sizeof *ids);
    if (!ids) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (b->df[i] >= min_df) ids[k++] = (uint32_t)i;
    /* Byte order of the terms, so the file is stable and diffable. */
    sort_r(ids, k, sizeof *ids, strmap_cmp_ids, &b->terms);
    strbuf o;
    buf_init(&o, &ctx->alc);
    buf_printf(&o, "# mdsum-idf 1 lang=%s docs=%u\n", b->L->code, b->ndocs);
    for (size_t i = 0; i < k; i++) {
        buf_append(&o, strmap_str(&b->terms, ids[i]), strmap_len(&b->terms, ids[i]));
        buf_printf(&o, "\t%u\n", b->df[ids[i]]);
    }
    alc_free(&ctx->alc, ids);
    char *p = buf_detach(&o, out_len);
    buf_fini(&o);
    if (!p) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    *out = p;
    return MDSUM_OK;
}
