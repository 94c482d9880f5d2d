/*
 * lexrank.c -- continuous LexRank (Erkan & Radev 2004, "LexRank:
 * Graph-based lexical centrality as salience in text summarization", JAIR
 * 22), section 3.3.
 *
 * Sentences are nodes; edges carry the idf-modified cosine of their TF-IDF
 * vectors (represent.c). With the row-normalised similarity matrix B
 * (B[i][j] = sim(i,j) / sum_k sim(i,k)), the scores are the stationary
 * distribution of the random walk with teleportation:
 *     p = d/N * 1 + (1 - d) * B^T p
 * found by power iteration until the L1 change drops below `eps`. `d` is
 * the jump probability (0.15 in the paper, "damping factor"). Similarities
 * below `threshold` are dropped (0 = continuous LexRank; the paper's
 * discrete variant is threshold > 0 with unweighted edges, not offered).
 * Departures: self-similarity is excluded (the paper keeps it; it only adds
 * a constant to each row and flattens the distribution); a sentence with no
 * neighbour spreads its mass uniformly (the usual fix for dangling nodes).
 */
#include "rank.h"

#include <math.h>
#include <string.h>

static const mdsum_param_info params[] = {
    {"damping", 0.15, 0.0, 1.0, "probability of a random jump (d)"},
    {"threshold", 0.0, 0.0, 1.0, "drop similarities below this (0 = continuous)"},
    {"eps", 1e-6, 1e-12, 1.0, "stop when the L1 change falls below this"},
    {"iterations", 200, 1, 100000, "maximum power iterations"},
};

static int lexrank_score(const rank_in *in, double *scores)
{
    const mdsum_cluster *cl = in->cl;
    const double d = in->params[0], thr = in->params[1], eps = in->params[2];
    const long maxit = (long)in->params[3];
    size_t n = cl->nsents;
    if (n == 0) return MDSUM_OK;
    size_t cells;
    if (!mul_ok(n, n, &cells)) return err_set(in->ctx, MDSUM_ELIMIT, "too many sentences");
    float *M = arena_alloc(in->scratch, cells * sizeof *M);
    double *rowsum = arena_calloc(in->scratch, n, sizeof *rowsum);
    double *next = arena_alloc(in->scratch, n * sizeof *next);
    if (!M || !rowsum || !next) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        M[i * n + i] = 0;
        for (size_t j = i + 1; j < n; j++) {
            double s = sent_cosine(cl, i, j);
            if (s < thr || s <= 0) s = 0;
            M[i * n + j] = M[j * n + i] = (float)s;
            rowsum[i] += s;
            rowsum[j] += s;
        }
    }
    for (size_t i = 0; i < n; i++) scores[i] = 1.0 / (double)n;
    for (long it = 0; it < maxit; it++) {
        double dangling = 0;
        for (size_t i = 0; i < n; i++)
            if (rowsum[i] == 0) dangling += scores[i];
        for (size_t j = 0; j < n; j++) next[j] = d / (double)n + (1 - d) * dangling / (double)n;
        for (size_t i = 0; i < n; i++) {
            if (rowsum[i] == 0) continue;
            double share = (1 - d) * scores[i] / rowsum[i];
            const float *row = M + i * n;
            for (size_t j = 0; j < n; j++) next[j] += share * row[j];
        }
        double delta = 0;
        for (size_t i = 0; i < n; i++) {
            delta += fabs(next[i] - scores[i]);
            scores[i] = next[i];
        }
        if (delta < eps) break;
    }
    return MDSUM_OK;
}

const ranker ranker_lexrank = {
    "lexrank",
    "continuous LexRank: eigenvector centrality of the cosine graph (Erkan & Radev 2004)",
    params, sizeof params / sizeof params[0],
    lexrank_score,
    NULL,
};
