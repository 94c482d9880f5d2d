/*
 * learned.c -- a learned sentence scorer: gradient-boosted trees over
 * classical sentence features, trained by `mdsum train` (src/learn.c) to
 * predict how much of a sentence a reference summary contains. It is also
 * the sentence term of `joint` (ilp.c).
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
 *   headline, fragment; cosine with the sum of the documents' first
 *   sentences, largest cosine with a sentence of another document, cosine
 *   with its own document's first sentence (MEAD's first-sentence overlap),
 *   its document's share of the cluster's words and sentence count, last
 *   and second-to-last of its document, a reporting verb (said, told,
 *   according...), share of its terms found in two or more documents, and
 *   its largest idf; and the word prior of Hong & Nenkova 2014 (prior.c,
 *   P(word in the summary | word in the input) learned on training data)
 *   of its content words: mean, largest, and the sum over its distinct
 *   terms divided by the cluster's largest such sum.
 * Sentences of the second tier of select.c (flagged for readability, or
 * unfinished) are scored too, so that when they fill what the candidates
 * leave, the best of them come first; select_greedy still takes every
 * fitting candidate before any of them.
 * Cluster-level values are divided by their maximum over the cluster, so
 * one model serves clusters of any size. The score is the sum of the
 * trees' leaves (log-odds); select.c then chooses greedily by score under
 * the budget with the shared redundancy control.
 *
 * The model is a text file that `mdsum train` writes (data/model-en.txt):
 *   # comment lines
 *   mdsum-model 2 features=N trees=T
 *   features NAME...                     (the N names, in the order below)
 *   base X                               (the score before any tree)
 *   tree K M                             (K = 0..T-1, then its M nodes:)
 *   FEATURE THRESHOLD LEFT RIGHT VALUE   (FEATURE -1: a leaf worth VALUE;
 *                                        else x[FEATURE] <= THRESHOLD goes
 *                                        to node LEFT, else RIGHT, both
 *                                        after this one in the tree)
 * The build compiles the shipped model into const arrays (tools/embed.c,
 * embedded_model_find), which is what the scorer uses: a process parses
 * nothing. learned_model_parse reads the text for the tests (the
 * trainer's output, malformed models, the compiled copy against its
 * text). Its feature names must match ours, in order: a model for other
 * features is refused (MDSUM_EINTERNAL), never misread.
 */
#include "rank.h"
#include "../token.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const learned_feature_names[LEARNED_NFEAT] = {
    "pos0", "pos1", "pos2", "pos3", "pos4_7", "pos8p", "relpos", "last_in_doc", "terminal",
    "doc0", "docrel", "loglen", "len_lt8", "len_8_15", "len_16_25", "len_26_40", "len_gt40",
    "centroid", "centroid_per_word", "degree", "support", "concept", "concept_per_word",
    "mean_idf", "stop_frac", "has_digit", "has_quote", "starts_quote", "para_start",
    "headline", "fragment", "lead_sim", "max_other", "first_overlap", "doc_share", "doc_sents",
    "from_end0", "from_end1", "reporting", "shared_terms", "max_idf",
    "prior_mean", "prior_max", "prior_mass",
};

const model_spec learned_sentence_spec = {"model-en.txt", learned_feature_names, LEARNED_NFEAT};

/* Stems of reporting words (attributions are typical of news summaries). */
static const char *const reporting_stems[] = {"said", "say", "told", "tell", "accord", "report"};

/* Rows a context scores by walking the nodes before it builds the
 * branch-free layout (learned_flat): building costs about as much as 150
 * rows walked (0.44 million instructions; a row costs about 6,000
 * instructions walked, 2,900 flat), and a cluster of Multi-News val has
 * about 30 rows, so a one-cluster process never builds it and a batch
 * does after its first 15 or so clusters. */
#define LEARNED_FLAT_AFTER 500

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

static uint32_t v_term(const mdsum_cluster *cl, const sent_rec *s, uint32_t k)
{
    return cl->vec[s->vec_off + k].term;
}

static bool has_quote(const char *t, size_t start, size_t end)
{
    /* memchr for the two lead bytes (a byte loop here was 1% of a run) */
    if (end <= start) return false;
    if (memchr(t + start, '"', end - start)) return true;
    for (const char *p = t + start, *e = t + end; (p = memchr(p, 0xE2, (size_t)(e - p))) != NULL; p++)
        if (e - p > 2 && (unsigned char)p[1] == 0x80 && ((unsigned char)p[2] == 0x9C || (unsigned char)p[2] == 0x9D))
            return true;
    return false;
}

int learned_features(const rank_in *in, uint32_t **out_c, size_t *out_n, float **out_x)
{
    const mdsum_cluster *cl = in->cl;
    uint32_t *c, *pos;
    size_t n;
    int rc = rank_candidates(in, LEARNED_MAX_SENTENCES, true, &c, &n);
    if (rc == MDSUM_OK) rc = rank_positions(in, &pos);
    concept_set cs;
    if (rc == MDSUM_OK) rc = concepts_build(in, 2, c, n, &cs);
    if (rc) return rc;
    size_t cells;
    if (!mul_ok(n ? n : 1, LEARNED_NFEAT, &cells)) return err_set(in->ctx, MDSUM_ELIMIT, "too many sentences");
    float *X = arena_calloc(in->scratch, cells, sizeof *X);
    double *cent = arena_calloc(in->scratch, n ? n : 1, sizeof *cent);
    double *deg = arena_calloc(in->scratch, n ? n : 1, sizeof *deg);
    double *conc = arena_calloc(in->scratch, n ? n : 1, sizeof *conc);
    uint32_t *dlen = arena_calloc(in->scratch, cl->ndocs ? cl->ndocs : 1, sizeof *dlen);
    uint8_t *seen = arena_calloc(in->scratch, cl->ndocs ? cl->ndocs : 1, 1);
    double *pmass = arena_calloc(in->scratch, n ? n : 1, sizeof *pmass);
    double *tprior = arena_alloc(in->scratch, (cl->terms.n ? cl->terms.n : 1) * sizeof *tprior);
    if (!X || !cent || !deg || !conc || !dlen || !seen || !pmass || !tprior)
        return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    /* The word prior of every term (prior.c). */
    const prior_table *prior;
    if ((rc = prior_get(in->ctx, cl->lang, &prior))) return rc;
    /* Cached per term of the language's resources when the analysis's term
     * ids still name the same terms there (a lookup per term and context,
     * not per cluster). */
    lang_res *res = NULL;
    if (cl->gid && (rc = lang_res_get(in->ctx, cl->lang, &res))) return rc;
    if (res && lang_res_generation(res) != cl->gid_gen) res = NULL;
    for (size_t k = 0; k < cl->terms.n; k++) {   /* only content words are read */
        if (cl->term[k].stop) tprior[k] = 0;
        else if (res && cl->gid[k] != TOKEN_NO_ID) tprior[k] = lang_res_prior(res, prior, cl->gid[k]);
        else tprior[k] = prior_lookup(prior, strmap_str(&cl->terms, k), strmap_len(&cl->terms, k));
    }
    for (size_t i = 0; i < cl->nsents; i++)
        if (pos[i] + 1 > dlen[cl->sents[i].doc]) dlen[cl->sents[i].doc] = pos[i] + 1;

    const float *W = rank_sim_matrix(in, c, n);
    if (!W) return in->ctx->err.pub.code;
    /* The leads: the first candidate of each document, and their sum. */
    uint32_t *lead = arena_alloc(in->scratch, (cl->ndocs ? cl->ndocs : 1) * sizeof *lead);
    uint32_t *dwords = arena_calloc(in->scratch, cl->ndocs ? cl->ndocs : 1, sizeof *dwords);
    double *lvec = arena_calloc(in->scratch, cl->terms.n ? cl->terms.n : 1, sizeof *lvec);
    int64_t rep[sizeof reporting_stems / sizeof reporting_stems[0]];
    if (!lead || !dwords || !lvec) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
    for (size_t k = 0; k < sizeof rep / sizeof rep[0]; k++)
        rep[k] = strmap_find(&cl->terms, reporting_stems[k], strlen(reporting_stems[k]));
    memset(lead, 0xff, (cl->ndocs ? cl->ndocs : 1) * sizeof *lead);
    size_t total_words = 0;
    for (size_t a = 0; a < n; a++) {
        const sent_rec *s = &cl->sents[c[a]];
        dwords[s->doc] += s->words;
        total_words += s->words;
        if (lead[s->doc] == UINT32_MAX) {
            lead[s->doc] = (uint32_t)a;
            for (uint32_t k = 0; k < s->nvec; k++) lvec[cl->vec[s->vec_off + k].term] += cl->vec[s->vec_off + k].w;
        }
    }
    double lnorm = 0;
    for (size_t k = 0; k < cl->terms.n; k++) lnorm += lvec[k] * lvec[k];
    lnorm = sqrt(lnorm);
    double mc = 0, mcw = 0, md = 0, mk = 0, mkw = 0, mpm = 0;
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
        for (uint32_t k = 0; k < s->nvec; k++) pmass[a] += tprior[v[k].term];
        if (pmass[a] > mpm) mpm = pmass[a];
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
        double ldot = 0, mo = 0;
        for (uint32_t k = 0; k < s->nvec; k++) ldot += lvec[v_term(cl, s, k)] * cl->vec[s->vec_off + k].w;
        x[31] = lnorm > 0 && s->norm > 0 ? (float)(ldot / (lnorm * s->norm)) : 0;
        for (size_t b = 0; b < n; b++)
            if (cl->sents[c[b]].doc != s->doc && W[a * n + b] > mo) mo = W[a * n + b];
        x[32] = (float)mo;
        x[33] = lead[s->doc] != UINT32_MAX ? W[a * n + lead[s->doc]] : 0;
        x[34] = total_words ? (float)dwords[s->doc] / (float)total_words : 0;
        x[35] = (float)log(1.0 + dlen[s->doc]);
        x[36] = p + 1 == dlen[s->doc];
        x[37] = p + 2 == dlen[s->doc];
        bool said = false;
        double shared = 0, maxidf = 0;
        for (uint32_t k = 0; k < s->ntok; k++) {
            uint32_t tk = TOK_ID(cl->toks[s->tok_off + k]);
            for (size_t r = 0; r < sizeof rep / sizeof rep[0]; r++) said |= rep[r] == (int64_t)tk;
        }
        for (uint32_t k = 0; k < s->nvec; k++) {
            const term_rec *tr = &cl->term[v_term(cl, s, k)];
            shared += tr->df >= 2;
            if (tr->idf > maxidf) maxidf = tr->idf;
        }
        x[38] = said;
        x[39] = s->nvec ? (float)(shared / s->nvec) : 0;
        x[40] = (float)(maxidf / 10.0);
        double psum = 0, pmax = 0;
        for (uint32_t k = 0; k < s->ntok; k++) {
            uint32_t tk = cl->toks[s->tok_off + k];
            if (tk & TOK_STOP) continue;
            double pv = tprior[TOK_ID(tk)];
            psum += pv;
            if (pv > pmax) pmax = pv;
        }
        x[41] = content > 0 ? (float)(psum / content) : 0;
        x[42] = (float)pmax;
        x[43] = mpm > 0 ? (float)(pmass[a] / mpm) : 0;
    }
    *out_c = c;
    *out_n = n;
    *out_x = X;
    return MDSUM_OK;
}

/* ---- The model ---------------------------------------------------------- */
void learned_model_free(const alc_t *alc, learned_model *m)
{
    if (!m) return;
    /* A parsed model owns its arrays (a compiled one is never freed). */
    alc_free(alc, (void *)m->root);
    alc_free(alc, (void *)m->nodes);
    alc_free(alc, m);
}

/* Next line of data[*pos..len) into buf (NUL-terminated); false at the end. */
static bool next_line(const char *data, size_t len, size_t *pos, char *buf, size_t cap, long *line)
{
    while (*pos < len) {
        const char *p = data + *pos, *nl = memchr(p, '\n', len - *pos);
        size_t n = nl ? (size_t)(nl - p) : len - *pos;
        *pos += n + (nl ? 1 : 0);
        (*line)++;
        if (n == 0 || p[0] == '#') continue;
        if (n >= cap) n = cap - 1;   /* over-long lines fail to parse below */
        memcpy(buf, p, n);
        buf[n] = '\0';
        return true;
    }
    return false;
}

/* A node line, "FEATURE THRESHOLD LEFT RIGHT VALUE": what sscanf's
 * "%ld %f %ld %ld %lf" reads (the build reads the shipped model the same
 * way, tools/embed.c). */
static bool parse_node(const char *s, long *f, float *thr, long *l, long *r, double *val)
{
    char *e;
    *f = strtol(s, &e, 10);
    if (e == s) return false;
    *thr = strtof(s = e, &e);
    if (e == s) return false;
    *l = strtol(s = e, &e, 10);
    if (e == s) return false;
    *r = strtol(s = e, &e, 10);
    if (e == s) return false;
    *val = strtod(s = e, &e);
    return e != s;
}

int learned_model_parse(mdsum_ctx *ctx, const model_spec *spec, const char *data, size_t len,
                        learned_model **out)
{
    *out = NULL;
    const int NF = spec->nfeat;
    char buf[2048];
    size_t pos = 0;
    long line = 0;
    int nf = 0;
    long ntrees = 0;
    if (!next_line(data, len, &pos, buf, sizeof buf, &line) ||
        sscanf(buf, "mdsum-model 2 features=%d trees=%ld", &nf, &ntrees) != 2 || nf != NF ||
        ntrees < 0 || ntrees > 100000)
        return err_set(ctx, MDSUM_EINTERNAL, "%s: model line %ld: expected 'mdsum-model 2 features=%d trees=N'",
                       spec->file, line, NF);
    /* The feature names, in our order: a model for other features is refused. */
    if (!next_line(data, len, &pos, buf, sizeof buf, &line) || strncmp(buf, "features", 8) != 0)
        return err_set(ctx, MDSUM_EINTERNAL, "%s: model line %ld: expected the feature names", spec->file, line);
    char *save = NULL, *tok = strtok_r(buf + 8, " \t", &save);
    for (int k = 0; k < NF; k++, tok = strtok_r(NULL, " \t", &save))
        if (!tok || strcmp(tok, spec->names[k]) != 0)
            return err_set(ctx, MDSUM_EINTERNAL, "%s: model line %ld: feature %d is '%s', expected '%s'",
                           spec->file, line, k, tok ? tok : "", spec->names[k]);
    if (tok) return err_set(ctx, MDSUM_EINTERNAL, "%s: model line %ld: more than %d features", spec->file, line, NF);
    learned_model *m = alc_calloc(&ctx->alc, 1, sizeof *m);
    if (!m) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    uint32_t *root = alc_calloc(&ctx->alc, ntrees ? (size_t)ntrees : 1, sizeof *root);
    learned_node *nodes = NULL;
    m->root = root;
    size_t cap = 0;
    int rc = root ? MDSUM_OK : MDSUM_ENOMEM;
    if (rc == MDSUM_OK && (!next_line(data, len, &pos, buf, sizeof buf, &line) ||
                           sscanf(buf, "base %lf", &m->base) != 1 || !isfinite(m->base)))
        rc = err_set(ctx, MDSUM_EINTERNAL, "%s: model line %ld: expected 'base X'", spec->file, line);
    for (long t = 0; rc == MDSUM_OK && t < ntrees; t++) {
        long k, nn;
        if (!next_line(data, len, &pos, buf, sizeof buf, &line) ||
            sscanf(buf, "tree %ld %ld", &k, &nn) != 2 || k != t || nn < 1 || nn > 1 << 20) {
            rc = err_set(ctx, MDSUM_EINTERNAL, "%s: model line %ld: expected 'tree %ld N'", spec->file, line, t);
            break;
        }
        size_t first = m->nnodes;
        void *v = nodes;
        if (!grow_array(&ctx->alc, &v, &cap, first + (size_t)nn, sizeof *nodes)) {
            rc = MDSUM_ENOMEM;
            break;
        }
        m->nodes = nodes = v;
        root[t] = (uint32_t)first;
        for (long j = 0; j < nn; j++) {
            learned_node *nd = &nodes[first + (size_t)j];
            long f, l, r;
            float thr;
            double val;
            if (!next_line(data, len, &pos, buf, sizeof buf, &line) ||
                !parse_node(buf, &f, &thr, &l, &r, &val) || f < -1 ||
                f >= NF || !isfinite(val) ||
                (f >= 0 && (l <= j || r <= j || l >= nn || r >= nn))) {
                rc = err_set(ctx, MDSUM_EINTERNAL, "%s: model line %ld: bad node", spec->file, line);
                break;
            }
            nd->feat = (int32_t)f;
            nd->thr = thr;
            /* Children come after their parent: evaluation always ends. */
            nd->left = (uint32_t)(first + (size_t)(f >= 0 ? l : 0));
            nd->right = (uint32_t)(first + (size_t)(f >= 0 ? r : 0));
            nd->value = val;
        }
        if (rc) break;
        m->nnodes += (size_t)nn;
        m->ntrees++;
    }
    if (rc == MDSUM_ENOMEM) err_set(ctx, MDSUM_ENOMEM, "out of memory");
    if (rc) {
        learned_model_free(&ctx->alc, m);
        return rc;
    }
    *out = m;
    return MDSUM_OK;
}

double learned_predict(const learned_model *m, const float *x)
{
    double z = m->base;
    for (size_t t = 0; t < m->ntrees; t++) {
        const learned_node *nd = &m->nodes[m->root[t]];
        while (nd->feat >= 0) nd = &m->nodes[x[nd->feat] <= nd->thr ? nd->left : nd->right];
        z += nd->value;
    }
    return z;
}

/* ---- Branch-free evaluation --------------------------------------------- */
void learned_flat_free(const alc_t *alc, learned_flat *f)
{
    if (!f) return;
    alc_free(alc, f->feat);
    alc_free(alc, f->thr);
    alc_free(alc, f->leaf);
    alc_free(alc, f);
}

/* The depth of the subtree at node k (a leaf: 0); -1 when deeper than
 * LEARNED_FLAT_MAX_DEPTH. */
static int tree_depth(const learned_model *m, uint32_t k, int d)
{
    const learned_node *nd = &m->nodes[k];
    if (nd->feat < 0) return 0;
    if (d >= LEARNED_FLAT_MAX_DEPTH) return -1;
    int l = tree_depth(m, nd->left, d + 1), r = tree_depth(m, nd->right, d + 1);
    if (l < 0 || r < 0) return -1;
    return 1 + (l > r ? l : r);
}

/* Copy the subtree at node k into slot i of the padded tree t. */
static void flatten(learned_flat *f, const learned_model *m, size_t t, uint32_t k, size_t i, int d)
{
    size_t ni = ((size_t)1 << f->depth) - 1;
    const learned_node *nd = &m->nodes[k];
    if (d == f->depth) {
        f->leaf[t * (ni + 1) + (i - ni)] = nd->value;
        return;
    }
    if (nd->feat >= 0) {
        f->feat[t * ni + i] = nd->feat;
        f->thr[t * ni + i] = nd->thr;
        flatten(f, m, t, nd->left, 2 * i + 1, d + 1);
        flatten(f, m, t, nd->right, 2 * i + 2, d + 1);
    } else {
        /* A leaf above the bottom: any finite row goes left (x <= inf),
         * and both sides hold the leaf. */
        f->feat[t * ni + i] = 0;
        f->thr[t * ni + i] = HUGE_VALF;
        flatten(f, m, t, k, 2 * i + 1, d + 1);
        flatten(f, m, t, k, 2 * i + 2, d + 1);
    }
}

int learned_flat_get(mdsum_ctx *ctx, const learned_model *m, const learned_flat **out)
{
    learned_flat *f = ctx->learned_flat;
    if (f && f->src == m) {
        *out = f;
        return MDSUM_OK;
    }
    learned_flat_free(&ctx->alc, f);
    ctx->learned_flat = NULL;
    f = alc_calloc(&ctx->alc, 1, sizeof *f);
    if (!f) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    f->src = m;
    int depth = 0;
    for (size_t t = 0; t < m->ntrees && depth >= 0; t++) {
        int d = tree_depth(m, m->root[t], 0);
        depth = d < 0 ? -1 : d > depth ? d : depth;
    }
    if (depth > 0) {
        size_t ni = ((size_t)1 << depth) - 1, nt = m->ntrees ? m->ntrees : 1;
        f->feat = alc_calloc(&ctx->alc, nt * ni, sizeof *f->feat);
        f->thr = alc_calloc(&ctx->alc, nt * ni, sizeof *f->thr);
        f->leaf = alc_calloc(&ctx->alc, nt * (ni + 1), sizeof *f->leaf);
        if (!f->feat || !f->thr || !f->leaf) {
            learned_flat_free(&ctx->alc, f);
            return err_set(ctx, MDSUM_ENOMEM, "out of memory");
        }
        f->depth = depth;
        for (size_t t = 0; t < m->ntrees; t++) flatten(f, m, t, m->root[t], 0, 0);
    }
    ctx->learned_flat = f;
    *out = f;
    return MDSUM_OK;
}

double learned_predict_flat(const learned_flat *f, const float *x)
{
    if (f->depth == 0) return learned_predict(f->src, x);
    size_t ni = ((size_t)1 << f->depth) - 1;
    double z = f->src->base;
    for (size_t t = 0; t < f->src->ntrees; t++) {
        const int32_t *feat = f->feat + t * ni;
        const float *thr = f->thr + t * ni;
        size_t i = 0;
        for (int d = 0; d < f->depth; d++) i = 2 * i + 1 + (size_t)!(x[feat[i]] <= thr[i]);
        z += f->leaf[t * (ni + 1) + (i - ni)];
    }
    return z;
}

/* The compiled model's feature names against ours. */
static bool features_match(const embedded_model *em, const model_spec *spec)
{
    if (em->nfeat != spec->nfeat) return false;
    const char *p = em->features;
    for (int k = 0; k < spec->nfeat; k++) {
        size_t n = strlen(spec->names[k]);
        if (strncmp(p, spec->names[k], n) != 0 || (p[n] != ' ' && p[n] != '\0')) return false;
        p += n;
        if (*p == ' ') p++;
    }
    return *p == '\0';
}

int learned_model_get(mdsum_ctx *ctx, const model_spec *spec, const learned_model **out)
{
    /* Compiled in (tools/embed.c): nothing to parse. */
    const embedded_model *em = embedded_model_find(spec->file);
    if (!em) return err_set(ctx, MDSUM_EINTERNAL, "no model in this build (data/%s)", spec->file);
    if (!features_match(em, spec))
        return err_set(ctx, MDSUM_EINTERNAL, "%s: the compiled model has other features than the code", spec->file);
    *out = &em->model;
    return MDSUM_OK;
}

static int learned_score(const rank_in *in, double *scores)
{
    const mdsum_cluster *cl = in->cl;
    mdsum_ctx *ctx = in->ctx;
    const learned_model *model;
    int rc = learned_model_get(ctx, &learned_sentence_spec, &model);
    if (rc) return rc;
    uint32_t *c;
    size_t n;
    float *X;
    rc = learned_features(in, &c, &n, &X);
    if (rc) return rc;
    /* The branch-free layout pays for its building (about 0.4 million
     * instructions) after about 150 rows: a context builds it once it has
     * scored LEARNED_FLAT_AFTER rows (a one-cluster process never does).
     * Both give the same values. */
    const learned_flat *flat = NULL;
    if (ctx->learned_rows >= LEARNED_FLAT_AFTER && (rc = learned_flat_get(ctx, model, &flat))) return rc;
    ctx->learned_rows += n;
    /* Not scored (pre-filter): below every scored sentence. */
    for (size_t i = 0; i < cl->nsents; i++) scores[i] = -1e9;
    /* Scores are made positive (logistic) so that the position prior of
     * summarize.c, which divides by the maximum, keeps the order. */
    for (size_t a = 0; a < n; a++) {
        const float *x = X + a * LEARNED_NFEAT;
        scores[c[a]] = 1.0 / (1.0 + exp(-(flat ? learned_predict_flat(flat, x) : learned_predict(model, x))));
    }
    return MDSUM_OK;
}

const ranker ranker_learned = {
    "learned",
    "boosted trees over position, length, centrality, concept and word-prior features (mdsum train)",
    NULL, 0,
    learned_score,
    NULL,
};
