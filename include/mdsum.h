/*
 * mdsum.h -- multi-document news summarization (libmdsum public API).
 *
 * This is the only public header. It builds as C99 and as C++.
 *
 * Conventions (see docs/API.md for the long form):
 *  - Every call that can fail returns an int status: MDSUM_OK (0) or a
 *    negative MDSUM_E* code. Details (message, document, byte offset, line)
 *    wait in the context: mdsum_ctx_error(). mdsum_strerror() names a code.
 *  - The library never prints, exits or aborts on bad input.
 *  - Text is UTF-8, passed as pointer + length. Invalid UTF-8 is an error
 *    (MDSUM_EUTF8) unless MDSUM_LENIENT is given.
 *  - Objects are created with _new and released with _free; every _free
 *    accepts NULL. Buffers handed to the caller are released with
 *    mdsum_free(ctx, p).
 *  - A context is not thread-safe (it owns a Snowball stemmer and the last
 *    error): use one context per thread. Distinct contexts share nothing.
 *  - Per-cluster data lives in an arena owned by the cluster; pointers
 *    borrowed from a cluster stay valid until the cluster is cleared or freed.
 */
#ifndef MDSUM_H
#define MDSUM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(MDSUM_BUILDING_LIBRARY) && defined(__GNUC__)
#  define MDSUM_API __attribute__((visibility("default")))
#else
#  define MDSUM_API
#endif

/* ======================================================================
 * Version
 * ====================================================================== */
#define MDSUM_VERSION_MAJOR 0
#define MDSUM_VERSION_MINOR 1
#define MDSUM_VERSION_PATCH 0

/** The library version as "MAJOR.MINOR.PATCH"; a static string. */
MDSUM_API const char *mdsum_version(void);

/* ======================================================================
 * Status codes
 * ====================================================================== */
enum {
    MDSUM_OK         = 0,
    MDSUM_ENOMEM     = -1,  /* an allocation failed */
    MDSUM_EINVAL     = -2,  /* invalid argument or option value */
    MDSUM_EUTF8      = -3,  /* invalid UTF-8 (or a NUL byte) in text */
    MDSUM_EEMPTY     = -4,  /* nothing to work on: empty document or cluster */
    MDSUM_ELANG      = -5,  /* unsupported language */
    MDSUM_EIO        = -6,  /* a read or write failed */
    MDSUM_EFORMAT    = -7,  /* malformed input: JSON, Multi-News line, ... */
    MDSUM_ELIMIT     = -8,  /* a documented size limit was exceeded */
    MDSUM_ENOCONTENT = -9,  /* no main content found (HTML extraction) */
    MDSUM_EALGO      = -10, /* unknown algorithm or algorithm parameter */
    MDSUM_EINTERNAL  = -11  /* a bug: please report it */
};

/** A short English description of a status code; a static string, never
 *  NULL (unknown codes give "unknown error"). Thread-safe. */
MDSUM_API const char *mdsum_strerror(int status);

/* ======================================================================
 * Allocator
 * ====================================================================== */

/** An optional allocator. Pass NULL wherever one is accepted to use libc.
 *  `realloc` receives the old size so that pool allocators can work.
 *  Every function must be safe to call from the thread that owns the context
 *  using it. */
typedef struct mdsum_allocator {
    void *(*malloc)(void *ud, size_t size);
    void *(*realloc)(void *ud, void *ptr, size_t old_size, size_t size);
    void (*free)(void *ud, void *ptr);
    void *ud;
} mdsum_allocator;

/* ======================================================================
 * Context
 * ====================================================================== */
typedef struct mdsum_ctx mdsum_ctx;

/** Create a context. `alc` may be NULL (libc); it is copied. Returns NULL
 *  only when memory runs out. Language resources (stemmer, stopwords, IDF
 *  table) are loaded on first use and cached in the context. */
MDSUM_API mdsum_ctx *mdsum_ctx_new(const mdsum_allocator *alc);

/** Free a context and everything it cached. NULL is a no-op. Clusters,
 *  summaries and readers created with it must be freed first. */
MDSUM_API void mdsum_ctx_free(mdsum_ctx *ctx);

/** Details of the last error reported by a call on `ctx`. The struct and its
 *  strings belong to the context and stay valid until the next call that
 *  fails on it. After a successful call the contents are unspecified. */
typedef struct mdsum_error {
    int code;              /* the MDSUM_E* status */
    const char *message;   /* never NULL; no trailing newline */
    long long doc;         /* document index within the cluster, or -1 */
    const char *doc_id;    /* document id if it has one, else NULL */
    long long offset;      /* byte offset in the document or line, or -1 */
    long long line;        /* 1-based input line number, or -1 */
} mdsum_error;

MDSUM_API const mdsum_error *mdsum_ctx_error(const mdsum_ctx *ctx);

/** Release a buffer that a mdsum_* call handed to the caller. NULL is a
 *  no-op. `ctx` must be the context that made it. */
MDSUM_API void mdsum_free(mdsum_ctx *ctx, void *ptr);

/* ======================================================================
 * Options
 * ====================================================================== */

/* Flags for mdsum_options.flags and for the input calls below. */
#define MDSUM_LENIENT   0x0001u /* replace invalid UTF-8 and NUL by U+FFFD */
#define MDSUM_NO_CLEAN  0x0002u /* skip web-noise removal */
#define MDSUM_NO_IDF    0x0004u /* ignore the background IDF table */
#define MDSUM_NO_DEDUP  0x0008u /* keep near-duplicate sentences */
#define MDSUM_TRUNCATE  0x0010u /* fill the budget: cut the last sentence */

/** Summarization options; initialise with mdsum_options_init(), then set
 *  what you need. Strings are borrowed for the duration of each call. */
typedef struct mdsum_options {
    const char *lang;     /* language name or ISO code ("en", "english",
                             "fr", ...) or "auto"; NULL means "en" */
    const char *algo;     /* ranker name; NULL means the default */
    const char *params;   /* ranker parameters "name=value,..."; may be NULL */
    long words;           /* word budget (default 100 when no budget set) */
    long sentences;       /* sentence budget, 0 = none */
    long bytes;           /* byte budget, 0 = none */
    double redundancy;    /* max cosine similarity between two chosen
                             sentences (0..1]; 1 disables the check */
    double position;      /* weight of the position prior, 0 = off */
    unsigned flags;       /* MDSUM_* flags above */
    const char *idf_file; /* custom background IDF table, NULL = built in */
} mdsum_options;

/** Fill `opts` with the defaults. */
MDSUM_API void mdsum_options_init(mdsum_options *opts);

/** Check every field of `opts`; on failure returns MDSUM_EINVAL,
 *  MDSUM_ELANG or MDSUM_EALGO with a message in the context. */
MDSUM_API int mdsum_options_validate(mdsum_ctx *ctx, const mdsum_options *opts);

/* ======================================================================
 * Algorithms (rankers): listed from their own declarations
 * ====================================================================== */
typedef struct mdsum_param_info {
    const char *name;
    double def, min, max;
    const char *help;
} mdsum_param_info;

typedef struct mdsum_algo_info {
    const char *name;
    const char *help;      /* one line, with the paper it implements */
    size_t nparams;
    const mdsum_param_info *params;
} mdsum_algo_info;

/** Number of algorithms; they are numbered 0..count-1. Thread-safe. */
MDSUM_API size_t mdsum_algo_count(void);
/** Describe algorithm `i`; returns MDSUM_EINVAL when out of range. The
 *  strings are static. */
MDSUM_API int mdsum_algo_info_get(size_t i, mdsum_algo_info *out);
/** The name of the default algorithm (static string). */
MDSUM_API const char *mdsum_algo_default(void);

/* ======================================================================
 * Languages
 * ====================================================================== */

/** Number of supported languages, numbered 0..count-1. Thread-safe. */
MDSUM_API size_t mdsum_lang_count(void);
typedef struct mdsum_lang_info {
    const char *code;      /* ISO 639-1, e.g. "en" */
    const char *name;      /* English name, e.g. "english" */
    int stemmer;           /* 1 if a Snowball stemmer is used */
    int stopwords;         /* number of stopwords */
} mdsum_lang_info;
MDSUM_API int mdsum_lang_info_get(size_t i, mdsum_lang_info *out);

/** Guess the language of `text` from stopword frequencies; writes the ISO
 *  code (static string) to *out_code. Falls back to "en" when nothing is
 *  recognised. */
MDSUM_API int mdsum_lang_detect(mdsum_ctx *ctx, const char *text, size_t len,
                                const char **out_code);

/* ======================================================================
 * Clusters and documents
 * ====================================================================== */
typedef struct mdsum_cluster mdsum_cluster;

/** A document. Every string is NUL-terminated UTF-8 or NULL, except `text`
 *  which is `text_len` bytes. */
typedef struct mdsum_doc {
    const char *id;
    const char *title;
    const char *date;
    const char *url;
    const char *site;      /* outlet name, e.g. "Reuters" */
    const char *author;
    const char *text;
    size_t text_len;
} mdsum_doc;

/** A new, empty cluster; NULL when memory runs out. */
MDSUM_API mdsum_cluster *mdsum_cluster_new(mdsum_ctx *ctx);
/** Free a cluster and all it holds. NULL is a no-op. */
MDSUM_API void mdsum_cluster_free(mdsum_cluster *cl);
/** Empty a cluster for reuse, keeping its memory (batch runs). */
MDSUM_API void mdsum_cluster_clear(mdsum_cluster *cl);

/** Set the cluster id (copied). NULL clears it. */
MDSUM_API int mdsum_cluster_set_id(mdsum_cluster *cl, const char *id);
/** The cluster id or NULL; borrowed. */
MDSUM_API const char *mdsum_cluster_id(const mdsum_cluster *cl);

/** Add a copy of `doc` to the cluster. The text is checked: invalid UTF-8 or
 *  a NUL byte gives MDSUM_EUTF8 with the byte offset in the error, unless
 *  `flags` has MDSUM_LENIENT, in which case each bad byte becomes U+FFFD
 *  (offsets then refer to the repaired text, which mdsum_cluster_doc
 *  returns). An empty text is accepted here (it contributes no sentence).
 *  Documents of more than MDSUM_MAX_DOC_BYTES give MDSUM_ELIMIT. */
MDSUM_API int mdsum_cluster_add(mdsum_cluster *cl, const mdsum_doc *doc,
                                unsigned flags);

#define MDSUM_MAX_DOC_BYTES ((size_t)256 << 20)

/** Number of documents. */
MDSUM_API size_t mdsum_cluster_doc_count(const mdsum_cluster *cl);
/** The i-th document as stored (borrowed); MDSUM_EINVAL when out of range. */
MDSUM_API int mdsum_cluster_doc(const mdsum_cluster *cl, size_t i, mdsum_doc *out);

/* ---- Input formats ---------------------------------------------------- */
enum {
    MDSUM_FORMAT_AUTO = 0,
    MDSUM_FORMAT_TEXT,       /* one document per file */
    MDSUM_FORMAT_MULTINEWS,  /* one cluster per line, docs split by ||||| */
    MDSUM_FORMAT_JSONL,      /* one cluster per line as a JSON object */
    MDSUM_FORMAT_HTML        /* an HTML page (see mdsum_extract) */
};

/** Guess the format of the start of an input; returns one of
 *  MDSUM_FORMAT_TEXT / MULTINEWS / JSONL / HTML. `buf` may be gzip-free
 *  text of any length (the first 64 KiB are enough). */
MDSUM_API int mdsum_format_detect(const char *buf, size_t len);

/** Parse one Multi-News line (documents separated by "|||||", NEWLINE_CHAR
 *  tokens turned into line breaks) into `cl`. Empty documents are skipped.
 *  A trailing newline is ignored. */
MDSUM_API int mdsum_cluster_add_multinews(mdsum_cluster *cl, const char *line,
                                          size_t len, unsigned flags);

/** Parse one JSONL line: {"id": ..., "documents": ["text", ...]} or
 *  documents as objects {"id","title","date","url","site","author","text"}. Sets the
 *  cluster id. Malformed JSON gives MDSUM_EFORMAT with the byte offset. */
MDSUM_API int mdsum_cluster_add_jsonl(mdsum_cluster *cl, const char *line,
                                      size_t len, unsigned flags);

/* ---- Reading files (gzip read transparently) ------------------------- */
typedef struct mdsum_reader mdsum_reader;

/** Open `path` for reading ("-" is standard input). gzip input (by magic
 *  bytes, not by name) is decompressed on the fly. `max_bytes` bounds the
 *  size of one line / of the whole input read with mdsum_reader_all
 *  (0 = MDSUM_MAX_DOC_BYTES); beyond it reads fail with MDSUM_ELIMIT. */
MDSUM_API int mdsum_reader_open(mdsum_ctx *ctx, const char *path,
                                size_t max_bytes, mdsum_reader **out);
/** Close a reader. NULL is a no-op. */
MDSUM_API void mdsum_reader_free(mdsum_reader *r);
/** Next line, without its "\n" (and without a "\r" before it). Returns 1 with
 *  the line in *line / *len (borrowed until the next read), 0 at end of
 *  input, or a negative status. */
MDSUM_API int mdsum_reader_line(mdsum_reader *r, const char **line, size_t *len);
/** The rest of the input in one buffer (borrowed until the next read or
 *  free). Returns MDSUM_OK or a negative status. */
MDSUM_API int mdsum_reader_all(mdsum_reader *r, const char **buf, size_t *len);
/** The next bytes of the input without consuming them (at least 4 KiB
 *  unless the input is shorter), e.g. for mdsum_format_detect. Borrowed
 *  until the next read. */
MDSUM_API int mdsum_reader_peek(mdsum_reader *r, const char **buf, size_t *len);
/** 1-based number of the line last returned by mdsum_reader_line. */
MDSUM_API long long mdsum_reader_line_number(const mdsum_reader *r);

/* ======================================================================
 * Pipeline stages (exposed for tests, bindings and custom pipelines)
 * ====================================================================== */

/** A byte range [start, end) of a text. */
typedef struct mdsum_span {
    size_t start;
    size_t end;
} mdsum_span;

/** Split `text` into sentences. On success *out (free with mdsum_free) holds
 *  *out_n spans with exact byte offsets into `text`, trimmed of surrounding
 *  white space; never an empty span. `lang` as in mdsum_options. */
MDSUM_API int mdsum_split(mdsum_ctx *ctx, const char *text, size_t len,
                          const char *lang, mdsum_span **out, size_t *out_n);

/** A token: the span it covers and its normalized term (NFC, case folded,
 *  stemmed unless MDSUM_TOKEN_NOSTEM) as a NUL-terminated string. */
typedef struct mdsum_token {
    size_t start;
    size_t end;
    const char *term;
    int stopword;   /* 1 if the word is on the language's stopword list */
} mdsum_token;

#define MDSUM_TOKEN_NOSTEM 0x0100u

/** Tokenize `text`. *out (one block, free with mdsum_free) holds *out_n
 *  tokens; the term strings live in the same block. */
MDSUM_API int mdsum_tokenize(mdsum_ctx *ctx, const char *text, size_t len,
                             const char *lang, unsigned flags,
                             mdsum_token **out, size_t *out_n);

/** Run cleaning, segmentation, tokenization and weighting on the cluster
 *  (done once; later calls with the same language and flags are free).
 *  MDSUM_EEMPTY when no document has any sentence. */
MDSUM_API int mdsum_cluster_analyze(mdsum_ctx *ctx, mdsum_cluster *cl,
                                    const mdsum_options *opts);

/** A sentence of an analysed cluster. */
typedef struct mdsum_sentence {
    size_t doc;        /* document index */
    size_t index;      /* sentence index within its document */
    size_t start, end; /* byte range within the document text */
    size_t words;      /* words, as counted for the budget */
} mdsum_sentence;

/** Number of sentences of an analysed cluster (0 before analysis). */
MDSUM_API size_t mdsum_cluster_sentence_count(const mdsum_cluster *cl);
MDSUM_API int mdsum_cluster_sentence(const mdsum_cluster *cl, size_t i,
                                     mdsum_sentence *out);

/** A span the cleaner removed, with its reason (static string). */
typedef struct mdsum_drop {
    size_t doc;
    size_t start, end;
    const char *reason;
} mdsum_drop;
MDSUM_API size_t mdsum_cluster_drop_count(const mdsum_cluster *cl);
MDSUM_API int mdsum_cluster_drop(const mdsum_cluster *cl, size_t i, mdsum_drop *out);

/** Score every sentence with the ranker of `opts` (analysing first if
 *  needed). `out_scores` must hold mdsum_cluster_sentence_count() doubles;
 *  higher is better. Rankers that only select (e.g. ilp) give 1 for chosen
 *  sentences and 0 for the others. */
MDSUM_API int mdsum_rank(mdsum_ctx *ctx, mdsum_cluster *cl,
                         const mdsum_options *opts, double *out_scores);

/* ======================================================================
 * Summaries
 * ====================================================================== */
typedef struct mdsum_summary mdsum_summary;

/** Summarize the cluster: analyse, rank, select under the budget with
 *  redundancy control, order. On success *out must be freed with
 *  mdsum_summary_free; it borrows from `cl`, which must outlive it. */
MDSUM_API int mdsum_summarize(mdsum_ctx *ctx, mdsum_cluster *cl,
                              const mdsum_options *opts, mdsum_summary **out);
MDSUM_API void mdsum_summary_free(mdsum_summary *s);

/** A chosen sentence, in reading order. */
typedef struct mdsum_pick {
    size_t doc;        /* document index */
    size_t index;      /* sentence index within its document */
    size_t sentence;   /* sentence index within the cluster */
    size_t start, end; /* byte range within the document text; with
                          MDSUM_TRUNCATE the last pick may end early */
    double score;      /* the ranker's score */
    size_t support;    /* documents holding the same or nearly the same
                          sentence, its own included */
    size_t words;
} mdsum_pick;

MDSUM_API size_t mdsum_summary_count(const mdsum_summary *s);
MDSUM_API int mdsum_summary_get(const mdsum_summary *s, size_t i, mdsum_pick *out);

/** Run metadata. Strings are static or borrowed from the summary. */
typedef struct mdsum_summary_meta {
    const char *algo;
    const char *lang;      /* ISO code actually used */
    long budget_words, budget_sentences, budget_bytes;
    size_t words;          /* words in the summary */
    size_t sentences_in;   /* candidate sentences in the cluster */
    const char *note;      /* e.g. "ilp: time limit, greedy fallback"; or NULL */
} mdsum_summary_meta;
MDSUM_API int mdsum_summary_meta_get(const mdsum_summary *s, mdsum_summary_meta *out);

/* ---- Rendering --------------------------------------------------------- */
enum {
    MDSUM_RENDER_TEXT = 0,   /* one sentence per line */
    MDSUM_RENDER_JSON,       /* one JSON object with provenance, one line */
    MDSUM_RENDER_MARKDOWN,   /* sentences with [n] citations + sources */
    MDSUM_RENDER_LINE        /* all sentences on one line (Multi-News) */
};

/** Render a summary. *out (NUL-terminated, free with mdsum_free) and
 *  *out_len receive the text, which ends with a newline unless empty. */
MDSUM_API int mdsum_render(mdsum_ctx *ctx, const mdsum_cluster *cl,
                           const mdsum_summary *s, int format,
                           char **out, size_t *out_len);

/* ======================================================================
 * Background IDF tables (src/idf.c)
 * ====================================================================== */
typedef struct mdsum_idf_builder mdsum_idf_builder;

/** Start counting document frequencies for language `lang`. */
MDSUM_API int mdsum_idf_builder_new(mdsum_ctx *ctx, const char *lang,
                                    mdsum_idf_builder **out);
MDSUM_API void mdsum_idf_builder_free(mdsum_idf_builder *b);
/** Count one document (each term once). MDSUM_LENIENT skips bad bytes. */
MDSUM_API int mdsum_idf_builder_add(mdsum_idf_builder *b, const char *text,
                                    size_t len, unsigned flags);
/** Write the table (terms with df >= min_df) in the text format that
 *  mdsum_options.idf_file reads; *out is freed with mdsum_free. */
MDSUM_API int mdsum_idf_builder_write(mdsum_idf_builder *b, unsigned long min_df,
                                      char **out, size_t *out_len);

/* ======================================================================
 * ROUGE (src/rouge.c)
 * ====================================================================== */

/* ======================================================================
 * HTML extraction (src/html.c)
 * ====================================================================== */

/* ======================================================================
 * Convenience (src/oneshot.c)
 * ====================================================================== */

/** Summarize a cluster given as `ndocs` documents in one call, for
 *  bindings where every foreign call costs: the same as mdsum_cluster_new,
 *  mdsum_cluster_set_id(cluster_id), mdsum_cluster_add of each document
 *  with opts->flags, mdsum_summarize, then mdsum_render for each of the
 *  `nformats` MDSUM_RENDER_* values in `formats`, and the frees.
 *
 *  `cluster_id` may be NULL (no id). `opts` NULL means the defaults.
 *  On success *out holds the renderings one after another, each followed
 *  by a NUL byte, and out_lens[i] (an array of `nformats`) the length of
 *  rendering i without its NUL: rendering i starts at *out plus the sum of
 *  (out_lens[j] + 1) for j < i. Free *out once with mdsum_free. On failure
 *  *out is NULL and the context holds the error (with the document index
 *  and byte offset for invalid text). The documents are copied: nothing is
 *  kept after the call. Uses `ctx` only: calls with distinct contexts may
 *  run in parallel.
 *
 *  Returns MDSUM_OK, MDSUM_EINVAL (NULL out/out_lens/formats, nformats 0,
 *  docs NULL with ndocs > 0, an unknown format, bad options), MDSUM_EUTF8,
 *  MDSUM_EEMPTY (no document, or no sentence in any), MDSUM_ELANG,
 *  MDSUM_EALGO, MDSUM_ELIMIT, MDSUM_EIO or MDSUM_EFORMAT (the IDF table
 *  file of opts) or MDSUM_ENOMEM. A NULL ctx gives MDSUM_EINVAL. */
MDSUM_API int mdsum_summarize_docs(mdsum_ctx *ctx, const char *cluster_id,
                                   const mdsum_doc *docs, size_t ndocs,
                                   const mdsum_options *opts,
                                   const int *formats, size_t nformats,
                                   char **out, size_t *out_lens);

#ifdef __cplusplus
}
#endif
#endif /* MDSUM_H */
