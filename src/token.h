/*
 * token.h -- the tokenizer's internal interface (token.c).
 */
#ifndef MDSUM_TOKEN_H
#define MDSUM_TOKEN_H

#include "internal.h"

/* Words longer than this many bytes are skipped (URLs, junk). */
#define TOKEN_MAX_BYTES 96

/* Called for each token: its byte range, its term (borrowed, valid during
 * the call), whether it is a stopword. Return MDSUM_OK to go on. */
typedef int (*token_fn)(void *ud, size_t start, size_t end, const char *term,
                        size_t term_len, bool stopword);

/* Tokenize text[start, end) (valid UTF-8) with the resources `r`. */
int tokenize_range(mdsum_ctx *ctx, lang_res *r, const char *text, size_t start,
                   size_t end, unsigned flags, token_fn fn, void *ud);

const lang_def *lang_res_lang(const lang_res *r);

/* Resolve a language name ("auto" detects it from `text`). */
int resolve_lang(mdsum_ctx *ctx, const char *name, const char *text, size_t len,
                 const lang_def **out);

#endif
