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
 * neighbour spreads its mass uniformly (the usual fix for dangling nodes);
 * beyond `max_sentences` sentences the pre-filter of common.c keeps the
 * best candidates and the others score 0 (the matrix is n x n).
 */
#include "rank.h"

#include <math.h>
#include <string.h>

static const mdsum_param_info params[] = {
    {"damping", 0.15, 0.0, 1.0, "probability of a random jump (d)"},
    {"threshold", 0.0, 0.0, 1.0, "drop similarities below this (0 = continuous)"},
    {"eps", 1e-6, 1e-12, 1.0, "stop when the L1 change falls below this"},
    {"iterations", 200, 1, 100000, "maximum power iterations"},
    {"max_sentences", 1000, 2, 1e6, "pre-filter: rank at most this many candidate sentences"},
};

static int lexrank_score(const rank_in *in, double *scores)
{
    const mdsum_cluster *cl = in->cl;
    const double d = in->params[0], thr = in->params[1], eps = in->params[2];
    const long maxit = (long)in->params[3];
    for (size_t i = 0; i < cl->nsents; i++) scores[i] = 0;
    /* Every sentence is a node (as the paper has it), unless there are too
     * many: then the pre-filtered candidates. */
    uint32_t *c;
    size_t n = cl->nsents, max = (size_t)in->params[4];
    if (n == 0) return MDSUM_OK;
    if (n <= max) {
        c = arena_alloc(in->scratch, n * sizeof *c);
        if (!c) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
        for (size_t i = 0; i < n; i++) c[i] = (uint32_t)i;
    } else {
        int rc = rank_candidates(in, max, false, &c, &n);
        if (rc || n == 0) return rc;
    }
    float *M = rank_sim_matrix(in, c, n);
    if (!M) return in->ctx->err.pub.code;
    double *rowsum = arena_calloc(in->scratch, n, sizeof *rowsum);
    double *next = arena_alloc(in->scratch, n * sizeof *next);
    double *p = arena_alloc(in->scratch, n * sizeof *p);
    if (!rowsum || !next || !p) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        M[i * n + i] = 0;
        for (size_t j = 0; j < n; j++) {
            float s = M[i * n + j];
            if (s < thr || s <= 0) M[i * n + j] = s = 0;
            rowsum[i] += s;
        }
    }
    for (size_t i = 0; i < n; i++) p[i] = 1.0 / (double)n;
    for (long it = 0; it < maxit; it++) {
        double dangling = 0;
        for (size_t i = 0; i < n; i++)
            if (rowsum[i] == 0) dangling += p[i];
        for (size_t j = 0; j < n; j++) next[j] = d / (double)n + (1 - d) * dangling / (double)n;
        for (size_t i = 0; i < n; i++) {
            if (rowsum[i] == 0) continue;
            double share = (1 - d) * p[i] / rowsum[i];
            const float *row = M + i * n;
            for (size_t j = 0; j < n; j++) next[j] += share * row[j];
        }
        double delta = 0;
        for (size_t i = 0; i < n; i++) {
            delta += fabs(next[i] - p[i]);
            p[i] = next[i];
        }
        if (delta < eps) break;
    }
    for (size_t i = 0; i < n; i++) scores[c[i]] = p[i];
    return MDSUM_OK;
}

const ranker ranker_lexrank = {
    "lexrank",
    "continuous LexRank: eigenvector centrality of the cosine graph (Erkan & Radev 2004)",
    params, sizeof params / sizeof params[0],
    lexrank_score,
    NULL,
};
