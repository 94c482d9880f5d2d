/*
 * rouge.c -- ROUGE exactly as the ROUGE-1.5.5 Perl script computes it, and
 * the public scorer API (which also runs Google's rouge-score, see
 * rouge_google.c).
 *
 * Source: C.-Y. Lin, "ROUGE: A Package for Automatic Evaluation of
 * Summaries", ACL 2004 Workshop "Text Summarization Branches Out", and the
 * behaviour of its reference implementation ROUGE-1.5.5.pl, documented in
 * ../shared/rouge-parity/README.md and checked against its output there.
 * For one evaluation (a peer = system summary, and models = references):
 *   reading   lines ("\n"; empty ones skipped) are lower-cased (ASCII) and
 *             cut to the length limit: -l N keeps whole lines while the
 *             running count of split(/\s+/) words stays below N, then the
 *             first N - count words of the next; -b N the same with bytes
 *             and a byte prefix. For ROUGE-L (readText_LCS) the byte counter
 *             is never advanced: lines are kept until one alone reaches N.
 *   tokens    maximal runs of [a-z0-9]; with -s SMART stopwords go; with
 *             -m a token longer than 3 bytes becomes its WordNet 2.0
 *             exception base form or else its Porter stem (rouge_porter.c).
 *   ROUGE-N   hits = sum over model n-grams of min(count_model, count_peer)
 *             over the whole text; ROUGE-S: skip-bigrams with at most D
 *             words between (D < 0: any), -u adds the unigram of every token
 *             but the last; ROUGE-L: for each model sentence, the union of
 *             its LCS positions with every peer sentence, a position
 *             counting while the unigram budgets of both texts last;
 *             ROUGE-W: the same with the weighted LCS f(k) = k^W.
 *   combine   -f A: sums of hits, model counts and peer counts (once per
 *             model); -f B: the model with the best recall (first on ties).
 *   scores    R = hits/model, P = hits/peer, each rounded with %7.5f;
 *             F = PR / ((1-alpha)P + alpha R) from the rounded values,
 *             rounded. -t 1 keeps the raw counts instead.
 *   average   bootstrap: for resample i = 0..R-1, srand(i) and n draws
 *             int(n * drand48()) over the evaluations sorted as strings
 *             "<id>.<system>"; the mean of each resample (-t 1: ratios of
 *             the summed counts); the printed Average is the mean of the
 *             sorted resample means, the interval their values at
 *             int(delta) and int(R - delta - 1), delta = R (100 - c) / 200,
 *             interpolated with the fraction R - delta - 1 - int(...).
 * Departures: none in the numbers. The BE (-3) and -M modes and the ISI
 * input format are not implemented; LCS tables beyond 2^25 cells and
 * skip-bigram sets beyond 2^22 entries are refused (MDSUM_ELIMIT) where the
 * script would exhaust memory; a ROUGE-W model with no tokens scores 0
 * where the script dies on a division by zero.
 */
#include "rouge.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ======================================================================
 * Measures and storage
 * ====================================================================== */
enum {
    MK_N,      /* ROUGE-n */
    MK_L,      /* ROUGE-L */
    MK_W,      /* ROUGE-W */
    MK_S,      /* ROUGE-S */
    MK_SU,     /* ROUGE-SU */
    MK_G1, MK_G2, MK_GL, MK_GLSUM   /* google */
};

typedef struct metric_def {
    int kind;
    int n;
    char name[48];
} metric_def;

/* Per evaluation and measure: the rounded scores and the raw counts. */
enum { C_R, C_P, C_F, C_M, C_PC, C_H, NCELL };

#define MAX_N 1000                       /* -n beyond this is refused */
#define SKIP_MAX_ENTRIES ((size_t)1 << 22)

typedef struct seg {
    const char *p;
    size_t n;
} seg;

/* A direct-mapped cache of short tokens: most tokens are frequent words,
 * and one probe here replaces the map lookup and its cache misses. */
#define TCACHE_SIZE 16384
#define TCACHE_MAXLEN 15
typedef struct tcache {
    uint32_t hash;
    uint8_t len;              /* 0: empty */
    char s[TCACHE_MAXLEN];
    int32_t term;
} tcache;

/* One text of the evaluation being scored, as term ids local to it. */
typedef struct ttext {
    uint32_t *ids;        /* tokens of the ROUGE-L sentences, concatenated */
    size_t n, cap;
    size_t *send;         /* end of each sentence in ids */
    uint64_t *bloom;      /* which ids (mod 64) each sentence holds */
    size_t ns, cap_s;
    uint32_t *flat_own;   /* readText tokens when they differ (-b) */
    size_t nflat_own, cap_flat;
    const uint32_t *flat; /* readText tokens: ids or flat_own */
    size_t nflat;
    bool empty;           /* readText would report "empty text" */
} ttext;

struct mdsum_rouge {
    mdsum_ctx *ctx;
    const alc_t *alc;
    mdsum_rouge_opts opts;
    const char *sysid;
    arena ar;

    /* built-in tables */
    strmap exc;               /* WordNet exception forms */
    const char **exc_base;    /* exception id -> base form */
    uint32_t *exc_blen;
    strmap stop;

    /* vocabulary */
    strmap raw;               /* lower-cased tokens */
    int32_t *memo;            /* raw id -> term id, -1 for a stopword */
    size_t nmemo, cap_memo;
    strmap terms;             /* processed terms */
    struct tcache *tcache;    /* short token -> term, in front of raw/memo */
    strbuf tok;               /* the token being read */
    char *stem;               /* stemmer output */
    size_t cap_stem;
    local_ids loc;

    /* scratch for one evaluation */
    seg *lines;
    size_t nlines, cap_lines;
    seg *segs;
    size_t nsegs, cap_segs;
    ttext *tx;
    size_t cap_tx;
    gram_map gm;
    lcs_buf lcs;
    uint8_t *mask;
    size_t cap_mask;
    uint32_t *bm, *bp;        /* unigram budgets of model and peer */
    size_t cap_b;
    double *wc;               /* ROUGE-W table */
    uint32_t *wl;
    size_t cap_w;
    double *row;              /* this evaluation's cells */
    strbuf join;

    /* measures */
    metric_def *metrics;
    size_t nmetrics;

    /* evaluations */
    size_t nevals, cap_evals;
    const char **ids;
    double *cells;            /* nevals x nmetrics x NCELL */
    size_t *empty_at;         /* first byte of each evaluation in empties */
    uint32_t *nrefs;
    uint8_t *empties;
    size_t nempties, cap_empties;
    strmap idset;

    google_scorer *g;

    /* aggregates, computed on demand */
    bool agg_valid;
    mdsum_rouge_result *agg;
};

/* ======================================================================
 * Number formatting, as Perl prints
 * ====================================================================== */

/* C's printf follows LC_NUMERIC; the script's output always has a '.'. */
static void fix_decimal_point(char *s)
{
    for (; *s; s++)
        if (!(*s >= '0' && *s <= '9') && *s != '-' && *s != '+' && *s != 'e' &&
            *s != 'E' && *s != 'i' && *s != 'n' && *s != 'f' && *s != 'a') {
            *s = '.';
            return;
        }
}

/* sprintf("%7.5f", x) */
static void fmt5(char *buf, size_t cap, double x)
{
    snprintf(buf, cap, "%7.5f", x);
    fix_decimal_point(buf);
}

/* Perl's default number formatting ("%.15g"). */
static void fmt_perl(char *buf, size_t cap, double x)
{
    snprintf(buf, cap, "%.15g", x);
    fix_decimal_point(buf);
}

/* The number the script keeps after sprintf("%7.5f", x): the decimal
 * string read back. k / 100000.0 is that string's correctly rounded value,
 * because k and 10^5 are exact doubles and IEEE division rounds once. */
static double round5(double x)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.5f", x);
    if (!(x >= 0) || x >= 1e15) return strtod(buf, NULL);
    long long k = 0;
    for (const char *s = buf; *s; s++)
        if (*s >= '0' && *s <= '9') k = k * 10 + (*s - '0');
    return (double)k / 100000.0;
}

/* ======================================================================
 * Options
 * ====================================================================== */
void mdsum_rouge_opts_init(mdsum_rouge_opts *o)
{
    if (!o) return;
    memset(o, 0, sizeof *o);
    o->scorer = MDSUM_ROUGE_155;
    o->max_n = 2;
    o->lcs = 1;
    o->wlcs_weight = 0;
    o->skip = 0;
    o->skip_distance = 4;
    o->skip_mode = MDSUM_ROUGE_SKIP_SU;
    o->stem = 1;
    o->stopwords = 0;
    o->best_model = 0;
    o->alpha = 0.5;
    o->count_mode = 0;
    o->confidence = 95;
    o->resamples = 1000;
    o->seed = 0;
    o->system_id = NULL;
}

int mdsum_rouge_opts_validate(mdsum_ctx *ctx, const mdsum_rouge_opts *o)
{
    if (!o) return err_set(ctx, MDSUM_EINVAL, "rouge: no options");
    if (o->scorer != MDSUM_ROUGE_155 && o->scorer != MDSUM_ROUGE_GOOGLE)
        return err_set(ctx, MDSUM_EINVAL, "rouge: unknown scorer %d", o->scorer);
    if (!(o->confidence >= 0 && o->confidence <= 100))
        return err_set(ctx, MDSUM_EINVAL, "rouge: confidence must be within 0 and 100");
    if (o->resamples < 1 || o->resamples > 100000000L)
        return err_set(ctx, MDSUM_EINVAL, "rouge: resamples must be from 1 to 100000000");
    if (o->system_id && (!o->system_id[0] || strlen(o->system_id) > 256))
        return err_set(ctx, MDSUM_EINVAL, "rouge: system id must have 1 to 256 bytes");
    if (o->scorer == MDSUM_ROUGE_GOOGLE) {
        if (o->seed > 0xFFFFFFFFul)
            return err_set(ctx, MDSUM_EINVAL, "rouge: seed must be below 2^32");
        return MDSUM_OK;
    }
    if (o->max_n < 0 || o->max_n > MAX_N)
        return err_set(ctx, MDSUM_EINVAL, "rouge: -n must be from 0 to %d", MAX_N);
    if (!(o->wlcs_weight >= 0) || o->wlcs_weight > 1e6)
        return err_set(ctx, MDSUM_EINVAL, "rouge: ROUGE-W weight factor must be greater than 0");
    if (o->skip_mode < MDSUM_ROUGE_SKIP_S || o->skip_mode > MDSUM_ROUGE_SKIP_BOTH)
        return err_set(ctx, MDSUM_EINVAL, "rouge: unknown skip-bigram mode %d", o->skip_mode);
    if (o->limit_words < 0 || o->limit_bytes < 0)
        return err_set(ctx, MDSUM_EINVAL, "rouge: length limits must not be negative");
    if (o->limit_words && o->limit_bytes)
        return err_set(ctx, MDSUM_EINVAL,
                       "rouge: specify length limit in words or bytes but not both");
    if (!(o->alpha >= 0 && o->alpha <= 1))
        return err_set(ctx, MDSUM_EINVAL,
                       "rouge: alpha (relative importance of recall and precision) must be "
                       "between 0 and 1");
    if (o->count_mode < 0 || o->count_mode > 2)
        return err_set(ctx, MDSUM_EINVAL, "rouge: count mode (-t) must be 0, 1 or 2");
    if (o->max_n == 0 && !o->lcs && !o->skip && o->wlcs_weight == 0)
        return err_set(ctx, MDSUM_EINVAL, "rouge: no measure selected");
    return MDSUM_OK;
}

static bool buf_num(strbuf *b, double x)
{
    char t[64];
    fmt_perl(t, sizeof t, x);
    return buf_puts(b, t);
}

int mdsum_rouge_opts_describe(mdsum_ctx *ctx, const mdsum_rouge_opts *o, char **out)
{
    if (!ctx || !out) return err_set(ctx, MDSUM_EINVAL, "invalid argument");
    *out = NULL;
    mdsum_rouge_opts d;
    if (!o) {
        mdsum_rouge_opts_init(&d);
        o = &d;
    }
    int rc = mdsum_rouge_opts_validate(ctx, o);
    if (rc) return rc;
    strbuf b;
    buf_init(&b, &ctx->alc);
    if (o->scorer == MDSUM_ROUGE_GOOGLE) {
        buf_printf(&b, "rouge-score 0.1.2: rouge1 rouge2 rougeL rougeLsum, use_stemmer=%s, "
                       "bootstrap ", o->stem ? "True" : "False");
        buf_num(&b, (double)o->resamples);
        buf_puts(&b, " resamples, ");
        buf_num(&b, o->confidence);
        buf_printf(&b, "%% interval, seed %lu", o->seed);
    } else {
        if (o->max_n) buf_printf(&b, "-n %d ", o->max_n);
        if (o->stem) buf_puts(&b, "-m ");
        if (o->stopwords) buf_puts(&b, "-s ");
        if (!o->lcs) buf_puts(&b, "-x ");
        if (o->wlcs_weight > 0) {
            buf_puts(&b, "-w ");
            buf_num(&b, o->wlcs_weight);
            buf_putc(&b, ' ');
        }
        if (o->skip) {
            buf_printf(&b, "-2 %d ", o->skip_distance);
            if (o->skip_mode == MDSUM_ROUGE_SKIP_SU) buf_puts(&b, "-u ");
            if (o->skip_mode == MDSUM_ROUGE_SKIP_BOTH) buf_puts(&b, "-U ");
        }
        if (o->limit_words) buf_printf(&b, "-l %ld ", o->limit_words);
        if (o->limit_bytes) buf_printf(&b, "-b %ld ", o->limit_bytes);
        buf_puts(&b, "-c ");
        buf_num(&b, o->confidence);
        buf_printf(&b, " -r %ld -f %c -p ", o->resamples, o->best_model ? 'B' : 'A');
        buf_num(&b, o->alpha);
        buf_printf(&b, " -t %d", o->count_mode);
    }
    char *s = buf_detach(&b, NULL);
    buf_fini(&b);
    if (!s) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    *out = s;
    return MDSUM_OK;
}

/* The measures in the order the script prints them. */
static int build_metrics(mdsum_rouge *r)
{
    const mdsum_rouge_opts *o = &r->opts;
    size_t cap = (size_t)o->max_n + 5;
    r->metrics = alc_calloc(r->alc, cap, sizeof *r->metrics);
    if (!r->metrics) return MDSUM_ENOMEM;
    metric_def *m = r->metrics;
    size_t k = 0;
    if (o->scorer == MDSUM_ROUGE_GOOGLE) {
        static const char *const names[] = {"rouge1", "rouge2", "rougeL", "rougeLsum"};
        for (int i = 0; i < 4; i++) {
            m[k].kind = MK_G1 + i;
            snprintf(m[k].name, sizeof m[k].name, "%s", names[i]);
            k++;
        }
        r->nmetrics = k;
        return MDSUM_OK;
    }
    for (int n = 1; n <= o->max_n; n++) {
        m[k].kind = MK_N;
        m[k].n = n;
        snprintf(m[k].name, sizeof m[k].name, "ROUGE-%d", n);
        k++;
    }
    if (o->lcs) {
        m[k].kind = MK_L;
        snprintf(m[k].name, sizeof m[k].name, "ROUGE-L");
        k++;
    }
    if (o->wlcs_weight > 0) {
        char w[40];
        fmt_perl(w, sizeof w, o->wlcs_weight);
        m[k].kind = MK_W;
        snprintf(m[k].name, sizeof m[k].name, "ROUGE-W-%s", w);
        k++;
    }
    if (o->skip) {
        char d[24];
        if (o->skip_distance >= 0) snprintf(d, sizeof d, "%d", o->skip_distance);
        else snprintf(d, sizeof d, "*");
        if (o->skip_mode != MDSUM_ROUGE_SKIP_SU) {
            m[k].kind = MK_S;
            snprintf(m[k].name, sizeof m[k].name, "ROUGE-S%s", d);
            k++;
        }
        if (o->skip_mode != MDSUM_ROUGE_SKIP_S) {
            m[k].kind = MK_SU;
            snprintf(m[k].name, sizeof m[k].name, "ROUGE-SU%s", d);
            k++;
        }
    }
    r->nmetrics = k;
    return MDSUM_OK;
}

/* ======================================================================
 * Built-in tables
 * ====================================================================== */

/* Lines of an embedded table, skipping '#' comments and empty lines. */
static bool next_line(const char **pos, const char *end, const char **line, size_t *len)
{
    while (*pos < end) {
        const char *s = *pos;
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        *pos = nl ? nl + 1 : end;
        if (e > s && s[0] != '#') {
            *line = s;
            *len = (size_t)(e - s);
            return true;
        }
    }
    return false;
}

static int load_tables(mdsum_rouge *r)
{
    mdsum_ctx *ctx = r->ctx;
    if (r->opts.stopwords) {
        const embedded_file *f = embedded_find("rouge-smart-stop.txt");
        if (!f)
            return err_set(ctx, MDSUM_EINTERNAL,
                           "rouge: the stopword table rouge-smart-stop.txt is not built in");
        const char *pos = (const char *)f->data, *end = pos + f->size, *s;
        size_t n;
        while (next_line(&pos, end, &s, &n))
            if (strmap_intern(&r->stop, s, n) < 0) return MDSUM_ENOMEM;
    }
    if (r->opts.stem) {
        const embedded_file *f = embedded_find("rouge-wordnet-exc.tsv");
        if (!f)
            return err_set(ctx, MDSUM_EINTERNAL,
                           "rouge: the WordNet exception table rouge-wordnet-exc.tsv is not "
                           "built in");
        const char *pos = (const char *)f->data, *end = pos + f->size, *s;
        size_t n, cap = 0;
        while (next_line(&pos, end, &s, &n)) {
            const char *tab = memchr(s, '\t', n);
            if (!tab)
                return err_set(ctx, MDSUM_EINTERNAL, "rouge: bad line in rouge-wordnet-exc.tsv");
            int64_t id = strmap_intern(&r->exc, s, (size_t)(tab - s));
            if (id < 0) return MDSUM_ENOMEM;
            size_t blen = n - (size_t)(tab - s) - 1;
            if ((size_t)id >= cap) {
                void *a = (void *)r->exc_base, *b = r->exc_blen;
                size_t c1 = cap, c2 = cap;
                if (!grow_array(r->alc, &a, &c1, (size_t)id + 1, sizeof *r->exc_base))
                    return MDSUM_ENOMEM;
                r->exc_base = a;
                if (!grow_array(r->alc, &b, &c2, (size_t)id + 1, sizeof *r->exc_blen))
                    return MDSUM_ENOMEM;
                r->exc_blen = b;
                cap = c1;
            }
            /* The base forms point into the embedded (static) data. */
            r->exc_base[id] = tab + 1;
            r->exc_blen[id] = (uint32_t)blen;
        }
    }
    return MDSUM_OK;
}

/* ======================================================================
 * Scorer object
 * ====================================================================== */
static void ttext_free(const alc_t *a, ttext *t)
{
    alc_free(a, t->ids);
    alc_free(a, t->send);
    alc_free(a, t->bloom);
    alc_free(a, t->flat_own);
}

void mdsum_rouge_free(mdsum_rouge *r)
{
    if (!r) return;
    const alc_t *a = r->alc;
    strmap_fini(&r->exc);
    alc_free(a, (void *)r->exc_base);
    alc_free(a, r->exc_blen);
    strmap_fini(&r->stop);
    strmap_fini(&r->raw);
    alc_free(a, r->memo);
    strmap_fini(&r->terms);
    alc_free(a, r->tcache);
    buf_fini(&r->tok);
    alc_free(a, r->stem);
    local_ids_fini(&r->loc);
    alc_free(a, r->lines);
    alc_free(a, r->segs);
    for (size_t i = 0; i < r->cap_tx; i++) ttext_free(a, &r->tx[i]);
    alc_free(a, r->tx);
    gram_map_fini(&r->gm);
    lcs_buf_fini(&r->lcs);
    alc_free(a, r->mask);
    alc_free(a, r->bm);
    alc_free(a, r->bp);
    alc_free(a, r->wc);
    alc_free(a, r->wl);
    alc_free(a, r->row);
    buf_fini(&r->join);
    alc_free(a, r->metrics);
    alc_free(a, (void *)r->ids);
    alc_free(a, r->cells);
    alc_free(a, r->empty_at);
    alc_free(a, r->nrefs);
    alc_free(a, r->empties);
    strmap_fini(&r->idset);
    google_scorer_free(r->g);
    alc_free(a, r->agg);
    arena_fini(&r->ar);
    alc_free(a, r);
}

int mdsum_rouge_new(mdsum_ctx *ctx, const mdsum_rouge_opts *opts, mdsum_rouge **out)
{
    if (!ctx || !out) return err_set(ctx, MDSUM_EINVAL, "invalid argument");
    *out = NULL;
    mdsum_rouge_opts d;
    if (!opts) {
        mdsum_rouge_opts_init(&d);
        opts = &d;
    }
    int rc = mdsum_rouge_opts_validate(ctx, opts);
    if (rc) return rc;
    mdsum_rouge *r = alc_calloc(&ctx->alc, 1, sizeof *r);
    if (!r) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    r->ctx = ctx;
    r->alc = &ctx->alc;
    r->opts = *opts;
    arena_init(&r->ar, r->alc);
    strmap_init(&r->exc, r->alc, &r->ar);
    strmap_init(&r->stop, r->alc, &r->ar);
    strmap_init(&r->raw, r->alc, &r->ar);
    strmap_init(&r->terms, r->alc, &r->ar);
    strmap_init(&r->idset, r->alc, &r->ar);
    buf_init(&r->tok, r->alc);
    buf_init(&r->join, r->alc);
    local_ids_init(&r->loc, r->alc);
    gram_map_init(&r->gm, r->alc);
    lcs_buf_init(&r->lcs, r->alc);
    r->sysid = arena_strdup(&r->ar, opts->system_id ? opts->system_id : "X");
    r->opts.system_id = r->sysid;
    if (!r->sysid || (rc = build_metrics(r)) != MDSUM_OK) {
        mdsum_rouge_free(r);
        return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    }
    r->row = alc_calloc(r->alc, r->nmetrics * NCELL, sizeof *r->row);
    if (opts->scorer == MDSUM_ROUGE_155 && r->row)
        r->tcache = alc_calloc(r->alc, TCACHE_SIZE, sizeof *r->tcache);
    if (!r->row || (opts->scorer == MDSUM_ROUGE_155 && !r->tcache)) {
        mdsum_rouge_free(r);
        return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    }
    if (opts->scorer == MDSUM_ROUGE_GOOGLE) {
        rc = google_scorer_new(ctx, opts->stem != 0, &r->g);
    } else {
        rc = load_tables(r);
        if (rc == MDSUM_ENOMEM) err_set(ctx, rc, "out of memory");
    }
    if (rc) {
        mdsum_rouge_free(r);
        return rc;
    }
    *out = r;
    return MDSUM_OK;
}

size_t mdsum_rouge_eval_count(const mdsum_rouge *r) { return r ? r->nevals : 0; }
size_t mdsum_rouge_metric_count(const mdsum_rouge *r) { return r ? r->nmetrics : 0; }

const char *mdsum_rouge_metric_name(const mdsum_rouge *r, size_t metric)
{
    return r && metric < r->nmetrics ? r->metrics[metric].name : NULL;
}

const char *mdsum_rouge_eval_id(const mdsum_rouge *r, size_t eval)
{
    return r && eval < r->nevals ? r->ids[eval] : NULL;
}

int mdsum_rouge_eval_empty(const mdsum_rouge *r, size_t eval, size_t text)
{
    if (!r) return MDSUM_EINVAL;
    if (eval >= r->nevals || text > r->nrefs[eval])
        return err_set(r->ctx, MDSUM_EINVAL, "rouge: no text %zu in evaluation %zu", text, eval);
    return r->empties[r->empty_at[eval] + text];
}

int mdsum_rouge_eval_score(const mdsum_rouge *r, size_t eval, size_t metric,
                           mdsum_rouge_score *out)
{
    if (!r || !out) return MDSUM_EINVAL;
    if (eval >= r->nevals || metric >= r->nmetrics)
        return err_set(r->ctx, MDSUM_EINVAL, "rouge: no evaluation %zu or measure %zu", eval,
                       metric);
    const double *c = r->cells + (eval * r->nmetrics + metric) * NCELL;
    out->recall = c[C_R];
    out->precision = c[C_P];
    out->f = c[C_F];
    out->model_count = c[C_M];
    out->peer_count = c[C_PC];
    out->hits = c[C_H];
    return MDSUM_OK;
}

/* ======================================================================
 * Reading a text: lines, length limits, tokens
 * ====================================================================== */

/* Perl's \s on a byte string: space, \t \n \v \f \r. */
static bool pspace(unsigned char c) { return c == ' ' || (c >= 9 && c <= 13); }

static bool push_seg(const alc_t *a, seg **v, size_t *n, size_t *cap, const char *p, size_t len)
{
    if (*n == *cap) {
        void *q = *v;
        if (!grow_array(a, &q, cap, *n + 1, sizeof **v)) return false;
        *v = q;
    }
    (*v)[*n].p = p;
    (*v)[*n].n = len;
    (*n)++;
    return true;
}

/* Append the lines of `s` (split at "\n", empty lines skipped) to r->lines. */
static bool add_lines(mdsum_rouge *r, const char *s, size_t n)
{
    size_t start = 0;
    while (start < n) {
        const char *nl = memchr(s + start, '\n', n - start);
        size_t end = nl ? (size_t)(nl - s) : n;
        if (end > start && !push_seg(r->alc, &r->lines, &r->nlines, &r->cap_lines, s + start,
                                     end - start))
            return false;
        start = end + 1;
    }
    return true;
}

/* Words of split(/\s+/, line): the runs of non-space, plus a leading empty
 * field when the line starts with space (and has a word at all). */
static size_t count_words(const char *p, size_t n)
{
    size_t runs = 0;
    for (size_t i = 0; i < n;) {
        if (pspace((unsigned char)p[i])) {
            i++;
            continue;
        }
        runs++;
        while (i < n && !pspace((unsigned char)p[i])) i++;
    }
    return runs && n && pspace((unsigned char)p[0]) ? runs + 1 : runs;
}

/* join(" ", (split /\s+/, line)[0..k-1]), k >= 1, for tokenizing: the
 * prefix of the line ending with word k (same tokens). *nonempty tells
 * whether the joined string would have any byte. */
static size_t first_words(const char *p, size_t n, size_t k, bool *nonempty)
{
    bool lead = n && pspace((unsigned char)p[0]);
    *nonempty = k >= 2 || !lead;
    size_t need = lead ? k - 1 : k, i = 0, end = 0;
    while (need && i < n) {
        if (pspace((unsigned char)p[i])) {
            i++;
            continue;
        }
        while (i < n && !pspace((unsigned char)p[i])) i++;
        end = i;
        need--;
    }
    return end;
}

static bool is_tokch(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The term id of a token (lower-cased), or -1 for a stopword. */
static int64_t term_of(mdsum_rouge *r, const char *tok, size_t len)
{
    int64_t rid = strmap_intern(&r->raw, tok, len);
    if (rid < 0) return -2;
    if ((size_t)rid >= r->nmemo) {
        /* Raw ids are dense, but an earlier failure may have left one
         * without its memo entry: mark every new entry unknown (-3). */
        void *p = r->memo;
        if (!grow_array(r->alc, &p, &r->cap_memo, (size_t)rid + 1, sizeof *r->memo)) return -2;
        r->memo = p;
        while (r->nmemo <= (size_t)rid) r->memo[r->nmemo++] = -3;
    }
    if (r->memo[rid] != -3) return r->memo[rid];
    int64_t term;
    if (r->opts.stopwords && strmap_find(&r->stop, tok, len) >= 0) {
        term = -1;
    } else {
        const char *t = tok;
        size_t tl = len;
        if (r->opts.stem && len > 3) {
            int64_t e = strmap_find(&r->exc, tok, len);
            if (e >= 0) {
                t = r->exc_base[e];
                tl = r->exc_blen[e];
            } else {
                if (len > r->cap_stem) {
                    char *st = alc_realloc(r->alc, r->stem, r->cap_stem, len);
                    if (!st) return -2;
                    r->stem = st;
                    r->cap_stem = len;
                }
                tl = rouge_porter155(tok, len, r->stem);
                t = r->stem;
            }
        }
        term = strmap_intern(&r->terms, t, tl);
        if (term < 0) return -2;
    }
    r->memo[rid] = (int32_t)term;
    return term;
}

static bool push_id(const alc_t *a, uint32_t **v, size_t *n, size_t *cap, uint32_t id)
{
    if (*n == *cap) {
        void *q = *v;
        if (!grow_array(a, &q, cap, *n + 1, sizeof **v)) return false;
        *v = q;
    }
    (*v)[(*n)++] = id;
    return true;
}

/* Tokenize one segment, appending local ids to v; ORs a bloom mask. */
static int tokenize_seg(mdsum_rouge *r, const seg *s, uint32_t **v, size_t *n, size_t *cap,
                        uint64_t *bloom)
{
    const unsigned char *p = (const unsigned char *)s->p;
    size_t i = 0;
    while (i < s->n) {
        if (!is_tokch(p[i])) {
            i++;
            continue;
        }
        size_t st = i;
        while (i < s->n && is_tokch(p[i])) i++;
        size_t len = i - st;
        r->tok.len = 0;
        r->tok.failed = false;   /* an earlier failure must not stick */
        if (!buf_reserve(&r->tok, len)) return MDSUM_ENOMEM;
        uint32_t h = 2166136261u;
        for (size_t k = st; k < i; k++) {
            unsigned char c = p[k];
            c = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            r->tok.data[k - st] = (char)c;
            h = (h ^ c) * 16777619u;
        }
        tcache *e = len <= TCACHE_MAXLEN
                        ? &r->tcache[(h ^ (h >> 13)) & (TCACHE_SIZE - 1)] : NULL;
        int64_t term;
        if (e && e->len == len && e->hash == h && memcmp(e->s, r->tok.data, len) == 0) {
            term = e->term;
        } else {
            term = term_of(r, r->tok.data, len);
            if (term == -2) return MDSUM_ENOMEM;
            if (e) {
                e->hash = h;
                e->len = (uint8_t)len;
                memcpy(e->s, r->tok.data, len);
                e->term = (int32_t)term;
            }
        }
        if (term < 0) continue;
        uint32_t l = local_id(&r->loc, (uint32_t)term);
        if (l == UINT32_MAX || !push_id(r->alc, v, n, cap, l)) return MDSUM_ENOMEM;
        if (bloom) *bloom |= UINT64_C(1) << (l & 63);
    }
    return MDSUM_OK;
}

/* Cut r->lines as readText_LCS does into r->segs (one per sentence), and
 * tell whether readText's text would be empty ("undefined"). */
static bool cut_lcs(mdsum_rouge *r, bool *empty)
{
    long W = r->opts.limit_words, B = r->opts.limit_bytes;
    r->nsegs = 0;
    *empty = false;
    if (!W && !B) {
        for (size_t i = 0; i < r->nlines; i++)
            if (!push_seg(r->alc, &r->segs, &r->nsegs, &r->cap_segs, r->lines[i].p,
                          r->lines[i].n))
                return false;
        return true;
    }
    if (W) {
        size_t total = 0;
        bool any = false;
        for (size_t i = 0; i < r->nlines; i++) {
            const seg *l = &r->lines[i];
            size_t w = count_words(l->p, l->n);
            if (total + w < (size_t)W) {
                total += w;
                any = true;
                if (!push_seg(r->alc, &r->segs, &r->nsegs, &r->cap_segs, l->p, l->n))
                    return false;
            } else {
                bool nonempty;
                size_t e = first_words(l->p, l->n, (size_t)W - total, &nonempty);
                any = any || nonempty;
                if (!push_seg(r->alc, &r->segs, &r->nsegs, &r->cap_segs, l->p, e)) return false;
                break;
            }
        }
        *empty = !any;
        return true;
    }
    /* -b: the byte counter of readText_LCS never moves. */
    *empty = r->nlines == 0;
    for (size_t i = 0; i < r->nlines; i++) {
        const seg *l = &r->lines[i];
        if (l->n < (size_t)B) {
            if (!push_seg(r->alc, &r->segs, &r->nsegs, &r->cap_segs, l->p, l->n)) return false;
        } else {
            if (!push_seg(r->alc, &r->segs, &r->nsegs, &r->cap_segs, l->p, (size_t)B))
                return false;
            break;
        }
    }
    return true;
}

/* Cut r->lines as readText does with -b into r->segs. */
static bool cut_bytes(mdsum_rouge *r)
{
    size_t B = (size_t)r->opts.limit_bytes, total = 0;
    r->nsegs = 0;
    for (size_t i = 0; i < r->nlines; i++) {
        const seg *l = &r->lines[i];
        if (total + l->n < B) {
            total += l->n;
            if (!push_seg(r->alc, &r->segs, &r->nsegs, &r->cap_segs, l->p, l->n)) return false;
        } else {
            if (!push_seg(r->alc, &r->segs, &r->nsegs, &r->cap_segs, l->p, B - total))
                return false;
            break;
        }
    }
    return true;
}

/* Read r->lines into t: ROUGE-L sentences and the readText tokens. */
static int read_text(mdsum_rouge *r, ttext *t)
{
    t->n = t->ns = t->nflat_own = 0;
    if (!cut_lcs(r, &t->empty)) return MDSUM_ENOMEM;
    for (size_t i = 0; i < r->nsegs; i++) {
        if (t->ns == t->cap_s) {
            void *a = t->send, *b = t->bloom;
            size_t c1 = t->cap_s, c2 = t->cap_s;
            if (!grow_array(r->alc, &a, &c1, t->ns + 1, sizeof *t->send)) return MDSUM_ENOMEM;
            t->send = a;
            if (!grow_array(r->alc, &b, &c2, t->ns + 1, sizeof *t->bloom)) return MDSUM_ENOMEM;
            t->bloom = b;
            t->cap_s = c1;
        }
        uint64_t bloom = 0;
        int rc = tokenize_seg(r, &r->segs[i], &t->ids, &t->n, &t->cap, &bloom);
        if (rc) return rc;
        t->send[t->ns] = t->n;
        t->bloom[t->ns] = bloom;
        t->ns++;
    }
    if (!r->opts.limit_bytes) {
        /* Without -b both readers keep the same words. */
        t->flat = t->ids;
        t->nflat = t->n;
        return MDSUM_OK;
    }
    if (!cut_bytes(r)) return MDSUM_ENOMEM;
    for (size_t i = 0; i < r->nsegs; i++) {
        int rc = tokenize_seg(r, &r->segs[i], &t->flat_own, &t->nflat_own, &t->cap_flat, NULL);
        if (rc) return rc;
    }
    t->flat = t->flat_own;
    t->nflat = t->nflat_own;
    return MDSUM_OK;
}

/* ======================================================================
 * Measures of one evaluation
 * ====================================================================== */

/* What one model contributes: hits, its count, the peer's count, and the
 * score -f B compares. */
typedef struct mres {
    double hit, cm, cp, score;
} mres;

/* Combine the models (-f A / -f B) and round as the script does. */
static void finish(const mdsum_rouge *r, const mres *mr, size_t k, int kind, double *cell)
{
    double H = 0, M = 0, P = 0;
    if (r->opts.best_model) {
        double best = -1;
        for (size_t i = 0; i < k; i++)
            if (mr[i].score > best) {
                best = mr[i].score;
                H = mr[i].hit;
                M = mr[i].cm;
                P = mr[i].cp;
            }
    } else {
        for (size_t i = 0; i < k; i++) {
            H += mr[i].hit;
            M += mr[i].cm;
            P += mr[i].cp;
        }
    }
    double w = r->opts.wlcs_weight, a = r->opts.alpha;
    double R = 0, Pr = 0;
    if (M != 0) R = round5(kind == MK_W ? pow(H / M, 1.0 / w) : H / M);
    if (P != 0) Pr = round5(kind == MK_W ? pow(H / P, 1.0 / w) : H / P);
    double F = 0;
    if ((1 - a) * Pr + a * R > 0) F = round5((Pr * R) / ((1 - a) * Pr + a * R));
    cell[C_R] = R;
    cell[C_P] = Pr;
    cell[C_F] = F;
    cell[C_M] = M;
    cell[C_PC] = P;
    cell[C_H] = H;
}

static uint64_t ngram_key(const uint32_t *s, int n)
{
    if (n == 1) return s[0];
    if (n == 2) return ((uint64_t)s[0] << 32) | s[1];
    return gram_hash(s, (size_t)n);
}

static int score_ngram(mdsum_rouge *r, size_t nt, int n, mres *mr)
{
    const ttext *peer = &r->tx[0];
    size_t N = (size_t)n, cp = peer->nflat >= N ? peer->nflat - N + 1 : 0;
    if (!gram_map_reset(&r->gm, cp, n >= 3 ? N : 0)) return MDSUM_ENOMEM;
    for (size_t i = 0; i < cp; i++)
        if (!gram_map_add(&r->gm, ngram_key(peer->flat + i, n), n >= 3 ? peer->flat + i : NULL))
            return MDSUM_ENOMEM;
    for (size_t k = 1; k < nt; k++) {
        const ttext *m = &r->tx[k];
        size_t cm = m->nflat >= N ? m->nflat - N + 1 : 0, hit = 0;
        for (size_t i = 0; i < cm; i++)
            hit += (size_t)gram_hit(&r->gm, ngram_key(m->flat + i, n),
                                    n >= 3 ? m->flat + i : NULL, (uint32_t)k);
        mres *o = &mr[k - 1];
        o->hit = (double)hit;
        o->cm = (double)cm;
        o->cp = (double)cp;
        o->score = cm ? round5((double)hit / (double)cm) : 0;
    }
    return MDSUM_OK;
}

#define UNIGRAM_TAG UINT32_C(0xFFFFFFFF)

/* Skip-bigrams (i, j), j - i - 1 <= D (any when D < 0), and the unigram of
 * every token but the last; the caller adds or leaves out the unigrams. */
static size_t skip_count(size_t L, int D)
{
    if (L < 2) return 0;
    if (D < 0) return L * (L - 1) / 2;
    size_t span = (size_t)D + 1, c = 0;
    for (size_t i = 0; i + 1 < L; i++) c += (L - 1 - i) < span ? (L - 1 - i) : span;
    return c;
}

static int score_skip(mdsum_rouge *r, size_t nt, mres *ms, mres *msu)
{
    int D = r->opts.skip_distance;
    const ttext *peer = &r->tx[0];
    size_t L = peer->nflat, cps = skip_count(L, D), cpu = L >= 2 ? L - 1 : 0;
    if (cps > SKIP_MAX_ENTRIES)
        return err_set(r->ctx, MDSUM_ELIMIT,
                       "rouge: %zu skip-bigrams in one summary (limit %zu): use a skip "
                       "distance (-2 D)", cps, SKIP_MAX_ENTRIES);
    for (size_t k = 1; k < nt; k++)
        if (skip_count(r->tx[k].nflat, D) > SKIP_MAX_ENTRIES)
            return err_set(r->ctx, MDSUM_ELIMIT,
                           "rouge: too many skip-bigrams in one reference (limit %zu): use a "
                           "skip distance (-2 D)", SKIP_MAX_ENTRIES);
    if (!gram_map_reset(&r->gm, cps + cpu, 0)) return MDSUM_ENOMEM;
    const uint32_t *s = peer->flat;
    for (size_t i = 0; i + 1 < L; i++) {
        if (!gram_map_add(&r->gm, ((uint64_t)s[i] << 32) | UNIGRAM_TAG, NULL))
            return MDSUM_ENOMEM;
        size_t last = D < 0 ? L - 1 : (i + (size_t)D + 1 < L - 1 ? i + (size_t)D + 1 : L - 1);
        for (size_t j = i + 1; j <= last; j++)
            if (!gram_map_add(&r->gm, ((uint64_t)s[i] << 32) | s[j], NULL)) return MDSUM_ENOMEM;
    }
    for (size_t k = 1; k < nt; k++) {
        const uint32_t *t = r->tx[k].flat;
        size_t M = r->tx[k].nflat, hs = 0, hu = 0;
        size_t cms = skip_count(M, D), cmu = M >= 2 ? M - 1 : 0;
        for (size_t i = 0; i + 1 < M; i++) {
            hu += (size_t)gram_hit(&r->gm, ((uint64_t)t[i] << 32) | UNIGRAM_TAG, NULL,
                                   (uint32_t)k);
            size_t last = D < 0 ? M - 1 : (i + (size_t)D + 1 < M - 1 ? i + (size_t)D + 1 : M - 1);
            for (size_t j = i + 1; j <= last; j++)
                hs += (size_t)gram_hit(&r->gm, ((uint64_t)t[i] << 32) | t[j], NULL, (uint32_t)k);
        }
        mres *a = &ms[k - 1], *b = &msu[k - 1];
        a->hit = (double)hs;
        a->cm = (double)cms;
        a->cp = (double)cps;
        a->score = cms ? round5((double)hs / (double)cms) : 0;
        b->hit = (double)(hs + hu);
        b->cm = (double)(cms + cmu);
        b->cp = (double)(cps + cpu);
        b->score = cms + cmu ? round5(b->hit / b->cm) : 0;
    }
    return MDSUM_OK;
}

static int ensure_scratch(mdsum_rouge *r, size_t u, size_t maxlen)
{
    if (u > r->cap_b) {
        uint32_t *a = alc_malloc(r->alc, u * sizeof *a), *b = alc_malloc(r->alc, u * sizeof *b);
        if (!a || !b) {
            alc_free(r->alc, a);
            alc_free(r->alc, b);
            return MDSUM_ENOMEM;
        }
        alc_free(r->alc, r->bm);
        alc_free(r->alc, r->bp);
        r->bm = a;
        r->bp = b;
        r->cap_b = u;
    }
    if (maxlen > r->cap_mask) {
        uint8_t *m = alc_malloc(r->alc, maxlen);
        if (!m) return MDSUM_ENOMEM;
        alc_free(r->alc, r->mask);
        r->mask = m;
        r->cap_mask = maxlen;
    }
    return MDSUM_OK;
}

static void budgets(mdsum_rouge *r, const ttext *peer, const ttext *m, size_t u)
{
    if (u == 0) return;   /* no token at all: the tables may not exist yet */
    memset(r->bm, 0, u * sizeof *r->bm);
    memset(r->bp, 0, u * sizeof *r->bp);
    for (size_t i = 0; i < m->nflat; i++) r->bm[m->flat[i]]++;
    for (size_t i = 0; i < peer->nflat; i++) r->bp[peer->flat[i]]++;
}

static int lcs_error(mdsum_rouge *r, int rc)
{
    if (rc == MDSUM_ELIMIT)
        return err_set(r->ctx, rc, "rouge: a sentence pair is too long for the LCS table "
                                   "(more than %zu cells)", LCS_MAX_CELLS);
    return rc;
}

static int score_lcs(mdsum_rouge *r, size_t nt, mres *mr)
{
    const ttext *peer = &r->tx[0];
    size_t u = r->loc.n;
    /* The peer's sentences meet every reference sentence: index them once. */
    int irc = lcs_index(&r->lcs, peer->ids, peer->n, u);
    if (irc) return irc;
    for (size_t k = 1; k < nt; k++) {
        const ttext *m = &r->tx[k];
        size_t maxlen = 0, s0 = 0;
        for (size_t i = 0; i < m->ns; i++) {
            if (m->send[i] - s0 > maxlen) maxlen = m->send[i] - s0;
            s0 = m->send[i];
        }
        int rc = ensure_scratch(r, u, maxlen);
        if (rc) return rc;
        budgets(r, peer, m, u);
        size_t hit = 0, base = 0, ms = 0;
        for (size_t i = 0; i < m->ns; i++) {
            size_t me = m->send[i], len = me - ms;
            base += len;
            if (!len) continue;
            memset(r->mask, 0, len);
            size_t ps = 0;
            for (size_t j = 0; j < peer->ns; j++) {
                size_t pe = peer->send[j];
                /* Sentences without a common term have an empty LCS. */
                if (m->bloom[i] & peer->bloom[j]) {
                    rc = lcs_mark_at(&r->lcs, m->ids + ms, len, peer->ids, ps, pe - ps, r->mask);
                    if (rc) return lcs_error(r, rc);
                }
                ps = pe;
            }
            for (size_t j = 0; j < len; j++) {
                uint32_t t = m->ids[ms + j];
                if (r->mask[j] && r->bm[t] > 0 && r->bp[t] > 0) {
                    hit++;
                    r->bm[t]--;
                    r->bp[t]--;
                }
            }
            ms = me;
        }
        mres *o = &mr[k - 1];
        o->hit = (double)hit;
        o->cm = (double)base;
        o->cp = (double)peer->nflat;
        o->score = base ? (double)hit / (double)base : 0;
    }
    return MDSUM_OK;
}

/* Weighted LCS (ROUGE-W): the script's wlcs_inner fills c with
 * c[i-1][j-1] + f(k+1) - f(k), k the run of matches ending there, then
 * marks the same way as the LCS. */
static int wlcs_mark(mdsum_rouge *r, const uint32_t *a, size_t m, const uint32_t *b, size_t n,
                     double w, uint8_t *mask)
{
    if (!m || !n) return MDSUM_OK;
    size_t W = n + 1, cells;
    if (!mul_ok(m + 1, W, &cells) || cells > LCS_MAX_CELLS) return MDSUM_ELIMIT;
    if (cells > r->cap_w) {
        double *c = alc_malloc(r->alc, cells * sizeof *c);
        uint32_t *l = alc_malloc(r->alc, cells * sizeof *l);
        if (!c || !l) {
            alc_free(r->alc, c);
            alc_free(r->alc, l);
            return MDSUM_ENOMEM;
        }
        alc_free(r->alc, r->wc);
        alc_free(r->alc, r->wl);
        r->wc = c;
        r->wl = l;
        r->cap_w = cells;
    }
    double *c = r->wc;
    uint32_t *l = r->wl;
    for (size_t j = 0; j < W; j++) {
        c[j] = 0;
        l[j] = 0;
    }
    for (size_t i = 1; i <= m; i++) {
        c[i * W] = 0;
        l[i * W] = 0;
        for (size_t j = 1; j <= n; j++) {
            size_t x = i * W + j, d = x - W - 1, up = x - W, left = x - 1;
            if (a[i - 1] == b[j - 1]) {
                uint32_t k = l[d];
                c[x] = c[d] + pow((double)k + 1, w) - pow((double)k, w);
                l[x] = k + 1;
            } else if (c[up] >= c[left]) {
                c[x] = c[up];
                l[x] = 0;
            } else {
                c[x] = c[left];
                l[x] = 0;
            }
        }
    }
    size_t i = m, j = n;
    while (i > 0 && j > 0) {
        if (a[i - 1] == b[j - 1]) {
            i--;
            j--;
            mask[i] = 1;
        } else if (c[(i - 1) * W + j] >= c[i * W + j - 1]) {
            i--;
        } else {
            j--;
        }
    }
    return MDSUM_OK;
}

static int score_wlcs(mdsum_rouge *r, size_t nt, mres *mr)
{
    const ttext *peer = &r->tx[0];
    double w = r->opts.wlcs_weight;
    size_t u = r->loc.n;
    for (size_t k = 1; k < nt; k++) {
        const ttext *m = &r->tx[k];
        size_t maxlen = 0, s0 = 0;
        for (size_t i = 0; i < m->ns; i++) {
            if (m->send[i] - s0 > maxlen) maxlen = m->send[i] - s0;
            s0 = m->send[i];
        }
        int rc = ensure_scratch(r, u, maxlen);
        if (rc) return rc;
        budgets(r, peer, m, u);
        double hit = 0, base = 0;
        size_t ms = 0;
        for (size_t i = 0; i < m->ns; i++) {
            size_t me = m->send[i], len = me - ms;
            base += pow((double)len, w);
            if (!len) continue;
            memset(r->mask, 0, len);
            size_t ps = 0;
            for (size_t j = 0; j < peer->ns; j++) {
                size_t pe = peer->send[j];
                /* An empty peer sentence has an empty WLCS (and a peer
                 * without any token has no id array at all). */
                if (pe > ps) {
                    rc = wlcs_mark(r, m->ids + ms, len, peer->ids + ps, pe - ps, w, r->mask);
                    if (rc) return lcs_error(r, rc);
                }
                ps = pe;
            }
            size_t run = 0;
            for (size_t j = 0; j < len; j++) {
                uint32_t t = m->ids[ms + j];
                if (!(r->mask[j] && r->bm[t] > 0 && r->bp[t] > 0)) continue;
                run++;
                /* A run ends where the mask does, or at the sentence end. */
                if ((j + 1 < len && !r->mask[j + 1]) || j + 1 == len) {
                    hit += pow((double)run, w);
                    run = 0;
                }
                r->bm[t]--;
                r->bp[t]--;
            }
            ms = me;
        }
        mres *o = &mr[k - 1];
        o->hit = hit;
        o->cm = pow(base, w);
        o->cp = pow((double)peer->nflat, w);
        o->score = base > 0 ? pow(hit / base, 1.0 / w) : 0;
    }
    return MDSUM_OK;
}

/* Score the texts in r->tx[0..nt) into r->row. */
static int score155(mdsum_rouge *r, size_t nt)
{
    size_t k = nt - 1;
    mres *a = alc_calloc(r->alc, 2 * k, sizeof *a);
    if (!a) return MDSUM_ENOMEM;
    mres *b = a + k;
    int rc = MDSUM_OK;
    bool skip_done = false;
    for (size_t mi = 0; mi < r->nmetrics && !rc; mi++) {
        const metric_def *m = &r->metrics[mi];
        double *cell = r->row + mi * NCELL;
        switch (m->kind) {
        case MK_N:
            if (!(rc = score_ngram(r, nt, m->n, a))) finish(r, a, k, m->kind, cell);
            break;
        case MK_L:
            if (!(rc = score_lcs(r, nt, a))) finish(r, a, k, m->kind, cell);
            break;
        case MK_W:
            if (!(rc = score_wlcs(r, nt, a))) finish(r, a, k, m->kind, cell);
            break;
        case MK_S:
        case MK_SU:
            /* One pass gives both: skip-bigram and unigram keys differ. */
            if (!skip_done) {
                rc = score_skip(r, nt, a, b);
                skip_done = true;
                if (rc) break;
                for (size_t x = mi; x < r->nmetrics; x++) {
                    if (r->metrics[x].kind == MK_S) finish(r, a, k, MK_S, r->row + x * NCELL);
                    if (r->metrics[x].kind == MK_SU) finish(r, b, k, MK_SU, r->row + x * NCELL);
                }
            }
            break;
        default:
            break;
        }
    }
    alc_free(r->alc, a);
    return rc;
}

/* ======================================================================
 * Adding evaluations
 * ====================================================================== */
static int oom(mdsum_rouge *r) { return err_set(r->ctx, MDSUM_ENOMEM, "out of memory"); }

static int ensure_tx(mdsum_rouge *r, size_t nt)
{
    if (nt <= r->cap_tx) return MDSUM_OK;
    ttext *t = alc_realloc(r->alc, r->tx, r->cap_tx * sizeof *t, nt * sizeof *t);
    if (!t) return MDSUM_ENOMEM;
    memset(t + r->cap_tx, 0, (nt - r->cap_tx) * sizeof *t);
    r->tx = t;
    r->cap_tx = nt;
    return MDSUM_OK;
}

/* Store r->row and the empties of texts 0..nt as evaluation `id`. */
/* Append an evaluation: its id (NULL = its number), its nt texts, whether
 * each is empty (`empties`, or NULL: from r->tx) and its cells (`row`). */
static int commit_row(mdsum_rouge *r, const char *id, size_t nt, const uint8_t *empties,
                      const double *row)
{
    char num[32];
    if (!id) {
        snprintf(num, sizeof num, "%zu", r->nevals + 1);
        id = num;
    }
    size_t idlen = strlen(id);
    if (r->nevals == r->cap_evals) {
        size_t cap = r->cap_evals ? r->cap_evals * 2 : 64;
        const char **ids = alc_realloc(r->alc, (void *)r->ids, r->cap_evals * sizeof *ids,
                                       cap * sizeof *ids);
        if (!ids) return MDSUM_ENOMEM;
        r->ids = ids;
        size_t *ea = alc_realloc(r->alc, r->empty_at, r->cap_evals * sizeof *ea, cap * sizeof *ea);
        if (!ea) return MDSUM_ENOMEM;
        r->empty_at = ea;
        uint32_t *nr = alc_realloc(r->alc, r->nrefs, r->cap_evals * sizeof *nr, cap * sizeof *nr);
        if (!nr) return MDSUM_ENOMEM;
        r->nrefs = nr;
        size_t per = r->nmetrics * NCELL;
        double *c = alc_realloc(r->alc, r->cells, r->cap_evals * per * sizeof *c,
                                cap * per * sizeof *c);
        if (!c) return MDSUM_ENOMEM;
        r->cells = c;
        r->cap_evals = cap;
    }
    if (r->nempties + nt > r->cap_empties) {
        void *p = r->empties;
        if (!grow_array(r->alc, &p, &r->cap_empties, r->nempties + nt, 1)) return MDSUM_ENOMEM;
        r->empties = p;
    }
    int64_t sid = strmap_intern(&r->idset, id, idlen);
    if (sid < 0) return MDSUM_ENOMEM;
    size_t e = r->nevals;
    r->ids[e] = strmap_str(&r->idset, (size_t)sid);
    r->empty_at[e] = r->nempties;
    r->nrefs[e] = (uint32_t)(nt - 1);
    for (size_t t = 0; t < nt; t++)
        r->empties[r->nempties++] = empties ? empties[t] : r->g ? 0 : (uint8_t)r->tx[t].empty;
    memcpy(r->cells + e * r->nmetrics * NCELL, row, r->nmetrics * NCELL * sizeof *row);
    r->nevals++;
    r->agg_valid = false;
    return MDSUM_OK;
}

static int commit(mdsum_rouge *r, const char *id, size_t nt)
{
    return commit_row(r, id, nt, NULL, r->row);
}

/* Options that change an evaluation's own scores (not only aggregates). */
static bool same_scoring(const mdsum_rouge_opts *a, const mdsum_rouge_opts *b)
{
    return a->scorer == b->scorer && a->max_n == b->max_n && a->lcs == b->lcs &&
           a->wlcs_weight == b->wlcs_weight && a->skip == b->skip &&
           a->skip_distance == b->skip_distance && a->skip_mode == b->skip_mode &&
           a->stem == b->stem && a->stopwords == b->stopwords &&
           a->limit_words == b->limit_words && a->limit_bytes == b->limit_bytes &&
           a->best_model == b->best_model && a->alpha == b->alpha && a->count_mode == b->count_mode;
}

int mdsum_rouge_merge(mdsum_rouge *dst, const mdsum_rouge *src, size_t first, size_t n)
{
    if (!dst) return MDSUM_EINVAL;
    mdsum_ctx *ctx = dst->ctx;
    if (!src || src == dst || first > src->nevals || n > src->nevals - first)
        return err_set(ctx, MDSUM_EINVAL, "rouge: merge: invalid scorer or range");
    if (!same_scoring(&dst->opts, &src->opts) || dst->nmetrics != src->nmetrics)
        return err_set(ctx, MDSUM_EINVAL, "rouge: merge: the scorers measure differently");
    for (size_t e = first; e < first + n; e++)
        if (strmap_find(&dst->idset, src->ids[e], strlen(src->ids[e])) >= 0)
            return err_set(ctx, MDSUM_EINVAL, "rouge: duplicate evaluation id '%s'", src->ids[e]);
    for (size_t e = first; e < first + n; e++) {
        const double *row = src->cells + e * src->nmetrics * NCELL;
        if (commit_row(dst, src->ids[e], src->nrefs[e] + (size_t)1, src->empties + src->empty_at[e], row))
            return oom(dst);
    }
    return MDSUM_OK;
}

int mdsum_rouge_add(mdsum_rouge *r, const char *id, const char *system, size_t system_len,
                    const char *const *refs, const size_t *ref_lens, size_t nrefs)
{
    if (!r) return MDSUM_EINVAL;
    mdsum_ctx *ctx = r->ctx;
    if ((!system && system_len) || (!refs && nrefs))
        return err_set(ctx, MDSUM_EINVAL, "rouge: invalid argument");
    if (nrefs == 0) return err_set(ctx, MDSUM_EINVAL, "rouge: an evaluation needs a reference");
    if (nrefs >= UINT32_MAX) return err_set(ctx, MDSUM_ELIMIT, "rouge: too many references");
    for (size_t k = 0; k < nrefs; k++)
        if (!refs[k] && (!ref_lens || ref_lens[k]))
            return err_set(ctx, MDSUM_EINVAL, "rouge: reference %zu is NULL", k + 1);
    char num[32];
    if (!id) {
        snprintf(num, sizeof num, "%zu", r->nevals + 1);
        id = num;
    }
    if (strmap_find(&r->idset, id, strlen(id)) >= 0)
        return err_set(ctx, MDSUM_EINVAL, "rouge: duplicate evaluation id '%s'", id);
    if (!system) system = "";

    int rc;
    size_t nt = nrefs + 1;
    if (r->g) {
        size_t *lens = NULL;
        if (!ref_lens) {
            lens = alc_malloc(r->alc, nrefs * sizeof *lens);
            if (!lens) return oom(r);
            for (size_t k = 0; k < nrefs; k++) lens[k] = refs[k] ? strlen(refs[k]) : 0;
        }
        google_prf s[GOOGLE_METRICS];
        rc = google_score(r->g, system, system_len, refs, ref_lens ? ref_lens : lens, nrefs, s);
        alc_free(r->alc, lens);
        if (rc == MDSUM_ELIMIT) return lcs_error(r, rc);
        if (rc) return oom(r);
        for (size_t m = 0; m < GOOGLE_METRICS; m++) {
            double *c = r->row + m * NCELL;
            c[C_R] = s[m].r;
            c[C_P] = s[m].p;
            c[C_F] = s[m].f;
            c[C_M] = c[C_PC] = c[C_H] = 0;
        }
    } else {
        if ((rc = ensure_tx(r, nt))) return oom(r);
        local_ids_reset(&r->loc);
        for (size_t t = 0; t < nt; t++) {
            const char *s = t ? refs[t - 1] : system;
            size_t n = t ? (ref_lens ? ref_lens[t - 1] : strlen(s)) : system_len;
            r->nlines = 0;
            if (!add_lines(r, s ? s : "", s ? n : 0)) return oom(r);
            if ((rc = read_text(r, &r->tx[t]))) return oom(r);
        }
        rc = score155(r, nt);
        if (rc == MDSUM_ENOMEM) return oom(r);
        if (rc) return rc;
    }
    rc = commit(r, id == num ? NULL : id, nt);
    return rc ? oom(r) : MDSUM_OK;
}

int mdsum_rouge_add_sentences(mdsum_rouge *r, const char *id, const char *const *sys,
                              const size_t *sys_lens, size_t nsys, const char *const *ref_sents,
                              const size_t *ref_sent_lens, const size_t *ref_counts, size_t nrefs)
{
    if (!r) return MDSUM_EINVAL;
    if ((!sys && nsys) || (nrefs && !ref_counts))
        return err_set(r->ctx, MDSUM_EINVAL, "rouge: invalid argument");
    size_t total = 0;
    for (size_t k = 0; k < nrefs; k++) {
        if (ref_counts[k] > SIZE_MAX - total)
            return err_set(r->ctx, MDSUM_EINVAL, "rouge: invalid sentence counts");
        total += ref_counts[k];
    }
    if (total && !ref_sents) return err_set(r->ctx, MDSUM_EINVAL, "rouge: invalid argument");
    /* One buffer with every text, sentences on their own lines; then the
     * offsets become pointers. */
    strbuf *b = &r->join;
    b->len = 0;
    b->failed = false;
    size_t *ends = alc_malloc(r->alc, (nrefs + 1) * sizeof *ends);
    if (!ends) return oom(r);
    size_t si = 0;
    for (size_t t = 0; t <= nrefs; t++) {
        size_t cnt = t ? ref_counts[t - 1] : nsys;
        for (size_t i = 0; i < cnt; i++) {
            const char *s = t ? ref_sents[si] : sys[i];
            size_t n = t ? (ref_sent_lens ? ref_sent_lens[si] : (s ? strlen(s) : 0))
                         : (sys_lens ? sys_lens[i] : (s ? strlen(s) : 0));
            if (t) si++;
            if (!s && n) {
                alc_free(r->alc, ends);
                return err_set(r->ctx, MDSUM_EINVAL, "rouge: a sentence is NULL");
            }
            if (s) buf_append(b, s, n);
            buf_putc(b, '\n');
        }
        ends[t] = b->len;
    }
    if (b->failed) {
        b->failed = false;
        alc_free(r->alc, ends);
        return oom(r);
    }
    const char **ptrs = alc_malloc(r->alc, (nrefs ? nrefs : 1) * sizeof *ptrs);
    size_t *lens = alc_malloc(r->alc, (nrefs ? nrefs : 1) * sizeof *lens);
    if (!ptrs || !lens) {
        alc_free(r->alc, ends);
        alc_free(r->alc, (void *)ptrs);
        alc_free(r->alc, lens);
        return oom(r);
    }
    for (size_t k = 0; k < nrefs; k++) {
        ptrs[k] = b->data + ends[k];
        lens[k] = ends[k + 1] - ends[k];
    }
    int rc = mdsum_rouge_add(r, id, b->data ? b->data : "", ends[0], ptrs, lens, nrefs);
    alc_free(r->alc, ends);
    alc_free(r->alc, (void *)ptrs);
    alc_free(r->alc, lens);
    return rc;
}

/* A TEXT of a JSON line: a string, or an array of sentence strings joined
 * with "\n". Appends to r->join and sets *start and *end to its range. */
static int json_text(mdsum_rouge *r, json_t *v, const char *what, size_t *start, size_t *end)
{
    strbuf *b = &r->join;
    *start = b->len;
    if (json_is_string(v)) {
        buf_append(b, json_string_value(v), json_string_length(v));
    } else if (json_is_array(v)) {
        size_t i;
        json_t *s;
        json_array_foreach(v, i, s) {
            if (!json_is_string(s))
                return err_set(r->ctx, MDSUM_EFORMAT,
                               "rouge: %s: a sentence must be a string", what);
            buf_append(b, json_string_value(s), json_string_length(s));
            buf_putc(b, '\n');
        }
    } else {
        return err_set(r->ctx, MDSUM_EFORMAT,
                       "rouge: %s must be a string or an array of sentences", what);
    }
    *end = b->len;
    return MDSUM_OK;
}

int mdsum_rouge_add_jsonl(mdsum_rouge *r, const char *line, size_t len)
{
    if (!r || (!line && len)) return MDSUM_EINVAL;
    mdsum_ctx *ctx = r->ctx;
    json_error_t jerr;
    json_t *root = json_loadb(line ? line : "", len, JSON_ALLOW_NUL, &jerr);
    if (!root)
        return err_set_at(ctx, MDSUM_EFORMAT, -1, (long long)jerr.position,
                          "invalid JSON: %s", jerr.text);
    int rc = MDSUM_OK;
    size_t *ranges = NULL;
    const char **ptrs = NULL;
    size_t *lens = NULL;
    if (!json_is_object(root)) {
        rc = err_set(ctx, MDSUM_EFORMAT, "rouge: expected a JSON object with \"system\" and "
                                          "\"references\"");
        goto out;
    }
    char idbuf[32];
    const char *id = NULL;
    json_t *jid = json_object_get(root, "id");
    if (json_is_string(jid)) {
        id = json_string_value(jid);
        if (strlen(id) != json_string_length(jid)) {
            rc = err_set(ctx, MDSUM_EFORMAT, "rouge: \"id\" contains a NUL character (\\u0000)");
            goto out;
        }
    } else if (json_is_integer(jid)) {
        snprintf(idbuf, sizeof idbuf, "%" JSON_INTEGER_FORMAT, json_integer_value(jid));
        id = idbuf;
    } else if (jid && !json_is_null(jid)) {
        rc = err_set(ctx, MDSUM_EFORMAT, "rouge: \"id\" must be a string or an integer");
        goto out;
    }
    json_t *sys = json_object_get(root, "system");
    if (!sys) sys = json_object_get(root, "prediction");
    if (!sys) sys = json_object_get(root, "summary");
    if (!sys) {
        rc = err_set(ctx, MDSUM_EFORMAT, "rouge: no \"system\" (or \"prediction\") field");
        goto out;
    }
    json_t *refs = json_object_get(root, "references");
    bool single = false;
    if (!refs) {
        refs = json_object_get(root, "reference");
        single = true;
    }
    if (!refs) {
        rc = err_set(ctx, MDSUM_EFORMAT, "rouge: no \"references\" field");
        goto out;
    }
    if (!single && !json_is_array(refs)) {
        rc = err_set(ctx, MDSUM_EFORMAT, "rouge: \"references\" must be an array");
        goto out;
    }
    size_t nrefs = single ? 1 : json_array_size(refs);
    if (!nrefs) {
        rc = err_set(ctx, MDSUM_EFORMAT, "rouge: \"references\" is empty");
        goto out;
    }
    r->join.len = 0;
    r->join.failed = false;
    ranges = alc_malloc(r->alc, 2 * (nrefs + 1) * sizeof *ranges);
    ptrs = alc_malloc(r->alc, nrefs * sizeof *ptrs);
    lens = alc_malloc(r->alc, nrefs * sizeof *lens);
    if (!ranges || !ptrs || !lens) {
        rc = oom(r);
        goto out;
    }
    if ((rc = json_text(r, sys, "\"system\"", &ranges[0], &ranges[1]))) goto out;
    for (size_t k = 0; k < nrefs; k++) {
        json_t *v = single ? refs : json_array_get(refs, k);
        if ((rc = json_text(r, v, "a reference", &ranges[2 * k + 2], &ranges[2 * k + 3])))
            goto out;
    }
    if (r->join.failed) {
        r->join.failed = false;
        rc = oom(r);
        goto out;
    }
    const char *base = r->join.data ? r->join.data : "";
    for (size_t k = 0; k < nrefs; k++) {
        ptrs[k] = base + ranges[2 * k + 2];
        lens[k] = ranges[2 * k + 3] - ranges[2 * k + 2];
    }
    rc = mdsum_rouge_add(r, id, base + ranges[0], ranges[1] - ranges[0], ptrs, lens, nrefs);
out:
    alc_free(r->alc, ranges);
    alc_free(r->alc, (void *)ptrs);
    alc_free(r->alc, lens);
    json_decref(root);
    return rc;
}

/* ======================================================================
 * Aggregation
 * ====================================================================== */
typedef struct key_ctx {
    const char **keys;
} key_ctx;

static int cmp_key(const void *a, const void *b, void *ud)
{
    const key_ctx *k = ud;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int c = strcmp(k->keys[i], k->keys[j]);
    return c ? c : (i < j ? -1 : i > j);
}

static int cmp_double(const void *a, const void *b, void *ud)
{
    (void)ud;
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The evaluations in the order of Perl's sort(keys %scores): byte order
 * of "<id>.<system>". */
static int instance_order(mdsum_rouge *r, size_t *order)
{
    size_t n = r->nevals;
    const char **keys = alc_calloc(r->alc, n, sizeof *keys);
    arena tmp;
    arena_init(&tmp, r->alc);
    int rc = MDSUM_OK;
    if (!keys) rc = MDSUM_ENOMEM;
    for (size_t i = 0; i < n && !rc; i++) {
        size_t a = strlen(r->ids[i]), b = strlen(r->sysid);
        char *k = arena_alloc(&tmp, a + b + 2);
        if (!k) {
            rc = MDSUM_ENOMEM;
            break;
        }
        memcpy(k, r->ids[i], a);
        k[a] = '.';
        memcpy(k + a + 1, r->sysid, b + 1);
        keys[i] = k;
    }
    if (!rc) {
        for (size_t i = 0; i < n; i++) order[i] = i;
        key_ctx kc = {keys};
        sort_r(order, n, sizeof *order, cmp_key, &kc);
    }
    alc_free(r->alc, (void *)keys);
    arena_fini(&tmp);
    return rc;
}

static double at_or_zero(const double *v, size_t n, size_t i)
{
    /* Perl reads past the end of the array as undef, that is 0. */
    return i < n ? v[i] : 0.0;
}

static int aggregate155(mdsum_rouge *r)
{
    size_t n = r->nevals, M = r->nmetrics, R = (size_t)r->opts.resamples;
    int mode = r->opts.count_mode;
    double a = r->opts.alpha;
    size_t per = M * NCELL;
    for (size_t m = 0; m < M; m++) {
        mdsum_rouge_result *o = &r->agg[m];
        memset(o, 0, sizeof *o);
        o->metric = r->metrics[m].name;
        for (size_t e = 0; e < n; e++) {
            const double *c = r->cells + e * per + m * NCELL;
            o->model_count += c[C_M];
            o->peer_count += c[C_PC];
            o->hits += c[C_H];
            o->mean_recall += c[C_R];
            o->mean_precision += c[C_P];
            o->mean_f += c[C_F];
        }
        if (mode == 0) {
            o->mean_recall /= (double)n;
            o->mean_precision /= (double)n;
            o->mean_f /= (double)n;
        } else {
            double rr = o->model_count > 0 ? o->hits / o->model_count : 0;
            double pp = o->peer_count > 0 ? o->hits / o->peer_count : 0;
            double den = (1 - a) * pp + a * rr;
            o->mean_recall = rr;
            o->mean_precision = pp;
            o->mean_f = den > 0 ? (rr * pp) / den : 0;
        }
    }
    if (mode == 2) return MDSUM_OK;

    /* Values in instance order: v[(m * n + i) * 3 + c]. */
    size_t *order = alc_malloc(r->alc, n * sizeof *order);
    size_t *draw = alc_malloc(r->alc, n * sizeof *draw);
    double *v = NULL, *means = NULL;
    size_t nv, nm;
    int rc = MDSUM_OK;
    if (!order || !draw || !mul_ok(M * n, 3 * sizeof *v, &nv) ||
        !mul_ok(M * R, 3 * sizeof *means, &nm) ||
        !(v = alc_malloc(r->alc, nv)) || !(means = alc_malloc(r->alc, nm))) {
        rc = MDSUM_ENOMEM;
        goto out;
    }
    if ((rc = instance_order(r, order))) goto out;
    for (size_t m = 0; m < M; m++)
        for (size_t i = 0; i < n; i++) {
            const double *c = r->cells + order[i] * per + m * NCELL;
            double *d = v + (m * n + i) * 3;
            if (mode == 0) {
                d[0] = c[C_R];
                d[1] = c[C_P];
                d[2] = c[C_F];
            } else {
                d[0] = c[C_M];
                d[1] = c[C_PC];
                d[2] = c[C_H];
            }
        }
    /* Every measure reseeds with srand(i): the draws are the same for all,
     * so draw once per resample. */
    for (size_t b = 0; b < R; b++) {
        rouge_rand48 g;
        rouge_rand48_seed(&g, (uint32_t)b);
        for (size_t t = 0; t < n; t++) draw[t] = (size_t)((double)n * rouge_rand48_next(&g));
        for (size_t m = 0; m < M; m++) {
            const double *vm = v + m * n * 3;
            double s0 = 0, s1 = 0, s2 = 0;
            for (size_t t = 0; t < n; t++) {
                const double *d = vm + draw[t] * 3;
                s0 += d[0];
                s1 += d[1];
                s2 += d[2];
            }
            double *out = means + m * 3 * R;
            if (mode == 0) {
                out[b] = s0 / (double)n;
                out[R + b] = s1 / (double)n;
                out[2 * R + b] = s2 / (double)n;
            } else {
                double rr = s0 > 0 ? s2 / s0 : 0, pp = s1 > 0 ? s2 / s1 : 0;
                double den = (1 - a) * pp + a * rr;
                out[b] = rr;
                out[R + b] = pp;
                out[2 * R + b] = den > 0 ? (rr * pp) / den : 0;
            }
        }
    }
    double c = r->opts.confidence;
    double delta = (double)R * ((100 - c) / 2.0) / 100.0;
    double ua_d = (double)R - delta - 1;
    long long ua = (long long)ua_d, la = (long long)delta;
    double frac = (double)R - delta - 1 - (double)ua;
    for (size_t m = 0; m < M; m++) {
        mdsum_rouge_result *o = &r->agg[m];
        double *avg[3] = {&o->recall, &o->precision, &o->f};
        double *lo[3] = {&o->recall_lo, &o->precision_lo, &o->f_lo};
        double *hi[3] = {&o->recall_hi, &o->precision_hi, &o->f_hi};
        for (int k = 0; k < 3; k++) {
            double *s = means + (m * 3 + (size_t)k) * R;
            sort_r(s, R, sizeof *s, cmp_double, NULL);
            double sum = 0;
            for (size_t b = 0; b < R; b++) sum += s[b];
            *avg[k] = sum / (double)R;
            size_t L0 = la < 0 ? SIZE_MAX : (size_t)la, U0 = ua < 0 ? SIZE_MAX : (size_t)ua;
            double l0 = at_or_zero(s, R, L0), l1 = at_or_zero(s, R, L0 + 1);
            double u0 = at_or_zero(s, R, U0), u1 = at_or_zero(s, R, U0 + 1);
            *lo[k] = l0 + (l1 - l0) * frac;
            *hi[k] = u0 + (u1 - u0) * frac;
        }
    }
out:
    alc_free(r->alc, order);
    alc_free(r->alc, draw);
    alc_free(r->alc, v);
    alc_free(r->alc, means);
    return rc;
}

/* Google's BootstrapAggregator: the measures one after another from one
 * numpy RandomState stream; each resample's mean of the [P, R, F] rows
 * (left-to-right sums); the percentiles (1-c)/2, 50, 1-(1-c)/2. */
static int aggregate_google(mdsum_rouge *r)
{
    size_t n = r->nevals, M = r->nmetrics, R = (size_t)r->opts.resamples;
    size_t per = M * NCELL;
    size_t *draw = alc_malloc(r->alc, n * sizeof *draw);
    double *means = NULL;
    size_t nm;
    if (!draw || !mul_ok(R, 3 * sizeof *means, &nm) || !(means = alc_malloc(r->alc, nm))) {
        alc_free(r->alc, draw);
        return MDSUM_ENOMEM;
    }
    rouge_mt mt;
    rouge_mt_seed(&mt, (uint32_t)r->opts.seed);
    double ci = r->opts.confidence / 100.0;
    double delta = (1 - ci) / 2;
    double q[3] = {100 * delta, 100 * 0.5, 100 * (1 - delta)};
    for (size_t m = 0; m < M; m++) {
        mdsum_rouge_result *o = &r->agg[m];
        memset(o, 0, sizeof *o);
        o->metric = r->metrics[m].name;
        /* Columns P, R, F as rouge-score builds its matrix. */
        double sum[3] = {0, 0, 0};
        for (size_t e = 0; e < n; e++) {
            const double *c = r->cells + e * per + m * NCELL;
            sum[0] += c[C_P];
            sum[1] += c[C_R];
            sum[2] += c[C_F];
        }
        o->mean_precision = sum[0] / (double)n;
        o->mean_recall = sum[1] / (double)n;
        o->mean_f = sum[2] / (double)n;
        for (size_t b = 0; b < R; b++) {
            for (size_t t = 0; t < n; t++) draw[t] = rouge_mt_below(&mt, n);
            double s[3] = {0, 0, 0};
            for (size_t t = 0; t < n; t++) {
                const double *c = r->cells + draw[t] * per + m * NCELL;
                s[0] += c[C_P];
                s[1] += c[C_R];
                s[2] += c[C_F];
            }
            for (int k = 0; k < 3; k++) means[(size_t)k * R + b] = s[k] / (double)n;
        }
        double *mid[3] = {&o->precision, &o->recall, &o->f};
        double *lo[3] = {&o->precision_lo, &o->recall_lo, &o->f_lo};
        double *hi[3] = {&o->precision_hi, &o->recall_hi, &o->f_hi};
        for (int k = 0; k < 3; k++) {
            double *s = means + (size_t)k * R;
            sort_r(s, R, sizeof *s, cmp_double, NULL);
            *lo[k] = numpy_percentile_sorted(s, R, q[0]);
            *mid[k] = numpy_percentile_sorted(s, R, q[1]);
            *hi[k] = numpy_percentile_sorted(s, R, q[2]);
        }
    }
    alc_free(r->alc, draw);
    alc_free(r->alc, means);
    return MDSUM_OK;
}

static int aggregate(mdsum_rouge *r)
{
    if (r->agg_valid) return MDSUM_OK;
    if (!r->nevals) return err_set(r->ctx, MDSUM_EEMPTY, "rouge: no evaluation to aggregate");
    if (!r->agg) {
        r->agg = alc_calloc(r->alc, r->nmetrics, sizeof *r->agg);
        if (!r->agg) return oom(r);
    }
    int rc = r->g ? aggregate_google(r) : aggregate155(r);
    if (rc) return oom(r);
    r->agg_valid = true;
    return MDSUM_OK;
}

int mdsum_rouge_result_get(mdsum_rouge *r, size_t metric, mdsum_rouge_result *out)
{
    if (!r || !out) return MDSUM_EINVAL;
    if (metric >= r->nmetrics)
        return err_set(r->ctx, MDSUM_EINVAL, "rouge: no measure %zu", metric);
    int rc = aggregate(r);
    if (rc) return rc;
    *out = r->agg[metric];
    return MDSUM_OK;
}

/* ======================================================================
 * Output
 * ====================================================================== */

/* The script's by_evalID: numeric on leading digits when both ids have
 * them, else byte order; ties keep the order of addition. */
static int cmp_evalid(const void *a, const void *b, void *ud)
{
    const mdsum_rouge *r = ud;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    const char *x = r->ids[i], *y = r->ids[j];
    size_t dx = strspn(x, "0123456789"), dy = strspn(y, "0123456789");
    int c;
    if (dx && dy) {
        while (dx > 1 && *x == '0') x++, dx--;
        while (dy > 1 && *y == '0') y++, dy--;
        c = dx != dy ? (dx < dy ? -1 : 1) : strncmp(x, y, dx);
    } else {
        c = strcmp(x, y);
    }
    return c ? c : (i < j ? -1 : i > j);
}

static int print_order(mdsum_rouge *r, size_t **out)
{
    size_t *o = alc_malloc(r->alc, r->nevals * sizeof *o);
    if (!o) return MDSUM_ENOMEM;
    for (size_t i = 0; i < r->nevals; i++) o[i] = i;
    sort_r(o, r->nevals, sizeof *o, cmp_evalid, r);
    *out = o;
    return MDSUM_OK;
}

static const char DASHES[] = "---------------------------------------------\n";
static const char DOTS[] = ".............................................\n";

static void render_text155(mdsum_rouge *r, unsigned flags, const size_t *order, strbuf *b)
{
    char conf[64], x[64], y[64], z[64];
    fmt_perl(conf, sizeof conf, r->opts.confidence);
    int mode = r->opts.count_mode;
    for (size_t m = 0; m < r->nmetrics; m++) {
        const mdsum_rouge_result *o = &r->agg[m];
        const char *name = r->metrics[m].name;
        buf_puts(b, DASHES);
        if (mode != 2) {
            const double avg[3] = {o->recall, o->precision, o->f};
            const double lo[3] = {o->recall_lo, o->precision_lo, o->f_lo};
            const double hi[3] = {o->recall_hi, o->precision_hi, o->f_hi};
            const char tag[3] = {'R', 'P', 'F'};
            for (int k = 0; k < 3; k++) {
                fmt5(x, sizeof x, avg[k]);
                fmt5(y, sizeof y, lo[k]);
                fmt5(z, sizeof z, hi[k]);
                buf_printf(b, "%s %s Average_%c: %s (%s%%-conf.int. %s - %s)\n", r->sysid, name,
                           tag[k], x, conf, y, z);
            }
        } else {
            buf_printf(b, "%s %s M_count: %lld P_count: %lld H_count: %lld\n", r->sysid, name,
                       (long long)o->model_count, (long long)o->peer_count, (long long)o->hits);
        }
        if (!(flags & MDSUM_ROUGE_PER_EVAL)) continue;
        buf_puts(b, DOTS);
        for (size_t i = 0; i < r->nevals; i++) {
            size_t e = order[i];
            const double *c = r->cells + (e * r->nmetrics + m) * NCELL;
            if (mode == 0) {
                fmt5(x, sizeof x, c[C_R]);
                fmt5(y, sizeof y, c[C_P]);
                fmt5(z, sizeof z, c[C_F]);
            } else {
                fmt_perl(x, sizeof x, c[C_M]);
                fmt_perl(y, sizeof y, c[C_PC]);
                fmt_perl(z, sizeof z, c[C_H]);
            }
            buf_printf(b, "%s %s Eval %s.%s R:%s P:%s F:%s\n", r->sysid, name, r->ids[e],
                       r->sysid, x, y, z);
        }
    }
}

static void render_text_google(mdsum_rouge *r, unsigned flags, strbuf *b)
{
    char conf[64], x[128];
    fmt_perl(conf, sizeof conf, r->opts.confidence);
    buf_printf(b, "rouge-score 0.1.2 (Google), %zu evaluation%s, use_stemmer=%s; bootstrap "
                  "median and %s%% interval of %ld resamples, seed %lu\n",
               r->nevals, r->nevals == 1 ? "" : "s", r->opts.stem ? "True" : "False", conf,
               r->opts.resamples, r->opts.seed);
    buf_printf(b, "%-10s %-27s %-27s %-27s %s\n", "measure", "precision (interval)",
               "recall (interval)", "F (interval)", "mean F");
    for (size_t m = 0; m < r->nmetrics; m++) {
        const mdsum_rouge_result *o = &r->agg[m];
        buf_printf(b, "%-10s", o->metric);
        const double v[3][3] = {{o->precision, o->precision_lo, o->precision_hi},
                                {o->recall, o->recall_lo, o->recall_hi},
                                {o->f, o->f_lo, o->f_hi}};
        for (int k = 0; k < 3; k++) {
            char t[3][32];
            for (int j = 0; j < 3; j++) fmt5(t[j], sizeof t[j], v[k][j]);
            snprintf(x, sizeof x, "%s (%s-%s)", t[0], t[1], t[2]);
            buf_printf(b, " %-27s", x);
        }
        fmt5(x, sizeof x, o->mean_f);
        buf_printf(b, " %s\n", x);
    }
    if (!(flags & MDSUM_ROUGE_PER_EVAL)) return;
    for (size_t e = 0; e < r->nevals; e++)
        for (size_t m = 0; m < r->nmetrics; m++) {
            const double *c = r->cells + (e * r->nmetrics + m) * NCELL;
            char p[32], q[32], f[32];
            fmt5(p, sizeof p, c[C_P]);
            fmt5(q, sizeof q, c[C_R]);
            fmt5(f, sizeof f, c[C_F]);
            buf_printf(b, "%s %s P:%s R:%s F:%s\n", r->ids[e], r->metrics[m].name, p, q, f);
        }
}

/* JSON numbers: ROUGE-1.5.5 values as the script prints them (5
 * decimals); rouge-score values round-trip (17 digits). */
static void json_num(mdsum_rouge *r, strbuf *b, double v)
{
    char t[64];
    if (r->g) {
        snprintf(t, sizeof t, "%.17g", v);
        fix_decimal_point(t);
    } else {
        fmt5(t, sizeof t, v);
    }
    buf_puts(b, t);
}

static void json_triple(mdsum_rouge *r, strbuf *b, const char *key, double v, double lo, double hi)
{
    buf_printf(b, "\"%s\":", key);
    json_num(r, b, v);
    buf_printf(b, ",\"%s_ci\":[", key);
    json_num(r, b, lo);
    buf_putc(b, ',');
    json_num(r, b, hi);
    buf_putc(b, ']');
}

static int render_json(mdsum_rouge *r, unsigned flags, const size_t *order, strbuf *b)
{
    char *flagstr = NULL;
    int rc = mdsum_rouge_opts_describe(r->ctx, &r->opts, &flagstr);
    if (rc) return rc;
    char conf[64], num[64];
    fmt_perl(conf, sizeof conf, r->opts.confidence);
    buf_printf(b, "{\"scorer\":\"%s\",\"options\":",
               r->g ? "rouge-score 0.1.2" : "ROUGE-1.5.5");
    buf_json_str(b, flagstr, strlen(flagstr));
    mdsum_free(r->ctx, flagstr);
    buf_puts(b, ",\"system\":");
    buf_json_str(b, r->sysid, strlen(r->sysid));
    buf_printf(b, ",\"evaluations\":%zu,\"confidence\":%s,\"metrics\":{", r->nevals, conf);
    int mode = r->g ? 0 : r->opts.count_mode;
    for (size_t m = 0; m < r->nmetrics; m++) {
        const mdsum_rouge_result *o = &r->agg[m];
        if (m) buf_putc(b, ',');
        buf_json_str(b, o->metric, strlen(o->metric));
        buf_putc(b, ':');
        buf_putc(b, '{');
        if (mode != 2) {
            json_triple(r, b, "recall", o->recall, o->recall_lo, o->recall_hi);
            buf_putc(b, ',');
            json_triple(r, b, "precision", o->precision, o->precision_lo, o->precision_hi);
            buf_putc(b, ',');
            json_triple(r, b, "f", o->f, o->f_lo, o->f_hi);
            buf_puts(b, ",\"mean_recall\":");
            json_num(r, b, o->mean_recall);
            buf_puts(b, ",\"mean_precision\":");
            json_num(r, b, o->mean_precision);
            buf_puts(b, ",\"mean_f\":");
            json_num(r, b, o->mean_f);
            if (!r->g) buf_putc(b, ',');
        }
        if (!r->g) {
            fmt_perl(num, sizeof num, o->model_count);
            buf_printf(b, "\"model_count\":%s", num);
            fmt_perl(num, sizeof num, o->peer_count);
            buf_printf(b, ",\"peer_count\":%s", num);
            fmt_perl(num, sizeof num, o->hits);
            buf_printf(b, ",\"hits\":%s", num);
        }
        buf_putc(b, '}');
    }
    buf_putc(b, '}');
    if (flags & MDSUM_ROUGE_PER_EVAL) {
        buf_puts(b, ",\"per_eval\":[");
        for (size_t i = 0; i < r->nevals; i++) {
            size_t e = order ? order[i] : i;
            if (i) buf_putc(b, ',');
            buf_puts(b, "{\"id\":");
            buf_json_str(b, r->ids[e], strlen(r->ids[e]));
            for (size_t m = 0; m < r->nmetrics; m++) {
                const double *c = r->cells + (e * r->nmetrics + m) * NCELL;
                buf_putc(b, ',');
                buf_json_str(b, r->metrics[m].name, strlen(r->metrics[m].name));
                buf_puts(b, ":{\"recall\":");
                json_num(r, b, c[C_R]);
                buf_puts(b, ",\"precision\":");
                json_num(r, b, c[C_P]);
                buf_puts(b, ",\"f\":");
                json_num(r, b, c[C_F]);
                if (!r->g) {
                    fmt_perl(num, sizeof num, c[C_M]);
                    buf_printf(b, ",\"model_count\":%s", num);
                    fmt_perl(num, sizeof num, c[C_PC]);
                    buf_printf(b, ",\"peer_count\":%s", num);
                    fmt_perl(num, sizeof num, c[C_H]);
                    buf_printf(b, ",\"hits\":%s", num);
                }
                buf_putc(b, '}');
            }
            buf_putc(b, '}');
        }
        buf_putc(b, ']');
    }
    buf_puts(b, "}\n");
    return MDSUM_OK;
}

int mdsum_rouge_render(mdsum_rouge *r, int format, unsigned flags, char **out, size_t *out_len)
{
    if (!r || !out) return MDSUM_EINVAL;
    *out = NULL;
    if (out_len) *out_len = 0;
    if (format != MDSUM_ROUGE_TEXT && format != MDSUM_ROUGE_JSON)
        return err_set(r->ctx, MDSUM_EINVAL, "rouge: unknown output format %d", format);
    int rc = aggregate(r);
    if (rc) return rc;
    size_t *order = NULL;
    if (!r->g && print_order(r, &order)) return oom(r);
    strbuf b;
    buf_init(&b, r->alc);
    if (format == MDSUM_ROUGE_JSON) {
        rc = render_json(r, flags, order, &b);
    } else if (r->g) {
        render_text_google(r, flags, &b);
    } else {
        render_text155(r, flags, order, &b);
    }
    alc_free(r->alc, order);
    if (rc) {
        buf_fini(&b);
        return rc;
    }
    size_t len;
    char *s = buf_detach(&b, &len);
    buf_fini(&b);
    if (!s) return oom(r);
    *out = s;
    if (out_len) *out_len = len;
    return MDSUM_OK;
}

/* ======================================================================
 * Test hook
 * ====================================================================== */
int rouge155_text_terms(mdsum_rouge *r, const char *text, size_t len, bool lcs, strbuf *out,
                        bool *empty)
{
    if (r->g) return MDSUM_EINVAL;
    int rc = ensure_tx(r, 1);
    if (rc) return rc;
    local_ids_reset(&r->loc);
    r->nlines = 0;
    if (!add_lines(r, text, len)) return MDSUM_ENOMEM;
    ttext *t = &r->tx[0];
    if ((rc = read_text(r, t))) return rc;
    if (empty) *empty = t->empty;
    /* Local ids back to terms: local ids were given in order of first
     * appearance, so walk the global vocabulary through the stamp map. */
    uint32_t *back = alc_calloc(r->alc, r->loc.n ? r->loc.n : 1, sizeof *back);
    if (!back) return MDSUM_ENOMEM;
    for (size_t g = 0; g < r->terms.n; g++)
        if (g < r->loc.cap && r->loc.stamp[g] == r->loc.gen) back[r->loc.local[g]] = (uint32_t)g;
    out->len = 0;
    buf_puts(out, "");
    if (lcs) {
        size_t s = 0;
        for (size_t i = 0; i < t->ns; i++) {
            if (i) buf_puts(out, " |");
            for (size_t j = s; j < t->send[i]; j++) {
                if (j > s || i) buf_putc(out, ' ');
                buf_puts(out, strmap_str(&r->terms, back[t->ids[j]]));
            }
            s = t->send[i];
        }
    } else {
        for (size_t j = 0; j < t->nflat; j++) {
            if (j) buf_putc(out, ' ');
            buf_puts(out, strmap_str(&r->terms, back[t->flat[j]]));
        }
    }
    alc_free(r->alc, back);
    return out->failed ? MDSUM_ENOMEM : MDSUM_OK;
}
