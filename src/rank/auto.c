/*
 * auto.c -- the default: the learned scorer where it was trained, the
 * concept ILP elsewhere.
 *
 * No single method is best on both kinds of news summarization we measure
 * (docs/quality.md):
 *  - a few articles cut to a few hundred words, summarized in 300 words
 *    (Multi-News: the budget is 70% of the input on the truncated sets,
 *    17% on full-length articles): the learned scorer (learned.c), trained
 *    on that kind of data, is best by a clear margin;
 *  - ten long articles summarized in 100-250 words (DUC, TAC: 2-7% of the
 *    input): concept coverage (ilp.c, Gillick & Favre 2009) is best, and
 *    the learned scorer, which never saw so selective a budget, falls
 *    below the unsupervised methods.
 * So `auto` measures how selective the summary must be -- the budget's
 * share of the candidate sentences' words (a sentence budget counts 25
 * words a sentence, a byte budget 6 bytes a word) -- and uses `learned`
 * at or above `threshold`, `ilp` (with its defaults) below. The threshold
 * 0.1 lies between the shares of the two kinds of data; it was set from
 * their shapes, not tuned on scores. The summary metadata's note names the
 * method used.
 */
#include "rank.h"

#include <string.h>

static const mdsum_param_info params[] = {
    {"threshold", 0.1, 0, 1, "use learned when the budget is at least this share of the input words, else ilp"},
};

static int auto_select(const rank_in *in, selection *out)
{
    const mdsum_cluster *cl = in->cl;
    memset(out, 0, sizeof *out);
    uint32_t *c;
    size_t n;
    int rc = rank_candidates(in, 0, false, &c, &n);
    if (rc) return rc;
    double words = 0;
    for (size_t a = 0; a < n; a++) words += cl->sents[c[a]].words;
    const budget *b = in->b;
    double bw = b->words ? (double)b->words
              : b->sentences ? 25.0 * (double)b->sentences
              : b->bytes ? (double)b->bytes / 6.0 : words;
    bool learned = words <= 0 || bw / words >= in->params[0];
    rank_in sub = *in;
    double vals[RANK_MAX_PARAMS];
    if (learned) {
        if ((rc = ranker_params(in->ctx, &ranker_learned, NULL, vals))) return rc;
        sub.params = vals;
        double *scores = arena_alloc(in->scratch, (cl->nsents ? cl->nsents : 1) * sizeof *scores);
        if (!scores) return err_set(in->ctx, MDSUM_ENOMEM, "out of memory");
        if ((rc = ranker_learned.score(&sub, scores))) return rc;
        rank_position_prior(cl, in->opts->position, scores);
        rc = select_greedy(in->ctx, cl, in->scratch, scores, b, in->redundancy, out);
        if (rc == MDSUM_OK) out->note = "auto: learned";
        return rc;
    }
    if ((rc = ranker_params(in->ctx, &ranker_ilp, NULL, vals))) return rc;
    sub.params = vals;
    rc = ranker_ilp.select(&sub, out);
    if (rc == MDSUM_OK && !out->note) out->note = "auto: ilp";
    return rc;
}

const ranker ranker_auto = {
    "auto",
    "learned where the budget is a large share of the input (Multi-News), else ilp",
    params, sizeof params / sizeof params[0],
    NULL,
    auto_select,
};
