/*
 * token.c -- words -> normalized terms: utf8proc NFC + case folding,
 * stopword flags, Snowball stems (libstemmer).
 *
 * A word is a maximal run of letters, marks and digits (Unicode categories
 * L*, M*, N*), with an apostrophe (' or U+2019) allowed between two letters
 * ("don't", "O'Neill") and a '.' or ',' allowed between two digits ("3.5",
 * "1,000"). Hyphens and all other characters separate words.
 *
 * ASCII words, the vast majority in English news, take a fast path (table
 * lookups, in-place lowercasing). Others go through utf8proc_decompose +
 * utf8proc_reencode into a fixed scratch buffer, so no allocation happens
 * per word. Terms are cached per language in the context (folded word ->
 * term id, stopword flag): Snowball is the most expensive step and news
 * vocabulary repeats heavily. Each term id also has a slot for the
 * analysis in progress, which is how a cluster numbers its terms with one
 * hash lookup per token (summarize.c).
 */
#include "internal.h"
#include "idf.h"
#include "token.h"

#include <libstemmer.h>
#include <string.h>
#include <utf8proc.h>

/* The word cache: an open-addressing table of 32-byte entries that hold
 * the word itself (up to WORD_INLINE bytes, zero-padded), so that a look-up
 * touches one cache line. A profile of a long batch run showed the
 * pointer-chasing string map it replaces (slot -> id -> hash, length,
 * string) stalling on cache misses in a third of the run time. Longer
 * words (rare: URL parts, compounds) are stemmed on every occurrence. */
#define WORD_INLINE 24
#define WORD_CACHE_MAX ((size_t)1 << 16)   /* words before lang_res_trim() empties it */

typedef struct word_ent {
    uint32_t hash;             /* hash_bytes(word) | 1; 0 = empty */
    uint32_t term;             /* term id | WORD_STOP */
    uint64_t key[WORD_INLINE / 8];
} word_ent;

#define WORD_STOP 0x80000000u

/* Values cached per term for one table at a time: a value is current when
 * its epoch is the resources' epoch of its kind, which changes with the
 * table (its fingerprint) and when term ids are reused (a trim). */
enum { CACHE_IDF, CACHE_PRIOR, NCACHE };
typedef struct term_cache {
    double v;
    uint32_t epoch;
} term_cache;

/* Per term id: what a token needs, in one place. */
typedef struct term_ent {
    const char *str;           /* the term (in `terms`) */
    uint32_t len, hash;        /* hash_bytes(str, len) */
    uint32_t stamp, slot;      /* the analysis slot: valid when stamp == r->stamp */
    term_cache cache[NCACHE];  /* its idf and word prior (cache_get) */
} term_ent;

struct lang_res {
    const lang_def *L;
    struct sb_stemmer *stemmer;   /* NULL: language without a stemmer */
    arena ar;                     /* term strings */
    word_ent *wtab;               /* the word cache, wmask + 1 entries */
    size_t wmask, nwords;
    strmap terms;                 /* stems (the words themselves without a stemmer) */
    term_ent *tinfo;              /* per term id */
    size_t tcap;
    uint32_t stamp;               /* the analysis in progress */
    uint64_t cache_fp[NCACHE];    /* fingerprint of the table cached values belong to */
    uint32_t cache_epoch[NCACHE];
    uint64_t gen;                 /* lang_res_generation */
};

/* ---- Character classes ------------------------------------------------- */
enum { C_SEP = 0, C_ALPHA = 1, C_DIGIT = 2 };

/* Classes of the ASCII bytes: letters and digits; everything else separates. */
#define A_ C_ALPHA
#define D_ C_DIGIT
static const uint8_t ascii_cls[128] = {
    ['0'] = D_, ['1'] = D_, ['2'] = D_, ['3'] = D_, ['4'] = D_, ['5'] = D_, ['6'] = D_,
    ['7'] = D_, ['8'] = D_, ['9'] = D_,
    ['A'] = A_, ['B'] = A_, ['C'] = A_, ['D'] = A_, ['E'] = A_, ['F'] = A_, ['G'] = A_,
    ['H'] = A_, ['I'] = A_, ['J'] = A_, ['K'] = A_, ['L'] = A_, ['M'] = A_, ['N'] = A_,
    ['O'] = A_, ['P'] = A_, ['Q'] = A_, ['R'] = A_, ['S'] = A_, ['T'] = A_, ['U'] = A_,
    ['V'] = A_, ['W'] = A_, ['X'] = A_, ['Y'] = A_, ['Z'] = A_,
    ['a'] = A_, ['b'] = A_, ['c'] = A_, ['d'] = A_, ['e'] = A_, ['f'] = A_, ['g'] = A_,
    ['h'] = A_, ['i'] = A_, ['j'] = A_, ['k'] = A_, ['l'] = A_, ['m'] = A_, ['n'] = A_,
    ['o'] = A_, ['p'] = A_, ['q'] = A_, ['r'] = A_, ['s'] = A_, ['t'] = A_, ['u'] = A_,
    ['v'] = A_, ['w'] = A_, ['x'] = A_, ['y'] = A_, ['z'] = A_,
};
#undef A_
#undef D_

static int cp_class(int32_t cp)
{
    if (cp < 0x80) return ascii_cls[cp];
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return C_ALPHA;
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return C_DIGIT;
    default:
        return C_SEP;
    }
}

static int class_at_utf8(const unsigned char *t, size_t i, size_t end, size_t *len)
{
    int32_t cp;
    *len = utf8_decode(t + i, end - i, &cp);
    return cp_class(cp);
}

/* Class of the code point at text[i] (end exclusive), and its length. The
 * byte table keeps the common ASCII case to one load. */
static inline int class_at(const unsigned char *t, size_t i, size_t end, size_t *len)
{
    if (t[i] < 0x80) { *len = 1; return ascii_cls[t[i]]; }
    return class_at_utf8(t, i, end, len);
}

static bool is_apostrophe(const unsigned char *t, size_t i, size_t end, size_t *len)
{
    if (t[i] == '\'') { *len = 1; return true; }
    if (t[i] == 0xE2 && i + 2 < end && t[i + 1] == 0x80 && t[i + 2] == 0x99) {
        *len = 3;
        return true;
    }
    return false;
}

/* ---- Language resources ------------------------------------------------ */
int lang_res_get(mdsum_ctx *ctx, const lang_def *L, lang_res **out)
{
    for (size_t i = 0; i < ctx->nlangs; i++) {
        if (ctx->langs[i]->L == L) {
            *out = ctx->langs[i];
            return MDSUM_OK;
        }
    }
    if (ctx->nlangs == MDSUM_MAX_LANG_CACHE) {
        /* Evict the oldest; rare (more than 8 languages in one context). */
        lang_res_free(&ctx->alc, ctx->langs[0]);
        memmove(ctx->langs, ctx->langs + 1, (ctx->nlangs - 1) * sizeof *ctx->langs);
        ctx->nlangs--;
    }
    lang_res *r = alc_calloc(&ctx->alc, 1, sizeof *r);
    if (!r) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    r->L = L;
    r->stamp = 1;
    for (int k = 0; k < NCACHE; k++) r->cache_epoch[k] = 1;
    r->gen = ++ctx->serial << 32;
    arena_init(&r->ar, &ctx->alc);
    strmap_init(&r->terms, &ctx->alc, &r->ar);
    if (L->snowball) {
        r->stemmer = sb_stemmer_new(L->snowball, NULL);
        if (!r->stemmer) {
            lang_res_free(&ctx->alc, r);
            return err_set(ctx, MDSUM_ENOMEM, "cannot create the %s stemmer", L->name);
        }
    }
    ctx->langs[ctx->nlangs++] = r;
    *out = r;
    return MDSUM_OK;
}

void lang_res_free(const alc_t *alc, lang_res *r)
{
    if (!r) return;
    if (r->stemmer) sb_stemmer_delete(r->stemmer);
    strmap_fini(&r->terms);
    alc_free(alc, r->wtab);
    alc_free(alc, r->tinfo);
    arena_fini(&r->ar);
    alc_free(alc, r);
}

void lang_res_slots_begin(lang_res *r)
{
    if (++r->stamp == 0) {
        /* Wrapped after 2^32 analyses: forget every stamp once. */
        for (size_t i = 0; i < r->tcap; i++) r->tinfo[i].stamp = 0;
        r->stamp = 1;
    }
}

/* Forget every cached value of kind k: a new epoch (on the rare wrap,
 * every term's epoch is cleared once). */
static void cache_forget(lang_res *r, int k)
{
    if (++r->cache_epoch[k] == 0) {
        for (size_t i = 0; i < r->tcap; i++) r->tinfo[i].cache[k].epoch = 0;
        r->cache_epoch[k] = 1;
    }
}

void lang_res_trim(lang_res *r)
{
    if (r->nwords < WORD_CACHE_MAX) return;
    memset(r->wtab, 0, (r->wmask + 1) * sizeof *r->wtab);
    r->nwords = 0;
    strmap_clear(&r->terms);
    arena_reset(&r->ar);
    /* Term ids are reused from 0: no slot or cached value may survive. */
    lang_res_slots_begin(r);
    for (int k = 0; k < NCACHE; k++) cache_forget(r, k);
    r->gen++;
}

uint64_t lang_res_generation(const lang_res *r)
{
    return r->gen;
}

/* The term id of term string t (interned), with its entry filled in. */
static int64_t term_id(lang_res *r, const char *t, size_t tl)
{
    size_t before = r->terms.n;
    int64_t tid = strmap_intern(&r->terms, t, tl);
    if (tid < 0) return -1;
    if (r->terms.n == before) return tid;   /* known term */
    if ((size_t)tid >= r->tcap) {
        size_t cap = r->tcap;
        void *a = r->tinfo;
        if (!grow_array(r->terms.alc, &a, &cap, (size_t)tid + 1, sizeof *r->tinfo)) return -1;
        r->tinfo = a;
        memset(r->tinfo + r->tcap, 0, (cap - r->tcap) * sizeof *r->tinfo);
        r->tcap = cap;
    }
    /* A new term (its id may have served another term before a trim). */
    term_ent *te = &r->tinfo[tid];
    te->str = strmap_str(&r->terms, (size_t)tid);
    te->len = (uint32_t)tl;
    te->hash = strmap_hash(&r->terms, (size_t)tid);
    te->stamp = 0;
    for (int k = 0; k < NCACHE; k++) te->cache[k].epoch = 0;
    return tid;
}

/* Stem a folded word (or take it as it is without a stemmer) and intern
 * the term. */
static int64_t stem_term(lang_res *r, const char *w, size_t n)
{
    const char *t = w;
    size_t tl = n;
    if (r->stemmer) {
        const sb_symbol *s = sb_stemmer_stem(r->stemmer, (const sb_symbol *)w, (int)n);
        if (!s) return -1;
        t = (const char *)s;
        tl = (size_t)sb_stemmer_length(r->stemmer);
    }
    return term_id(r, t, tl);
}

static bool wtab_grow(lang_res *r)
{
    size_t n = r->wtab ? (r->wmask + 1) * 2 : 4096;
    word_ent *t = alc_calloc(r->terms.alc, n, sizeof *t);
    if (!t) return false;
    for (size_t i = 0; r->wtab && i <= r->wmask; i++) {
        if (!r->wtab[i].hash) continue;
        size_t j = r->wtab[i].hash & (n - 1);
        while (t[j].hash) j = (j + 1) & (n - 1);
        t[j] = r->wtab[i];
    }
    alc_free(r->terms.alc, r->wtab);
    r->wtab = t;
    r->wmask = n - 1;
    return true;
}

/* The term of a folded word, and whether the word is a stopword. `w` is
 * NUL-padded to at least WORD_INLINE bytes; h = hash_bytes(w, n) | 1. */
static int term_of_word(lang_res *r, const char *w, size_t n, uint32_t h, uint32_t *id, bool *stop)
{
    if (n > WORD_INLINE) {
        int64_t tid = stem_term(r, w, n);
        if (tid < 0) return MDSUM_ENOMEM;
        *id = (uint32_t)tid;
        *stop = lang_is_stopword(r->L, w, n);
        return MDSUM_OK;
    }
    uint64_t key[WORD_INLINE / 8];
    memcpy(key, w, sizeof key);
    size_t i = h & r->wmask;
    for (;;) {
        const word_ent *e = &r->wtab[i];
        if (e->hash == 0) break;
        if (e->hash == h && e->key[0] == key[0] && e->key[1] == key[1] && e->key[2] == key[2]) {
            *id = e->term & ~WORD_STOP;
            *stop = (e->term & WORD_STOP) != 0;
            return MDSUM_OK;
        }
        i = (i + 1) & r->wmask;
    }
    /* A new word: stem it, then insert (growing at half load). */
    int64_t tid = stem_term(r, w, n);
    if (tid < 0 || tid >= (int64_t)WORD_STOP) return MDSUM_ENOMEM;
    bool st = lang_is_stopword(r->L, w, n);
    if (2 * (r->nwords + 1) > r->wmask + 1) {
        if (!wtab_grow(r)) return MDSUM_ENOMEM;
        i = h & r->wmask;
        while (r->wtab[i].hash) i = (i + 1) & r->wmask;
    }
    word_ent *e = &r->wtab[i];
    e->hash = h;
    e->term = (uint32_t)tid | (st ? WORD_STOP : 0);
    memcpy(e->key, key, sizeof key);
    r->nwords++;
    *id = (uint32_t)tid;
    *stop = st;
    return MDSUM_OK;
}

/* Term id's cached value of kind k for the table of fingerprint fp;
 * *current is false when the caller must look it up and store it. */
static term_cache *cache_get(lang_res *r, int k, uint64_t fp, uint32_t id, bool *current)
{
    if (r->cache_fp[k] != fp) {
        /* Another table: every cached value of this kind is stale. */
        r->cache_fp[k] = fp;
        cache_forget(r, k);
    }
    term_cache *c = &r->tinfo[id].cache[k];
    *current = c->epoch == r->cache_epoch[k];
    c->epoch = r->cache_epoch[k];
    return c;
}

double lang_res_idf(lang_res *r, const idf_table *t, uint32_t id)
{
    bool current;
    term_cache *c = cache_get(r, CACHE_IDF, idf_fingerprint(t), id, &current);
    const term_ent *te = &r->tinfo[id];
    if (!current) c->v = idf_lookup_h(t, te->str, te->len, te->hash);
    return c->v;
}

double lang_res_prior(lang_res *r, const prior_table *t, uint32_t id)
{
    bool current;
    term_cache *c = cache_get(r, CACHE_PRIOR, prior_fingerprint(t), id, &current);
    const term_ent *te = &r->tinfo[id];
    if (!current) c->v = prior_lookup(t, te->str, te->len);
    return c->v;
}

/* NFC + case folding of a non-ASCII word into `out` (cap bytes). Returns the
 * length, or 0 if it does not fit (the caller then skips the word). */
static size_t fold_unicode(const char *w, size_t n, char *out, size_t cap)
{
    utf8proc_int32_t cps[TOKEN_MAX_BYTES];
    utf8proc_ssize_t k = utf8proc_decompose((const utf8proc_uint8_t *)w, (utf8proc_ssize_t)n,
                                            cps, TOKEN_MAX_BYTES,
                                            UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    if (k < 0 || k > TOKEN_MAX_BYTES) return 0;   /* too long: not a word */
    k = utf8proc_reencode(cps, k, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    if (k < 0 || (size_t)k >= cap) return 0;
    /* U+2019 in "don’t" becomes the ASCII apostrophe. */
    const unsigned char *src = (const unsigned char *)cps;
    size_t o = 0;
    for (utf8proc_ssize_t i = 0; i < k; i++) {
        if (src[i] == 0xE2 && i + 2 < k && src[i + 1] == 0x80 && src[i + 2] == 0x99) {
            out[o++] = '\'';
            i += 2;
        } else {
            out[o++] = (char)src[i];
        }
    }
    out[o] = '\0';
    return o;
}

/* ---- The tokenizer ----------------------------------------------------- */

/* Find the next word in t[*i, end): a run of letters, marks and digits
 * with its joiners. Returns false when there is none; moves *i past it. */
static bool next_word(const unsigned char *t, size_t *i, size_t end, size_t *ws_out,
                      size_t *we_out, bool *ascii_out)
{
    size_t i0 = *i;
    while (i0 < end) {
        size_t clen;
        int cls = class_at(t, i0, end, &clen);
        if (cls == C_SEP) { i0 += clen; continue; }
        size_t ws = i0, we = i0 + clen;
        bool ascii = t[i0] < 0x80;
        int prev = cls;
        while (we < end) {
            size_t l2;
            int c2 = class_at(t, we, end, &l2);
            if (c2 != C_SEP) {
                if (t[we] >= 0x80) ascii = false;
                prev = c2;
                we += l2;
                continue;
            }
            /* Joiners: apostrophe between letters, . or , between digits. */
            size_t al;
            if (prev == C_ALPHA && is_apostrophe(t, we, end, &al) && we + al < end) {
                size_t l3;
                if (class_at(t, we + al, end, &l3) == C_ALPHA) {
                    if (al > 1) ascii = false;
                    we += al;
                    continue;
                }
            }
            if (prev == C_DIGIT && (t[we] == '.' || t[we] == ',') && we + 1 < end &&
                t[we + 1] < 0x80 && ascii_cls[t[we + 1]] == C_DIGIT) {
                we += 1;
                continue;
            }
            break;
        }
        *i = we;
        *ws_out = ws;
        *we_out = we;
        *ascii_out = ascii;
        return true;
    }
    *i = end;
    return false;
}

/* For language guessing (lang.c): the same words and folding as terms. */
bool token_next_word(const char *text, size_t *i, size_t end, size_t *ws, size_t *we)
{
    bool ascii;
    return next_word((const unsigned char *)text, i, end, ws, we, &ascii);
}

size_t token_fold_word(const char *w, size_t n, char *out, size_t cap)
{
    bool ascii = true;
    for (size_t k = 0; k < n && ascii; k++) ascii = (unsigned char)w[k] < 0x80;
    if (!ascii) return n <= TOKEN_MAX_BYTES ? fold_unicode(w, n, out, cap) : 0;
    if (n >= cap) return 0;
    for (size_t k = 0; k < n; k++) {
        char c = w[k];
        out[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out[n] = '\0';
    return n;
}

/* Words are handled in batches: first found, folded and hashed, with their
 * cache entries prefetched; then looked up, with their term entries
 * prefetched; then handed over. Most look-ups of a long run miss the CPU
 * caches (the cache holds up to 2^16 words), and this way the misses of a
 * batch overlap instead of stalling one after the other. */
#define TOK_BATCH 32

typedef struct pending_word {
    size_t ws, we;
    uint32_t fl, hash, id;
    bool stop;
    char w[TOKEN_MAX_BYTES + WORD_INLINE];   /* folded, NUL-padded */
} pending_word;

#if defined(__GNUC__)
#  define PREFETCH(p) __builtin_prefetch(p)
#else
#  define PREFETCH(p) ((void)0)
#endif

int tokenize_terms(mdsum_ctx *ctx, lang_res *r, const char *text, size_t start,
                   size_t end, unsigned flags, token_info_fn fn, void *ud)
{
    const unsigned char *t = (const unsigned char *)text;
    bool nostem = (flags & MDSUM_TOKEN_NOSTEM) != 0;
    pending_word batch[TOK_BATCH];
    if (!nostem && !r->wtab && !wtab_grow(r)) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    size_t i = start;
    while (i < end) {
        size_t nb = 0;
        while (nb < TOK_BATCH) {
            size_t ws, we;
            bool ascii;
            if (!next_word(t, &i, end, &ws, &we, &ascii)) break;
            size_t n = we - ws;
            if (n > TOKEN_MAX_BYTES) continue;   /* junk (URLs, base64): no term */
            pending_word *p = &batch[nb];
            size_t fl;
            if (ascii) {
                /* Lower-case and hash in one pass. */
                uint32_t h = HASH_INIT;
                for (size_t k = 0; k < n; k++) {
                    unsigned char c = t[ws + k];
                    c = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
                    p->w[k] = (char)c;
                    h = hash_step(h, c);
                }
                fl = n;
                p->hash = hash_finish(h);
            } else {
                fl = fold_unicode(text + ws, n, p->w, TOKEN_MAX_BYTES + 1);
                if (!fl) continue;
                p->hash = hash_bytes(p->w, fl);
            }
            /* NUL padding: the word cache compares whole 8-byte words. */
            memset(p->w + fl, 0, WORD_INLINE);
            p->ws = ws;
            p->we = we;
            p->fl = (uint32_t)fl;
            if (!nostem) PREFETCH(&r->wtab[(p->hash | 1) & r->wmask]);
            nb++;
        }
        if (!nostem) {
            for (size_t k = 0; k < nb; k++) {
                pending_word *p = &batch[k];
                if (term_of_word(r, p->w, p->fl, p->hash | 1, &p->id, &p->stop) != MDSUM_OK)
                    return err_set(ctx, MDSUM_ENOMEM, "out of memory");
                PREFETCH(&r->tinfo[p->id]);
            }
        }
        for (size_t k = 0; k < nb; k++) {
            pending_word *p = &batch[k];
            token_info ti;
            ti.start = p->ws;
            ti.end = p->we;
            if (nostem) {
                ti.term = p->w;
                ti.len = p->fl;
                ti.hash = p->hash;
                ti.slot = NULL;
                ti.stop = lang_is_stopword(r->L, p->w, p->fl);
                ti.id = TOKEN_NO_ID;
            } else {
                term_ent *te = &r->tinfo[p->id];
                ti.term = te->str;
                ti.len = te->len;
                ti.hash = te->hash;
                ti.id = p->id;
                ti.stop = p->stop;
                if (te->stamp != r->stamp) {
                    te->stamp = r->stamp;
                    te->slot = TOKEN_NO_SLOT;
                }
                ti.slot = &te->slot;
            }
            int rc = fn(ud, &ti);
            if (rc != MDSUM_OK) return rc;
        }
    }
    return MDSUM_OK;
}

typedef struct plain_sink {
    token_fn fn;
    void *ud;
} plain_sink;

static int plain_token(void *ud, const token_info *t)
{
    plain_sink *ps = ud;
    return ps->fn(ps->ud, t->start, t->end, t->term, t->len, t->stop);
}

int tokenize_range(mdsum_ctx *ctx, lang_res *r, const char *text, size_t start,
                   size_t end, unsigned flags, token_fn fn, void *ud)
{
    plain_sink ps = {fn, ud};
    return tokenize_terms(ctx, r, text, start, end, flags, plain_token, &ps);
}

/* ---- Public: mdsum_tokenize -------------------------------------------- */
typedef struct tok_collect {
    const alc_t *alc;
    mdsum_token *toks;
    size_t n, cap;
    strbuf terms;        /* NUL-separated terms; offsets stored in .term */
} tok_collect;

static int collect(void *ud, const token_info *ti)
{
    tok_collect *c = ud;
    void *arr = c->toks;
    if (!grow_array(c->alc, &arr, &c->cap, c->n + 1, sizeof *c->toks)) return MDSUM_ENOMEM;
    c->toks = arr;
    mdsum_token *t = &c->toks[c->n++];
    t->start = ti->start;
    t->end = ti->end;
    t->term = (const char *)(uintptr_t)c->terms.len;   /* fixed up later */
    t->stopword = ti->stop;
    if (!buf_append(&c->terms, ti->term, ti->len) || !buf_putc(&c->terms, '\0')) return MDSUM_ENOMEM;
    return MDSUM_OK;
}

int resolve_lang(mdsum_ctx *ctx, const char *name, const char *text, size_t len,
                 const lang_def **out)
{
    if (!name) name = "en";
    if (strcmp(name, "auto") == 0) {
        const char *code = "en";
        int rc = mdsum_lang_detect(ctx, text, len, &code);
        if (rc) return rc;
        name = code;
    }
    const lang_def *L = lang_find(name);
    if (!L) return err_set(ctx, MDSUM_ELANG, "unsupported language '%s' (see 'mdsum summarize --help')", name);
    *out = L;
    return MDSUM_OK;
}

int mdsum_tokenize(mdsum_ctx *ctx, const char *text, size_t len, const char *lang,
                   unsigned flags, mdsum_token **out, size_t *out_n)
{
    if (!ctx || !out || !out_n || (!text && len)) return err_set(ctx, MDSUM_EINVAL, "invalid argument");
    *out = NULL;
    *out_n = 0;
    size_t bad = utf8_check(text, len, false);
    if (bad < len) return err_set_at(ctx, MDSUM_EUTF8, -1, (long long)bad, "invalid UTF-8");
    const lang_def *L;
    int rc = resolve_lang(ctx, lang, text, len, &L);
    if (rc) return rc;
    lang_res *r;
    if ((rc = lang_res_get(ctx, L, &r))) return rc;
    lang_res_trim(r);
    tok_collect c = {&ctx->alc, NULL, 0, 0, {0}};
    buf_init(&c.terms, &ctx->alc);
    rc = tokenize_terms(ctx, r, text, 0, len, flags, collect, &c);
    if (rc == MDSUM_OK) {
        /* One block: the token array followed by the terms. */
        size_t head, total;
        if (!mul_ok(c.n, sizeof(mdsum_token), &head) || head > SIZE_MAX - c.terms.len - 1) {
            rc = MDSUM_ENOMEM;
        } else {
            total = head + c.terms.len + 1;
            unsigned char *block = alc_malloc(&ctx->alc, total);
            if (!block) {
                rc = MDSUM_ENOMEM;
            } else {
                char *strs = (char *)block + head;
                if (c.terms.len) memcpy(strs, c.terms.data, c.terms.len);
                strs[c.terms.len] = '\0';
                mdsum_token *toks = (mdsum_token *)block;
                for (size_t i = 0; i < c.n; i++) {
                    toks[i] = c.toks[i];
                    toks[i].term = strs + (uintptr_t)c.toks[i].term;
                }
                *out = toks;
                *out_n = c.n;
            }
        }
    }
    alc_free(&ctx->alc, c.toks);
    buf_fini(&c.terms);
    if (rc == MDSUM_ENOMEM) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    return rc;
}
