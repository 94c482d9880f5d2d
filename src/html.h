/*
 * html.h -- private interface of the HTML extractor (html.c, html_meta.c,
 * charset.c) for the rest of the library (input.c uses html_add_doc).
 */
#ifndef MDSUM_HTML_H
#define MDSUM_HTML_H

#include "internal.h"

/* ======================================================================
 * Character sets (charset.c)
 * ====================================================================== */

/* How decode_html chose the charset. */
enum {
    CS_FROM_BOM = 1,      /* byte-order mark */
    CS_FROM_HINT,         /* the caller's (transport) charset */
    CS_FROM_META,         /* <meta charset> / http-equiv Content-Type */
    CS_FROM_XMLDECL,      /* <?xml ... encoding="..."?> */
    CS_FROM_SNIFF,        /* no usable declaration: UTF-8 validity or the
                             legacy default of the page's language */
    CS_OVERRIDDEN         /* a declaration was contradicted by the bytes */
};

typedef struct html_decoded {
    char *text;           /* valid UTF-8, no NUL byte, no BOM; alc-owned */
    size_t len;
    char charset[32];     /* the name it was decoded from, e.g. "UTF-8" */
    int source;           /* CS_* */
    size_t replaced;      /* bytes or sequences replaced by U+FFFD */
} html_decoded;

/* Decode an HTML page to UTF-8. `hint` is a charset label from outside the
 * page (e.g. an HTTP header) or NULL. The result always holds valid UTF-8
 * (undecodable input becomes U+FFFD, NUL becomes U+FFFD). Returns MDSUM_OK
 * or MDSUM_ENOMEM. Thread-safe (iconv descriptors are per call). */
int decode_html(const alc_t *alc, const char *in, size_t n, const char *hint,
                html_decoded *out);

/* The iconv name for a WHATWG-style charset label, or NULL when unknown.
 * `buf` (at least 48 bytes) receives names that are passed through. */
const char *charset_canonical(const char *label, size_t n, char *buf, size_t bufsize);

/* ======================================================================
 * Metadata (html_meta.c)
 * ====================================================================== */

/* A key/value pair found while parsing: <meta name|property|itemprop|
 * http-equiv=KEY content=VALUE>, <link rel=KEY href=VALUE>, an element
 * with itemprop=KEY and its text or datetime/content, <time datetime>,
 * rel=author links and elements whose class names an author ("class:author"). */
typedef struct meta_kv {
    const char *key;      /* lower-cased, prefixed: "meta:og:title",
                             "link:canonical", "itemprop:author", "time:" */
    const char *value;    /* whitespace-collapsed */
    uint32_t node;        /* element index in the parse tree */
    uint8_t near;         /* the element is in the main content's container */
} meta_kv;

typedef struct meta_input {
    const meta_kv *kv;
    size_t nkv;
    const char *const *jsonld;   /* texts of <script type=application/ld+json> */
    const size_t *jsonld_len;
    size_t njsonld;
    const char *title;           /* <title> text, collapsed, or NULL */
    const char *h1;              /* the first <h1> text, or NULL */
    size_t h1_count;             /* <h1> elements with text */
    const char *html_lang;       /* <html lang>, or NULL */
    const char *url_hint;        /* the caller's URL, or NULL */
} meta_input;

typedef struct meta_out {
    char *title, *date, *author, *site, *url, *lang, *description;
} meta_out;

/* Resolve metadata; strings are allocated in `ar`. Only MDSUM_ENOMEM can
 * fail. */
int meta_resolve(arena *ar, const meta_input *in, meta_out *out);

/* The schema.org articleBody of the page's JSON-LD (in `ar`): *flat with
 * all white space collapsed, *paras with its line breaks as paragraph
 * breaks (NULL when the body is markup). NULL when there is none. */
int meta_article_body(arena *ar, const char *const *jsonld, const size_t *lens, size_t n,
                      char **flat, char **paras);

/* Parse a date in one of the common web forms into "YYYY-MM-DD" (buf must
 * hold 11 bytes). Returns false when it is not a plausible date. */
bool meta_parse_date(const char *s, size_t n, char *buf);

/* ======================================================================
 * Documents from HTML (html.c)
 * ====================================================================== */

/* Extract the article of `html` and add it to `cl` as a document. Fields set
 * in `fields` (may be NULL; its text is ignored) win over the page's
 * metadata. Returns what mdsum_cluster_add returns, or MDSUM_ENOCONTENT. */
int html_add_doc(mdsum_cluster *cl, const char *html, size_t len,
                 const mdsum_doc *fields, unsigned flags);

/* 0 when the tag table and its constants agree (a unit test). */
int html_tags_selftest(void);

/* Development aid: the blocks of a page with their classes, weights and
 * the chosen container, one line each (*out freed with mdsum_free). */
int html_extract_debug(mdsum_ctx *ctx, const char *html, size_t len, const char *url,
                       char **out);

#endif
