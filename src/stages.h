/*
 * stages.h -- internal interfaces between the pipeline stages:
 * clean -> segment -> tokenize -> represent -> rank -> select -> order -> render.
 * Only summarize.c calls them in sequence.
 */
#ifndef MDSUM_STAGES_H
#define MDSUM_STAGES_H

#include "cluster.h"
#include "internal.h"

/* ======================================================================
 * clean.c: which parts of each document are article text
 * ====================================================================== */
/* Region flag: a hard-wrapped block (line breaks inside sentences). */
#define REGION_WRAPPED 0x100u
/* The region's last sentence is a photo's caption: a credit in brackets
 * followed it ("... on Monday. (AP Photo/Jane Roe)"). */
#define REGION_LAST_CAPTION 0x200u
/* The region begins where the cleaner cut something (see CSF_AFTER_CUT). */
#define REGION_AFTER_CUT 0x400u
/* The region's first sentence is a caption that runs on into it: a
 * video's description after the page's video player ("Close <description>
 * ..." at the head of a USA Today page), or the BBC's "Media caption". */
#define REGION_FIRST_CAPTION 0x800u

typedef struct region {
    uint32_t doc;
    uint32_t para;       /* paragraph index within the document */
    uint32_t flags;      /* SENT_* flags for the sentences of the region */
    size_t start, end;   /* bytes in the document text */
} region;

typedef struct region_vec {
    const alc_t *alc;
    region *v;
    size_t n, cap;
} region_vec;

void region_vec_init(region_vec *rv, const alc_t *alc);
void region_vec_fini(region_vec *rv);

/* Split every document into paragraph regions and, when `enabled`, drop
 * web noise, recording each dropped span in cl->drops with its reason.
 * Regions come out in document order. */
int clean_cluster(mdsum_ctx *ctx, mdsum_cluster *cl, const lang_def *L, bool enabled,
                  region_vec *out);

/* How clean_sentence_flags() sees a sentence: CSF_WHOLE, it is its
 * region's only one: the cleaner judged that line already (its verdict is
 * in the region flags), so only the readability cues are computed;
 * CSF_AFTER_CUT, it opens a region that begins where the cleaner cut a
 * dateline, credit or page furniture (REGION_AFTER_CUT), where re-cased
 * text (Multi-News) leaves the article's first word in lower case: that
 * is no fragment. */
#define CSF_WHOLE 1u
#define CSF_AFTER_CUT 2u

/* SENT_FRAGMENT / SENT_DANGLING / SENT_NOISY for the sentence
 * text[start, end) (cleaning on), seen as `how` (CSF_*) says. Reads
 * the word lists clean_cluster() loaded into ctx for L (without them, only
 * the shape cues apply), and fills the token cache kept with them: like
 * every use of a context, one thread at a time. */
uint32_t clean_sentence_flags(const mdsum_ctx *ctx, const lang_def *L, const char *text, size_t start,
                              size_t end, unsigned how);

/* The cleaner's English lexicon, for tests: entries in order, and the cue
 * bits of a lower-case word (0 if absent). */
size_t clean_lex_count(void);
const char *clean_lex_word(size_t i);
unsigned clean_lex_lookup(const char *word);

/* ======================================================================
 * represent.c: term statistics and sentence vectors
 * ====================================================================== */

/* Fill cl->term (df, tf, idf, stop) and the TF-IDF sentence vectors from
 * cl->toks. `idf` may be NULL (in-cluster, sentence-level IDF). With a
 * table, `term_idf` (may be NULL) gives each term's idf in it already
 * (NAN: look it up). */
int represent_build(mdsum_ctx *ctx, mdsum_cluster *cl, const idf_table *idf,
                    const double *term_idf);

/* Cosine similarity of the TF-IDF vectors of sentences a and b. */
double sent_cosine(const mdsum_cluster *cl, size_t a, size_t b);
/* The same against many sentences: sent_scatter puts sentence a's weights
 * into dense[] (cl->terms.n entries, all zero before), sent_cosine_dense
 * gives cosine(a, b) from it, the same value as sent_cosine(cl, a, b) or
 * (cl, b, a) bit for bit (the same products, added in the same order of
 * terms), and sent_unscatter zeroes dense[] again. */
void sent_scatter(const mdsum_cluster *cl, size_t a, double *dense);
double sent_cosine_dense(const mdsum_cluster *cl, const double *dense, size_t a, size_t b);
void sent_unscatter(const mdsum_cluster *cl, size_t a, double *dense);

/* ======================================================================
 * Budgets and selection (select.c)
 * ====================================================================== */
typedef struct budget {
    long words, sentences, bytes;   /* 0 = no limit of that kind */
    bool truncate;                  /* cut the last sentence to fill it */
} budget;

typedef struct pick_rec {
    uint32_t sent;       /* cluster sentence index */
    size_t end;          /* end byte (the sentence's, or earlier when cut) */
    uint32_t words;      /* words kept */
    uint32_t block;      /* order.c: the first sentence of its run of chosen
                          * sentences that follow each other in a document */
    double score;
} pick_rec;

typedef struct selection {
    pick_rec *v;         /* in the arena of the caller */
    size_t n, cap;
    const char *note;    /* static string or NULL */
} selection;

/* Smallest candidate, in words: shorter sentences are fragments. */
#define SELECT_MIN_WORDS 4

/* Is sentence i a fit candidate at all (length, headline...)? */
bool select_candidate(const mdsum_cluster *cl, size_t i);

/* Does adding sentence i (of `words` words, `bytes` bytes) keep the
 * selection within budget? */
bool budget_fits(const budget *b, const selection *sel, size_t words, size_t bytes,
                 const mdsum_cluster *cl);
/* Append a pick (arena-backed). */
int selection_push(arena *ar, selection *sel, uint32_t sent, size_t end, uint32_t words,
                   double score);
/* Whether sentence i is too similar to a chosen one. */
bool select_redundant(const mdsum_cluster *cl, const selection *sel, size_t i, double threshold);

/* Second tier: may fill what the candidates leave of a budget (sentences
 * flagged only for readability, unfinished text of sentence length). */
bool select_fallback(const mdsum_cluster *cl, size_t i);

/* Is sentence i one of the picks already? */
bool select_used(const selection *sel, size_t i);

/* The second tier's first part: second-tier sentences that go on from a
 * chosen one (the sentence before them in their document; the reading
 * order shows the two together, order.c, so one that opens with "But he"
 * has its context), in the order of `order` (sentence indices, best
 * first), each followed by those that go on from it in turn, while they
 * fit and are not redundant. One pass: each sentence is looked at once,
 * and once more for each chain it may extend. */
int select_follow_chains(mdsum_ctx *ctx, const mdsum_cluster *cl, arena *ar, const uint32_t *order,
                         size_t norder, const double *scores, const budget *b, double redundancy,
                         selection *out);

/* Sort sentence indexes idx[0..n) by decreasing scores[idx], ties to the
 * earlier sentence (a total order: the result is deterministic). */
void select_order(uint32_t *idx, size_t n, const double *scores);

/* Is the budget used up (no room for even a short sentence)? */
bool budget_full(const budget *b, const selection *sel, const mdsum_cluster *cl);

/* With b->truncate, or when nothing was chosen: add the first unused,
 * non-redundant candidate of `order` (sentence indices, best first), cut at
 * a word boundary to what is left of the budget. `scores` (may be NULL)
 * gives the pick's score. Selectors call it after choosing whole
 * sentences. */
int select_fill(mdsum_ctx *ctx, const mdsum_cluster *cl, arena *ar, const uint32_t *order,
                size_t norder, const double *scores, const budget *b, double redundancy,
                selection *out);

/* Greedy selection by score under the budget with redundancy control. When
 * nothing fits, the best candidate is cut to the budget (so a summary is
 * never empty while there is text). */
int select_greedy(mdsum_ctx *ctx, const mdsum_cluster *cl, arena *ar, const double *scores,
                  const budget *b, double redundancy, selection *out);

/* Words (white-space separated) in text[start, end), and the end offset of
 * the first `max_words` words. */
size_t count_words(const char *text, size_t start, size_t end);
size_t words_prefix_end(const char *text, size_t start, size_t end, size_t max_words);

/* ======================================================================
 * order.c
 * ====================================================================== */
/* Put the picks in reading order: document order, then position. */
void order_picks(const mdsum_cluster *cl, selection *sel);

#endif
