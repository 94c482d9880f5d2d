/*
 * porter_word.h -- the word buffer both Porter stemmers (porter_nltk.c and
 * rouge_porter.c) edit in place: a suffix test and a suffix replacement.
 * Only these are shared; the two stemmers stay separate algorithms.
 */
#ifndef MDSUM_PORTER_WORD_H
#define MDSUM_PORTER_WORD_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct word {
    char *b;
    size_t n;
} word;

static inline bool ends(const word *w, const char *suf)
{
    size_t k = strlen(suf);
    return w->n >= k && memcmp(w->b + w->n - k, suf, k) == 0;
}

/* Replace the last `drop` bytes with `rep`; the caller's buffer has room
 * for the result. */
static inline void replace(word *w, size_t drop, const char *rep)
{
    size_t k = strlen(rep);
    w->n -= drop;
    memcpy(w->b + w->n, rep, k);
    w->n += k;
}

#endif
