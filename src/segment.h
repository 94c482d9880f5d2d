/*
 * segment.h -- private declarations of the sentence segmenter (segment.c)
 * beyond the contract in internal.h (segment_split, span_vec_*).
 */
#ifndef MDSUM_SEGMENT_H
#define MDSUM_SEGMENT_H

#include "internal.h"

/* segment_split() with flags: MDSUM_SPLIT_JOIN_WRAPPED joins hard-wrapped
 * lines (see segment.c); other bits are ignored. Same contract otherwise:
 * pure, thread-safe, absolute offsets, trimmed, never empty; MDSUM_OK or
 * MDSUM_ENOMEM. The text may hold any bytes (invalid UTF-8 and NUL bytes
 * are treated as ordinary symbols). */
int segment_split_flags(const char *lang_code, const char *text, size_t start,
                        size_t end, unsigned flags, span_vec *out);

/* Self-check of the built-in word tables (sorted, unique, lower case):
 * returns true when all are fine, else false with the first problem
 * written to msg. For the unit tests. */
bool segment_tables_check(char *msg, size_t msglen);

/* True if the segmenter has a rule set of its own for `lang_code` (an
 * abbreviation list or script rules) rather than the generic rules. */
bool segment_lang_known(const char *lang_code);

#endif /* MDSUM_SEGMENT_H */
