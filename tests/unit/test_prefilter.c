/*
 * test_prefilter.c -- the candidate pre-filter (prefilter.c) and its use by
 * the pipeline: a cluster of more than 12,000 sentences is summarized by
 * every algorithm within every budget; the pre-filter keeps each
 * document's lead sentences, prefers central sentences to outliers and fit
 * sentences to fragments, is deterministic, and changes nothing for small
 * clusters. The clusters are generated here from pseudo-words, so the
 * expected choices follow from their construction, not from the code.
 */
#include "internal.h"
#include "cluster.h"
#include "prefilter.h"
#include "test.h"

#include <math.h>
#include <stdio.h>

/* ---- Generated text ---------------------------------------------------- */
static uint32_t rng_next(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static const char *const syl[] = {"ka", "lo", "mi", "ne", "ru", "ta", "vo", "si",
                                  "pe", "da", "gu", "ho", "ze", "bi", "fa", "wen"};

/* Append pseudo-word number w (0 <= w < 4096, three syllables at most). */
static void put_word(strbuf *b, unsigned w, bool cap)
{
    char tmp[16];
    size_t n = 0;
    do {
        const char *s = syl[w % 16];
        tmp[n++] = s[0];
        tmp[n++] = s[1];
        if (s[2]) tmp[n++] = s[2];
        w /= 16;
    } while (w);
    if (cap) tmp[0] = (char)(tmp[0] - 'a' + 'A');
    buf_append(b, tmp, n);
}

/* A sentence of `k` words drawn from words [lo, lo + span). */
static void put_sentence(strbuf *b, uint32_t *rng, unsigned lo, unsigned span, unsigned k)
{
    for (unsigned i = 0; i < k; i++) {
        if (i) buf_putc(b, ' ');
        put_word(b, lo + rng_next(rng) % span, i == 0);
    }
    buf_puts(b, ". ");
}

/* Add b's text to cl as a document and free b; NULL (cl freed) on failure. */
static mdsum_cluster *add_text(mdsum_cluster *cl, strbuf *b)
{
    mdsum_doc doc = {0};
    doc.text = b->data;
    doc.text_len = b->len;
    if (b->failed || mdsum_cluster_add(cl, &doc, 0) != MDSUM_OK) {
        mdsum_cluster_free(cl);
        cl = NULL;
    }
    buf_fini(b);
    return cl;
}

/* Options without the cleaner, and cl analysed with them; false (a check
 * failed) when cl is NULL or the analysis fails. */
static bool analyze_raw(mdsum_ctx *ctx, mdsum_cluster *cl, mdsum_options *o)
{
    CHECK(cl != NULL);
    if (!cl) return false;
    mdsum_options_init(o);
    o->flags = MDSUM_NO_CLEAN;
    int rc = mdsum_cluster_analyze(ctx, cl, o);
    CHECK_EQ_INT(rc, MDSUM_OK);
    if (rc) mdsum_cluster_free(cl);
    return rc == MDSUM_OK;
}

static mdsum_cluster *big_cluster(mdsum_ctx *ctx, unsigned ndocs, unsigned nsent)
{
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    uint32_t rng = 12345;
    for (unsigned d = 0; cl && d < ndocs; d++) {
        strbuf b;
        buf_init(&b, &ctx->alc);
        for (unsigned s = 0; s < nsent; s++) {
            put_sentence(&b, &rng, 16, 2000, 6 + rng_next(&rng) % 9);
            if (s % 5 == 4) buf_puts(&b, "\n\n");
        }
        cl = add_text(cl, &b);
    }
    return cl;
}

/* ---- A cluster of more than 12,000 sentences, every algorithm ---------- */
static void check_summary(mdsum_ctx *ctx, mdsum_cluster *cl, const char *algo, long words,
                          long sentences, long bytes)
{
    mdsum_options o;
    mdsum_options_init(&o);
    o.algo = algo;
    o.flags = MDSUM_NO_CLEAN;
    o.words = words;
    o.sentences = sentences;
    o.bytes = bytes;
    mdsum_summary *s = NULL;
    int rc = mdsum_summarize(ctx, cl, &o, &s);
    CHECK_EQ_INT(rc, MDSUM_OK);
    if (rc) {
        fprintf(stderr, "  algorithm %s: %s\n", algo, mdsum_ctx_error(ctx)->message);
        return;
    }
    size_t n = mdsum_summary_count(s), w = 0, by = 0;
    CHECK(n >= 1);
    for (size_t i = 0; i < n; i++) {
        mdsum_pick p;
        mdsum_summary_get(s, i, &p);
        CHECK(p.sentence < mdsum_cluster_sentence_count(cl));
        CHECK(p.start < p.end);
        w += p.words;
        by += p.end - p.start + (i ? 1 : 0);
        if (i) {
            mdsum_pick q;
            mdsum_summary_get(s, i - 1, &q);
            CHECK(q.sentence != p.sentence);
        }
    }
    if (words) CHECK(w <= (size_t)words);
    if (sentences) CHECK(n <= (size_t)sentences);
    if (bytes) CHECK(by <= (size_t)bytes);
    mdsum_summary_meta m;
    mdsum_summary_meta_get(s, &m);
    CHECK_EQ_INT(m.sentences_in, mdsum_cluster_sentence_count(cl));
    CHECK(m.note && strstr(m.note, "pre-filter: ranked 2000 of"));
    mdsum_summary_free(s);
}

static void test_huge_cluster(mdsum_ctx *ctx)
{
    mdsum_cluster *cl = big_cluster(ctx, 12, 1050);
    mdsum_options o;
    if (!analyze_raw(ctx, cl, &o)) return;
    size_t n = mdsum_cluster_sentence_count(cl);
    CHECK(n >= 12000);

    /* Budgets of every kind with the default algorithm, then every
     * algorithm with a word budget. */
    check_summary(ctx, cl, NULL, 100, 0, 0);
    check_summary(ctx, cl, NULL, 0, 3, 0);
    check_summary(ctx, cl, NULL, 0, 0, 600);
    check_summary(ctx, cl, NULL, 50, 2, 400);
    for (size_t i = 0; i < mdsum_algo_count(); i++) {
        mdsum_algo_info a;
        mdsum_algo_info_get(i, &a);
        check_summary(ctx, cl, a.name, 100, 0, 0);
    }
    /* Both notes at once, the solver's longest and the pre-filter's: the
     * meta note holds them whole (together 128 bytes before the NUL; they
     * once overflowed a 128-byte buffer). A node limit of 1 stops `joint`
     * after the root subproblem, where it has the greedy incumbent, on any
     * machine (`ilp` happens to solve this program at the root, and a time
     * limit depends on the machine's speed). */
    {
        mdsum_options io;
        mdsum_options_init(&io);
        io.algo = "joint";
        io.params = "max_nodes=1";
        io.flags = MDSUM_NO_CLEAN;
        mdsum_summary *s = NULL;
        CHECK_EQ_INT(mdsum_summarize(ctx, cl, &io, &s), MDSUM_OK);
        mdsum_summary_meta m;
        if (s && mdsum_summary_meta_get(s, &m) == MDSUM_OK) {
            char want[256];
            snprintf(want, sizeof want,
                     "ilp: solver time or node limit reached, best solution found used (not proven "
                     "optimal); pre-filter: ranked %d of %zu sentences",
                     MDSUM_PREFILTER_MAX, mdsum_cluster_sentence_count(cl));
            CHECK(m.note && strcmp(m.note, want) == 0);
            if (m.note && strcmp(m.note, want) != 0) fprintf(stderr, "  note: %s\n", m.note);
        }
        mdsum_summary_free(s);
    }

    /* mdsum_rank: the pre-filter's sentences have scores, the others
     * -HUGE_VAL. */
    double *scores = malloc(n * sizeof *scores);
    o.algo = "lead";
    CHECK_EQ_INT(mdsum_rank(ctx, cl, &o, scores), MDSUM_OK);
    size_t finite = 0, low = 0;
    for (size_t i = 0; i < n; i++) {
        if (scores[i] == -HUGE_VAL) low++;
        else if (isfinite(scores[i])) finite++;
    }
    CHECK_EQ_INT(finite, MDSUM_PREFILTER_MAX);
    CHECK_EQ_INT(low, n - MDSUM_PREFILTER_MAX);
    free(scores);
    mdsum_cluster_free(cl);
}

/* ---- prefilter_pick on constructed clusters ---------------------------- */
/* 5 documents of 20 sentences about one event (words 0..39, half of them
 * the three core words 0..2), except the
 * outliers: sentences at positions 8 and 14 of every document use words
 * found nowhere else; position 0 of document 3 is a three-word fragment
 * (unfit), and position 12 of every document is a fragment too; the
 * fragments are the three core words. */
#define EV_DOCS 5
#define EV_SENTS 20

static bool is_outlier(unsigned pos) { return pos == 8 || pos == 14; }
static bool is_fragment(unsigned d, unsigned pos) { return (d == 3 && pos == 0) || pos == 12; }

static mdsum_cluster *event_cluster(mdsum_ctx *ctx)
{
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    uint32_t rng = 777;
    unsigned fresh = 1000;
    for (unsigned d = 0; cl && d < EV_DOCS; d++) {
        strbuf b;
        buf_init(&b, &ctx->alc);
        for (unsigned p = 0; p < EV_SENTS; p++) {
            if (is_fragment(d, p)) {
                /* The three core words: closer to the centroid than any
                 * whole sentence, yet unfit. */
                put_word(&b, 0, true);
                buf_puts(&b, " lo mi. ");
            } else if (is_outlier(p)) {
                put_sentence(&b, &rng, fresh, 1, 1);   /* one fresh word ... */
                b.len -= 2;
                for (unsigned k = 1; k < 8; k++) {     /* ... and seven more */
                    buf_putc(&b, ' ');
                    put_word(&b, fresh + k, false);
                }
                buf_puts(&b, ". ");
                fresh += 8;
            } else {
                /* Half of the words are the event's three core words. */
                for (unsigned k = 0; k < 10; k++) {
                    if (k) buf_putc(&b, ' ');
                    put_word(&b, rng_next(&rng) % 2 ? rng_next(&rng) % 3 : rng_next(&rng) % 40, k == 0);
                }
                buf_puts(&b, ". ");
            }
            buf_puts(&b, "\n");
        }
        cl = add_text(cl, &b);
    }
    return cl;
}

static bool kept(const uint32_t *keep, size_t n, size_t i)
{
    for (size_t k = 0; k < n; k++)
        if (keep[k] == i) return true;
    return false;
}

static void test_pick(mdsum_ctx *ctx)
{
    mdsum_cluster *cl = event_cluster(ctx);
    CHECK(cl != NULL);
    if (!cl) return;
    mdsum_options o;
    mdsum_options_init(&o);
    o.flags = MDSUM_NO_CLEAN;
    CHECK_EQ_INT(mdsum_cluster_analyze(ctx, cl, &o), MDSUM_OK);
    CHECK_EQ_INT(cl->nsents, EV_DOCS * EV_SENTS);
    if (cl->nsents != EV_DOCS * EV_SENTS) { mdsum_cluster_free(cl); return; }
    arena ar;
    arena_init(&ar, &ctx->alc);

    /* What belongs here: a limit, and the positions (document, index) that
     * must or must not survive it, by construction of the cluster. */
    static const struct {
        size_t max;
        unsigned lead_depth;    /* leads 0..depth-1 of every document kept */
        bool outliers_out;      /* no outlier kept */
    } cases[] = {
        {5, 1, true},     /* quota 2: only the first two documents' leads */
        {10, 1, true},    /* quota 5: every document's first fit sentence */
        {20, 2, true},    /* quota 10: two rounds of leads */
        {40, 3, true},    /* quota 20: three rounds (15), then central ones */
        {84, 3, true},    /* 84 of 100: the 10 outliers and 6 fragments are out */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        uint32_t *keep;
        size_t n;
        CHECK_EQ_INT(prefilter_pick(ctx, cl, &ar, cases[c].max, &keep, &n), MDSUM_OK);
        CHECK_EQ_INT(n, cases[c].max);
        for (size_t k = 1; k < n; k++) CHECK(keep[k - 1] < keep[k]);
        for (unsigned d = 0; d < EV_DOCS; d++) {
            /* The j-th fit sentence of document d. */
            unsigned fit = 0;
            for (unsigned p = 0; p < EV_SENTS; p++) {
                size_t i = d * EV_SENTS + p;
                bool in = kept(keep, n, i);
                if (is_fragment(d, p)) {
                    CHECK(!in || cases[c].max > 95);
                    continue;
                }
                if (fit < cases[c].lead_depth && (cases[c].max != 5 || d < 2)) CHECK(in);
                if (cases[c].outliers_out && is_outlier(p) && fit >= 3) CHECK(!in);
                fit++;
            }
        }
        /* Deterministic. */
        uint32_t *again;
        size_t n2;
        CHECK_EQ_INT(prefilter_pick(ctx, cl, &ar, cases[c].max, &again, &n2), MDSUM_OK);
        CHECK(n2 == n && memcmp(keep, again, n * sizeof *keep) == 0);
    }

    /* At or under the limit: every sentence, in order. */
    uint32_t *all;
    size_t n;
    CHECK_EQ_INT(prefilter_pick(ctx, cl, &ar, 100, &all, &n), MDSUM_OK);
    CHECK_EQ_INT(n, 100);
    for (size_t k = 0; k < n; k++) CHECK_EQ_INT(all[k], k);
    arena_fini(&ar);

    /* The pipeline leaves small clusters alone: no note. */
    mdsum_summary *s = NULL;
    CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
    mdsum_summary_meta m;
    if (s && mdsum_summary_meta_get(s, &m) == MDSUM_OK) CHECK(!m.note || !strstr(m.note, "pre-filter"));
    mdsum_summary_free(s);
    mdsum_cluster_free(cl);
}

/* ---- Copies: one wire story in many outlets ----------------------------- */
/* 600 documents, each the same five sentences (3,000 sentences) plus
 * one sentence of its own: both pre-filters keep one copy of each repeated
 * sentence, so the places go to different sentences, and every algorithm
 * can say the whole story. */
static void test_copies(mdsum_ctx *ctx)
{
    static const char *const story =
        "The harbor bridge reopened on Monday after two years of repairs. "
        "The council voted seven to two to fund the work last spring. "
        "Officials said the repairs cost four million dollars in all. "
        "Cyclists cheered as the first riders crossed the bridge at dawn. "
        "Traffic is expected to return to normal by the end of the week. ";
    enum { NDOCS = 600 };
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    uint32_t rng = 99;
    for (unsigned d = 0; cl && d < NDOCS; d++) {
        strbuf b;
        buf_init(&b, &ctx->alc);
        buf_puts(&b, story);
        put_sentence(&b, &rng, 16, 2000, 8);
        cl = add_text(cl, &b);
    }
    mdsum_options o;
    if (!analyze_raw(ctx, cl, &o)) return;
    arena ar;
    arena_init(&ar, &ctx->alc);
    uint32_t *first, *keep;
    size_t n;
    CHECK_EQ_INT(prefilter_copies(ctx, cl, &ar, &first), MDSUM_OK);
    size_t distinct = 0;
    for (size_t i = 0; i < cl->nsents; i++) distinct += first[i] == i;
    /* The five story sentences once, and most own sentences (random
     * words: a few may repeat). */
    CHECK(distinct > NDOCS && distinct <= NDOCS + 5);
    CHECK_EQ_INT(first[6 * 17 + 2], 2);   /* document 17's third sentence */
    CHECK_EQ_INT(prefilter_pick(ctx, cl, &ar, PREFILTER_MAX, &keep, &n), MDSUM_OK);
    /* Fewer different sentences than places: each of them once. */
    CHECK_EQ_INT(n, distinct < PREFILTER_MAX ? distinct : PREFILTER_MAX);
    size_t story_kept = 0;
    for (size_t k = 0; k < n; k++) story_kept += keep[k] % 6 != 5;
    CHECK_EQ_INT(story_kept, 5);
    arena_fini(&ar);
    /* The summaries fill their budget, each story sentence once (with
     * copies in every place, they held the few story sentences and
     * stopped short). */
    static const char *const algos[] = {"lead", "lexrank", "joint"};
    for (size_t a = 0; a < sizeof algos / sizeof *algos; a++) {
        o.algo = algos[a];
        o.words = 100;
        mdsum_summary *s = NULL;
        CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
        size_t words = 0;
        unsigned seen = 0;   /* bit p: story sentence p said */
        bool twice = false;
        for (size_t i = 0; s && i < mdsum_summary_count(s); i++) {
            mdsum_pick p;
            mdsum_summary_get(s, i, &p);
            words += p.words;
            unsigned pos = (unsigned)(p.sentence % 6);
            if (pos == 5) continue;
            twice |= (seen >> pos & 1u) != 0;
            seen |= 1u << pos;
        }
        if (words < 90) fprintf(stderr, "  %s: %zu words of 100\n", algos[a], words);
        CHECK(words >= 90 && words <= 100);
        CHECK(!twice);
        mdsum_summary_free(s);
    }
    mdsum_cluster_free(cl);
}

int main(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    CHECK(ctx != NULL);
    if (!ctx) return 1;
    test_pick(ctx);
    test_huge_cluster(ctx);
    test_copies(ctx);
    mdsum_ctx_free(ctx);
    return test_finish("test_prefilter");
}
