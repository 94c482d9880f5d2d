/*
 * test_learn.c -- the trainer (src/learn.c) and the learned scorer's model
 * (src/rank/learned.c): the shipped model matches the code's features;
 * malformed models are refused; training is deterministic and learns a
 * rule planted in synthetic data; bad arguments give clear statuses; the
 * cached word prior gives the features the tables give.
 */
#include "internal.h"
#include "cluster.h"
#include "rank/rank.h"
#include "test.h"
#include "test_support.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void test_shipped_model(mdsum_ctx *ctx)
{
    const embedded_file *f = embedded_find("model-en.txt");
    CHECK(f != NULL);
    if (!f) return;
    learned_model *m = NULL;
    CHECK_EQ_INT(learned_model_parse(ctx, &learned_sentence_spec, (const char *)f->data, f->size, &m), MDSUM_OK);
    CHECK(m && m->ntrees > 0);
    /* The compiled copy (tools/embed.c) holds exactly what the text says:
     * every node, bit for bit, and the same trees. */
    const embedded_model *em = embedded_model_find("model-en.txt");
    CHECK(em != NULL);
    if (m && em) {
        const learned_model *c = &em->model;
        CHECK(memcmp(&c->base, &m->base, sizeof m->base) == 0);
        CHECK_EQ_INT((long)c->ntrees, (long)m->ntrees);
        CHECK_EQ_INT((long)c->nnodes, (long)m->nnodes);
        size_t bad = 0;
        for (size_t t = 0; t < m->ntrees && t < c->ntrees; t++) bad += c->root[t] != m->root[t];
        for (size_t k = 0; k < m->nnodes && k < c->nnodes; k++) {
            const learned_node *a = &c->nodes[k], *b = &m->nodes[k];
            bad += a->feat != b->feat || memcmp(&a->thr, &b->thr, sizeof a->thr) != 0 ||
                   memcmp(&a->value, &b->value, sizeof a->value) != 0 ||
                   (b->feat >= 0 && (a->left != b->left || a->right != b->right));
        }
        CHECK_EQ_INT((long)bad, 0);
        /* learned_model_get serves the compiled one. */
        const learned_model *got = NULL;
        CHECK_EQ_INT(learned_model_get(ctx, &learned_sentence_spec, &got), MDSUM_OK);
        CHECK(got == c);
        /* A compiled model for other features is refused, not misread. */
        static const char *const names[] = {"pos0", "pos1", "pos2"};
        const model_spec other = {"model-en.txt", names, 3};
        CHECK_EQ_INT(learned_model_get(ctx, &other, &got), MDSUM_EINTERNAL);
        const char *renamed[LEARNED_NFEAT];
        for (int k = 0; k < LEARNED_NFEAT; k++) renamed[k] = learned_feature_names[k];
        renamed[LEARNED_NFEAT - 1] = "prior_mas";
        const model_spec other2 = {"model-en.txt", renamed, LEARNED_NFEAT};
        CHECK_EQ_INT(learned_model_get(ctx, &other2, &got), MDSUM_EINTERNAL);
    }
    learned_model_free(&ctx->alc, m);
}

/* Each entry: a model text that must be refused. */
static const char *const bad_models[] = {
    "",                                               /* empty */
    "mdsum-model 1 features=41\n",                    /* old version */
    "mdsum-model 2 features=3 trees=0\n",             /* other feature count */
    "mdsum-model 2 features=41 trees=0\nfeatures pos0\nbase 0\n",   /* the 41 features of an older scorer */
    NULL,   /* placeholder: names missing (built below) */
    NULL,   /* placeholder: one name too many */
    NULL,   /* placeholder: a tree whose child points backwards */
    NULL,   /* placeholder: a tree with a feature index out of range */
    NULL,   /* placeholder: fewer nodes than announced */
    NULL,   /* placeholder: a node line without its value */
    NULL,   /* placeholder: a node line with a word for a number */
};
enum { NFIXED = 4 };   /* the entries before the placeholders */

static void test_bad_models(mdsum_ctx *ctx)
{
    char names[2048] = "features";
    for (int k = 0; k < LEARNED_NFEAT; k++) {
        strcat(names, " ");
        strcat(names, learned_feature_names[k]);
    }
    char built[7][4096];
    snprintf(built[0], sizeof built[0], "mdsum-model 2 features=%d trees=0\nfeatures pos0\nbase 0\n", LEARNED_NFEAT);
    snprintf(built[1], sizeof built[1], "mdsum-model 2 features=%d trees=0\n%s extra\nbase 0\n", LEARNED_NFEAT, names);
    snprintf(built[2], sizeof built[2], "mdsum-model 2 features=%d trees=1\n%s\nbase 0\ntree 0 3\n0 0.5 0 2 0\n-1 0 0 0 1\n-1 0 0 0 2\n",
             LEARNED_NFEAT, names);
    snprintf(built[3], sizeof built[3], "mdsum-model 2 features=%d trees=1\n%s\nbase 0\ntree 0 3\n%d 0.5 1 2 0\n-1 0 0 0 1\n-1 0 0 0 2\n",
             LEARNED_NFEAT, names, LEARNED_NFEAT);
    snprintf(built[4], sizeof built[4], "mdsum-model 2 features=%d trees=1\n%s\nbase 0\ntree 0 3\n0 0.5 1 2 0\n-1 0 0 0 1\n",
             LEARNED_NFEAT, names);
    snprintf(built[5], sizeof built[5], "mdsum-model 2 features=%d trees=1\n%s\nbase 0\ntree 0 3\n0 0.5 1 2\n-1 0 0 0 1\n-1 0 0 0 2\n",
             LEARNED_NFEAT, names);
    snprintf(built[6], sizeof built[6], "mdsum-model 2 features=%d trees=1\n%s\nbase 0\ntree 0 3\n0 half 1 2 0\n-1 0 0 0 1\n-1 0 0 0 2\n",
             LEARNED_NFEAT, names);
    for (size_t i = 0; i < sizeof bad_models / sizeof bad_models[0]; i++) {
        const char *text = bad_models[i] ? bad_models[i] : built[i - NFIXED];
        learned_model *m = NULL;
        CHECK_EQ_INT(learned_model_parse(ctx, &learned_sentence_spec, text, strlen(text), &m), MDSUM_EINTERNAL);
        CHECK(m == NULL);
    }
    /* The well-formed version of the same tree parses and predicts by hand:
     * feature 0 (pos0) <= 0.5 gives 1, else 2; plus base 0.25. */
    char good[4096];
    snprintf(good, sizeof good, "# comment\nmdsum-model 2 features=%d trees=1\n%s\nbase 0.25\ntree 0 3\n0 0.5 1 2 0\n-1 0 0 0 1\n-1 0 0 0 2\n",
             LEARNED_NFEAT, names);
    learned_model *m = NULL;
    CHECK_EQ_INT(learned_model_parse(ctx, &learned_sentence_spec, good, strlen(good), &m), MDSUM_OK);
    if (m) {
        float x[LEARNED_NFEAT] = {0};
        CHECK_NEAR(learned_predict(m, x), 1.25, 1e-12);
        x[0] = 1;
        CHECK_NEAR(learned_predict(m, x), 2.25, 1e-12);
        learned_model_free(&ctx->alc, m);
    }
}

/* The branch-free layout (learned_flat) gives learned_predict's value bit
 * for bit: on the shipped model with random rows and rows at its
 * thresholds, on an unbalanced hand-made tree (leaves at depths 1 and 3),
 * and a tree deeper than the layout takes falls back to the nodes. */
static bool same_double(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static void test_flat(mdsum_ctx *ctx)
{
    const learned_model *m = NULL;
    CHECK_EQ_INT(learned_model_get(ctx, &learned_sentence_spec, &m), MDSUM_OK);
    const learned_flat *f = NULL;
    if (m) CHECK_EQ_INT(learned_flat_get(ctx, m, &f), MDSUM_OK);
    if (m && f) {
        CHECK(f->depth >= 1 && f->depth <= LEARNED_FLAT_MAX_DEPTH);
        unsigned seed = 7;
        size_t bad = 0;
        float x[LEARNED_NFEAT];
        for (int r = 0; r < 3000; r++) {
            for (int k = 0; k < LEARNED_NFEAT; k++) {
                unsigned u = (seed = seed * 1103515245u + 12345u) >> 8;
                x[k] = (float)(u % 2001) / 1000.0f - 0.5f;
            }
            /* Every third row sits exactly on thresholds of the model. */
            if (r % 3 == 0)
                for (size_t k = 0; k < m->nnodes; k += 97)
                    if (m->nodes[k].feat >= 0) x[m->nodes[k].feat] = m->nodes[k].thr;
            bad += !same_double(learned_predict(m, x), learned_predict_flat(f, x));
        }
        CHECK_EQ_INT((long)bad, 0);
        /* Cached: the same layout comes back. */
        const learned_flat *again = NULL;
        CHECK_EQ_INT(learned_flat_get(ctx, m, &again), MDSUM_OK);
        CHECK(again == f);
    }
    /* Unbalanced: root on feature 1; left a leaf; right splits twice. */
    static const learned_node nodes[] = {
        {1, 0.5f, 1, 2, 0},  {-1, 0, 0, 0, 0.125}, {2, -1.0f, 3, 4, 0},
        {-1, 0, 0, 0, 1.5},  {3, 2.0f, 5, 6, 0},   {-1, 0, 0, 0, -0.75},
        {-1, 0, 0, 0, 4.0},
    };
    static const uint32_t roots[] = {0};
    learned_model u = {0.25, 1, 7, roots, nodes};
    const learned_flat *fu = NULL;
    CHECK_EQ_INT(learned_flat_get(ctx, &u, &fu), MDSUM_OK);
    if (fu) {
        CHECK_EQ_INT(fu->depth, 3);
        static const float rows[][4] = {
            {0, 0.5f, 0, 0}, {0, 0.6f, -1.0f, 0}, {0, 0.6f, -0.9f, 2.0f}, {0, 0.6f, 0, 2.5f}, {0, -9, 9, 9}};
        static const double want[] = {0.375, 1.75, -0.5, 4.25, 0.375};
        for (size_t r = 0; r < 5; r++) {
            float x[LEARNED_NFEAT] = {0};
            memcpy(x, rows[r], sizeof rows[r]);
            CHECK(same_double(learned_predict_flat(fu, x), want[r]));
            CHECK(same_double(learned_predict(&u, x), want[r]));
        }
    }
    /* A chain deeper than LEARNED_FLAT_MAX_DEPTH: no layout, same values. */
    enum { CHAIN = LEARNED_FLAT_MAX_DEPTH + 2 };
    learned_node chain[2 * CHAIN + 1];
    for (uint32_t k = 0; k < CHAIN; k++) {
        chain[2 * k] = (learned_node){0, (float)k, 2 * k + 1, 2 * k + 2, 0};
        chain[2 * k + 1] = (learned_node){-1, 0, 0, 0, (double)k};
    }
    chain[2 * CHAIN] = (learned_node){-1, 0, 0, 0, 100.0};
    learned_model deep = {0, 1, 2 * CHAIN + 1, roots, chain};
    const learned_flat *fd = NULL;
    CHECK_EQ_INT(learned_flat_get(ctx, &deep, &fd), MDSUM_OK);
    if (fd) {
        CHECK_EQ_INT(fd->depth, 0);
        float x[LEARNED_NFEAT] = {0};
        x[0] = 5.5f;
        CHECK(same_double(learned_predict_flat(fd, x), 6.0));
        x[0] = 1000;
        CHECK(same_double(learned_predict_flat(fd, x), 100.0));
    }
}

static unsigned rnd_next(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

/* Synthetic clusters: three documents of five sentences of random words;
 * the reference is always the third sentence (position 2) of each
 * document. A trained scorer must rank position-2 sentences first. */
static mdsum_cluster *synthetic(mdsum_ctx *ctx, unsigned *seed, strbuf *ref)
{
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    alc_t alc;
    alc_init(&alc, NULL);
    for (int d = 0; d < 3; d++) {
        strbuf b;
        buf_init(&b, &alc);
        for (int s = 0; s < 5; s++) {
            size_t start = b.len;
            int n = 8 + (int)(rnd_next(seed) % 8);
            for (int k = 0; k < n; k++) buf_printf(&b, "%sw%u", k ? " " : "Q", rnd_next(seed) % 400);
            buf_puts(&b, ". ");
            if (s == 2) {
                buf_append(ref, b.data + start, b.len - start);
                buf_putc(ref, '\n');
            }
        }
        mdsum_doc doc = {0};
        doc.text = b.data;
        doc.text_len = b.len;
        CHECK_EQ_INT(mdsum_cluster_add(cl, &doc, 0), MDSUM_OK);
        buf_fini(&b);
    }
    return cl;
}

static char *train(mdsum_ctx *ctx, int target)
{
    mdsum_trainer *t;
    CHECK_EQ_INT(mdsum_trainer_new(ctx, NULL, target, &t), MDSUM_OK);
    unsigned seed = 7;
    alc_t alc;
    alc_init(&alc, NULL);
    for (int i = 0; i < 150; i++) {
        strbuf ref;
        buf_init(&ref, &alc);
        mdsum_cluster *cl = synthetic(ctx, &seed, &ref);
        CHECK_EQ_INT(mdsum_trainer_add(t, cl, ref.data, ref.len, 60), MDSUM_OK);
        buf_fini(&ref);
        mdsum_cluster_free(cl);
    }
    CHECK_EQ_INT(mdsum_trainer_count(t), 150 * 15);
    mdsum_train_opts o;
    mdsum_train_opts_init(&o);
    o.trees = 20;
    o.depth = 2;
    char *model = NULL;
    size_t len = 0;
    CHECK_EQ_INT(mdsum_trainer_fit(t, &o, &model, &len), MDSUM_OK);
    CHECK(model && len == strlen(model));
    mdsum_trainer_free(t);
    return model;
}

static void test_training(mdsum_ctx *ctx)
{
    for (int target = MDSUM_TARGET_PRECISION; target <= MDSUM_TARGET_ORACLE; target++) {
        char *m1 = train(ctx, target);
        char *m2 = train(ctx, target);
        CHECK(m1 && m2 && strcmp(m1, m2) == 0);   /* deterministic */
        learned_model *m = NULL;
        CHECK_EQ_INT(learned_model_parse(ctx, &learned_sentence_spec, m1, m1 ? strlen(m1) : 0, &m), MDSUM_OK);
        if (m) {
            /* A fresh cluster: the three position-2 sentences score highest. */
            unsigned seed = 991;
            alc_t alc;
            alc_init(&alc, NULL);
            strbuf ref;
            buf_init(&ref, &alc);
            mdsum_cluster *cl = synthetic(ctx, &seed, &ref);
            mdsum_options o;
            mdsum_options_init(&o);
            o.algo = "learned";
            CHECK_EQ_INT(mdsum_cluster_analyze(ctx, cl, &o), MDSUM_OK);
            arena scratch;
            arena_init(&scratch, &ctx->alc);
            budget b = {60, 0, 0, false};
            rank_in in = {ctx, cl, &scratch, NULL, &o, &b, 0.5, NULL};
            uint32_t *c;
            size_t n;
            float *X;
            CHECK_EQ_INT(learned_features(&in, &c, &n, &X), MDSUM_OK);
            CHECK_EQ_INT(n, 15);
            double worst_pos2 = INFINITY, best_other = -INFINITY;
            for (size_t a = 0; a < n; a++) {
                double z = learned_predict(m, X + a * LEARNED_NFEAT);
                if (cl->sents[c[a]].index == 2) { if (z < worst_pos2) worst_pos2 = z; }
                else if (z > best_other) best_other = z;
            }
            CHECK(worst_pos2 > best_other);
            arena_fini(&scratch);
            mdsum_cluster_free(cl);
            buf_fini(&ref);
            learned_model_free(&ctx->alc, m);
        }
        mdsum_free(ctx, m1);
        mdsum_free(ctx, m2);
    }
}

static void test_errors(mdsum_ctx *ctx)
{
    mdsum_trainer *t = NULL;
    CHECK_EQ_INT(mdsum_trainer_new(ctx, NULL, 7, &t), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_trainer_new(NULL, NULL, 0, &t), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_trainer_new(ctx, NULL, MDSUM_TARGET_PRECISION, &t), MDSUM_OK);
    char *model = NULL;
    CHECK_EQ_INT(mdsum_trainer_fit(t, NULL, &model, NULL), MDSUM_EEMPTY);
    mdsum_train_opts o;
    mdsum_train_opts_init(&o);
    o.depth = 0;
    CHECK_EQ_INT(mdsum_trainer_fit(t, &o, &model, NULL), MDSUM_EINVAL);
    /* A cluster with no sentence adds nothing. */
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    mdsum_doc d = {0};
    d.text = "... !!!";
    d.text_len = 7;
    CHECK_EQ_INT(mdsum_cluster_add(cl, &d, 0), MDSUM_OK);
    CHECK_EQ_INT(mdsum_trainer_add(t, cl, "x", 1, 0), MDSUM_EEMPTY);
    CHECK_EQ_INT(mdsum_trainer_add(t, cl, NULL, 3, 0), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_trainer_add(t, cl, "x", 1, -1), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_trainer_count(t), 0);
    mdsum_cluster_free(cl);
    mdsum_trainer_free(t);
    mdsum_trainer_free(NULL);
    CHECK_EQ_INT(mdsum_trainer_count(NULL), 0);
}

/* The learned features of an analyzed cluster (a copy the caller frees). */
static float *features_of(mdsum_ctx *ctx, mdsum_cluster *cl, size_t *n)
{
    mdsum_options o;
    mdsum_options_init(&o);
    arena scratch;
    arena_init(&scratch, &ctx->alc);
    budget b = {100, 0, 0, false};
    rank_in in = {ctx, cl, &scratch, NULL, &o, &b, 0.5, NULL};
    uint32_t *c;
    float *X, *copy = NULL;
    *n = 0;
    if (learned_features(&in, &c, n, &X) == MDSUM_OK && (copy = malloc((*n ? *n : 1) * LEARNED_NFEAT * sizeof *copy)))
        memcpy(copy, X, *n * LEARNED_NFEAT * sizeof *copy);
    arena_fini(&scratch);
    return copy;
}

/* The word prior is cached per term of the language resources; a cluster
 * analyzed before those resources were emptied (trimmed after 65,536
 * words) or dropped (a ninth language) reads it by string instead: the
 * same features every time. */
static void test_prior_cache(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    char *texts[TEST_EXAMPLE_N];
    size_t lens[TEST_EXAMPLE_N];
    CHECK(ctx && test_example_load(texts, lens) == 0);
    mdsum_cluster *a = test_cluster_of(ctx, (const char *const *)texts, lens, NULL, TEST_EXAMPLE_N);
    for (int i = 0; i < TEST_EXAMPLE_N; i++) free(texts[i]);
    mdsum_options o;
    mdsum_options_init(&o);
    CHECK(a && mdsum_cluster_analyze(ctx, a, &o) == MDSUM_OK);
    size_t n0 = 0, n1 = 0, n2 = 0;
    float *x0 = a ? features_of(ctx, a, &n0) : NULL;
    CHECK(x0 != NULL && n0 > 10);
    /* Dropped: eight other languages take the context's eight places. */
    static const char *const langs[] = {"fr", "de", "es", "it", "nl", "pt", "sv", "da"};
    for (size_t k = 0; k < sizeof langs / sizeof langs[0]; k++) {
        const char *doc = "Alpha beta gamma delta. Epsilon zeta eta theta. Iota kappa lambda mu.";
        mdsum_cluster *other = test_cluster_of(ctx, &doc, NULL, NULL, 1);
        mdsum_options ol;
        mdsum_options_init(&ol);
        ol.lang = langs[k];
        CHECK(other && mdsum_cluster_analyze(ctx, other, &ol) == MDSUM_OK);
        mdsum_cluster_free(other);
    }
    float *x1 = a ? features_of(ctx, a, &n1) : NULL;
    CHECK(x1 && n1 == n0 && memcmp(x0, x1, n0 * LEARNED_NFEAT * sizeof *x0) == 0);
    /* Trimmed: an English cluster of 70,000 distinct words, then another
     * analysis (which trims first) renumbers the terms. */
    alc_t alc;
    alc_init(&alc, NULL);
    strbuf big;
    buf_init(&big, &alc);
    for (unsigned w = 0; w < 70000; w++) {
        char word[16];
        unsigned v = w;
        size_t len = 0;
        word[len++] = 'q';
        do { word[len++] = (char)('a' + v % 26); v /= 26; } while (v);
        buf_append(&big, word, len);
        buf_puts(&big, w % 12 == 11 ? ".\n" : " ");
    }
    const char *bt = big.data;
    mdsum_cluster *b = test_cluster_of(ctx, &bt, NULL, NULL, 1);
    CHECK(b && mdsum_cluster_analyze(ctx, b, &o) == MDSUM_OK);
    mdsum_cluster_free(b);
    const char *small = "The harbor bridge reopened on Monday. Traffic was light.";
    mdsum_cluster *c = test_cluster_of(ctx, &small, NULL, NULL, 1);
    CHECK(c && mdsum_cluster_analyze(ctx, c, &o) == MDSUM_OK);
    mdsum_cluster_free(c);
    float *x2 = a ? features_of(ctx, a, &n2) : NULL;
    CHECK(x2 && n2 == n0 && memcmp(x0, x2, n0 * LEARNED_NFEAT * sizeof *x0) == 0);
    buf_fini(&big);
    free(x0);
    free(x1);
    free(x2);
    mdsum_cluster_free(a);
    mdsum_ctx_free(ctx);
}

int main(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    test_shipped_model(ctx);
    test_bad_models(ctx);
    test_flat(ctx);
    test_training(ctx);
    test_errors(ctx);
    test_prior_cache();
    mdsum_ctx_free(ctx);
    return test_finish("test_learn");
}
