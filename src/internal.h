/*
 * internal.h -- private declarations shared by the library's modules.
 *
 * Nothing here is part of the public API. Modules depend downward only:
 *   util/arena/error  <-  segment, token, idf, clean, html, rouge
 *                     <-  represent  <-  rankers (rank/)  <-  select, order
 *                     <-  render  <-  summarize (the only file that knows
 *                                     the order of the stages)
 */
#ifndef MDSUM_INTERNAL_H
#define MDSUM_INTERNAL_H

#include "mdsum.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#  define MDSUM_PRINTF(a, b) __attribute__((format(printf, a, b)))
#  define MDSUM_UNUSED __attribute__((unused))
#else
#  define MDSUM_PRINTF(a, b)
#  define MDSUM_UNUSED
#endif

/* ======================================================================
 * Memory: allocator wrappers (util.c)
 * ====================================================================== */

/* The allocator every module uses; never NULL members after alc_init(). */
typedef mdsum_allocator alc_t;

void alc_init(alc_t *dst, const mdsum_allocator *src);
void *alc_malloc(const alc_t *a, size_t n);
void *alc_calloc(const alc_t *a, size_t count, size_t size);
void *alc_realloc(const alc_t *a, void *p, size_t old_n, size_t n);
void alc_free(const alc_t *a, void *p);

/* Overflow-checked multiplication: returns false on overflow. */
static inline bool mul_ok(size_t a, size_t b, size_t *out)
{
    if (b != 0 && a > SIZE_MAX / b) return false;
    *out = a * b;
    return true;
}

/* Grow a heap array to hold at least `need` elements of `elsize` bytes
 * (doubling). Returns false on overflow or allocation failure, leaving the
 * array as it was. */
bool grow_array(const alc_t *a, void **arr, size_t *cap, size_t need, size_t elsize);

/* ======================================================================
 * Arena (arena.c): bump allocation in chunks; freed all at once.
 * ====================================================================== */
typedef struct arena_chunk arena_chunk;
typedef struct arena {
    const alc_t *alc;
    arena_chunk *head;     /* current chunk (a list of earlier ones) */
    size_t used;           /* bytes used in head */
    size_t total;          /* bytes held in all chunks */
} arena;

void arena_init(arena *ar, const alc_t *alc);
void arena_fini(arena *ar);
/* Keep the largest chunk, drop the others, and make it empty. */
void arena_reset(arena *ar);
/* Aligned to 16; NULL when memory runs out (or n is absurd). */
void *arena_alloc(arena *ar, size_t n);
void *arena_calloc(arena *ar, size_t count, size_t size);
char *arena_strndup(arena *ar, const char *s, size_t n);
char *arena_strdup(arena *ar, const char *s);   /* NULL in -> NULL out */
/* Arena-backed growable array: like grow_array, but the old block is
 * abandoned in the arena (total waste stays below the final size). */
bool arena_grow(arena *ar, void **arr, size_t *cap, size_t need, size_t elsize);

/* ======================================================================
 * Byte buffer (util.c), heap-backed through the allocator
 * ====================================================================== */
typedef struct strbuf {
    const alc_t *alc;
    char *data;
    size_t len, cap;
    bool failed;   /* sticky: an append ran out of memory */
} strbuf;

void buf_init(strbuf *b, const alc_t *alc);
void buf_fini(strbuf *b);
bool buf_reserve(strbuf *b, size_t extra);
bool buf_append(strbuf *b, const void *data, size_t n);
bool buf_puts(strbuf *b, const char *s);
bool buf_putc(strbuf *b, char c);
bool buf_printf(strbuf *b, const char *fmt, ...) MDSUM_PRINTF(2, 3);
/* Hand the NUL-terminated data to the caller (buffer becomes empty). */
char *buf_detach(strbuf *b, size_t *len);

/* JSON string escaping (RFC 8259), with the quotes: '"' and '\\' escaped,
 * \b \f \n \r \t short, other controls and DEL as \u00XX, U+2028/U+2029
 * as \u2028/\u2029, each invalid UTF-8 byte as \ufffd, the rest as it is.
 * The CLI's cli_buf_json_str (cli/common.c) writes the same, so that one
 * output file never spells a character two ways. */
bool buf_json_str(strbuf *b, const char *s, size_t n);

/* ======================================================================
 * Hash map from byte strings to dense ids 0..n-1 (util.c)
 * Strings are copied into the map's arena; ids are assigned in insertion
 * order, so strmap_str(m, id) recovers the string.
 * ====================================================================== */
typedef struct strmap {
    const alc_t *alc;
    arena *ar;          /* where the strings live (borrowed) */
    uint32_t *slots;    /* id+1, 0 = empty */
    size_t nslots;      /* power of two */
    const char **strs;  /* id -> string (NUL-terminated) */
    uint32_t *lens;     /* id -> length */
    uint32_t *hashes;   /* id -> hash */
    size_t n, cap;
} strmap;

void strmap_init(strmap *m, const alc_t *alc, arena *ar);
void strmap_fini(strmap *m);
void strmap_clear(strmap *m);
/* Id of the string, inserting it if absent; -1 when memory runs out. */
int64_t strmap_intern(strmap *m, const char *s, size_t n);
/* Id of the string or -1 if absent. */
int64_t strmap_find(const strmap *m, const char *s, size_t n);
/* The same with the string's hash_bytes() already known (saves hashing a
 * string twice when it moves from one map to another). */
int64_t strmap_intern_h(strmap *m, const char *s, size_t n, uint32_t hash);
int64_t strmap_find_h(const strmap *m, const char *s, size_t n, uint32_t hash);
static inline uint32_t strmap_hash(const strmap *m, size_t id) { return m->hashes[id]; }
static inline const char *strmap_str(const strmap *m, size_t id) { return m->strs[id]; }
static inline size_t strmap_len(const strmap *m, size_t id) { return m->lens[id]; }
/* Byte order of the strings of ids a and b (a prefix first): <0, 0, >0. */
int strmap_cmp(const strmap *m, size_t a, size_t b);
/* A sort_r comparator of uint32_t ids, ud the strmap: byte order of their
 * strings (table files written in a stable, diffable order). */
int strmap_cmp_ids(const void *a, const void *b, void *ud);

uint32_t hash_bytes(const void *data, size_t n);
/* hash_bytes one byte at a time, for loops that scan anyway: FNV-1a with a
 * final avalanche; fast and good enough for terms. */
#define HASH_INIT 2166136261u
static inline uint32_t hash_step(uint32_t h, unsigned char c) { return (h ^ c) * 16777619u; }
static inline uint32_t hash_finish(uint32_t h)
{
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    return h ^ (h >> 13);
}
/* A 64-bit finalizer (the fmix64 step of MurmurHash3): spreads every key
 * bit over the word, for open-addressing tables keyed by integers. */
static inline uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= UINT64_C(0xff51afd7ed558ccd);
    x ^= x >> 33;
    x *= UINT64_C(0xc4ceb9fe1a85ec53);
    x ^= x >> 33;
    return x;
}

/* A hash of a sequence of ids (concept lists, token sequences), from h. */
static inline uint64_t hash_u32s(uint64_t h, const uint32_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++) h = mix64(h ^ s[i]);
    return h;
}

/* Sort with a context argument (heapsort; not stable: make comparators
 * total orders). */
typedef int (*sort_cmp)(const void *a, const void *b, void *ud);
void sort_r(void *base, size_t n, size_t size, sort_cmp cmp, void *ud);

/* ======================================================================
 * Errors (error.c)
 * ====================================================================== */
#define MDSUM_ERRMSG_MAX 512

typedef struct err_state {
    mdsum_error pub;
    char message[MDSUM_ERRMSG_MAX];
    char doc_id[128];
} err_state;

/* Record an error in the context; returns `code` so callers can write
 * `return err_set(ctx, MDSUM_EINVAL, "...")`. `ctx` may be NULL. */
int err_set(mdsum_ctx *ctx, int code, const char *fmt, ...) MDSUM_PRINTF(3, 4);
/* The same with a position: document index (or -1), byte offset (or -1). */
int err_set_at(mdsum_ctx *ctx, int code, long long doc, long long offset,
               const char *fmt, ...) MDSUM_PRINTF(5, 6);
void err_set_doc_id(mdsum_ctx *ctx, const char *id);
void err_set_line(mdsum_ctx *ctx, long long line);
void err_clear(mdsum_ctx *ctx);

/* ======================================================================
 * UTF-8 (util.c)
 * ====================================================================== */

/* Length of the valid UTF-8 sequence at s[0..n) (1..4), or 0 if invalid
 * (overlong forms, surrogates and > U+10FFFF are invalid). NUL is valid
 * here; callers decide about it. */
size_t utf8_valid_seq(const unsigned char *s, size_t n);
/* Offset of the first invalid byte or NUL, or n when all is valid. */
size_t utf8_check(const char *s, size_t n, bool allow_nul);
/* Does s[0, n) start with `lit` (lower case, not empty), ASCII letters in
 * any case? strlen(lit), or 0. (Inline: the cleaner calls it for every
 * word it tests.) */
static inline size_t ascii_starts_ci(const char *s, size_t n, const char *lit)
{
    size_t k = 0;
    for (; lit[k]; k++) {
        if (k >= n) return 0;
        char c = s[k];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c != lit[k]) return 0;
    }
    return k;
}
/* Does s[0, n) hold `lit` (lower case), ASCII letters in any case? */
bool ascii_has_ci(const char *s, size_t n, const char *lit);
/* Words of t[0, n) separated by spaces and tabs (other bytes, new lines
 * included, are word bytes). */
size_t blank_words(const char *t, size_t n);
/* The same with any ASCII white space between words (\t \n \v \f \r, space). */
size_t space_words(const char *t, size_t n);
/* A heap copy (NUL-terminated, free with alc_free) of s[0..n) with each
 * invalid byte and each NUL replaced by U+FFFD; NULL when memory runs out. */
char *utf8_repair_copy(const alc_t *alc, const char *s, size_t n, size_t *out_len);
/* The repair itself: writes s[0..n) so repaired, and a NUL, into d (room
 * for 3 * n + 1 bytes); returns the length written before the NUL. */
size_t utf8_repair_into(char *d, const char *s, size_t n);
/* The HTML character reference that s[0, n) starts with ("&amp;", "&#124;",
 * "&#x2019;"), written to out as UTF-8 (at most 4 bytes, never more than
 * the reference's length) with its length in *olen: the reference's
 * length, or 0 when s starts none decoded here: "&amp;", "&quot;",
 * "&apos;", "&lt;", "&gt;", "&nbsp;" (a space), and numeric ones but
 * controls, surrogates and beyond U+10FFFF. Used by the Multi-News reader
 * and the HTML metadata. */
size_t html_char_ref(const char *s, size_t n, char *out, size_t *olen);
/* Copy the line [p, le) into buf as a NUL-terminated string (for sscanf and
 * strtod, which need one; table data is not terminated). False, and buf
 * untouched, when it does not fit in `size` bytes with its NUL. */
bool line_cstr(const char *p, const char *le, char *buf, size_t size);
/* Decode one code point at s (assumed valid); returns its length. */
size_t utf8_decode(const unsigned char *s, size_t n, int32_t *cp);

/* ======================================================================
 * Languages (lang.c)
 * ====================================================================== */
typedef struct lang_def {
    const char *code;        /* ISO 639-1 ("en") */
    const char *name;        /* English name ("english") */
    const char *snowball;    /* libstemmer algorithm name, or NULL */
    const char *const *stopwords;  /* sorted list (strcmp order), NFC casefolded */
    size_t nstopwords;
} lang_def;

/* Find by code or name, case-insensitive ("en", "EN", "english"); NULL if
 * unsupported. "auto" is not a language: callers resolve it first. */
const lang_def *lang_find(const char *name);
size_t lang_def_count(void);
const lang_def *lang_def_at(size_t i);
bool lang_is_stopword(const lang_def *L, const char *word, size_t n);

/* ======================================================================
 * Sentence segmentation (segment.c)
 * ====================================================================== */
typedef struct span_vec {
    const alc_t *alc;
    mdsum_span *v;
    size_t n, cap;
} span_vec;

void span_vec_init(span_vec *sv, const alc_t *alc);
void span_vec_fini(span_vec *sv);
bool span_vec_push(span_vec *sv, size_t start, size_t end);

/* Append to `out` the sentences of text[start, end), as absolute byte
 * offsets into `text`, trimmed of surrounding white space, never empty.
 * `lang_code` is an ISO code from lang_def (unknown codes use generic
 * rules). Pure function of its input: no state, thread-safe. A blank line
 * (paragraph break) always ends a sentence. Returns MDSUM_OK or
 * MDSUM_ENOMEM. */
int segment_split(const char *lang_code, const char *text, size_t start,
                  size_t end, span_vec *out);

/* ======================================================================
 * Tokenization (token.c)
 * ====================================================================== */
typedef struct lang_res lang_res;   /* stemmer + scratch for one language */

/* The resources of language L, created on first use and cached in ctx. */
int lang_res_get(mdsum_ctx *ctx, const lang_def *L, lang_res **out);
void lang_res_free(const alc_t *alc, lang_res *r);

/* ======================================================================
 * Background IDF (idf.c)
 * ====================================================================== */
typedef struct idf_table idf_table;
void idf_table_free(const alc_t *alc, idf_table *t);

/* ======================================================================
 * Learned boilerplate shapes (clean.c)
 * ====================================================================== */
typedef struct boiler_table boiler_table;
typedef struct clean_res clean_res;   /* word lists and the learned table */
void clean_res_free(const alc_t *alc, clean_res *r);

/* ======================================================================
 * Word prior (prior.c): P(word in the summary | word in the input)
 * ====================================================================== */
typedef struct prior_table prior_table;
void prior_table_free(const alc_t *alc, prior_table *t);
/* Parse a table into a map (MDSUM_EINTERNAL with the line when malformed).
 * The library reads its built-in table in place (prior_get); the tests
 * parse the trainer's output and the shipped table with this. */
int prior_parse(mdsum_ctx *ctx, const char *data, size_t len, prior_table **out);
/* The built-in table of language L, loaded on first use; *out = NULL when
 * there is none (prior_lookup then gives one constant). */
int prior_get(mdsum_ctx *ctx, const lang_def *L, const prior_table **out);
/* The prior of a term (the tokenizer's form); unknown terms get the
 * table's overall rate. `t` may be NULL. */
double prior_lookup(const prior_table *t, const char *term, size_t n);
/* Equal for tables that give equal values: the built-in table has one,
 * any other table gets its own. */
uint64_t prior_fingerprint(const prior_table *t);

/* ======================================================================
 * Context (context.c)
 * ====================================================================== */

#define MDSUM_MAX_LANG_CACHE 8

struct mdsum_ctx {
    alc_t alc;
    err_state err;
    lang_res *langs[MDSUM_MAX_LANG_CACHE];
    size_t nlangs;
    idf_table *idf;          /* built-in English table, loaded lazily */
    idf_table *idf_custom;   /* from mdsum_options.idf_file */
    char *idf_custom_path;
    clean_res *clean;        /* the cleaner's word lists and learned table */
    struct learned_flat *learned_flat;   /* the scorer's trees laid out for evaluation (rank/learned.c) */
    size_t learned_rows;     /* rows scored so far (the layout comes after some) */
    prior_table *prior;      /* word prior (prior.c), loaded lazily */
    uint64_t serial;         /* numbers language resources and prior tables apart */
    struct xml_lib *xml;     /* libxml2, opened on first use (xmllib.c) */
};

/* xmllib.c: close the context's libxml2 (none opened: no-op). */
void xml_lib_ctx_free(mdsum_ctx *ctx);

/* rank/learned.c: free the context's tree layout (NULL is a no-op). */
void learned_flat_free(const alc_t *alc, struct learned_flat *f);

/* ======================================================================
 * Embedded data (generated by tools/embed.c at build time)
 * ====================================================================== */
typedef struct embedded_file {
    const char *name;                 /* file name, e.g. "idf-en.tsv" */
    const unsigned char *data;
    size_t size;
    const uint32_t *lines;            /* a table (*.tsv): where each line after */
    size_t nlines;                    /* the header starts (else NULL, 0) */
    const uint32_t *slots;            /* a table: the hash index of its keys (line
                                         number + 1 in the low 20 bits, hash bits above) */
    size_t smask;                     /* (embedded_lookup), slots - 1 */
} embedded_file;

/* NULL if no embedded file has that name. */
const embedded_file *embedded_find(const char *name);
/* The line of embedded table f ("key<TAB>...") whose key is key[0, n)
 * (hash = hash_bytes(key, n)), found through the build's hash index:
 * the tab after the key, and *line_end the end of that line (its newline,
 * or the end of the data); NULL when no line has that key. */
const char *embedded_lookup(const embedded_file *f, const char *key, size_t n, uint32_t hash,
                            const char **line_end);

#endif /* MDSUM_INTERNAL_H */
