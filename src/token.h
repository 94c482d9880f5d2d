/*
 * token.h -- the tokenizer's internal interface (token.c).
 */
#ifndef MDSUM_TOKEN_H
#define MDSUM_TOKEN_H

#include "internal.h"

/* Words longer than this many bytes are skipped (URLs, junk). */
#define TOKEN_MAX_BYTES 96

/* A token, as handed to a token_fn. Pointers are valid during the call. */
typedef struct token_info {
    size_t start, end;     /* the word's bytes in the text */
    const char *term;      /* normalized term (NFC, case folded, stemmed) */
    size_t len;
    uint32_t hash;         /* hash_bytes(term, len) */
    /* The term's slot for the analysis in progress (lang_res_slots_begin):
     * TOKEN_NO_SLOT until a caller stores a value, which later tokens of
     * the same term then see. NULL with MDSUM_TOKEN_NOSTEM. */
    uint32_t *slot;
    uint32_t id;           /* the term's id in the language resources (for
                              lang_res_idf), TOKEN_NO_ID with NOSTEM */
    bool stop;             /* the word is a stopword */
} token_info;

#define TOKEN_NO_SLOT UINT32_MAX
#define TOKEN_NO_ID UINT32_MAX

/* Called for each token. Return MDSUM_OK to go on. */
typedef int (*token_info_fn)(void *ud, const token_info *t);

/* Tokenize text[start, end) (valid UTF-8) with the resources `r`. */
int tokenize_terms(mdsum_ctx *ctx, lang_res *r, const char *text, size_t start,
                   size_t end, unsigned flags, token_info_fn fn, void *ud);

/* The same with a simpler callback: the token's byte range, its term
 * (borrowed, valid during the call), whether it is a stopword. */
typedef int (*token_fn)(void *ud, size_t start, size_t end, const char *term,
                        size_t term_len, bool stopword);
int tokenize_range(mdsum_ctx *ctx, lang_res *r, const char *text, size_t start,
                   size_t end, unsigned flags, token_fn fn, void *ud);

/* Start a new analysis: every term's slot reads TOKEN_NO_SLOT again. O(1). */
void lang_res_slots_begin(lang_res *r);
/* Empty the term cache if it has grown past its limit. Never called inside
 * an analysis (slots and term ids would be lost): callers trim between
 * independent units of work (a cluster, a mdsum_tokenize call, a document
 * of the IDF builder). */
void lang_res_trim(lang_res *r);

/* The background idf of term `id` (a token_info id of the analysis in
 * progress) in table `t`, cached per term: idf_lookup once per term and
 * table, not once per cluster. */
double lang_res_idf(lang_res *r, const idf_table *t, uint32_t id);
/* The same for the word prior of table `t` (prior_lookup, cached per term
 * and table fingerprint). */
double lang_res_prior(lang_res *r, const prior_table *t, uint32_t id);
/* Changes whenever term ids may mean other terms (a trim), and differs
 * between resources (a language evicted and loaded again): an analysis
 * that kept term ids checks it before using them. */
uint64_t lang_res_generation(const lang_res *r);

/* The next word of text[*i, end) (valid UTF-8), exactly as the tokenizer
 * finds it: its bytes [*ws, *we); moves *i past it. False when none. */
bool token_next_word(const char *text, size_t *i, size_t end, size_t *ws, size_t *we);
/* The word w[0, n) NFC + case folded as the tokenizer folds it, into `out`
 * (cap bytes, NUL-terminated). Returns the length, 0 if it does not fit or
 * is longer than TOKEN_MAX_BYTES. */
size_t token_fold_word(const char *w, size_t n, char *out, size_t cap);

/* Resolve a language name ("auto" detects it from `text`). */
int resolve_lang(mdsum_ctx *ctx, const char *name, const char *text, size_t len,
                 const lang_def **out);

#endif
