/*
 * test_rouge.c -- unit tests of the ROUGE-1.5.5 scorer (src/rouge.c,
 * src/rouge_porter.c, src/rouge_util.c): one test per behaviour that
 * breaks parity with the Perl script when missed (see
 * ../shared/rouge-parity/README.md), on tiny hand-made inputs whose
 * expected values are worked out by hand in the comments, plus the
 * bootstrap against an independent implementation on glibc's drand48, and
 * bad input. The byte-for-byte parity with the script's own output is
 * tests/cli/rouge_parity.sh.
 */
/* srand48/drand48 (XSI) are the oracle of the bootstrap tests. */
#define _XOPEN_SOURCE 700

#include "rouge.h"
#include "test.h"

#include <stdlib.h>

static mdsum_ctx *ctx;

/* Options as the script has them with no flag, then what a test sets. */
static mdsum_rouge_opts base_opts(void)
{
    mdsum_rouge_opts o;
    mdsum_rouge_opts_init(&o);
    o.max_n = 0;
    o.stem = 0;
    o.lcs = 0;
    o.resamples = 10;
    return o;
}

static mdsum_rouge *make(const mdsum_rouge_opts *o)
{
    mdsum_rouge *r = NULL;
    int rc = mdsum_rouge_new(ctx, o, &r);
    CHECK_EQ_INT(rc, MDSUM_OK);
    if (rc) fprintf(stderr, "  %s\n", mdsum_ctx_error(ctx)->message);
    return r;
}

/* ======================================================================
 * Reading and tokenizing
 * ====================================================================== */
typedef struct termcase {
    const char *text;
    long len;            /* -1: strlen */
    int stem, stop;
    long words, bytes;   /* -l, -b */
    const char *flat;    /* readText terms */
    const char *lcs;     /* readText_LCS sentences, " |" between */
    int empty;           /* readText reports "empty text" */
} termcase;

/* What belongs here: each rule of the script's reading and tokenizing,
 * with its expected terms worked out from the rules by hand. */
static const termcase TERMS[] = {
    /* '-' is a separator, every byte outside [A-Za-z0-9] too; case folds */
    {"The U.S.-led coalition spent $1,000,000 on 3-D maps.", -1, 0, 0, 0, 0,
     "the u s led coalition spent 1 000 000 on 3 d maps",
     "the u s led coalition spent 1 000 000 on 3 d maps", 0},
    /* bytes >= 0x80 are separators (no UTF-8 awareness), NUL too, CR too */
    {"Caf\xc3\xa9 r\xc3\xa9sum\xc3\xa9", -1, 0, 0, 0, 0, "caf r sum", "caf r sum", 0},
    {"bad\xff" "byte a\0b x\ry", 16, 0, 0, 0, 0, "bad byte a b x y", "bad byte a b x y", 0},
    /* empty lines are no sentences; blank ones are, without tokens */
    {"one two\n\n   \nthree", -1, 0, 0, 0, 0, "one two three", "one two | | three", 0},
    /* -l 4: whole lines while the count stays below 4, then the rest */
    {"one two three\nfour five six", -1, 0, 0, 4, 0, "one two three four",
     "one two three | four", 0},
    {"one two\nthree four", -1, 0, 0, 2, 0, "one two", "one two", 0},
    /* -l counts split(/\s+/) words: "u.s.-led" is one word, three tokens */
    {"u.s.-led forces", -1, 0, 0, 1, 0, "u s led", "u s led", 0},
    /* a line starting with space has a leading empty "word" (the script
     * does not strip lines in readText): " a b c" counts 4 */
    {"x y\n a b c", -1, 0, 0, 4, 0, "x y a", "x y | a", 0},
    /* -b 8: 6 bytes, then 2 of the next line; ROUGE-L's reader never
     * advances its byte counter, so it keeps lines shorter than 8 whole
     * and cuts only a line that alone reaches 8 */
    {"abcdef\nghijkl", -1, 0, 0, 0, 8, "abcdef gh", "abcdef | ghijkl", 0},
    {"abcdef\nghijkl\nmnopqrstuv\nzz", -1, 0, 0, 0, 8, "abcdef gh",
     "abcdef | ghijkl | mnopqrst", 0},
    {"abcdefghij", -1, 0, 0, 0, 4, "abcd", "abcd", 0},
    /* -s before -m: "wanting" is no stopword but its stem "want" is;
     * "becomes" is one, its stem "becom" is not */
    {"wanting becomes the cat", -1, 1, 1, 0, 0, "want cat", "want cat", 0},
    {"wanting becomes the cat", -1, 0, 1, 0, 0, "wanting cat", "wanting cat", 0},
    /* -m: WordNet exceptions for tokens longer than 3 bytes, not stemmed
     * further (Porter would make "goose" "goos"); "men" is too short */
    {"mice geese men oxen children went feet", -1, 1, 0, 0, 0,
     "mouse goose men ox child go foot", "mouse goose men ox child go foot", 0},
    /* tokens of 3 bytes or less are never stemmed: "ies" stays */
    {"ies cats", -1, 1, 0, 0, 0, "ies cat", "ies cat", 0},
    /* empty text: reported only with a length limit */
    {"", -1, 0, 0, 0, 0, "", "", 0},
    {"", -1, 0, 0, 5, 0, "", "", 1},
    {"\n\n", -1, 0, 0, 0, 3, "", "", 1},
    /* -l 1 on " x": the first word is the empty one, so nothing is read */
    {" x", -1, 0, 0, 1, 0, "", "", 1},
};

static void test_terms(void)
{
    alc_t a;
    alc_init(&a, NULL);
    strbuf out;
    buf_init(&out, &a);
    for (size_t i = 0; i < sizeof TERMS / sizeof TERMS[0]; i++) {
        const termcase *c = &TERMS[i];
        mdsum_rouge_opts o = base_opts();
        o.lcs = 1;
        o.stem = c->stem;
        o.stopwords = c->stop;
        o.limit_words = c->words;
        o.limit_bytes = c->bytes;
        mdsum_rouge *r = make(&o);
        if (!r) continue;
        size_t len = c->len < 0 ? strlen(c->text) : (size_t)c->len;
        bool empty = false;
        CHECK_EQ_INT(rouge155_text_terms(r, c->text, len, false, &out, &empty), MDSUM_OK);
        if (strcmp(out.data, c->flat) != 0) fprintf(stderr, "case %zu:\n", i);
        CHECK_EQ_STR(out.data, c->flat);
        CHECK_EQ_INT(empty, c->empty);
        CHECK_EQ_INT(rouge155_text_terms(r, c->text, len, true, &out, NULL), MDSUM_OK);
        if (strcmp(out.data, c->lcs) != 0) fprintf(stderr, "case %zu:\n", i);
        CHECK_EQ_STR(out.data, c->lcs);
        mdsum_rouge_free(r);
    }
    buf_fini(&out);
}

/* ======================================================================
 * The script's Porter stemmer
 * ====================================================================== */
typedef struct stemcase {
    const char *word, *stem;
} stemcase;

/* What belongs here: words whose stem follows from the rules of
 * rouge_porter.c by hand, one or more per step, and the places where the
 * script's variant differs from Porter's published algorithm. */
static const stemcase STEMS[] = {
    {"caresses", "caress"},        /* 1a sses -> ss */
    {"ponies", "poni"},            /* 1a ies -> i */
    {"cats", "cat"},               /* 1a s after a non-s */
    {"feed", "feed"},              /* 1b eed with m(f) = 0 */
    {"agreed", "agre"},            /* 1b eed -> ee, then 5 drops e (m=1, not *o) */
    {"hopping", "hop"},            /* 1b ing, double consonant halved */
    {"hoping", "hope"},            /* 1b ing, *o adds e, 5 keeps it */
    {"happy", "happi"},            /* 1c */
    {"relational", "relat"},       /* 2 ational -> ate, 5 drops e */
    {"yelled", "yell"},            /* initial y is a consonant (Y) */
    {"dependent", "depend"},       /* 4 ent */
    {"adjustment", "adjust"},      /* 4 ment */
    {"replacement", "replac"},     /* 4 ement */
    /* Lin's step 4: ement fails (m(agr) = 1), ment fails (m(agree) = 1),
     * then ent is tried on its own: m(agreem) = 2. Porter: agreement. */
    {"agreement", "agreem"},
    /* and the three rules run in sequence: al, then ment. Porter stops at
     * department. */
    {"departmental", "depart"},
    {"ab", "ab"},                  /* shorter than 3: unchanged */
};

static void test_porter(void)
{
    char out[64];
    for (size_t i = 0; i < sizeof STEMS / sizeof STEMS[0]; i++) {
        size_t n = rouge_porter155(STEMS[i].word, strlen(STEMS[i].word), out);
        out[n] = '\0';
        CHECK_EQ_STR(out, STEMS[i].stem);
    }
    /* A long token is stemmed in linear time and never grows. */
    size_t big = 200000;
    char *w = malloc(big), *o = malloc(big);
    if (w && o) {
        for (size_t i = 0; i < big; i++) w[i] = "yay"[i % 3];
        size_t n = rouge_porter155(w, big, o);
        CHECK(n <= big);
    }
    free(w);
    free(o);
}

/* ======================================================================
 * Scores
 * ====================================================================== */
static void expect_score(mdsum_rouge *r, size_t eval, size_t metric, double R, double P,
                         double F, int line)
{
    mdsum_rouge_score s;
    int rc = mdsum_rouge_eval_score(r, eval, metric, &s);
    CHECK_EQ_INT(rc, MDSUM_OK);
    if (rc) return;
    if (s.recall != R || s.precision != P || s.f != F) {
        test_failures_++;
        fprintf(stderr, "test_rouge.c:%d: %s: got R %.5f P %.5f F %.5f, expected %.5f %.5f %.5f\n",
                line, mdsum_rouge_metric_name(r, metric), s.recall, s.precision, s.f, R, P, F);
    }
    test_checks_++;
}
#define EXPECT(r, e, m, R, P, F) expect_score(r, e, m, R, P, F, __LINE__)

static int add1(mdsum_rouge *r, const char *sys, const char *ref)
{
    const char *refs[1] = {ref};
    return mdsum_rouge_add(r, NULL, sys, strlen(sys), refs, NULL, 1);
}

/* ROUGE-SU counts the unigram of every token but the last. Peer "x b c":
 * skip-bigrams xb xc bc and unigrams x b (5); reference "b c x": bc bx cx,
 * unigrams b c (5). Hits: bc, and unigram b (the peer's c is its last
 * token): 2 of 5 both ways. Plain ROUGE-S: bc of 3. */
static void test_su_quirk(void)
{
    mdsum_rouge_opts o = base_opts();
    o.skip = 1;
    o.skip_distance = 4;
    o.skip_mode = MDSUM_ROUGE_SKIP_BOTH;
    mdsum_rouge *r = make(&o);
    if (!r) return;
    CHECK_EQ_INT(add1(r, "x b c", "b c x"), MDSUM_OK);
    CHECK_EQ_STR(mdsum_rouge_metric_name(r, 0), "ROUGE-S4");
    CHECK_EQ_STR(mdsum_rouge_metric_name(r, 1), "ROUGE-SU4");
    EXPECT(r, 0, 0, 0.33333, 0.33333, 0.33333);
    EXPECT(r, 0, 1, 0.40000, 0.40000, 0.40000);
    mdsum_rouge_free(r);

    /* Skip distance: "a b c d" with -2 0 are plain bigrams ab bc cd; the
     * reference "a c" has the single pair ac: no hit. With -2 1, ac is a
     * peer pair: peer pairs ab ac bc bd cd (5), hit 1 of 1. -2 -1 is any
     * distance: "ROUGE-S*". */
    o = base_opts();
    o.skip = 1;
    o.skip_mode = MDSUM_ROUGE_SKIP_S;
    o.skip_distance = 0;
    r = make(&o);
    if (!r) return;
    add1(r, "a b c d", "a c");
    EXPECT(r, 0, 0, 0.0, 0.0, 0.0);
    mdsum_rouge_free(r);
    o.skip_distance = 1;
    r = make(&o);
    if (!r) return;
    add1(r, "a b c d", "a c");
    EXPECT(r, 0, 0, 1.0, 0.2, 0.33333);
    mdsum_rouge_free(r);
    o.skip_distance = -1;
    r = make(&o);
    if (!r) return;
    CHECK_EQ_STR(mdsum_rouge_metric_name(r, 0), "ROUGE-S*");
    add1(r, "a b c d", "d a");   /* peer has all 6 ordered pairs, none is "d a" */
    EXPECT(r, 0, 0, 0.0, 0.0, 0.0);
    mdsum_rouge_free(r);
}

/* Union LCS with the script's tie-break. Reference sentences "alpha beta"
 * and "beta", peer "beta alpha". In the table of "alpha beta" (rows) and
 * "beta alpha" (columns) the last cell is a tie (1 up, 1 left); the
 * script goes up, so the LCS uses "alpha". Budgets: reference alpha 1,
 * beta 2; peer beta 1, alpha 1. Hits: alpha, then "beta" of the second
 * sentence: 2 of 3 reference tokens, 2 of 2 peer tokens. (Going left would
 * spend the peer's only beta on the first sentence: 1 hit.)
 * F = (1 * 0.66667) / (0.5 + 0.333335) = 0.8000024 -> 0.80000. */
static void test_lcs(void)
{
    mdsum_rouge_opts o = base_opts();
    o.lcs = 1;
    mdsum_rouge *r = make(&o);
    if (!r) return;
    CHECK_EQ_INT(add1(r, "beta alpha", "alpha beta\nbeta"), MDSUM_OK);
    EXPECT(r, 0, 0, 0.66667, 1.00000, 0.80000);
    /* Budgets stop double counting: peer "alpha", reference "alpha" twice:
     * both sentences mark alpha, one hit; R 1/2, P 1/1, F 0.5/0.75. */
    CHECK_EQ_INT(add1(r, "alpha", "alpha\nalpha"), MDSUM_OK);
    EXPECT(r, 1, 0, 0.5, 1.0, 0.66667);
    /* ROUGE-L is per sentence: peer "a b" vs reference "b\na": each
     * reference sentence finds its token: 2 of 2 (ROUGE-2 would find 0). */
    CHECK_EQ_INT(add1(r, "a b", "b\na"), MDSUM_OK);
    EXPECT(r, 2, 0, 1.0, 1.0, 1.0);
    mdsum_rouge_free(r);

    /* -b and ROUGE-L: system = reference = "abcdef\nghijkl", -b 8. ROUGE-1
     * reads "abcdef gh" on both sides: 1.0. ROUGE-L's sentences are
     * "abcdef" and "ghijkl" (the bug), but the unigram budgets come from
     * "abcdef gh": ghijkl has none, so 1 hit of 2 reference tokens; the
     * peer length is that of "abcdef gh", 2: R 0.5, P 0.5. */
    o = base_opts();
    o.lcs = 1;
    o.max_n = 1;
    o.limit_bytes = 8;
    r = make(&o);
    if (!r) return;
    CHECK_EQ_INT(add1(r, "abcdef\nghijkl", "abcdef\nghijkl"), MDSUM_OK);
    EXPECT(r, 0, 0, 1.0, 1.0, 1.0);
    EXPECT(r, 0, 1, 0.5, 0.5, 0.5);
    mdsum_rouge_free(r);
}

/* ROUGE-W, weight 2 (not in the parity cases: derived from the script's
 * wlcs by hand). Identical texts "a b c": the weighted LCS marks all three
 * reference tokens, one run of 3: hit 3^2 = 9. The script weights the
 * reference length twice: base = 3^2 = 9 per sentence, then 9^2 = 81 for
 * the evaluation, so R = (9/81)^(1/2) = 0.33333 (this is why ROUGE-W recall
 * is always low); P = (9 / 3^2)^(1/2) = 1; F = 0.33333 / 0.666665 = 0.5.
 * Peer "a b x c": the mask is still one run of three reference positions:
 * hit 9, R 0.33333, P = (9/16)^(1/2) = 0.75, F 0.46154. */
static void test_wlcs(void)
{
    mdsum_rouge_opts o = base_opts();
    o.wlcs_weight = 2;
    mdsum_rouge *r = make(&o);
    if (!r) return;
    CHECK_EQ_STR(mdsum_rouge_metric_name(r, 0), "ROUGE-W-2");
    CHECK_EQ_INT(add1(r, "a b c", "a b c"), MDSUM_OK);
    EXPECT(r, 0, 0, 0.33333, 1.0, 0.5);
    CHECK_EQ_INT(add1(r, "a b x c", "a b c"), MDSUM_OK);
    EXPECT(r, 1, 0, 0.33333, 0.75, 0.46154);
    mdsum_rouge_free(r);
    o.wlcs_weight = 1.2;
    r = make(&o);
    if (r) CHECK_EQ_STR(mdsum_rouge_metric_name(r, 0), "ROUGE-W-1.2");
    mdsum_rouge_free(r);
}

/* The bit-parallel LCS marks exactly what the plain table marks, ties
 * included: random sequences over small alphabets (many ties), lengths
 * across the 64-bit word boundaries. */
static void test_lcs_bits(void)
{
    alc_t a;
    alc_init(&a, NULL);
    lcs_buf b;
    lcs_buf_init(&b, &a);
    uint32_t x[200], y[200];
    uint8_t m1[200], m2[200];
    unsigned long long seed = 12345;
    size_t bad = 0;
    for (int t = 0; t < 3000; t++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t m = (size_t)(seed >> 33) % 150, n = (size_t)(seed >> 13) % 200;
        uint32_t alpha = 1 + (uint32_t)((seed >> 50) % 6);
        for (size_t i = 0; i < m; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            x[i] = (uint32_t)(seed >> 40) % alpha;
        }
        for (size_t j = 0; j < n; j++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            y[j] = (uint32_t)(seed >> 40) % alpha;
        }
        memset(m1, 0, sizeof m1);
        memset(m2, 0, sizeof m2);
        CHECK_EQ_INT(lcs_mark(&b, x, m, y, n, m1), MDSUM_OK);
        CHECK_EQ_INT(lcs_mark_dp(&b, x, m, y, n, m2), MDSUM_OK);
        if (memcmp(m1, m2, sizeof m1) != 0 && bad++ < 3)
            fprintf(stderr, "lcs masks differ: m %zu n %zu alphabet %u\n", m, n, alpha);
        /* The length alone: the plain table's last cell. */
        size_t whole = 0;
        CHECK_EQ_INT(lcs_length(&b, x, m, y, n, &whole), MDSUM_OK);
        CHECK_EQ_INT(whole, m && n ? b.c[m * (n + 1) + n] : 0);
        /* The indexed form: y as a text of sentences cut at random places. */
        CHECK_EQ_INT(lcs_index(&b, y, n, alpha), MDSUM_OK);
        for (size_t st = 0; st < n;) {
            size_t len = 1 + (size_t)((seed >> (st % 40)) % 90);
            if (st + len > n) len = n - st;
            memset(m1, 0, sizeof m1);
            memset(m2, 0, sizeof m2);
            CHECK_EQ_INT(lcs_mark_at(&b, x, m, y, st, len, m1), MDSUM_OK);
            CHECK_EQ_INT(lcs_mark_dp(&b, x, m, y + st, len, m2), MDSUM_OK);
            if (memcmp(m1, m2, sizeof m1) != 0 && bad++ < 3)
                fprintf(stderr, "indexed lcs differs: m %zu start %zu len %zu\n", m, st, len);
            st += len;
        }
    }
    CHECK_EQ_INT(bad, 0);
    lcs_buf_fini(&b);
}

/* An allocator that refuses anything over 1 MiB and counts every request:
 * a size that wrapped around would reach it as a small, plausible one. */
typedef struct counting {
    long calls;
} counting;

static void *c_malloc(void *ud, size_t n)
{
    ((counting *)ud)->calls++;
    return n > (1u << 20) ? NULL : malloc(n);
}
static void *c_realloc(void *ud, void *p, size_t old, size_t n)
{
    (void)old;
    ((counting *)ud)->calls++;
    return n > (1u << 20) ? NULL : realloc(p, n);
}
static void c_free(void *ud, void *p)
{
    (void)ud;
    free(p);
}

/* The LCS scratch buffers refuse sizes whose byte count overflows size_t
 * before they ask the allocator: the element count fits, count * 8 does
 * not. The table holds calls whose sizes overflow (or pass LCS_MAX_CELLS),
 * each with its status and whether the allocator may be asked at all, and
 * one small call that must allocate (so the counter is seen to work). The
 * sequences are never read when the sizes are refused. */
static void test_lcs_overflow(void)
{
    const size_t bits = sizeof(size_t) * 8;
    /* (n + 2) * ceil(n / 64) words, about 2^(bits - 2): fits in size_t as
     * words, not as bytes. */
    const size_t big_n = (size_t)1 << (bits / 2 + 2);
    enum { INDEX, LENGTH, MARK, MARK_AT };
    static const struct {
        int fn;
        int small;   /* 1: sizes that fit (the control) */
        int rc;
        int allocates;
    } cases[] = {
        {INDEX, 0, MDSUM_ENOMEM, 0},   /* u = SIZE_MAX / 8 + 1 ids of one word */
        {INDEX, 1, MDSUM_OK, 1},       /* u = 4 ids */
        {LENGTH, 0, MDSUM_ENOMEM, 0},  /* n = big_n: rows of 2^(bits-2) words */
        {MARK, 0, MDSUM_ELIMIT, 0},    /* m = n = big_n: over LCS_MAX_CELLS */
        {MARK_AT, 0, MDSUM_ELIMIT, 0},
    };
    uint32_t seq[4] = {0, 1, 2, 3};
    uint8_t mask[4] = {0};
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        counting cnt = {0};
        mdsum_allocator ma = {c_malloc, c_realloc, c_free, &cnt};
        alc_t a;
        alc_init(&a, &ma);
        lcs_buf b;
        lcs_buf_init(&b, &a);
        int rc = -1;
        size_t len = 0;
        switch (cases[k].fn) {
        case INDEX:
            rc = cases[k].small ? lcs_index(&b, seq, 4, 4) : lcs_index(&b, seq, 0, SIZE_MAX / 8 + 1);
            break;
        case LENGTH:
            rc = lcs_length(&b, seq, 1, seq, big_n, &len);
            break;
        case MARK:
            rc = lcs_mark(&b, seq, big_n, seq, big_n, mask);
            break;
        case MARK_AT:
            rc = lcs_mark_at(&b, seq, big_n, seq, 0, big_n, mask);
            break;
        }
        CHECK_EQ_INT(rc, cases[k].rc);
        if (cases[k].allocates) CHECK(cnt.calls > 0);
        else CHECK_EQ_INT(cnt.calls, 0);
        if (rc != cases[k].rc || (cnt.calls > 0) != cases[k].allocates)
            fprintf(stderr, "  lcs overflow case %zu\n", k);
        lcs_buf_fini(&b);
    }
}

/* R and P are rounded to 5 decimals before F. Peer of 6 tokens, reference
 * "k1": R = 1, P = 1/6 -> 0.16667; F = 0.16667 / (0.5 * 0.16667 + 0.5) =
 * 0.2857192 -> 0.28572, where the exact 2/7 would give 0.28571. */
static void test_rounding(void)
{
    mdsum_rouge_opts o = base_opts();
    o.max_n = 1;
    mdsum_rouge *r = make(&o);
    if (!r) return;
    CHECK_EQ_INT(add1(r, "k1 k2 k3 k4 k5 k6", "k1"), MDSUM_OK);
    EXPECT(r, 0, 0, 1.00000, 0.16667, 0.28572);
    mdsum_rouge_free(r);

    /* alpha 0.8: F = PR / (0.2 P + 0.8 R); R = 0.5, P = 1: 0.5 / 0.6. */
    o.alpha = 0.8;
    r = make(&o);
    if (!r) return;
    add1(r, "a b", "a c b d");   /* 2 hits of 4 reference and 2 peer tokens */
    EXPECT(r, 0, 0, 0.5, 1.0, 0.83333);
    mdsum_rouge_free(r);
}

/* n-grams run across sentence boundaries: peer "a b\nc d" has bigrams ab,
 * bc, cd; reference "b c": 1 hit of 1, precision 1/3. */
static void test_ngrams(void)
{
    mdsum_rouge_opts o = base_opts();
    o.max_n = 2;
    mdsum_rouge *r = make(&o);
    if (!r) return;
    CHECK_EQ_INT(add1(r, "a b\nc d", "b c"), MDSUM_OK);
    EXPECT(r, 0, 1, 1.0, 0.33333, 0.5);
    /* clipping: peer "the the the cat", reference "the cat the": unigram
     * hits min(3,2) + min(1,1) = 3 of 3 and of 4. */
    CHECK_EQ_INT(add1(r, "the the the cat", "the cat the"), MDSUM_OK);
    EXPECT(r, 1, 0, 1.0, 0.75, 0.85714);
    mdsum_rouge_free(r);

    /* ROUGE-4 on a 3-token text: no 4-gram anywhere, all 0. */
    o.max_n = 4;
    r = make(&o);
    if (!r) return;
    add1(r, "a b c", "a b c");
    EXPECT(r, 0, 3, 0.0, 0.0, 0.0);
    EXPECT(r, 0, 2, 1.0, 1.0, 1.0);
    mdsum_rouge_free(r);
}

/* -f A sums over references, -f B keeps the best recall (the first one on
 * a tie). Peer "a b"; references "a b c d" (2 hits of 4) and "a x y z"
 * (1 of 4). A: R 3/8, P 3/(2+2), F 0.28125/0.5625. B: the first: R 0.5,
 * P 1, F 0.66667. */
static void test_formula(void)
{
    mdsum_rouge_opts o = base_opts();
    o.max_n = 1;
    const char *refs[2] = {"a b c d", "a x y z"};
    mdsum_rouge *r = make(&o);
    if (!r) return;
    CHECK_EQ_INT(mdsum_rouge_add(r, NULL, "a b", 3, refs, NULL, 2), MDSUM_OK);
    EXPECT(r, 0, 0, 0.375, 0.75, 0.5);
    mdsum_rouge_free(r);
    o.best_model = 1;
    r = make(&o);
    if (!r) return;
    CHECK_EQ_INT(mdsum_rouge_add(r, NULL, "a b", 3, refs, NULL, 2), MDSUM_OK);
    EXPECT(r, 0, 0, 0.5, 1.0, 0.66667);
    /* A tie on recall: "a c" (1 of 2) and "b d e f" (2 of 4) for peer
     * "a b e". The first wins: P = 1/3 (the second would give 2/3). */
    const char *tie[2] = {"a c", "b d e f"};
    CHECK_EQ_INT(mdsum_rouge_add(r, NULL, "a b e", 5, tie, NULL, 2), MDSUM_OK);
    EXPECT(r, 1, 0, 0.5, 0.33333, 0.4);
    mdsum_rouge_free(r);
}

/* -t 1 keeps counts per evaluation and pools them. Evaluation 1: peer
 * "a b", reference "a c": 2 model, 2 peer unigrams, 1 hit. Evaluation 2:
 * "a b c d" vs "a b c d e f": 6, 4, 4. Pooled: R 5/8, P 5/6. -t 2 prints
 * the sums. */
static void test_pooling(void)
{
    mdsum_rouge_opts o = base_opts();
    o.max_n = 1;
    o.count_mode = 1;
    mdsum_rouge *r = make(&o);
    if (!r) return;
    add1(r, "a b", "a c");
    add1(r, "a b c d", "a b c d e f");
    mdsum_rouge_score s;
    CHECK_EQ_INT(mdsum_rouge_eval_score(r, 1, 0, &s), MDSUM_OK);
    CHECK(s.model_count == 6 && s.peer_count == 4 && s.hits == 4);
    mdsum_rouge_result res;
    CHECK_EQ_INT(mdsum_rouge_result_get(r, 0, &res), MDSUM_OK);
    CHECK(res.mean_recall == 5.0 / 8 && res.mean_precision == 5.0 / 6);
    CHECK(res.model_count == 8 && res.peer_count == 6 && res.hits == 5);
    char *text = NULL;
    CHECK_EQ_INT(mdsum_rouge_render(r, MDSUM_ROUGE_TEXT, MDSUM_ROUGE_PER_EVAL, &text, NULL),
                 MDSUM_OK);
    CHECK(text && strstr(text, "X ROUGE-1 Eval 1.X R:2 P:2 F:1\n"));
    CHECK(text && strstr(text, "X ROUGE-1 Eval 2.X R:6 P:4 F:4\n"));
    mdsum_free(ctx, text);
    mdsum_rouge_free(r);

    o.count_mode = 2;
    r = make(&o);
    if (!r) return;
    add1(r, "a b", "a c");
    add1(r, "a b c d", "a b c d e f");
    CHECK_EQ_INT(mdsum_rouge_render(r, MDSUM_ROUGE_TEXT, 0, &text, NULL), MDSUM_OK);
    CHECK_EQ_STR(text, "---------------------------------------------\n"
                       "X ROUGE-1 M_count: 8 P_count: 6 H_count: 5\n");
    mdsum_free(ctx, text);
    mdsum_rouge_free(r);
}

/* ======================================================================
 * The bootstrap
 * ====================================================================== */

/* drand48 against glibc's, which the README says reproduces Perl. */
static void test_rand48(void)
{
    for (long seed = 0; seed < 3000; seed += 7) {
        rouge_rand48 g;
        rouge_rand48_seed(&g, (uint32_t)seed);
        srand48(seed);
        for (int i = 0; i < 50; i++) {
            double a = rouge_rand48_next(&g), b = drand48();
            if (a != b) {
                CHECK(a == b);
                return;
            }
        }
    }
    CHECK(1);
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int cmp_strp(const void *a, const void *b)
{
    return strcmp(**(char *const *const *)a, **(char *const *const *)b);
}

/* The script's computeAverages written out again, on glibc's srand48 and
 * drand48: instances sorted as strings "<n>.X"; resample i reseeds with i
 * and draws int(n * drand48()) n times; Average = mean of the sorted
 * resample means; interval at int(delta) and int(R - delta - 1),
 * interpolated by R - delta - 1 - int(R - delta - 1), missing = 0. */
static void oracle(const double *vals /* n x 3 in eval order */, size_t n, long R, double c,
                   int pooled, double alpha, double out[3][3])
{
    char **keys = calloc(n, sizeof *keys);
    char ***kp = calloc(n, sizeof *kp);
    size_t *ord = calloc(n, sizeof *ord);
    double *means = calloc((size_t)R * 3, sizeof *means);
    for (size_t i = 0; i < n; i++) {
        keys[i] = malloc(32);
        snprintf(keys[i], 32, "%zu.X", i + 1);
        kp[i] = &keys[i];
    }
    qsort(kp, n, sizeof *kp, cmp_strp);
    for (size_t i = 0; i < n; i++) ord[i] = (size_t)(kp[i] - keys);
    for (long b = 0; b < R; b++) {
        srand48(b);
        double s[3] = {0, 0, 0};
        for (size_t t = 0; t < n; t++) {
            size_t k = ord[(size_t)((double)n * drand48())];
            for (int j = 0; j < 3; j++) s[j] += vals[k * 3 + j];
        }
        if (!pooled) {
            for (int j = 0; j < 3; j++) means[j * R + b] = s[j] / (double)n;
        } else {
            double rr = s[0] > 0 ? s[2] / s[0] : 0, pp = s[1] > 0 ? s[2] / s[1] : 0;
            double d = (1 - alpha) * pp + alpha * rr;
            means[b] = rr;
            means[R + b] = pp;
            means[2 * R + b] = d > 0 ? rr * pp / d : 0;
        }
    }
    double delta = (double)R * ((100 - c) / 2.0) / 100.0;
    long ua = (long)((double)R - delta - 1), la = (long)delta;
    double fr = (double)R - delta - 1 - (double)ua;
    for (int j = 0; j < 3; j++) {
        double *v = means + j * R;
        qsort(v, (size_t)R, sizeof *v, cmp_dbl);
        double sum = 0;
        for (long b = 0; b < R; b++) sum += v[b];
        out[j][0] = sum / (double)R;
        double l0 = v[la], l1 = la + 1 < R ? v[la + 1] : 0;
        double u0 = v[ua], u1 = ua + 1 < R ? v[ua + 1] : 0;
        out[j][1] = l0 + (l1 - l0) * fr;
        out[j][2] = u0 + (u1 - u0) * fr;
    }
    for (size_t i = 0; i < n; i++) free(keys[i]);
    free(keys);
    free(kp);
    free(ord);
    free(means);
}

static void check_bootstrap(int count_mode, double c, long R)
{
    mdsum_rouge_opts o = base_opts();
    o.max_n = 1;
    o.count_mode = count_mode;
    o.confidence = c;
    o.resamples = R;
    mdsum_rouge *r = make(&o);
    if (!r) return;
    /* 13 evaluations: enough for "10.X" < "2.X" to matter. */
    static const char *const words[] = {"a", "b", "c", "d", "e", "f", "g"};
    char sys[128], ref[128];
    size_t n = 13;
    for (size_t i = 0; i < n; i++) {
        sys[0] = ref[0] = '\0';
        for (size_t k = 0; k < 3 + i % 4; k++) {
            strcat(sys, words[(i + k * 3) % 7]);
            strcat(sys, " ");
        }
        for (size_t k = 0; k < 2 + i % 5; k++) {
            strcat(ref, words[(i * 2 + k) % 7]);
            strcat(ref, " ");
        }
        CHECK_EQ_INT(add1(r, sys, ref), MDSUM_OK);
    }
    double *vals = calloc(n * 3, sizeof *vals);
    for (size_t i = 0; i < n; i++) {
        mdsum_rouge_score s;
        mdsum_rouge_eval_score(r, i, 0, &s);
        if (count_mode) {
            vals[i * 3] = s.model_count;
            vals[i * 3 + 1] = s.peer_count;
            vals[i * 3 + 2] = s.hits;
        } else {
            vals[i * 3] = s.recall;
            vals[i * 3 + 1] = s.precision;
            vals[i * 3 + 2] = s.f;
        }
    }
    double want[3][3];
    oracle(vals, n, R, c, count_mode, 0.5, want);
    mdsum_rouge_result res;
    CHECK_EQ_INT(mdsum_rouge_result_get(r, 0, &res), MDSUM_OK);
    const double got[3][3] = {{res.recall, res.recall_lo, res.recall_hi},
                              {res.precision, res.precision_lo, res.precision_hi},
                              {res.f, res.f_lo, res.f_hi}};
    for (int j = 0; j < 3; j++)
        for (int k = 0; k < 3; k++)
            if (got[j][k] != want[j][k]) {
                test_failures_++;
                fprintf(stderr, "bootstrap -t %d -c %g -r %ld: value %d/%d: %.17g != %.17g\n",
                        count_mode, c, R, j, k, got[j][k], want[j][k]);
            }
    test_checks_++;
    free(vals);
    mdsum_rouge_free(r);
}

static void test_bootstrap(void)
{
    check_bootstrap(0, 95, 1000);   /* positions 25 and 974 exactly */
    check_bootstrap(0, 90, 500);
    check_bootstrap(0, 95, 7);      /* delta 0.175: interpolated */
    check_bootstrap(0, 100, 10);    /* reads past the end: 0 */
    check_bootstrap(1, 95, 1000);   /* -t 1: ratios of summed counts */
}

/* ======================================================================
 * Output and API
 * ====================================================================== */
static void test_render(void)
{
    mdsum_rouge_opts o = base_opts();
    o.max_n = 1;
    o.confidence = 90;
    o.system_id = "SYS";
    mdsum_rouge *r = make(&o);
    if (!r) return;
    add1(r, "a b", "a b");
    char *text = NULL;
    size_t len = 0;
    CHECK_EQ_INT(mdsum_rouge_render(r, MDSUM_ROUGE_TEXT, MDSUM_ROUGE_PER_EVAL, &text, &len),
                 MDSUM_OK);
    /* One evaluation: every resample is that evaluation. */
    CHECK_EQ_STR(text, "---------------------------------------------\n"
                       "SYS ROUGE-1 Average_R: 1.00000 (90%-conf.int. 1.00000 - 1.00000)\n"
                       "SYS ROUGE-1 Average_P: 1.00000 (90%-conf.int. 1.00000 - 1.00000)\n"
                       "SYS ROUGE-1 Average_F: 1.00000 (90%-conf.int. 1.00000 - 1.00000)\n"
                       ".............................................\n"
                       "SYS ROUGE-1 Eval 1.SYS R:1.00000 P:1.00000 F:1.00000\n");
    CHECK_EQ_INT(len, strlen(text ? text : ""));
    mdsum_free(ctx, text);
    CHECK_EQ_INT(mdsum_rouge_render(r, MDSUM_ROUGE_JSON, MDSUM_ROUGE_PER_EVAL, &text, &len),
                 MDSUM_OK);
    CHECK(text && strstr(text, "\"ROUGE-1\":{\"recall\":1.00000,\"recall_ci\":[1.00000,1.00000]"));
    CHECK(text && strstr(text, "\"per_eval\":[{\"id\":\"1\""));
    mdsum_free(ctx, text);
    char *desc = NULL;
    CHECK_EQ_INT(mdsum_rouge_opts_describe(ctx, &o, &desc), MDSUM_OK);
    CHECK_EQ_STR(desc, "-n 1 -x -c 90 -r 10 -f A -p 0.5 -t 0");
    mdsum_free(ctx, desc);
    mdsum_rouge_free(r);
}

/* Sentences one by one, JSONL, and text: the same evaluation. */
static void test_inputs(void)
{
    mdsum_rouge_opts o = base_opts();
    o.max_n = 2;
    o.lcs = 1;
    mdsum_rouge *r = make(&o);
    if (!r) return;
    const char *refs[2] = {"the cat sat\non the mat", "a cat was on a mat"};
    CHECK_EQ_INT(mdsum_rouge_add(r, "t", "the cat\nsat on a mat", 20, refs, NULL, 2), MDSUM_OK);
    const char *sys[2] = {"the cat", "sat on a mat"};
    const char *rs[3] = {"the cat sat", "on the mat", "a cat was on a mat"};
    size_t counts[2] = {2, 1};
    CHECK_EQ_INT(mdsum_rouge_add_sentences(r, "s", sys, NULL, 2, rs, NULL, counts, 2), MDSUM_OK);
    const char *js = "{\"id\": \"j\", \"system\": [\"the cat\", \"sat on a mat\"], "
                     "\"references\": [\"the cat sat\\non the mat\", [\"a cat was on a mat\"]]}";
    CHECK_EQ_INT(mdsum_rouge_add_jsonl(r, js, strlen(js)), MDSUM_OK);
    CHECK_EQ_INT(mdsum_rouge_eval_count(r), 3);
    for (size_t m = 0; m < mdsum_rouge_metric_count(r); m++) {
        mdsum_rouge_score a, b, c;
        mdsum_rouge_eval_score(r, 0, m, &a);
        mdsum_rouge_eval_score(r, 1, m, &b);
        mdsum_rouge_eval_score(r, 2, m, &c);
        CHECK(a.recall == b.recall && a.precision == b.precision && a.f == b.f);
        CHECK(a.recall == c.recall && a.precision == c.precision && a.f == c.f);
        CHECK(a.hits == b.hits && a.hits == c.hits);
    }
    CHECK_EQ_STR(mdsum_rouge_eval_id(r, 2), "j");
    mdsum_rouge_free(r);
}

/* ======================================================================
 * The script's XML configuration and SEE format
 * ====================================================================== */
static void test_see(void)
{
    /* Both line forms; a sentence stops at the first '<' ("<unk>" cuts
     * it); lines that do not match, and an empty capture, are skipped. */
    const char *html =
        "<html>\n<body bgcolor=\"white\">\n"
        "<a name=\"1\">[1]</a> <a href=\"#1\" id=1>First sentence .</a>\n"
        "<a size=\"5\" name=\"2\">[2]</a>\t<a href=\"#2\" id=2>the <unk> cut</a>\r\n"
        "<a name=\"3\">[3]</a> <a href=\"#3\" id=3></a>\n"
        "<a name=\"4\">[4]</a><a href=\"#4\" id=4>no space before</a>\n"
        "<A name=\"5\">[5]</a> <a href=\"#5\" id=5>upper-case tag</a>\n"
        "<a name=\"6\">[6]</a> <a href=\"#6\" id=\"6\">quoted id</a>\n"
        "<a name=\"7\">[7]</a> <a href=\"#7\" id=7>no closing tag";
    char *out = NULL;
    size_t n = 0;
    CHECK_EQ_INT(mdsum_rouge_see_text(ctx, html, strlen(html), &out, &n), MDSUM_OK);
    CHECK_EQ_STR(out, "First sentence .\nthe \nno closing tag\n");
    CHECK_EQ_INT(n, strlen(out ? out : ""));
    mdsum_free(ctx, out);
}

static void test_config(void)
{
    const char *xml =
        "<ROUGE-EVAL version=\"1.55\">\n"
        "<eval ID=\"d2\">\n"
        "  <MODEL-ROOT>\n   /m  \n</MODEL-ROOT>\n"
        "  <PEER-ROOT>p</PEER-ROOT>\n"
        "  <INPUT-FORMAT TYPE=\"SEE\"></INPUT-FORMAT>\n"
        "  <PEERS><P ID=\"9\">s9.html</P><P ID=\"10\">s10.html</P>"
        "<P ID=\"9\">s9b.html</P></PEERS>\n"
        "  <MODELS><M ID=\"A\">a.html</M><M ID=\"B\">b.html</M><M ID=\"A\">a2.html</M></MODELS>\n"
        "</eval>\n"
        "<EVAL ID=\"d1\"><INPUT-FORMAT TYPE=\"spl\"/>"
        "<PEERS><P ID=\"x\">s.txt</P></PEERS><MODELS><M ID=\"A\">r.txt</M></MODELS></EVAL>\n"
        "</ROUGE-EVAL>\n";
    mdsum_rouge_config *c = NULL;
    CHECK_EQ_INT(mdsum_rouge_config_read(ctx, xml, strlen(xml), &c), MDSUM_OK);
    if (c) {
        CHECK_EQ_INT(mdsum_rouge_config_count(c), 2);
        mdsum_rouge_task t;
        CHECK_EQ_INT(mdsum_rouge_config_task(c, 0, &t), MDSUM_OK);
        CHECK_EQ_STR(t.eval_id, "d2");
        CHECK_EQ_STR(t.format, "SEE");
        CHECK_EQ_INT(t.npeers, 2);
        CHECK_EQ_STR(t.peer_ids[0], "9");
        CHECK_EQ_STR(t.peer_paths[0], "p/s9b.html");   /* a repeated P ID: last file */
        CHECK_EQ_INT(t.nmodels, 3);                     /* a repeated M ID counts again... */
        CHECK_EQ_STR(t.model_paths[0], "/m/a2.html");   /* ...with its last file */
        CHECK_EQ_STR(t.model_paths[1], "/m/b.html");
        CHECK_EQ_STR(t.model_paths[2], "/m/a2.html");
        CHECK_EQ_INT(mdsum_rouge_config_task(c, 1, &t), MDSUM_OK);
        CHECK_EQ_STR(t.peer_paths[0], "/s.txt");        /* no PEER-ROOT: "/file" */
        CHECK_EQ_INT(mdsum_rouge_config_task(c, 2, &t), MDSUM_EINVAL);
        const char *const *ids;
        size_t np;
        CHECK_EQ_INT(mdsum_rouge_config_peers(c, &ids, &np), MDSUM_OK);
        CHECK_EQ_INT(np, 3);
        if (np == 3) {   /* byte order: "10" < "9" < "x" */
            CHECK_EQ_STR(ids[0], "10");
            CHECK_EQ_STR(ids[1], "9");
            CHECK_EQ_STR(ids[2], "x");
        }
        mdsum_rouge_config_free(c);
    }
    /* What belongs here: configurations the script refuses (or that mdsum
     * refuses where the script would merge). */
    static const char *const bad[] = {
        "<ROUGE-EVAL><EVAL ID=\"1\"><PEERS>",                                  /* malformed */
        "<ROUGE-EVAL><EVAL><INPUT-FORMAT TYPE=\"SPL\"/></EVAL></ROUGE-EVAL>",  /* no ID */
        "<ROUGE-EVAL><EVAL ID=\"1\"><INPUT-FORMAT TYPE=\"PDF\"/></EVAL></ROUGE-EVAL>",
        "<ROUGE-EVAL><EVAL ID=\"1\"></EVAL></ROUGE-EVAL>",                    /* no format */
        ("<ROUGE-EVAL><EVAL ID=\"1\"><INPUT-FORMAT TYPE=\"SPL\"/></EVAL>"
         "<EVAL ID=\"1\"><INPUT-FORMAT TYPE=\"SPL\"/></EVAL></ROUGE-EVAL>"),  /* repeated */
        "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        c = NULL;
        CHECK_EQ_INT(mdsum_rouge_config_read(ctx, bad[i], strlen(bad[i]), &c), MDSUM_EFORMAT);
        CHECK(c == NULL);
    }
    mdsum_rouge_config_free(NULL);
    /* Contexts come and go, each opening libxml2 (dlopen) on its first
     * configuration. The library stays mapped (RTLD_NODELETE): unloading it
     * with the last context orphaned the state libxml2 keeps for the
     * process (encoding handlers, the last error), which LeakSanitizer
     * reports at exit in the ASan build (3,240 bytes here without the flag;
     * a fuzz_rouge run found it). */
    static const char *const kinds[] = {
        "<ROUGE-EVAL><EVAL ID=\"1\">",
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xe9</a>",
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>",
        "<?xml version=\"1.0\" encoding=\"EBCDIC\"?><a/>",
        "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>",
        "not xml",
        "<a b='&#xD800;'/>",
    };
    for (int r = 0; r < 20; r++)
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
            mdsum_ctx *one = mdsum_ctx_new(NULL);
            c = NULL;
            int rc = mdsum_rouge_config_read(one, kinds[i], strlen(kinds[i]), &c);
            CHECK(rc == MDSUM_OK || rc == MDSUM_EFORMAT);
            mdsum_rouge_config_free(c);
            mdsum_ctx_free(one);
        }
}

/* ======================================================================
 * Bad input
 * ====================================================================== */
static void test_bad_input(void)
{
    mdsum_rouge_opts o = base_opts();
    o.max_n = 2;
    o.lcs = 1;
    o.limit_words = 5;
    mdsum_rouge *r = make(&o);
    if (!r) return;
    const char *ref = "a b";
    size_t rl = 3;
    CHECK_EQ_INT(mdsum_rouge_add(r, NULL, "a", 1, &ref, &rl, 0), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_rouge_add(r, NULL, NULL, 4, &ref, &rl, 1), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_rouge_add(r, "x", "a", 1, &ref, &rl, 1), MDSUM_OK);
    CHECK_EQ_INT(mdsum_rouge_add(r, "x", "a", 1, &ref, &rl, 1), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_rouge_eval_count(r), 1);
    /* an empty system and an empty reference: zeros, flagged with -l */
    CHECK_EQ_INT(mdsum_rouge_add(r, "e", "", 0, &ref, &rl, 1), MDSUM_OK);
    EXPECT(r, 1, 0, 0.0, 0.0, 0.0);
    CHECK_EQ_INT(mdsum_rouge_eval_empty(r, 1, 0), 1);
    CHECK_EQ_INT(mdsum_rouge_eval_empty(r, 1, 1), 0);
    CHECK_EQ_INT(mdsum_rouge_eval_empty(r, 1, 2), MDSUM_EINVAL);
    const char *empty = "";
    CHECK_EQ_INT(mdsum_rouge_add(r, "f", "a b", 3, &empty, NULL, 1), MDSUM_OK);
    EXPECT(r, 2, 0, 0.0, 0.0, 0.0);
    /* JSONL errors */
    CHECK_EQ_INT(mdsum_rouge_add_jsonl(r, "{\"system\": \"a\"", 14), MDSUM_EFORMAT);
    CHECK(mdsum_ctx_error(ctx)->offset >= 0);
    CHECK_EQ_INT(mdsum_rouge_add_jsonl(r, "{\"system\": \"a\"}", 15), MDSUM_EFORMAT);
    CHECK_EQ_INT(mdsum_rouge_add_jsonl(r, "{\"system\": 1, \"references\": [\"a\"]}", 35),
                 MDSUM_EFORMAT);
    CHECK_EQ_INT(mdsum_rouge_add_jsonl(r, "{\"system\": \"a\", \"references\": []}", 33),
                 MDSUM_EFORMAT);
    CHECK_EQ_INT(mdsum_rouge_add_jsonl(r, "[1]", 3), MDSUM_EFORMAT);
    const char *one = "{\"summary\": \"a b\", \"reference\": \"a\"}";
    CHECK_EQ_INT(mdsum_rouge_add_jsonl(r, one, strlen(one)), MDSUM_OK);
    CHECK_EQ_INT(mdsum_rouge_eval_count(r), 4);
    mdsum_rouge_free(r);

    /* options */
    mdsum_rouge_opts bad = base_opts();
    bad.max_n = 1;
    bad.limit_words = 10;
    bad.limit_bytes = 10;
    CHECK_EQ_INT(mdsum_rouge_new(ctx, &bad, &r), MDSUM_EINVAL);
    bad = base_opts();
    bad.max_n = 1;
    bad.alpha = 1.5;
    CHECK_EQ_INT(mdsum_rouge_new(ctx, &bad, &r), MDSUM_EINVAL);
    bad.alpha = 0.5;
    bad.resamples = 0;
    CHECK_EQ_INT(mdsum_rouge_new(ctx, &bad, &r), MDSUM_EINVAL);
    bad.resamples = 10;
    bad.confidence = 101;
    CHECK_EQ_INT(mdsum_rouge_new(ctx, &bad, &r), MDSUM_EINVAL);
    bad = base_opts();   /* nothing to compute */
    CHECK_EQ_INT(mdsum_rouge_new(ctx, &bad, &r), MDSUM_EINVAL);

    /* no evaluation: nothing to aggregate */
    o = base_opts();
    o.max_n = 1;
    r = make(&o);
    if (!r) return;
    mdsum_rouge_result res;
    char *text = NULL;
    CHECK_EQ_INT(mdsum_rouge_result_get(r, 0, &res), MDSUM_EEMPTY);
    CHECK_EQ_INT(mdsum_rouge_render(r, MDSUM_ROUGE_TEXT, 0, &text, NULL), MDSUM_EEMPTY);
    CHECK_EQ_INT(mdsum_rouge_result_get(r, 5, &res), MDSUM_EINVAL);
    mdsum_rouge_free(r);
    mdsum_rouge_free(NULL);
}

/* One sentence of 9000 tokens against another: an LCS table of 81 million
 * cells, beyond the limit: refused, nothing added. */
static void test_huge(void)
{
    size_t n = 9000;
    char *s = malloc(n * 7);
    if (!s) return;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += (size_t)sprintf(s + k, "w%zu ", i % 5000);
    mdsum_rouge_opts o = base_opts();
    o.lcs = 1;
    mdsum_rouge *r = make(&o);
    if (r) {
        const char *ref = s;
        CHECK_EQ_INT(mdsum_rouge_add(r, NULL, s, k, &ref, &k, 1), MDSUM_ELIMIT);
        CHECK_EQ_INT(mdsum_rouge_eval_count(r), 0);
        mdsum_rouge_free(r);
    }
    /* Any-distance skip-bigrams of 9000 tokens: 40 million, refused. */
    o = base_opts();
    o.skip = 1;
    o.skip_distance = -1;
    r = make(&o);
    if (r) {
        const char *ref = "w1 w2";
        size_t rl = 5;
        CHECK_EQ_INT(mdsum_rouge_add(r, NULL, s, k, &ref, &rl, 1), MDSUM_ELIMIT);
        mdsum_rouge_free(r);
    }
    /* Without ROUGE-L the same input is fine. */
    o = base_opts();
    o.max_n = 2;
    r = make(&o);
    if (r) {
        const char *ref = s;
        CHECK_EQ_INT(mdsum_rouge_add(r, NULL, s, k, &ref, &k, 1), MDSUM_OK);
        EXPECT(r, 0, 0, 1.0, 1.0, 1.0);
        mdsum_rouge_free(r);
    }
    free(s);
}

/* An allocator that fails after a budget of calls: every failure point
 * must give MDSUM_ENOMEM (never a crash or a leak, which ASan checks). */
typedef struct budget {
    long left;
} budget;

static void *b_malloc(void *ud, size_t n)
{
    budget *b = ud;
    if (b->left-- <= 0) return NULL;
    return malloc(n);
}
static void *b_realloc(void *ud, void *p, size_t old, size_t n)
{
    (void)old;
    budget *b = ud;
    if (b->left-- <= 0) return NULL;
    return realloc(p, n);
}
static void b_free(void *ud, void *p)
{
    (void)ud;
    free(p);
}

static void alloc_failures(int scorer)
{
    mdsum_rouge_opts o = base_opts();
    o.scorer = scorer;
    o.max_n = 2;
    o.lcs = 1;
    o.skip = 1;
    o.stem = 1;
    o.stopwords = 1;
    const char *refs[2] = {"the cats sat\non mats", "dogs ran"};
    const char *sys = "cats sat on the mat";
    /* The scores without failures. */
    mdsum_rouge *ok = make(&o);
    if (!ok) return;
    CHECK_EQ_INT(mdsum_rouge_add(ok, "x", sys, strlen(sys), refs, NULL, 2), MDSUM_OK);
    int succeeded = 0;
    for (long limit = 0; limit < 400 && !succeeded; limit += 1) {
        budget b = {limit};
        mdsum_allocator a = {b_malloc, b_realloc, b_free, &b};
        mdsum_ctx *c = mdsum_ctx_new(&a);
        if (!c) continue;
        mdsum_rouge *r = NULL;
        int rc = mdsum_rouge_new(c, &o, &r);
        if (rc == MDSUM_OK) {
            rc = mdsum_rouge_add(r, "x", sys, strlen(sys), refs, NULL, 2);
            if (rc == MDSUM_ENOMEM) {
                /* A scorer stays usable after a failed add: the same add
                 * with memory again gives the same scores. */
                b.left = 1L << 30;
                CHECK_EQ_INT(mdsum_rouge_add(r, "x", sys, strlen(sys), refs, NULL, 2), MDSUM_OK);
                for (size_t m = 0; m < mdsum_rouge_metric_count(r); m++) {
                    mdsum_rouge_score s1, s2;
                    mdsum_rouge_eval_score(r, 0, m, &s1);
                    mdsum_rouge_eval_score(ok, 0, m, &s2);
                    CHECK(s1.recall == s2.recall && s1.precision == s2.precision &&
                          s1.hits == s2.hits);
                }
                b.left = limit;
                rc = MDSUM_ENOMEM;
            }
            char *text = NULL;
            if (rc == MDSUM_OK) rc = mdsum_rouge_render(r, MDSUM_ROUGE_JSON, 1, &text, NULL);
            mdsum_free(c, text);
            if (rc == MDSUM_OK) succeeded = 1;
        }
        if (rc != MDSUM_OK && rc != MDSUM_ENOMEM) {
            CHECK_EQ_INT(rc, MDSUM_ENOMEM);
            fprintf(stderr, "  with %ld allocations\n", limit);
        }
        mdsum_rouge_free(r);
        mdsum_ctx_free(c);
    }
    CHECK(succeeded);
    mdsum_rouge_free(ok);
}

static void test_alloc_failures(void)
{
    alloc_failures(MDSUM_ROUGE_155);
    alloc_failures(MDSUM_ROUGE_GOOGLE);
}

int main(void)
{
    ctx = mdsum_ctx_new(NULL);
    test_terms();
    test_porter();
    test_su_quirk();
    test_lcs();
    test_lcs_bits();
    test_lcs_overflow();
    test_rounding();
    test_wlcs();
    test_ngrams();
    test_formula();
    test_pooling();
    test_rand48();
    test_bootstrap();
    test_render();
    test_inputs();
    test_see();
    test_config();
    test_bad_input();
    test_huge();
    test_alloc_failures();
    mdsum_ctx_free(ctx);
    return test_finish("test_rouge");
}
