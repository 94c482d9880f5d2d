/*
 * learn.c -- training the `learned` sentence scorer (src/rank/learned.c),
 * and counting the word prior table its features read (src/prior.c).
 *
 * Examples are the candidate sentences of training clusters, with the
 * features of learned.c and a target (add_targets), by default how much of
 * the sentence the reference says: its clipped unigram and bigram matches
 * with the reference over twice its length. Under a fixed word budget a
 * summary scores by the matches per word of what it keeps, so this density
 * is what the scorer must rank by (redundancy is the selector's job). The
 * alternative, MDSUM_TARGET_ORACLE, labels the sentences of a greedy
 * oracle summary 1 and the others 0 (Nallapati et al. 2017); on
 * Multi-News val it gave the same ROUGE-1 and a lower ROUGE-2, and it
 * depends on the budget (docs/quality.md). n-grams are of stemmed words,
 * stopwords included, as ROUGE counts them; matches are clipped by the
 * reference counts, as ROUGE-N clips them.
 *
 * Model: gradient-boosted regression trees (Friedman 2001) on the logistic
 * loss with soft targets, each tree fitted to the gradient and hessian of
 * the loss (the Newton step of Chen & Guestrin 2016, "XGBoost": split gain
 * G_L^2/(H_L+l2) + G_R^2/(H_R+l2) - G^2/(H+l2), leaf value -G/(H+l2)
 * times the rate), splits searched over 64 quantile bins per feature.
 * Deterministic: no sampling.
 *
 * The prior (MDSUM_TARGET_PRIOR): per word (term of the tokenizer), the
 * clusters whose input holds it and those whose reference holds it too;
 * words of fewer than PRIOR_MIN_SRC inputs are left out of the table. The
 * shipped scorer is trained on the other half of the training split
 * (`mdsum train --fold`): on its own half the prior would have seen the
 * references it is asked to predict.
 */
#include "internal.h"
#include "cluster.h"
#include "rank/rank.h"
#include "token.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

struct mdsum_trainer {
    mdsum_ctx *ctx;
    mdsum_options opts;
    const model_spec *spec;   /* the model's features (NULL: the prior) */
    float *x;          /* n x spec->nfeat */
    float *y;
    size_t n, cap_x, cap_y;
    int target;        /* MDSUM_TARGET_* */
    /* MDSUM_TARGET_PRIOR: per word, the clusters whose input holds it and
     * those whose input and reference hold it; totals over all words. */
    arena par;
    strmap pterms;
    uint32_t *psrc, *pboth;
    size_t pcap;
    double tsrc, tboth;
    size_t nclusters;
};

void mdsum_train_opts_init(mdsum_train_opts *o)
{
    if (!o) return;
    o->trees = 100;
    o->depth = 4;
    o->rate = 0.1;
    o->l2 = 1.0;
    o->min_child = 20;
}

int mdsum_trainer_new(mdsum_ctx *ctx, const mdsum_options *opts, int target, mdsum_trainer **out)
{
    if (!ctx || !out) return err_set(ctx, MDSUM_EINVAL, "invalid argument");
    if (target != MDSUM_TARGET_PRECISION && target != MDSUM_TARGET_ORACLE && target != MDSUM_TARGET_PRIOR)
        return err_set(ctx, MDSUM_EINVAL, "training target must be MDSUM_TARGET_PRECISION, _ORACLE or _PRIOR");
    *out = NULL;
    mdsum_options o;
    if (opts) o = *opts;
    else mdsum_options_init(&o);
    o.algo = "learned";
    o.params = NULL;
    int rc = mdsum_options_validate(ctx, &o);
    if (rc) return rc;
    mdsum_trainer *t = alc_calloc(&ctx->alc, 1, sizeof *t);
    if (!t) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    t->ctx = ctx;
    t->opts = o;
    t->target = target;
    t->spec = target == MDSUM_TARGET_PRIOR ? NULL : &learned_sentence_spec;
    arena_init(&t->par, &ctx->alc);
    strmap_init(&t->pterms, &ctx->alc, &t->par);
    *out = t;
    return MDSUM_OK;
}

void mdsum_trainer_free(mdsum_trainer *t)
{
    if (!t) return;
    alc_free(&t->ctx->alc, t->x);
    alc_free(&t->ctx->alc, t->y);
    alc_free(&t->ctx->alc, t->psrc);
    alc_free(&t->ctx->alc, t->pboth);
    strmap_fini(&t->pterms);
    arena_fini(&t->par);
    alc_free(&t->ctx->alc, t);
}

size_t mdsum_trainer_count(const mdsum_trainer *t)
{
    if (!t) return 0;
    return t->target == MDSUM_TARGET_PRIOR ? t->pterms.n : t->n;
}

/* ---- Targets -------------------------------------------------------------- */
typedef struct ref_sink {
    mdsum_cluster *cl;
    uint32_t *ids;
    size_t n, cap;
    const alc_t *alc;
} ref_sink;

/* Reference tokens as cluster term ids (UINT32_MAX: not in the cluster). */
static int ref_token(void *ud, size_t s, size_t e, const char *term, size_t n, bool stop)
{
    (void)s; (void)e; (void)stop;
    ref_sink *rs = ud;
    int64_t id = strmap_find(&rs->cl->terms, term, n);
    void *v = rs->ids;
    if (!grow_array(rs->alc, &v, &rs->cap, rs->n + 1, sizeof *rs->ids)) return MDSUM_ENOMEM;
    rs->ids = v;
    rs->ids[rs->n++] = id < 0 ? UINT32_MAX : (uint32_t)id;
    return MDSUM_OK;
}

typedef struct bmap {
    uint64_t *keys;
    uint32_t *cnt;     /* reference count (0 = empty slot) */
    uint32_t *sum;     /* matched by the oracle summary so far */
    uint32_t *tmp;     /* matched by the sentence being weighed */
    size_t mask;
} bmap;

static size_t bslot(const bmap *m, uint64_t key)
{
    uint64_t h = key * 0x9E3779B97F4A7C15ULL;
    size_t i = (size_t)(h >> 17) & m->mask;
    while (m->cnt[i] && m->keys[i] != key) i = (i + 1) & m->mask;
    return i;
}

typedef struct oracle {
    const mdsum_cluster *cl;
    const uint32_t *uref;
    uint32_t *usum, *utmp;
    bmap m;
} oracle;

/* New reference unigrams + bigrams that sentence i would match, clipped by
 * the reference counts left after the summary so far; with `commit`, add
 * them to the summary. */
static size_t oracle_gain(oracle *o, size_t i, bool commit)
{
    const sent_rec *s = &o->cl->sents[i];
    const uint32_t *tk = o->cl->toks + s->tok_off;
    size_t g = 0;
    for (uint32_t k = 0; k < s->ntok; k++) {
        uint32_t w = TOK_ID(tk[k]);
        if (o->usum[w] + o->utmp[w] < o->uref[w]) { o->utmp[w]++; g++; }
        if (k + 1 < s->ntok) {
            size_t b = bslot(&o->m, ((uint64_t)w << 32) | TOK_ID(tk[k + 1]));
            if (o->m.cnt[b] && o->m.sum[b] + o->m.tmp[b] < o->m.cnt[b]) { o->m.tmp[b]++; g++; }
        }
    }
    for (uint32_t k = 0; k < s->ntok; k++) {
        uint32_t w = TOK_ID(tk[k]);
        if (commit) o->usum[w] += o->utmp[w];
        o->utmp[w] = 0;
        if (k + 1 < s->ntok) {
            size_t b = bslot(&o->m, ((uint64_t)w << 32) | TOK_ID(tk[k + 1]));
            if (o->m.cnt[b]) {
                if (commit) o->m.sum[b] += o->m.tmp[b];
                o->m.tmp[b] = 0;
            }
        }
    }
    return g;
}

/* Targets. MDSUM_TARGET_PRECISION: the sentence's clipped reference
 * unigram + bigram matches over twice its tokens (how much of it the
 * reference says). MDSUM_TARGET_ORACLE: 1 for the sentences of a greedy
 * oracle summary, else 0; the oracle adds, while the budget allows, the
 * sentence with the most new clipped matches per word (ROUGE-1 plus
 * ROUGE-2 recall under a word budget, the knapsack's density rule), and
 * stops when no fitting sentence adds anything. */
static int add_targets(mdsum_trainer *t, mdsum_cluster *cl, const uint32_t *c, size_t n,
                       const char *ref, size_t ref_len, long words, float *y)
{
    mdsum_ctx *ctx = t->ctx;
    const alc_t *alc = &ctx->alc;
    lang_res *res;
    int rc = lang_res_get(ctx, cl->lang, &res);
    if (rc) return rc;
    ref_sink rs = {cl, NULL, 0, 0, alc};
    rc = tokenize_range(ctx, res, ref, 0, ref_len, 0, ref_token, &rs);
    size_t nt = cl->terms.n ? cl->terms.n : 1, slots = 16;
    while (slots < 2 * rs.n + 2) slots *= 2;
    uint32_t *uref = alc_calloc(alc, nt, sizeof *uref);
    oracle o = {cl, uref, alc_calloc(alc, nt, sizeof(uint32_t)), alc_calloc(alc, nt, sizeof(uint32_t)),
                {alc_calloc(alc, slots, sizeof(uint64_t)), alc_calloc(alc, slots, sizeof(uint32_t)),
                 alc_calloc(alc, slots, sizeof(uint32_t)), alc_calloc(alc, slots, sizeof(uint32_t)),
                 slots - 1}};
    uint8_t *chosen = alc_calloc(alc, n ? n : 1, 1);
    if (rc == MDSUM_OK && (!uref || !o.usum || !o.utmp || !o.m.keys || !o.m.cnt || !o.m.sum || !o.m.tmp ||
                           !chosen))
        rc = MDSUM_ENOMEM;
    if (rc == MDSUM_OK) {
        for (size_t k = 0; k < rs.n; k++) {
            if (rs.ids[k] != UINT32_MAX) uref[rs.ids[k]]++;
            if (k + 1 < rs.n && rs.ids[k] != UINT32_MAX && rs.ids[k + 1] != UINT32_MAX) {
                uint64_t key = ((uint64_t)rs.ids[k] << 32) | rs.ids[k + 1];
                size_t i = bslot(&o.m, key);
                o.m.keys[i] = key;
                o.m.cnt[i]++;
            }
        }
        if (t->target == MDSUM_TARGET_PRECISION) {
            /* Against the empty summary, the gain is the sentence's own
             * clipped unigram + bigram matches. */
            for (size_t a = 0; a < n; a++) {
                uint32_t nt2 = cl->sents[c[a]].ntok;
                y[a] = nt2 ? (float)((double)oracle_gain(&o, c[a], false) / (2.0 * nt2)) : 0;
            }
        } else {
            size_t limit = words > 0 ? (size_t)words : SIZE_MAX, used = 0;
            for (;;) {
                size_t best = SIZE_MAX;
                double bv = 0;
                for (size_t a = 0; a < n; a++) {
                    uint32_t w = cl->sents[c[a]].words;
                    if (chosen[a] || w == 0 || used + w > limit) continue;
                    double v = (double)oracle_gain(&o, c[a], false) / w;
                    if (v > bv) { bv = v; best = a; }
                }
                if (best == SIZE_MAX) break;
                oracle_gain(&o, c[best], true);
                chosen[best] = 1;
                used += cl->sents[c[best]].words;
            }
            for (size_t a = 0; a < n; a++) y[a] = chosen[a];
        }
    }
    alc_free(alc, rs.ids);
    alc_free(alc, uref);
    alc_free(alc, o.usum);
    alc_free(alc, o.utmp);
    alc_free(alc, o.m.keys);
    alc_free(alc, o.m.cnt);
    alc_free(alc, o.m.sum);
    alc_free(alc, o.m.tmp);
    alc_free(alc, chosen);
    if (rc == MDSUM_ENOMEM) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    return rc;
}

/* The reference's tokens as cluster term ids (UINT32_MAX: not in the
 * cluster), in ids[0..*n), heap-allocated. */
static int ref_ids(mdsum_ctx *ctx, mdsum_cluster *cl, const char *ref, size_t ref_len, uint32_t **ids, size_t *n)
{
    lang_res *res;
    int rc = lang_res_get(ctx, cl->lang, &res);
    if (rc) return rc;
    ref_sink rs = {cl, NULL, 0, 0, &ctx->alc};
    rc = tokenize_range(ctx, res, ref, 0, ref_len, 0, ref_token, &rs);
    if (rc) {
        alc_free(&ctx->alc, rs.ids);
        return rc == MDSUM_ENOMEM ? err_set(ctx, MDSUM_ENOMEM, "out of memory") : rc;
    }
    *ids = rs.ids;
    *n = rs.n;
    return MDSUM_OK;
}

/* MDSUM_TARGET_PRIOR: count the cluster's words, and those the reference
 * holds too. */
static int add_prior(mdsum_trainer *t, mdsum_cluster *cl, const char *ref, size_t ref_len)
{
    mdsum_ctx *ctx = t->ctx;
    uint32_t *ids = NULL;
    size_t nr = 0;
    int rc = ref_ids(ctx, cl, ref, ref_len, &ids, &nr);
    if (rc) return rc;
    uint8_t *inref = alc_calloc(&ctx->alc, cl->terms.n ? cl->terms.n : 1, 1);
    if (!inref) rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
    for (size_t k = 0; rc == MDSUM_OK && k < nr; k++)
        if (ids[k] != UINT32_MAX) inref[ids[k]] = 1;
    for (size_t w = 0; rc == MDSUM_OK && w < cl->terms.n; w++) {
        if (cl->term[w].tf == 0) continue;
        int64_t id = strmap_intern(&t->pterms, strmap_str(&cl->terms, w), strmap_len(&cl->terms, w));
        if (id >= 0 && (size_t)id >= t->pcap) {
            size_t c1 = t->pcap, c2 = t->pcap;
            void *a1 = t->psrc, *a2 = t->pboth;
            if (!grow_array(&ctx->alc, &a1, &c1, (size_t)id + 1, sizeof *t->psrc)) id = -1;
            else t->psrc = a1;
            if (id >= 0 && !grow_array(&ctx->alc, &a2, &c2, (size_t)id + 1, sizeof *t->pboth)) id = -1;
            else if (id >= 0) t->pboth = a2;
            if (id >= 0) {
                memset(t->psrc + t->pcap, 0, (c1 - t->pcap) * sizeof *t->psrc);
                memset(t->pboth + t->pcap, 0, (c2 - t->pcap) * sizeof *t->pboth);
                t->pcap = c1 < c2 ? c1 : c2;
            }
        }
        if (id < 0) {
            rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
            break;
        }
        t->psrc[id]++;
        t->pboth[id] += inref[w];
        t->tsrc++;
        t->tboth += inref[w];
    }
    t->nclusters++;
    alc_free(&ctx->alc, inref);
    alc_free(&ctx->alc, ids);
    return rc;
}

int mdsum_trainer_add(mdsum_trainer *t, mdsum_cluster *cl, const char *ref, size_t ref_len, long words)
{
    if (!t || !cl || (!ref && ref_len) || words < 0)
        return err_set(t ? t->ctx : NULL, MDSUM_EINVAL, "invalid argument");
    mdsum_ctx *ctx = t->ctx;
    int rc = mdsum_cluster_analyze(ctx, cl, &t->opts);
    if (rc) return rc;
    if (!ref) ref = "";
    if (t->target == MDSUM_TARGET_PRIOR) return add_prior(t, cl, ref, ref_len);
    arena scratch;
    arena_init(&scratch, &ctx->alc);
    double params[RANK_MAX_PARAMS] = {0};
    budget b = {words ? words : t->opts.words, words ? 0 : t->opts.sentences, words ? 0 : t->opts.bytes, false};
    concept_master cm = {0, 0, NULL, NULL};
    rank_in in = {ctx, cl, &scratch, params, &t->opts, &b, t->opts.redundancy, &cm};
    const size_t F = (size_t)t->spec->nfeat;
    uint32_t *c;
    size_t n = 0;
    float *X, *Y = NULL;
    rc = learned_features(&in, &c, &n, &X);
    if (rc == MDSUM_OK && !(Y = arena_alloc(&scratch, (n ? n : 1) * sizeof *Y)))
        rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
    if (rc == MDSUM_OK && n > 0) rc = add_targets(t, cl, c, n, ref, ref_len, b.words, Y);
    if (rc == MDSUM_OK && n > 0) {
        void *vx = t->x, *vy = t->y;
        if (!grow_array(&ctx->alc, &vx, &t->cap_x, (t->n + n) * F, sizeof *t->x)) {
            rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
        } else {
            t->x = vx;
            if (!grow_array(&ctx->alc, &vy, &t->cap_y, t->n + n, sizeof *t->y)) {
                rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
            } else {
                t->y = vy;
                memcpy(t->x + t->n * F, X, n * F * sizeof *X);
                memcpy(t->y + t->n, Y, n * sizeof *Y);
                t->n += n;
            }
        }
    }
    arena_fini(&scratch);
    return rc;
}

/* ---- The prior table ---------------------------------------------------------- */
/* Words held by fewer training inputs are left out (they get the rate). */
#define PRIOR_MIN_SRC 20

static int write_prior(mdsum_trainer *t, char **out, size_t *out_len)
{
    mdsum_ctx *ctx = t->ctx;
    if (t->nclusters == 0 || t->tsrc <= 0) return err_set(ctx, MDSUM_EEMPTY, "training: no examples");
    size_t n = t->pterms.n, k = 0;
    uint32_t *ids = alc_malloc(&ctx->alc, (n ? n : 1) * sizeof *ids);
    if (!ids) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        if (t->psrc[i] >= PRIOR_MIN_SRC) ids[k++] = (uint32_t)i;
    /* Byte order of the terms: a stable, diffable file. */
    sort_r(ids, k, sizeof *ids, strmap_cmp_ids, &t->pterms);
    strbuf b;
    buf_init(&b, &ctx->alc);
    buf_printf(&b, "# mdsum-prior 1 lang=%s clusters=%zu src=%.0f both=%.0f\n"
                   "# P(word in the summary | word in the input), src/prior.c; built by `mdsum train --target prior`;\n"
                   "# words held by at least %d training inputs: term, inputs holding it, inputs and references holding it\n",
               t->opts.lang ? t->opts.lang : "en", t->nclusters, t->tsrc, t->tboth, PRIOR_MIN_SRC);
    for (size_t i = 0; i < k; i++) {
        buf_append(&b, strmap_str(&t->pterms, ids[i]), strmap_len(&t->pterms, ids[i]));
        buf_printf(&b, "\t%u\t%u\n", t->psrc[ids[i]], t->pboth[ids[i]]);
    }
    alc_free(&ctx->alc, ids);
    if (b.failed) {
        buf_fini(&b);
        return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    }
    size_t len;
    *out = buf_detach(&b, &len);
    if (out_len) *out_len = len;
    return MDSUM_OK;
}

/* ---- Fitting: gradient-boosted trees ------------------------------------------ */
#define NBINS 64
#define MAX_DEPTH 8
#define MAX_FEAT 64   /* the widest model a trainer can fit */
_Static_assert(LEARNED_NFEAT <= MAX_FEAT, "MAX_FEAT too small");

typedef struct tnode {
    int feat;
    float thr;
    uint32_t left, right;
    double value;
    double G, H;
} tnode;

static int cmp_float(const void *a, const void *b, void *ud)
{
    (void)ud;
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

int mdsum_trainer_fit(mdsum_trainer *t, const mdsum_train_opts *opts, char **out, size_t *out_len)
{
    if (!t || !out) return err_set(t ? t->ctx : NULL, MDSUM_EINVAL, "invalid argument");
    mdsum_ctx *ctx = t->ctx;
    const alc_t *alc = &ctx->alc;
    *out = NULL;
    mdsum_train_opts o;
    if (opts) o = *opts;
    else mdsum_train_opts_init(&o);
    if (o.trees < 0 || o.depth < 1 || o.depth > MAX_DEPTH || !(o.rate > 0) || !(o.l2 >= 0) ||
        !(o.min_child >= 0))
        return err_set(ctx, MDSUM_EINVAL, "training: trees >= 0, depth 1..%d, rate > 0, l2 >= 0, "
                       "min_child >= 0", MAX_DEPTH);
    if (t->target == MDSUM_TARGET_PRIOR) return write_prior(t, out, out_len);
    if (t->n == 0) return err_set(ctx, MDSUM_EEMPTY, "training: no examples");
    const int F = t->spec->nfeat;
    size_t n = t->n;
    /* Quantile cuts per feature from an even sample of the examples. */
    size_t ns = n < 200000 ? n : 200000;
    float *sample = alc_malloc(alc, ns * sizeof *sample);
    float (*cut)[NBINS] = alc_calloc(alc, F, sizeof *cut);
    int ncut[MAX_FEAT];
    uint8_t *bin = alc_malloc(alc, n * F);
    double *s = alc_malloc(alc, n * sizeof *s);
    double *g = alc_malloc(alc, n * sizeof *g);
    double *h = alc_malloc(alc, n * sizeof *h);
    uint32_t *node_of = alc_malloc(alc, n * sizeof *node_of);
    size_t maxnodes = ((size_t)2 << o.depth);
    tnode *tree = alc_calloc(alc, maxnodes, sizeof *tree);
    double (*hist)[MAX_FEAT][NBINS][2] = alc_malloc(alc, ((size_t)1 << (o.depth - 1)) * sizeof *hist);
    strbuf b;
    buf_init(&b, alc);
    int rc = MDSUM_OK;
    if (!sample || !cut || !bin || !s || !g || !h || !node_of || !tree || !hist) {
        rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
        goto done;
    }
    for (int f = 0; f < F; f++) {
        for (size_t k = 0; k < ns; k++) sample[k] = t->x[(k * (n / ns)) * F + f];
        sort_r(sample, ns, sizeof *sample, cmp_float, NULL);
        int nc = 0;
        for (int q = 1; q < NBINS; q++) {
            float v = sample[(size_t)q * (ns - 1) / NBINS];
            if (nc == 0 || v > cut[f][nc - 1]) cut[f][nc++] = v;
        }
        ncut[f] = nc;   /* bin k: x <= cut[k]; bin nc: above every cut */
        for (size_t i = 0; i < n; i++) {
            float x = t->x[i * F + f];
            int lo = 0, hi = nc;
            while (lo < hi) {
                int mid = (lo + hi) / 2;
                if (x <= cut[f][mid]) hi = mid; else lo = mid + 1;
            }
            bin[i * F + f] = (uint8_t)lo;
        }
    }
    double ymean = 0;
    for (size_t i = 0; i < n; i++) ymean += t->y[i];
    ymean /= (double)n;
    if (ymean < 1e-6) ymean = 1e-6;
    if (ymean > 1 - 1e-6) ymean = 1 - 1e-6;
    double base = log(ymean / (1 - ymean));
    for (size_t i = 0; i < n; i++) s[i] = base;
    buf_printf(&b, "# mdsum learned sentence scorer: gradient-boosted regression trees, logistic loss\n"
                   "# (src/rank/learned.c, src/learn.c); trained by `mdsum train` on %zu sentences:\n"
                   "# %d trees of depth %d, rate %g, l2 %g, min_child %g\n"
                   "mdsum-model 2 features=%d trees=%d\nfeatures",
               n, o.trees, o.depth, o.rate, o.l2, o.min_child, F, o.trees);
    for (int f = 0; f < F; f++) buf_printf(&b, " %s", t->spec->names[f]);
    buf_printf(&b, "\nbase %.9g\n", base);

    for (int tr = 0; tr < o.trees; tr++) {
        for (size_t i = 0; i < n; i++) {
            double p = 1.0 / (1.0 + exp(-s[i]));
            g[i] = p - t->y[i];
            h[i] = p * (1 - p) > 1e-6 ? p * (1 - p) : 1e-6;
            node_of[i] = 0;
        }
        size_t nn = 1;
        memset(&tree[0], 0, sizeof tree[0]);
        tree[0].feat = -1;
        for (size_t i = 0; i < n; i++) { tree[0].G += g[i]; tree[0].H += h[i]; }
        size_t lvl_first = 0, lvl_n = 1;
        for (int d = 0; d < o.depth; d++) {
            memset(hist, 0, lvl_n * sizeof *hist);
            for (size_t i = 0; i < n; i++) {
                size_t nd = node_of[i];
                if (nd < lvl_first || nd >= lvl_first + lvl_n) continue;
                double (*hs)[NBINS][2] = hist[nd - lvl_first];
                const uint8_t *bi = bin + i * F;
                for (int f = 0; f < F; f++) {
                    hs[f][bi[f]][0] += g[i];
                    hs[f][bi[f]][1] += h[i];
                }
            }
            size_t next_first = nn, next_n = 0;
            for (size_t k = 0; k < lvl_n; k++) {
                tnode *nd = &tree[lvl_first + k];
                double G = nd->G, H = nd->H, parent = G * G / (H + o.l2);
                double best = 1e-9;
                int bf = -1, bb = 0;
                for (int f = 0; f < F; f++) {
                    double GL = 0, HL = 0;
                    for (int q = 0; q < ncut[f]; q++) {
                        GL += hist[k][f][q][0];
                        HL += hist[k][f][q][1];
                        double GR = G - GL, HR = H - HL;
                        if (HL < o.min_child || HR < o.min_child) continue;
                        double gain = GL * GL / (HL + o.l2) + GR * GR / (HR + o.l2) - parent;
                        if (gain > best) { best = gain; bf = f; bb = q; }
                    }
                }
                if (bf < 0) continue;   /* stays a leaf */
                nd->feat = bf;
                nd->thr = cut[bf][bb];
                nd->left = (uint32_t)nn;
                nd->right = (uint32_t)nn + 1;
                double GL = 0, HL = 0;
                for (int q = 0; q <= bb; q++) { GL += hist[k][bf][q][0]; HL += hist[k][bf][q][1]; }
                tnode *l = &tree[nn], *r = &tree[nn + 1];
                memset(l, 0, sizeof *l);
                memset(r, 0, sizeof *r);
                l->feat = r->feat = -1;
                l->G = GL; l->H = HL;
                r->G = G - GL; r->H = H - HL;
                nn += 2;
                next_n += 2;
            }
            for (size_t i = 0; i < n; i++) {
                const tnode *nd = &tree[node_of[i]];
                if (nd->feat >= 0 && node_of[i] >= lvl_first && node_of[i] < lvl_first + lvl_n)
                    node_of[i] = t->x[i * F + nd->feat] <= nd->thr ? nd->left : nd->right;
            }
            lvl_first = next_first;
            lvl_n = next_n;
            if (lvl_n == 0) break;
        }
        for (size_t k = 0; k < nn; k++)
            if (tree[k].feat < 0) tree[k].value = -o.rate * tree[k].G / (tree[k].H + o.l2);
        for (size_t i = 0; i < n; i++) s[i] += tree[node_of[i]].value;
        buf_printf(&b, "tree %d %zu\n", tr, nn);
        for (size_t k = 0; k < nn; k++) {
            const tnode *nd = &tree[k];
            if (nd->feat >= 0) buf_printf(&b, "%d %.9g %u %u 0\n", nd->feat, (double)nd->thr, nd->left, nd->right);
            else buf_printf(&b, "-1 0 0 0 %.9g\n", nd->value);
        }
    }
    if (b.failed) rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
done:
    alc_free(alc, sample);
    alc_free(alc, cut);
    alc_free(alc, bin);
    alc_free(alc, s);
    alc_free(alc, g);
    alc_free(alc, h);
    alc_free(alc, node_of);
    alc_free(alc, tree);
    alc_free(alc, hist);
    if (rc) {
        buf_fini(&b);
        return rc;
    }
    size_t len;
    *out = buf_detach(&b, &len);
    if (out_len) *out_len = len;
    return MDSUM_OK;
}
