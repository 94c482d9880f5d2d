/*
 * centroid.c -- centroid-based ranking, MEAD (Radev, Jing, Sty\'s, Tam 2004,
 * "Centroid-based summarization of multiple documents", IP&M 40(6)).
 *
 * The centroid is the average TF-IDF vector of the cluster's documents:
 *     C_w = (tf_w / N_docs) * idf_w          for every non-stopword term w
 * and only the `keep` heaviest terms are kept (0 = all). A sentence's score
 * is MEAD's linear combination
 *     score_i = wc * C_i + wp * P_i + wf * F_i
 *     C_i = sum of C_w over the distinct terms w of sentence i
 *     P_i = (n - i + 1) / n * C_max       (i = position in its document,
 *                                          n = sentences in the document)
 *     F_i = tf-idf dot product of sentence i with its document's first
 *           sentence
 * Departures: C_i and F_i are divided by their maxima over the cluster so
 * that the weights are comparable across clusters (MEAD scales P by C_max
 * for the same reason); redundancy is handled by the shared selector
 * (MEAD's cross-sentence informational subsumption is close to it).
 */
#include "rank.h"

#include <string.h>

static const mdsum_param_info params[] = {
    {"wc", 1.0, 0.0, 100.0, "weight of the centroid value"},
    {"wp", 1.0, 0.0, 100.0, "weight of the position value"},
    {"wf", 1.0, 0.0, 100.0, "weight of the overlap with the first sentence"},
    {"keep", 0.0, 0.0, 1e6, "keep only this many centroid terms (0 = all)"},
};

static int cmp_desc(const void *a, const void *b, void *ud)
{
    (void)ud;
    double x = *(const double *)a, y = *(const double *)b;
    return x > y ? -1 : x < y;
}

static int centroid_score(const rank_in *in, double *scores)
{
    const mdsum_cluster *cl = in->cl;
    const double wc = in->params[0], wp = in->params[1], wf = in->params[2];
    const size_t keep = (size_t)in->params[3];
    size_t nterms = cl->terms.n;
    double *cent = arena_calloc(in->scratch, nterms ? nterms : 1, sizeof *cent);
    double *F = arena_calloc(in->scratch, cl->nsents ? cl->nsents : 1, sizeof *F);
    if (!cent || !F) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    double ndocs = cl->ndocs ? (double)cl->ndocs : 1.0;
    for (size_t t = 0; t < nterms; t++)
        if (!cl->term[t].stop) cent[t] = cl->term[t].tf / ndocs * cl->term[t].idf;
    if (keep && keep < nterms) {
        double *sorted = arena_alloc(in->scratch, nterms * sizeof *sorted);
        if (!sorted) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
        memcpy(sorted, cent, nterms * sizeof *sorted);
        sort_r(sorted, nterms, sizeof *sorted, cmp_desc, NULL);
        double cut = sorted[keep - 1];
        size_t kept = 0;
        for (size_t t = 0; t < nterms; t++) {
            /* Ties at the cut keep the earlier terms: exactly `keep` survive. */
            if (cent[t] > cut || (cent[t] == cut && kept < keep)) kept++;
            else cent[t] = 0;
        }
    }
    double cmax = 0, fmax = 0;
    size_t first = 0;   /* first sentence of the current document */
    for (size_t i = 0; i < cl->nsents; i++) {
        const sent_rec *s = &cl->sents[i];
        if (i == 0 || s->doc != cl->sents[i - 1].doc) {
            first = i;
            /* Skip a headline: the first real sentence is the lead. */
            while (first + 1 < cl->nsents && cl->sents[first].doc == s->doc &&
                   (cl->sents[first].flags & SENT_HEADLINE))
                first++;
        }
        double c = 0;
        const vec_ent *v = cl->vec + s->vec_off;
        for (uint32_t k = 0; k < s->nvec; k++) c += cent[v[k].term];
        scores[i] = c;
        if (c > cmax) cmax = c;
        const sent_rec *f = &cl->sents[first];
        double dot = 0;
        const vec_ent *p = cl->vec + s->vec_off, *pe = p + s->nvec;
        const vec_ent *q = cl->vec + f->vec_off, *qe = q + f->nvec;
        while (p < pe && q < qe) {
            if (p->term == q->term) { dot += (double)p->w * q->w; p++; q++; }
            else if (p->term < q->term) p++;
            else q++;
        }
        F[i] = dot;
        if (dot > fmax) fmax = dot;
    }
    /* Sentences per document, for the position value. */
    size_t i = 0;
    while (i < cl->nsents) {
        size_t j = i;
        while (j < cl->nsents && cl->sents[j].doc == cl->sents[i].doc) j++;
        double n = (double)(j - i);
        for (size_t k = i; k < j; k++) {
            double pos = (double)cl->sents[k].index;
            double P = (n - pos) / n;   /* (n - i + 1) / n with i counted from 1 */
            double C = cmax > 0 ? scores[k] / cmax : 0;
            double Fv = fmax > 0 ? F[k] / fmax : 0;
            scores[k] = wc * C + wp * P + wf * Fv;
        }
        i = j;
    }
    return MDSUM_OK;
}

const ranker ranker_centroid = {
    "centroid",
    "centroid + position + first-sentence overlap (MEAD, Radev et al. 2004)",
    params, sizeof params / sizeof params[0],
    centroid_score,
    NULL,
};
