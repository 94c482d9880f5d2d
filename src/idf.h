/*
 * idf.h -- background IDF table (idf.c).
 */
#ifndef MDSUM_IDF_H
#define MDSUM_IDF_H

#include "internal.h"

/* The table for language L under `opts` (custom file, built-in English
 * table, or none: *out = NULL means "use in-cluster IDF"). */
int idf_get(mdsum_ctx *ctx, const lang_def *L, const mdsum_options *opts, idf_table **out);
/* idf of a term; unknown terms get the table's maximum. */
double idf_lookup(const idf_table *t, const char *term, size_t n);
/* The same with hash_bytes(term, n) already known. */
double idf_lookup_h(const idf_table *t, const char *term, size_t n, uint32_t hash);
double idf_ndocs(const idf_table *t);
/* A hash of the table's contents: tables with equal fingerprints give the
 * same idfs (what caches of idf values are keyed on, not the address). */
uint64_t idf_fingerprint(const idf_table *t);

#endif
