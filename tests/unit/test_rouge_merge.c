/*
 * test_rouge_merge.c -- mdsum_rouge_merge: evaluations scored by several
 * scorers and merged in order give exactly what one scorer that scored
 * them all gives (the oracle is mdsum_rouge_add on one scorer: every
 * rendered byte, per evaluation and aggregate, bootstrap included), for
 * each scorer and for options that change per-evaluation scores; bad
 * merges are refused and add nothing.
 */
#include "internal.h"
#include "test.h"

#include <stdio.h>

static mdsum_ctx *ctx;

/* A few hundred evaluations of generated text: sentences of pseudo-words,
 * two references each, some texts empty. */
#define NEVAL 240

static uint32_t rng_next(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void put_text(strbuf *b, uint32_t *rng, unsigned sentences)
{
    static const char *const w[] = {"storm", "bridge", "closed", "harbor", "cracks", "mayor",
                                    "ferries", "girders", "engineers", "running", "said", "the",
                                    "of", "a", "city", "inspected", "steel", "surge", "days"};
    for (unsigned s = 0; s < sentences; s++) {
        unsigned n = 4 + rng_next(rng) % 12;
        for (unsigned k = 0; k < n; k++) {
            if (k) buf_putc(b, ' ');
            buf_puts(b, w[rng_next(rng) % (sizeof w / sizeof w[0])]);
        }
        buf_puts(b, ".\n");
    }
}

typedef struct evaluation {
    char id[16];
    strbuf sys, ref[2];
} evaluation;

static evaluation E[NEVAL];

static void make_data(void)
{
    uint32_t rng = 4242;
    for (size_t e = 0; e < NEVAL; e++) {
        snprintf(E[e].id, sizeof E[e].id, "c%03zu", e);
        buf_init(&E[e].sys, &ctx->alc);
        put_text(&E[e].sys, &rng, e % 37 == 5 ? 0 : 1 + rng_next(&rng) % 5);
        for (int k = 0; k < 2; k++) {
            buf_init(&E[e].ref[k], &ctx->alc);
            put_text(&E[e].ref[k], &rng, 1 + rng_next(&rng) % 6);
        }
    }
}

static int add(mdsum_rouge *r, size_t e)
{
    const char *refs[2] = {E[e].ref[0].data, E[e].ref[1].data};
    size_t lens[2] = {E[e].ref[0].len, E[e].ref[1].len};
    return mdsum_rouge_add(r, E[e].id, E[e].sys.data ? E[e].sys.data : "", E[e].sys.len, refs, lens, 2);
}

static char *render(mdsum_rouge *r, int format)
{
    char *out = NULL;
    size_t len;
    CHECK_EQ_INT(mdsum_rouge_render(r, format, MDSUM_ROUGE_PER_EVAL, &out, &len), MDSUM_OK);
    return out;
}

/* Score everything with one scorer; then with three scorers taking the
 * evaluations round robin, merged one at a time in order into a fourth. */
static void check_merge(const char *what, const mdsum_rouge_opts *o)
{
    mdsum_rouge *one = NULL, *part[3] = {NULL, NULL, NULL}, *merged = NULL;
    CHECK_EQ_INT(mdsum_rouge_new(ctx, o, &one), MDSUM_OK);
    CHECK_EQ_INT(mdsum_rouge_new(ctx, o, &merged), MDSUM_OK);
    for (int p = 0; p < 3; p++) CHECK_EQ_INT(mdsum_rouge_new(ctx, o, &part[p]), MDSUM_OK);
    if (!one || !merged || !part[0] || !part[1] || !part[2]) goto out;
    for (size_t e = 0; e < NEVAL; e++) {
        CHECK_EQ_INT(add(one, e), MDSUM_OK);
        CHECK_EQ_INT(add(part[e % 3], e), MDSUM_OK);
    }
    for (size_t e = 0; e < NEVAL; e++) CHECK_EQ_INT(mdsum_rouge_merge(merged, part[e % 3], e / 3, 1), MDSUM_OK);
    CHECK_EQ_INT(mdsum_rouge_eval_count(merged), NEVAL);
    for (int f = MDSUM_ROUGE_TEXT; f <= MDSUM_ROUGE_JSON; f++) {
        char *a = render(one, f), *b = render(merged, f);
        bool same = a && b && strcmp(a, b) == 0;
        CHECK(same);
        if (!same) fprintf(stderr, "  %s: merged output differs (format %d)\n", what, f);
        mdsum_free(ctx, a);
        mdsum_free(ctx, b);
    }
    for (size_t e = 0; e < NEVAL; e++) {
        CHECK_EQ_STR(mdsum_rouge_eval_id(merged, e), E[e].id);
        for (size_t t = 0; t <= 2; t++)
            CHECK_EQ_INT(mdsum_rouge_eval_empty(merged, e, t), mdsum_rouge_eval_empty(one, e, t));
    }
    /* A whole range at once: the same again. */
    mdsum_rouge *range = NULL;
    CHECK_EQ_INT(mdsum_rouge_new(ctx, o, &range), MDSUM_OK);
    if (range) {
        CHECK_EQ_INT(mdsum_rouge_merge(range, one, 0, NEVAL / 2), MDSUM_OK);
        CHECK_EQ_INT(mdsum_rouge_merge(range, one, NEVAL / 2, NEVAL - NEVAL / 2), MDSUM_OK);
        char *a = render(one, MDSUM_ROUGE_TEXT), *b = render(range, MDSUM_ROUGE_TEXT);
        CHECK(a && b && strcmp(a, b) == 0);
        mdsum_free(ctx, a);
        mdsum_free(ctx, b);
        mdsum_rouge_free(range);
    }
out:
    mdsum_rouge_free(one);
    mdsum_rouge_free(merged);
    for (int p = 0; p < 3; p++) mdsum_rouge_free(part[p]);
}

static void test_equivalence(void)
{
    /* What belongs here: option sets that change per-evaluation scores or
     * how they are aggregated. */
    mdsum_rouge_opts o;
    mdsum_rouge_opts_init(&o);
    o.resamples = 200;
    check_merge("defaults", &o);

    o.skip = 1;                      /* Multi-News: -n 2 -m -2 4 -u -l 300 */
    o.skip_mode = MDSUM_ROUGE_SKIP_SU;
    o.limit_words = 30;
    check_merge("multinews", &o);

    mdsum_rouge_opts_init(&o);       /* DUC: -n 4 -x -f B, pooled counts */
    o.max_n = 4;
    o.lcs = 0;
    o.best_model = 1;
    o.count_mode = 1;
    o.resamples = 100;
    check_merge("duc, -f B, -t 1", &o);

    mdsum_rouge_opts_init(&o);
    o.scorer = MDSUM_ROUGE_GOOGLE;
    o.resamples = 100;
    check_merge("google", &o);
}

static void test_refused(void)
{
    mdsum_rouge_opts o;
    mdsum_rouge_opts_init(&o);
    mdsum_rouge *a = NULL, *b = NULL, *c = NULL;
    CHECK_EQ_INT(mdsum_rouge_new(ctx, &o, &a), MDSUM_OK);
    CHECK_EQ_INT(mdsum_rouge_new(ctx, &o, &b), MDSUM_OK);
    o.stem = 0;
    CHECK_EQ_INT(mdsum_rouge_new(ctx, &o, &c), MDSUM_OK);
    if (!a || !b || !c) goto out;
    for (size_t e = 0; e < 4; e++) {
        CHECK_EQ_INT(add(a, e), MDSUM_OK);
        CHECK_EQ_INT(add(c, e + 10), MDSUM_OK);
    }
    CHECK_EQ_INT(add(b, 2), MDSUM_OK);
    /* Out of range, itself, NULL. */
    CHECK_EQ_INT(mdsum_rouge_merge(b, a, 3, 2), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_rouge_merge(b, a, 5, 0), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_rouge_merge(a, a, 0, 1), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_rouge_merge(b, NULL, 0, 0), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_rouge_merge(NULL, a, 0, 0), MDSUM_EINVAL);
    /* Scored differently (unstemmed). */
    CHECK_EQ_INT(mdsum_rouge_merge(b, c, 0, 1), MDSUM_EINVAL);
    CHECK(strstr(mdsum_ctx_error(ctx)->message, "differently") != NULL);
    /* A duplicate id anywhere in the range: nothing added. */
    CHECK_EQ_INT(mdsum_rouge_merge(b, a, 0, 4), MDSUM_EINVAL);
    CHECK(strstr(mdsum_ctx_error(ctx)->message, "duplicate") != NULL);
    CHECK_EQ_INT(mdsum_rouge_eval_count(b), 1);
    /* An empty range is fine; then the others. */
    CHECK_EQ_INT(mdsum_rouge_merge(b, a, 4, 0), MDSUM_OK);
    CHECK_EQ_INT(mdsum_rouge_merge(b, a, 0, 2), MDSUM_OK);
    CHECK_EQ_INT(mdsum_rouge_merge(b, a, 3, 1), MDSUM_OK);
    CHECK_EQ_INT(mdsum_rouge_eval_count(b), 4);
    CHECK_EQ_STR(mdsum_rouge_eval_id(b, 1), "c000");
    CHECK_EQ_STR(mdsum_rouge_eval_id(b, 3), "c003");
out:
    mdsum_rouge_free(a);
    mdsum_rouge_free(b);
    mdsum_rouge_free(c);
}

int main(void)
{
    ctx = mdsum_ctx_new(NULL);
    CHECK(ctx != NULL);
    if (!ctx) return 1;
    make_data();
    test_equivalence();
    test_refused();
    for (size_t e = 0; e < NEVAL; e++) {
        buf_fini(&E[e].sys);
        buf_fini(&E[e].ref[0]);
        buf_fini(&E[e].ref[1]);
    }
    mdsum_ctx_free(ctx);
    return test_finish("test_rouge_merge");
}
