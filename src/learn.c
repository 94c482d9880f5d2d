/*
 * learn.c -- training the `learned` sentence scorer (src/rank/learned.c).
 *
 * Examples are the candidate sentences of training clusters, with the
 * features of learned.c and a target in [0, 1]: how much of the sentence
 * the reference summary says,
 *     y = ( P1 + P2 ) / 2,   Pn = matched n-grams / n-grams of the sentence
 * with n-grams of stemmed words (stopwords included, as ROUGE counts them)
 * and counts clipped by the reference counts (ROUGE-N's clipping, for one
 * sentence). A summary under a fixed word budget scores by the matches per
 * word of what it keeps, so this density is what the scorer must rank by;
 * redundancy is left to the selector.
 *
 * Model: logistic regression with soft targets (cross-entropy), features
 * standardised by their training mean and deviation, fitted by AdaGrad
 * (Duchi et al. 2011) with an L2 penalty, in a fixed pseudo-random order
 * (seeded), so training is deterministic.
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
    float *x;          /* n x LEARNED_NFEAT */
    float *y;
    size_t n, cap_x, cap_y;
};

void mdsum_train_opts_init(mdsum_train_opts *o)
{
    if (!o) return;
    o->epochs = 5;
    o->rate = 0.1;
    o->l2 = 1e-6;
    o->seed = 1;
}

int mdsum_trainer_new(mdsum_ctx *ctx, const mdsum_options *opts, mdsum_trainer **out)
{
    if (!ctx || !out) return err_set(ctx, MDSUM_EINVAL, "invalid argument");
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
    *out = t;
    return MDSUM_OK;
}

void mdsum_trainer_free(mdsum_trainer *t)
{
    if (!t) return;
    alc_free(&t->ctx->alc, t->x);
    alc_free(&t->ctx->alc, t->y);
    alc_free(&t->ctx->alc, t);
}

size_t mdsum_trainer_count(const mdsum_trainer *t)
{
    return t ? t->n : 0;
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
    uint32_t *cnt, *used;
    size_t mask;
} bmap;

static size_t bslot(const bmap *m, uint64_t key)
{
    uint64_t h = key * 0x9E3779B97F4A7C15ULL;
    size_t i = (size_t)(h >> 17) & m->mask;
    while (m->cnt[i] && m->keys[i] != key) i = (i + 1) & m->mask;
    return i;
}

static int add_targets(mdsum_trainer *t, mdsum_cluster *cl, const uint32_t *c, size_t n,
                       const char *ref, size_t ref_len, float *y)
{
    mdsum_ctx *ctx = t->ctx;
    lang_res *res;
    int rc = lang_res_get(ctx, cl->lang, &res);
    if (rc) return rc;
    ref_sink rs = {cl, NULL, 0, 0, &ctx->alc};
    rc = tokenize_range(ctx, res, ref, 0, ref_len, 0, ref_token, &rs);
    size_t nt = cl->terms.n ? cl->terms.n : 1, slots = 16;
    while (slots < 2 * rs.n + 2) slots *= 2;
    uint32_t *uref = alc_calloc(&ctx->alc, nt, sizeof *uref);
    uint32_t *uused = alc_calloc(&ctx->alc, nt, sizeof *uused);
    bmap m = {alc_calloc(&ctx->alc, slots, sizeof(uint64_t)), alc_calloc(&ctx->alc, slots, sizeof(uint32_t)),
              alc_calloc(&ctx->alc, slots, sizeof(uint32_t)), slots - 1};
    if (rc == MDSUM_OK && (!uref || !uused || !m.keys || !m.cnt || !m.used)) rc = MDSUM_ENOMEM;
    if (rc == MDSUM_OK) {
        for (size_t k = 0; k < rs.n; k++) {
            if (rs.ids[k] != UINT32_MAX) uref[rs.ids[k]]++;
            if (k + 1 < rs.n && rs.ids[k] != UINT32_MAX && rs.ids[k + 1] != UINT32_MAX) {
                uint64_t key = ((uint64_t)rs.ids[k] << 32) | rs.ids[k + 1];
                size_t i = bslot(&m, key);
                m.keys[i] = key;
                m.cnt[i]++;
            }
        }
        for (size_t a = 0; a < n; a++) {
            const sent_rec *s = &cl->sents[c[a]];
            const uint32_t *tk = cl->toks + s->tok_off;
            size_t m1 = 0, m2 = 0;
            for (uint32_t k = 0; k < s->ntok; k++) {
                uint32_t w = TOK_ID(tk[k]);
                if (uused[w] < uref[w]) { uused[w]++; m1++; }
                if (k + 1 < s->ntok) {
                    uint64_t key = ((uint64_t)w << 32) | TOK_ID(tk[k + 1]);
                    size_t i = bslot(&m, key);
                    if (m.cnt[i] && m.used[i] < m.cnt[i]) { m.used[i]++; m2++; }
                }
            }
            for (uint32_t k = 0; k < s->ntok; k++) {
                uused[TOK_ID(tk[k])] = 0;
                if (k + 1 < s->ntok) {
                    uint64_t key = ((uint64_t)TOK_ID(tk[k]) << 32) | TOK_ID(tk[k + 1]);
                    size_t i = bslot(&m, key);
                    if (m.cnt[i]) m.used[i] = 0;
                }
            }
            double p1 = s->ntok ? (double)m1 / s->ntok : 0;
            double p2 = s->ntok > 1 ? (double)m2 / (s->ntok - 1) : 0;
            y[a] = (float)((p1 + p2) / 2);
        }
    }
    alc_free(&ctx->alc, rs.ids);
    alc_free(&ctx->alc, uref);
    alc_free(&ctx->alc, uused);
    alc_free(&ctx->alc, m.keys);
    alc_free(&ctx->alc, m.cnt);
    alc_free(&ctx->alc, m.used);
    if (rc == MDSUM_ENOMEM) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    return rc;
}

int mdsum_trainer_add(mdsum_trainer *t, mdsum_cluster *cl, const char *ref, size_t ref_len)
{
    if (!t || !cl || (!ref && ref_len)) return err_set(t ? t->ctx : NULL, MDSUM_EINVAL, "invalid argument");
    mdsum_ctx *ctx = t->ctx;
    int rc = mdsum_cluster_analyze(ctx, cl, &t->opts);
    if (rc) return rc;
    arena scratch;
    arena_init(&scratch, &ctx->alc);
    double params[RANK_MAX_PARAMS] = {0};
    budget b = {t->opts.words, t->opts.sentences, t->opts.bytes, false};
    rank_in in = {ctx, cl, &scratch, params, &t->opts, &b, t->opts.redundancy};
    uint32_t *c;
    size_t n;
    float *X;
    rc = learned_features(&in, &c, &n, &X);
    if (rc == MDSUM_OK && n > 0) {
        void *vx = t->x, *vy = t->y;
        if (!grow_array(&ctx->alc, &vx, &t->cap_x, (t->n + n) * LEARNED_NFEAT, sizeof *t->x)) {
            rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
        } else {
            t->x = vx;
            if (!grow_array(&ctx->alc, &vy, &t->cap_y, t->n + n, sizeof *t->y)) {
                rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
            } else {
                t->y = vy;
                rc = add_targets(t, cl, c, n, ref ? ref : "", ref_len, t->y + t->n);
                if (rc == MDSUM_OK) {
                    memcpy(t->x + t->n * LEARNED_NFEAT, X, n * LEARNED_NFEAT * sizeof *X);
                    t->n += n;
                }
            }
        }
    }
    arena_fini(&scratch);
    return rc;
}

/* ---- Fitting ---------------------------------------------------------------- */
static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

int mdsum_trainer_fit(mdsum_trainer *t, const mdsum_train_opts *opts, char **out, size_t *out_len)
{
    if (!t || !out) return err_set(t ? t->ctx : NULL, MDSUM_EINVAL, "invalid argument");
    mdsum_ctx *ctx = t->ctx;
    *out = NULL;
    mdsum_train_opts o;
    if (opts) o = *opts;
    else mdsum_train_opts_init(&o);
    if (o.epochs < 1 || !(o.rate > 0) || !(o.l2 >= 0))
        return err_set(ctx, MDSUM_EINVAL, "training: epochs must be >= 1, rate > 0, l2 >= 0");
    if (t->n == 0) return err_set(ctx, MDSUM_EEMPTY, "training: no examples");
    enum { F = LEARNED_NFEAT };
    double mean[F] = {0}, sd[F] = {0}, w[F] = {0}, g2[F] = {0}, bias = 0, gb = 0;
    for (size_t i = 0; i < t->n; i++)
        for (int k = 0; k < F; k++) mean[k] += t->x[i * F + k];
    for (int k = 0; k < F; k++) mean[k] /= (double)t->n;
    for (size_t i = 0; i < t->n; i++)
        for (int k = 0; k < F; k++) {
            double d = t->x[i * F + k] - mean[k];
            sd[k] += d * d;
        }
    for (int k = 0; k < F; k++) {
        sd[k] = sqrt(sd[k] / (double)t->n);
        if (!(sd[k] > 1e-9)) sd[k] = 1;   /* a constant feature: weight stays ~0 */
    }
    size_t *order = alc_malloc(&ctx->alc, t->n * sizeof *order);
    if (!order) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    for (size_t i = 0; i < t->n; i++) order[i] = i;
    uint64_t seed = o.seed;
    double z[F];
    for (int ep = 0; ep < o.epochs; ep++) {
        for (size_t i = t->n; i > 1; i--) {
            size_t j = (size_t)(lcg(&seed) % i);
            size_t tmp = order[i - 1]; order[i - 1] = order[j]; order[j] = tmp;
        }
        for (size_t r = 0; r < t->n; r++) {
            size_t i = order[r];
            double s = bias;
            for (int k = 0; k < F; k++) {
                z[k] = (t->x[i * F + k] - mean[k]) / sd[k];
                s += w[k] * z[k];
            }
            double p = 1.0 / (1.0 + exp(-s));
            double err = p - t->y[i];
            for (int k = 0; k < F; k++) {
                double g = err * z[k] + o.l2 * w[k];
                g2[k] += g * g;
                w[k] -= o.rate * g / (sqrt(g2[k]) + 1e-8);
            }
            gb += err * err;
            bias -= o.rate * err / (sqrt(gb) + 1e-8);
        }
    }
    alc_free(&ctx->alc, order);
    strbuf b;
    buf_init(&b, &ctx->alc);
    buf_printf(&b, "# mdsum learned sentence scorer: logistic regression (src/rank/learned.c)\n"
                   "# trained by `mdsum train` on %zu sentences, %d epochs, rate %g, l2 %g\n"
                   "mdsum-model 1 features=%d\n",
               t->n, o.epochs, o.rate, o.l2, F);
    for (int k = 0; k < F; k++)
        buf_printf(&b, "%s\t%.9g\t%.9g\t%.9g\n", learned_feature_names[k], mean[k], sd[k], w[k]);
    buf_printf(&b, "bias\t%.9g\n", bias);
    if (b.failed) {
        buf_fini(&b);
        return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    }
    size_t len;
    *out = buf_detach(&b, &len);
    if (out_len) *out_len = len;
    return MDSUM_OK;
}
