/*
 * rank.h -- the ranker interface. A ranker is a table entry: its name, a
 * one-line help citing its paper, its parameters (declared once, with
 * defaults, ranges and help, listed by `mdsum summarize --algo help`), and
 * either a scoring function (one score per sentence; select.c then picks
 * greedily under the budget with redundancy control) or a selection
 * function of its own (for methods whose objective is the whole summary,
 * such as concept coverage).
 */
#ifndef MDSUM_RANK_H
#define MDSUM_RANK_H

#include "../stages.h"

#define RANK_MAX_PARAMS 16

/* The concept keys of every sentence of a cluster, interned once per
 * ranker call (in its scratch arena) and shared by the concept sets built
 * in that call: `joint` builds two, for the learned features and for its
 * program, over different candidates. */
typedef struct concept_master {
    int order;                 /* n-gram order; 0: not built yet */
    uint32_t n;                /* distinct keys */
    uint32_t *off;             /* sentence i's keys: id[off[i] .. off[i + 1]) */
    uint32_t *id;              /* their master ids, in token order, repeats kept */
} concept_master;

typedef struct rank_in {
    mdsum_ctx *ctx;
    const mdsum_cluster *cl;
    arena *scratch;            /* emptied after the call */
    const double *params;      /* values, in the ranker's declared order */
    const mdsum_options *opts;
    const budget *b;
    double redundancy;
    concept_master *cm;        /* zeroed by the caller, or NULL: not shared */
} rank_in;

typedef struct ranker {
    const char *name;
    const char *help;
    const mdsum_param_info *params;
    size_t nparams;
    /* Higher is better; scores[i] for every cluster sentence i. */
    int (*score)(const rank_in *in, double *scores);
    /* Optional: choose the summary directly (picks in any order). */
    int (*select)(const rank_in *in, selection *out);
} ranker;

extern const ranker ranker_lead;
extern const ranker ranker_centroid;
extern const ranker ranker_lexrank;
extern const ranker ranker_textrank;
extern const ranker ranker_mmr;
extern const ranker ranker_sumbasic;
extern const ranker ranker_klsum;
extern const ranker ranker_ilp;
extern const ranker ranker_submodular;
extern const ranker ranker_learned;
extern const ranker ranker_joint;

/* ---- Shared by the rankers (common.c) --------------------------------- */

/* Position of every sentence within its document, headlines not counted
 * (the first sentence after a headline is position 0); in in->scratch. */
int rank_positions(const rank_in *in, uint32_t **out);

/* The position prior as a multiplicative weight: 1 - w + w / (1 + pos),
 * i.e. 1 for a lead sentence, falling towards 1 - w. `w` is
 * mdsum_options.position. Selectors weigh what a sentence brings with it;
 * scoring rankers get the additive prior of summarize.c instead. */
double rank_position_weight(double w, uint32_t pos);

/* The cluster's content words weighed by position (SumBasic's and
 * KLSum's word distribution before normalising): adds to p[term] the
 * rank_position_weight of every non-stop token of every sentence (pos from
 * rank_positions) and returns the total added. */
double rank_word_weights(const rank_in *in, const uint32_t *pos, double *p);

/* Candidate pre-filter: the sentences select_candidate() accepts (with
 * `second_tier`, also those of select_fallback(); when there is none,
 * every sentence with words), in cluster order; when there
 * are more than `max` (0 = no limit), the `max` best by MEAD's centroid
 * value scaled to [0, 1] plus 1 / (1 + position), the best copy only of a
 * sentence said word for word more than once (prefilter_copies). In
 * in->scratch. */
int rank_candidates(const rank_in *in, size_t max, bool second_tier, uint32_t **out, size_t *out_n);

/* Concepts: the distinct n-grams of the sentences keep[0..nkeep) (every
 * sentence when keep is NULL), as dense ids; every sentence's list holds
 * the concepts it shares with them, so frequencies count the whole
 * cluster while memory follows the kept sentences. Order 1: non-stopword
 * terms; order 2: pairs of adjacent terms, except pairs of two stopwords. Sentence i holds ids[soff[i] .. soff[i+1]), ascending. df is
 * the number of documents holding the concept, sf the number of sentences,
 * first the smallest
 * position (rank_positions) of a sentence holding it. All in in->scratch. */
typedef struct concept_set {
    size_t n;
    uint32_t *df;
    uint32_t *sf;
    uint32_t *first;
    uint32_t *soff;
    uint32_t *ids;
} concept_set;
int concepts_build(const rank_in *in, int order, const uint32_t *keep, size_t nkeep,
                   concept_set *out);

/* Cosine similarities of the TF-IDF vectors of sentences c[0..n): an n x n
 * row-major matrix in in->scratch (diagonal 1 unless a vector is empty).
 * NULL on failure (error set in the context). */
float *rank_sim_matrix(const rank_in *in, const uint32_t *c, size_t n);

/* The end of every selector. The order of filling is c[0..n) by decreasing
 * pref[sentence] (an array over all cluster sentences), then the other
 * sentences by pref. With `pad`, first add the whole sentences that still
 * fit, c's and then the second tier of select.c (select_fallback): a
 * budget is there to be used, also when the selector's objective is
 * already maximal. Then, with truncation (or when nothing was chosen), add
 * the first fitting unused sentence in that order, cut at a word boundary
 * to what is left (select_fill). */
int rank_finish(const rank_in *in, const double *pref, const uint32_t *c, size_t n, bool pad,
                selection *out);

/* learned.c: the features of the learned scorer and its model, an
 * ensemble of regression trees (learn.c fits it). */
#define LEARNED_NFEAT 44
extern const char *const learned_feature_names[LEARNED_NFEAT];
typedef struct learned_node {
    int32_t feat;          /* -1: a leaf */
    float thr;             /* x[feat] <= thr goes left */
    uint32_t left, right;  /* node indexes */
    double value;          /* a leaf's contribution to the score */
} learned_node;
typedef struct learned_model {
    double base;
    size_t ntrees, nnodes;
    const uint32_t *root;  /* per tree */
    const learned_node *nodes;
} learned_model;
/* A model compiled into the library: tools/embed.c turns each
 * data/model-*.txt into these arrays at build time (the same checks and
 * the same numbers as learned_model_parse on the text). */
typedef struct embedded_model {
    const char *file;      /* e.g. "model-en.txt" */
    int nfeat;
    const char *features;  /* the feature names, space-separated, in order */
    learned_model model;
} embedded_model;
/* NULL if no model of that file name is compiled in. */
const embedded_model *embedded_model_find(const char *file);
/* Features of the pre-filtered candidates c[0..n): X is n x LEARNED_NFEAT,
 * row-major; all in in->scratch. */
int learned_features(const rank_in *in, uint32_t **out_c, size_t *out_n, float **out_x);
/* What a model file must match: its embedded file name and its feature
 * names, in order (a model made for other features is refused). */
typedef struct model_spec {
    const char *file;
    const char *const *names;
    int nfeat;
} model_spec;
extern const model_spec learned_sentence_spec;   /* model-en.txt */
/* Parse a model text into a heap model (free with learned_model_free);
 * MDSUM_EINTERNAL (with the line) when malformed. */
int learned_model_parse(mdsum_ctx *ctx, const model_spec *spec, const char *data, size_t len,
                        learned_model **out);
void learned_model_free(const alc_t *alc, learned_model *m);   /* NULL: no-op */
/* The model of `spec`, compiled into the library (embedded_model_find);
 * MDSUM_EINTERNAL when there is none or it was made for other features. */
int learned_model_get(mdsum_ctx *ctx, const model_spec *spec, const learned_model **out);
/* The raw score (log-odds) of one feature row. */
double learned_predict(const learned_model *m, const float *x);
/* The same trees laid out for evaluation without branches: each tree
 * padded to the model's depth (a leaf above it becomes a node that always
 * goes left to copies of itself), its nodes in level order, so a row
 * descends by index arithmetic (i = 2i + 1 + !(x <= thr)) instead of a
 * jump per level that the processor cannot predict. Built from a model
 * once per context; learned_predict_flat gives learned_predict's value,
 * bit for bit (the same leaves, added in the same order). */
typedef struct learned_flat {
    const learned_model *src;    /* its trees, base and count */
    int depth;               /* 0: not built (trees too deep); use the nodes */
    int32_t *feat;           /* ntrees x (2^depth - 1) */
    float *thr;
    double *leaf;            /* ntrees x 2^depth */
} learned_flat;
#define LEARNED_FLAT_MAX_DEPTH 10
int learned_flat_get(mdsum_ctx *ctx, const learned_model *m, const learned_flat **out);
double learned_predict_flat(const learned_flat *f, const float *x);

/* ilp.c: the concept program of `ilp` and `joint`, exposed for the tests.
 * Sentences a = 0..n-1 (cluster sentences c[a]) hold the concepts
 * ids[off[a] .. off[a+1]) (dense ids 0..m-1, weights w); len[a] is a
 * sentence's length in words and sv[a] its own value (the sentence term;
 * 0 for `ilp`). */
typedef struct ilp_program {
    size_t n;
    const uint32_t *c;
    const uint32_t *off;
    const uint32_t *ids;
    size_t m;
    const double *w;
    const double *len;
    const double *sv;
    double *dense;   /* NULL, or cl->terms.n zeros: a row for cosines (left zeroed) */
} ilp_program;
enum { ILP_OPTIMAL = 0, ILP_GREEDY_TIME = 1, ILP_FEASIBLE_TIME = 2, ILP_GREEDY_FAIL = 3 };
/* Maximize the concepts covered plus the chosen sentences' values within
 * `limit` words (and in->b's sentence and byte budgets), the pairs
 * pairs[2k], pairs[2k+1] never both chosen (nor partly: see frac), nor two
 * sentences more similar than in->redundancy. With `frac` (n values), a
 * word budget may end inside a sentence a, frac[a] of it, worth frac[a] *
 * sv[a] (ilp.c). GLPK seeded with the greedy, `tm_lim` ms, `max_nodes`
 * branch-and-bound subproblems and `max_work` subproblems times rows at
 * most (tm_lim 0 = the greedy only). chosen[a] = 1 for the whole sentences chosen, *obj the
 * objective. Returns ILP_OPTIMAL when proven optimal, ILP_FEASIBLE_TIME
 * (the solver's best), ILP_GREEDY_TIME / ILP_GREEDY_FAIL (the greedy), or
 * -1 when memory runs out. Scratch memory in in->scratch. */
int ilp_program_solve(const rank_in *in, const ilp_program *D, double limit, const uint32_t *pairs,
                      size_t npairs, int tm_lim, int max_nodes, double max_work, uint8_t *chosen,
                      double *frac, double *obj);
/* The redundancy pairs of n sentences covered by cliques (sets of
 * sentences pairwise in `pairs`): clique q is mem[off[q] .. off[q+1]),
 * count cliques; every pair lies inside at least one. The program has one
 * row per clique instead of one per pair (ilp.c). In `ar`; -1 when memory
 * runs out. */
typedef struct ilp_cliques {
    uint32_t *off, *mem;
    size_t count;
    bool capped;   /* the search hit its work bound: later pairs are rows of their own */
} ilp_cliques;
int ilp_cover_pairs(arena *ar, size_t n, const uint32_t *pairs, size_t npairs, ilp_cliques *cc);

/* rank.c: the registry and parameter parsing. */
const ranker *ranker_find(const char *name);
const ranker *ranker_default(void);
/* Parse "name=value,..." into vals (defaults first). Errors: MDSUM_EALGO. */
int ranker_params(mdsum_ctx *ctx, const ranker *r, const char *spec, double *vals);

/* klsum.c: KL(P_D || P_S) of the summary made of sentences[0..n), with
 * klsum's parameters in in->params (for the tests). */
int klsum_divergence(const rank_in *in, const uint32_t *sents, size_t n, double *out);

#endif
