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
#include "token.h"

#include <libstemmer.h>
#include <string.h>
#include <utf8proc.h>

#define STEM_CACHE_MAX 200000  /* words before lang_res_trim() empties the cache */

struct lang_res {
    const lang_def *L;
    struct sb_stemmer *stemmer;   /* NULL: language without a stemmer */
    arena ar;                     /* cache strings */
    strmap words;                 /* folded word -> cache slot */
    uint32_t *term_of;            /* slot -> term id (in `terms`) */
    uint8_t *stop_of;             /* slot -> stopword flag */
    size_t cap;
    strmap terms;                 /* stems (the words themselves without a stemmer) */
    /* Per-term slots of the current analysis: slot_val[id] is valid when
     * slot_stamp[id] == stamp (so starting an analysis is O(1)). */
    uint32_t *slot_val, *slot_stamp;
    size_t slot_cap;
    uint32_t stamp;
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
    arena_init(&r->ar, &ctx->alc);
    strmap_init(&r->words, &ctx->alc, &r->ar);
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
    strmap_fini(&r->words);
    strmap_fini(&r->terms);
    alc_free(alc, r->term_of);
    alc_free(alc, r->stop_of);
    alc_free(alc, r->slot_val);
    alc_free(alc, r->slot_stamp);
    arena_fini(&r->ar);
    alc_free(alc, r);
}

const lang_def *lang_res_lang(const lang_res *r)
{
    return r->L;
}

void lang_res_slots_begin(lang_res *r)
{
    if (++r->stamp == 0) {
        /* Wrapped after 2^32 analyses: forget every stamp once. */
        if (r->slot_stamp) memset(r->slot_stamp, 0, r->slot_cap * sizeof *r->slot_stamp);
        r->stamp = 1;
    }
}

void lang_res_trim(lang_res *r)
{
    if (r->words.n < STEM_CACHE_MAX) return;
    strmap_clear(&r->words);
    strmap_clear(&r->terms);
    arena_reset(&r->ar);
    /* Term ids are reused from 0: no slot may survive. */
    lang_res_slots_begin(r);
}

/* The term of a folded word, cached: its string (valid until the next
 * call), hash and id in r->terms, and whether the word is a stopword. */
static int term_of_word(lang_res *r, const char *w, size_t n, const char **term, size_t *term_len,
                        uint32_t *id, bool *stop)
{
    uint32_t h = hash_bytes(w, n);
    int64_t slot = strmap_find_h(&r->words, w, n, h);
    if (slot < 0) {
        const char *t = w;
        size_t tl = n;
        if (r->stemmer) {
            const sb_symbol *s = sb_stemmer_stem(r->stemmer, (const sb_symbol *)w, (int)n);
            if (!s) return MDSUM_ENOMEM;
            t = (const char *)s;
            tl = (size_t)sb_stemmer_length(r->stemmer);
        }
        int64_t tid = strmap_intern(&r->terms, t, tl);
        if (tid < 0) return MDSUM_ENOMEM;
        if ((size_t)tid >= r->slot_cap) {
            size_t c1 = r->slot_cap, c2 = r->slot_cap;
            void *a = r->slot_val, *b = r->slot_stamp;
            if (!grow_array(r->words.alc, &a, &c1, (size_t)tid + 1, sizeof *r->slot_val)) return MDSUM_ENOMEM;
            r->slot_val = a;
            if (!grow_array(r->words.alc, &b, &c2, (size_t)tid + 1, sizeof *r->slot_stamp)) return MDSUM_ENOMEM;
            r->slot_stamp = b;
            memset(r->slot_stamp + r->slot_cap, 0, (c2 - r->slot_cap) * sizeof *r->slot_stamp);
            r->slot_cap = c1;
        }
        slot = strmap_intern_h(&r->words, w, n, h);
        if (slot < 0) return MDSUM_ENOMEM;
        if ((size_t)slot >= r->cap) {
            size_t cap1 = r->cap, cap2 = r->cap;
            void *a = r->term_of, *b = r->stop_of;
            if (!grow_array(r->words.alc, &a, &cap1, (size_t)slot + 1, sizeof *r->term_of))
                return MDSUM_ENOMEM;
            r->term_of = a;
            if (!grow_array(r->words.alc, &b, &cap2, (size_t)slot + 1, sizeof *r->stop_of))
                return MDSUM_ENOMEM;
            r->stop_of = b;
            r->cap = cap1;
        }
        r->term_of[slot] = (uint32_t)tid;
        r->stop_of[slot] = lang_is_stopword(r->L, w, n);
    }
    uint32_t tid = r->term_of[slot];
    *term = strmap_str(&r->terms, tid);
    *term_len = strmap_len(&r->terms, tid);
    *id = tid;
    *stop = r->stop_of[slot];
    return MDSUM_OK;
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
int tokenize_range(mdsum_ctx *ctx, lang_res *r, const char *text, size_t start,
                   size_t end, unsigned flags, token_fn fn, void *ud)
{
    const unsigned char *t = (const unsigned char *)text;
    bool nostem = (flags & MDSUM_TOKEN_NOSTEM) != 0;
    char folded[TOKEN_MAX_BYTES + 1];
    size_t i = start;
    while (i < end) {
        size_t clen;
        int cls = class_at(t, i, end, &clen);
        if (cls == C_SEP) { i += clen; continue; }
        /* A word starts here: find its end. */
        size_t ws = i, we = i + clen;
        bool ascii = t[i] < 0x80;
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
        i = we;
        size_t n = we - ws;
        if (n > TOKEN_MAX_BYTES) continue;   /* junk (URLs, base64): no term */
        size_t fl;
        if (ascii) {
            for (size_t k = 0; k < n; k++) {
                unsigned char c = t[ws + k];
                folded[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            }
            folded[n] = '\0';
            fl = n;
        } else {
            fl = fold_unicode(text + ws, n, folded, sizeof folded);
            if (!fl) continue;
        }
        token_info ti;
        ti.start = ws;
        ti.end = we;
        if (nostem) {
            ti.term = folded;
            ti.len = fl;
            ti.hash = hash_bytes(folded, fl);
            ti.slot = NULL;
            ti.stop = lang_is_stopword(r->L, folded, fl);
        } else {
            uint32_t id;
            if (term_of_word(r, folded, fl, &ti.term, &ti.len, &id, &ti.stop) != MDSUM_OK)
                return err_set(ctx, MDSUM_ENOMEM, "out of memory");
            ti.hash = strmap_hash(&r->terms, id);
            if (r->slot_stamp[id] != r->stamp) {
                r->slot_stamp[id] = r->stamp;
                r->slot_val[id] = TOKEN_NO_SLOT;
            }
            ti.slot = &r->slot_val[id];
        }
        int rc = fn(ud, &ti);
        if (rc != MDSUM_OK) return rc;
    }
    return MDSUM_OK;
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
    rc = tokenize_range(ctx, r, text, 0, len, flags, collect, &c);
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
