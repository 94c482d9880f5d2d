/*
 * represent.c -- term statistics and TF-IDF sentence vectors.
 *
 * After tokenization every sentence is a run of term ids in cl->toks. Here
 * we count, per term, its occurrences (tf) and the documents holding it
 * (df) in the cluster, look up its background idf (or, without a table,
 * compute a sentence-level idf inside the cluster: with 2-10 documents a
 * document-level idf is too coarse), and build one sparse vector per
 * sentence: (term, tf_in_sentence * idf) for its non-stopword terms, sorted
 * by term id so that dot products are linear merges.
 */
#include "internal.h"
#include "idf.h"
#include "stages.h"

#include <math.h>
#include <string.h>

/* Sort term ids ascending: insertion sort for the usual short sentence,
 * an in-place quicksort (median of three) for long ones. */
static void sort_u32(uint32_t *v, size_t n)
{
    while (n > 32) {
        uint32_t a = v[0], b = v[n / 2], c = v[n - 1];
        uint32_t pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
        size_t i = 0, j = n - 1;
        for (;;) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i >= j) break;
            uint32_t x = v[i];
            v[i++] = v[j];
            v[j--] = x;
        }
        /* Recurse into the smaller part, loop on the larger. */
        if (j + 1 < n - j - 1) {
            sort_u32(v, j + 1);
            v += j + 1;
            n -= j + 1;
        } else {
            sort_u32(v + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    for (size_t i = 1; i < n; i++) {
        uint32_t x = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1] > x) { v[j] = v[j - 1]; j--; }
        v[j] = x;
    }
}

int represent_build(mdsum_ctx *ctx, mdsum_cluster *cl, const idf_table *idf, const double *term_idf)
{
    size_t nterms = cl->terms.n;
    cl->term = arena_calloc(&cl->an, nterms ? nterms : 1, sizeof *cl->term);
    uint32_t *last = alc_malloc(&ctx->alc, (nterms ? nterms : 1) * sizeof *last);
    uint32_t *lasts = alc_malloc(&ctx->alc, (nterms ? nterms : 1) * sizeof *lasts);
    uint32_t *sf = alc_calloc(&ctx->alc, nterms ? nterms : 1, sizeof *sf);
    uint32_t *tmp = NULL;
    size_t tmp_cap = 0;
    int rc = MDSUM_OK;
    if (!cl->term || !last || !lasts || !sf) { rc = MDSUM_ENOMEM; goto out; }
    memset(last, 0xff, nterms * sizeof *last);
    memset(lasts, 0xff, nterms * sizeof *lasts);

    /* tf, df (documents), sf (sentences) */
    for (size_t s = 0; s < cl->nsents; s++) {
        const sent_rec *sr = &cl->sents[s];
        for (uint32_t k = 0; k < sr->ntok; k++) {
            uint32_t raw = cl->toks[sr->tok_off + k], t = TOK_ID(raw);
            term_rec *tr = &cl->term[t];
            if (tr->tf == 0) tr->stop = 1;
            if (!(raw & TOK_STOP)) tr->stop = 0;
            tr->tf++;
            if (last[t] != sr->doc) { last[t] = sr->doc; tr->df++; }
            if (lasts[t] != (uint32_t)s) { lasts[t] = (uint32_t)s; sf[t]++; }
        }
    }
    double nsent = (double)cl->nsents;
    for (size_t t = 0; t < nterms; t++) {
        term_rec *tr = &cl->term[t];
        if (idf && term_idf && !isnan(term_idf[t]))
            tr->idf = term_idf[t];
        else if (idf)
            tr->idf = idf_lookup_h(idf, strmap_str(&cl->terms, t), strmap_len(&cl->terms, t),
                                   strmap_hash(&cl->terms, t));
        else tr->idf = log((nsent + 1.0) / ((double)sf[t] + 1.0)) + 1.0;
    }

    /* Sentence vectors. Upper bound on entries: the non-stop tokens. */
    size_t total = 0;
    for (size_t i = 0; i < cl->ntoks; i++) total += !(cl->toks[i] & TOK_STOP);
    cl->vec = arena_alloc(&cl->an, (total ? total : 1) * sizeof *cl->vec);
    if (!cl->vec) { rc = MDSUM_ENOMEM; goto out; }
    size_t nv = 0;
    for (size_t s = 0; s < cl->nsents; s++) {
        sent_rec *sr = &cl->sents[s];
        void *v = tmp;
        if (!grow_array(&ctx->alc, &v, &tmp_cap, sr->ntok + 1, sizeof *tmp)) { rc = MDSUM_ENOMEM; goto out; }
        tmp = v;
        size_t n = 0;
        for (uint32_t k = 0; k < sr->ntok; k++) {
            uint32_t raw = cl->toks[sr->tok_off + k];
            if (!(raw & TOK_STOP)) tmp[n++] = TOK_ID(raw);
        }
        sort_u32(tmp, n);
        sr->vec_off = (uint32_t)nv;
        double norm2 = 0;
        for (size_t a = 0; a < n;) {
            size_t b = a;
            while (b < n && tmp[b] == tmp[a]) b++;
            float w = (float)((double)(b - a) * cl->term[tmp[a]].idf);
            cl->vec[nv].term = tmp[a];
            cl->vec[nv].w = w;
            nv++;
            norm2 += (double)w * w;
            a = b;
        }
        sr->nvec = (uint32_t)(nv - sr->vec_off);
        sr->norm = sqrt(norm2);
    }
    cl->nvec = nv;
out:
    alc_free(&ctx->alc, last);
    alc_free(&ctx->alc, lasts);
    alc_free(&ctx->alc, sf);
    alc_free(&ctx->alc, tmp);
    if (rc == MDSUM_ENOMEM) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    return rc;
}

double sent_cosine(const mdsum_cluster *cl, size_t a, size_t b)
{
    const sent_rec *x = &cl->sents[a], *y = &cl->sents[b];
    if (x->norm == 0 || y->norm == 0) return 0;
    const vec_ent *p = cl->vec + x->vec_off, *pe = p + x->nvec;
    const vec_ent *q = cl->vec + y->vec_off, *qe = q + y->nvec;
    double dot = 0;
    while (p < pe && q < qe) {
        if (p->term == q->term) { dot += (double)p->w * q->w; p++; q++; }
        else if (p->term < q->term) p++;
        else q++;
    }
    return dot / (x->norm * y->norm);
}

void sent_scatter(const mdsum_cluster *cl, size_t a, double *dense)
{
    const sent_rec *x = &cl->sents[a];
    const vec_ent *p = cl->vec + x->vec_off;
    for (uint32_t k = 0; k < x->nvec; k++) dense[p[k].term] = p[k].w;
}

void sent_unscatter(const mdsum_cluster *cl, size_t a, double *dense)
{
    const sent_rec *x = &cl->sents[a];
    const vec_ent *p = cl->vec + x->vec_off;
    for (uint32_t k = 0; k < x->nvec; k++) dense[p[k].term] = 0;
}

double sent_cosine_dense(const mdsum_cluster *cl, const double *dense, size_t a, size_t b)
{
    const sent_rec *x = &cl->sents[a], *y = &cl->sents[b];
    if (x->norm == 0 || y->norm == 0) return 0;
    const vec_ent *q = cl->vec + y->vec_off;
    /* Terms a lacks add +0 (weights are positive): the sum is the merge's. */
    double dot = 0;
    for (uint32_t k = 0; k < y->nvec; k++) dot += dense[q[k].term] * q[k].w;
    return dot / (x->norm * y->norm);
}
