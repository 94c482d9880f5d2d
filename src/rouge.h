/*
 * rouge.h -- internal interface of the ROUGE scorers (rouge.c,
 * rouge_google.c, rouge_porter.c, porter_nltk.c). Exposed to the unit tests.
 */
#ifndef MDSUM_ROUGE_H
#define MDSUM_ROUGE_H

#include "internal.h"

/* ======================================================================
 * Stemmers. Both take a lowercase ASCII word w[0..n) and write the stem
 * to out (room for n bytes; no stem is longer than its word), returning
 * its length. Pure functions: no state, thread-safe.
 * ====================================================================== */

/* The Porter stemmer inside ROUGE-1.5.5 (rouge_porter.c). The script calls
 * it only for tokens longer than 3 bytes that are not in the WordNet
 * exception table; this function stems whatever it is given. */
size_t rouge_porter155(const char *w, size_t n, char *out);

/* NLTK 3.8's PorterStemmer in its default NLTK_EXTENSIONS mode, as used by
 * Google's rouge-score (porter_nltk.c). rouge-score calls it only for tokens
 * longer than 3 characters. */
size_t porter_nltk(const char *w, size_t n, char *out);

/* ======================================================================
 * Random numbers that reproduce the reference implementations
 * ====================================================================== */

/* The 48-bit linear congruential generator of POSIX drand48(), which Perl's
 * srand()/rand() use: x' = (a x + c) mod 2^48, a = 0x5DEECE66D, c = 0xB,
 * seeded as x = (seed << 16) | 0x330E; the value is x' / 2^48. */
typedef struct rouge_rand48 {
    uint64_t x;
} rouge_rand48;

void rouge_rand48_seed(rouge_rand48 *r, uint32_t seed);
double rouge_rand48_next(rouge_rand48 *r);

/* MT19937 as numpy's legacy RandomState uses it: seed(s) is init_genrand(s),
 * next is genrand_int32. */
typedef struct rouge_mt {
    uint32_t mt[624];
    int i;
} rouge_mt;

void rouge_mt_seed(rouge_mt *m, uint32_t seed);
uint32_t rouge_mt_next(rouge_mt *m);
/* numpy legacy RandomState.randint(0, n) (masked rejection sampling);
 * n >= 1 and n <= 2^32. n == 1 draws nothing, like numpy. */
uint32_t rouge_mt_below(rouge_mt *m, uint64_t n);

/* ======================================================================
 * Shared pieces (rouge_util.c)
 * ====================================================================== */

/* Counts of the n-grams of one text (the "peer"), keyed either by an exact
 * 64-bit code (unigrams, bigrams, skip-bigrams of 32-bit ids) or by a
 * sequence of ids with its hash (longer n-grams; `seq` must stay valid
 * while the map is used). `cm` and `stamp` count a second text against it:
 * see gram_hit(). */
typedef struct gram_slot {
    uint64_t key;
    const uint32_t *seq;   /* NULL for exact keys */
    uint32_t cp;           /* count in the peer; 0 = empty slot */
    uint32_t cm;           /* count in the current model text */
    uint32_t stamp;        /* which model text cm belongs to */
} gram_slot;

typedef struct gram_map {
    const alc_t *alc;
    gram_slot *slots;
    size_t nslots;         /* power of two: the slots in use */
    size_t cap;            /* slots allocated (>= nslots) */
    size_t n;
    size_t len;            /* sequence length for sequence keys, else 0 */
} gram_map;

void gram_map_init(gram_map *g, const alc_t *alc);
void gram_map_fini(gram_map *g);
/* Empty the map and size it for `expect` distinct keys; `len` is the
 * n-gram length for sequence keys (0 for exact keys). */
bool gram_map_reset(gram_map *g, size_t expect, size_t len);
/* Count one peer n-gram. False when memory runs out. */
bool gram_map_add(gram_map *g, uint64_t key, const uint32_t *seq);
/* Count one model n-gram against the peer: returns 1 when it is a clipped
 * hit (min(count in model, count in peer) grows), else 0. `stamp` names
 * the model text (start at 1 and change it for each text). */
int gram_hit(gram_map *g, uint64_t key, const uint32_t *seq, uint32_t stamp);
/* Hash of a sequence of ids. */
uint64_t gram_hash(const uint32_t *seq, size_t n);

/* Summary-level LCS marking, the backtracking both reference
 * implementations share: fill the LCS table of r (the reference sentence)
 * and c, then walk back from (m, n): diagonal on a match, else up when
 * c[i-1][j] >= c[i][j-1], else left; set mask[i] = 1 for each reference
 * position passed diagonally. Returns MDSUM_OK, MDSUM_ENOMEM or
 * MDSUM_ELIMIT (a table of more than LCS_MAX_CELLS cells). */
#define LCS_MAX_CELLS ((size_t)1 << 25)
typedef struct lcs_buf {
    const alc_t *alc;
    uint32_t *c;           /* lcs_mark_dp: the table */
    size_t cap;
    uint64_t *rows;        /* lcs_mark: bit rows, then match masks */
    size_t cap_rows;
    uint32_t *keys;        /* lcs_mark: token -> mask slot */
    size_t cap_keys;
    uint64_t *index;       /* lcs_index: per id, its positions in a text */
    size_t cap_index, index_words, index_u;
} lcs_buf;
void lcs_buf_init(lcs_buf *b, const alc_t *alc);
void lcs_buf_fini(lcs_buf *b);
/* Bit-parallel rows (one bit per column), the traceback read from them. */
int lcs_mark(lcs_buf *b, const uint32_t *r, size_t m, const uint32_t *c, size_t n,
             uint8_t *mask);
/* The same for many pairs against one text: lcs_index() records where each
 * id (< u) occurs in text[0..n); lcs_mark_at() then marks r against the
 * sentence text[start, start + n) without rebuilding its masks. */
int lcs_index(lcs_buf *b, const uint32_t *text, size_t n, size_t u);
int lcs_mark_at(lcs_buf *b, const uint32_t *r, size_t m, const uint32_t *text, size_t start,
                size_t n, uint8_t *mask);
/* The length of the LCS of r and c alone (bit-parallel, one row). */
int lcs_length(lcs_buf *b, const uint32_t *r, size_t m, const uint32_t *c, size_t n,
               size_t *out);
/* The same with the plain table: the reference the tests compare with. */
int lcs_mark_dp(lcs_buf *b, const uint32_t *r, size_t m, const uint32_t *c, size_t n,
                uint8_t *mask);

/* Ids for the distinct terms of one evaluation: global ids (of a scorer's
 * whole vocabulary) map to 0..n-1 in order of first appearance. */
typedef struct local_ids {
    const alc_t *alc;
    uint32_t *stamp;
    uint32_t *local;
    size_t cap;
    uint32_t gen;
    uint32_t n;
} local_ids;
void local_ids_init(local_ids *l, const alc_t *alc);
void local_ids_fini(local_ids *l);
bool local_ids_reset(local_ids *l);   /* start a new evaluation */
/* Local id of global id g, assigning one; UINT32_MAX when memory runs out. */
uint32_t local_id(local_ids *l, uint32_t g);

/* ======================================================================
 * Google rouge-score (rouge_google.c)
 * ====================================================================== */

/* rouge-score's tokenizer: Python lower(), every run of characters outside
 * [a-z0-9] is a separator, tokens longer than 3 characters are stemmed when
 * `stem` is set. Calls fn(ud, token, len) for each token (borrowed for the
 * call); a non-zero return stops and is returned. Invalid UTF-8 bytes are
 * separators. `scratch` holds the token being built (MDSUM_ENOMEM when it
 * cannot grow). */
typedef int (*rouge_token_fn)(void *ud, const char *tok, size_t len);
int google_tokenize(strbuf *scratch, const char *text, size_t len, bool stem,
                    rouge_token_fn fn, void *ud);

/* numpy.percentile(..., method="linear") of a sorted array, q in [0, 100]. */
double numpy_percentile_sorted(const double *v, size_t n, double q);

/* Scores of one item: out[metric] for rouge1, rouge2, rougeL, rougeLsum,
 * each {precision, recall, fmeasure}, max over references by fmeasure
 * (first wins a tie). */
typedef struct google_prf {
    double p, r, f;
} google_prf;

typedef struct google_scorer google_scorer;
int google_scorer_new(mdsum_ctx *ctx, bool stem, google_scorer **out);
void google_scorer_free(google_scorer *g);
/* Texts are UTF-8 (invalid bytes are separators); lines split at "\n"
 * only, for rougeLsum. */
int google_score(google_scorer *g, const char *pred, size_t pred_len,
                 const char *const *refs, const size_t *ref_lens, size_t nrefs,
                 google_prf out[4]);

#define GOOGLE_METRICS 4

/* ======================================================================
 * Test hook (rouge.c)
 * ====================================================================== */

/* The terms ROUGE-1.5.5 scores for `text` under the scorer's options
 * (length limit, stopwords, stemming): readText's tokens separated by
 * spaces, or with `lcs` readText_LCS's sentences separated by " |".
 * *empty (may be NULL) tells whether readText would report an empty
 * text. */
int rouge155_text_terms(mdsum_rouge *r, const char *text, size_t len, bool lcs, strbuf *out,
                        bool *empty);

#endif
