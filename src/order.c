/*
 * order.c -- reading order of the chosen sentences.
 *
 * Documents are read oldest first when every document the summary cites
 * has a date mdsum can read (YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD at the
 * start of the date field, as HTML metadata, JSONL and TAC give them).
 * Otherwise sentences from different documents are ordered by their
 * relative position in their document (start byte over document length):
 * news is written in inverted pyramid, so what each outlet says first
 * (the event) comes before what it says last (background, reactions),
 * whichever outlet it came from; this is the position heuristic of
 * sentence ordering (Barzilay, Elhadad & McKeown 2002 compare it with
 * chronological ordering). Within a document, sentences always keep their
 * position, so each outlet's sentences keep their narrative order. Chosen
 * sentences that follow each other in their document stay together, placed
 * by the first of them: "But he said ..." is read right after the sentence
 * it goes on from, not after another outlet's (the block ordering of
 * Barzilay, Elhadad & McKeown 2002 keeps related sentences together for
 * the same reason). Ties keep input order: the result is stable for a
 * given selection. A sentence cut to fill the budget (--truncate) comes
 * last, so that the summary never breaks off in the middle.
 */
#include "internal.h"
#include "stages.h"

/* YYYYMMDD from the start of a date string, or -1. */
static long date_key(const char *s)
{
    if (!s) return -1;
    int y = 0, m = 0, d = 0, i = 0;
    for (int k = 0; k < 4; k++, i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        y = y * 10 + (s[i] - '0');
    }
    if (s[i] == '-' || s[i] == '/') i++;
    for (int k = 0; k < 2; k++, i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        m = m * 10 + (s[i] - '0');
    }
    if (s[i] == '-' || s[i] == '/') i++;
    for (int k = 0; k < 2; k++, i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        d = d * 10 + (s[i] - '0');
    }
    if (s[i] >= '0' && s[i] <= '9') return -1;   /* more digits: not a date */
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > 31) return -1;
    return (long)y * 10000 + m * 100 + d;
}

typedef struct order_ctx {
    const mdsum_cluster *cl;
    bool by_date;
} order_ctx;

/* Is pick p cut short (--truncate)? */
static bool is_cut(const mdsum_cluster *cl, const pick_rec *p) { return p->end < cl->sents[p->sent].end; }

static int by_position(const void *a, const void *b, void *ud)
{
    const order_ctx *oc = ud;
    const mdsum_cluster *cl = oc->cl;
    const pick_rec *x = a, *y = b;
    const sent_rec *sx = &cl->sents[x->sent], *sy = &cl->sents[y->sent];
    bool cx = is_cut(cl, x), cy = is_cut(cl, y);
    if (cx != cy) return cx ? 1 : -1;
    if (sx->doc != sy->doc) {
        if (oc->by_date) {
            long dx = date_key(cl->docs[sx->doc].date), dy = date_key(cl->docs[sy->doc].date);
            if (dx != dy) return dx < dy ? -1 : 1;
        } else {
            /* a block's place is its first sentence's */
            size_t lx = cl->docs[sx->doc].len, ly = cl->docs[sy->doc].len;
            double px = (double)cl->sents[x->block].start / (double)(lx ? lx : 1);
            double py = (double)cl->sents[y->block].start / (double)(ly ? ly : 1);
            if (px != py) return px < py ? -1 : 1;
        }
        return sx->doc < sy->doc ? -1 : 1;
    }
    return x->sent < y->sent ? -1 : x->sent > y->sent;
}

static int by_sentence(const void *a, const void *b, void *ud)
{
    (void)ud;
    const pick_rec *x = a, *y = b;
    return x->sent < y->sent ? -1 : x->sent > y->sent;
}

void order_picks(const mdsum_cluster *cl, selection *sel)
{
    order_ctx oc = {cl, sel->n > 1};
    for (size_t i = 0; i < sel->n && oc.by_date; i++)
        if (date_key(cl->docs[cl->sents[sel->v[i].sent].doc].date) < 0) oc.by_date = false;
    /* Runs of chosen sentences that follow each other in a document (the
     * cluster's sentences are numbered in document order). */
    sort_r(sel->v, sel->n, sizeof *sel->v, by_sentence, NULL);
    for (size_t i = 0; i < sel->n; i++) {
        pick_rec *p = &sel->v[i];
        const pick_rec *q = i ? &sel->v[i - 1] : NULL;
        bool follows = q && q->sent + 1 == p->sent && cl->sents[q->sent].doc == cl->sents[p->sent].doc &&
                       !is_cut(cl, q) && !is_cut(cl, p);
        p->block = follows ? q->block : p->sent;
    }
    sort_r(sel->v, sel->n, sizeof *sel->v, by_position, &oc);
}
