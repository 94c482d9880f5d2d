/*
 * learned.c -- a learned sentence scorer: logistic regression over
 * classical sentence features, trained by `mdsum train` (src/learn.c) to
 * predict how much of a sentence a reference summary contains.
 *
 * Supervised extractive summarization with hand-made features goes back to
 * Kupiec, Pedersen & Chen 1995 ("A trainable document summarizer", SIGIR:
 * position, length, cue words, centrality, with a classifier predicting
 * which sentences a human abstract matches); we use the same recipe with
 * the features the unsupervised rankers of this directory already compute:
 *   position in the document (one-hot 0, 1, 2, 3, 4-7, 8+), relative
 *   position, last sentence of its document, ends with terminal
 *   punctuation, first document, relative document index, length (log and
 *   one-hot bands), MEAD centroid value (total and per word), degree
 *   centrality (sum of cosines), cross-document support (share of the
 *   other documents holding a sentence with cosine > 0.3), bigram concept
 *   weight (sum of document counts of the sentence's bigrams held by 2 or
 *   more documents, total and per word; Gillick & Favre 2009), mean idf,
 *   share of stopwords, digits, quotation marks, paragraph start,
 *   headline, fragment.
 * Cluster-level values are divided by their maximum over the cluster, so
 * one model serves clusters of any size. The score is w . z with z the
 * features standardised by the training means and deviations; select.c
 * then chooses greedily by score under the budget with the shared
 * redundancy control.
 *
 * The model is a small text file (data/model-en.txt, embedded):
 *   # comment lines
 *   mdsum-model 1 features=N
 *   NAME<TAB>MEAN<TAB>STD<TAB>WEIGHT      (N lines, in the order below)
 *   bias<TAB>WEIGHT
 * Its feature names must match ours, in order: a model from another
 * version is refused (MDSUM_EINTERNAL), never misread.
 */
#include "rank.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const learned_feature_names[LEARNED_NFEAT] = {
    "pos0", "pos1", "pos2", "pos3", "pos4_7", "pos8p", "relpos", "last_in_doc", "terminal",
    "doc0", "docrel", "loglen", "len_lt8", "len_8_15", "len_16_25", "len_26_40", "len_gt40",
    "centroid", "centroid_per_word", "degree", "support", "concept", "concept_per_word",
    "mean_idf", "stop_frac", "has_digit", "has_quote", "starts_quote", "para_start",
    "headline", "fragment",
};

/* Sentences scored beyond this many candidates get the lowest score. */
#define LEARNED_MAX_SENTENCES 2000

static bool ends_terminal(const char *t, size_t start, size_t end)
{
    while (end > start) {
        unsigned char c = (unsigned char)t[end - 1];
        if (c == '"' || c == '\'' || c == ')' || c == ' ') { end--; continue; }
        /* closing curly quotes (U+201D, U+2019): E2 80 9D / 99 */
        if (end - start >= 3 && (unsigned char)t[end - 3] == 0xE2 && (unsigned char)t[end - 2] == 0x80 &&
            (c == 0x9D || c == 0x99)) { end -= 3; continue; }
        return c == '.' || c == '!' || c == '?';
    }
    return false;
}

static bool has_quote(const char *t, size_t start, size_t end)
{
    for (size_t i = start; i < end; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == '"') return true;
        if (c == 0xE2 && i + 2 < end && (unsigned char)t[i + 1] == 0x80 &&
            ((unsigned char)t[i + 2] == 0x9C || (unsigned char)t[i + 2] == 0x9D))
            return true;
    }
    return false;
}

int learned_features(const rank_in *in, uint32_t **out_c, size_t *out_n, float **out_x)
{
    const mdsum_cluster *cl = in->cl;
    uint32_t *c, *pos;
    size_t n;
    int rc = rank_candidates(in, LEARNED_MAX_SENTENCES, &c, &n);
    if (rc == MDSUM_OK) rc = rank_positions(in, &pos);
    concept_set cs;
    if (rc == MDSUM_OK) rc = concepts_build(in, 2, &cs);
    if (rc) return rc;
    size_t cells;
    if (!mul_ok(n ? n : 1, LEARNED_NFEAT, &cells)) return err_set(in->ctx, MDSUM_ELIMIT, "too many sentences");
    float *X = arena_calloc(in->scratch, cells, sizeof *X);
    double *cent = arena_calloc(in->scratch, n ? n : 1, sizeof *cent);
    double *deg = arena_calloc(in->scratch, n ? n : 1, sizeof *deg);
    double *conc = arena_calloc(in->scratch, n ? n : 1, sizeof *conc);
    uint32_t *dlen = arena_calloc(in->scratch, cl->ndocs ? cl->ndocs : 1, sizeof *dlen);
    uint8_t *seen = arena_calloc(in->scratch, cl->ndocs ? cl->ndocs : 1, 1);
    if (!X || !cent || !deg || !conc || !dlen || !seen) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    for (size_t i = 0; i < cl->nsents; i++)
        if (pos[i] + 1 > dlen[cl->sents[i].doc]) dlen[cl->sents[i].doc] = pos[i] + 1;

    const float *W = rank_sim_matrix(in, c, n);
    if (!W) return in->ctx->err.pub.code;
    double mc = 0, mcw = 0, md = 0, mk = 0, mkw = 0;
    for (size_t a = 0; a < n; a++) {
        const sent_rec *s = &cl->sents[c[a]];
        const vec_ent *v = cl->vec + s->vec_off;
        for (uint32_t k = 0; k < s->nvec; k++) cent[a] += cl->term[v[k].term].tf * cl->term[v[k].term].idf;
        for (size_t b = 0; b < n; b++)
            if (b != a) deg[a] += W[a * n + b];
        for (uint32_t k = cs.soff[c[a]]; k < cs.soff[c[a] + 1]; k++)
            if (cs.df[cs.ids[k]] >= 2) conc[a] += cs.df[cs.ids[k]];
        double w = s->words ? (double)s->words : 1.0;
        if (cent[a] > mc) mc = cent[a];
        if (cent[a] / w > mcw) mcw = cent[a] / w;
        if (deg[a] > md) md = deg[a];
        if (conc[a] > mk) mk = conc[a];
        if (conc[a] / w > mkw) mkw = conc[a] / w;
    }
    for (size_t a = 0; a < n; a++) {
        size_t i = c[a];
        const sent_rec *s = &cl->sents[i];
        const char *t = cl->docs[s->doc].text;
        float *x = X + a * LEARNED_NFEAT;
        uint32_t p = pos[i];
        double w = s->words ? (double)s->words : 1.0;
        x[0] = p == 0;
        x[1] = p == 1;
        x[2] = p == 2;
        x[3] = p == 3;
        x[4] = p >= 4 && p <= 7;
        x[5] = p >= 8;
        x[6] = dlen[s->doc] > 1 ? (float)p / (float)(dlen[s->doc] - 1) : 0;
        x[7] = i + 1 == cl->nsents || cl->sents[i + 1].doc != s->doc;
        x[8] = ends_terminal(t, s->start, s->end);
        x[9] = s->doc == 0;
        x[10] = cl->ndocs > 1 ? (float)s->doc / (float)(cl->ndocs - 1) : 0;
        x[11] = (float)log(1.0 + w);
        x[12] = s->words < 8;
        x[13] = s->words >= 8 && s->words <= 15;
        x[14] = s->words >= 16 && s->words <= 25;
        x[15] = s->words >= 26 && s->words <= 40;
        x[16] = s->words > 40;
        x[17] = mc > 0 ? (float)(cent[a] / mc) : 0;
        x[18] = mcw > 0 ? (float)(cent[a] / w / mcw) : 0;
        x[19] = md > 0 ? (float)(deg[a] / md) : 0;
        /* Support: other documents with a similar sentence. */
        memset(seen, 0, cl->ndocs);
        size_t sup = 0;
        for (size_t b = 0; b < n; b++) {
            uint32_t d = cl->sents[c[b]].doc;
            if (d == s->doc || seen[d] || W[a * n + b] <= 0.3f) continue;
            seen[d] = 1;
            sup++;
        }
        x[20] = cl->ndocs > 1 ? (float)sup / (float)(cl->ndocs - 1) : 0;
        x[21] = mk > 0 ? (float)(conc[a] / mk) : 0;
        x[22] = mkw > 0 ? (float)(conc[a] / w / mkw) : 0;
        double idf = 0, content = 0;
        for (uint32_t k = 0; k < s->ntok; k++) {
            uint32_t tk = cl->toks[s->tok_off + k];
            if (tk & TOK_STOP) continue;
            idf += cl->term[TOK_ID(tk)].idf;
            content++;
        }
        x[23] = content > 0 ? (float)(idf / content / 10.0) : 0;
        x[24] = s->ntok ? (float)(1.0 - content / s->ntok) : 0;
        bool digit = false;
        for (size_t b = s->start; b < s->end && !digit; b++) digit = t[b] >= '0' && t[b] <= '9';
        x[25] = digit;
        x[26] = has_quote(t, s->start, s->end);
        x[27] = has_quote(t, s->start, s->start + (s->end - s->start < 3 ? s->end - s->start : 3));
        x[28] = (s->flags & SENT_PARA_START) != 0;
        x[29] = (s->flags & SENT_HEADLINE) != 0;
        x[30] = s->words < SELECT_MIN_WORDS;
    }
    *out_c = c;
    *out_n = n;
    *out_x = X;
    return MDSUM_OK;
}

int learned_model_parse(mdsum_ctx *ctx, const char *data, size_t len, learned_model *m)
{
    memset(m, 0, sizeof *m);
    const char *p = data, *end = data + len;
    size_t k = 0;
    bool header = false, bias = false;
    long line = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        line++;
        char buf[256];
        size_t n = (size_t)(le - p);
        if (n >= sizeof buf) return err_set(ctx, MDSUM_EINTERNAL, "model line %ld too long", line);
        memcpy(buf, p, n);
        buf[n] = '\0';
        p = nl ? nl + 1 : end;
        if (n == 0 || buf[0] == '#') continue;
        if (!header) {
            int nf;
            if (sscanf(buf, "mdsum-model 1 features=%d", &nf) != 1 || nf != LEARNED_NFEAT)
                return err_set(ctx, MDSUM_EINTERNAL, "model: expected 'mdsum-model 1 features=%d' on line %ld",
                               LEARNED_NFEAT, line);
            header = true;
            continue;
        }
        char *tab = strchr(buf, '\t');
        if (!tab) return err_set(ctx, MDSUM_EINTERNAL, "model line %ld: no tab", line);
        *tab = '\0';
        char *q = tab + 1, *e;
        if (k == LEARNED_NFEAT) {
            if (strcmp(buf, "bias") != 0) return err_set(ctx, MDSUM_EINTERNAL, "model line %ld: expected bias", line);
            m->bias = strtod(q, &e);
            bias = true;
            continue;
        }
        if (strcmp(buf, learned_feature_names[k]) != 0)
            return err_set(ctx, MDSUM_EINTERNAL, "model line %ld: feature '%s', expected '%s'", line, buf,
                           learned_feature_names[k]);
        m->mean[k] = strtod(q, &e);
        m->std[k] = strtod(e, &e);
        m->w[k] = strtod(e, &e);
        if (!(m->std[k] > 0) || !isfinite(m->mean[k]) || !isfinite(m->w[k]))
            return err_set(ctx, MDSUM_EINTERNAL, "model line %ld: bad numbers", line);
        k++;
    }
    if (!header || k != LEARNED_NFEAT || !bias)
        return err_set(ctx, MDSUM_EINTERNAL, "model: incomplete (%zu of %d features)", k, LEARNED_NFEAT);
    return MDSUM_OK;
}

double learned_predict(const learned_model *m, const float *x)
{
    double z = m->bias;
    for (int k = 0; k < LEARNED_NFEAT; k++) z += m->w[k] * (((double)x[k] - m->mean[k]) / m->std[k]);
    return z;
}

static int learned_score(const rank_in *in, double *scores)
{
    const mdsum_cluster *cl = in->cl;
    const embedded_file *f = embedded_find("model-en.txt");
    if (!f) return err_set(in->ctx, MDSUM_EINTERNAL, "learned: no model in this build (data/model-en.txt)");
    learned_model m;
    int rc = learned_model_parse(in->ctx, (const char *)f->data, f->size, &m);
    if (rc) return rc;
    uint32_t *c;
    size_t n;
    float *X;
    if ((rc = learned_features(in, &c, &n, &X))) return rc;
    /* Not scored (pre-filter): below every scored sentence. */
    for (size_t i = 0; i < cl->nsents; i++) scores[i] = -1e9;
    /* Scores are made positive (logistic) so that the position prior of
     * summarize.c, which divides by the maximum, keeps the order. */
    for (size_t a = 0; a < n; a++)
        scores[c[a]] = 1.0 / (1.0 + exp(-learned_predict(&m, X + a * LEARNED_NFEAT)));
    return MDSUM_OK;
}

const ranker ranker_learned = {
    "learned",
    "logistic regression over position, length, centrality and concept features (trained by mdsum train)",
    NULL, 0,
    learned_score,
    NULL,
};
