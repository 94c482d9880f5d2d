/*
 * prefilter.c -- the candidate pre-filter: which sentences of a very large
 * cluster the ranker sees.
 *
 * Rankers compare sentences pairwise (LexRank's similarity matrix is n x n)
 * or solve a program over them, so their cost grows at least with the
 * square of the number of sentences n. News clusters have tens to a few
 * hundred sentences (Multi-News: about 19, full-length about 80; DUC:
 * about 250), but a cluster can also be a day of a feed or a book. Beyond
 * MDSUM_PREFILTER_MAX sentences the pipeline (summarize.c) hands the ranker
 * only that many, chosen in time linear in the cluster by two signals known
 * to predict summary sentences in news:
 *
 *  1. Position: the first PREFILTER_LEAD_DEPTH fit candidates of every
 *     document, taken round by round (every document's first, then every
 *     document's second, ...) while they fill at most half of the limit.
 *     The lead is the strongest simple baseline for news (Brandow, Mitze &
 *     Rau 1995; Nenkova 2005, "Automatic text summarization of newswire:
 *     lessons learned from the Document Understanding Conference").
 *  2. Centrality: the remaining places by the cosine between the sentence's
 *     TF-IDF vector and the cluster centroid (the sum of all sentence
 *     vectors), MEAD's centroid idea (Radev, Jing, Stys & Tam 2004). Fit
 *     candidates (select.c: not a headline, at least SELECT_MIN_WORDS
 *     words) come before the others.
 *
 * A sentence said word for word more than once (the same wire story in
 * many outlets) is kept once (prefilter_copies), so that copies do not
 * fill the limit. Ties go to the earlier sentence, so the choice is
 * deterministic. The kept
 * sentences are returned in cluster order. Term statistics (tf, df, idf,
 * the centroid) are those of the whole cluster: the filter narrows the
 * choice, not the evidence.
 */
#include "prefilter.h"
#include "stages.h"

#include <math.h>
#include <string.h>

typedef struct key_order {
    const double *key;
} key_order;

/* Does sentence x rank below sentence y (lower key, or the same key and
 * later)? A total order. */
static bool worse(const key_order *ko, uint32_t x, uint32_t y)
{
    if (ko->key[x] != ko->key[y]) return ko->key[x] < ko->key[y];
    return x > y;
}

static bool same_tokens(const mdsum_cluster *cl, uint32_t a, uint32_t b)
{
    const sent_rec *x = &cl->sents[a], *y = &cl->sents[b];
    return x->ntok == y->ntok &&
           memcmp(cl->toks + x->tok_off, cl->toks + y->tok_off, x->ntok * sizeof *cl->toks) == 0;
}

int prefilter_copies(mdsum_ctx *ctx, const mdsum_cluster *cl, arena *scratch, uint32_t **first)
{
    size_t n = cl->nsents, slots = 16;
    while (slots < 2 * n) slots *= 2;
    uint32_t *f = arena_alloc(scratch, (n ? n : 1) * sizeof *f);
    uint32_t *tab = arena_alloc(scratch, slots * sizeof *tab);   /* sentence + 1, 0 = empty */
    if (!f || !tab) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    memset(tab, 0, slots * sizeof *tab);
    for (size_t i = 0; i < n; i++) {
        const sent_rec *s = &cl->sents[i];
        uint64_t h = hash_u32s(s->ntok, cl->toks + s->tok_off, s->ntok);
        size_t q = (size_t)h & (slots - 1);
        while (tab[q] && !same_tokens(cl, tab[q] - 1, (uint32_t)i)) q = (q + 1) & (slots - 1);
        if (!tab[q]) tab[q] = (uint32_t)i + 1;
        f[i] = tab[q] - 1;
    }
    *first = f;
    return MDSUM_OK;
}

int prefilter_pick(mdsum_ctx *ctx, const mdsum_cluster *cl, arena *scratch, size_t max,
                   uint32_t **out, size_t *out_n)
{
    size_t n = cl->nsents;
    uint32_t *keep = arena_alloc(scratch, (n ? n : 1) * sizeof *keep);
    if (!keep) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    if (max == 0) max = 1;
    if (n <= max) {
        for (size_t i = 0; i < n; i++) keep[i] = (uint32_t)i;
        *out = keep;
        *out_n = n;
        return MDSUM_OK;
    }
    size_t nterms = cl->terms.n;
    double *cent = arena_calloc(scratch, nterms ? nterms : 1, sizeof *cent);
    double *key = arena_alloc(scratch, n * sizeof *key);
    uint32_t *cpos = arena_alloc(scratch, n * sizeof *cpos);
    uint32_t *heap = arena_alloc(scratch, max * sizeof *heap);
    uint8_t *taken = arena_calloc(scratch, n, 1);
    uint8_t *said = arena_calloc(scratch, n, 1);   /* by the first copy: a copy was taken */
    uint32_t *first;
    if (!cent || !key || !cpos || !heap || !taken || !said) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    int rc = prefilter_copies(ctx, cl, scratch, &first);
    if (rc) return rc;

    /* The centroid, and each sentence's cosine to it. */
    for (size_t v = 0; v < cl->nvec; v++) cent[cl->vec[v].term] += cl->vec[v].w;
    double cnorm = 0;
    for (size_t t = 0; t < nterms; t++) cnorm += cent[t] * cent[t];
    cnorm = sqrt(cnorm);
    uint32_t doc = UINT32_MAX, pos = 0;
    for (size_t i = 0; i < n; i++) {
        const sent_rec *s = &cl->sents[i];
        const vec_ent *v = cl->vec + s->vec_off;
        double dot = 0;
        for (uint32_t k = 0; k < s->nvec; k++) dot += (double)v[k].w * cent[v[k].term];
        bool fit = select_candidate(cl, i);
        /* A cosine is in [0, 1]: -2 puts every unfit sentence last. */
        key[i] = (s->norm > 0 && cnorm > 0 ? dot / (s->norm * cnorm) : 0) - (fit ? 0 : 2);
        if (s->doc != doc) { doc = s->doc; pos = 0; }
        cpos[i] = fit ? pos++ : UINT32_MAX;
    }

    /* 1. Leads, round by round, within half of the limit. */
    size_t k = 0, quota = max / 2;
    for (uint32_t depth = 0; depth < PREFILTER_LEAD_DEPTH && k < quota; depth++)
        for (size_t i = 0; i < n && k < quota; i++)
            if (cpos[i] == depth && !said[first[i]]) { taken[i] = 1; said[first[i]] = 1; k++; }

    /* 2. The most central of the others: a heap of the best `need` seen so
     * far, worst at the root, so that huge clusters are never fully sorted. */
    size_t need = max - k, nh = 0;
    key_order ko = {key};
    for (size_t i = 0; i < n && need; i++) {
        /* One copy of a sentence: the first, whose key is the copies'
         * (the same vector), unless a lead copy was taken above. */
        if (taken[i] || first[i] != i || said[i]) continue;
        uint32_t x = (uint32_t)i;
        if (nh < need) {
            size_t c = nh++;
            while (c > 0 && worse(&ko, x, heap[(c - 1) / 2])) {
                heap[c] = heap[(c - 1) / 2];
                c = (c - 1) / 2;
            }
            heap[c] = x;
        } else if (worse(&ko, heap[0], x)) {
            size_t c = 0;
            for (;;) {
                size_t l = 2 * c + 1, w = c;
                uint32_t wv = x;
                if (l < nh && worse(&ko, heap[l], wv)) { w = l; wv = heap[l]; }
                if (l + 1 < nh && worse(&ko, heap[l + 1], wv)) { w = l + 1; wv = heap[l + 1]; }
                if (w == c) break;
                heap[c] = heap[w];
                c = w;
            }
            heap[c] = x;
        }
    }
    for (size_t h = 0; h < nh; h++) taken[heap[h]] = 1;

    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (taken[i]) keep[m++] = (uint32_t)i;
    *out = keep;
    *out_n = m;
    return MDSUM_OK;
}
