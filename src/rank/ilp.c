/*
 * ilp.c -- concept coverage by integer linear programming (Gillick & Favre
 * 2009, "A scalable global model for summarization", NAACL Workshop on ILP
 * for NLP; the model of ICSISumm at TAC 2008/2009), and `joint`, the same
 * program with learned sentence scores in the objective (the default).
 *
 * Concepts j are stemmed word bigrams; w_j is the number of documents
 * holding concept j. With c_j = 1 when concept j is covered, s_i = 1 when
 * sentence i is chosen, l_i its length in words and Occ_ij = 1 when
 * sentence i holds concept j:
 *     maximize    sum_j w_j c_j
 *     subject to  sum_i l_i s_i <= L
 *                 s_i Occ_ij <= c_j                 for all i, j
 *                 sum_i s_i Occ_ij >= c_j           for all j
 *                 c_j, s_i in {0, 1}
 * Each concept counts once however often it is said, which is where the
 * redundancy control comes from. Solved exactly with GLPK (the LP
 * relaxation by the simplex method, then branch and cut seeded with the
 * greedy solution) under deterministic limits on the work, so that
 * results never depend on the machine's load: `max_nodes` subproblems and
 * `max_work` subproblems times rows of the program, counted with one
 * row per redundancy pair (a node costs about its rows; the largest
 * program of our evaluation sets needs 555 nodes of 612 rows, 0.34
 * million, and large clusters of near-random text need millions), and,
 * as a last safety net only, `time_limit` ms. When a limit
 * is reached, the best solution found is used (or the greedy one), and
 * the summary metadata says so (selection.note); so it does when GLPK
 * fails. The greedy: repeatedly add the
 * fitting sentence with the largest newly covered weight per word^r
 * (r = 1), then compare with the best single sentence (Khuller et al.
 * 1999's budgeted maximum coverage rule).
 *
 * As in the paper: bigrams made only of stopwords are not concepts, and
 * concepts held by fewer than `min_df` documents are dropped (3 in the
 * paper, for 10-document DUC/TAC clusters; we use min(min_df, number of
 * documents) so that 2-document clusters keep their shared concepts; with
 * one document, or when no concept is left, sentences stand in for
 * documents: concepts held by two sentences or more, weighted by their
 * sentence count).
 *
 * `joint`: Galanis, Lampouras & Androutsopoulos 2012 ("Extractive
 * multi-document summarization with integer linear programming and
 * support vector regression", COLING) put a learned importance of each
 * sentence and the bigram coverage into one ILP objective. We add to the
 * program above, for every sentence, its expected matches with a
 * reference as the learned scorer estimates them (learned.c: r_i is the
 * predicted share of the sentence a reference says, so r_i l_i is a count
 * of words), on the scale of the largest concept weight:
 *     maximize    sum_j w_j c_j + lambda max_j(w_j) sum_i r_i l_i (s_i + u_i)
 * where u_i in [0, 1] is the part of sentence i cut to fill the budget:
 *     sum_i l_i (s_i + u_i) <= L,  s_i + u_i <= 1,  sum_i u_i <= 1,
 * (only with a word budget that may be cut, as the evaluation protocols
 * do; the cut part covers no concept). The concept term keeps the summary
 * diverse and central where the budget is selective (ten documents, 100
 * words: it dominates); where the budget takes most of the input (a few
 * short articles, 300 words: nearly every concept is covered whatever
 * the choice), the sentence term decides, and the cut sentence makes the
 * program choose like a fractional knapsack, i.e. like the greedy by score
 * that the protocol's truncation rewards. lambda = 1 (parameter `lambda`)
 * adds the two terms at their own scales; on the dev sets (docs/quality.md)
 * 0.5 to 1 is a plateau. `ilp` is the same program with lambda = 0.
 *
 * Departures (both rankers):
 *  - The paper's occurrence rows s_i Occ_ij <= c_j are left out: every
 *    weight is positive, so an optimum (of the program and of its
 *    relaxation) sets c_j = 1 wherever a chosen sentence holds j anyway;
 *    without them the program is several times smaller and faster.
 *  - Position prior (ICSISumm 2009 gives more value to concepts seen early
 *    in a document): each document adds to w_j the position weight (common.c,
 *    mdsum_options.position) of the earliest sentence of the document
 *    holding j; with position 0 this is the paper's document count.
 *  - Sentences shorter than `min_words` words are not candidates, and at
 *    most `max_sentences` sentences (the pre-filter of common.c) go into
 *    the program, which bounds its size on very large inputs.
 *  - With the shared redundancy threshold below 1, pairs of sentences more
 *    similar than it cannot both be chosen (s_a + s_b <= 1, with the cut
 *    parts: s_a + u_a + s_b + u_b <= 1). The program states this with one
 *    row per clique of such sentences (ilp_cover_pairs): the same integer
 *    solutions, a tighter relaxation; on the full-length Multi-News dev
 *    set 15 pairs per cluster become 8 rows, and the whole run needs 12%
 *    fewer instructions (15% with the cut sentence). The optimum is the
 *    same, but where several selections reach it GLPK may return another
 *    one: `ilp` on three DUC 2003 task-3 clusters (objective 206, 201 and
 *    253 with pair rows and with clique rows).
 *  - `slack`: the program may take up to L + slack words; the summary is
 *    then cut to L.
 *  - Other budgets (sentences, bytes) are further rows of the same form.
 *  - A sentence that is a copy of another (the same words, concepts and
 *    redundancy pairs: one wire story in several outlets) and worth no
 *    more is left out of the program (find_copies): the optimum is the
 *    same, and 10,000 copies of one article no longer make GLPK branch
 *    over thousands of pair rows (1.57 s down to 0.20 s).
 *  - Concepts held by exactly the same sentences are one column, worth
 *    their summed weight (merge_concepts): the optimum is the same, the
 *    program smaller (on the full-length Multi-News dev set 42 concepts
 *    per cluster become 28).
 *  - GLPK branches on the most fractional variable. Driebeck and Tomlin's
 *    rule needs 20% fewer instructions on the full-length Multi-News dev
 *    set, but each of its nodes costs more: on the large synthetic
 *    clusters of bench/perf.py, which stop at the work limit, it was 4 to
 *    7 times slower (8.5 s instead of 1.5 s at 52,698 sentences).
 *
 * GLPK: its memory does not go through the context allocator, and on a
 * fatal error (e.g. memory exhausted) GLPK calls our error hook, which
 * jumps back here; we then free GLPK's environment of this thread and use
 * the greedy result. GLPK keeps one environment per thread; we free it
 * after every solve (glp_free_env), so a program that uses GLPK itself in
 * the same thread must not interleave its own problems with mdsum calls.
 */
#include "rank.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <string.h>

/* `ilp` and `joint` declare the same parameters in the same order (the
 * code reads them by index); only the default of lambda differs. */
#define ILP_PARAMS(LAMBDA)                                                                      \
    {"min_df", 3, 1, 1e6, "drop concepts held by fewer documents (at most the number of documents)"},         \
    {"time_limit", 10000, 0, 1e7, "safety net: solver time limit in milliseconds; then the best solution found or the greedy (0 = greedy only)"}, \
    {"max_sentences", 300, 1, 1e6, "pre-filter: at most this many sentences go into the program"},           \
    {"min_words", 5, 0, 1e6, "sentences shorter than this are not candidates"},                              \
    {"slack", 0, 0, 1e6, "words allowed past the budget before the summary is cut to it"},                   \
    {"order", 2, 1, 2, "concepts: 2 = word bigrams (the paper), 1 = content words"},                         \
    {"lambda", LAMBDA, 0, 1e6, "weight of the learned sentence scores in the objective (0 = concepts only)"}, \
    {"max_nodes", 5000, 1, 1e9, "branch and bound: at most this many subproblems, then the best solution found"}, \
    {"max_work", 1.5e6, 1, 1e15, "branch and bound: at most this many subproblems times rows of the program (deterministic)"}

static const mdsum_param_info params_ilp[] = {ILP_PARAMS(0)};
static const mdsum_param_info params_joint[] = {ILP_PARAMS(1)};


/* ---- Greedy fallback ------------------------------------------------- */
static double coverage_gain(const ilp_program *D, size_t a, const uint8_t *covered)
{
    double g = D->sv[a];
    for (uint32_t k = D->off[a]; k < D->off[a + 1]; k++)
        if (!covered[D->ids[k]]) g += D->w[D->ids[k]];
    return g;
}

/* What the chosen sentences use of the budgets, kept up to date as
 * sentences are added, and the sentences they exclude (redundancy). */
typedef struct used_state {
    double words;
    size_t nsel, bytes;
    uint8_t *blocked;   /* too similar to a chosen sentence; NULL: no redundancy */
    double *dense;      /* with blocked: cl->terms.n zeros (sent_scatter) */
} used_state;

static size_t prog_bytes(const rank_in *in, const ilp_program *D, size_t a)
{
    const sent_rec *s = &in->cl->sents[D->c[a]];
    return s->end - s->start;
}

static bool fits_budget(const rank_in *in, const ilp_program *D, const used_state *u, size_t a,
                        double limit)
{
    const budget *b = in->b;
    if (u->blocked && u->blocked[a]) return false;
    if (b->words && u->words + D->len[a] > limit) return false;
    if (b->sentences && u->nsel + 1 > (size_t)b->sentences) return false;
    if (b->bytes && u->bytes + prog_bytes(in, D, a) + u->nsel > (size_t)b->bytes) return false;
    return true;
}

static void use_sentence(const rank_in *in, const ilp_program *D, used_state *u, size_t a)
{
    u->words += D->len[a];
    u->nsel++;
    u->bytes += prog_bytes(in, D, a);
    if (u->blocked) {
        sent_scatter(in->cl, D->c[a], u->dense);
        for (size_t k = 0; k < D->n; k++)
            if (!u->blocked[k] && k != a && sent_cosine_dense(in->cl, u->dense, D->c[a], D->c[k]) > in->redundancy)
                u->blocked[k] = 1;
        sent_unscatter(in->cl, D->c[a], u->dense);
    }
}

/* Greedy picks into chosen[] (0/1 per program sentence), within `limit`
 * words and the other budgets. */
static int greedy_solve(const rank_in *in, const ilp_program *D, double limit, uint8_t *chosen,
                        uint8_t *covered, double *obj)
{
    memset(chosen, 0, D->n);
    memset(covered, 0, D->m);
    used_state u = {0, 0, 0, NULL, D->dense};
    if (in->redundancy < 1 &&
        (!(u.blocked = arena_calloc(in->scratch, D->n ? D->n : 1, 1)) ||
         (!u.dense && !(u.dense = arena_calloc(in->scratch, in->cl->terms.n ? in->cl->terms.n : 1, sizeof *u.dense)))))
        return -1;
    double total = 0;
    for (;;) {
        size_t best = SIZE_MAX;
        double br = 0;
        for (size_t a = 0; a < D->n; a++) {
            if (chosen[a] || !fits_budget(in, D, &u, a, limit)) continue;
            double r = coverage_gain(D, a, covered) / (D->len[a] > 0 ? D->len[a] : 1);
            if (r > br) { br = r; best = a; }
        }
        if (best == SIZE_MAX) break;
        chosen[best] = 1;
        total += coverage_gain(D, best, covered);
        use_sentence(in, D, &u, best);
        for (uint32_t k = D->off[best]; k < D->off[best + 1]; k++) covered[D->ids[k]] = 1;
    }
    /* The best single sentence may beat the ratio greedy (one long,
     * concept-rich sentence against several short ones). */
    size_t single = SIZE_MAX;
    double sv = 0;
    memset(covered, 0, D->m);
    for (size_t a = 0; a < D->n; a++) {
        double g = coverage_gain(D, a, covered);
        if (g > sv && D->len[a] <= limit) { sv = g; single = a; }
    }
    if (single != SIZE_MAX && sv > total) {
        memset(chosen, 0, D->n);
        chosen[single] = 1;
        total = sv;
    }
    *obj = total;
    return 0;
}

/* Each sentence's redundancy pairs as neighbour lists (CSR): the
 * neighbours of a are nb[noff[a] .. noff[a+1]), in pair order; with `np`,
 * np[i] is the pair of entry i. In `ar`; false when memory runs out. */
static bool pair_lists(arena *ar, size_t n, const uint32_t *pairs, size_t npairs, uint32_t **noff_out,
                       uint32_t **nb_out, uint32_t **np_out)
{
    uint32_t *noff = arena_calloc(ar, n + 1, sizeof *noff);
    uint32_t *fill = arena_alloc(ar, (n ? n : 1) * sizeof *fill);
    uint32_t *nb = arena_alloc(ar, (npairs ? 2 * npairs : 1) * sizeof *nb);
    uint32_t *np = np_out ? arena_alloc(ar, (npairs ? 2 * npairs : 1) * sizeof *np) : NULL;
    if (!noff || !fill || !nb || (np_out && !np)) return false;
    for (size_t p = 0; p < 2 * npairs; p++) noff[pairs[p] + 1]++;
    for (size_t a = 0; a < n; a++) noff[a + 1] += noff[a];
    memcpy(fill, noff, n * sizeof *fill);
    for (size_t p = 0; p < npairs; p++) {
        uint32_t x = pairs[2 * p], y = pairs[2 * p + 1];
        if (np) np[fill[x]] = np[fill[y]] = (uint32_t)p;
        nb[fill[x]++] = y;
        nb[fill[y]++] = x;
    }
    *noff_out = noff;
    *nb_out = nb;
    if (np_out) *np_out = np;
    return true;
}

/* ---- Redundancy cliques ---------------------------------------------- */
/* Sentences that say one fact in several outlets are pairwise redundant:
 * each pair is a row s_a + s_b <= 1, and the relaxation may then take
 * half of each of k such sentences (k / 2 of them). One row per clique,
 * sum_{a in K} s_a <= 1 (with the cut parts, sum_{a in K} s_a + u_a <= 1:
 * at most one of them is chosen, and the cut parts sum to at most 1), has
 * the same integer solutions and a tighter relaxation, so branch and
 * bound needs fewer subproblems, on fewer rows. The cover is greedy: each
 * pair not yet in a clique starts one, which takes, in the order of its
 * first sentence's pairs, every sentence redundant with all its members.
 * Every pair is in some clique, so the rows exclude exactly what the
 * pairs did. The growth's work is bounded linearly in the pairs: dense,
 * near-random graphs (tens of thousands of pairs) would otherwise spend
 * more on the cover (3.3 billion instructions at 52,698 synthetic
 * sentences) than the solver saves. */
int ilp_cover_pairs(arena *ar, size_t n, const uint32_t *pairs, size_t npairs, ilp_cliques *cc)
{
    memset(cc, 0, sizeof *cc);
    if (npairs == 0) return 0;
    uint32_t *noff, *nb, *np;
    if (!pair_lists(ar, n, pairs, npairs, &noff, &nb, &np)) return -1;
    uint8_t *done = arena_calloc(ar, npairs, 1);
    uint32_t *cnt = arena_calloc(ar, n, sizeof *cnt);
    uint8_t *in_k = arena_calloc(ar, n, 1);
    uint32_t *k = arena_alloc(ar, n * sizeof *k);
    /* Each clique takes a pair not yet covered: at most npairs of them.
     * Their members may exceed 2 * npairs (a pair can be in several
     * cliques), so that array grows. */
    size_t mcap = 2 * npairs;
    cc->off = arena_alloc(ar, (npairs + 1) * sizeof *cc->off);
    cc->mem = arena_alloc(ar, mcap * sizeof *cc->mem);
    if (!done || !cnt || !in_k || !k || !cc->off || !cc->mem) return -1;
    size_t nmem = 0;
    cc->off[0] = 0;
    /* The growth visits neighbour lists; past a budget linear in the
     * pairs (dense near-random graphs: each of thousands of cliques
     * would scan a hundred lists), the remaining pairs are rows of their
     * own. */
    size_t work = 0, max_work = 64 * npairs + 16 * n;
    for (size_t p = 0; p < npairs; p++) {
        if (done[p]) continue;
        uint32_t a = pairs[2 * p], b = pairs[2 * p + 1];
        size_t kn = 0;
        k[kn++] = a;
        k[kn++] = b;
        in_k[a] = in_k[b] = 1;
        cc->capped |= work > max_work;
        if (!cc->capped) {
            size_t fresh = 0;   /* pairs of the clique not yet covered */
            /* cnt[c]: members of the clique redundant with c. */
            for (uint32_t i = noff[a]; i < noff[a + 1]; i++) cnt[nb[i]]++;
            for (uint32_t i = noff[b]; i < noff[b + 1]; i++) cnt[nb[i]]++;
            work += 2 * (noff[a + 1] - noff[a]) + (noff[b + 1] - noff[b]);
            for (uint32_t i = noff[a]; i < noff[a + 1]; i++) {
                uint32_t c = nb[i];
                if (in_k[c] || cnt[c] != kn) continue;
                k[kn++] = c;
                in_k[c] = 1;
                for (uint32_t j = noff[c]; j < noff[c + 1]; j++) cnt[nb[j]]++;
                work += noff[c + 1] - noff[c];
            }
            for (size_t q = 0; q < kn; q++) {
                uint32_t x = k[q];
                for (uint32_t i = noff[x]; i < noff[x + 1]; i++) {
                    cnt[nb[i]] = 0;
                    fresh += in_k[nb[i]] && nb[i] > x && !done[np[i]];
                }
            }
            /* Mostly pairs already covered (large overlapping cliques, as
             * in near-random text): the row would be longer than the pair
             * rows it replaces, so the pair alone. */
            if (kn > 2 * fresh) {
                for (size_t q = 2; q < kn; q++) in_k[k[q]] = 0;
                kn = 2;
            }
        }
        if (kn == 2) {
            done[p] = 1;
        } else {
            for (size_t q = 0; q < kn; q++)
                for (uint32_t i = noff[k[q]]; i < noff[k[q] + 1]; i++)
                    if (in_k[nb[i]]) done[np[i]] = 1;
        }
        if (nmem + kn > mcap) {
            void *v = cc->mem;
            if (!arena_grow(ar, &v, &mcap, nmem + kn, sizeof *cc->mem)) return -1;
            cc->mem = v;
        }
        for (size_t q = 0; q < kn; q++) {
            cc->mem[nmem++] = k[q];
            in_k[k[q]] = 0;
        }
        cc->off[++cc->count] = (uint32_t)nmem;
    }
    return 0;
}

/* ---- GLPK ------------------------------------------------------------ */
typedef struct glpk_guard {
    jmp_buf jb;
} glpk_guard;

static void on_glpk_error(void *info)
{
    longjmp(((glpk_guard *)info)->jb, 1);
}

enum { SOLVE_OK = ILP_OPTIMAL, SOLVE_TIME = ILP_GREEDY_TIME, SOLVE_TIME_FEAS = ILP_FEASIBLE_TIME,
       SOLVE_FAIL = ILP_GREEDY_FAIL };

/* Hands GLPK the greedy solution once, as its first incumbent. */
typedef struct heur_state {
    const double *x;   /* 1-based column values */
    bool given;
    int max_nodes;
    double max_work;   /* subproblems x rows */
    double rows;
} heur_state;

static void heur_cb(glp_tree *T, void *info)
{
    heur_state *hs = info;
    /* A limit on the work, not only on the time: the result must not
     * depend on the machine's load. */
    int active, nodes, total;
    glp_ios_tree_size(T, &active, &nodes, &total);
    if (total > hs->max_nodes || (double)total * hs->rows > hs->max_work) {
        glp_ios_terminate(T);
        return;
    }
    if (glp_ios_reason(T) == GLP_IHEUR && !hs->given) {
        hs->given = true;
        glp_ios_heur_sol(T, hs->x);
    }
}

/* Build and solve the program; chosen[a] = 1 for the chosen sentences. */
static int glpk_solve(const rank_in *in, const ilp_program *D, double limit, const uint32_t *pairs,
                      size_t npairs, int tm_lim, int max_nodes, double max_work, const uint8_t *init,
                      const uint8_t *init_cov,
                      uint8_t *chosen, double *frac, double *obj)
{
    const mdsum_cluster *cl = in->cl;
    const budget *b = in->b;
    size_t n = D->n, m = D->m, nocc = D->off[n];
    /* The cut sentence (departures, at the top): continuous u_a in [0, 1]
     * with s_a + u_a <= 1 and sum_a u_a <= 1, in the word budget and the
     * redundancy pairs, worth its sentence term times u_a. */
    size_t nu = frac ? n : 0;
    /* Rows: budgets, coverage (one per j), redundancy cliques. Columns:
     * s_1..s_n, then c_1..c_m. The paper's occurrence rows s_i Occ_ij <= c_j
     * are left out: every weight is positive, so an optimum (of the
     * program and of its relaxation) sets c_j = 1 wherever a chosen
     * sentence holds j anyway; without them the program is several times
     * smaller and solves as much faster. */
    size_t nbud = (b->words ? 1 : 0) + (b->sentences ? 1 : 0) + (b->bytes ? 1 : 0);
    ilp_cliques cc;
    if (ilp_cover_pairs(in->scratch, n, pairs, npairs, &cc)) return -1;
    size_t ncl = cc.count, nclm = ncl ? cc.off[ncl] : 0;
    /* s_a + u_a <= 1 is a row of its own only for the sentences in no
     * clique: a clique's row implies it for its members. */
    uint8_t *solo = arena_alloc(in->scratch, n ? n : 1);
    if (!solo) return -1;
    memset(solo, 1, n);
    for (size_t i = 0; i < nclm; i++) solo[cc.mem[i]] = 0;
    size_t nsolo = 0;
    for (size_t a = 0; a < nu; a++) nsolo += solo[a];
    volatile size_t rows = nbud + m + ncl + (nu ? nsolo + 1 : 0), cols = n + m + nu;
    size_t ne = nbud * n + (nocc + m) + nclm + (nu ? 2 * nu + 2 * nsolo + nclm : 0);
    if (rows >= INT_MAX / 2 || cols >= INT_MAX / 2 || ne >= INT_MAX / 2) return SOLVE_FAIL;
    int *ia = arena_alloc(in->scratch, (ne + 1) * sizeof *ia);
    int *ja = arena_alloc(in->scratch, (ne + 1) * sizeof *ja);
    double *ar = arena_alloc(in->scratch, (ne + 1) * sizeof *ar);
    double *x0 = arena_alloc(in->scratch, (cols + 1) * sizeof *x0);
    if (!ia || !ja || !ar || !x0) return -1;
    x0[0] = 0;
    for (size_t a = 0; a < n; a++) x0[a + 1] = init[a];
    for (size_t j = 0; j < m; j++) x0[n + j + 1] = init_cov[j];
    for (size_t a = 0; a < nu; a++) x0[n + m + a + 1] = 0;
    heur_state hs = {x0, false, max_nodes, max_work, 0};
    int u0 = (int)(n + m) + 1;   /* column of u_1 */

    size_t e = 1;
    int row = 0;
    if (b->words) {
        row++;
        for (size_t a = 0; a < n; a++) { ia[e] = row; ja[e] = (int)a + 1; ar[e] = D->len[a]; e++; }
        for (size_t a = 0; a < nu; a++) { ia[e] = row; ja[e] = u0 + (int)a; ar[e] = D->len[a]; e++; }
    }
    if (b->sentences) {
        row++;
        for (size_t a = 0; a < n; a++) { ia[e] = row; ja[e] = (int)a + 1; ar[e] = 1; e++; }
    }
    if (b->bytes) {
        row++;
        for (size_t a = 0; a < n; a++) {
            const sent_rec *s = &cl->sents[D->c[a]];
            ia[e] = row; ja[e] = (int)a + 1; ar[e] = (double)(s->end - s->start + 1); e++;
        }
    }
    int cov0 = row + 1;
    for (size_t a = 0; a < n; a++) {
        for (uint32_t k = D->off[a]; k < D->off[a + 1]; k++) {
            /* sum_i s_i Occ_ij - c_j >= 0 */
            ia[e] = cov0 + (int)D->ids[k]; ja[e] = (int)a + 1; ar[e] = 1; e++;
        }
    }
    for (size_t j = 0; j < m; j++) { ia[e] = cov0 + (int)j; ja[e] = (int)(n + j) + 1; ar[e] = -1; e++; }
    row += (int)m;
    int red0 = row + 1;
    for (size_t q = 0; q < ncl; q++) {
        row++;   /* sum over the clique of s_a (+ u_a) <= 1 */
        for (uint32_t i = cc.off[q]; i < cc.off[q + 1]; i++) {
            ia[e] = row; ja[e] = (int)cc.mem[i] + 1; ar[e] = 1; e++;
            if (nu) { ia[e] = row; ja[e] = u0 + (int)cc.mem[i]; ar[e] = 1; e++; }
        }
    }
    int frac0 = row + 1;
    if (nu) {
        for (size_t a = 0; a < nu; a++) {
            if (!solo[a]) continue;
            row++;   /* s_a + u_a <= 1 */
            ia[e] = row; ja[e] = (int)a + 1; ar[e] = 1; e++;
            ia[e] = row; ja[e] = u0 + (int)a; ar[e] = 1; e++;
        }
        row++;   /* sum_a u_a <= 1 */
        for (size_t a = 0; a < nu; a++) { ia[e] = row; ja[e] = u0 + (int)a; ar[e] = 1; e++; }
    }

    glpk_guard g;
    volatile int status = SOLVE_FAIL;
    glp_prob *volatile P = NULL;
    if (setjmp(g.jb) == 0) {
        glp_error_hook(on_glpk_error, &g);
        glp_term_out(GLP_OFF);
        P = glp_create_prob();
        glp_set_obj_dir(P, GLP_MAX);
        glp_add_rows(P, (int)rows);
        /* The work limit counts the rows of the program as stated with
         * one row per pair (and per cut sentence): counted with the
         * fewer clique rows, it let near-random text (tens of thousands
         * of pairs) branch 2 times longer before stopping. */
        hs.rows = (double)(nbud + m + npairs + (nu ? nu + 1 : 0));
        glp_add_cols(P, (int)cols);
        row = 0;
        if (b->words) glp_set_row_bnds(P, ++row, GLP_UP, 0, limit);
        if (b->sentences) glp_set_row_bnds(P, ++row, GLP_UP, 0, (double)b->sentences);
        if (b->bytes) glp_set_row_bnds(P, ++row, GLP_UP, 0, (double)b->bytes + 1);
        for (size_t j = 0; j < m; j++) glp_set_row_bnds(P, cov0 + (int)j, GLP_LO, 0, 0);
        for (size_t q = 0; q < ncl; q++) glp_set_row_bnds(P, red0 + (int)q, GLP_UP, 0, 1);
        for (size_t k = 0; k < (nu ? nsolo + 1 : 0); k++) glp_set_row_bnds(P, frac0 + (int)k, GLP_UP, 0, 1);
        for (size_t k = 0; k < n + m; k++) {
            glp_set_col_kind(P, (int)k + 1, GLP_BV);
            glp_set_obj_coef(P, (int)k + 1, k < n ? D->sv[k] : D->w[k - n]);
        }
        for (size_t a = 0; a < nu; a++) {
            glp_set_col_bnds(P, u0 + (int)a, GLP_DB, 0, 1);
            glp_set_obj_coef(P, u0 + (int)a, D->sv[a]);
        }
        glp_load_matrix(P, (int)(e - 1), ia, ja, ar);
        /* The LP relaxation first (the presolver is off so that the
         * callback below sees our own columns), then branch and cut seeded
         * with the greedy solution as the first incumbent. */
        glp_smcp sp;
        glp_init_smcp(&sp);
        sp.msg_lev = GLP_MSG_OFF;
        sp.tm_lim = tm_lim;
        int rc = glp_simplex(P, &sp);
        bool integral = rc == 0 && glp_get_status(P) == GLP_OPT;
        for (size_t k = 0; integral && k < n + m; k++) {
            double v = glp_get_col_prim(P, (int)k + 1);
            integral = v < 1e-9 || v > 1 - 1e-9;
        }
        if (integral) {
            /* The relaxation's optimum is integral: it is the program's. */
            for (size_t a = 0; a < n; a++) chosen[a] = glp_get_col_prim(P, (int)a + 1) > 0.5;
            for (size_t a = 0; a < nu; a++) frac[a] = glp_get_col_prim(P, u0 + (int)a);
            *obj = glp_get_obj_val(P);
            status = SOLVE_OK;
        } else if (rc == 0 && glp_get_status(P) == GLP_OPT) {
            glp_iocp parm;
            glp_init_iocp(&parm);
            parm.msg_lev = GLP_MSG_OFF;
            parm.presolve = GLP_OFF;
            parm.br_tech = GLP_BR_MFV;
            parm.tm_lim = tm_lim;
            parm.cb_func = heur_cb;
            parm.cb_info = &hs;
            rc = glp_intopt(P, &parm);
        } else if (rc == 0) {
            rc = GLP_EFAIL;
        }
        int ms = integral ? GLP_OPT : glp_mip_status(P);
        if (rc == GLP_ESTOP) rc = GLP_ETMLIM;   /* the node limit: as the time limit */
        if (!integral && (rc == 0 || rc == GLP_ETMLIM) && (ms == GLP_OPT || ms == GLP_FEAS)) {
            for (size_t a = 0; a < n; a++) chosen[a] = glp_mip_col_val(P, (int)a + 1) > 0.5;
            for (size_t a = 0; a < nu; a++) frac[a] = glp_mip_col_val(P, u0 + (int)a);
            *obj = glp_mip_obj_val(P);
        }
        if (rc == 0 && ms == GLP_OPT) status = SOLVE_OK;
        else if (rc == GLP_ETMLIM) status = ms == GLP_FEAS ? SOLVE_TIME_FEAS : SOLVE_TIME;
        else status = SOLVE_FAIL;
        glp_delete_prob(P);
        P = NULL;
    }
    glp_error_hook(NULL, NULL);
    glp_free_env();
    return status;
}

/* ---- Program reduction ---------------------------------------------- */
/* Concepts held by exactly the same sentences (the bigrams of one phrase:
 * "los angel", "angel intern", "intern airport") are one column for the
 * program, worth the sum of their weights: with the same sentences chosen
 * they are covered together, so the program, its relaxation and their
 * optima are unchanged, and GLPK works on fewer rows and columns. */
typedef struct concept_key {
    uint32_t hash, count, start, j;   /* start: of j's sentences in `list` */
} concept_key;

static bool concept_same(const concept_key *x, const concept_key *y, const uint32_t *list)
{
    return x->hash == y->hash && x->count == y->count &&
           memcmp(list + x->start, list + y->start, x->count * sizeof *list) == 0;
}

static int concept_key_cmp(const void *a, const void *b, void *ud)
{
    const concept_key *x = a, *y = b;
    if (x->hash != y->hash) return x->hash < y->hash ? -1 : 1;
    if (x->count != y->count) return x->count < y->count ? -1 : 1;
    int c = memcmp((const uint32_t *)ud + x->start, (const uint32_t *)ud + y->start,
                   x->count * sizeof(uint32_t));
    if (c) return c;
    return x->j < y->j ? -1 : x->j > y->j;
}

/* M: D with merged concepts (its own off, ids, m and w; the rest shared);
 * cov: covered flags of D's concepts on entry, of M's on return. Groups
 * are numbered in the order of their first concept, so the program does
 * not depend on the hash. */
static int merge_concepts(arena *ar, const ilp_program *D, ilp_program *M, uint8_t *cov)
{
    size_t n = D->n, m = D->m, nocc = D->off[n];
    size_t m1 = m ? m : 1;
    uint32_t *cstart = arena_calloc(ar, m + 1, sizeof *cstart);
    uint32_t *list = arena_alloc(ar, (nocc ? nocc : 1) * sizeof *list);
    concept_key *key = arena_alloc(ar, m1 * sizeof *key);
    uint32_t *first = arena_alloc(ar, m1 * sizeof *first);   /* concept -> first of its group */
    uint32_t *to = arena_alloc(ar, m1 * sizeof *to);         /* concept -> column of M */
    uint32_t *off = arena_alloc(ar, (n + 1) * sizeof *off);
    uint32_t *ids = arena_alloc(ar, (nocc ? nocc : 1) * sizeof *ids);
    double *w = arena_calloc(ar, m1, sizeof *w);
    if (!cstart || !list || !key || !first || !to || !off || !ids || !w) return -1;
    /* Transpose: the sentences of each concept, in sentence order. */
    for (size_t k = 0; k < nocc; k++) cstart[D->ids[k] + 1]++;
    for (size_t j = 0; j < m; j++) cstart[j + 1] += cstart[j];
    memcpy(to, cstart, m * sizeof *to);
    for (size_t a = 0; a < n; a++)
        for (uint32_t k = D->off[a]; k < D->off[a + 1]; k++) list[to[D->ids[k]]++] = (uint32_t)a;
    for (size_t j = 0; j < m; j++) {
        uint32_t cnt = cstart[j + 1] - cstart[j];
        key[j] = (concept_key){(uint32_t)hash_u32s(cnt, list + cstart[j], cnt), cnt, cstart[j], (uint32_t)j};
    }
    sort_r(key, m, sizeof *key, concept_key_cmp, list);
    for (size_t r = 0, g = 0; r < m; r++) {
        if (r == 0 || !concept_same(&key[r], &key[r - 1], list)) g = key[r].j;
        first[key[r].j] = (uint32_t)g;   /* keys of a group come in order of j */
    }
    size_t mm = 0;
    for (size_t j = 0; j < m; j++) {
        if (first[j] == j) {
            to[j] = (uint32_t)mm;
            cov[mm] = cov[j];   /* mm <= j: reads before it is overwritten */
            mm++;
        } else {
            to[j] = to[first[j]];
        }
        w[to[j]] += D->w[j];
    }
    /* Each sentence holds all of a group or none of it: keep the group
     * once, where its first concept was. */
    size_t e = 0;
    for (size_t a = 0; a < n; a++) {
        off[a] = (uint32_t)e;
        for (uint32_t k = D->off[a]; k < D->off[a + 1]; k++)
            if (first[D->ids[k]] == D->ids[k]) ids[e++] = to[D->ids[k]];
    }
    off[n] = (uint32_t)e;
    *M = *D;
    M->m = mm;
    M->w = w;
    M->off = off;
    M->ids = ids;
    return 0;
}

/* Sentences that are copies of each other (one wire story printed by
 * several outlets, a document given twice) are all in the program, each
 * excluded by the others through a redundancy pair: thousands of rows that
 * GLPK branches over in vain. Copy b of sentence a, with the same length in
 * words and bytes, the same concepts, a pair (a, b), and the same pairs
 * with every other sentence, is worth no more than a (sv[b] <= sv[a]; on a
 * tie the later one is the copy): a solution holding b (whole or cut)
 * holds a instead at no loss, so b leaves the program and its optimum is
 * unchanged. rep[b] = a for the copies, rep[a] = a otherwise. */
typedef struct sent_key {
    uint32_t hash, a;
} sent_key;

static int sent_key_cmp(const void *x, const void *y, void *ud)
{
    const sent_key *p = x, *q = y;
    (void)ud;
    if (p->hash != q->hash) return p->hash < q->hash ? -1 : 1;
    return p->a < q->a ? -1 : p->a > q->a;
}

static int u32_cmp(const void *x, const void *y, void *ud)
{
    uint32_t p = *(const uint32_t *)x, q = *(const uint32_t *)y;
    (void)ud;
    return p < q ? -1 : p > q;
}

static bool same_sentence(const rank_in *in, const ilp_program *D, size_t a, size_t b)
{
    uint32_t la = D->off[a + 1] - D->off[a];
    return D->len[a] == D->len[b] && prog_bytes(in, D, a) == prog_bytes(in, D, b) &&
           la == D->off[b + 1] - D->off[b] &&
           memcmp(D->ids + D->off[a], D->ids + D->off[b], la * sizeof *D->ids) == 0;
}

/* The sorted neighbour lists of a and b, each without the other, equal. */
static bool same_pairs(const uint32_t *noff, const uint32_t *nb, uint32_t a, uint32_t b)
{
    uint32_t i = noff[a], ie = noff[a + 1], j = noff[b], je = noff[b + 1];
    bool linked = false;
    for (;;) {
        while (i < ie && nb[i] == b) { linked = true; i++; }
        while (j < je && nb[j] == a) j++;
        if (i == ie || j == je) break;
        if (nb[i++] != nb[j++]) return false;
    }
    while (i < ie && nb[i] == b) { linked = true; i++; }
    while (j < je && nb[j] == a) j++;
    return linked && i == ie && j == je;
}

static int find_copies(const rank_in *in, const ilp_program *D, const uint32_t *pairs, size_t npairs,
                       uint32_t *rep, size_t *ncopies)
{
    size_t n = D->n;
    *ncopies = 0;
    for (size_t a = 0; a < n; a++) rep[a] = (uint32_t)a;
    if (npairs == 0 || n < 2) return 0;
    uint32_t *noff, *nb;
    sent_key *key = arena_alloc(in->scratch, n * sizeof *key);
    if (!key || !pair_lists(in->scratch, n, pairs, npairs, &noff, &nb, NULL)) return -1;
    for (size_t a = 0; a < n; a++) {
        sort_r(nb + noff[a], noff[a + 1] - noff[a], sizeof *nb, u32_cmp, NULL);
        uint64_t lw = (uint64_t)D->len[a] << 32 | (uint32_t)prog_bytes(in, D, a);
        uint64_t h = hash_u32s(mix64(lw), D->ids + D->off[a], D->off[a + 1] - D->off[a]);
        key[a] = (sent_key){(uint32_t)h, (uint32_t)a};
    }
    sort_r(key, n, sizeof *key, sent_key_cmp, NULL);
    for (size_t g = 0; g < n;) {
        size_t ge = g + 1;
        while (ge < n && key[ge].hash == key[g].hash) ge++;
        /* Within a run of one hash, each sentence not yet a copy leads the
         * sentences like it: the one of the highest value is kept. */
        for (size_t r = g; r < ge; r++) {
            uint32_t a = key[r].a;
            if (rep[a] != a) continue;
            uint32_t best = a;
            for (size_t q = r + 1; q < ge; q++) {
                uint32_t b = key[q].a;
                if (rep[b] == b && D->sv[b] > D->sv[best] && same_sentence(in, D, a, b)) best = b;
            }
            for (size_t q = r; q < ge; q++) {
                uint32_t b = key[q].a;
                if (b == best || rep[b] != b || !same_sentence(in, D, best, b) ||
                    D->sv[b] > D->sv[best] || !same_pairs(noff, nb, best, b))
                    continue;
                rep[b] = best;
                (*ncopies)++;
            }
        }
        g = ge;
    }
    return 0;
}

int ilp_program_solve(const rank_in *in, const ilp_program *D, double limit, const uint32_t *pairs,
                      size_t npairs, int tm_lim, int max_nodes, double max_work, uint8_t *chosen, double *frac,
                      double *obj)
{
    size_t n = D->n, m = D->m;
    uint8_t *covered = arena_calloc(in->scratch, m ? m : 1, 1);
    uint8_t *init = arena_alloc(in->scratch, n ? n : 1);
    if (!covered || !init) return -1;
    if (frac) memset(frac, 0, n * sizeof *frac);
    if (greedy_solve(in, D, limit, chosen, covered, obj)) return -1;
    if (tm_lim <= 0) return SOLVE_TIME;
    memcpy(init, chosen, n);
    memset(covered, 0, m ? m : 1);
    for (size_t a = 0; a < n; a++)
        if (init[a])
            for (uint32_t k = D->off[a]; k < D->off[a + 1]; k++) covered[D->ids[k]] = 1;
    double gobj = *obj;
    /* The program without the copies (find_copies), then with merged
     * concepts (merge_concepts); the greedy's copies become their kept
     * sentence (never chosen with them: they are a pair). */
    uint32_t *rep = arena_alloc(in->scratch, (n ? n : 1) * sizeof *rep);
    size_t ncopies;
    if (!rep || find_copies(in, D, pairs, npairs, rep, &ncopies)) return -1;
    ilp_program R = *D;
    const uint32_t *rpairs = pairs;
    size_t nrp = npairs;
    uint32_t *to = NULL;   /* program sentence -> sentence of R */
    uint8_t *rchosen = chosen, *rinit = init;
    double *rfrac = frac;
    if (ncopies) {
        size_t rn = n - ncopies, nocc = 0;
        to = arena_alloc(in->scratch, n * sizeof *to);
        uint32_t *c = arena_alloc(in->scratch, rn * sizeof *c);
        uint32_t *off = arena_alloc(in->scratch, (rn + 1) * sizeof *off);
        uint32_t *ids = arena_alloc(in->scratch, (D->off[n] ? D->off[n] : 1) * sizeof *ids);
        double *len = arena_alloc(in->scratch, rn * sizeof *len);
        double *sv = arena_alloc(in->scratch, rn * sizeof *sv);
        uint32_t *rp = arena_alloc(in->scratch, (npairs ? 2 * npairs : 1) * sizeof *rp);
        rchosen = arena_calloc(in->scratch, rn, 1);
        rinit = arena_calloc(in->scratch, rn, 1);
        if (frac) rfrac = arena_calloc(in->scratch, rn, sizeof *rfrac);
        if (!to || !c || !off || !ids || !len || !sv || !rp || !rchosen || !rinit || (frac && !rfrac))
            return -1;
        size_t r = 0;
        for (size_t a = 0; a < n; a++) {
            if (rep[a] != a) continue;
            to[a] = (uint32_t)r;
            c[r] = D->c[a];
            len[r] = D->len[a];
            sv[r] = D->sv[a];
            off[r] = (uint32_t)nocc;
            for (uint32_t k = D->off[a]; k < D->off[a + 1]; k++) ids[nocc++] = D->ids[k];
            r++;
        }
        off[rn] = (uint32_t)nocc;
        for (size_t a = 0; a < n; a++)
            if (init[a]) rinit[to[rep[a]]] = 1;
        nrp = 0;
        for (size_t p = 0; p < npairs; p++) {
            uint32_t x = pairs[2 * p], y = pairs[2 * p + 1];
            if (rep[x] != x || rep[y] != y) continue;
            rp[2 * nrp] = to[x];
            rp[2 * nrp + 1] = to[y];
            nrp++;
        }
        R = (ilp_program){rn, c, off, ids, D->m, D->w, len, sv, D->dense};
        rpairs = rp;
    }
    ilp_program M;
    if (merge_concepts(in->scratch, &R, &M, covered)) return -1;
    int st = glpk_solve(in, &M, limit, rpairs, nrp, tm_lim, max_nodes, max_work, rinit, covered, rchosen, rfrac,
                        obj);
    if (ncopies && st != SOLVE_TIME && st != SOLVE_FAIL) {
        for (size_t a = 0; a < n; a++) {
            bool kept = rep[a] == a;
            chosen[a] = kept ? rchosen[to[a]] : 0;
            if (frac) frac[a] = kept ? rfrac[to[a]] : 0;
        }
    }
    if (st == SOLVE_TIME || st == SOLVE_FAIL) {
        memcpy(chosen, init, n);
        if (frac) memset(frac, 0, n * sizeof *frac);
        *obj = gobj;
    }
    return st;
}

/* ---- The ranker ------------------------------------------------------ */
static int ilp_select(const rank_in *in, selection *out)
{
    const mdsum_cluster *cl = in->cl;
    mdsum_ctx *ctx = in->ctx;
    const double *P = in->params;
    size_t min_df = (size_t)P[0];
    int tm_lim = (int)P[1];
    size_t min_words = (size_t)P[3];
    double slack = P[4];
    memset(out, 0, sizeof *out);

    uint32_t *cand, *pos;
    size_t nc;
    int rc = rank_candidates(in, (size_t)P[2], false, &cand, &nc);
    if (rc == MDSUM_OK) rc = rank_positions(in, &pos);
    concept_set cs;
    if (rc == MDSUM_OK) rc = concepts_build(in, (int)P[5], cand, nc, &cs);
    if (rc) return rc;
    if (min_df > cl->ndocs) min_df = cl->ndocs ? cl->ndocs : 1;

    /* Concept weights: per document, the position weight of its earliest
     * sentence holding the concept (position 0: the document count). With
     * one document, or when no concept is held by min_df documents
     * (outlets that share no phrase), sentences stand in for documents: w_j sums the
     * position weights of the sentences holding j, kept when at least two
     * do. Otherwise every weight would be 1 and the program degenerate:
     * slow to solve and meaningless. */
    double *w = arena_calloc(in->scratch, cs.n ? cs.n : 1, sizeof *w);
    double *docbest = arena_calloc(in->scratch, cs.n ? cs.n : 1, sizeof *docbest);
    uint32_t *lastdoc = arena_alloc(in->scratch, (cs.n ? cs.n : 1) * sizeof *lastdoc);
    if (!w || !docbest || !lastdoc) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    const uint32_t *count = cs.df;
    size_t kept = 0;
    for (size_t j = 0; j < cs.n; j++) kept += cs.df[j] >= min_df;
    /* With one document every concept is held by all of them (min_df is
     * 1): a document count says nothing, so sentences count. */
    if (kept == 0 || cl->ndocs < 2) {
        count = cs.sf;
        min_df = 2;
    }
    memset(lastdoc, 0xff, (cs.n ? cs.n : 1) * sizeof *lastdoc);
    for (size_t i = 0; i < cl->nsents; i++) {
        double pw = rank_position_weight(in->opts->position, pos[i]);
        for (uint32_t k = cs.soff[i]; k < cs.soff[i + 1]; k++) {
            uint32_t j = cs.ids[k];
            if (count == cs.sf) {
                w[j] += pw;
                continue;
            }
            if (lastdoc[j] != cl->sents[i].doc) {
                if (lastdoc[j] != UINT32_MAX) w[j] += docbest[j];
                lastdoc[j] = cl->sents[i].doc;
                docbest[j] = 0;
            }
            if (pw > docbest[j]) docbest[j] = pw;
        }
    }
    for (size_t j = 0; j < cs.n; j++)
        if (lastdoc[j] != UINT32_MAX) w[j] += docbest[j];
    uint8_t *keep = arena_alloc(in->scratch, cs.n ? cs.n : 1);
    if (!keep) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    for (size_t j = 0; j < cs.n; j++) keep[j] = count[j] >= min_df;

    /* Sentence term (joint): lambda * max_j w_j * r_i * l_i, r_i the
     * learned scorer's probability (the share of the sentence a reference
     * says), so r_i * l_i is what the sentence is expected to match, in
     * words, put on the scale of the largest kept concept weight. */
    double lambda = P[6];
    double *sprob = NULL, wmax = 0;
    if (lambda > 0) {
        double vals[RANK_MAX_PARAMS];
        rank_in sub = *in;
        if ((rc = ranker_params(ctx, &ranker_learned, NULL, vals))) return rc;
        sub.params = vals;
        sprob = arena_alloc(in->scratch, (cl->nsents ? cl->nsents : 1) * sizeof *sprob);
        if (!sprob) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
        if ((rc = ranker_learned.score(&sub, sprob))) return rc;
        for (size_t j = 0; j < cs.n; j++)
            if (keep[j] && w[j] > wmax) wmax = w[j];
        if (wmax <= 0) wmax = 1;
    }

    /* The program's sentences (candidates long enough with a concept, or
     * any with the sentence term) and concepts (dense renumbering of those
     * kept). */
    uint32_t *remap = arena_alloc(in->scratch, (cs.n ? cs.n : 1) * sizeof *remap);
    uint32_t *sc = arena_alloc(in->scratch, (nc ? nc : 1) * sizeof *sc);
    uint32_t *off = arena_alloc(in->scratch, (nc + 1) * sizeof *off);
    uint32_t *ids = arena_alloc(in->scratch, (cs.soff[cl->nsents] + 1) * sizeof *ids);
    double *len = arena_alloc(in->scratch, (nc ? nc : 1) * sizeof *len);
    double *sv = arena_calloc(in->scratch, nc ? nc : 1, sizeof *sv);
    double *wd = arena_alloc(in->scratch, (cs.n ? cs.n : 1) * sizeof *wd);
    if (!remap || !sc || !off || !ids || !len || !wd || !sv) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    memset(remap, 0xff, (cs.n ? cs.n : 1) * sizeof *remap);
    size_t n = 0, m = 0, nids = 0;
    for (size_t r = 0; r < nc; r++) {
        size_t i = cand[r];
        if (cl->sents[i].words < min_words && nc > 1) continue;
        size_t start = nids;
        for (uint32_t k = cs.soff[i]; k < cs.soff[i + 1]; k++) {
            uint32_t j = cs.ids[k];
            if (!keep[j]) continue;
            if (remap[j] == UINT32_MAX) { remap[j] = (uint32_t)m; wd[m] = w[j]; m++; }
            ids[nids++] = remap[j];
        }
        if (nids == start && !sprob) continue;
        off[n] = (uint32_t)start;
        sc[n] = (uint32_t)i;
        len[n] = cl->sents[i].words;
        if (sprob) sv[n] = lambda * (sprob[i] > 0 ? sprob[i] : 0) * len[n] * wmax;
        n++;
    }
    off[n] = (uint32_t)nids;
    ilp_program D = {n, sc, off, ids, m, wd, len, sv, NULL};

    double limit = in->b->words ? (double)in->b->words + slack : 0;
    uint8_t *chosen = arena_calloc(in->scratch, n ? n : 1, 1);
    uint8_t *covered = arena_calloc(in->scratch, m ? m : 1, 1);
    if (!chosen || !covered) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    double *frac = NULL;   /* the program's cut sentence (u_a) */

    /* Redundancy pairs. */
    uint32_t *pairs = NULL;
    size_t npairs = 0, pcap = 0;
    if (in->redundancy < 1) {
        /* One zeroed row for every cosine of this program (a cluster of a
         * million distinct words makes it 8 MB). */
        double *dense = D.dense = arena_calloc(in->scratch, cl->terms.n ? cl->terms.n : 1, sizeof *dense);
        if (!dense) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
        for (size_t a = 0; a < n; a++) {
            sent_scatter(cl, sc[a], dense);
            for (size_t b2 = a + 1; b2 < n; b2++) {
                if (sent_cosine_dense(cl, dense, sc[a], sc[b2]) <= in->redundancy) continue;
                void *v = pairs;
                if (!arena_grow(in->scratch, &v, &pcap, 2 * npairs + 2, sizeof *pairs))
                    return err_set(ctx, MDSUM_ENOMEM, "out of memory");
                pairs = v;
                pairs[2 * npairs] = (uint32_t)a;
                pairs[2 * npairs + 1] = (uint32_t)b2;
                npairs++;
            }
            sent_unscatter(cl, sc[a], dense);
        }
    }

    /* Everything fits (short clusters, long budgets): all of it is the
     * optimum, no solver needed. */
    bool all_fit = npairs == 0;
    if (all_fit) {
        used_state u = {0, 0, 0, NULL, NULL};   /* no pairs: no redundancy to check */
        for (size_t a = 0; a < n && all_fit; a++) {
            all_fit = fits_budget(in, &D, &u, a, limit);
            use_sentence(in, &D, &u, a);
        }
        if (all_fit) memset(chosen, 1, n);
    }
    if (n > 0 && !all_fit) {
        /* The cut sentence has a value of its own only with the sentence
         * term, and only a word budget is cut in proportion. */
        if (sprob && in->b->truncate && in->b->words && !in->b->sentences && !in->b->bytes &&
            !(frac = arena_calloc(in->scratch, n, sizeof *frac)))
            return err_set(ctx, MDSUM_ENOMEM, "out of memory");
        double obj;
        int st = ilp_program_solve(in, &D, limit, pairs, npairs, tm_lim, (int)P[7], P[8], chosen, frac, &obj);
        if (st < 0) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
        if (st == SOLVE_TIME_FEAS)
            out->note = "ilp: solver time or node limit reached, best solution found used (not proven optimal)";
        else if (st == SOLVE_TIME)
            out->note = "ilp: solver time or node limit reached, greedy solution used";
        else if (st == SOLVE_FAIL)
            out->note = "ilp: solver failed, greedy solution used";
    }

    /* Push the chosen sentences, most valuable first (the value a sentence
     * adds after the ones before it), so that with slack the least
     * valuable are the ones dropped or cut. */
    double *key = arena_calloc(in->scratch, n ? n : 1, sizeof *key);
    size_t *ord = arena_alloc(in->scratch, (n ? n : 1) * sizeof *ord);
    double *pref = arena_calloc(in->scratch, cl->nsents ? cl->nsents : 1, sizeof *pref);
    if (!key || !ord || !pref) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    size_t nch = 0;
    memset(covered, 0, m ? m : 1);
    for (size_t a = 0; a < n; a++) if (chosen[a]) ord[nch++] = a;
    for (size_t r = 0; r < nch; r++) {
        /* Selection by marginal gain. */
        size_t bi = r;
        double bg = -1;
        for (size_t q = r; q < nch; q++) {
            double g = coverage_gain(&D, ord[q], covered);
            if (g > bg) { bg = g; bi = q; }
        }
        size_t t = ord[r]; ord[r] = ord[bi]; ord[bi] = t;
        key[ord[r]] = bg;
        for (uint32_t k = off[ord[r]]; k < off[ord[r] + 1]; k++) covered[ids[k]] = 1;
    }
    for (size_t r = 0; r < nch; r++) {
        size_t a = ord[r];
        const sent_rec *s = &cl->sents[sc[a]];
        if (!budget_fits(in->b, out, s->words, s->end - s->start, cl)) continue;
        if (selection_push(in->scratch, out, sc[a], s->end, s->words, key[a]))
            return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    }
    /* What fills the rest: chosen sentences that did not fit (slack)
     * first, then the most new kept-concept weight per word, then the most
     * new weight of all concepts (the pruned ones too) per word. */
    uint8_t *covall = arena_calloc(in->scratch, cs.n ? cs.n : 1, 1);
    if (!covall) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    memset(covered, 0, m ? m : 1);
    for (size_t k = 0; k < out->n; k++) {
        uint32_t i = out->v[k].sent;
        for (uint32_t q = cs.soff[i]; q < cs.soff[i + 1]; q++) {
            covall[cs.ids[q]] = 1;
            if (remap[cs.ids[q]] != UINT32_MAX) covered[remap[cs.ids[q]]] = 1;
        }
    }
    for (size_t a = 0; a < n; a++) if (chosen[a]) pref[sc[a]] = 1e12;
    if (frac) {
        /* The cut sentence of the program comes first in the fill. */
        size_t bu = SIZE_MAX;
        for (size_t a = 0; a < n; a++)
            if (!chosen[a] && frac[a] > 1e-6 && (bu == SIZE_MAX || frac[a] > frac[bu])) bu = a;
        if (bu != SIZE_MAX) pref[sc[bu]] = 1e12 - 1;
    }
    for (size_t r = 0; r < nc; r++) {
        uint32_t i = cand[r];
        if (pref[i] >= 1e12) continue;
        double kept_gain = 0, all_gain = 0, l = cl->sents[i].words ? cl->sents[i].words : 1;
        for (uint32_t q = cs.soff[i]; q < cs.soff[i + 1]; q++) {
            uint32_t j = cs.ids[q];
            if (covall[j]) continue;
            all_gain += w[j];
            if (remap[j] != UINT32_MAX) kept_gain += wd[remap[j]];
        }
        if (sprob) kept_gain += lambda * (sprob[i] > 0 ? sprob[i] : 0) * l * wmax;
        pref[i] = 1e6 * kept_gain / l + all_gain / l;
    }
    /* The second tier (not candidates of the program) fills by the
     * learned scores when there are any. */
    if (sprob) {
        uint8_t *isc = arena_calloc(in->scratch, cl->nsents ? cl->nsents : 1, 1);
        if (!isc) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
        for (size_t r2 = 0; r2 < nc; r2++) isc[cand[r2]] = 1;
        for (size_t i = 0; i < cl->nsents; i++)
            if (!isc[i]) pref[i] = sprob[i];
    }
    return rank_finish(in, pref, cand, nc, true, out);
}

const ranker ranker_ilp = {
    "ilp",
    "bigram concept coverage, exact ILP with GLPK (Gillick & Favre 2009)",
    params_ilp, sizeof params_ilp / sizeof params_ilp[0],
    NULL,
    ilp_select,
};

const ranker ranker_joint = {
    "joint",
    "concept ILP plus learned sentence scores in one objective (Galanis et al. 2012)",
    params_joint, sizeof params_joint / sizeof params_joint[0],
    NULL,
    ilp_select,
};
