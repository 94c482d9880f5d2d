/*
 * concepts.c -- learned concept weights for the concept ILP: how likely a
 * bigram of the input is to appear in a human summary.
 *
 * Li, Qian & Liu 2013, "Using Supervised Bigram-based ILP for Extractive
 * Summarization" (ACL): instead of the document frequency of Gillick &
 * Favre's concept ILP, each bigram b gets a weight w_b predicted from its
 * features by a model trained on document sets with reference summaries;
 * the ILP then maximizes sum_b w_b c_b under the length budget. Their
 * features: the bigram's frequency and document frequency in the input,
 * the position of its first occurrence, whether it occurs in the first
 * sentences, idf and stopword composition, and features of the sentences
 * that hold it. Their target was the bigram's normalized frequency in the
 * references, fitted by a joint max-margin objective.
 *
 * Ours: the same kinds of features, all divided by cluster-level values
 * (numbers of documents, sentences, the largest centroid value) so that
 * one model serves two-document web clusters and ten-document newswire
 * sets:
 *   df_frac, df_log        documents holding the bigram (share, log(1+df))
 *   ndocs_log              log(1 + documents in the cluster)
 *   sf_log, sf_frac        sentences holding it (log, share of sentences)
 *   first_pos, first0      earliest position in a document (capped at 20),
 *                          and whether it is 0 (the lead)
 *   lead_frac, top3_frac   lead sentences / sentences in positions 0-2
 *                          holding it, per document
 *   headline               a headline (title) holds it
 *   idf_min, idf_max       background idf of its two words (/10)
 *   has_stop               one of the two is a stopword
 *   uni_df_min, uni_df_max cluster document share of its two words
 *   uni_tf_min, uni_tf_max log(1 + cluster frequency) of its two words
 *   digit                  a word starts with a digit
 *   cent_max, cent_mean    MEAD centroid value of the sentences holding it,
 *                          divided by the cluster's largest
 *   len_mean               log(1 + words) of the sentences holding it
 *   cand_frac              share of the holding sentences that are
 *                          candidates (not noise, headlines, fragments)
 *   relpos_mean            mean relative position in the document
 *   prior_min, prior_max   summary-worthiness of its two words, from the
 *                          word prior table (prior.c; Hong & Nenkova 2014)
 * Target: 1 when the reference holds the bigram (stemmed, as ROUGE-2
 * counts it), else 0; gradient-boosted trees on the logistic loss
 * (learn.c). The weight is the predicted probability.
 * Departures: a binary target and boosted trees instead of the paper's
 * frequency regression with a max-margin objective; no named-entity or
 * part-of-speech features (we have no tagger).
 */
#include "rank.h"

#include <math.h>
#include <string.h>

const char *const concept_feature_names[CONCEPT_NFEAT] = {
    "df_frac", "df_log", "ndocs_log", "sf_log", "sf_frac", "first_pos", "first0", "lead_frac",
    "top3_frac", "headline", "idf_min", "idf_max", "has_stop", "uni_df_min", "uni_df_max",
    "uni_tf_min", "uni_tf_max", "digit", "cent_max", "cent_mean", "len_mean", "cand_frac",
    "relpos_mean", "prior_min", "prior_max",
};

const model_spec concept_model_spec = {"concepts-en.txt", concept_feature_names, CONCEPT_NFEAT};

static float fmin2(double a, double b) { return (float)(a < b ? a : b); }
static float fmax2(double a, double b) { return (float)(a > b ? a : b); }

int concept_features(const rank_in *in, const concept_set *cs, float **out_x)
{
    const mdsum_cluster *cl = in->cl;
    size_t nc = cs->n ? cs->n : 1, cells;
    if (!mul_ok(nc, CONCEPT_NFEAT, &cells)) return err_set(in->ctx, MDSUM_ELIMIT, "too many concepts");
    float *X = arena_calloc(in->scratch, cells, sizeof *X);
    /* Per concept: sentences in position 0 / 0-2, holding candidates, and
     * sums and maxima over the holding sentences. */
    uint32_t *lead = arena_calloc(in->scratch, nc, sizeof *lead);
    uint32_t *top3 = arena_calloc(in->scratch, nc, sizeof *top3);
    uint32_t *cand = arena_calloc(in->scratch, nc, sizeof *cand);
    uint8_t *head = arena_calloc(in->scratch, nc, 1);
    double *cmax = arena_calloc(in->scratch, nc, sizeof *cmax);
    double *csum = arena_calloc(in->scratch, nc, sizeof *csum);
    double *lsum = arena_calloc(in->scratch, nc, sizeof *lsum);
    double *rsum = arena_calloc(in->scratch, nc, sizeof *rsum);
    double *cent = arena_calloc(in->scratch, cl->nsents ? cl->nsents : 1, sizeof *cent);
    uint32_t *dlen = arena_calloc(in->scratch, cl->ndocs ? cl->ndocs : 1, sizeof *dlen);
    uint32_t *pos;
    if (!X || !lead || !top3 || !cand || !head || !cmax || !csum || !lsum || !rsum || !cent || !dlen)
        return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    int rc = rank_positions(in, &pos);
    if (rc) return rc;
    const prior_table *prior = NULL;
    if ((rc = prior_get(in->ctx, cl->lang, &prior))) return rc;

    double mc = 0;
    for (size_t i = 0; i < cl->nsents; i++) {
        const sent_rec *s = &cl->sents[i];
        const vec_ent *v = cl->vec + s->vec_off;
        for (uint32_t k = 0; k < s->nvec; k++) cent[i] += cl->term[v[k].term].tf * cl->term[v[k].term].idf;
        if (cent[i] > mc) mc = cent[i];
        if (pos[i] + 1 > dlen[s->doc]) dlen[s->doc] = pos[i] + 1;
    }
    for (size_t i = 0; i < cl->nsents; i++) {
        const sent_rec *s = &cl->sents[i];
        double cv = mc > 0 ? cent[i] / mc : 0;
        double lw = log(1.0 + s->words);
        double rp = dlen[s->doc] > 1 ? (double)pos[i] / (dlen[s->doc] - 1) : 0;
        bool ok = select_candidate(cl, i);
        for (uint32_t k = cs->soff[i]; k < cs->soff[i + 1]; k++) {
            uint32_t j = cs->ids[k];
            lead[j] += pos[i] == 0;
            top3[j] += pos[i] < 3;
            cand[j] += ok;
            head[j] |= (s->flags & SENT_HEADLINE) != 0;
            if (cv > cmax[j]) cmax[j] = cv;
            csum[j] += cv;
            lsum[j] += lw;
            rsum[j] += rp;
        }
    }
    double nd = cl->ndocs ? (double)cl->ndocs : 1.0, ns = cl->nsents ? (double)cl->nsents : 1.0;
    for (size_t j = 0; j < cs->n; j++) {
        float *x = X + j * CONCEPT_NFEAT;
        uint32_t ta = (uint32_t)(cs->key[j] >> 32), tb = (uint32_t)cs->key[j];
        const term_rec *A = &cl->term[ta], *B = &cl->term[tb];
        double sf = cs->sf[j] ? (double)cs->sf[j] : 1.0;
        x[0] = (float)(cs->df[j] / nd);
        x[1] = (float)log(1.0 + cs->df[j]);
        x[2] = (float)log(1.0 + nd);
        x[3] = (float)log(1.0 + cs->sf[j]);
        x[4] = (float)(cs->sf[j] / ns);
        x[5] = (float)(cs->first[j] < 20 ? cs->first[j] : 20);
        x[6] = cs->first[j] == 0;
        x[7] = (float)(lead[j] / nd);
        x[8] = (float)(top3[j] / nd);
        x[9] = head[j];
        x[10] = fmin2(A->idf, B->idf) / 10.0f;
        x[11] = fmax2(A->idf, B->idf) / 10.0f;
        x[12] = A->stop || B->stop;
        x[13] = fmin2(A->df / nd, B->df / nd);
        x[14] = fmax2(A->df / nd, B->df / nd);
        x[15] = fmin2(log(1.0 + A->tf), log(1.0 + B->tf));
        x[16] = fmax2(log(1.0 + A->tf), log(1.0 + B->tf));
        const char *sa = strmap_str(&cl->terms, ta), *sb = strmap_str(&cl->terms, tb);
        x[17] = (sa[0] >= '0' && sa[0] <= '9') || (sb[0] >= '0' && sb[0] <= '9');
        x[18] = (float)cmax[j];
        x[19] = (float)(csum[j] / sf);
        x[20] = (float)(lsum[j] / sf);
        x[21] = (float)(cand[j] / sf);
        x[22] = (float)(rsum[j] / sf);
        double pa = prior_lookup(prior, sa, strmap_len(&cl->terms, ta));
        double pb = prior_lookup(prior, sb, strmap_len(&cl->terms, tb));
        x[23] = fmin2(pa, pb);
        x[24] = fmax2(pa, pb);
    }
    *out_x = X;
    return MDSUM_OK;
}

int concept_weights(const rank_in *in, const concept_set *cs, double *w)
{
    mdsum_ctx *ctx = in->ctx;
    int rc = learned_model_get(ctx, &concept_model_spec, &ctx->concept_model);
    float *X;
    if (rc == MDSUM_OK) rc = concept_features(in, cs, &X);
    if (rc) return rc;
    for (size_t j = 0; j < cs->n; j++)
        w[j] = 1.0 / (1.0 + exp(-learned_predict(ctx->concept_model, X + j * CONCEPT_NFEAT)));
    return MDSUM_OK;
}
