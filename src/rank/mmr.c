/*
 * mmr.c -- Maximal Marginal Relevance (Carbonell & Goldstein 1998, "The use
 * of MMR, diversity-based reranking for reordering documents and producing
 * summaries", SIGIR), section 2:
 *     MMR = argmax_{D_i in R \ S} [ lambda * Sim1(D_i, Q)
 *                                   - (1 - lambda) * max_{D_j in S} Sim2(D_i, D_j) ]
 * Sentences are the D_i; we add the argmax to the summary until the budget
 * is full.
 *
 * Departures: a generic summary has no query, so Q is the cluster centroid
 * (the sum of all sentence TF-IDF vectors), as in the multi-document MMR
 * baselines (e.g. Fabbri et al. 2019); Sim1 and Sim2 are TF-IDF cosines.
 * Sentences that do not fit the remaining budget are passed over. Sim1 is
 * multiplied by the position weight of common.c (mdsum_options.position),
 * and the shared redundancy threshold still applies (it rarely binds:
 * MMR's own penalty acts first).
 */
#include "rank.h"

#include <math.h>
#include <string.h>

static const mdsum_param_info params[] = {
    {"lambda", 0.7, 0.0, 1.0, "weight of relevance against redundancy"},
};

static int mmr_select(const rank_in *in, selection *out)
{
    const mdsum_cluster *cl = in->cl;
    const double lambda = in->params[0];
    memset(out, 0, sizeof *out);
    uint32_t *c, *pos;
    size_t n;
    int rc = rank_candidates(in, 0, false, &c, &n);
    if (rc == MDSUM_OK) rc = rank_positions(in, &pos);
    if (rc) return rc;
    size_t ns = cl->nsents;
    double *cent = arena_calloc(in->scratch, cl->terms.n ? cl->terms.n : 1, sizeof *cent);
    double *rel = arena_calloc(in->scratch, ns ? ns : 1, sizeof *rel);
    double *maxsim = arena_calloc(in->scratch, n ? n : 1, sizeof *maxsim);
    uint8_t *used = arena_calloc(in->scratch, n ? n : 1, 1);
    if (!cent || !rel || !maxsim || !used) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    for (size_t i = 0; i < ns; i++) {
        const sent_rec *s = &cl->sents[i];
        for (uint32_t k = 0; k < s->nvec; k++) cent[cl->vec[s->vec_off + k].term] += cl->vec[s->vec_off + k].w;
    }
    double cnorm = 0;
    for (size_t t = 0; t < cl->terms.n; t++) cnorm += cent[t] * cent[t];
    cnorm = sqrt(cnorm);
    for (size_t a = 0; a < n; a++) {
        const sent_rec *s = &cl->sents[c[a]];
        double dot = 0;
        for (uint32_t k = 0; k < s->nvec; k++) dot += cent[cl->vec[s->vec_off + k].term] * cl->vec[s->vec_off + k].w;
        double sim = s->norm > 0 && cnorm > 0 ? dot / (s->norm * cnorm) : 0;
        rel[c[a]] = sim * rank_position_weight(in->opts->position, pos[c[a]]);
    }
    for (;;) {
        size_t best = SIZE_MAX;
        double bv = -INFINITY;
        for (size_t a = 0; a < n; a++) {
            if (used[a]) continue;
            const sent_rec *s = &cl->sents[c[a]];
            if (!budget_fits(in->b, out, s->words, s->end - s->start, cl)) continue;
            double v = lambda * rel[c[a]] - (1 - lambda) * maxsim[a];
            if (v > bv) { bv = v; best = a; }
        }
        if (best == SIZE_MAX) break;
        used[best] = 1;
        uint32_t i = c[best];
        if (select_redundant(cl, out, i, in->redundancy)) continue;
        const sent_rec *s = &cl->sents[i];
        if (selection_push(in->scratch, out, i, s->end, s->words, bv))
            return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
        if (budget_full(in->b, out, cl)) break;
        for (size_t a = 0; a < n; a++) {
            if (used[a]) continue;
            double sim = sent_cosine(cl, c[a], i);
            if (sim > maxsim[a]) maxsim[a] = sim;
        }
    }
    /* The sentence to cut: the best by the MMR criterion at the end. */
    for (size_t a = 0; a < n; a++) rel[c[a]] = lambda * rel[c[a]] - (1 - lambda) * maxsim[a];
    return rank_finish(in, rel, c, n, true, out);
}

const ranker ranker_mmr = {
    "mmr",
    "maximal marginal relevance to the cluster centroid (Carbonell & Goldstein 1998)",
    params, sizeof params / sizeof params[0],
    NULL,
    mmr_select,
};
