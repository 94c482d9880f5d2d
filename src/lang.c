/*
 * lang.c -- the supported languages: ISO code, name, Snowball stemmer and
 * stopword list. A language without a Snowball stemmer (Czech, Hebrew) is
 * supported with unstemmed words.
 */
#include "internal.h"
#include "token.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "stopwords.inc"

#define STOP(arr) arr, sizeof arr / sizeof arr[0]
#define NOSTOP NULL, 0

/* Every language libstemmer 2.2 has, plus the TAC 2011 MultiLing languages
 * it lacks. Sorted by code. */
static const lang_def rows[] = {
    {"ar", "arabic", "arabic", STOP(stop_ar)},
    {"ca", "catalan", "catalan", NOSTOP},
    {"cs", "czech", NULL, STOP(stop_cs)},
    {"da", "danish", "danish", NOSTOP},
    {"de", "german", "german", STOP(stop_de)},
    {"el", "greek", "greek", STOP(stop_el)},
    {"en", "english", "english", STOP(stop_en)},
    {"es", "spanish", "spanish", STOP(stop_es)},
    {"eu", "basque", "basque", NOSTOP},
    {"fi", "finnish", "finnish", NOSTOP},
    {"fr", "french", "french", STOP(stop_fr)},
    {"ga", "irish", "irish", NOSTOP},
    {"he", "hebrew", NULL, STOP(stop_he)},
    {"hi", "hindi", "hindi", STOP(stop_hi)},
    {"hu", "hungarian", "hungarian", NOSTOP},
    {"hy", "armenian", "armenian", NOSTOP},
    {"id", "indonesian", "indonesian", NOSTOP},
    {"it", "italian", "italian", STOP(stop_it)},
    {"lt", "lithuanian", "lithuanian", NOSTOP},
    {"ne", "nepali", "nepali", NOSTOP},
    {"nl", "dutch", "dutch", STOP(stop_nl)},
    {"no", "norwegian", "norwegian", NOSTOP},
    {"pt", "portuguese", "portuguese", STOP(stop_pt)},
    {"ro", "romanian", "romanian", NOSTOP},
    {"ru", "russian", "russian", STOP(stop_ru)},
    {"sr", "serbian", "serbian", NOSTOP},
    {"sv", "swedish", "swedish", NOSTOP},
    {"ta", "tamil", "tamil", NOSTOP},
    {"tr", "turkish", "turkish", NOSTOP},
    {"yi", "yiddish", "yiddish", NOSTOP},
};

#define NLANGS (sizeof rows / sizeof rows[0])

const lang_def *lang_def_at(size_t i)
{
    return i < NLANGS ? &rows[i] : NULL;
}

size_t lang_def_count(void)
{
    return NLANGS;
}

const lang_def *lang_find(const char *name)
{
    if (!name || !*name) return NULL;
    for (size_t i = 0; i < NLANGS; i++) {
        if (strcasecmp(rows[i].code, name) == 0 || strcasecmp(rows[i].name, name) == 0)
            return &rows[i];
    }
    /* Region-qualified codes: "en-US", "pt_BR". */
    size_t n = strcspn(name, "-_");
    if (n == 2 && name[2]) {
        char code[3] = {name[0], name[1], '\0'};
        return lang_find(code);
    }
    return NULL;
}

static int cmp_word(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(const char *const *)elem);
}

bool lang_is_stopword(const lang_def *L, const char *word, size_t n)
{
    if (!L->nstopwords || n == 0 || n >= 64) return false;
    char tmp[64];
    memcpy(tmp, word, n);
    tmp[n] = '\0';
    return bsearch(tmp, L->stopwords, L->nstopwords, sizeof *L->stopwords, cmp_word) != NULL;
}

/* ======================================================================
 * Language guessing
 *
 * 1. The script: the one most letters of the text are written in (Latin,
 *    Greek, Cyrillic, Armenian, Hebrew, Arabic, Devanagari, Tamil).
 * 2. Among the languages written in that script that have a stopword list,
 *    the one whose list covers the most words of the text (each occurrence
 *    counts: function words are the most frequent words of any text, and
 *    the frequent ones differ between languages: "the"/"of" against
 *    "de"/"la"/"les" against "der"/"und"). A tie, or no hit at all, keeps
 *    the script's default language (English for Latin), so that text in a
 *    Latin-script language without a list behaves as it did before lists
 *    existed. Lists are matched raw, not normalized by their length: they
 *    all hold 150-250 words, and the words that decide are the frequent
 *    ones every list has.
 * Words are found and folded by the tokenizer's own rules (token.c), so a
 * word matches here exactly when it would be flagged as a stopword. Only
 * the first 64 KiB are looked at; invalid UTF-8 bytes separate words.
 * ====================================================================== */
typedef enum { S_LATIN, S_GREEK, S_CYRILLIC, S_ARMENIAN, S_HEBREW, S_ARABIC,
               S_DEVANAGARI, S_TAMIL, S_COUNT } script_id;

static script_id script_of(int32_t cp)
{
    if (cp < 0x250) return S_LATIN;
    if (cp >= 0x370 && cp < 0x400) return S_GREEK;
    if (cp >= 0x400 && cp < 0x530) return S_CYRILLIC;
    if (cp >= 0x530 && cp < 0x590) return S_ARMENIAN;
    if (cp >= 0x590 && cp < 0x600) return S_HEBREW;
    if ((cp >= 0x600 && cp < 0x780) || (cp >= 0xFB50 && cp < 0xFF00)) return S_ARABIC;
    if (cp >= 0x900 && cp < 0x980) return S_DEVANAGARI;
    if (cp >= 0xB80 && cp < 0xC00) return S_TAMIL;
    if (cp >= 0x1E00 && cp < 0x1F00) return S_LATIN;
    if (cp >= 0x1F00 && cp < 0x2000) return S_GREEK;
    return S_COUNT;
}

/* The default language of each script when stopwords cannot tell. */
static const char *const script_default[S_COUNT] = {
    "en", "el", "ru", "hy", "he", "ar", "hi", "ta"
};

/* The script a language is written in. */
static script_id script_of_lang(const char *code)
{
    static const struct { const char *code; script_id s; } tab[] = {
        {"ar", S_ARABIC}, {"el", S_GREEK}, {"he", S_HEBREW}, {"hi", S_DEVANAGARI},
        {"hy", S_ARMENIAN}, {"ne", S_DEVANAGARI}, {"ru", S_CYRILLIC}, {"sr", S_CYRILLIC},
        {"ta", S_TAMIL}, {"yi", S_HEBREW},
    };
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strcmp(tab[i].code, code) == 0) return tab[i].s;
    return S_LATIN;
}

static bool is_letter(int32_t cp)
{
    if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return true;
    default:
        return false;
    }
}

typedef struct guess {
    size_t script_count[S_COUNT];   /* letters per script */
    size_t hits[NLANGS];            /* stopword occurrences per language */
    /* The script of each language with a stopword list, S_COUNT for the
     * others: looked up once per call, not once per word and language. */
    script_id lscript[NLANGS];
} guess;

/* Count the words of text[start, end) (valid UTF-8). */
static void guess_span(guess *g, const char *text, size_t start, size_t end)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t i = start, ws, we;
    while (token_next_word(text, &i, end, &ws, &we)) {
        /* The word's script: that of its first letter. */
        script_id wscript = S_COUNT;
        for (size_t k = ws; k < we;) {
            int32_t cp;
            k += utf8_decode(t + k, we - k, &cp);
            if (!is_letter(cp)) continue;
            script_id s = script_of(cp);
            if (s == S_COUNT) continue;
            g->script_count[s]++;
            if (wscript == S_COUNT) wscript = s;
        }
        if (wscript == S_COUNT || we - ws >= 64) continue;
        char w[4 * 64];
        size_t n = token_fold_word(text + ws, we - ws, w, sizeof w);
        if (!n) continue;
        for (size_t l = 0; l < NLANGS; l++)
            if (g->lscript[l] == wscript && lang_is_stopword(&rows[l], w, n)) g->hits[l]++;
    }
}

int mdsum_lang_detect(mdsum_ctx *ctx, const char *text, size_t len, const char **out_code)
{
    if (!out_code || (!text && len)) return err_set(ctx, MDSUM_EINVAL, "invalid argument");
    if (len > (1u << 16)) len = 1u << 16;
    guess g;
    memset(&g, 0, sizeof g);
    for (size_t l = 0; l < NLANGS; l++)
        g.lscript[l] = rows[l].nstopwords ? script_of_lang(rows[l].code) : S_COUNT;
    /* Valid stretches one by one; each invalid byte is skipped. A sequence
     * cut by the 64 KiB limit counts as invalid. */
    size_t pos = 0;
    while (pos < len) {
        size_t ok = utf8_check(text + pos, len - pos, true);
        guess_span(&g, text, pos, pos + ok);
        pos += ok + 1;
    }
    script_id best_s = S_LATIN;
    for (int s = 0; s < S_COUNT; s++)
        if (g.script_count[s] > g.script_count[best_s]) best_s = (script_id)s;
    const char *code = script_default[best_s];
    const lang_def *dl = lang_find(code);
    size_t best_hits = dl ? g.hits[(size_t)(dl - rows)] : 0;
    for (size_t l = 0; l < NLANGS; l++) {
        if (script_of_lang(rows[l].code) == best_s && g.hits[l] > best_hits) {
            best_hits = g.hits[l];
            code = rows[l].code;
        }
    }
    *out_code = code;
    return MDSUM_OK;
}

size_t mdsum_lang_count(void)
{
    return NLANGS;
}

int mdsum_lang_info_get(size_t i, mdsum_lang_info *out)
{
    if (i >= NLANGS || !out) return MDSUM_EINVAL;
    out->code = rows[i].code;
    out->name = rows[i].name;
    out->stemmer = rows[i].snowball != NULL;
    out->stopwords = (int)rows[i].nstopwords;
    return MDSUM_OK;
}
