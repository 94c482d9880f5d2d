/*
 * test_summarize.c -- the pipeline's promises: budgets are never exceeded,
 * near-duplicates are not both chosen, offsets point at the sentence text,
 * reading order, errors for bad input and options, determinism, and clean
 * failure when any allocation fails.
 */
#include "internal.h"
#include "test.h"
#include "test_support.h"

#include <stdio.h>

static char *texts[3];
static size_t lens[3];

static mdsum_cluster *example_cluster(mdsum_ctx *ctx)
{
    return test_cluster_of(ctx, (const char *const *)texts, lens, test_example_files, 3);
}

static void test_budgets(mdsum_ctx *ctx)
{
    mdsum_cluster *cl = example_cluster(ctx);
    CHECK(cl != NULL);
    const char *algos[] = {"lead", "centroid", "lexrank"};
    long word_budgets[] = {3, 10, 25, 60, 100, 250, 2000};
    for (size_t a = 0; a < 3; a++) {
        for (size_t k = 0; k < sizeof word_budgets / sizeof word_budgets[0]; k++) {
            for (int trunc = 0; trunc < 2; trunc++) {
                mdsum_options o;
                mdsum_options_init(&o);
                o.algo = algos[a];
                o.words = word_budgets[k];
                if (trunc) o.flags |= MDSUM_TRUNCATE;
                mdsum_summary *s;
                CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
                char *text;
                size_t len;
                CHECK_EQ_INT(mdsum_render(ctx, cl, s, MDSUM_RENDER_TEXT, &text, &len), MDSUM_OK);
                size_t w = test_words_in(text, len);
                CHECK(w <= (size_t)o.words);
                CHECK(mdsum_summary_count(s) > 0);   /* never empty while there is text */
                /* Truncation fills the budget exactly when the text allows. */
                if (trunc && o.words <= 250) CHECK_EQ_INT(w, o.words);
                mdsum_free(ctx, text);
                mdsum_summary_free(s);
            }
        }
        for (long n = 1; n <= 4; n++) {
            mdsum_options o;
            mdsum_options_init(&o);
            o.algo = algos[a];
            o.words = 0;
            o.sentences = n;
            mdsum_summary *s;
            CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
            CHECK_EQ_INT(mdsum_summary_count(s), n);
            mdsum_summary_free(s);
        }
        long byte_budgets[] = {20, 150, 400, 1000};
        for (size_t k = 0; k < 4; k++) {
            for (int trunc = 0; trunc < 2; trunc++) {
                mdsum_options o;
                mdsum_options_init(&o);
                o.algo = algos[a];
                o.words = 0;
                o.bytes = byte_budgets[k];
                if (trunc) o.flags |= MDSUM_TRUNCATE;
                mdsum_summary *s;
                CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
                char *text;
                size_t len;
                CHECK_EQ_INT(mdsum_render(ctx, cl, s, MDSUM_RENDER_TEXT, &text, &len), MDSUM_OK);
                /* Bytes count the sentences and one separator between them
                 * (the final newline is not part of the summary). */
                CHECK(len - (len ? 1 : 0) <= (size_t)o.bytes);
                mdsum_free(ctx, text);
                mdsum_summary_free(s);
            }
        }
    }
    mdsum_cluster_free(cl);
}

static void test_offsets_and_order(mdsum_ctx *ctx)
{
    mdsum_cluster *cl = example_cluster(ctx);
    mdsum_options o;
    mdsum_options_init(&o);
    o.words = 200;
    mdsum_summary *s;
    CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
    size_t n = mdsum_summary_count(s);
    CHECK(n >= 3);
    double block_at = 0;   /* relative position of the first sentence of the current block */
    size_t blocks = 0;
    for (size_t i = 0; i < n; i++) {
        mdsum_pick p;
        mdsum_sentence se;
        CHECK_EQ_INT(mdsum_summary_get(s, i, &p), MDSUM_OK);
        CHECK_EQ_INT(mdsum_cluster_sentence(cl, p.sentence, &se), MDSUM_OK);
        CHECK_EQ_INT(se.doc, p.doc);
        CHECK_EQ_INT(se.start, p.start);
        CHECK(p.end <= se.end && p.end > p.start);
        CHECK(p.end <= lens[p.doc]);
        /* The offsets slice the original text: same bytes. */
        mdsum_doc d;
        mdsum_cluster_doc(cl, p.doc, &d);
        CHECK(memcmp(d.text + p.start, texts[p.doc] + p.start, p.end - p.start) == 0);
        CHECK(p.support >= 1 && p.support <= 3);
        /* Reading order without dates: chosen sentences that follow each
         * other in a document form a block (no block has its document
         * predecessor elsewhere in the summary); blocks of different
         * documents by the relative position of their first sentence
         * (ties: document order); a document's sentences in order. No
         * pick is cut here. */
        double rp = (double)p.start / (double)lens[p.doc];
        mdsum_pick q = {0};
        if (i) mdsum_summary_get(s, i - 1, &q);
        if (i && q.doc == p.doc && q.index + 1 == p.index) continue;   /* the same block */
        for (size_t k = 0; k < n; k++) {
            mdsum_pick r;
            mdsum_summary_get(s, k, &r);
            CHECK(!(r.doc == p.doc && r.index + 1 == p.index));
        }
        if (i && q.doc == p.doc) CHECK(q.index < p.index);
        else if (i) CHECK(block_at < rp || (block_at == rp && q.doc < p.doc));
        block_at = rp;
        blocks++;
    }
    CHECK(blocks >= 2);
    CHECK_EQ_INT(mdsum_summary_get(s, n, &(mdsum_pick){0}), MDSUM_EINVAL);
    mdsum_summary_meta m;
    CHECK_EQ_INT(mdsum_summary_meta_get(s, &m), MDSUM_OK);
    CHECK_EQ_STR(m.algo, mdsum_algo_default());
    CHECK_EQ_STR(m.lang, "en");
    CHECK(m.words <= 200);
    mdsum_summary_free(s);
    /* Same input, same output. */
    char *t1, *t2;
    size_t l1, l2;
    mdsum_summary *s1, *s2;
    CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s1), MDSUM_OK);
    mdsum_cluster *cl2 = example_cluster(ctx);
    CHECK_EQ_INT(mdsum_summarize(ctx, cl2, &o, &s2), MDSUM_OK);
    mdsum_render(ctx, cl, s1, MDSUM_RENDER_JSON, &t1, &l1);
    mdsum_render(ctx, cl2, s2, MDSUM_RENDER_JSON, &t2, &l2);
    CHECK(l1 == l2 && memcmp(t1, t2, l1) == 0);
    mdsum_free(ctx, t1);
    mdsum_free(ctx, t2);
    mdsum_summary_free(s1);
    mdsum_summary_free(s2);
    mdsum_cluster_free(cl2);
    mdsum_cluster_free(cl);
}

static void test_redundancy(mdsum_ctx *ctx)
{
    /* Three outlets carry the same wire sentence; it must appear once, with
     * a support of 3. */
    const char *wire = "The central bank raised its main interest rate by half a point on Tuesday.";
    const char *docs[] = {
        "The central bank raised its main interest rate by half a point on Tuesday. Markets fell sharply after the announcement in the capital.",
        "The central bank raised its main interest rate by half a point on Tuesday. Economists had expected a smaller move this month.",
        "The central bank raised its main interest rate by half a point on Tuesday. The currency gained against the dollar in late trading.",
    };
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    for (int i = 0; i < 3; i++) {
        mdsum_doc d = {0};
        d.text = docs[i];
        d.text_len = strlen(docs[i]);
        CHECK_EQ_INT(mdsum_cluster_add(cl, &d, 0), MDSUM_OK);
    }
    const char *algos[] = {"lead", "centroid", "lexrank"};
    for (int a = 0; a < 3; a++) {
        mdsum_options o;
        mdsum_options_init(&o);
        o.algo = algos[a];
        o.words = 100;
        mdsum_summary *s;
        CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
        int copies = 0;
        for (size_t i = 0; i < mdsum_summary_count(s); i++) {
            mdsum_pick p;
            mdsum_doc d;
            mdsum_summary_get(s, i, &p);
            mdsum_cluster_doc(cl, p.doc, &d);
            if (p.end - p.start == strlen(wire) && memcmp(d.text + p.start, wire, strlen(wire)) == 0) {
                copies++;
                CHECK_EQ_INT(p.support, 3);
            }
        }
        CHECK_EQ_INT(copies, 1);
        mdsum_summary_free(s);
        /* With the check disabled, duplicates may come back. */
        o.redundancy = 1.0;
        CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
        CHECK(mdsum_summary_count(s) >= 3);
        mdsum_summary_free(s);
    }
    mdsum_cluster_free(cl);
}

static void test_errors(mdsum_ctx *ctx)
{
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    mdsum_options o;
    mdsum_options_init(&o);
    mdsum_summary *s = (mdsum_summary *)1;
    CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_EEMPTY);
    CHECK(s == NULL);
    CHECK(strstr(mdsum_ctx_error(ctx)->message, "no documents") != NULL);
    mdsum_doc d = {0};
    d.text = "   \n\n  ";
    d.text_len = 7;
    CHECK_EQ_INT(mdsum_cluster_add(cl, &d, 0), MDSUM_OK);
    d.text = "";
    d.text_len = 0;
    CHECK_EQ_INT(mdsum_cluster_add(cl, &d, 0), MDSUM_OK);
    CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_EEMPTY);
    CHECK(strstr(mdsum_ctx_error(ctx)->message, "no sentence") != NULL);

    /* Invalid UTF-8 and NUL: error with document and offset, or repair. */
    d.id = "bad.txt";
    d.text = "Fine start. Bad \xc3\x28 here.";
    d.text_len = strlen(d.text);
    CHECK_EQ_INT(mdsum_cluster_add(cl, &d, 0), MDSUM_EUTF8);
    CHECK_EQ_INT(mdsum_ctx_error(ctx)->offset, 16);
    CHECK_EQ_INT(mdsum_ctx_error(ctx)->doc, 2);
    CHECK_EQ_STR(mdsum_ctx_error(ctx)->doc_id, "bad.txt");
    d.text = "NUL \0 byte";
    d.text_len = 10;
    CHECK_EQ_INT(mdsum_cluster_add(cl, &d, 0), MDSUM_EUTF8);
    CHECK(strstr(mdsum_ctx_error(ctx)->message, "NUL") != NULL);
    CHECK_EQ_INT(mdsum_cluster_add(cl, &d, MDSUM_LENIENT), MDSUM_OK);
    mdsum_doc got;
    mdsum_cluster_doc(cl, 2, &got);
    CHECK(got.text_len == 12 && memcmp(got.text, "NUL \xef\xbf\xbd byte", 12) == 0);

    /* Options: each row is an invalid setting and its status. */
    struct { long words, sentences, bytes; double red, pos; const char *lang, *algo, *params; int rc; } rows[] = {
        {-1, 0, 0, 0.5, 0, "en", NULL, NULL, MDSUM_EINVAL},
        {0, 0, 0, 0.5, 0, "en", NULL, NULL, MDSUM_EINVAL},
        {10, -5, 0, 0.5, 0, "en", NULL, NULL, MDSUM_EINVAL},
        {10, 0, 0, 0.0, 0, "en", NULL, NULL, MDSUM_EINVAL},
        {10, 0, 0, 1.5, 0, "en", NULL, NULL, MDSUM_EINVAL},
        {10, 0, 0, 0.5, -0.1, "en", NULL, NULL, MDSUM_EINVAL},
        {10, 0, 0, 0.5, 0, "xx", NULL, NULL, MDSUM_ELANG},
        {10, 0, 0, 0.5, 0, "en", "nope", NULL, MDSUM_EALGO},
        {10, 0, 0, 0.5, 0, "en", "lexrank", "damping", MDSUM_EALGO},
        {10, 0, 0, 0.5, 0, "en", "lexrank", "damping=2", MDSUM_EALGO},
        {10, 0, 0, 0.5, 0, "en", "lexrank", "nosuch=1", MDSUM_EALGO},
        {10, 0, 0, 0.5, 0, "en", "lexrank", "damping=abc", MDSUM_EALGO},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        mdsum_options_init(&o);
        o.words = rows[i].words;
        o.sentences = rows[i].sentences;
        o.bytes = rows[i].bytes;
        o.redundancy = rows[i].red;
        o.position = rows[i].pos;
        o.lang = rows[i].lang;
        o.algo = rows[i].algo;
        o.params = rows[i].params;
        CHECK_EQ_INT(mdsum_options_validate(ctx, &o), rows[i].rc);
        CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), rows[i].rc);
    }
    mdsum_options_init(&o);
    o.algo = "lexrank";
    o.params = "damping=0.3,threshold=0.1";
    CHECK_EQ_INT(mdsum_options_validate(ctx, &o), MDSUM_OK);
    CHECK_EQ_INT(mdsum_summarize(ctx, NULL, &o, &s), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_summarize(ctx, cl, NULL, &s), MDSUM_EINVAL);
    mdsum_cluster_free(cl);
    mdsum_summary_free(NULL);
    mdsum_cluster_free(NULL);
}

static void test_no_punctuation(mdsum_ctx *ctx)
{
    /* A 300-word line with no sentence punctuation and a 50-word budget:
     * the summary is its start, cut at the budget, never empty. */
    char *text = malloc(300 * 8 + 1);
    size_t o = 0;
    for (int i = 0; i < 300; i++) o += (size_t)sprintf(text + o, "%sword%d", i ? " " : "", i % 37);
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    mdsum_doc d = {0};
    d.text = text;
    d.text_len = o;
    CHECK_EQ_INT(mdsum_cluster_add(cl, &d, 0), MDSUM_OK);
    mdsum_options op;
    mdsum_options_init(&op);
    op.words = 50;
    mdsum_summary *s;
    CHECK_EQ_INT(mdsum_summarize(ctx, cl, &op, &s), MDSUM_OK);
    CHECK_EQ_INT(mdsum_summary_count(s), 1);
    mdsum_pick p;
    mdsum_summary_get(s, 0, &p);
    CHECK_EQ_INT(p.words, 50);
    CHECK_EQ_INT(test_words_in(text + p.start, p.end - p.start), 50);
    mdsum_summary_free(s);
    mdsum_cluster_free(cl);
    free(text);
}

static void test_rank(mdsum_ctx *ctx)
{
    mdsum_cluster *cl = example_cluster(ctx);
    mdsum_options o;
    mdsum_options_init(&o);
    CHECK_EQ_INT(mdsum_cluster_analyze(ctx, cl, &o), MDSUM_OK);
    size_t n = mdsum_cluster_sentence_count(cl);
    CHECK(n > 20);
    double *scores = calloc(n, sizeof *scores);
    for (size_t a = 0; a < mdsum_algo_count(); a++) {
        mdsum_algo_info info;
        CHECK_EQ_INT(mdsum_algo_info_get(a, &info), MDSUM_OK);
        o.algo = info.name;
        CHECK_EQ_INT(mdsum_rank(ctx, cl, &o, scores), MDSUM_OK);
        double mx = 0;
        int finite = 1;
        for (size_t i = 0; i < n; i++) {
            if (scores[i] > mx) mx = scores[i];
            finite &= scores[i] == scores[i];
        }
        CHECK(finite);
        CHECK(mx > 0);
    }
    /* LexRank scores are a probability distribution. */
    o.algo = "lexrank";
    mdsum_rank(ctx, cl, &o, scores);
    double sum = 0;
    for (size_t i = 0; i < n; i++) sum += scores[i];
    CHECK_NEAR(sum, 1.0, 1e-6);
    /* Sentences know their documents and stay inside them. */
    for (size_t i = 0; i < n; i++) {
        mdsum_sentence se;
        CHECK_EQ_INT(mdsum_cluster_sentence(cl, i, &se), MDSUM_OK);
        CHECK(se.doc < 3 && se.start < se.end && se.end <= lens[se.doc]);
    }
    free(scores);
    mdsum_cluster_free(cl);
}

/* ---- Allocation failure injection --------------------------------------- */
static int run_with_allocator(test_fail_alc *f)
{
    mdsum_allocator a = test_fail_allocator(f);
    mdsum_ctx *ctx = mdsum_ctx_new(&a);
    if (!ctx) return MDSUM_ENOMEM;
    int rc = MDSUM_ENOMEM;
    mdsum_cluster *cl = example_cluster(ctx);
    if (cl) {
        mdsum_options o;
        mdsum_options_init(&o);
        mdsum_summary *s = NULL;
        rc = mdsum_summarize(ctx, cl, &o, &s);
        if (rc == MDSUM_OK) {
            char *text;
            size_t len;
            rc = mdsum_render(ctx, cl, s, MDSUM_RENDER_JSON, &text, &len);
            if (rc == MDSUM_OK) mdsum_free(ctx, text);
        }
        mdsum_summary_free(s);
        mdsum_cluster_free(cl);
    }
    mdsum_ctx_free(ctx);
    return rc;
}

static void test_alloc_failures(void)
{
    long points = 0;
    CHECK_EQ_INT(test_fail_sweep(run_with_allocator, &points), 0);
    CHECK(points > 10);
}

/* Documents are read oldest first when all cited ones have dates. */
static void test_date_order(mdsum_ctx *ctx)
{
    static const char *dtexts[] = {
        "The river flooded the lower town on Friday night after heavy rain.",
        "Residents returned home on Sunday as the water level fell again.",
        "Forecasters warned on Thursday that the river could flood the town.",
    };
    static const char *dates[] = {"2031-03-15", "2031/03/17", "20310314"};
    for (int dated = 0; dated < 2; dated++) {
        mdsum_cluster *cl = mdsum_cluster_new(ctx);
        for (int i = 0; i < 3; i++) {
            mdsum_doc d = {0};
            d.text = dtexts[i];
            d.text_len = strlen(dtexts[i]);
            d.date = dated || i != 1 ? dates[i] : "last week";
            CHECK_EQ_INT(mdsum_cluster_add(cl, &d, 0), MDSUM_OK);
        }
        mdsum_options o;
        mdsum_options_init(&o);
        o.redundancy = 1.0;
        mdsum_summary *s;
        CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
        CHECK_EQ_INT(mdsum_summary_count(s), 3);
        size_t want_dated[] = {2, 0, 1}, want_plain[] = {0, 1, 2};
        for (size_t i = 0; i < 3 && i < mdsum_summary_count(s); i++) {
            mdsum_pick p;
            mdsum_summary_get(s, i, &p);
            CHECK_EQ_INT(p.doc, dated ? want_dated[i] : want_plain[i]);
        }
        mdsum_summary_free(s);
        mdsum_cluster_free(cl);
    }
}

int main(void)
{
    if (test_example_load(texts, lens) != 0) return 1;
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    test_budgets(ctx);
    test_offsets_and_order(ctx);
    test_redundancy(ctx);
    test_errors(ctx);
    test_no_punctuation(ctx);
    test_rank(ctx);
    test_date_order(ctx);
    mdsum_ctx_free(ctx);
    test_alloc_failures();
    for (int i = 0; i < 3; i++) free(texts[i]);
    return test_finish("test_summarize");
}
