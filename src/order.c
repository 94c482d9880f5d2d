/*
 * order.c -- reading order of the chosen sentences: document order, then
 * position in the document, so that each outlet's sentences keep their
 * narrative order and the summary is stable for a given selection.
 */
#include "internal.h"
#include "stages.h"

static int by_position(const void *a, const void *b, void *ud)
{
    const mdsum_cluster *cl = ud;
    const pick_rec *x = a, *y = b;
    const sent_rec *sx = &cl->sents[x->sent], *sy = &cl->sents[y->sent];
    if (sx->doc != sy->doc) return sx->doc < sy->doc ? -1 : 1;
    return x->sent < y->sent ? -1 : x->sent > y->sent;
}

void order_picks(const mdsum_cluster *cl, selection *sel)
{
    sort_r(sel->v, sel->n, sizeof *sel->v, by_position, (void *)cl);
}
