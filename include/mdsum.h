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
    MDSUM_EIO        = -6,  /* a read or write failed, or a library that
                               HTML needs (libxml2) could not be loaded */
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
    const char *message;   /* never NULL; one line of valid UTF-8 (bytes
                              of the input that are not become '?') */
    long long doc;         /* document index within the cluster, or -1 */
    const char *doc_id;    /* document id if it has one (valid UTF-8, cut
                              to 127 bytes), else NULL */
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

/** Guess the language of `text` (its first 64 KiB): the script most of its
 *  letters are in, then, among the languages of that script with a
 *  stopword list, the one whose stopwords occur most often. Writes the ISO
 *  code (static string) to *out_code: the script's main language ("en" for
 *  Latin, also for empty text or text without letters) when no stopword
 *  decides. Invalid UTF-8 is skipped, not an error. MDSUM_EINVAL if
 *  out_code is NULL or text is NULL with len > 0 (recorded in ctx, which
 *  may be NULL). No state: thread-safe with distinct contexts. */
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
 *  tokens turned into line breaks, the HTML character references that the
 *  dataset's scrape left in its text decoded: "&amp;", "&quot;", "&apos;",
 *  "&lt;", "&gt;", "&nbsp;" (a space) and numeric ones other than control
 *  characters and surrogates) into `cl`. Empty documents are skipped.
 *  A trailing newline is ignored. */
MDSUM_API int mdsum_cluster_add_multinews(mdsum_cluster *cl, const char *line,
                                          size_t len, unsigned flags);

/** Parse one JSONL line: {"id": ..., "documents": ["text", ...]} or
 *  documents as objects {"id","title","date","url","site","author","text"};
 *  an object with an "html" string instead of "text" is a web page whose
 *  article is extracted (see mdsum_cluster_add_html). Sets the
 *  cluster id. Malformed JSON gives MDSUM_EFORMAT with the byte offset;
 *  nesting deeper than jansson's limit (2048) is malformed. Raw invalid
 *  UTF-8 in the line is malformed JSON, unless `flags` has MDSUM_LENIENT:
 *  then bad bytes become U+FFFD before parsing (offsets in errors still
 *  count the bytes of `line`). */
MDSUM_API int mdsum_cluster_add_jsonl(mdsum_cluster *cl, const char *line,
                                      size_t len, unsigned flags);

/* ---- Reading files (gzip read transparently) ------------------------- */
typedef struct mdsum_reader mdsum_reader;

/** Open `path` for reading ("-" is standard input). gzip input (by magic
 *  bytes, not by name) is decompressed on the fly. `max_bytes` bounds the
 *  size of one line / of the whole input read with mdsum_reader_all
 *  (0 = MDSUM_MAX_DOC_BYTES), counted after decompression; beyond it reads
 *  fail with MDSUM_ELIMIT ("decompressed size exceeds N bytes" for gzip),
 *  so a gzip bomb costs at most about max_bytes of memory. */
MDSUM_API int mdsum_reader_open(mdsum_ctx *ctx, const char *path,
                                size_t max_bytes, mdsum_reader **out);
/** Close a reader. NULL is a no-op. */
MDSUM_API void mdsum_reader_free(mdsum_reader *r);
/** Next line, without its "\n" (and without a "\r" before it). Returns 1 with
 *  the line in *line / *len (borrowed until the next read), 0 at end of
 *  input, or a negative status. A line longer than `max_bytes` gives
 *  MDSUM_ELIMIT as soon as the limit is passed (never held whole in
 *  memory): it counts in mdsum_reader_line_number(), and the next call
 *  skips the rest of it and returns the line after it, so a batch can
 *  report it and go on. Other errors are final. */
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
 *  *out_n spans with exact byte offsets into `text`, in order, not
 *  overlapping, trimmed of surrounding (Unicode) white space; never an
 *  empty span. Every line break ends a sentence. `lang` as in
 *  mdsum_options (NULL = "en", "auto" = mdsum_lang_detect); the segmenter
 *  also accepts a few ISO codes mdsum has no stemmer for ("bg", "pl", ...).
 *  Empty text gives *out == NULL, *out_n == 0. Returns MDSUM_OK,
 *  MDSUM_EUTF8 (invalid UTF-8 or a NUL byte; offset and line in the error),
 *  MDSUM_ELANG, MDSUM_EINVAL or MDSUM_ENOMEM. Thread-safe for distinct
 *  contexts. Same as mdsum_split_opts(..., 0, ...). */
MDSUM_API int mdsum_split(mdsum_ctx *ctx, const char *text, size_t len,
                          const char *lang, mdsum_span **out, size_t *out_n);

/* Flags of mdsum_split_opts (MDSUM_LENIENT is accepted too: invalid UTF-8
 * and NUL bytes are then kept as they are and treated as symbols; offsets
 * still refer to `text`). */
#define MDSUM_SPLIT_JOIN_WRAPPED 0x0200u /* a line break inside a hard-wrapped
                                            paragraph does not end a sentence */

/** mdsum_split with flags (MDSUM_SPLIT_JOIN_WRAPPED, MDSUM_LENIENT). A
 *  joined line break stays inside the sentence's span. */
MDSUM_API int mdsum_split_opts(mdsum_ctx *ctx, const char *text, size_t len,
                               const char *lang, unsigned flags,
                               mdsum_span **out, size_t *out_n);

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

/** Candidate pre-filter: when an analysed cluster has more sentences than
 *  this, the ranker sees only this many of them: the first 3 fit sentences
 *  of every document (within half of the limit), then the sentences closest
 *  to the cluster's TF-IDF centroid. Linear time; typical news clusters (tens
 *  to hundreds of sentences) never reach it. See docs/performance.md. */
#define MDSUM_PREFILTER_MAX 2000

/** Score every sentence with the ranker of `opts` (analysing first if
 *  needed). `out_scores` must hold mdsum_cluster_sentence_count() doubles;
 *  higher is better. Rankers that only select (e.g. ilp) give 1 for chosen
 *  sentences and 0 for the others. Sentences left out by the candidate
 *  pre-filter (MDSUM_PREFILTER_MAX) get -HUGE_VAL. */
MDSUM_API int mdsum_rank(mdsum_ctx *ctx, mdsum_cluster *cl,
                         const mdsum_options *opts, double *out_scores);

/* ======================================================================
 * Summaries
 * ====================================================================== */
typedef struct mdsum_summary mdsum_summary;

/** Summarize the cluster: analyse, rank, select under the budget with
 *  redundancy control, order. On success *out must be freed with
 *  mdsum_summary_free; it borrows from `cl`, which must outlive it.
 *  Clusters of more than MDSUM_PREFILTER_MAX sentences go through the
 *  candidate pre-filter first (see below), so that the time of any
 *  algorithm stays bounded; the summary's meta note then says so. */
MDSUM_API int mdsum_summarize(mdsum_ctx *ctx, mdsum_cluster *cl,
                              const mdsum_options *opts, mdsum_summary **out);
MDSUM_API void mdsum_summary_free(mdsum_summary *s);

/** A chosen sentence, in reading order: documents oldest first when every
 *  cited document has a readable date, else sentences by their relative
 *  position in their document (leads first; chosen sentences that follow
 *  each other in a document stay together, placed by the first); a
 *  document's sentences keep their order, and a sentence cut to fill the
 *  budget comes last. */
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

/** The cluster sentences that say the same or nearly the same thing as pick
 *  `i` (TF-IDF cosine >= 0.5), the pick's own sentence included, in cluster
 *  order; mdsum_cluster_sentence() tells their documents, and the number of
 *  distinct documents among them is the pick's `support`. Up to `cap`
 *  indexes are written to `out_sentences` (which may be NULL when `cap` is
 *  0) and *out_n (if not NULL) receives the full number, so a first call
 *  with cap 0 sizes the array. MDSUM_EINVAL when `s` is NULL or `i` is out
 *  of range. Thread-safe on a summary nobody is freeing. */
MDSUM_API int mdsum_summary_support(const mdsum_summary *s, size_t i, size_t *out_sentences,
                                    size_t cap, size_t *out_n);

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
 * Web-noise cleaning: the learned boilerplate table (src/clean.c)
 *
 * Summarization cleans documents by default (MDSUM_NO_CLEAN turns it off);
 * what was dropped, and why, is listed by mdsum_cluster_drop(). One of the
 * cleaner's cues is a table of line shapes (words lower-cased, digits as 0,
 * punctuation dropped) that recur across many unrelated clusters: menus,
 * promos, player and legal lines. The English table is built into the
 * library; this builder makes one from a corpus of clusters with their
 * reference summaries (`mdsum clean build-table`).
 * ====================================================================== */
typedef struct mdsum_boilerplate_builder mdsum_boilerplate_builder;

/** Start a table for language `lang` (NULL means "en"). On success *out
 *  must be freed with mdsum_boilerplate_builder_free. Returns MDSUM_OK,
 *  MDSUM_EINVAL, MDSUM_ELANG or MDSUM_ENOMEM. Not thread-safe (uses ctx). */
MDSUM_API int mdsum_boilerplate_builder_new(mdsum_ctx *ctx, const char *lang,
                                            mdsum_boilerplate_builder **out);
/** Free a builder; NULL is a no-op. */
MDSUM_API void mdsum_boilerplate_builder_free(mdsum_boilerplate_builder *b);
/** Count the sentence-unit shapes of every document of `cl` (each shape
 *  once per cluster). `reference` (may be NULL with length 0) is the
 *  cluster's reference summary: shapes whose content words often appear in
 *  the references are news phrasing, not boilerplate, and are left out.
 *  Returns MDSUM_OK, MDSUM_EINVAL, MDSUM_EUTF8 (bad reference),
 *  MDSUM_ELIMIT or MDSUM_ENOMEM. */
MDSUM_API int mdsum_boilerplate_builder_add(mdsum_boilerplate_builder *b,
                                            const mdsum_cluster *cl,
                                            const char *reference,
                                            size_t reference_len);
/** Write the table: shapes of 2-40 words found in at least `min_clusters`
 *  clusters, with a content word, whose mean overlap with the references is
 *  at most `max_overlap` (0..1). English shapes that address the reader or
 *  name the site ("you", "our", "please", "newsletter", "cookies") need
 *  fewer clusters when they are long: half as many (rounded up) for 4-5
 *  words, a quarter for 6 or more, never fewer than 2 unless `min_clusters`
 *  is 1. *out (free with mdsum_free) holds the text
 *  of data/boilerplate-en.tsv. MDSUM_EINVAL for a bad argument. */
MDSUM_API int mdsum_boilerplate_builder_write(mdsum_boilerplate_builder *b,
                                              unsigned long min_clusters,
                                              double max_overlap,
                                              char **out, size_t *out_len);

/* ======================================================================
 * Evaluation datasets (src/dataset.c)
 * ====================================================================== */
typedef struct mdsum_dataset mdsum_dataset;

/** Open an evaluation dataset. `spec` is KIND:PATH:
 *    multinews:FILE.src[.gz]  references in `refs`, or FILE.tgt[.gz]
 *    duc:DIR                  DIR/docs/CLUSTER/DOC, DIR/refs/CLUSTER/REF
 *    tac:DIR                  the same; a document's first line is
 *                             "DATE TITLE" (TAC 2011 MultiLing)
 *  `refs` is ignored for duc and tac. */
MDSUM_API int mdsum_dataset_open(mdsum_ctx *ctx, const char *spec, const char *refs,
                                 mdsum_dataset **out);
MDSUM_API void mdsum_dataset_free(mdsum_dataset *ds);
/** Advance to the next item: 1 when there is one, 0 at the end, or a
 *  negative status. Everything the accessors below return is borrowed
 *  until the next call. Multi-News text is read with MDSUM_LENIENT. */
MDSUM_API int mdsum_dataset_next(mdsum_dataset *ds);
/** The item's id: the 1-based line number, or the cluster directory name. */
MDSUM_API const char *mdsum_dataset_item_id(const mdsum_dataset *ds);
MDSUM_API size_t mdsum_dataset_doc_count(const mdsum_dataset *ds);
MDSUM_API int mdsum_dataset_doc(const mdsum_dataset *ds, size_t i, mdsum_doc *out);
MDSUM_API size_t mdsum_dataset_ref_count(const mdsum_dataset *ds);
MDSUM_API int mdsum_dataset_ref(const mdsum_dataset *ds, size_t i, const char **text,
                                size_t *len);

/* ======================================================================
 * ROUGE (src/rouge.c)
 *
 * Two scorers behind one interface:
 *  - MDSUM_ROUGE_155: the ROUGE-1.5.5 Perl script (Lin 2004), reproduced
 *    number for number: its tokenizer, length limits (bugs included), Porter
 *    stemmer with the WordNet exception list, SMART stopwords, ROUGE-N, -L,
 *    -W, -S/-SU, rounding, and its bootstrap confidence intervals.
 *  - MDSUM_ROUGE_GOOGLE: Google's Python rouge-score 0.1.2 (rouge1, rouge2,
 *    rougeL, rougeLsum; max over references; its bootstrap aggregate).
 * Usage: fill mdsum_rouge_opts, create a scorer, add one evaluation per
 * summary (a system text and its references), then read per-evaluation
 * scores, aggregated results, or the script's text output.
 *
 * Texts follow the script's "SPL" format: one sentence per line ("\n";
 * a "\r" before it stays part of the line, as in the script). For
 * MDSUM_ROUGE_155 text is bytes: invalid UTF-8 and NUL are accepted, and
 * only ASCII letters and digits make tokens.
 *
 * Thread-safety: a scorer belongs to the context it was made with; use it
 * from one thread at a time. Scorers made with distinct contexts share
 * nothing and may run in parallel.
 * ====================================================================== */
typedef struct mdsum_rouge mdsum_rouge;

enum {
    MDSUM_ROUGE_155 = 0,     /* ROUGE-1.5.5 (the Perl script) */
    MDSUM_ROUGE_GOOGLE = 1   /* Google rouge-score 0.1.2 (Python) */
};

/* mdsum_rouge_opts.skip_mode */
enum {
    MDSUM_ROUGE_SKIP_S = 0,     /* ROUGE-S only */
    MDSUM_ROUGE_SKIP_SU = 1,    /* -u: ROUGE-SU only (skip-bigrams + unigrams) */
    MDSUM_ROUGE_SKIP_BOTH = 2   /* -U: ROUGE-S, then ROUGE-SU */
};

/** Options; initialise with mdsum_rouge_opts_init(). The comment of each
 *  field names the ROUGE-1.5.5 flag it stands for. Fields a scorer does not
 *  use are ignored (MDSUM_ROUGE_GOOGLE uses only `stem`, `resamples`,
 *  `confidence`, `seed`). */
typedef struct mdsum_rouge_opts {
    int scorer;            /* MDSUM_ROUGE_155 (default) or MDSUM_ROUGE_GOOGLE */
    int max_n;             /* -n N: ROUGE-1..N; 0 = none (default 2) */
    int lcs;               /* ROUGE-L; 0 = -x (default 1) */
    double wlcs_weight;    /* -w W (> 1 typical): also ROUGE-W-W; 0 = off */
    int skip;              /* 1 = -2 given: ROUGE-S/SU (default 0) */
    int skip_distance;     /* -2 D: at most D words between the two; < 0 = no
                              limit (ROUGE-S*) (default 4) */
    int skip_mode;         /* MDSUM_ROUGE_SKIP_S / _SU (-u) / _BOTH (-U) */
    int stem;              /* -m: Porter stemmer + WordNet exceptions; for
                              google: use_stemmer (default 1) */
    int stopwords;         /* -s: drop SMART stopwords (default 0) */
    long limit_words;      /* -l N: first N words of each text; 0 = none */
    long limit_bytes;      /* -b N: first N bytes; 0 = none; not with -l */
    int best_model;        /* -f B: best reference; 0 = -f A, the average
                              over references (default 0) */
    double alpha;          /* -p: F = PR / ((1-alpha)P + alpha R) (0.5) */
    int count_mode;        /* -t: 0 average per evaluation (default), 1 pool
                              the counts of all evaluations, 2 raw counts
                              only (no averages, no intervals) */
    double confidence;     /* -c: interval in percent, 0..100 (95) */
    long resamples;        /* -r: bootstrap resamples, >= 1 (1000) */
    unsigned long seed;    /* google only: numpy.random.seed (default 0) */
    const char *system_id; /* the system's name in the output and in the
                              bootstrap's instance keys; NULL = "X", as the
                              script with -z. Copied by mdsum_rouge_new. */
} mdsum_rouge_opts;

/** Defaults: ROUGE-1, ROUGE-2 and ROUGE-L, stemmed, stopwords kept, no
 *  length limit, -f A, alpha 0.5, 95% intervals from 1000 resamples; that
 *  is the script run as `-n 2 -m -c 95 -r 1000 -f A -p 0.5 -t 0`. (The
 *  script itself, given no flag, computes ROUGE-L only, unstemmed.) */
MDSUM_API void mdsum_rouge_opts_init(mdsum_rouge_opts *opts);

/** Check `opts`; MDSUM_EINVAL with a message in the context when a field
 *  is out of range (e.g. both length limits, alpha outside 0..1). */
MDSUM_API int mdsum_rouge_opts_validate(mdsum_ctx *ctx, const mdsum_rouge_opts *opts);

/** Write the ROUGE-1.5.5 flags equivalent to `opts` (e.g. "-n 2 -m -c 95
 *  -r 1000 -f A -p 0.5 -t 0") to *out (NUL-terminated; free with
 *  mdsum_free). For the google scorer: a short description. */
MDSUM_API int mdsum_rouge_opts_describe(mdsum_ctx *ctx, const mdsum_rouge_opts *opts,
                                        char **out);

/** Create a scorer. `opts` NULL means the defaults; it is copied. Returns
 *  MDSUM_OK, MDSUM_EINVAL (bad options), MDSUM_ENOMEM, or MDSUM_EINTERNAL
 *  when a built-in table is missing from this build. */
MDSUM_API int mdsum_rouge_new(mdsum_ctx *ctx, const mdsum_rouge_opts *opts,
                              mdsum_rouge **out);
/** Free a scorer and every result it holds. NULL is a no-op. */
MDSUM_API void mdsum_rouge_free(mdsum_rouge *r);

/** Add one evaluation: the system summary and `nrefs` >= 1 references,
 *  each a text with one sentence per line (lengths in bytes; a NULL
 *  `ref_lens` means NUL-terminated references). `id` names the evaluation
 *  (copied; NULL = its 1-based number, as the script numbers the lines of
 *  a -z list); ids must be distinct. The scores are computed here; later
 *  calls see them at once. An empty text is allowed (it scores 0); no
 *  text is refused for its bytes (the google scorer reads invalid UTF-8
 *  as separators). Returns MDSUM_OK, MDSUM_EINVAL (no reference, a NULL
 *  text with a length, duplicate id), MDSUM_ELIMIT (a sentence pair too
 *  long for the LCS table, more than 2^25 cells, or more than 2^22
 *  skip-bigrams in one text) or MDSUM_ENOMEM. On failure nothing is
 *  added. */
MDSUM_API int mdsum_rouge_add(mdsum_rouge *r, const char *id,
                              const char *system, size_t system_len,
                              const char *const *refs, const size_t *ref_lens,
                              size_t nrefs);

/** The same with sentences given one by one: the system's `nsys` sentences,
 *  then the references' sentences all in one array, reference k having
 *  ref_counts[k] of them. Length arrays may be NULL (NUL-terminated
 *  strings). Equivalent to writing each sentence on its own line. */
MDSUM_API int mdsum_rouge_add_sentences(mdsum_rouge *r, const char *id,
                                        const char *const *sys, const size_t *sys_lens,
                                        size_t nsys,
                                        const char *const *ref_sents,
                                        const size_t *ref_sent_lens,
                                        const size_t *ref_counts, size_t nrefs);

/** Add one evaluation from a JSON object (one JSONL line):
 *  {"id": "...", "system": TEXT, "references": [TEXT, ...]} where TEXT is a
 *  string (sentences separated by "\n") or an array of sentence strings;
 *  "prediction"/"summary" are accepted for "system" and "reference" (one
 *  TEXT) for "references"; "id" is optional. MDSUM_EFORMAT (with the byte
 *  offset) for malformed JSON or missing fields. */
MDSUM_API int mdsum_rouge_add_jsonl(mdsum_rouge *r, const char *line, size_t len);

/** Append evaluations first .. first+n-1 of `src` to `dst`, in order, with
 *  the scores `src` computed: the same as adding them to `dst` directly,
 *  so that several threads can score with a scorer each and one scorer
 *  aggregates (the bootstrap sees the evaluations in merge order). `src`
 *  is unchanged. Returns MDSUM_OK; MDSUM_EINVAL (message in dst's context)
 *  when the range is out of bounds, when the two scorers were made with
 *  options that change per-evaluation scores (all but `confidence`,
 *  `resamples`, `seed` and `system_id` must be equal), or when an id is
 *  already in `dst` (then nothing is added); MDSUM_ENOMEM, after which the
 *  evaluations merged so far stay. `dst` and `src` must not be used by
 *  another thread during the call. */
MDSUM_API int mdsum_rouge_merge(mdsum_rouge *dst, const mdsum_rouge *src, size_t first,
                                size_t n);

/** Number of evaluations added. */
MDSUM_API size_t mdsum_rouge_eval_count(const mdsum_rouge *r);
/** Number of measures, in the script's output order: ROUGE-1..N, ROUGE-L,
 *  ROUGE-W-W, ROUGE-S/SU; google: rouge1, rouge2, rougeL, rougeLsum. */
MDSUM_API size_t mdsum_rouge_metric_count(const mdsum_rouge *r);
/** Name of measure `metric` as the script prints it ("ROUGE-1",
 *  "ROUGE-SU4", "ROUGE-S*", ...; "rouge1" ... for google); borrowed from
 *  the scorer; NULL when out of range. */
MDSUM_API const char *mdsum_rouge_metric_name(const mdsum_rouge *r, size_t metric);
/** Id of evaluation `eval` (borrowed); NULL when out of range. */
MDSUM_API const char *mdsum_rouge_eval_id(const mdsum_rouge *r, size_t eval);

/** Whether the script would report text `text` of evaluation `eval`
 *  (0 = the system, k = reference k) as "readText: FILE -> empty text":
 *  with a length limit, a text left empty. Returns 1, 0, or MDSUM_EINVAL
 *  when out of range. (The script prints the message once per measure.) */
MDSUM_API int mdsum_rouge_eval_empty(const mdsum_rouge *r, size_t eval, size_t text);

/** One evaluation's score on one measure. */
typedef struct mdsum_rouge_score {
    double recall, precision, f;  /* ROUGE-1.5.5: R and P rounded to 5
                                     decimals as the script does, F computed
                                     from the rounded values and rounded */
    double model_count;   /* reference n-grams (summed over references with
                             -f A; of the chosen one with -f B) */
    double peer_count;    /* system n-grams (times the references, -f A) */
    double hits;          /* matches */
} mdsum_rouge_score;

/** Score of evaluation `eval` on measure `metric`. MDSUM_EINVAL when out
 *  of range. Google: recall, precision, f are rouge-score's (unrounded)
 *  values; the counts are those of the chosen reference. */
MDSUM_API int mdsum_rouge_eval_score(const mdsum_rouge *r, size_t eval, size_t metric,
                                     mdsum_rouge_score *out);

/** Aggregate of one measure over all evaluations. */
typedef struct mdsum_rouge_result {
    const char *metric;         /* borrowed from the scorer */
    /* ROUGE-1.5.5: the script's "Average", the mean of the bootstrap
     * resample means (not the plain mean), and its interval. Google: the
     * bootstrap median ("mid") and the interval ("low", "high"). Not
     * rounded: the script prints them with %7.5f. 0 with count_mode 2. */
    double recall, precision, f;
    double recall_lo, recall_hi;
    double precision_lo, precision_hi;
    double f_lo, f_hi;
    /* The plain mean over evaluations (count_mode 1: ratios of the pooled
     * counts). */
    double mean_recall, mean_precision, mean_f;
    /* Sums over evaluations of the per-evaluation counts (ROUGE-1.5.5). */
    double model_count, peer_count, hits;
} mdsum_rouge_result;

/** Aggregate measure `metric` (bootstrap on first call, cached until the
 *  next add). MDSUM_EEMPTY when no evaluation was added, MDSUM_EINVAL when
 *  `metric` is out of range, MDSUM_ENOMEM. */
MDSUM_API int mdsum_rouge_result_get(mdsum_rouge *r, size_t metric,
                                     mdsum_rouge_result *out);

/* Output formats and flags for mdsum_rouge_render */
enum {
    MDSUM_ROUGE_TEXT = 0,   /* ROUGE-1.5.5: exactly what the script prints */
    MDSUM_ROUGE_JSON = 1    /* one JSON object (with a trailing newline) */
};
#define MDSUM_ROUGE_PER_EVAL 0x0001u  /* -d: also one line per evaluation */

/** Render every measure: for MDSUM_ROUGE_155 in TEXT format this is byte
 *  for byte what `ROUGE-1.5.5.pl [flags] -z SPL LIST` prints on standard
 *  output (with -d when MDSUM_ROUGE_PER_EVAL). *out (NUL-terminated, free
 *  with mdsum_free) and *out_len (may be NULL) receive it. MDSUM_EEMPTY
 *  when no evaluation was added. */
MDSUM_API int mdsum_rouge_render(mdsum_rouge *r, int format, unsigned flags,
                                 char **out, size_t *out_len);

/* ---- The script's XML evaluation files and SEE summaries (pyrouge) ---- */
typedef struct mdsum_rouge_config mdsum_rouge_config;

/** One <EVAL> of a ROUGE-1.5.5 XML configuration, paths as the script
 *  builds them ("PEER-ROOT/file", "MODEL-ROOT/file"). All strings borrowed
 *  from the configuration. */
typedef struct mdsum_rouge_task {
    const char *eval_id;              /* <EVAL ID="..."> */
    const char *format;               /* <INPUT-FORMAT TYPE="...">, e.g. "SEE" */
    size_t npeers;
    const char *const *peer_ids;      /* <P ID="...">, document order */
    const char *const *peer_paths;
    size_t nmodels;
    const char *const *model_paths;   /* <M> in document order */
} mdsum_rouge_task;

/** Parse an XML configuration (`len` bytes). MDSUM_EFORMAT with a message
 *  for malformed XML, an EVAL without ID, an unknown INPUT-FORMAT type or
 *  a repeated EVAL ID. Free with mdsum_rouge_config_free (NULL is a no-op). */
MDSUM_API int mdsum_rouge_config_read(mdsum_ctx *ctx, const char *xml, size_t len,
                                      mdsum_rouge_config **out);
MDSUM_API void mdsum_rouge_config_free(mdsum_rouge_config *c);
/** Number of evaluations, in document order. */
MDSUM_API size_t mdsum_rouge_config_count(const mdsum_rouge_config *c);
/** Evaluation i; MDSUM_EINVAL when out of range. */
MDSUM_API int mdsum_rouge_config_task(const mdsum_rouge_config *c, size_t i,
                                      mdsum_rouge_task *out);
/** The system ids of all evaluations, distinct, in byte order (what the
 *  script evaluates with -a). *out_ids is borrowed from `c`. */
MDSUM_API int mdsum_rouge_config_peers(const mdsum_rouge_config *c,
                                       const char *const **out_ids, size_t *out_n);

/** Turn a summary in the script's SEE format (one
 *  `<a name="N">[N]</a> <a href="#N" id=N>sentence</a>` line per sentence,
 *  as pyrouge writes them) into one sentence per line, reading each line as
 *  the script does (the sentence stops at the first '<'; other lines are
 *  ignored). *out (NUL-terminated, free with mdsum_free), *out_len. */
MDSUM_API int mdsum_rouge_see_text(mdsum_ctx *ctx, const char *html, size_t len,
                                   char **out, size_t *out_len);

/* ======================================================================
 * HTML extraction (src/html.c)
 *
 * Main-text extraction from a saved web page: the page is decoded to UTF-8
 * (byte-order mark, declared charset, checked against the bytes; legacy
 * pages usually windows-1252), parsed with libxml2's HTML parser, and the
 * article is found from the page's structure (text and link density of
 * blocks, boilerplate containers, <article>/<main>/schema.org hints).
 * Paragraphs, headings, list items, quotes and table rows of the article
 * come out as paragraphs separated by one blank line (cells of a table row
 * on one line, separated by " | "), white space collapsed within each;
 * no markup. See docs/extraction.md for the method and its measured scores.
 *
 * libxml2 and jansson allocate their own working memory with libc malloc,
 * not with the context's allocator; everything handed to the caller comes
 * from the context's allocator. The calls are thread-safe with one context
 * per thread. libxml2 is not linked: a context opens libxml2.so.2 (dlopen)
 * on its first page (once loaded it stays for the process); without it these
 * calls fail with MDSUM_EIO and a message naming it. mdsum never calls
 * xmlCleanupParser, which a program may call at exit.
 * ====================================================================== */

/** An extracted article. Strings are NUL-terminated, valid UTF-8 without
 *  NUL bytes, or NULL when the page does not say. All of it is owned by the
 *  article and freed by mdsum_article_free(). */
typedef struct mdsum_article {
    const char *text;        /* the main text; never NULL */
    size_t text_len;         /* bytes in text */
    size_t paragraphs;       /* paragraphs in text */
    const char *title;       /* headline */
    const char *date;        /* publication date as ISO 8601 "YYYY-MM-DD" */
    const char *author;      /* "A; B" when several */
    const char *site;        /* site or outlet name */
    const char *url;         /* canonical URL (or the one given in options) */
    const char *lang;        /* language tag as declared, lower case ("de-de") */
    const char *description; /* the page's summary line */
    const char *charset;     /* what the page was decoded from ("UTF-8",
                                "WINDOWS-1252", ...) */
    unsigned flags;          /* MDSUM_ARTICLE_* notes */
} mdsum_article;

/* Notes in mdsum_article.flags. */
#define MDSUM_ARTICLE_TRUNCATED     0x1u /* nesting deeper than 256 elements:
                                            the page was read up to there */
#define MDSUM_ARTICLE_REPAIRED      0x2u /* bytes that the charset cannot
                                            decode became U+FFFD */
#define MDSUM_ARTICLE_CHARSET_FIXED 0x4u /* the declared charset contradicted
                                            the bytes and was not used */
#define MDSUM_ARTICLE_FROM_SCHEMA   0x8u /* the text is the page's schema.org
                                            articleBody: the markup held
                                            much less */

/* Extraction flags (mdsum_extract_options.flags, mdsum_extract flags). */
#define MDSUM_EXTRACT_ALL 0x1000u /* no main-content detection: all visible
                                     text (no script, style, hidden parts) */

/** Pages larger than this give MDSUM_ELIMIT. */
#define MDSUM_MAX_HTML_BYTES ((size_t)64 << 20)

typedef struct mdsum_extract_options {
    unsigned flags;          /* MDSUM_EXTRACT_* */
    const char *charset;     /* charset from outside the page (an HTTP
                                Content-Type), or NULL to detect; a label
                                the bytes contradict is not used */
    const char *url;         /* the page's address, used when the page names
                                no canonical URL; NULL = none */
} mdsum_extract_options;

/** Fill `opts` with the defaults (all zero). NULL is a no-op. */
MDSUM_API void mdsum_extract_options_init(mdsum_extract_options *opts);

/** Extract the article from `len` bytes of HTML in any charset. On success
 *  *out receives an article to free with mdsum_article_free(). On failure
 *  *out is NULL and the status is MDSUM_ENOCONTENT (no main content found:
 *  an empty page, binary data, a page of navigation only), MDSUM_ELIMIT
 *  (more than MDSUM_MAX_HTML_BYTES), MDSUM_EINVAL (NULL ctx/out, or NULL
 *  html with len > 0) or MDSUM_ENOMEM. Broken markup is not an error.
 *  `opts` may be NULL for the defaults. */
MDSUM_API int mdsum_extract_opts(mdsum_ctx *ctx, const char *html, size_t len,
                                 const mdsum_extract_options *opts,
                                 mdsum_article **out);

/** mdsum_extract_opts() with only flags. */
MDSUM_API int mdsum_extract(mdsum_ctx *ctx, const char *html, size_t len,
                            unsigned flags, mdsum_article **out);

/** Free an article. NULL is a no-op. It may outlive its context (it keeps
 *  a copy of the allocator). */
MDSUM_API void mdsum_article_free(mdsum_article *a);

/** Extract the article of a page and add it to the cluster as a document
 *  whose title, date, url, site and author come from the page's metadata.
 *  `flags` are the mdsum_cluster_add flags plus MDSUM_EXTRACT_ALL. Returns
 *  the statuses of mdsum_extract_opts() (MDSUM_ENOCONTENT with the index
 *  the document would have had) and of mdsum_cluster_add(). */
MDSUM_API int mdsum_cluster_add_html(mdsum_cluster *cl, const char *html,
                                     size_t len, unsigned flags);

/* ======================================================================
 * HTML report (src/report.c)
 * ====================================================================== */

/* Values of mdsum_report_info.expand. */
enum {
    MDSUM_REPORT_EXPAND_AUTO = 0, /* documents open when the cluster is small */
    MDSUM_REPORT_EXPAND_ALL,      /* every document open */
    MDSUM_REPORT_EXPAND_NONE      /* every document collapsed */
};

/** What the library cannot know about a run, for the report's "Run details".
 *  Initialise with mdsum_report_info_init(). Strings are borrowed for the
 *  duration of the call and may be NULL (not shown). */
typedef struct mdsum_report_info {
    const char *title;      /* page title; NULL: the cluster id, else
                               "Summary of N documents" */
    const char *command;    /* the command line or a description of the run */
    double ms_read;         /* timings in milliseconds; a negative value */
    double ms_analyze;      /* means unknown and is not shown */
    double ms_summarize;
    double ms_total;
    int expand;             /* MDSUM_REPORT_EXPAND_* */
} mdsum_report_info;

/** Fill `info` with the defaults: no strings, unknown timings, automatic
 *  expansion. NULL is a no-op. */
MDSUM_API void mdsum_report_info_init(mdsum_report_info *info);

/** Render a self-contained HTML page (no network access, no external
 *  script, style or font; a Content-Security-Policy forbids any load) that
 *  shows the summary `s` of cluster `cl`: each summary sentence links to its
 *  place in its source and names the documents that support it; the
 *  documents show the chosen byte ranges highlighted exactly, the sentences
 *  that say nearly the same thing marked, and the text the cleaner removed
 *  greyed out with its reason; then the run details. Every piece of text
 *  (document text, titles, URLs, reasons) is HTML-escaped, and only http(s)
 *  URLs become links. Highlighted elements carry data-doc, data-start and
 *  data-end (UTF-8 byte offsets, as in the JSON output).
 *  `info` may be NULL (defaults). *out (NUL-terminated, free with
 *  mdsum_free) and *out_len receive the page. The cluster must be the one
 *  `s` was made from. Runs in time linear in the text plus O(m log m) for
 *  the m marked spans. Returns MDSUM_OK, MDSUM_EINVAL or MDSUM_ENOMEM.
 *  Thread-safe as long as `ctx` is not used by another thread. */
MDSUM_API int mdsum_report_render(mdsum_ctx *ctx, const mdsum_cluster *cl,
                                  const mdsum_summary *s, const mdsum_report_info *info,
                                  char **out, size_t *out_len);

/* ======================================================================
 * Learning (src/learn.c): training the `learned` sentence scorer
 *
 * The trainer collects, for each cluster with its reference summary, the
 * features of every candidate sentence (those of the `learned` ranker) and
 * a target: how much of the sentence the reference contains (its clipped
 * unigram and bigram matches over twice its length, stemmed), or whether
 * a greedy oracle summary takes it. mdsum_trainer_fit() then fits gradient-boosted regression
 * trees (logistic loss) and writes the model text that the `learned`
 * ranker (and the sentence term of `joint`) reads (data/model-en.txt,
 * embedded at build time). With MDSUM_TARGET_PRIOR it counts words
 * instead and writes the word prior table those features read
 * (data/prior-en.tsv: per word, how likely a reference is to hold it when
 * the input does).
 * A trainer belongs to its context: one thread at a time.
 * ====================================================================== */
typedef struct mdsum_trainer mdsum_trainer;

typedef struct mdsum_train_opts {
    int trees;          /* boosting rounds (default 100) */
    int depth;          /* depth of each tree, 1..8 (default 4) */
    double rate;        /* shrinkage of each tree (default 0.1) */
    double l2;          /* L2 penalty on leaf values (default 1) */
    double min_child;   /* smallest hessian sum of a leaf (default 20) */
} mdsum_train_opts;

/** Fill `o` with the defaults. */
MDSUM_API void mdsum_train_opts_init(mdsum_train_opts *o);

/* Training targets (mdsum_trainer_new). */
enum {
    MDSUM_TARGET_PRECISION = 0,  /* sentence scorer: share of the sentence the reference says */
    MDSUM_TARGET_ORACLE = 1,     /* sentence scorer: 1 if a greedy oracle summary takes it */
    MDSUM_TARGET_PRIOR = 2       /* the word prior table (data/prior-en.tsv): per word, the inputs
                                    holding it and the references holding it too */
};

/** A new trainer with targets of kind `target` (MDSUM_TARGET_*). `opts`
 *  (copied, but its strings are borrowed for the trainer's life; NULL =
 *  defaults) sets the analysis
 *  (language, cleaning, IDF) used for every cluster. MDSUM_ENOMEM,
 *  or the codes of mdsum_options_validate. */
MDSUM_API int mdsum_trainer_new(mdsum_ctx *ctx, const mdsum_options *opts,
                                int target, mdsum_trainer **out);
/** Free a trainer. NULL is a no-op. */
MDSUM_API void mdsum_trainer_free(mdsum_trainer *t);
/** Analyse `cl` and add its candidate sentences as examples, with targets
 *  from the reference `ref` (UTF-8, `ref_len` bytes) for a summary of
 *  `words` words (0 = the trainer's options). Adding a cluster with
 *  several budgets teaches the scorer how selective to be. For
 *  MDSUM_TARGET_PRIOR: count the cluster's words and those `ref` holds
 *  too (`words` is not used). The cluster is
 *  not kept. MDSUM_EEMPTY when the cluster has no sentence. */
MDSUM_API int mdsum_trainer_add(mdsum_trainer *t, mdsum_cluster *cl,
                                const char *ref, size_t ref_len, long words);
/** Number of examples (sentences) added so far; for MDSUM_TARGET_PRIOR,
 *  the number of distinct words seen. 0 for NULL. */
MDSUM_API size_t mdsum_trainer_count(const mdsum_trainer *t);
/** Fit the model (or, for MDSUM_TARGET_PRIOR, make the table: words held
 *  by at least 20 inputs; `opts` unused) and write its text to *out
 *  (NUL-terminated, free with mdsum_free) and *out_len (may be NULL).
 *  `opts` NULL = defaults.
 *  MDSUM_EEMPTY when no example was added, MDSUM_EINVAL for bad options. */
MDSUM_API int mdsum_trainer_fit(mdsum_trainer *t, const mdsum_train_opts *opts,
                                char **out, size_t *out_len);

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
