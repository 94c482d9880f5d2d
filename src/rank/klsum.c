/*
 * klsum.c -- KLSum, greedy (Haghighi & Vanderwende 2009, "Exploring content
 * models for multi-document summarization", NAACL), section 3:
 *     S* = argmin_{S : words(S) <= L} KL(P_D || P_S)
 * approximated greedily: repeatedly add the sentence that gives the
 * smallest divergence, until the budget is full. P_D is the unigram
 * distribution of the cluster, P_S that of the summary, smoothed:
 *     P_S(w) = (c_S(w) + delta) / (|S| + delta * V)
 * over the V content words of the cluster. Since sum_w P_D(w) = 1,
 *     KL = sum_w P_D log P_D - sum_w P_D(w) log(c_S(w) + delta)
 *          + log(|S| + delta * V)
 * and adding a sentence changes only its own words' terms and the last
 * one: each candidate is scored in time linear in its length.
 *
 * Words are stemmed non-stopword terms. Departures: sentences that do not
 * fit the remaining budget are passed over; with a position prior
 * (mdsum_options.position) each occurrence counts in P_D with the position
 * weight of its sentence (common.c).
 */
#include "rank.h"

#include <math.h>
#include <string.h>

static const mdsum_param_info params[] = {
    {"smoothing", 0.1, 1e-9, 100.0, "additive smoothing of the summary distribution (delta)"},
};

/* log(c_S(w) + c_s(w) + delta) - log(c_S(w) + delta), summed with P_D
 * weights over the words of sentence i: the gain in sum P_D log(...). */
static double gain(const mdsum_cluster *cl, size_t i, const double *pd, const double *cs,
                   double *cnt_s, double delta)
{
    const sent_rec *s = &cl->sents[i];
    const uint32_t *t = cl->toks + s->tok_off;
    for (uint32_t k = 0; k < s->ntok; k++)
        if (!(t[k] & TOK_STOP)) cnt_s[TOK_ID(t[k])] += 1;
    double g = 0;
    for (uint32_t k = 0; k < s->ntok; k++) {
        if (t[k] & TOK_STOP) continue;
        uint32_t w = TOK_ID(t[k]);
        if (cnt_s[w] == 0) continue;   /* counted already */
        g += pd[w] * (log(cs[w] + cnt_s[w] + delta) - log(cs[w] + delta));
        cnt_s[w] = 0;
    }
    return g;
}

/* Content words of sentence i. */
static double content_words(const mdsum_cluster *cl, size_t i)
{
    const sent_rec *s = &cl->sents[i];
    double n = 0;
    for (uint32_t k = 0; k < s->ntok; k++) n += !(cl->toks[s->tok_off + k] & TOK_STOP);
    return n;
}

static int klsum_select(const rank_in *in, selection *out)
{
    const mdsum_cluster *cl = in->cl;
    const double delta = in->params[0];
    memset(out, 0, sizeof *out);
    uint32_t *c, *pos;
    size_t n;
    int rc = rank_candidates(in, 0, false, &c, &n);
    if (rc == MDSUM_OK) rc = rank_positions(in, &pos);
    if (rc) return rc;
    size_t nt = cl->terms.n ? cl->terms.n : 1;
    double *pd = arena_calloc(in->scratch, nt, sizeof *pd);
    double *cs = arena_calloc(in->scratch, nt, sizeof *cs);
    double *tmp = arena_calloc(in->scratch, nt, sizeof *tmp);
    double *len = arena_alloc(in->scratch, (n ? n : 1) * sizeof *len);
    double *pref = arena_calloc(in->scratch, cl->nsents ? cl->nsents : 1, sizeof *pref);
    uint8_t *used = arena_calloc(in->scratch, n ? n : 1, 1);
    if (!pd || !cs || !tmp || !len || !pref || !used) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    double total = rank_word_weights(in, pos, pd);
    double V = 0;
    for (size_t t = 0; t < cl->terms.n; t++) {
        if (pd[t] > 0) V++;
        if (total > 0) pd[t] /= total;
    }
    for (size_t a = 0; a < n; a++) len[a] = content_words(cl, c[a]);
    double slen = 0;   /* |S| */
    for (;;) {
        size_t best = SIZE_MAX;
        double bd = INFINITY;
        for (size_t a = 0; a < n; a++) {
            if (used[a]) continue;
            const sent_rec *s = &cl->sents[c[a]];
            if (!budget_fits(in->b, out, s->words, s->end - s->start, cl)) continue;
            /* Change of KL if sentence a is added (lower is better). */
            double d = -gain(cl, c[a], pd, cs, tmp, delta) + log(slen + len[a] + delta * V) -
                       log(slen + delta * V);
            if (d < bd) { bd = d; best = a; }
        }
        if (best == SIZE_MAX) break;
        used[best] = 1;
        uint32_t i = c[best];
        if (select_redundant(cl, out, i, in->redundancy)) continue;
        const sent_rec *s = &cl->sents[i];
        if (selection_push(in->scratch, out, i, s->end, s->words, -bd))
            return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
        for (uint32_t k = 0; k < s->ntok; k++) {
            uint32_t t = cl->toks[s->tok_off + k];
            if (!(t & TOK_STOP)) cs[TOK_ID(t)] += 1;
        }
        slen += len[best];
        if (budget_full(in->b, out, cl)) break;
    }
    for (size_t a = 0; a < n; a++)
        pref[c[a]] = gain(cl, c[a], pd, cs, tmp, delta) - log(slen + len[a] + delta * V) +
                     log(slen + delta * V);
    return rank_finish(in, pref, c, n, true, out);
}

/* KL(P_D || P_S) of a summary, for the tests (klsum_divergence in rank.h). */
int klsum_divergence(const rank_in *in, const uint32_t *sents, size_t nsents, double *out)
{
    const mdsum_cluster *cl = in->cl;
    const double delta = in->params[0];
    uint32_t *pos;
    int rc = rank_positions(in, &pos);
    if (rc) return rc;
    size_t nt = cl->terms.n ? cl->terms.n : 1;
    double *pd = arena_calloc(in->scratch, nt, sizeof *pd);
    double *cs = arena_calloc(in->scratch, nt, sizeof *cs);
    if (!pd || !cs) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    double total = rank_word_weights(in, pos, pd), slen = 0, V = 0;
    for (size_t k = 0; k < nsents; k++) {
        const sent_rec *s = &cl->sents[sents[k]];
        for (uint32_t j = 0; j < s->ntok; j++) {
            uint32_t t = cl->toks[s->tok_off + j];
            if (!(t & TOK_STOP)) { cs[TOK_ID(t)] += 1; slen++; }
        }
    }
    for (size_t t = 0; t < cl->terms.n; t++) V += pd[t] > 0;
    double kl = 0;
    for (size_t t = 0; t < cl->terms.n; t++) {
        if (pd[t] <= 0) continue;
        double p = pd[t] / total, q = (cs[t] + delta) / (slen + delta * V);
        kl += p * log(p / q);
    }
    *out = kl;
    return MDSUM_OK;
}

const ranker ranker_klsum = {
    "klsum",
    "greedy minimum KL divergence between summary and cluster unigrams (Haghighi & Vanderwende 2009)",
    params, sizeof params / sizeof params[0],
    NULL,
    klsum_select,
};
