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

typedef struct rank_in {
    mdsum_ctx *ctx;
    const mdsum_cluster *cl;
    arena *scratch;            /* emptied after the call */
    const double *params;      /* values, in the ranker's declared order */
    const mdsum_options *opts;
    const budget *b;
    double redundancy;
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

/* rank.c: the registry and parameter parsing. */
const ranker *ranker_find(const char *name);
const ranker *ranker_default(void);
/* Parse "name=value,..." into vals (defaults first). Errors: MDSUM_EALGO. */
int ranker_params(mdsum_ctx *ctx, const ranker *r, const char *spec, double *vals);

#endif
