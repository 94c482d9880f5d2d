/*
 * sumbasic.c -- SumBasic (Nenkova & Vanderwende 2005, "The impact of
 * frequency on summarization", MSR-TR-2005-101; Vanderwende et al. 2007):
 *   1. p(w) = n_w / N over the content words of the cluster
 *   2. weight(S) = sum_{w in S} p(w) / |{w in S}|   (average probability)
 *   3. among the sentences holding the most probable word, take the one of
 *      highest weight
 *   4. for each word w of that sentence, p(w) <- p(w)^2 (lowers the chance
 *      that the same words are chosen again: redundancy control)
 *   5. until the budget is full, go to 2.
 *
 * Words are stemmed non-stopword terms, counted per occurrence.
 * Departures: sentences that do not fit the remaining budget are passed
 * over; when no fitting sentence holds the most probable word, the best
 * fitting sentence by weight is taken (the paper has no budget in words).
 * With a position prior (mdsum_options.position), each occurrence counts
 * with the position weight of its sentence (common.c) in step 1.
 */
#include "rank.h"

#include <math.h>
#include <string.h>

static int sumbasic_select(const rank_in *in, selection *out)
{
    const mdsum_cluster *cl = in->cl;
    memset(out, 0, sizeof *out);
    uint32_t *c, *pos;
    size_t n;
    int rc = rank_candidates(in, 0, false, &c, &n);
    if (rc == MDSUM_OK) rc = rank_positions(in, &pos);
    if (rc) return rc;
    size_t nt = cl->terms.n ? cl->terms.n : 1;
    double *p = arena_calloc(in->scratch, nt, sizeof *p);
    double *weight = arena_calloc(in->scratch, cl->nsents ? cl->nsents : 1, sizeof *weight);
    uint8_t *used = arena_calloc(in->scratch, n ? n : 1, 1);
    if (!p || !weight || !used) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    double total = rank_word_weights(in, pos, p);
    if (total > 0)
        for (size_t t = 0; t < cl->terms.n; t++) p[t] /= total;

    for (;;) {
        /* The most probable word among the sentences still available. */
        double pmax = -1;
        uint32_t wmax = UINT32_MAX;
        for (size_t a = 0; a < n; a++) {
            if (used[a]) continue;
            const sent_rec *s = &cl->sents[c[a]];
            double sum = 0;
            uint32_t cnt = 0;
            for (uint32_t k = 0; k < s->ntok; k++) {
                uint32_t t = cl->toks[s->tok_off + k];
                if (t & TOK_STOP) continue;
                double q = p[TOK_ID(t)];
                sum += q;
                cnt++;
                if (q > pmax || (q == pmax && TOK_ID(t) < wmax)) { pmax = q; wmax = TOK_ID(t); }
            }
            weight[c[a]] = cnt ? sum / cnt : 0;
        }
        if (wmax == UINT32_MAX) break;
        size_t best = SIZE_MAX, any = SIZE_MAX;
        for (size_t a = 0; a < n; a++) {
            if (used[a]) continue;
            const sent_rec *s = &cl->sents[c[a]];
            if (!budget_fits(in->b, out, s->words, s->end - s->start, cl)) continue;
            if (any == SIZE_MAX || weight[c[a]] > weight[c[any]]) any = a;
            bool holds = false;
            for (uint32_t k = 0; k < s->nvec && !holds; k++) holds = cl->vec[s->vec_off + k].term == wmax;
            if (holds && (best == SIZE_MAX || weight[c[a]] > weight[c[best]])) best = a;
        }
        if (best == SIZE_MAX) best = any;
        if (best == SIZE_MAX) break;
        used[best] = 1;
        uint32_t i = c[best];
        if (select_redundant(cl, out, i, in->redundancy)) continue;
        const sent_rec *s = &cl->sents[i];
        if (selection_push(in->scratch, out, i, s->end, s->words, weight[i]))
            return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
        for (uint32_t k = 0; k < s->nvec; k++) {
            uint32_t t = cl->vec[s->vec_off + k].term;
            p[t] *= p[t];
        }
        if (budget_full(in->b, out, cl)) break;
    }
    /* Weights as they stand after the last update choose the sentence to cut. */
    for (size_t a = 0; a < n; a++) {
        const sent_rec *s = &cl->sents[c[a]];
        double sum = 0;
        uint32_t cnt = 0;
        for (uint32_t k = 0; k < s->ntok; k++) {
            uint32_t t = cl->toks[s->tok_off + k];
            if (!(t & TOK_STOP)) { sum += p[TOK_ID(t)]; cnt++; }
        }
        weight[c[a]] = cnt ? sum / cnt : 0;
    }
    return rank_finish(in, weight, c, n, true, out);
}

const ranker ranker_sumbasic = {
    "sumbasic",
    "word probability averaging with squared updates (Nenkova & Vanderwende 2005)",
    NULL, 0,
    NULL,
    sumbasic_select,
};
