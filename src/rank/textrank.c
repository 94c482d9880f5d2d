/*
 * textrank.c -- TextRank for sentence extraction (Mihalcea & Tarau 2004,
 * "TextRank: Bringing order into texts", EMNLP), section 4.
 *
 * Sentences are nodes; the edge between S_i and S_j weighs their content
 * overlap normalised by their lengths:
 *     w_ij = |{t : t in S_i and t in S_j}| / (log |S_i| + log |S_j|)
 * and the scores are the weighted PageRank
 *     WS(V_i) = (1 - d) + d * sum_{j} w_ji / (sum_k w_jk) * WS(V_j)
 * with d = 0.85, iterated until no score changes by more than `eps`
 * (0.0001 in the paper).
 *
 * Departures: the overlap counts distinct stemmed non-stopword terms (the
 * paper counts tokens "after filtering"; stems make "rose"/"rise" meet);
 * |S| is the sentence's word count, at least 2, so that the denominator is
 * never 0 for one-word sentences; iteration is Jacobi (all scores updated
 * from the previous round), which has the same fixed point as the paper's
 * in-place updates. Sentences that are not candidates (fragments,
 * headlines) are not nodes; beyond `max_sentences` candidates the
 * pre-filter of common.c keeps the best (O(n^2) pairs).
 */
#include "rank.h"

#include <math.h>
#include <string.h>

static const mdsum_param_info params[] = {
    {"damping", 0.85, 0.0, 1.0, "probability of following an edge (d)"},
    {"eps", 1e-4, 1e-12, 1.0, "stop when no score changes by more than this"},
    {"iterations", 200, 1, 100000, "maximum iterations"},
    {"max_sentences", 1000, 2, 1e6, "pre-filter: rank at most this many candidate sentences"},
};

static size_t overlap(const mdsum_cluster *cl, size_t a, size_t b)
{
    const sent_rec *x = &cl->sents[a], *y = &cl->sents[b];
    const vec_ent *p = cl->vec + x->vec_off, *pe = p + x->nvec;
    const vec_ent *q = cl->vec + y->vec_off, *qe = q + y->nvec;
    size_t n = 0;
    while (p < pe && q < qe) {
        if (p->term == q->term) { n++; p++; q++; }
        else if (p->term < q->term) p++;
        else q++;
    }
    return n;
}

static int textrank_score(const rank_in *in, double *scores)
{
    const mdsum_cluster *cl = in->cl;
    const double d = in->params[0], eps = in->params[1];
    const long maxit = (long)in->params[2];
    for (size_t i = 0; i < cl->nsents; i++) scores[i] = 0;
    uint32_t *c;
    size_t n;
    int rc = rank_candidates(in, (size_t)in->params[3], false, &c, &n);
    if (rc || n == 0) return rc;
    size_t cells;
    if (!mul_ok(n, n, &cells)) return err_set(in->ctx, MDSUM_ELIMIT, "too many sentences");
    float *W = arena_alloc(in->scratch, cells * sizeof *W);
    double *out = arena_calloc(in->scratch, n, sizeof *out);
    double *ws = arena_alloc(in->scratch, n * sizeof *ws);
    double *next = arena_alloc(in->scratch, n * sizeof *next);
    double *logl = arena_alloc(in->scratch, n * sizeof *logl);
    if (!W || !out || !ws || !next || !logl) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    for (size_t a = 0; a < n; a++) {
        uint32_t w = cl->sents[c[a]].words;
        logl[a] = log(w < 2 ? 2.0 : (double)w);
    }
    for (size_t a = 0; a < n; a++) {
        W[a * n + a] = 0;
        for (size_t b = a + 1; b < n; b++) {
            double w = (double)overlap(cl, c[a], c[b]) / (logl[a] + logl[b]);
            W[a * n + b] = W[b * n + a] = (float)w;
            out[a] += w;
            out[b] += w;
        }
    }
    for (size_t a = 0; a < n; a++) ws[a] = 1.0;
    for (long it = 0; it < maxit; it++) {
        for (size_t a = 0; a < n; a++) next[a] = 1.0 - d;
        for (size_t j = 0; j < n; j++) {
            if (out[j] == 0) continue;
            double share = d * ws[j] / out[j];
            const float *row = W + j * n;
            for (size_t a = 0; a < n; a++) next[a] += share * row[a];
        }
        double change = 0;
        for (size_t a = 0; a < n; a++) {
            double dl = fabs(next[a] - ws[a]);
            if (dl > change) change = dl;
            ws[a] = next[a];
        }
        if (change <= eps) break;
    }
    for (size_t a = 0; a < n; a++) scores[c[a]] = ws[a];
    return MDSUM_OK;
}

const ranker ranker_textrank = {
    "textrank",
    "weighted PageRank over the word-overlap graph (Mihalcea & Tarau 2004)",
    params, sizeof params / sizeof params[0],
    textrank_score,
    NULL,
};
