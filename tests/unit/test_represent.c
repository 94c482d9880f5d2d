/*
 * test_represent.c -- sentence vectors (src/represent.c): every vector is
 * sorted by term with one entry per distinct non-stopword term, and
 * sent_cosine equals the cosine of dense tf * idf vectors computed here
 * from the cluster's tokens, for short sentences and for sentences long
 * enough to take the quicksort path (more than 32 terms); the cosines of
 * a scattered row (sent_cosine_dense) are sent_cosine's bit for bit.
 */
#include "internal.h"
#include "cluster.h"
#include "stages.h"
#include "test.h"

#include <math.h>

static uint32_t rng_next(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static const char *const syl[] = {"ka", "lo", "mi", "ne", "ru", "ta", "vo", "si"};

static void put_word(strbuf *b, unsigned w)
{
    do {
        buf_puts(b, syl[w % 8]);
        w /= 8;
    } while (w);
}

/* What belongs here: sentence lengths (in words) that exercise each path
 * of the vector builder: empty of content, short, at the insertion sort's
 * limit, and long. */
static const unsigned lengths[] = {3, 8, 20, 32, 33, 60, 150, 400};

static void check_cluster(mdsum_ctx *ctx, unsigned vocab, uint32_t seed)
{
    uint32_t rng = seed;
    strbuf b;
    buf_init(&b, &ctx->alc);
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        for (int rep = 0; rep < 3; rep++) {
            buf_puts(&b, "Xq");
            for (unsigned k = 0; k < lengths[i]; k++) {
                buf_putc(&b, ' ');
                if (rng_next(&rng) % 5 == 0) buf_puts(&b, "the");   /* a stopword */
                else put_word(&b, 8 + rng_next(&rng) % vocab);
            }
            buf_puts(&b, ".\n");
        }
    }
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    mdsum_doc d = {0};
    d.text = b.data;
    d.text_len = b.len;
    CHECK_EQ_INT(mdsum_cluster_add(cl, &d, 0), MDSUM_OK);
    mdsum_options o;
    mdsum_options_init(&o);
    o.flags = MDSUM_NO_CLEAN | MDSUM_NO_IDF;
    CHECK_EQ_INT(mdsum_cluster_analyze(ctx, cl, &o), MDSUM_OK);
    size_t nt = cl->terms.n;
    double *dense = calloc(nt * cl->nsents + 1, sizeof *dense);
    for (size_t s = 0; s < cl->nsents; s++) {
        const sent_rec *sr = &cl->sents[s];
        for (uint32_t k = 0; k < sr->ntok; k++) {
            uint32_t raw = cl->toks[sr->tok_off + k];
            if (!(raw & TOK_STOP)) dense[s * nt + TOK_ID(raw)] += 1;
        }
        size_t distinct = 0;
        for (size_t t = 0; t < nt; t++) {
            if (dense[s * nt + t] > 0) distinct++;
            dense[s * nt + t] *= cl->term[t].idf;
        }
        CHECK_EQ_INT(sr->nvec, distinct);
        const vec_ent *v = cl->vec + sr->vec_off;
        for (uint32_t k = 1; k < sr->nvec; k++) CHECK(v[k - 1].term < v[k].term);
    }
    for (size_t a = 0; a < cl->nsents; a++) {
        for (size_t c = 0; c < cl->nsents; c++) {
            double dot = 0, na = 0, nc = 0;
            for (size_t t = 0; t < nt; t++) {
                double x = (float)dense[a * nt + t], y = (float)dense[c * nt + t];
                dot += x * y;
                na += x * x;
                nc += y * y;
            }
            double want = na > 0 && nc > 0 ? dot / sqrt(na * nc) : 0;
            CHECK_NEAR(sent_cosine(cl, a, c), want, 1e-9);
        }
    }
    /* One sentence against many from its scattered row: the merge's value
     * bit for bit, either way round; the row is all zeros again after. */
    double *row = calloc(cl->terms.n ? cl->terms.n : 1, sizeof *row);
    CHECK(row != NULL);
    size_t differ = 0, dirty = 0;
    for (size_t a = 0; row && a < cl->nsents; a++) {
        sent_scatter(cl, a, row);
        for (size_t c = 0; c < cl->nsents; c++) {
            double got = sent_cosine_dense(cl, row, a, c);
            differ += got != sent_cosine(cl, a, c) || got != sent_cosine(cl, c, a);
        }
        sent_unscatter(cl, a, row);
        for (size_t t = 0; t < cl->terms.n; t++) dirty += row[t] != 0;
    }
    CHECK_EQ_INT(differ, 0);
    CHECK_EQ_INT(dirty, 0);
    free(row);
    free(dense);
    mdsum_cluster_free(cl);
    buf_fini(&b);
}

int main(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    CHECK(ctx != NULL);
    if (!ctx) return 1;
    check_cluster(ctx, 40, 1);     /* repeated terms in long sentences */
    check_cluster(ctx, 3000, 2);   /* mostly distinct terms */
    check_cluster(ctx, 4, 3);      /* a tiny vocabulary */
    mdsum_ctx_free(ctx);
    return test_finish("test_represent");
}
