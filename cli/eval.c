/*
 * eval.c -- `mdsum eval`: run an algorithm over a dataset and score it with
 * ROUGE under the dataset's standard protocol, in one command.
 *
 * Clusters go through a pipeline: the main thread reads them into a ring of
 * slots; `--jobs` worker threads (one context and one ROUGE scorer each)
 * summarize and score them; the main thread then merges each cluster's
 * evaluation into the one scorer that aggregates, in input order
 * (mdsum_rouge_merge), so the results are identical for any number of jobs
 * and only the bootstrap runs on one core.
 *
 * Text handed to ROUGE is one sentence per line: the summary's sentences
 * (white space collapsed), and the references split by mdsum's segmenter
 * (DUC references are already one line per segment and are used as they
 * are). For languages other than English, ROUGE-1.5.5 would see nothing (it
 * keeps only ASCII letters and digits), so each Unicode word (mdsum's
 * tokenizer, case folded, unstemmed) is mapped to an ASCII token, the same
 * word to the same token, and ROUGE-1.5.5 runs unchanged on those tokens.
 */
#include "cli.h"

#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- Protocols: the published evaluation settings of each dataset ------ */
typedef struct protocol {
    const char *name;
    long words;
    int max_n, lcs, skip, stem;
    bool split_refs;     /* refs are running text: split into sentences */
    const char *report;  /* which scores the papers report */
} protocol;

static const protocol protocols[] = {
    /* Fabbri et al. 2019: -n 2 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0 -l 300 */
    {"multinews", 300, 2, 1, 1, 1, true, "F1 and recall"},
    /* DUC 2003/2004: -n 4 -m -a -x -c 95 -r 1000 -f A -p 0.5 -t 0 -l 100 */
    {"duc", 100, 4, 0, 0, 1, false, "recall"},
    /* TAC 2011 MultiLing: ROUGE-1/2/SU4, 250 words */
    {"tac", 250, 2, 1, 1, 1, true, "recall and F1"},
};

static const protocol *find_protocol(const char *name)
{
    for (size_t i = 0; i < sizeof protocols / sizeof protocols[0]; i++)
        if (strcmp(protocols[i].name, name) == 0) return &protocols[i];
    return NULL;
}

static void usage(FILE *fp)
{
    fprintf(fp,
"Usage: mdsum eval --data KIND:PATH [OPTIONS]\n"
"\n"
"Summarize every cluster of a dataset and score the summaries with ROUGE\n"
"(numbers identical to ROUGE-1.5.5) under the dataset's standard protocol.\n"
"\n"
"Data:\n"
"  -d, --data SPEC       multinews:FILE.src[.gz]  (references: --refs, or the\n"
"                                                 .tgt file beside it)\n"
"                        duc:DIR   DIR/docs/CLUSTER/*, DIR/refs/CLUSTER/*\n"
"                        tac:DIR   the same (TAC 2011 MultiLing, one language)\n"
"      --refs FILE       Multi-News references (line-aligned .tgt[.gz])\n"
"      --protocol P      multinews, duc or tac (default: the data's kind)\n"
"                          multinews: 300 words, -n 2 -m -2 4 -u -l 300\n"
"                          duc: 100 words, -n 4 -m -x -l 100 (recall)\n"
"                          tac: 250 words, -n 2 -m -2 4 -u -l 250\n"
"                        all with -c 95 -r 1000 -f A -p 0.5 -t 0\n"
"      --limit N         only the first N clusters\n"
"\n"
"Summarizer (as in 'mdsum summarize'):\n"
"  -a, --algo NAME       algorithm (default: %s)\n"
"  -P, --param K=V,...   algorithm parameters\n"
"  -w, --words N         word budget (default: the protocol's)\n"
"  -l, --lang L          language (default: en; for tac:DIR, the language\n"
"                        named by DIR's last component, e.g. .../french);\n"
"                        'auto' guesses it per cluster for the summarizer,\n"
"                        the references are still read in the default\n"
"                        language)\n"
"      --redundancy X, --position X, --no-clean, --no-idf, --idf FILE\n"
"      --whole-sentences don't cut the last sentence to fill the budget\n"
"\n"
"Scoring and output:\n"
"      --score S         rouge-1.5.5 (or 155; default) or google (rouge-score)\n"
"      --json            results as one JSON object\n"
"      --summaries FILE  write the summaries, one JSON object per cluster\n"
"      --scores FILE     write per-cluster scores, one JSON object per cluster\n"
"  -j, --jobs N          worker threads (default 1; results identical)\n"
"  -q, --quiet           no progress bar\n"
"  -h, --help            show this help\n"
"\n"
"Exit status: 0 success, 1 bad input, 2 usage or system error.\n",
            mdsum_algo_default());
}

/* ---- Items: one cluster with its references ---------------------------- */
typedef struct item {
    char *id;
    mdsum_doc *docs;
    size_t ndocs;
    char **refs;
    size_t *ref_lens;
    size_t nrefs;
    /* results */
    bool done;           /* summarized and scored (set under the mutex) */
    int status;
    char *err;
    char *system;        /* one sentence per line */
    size_t system_len;
    char *json;          /* rendered JSON (for --summaries) */
    size_t json_len;
    int score_status;    /* scoring: MDSUM_OK, or the error in score_err */
    char *score_err;
    size_t scorer;       /* the worker whose scorer holds the evaluation */
    size_t eval;         /* its index there */
} item;

static char *dupn(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static char *dups(const char *s)
{
    return s ? dupn(s, strlen(s)) : NULL;
}

/* The input is no longer needed once the cluster is scored. */
static void item_drop_input(item *it)
{
    for (size_t i = 0; i < it->ndocs; i++) {
        free((char *)it->docs[i].id);
        free((char *)it->docs[i].title);
        free((char *)it->docs[i].date);
        free((char *)it->docs[i].text);
    }
    free(it->docs);
    it->docs = NULL;
    it->ndocs = 0;
    for (size_t i = 0; i < it->nrefs; i++) free(it->refs[i]);
    free(it->refs);
    free(it->ref_lens);
    it->refs = NULL;
    it->ref_lens = NULL;
    it->nrefs = 0;
    free(it->system);
    it->system = NULL;
}

static void item_clear(item *it)
{
    item_drop_input(it);
    free(it->id);
    free(it->err);
    free(it->json);
    free(it->score_err);
    memset(it, 0, sizeof *it);
}

/* Copy the dataset's current item. */
static bool item_load(item *it, const mdsum_dataset *ds)
{
    memset(it, 0, sizeof *it);
    it->id = dups(mdsum_dataset_item_id(ds));
    it->ndocs = mdsum_dataset_doc_count(ds);
    it->nrefs = mdsum_dataset_ref_count(ds);
    it->docs = calloc(it->ndocs ? it->ndocs : 1, sizeof *it->docs);
    it->refs = calloc(it->nrefs ? it->nrefs : 1, sizeof *it->refs);
    it->ref_lens = calloc(it->nrefs ? it->nrefs : 1, sizeof *it->ref_lens);
    if (!it->id || !it->docs || !it->refs || !it->ref_lens) return false;
    for (size_t i = 0; i < it->ndocs; i++) {
        mdsum_doc d;
        mdsum_dataset_doc(ds, i, &d);
        it->docs[i].id = dups(d.id);
        it->docs[i].title = dups(d.title);
        it->docs[i].date = dups(d.date);
        it->docs[i].text = dupn(d.text, d.text_len);
        it->docs[i].text_len = d.text_len;
        if (!it->docs[i].text) return false;
    }
    for (size_t i = 0; i < it->nrefs; i++) {
        const char *t;
        size_t n;
        mdsum_dataset_ref(ds, i, &t, &n);
        it->refs[i] = dupn(t, n);
        it->ref_lens[i] = n;
        if (!it->refs[i]) return false;
    }
    return true;
}

/* ---- Configuration --------------------------------------------------- */
typedef struct eval_cfg {
    mdsum_options opts;
    const protocol *proto;
    const char *score_lang;  /* language of the references (never "auto") */
    bool ascii_words;      /* map Unicode words to ASCII tokens for ROUGE */
    bool write_json;       /* --summaries */
    long jobs;
} eval_cfg;

/* Append text with white space runs collapsed (to one space). */
static void put_collapsed(FILE *fp, const char *t, size_t n)
{
    bool sp = false, any = false;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            sp = true;
            continue;
        }
        if (sp && any) fputc(' ', fp);
        sp = false;
        any = true;
        fputc(c, fp);
    }
}

static void summarize_item(const eval_cfg *cfg, mdsum_ctx *ctx, mdsum_cluster *cl, item *it)
{
    mdsum_cluster_clear(cl);
    mdsum_cluster_set_id(cl, it->id);
    int rc = MDSUM_OK;
    for (size_t i = 0; i < it->ndocs && rc == MDSUM_OK; i++)
        rc = mdsum_cluster_add(cl, &it->docs[i], MDSUM_LENIENT);
    mdsum_summary *s = NULL;
    if (rc == MDSUM_OK) rc = mdsum_summarize(ctx, cl, &cfg->opts, &s);
    if (rc == MDSUM_OK) {
        FILE *fp = open_memstream(&it->system, &it->system_len);
        if (!fp) {
            rc = MDSUM_ENOMEM;
        } else {
            for (size_t i = 0; i < mdsum_summary_count(s); i++) {
                mdsum_pick p;
                mdsum_doc d;
                mdsum_summary_get(s, i, &p);
                mdsum_cluster_doc(cl, p.doc, &d);
                put_collapsed(fp, d.text + p.start, p.end - p.start);
                fputc('\n', fp);
            }
            if (fclose(fp) != 0) rc = MDSUM_ENOMEM;
        }
        if (rc == MDSUM_OK && cfg->write_json)
            rc = mdsum_render(ctx, cl, s, MDSUM_RENDER_JSON, &it->json, &it->json_len);
    }
    mdsum_summary_free(s);
    it->status = rc;
    if (rc) {
        char msg[1200];
        cli_format_error(ctx, it->id, rc, msg, sizeof msg);
        it->err = dups(msg);
    }
}

/* ---- Text for ROUGE ----------------------------------------------------- */
/* Word -> ASCII token map for non-English scoring (a simple open-addressing
 * table owned by the CLI). */
typedef struct wordmap {
    char **keys;
    size_t *ids;
    size_t cap, n;
} wordmap;

static size_t hash_str(const char *s)
{
    size_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static long wordmap_id(wordmap *m, const char *w)
{
    if (m->n * 2 >= m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 4096;
        char **keys = calloc(cap, sizeof *keys);
        size_t *ids = calloc(cap, sizeof *ids);
        if (!keys || !ids) { free(keys); free(ids); return -1; }
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->keys[i]) continue;
            size_t k = hash_str(m->keys[i]) & (cap - 1);
            while (keys[k]) k = (k + 1) & (cap - 1);
            keys[k] = m->keys[i];
            ids[k] = m->ids[i];
        }
        free(m->keys);
        free(m->ids);
        m->keys = keys;
        m->ids = ids;
        m->cap = cap;
    }
    size_t k = hash_str(w) & (m->cap - 1);
    while (m->keys[k]) {
        if (strcmp(m->keys[k], w) == 0) return (long)m->ids[k];
        k = (k + 1) & (m->cap - 1);
    }
    m->keys[k] = dups(w);
    if (!m->keys[k]) return -1;
    m->ids[k] = m->n++;
    return (long)m->ids[k];
}

static void wordmap_free(wordmap *m)
{
    for (size_t i = 0; i < m->cap; i++) free(m->keys[i]);
    free(m->keys);
    free(m->ids);
}

/* Rewrite one-sentence-per-line text as lines of ASCII word tokens. */
static char *to_ascii_words(mdsum_ctx *ctx, wordmap *m, const char *lang, const char *text,
                            size_t len, size_t *out_len)
{
    char *out = NULL;
    size_t olen = 0;
    FILE *fp = open_memstream(&out, &olen);
    if (!fp) return NULL;
    const char *p = text, *end = text + len;
    bool ok = true;
    while (p < end && ok) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        mdsum_token *toks;
        size_t nt;
        if (mdsum_tokenize(ctx, p, (size_t)(le - p), lang, MDSUM_TOKEN_NOSTEM, &toks, &nt) == MDSUM_OK) {
            for (size_t i = 0; i < nt; i++) {
                long id = wordmap_id(m, toks[i].term);
                if (id < 0) { ok = false; break; }
                fprintf(fp, "%sw%lx", i ? " " : "", id);
            }
            mdsum_free(ctx, toks);
        }
        fputc('\n', fp);
        p = nl ? nl + 1 : end;
    }
    if (fclose(fp) != 0 || !ok) {
        free(out);
        return NULL;
    }
    *out_len = olen;
    return out;
}

/* One sentence per line via the segmenter. */
static char *split_lines(mdsum_ctx *ctx, const char *lang, const char *text, size_t len,
                         size_t *out_len)
{
    mdsum_span *sp;
    size_t n;
    if (mdsum_split(ctx, text, len, lang, &sp, &n) != MDSUM_OK) return NULL;
    char *out = NULL;
    size_t olen = 0;
    FILE *fp = open_memstream(&out, &olen);
    if (fp) {
        for (size_t i = 0; i < n; i++) {
            put_collapsed(fp, text + sp[i].start, sp[i].end - sp[i].start);
            fputc('\n', fp);
        }
        if (fclose(fp) != 0) { free(out); out = NULL; }
    }
    mdsum_free(ctx, sp);
    *out_len = olen;
    return out;
}

/* Add the item to the scorer; returns a status. */
static int score_item(const eval_cfg *cfg, mdsum_ctx *ctx, mdsum_rouge *r, wordmap *wm, item *it)
{
    const char *lang = cfg->score_lang;
    char **refs = calloc(it->nrefs, sizeof *refs);
    size_t *lens = calloc(it->nrefs, sizeof *lens);
    char *sys = NULL;
    size_t sys_len = 0;
    int rc = MDSUM_OK;
    if (!refs || !lens) rc = MDSUM_ENOMEM;
    for (size_t k = 0; rc == MDSUM_OK && k < it->nrefs; k++) {
        if (cfg->proto->split_refs) {
            refs[k] = split_lines(ctx, lang, it->refs[k], it->ref_lens[k], &lens[k]);
        } else {
            refs[k] = dupn(it->refs[k], it->ref_lens[k]);
            lens[k] = it->ref_lens[k];
        }
        if (!refs[k]) rc = MDSUM_ENOMEM;
    }
    if (rc == MDSUM_OK) {
        sys = dupn(it->system ? it->system : "", it->system_len);
        sys_len = it->system_len;
        if (!sys) rc = MDSUM_ENOMEM;
    }
    if (rc == MDSUM_OK && cfg->ascii_words) {
        char *t = to_ascii_words(ctx, wm, lang, sys, sys_len, &sys_len);
        free(sys);
        sys = t;
        if (!sys) rc = MDSUM_ENOMEM;
        for (size_t k = 0; rc == MDSUM_OK && k < it->nrefs; k++) {
            char *u = to_ascii_words(ctx, wm, lang, refs[k], lens[k], &lens[k]);
            free(refs[k]);
            refs[k] = u;
            if (!u) rc = MDSUM_ENOMEM;
        }
    }
    if (rc == MDSUM_OK)
        rc = mdsum_rouge_add(r, it->id, sys, sys_len, (const char *const *)refs, lens, it->nrefs);
    for (size_t k = 0; refs && k < it->nrefs; k++) free(refs[k]);
    free(refs);
    free(lens);
    free(sys);
    return rc;
}

/* ---- The pipeline ------------------------------------------------------ */
#define RING_PER_JOB 64

typedef struct pipeline pipeline;

typedef struct worker {
    pipeline *pl;
    size_t index;
    mdsum_ctx *ctx;
    mdsum_cluster *cl;
    mdsum_rouge *r;        /* this worker's scorer (with one job: the main one) */
    bool own_r;
    wordmap wm;            /* word -> ASCII token: within one evaluation the same
                              word gets the same token, which is all ROUGE sees,
                              so a map per worker scores the same as one map */
    pthread_t th;
    bool started;
    /* Guards r: the worker adds evaluations to it while the main thread
     * merges earlier ones out of it (mdsum_rouge_add may grow its arrays). */
    pthread_mutex_t mu;
} worker;

/* Items are numbered in input order; item k lives in ring[k % cap].
 * [head, next) are being processed or done, [next, tail) wait. */
struct pipeline {
    const eval_cfg *cfg;
    item *ring;
    size_t cap, head, next, tail;
    size_t done_to;        /* every item from head to here is done */
    size_t want;           /* the main thread sleeps until done_to reaches
                              this (0: it does not) */
    bool stop;             /* no more input, or an error: workers leave */
    pthread_mutex_t mu;
    pthread_cond_t more, done;
};

/* Summarize and score one cluster with worker w's context and scorer. */
static void process(const eval_cfg *cfg, worker *w, item *it)
{
    summarize_item(cfg, w->ctx, w->cl, it);
    pthread_mutex_lock(&w->mu);
    int rc = score_item(cfg, w->ctx, w->r, &w->wm, it);
    it->score_status = rc;
    if (rc) {
        char msg[1200];
        cli_format_error(w->ctx, it->id, rc, msg, sizeof msg);
        it->score_err = dups(msg);
    } else {
        it->scorer = w->index;
        it->eval = mdsum_rouge_eval_count(w->r) - 1;
    }
    pthread_mutex_unlock(&w->mu);
    item_drop_input(it);
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    pipeline *pl = w->pl;
    pthread_mutex_lock(&pl->mu);
    for (;;) {
        while (!pl->stop && pl->next == pl->tail) pthread_cond_wait(&pl->more, &pl->mu);
        if (pl->next == pl->tail) break;
        item *it = &pl->ring[pl->next++ % pl->cap];
        pthread_mutex_unlock(&pl->mu);
        process(pl->cfg, w, it);
        pthread_mutex_lock(&pl->mu);
        it->done = true;
        /* Wake the main thread once the run of finished items it waits for
         * is complete, not for each item (as in summarize -j). */
        if (pl->done_to < pl->head) pl->done_to = pl->head;
        while (pl->done_to < pl->next && pl->ring[pl->done_to % pl->cap].done) pl->done_to++;
        if (pl->want && pl->done_to >= pl->want) pthread_cond_signal(&pl->done);
    }
    pthread_mutex_unlock(&pl->mu);
    return NULL;
}

/* ---- Output -------------------------------------------------------------- */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(size_t done, long total, bool show)
{
    if (!show) return;
    if (total > 0) {
        int w = 30, k = (int)((double)done / (double)total * w);
        fprintf(stderr, "\r[%.*s%*s] %zu/%ld clusters", k, "##############################", w - k, "", done, total);
    } else {
        fprintf(stderr, "\r%zu clusters", done);
    }
    fflush(stderr);
}

/* Append a field name and a JSON string value: ,"name":"value". */
static void put_str_field(cli_buf *b, const char *sep, const char *name, const char *value)
{
    cli_buf_puts(b, sep);
    cli_buf_json_str(b, name, strlen(name));
    cli_buf_add(b, ":", 1);
    cli_buf_json_str(b, value, value ? strlen(value) : 0);
}

static bool write_scores(mdsum_rouge *r, cli_out *out)
{
    size_t nm = mdsum_rouge_metric_count(r);
    cli_buf line = {0};
    bool ok = true;
    for (size_t e = 0; ok && e < mdsum_rouge_eval_count(r); e++) {
        line.len = 0;
        put_str_field(&line, "{", "id", mdsum_rouge_eval_id(r, e));
        for (size_t m = 0; m < nm; m++) {
            mdsum_rouge_score sc;
            mdsum_rouge_eval_score(r, e, m, &sc);
            const char *metric = mdsum_rouge_metric_name(r, m);
            cli_buf_add(&line, ",", 1);
            cli_buf_json_str(&line, metric, strlen(metric));
            cli_buf_printf(&line, ":{\"r\":%.5f,\"p\":%.5f,\"f\":%.5f}", sc.recall,
                     sc.precision, sc.f);
        }
        cli_buf_puts(&line, "}\n");
        if (line.failed) {
            cli_error("out of memory");
            ok = false;
        } else {
            ok = cli_out_write(out, line.data, line.len);
        }
    }
    free(line.data);
    return ok;
}

static void print_table(mdsum_rouge *r, const eval_cfg *cfg, const char *spec, size_t n,
                        double t_sum, double t_all)
{
    printf("mdsum eval: %s on %s\n", cfg->opts.algo ? cfg->opts.algo : mdsum_algo_default(), spec);
    printf("protocol %s: %ld words%s, %zu clusters; reported in papers: %s\n", cfg->proto->name,
           cfg->opts.words, (cfg->opts.flags & MDSUM_TRUNCATE) ? " (last sentence cut to fill)" : "",
           n, cfg->proto->report);
    printf("%-12s %-28s %-28s %-28s\n", "", "Recall (95% CI)", "Precision (95% CI)", "F1 (95% CI)");
    for (size_t m = 0; m < mdsum_rouge_metric_count(r); m++) {
        mdsum_rouge_result res;
        if (mdsum_rouge_result_get(r, m, &res) != MDSUM_OK) continue;
        printf("%-12s %7.5f (%7.5f-%7.5f)  %7.5f (%7.5f-%7.5f)  %7.5f (%7.5f-%7.5f)\n", res.metric,
               res.recall, res.recall_lo, res.recall_hi, res.precision, res.precision_lo,
               res.precision_hi, res.f, res.f_lo, res.f_hi);
    }
    printf("speed: %.0f clusters/s summarized and scored (%.2f s), %.2f s in all\n",
           t_sum > 0 ? (double)n / t_sum : 0.0, t_sum, t_all);
}

/* Returns false (after a message) when out of memory. */
static bool print_json(mdsum_rouge *r, const eval_cfg *cfg, const char *spec, size_t n,
                       double t_sum, double t_all)
{
    cli_buf b = {0};
    put_str_field(&b, "{", "algorithm", cfg->opts.algo ? cfg->opts.algo : mdsum_algo_default());
    put_str_field(&b, ",", "data", spec);
    put_str_field(&b, ",", "protocol", cfg->proto->name);
    cli_buf_printf(&b, ",\"words\":%ld,\"clusters\":%zu,\"scores\":{", cfg->opts.words, n);
    for (size_t m = 0; m < mdsum_rouge_metric_count(r); m++) {
        mdsum_rouge_result res;
        if (mdsum_rouge_result_get(r, m, &res) != MDSUM_OK) continue;
        if (m) cli_buf_add(&b, ",", 1);
        cli_buf_json_str(&b, res.metric, strlen(res.metric));
        cli_buf_printf(&b, ":{\"recall\":%.5f,\"recall_ci\":[%.5f,%.5f],\"precision\":%.5f,"
                 "\"precision_ci\":[%.5f,%.5f],\"f\":%.5f,\"f_ci\":[%.5f,%.5f]}",
                 res.recall, res.recall_lo, res.recall_hi, res.precision, res.precision_lo,
                 res.precision_hi, res.f, res.f_lo, res.f_hi);
    }
    cli_buf_printf(&b, "},\"clusters_per_s\":%.1f,\"seconds_summarize\":%.3f,\"seconds_total\":%.3f}\n",
             t_sum > 0 ? (double)n / t_sum : 0.0, t_sum, t_all);
    bool ok = !b.failed;
    if (ok) fwrite(b.data, 1, b.len, stdout);
    else cli_error("out of memory");
    free(b.data);
    return ok;
}

/* ---- Main --------------------------------------------------------------- */
enum { OPT_REFS = 256, OPT_PROTOCOL, OPT_LIMIT, OPT_REDUNDANCY, OPT_POSITION, OPT_NO_CLEAN,
       OPT_NO_IDF, OPT_IDF, OPT_WHOLE, OPT_SCORE, OPT_JSON, OPT_SUMMARIES, OPT_SCORES };

static const struct option long_opts[] = {
    {"data", required_argument, NULL, 'd'},
    {"refs", required_argument, NULL, OPT_REFS},
    {"protocol", required_argument, NULL, OPT_PROTOCOL},
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"algo", required_argument, NULL, 'a'},
    {"param", required_argument, NULL, 'P'},
    {"words", required_argument, NULL, 'w'},
    {"lang", required_argument, NULL, 'l'},
    {"redundancy", required_argument, NULL, OPT_REDUNDANCY},
    {"position", required_argument, NULL, OPT_POSITION},
    {"no-clean", no_argument, NULL, OPT_NO_CLEAN},
    {"no-idf", no_argument, NULL, OPT_NO_IDF},
    {"idf", required_argument, NULL, OPT_IDF},
    {"whole-sentences", no_argument, NULL, OPT_WHOLE},
    {"score", required_argument, NULL, OPT_SCORE},
    {"json", no_argument, NULL, OPT_JSON},
    {"summaries", required_argument, NULL, OPT_SUMMARIES},
    {"scores", required_argument, NULL, OPT_SCORES},
    {"jobs", required_argument, NULL, 'j'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}
};

int cmd_eval(int argc, char **argv)
{
    eval_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    mdsum_options_init(&cfg.opts);
    cfg.opts.lang = NULL;
    cfg.jobs = 1;
    const char *spec = NULL, *refs = NULL, *proto_name = NULL, *summaries = NULL, *scores = NULL;
    long limit = -1, words = 0;
    bool json = false, quiet = false, whole = false;
    int scorer = MDSUM_ROUGE_155;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:a:P:w:l:j:qh", long_opts, NULL)) != -1) {
        switch (c) {
        case 'd': spec = optarg; break;
        case OPT_REFS: refs = optarg; break;
        case OPT_PROTOCOL: proto_name = optarg; break;
        case OPT_LIMIT: if (!cli_parse_long("--limit", optarg, 1, 1000000000L, &limit)) return EXIT_USAGE; break;
        case 'a': cfg.opts.algo = optarg; break;
        case 'P': cfg.opts.params = optarg; break;
        case 'w': if (!cli_parse_long("--words", optarg, 1, 1000000000L, &words)) return EXIT_USAGE; break;
        case 'l': cfg.opts.lang = optarg; break;
        case OPT_REDUNDANCY:
            if (!cli_parse_double("--redundancy", optarg, 1e-9, 1, &cfg.opts.redundancy)) return EXIT_USAGE;
            break;
        case OPT_POSITION:
            if (!cli_parse_double("--position", optarg, 0, 1, &cfg.opts.position)) return EXIT_USAGE;
            break;
        case OPT_NO_CLEAN: cfg.opts.flags |= MDSUM_NO_CLEAN; break;
        case OPT_NO_IDF: cfg.opts.flags |= MDSUM_NO_IDF; break;
        case OPT_IDF: cfg.opts.idf_file = optarg; break;
        case OPT_WHOLE: whole = true; break;
        case OPT_SCORE:
            if (!cli_parse_scorer("eval", optarg, &scorer)) return EXIT_USAGE;
            break;
        case OPT_JSON: json = true; break;
        case OPT_SUMMARIES: summaries = optarg; break;
        case OPT_SCORES: scores = optarg; break;
        case 'j': if (!cli_parse_long("--jobs", optarg, 1, 64, &cfg.jobs)) return EXIT_USAGE; break;
        case 'q': quiet = true; break;
        case 'h': usage(stdout); return cli_stdout_done();
        case ':': cli_error("option '%s' needs a value (see 'mdsum eval --help')", argv[optind - 1]); return EXIT_USAGE;
        default: cli_error("unknown option '%s' (see 'mdsum eval --help')", argv[optind - 1]); return EXIT_USAGE;
        }
    }
    if (!spec) {
        cli_error("eval: --data KIND:PATH is required (see 'mdsum eval --help')");
        return EXIT_USAGE;
    }
    if (optind < argc) {
        cli_error("eval: unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    const char *colon = strchr(spec, ':');
    char kind[16];
    if (!proto_name) {
        size_t kl = colon ? (size_t)(colon - spec) : 0;
        if (kl && kl < sizeof kind) {
            memcpy(kind, spec, kl);
            kind[kl] = '\0';
        }
        proto_name = kl && kl < sizeof kind ? kind : "";
    }
    cfg.proto = find_protocol(proto_name);
    if (!cfg.proto) {
        cli_error("eval: unknown protocol '%s' (multinews, duc, tac)", proto_name);
        return EXIT_USAGE;
    }
    /* TAC directories are named after their language: the default for
     * --lang, and with --lang auto (which only the summarizer sees) the
     * language the references are split and tokenized in. */
    const char *data_lang = "en";
    if (colon && strncmp(spec, "tac:", 4) == 0) {
        const char *dir = colon + 1;
        size_t dl = strlen(dir);
        while (dl > 0 && dir[dl - 1] == '/') dl--;
        const char *b = dir + dl;
        while (b > dir && b[-1] != '/') b--;
        for (size_t i = 0; i < mdsum_lang_count(); i++) {
            mdsum_lang_info L;
            mdsum_lang_info_get(i, &L);
            if (strlen(L.name) == (size_t)(dir + dl - b) && strncmp(L.name, b, (size_t)(dir + dl - b)) == 0)
                data_lang = L.code;
        }
    }
    if (!cfg.opts.lang) cfg.opts.lang = data_lang;
    cfg.score_lang = strcmp(cfg.opts.lang, "auto") == 0 ? data_lang : cfg.opts.lang;
    bool english = strcmp(cfg.score_lang, "en") == 0 || strcmp(cfg.score_lang, "english") == 0;
    cfg.ascii_words = !english && scorer == MDSUM_ROUGE_155;
    cfg.opts.words = words ? words : cfg.proto->words;
    if (!whole) cfg.opts.flags |= MDSUM_TRUNCATE;
    cfg.write_json = summaries != NULL;

    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    if (!ctx) { cli_error("out of memory"); return EXIT_USAGE; }
    int rc = mdsum_options_validate(ctx, &cfg.opts);
    if (rc) {
        cli_lib_error(ctx, NULL, rc);
        mdsum_ctx_free(ctx);
        return EXIT_USAGE;
    }
    mdsum_rouge_opts ro;
    mdsum_rouge_opts_init(&ro);
    ro.scorer = scorer;
    ro.max_n = cfg.proto->max_n;
    ro.lcs = cfg.proto->lcs;
    ro.skip = cfg.proto->skip;
    ro.skip_distance = 4;
    ro.skip_mode = MDSUM_ROUGE_SKIP_SU;
    ro.stem = cfg.proto->stem && english;
    ro.limit_words = cfg.opts.words;
    mdsum_dataset *ds = NULL;
    mdsum_rouge *r = NULL;
    rc = mdsum_dataset_open(ctx, spec, refs, &ds);
    if (rc == MDSUM_OK) rc = mdsum_rouge_new(ctx, &ro, &r);
    if (rc) {
        cli_lib_error(ctx, NULL, rc);
        mdsum_dataset_free(ds);
        mdsum_ctx_free(ctx);
        return cli_exit_code(rc) == EXIT_OK ? EXIT_USAGE : (rc == MDSUM_EIO ? EXIT_BADINPUT : cli_exit_code(rc));
    }
    cli_out sum_out = {0}, score_out = {0};
    bool sum_open = false, score_open = false;
    int code = EXIT_OK;
    if (summaries) { if (!cli_out_open(&sum_out, summaries)) code = EXIT_USAGE; else sum_open = true; }
    if (scores && code == EXIT_OK) { if (!cli_out_open(&score_out, scores)) code = EXIT_USAGE; else score_open = true; }

    long jobs = cfg.jobs;
    worker ws[64];
    memset(ws, 0, sizeof ws);
    pipeline pl;
    memset(&pl, 0, sizeof pl);
    pl.cfg = &cfg;
    pl.cap = jobs > 1 ? (size_t)RING_PER_JOB * (size_t)jobs : 1;
    pl.ring = calloc(pl.cap, sizeof *pl.ring);
    pthread_mutex_init(&pl.mu, NULL);
    pthread_cond_init(&pl.more, NULL);
    pthread_cond_init(&pl.done, NULL);
    if (!pl.ring && code == EXIT_OK) { cli_error("out of memory"); code = EXIT_USAGE; }
    for (long t = 0; t < jobs; t++) pthread_mutex_init(&ws[t].mu, NULL);
    for (long t = 0; t < jobs && code == EXIT_OK; t++) {
        worker *w = &ws[t];
        w->pl = &pl;
        w->index = (size_t)t;
        if (jobs == 1) {
            /* No thread: the main context and scorer do everything. */
            w->ctx = ctx;
            w->r = r;
        } else {
            w->ctx = mdsum_ctx_new(NULL);
            if (w->ctx && mdsum_rouge_new(w->ctx, &ro, &w->r) == MDSUM_OK) w->own_r = true;
        }
        w->cl = w->ctx ? mdsum_cluster_new(w->ctx) : NULL;
        if (!w->cl || !w->r) { cli_error("out of memory"); code = EXIT_USAGE; }
    }
    for (long t = 0; jobs > 1 && t < jobs && code == EXIT_OK; t++) {
        if (pthread_create(&ws[t].th, NULL, worker_main, &ws[t]) != 0) {
            cli_error("cannot start worker threads");
            code = EXIT_USAGE;
        } else {
            ws[t].started = true;
        }
    }
    bool show = !quiet && isatty(STDERR_FILENO);
    double t0 = now_s();
    size_t done = 0, loaded = 0;
    bool more = code == EXIT_OK, load_failed = false;
    int read_rc = MDSUM_OK;
    char read_msg[1200] = "";
    /* Main loop: write (merge) finished items in order; read the next one
     * while there is room in the ring. */
    pthread_mutex_lock(&pl.mu);
    for (;;) {
        if (more && pl.tail - pl.head < pl.cap && (limit < 0 || (long)loaded < limit)) {
            pthread_mutex_unlock(&pl.mu);
            rc = mdsum_dataset_next(ds);
            item *it = &pl.ring[pl.tail % pl.cap];   /* the main thread's until tail moves */
            bool ok = rc > 0 && item_load(it, ds);
            if (rc > 0 && !ok) item_clear(it);
            if (ok && jobs == 1) {
                process(&cfg, &ws[0], it);
                it->done = true;
            }
            pthread_mutex_lock(&pl.mu);
            if (ok) {
                pl.tail++;
                loaded++;
                pthread_cond_signal(&pl.more);
                continue;
            }
            more = false;
            if (rc < 0) {
                /* Reported after the clusters read before it. */
                read_rc = rc;
                cli_format_error(ctx, NULL, rc, read_msg, sizeof read_msg);
            } else if (rc > 0) {
                load_failed = true;
            }
            continue;
        }
        if (pl.head == pl.tail) break;
        item *it = &pl.ring[pl.head % pl.cap];
        if (!it->done) {
            /* Sleep until the head item and up to half a ring after it are
             * done: one wake-up per half ring. */
            size_t run = pl.tail - pl.head, half = pl.cap / 2 ? pl.cap / 2 : 1;
            pl.want = pl.head + (run < half ? run : half);
            while (!pl.ring[pl.head % pl.cap].done || pl.done_to < pl.want) pthread_cond_wait(&pl.done, &pl.mu);
            pl.want = 0;
            continue;
        }
        pthread_mutex_unlock(&pl.mu);
        if (code == EXIT_OK && it->status != MDSUM_OK) {
            /* An unsummarizable cluster scores 0, as an empty summary. */
            cli_warn("%s (scored as an empty summary)", it->err ? it->err : "summarization failed");
        }
        if (code == EXIT_OK) {
            if (it->score_status) {
                cli_error_text(it->score_err ? it->score_err : mdsum_strerror(it->score_status));
                code = cli_exit_code(it->score_status);
            } else if (ws[it->scorer].r != r) {
                pthread_mutex_lock(&ws[it->scorer].mu);
                rc = mdsum_rouge_merge(r, ws[it->scorer].r, it->eval, 1);
                pthread_mutex_unlock(&ws[it->scorer].mu);
                if (rc) {
                    cli_lib_error(ctx, it->id, rc);
                    code = cli_exit_code(rc);
                }
            }
        }
        if (code == EXIT_OK && sum_open && it->json && !cli_out_write(&sum_out, it->json, it->json_len))
            code = EXIT_USAGE;
        item_clear(it);
        done++;
        if (done % 64 == 0) progress(done, limit, show);
        pthread_mutex_lock(&pl.mu);
        pl.head++;
        if (code != EXIT_OK && more) {
            /* Abandon what was not started; finish what was. */
            more = false;
            for (size_t k = pl.next; k < pl.tail; k++) item_clear(&pl.ring[k % pl.cap]);
            pl.tail = pl.next;
        }
    }
    pl.stop = true;
    pthread_cond_broadcast(&pl.more);
    pthread_mutex_unlock(&pl.mu);
    for (long t = 0; t < jobs; t++)
        if (ws[t].started) pthread_join(ws[t].th, NULL);
    progress(done, limit, show);
    if (code == EXIT_OK && read_rc < 0) {
        cli_error_text(read_msg);
        code = cli_exit_code(read_rc);
    }
    if (code == EXIT_OK && load_failed) {
        cli_error("out of memory");
        code = EXIT_USAGE;
    }
    if (show) fputc('\n', stderr);
    /* The pipeline's time: reading, summarizing and scoring every cluster. */
    double t_sum = now_s() - t0;
    if (code == EXIT_OK && mdsum_rouge_eval_count(r) == 0) {
        cli_error("%s: no clusters", spec);
        code = EXIT_BADINPUT;
    }
    if (code == EXIT_OK) {
        /* "In all" includes the corpus averages and their bootstrap, which
         * the first result asks for (the scorer keeps them). */
        mdsum_rouge_result first;
        (void)mdsum_rouge_result_get(r, 0, &first);
        double t_all = now_s() - t0;
        if (score_open && !write_scores(r, &score_out)) code = EXIT_USAGE;
        if (!json) print_table(r, &cfg, spec, done, t_sum, t_all);
        else if (!print_json(r, &cfg, spec, done, t_sum, t_all)) code = EXIT_USAGE;
        if (fflush(stdout) != 0) {
            cli_error("standard output: write failed");
            code = EXIT_USAGE;
        }
    }
    if (sum_open && !cli_out_close(&sum_out, code == EXIT_OK) && code == EXIT_OK) code = EXIT_USAGE;
    if (score_open && !cli_out_close(&score_out, code == EXIT_OK) && code == EXIT_OK) code = EXIT_USAGE;
    for (long t = 0; t < jobs; t++) {
        wordmap_free(&ws[t].wm);
        mdsum_cluster_free(ws[t].cl);
        if (ws[t].own_r) mdsum_rouge_free(ws[t].r);
        if (ws[t].ctx != ctx) mdsum_ctx_free(ws[t].ctx);
        pthread_mutex_destroy(&ws[t].mu);
    }
    pthread_cond_destroy(&pl.more);
    pthread_cond_destroy(&pl.done);
    pthread_mutex_destroy(&pl.mu);
    free(pl.ring);
    mdsum_rouge_free(r);
    mdsum_dataset_free(ds);
    mdsum_ctx_free(ctx);
    return code;
}
