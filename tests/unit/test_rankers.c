/*
 * test_rankers.c -- the promises of every ranker (src/rank/): budgets of
 * every kind are never exceeded, output is deterministic, parameters are
 * validated; and per algorithm: the ILP finds the optimum of a cluster
 * whose optimum is worked out by hand (below) and reports its greedy
 * fallback; the concept program (with the sentence term and the cut
 * sentence of `joint`) reaches the optimum found by brute force, and the
 * cliques that replace its redundancy pairs cover every pair; the
 * submodular greedy's singleton check; KLSum's greedy steps each minimise
 * the divergence; lead's First-k order; concept sets (shared keys or
 * not) against a direct count from the tokens.
 */
#include "internal.h"
#include "cluster.h"
#include "rank/rank.h"
#include "test.h"
#include "test_support.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>

/* ---- Helpers ------------------------------------------------------------ */
static mdsum_cluster *cluster_of(mdsum_ctx *ctx, const char *const *docs, size_t n)
{
    return test_cluster_of(ctx, docs, NULL, NULL, n);
}

static mdsum_cluster *example_cluster(mdsum_ctx *ctx)
{
    char *texts[TEST_EXAMPLE_N];
    size_t lens[TEST_EXAMPLE_N];
    if (test_example_load(texts, lens) != 0) return NULL;
    mdsum_cluster *cl = test_cluster_of(ctx, (const char *const *)texts, lens, NULL, TEST_EXAMPLE_N);
    for (int i = 0; i < TEST_EXAMPLE_N; i++) free(texts[i]);
    return cl;
}

/* The summary as text, one sentence per line (caller frees with mdsum_free). */
static char *summary_text(mdsum_ctx *ctx, mdsum_cluster *cl, const mdsum_options *o,
                          mdsum_summary_meta *meta)
{
    mdsum_summary *s;
    if (mdsum_summarize(ctx, cl, o, &s) != MDSUM_OK) return NULL;
    char *text = NULL;
    size_t len;
    if (mdsum_render(ctx, cl, s, MDSUM_RENDER_TEXT, &text, &len) != MDSUM_OK) text = NULL;
    if (meta) {
        mdsum_summary_meta_get(s, meta);
        /* The note lives in the summary: copy what the tests look at. */
        meta->note = meta->note ? "set" : NULL;
    }
    mdsum_summary_free(s);
    return text;
}

/* ---- Every algorithm: budgets, determinism ------------------------------ */
static void test_budgets_all(mdsum_ctx *ctx)
{
    mdsum_cluster *cl = example_cluster(ctx);
    CHECK(cl != NULL);
    if (!cl) return;
    long word_budgets[] = {3, 10, 25, 60, 100, 250, 2000};
    for (size_t a = 0; a < mdsum_algo_count(); a++) {
        mdsum_algo_info ai;
        mdsum_algo_info_get(a, &ai);
        for (size_t k = 0; k < sizeof word_budgets / sizeof word_budgets[0]; k++) {
            for (int trunc = 0; trunc < 2; trunc++) {
                mdsum_options o;
                mdsum_options_init(&o);
                o.algo = ai.name;
                o.words = word_budgets[k];
                if (trunc) o.flags |= MDSUM_TRUNCATE;
                char *t1 = summary_text(ctx, cl, &o, NULL);
                char *t2 = summary_text(ctx, cl, &o, NULL);
                CHECK(t1 && t2);
                if (!t1 || !t2) { fprintf(stderr, "  algo %s\n", ai.name); continue; }
                size_t w = test_words_in(t1, strlen(t1));
                CHECK(w <= (size_t)o.words);
                CHECK(w > 0);
                if (trunc && o.words <= 250) CHECK_EQ_INT(w, o.words);
                CHECK_EQ_STR(t1, t2);
                if (w > (size_t)o.words) fprintf(stderr, "  algo %s budget %ld: %zu words\n", ai.name, o.words, w);
                mdsum_free(ctx, t1);
                mdsum_free(ctx, t2);
            }
        }
        for (long n = 1; n <= 4; n++) {
            mdsum_options o;
            mdsum_options_init(&o);
            o.algo = ai.name;
            o.words = 0;
            o.sentences = n;
            mdsum_summary *s;
            CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
            CHECK(mdsum_summary_count(s) <= (size_t)n && mdsum_summary_count(s) > 0);
            mdsum_summary_free(s);
        }
        long byte_budgets[] = {20, 150, 400, 1000};
        for (size_t k = 0; k < 4; k++) {
            for (int trunc = 0; trunc < 2; trunc++) {
                mdsum_options o;
                mdsum_options_init(&o);
                o.algo = ai.name;
                o.words = 0;
                o.bytes = byte_budgets[k];
                if (trunc) o.flags |= MDSUM_TRUNCATE;
                char *t = summary_text(ctx, cl, &o, NULL);
                CHECK(t != NULL);
                if (!t) continue;
                size_t len = strlen(t);
                CHECK(len - (len ? 1 : 0) <= (size_t)o.bytes);
                mdsum_free(ctx, t);
            }
        }
        /* Scores for every sentence. */
        mdsum_options o;
        mdsum_options_init(&o);
        o.algo = ai.name;
        size_t ns = mdsum_cluster_sentence_count(cl);
        double *sc = calloc(ns ? ns : 1, sizeof *sc);
        CHECK_EQ_INT(mdsum_rank(ctx, cl, &o, sc), MDSUM_OK);
        for (size_t i = 0; i < ns; i++) CHECK(isfinite(sc[i]));
        free(sc);
    }
    mdsum_cluster_free(cl);
}

/* ---- Parameters --------------------------------------------------------- */
static void test_params(mdsum_ctx *ctx)
{
    for (size_t a = 0; a < mdsum_algo_count(); a++) {
        mdsum_algo_info ai;
        mdsum_algo_info_get(a, &ai);
        for (size_t k = 0; k < ai.nparams; k++) {
            const mdsum_param_info *p = &ai.params[k];
            CHECK(p->def >= p->min && p->def <= p->max);
            CHECK(p->help && strlen(p->help) > 10);
            char spec[128];
            mdsum_options o;
            mdsum_options_init(&o);
            o.algo = ai.name;
            o.params = spec;
            snprintf(spec, sizeof spec, "%s=%.17g", p->name, p->def);
            CHECK_EQ_INT(mdsum_options_validate(ctx, &o), MDSUM_OK);
            snprintf(spec, sizeof spec, "%s=%.17g", p->name, p->max + 1 + fabs(p->max));
            CHECK_EQ_INT(mdsum_options_validate(ctx, &o), MDSUM_EALGO);
            snprintf(spec, sizeof spec, "%s=%.17g", p->name, p->min - 1 - fabs(p->min));
            CHECK_EQ_INT(mdsum_options_validate(ctx, &o), MDSUM_EALGO);
            snprintf(spec, sizeof spec, "%s=abc", p->name);
            CHECK_EQ_INT(mdsum_options_validate(ctx, &o), MDSUM_EALGO);
        }
        mdsum_options o;
        mdsum_options_init(&o);
        o.algo = ai.name;
        o.params = "no_such_parameter=1";
        CHECK_EQ_INT(mdsum_options_validate(ctx, &o), MDSUM_EALGO);
    }
}

/* ---- ILP: an optimum worked out by hand --------------------------------- */
/*
 * Two documents carry the same three sentences, so every bigram concept is
 * held by 2 documents (weight 2), and no bigram is shared between sentences:
 *   A "A1 a2 a3 a4 a5 a6."  6 words, 5 bigrams: weight 10 (10/6 = 1.67 per word)
 *   B "B1 b2 b3 b4 b5."     5 words, 4 bigrams: weight 8  (1.6 per word)
 *   C "C1 c2 c3 c4 c5."     5 words, 4 bigrams: weight 8  (1.6 per word)
 * Budget 10 words. The optimum is B + C (weight 16, 10 words); A + anything
 * is over budget, A alone is 10. The ratio greedy takes A first and then
 * nothing fits: weight 10, so the fallback must give A.
 */
static const char *const ilp_docs[] = {
    "A1 a2 a3 a4 a5 a6. B1 b2 b3 b4 b5. C1 c2 c3 c4 c5.",
    "C1 c2 c3 c4 c5. A1 a2 a3 a4 a5 a6. B1 b2 b3 b4 b5.",
};

static void test_ilp_optimum(mdsum_ctx *ctx)
{
    mdsum_cluster *cl = cluster_of(ctx, ilp_docs, 2);
    CHECK(cl != NULL);
    if (!cl) return;
    mdsum_options o;
    mdsum_options_init(&o);
    o.algo = "ilp";
    o.words = 10;
    o.redundancy = 1;
    o.params = "min_df=2,min_words=0";
    mdsum_summary_meta m;
    char *t = summary_text(ctx, cl, &o, &m);
    CHECK(t != NULL);
    if (t) {
        CHECK(strstr(t, "B1 b2 b3 b4 b5.") != NULL);
        CHECK(strstr(t, "C1 c2 c3 c4 c5.") != NULL);
        CHECK(strstr(t, "A1") == NULL);
        CHECK(m.note == NULL);   /* solved to optimality */
        mdsum_free(ctx, t);
    }
    /* time_limit = 0: no solver, the greedy, reported in the metadata. */
    o.params = "min_df=2,min_words=0,time_limit=0";
    t = summary_text(ctx, cl, &o, &m);
    CHECK(t != NULL);
    if (t) {
        CHECK_EQ_STR(t, "A1 a2 a3 a4 a5 a6.\n");
        CHECK(m.note != NULL);
        mdsum_free(ctx, t);
    }
    /* With the redundancy threshold on, the copies of a sentence (cosine
     * 1) cannot both be chosen; the optimum is the same. */
    o.params = "min_df=2,min_words=0";
    o.redundancy = 0.5;
    o.words = 20;
    t = summary_text(ctx, cl, &o, &m);
    CHECK(t != NULL);
    if (t) {
        /* 16 words: each sentence once. */
        CHECK_EQ_INT(test_words_in(t, strlen(t)), 16);
        mdsum_free(ctx, t);
    }
    mdsum_cluster_free(cl);
}

/* One document: every concept is in every document, so document counts
 * say nothing and sentence counts weigh the concepts. The phrase three
 * sentences repeat must win over the sentence with the most distinct
 * bigrams (what equal weights reward: each of its 14 would count 1). */
static void test_ilp_one_document(mdsum_ctx *ctx)
{
    static const char *const doc[] = {
        "Officials said the harbour bridge reopened on Monday. "
        "Elsewhere a busy bakery sold cakes, pies, tarts, buns, scones and warm muffins to tourists. "
        "The harbour bridge reopened after two years of repairs. "
        "Drivers crossed the harbour bridge before dawn."};
    mdsum_cluster *cl = cluster_of(ctx, doc, 1);
    CHECK(cl != NULL);
    if (!cl) return;
    mdsum_options o;
    mdsum_options_init(&o);
    o.words = 16;
    o.redundancy = 1;
    const char *algos[] = {"ilp", "joint"};
    for (size_t k = 0; k < 2; k++) {
        o.algo = algos[k];
        o.params = "min_words=0";
        mdsum_summary_meta m;
        char *t = summary_text(ctx, cl, &o, &m);
        CHECK(t != NULL);
        if (t) {
            CHECK(strstr(t, "harbour bridge") != NULL);
            CHECK(strstr(t, "bakery") == NULL);
            CHECK(m.note == NULL);
            mdsum_free(ctx, t);
        }
    }
    mdsum_cluster_free(cl);
}

/* A program too large for a 1 ms limit: the solver stops, the summary is
 * still within budget and the note says how it was made. */
static void test_ilp_time_limit(mdsum_ctx *ctx)
{
    enum { NDOCS = 10, NSENT = 60 };
    char *docs[NDOCS];
    unsigned seed = 12345;
    for (int d = 0; d < NDOCS; d++) {
        strbuf b;
        alc_t alc;
        alc_init(&alc, NULL);
        buf_init(&b, &alc);
        for (int s = 0; s < NSENT; s++) {
            int n = 6 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 20;
            for (int k = 0; k < n; k++) {
                unsigned w = ((seed = seed * 1103515245u + 12345u) >> 16) % 60;
                buf_printf(&b, "%sw%u", k ? " " : "", w);
            }
            buf_puts(&b, ". ");
        }
        docs[d] = buf_detach(&b, NULL);
    }
    mdsum_cluster *cl = cluster_of(ctx, (const char *const *)docs, NDOCS);
    CHECK(cl != NULL);
    mdsum_options o;
    mdsum_options_init(&o);
    o.algo = "ilp";
    o.words = 100;
    o.params = "time_limit=1,min_df=2,min_words=0";
    mdsum_summary_meta m;
    char *t = cl ? summary_text(ctx, cl, &o, &m) : NULL;
    CHECK(t != NULL);
    if (t) {
        CHECK(test_words_in(t, strlen(t)) <= 100);
        /* Random text of 60 words: GLPK cannot prove optimality in 1 ms. */
        CHECK(m.note != NULL);
        mdsum_free(ctx, t);
    }
    /* The same with a limit on the work instead: one subproblem. (At 100
     * words the relaxation of this program has an integral optimum, which
     * needs no branching; at 99 it does not.) */
    o.params = "time_limit=100000,max_nodes=1,min_df=2,min_words=0";
    o.words = 99;
    t = cl ? summary_text(ctx, cl, &o, &m) : NULL;
    CHECK(t != NULL);
    if (t) {
        CHECK(test_words_in(t, strlen(t)) <= 99);
        CHECK(m.note != NULL);
        mdsum_free(ctx, t);
    }
    mdsum_cluster_free(cl);
    for (int d = 0; d < NDOCS; d++) free(docs[d]);
}

/* ---- The concept program against brute force ---------------------------- */
/*
 * Random small programs (ilp_program_solve) whose optimum is found by
 * enumerating every set of whole sentences; with cut variables, the best
 * cut part for each set is the optimum of a linear program with two rows
 * (words left, sum u <= 1), found among its vertices: one sentence cut to
 * the words left, or two with both rows tight. The solver must reach the
 * same objective, and its solution must be feasible and worth what it says.
 */
static unsigned lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

typedef struct bf_prog {
    size_t n, m;
    uint32_t off[13], ids[13 * 12];
    double w[12], len[12], sv[12];
    bool pair[12][12];
} bf_prog;

/* The best cut part after the whole sentences `set` (words `used`). */
static double bf_cut(const bf_prog *P, unsigned set, double limit, double used)
{
    double left = limit - used, best = 0;
    bool ok[12];
    for (size_t a = 0; a < P->n; a++) {
        ok[a] = !(set >> a & 1u) && P->sv[a] > 0;
        for (size_t b = 0; b < P->n && ok[a]; b++)
            if ((set >> b & 1u) && P->pair[a][b]) ok[a] = false;
    }
    for (size_t a = 0; a < P->n; a++) {
        if (!ok[a]) continue;
        double u = left / P->len[a] < 1 ? left / P->len[a] : 1;
        if (P->sv[a] * u > best) best = P->sv[a] * u;
        for (size_t b = a + 1; b < P->n; b++) {
            if (!ok[b] || P->len[a] == P->len[b]) continue;
            double ua = (left - P->len[b]) / (P->len[a] - P->len[b]), ub = 1 - ua;
            if (ua < 0 || ua > 1 || ub < 0 || ub > 1) continue;
            if (P->sv[a] * ua + P->sv[b] * ub > best) best = P->sv[a] * ua + P->sv[b] * ub;
        }
    }
    return best;
}

static double bf_value(const bf_prog *P, unsigned set)
{
    bool cov[12] = {false};
    double v = 0;
    for (size_t a = 0; a < P->n; a++) {
        if (!(set >> a & 1u)) continue;
        v += P->sv[a];
        for (uint32_t k = P->off[a]; k < P->off[a + 1]; k++) cov[P->ids[k]] = true;
    }
    for (size_t j = 0; j < P->m; j++) v += cov[j] ? P->w[j] : 0;
    return v;
}

static void test_ilp_brute_force(mdsum_ctx *ctx)
{
    /* Nine sentences over a small vocabulary, so that some pairs are more
     * similar than the redundancy threshold. */
    static const char *const docs[] = {
        "Red fox runs far. Red fox runs fast. Blue owl sleeps late. Green frog jumps high. Blue owl sleeps early.",
        "Gray wolf howls loud. Red fox runs far away. Yellow bee hums softly. Green frog jumps higher.",
    };
    mdsum_cluster *cl = cluster_of(ctx, docs, 2);
    mdsum_options o;
    mdsum_options_init(&o);
    CHECK(cl && mdsum_cluster_analyze(ctx, cl, &o) == MDSUM_OK);
    if (!cl || cl->nsents < 9) {
        mdsum_cluster_free(cl);
        return;
    }
    unsigned seed = 2024;
    int solved = 0, twins = 0, copies = 0, triples = 0;
    for (int trial = 0; trial < 60; trial++) {
        bf_prog P;
        memset(&P, 0, sizeof P);
        P.n = 3 + lcg(&seed) % 7;
        P.m = 1 + lcg(&seed) % 12;
        size_t k = 0;
        for (size_t a = 0; a < P.n; a++) {
            P.off[a] = (uint32_t)k;
            for (size_t j = 0; j < P.m; j++)
                if (lcg(&seed) % 100 < 35) P.ids[k++] = (uint32_t)j;
            P.len[a] = 3 + lcg(&seed) % 13;
            P.sv[a] = trial % 3 == 0 ? 0 : (lcg(&seed) % 1000) / 100.0;
        }
        P.off[P.n] = (uint32_t)k;
        for (size_t j = 0; j < P.m; j++) P.w[j] = 0.5 + (lcg(&seed) % 450) / 100.0;
        uint32_t c[12], pairs[2 * 66];
        size_t npairs = 0;
        for (size_t a = 0; a < P.n; a++) c[a] = (uint32_t)a;
        /* Every third trial, the last sentences are copies of the first
         * (the same sentence of the cluster, the same concepts, their own
         * values), which the solver leaves out of the program but the
         * one worth most. */
        size_t ncopy = trial % 3 == 2 ? 1 + trial % 2 : 0;
        for (size_t a = P.n - ncopy; a < P.n; a++) {
            k = P.off[a];
            for (uint32_t x = P.off[0]; x < P.off[1]; x++) P.ids[k++] = P.ids[x];
            P.off[a + 1] = (uint32_t)k;
            P.len[a] = P.len[0];
            c[a] = c[0];
        }
        copies += ncopy > 0;
        double red = 0.5;
        for (size_t a = 0; a < P.n; a++)
            for (size_t b = a + 1; b < P.n; b++)
                if (sent_cosine(cl, c[a], c[b]) > red) {
                    P.pair[a][b] = P.pair[b][a] = true;
                    pairs[2 * npairs] = (uint32_t)a;
                    pairs[2 * npairs + 1] = (uint32_t)b;
                    npairs++;
                }
        double limit = 5 + lcg(&seed) % 36;
        bool cut = trial % 2 == 1;
        /* Redundant triples and more: rows of three or more sentences. */
        {
            arena tmp;
            arena_init(&tmp, &ctx->alc);
            ilp_cliques cc;
            CHECK_EQ_INT(ilp_cover_pairs(&tmp, P.n, pairs, npairs, &cc), 0);
            bool big = false;
            for (size_t q = 0; q < cc.count; q++) big |= cc.off[q + 1] - cc.off[q] > 2;
            triples += big;
            arena_fini(&tmp);
        }
        /* Brute force. */
        double best = 0;
        for (unsigned set = 0; set < 1u << P.n; set++) {
            double used = 0;
            bool ok = true;
            for (size_t a = 0; a < P.n && ok; a++) {
                if (!(set >> a & 1u)) continue;
                used += P.len[a];
                for (size_t b = a + 1; b < P.n; b++)
                    if ((set >> b & 1u) && P.pair[a][b]) ok = false;
            }
            if (!ok || used > limit) continue;
            double v = bf_value(&P, set) + (cut ? bf_cut(&P, set, limit, used) : 0);
            if (v > best) best = v;
        }
        /* The solver. */
        arena scratch;
        arena_init(&scratch, &ctx->alc);
        budget b = {1, 0, 0, cut};
        rank_in in = {ctx, cl, &scratch, NULL, &o, &b, red, NULL};
        ilp_program D = {P.n, c, P.off, P.ids, P.m, P.w, P.len, P.sv, NULL};
        uint8_t chosen[12];
        double frac[12], obj = -1;
        int st = ilp_program_solve(&in, &D, limit, pairs, npairs, 60000, 1000000, 1e18, chosen, cut ? frac : NULL, &obj);
        CHECK_EQ_INT(st, ILP_OPTIMAL);
        CHECK_NEAR(obj, best, 1e-6 * (1 + best));
        /* The solution is feasible and worth the objective. */
        unsigned set = 0;
        double used = 0, fsum = 0, fv = 0;
        for (size_t a = 0; a < P.n; a++) {
            if (chosen[a]) { set |= 1u << a; used += P.len[a]; }
            if (cut) {
                CHECK(frac[a] >= -1e-9 && frac[a] <= 1 + 1e-9 && !(chosen[a] && frac[a] > 1e-9));
                fsum += frac[a];
                used += frac[a] * P.len[a];
                fv += frac[a] * P.sv[a];
            }
        }
        CHECK(used <= limit + 1e-6 && fsum <= 1 + 1e-6);
        for (size_t p = 0; p < npairs; p++) {
            double x = chosen[pairs[2 * p]] + chosen[pairs[2 * p + 1]];
            if (cut) x += frac[pairs[2 * p]] + frac[pairs[2 * p + 1]];
            CHECK(x <= 1 + 1e-6);
        }
        CHECK_NEAR(bf_value(&P, set) + fv, obj, 1e-6 * (1 + best));
        /* The greedy alone (no solver): feasible, never above the optimum. */
        double gobj = -1;
        CHECK_EQ_INT(ilp_program_solve(&in, &D, limit, pairs, npairs, 0, 1000000, 1e18, chosen, cut ? frac : NULL, &gobj),
                     ILP_GREEDY_TIME);
        CHECK(gobj <= best + 1e-9);
        used = 0;
        for (size_t a = 0; a < P.n; a++) used += chosen[a] ? P.len[a] : 0;
        CHECK(used <= limit);
        solved += st == ILP_OPTIMAL;
        /* Programs with two concepts held by the same sentences, which the
         * solver merges into one column. */
        bool twin = false;
        for (size_t j = 0; j < P.m && !twin; j++)
            for (size_t j2 = j + 1; j2 < P.m && !twin; j2++) {
                bool same = true;
                for (size_t a = 0; a < P.n && same; a++) {
                    bool h1 = false, h2 = false;
                    for (uint32_t q = P.off[a]; q < P.off[a + 1]; q++) {
                        h1 |= P.ids[q] == j;
                        h2 |= P.ids[q] == j2;
                    }
                    same = h1 == h2;
                }
                twin = same;
            }
        twins += twin;
        arena_fini(&scratch);
    }
    CHECK_EQ_INT(solved, 60);
    CHECK(twins >= 10);
    CHECK(copies >= 15);
    CHECK(triples >= 20);
    mdsum_cluster_free(cl);
}

/* ---- The cliques that replace the redundancy pairs ---------------------- */
/* Random graphs, some made of planted cliques: every pair lies inside a
 * clique of the cover, every clique's members are pairwise redundant, the
 * rows hold no more entries than the pair rows would, and planted
 * disjoint cliques are found whole (one row each). */
static void test_cover_pairs(mdsum_ctx *ctx)
{
    unsigned seed = 77;
    int grown = 0;
    for (int trial = 0; trial < 200; trial++) {
        size_t n = 2 + lcg(&seed) % 39;
        static bool adj[40][40];
        memset(adj, 0, sizeof adj);
        uint32_t pairs[2 * 780];
        size_t npairs = 0, planted = 0;
        if (trial % 4 == 0) {
            /* Disjoint cliques of 2 to 5 sentences, members spread out. */
            size_t group = 2 + (size_t)trial / 4 % 4;
            for (size_t a = 0; a < n; a++)
                for (size_t b = a + 1; b < n; b++)
                    adj[a][b] = adj[b][a] = a % (n / group ? n / group : 1) == b % (n / group ? n / group : 1);
        } else {
            unsigned p = lcg(&seed) % 90;
            for (size_t a = 0; a < n; a++)
                for (size_t b = a + 1; b < n; b++) adj[a][b] = adj[b][a] = lcg(&seed) % 100 < p;
        }
        for (size_t a = 0; a < n; a++)
            for (size_t b = a + 1; b < n; b++)
                if (adj[a][b]) {
                    pairs[2 * npairs] = (uint32_t)a;
                    pairs[2 * npairs + 1] = (uint32_t)b;
                    npairs++;
                }
        if (trial % 4 == 0) {
            /* The number of planted cliques with at least one pair. */
            size_t g = n / (2 + (size_t)trial / 4 % 4) ? n / (2 + (size_t)trial / 4 % 4) : 1;
            for (size_t r = 0; r < g; r++) planted += r + g < n;
        }
        arena ar;
        arena_init(&ar, &ctx->alc);
        ilp_cliques cc;
        CHECK_EQ_INT(ilp_cover_pairs(&ar, n, pairs, npairs, &cc), 0);
        static bool seen[40][40];
        memset(seen, 0, sizeof seen);
        bool cliques_ok = true;
        for (size_t q = 0; q < cc.count; q++) {
            if (cc.off[q + 1] - cc.off[q] < 2) cliques_ok = false;
            if (cc.off[q + 1] - cc.off[q] > 2) grown++;
            for (uint32_t i = cc.off[q]; i < cc.off[q + 1]; i++)
                for (uint32_t j = i + 1; j < cc.off[q + 1]; j++) {
                    uint32_t x = cc.mem[i], y = cc.mem[j];
                    if (x >= n || y >= n || !adj[x][y]) cliques_ok = false;
                    else seen[x][y] = seen[y][x] = true;
                }
        }
        CHECK(cliques_ok);
        bool all_seen = true;
        for (size_t p = 0; p < npairs; p++) all_seen &= seen[pairs[2 * p]][pairs[2 * p + 1]];
        CHECK(all_seen);
        CHECK(cc.count <= npairs);
        /* Never more entries than the pair rows (two each). */
        CHECK(cc.count == 0 || cc.off[cc.count] <= 2 * npairs);
        if (trial % 4 == 0) CHECK_EQ_INT((int)cc.count, (int)planted);
        if (trial % 4 == 0) CHECK(!cc.capped);
        arena_fini(&ar);
    }
    CHECK(grown >= 100);
    /* A dense graph (300 sentences, 80% of the pairs: near-random text)
     * spends the cover's work budget: the pairs left are rows of their
     * own, and the cover is still complete and correct. */
    size_t n = 300, npairs = 0;
    bool *adj = calloc(n * n, 1), *seen = calloc(n * n, 1);
    uint32_t *pairs = malloc(n * n * sizeof *pairs);
    CHECK(adj && seen && pairs);
    if (!adj || !seen || !pairs) {
        free(adj);
        free(seen);
        free(pairs);
        return;
    }
    for (size_t a = 0; a < n; a++)
        for (size_t b = a + 1; b < n; b++)
            if (lcg(&seed) % 100 < 80) {
                adj[a * n + b] = adj[b * n + a] = true;
                pairs[2 * npairs] = (uint32_t)a;
                pairs[2 * npairs + 1] = (uint32_t)b;
                npairs++;
            }
    arena ar;
    arena_init(&ar, &ctx->alc);
    ilp_cliques cc;
    CHECK_EQ_INT(ilp_cover_pairs(&ar, n, pairs, npairs, &cc), 0);
    bool ok = true;
    size_t twos = 0;
    for (size_t q = 0; q < cc.count; q++) {
        twos += cc.off[q + 1] - cc.off[q] == 2;
        for (uint32_t i = cc.off[q]; i < cc.off[q + 1]; i++)
            for (uint32_t j = i + 1; j < cc.off[q + 1]; j++) {
                uint32_t x = cc.mem[i], y = cc.mem[j];
                if (!adj[x * n + y]) ok = false;
                else seen[x * n + y] = seen[y * n + x] = true;
            }
    }
    CHECK(ok);
    for (size_t p = 0; p < npairs; p++) ok &= seen[pairs[2 * p] * n + pairs[2 * p + 1]];
    CHECK(ok);
    CHECK(cc.count > 0 && cc.off[cc.count] <= 2 * npairs);
    CHECK(cc.capped && twos > 1000);   /* the work bound was reached: pairs of their own */
    arena_fini(&ar);
    free(adj);
    free(seen);
    free(pairs);
}

/* ---- Submodular: the singleton check ------------------------------------ */
/*
 * S1 "s1 s2 s3 s4." (4 words) shares no word with the rest. S2 (12 words)
 * and S3 (30 words, never fits) share words. With lambda = 0 and a large
 * (no saturation), F({v}) = sum_i w_iv: F({S1}) = 1, F({S2}) = 1 + w23.
 * With r = 1 the greedy ratio of S1 (1/4) beats S2's ((1 + w23)/12 <= 1/6),
 * so the greedy takes S1, and S2 no longer fits a 12-word budget: F = 1.
 * The singleton check must return S2 alone (F = 1 + w23 > 1).
 */
static void test_submodular_singleton(mdsum_ctx *ctx)
{
    static const char *const docs[] = {
        "Quorp blent vask drel.",
        "Harbor flood waters rose over the old stone bridge near town yesterday.",
        ("Harbor flood waters rose again over the old stone bridge and the mill while crews from three "
         "villages worked through the night to stop the water reaching the houses below."),
    };
    mdsum_cluster *cl = cluster_of(ctx, docs, 3);
    CHECK(cl != NULL);
    if (!cl) return;
    mdsum_options o;
    mdsum_options_init(&o);
    o.algo = "submodular";
    o.words = 12;
    o.redundancy = 1;
    o.params = "a=1000,lambda=0,r=1";
    char *t = summary_text(ctx, cl, &o, NULL);
    CHECK(t != NULL);
    if (t) {
        CHECK(strncmp(t, "Harbor flood waters rose over", 29) == 0);
        CHECK(strstr(t, "Quorp") == NULL);
        mdsum_free(ctx, t);
    }
    /* Room for both: the greedy keeps S1 and adds S2. */
    o.words = 16;
    t = summary_text(ctx, cl, &o, NULL);
    CHECK(t != NULL);
    if (t) {
        CHECK(strstr(t, "Quorp") != NULL);
        CHECK(strstr(t, "Harbor flood waters rose over") != NULL);
        mdsum_free(ctx, t);
    }
    mdsum_cluster_free(cl);
}

/* ---- KLSum: every greedy step takes the divergence minimiser ------------ */
/*
 * Replays the greedy with klsum_divergence (KL computed from scratch, not
 * incrementally as the selector does): before step k the summary is picks
 * 0..k-1, and pick k must have the smallest divergence of all candidates
 * that fit. With strong smoothing (delta * V much larger than the summary)
 * the divergence must also fall at every step: to first order, adding s
 * changes KL by (|s| / V - sum_{w in s} P_D(w)) / delta, negative for the
 * sentences of frequent words the greedy prefers. (With weak smoothing it
 * may rise at first: a short summary is then further from P_D than the
 * uniform distribution of the empty one.)
 */
static void klsum_replay(mdsum_ctx *ctx, mdsum_cluster *cl, const char *spec, bool decreasing)
{
    mdsum_options o;
    mdsum_options_init(&o);
    o.algo = "klsum";
    o.words = 120;
    o.redundancy = 1;
    CHECK_EQ_INT(mdsum_cluster_analyze(ctx, cl, &o), MDSUM_OK);
    const ranker *r = ranker_find("klsum");
    double params[RANK_MAX_PARAMS];
    CHECK_EQ_INT(ranker_params(ctx, r, spec, params), MDSUM_OK);
    budget b = {120, 0, 0, false};
    arena scratch;
    arena_init(&scratch, &ctx->alc);
    rank_in in = {ctx, cl, &scratch, params, &o, &b, 1.0, NULL};
    selection sel;
    CHECK_EQ_INT(r->select(&in, &sel), MDSUM_OK);
    CHECK(sel.n >= 2);
    uint32_t prefix[64];
    double prev;
    CHECK_EQ_INT(klsum_divergence(&in, prefix, 0, &prev), MDSUM_OK);
    size_t used_words = 0;
    for (size_t k = 0; k < sel.n && k < 63; k++) {
        double best = INFINITY, got = NAN;
        for (size_t i = 0; i < cl->nsents; i++) {
            if (!select_candidate(cl, i) || used_words + cl->sents[i].words > 120) continue;
            bool dup = false;
            for (size_t q = 0; q < k; q++) dup |= prefix[q] == i;
            if (dup) continue;
            prefix[k] = (uint32_t)i;
            double kl;
            CHECK_EQ_INT(klsum_divergence(&in, prefix, k + 1, &kl), MDSUM_OK);
            if (kl < best) best = kl;
            if (i == sel.v[k].sent) got = kl;
        }
        prefix[k] = sel.v[k].sent;
        CHECK_NEAR(got, best, 1e-9);
        if (decreasing) CHECK(got < prev);
        prev = got;
        used_words += sel.v[k].words;
    }
    arena_fini(&scratch);
}

static void test_klsum_steps(mdsum_ctx *ctx)
{
    mdsum_cluster *cl = example_cluster(ctx);
    CHECK(cl != NULL);
    if (!cl) return;
    klsum_replay(ctx, cl, NULL, false);
    klsum_replay(ctx, cl, "smoothing=100", true);
    mdsum_cluster_free(cl);
}

/* ---- Lead: First-k in reading order ------------------------------------- */
static void test_lead_first_k(mdsum_ctx *ctx)
{
    static const char *const docs[] = {
        "One alpha sentence here now. Two alpha sentence here now. Three alpha sentence here now. Four alpha sentence here now.",
        "One beta sentence here now. Two beta sentence here now. Three beta sentence here now. Four beta sentence here now.",
    };
    mdsum_cluster *cl = cluster_of(ctx, docs, 2);
    mdsum_options o;
    mdsum_options_init(&o);
    o.algo = "lead";
    o.redundancy = 1;
    o.words = 25;   /* five sentences */
    o.params = "per_doc=2";
    char *t = summary_text(ctx, cl, &o, NULL);
    /* Taken: A1 A2 B1 B2 (the first two of each), then A3 (round robin);
     * shown in reading order: A1 A2 A3 and B1 B2 follow each other in their
     * documents, so each run stays together, placed by its first sentence
     * (both at byte 0: document order). */
    CHECK_EQ_STR(t, "One alpha sentence here now.\nTwo alpha sentence here now.\n"
                    "Three alpha sentence here now.\nOne beta sentence here now.\n"
                    "Two beta sentence here now.\n");
    mdsum_free(ctx, t);
    /* Cut in the lead's order: 12 words = A1, A2 and two words of B1 (the
     * first two of document 0 come first); the cut sentence is shown last. */
    o.words = 12;
    o.flags |= MDSUM_TRUNCATE;
    t = summary_text(ctx, cl, &o, NULL);
    CHECK_EQ_STR(t, "One alpha sentence here now.\nTwo alpha sentence here now.\nOne beta\n");
    mdsum_free(ctx, t);
    /* per_doc = 0: round robin. */
    o.flags = 0;
    o.words = 15;
    o.params = "per_doc=0";
    t = summary_text(ctx, cl, &o, NULL);
    CHECK_EQ_STR(t, "One alpha sentence here now.\nTwo alpha sentence here now.\n"
                    "One beta sentence here now.\n");
    mdsum_free(ctx, t);
    mdsum_cluster_free(cl);
}

/* ---- Concept sets: shared keys, and against a direct count --------------- */
/* The concept set of `keep` counted directly from the tokens: n-grams of
 * the kept sentences numbered by first appearance, each sentence's ids
 * sorted and distinct. Returns how many concepts; fills ids/soff as
 * concepts_build does (caller's arrays). */
static size_t naive_concepts(const mdsum_cluster *cl, int order, const uint32_t *keep, size_t nkeep,
                             uint32_t *soff, uint32_t *ids)
{
    size_t cap = cl->ntoks + 1, n = 0;
    uint64_t *known = calloc(cap, sizeof *known);
    if (!known) return 0;
    for (int pass = 0; pass < 2; pass++) {
        size_t nids = 0, rows = pass ? cl->nsents : nkeep;
        for (size_t r = 0; r < rows; r++) {
            const sent_rec *s = &cl->sents[pass ? r : keep[r]];
            const uint32_t *t = cl->toks + s->tok_off;
            if (pass) soff[r] = (uint32_t)nids;
            size_t start = nids;
            for (uint32_t k = 0; k + (order == 2) < s->ntok; k++) {
                uint64_t key;
                if (order == 1) {
                    if (t[k] & TOK_STOP) continue;
                    key = TOK_ID(t[k]);
                } else {
                    if ((t[k] & TOK_STOP) && (t[k + 1] & TOK_STOP)) continue;
                    key = ((uint64_t)TOK_ID(t[k]) << 32) | TOK_ID(t[k + 1]);
                }
                size_t id = 0;
                while (id < n && known[id] != key) id++;
                if (id == n && !pass) known[n++] = key;
                if (!pass || id == n) continue;
                size_t at = start;   /* insert sorted, distinct */
                while (at < nids && ids[at] < id) at++;
                if (at < nids && ids[at] == id) continue;
                memmove(ids + at + 1, ids + at, (nids - at) * sizeof *ids);
                ids[at] = (uint32_t)id;
                nids++;
            }
        }
        if (pass) soff[cl->nsents] = (uint32_t)nids;
    }
    free(known);
    return n;
}

static void test_concepts_shared(mdsum_ctx *ctx)
{
    mdsum_cluster *cl = example_cluster(ctx);
    CHECK(cl != NULL);
    if (!cl) return;
    mdsum_options o;
    mdsum_options_init(&o);
    CHECK_EQ_INT(mdsum_cluster_analyze(ctx, cl, &o), MDSUM_OK);
    size_t ns = cl->nsents;
    uint32_t *even = malloc((ns + 1) * sizeof *even), *back = malloc((ns + 1) * sizeof *back);
    uint32_t *soff = malloc((ns + 1) * sizeof *soff), *ids = malloc((cl->ntoks + 1) * sizeof *ids);
    CHECK(even && back && soff && ids && ns > 10);
    if (!even || !back || !soff || !ids) return;
    size_t ne = 0;
    for (size_t i = 0; i < ns; i++) {
        if (i % 2 == 0) even[ne++] = (uint32_t)i;
        back[i] = (uint32_t)(ns - 1 - i);
    }
    budget b = {100, 0, 0, false};
    /* The same builds with the call's shared keys (orders 2, 2, 1, 2: the
     * order-1 build keeps its own) and without. */
    const struct { int order; const uint32_t *keep; size_t n; } builds[] = {
        {2, even, ne}, {2, back, ns}, {1, back, ns}, {2, NULL, 0}};
    size_t bad = 0, checked = 0;
    for (int shared = 0; shared < 2; shared++) {
        arena scratch;
        arena_init(&scratch, &ctx->alc);
        concept_master cm = {0, 0, NULL, NULL};
        rank_in in = {ctx, cl, &scratch, NULL, &o, &b, 0.5, shared ? &cm : NULL};
        for (size_t k = 0; k < sizeof builds / sizeof builds[0]; k++) {
            concept_set cs;
            CHECK_EQ_INT(concepts_build(&in, builds[k].order, builds[k].keep, builds[k].n, &cs), MDSUM_OK);
            const uint32_t *keep = builds[k].keep;
            uint32_t *all = NULL;
            if (!keep && (all = malloc(ns * sizeof *all)))
                for (size_t i = 0; i < ns; i++) all[i] = (uint32_t)i;
            size_t n = naive_concepts(cl, builds[k].order, keep ? keep : all, keep ? builds[k].n : ns, soff, ids);
            free(all);
            bad += cs.n != n || memcmp(cs.soff, soff, (ns + 1) * sizeof *soff) != 0 ||
                   memcmp(cs.ids, ids, soff[ns] * sizeof *ids) != 0;
            /* sentence and document frequencies from the lists */
            for (size_t c = 0; c < cs.n; c++) {
                uint32_t sf = 0, df = 0, last = UINT32_MAX;
                for (size_t i = 0; i < ns; i++)
                    for (uint32_t j = soff[i]; j < soff[i + 1]; j++)
                        if (ids[j] == c) {
                            sf++;
                            if (cl->sents[i].doc != last) { last = cl->sents[i].doc; df++; }
                        }
                bad += cs.sf[c] != sf || cs.df[c] != df;
            }
            checked += cs.n;
        }
        CHECK(!shared || cm.order == 2);
        arena_fini(&scratch);
    }
    CHECK(checked > 100);
    CHECK_EQ_INT(bad, 0);
    free(even);
    free(back);
    free(soff);
    free(ids);
    mdsum_cluster_free(cl);
}

int main(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    test_budgets_all(ctx);
    test_params(ctx);
    test_ilp_optimum(ctx);
    test_ilp_one_document(ctx);
    test_ilp_time_limit(ctx);
    test_ilp_brute_force(ctx);
    test_cover_pairs(ctx);
    test_submodular_singleton(ctx);
    test_klsum_steps(ctx);
    test_lead_first_k(ctx);
    test_concepts_shared(ctx);
    mdsum_ctx_free(ctx);
    return test_finish("test_rankers");
}
