/*
 * prefilter.h -- the candidate pre-filter for very large clusters
 * (prefilter.c), applied by summarize.c before any ranker runs.
 */
#ifndef MDSUM_PREFILTER_H
#define MDSUM_PREFILTER_H

#include "cluster.h"
#include "internal.h"

/* Sentences handed to a ranker at most (the public MDSUM_PREFILTER_MAX). */
#define PREFILTER_MAX MDSUM_PREFILTER_MAX
/* Lead sentences kept per document: the first PREFILTER_LEAD_DEPTH fit
 * candidates of every document, while they take at most half of `max`. */
#define PREFILTER_LEAD_DEPTH 3

/* Choose at most `max` (>= 1) sentences of the analysed cluster `cl` to
 * rank. On success *out (in `scratch`) holds *out_n cluster sentence
 * indexes in increasing order. When the cluster has no more than `max`
 * sentences they are all kept. Linear in the cluster's vector entries plus
 * O(n log n) for the sort. Returns MDSUM_OK or MDSUM_ENOMEM (message set). */
int prefilter_pick(mdsum_ctx *ctx, const mdsum_cluster *cl, arena *scratch, size_t max,
                   uint32_t **out, size_t *out_n);

/* Sentences said word for word more than once (one wire story printed by
 * many outlets, a document given twice): (*first)[i] (in `scratch`) is the
 * first sentence, in cluster order, with the same tokens as sentence i (the
 * same terms in the same order, after case folding and stemming; i itself
 * when there is none). A pre-filter keeps one copy of each, so that
 * copies do not fill the places meant for different sentences. Linear in
 * the cluster's tokens. Returns MDSUM_OK or MDSUM_ENOMEM (message set). */
int prefilter_copies(mdsum_ctx *ctx, const mdsum_cluster *cl, arena *scratch, uint32_t **first);

#endif
