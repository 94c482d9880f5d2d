/*
 * lead.c -- the lead baseline: the first sentences of each document.
 *
 * News is written in inverted-pyramid style, so the lead is a strong
 * baseline on news (Nenkova 2005). Two forms, by the parameter `per_doc`:
 *
 *  - per_doc = k > 0 (default 3): "First-k" as Fabbri et al. 2019 define
 *    the Multi-News baseline: the documents in order, the first k sentences
 *    of each, concatenated and cut at the budget. So the order of taking is
 *    the reading order (document 1 sentences 1..k, then document 2 ...),
 *    and the sentence that crosses the word budget is the one cut (with
 *    truncation) -- not the lowest-scored one. When the first k sentences
 *    of all documents are shorter than the budget, the rest is filled round
 *    robin (sentence k+1 of every document, then k+2, ...): a budget is
 *    there to be used, and a shorter summary would only lose recall.
 *  - per_doc = 0: round robin over all positions (sentence 1 of every
 *    document, then sentence 2, ...), chosen greedily by score
 *    1 / (1 + position) like any scoring ranker.
 *
 * Headlines (a first line without terminal punctuation) are not counted as
 * the first sentence. Departure: the shared redundancy control applies (a
 * first sentence repeated by two outlets is taken once); --redundancy 1
 * gives the plain baseline.
 */
#include "rank.h"

#include <string.h>

static const mdsum_param_info params[] = {
    {"per_doc", 3, 0, 1e6,
     "first k sentences of each document in reading order (0 = round robin)"},
};

typedef struct lead_key {
    const uint32_t *pos;
    const mdsum_cluster *cl;
    uint32_t k;
} lead_key;

/* Tier 1 (position < k) in reading order, then tier 2 round robin. */
static int lead_cmp(const void *a, const void *b, void *ud)
{
    const lead_key *lk = ud;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    uint32_t px = lk->pos[x], py = lk->pos[y];
    bool tx = lk->k == 0 || px < lk->k, ty = lk->k == 0 || py < lk->k;
    if (tx != ty) return tx ? -1 : 1;
    if (tx && lk->k > 0) return x < y ? -1 : x > y;   /* cluster order = reading order */
    if (px != py) return px < py ? -1 : 1;
    return x < y ? -1 : x > y;
}

static int lead_order(const rank_in *in, uint32_t **out_order, uint32_t **out_pos)
{
    const mdsum_cluster *cl = in->cl;
    uint32_t *pos;
    int rc = rank_positions(in, &pos);
    if (rc) return rc;
    uint32_t *order = arena_alloc(in->scratch, (cl->nsents ? cl->nsents : 1) * sizeof *order);
    if (!order) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    for (size_t i = 0; i < cl->nsents; i++) order[i] = (uint32_t)i;
    lead_key lk = {pos, cl, (uint32_t)in->params[0]};
    sort_r(order, cl->nsents, sizeof *order, lead_cmp, &lk);
    *out_order = order;
    *out_pos = pos;
    return MDSUM_OK;
}

static int lead_score(const rank_in *in, double *scores)
{
    const mdsum_cluster *cl = in->cl;
    uint32_t *order, *pos;
    int rc = lead_order(in, &order, &pos);
    if (rc) return rc;
    /* Rank r gets 1 / (1 + r / ndocs): for per_doc = 0 that is close to
     * the classic 1 / (1 + position) and keeps its round-robin order. */
    double nd = cl->ndocs ? (double)cl->ndocs : 1.0;
    for (size_t r = 0; r < cl->nsents; r++) {
        size_t i = order[r];
        scores[i] = (cl->sents[i].flags & SENT_HEADLINE) ? 0 : 1.0 / (1.0 + (double)r / nd);
    }
    return MDSUM_OK;
}

static int lead_select(const rank_in *in, selection *out)
{
    const mdsum_cluster *cl = in->cl;
    memset(out, 0, sizeof *out);
    if (cl->nsents == 0) return MDSUM_OK;
    double *scores = arena_alloc(in->scratch, cl->nsents * sizeof *scores);
    if (!scores) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    int rc = lead_score(in, scores);
    if (rc) return rc;
    if (in->params[0] == 0)
        return select_greedy(in->ctx, cl, in->scratch, scores, in->b, in->redundancy, out);

    uint32_t *order, *pos;
    if ((rc = lead_order(in, &order, &pos))) return rc;
    /* Tier 0: candidates; tier 1, if room is left: the second tier of
     * select.c (sentences flagged only for readability). In each, the lead
     * order; the sentence that crosses the budget is cut (the text is
     * concatenated, then cut) or, without truncation, passed over. */
    for (int tier = 0; tier < 2 && !budget_full(in->b, out, cl); tier++) {
        for (size_t r = 0; r < cl->nsents; r++) {
            size_t i = order[r];
            const sent_rec *s = &cl->sents[i];
            if (tier == 0 ? !select_candidate(cl, i) : select_candidate(cl, i) || !select_fallback(cl, i))
                continue;
            if (select_redundant(cl, out, i, in->redundancy)) continue;
            if (budget_fits(in->b, out, s->words, s->end - s->start, cl)) {
                if (selection_push(in->scratch, out, (uint32_t)i, s->end, s->words, scores[i]))
                    return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
                if (budget_full(in->b, out, cl)) break;
                continue;
            }
            if (in->b->truncate) {
                uint32_t one = (uint32_t)i;
                return select_fill(in->ctx, cl, in->scratch, &one, 1, scores, in->b, in->redundancy, out);
            }
        }
    }
    /* Nothing crossed the budget: cut the first unused sentence in lead
     * order, or, when nothing was chosen (fragments only), any. */
    return rank_finish(in, scores, order, cl->nsents, false, out);
}

const ranker ranker_lead = {
    "lead",
    "first k sentences of each document in reading order, then round robin (lead baseline)",
    params, sizeof params / sizeof params[0],
    lead_score,
    lead_select,
};
