/*
 * lead.c -- the lead baseline: the first sentences of each document, taken
 * round robin (sentence 1 of every document, then sentence 2, ...).
 *
 * News is written in inverted-pyramid style, so the lead is a strong
 * baseline on news (Nenkova 2005; "First-3" in Fabbri et al. 2019, which
 * beats LexRank on Multi-News). Scores: 1 / (1 + index within the
 * document), ties broken by document order in select.c (cluster order).
 * Headlines (a first line without terminal punctuation) are not counted as
 * the first sentence.
 */
#include "rank.h"

static int lead_score(const rank_in *in, double *scores)
{
    const mdsum_cluster *cl = in->cl;
    uint32_t doc = UINT32_MAX, pos = 0;
    for (size_t i = 0; i < cl->nsents; i++) {
        const sent_rec *s = &cl->sents[i];
        if (s->doc != doc) { doc = s->doc; pos = 0; }
        if (s->flags & SENT_HEADLINE) {
            scores[i] = 0;
            continue;
        }
        scores[i] = 1.0 / (1.0 + pos);
        pos++;
    }
    return MDSUM_OK;
}

const ranker ranker_lead = {
    "lead",
    "first sentences of each document, round robin (lead baseline)",
    NULL, 0,
    lead_score,
    NULL,
};
