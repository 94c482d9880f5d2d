/*
 * summarize.c -- the pipeline: the one place that calls the stages in
 * order (clean, segment, tokenize, represent, rank, select, order), plus
 * options and the summary object.
 */
#include "internal.h"
#include "cluster.h"
#include "idf.h"
#include "prefilter.h"
#include "rank/rank.h"
#include "segment.h"
#include "stages.h"
#include "token.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Two sentences at least this similar say the same thing (support). */
#define SUPPORT_SIMILARITY 0.5
/* Flags that change the analysis (others only change selection). */
#define ANALYSIS_FLAGS (MDSUM_NO_CLEAN | MDSUM_NO_IDF | MDSUM_LENIENT)

/* ======================================================================
 * Options
 * ====================================================================== */
void mdsum_options_init(mdsum_options *o)
{
    if (!o) return;
    memset(o, 0, sizeof *o);
    o->lang = "en";
    o->algo = NULL;
    o->words = 100;
    o->redundancy = 0.5;
    o->position = 0.0;
}

int mdsum_options_validate(mdsum_ctx *ctx, const mdsum_options *o)
{
    if (!o) return err_set(ctx, MDSUM_EINVAL, "no options given");
    if (o->words < 0 || o->sentences < 0 || o->bytes < 0)
        return err_set(ctx, MDSUM_EINVAL, "a budget cannot be negative");
    if (!o->words && !o->sentences && !o->bytes)
        return err_set(ctx, MDSUM_EINVAL, "no length budget: set words, sentences or bytes");
    if (!(o->redundancy > 0 && o->redundancy <= 1))
        return err_set(ctx, MDSUM_EINVAL, "redundancy threshold must be in (0, 1], got %g", o->redundancy);
    if (!(o->position >= 0 && o->position <= 1))
        return err_set(ctx, MDSUM_EINVAL, "position prior weight must be in [0, 1], got %g", o->position);
    if (o->lang && strcmp(o->lang, "auto") != 0 && !lang_find(o->lang))
        return err_set(ctx, MDSUM_ELANG, "unsupported language '%s' (see 'mdsum summarize --help')", o->lang);
    const ranker *r = o->algo ? ranker_find(o->algo) : ranker_default();
    if (!r)
        return err_set(ctx, MDSUM_EALGO, "unknown algorithm '%s' (see 'mdsum summarize --algo help')", o->algo);
    double vals[RANK_MAX_PARAMS];
    return ranker_params(ctx, r, o->params, vals);
}

/* ======================================================================
 * Analysis: clean -> segment -> tokenize -> represent
 * ====================================================================== */
typedef struct tok_sink {
    mdsum_cluster *cl;
    mdsum_ctx *ctx;
    uint32_t *gid;        /* cluster term -> the language's term id (in cl->an) */
    size_t gid_cap;
} tok_sink;

/* One token of the cluster: its term's cluster id comes from the term's
 * slot (set at the term's first occurrence in this analysis), so a token
 * costs one hash lookup, in the tokenizer's cache, not two. */
static int add_token(void *ud, const token_info *t)
{
    tok_sink *ts = ud;
    mdsum_cluster *cl = ts->cl;
    uint32_t id;
    if (t->slot && *t->slot != TOKEN_NO_SLOT) {
        id = *t->slot;
    } else {
        size_t before = cl->terms.n;
        int64_t v = strmap_intern_h(&cl->terms, t->term, t->len, t->hash);
        if (v < 0 || v > (int64_t)TOK_ID(UINT32_MAX)) return MDSUM_ENOMEM;
        id = (uint32_t)v;
        if (t->slot) *t->slot = id;
        if (cl->terms.n > before) {
            void *g = ts->gid;
            if (!arena_grow(&cl->an, &g, &ts->gid_cap, cl->terms.n, sizeof *ts->gid)) return MDSUM_ENOMEM;
            ts->gid = g;
            ts->gid[id] = t->id;
        }
    }
    if (cl->ntoks == cl->toks_cap) {
        void *v = cl->toks;
        if (!arena_grow(&cl->an, &v, &cl->toks_cap, cl->ntoks + 1, sizeof *cl->toks)) return MDSUM_ENOMEM;
        cl->toks = v;
    }
    cl->toks[cl->ntoks++] = id | (t->stop ? TOK_STOP : 0);
    return MDSUM_OK;
}

static int detect_cluster_lang(mdsum_ctx *ctx, const mdsum_cluster *cl, const lang_def **out)
{
    /* The longest document is the most telling. */
    size_t best = 0;
    for (size_t i = 1; i < cl->ndocs; i++)
        if (cl->docs[i].len > cl->docs[best].len) best = i;
    const char *text = cl->ndocs ? cl->docs[best].text : "";
    size_t len = cl->ndocs ? cl->docs[best].len : 0;
    return resolve_lang(ctx, "auto", text, len, out);
}

static int analyze(mdsum_ctx *ctx, mdsum_cluster *cl, const mdsum_options *opts)
{
    const char *lname = opts && opts->lang ? opts->lang : "en";
    unsigned flags = opts ? opts->flags : 0;
    const lang_def *L;
    int rc;
    if (strcmp(lname, "auto") == 0) rc = detect_cluster_lang(ctx, cl, &L);
    else rc = resolve_lang(ctx, lname, NULL, 0, &L);
    if (rc) return rc;
    idf_table *idf;
    if ((rc = idf_get(ctx, L, opts, &idf))) return rc;
    if (cl->analyzed && cl->lang == L && cl->aidf == idf &&
        (cl->aflags & ANALYSIS_FLAGS) == (flags & ANALYSIS_FLAGS))
        return MDSUM_OK;
    cluster_reset_analysis(cl);
    if (cl->ndocs == 0) return err_set(ctx, MDSUM_EEMPTY, "empty cluster: no documents");

    lang_res *res;
    if ((rc = lang_res_get(ctx, L, &res))) return rc;
    lang_res_trim(res);
    lang_res_slots_begin(res);
    region_vec regions;
    span_vec sents;
    region_vec_init(&regions, &ctx->alc);
    span_vec_init(&sents, &ctx->alc);
    tok_sink sink = {cl, ctx, NULL, 0};
    rc = clean_cluster(ctx, cl, L, !(flags & MDSUM_NO_CLEAN), &regions);
    uint32_t doc = UINT32_MAX, index = 0;
    for (size_t r = 0; r < regions.n && rc == MDSUM_OK; r++) {
        const region *rg = &regions.v[r];
        const char *text = cl->docs[rg->doc].text;
        if (rg->doc != doc) { doc = rg->doc; index = 0; }
        sents.n = 0;
        unsigned sflags = (rg->flags & REGION_WRAPPED) ? MDSUM_SPLIT_JOIN_WRAPPED : 0;
        if (segment_split_flags(L->code, text, rg->start, rg->end, sflags, &sents) != MDSUM_OK) {
            rc = MDSUM_ENOMEM;
            break;
        }
        for (size_t k = 0; k < sents.n; k++) {
            void *v = cl->sents;
            if (!arena_grow(&cl->an, &v, &cl->sents_cap, cl->nsents + 1, sizeof *cl->sents)) {
                rc = MDSUM_ENOMEM;
                break;
            }
            cl->sents = v;
            if (cl->nsents >= UINT32_MAX / 2 || cl->ntoks >= UINT32_MAX / 2) {
                rc = err_set(ctx, MDSUM_ELIMIT, "cluster too large: more than 2^31 sentences or tokens");
                break;
            }
            sent_rec *s = &cl->sents[cl->nsents];
            memset(s, 0, sizeof *s);
            s->doc = rg->doc;
            s->index = index++;
            s->para = rg->para;
            s->flags = rg->flags & (SENT_HEADLINE | SENT_NOISY);
            if (k == 0) s->flags |= rg->flags & SENT_PARA_START;
            if (k + 1 == sents.n && (rg->flags & REGION_LAST_CAPTION)) s->flags |= SENT_NOISY;
            if (k == 0 && (rg->flags & REGION_FIRST_CAPTION)) s->flags |= SENT_NOISY;
            if (!(flags & MDSUM_NO_CLEAN))
                s->flags |= clean_sentence_flags(ctx, L, text, sents.v[k].start, sents.v[k].end,
                                                 (sents.n == 1 ? CSF_WHOLE : 0) |
                                                     (k == 0 && (rg->flags & REGION_AFTER_CUT) ? CSF_AFTER_CUT : 0));
            s->start = sents.v[k].start;
            s->end = sents.v[k].end;
            s->words = (uint32_t)count_words(text, s->start, s->end);
            s->tok_off = (uint32_t)cl->ntoks;
            rc = tokenize_terms(ctx, res, text, s->start, s->end, 0, add_token, &sink);
            if (rc) break;
            s->ntok = (uint32_t)(cl->ntoks - s->tok_off);
            /* No word at all ("...", "---"): not a sentence. */
            if (s->ntok == 0) {
                index--;
                continue;
            }
            cl->nsents++;
        }
    }
    region_vec_fini(&regions);
    span_vec_fini(&sents);
    if (rc == MDSUM_ENOMEM) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    if (rc) return rc;
    if (cl->nsents == 0) return err_set(ctx, MDSUM_EEMPTY, "no sentence in any document");
    /* Background idf per term, from the language's per-term cache. */
    double *term_idf = NULL;
    if (idf) {
        term_idf = arena_alloc(&cl->an, (cl->terms.n ? cl->terms.n : 1) * sizeof *term_idf);
        if (!term_idf) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
        for (size_t t = 0; t < cl->terms.n; t++)
            term_idf[t] = sink.gid[t] == TOKEN_NO_ID ? NAN : lang_res_idf(res, idf, sink.gid[t]);
    }
    if ((rc = represent_build(ctx, cl, idf, term_idf))) return rc;
    cl->gid = sink.gid;
    cl->gid_gen = lang_res_generation(res);
    cl->analyzed = true;
    cl->lang = L;
    cl->aidf = idf;
    cl->aflags = flags;
    return MDSUM_OK;
}

int mdsum_cluster_analyze(mdsum_ctx *ctx, mdsum_cluster *cl, const mdsum_options *opts)
{
    if (!ctx || !cl) return err_set(ctx, MDSUM_EINVAL, "invalid argument");
    err_clear(ctx);
    int rc = analyze(ctx, cl, opts);
    if (rc) cluster_reset_analysis(cl);
    return rc;
}

/* ======================================================================
 * Ranking
 * ====================================================================== */
static void apply_position_prior(const mdsum_cluster *cl, double w, double *scores)
{
    if (w <= 0) return;
    double mx = 0;
    for (size_t i = 0; i < cl->nsents; i++)
        if (scores[i] > mx) mx = scores[i];
    for (size_t i = 0; i < cl->nsents; i++) {
        double s = mx > 0 ? scores[i] / mx : 0;
        scores[i] = (1 - w) * s + w / (1.0 + cl->sents[i].index);
    }
}

typedef struct run_state {
    const ranker *r;
    double params[RANK_MAX_PARAMS];
    budget b;
} run_state;

static int prepare(mdsum_ctx *ctx, mdsum_cluster *cl, const mdsum_options *opts, run_state *st)
{
    int rc = mdsum_options_validate(ctx, opts);
    if (rc) return rc;
    st->r = opts->algo ? ranker_find(opts->algo) : ranker_default();
    if ((rc = ranker_params(ctx, st->r, opts->params, st->params))) return rc;
    st->b.words = opts->words;
    st->b.sentences = opts->sentences;
    st->b.bytes = opts->bytes;
    st->b.truncate = (opts->flags & MDSUM_TRUNCATE) != 0;
    return mdsum_cluster_analyze(ctx, cl, opts);
}

/* What the ranker and the selector see: the whole cluster, or, beyond
 * MDSUM_PREFILTER_MAX sentences, the pre-filter's candidates (prefilter.c).
 * Then `view` is a shallow copy of the cluster whose sentence array holds
 * only the candidates, in cluster order; sentence records keep their
 * offsets into the shared token and vector arrays, so every stage reads it
 * like a cluster. Indexes the ranker and the selector return are into that
 * array, and `map` turns them into cluster indexes. */
typedef struct rank_view {
    const mdsum_cluster *cl;   /* the cluster to rank: &view or the original */
    mdsum_cluster view;
    const uint32_t *map;       /* NULL when nothing was filtered */
} rank_view;

static int view_make(mdsum_ctx *ctx, const mdsum_cluster *cl, arena *scratch, rank_view *v)
{
    v->cl = cl;
    v->map = NULL;
    if (cl->nsents <= PREFILTER_MAX) return MDSUM_OK;
    uint32_t *keep;
    size_t n;
    int rc = prefilter_pick(ctx, cl, scratch, PREFILTER_MAX, &keep, &n);
    if (rc) return rc;
    sent_rec *sents = arena_alloc(scratch, (n ? n : 1) * sizeof *sents);
    if (!sents) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) sents[i] = cl->sents[keep[i]];
    v->view = *cl;
    v->view.sents = sents;
    v->view.nsents = n;
    v->view.sents_cap = n;
    v->cl = &v->view;
    v->map = keep;
    return MDSUM_OK;
}

int mdsum_rank(mdsum_ctx *ctx, mdsum_cluster *cl, const mdsum_options *opts, double *out_scores)
{
    if (!ctx || !cl || !out_scores) return err_set(ctx, MDSUM_EINVAL, "invalid argument");
    run_state st;
    int rc = prepare(ctx, cl, opts, &st);
    if (rc) return rc;
    arena scratch;
    arena_init(&scratch, &ctx->alc);
    rank_view rv;
    rc = view_make(ctx, cl, &scratch, &rv);
    double *scores = out_scores;
    if (rc == MDSUM_OK && rv.map) {
        scores = arena_alloc(&scratch, rv.cl->nsents * sizeof *scores);
        if (!scores) rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
    }
    concept_master cm = {0, 0, NULL, NULL};
    rank_in in = {ctx, rv.cl, &scratch, st.params, opts, &st.b, opts->redundancy, &cm};
    if (rc) {
        /* reported */
    } else if (st.r->score) {
        rc = st.r->score(&in, scores);
        if (rc == MDSUM_OK) apply_position_prior(rv.cl, opts->position, scores);
    } else {
        selection sel;
        memset(&sel, 0, sizeof sel);
        rc = st.r->select(&in, &sel);
        for (size_t i = 0; i < rv.cl->nsents; i++) scores[i] = 0;
        for (size_t k = 0; rc == MDSUM_OK && k < sel.n; k++) scores[sel.v[k].sent] = 1;
    }
    if (rc == MDSUM_OK && rv.map) {
        for (size_t i = 0; i < cl->nsents; i++) out_scores[i] = -HUGE_VAL;
        for (size_t i = 0; i < rv.cl->nsents; i++) out_scores[rv.map[i]] = scores[i];
    }
    arena_fini(&scratch);
    return rc;
}

/* ======================================================================
 * Summaries
 * ====================================================================== */
struct mdsum_summary {
    mdsum_ctx *ctx;
    const mdsum_cluster *cl;
    mdsum_pick *picks;
    size_t n;
    mdsum_summary_meta meta;
    char note[256];   /* the ranker's note and the pre-filter's, joined */
    size_t *sup;         /* supporting sentences of every pick, concatenated */
    size_t *sup_off;     /* pick i's are sup[sup_off[i] .. sup_off[i + 1]) */
};

/* The one definition of support: the sentences that say the same or nearly
 * the same thing as sentence `sent` are those with a cosine of at least
 * SUPPORT_SIMILARITY to it (itself included). They are appended to
 * sup[*n...] (arena-backed, growing); the return value is the number of
 * distinct documents among them, the pick's support. 0 means out of memory
 * (a sentence always supports itself). `dense` (cl->terms.n) and `seen`
 * (cl->ndocs) are zeros, and left so: made once per summary, whatever the
 * number of picks. */
static size_t support_of(const mdsum_cluster *cl, size_t sent, double *dense, uint8_t *seen,
                         arena *scratch, size_t **sup, size_t *n, size_t *cap)
{
    sent_scatter(cl, sent, dense);
    size_t docs = 0, first = *n;
    for (size_t j = 0; j < cl->nsents; j++) {
        if (j != sent && sent_cosine_dense(cl, dense, sent, j) < SUPPORT_SIMILARITY) continue;
        void *v = *sup;
        if (!arena_grow(scratch, &v, cap, *n + 1, sizeof **sup)) {
            docs = 0;
            break;
        }
        *sup = v;
        (*sup)[(*n)++] = j;
        uint32_t d = cl->sents[j].doc;
        if (!seen[d]) {
            seen[d] = 1;
            docs++;
        }
    }
    for (size_t k = first; k < *n; k++) seen[cl->sents[(*sup)[k]].doc] = 0;
    sent_unscatter(cl, sent, dense);
    return docs;
}

int mdsum_summarize(mdsum_ctx *ctx, mdsum_cluster *cl, const mdsum_options *opts, mdsum_summary **out)
{
    if (!ctx || !cl || !out) return err_set(ctx, MDSUM_EINVAL, "invalid argument");
    *out = NULL;
    run_state st;
    int rc = prepare(ctx, cl, opts, &st);
    if (rc) return rc;
    arena scratch;
    arena_init(&scratch, &ctx->alc);
    rank_view rv;
    rc = view_make(ctx, cl, &scratch, &rv);
    concept_master cm = {0, 0, NULL, NULL};
    rank_in in = {ctx, rv.cl, &scratch, st.params, opts, &st.b, opts->redundancy, &cm};
    selection sel;
    memset(&sel, 0, sizeof sel);
    if (rc) {
        /* reported */
    } else if (st.r->select) {
        rc = st.r->select(&in, &sel);
    } else {
        double *scores = arena_alloc(&scratch, rv.cl->nsents * sizeof *scores);
        if (!scores) {
            rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
        } else {
            rc = st.r->score(&in, scores);
            if (rc == MDSUM_OK) {
                apply_position_prior(rv.cl, opts->position, scores);
                rc = select_greedy(ctx, rv.cl, &scratch, scores, &st.b, opts->redundancy, &sel);
            }
        }
    }
    if (rc == MDSUM_OK && rv.map)
        for (size_t k = 0; k < sel.n; k++) sel.v[k].sent = rv.map[sel.v[k].sent];
    mdsum_summary *s = NULL;
    size_t words = 0;
    if (rc == MDSUM_OK) {
        order_picks(cl, &sel);
        s = alc_calloc(&ctx->alc, 1, sizeof *s);
        if (s) s->picks = alc_calloc(&ctx->alc, sel.n ? sel.n : 1, sizeof *s->picks);
        if (s) s->sup_off = alc_calloc(&ctx->alc, sel.n + 1, sizeof *s->sup_off);
        if (!s || !s->picks || !s->sup_off) {
            if (s) s->ctx = ctx;
            mdsum_summary_free(s);
            s = NULL;
            rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
        }
    }
    if (rc == MDSUM_OK) {
        s->ctx = ctx;
        s->cl = cl;
        s->n = sel.n;
        size_t *sup = NULL, nsup = 0, supcap = 0;
        double *dense = arena_calloc(&scratch, cl->terms.n ? cl->terms.n : 1, sizeof *dense);
        uint8_t *seen = arena_calloc(&scratch, cl->ndocs ? cl->ndocs : 1, 1);
        if (!dense || !seen) rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
        for (size_t k = 0; k < sel.n && rc == MDSUM_OK; k++) {
            const pick_rec *p = &sel.v[k];
            const sent_rec *sr = &cl->sents[p->sent];
            mdsum_pick *q = &s->picks[k];
            q->doc = sr->doc;
            q->index = sr->index;
            q->sentence = p->sent;
            q->start = sr->start;
            q->end = p->end;
            q->score = p->score;
            q->words = p->words;
            s->sup_off[k] = nsup;
            q->support = support_of(cl, p->sent, dense, seen, &scratch, &sup, &nsup, &supcap);
            if (q->support == 0) rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
            words += p->words;
        }
        s->sup_off[sel.n] = nsup;
        if (rc == MDSUM_OK) {
            s->sup = alc_malloc(&ctx->alc, (nsup ? nsup : 1) * sizeof *s->sup);
            if (!s->sup) rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
            else if (nsup) memcpy(s->sup, sup, nsup * sizeof *sup);
        }
    }
    if (rc == MDSUM_OK) {
        s->meta.algo = st.r->name;
        s->meta.lang = cl->lang->code;
        s->meta.budget_words = st.b.words;
        s->meta.budget_sentences = st.b.sentences;
        s->meta.budget_bytes = st.b.bytes;
        s->meta.words = words;
        s->meta.sentences_in = cl->nsents;
        if (sel.note || rv.map) {
            char pre[80] = "";
            if (rv.map)
                snprintf(pre, sizeof pre, "pre-filter: ranked %zu of %zu sentences",
                         rv.cl->nsents, cl->nsents);
            snprintf(s->note, sizeof s->note, "%s%s%s", sel.note ? sel.note : "",
                     sel.note && rv.map ? "; " : "", pre);
            s->meta.note = s->note;
        }
        *out = s;
    } else {
        mdsum_summary_free(s);
    }
    arena_fini(&scratch);
    return rc;
}

void mdsum_summary_free(mdsum_summary *s)
{
    if (!s) return;
    alc_free(&s->ctx->alc, s->picks);
    alc_free(&s->ctx->alc, s->sup);
    alc_free(&s->ctx->alc, s->sup_off);
    alc_free(&s->ctx->alc, s);
}

size_t mdsum_summary_count(const mdsum_summary *s)
{
    return s ? s->n : 0;
}

int mdsum_summary_get(const mdsum_summary *s, size_t i, mdsum_pick *out)
{
    if (!s || !out || i >= s->n) return MDSUM_EINVAL;
    *out = s->picks[i];
    return MDSUM_OK;
}

int mdsum_summary_meta_get(const mdsum_summary *s, mdsum_summary_meta *out)
{
    if (!s || !out) return MDSUM_EINVAL;
    *out = s->meta;
    return MDSUM_OK;
}

int mdsum_summary_support(const mdsum_summary *s, size_t i, size_t *out_sentences, size_t cap,
                          size_t *out_n)
{
    if (!s || i >= s->n || (cap && !out_sentences)) return MDSUM_EINVAL;
    size_t a = s->sup_off[i], n = s->sup_off[i + 1] - a;
    if (out_sentences) memcpy(out_sentences, s->sup + a, (n < cap ? n : cap) * sizeof *out_sentences);
    if (out_n) *out_n = n;
    return MDSUM_OK;
}
