/*
 * submodular.c -- coverage plus diversity reward (Lin & Bilmes 2011, "A
 * class of submodular functions for document summarization", ACL),
 * maximised by the budgeted greedy of Lin & Bilmes 2010 (NAACL).
 *
 *     F(S) = L(S) + lambda * R(S)
 *     L(S) = sum_{i in V} min( C_i(S), alpha * C_i(V) ),  C_i(S) = sum_{j in S} w_ij
 *     R(S) = sum_{k=1..K} sqrt( sum_{j in P_k and S} r_j ),  r_j = 1/N sum_{i in V} w_ij
 * with w_ij the TF-IDF cosine of sentences i and j, alpha = a / N, and
 * P_1..P_K a partition of the N sentences into K = ceil(clusters * N)
 * groups. Both terms are monotone submodular, so the greedy below is
 * within a constant factor of the optimum.
 *
 * Budgeted greedy: repeatedly take the sentence k of largest
 *     (F(S + k) - F(S)) / c_k^r     (c_k = words, r = 0.3 in the paper)
 * if it fits the budget (else discard it), until none is left; then the
 * singleton check: if the best single fitting sentence v has F({v}) > F(S),
 * return {v} instead. Gains only shrink as S grows (submodularity), so the
 * gains are evaluated lazily (Minoux 1978): a stale gain is an upper bound,
 * and only the sentence on top is recomputed.
 *
 * Departures: the partition is k-medoids on the similarity matrix (the
 * paper runs k-means on TF-IDF vectors): seeds by farthest-point
 * traversal from the most central sentence, then a few rounds of
 * assignment to the most similar medoid and medoid update, all
 * deterministic. With a position prior (mdsum_options.position) each
 * sentence i counts in L with its position weight pi_i and r_j is
 * multiplied by pi_j (common.c). Beyond `max_sentences` candidates the
 * pre-filter of common.c keeps the best (the matrix is N x N).
 */
#include "rank.h"

#include <math.h>
#include <string.h>

static const mdsum_param_info params[] = {
    {"a", 5, 0, 1e6, "coverage saturation: alpha = a / N"},
    {"lambda", 6, 0, 1e6, "weight of the diversity reward R(S)"},
    {"r", 0.3, 0, 10, "cost scaling: gain / words^r"},
    {"clusters", 0.2, 0, 1, "partition size K as a fraction of the sentences"},
    {"max_sentences", 1000, 2, 1e6, "pre-filter: at most this many candidate sentences"},
};

#define KMEDOID_ROUNDS 5

/* Partition 0..n-1 into k groups by similarity; part[i] = group. */
static int partition(const rank_in *in, const float *W, size_t n, size_t k, uint32_t *part)
{
    if (k <= 1 || n <= 1) {
        memset(part, 0, n * sizeof *part);
        return MDSUM_OK;
    }
    if (k > n) k = n;
    uint32_t *med = arena_alloc(in->scratch, k * sizeof *med);
    double *best = arena_alloc(in->scratch, n * sizeof *best);
    if (!med || !best) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    /* Seed 0: the most central sentence; then each next seed is the one
     * least similar to all seeds so far. */
    size_t s0 = 0;
    double cmax = -1;
    for (size_t i = 0; i < n; i++) {
        double sum = 0;
        for (size_t j = 0; j < n; j++) sum += W[i * n + j];
        if (sum > cmax) { cmax = sum; s0 = i; }
    }
    med[0] = (uint32_t)s0;
    for (size_t i = 0; i < n; i++) best[i] = W[i * n + s0];
    for (size_t m = 1; m < k; m++) {
        size_t far = 0;
        double fv = INFINITY;
        for (size_t i = 0; i < n; i++)
            if (best[i] < fv) { fv = best[i]; far = i; }
        med[m] = (uint32_t)far;
        for (size_t i = 0; i < n; i++)
            if (W[i * n + far] > best[i]) best[i] = W[i * n + far];
        best[far] = INFINITY;
    }
    for (int round = 0; round < KMEDOID_ROUNDS; round++) {
        for (size_t i = 0; i < n; i++) {
            size_t g = 0;
            double gv = -1;
            for (size_t m = 0; m < k; m++)
                if (W[i * n + med[m]] > gv) { gv = W[i * n + med[m]]; g = m; }
            part[i] = (uint32_t)g;
        }
        bool changed = false;
        for (size_t m = 0; m < k; m++) {
            size_t bi = med[m];
            double bv = -1;
            for (size_t i = 0; i < n; i++) {
                if (part[i] != m) continue;
                double sum = 0;
                for (size_t j = 0; j < n; j++)
                    if (part[j] == m) sum += W[i * n + j];
                if (sum > bv) { bv = sum; bi = i; }
            }
            if (bi != med[m]) { med[m] = (uint32_t)bi; changed = true; }
        }
        if (!changed) break;
    }
    return MDSUM_OK;
}

typedef struct smod {
    size_t n;
    const float *W;
    const double *cap;    /* alpha * C_i(V) */
    const double *pi;     /* position weights */
    const double *rw;     /* r_j */
    const uint32_t *part;
    double lambda;
    double *Ci;           /* C_i(S) */
    double *Rk;           /* per group: sum of r_j over S */
} smod;

static double gain(const smod *M, size_t k)
{
    double dl = 0;
    const float *col = M->W + k * M->n;   /* symmetric: row k = column k */
    for (size_t i = 0; i < M->n; i++) {
        double c = M->Ci[i];
        if (c >= M->cap[i] || col[i] <= 0) continue;
        double nc = c + col[i];
        dl += M->pi[i] * ((nc < M->cap[i] ? nc : M->cap[i]) - c);
    }
    double rk = M->Rk[M->part[k]];
    return dl + M->lambda * (sqrt(rk + M->rw[k]) - sqrt(rk));
}

static int submodular_select(const rank_in *in, selection *out)
{
    const mdsum_cluster *cl = in->cl;
    const double *P = in->params;
    memset(out, 0, sizeof *out);
    uint32_t *c, *pos;
    size_t n;
    int rc = rank_candidates(in, (size_t)P[4], false, &c, &n);
    if (rc == MDSUM_OK) rc = rank_positions(in, &pos);
    if (rc) return rc;
    double *pref = arena_calloc(in->scratch, cl->nsents ? cl->nsents : 1, sizeof *pref);
    if (!pref) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    if (n == 0) return rank_finish(in, pref, c, n, true, out);
    const float *W = rank_sim_matrix(in, c, n);
    if (!W) return in->ctx->err.pub.code;
    double *cap = arena_alloc(in->scratch, n * sizeof *cap);
    double *pi = arena_alloc(in->scratch, n * sizeof *pi);
    double *rw = arena_alloc(in->scratch, n * sizeof *rw);
    double *Ci = arena_calloc(in->scratch, n, sizeof *Ci);
    double *bound = arena_alloc(in->scratch, n * sizeof *bound);
    double *cost = arena_alloc(in->scratch, n * sizeof *cost);
    uint32_t *part = arena_alloc(in->scratch, n * sizeof *part);
    uint8_t *state = arena_calloc(in->scratch, n, 1);   /* 0 open, 1 chosen, 2 discarded */
    size_t K = (size_t)ceil(P[3] * (double)n);
    if (K < 1) K = 1;
    double *Rk = arena_calloc(in->scratch, K, sizeof *Rk);
    if (!cap || !pi || !rw || !Ci || !bound || !cost || !part || !state || !Rk)
        return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    double alpha = P[0] / (double)n;
    for (size_t i = 0; i < n; i++) {
        double sum = 0;
        for (size_t j = 0; j < n; j++) sum += W[i * n + j];
        pi[i] = rank_position_weight(in->opts->position, pos[c[i]]);
        cap[i] = alpha * sum;
        rw[i] = pi[i] * sum / (double)n;
        uint32_t w = cl->sents[c[i]].words;
        cost[i] = pow(w ? (double)w : 1.0, P[2]);
    }
    if ((rc = partition(in, W, n, K, part))) return rc;
    smod M = {n, W, cap, pi, rw, part, P[1], Ci, Rk};

    double fS = 0;
    for (size_t k = 0; k < n; k++) bound[k] = gain(&M, k) / cost[k];
    for (;;) {
        size_t top = SIZE_MAX;
        for (size_t k = 0; k < n; k++)
            if (state[k] == 0 && (top == SIZE_MAX || bound[k] > bound[top])) top = k;
        if (top == SIZE_MAX) break;
        double g = gain(&M, top);
        double ratio = g / cost[top];
        /* Lazy: if the fresh ratio still beats every stale bound, take it. */
        bool fresh = true;
        for (size_t k = 0; k < n && fresh; k++)
            if (k != top && state[k] == 0 && bound[k] > ratio) fresh = false;
        bound[top] = ratio;
        if (!fresh) continue;
        const sent_rec *s = &cl->sents[c[top]];
        if (!budget_fits(in->b, out, s->words, s->end - s->start, cl) ||
            select_redundant(cl, out, c[top], in->redundancy)) {
            state[top] = 2;
            continue;
        }
        state[top] = 1;
        if (selection_push(in->scratch, out, c[top], s->end, s->words, g))
            return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
        fS += g;
        const float *col = W + top * n;
        for (size_t i = 0; i < n; i++) Ci[i] += col[i];
        Rk[part[top]] += rw[top];
        if (budget_full(in->b, out, cl)) break;
    }

    /* Singleton check: F({v}) for every fitting v. */
    size_t bestv = SIZE_MAX;
    double bestf = fS;
    double *zero = arena_calloc(in->scratch, n, sizeof *zero);
    double *zk = arena_calloc(in->scratch, K, sizeof *zk);
    if (!zero || !zk) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    smod M0 = {n, W, cap, pi, rw, part, P[1], zero, zk};
    selection empty;
    memset(&empty, 0, sizeof empty);
    for (size_t v = 0; v < n; v++) {
        const sent_rec *s = &cl->sents[c[v]];
        if (!budget_fits(in->b, &empty, s->words, s->end - s->start, cl)) continue;
        double f = gain(&M0, v);
        if (f > bestf) { bestf = f; bestv = v; }
    }
    if (bestv != SIZE_MAX) {
        out->n = 0;
        const sent_rec *s = &cl->sents[c[bestv]];
        if (selection_push(in->scratch, out, c[bestv], s->end, s->words, bestf))
            return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
        memset(Ci, 0, n * sizeof *Ci);
        memset(Rk, 0, K * sizeof *Rk);
        const float *col = W + bestv * n;
        for (size_t i = 0; i < n; i++) Ci[i] = col[i];
        Rk[part[bestv]] = rw[bestv];
    }
    for (size_t k = 0; k < n; k++) pref[c[k]] = gain(&M, k) / cost[k];
    return rank_finish(in, pref, c, n, true, out);
}

const ranker ranker_submodular = {
    "submodular",
    "coverage + diversity reward, budgeted greedy (Lin & Bilmes 2011)",
    params, sizeof params / sizeof params[0],
    NULL,
    submodular_select,
};
