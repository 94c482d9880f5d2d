/*
 * common.c -- what the rankers share: the candidate pre-filter, sentence
 * positions and the position weight, bigram (or unigram) concepts, the
 * cosine similarity matrix, and the end of a selection (truncation fill).
 *
 * The pre-filter exists for speed on very large inputs: the methods that
 * compare sentences pairwise (O(n^2) time and memory) or solve an integer
 * program work on at most `max` sentences, the best by a linear-time score
 * (documented at rank_candidates). Typical news clusters (Multi-News: ~19
 * sentences; DUC: ~250) are far below the limits, so the pre-filter changes
 * nothing there.
 */
#include "rank.h"
#include "../prefilter.h"

#include <math.h>
#include <string.h>

/* ======================================================================
 * Positions
 * ====================================================================== */
int rank_positions(const rank_in *in, uint32_t **out)
{
    const mdsum_cluster *cl = in->cl;
    uint32_t *pos = arena_alloc(in->scratch, (cl->nsents ? cl->nsents : 1) * sizeof *pos);
    if (!pos) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    uint32_t doc = UINT32_MAX, k = 0;
    for (size_t i = 0; i < cl->nsents; i++) {
        const sent_rec *s = &cl->sents[i];
        if (s->doc != doc) { doc = s->doc; k = 0; }
        pos[i] = k;
        /* A headline is not the lead: the first sentence after it is. */
        if (!(s->flags & SENT_HEADLINE)) k++;
    }
    *out = pos;
    return MDSUM_OK;
}

double rank_position_weight(double w, uint32_t pos)
{
    return 1.0 - w + w / (1.0 + (double)pos);
}

double rank_word_weights(const rank_in *in, const uint32_t *pos, double *p)
{
    const mdsum_cluster *cl = in->cl;
    double total = 0;
    for (size_t i = 0; i < cl->nsents; i++) {
        const sent_rec *s = &cl->sents[i];
        double pw = rank_position_weight(in->opts->position, pos[i]);
        for (uint32_t k = 0; k < s->ntok; k++) {
            uint32_t t = cl->toks[s->tok_off + k];
            if (t & TOK_STOP) continue;
            p[TOK_ID(t)] += pw;
            total += pw;
        }
    }
    return total;
}

/* ======================================================================
 * Candidate pre-filter
 * ====================================================================== */
static int by_index(const void *a, const void *b, void *ud)
{
    (void)ud;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

int rank_candidates(const rank_in *in, size_t max, bool second_tier, uint32_t **out, size_t *out_n)
{
    const mdsum_cluster *cl = in->cl;
    size_t n = cl->nsents;
    uint32_t *c = arena_alloc(in->scratch, (n ? n : 1) * sizeof *c);
    if (!c) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (select_candidate(cl, i) || (second_tier && select_fallback(cl, i))) c[k++] = (uint32_t)i;
    if (k == 0) {
        /* Only fragments or headlines: take whatever has words. */
        for (size_t i = 0; i < n; i++)
            if (cl->sents[i].words > 0 && cl->sents[i].nvec > 0) c[k++] = (uint32_t)i;
    }
    if (max && k > max) {
        /* Keep the `max` best by MEAD's centroid value (sum over the
         * sentence's distinct terms of cluster tf * idf) scaled to [0, 1],
         * plus 1 / (1 + position): central sentences and leads survive. */
        double *key = arena_alloc(in->scratch, n * sizeof *key);
        uint32_t *pos;
        int rc = rank_positions(in, &pos);
        if (rc) return rc;
        if (!key) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
        double mx = 0;
        for (size_t r = 0; r < k; r++) {
            const sent_rec *s = &cl->sents[c[r]];
            const vec_ent *v = cl->vec + s->vec_off;
            double sum = 0;
            for (uint32_t t = 0; t < s->nvec; t++) sum += cl->term[v[t].term].tf * cl->term[v[t].term].idf;
            key[c[r]] = sum;
            if (sum > mx) mx = sum;
        }
        for (size_t r = 0; r < k; r++)
            key[c[r]] = (mx > 0 ? key[c[r]] / mx : 0) + 1.0 / (1.0 + pos[c[r]]);
        select_order(c, k, key);
        /* The best `max`, one copy of a sentence said more than once. */
        uint32_t *first;
        uint8_t *said = arena_calloc(in->scratch, n, 1);
        if (!said) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
        if ((rc = prefilter_copies(in->ctx, cl, in->scratch, &first))) return rc;
        size_t kept = 0;
        for (size_t r = 0; r < k && kept < max; r++) {
            if (said[first[c[r]]]) continue;
            said[first[c[r]]] = 1;
            c[kept++] = c[r];
        }
        k = kept;
        sort_r(c, k, sizeof *c, by_index, NULL);
    }
    *out = c;
    *out_n = k;
    return MDSUM_OK;
}

/* ======================================================================
 * Concepts: distinct n-grams of term ids per sentence
 * ====================================================================== */
typedef struct u64map {
    uint64_t *keys;
    uint32_t *ids;     /* UINT32_MAX = empty */
    size_t mask;
} u64map;

static uint32_t u64map_intern(u64map *m, uint64_t key, uint32_t *n)
{
    size_t h = (size_t)mix64(key) & m->mask;
    while (m->ids[h] != UINT32_MAX) {
        if (m->keys[h] == key) return m->ids[h];
        h = (h + 1) & m->mask;
    }
    m->keys[h] = key;
    m->ids[h] = (*n)++;
    return m->ids[h];
}

/* Insertion sort: a sentence's concept ids are nearly ascending already
 * (ids are given in order of first appearance, token by token), so this
 * is close to linear; concepts_build keeps sort_r for lists longer than
 * 128, where the quadratic worst case would show. */
static void sort_u32(uint32_t *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint32_t x = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1] > x) { v[j] = v[j - 1]; j--; }
        v[j] = x;
    }
}

/* The concept keys of sentence s, in token order, into keys[] (returns
 * how many). */
static size_t concept_keys(const mdsum_cluster *cl, const sent_rec *s, int order, uint64_t *keys)
{
    const uint32_t *t = cl->toks + s->tok_off;
    size_t n = 0;
    if (order == 1) {
        for (uint32_t k = 0; k < s->ntok; k++)
            if (!(t[k] & TOK_STOP)) keys[n++] = TOK_ID(t[k]);
    } else {
        for (uint32_t k = 0; k + 1 < s->ntok; k++) {
            /* "of the" says nothing about the event. */
            if ((t[k] & TOK_STOP) && (t[k + 1] & TOK_STOP)) continue;
            keys[n++] = ((uint64_t)TOK_ID(t[k]) << 32) | TOK_ID(t[k + 1]);
        }
    }
    return n;
}

/* Every sentence's concept keys as master ids (in token order), interned
 * over the whole cluster: one hashing pass per ranker call, whatever the
 * concept sets then keep. */
static int master_build(const rank_in *in, int order, concept_master *cm)
{
    const mdsum_cluster *cl = in->cl;
    /* The tokens of these sentences: a ranker's view of a very large
     * cluster holds only the pre-filter's sentences, not cl->ntoks. */
    size_t maxtok = 1, ntoks = 0;
    for (size_t i = 0; i < cl->nsents; i++) {
        if (cl->sents[i].ntok > maxtok) maxtok = cl->sents[i].ntok;
        ntoks += cl->sents[i].ntok;
    }
    size_t slots = 16;
    while (slots < 2 * ntoks + 2) slots *= 2;
    u64map m;
    m.keys = arena_alloc(in->scratch, slots * sizeof *m.keys);
    m.ids = arena_alloc(in->scratch, slots * sizeof *m.ids);
    m.mask = slots - 1;
    uint64_t *keys = arena_alloc(in->scratch, maxtok * sizeof *keys);
    cm->off = arena_alloc(in->scratch, (cl->nsents + 1) * sizeof *cm->off);
    cm->id = arena_alloc(in->scratch, (ntoks ? ntoks : 1) * sizeof *cm->id);
    if (!m.keys || !m.ids || !keys || !cm->off || !cm->id) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    memset(m.ids, 0xff, slots * sizeof *m.ids);
    uint32_t n = 0;
    size_t j = 0;
    for (size_t i = 0; i < cl->nsents; i++) {
        cm->off[i] = (uint32_t)j;
        size_t kn = concept_keys(cl, &cl->sents[i], order, keys);
        for (size_t k = 0; k < kn; k++) cm->id[j++] = u64map_intern(&m, keys[k], &n);
    }
    cm->off[cl->nsents] = (uint32_t)j;
    cm->n = n;
    cm->order = order;
    return MDSUM_OK;
}

int concepts_build(const rank_in *in, int order, const uint32_t *keep, size_t nkeep,
                   concept_set *out)
{
    const mdsum_cluster *cl = in->cl;
    mdsum_ctx *ctx = in->ctx;
    memset(out, 0, sizeof *out);
    /* The call's shared keys (or this build's own, for another order). */
    concept_master own = {0, 0, NULL, NULL};
    concept_master *cm = in->cm && (in->cm->order == 0 || in->cm->order == order) ? in->cm : &own;
    if (cm->order == 0) {
        int rc = master_build(in, order, cm);
        if (rc) return rc;
    }
    /* Concepts are the n-grams of the kept sentences, numbered in order of
     * first appearance; the others only count towards their document and
     * sentence frequencies. */
    uint32_t *local = arena_alloc(in->scratch, (cm->n ? cm->n : 1) * sizeof *local);
    out->soff = arena_alloc(in->scratch, (cl->nsents + 1) * sizeof *out->soff);
    size_t nkeys = cm->off[cl->nsents];
    out->ids = arena_alloc(in->scratch, (nkeys ? nkeys : 1) * sizeof *out->ids);
    uint32_t *pos;
    int rc = rank_positions(in, &pos);
    if (rc) return rc;
    if (!local || !out->soff || !out->ids) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    memset(local, 0xff, (cm->n ? cm->n : 1) * sizeof *local);
    uint32_t nc = 0;
    size_t nids = 0;
    size_t nk = keep ? nkeep : cl->nsents;
    for (size_t r = 0; r < nk; r++) {
        size_t i = keep ? keep[r] : r;
        for (uint32_t k = cm->off[i]; k < cm->off[i + 1]; k++)
            if (local[cm->id[k]] == UINT32_MAX) local[cm->id[k]] = nc++;
    }
    for (size_t i = 0; i < cl->nsents; i++) {
        out->soff[i] = (uint32_t)nids;
        size_t start = nids;
        for (uint32_t k = cm->off[i]; k < cm->off[i + 1]; k++) {
            uint32_t id = local[cm->id[k]];
            if (id != UINT32_MAX) out->ids[nids++] = id;
        }
        size_t cnt = nids - start;
        uint32_t *v = out->ids + start;
        if (cnt > 128) sort_r(v, cnt, sizeof *v, by_index, NULL);
        else sort_u32(v, cnt);
        size_t u = 0;
        for (size_t k = 0; k < cnt; k++)
            if (u == 0 || v[k] != v[u - 1]) v[u++] = v[k];
        nids = start + u;
    }
    out->soff[cl->nsents] = (uint32_t)nids;
    out->n = nc;
    out->df = arena_calloc(in->scratch, nc ? nc : 1, sizeof *out->df);
    out->sf = arena_calloc(in->scratch, nc ? nc : 1, sizeof *out->sf);
    out->first = arena_alloc(in->scratch, (nc ? nc : 1) * sizeof *out->first);
    uint32_t *last = arena_alloc(in->scratch, (nc ? nc : 1) * sizeof *last);
    if (!out->df || !out->sf || !out->first || !last) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    memset(out->first, 0xff, (nc ? nc : 1) * sizeof *out->first);
    memset(last, 0xff, (nc ? nc : 1) * sizeof *last);
    for (size_t i = 0; i < cl->nsents; i++) {
        uint32_t d = cl->sents[i].doc;
        for (uint32_t k = out->soff[i]; k < out->soff[i + 1]; k++) {
            uint32_t c = out->ids[k];
            out->sf[c]++;
            if (last[c] != d) { last[c] = d; out->df[c]++; }
            if (pos[i] < out->first[c]) out->first[c] = pos[i];
        }
    }
    return MDSUM_OK;
}

/* ======================================================================
 * Similarities
 * ====================================================================== */
float *rank_sim_matrix(const rank_in *in, const uint32_t *c, size_t n)
{
    const mdsum_cluster *cl = in->cl;
    size_t cells;
    if (!mul_ok(n, n, &cells) || !mul_ok(cells, sizeof(float), &cells)) {
        err_set(in->ctx, MDSUM_ELIMIT, "too many sentences for a similarity matrix");
        return NULL;
    }
    float *M = arena_alloc(in->scratch, cells ? cells : 1);
    double *dense = arena_calloc(in->scratch, cl->terms.n ? cl->terms.n : 1, sizeof *dense);
    if (!M || !dense) {
        err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
        return NULL;
    }
    /* Scatter row a into a dense array, then one pass over each b's
     * entries: cheaper than a sorted merge per pair. */
    for (size_t a = 0; a < n; a++) {
        const sent_rec *x = &cl->sents[c[a]];
        const vec_ent *va = cl->vec + x->vec_off;
        for (uint32_t k = 0; k < x->nvec; k++) dense[va[k].term] = va[k].w;
        M[a * n + a] = x->norm > 0 ? 1.0f : 0.0f;
        for (size_t b = a + 1; b < n; b++) {
            const sent_rec *y = &cl->sents[c[b]];
            const vec_ent *vb = cl->vec + y->vec_off;
            double dot = 0;
            for (uint32_t k = 0; k < y->nvec; k++) dot += dense[vb[k].term] * vb[k].w;
            double s = x->norm > 0 && y->norm > 0 ? dot / (x->norm * y->norm) : 0;
            M[a * n + b] = M[b * n + a] = (float)s;
        }
        for (uint32_t k = 0; k < x->nvec; k++) dense[va[k].term] = 0;
    }
    return M;
}

/* ======================================================================
 * The end of a selection
 * ====================================================================== */
int rank_finish(const rank_in *in, const double *pref, const uint32_t *c, size_t n, bool pad,
                selection *out)
{
    const mdsum_cluster *cl = in->cl;
    size_t all = cl->nsents;
    /* The order of filling: the selector's candidates by pref, then the
     * other sentences (the second tier of select.c) by pref. */
    uint32_t *order = arena_alloc(in->scratch, (all ? all : 1) * sizeof *order);
    uint8_t *inc = arena_calloc(in->scratch, all ? all : 1, 1);
    if (!order || !inc) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    memcpy(order, c, n * sizeof *order);
    for (size_t r = 0; r < n; r++) inc[c[r]] = 1;
    size_t m = n;
    for (size_t i = 0; i < all; i++)
        if (!inc[i]) order[m++] = (uint32_t)i;
    select_order(order, n, pref);
    select_order(order + n, m - n, pref);
    /* Tiers: 0, the candidates; 1, the second tier, first the sentences
     * that go on from a chosen one (select_follow_chains), then the
     * others. */
    for (int tier = 0; pad && tier < 2; tier++) {
        if (tier == 1) {
            int rc = select_follow_chains(in->ctx, cl, in->scratch, order + n, m - n, pref, in->b,
                                          in->redundancy, out);
            if (rc) return rc;
        }
        for (size_t r = tier ? n : 0; r < (tier ? m : n) && !budget_full(in->b, out, cl); r++) {
            uint32_t i = order[r];
            const sent_rec *s = &cl->sents[i];
            if (tier == 1 && !select_fallback(cl, i)) continue;
            if (select_used(out, i) || !budget_fits(in->b, out, s->words, s->end - s->start, cl)) continue;
            if (select_redundant(cl, out, i, in->redundancy)) continue;
            if (selection_push(in->scratch, out, i, s->end, s->words, pref[i]))
                return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
        }
    }
    /* select_fill takes any sentence when nothing was chosen (fragments
     * only), else the first fitting one of the second tier or better. */
    return select_fill(in->ctx, cl, in->scratch, order, m, pref, in->b, in->redundancy, out);
}
