/*
 * test_token.c -- tokenization: word boundaries, NFC + case folding,
 * stopwords, Snowball stems, languages.
 */
#include "internal.h"
#include "cluster.h"
#include "token.h"
#include "test.h"

/* Tokenize and join the terms with spaces (stopwords marked with '*'). */
static const char *terms(mdsum_ctx *ctx, const char *text, const char *lang, unsigned flags,
                         char *out, size_t cap)
{
    mdsum_token *t;
    size_t n;
    out[0] = '\0';
    if (mdsum_tokenize(ctx, text, strlen(text), lang, flags, &t, &n) != MDSUM_OK) return "(error)";
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int k = snprintf(out + o, cap - o, "%s%s%s", i ? " " : "", t[i].term, t[i].stopword ? "*" : "");
        if (k < 0 || (size_t)k >= cap - o) break;
        o += (size_t)k;
    }
    mdsum_free(ctx, t);
    return out;
}

static void test_words(mdsum_ctx *ctx)
{
    char buf[512];
    /* Each row: input, language, expected terms (unstemmed: flag NOSTEM). */
    static const struct { const char *in, *lang, *out; } rows[] = {
        {"Hello, World!", "en", "hello world"},
        {"don't O'Neill rock'n'roll", "en", "don't* o'neill rock'n'roll"},
        {"don\xe2\x80\x99t stop", "en", "don't* stop"},           /* U+2019 -> ' */
        {"3.5 percent of 1,000 people", "en", "3.5 percent of* 1,000 people"},
        {"end. 42.", "en", "end 42"},                              /* trailing '.' */
        {"e-mail well-known", "en", "e mail well known"},          /* hyphens split */
        {"'quoted' 'tis", "en", "quoted tis"},                     /* leading ' */
        {"\xc3\x9c" "BER Stra\xc3\x9f" "e", "de", "\xc3\xbc" "ber* strasse"},  /* casefold ß; "über" is a stopword */
        {"Cafe\xcc\x81", "fr", "caf" "\xc3\xa9"},                    /* NFD -> NFC */
        {"\xef\xac\x81" "nance", "en", "finance"},                    /* ﬁ ligature */
        {"\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1", "el", "\xce\xb1\xce\xb8\xce\xae\xce\xbd\xce\xb1"},
        {"  \t\n ", "en", ""},
        {"", "en", ""},
        {"!!! ... ???", "en", ""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *got = terms(ctx, rows[i].in, rows[i].lang, MDSUM_TOKEN_NOSTEM, buf, sizeof buf);
        if (strcmp(got, rows[i].out) != 0)
            fprintf(stderr, "row %zu: '%s' -> '%s', expected '%s'\n", i, rows[i].in, got, rows[i].out);
        CHECK_EQ_STR(got, rows[i].out);
    }
    /* A 200-byte run is junk (a URL, a hash): no term. */
    char junk[260];
    memset(junk, 'x', 200);
    strcpy(junk + 200, " ok");
    CHECK_EQ_STR(terms(ctx, junk, "en", 0, buf, sizeof buf), "ok");
}

static void test_stems(mdsum_ctx *ctx)
{
    char buf[512];
    CHECK_EQ_STR(terms(ctx, "The running runners ran", "en", 0, buf, sizeof buf), "the* run runner ran");
    CHECK_EQ_STR(terms(ctx, "nationalities", "english", 0, buf, sizeof buf), "nation");
    CHECK_EQ_STR(terms(ctx, "continuation", "fr", 0, buf, sizeof buf), "continu");
    /* Czech has no Snowball stemmer: words are kept unstemmed. */
    CHECK_EQ_STR(terms(ctx, "Prahy", "cs", 0, buf, sizeof buf), "prahy");
}

static void test_offsets(mdsum_ctx *ctx)
{
    const char *text = "Ab  c\xc3\xa9" "d, e.";
    mdsum_token *t;
    size_t n;
    CHECK_EQ_INT(mdsum_tokenize(ctx, text, strlen(text), "en", 0, &t, &n), MDSUM_OK);
    CHECK_EQ_INT(n, 3);
    if (n == 3) {
        CHECK_EQ_INT(t[0].start, 0);
        CHECK_EQ_INT(t[0].end, 2);
        CHECK_EQ_INT(t[1].start, 4);
        CHECK_EQ_INT(t[1].end, 8);     /* "c\xc3\xa9d" is 4 bytes */
        CHECK_EQ_INT(t[2].start, 10);
        CHECK_EQ_INT(t[2].end, 11);
    }
    mdsum_free(ctx, t);
}

static void test_errors(mdsum_ctx *ctx)
{
    mdsum_token *t;
    size_t n;
    CHECK_EQ_INT(mdsum_tokenize(ctx, "bad \xff byte", 10, "en", 0, &t, &n), MDSUM_EUTF8);
    CHECK_EQ_INT(mdsum_ctx_error(ctx)->offset, 4);
    CHECK_EQ_INT(mdsum_tokenize(ctx, "x", 1, "klingon", 0, &t, &n), MDSUM_ELANG);
    CHECK(strstr(mdsum_ctx_error(ctx)->message, "klingon") != NULL);
    CHECK_EQ_INT(mdsum_tokenize(ctx, NULL, 3, "en", 0, &t, &n), MDSUM_EINVAL);
}

static void test_langs(mdsum_ctx *ctx)
{
    const char *code = NULL;
    static const char en[] = "The mayor said that the bridge would be closed for weeks and that the city has no plan.";
    CHECK_EQ_INT(mdsum_lang_detect(ctx, en, sizeof en - 1, &code), MDSUM_OK);
    CHECK_EQ_STR(code, "en");
    static const char el[] = "\xce\x97 \xce\xb3\xce\xad\xcf\x86\xcf\x85\xcf\x81\xce\xb1 \xce\xad\xce\xba\xce\xbb\xce\xb5\xce\xb9\xcf\x83\xce\xb5.";
    CHECK_EQ_INT(mdsum_lang_detect(ctx, el, sizeof el - 1, &code), MDSUM_OK);
    CHECK_EQ_STR(code, "el");
    static const char he[] = "\xd7\x94\xd7\x92\xd7\xa9\xd7\xa8 \xd7\xa0\xd7\xa1\xd7\x92\xd7\xa8.";
    CHECK_EQ_INT(mdsum_lang_detect(ctx, he, sizeof he - 1, &code), MDSUM_OK);
    CHECK_EQ_STR(code, "he");
    CHECK(mdsum_lang_count() >= 25);
    mdsum_lang_info L;
    int found_cs = 0;
    for (size_t i = 0; i < mdsum_lang_count(); i++) {
        CHECK_EQ_INT(mdsum_lang_info_get(i, &L), MDSUM_OK);
        if (strcmp(L.code, "cs") == 0) {
            found_cs = 1;
            CHECK_EQ_INT(L.stemmer, 0);
        }
    }
    CHECK(found_cs);
    CHECK(lang_find("EN") == lang_find("english"));
    CHECK(lang_find("en-US") == lang_find("en"));
    CHECK(lang_find("xx") == NULL);
    CHECK(lang_find("") == NULL);
}

/* Tokenize `nwords` distinct pseudo-words (from `first` on), in calls of
 * 5,000 words: enough of them overflow the word cache, which is emptied at
 * the start of the next call. */
static void flood(mdsum_ctx *ctx, unsigned first, unsigned nwords)
{
    char *buf = malloc(5000 * 12);
    if (!buf) return;
    for (unsigned w = first; w < first + nwords;) {
        size_t o = 0;
        for (unsigned k = 0; k < 5000 && w < first + nwords; k++, w++) {
            unsigned x = w;
            buf[o++] = 'q';
            do { buf[o++] = (char)('a' + x % 26); x /= 26; } while (x);
            buf[o++] = ' ';
        }
        mdsum_token *t;
        size_t n;
        CHECK_EQ_INT(mdsum_tokenize(ctx, buf, o, "en", 0, &t, &n), MDSUM_OK);
        mdsum_free(ctx, t);
    }
    free(buf);
}

/* The word cache (token.c) changes no result: the same terms before and
 * after it overflows and is emptied, for short words, words of exactly the
 * inline key size (24 bytes) and longer words (not cached), and a cluster
 * gives every occurrence of a term the same id across the emptying. */
static void test_cache(void)
{
    const char *text = "Running runners ran; the runner's notes. Antidisestablishmentarianisms "
                       "abcdefghijklmnopqrstuvwx abcdefghijklmnopqrstuvwxy Caf\xc3\xa9s caf\xc3\xa9.";
    char want[512], got[512];
    mdsum_ctx *fresh = mdsum_ctx_new(NULL), *ctx = mdsum_ctx_new(NULL);
    CHECK(fresh && ctx);
    if (!fresh || !ctx) { mdsum_ctx_free(fresh); mdsum_ctx_free(ctx); return; }
    terms(fresh, text, "en", 0, want, sizeof want);
    CHECK(strstr(want, "antidisestablishmentarian") != NULL);
    CHECK(strstr(want, "abcdefghijklmnopqrstuvwx ") != NULL);
    /* The text's words enter the cache first (the lowest term ids); the
     * flood overflows the cache (2^16 words), which is emptied at the start
     * of a later call, after which new words take those ids again. */
    CHECK_EQ_STR(terms(ctx, text, "en", 0, got, sizeof got), want);
    flood(ctx, 0, 70000);
    CHECK_EQ_STR(terms(ctx, text, "en", 0, got, sizeof got), want);
    flood(ctx, 70000, 70000);
    CHECK_EQ_STR(terms(ctx, text, "en", 0, got, sizeof got), want);
    CHECK_EQ_STR(terms(ctx, text, "en", 0, got, sizeof got), want);

    /* In a cluster: the long word and the short one get one id each. */
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    const char *docs[2] = {"Antidisestablishmentarianisms grow. Cafés grow.",
                           "The antidisestablishmentarianisms? Caf\xc3\xa9s, they grow."};
    for (int d = 0; cl && d < 2; d++) {
        mdsum_doc doc = {0};
        doc.text = docs[d];
        doc.text_len = strlen(docs[d]);
        CHECK_EQ_INT(mdsum_cluster_add(cl, &doc, 0), MDSUM_OK);
    }
    mdsum_options o;
    mdsum_options_init(&o);
    o.flags = MDSUM_NO_CLEAN;
    if (cl && mdsum_cluster_analyze(ctx, cl, &o) == MDSUM_OK) {
        /* Every sentence's first content token: the long word, then the
         * short one, in both documents. */
        uint32_t first[4];
        size_t k = 0;
        for (size_t i = 0; i < cl->nsents && k < 4; i++) {
            for (uint32_t j = 0; j < cl->sents[i].ntok; j++) {
                uint32_t tok = cl->toks[cl->sents[i].tok_off + j];
                if (tok & TOK_STOP) continue;
                first[k++] = TOK_ID(tok);
                break;
            }
        }
        CHECK_EQ_INT(k, 4);
        if (k == 4) {
            CHECK_EQ_INT(first[0], first[2]);
            CHECK_EQ_INT(first[1], first[3]);
            CHECK(first[0] != first[1]);
        }
    } else {
        CHECK(0);
    }
    mdsum_cluster_free(cl);
    mdsum_ctx_free(fresh);
    mdsum_ctx_free(ctx);
}

/* tokenize_range (the plain callback) gives what mdsum_tokenize gives. */
typedef struct plain_acc {
    char buf[256];
    size_t o;
} plain_acc;

static int plain_acc_fn(void *ud, size_t s, size_t e, const char *term, size_t n, bool stop)
{
    plain_acc *a = ud;
    (void)s;
    (void)e;
    int k = snprintf(a->buf + a->o, sizeof a->buf - a->o, "%s%.*s%s", a->o ? " " : "", (int)n, term,
                     stop ? "*" : "");
    if (k > 0 && (size_t)k < sizeof a->buf - a->o) a->o += (size_t)k;
    return MDSUM_OK;
}

static void test_plain(mdsum_ctx *ctx)
{
    const char *text = "The runners' notes were running late, said O'Neill.";
    char want[256];
    terms(ctx, text, "en", 0, want, sizeof want);
    lang_res *r = NULL;
    CHECK_EQ_INT(lang_res_get(ctx, lang_find("en"), &r), MDSUM_OK);
    plain_acc a = {"", 0};
    if (r) CHECK_EQ_INT(tokenize_range(ctx, r, text, 0, strlen(text), 0, plain_acc_fn, &a), MDSUM_OK);
    CHECK_EQ_STR(a.buf, want);
}

int main(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    CHECK(ctx != NULL);
    test_words(ctx);
    test_stems(ctx);
    test_offsets(ctx);
    test_errors(ctx);
    test_langs(ctx);
    test_cache();
    test_plain(ctx);
    mdsum_ctx_free(ctx);
    return test_finish("test_token");
}
