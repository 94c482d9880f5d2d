/*
 * rouge_google.c -- Google's rouge-score (Python package 0.1.2), the ROUGE
 * that most recent papers report, as a second mode of `mdsum rouge`.
 *
 * Source: the rouge_score package (rouge_scorer.py, tokenize.py,
 * scoring.py) as described in ../shared/rouge-parity/google/README.md,
 * with C.-Y. Lin, "ROUGE: A Package for Automatic Evaluation of
 * Summaries", ACL Workshop 2004, for the measures:
 *   tokens   Python lower(); runs of characters outside [a-z0-9] separate;
 *            tokens longer than 3 characters stemmed by NLTK's Porter
 *            (porter_nltk.c) when asked.
 *   rouge-n  hits = sum over reference n-grams of min(count_ref,
 *            count_pred); P = hits / max(#pred, 1), R = hits / max(#ref, 1).
 *   rougeL   LCS of the whole token sequences; P = lcs / |pred|,
 *            R = lcs / |ref|; 0 when either is empty.
 *   rougeLsum union LCS over lines (split at "\n" only, empty strings
 *            dropped), each hit clipped by the unigram counts of both texts.
 *   F        2 P R / (P + R), 0 when P + R = 0, evaluated as ((2P)R)/(P+R).
 *   several references: per measure, the reference with the largest F
 *            (the first one on a tie) gives P, R and F.
 * Bootstrap (scoring.BootstrapAggregator): see rouge.c, which calls
 * numpy_percentile_sorted() and rouge_mt_below() for it.
 * Departures: none intended. Text is UTF-8; an invalid byte is a separator
 * (Python would have refused to decode it).
 */
#include "rouge.h"

#include <math.h>
#include <string.h>

/* ======================================================================
 * Tokenizer
 * ====================================================================== */
static int flush(strbuf *t, bool stem, rouge_token_fn fn, void *ud)
{
    if (!t->len) return 0;
    size_t n = t->len;
    t->len = 0;
    if (stem && n > 3) n = porter_nltk(t->data, n, t->data);
    return fn(ud, t->data, n);
}

int google_tokenize(strbuf *scratch, const char *text, size_t len, bool stem,
                    rouge_token_fn fn, void *ud)
{
    const unsigned char *s = (const unsigned char *)text;
    scratch->len = 0;
    scratch->failed = false;   /* an earlier failure must not stick */
    size_t i = 0;
    while (i < len) {
        unsigned char ch = s[i];
        char out = 0;
        bool sep_after = false;
        size_t adv = 1;
        if (ch < 0x80) {
            if (ch >= 'A' && ch <= 'Z') out = (char)(ch + 32);
            else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) out = (char)ch;
        } else {
            size_t k = utf8_valid_seq(s + i, len - i);
            if (k) {
                int32_t cp;
                utf8_decode(s + i, len - i, &cp);
                adv = k;
                /* The only two characters whose Python lower() contains
                 * ASCII: KELVIN SIGN -> k, and I WITH DOT ABOVE -> i + U+0307
                 * (the combining dot then separates). */
                if (cp == 0x212A) out = 'k';
                else if (cp == 0x0130) { out = 'i'; sep_after = true; }
            }
        }
        if (out && !buf_putc(scratch, out)) return MDSUM_ENOMEM;
        if (!out || sep_after) {
            int rc = flush(scratch, stem, fn, ud);
            if (rc) return rc;
        }
        i += adv;
    }
    return flush(scratch, stem, fn, ud);
}

/* ======================================================================
 * numpy.percentile, method "linear" (numpy 1.24 _lerp)
 * ====================================================================== */
double numpy_percentile_sorted(const double *v, size_t n, double q)
{
    if (n == 0) return 0.0;
    double virt = (double)(n - 1) * (q / 100.0);
    double prev = floor(virt);
    if (prev < 0) prev = 0;
    size_t lo = (size_t)prev;
    if (lo > n - 1) lo = n - 1;
    size_t hi = lo + 1 < n ? lo + 1 : n - 1;
    double gamma = virt - prev;
    double a = v[lo], b = v[hi], diff = b - a;
    /* numpy computes both ends of the interpolation and keeps the one from
     * the nearer neighbour, which is exact at both ends. */
    if (gamma >= 0.5) return b - diff * (1.0 - gamma);
    return a + diff * gamma;
}

/* ======================================================================
 * Scorer
 * ====================================================================== */
typedef struct gtext {
    uint32_t *ids;          /* local ids of all tokens */
    size_t n, cap;
    size_t *line_end;       /* end (in ids) of each non-empty line */
    size_t nlines, cap_lines;
} gtext;

struct google_scorer {
    mdsum_ctx *ctx;
    const alc_t *alc;
    bool stem;
    arena ar;
    strmap raw;             /* tokens as the tokenizer gives them */
    int32_t *memo;          /* raw id -> term id (the stem's), -1 unknown */
    size_t nmemo, cap_memo;
    char *stembuf;
    size_t cap_stem;
    strmap terms;
    local_ids loc;
    strbuf scratch;
    gtext pred, ref;
    gram_map uni, bi;
    lcs_buf lcs;
    uint32_t *cnt_ref, *cnt_pred;
    size_t cnt_cap;
    uint8_t *mask;
    size_t mask_cap;
    gtext *target;          /* where the tokenizer callback appends */
    int err;
};

int google_scorer_new(mdsum_ctx *ctx, bool stem, google_scorer **out)
{
    *out = NULL;
    google_scorer *g = alc_calloc(&ctx->alc, 1, sizeof *g);
    if (!g) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    g->ctx = ctx;
    g->alc = &ctx->alc;
    g->stem = stem;
    arena_init(&g->ar, g->alc);
    strmap_init(&g->terms, g->alc, &g->ar);
    strmap_init(&g->raw, g->alc, &g->ar);
    local_ids_init(&g->loc, g->alc);
    buf_init(&g->scratch, g->alc);
    gram_map_init(&g->uni, g->alc);
    gram_map_init(&g->bi, g->alc);
    lcs_buf_init(&g->lcs, g->alc);
    *out = g;
    return MDSUM_OK;
}

static void gtext_free(const alc_t *a, gtext *t)
{
    alc_free(a, t->ids);
    alc_free(a, t->line_end);
}

void google_scorer_free(google_scorer *g)
{
    if (!g) return;
    const alc_t *a = g->alc;
    strmap_fini(&g->terms);
    strmap_fini(&g->raw);
    alc_free(a, g->memo);
    alc_free(a, g->stembuf);
    arena_fini(&g->ar);
    local_ids_fini(&g->loc);
    buf_fini(&g->scratch);
    gram_map_fini(&g->uni);
    gram_map_fini(&g->bi);
    lcs_buf_fini(&g->lcs);
    gtext_free(a, &g->pred);
    gtext_free(a, &g->ref);
    alc_free(a, g->cnt_ref);
    alc_free(a, g->cnt_pred);
    alc_free(a, g->mask);
    alc_free(a, g);
}

/* The term id of a raw token: stemmed once per distinct token (the same
 * word recurs all through a corpus). */
static int64_t term_id(google_scorer *g, const char *tok, size_t len)
{
    if (!g->stem || len <= 3) return strmap_intern(&g->terms, tok, len);
    int64_t rid = strmap_intern(&g->raw, tok, len);
    if (rid < 0) return -1;
    if ((size_t)rid >= g->nmemo) {
        void *p = g->memo;
        if (!grow_array(g->alc, &p, &g->cap_memo, (size_t)rid + 1, sizeof *g->memo)) return -1;
        g->memo = p;
        while (g->nmemo <= (size_t)rid) g->memo[g->nmemo++] = -1;
    }
    if (g->memo[rid] >= 0) return g->memo[rid];
    if (len > g->cap_stem) {
        char *b = alc_realloc(g->alc, g->stembuf, g->cap_stem, len);
        if (!b) return -1;
        g->stembuf = b;
        g->cap_stem = len;
    }
    size_t sl = porter_nltk(tok, len, g->stembuf);
    int64_t id = strmap_intern(&g->terms, g->stembuf, sl);
    if (id < 0) return -1;
    g->memo[rid] = (int32_t)id;
    return id;
}

static int on_token(void *ud, const char *tok, size_t len)
{
    google_scorer *g = ud;
    gtext *t = g->target;
    int64_t id = term_id(g, tok, len);
    if (id < 0) return MDSUM_ENOMEM;
    uint32_t l = local_id(&g->loc, (uint32_t)id);
    if (l == UINT32_MAX) return MDSUM_ENOMEM;
    void *p = t->ids;
    if (!grow_array(g->alc, &p, &t->cap, t->n + 1, sizeof *t->ids)) return MDSUM_ENOMEM;
    t->ids = p;
    t->ids[t->n++] = l;
    return 0;
}

/* Tokenize a text line by line (split at "\n"); empty lines are no lines,
 * a line without tokens is an empty one. */
static int tokenize_text(google_scorer *g, gtext *t, const char *s, size_t len)
{
    t->n = 0;
    t->nlines = 0;
    g->target = t;
    size_t start = 0;
    while (start <= len) {
        const char *nl = start < len ? memchr(s + start, '\n', len - start) : NULL;
        size_t end = nl ? (size_t)(nl - s) : len;
        if (end > start) {
            /* Unstemmed tokens: on_token stems each distinct one once. */
            int rc = google_tokenize(&g->scratch, s + start, end - start, false, on_token, g);
            if (rc) return rc;
            void *p = t->line_end;
            if (!grow_array(g->alc, &p, &t->cap_lines, t->nlines + 1, sizeof *t->line_end))
                return MDSUM_ENOMEM;
            t->line_end = p;
            t->line_end[t->nlines++] = t->n;
        }
        if (!nl) break;
        start = end + 1;
    }
    return MDSUM_OK;
}

static double fmeasure(double p, double r)
{
    return p + r > 0 ? 2.0 * p * r / (p + r) : 0.0;
}

static google_prf prf(size_t hits, size_t npred, size_t nref)
{
    google_prf s;
    s.p = (double)hits / (double)(npred ? npred : 1);
    s.r = (double)hits / (double)(nref ? nref : 1);
    s.f = fmeasure(s.p, s.r);
    return s;
}

static int ensure_counts(google_scorer *g, size_t u)
{
    if (u > g->cnt_cap) {
        uint32_t *a = alc_malloc(g->alc, u * sizeof *a);
        uint32_t *b = alc_malloc(g->alc, u * sizeof *b);
        if (!a || !b) {
            alc_free(g->alc, a);
            alc_free(g->alc, b);
            return MDSUM_ENOMEM;
        }
        alc_free(g->alc, g->cnt_ref);
        alc_free(g->alc, g->cnt_pred);
        g->cnt_ref = a;
        g->cnt_pred = b;
        g->cnt_cap = u;
    }
    return MDSUM_OK;
}

static int lsum(google_scorer *g, google_prf *out)
{
    const gtext *r = &g->ref, *c = &g->pred;
    out->p = out->r = out->f = 0.0;
    if (!r->nlines || !c->nlines || !r->n || !c->n) return MDSUM_OK;
    size_t u = g->loc.n;
    int rc = ensure_counts(g, u);
    if (rc) return rc;
    memset(g->cnt_ref, 0, u * sizeof *g->cnt_ref);
    memset(g->cnt_pred, 0, u * sizeof *g->cnt_pred);
    for (size_t i = 0; i < r->n; i++) g->cnt_ref[r->ids[i]]++;
    for (size_t i = 0; i < c->n; i++) g->cnt_pred[c->ids[i]]++;
    size_t hits = 0, rs = 0;
    for (size_t a = 0; a < r->nlines; a++) {
        size_t re = r->line_end[a], m = re - rs;
        if (m > g->mask_cap) {
            uint8_t *mk = alc_malloc(g->alc, m);
            if (!mk) return MDSUM_ENOMEM;
            alc_free(g->alc, g->mask);
            g->mask = mk;
            g->mask_cap = m;
        }
        if (m) memset(g->mask, 0, m);
        size_t cs = 0;
        for (size_t b = 0; b < c->nlines; b++) {
            size_t ce = c->line_end[b];
            rc = lcs_mark(&g->lcs, r->ids + rs, m, c->ids + cs, ce - cs, g->mask);
            if (rc) return rc;
            cs = ce;
        }
        for (size_t i = 0; i < m; i++) {
            uint32_t t = r->ids[rs + i];
            if (g->mask[i] && g->cnt_pred[t] > 0 && g->cnt_ref[t] > 0) {
                hits++;
                g->cnt_pred[t]--;
                g->cnt_ref[t]--;
            }
        }
        rs = re;
    }
    *out = prf(hits, c->n, r->n);
    return MDSUM_OK;
}

int google_score(google_scorer *g, const char *pred, size_t pred_len,
                 const char *const *refs, const size_t *ref_lens, size_t nrefs,
                 google_prf out[GOOGLE_METRICS])
{
    memset(out, 0, GOOGLE_METRICS * sizeof *out);
    local_ids_reset(&g->loc);
    int rc = tokenize_text(g, &g->pred, pred, pred_len);
    if (rc) return rc;
    const gtext *c = &g->pred;
    if (!gram_map_reset(&g->uni, c->n, 0) || !gram_map_reset(&g->bi, c->n, 0))
        return MDSUM_ENOMEM;
    for (size_t i = 0; i < c->n; i++) {
        if (!gram_map_add(&g->uni, c->ids[i], NULL)) return MDSUM_ENOMEM;
        if (i + 1 < c->n &&
            !gram_map_add(&g->bi, ((uint64_t)c->ids[i] << 32) | c->ids[i + 1], NULL))
            return MDSUM_ENOMEM;
    }
    for (size_t k = 0; k < nrefs; k++) {
        rc = tokenize_text(g, &g->ref, refs[k], ref_lens[k]);
        if (rc) return rc;
        const gtext *r = &g->ref;
        uint32_t stamp = (uint32_t)k + 1;
        google_prf s[GOOGLE_METRICS];
        size_t h1 = 0, h2 = 0;
        for (size_t i = 0; i < r->n; i++) {
            h1 += (size_t)gram_hit(&g->uni, r->ids[i], NULL, stamp);
            if (i + 1 < r->n)
                h2 += (size_t)gram_hit(&g->bi, ((uint64_t)r->ids[i] << 32) | r->ids[i + 1],
                                       NULL, stamp);
        }
        s[0] = prf(h1, c->n, r->n);
        s[1] = prf(h2, c->n ? c->n - 1 : 0, r->n ? r->n - 1 : 0);
        if (!r->n || !c->n) {
            s[2].p = s[2].r = s[2].f = 0.0;
        } else {
            size_t l;
            rc = lcs_length(&g->lcs, r->ids, r->n, c->ids, c->n, &l);
            if (rc) return rc;
            s[2].p = (double)l / (double)c->n;
            s[2].r = (double)l / (double)r->n;
            s[2].f = fmeasure(s[2].p, s[2].r);
        }
        rc = lsum(g, &s[3]);
        if (rc) return rc;
        for (int m = 0; m < GOOGLE_METRICS; m++)
            if (k == 0 || s[m].f > out[m].f) out[m] = s[m];
    }
    return MDSUM_OK;
}
