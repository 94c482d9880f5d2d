/*
 * summarize.c -- `mdsum summarize`: one cluster from files, or a batch of
 * clusters (Multi-News lines, JSONL), into summaries.
 *
 * Batch input flows through a ring of lines: `--jobs` worker threads
 * summarize them and the main thread writes them in input order (see
 * "Batch" below).
 */
#include "cli.h"

#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { OUT_TEXT, OUT_JSON, OUT_MARKDOWN };

typedef struct sum_cfg {
    mdsum_options opts;
    int in_format;       /* MDSUM_FORMAT_* (AUTO until detected) */
    bool auto_format;    /* detect text or HTML file by file */
    int out;             /* OUT_* */
    bool keep_going;
    bool explain;
    bool each;           /* --each: every argument is a cluster of its own */
    long jobs;
    long max_bytes;      /* --max-bytes: largest document / batch line */
    const char *output;
    const char *report;  /* --report FILE.html, or NULL */
    int argc;            /* the command line, for the report */
    char **argv;
    mdsum_reader *stdin_reader;  /* standard input, already opened (and
                                    peeked) by format detection, or NULL */
} sum_cfg;

static void usage(FILE *fp)
{
    fprintf(fp,
"Usage: mdsum summarize [OPTIONS] [FILE|DIR|-]...\n"
"\n"
"Summarize a cluster of news articles about one event. Each FILE is one\n"
"document; a DIR means every regular file in it (name order, hidden files\n"
"skipped); '-' or no argument reads standard input as one document.\n"
"Batch input (--format multinews or jsonl) holds one cluster per line and\n"
"gives one summary per line. gzip input is read transparently.\n"
"\n"
"Input:\n"
"  -f, --format FMT      auto (default), text, html, multinews, jsonl; with\n"
"                        auto, each file is text or a web page (HTML) on its\n"
"                        own; a page without an article is skipped\n"
"      --lenient         replace invalid UTF-8 and NUL bytes by U+FFFD\n"
"                        instead of failing\n"
"      --each            every FILE or DIR is a cluster of its own (a DIR's\n"
"                        files are its documents), summarized like batch\n"
"                        input: one summary per line, -j and -k apply\n"
"  -k, --keep-going      batch input, --each: report a bad cluster (an error\n"
"                        or an empty line) and go on; exit status 1 at the end\n"
"      --max-bytes N     refuse a document (or batch line) of more than N bytes,\n"
"                        counted after gzip decompression (default and\n"
"                        largest: 268435456 = 256 MiB; see docs/limits.md)\n"
"\n"
"Summary:\n"
"  -a, --algo NAME       ranking algorithm (default: %s); 'help' lists the\n"
"                        algorithms and their parameters\n"
"  -P, --param K=V[,K=V] algorithm parameters\n"
"  -w, --words N         word budget (default 100)\n"
"  -n, --sentences N     sentence budget\n"
"  -b, --bytes N         byte budget (of the text output)\n"
"                        Whole sentences never exceed any given budget.\n"
"      --truncate        cut the last sentence to fill the budget exactly\n"
"  -l, --lang L          language: ISO code or name (default en), 'auto' to\n"
"                        guess it, 'help' to list the languages; Czech and\n"
"                        Hebrew have no Snowball stemmer: words are used\n"
"                        unstemmed\n"
"      --redundancy X    largest cosine similarity allowed between two chosen\n"
"                        sentences, in (0,1] (default 0.5; 1 disables)\n"
"      --position X      weight of the lead-position prior in [0,1] (default 0)\n"
"      --no-clean        keep web noise (repeated lines, ...)\n"
"      --no-idf          weight terms inside the cluster only\n"
"      --idf FILE        background IDF table built by 'mdsum idf build'\n"
"\n"
"Output:\n"
"      --text            one sentence per line (default; batch: one summary\n"
"                        per line)\n"
"      --json            JSON with provenance: document, sentence index, byte\n"
"                        offsets, score, support (batch: one object per line)\n"
"      --markdown        sentences with [n] citations and a list of sources\n"
"                        (batch: a heading per cluster)\n"
"  -o, --output FILE     write to FILE, atomically (no partial file on failure)\n"
"      --report FILE     also write a self-contained HTML page showing each\n"
"                        summary sentence in its source, the documents that\n"
"                        support it and the text removed as noise (one\n"
"                        cluster: files, or batch input of a single line)\n"
"      --explain         list on stderr every span the cleaner dropped and why\n"
"  -j, --jobs N          batch input: worker threads (default 1)\n"
"  -h, --help            show this help\n"
"\n"
"Exit status: 0 success, 1 bad input, 2 usage or system error.\n",
            mdsum_algo_default());
}

static void list_algos(void)
{
    printf("Algorithms (default: %s):\n", mdsum_algo_default());
    for (size_t i = 0; i < mdsum_algo_count(); i++) {
        mdsum_algo_info a;
        mdsum_algo_info_get(i, &a);
        printf("  %-12s %s\n", a.name, a.help);
        for (size_t k = 0; k < a.nparams; k++)
            printf("      %-14s %s (default %g, range %g..%g)\n", a.params[k].name,
                   a.params[k].help, a.params[k].def, a.params[k].min, a.params[k].max);
    }
}

static void list_langs(void)
{
    printf("Languages (--lang CODE or NAME, or 'auto'):\n");
    for (size_t i = 0; i < mdsum_lang_count(); i++) {
        mdsum_lang_info L;
        mdsum_lang_info_get(i, &L);
        printf("  %-3s %-12s %s, ", L.code, L.name,
               L.stemmer ? "Snowball stemmer" : "no Snowball stemmer: words used unstemmed");
        if (L.stopwords) printf("%d stopwords\n", L.stopwords);
        else printf("no stopword list\n");
    }
    printf("\n"
           "'auto' guesses the language of each cluster from its longest document:\n"
           "the script first (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic,\n"
           "Devanagari, Tamil), then, among the languages of that script with a\n"
           "stopword list, the one whose stopwords occur most often; with no hit, the\n"
           "script's main language (en, el, ru, hy, he, ar, hi, ta). Other languages\n"
           "without a stopword list are never guessed: name them with --lang.\n");
}

/* ======================================================================
 * One cluster
 * ====================================================================== */
static int render_fmt(const sum_cfg *cfg, bool batch)
{
    if (cfg->out == OUT_JSON) return MDSUM_RENDER_JSON;
    if (cfg->out == OUT_MARKDOWN) return MDSUM_RENDER_MARKDOWN;
    return batch ? MDSUM_RENDER_LINE : MDSUM_RENDER_TEXT;
}

/* Append the cleaner's drops to `o` as explanation lines. */
static void explain_drops(const mdsum_cluster *cl, const char *prefix, FILE *fp)
{
    for (size_t i = 0; i < mdsum_cluster_drop_count(cl); i++) {
        mdsum_drop d;
        mdsum_doc doc;
        mdsum_cluster_drop(cl, i, &d);
        mdsum_cluster_doc(cl, d.doc, &doc);
        fprintf(fp, "mdsum: explain: %sdocument %zu", prefix, d.doc + 1);
        if (doc.id) fprintf(fp, " (%s)", doc.id);
        fprintf(fp, ": bytes %zu-%zu: %s: ", d.start, d.end, d.reason);
        size_t n = d.end - d.start;
        const char *t = doc.text + d.start;
        for (size_t k = 0; k < n && k < 120; k++) fputc(t[k] == '\n' ? ' ' : t[k], fp);
        if (n > 120) fputs("...", fp);
        fputc('\n', fp);
    }
}

/* The command line as a shell would take it back ("mdsum summarize ..."),
 * for the report's run details; NULL when memory runs out. */
static char *command_line(int argc, char **argv)
{
    size_t cap = 16;
    for (int i = 0; i < argc; i++) cap += 4 * strlen(argv[i]) + 3;
    char *out = malloc(cap), *o = out;
    if (!out) return NULL;
    o += sprintf(o, "mdsum");
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        bool plain = *a != '\0';
        for (const char *c = a; *c; c++)
            if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=,+@%", *c))
                plain = false;
        *o++ = ' ';
        if (plain) {
            o += sprintf(o, "%s", a);
            continue;
        }
        *o++ = '\'';
        for (const char *c = a; *c; c++) {
            if (*c == '\'') { memcpy(o, "'\\''", 4); o += 4; }
            else *o++ = *c;
        }
        *o++ = '\'';
    }
    *o = '\0';
    return out;
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* A saved web page: its article becomes the document, with the page's
 * title, date, site, author and URL; the file name stays its id. A page
 * without an article is skipped with a warning. */
static int add_page(const sum_cfg *cfg, mdsum_ctx *ctx, mdsum_cluster *cl, const char *path,
                    const char *data, size_t len, FILE *warn)
{
    mdsum_article *a;
    int rc = mdsum_extract(ctx, data, len, 0, &a);
    if (rc == MDSUM_ENOCONTENT) {
        cli_warn_to(warn, "%s: no main content found, skipped", cli_display_name(path));
        return MDSUM_OK;
    }
    if (rc) return rc;
    mdsum_doc doc = {0};
    doc.id = cli_base_name(path);
    doc.title = a->title;
    doc.date = a->date;
    doc.url = a->url;
    doc.site = a->site;
    doc.author = a->author;
    doc.text = a->text;
    doc.text_len = a->text_len;
    rc = mdsum_cluster_add(cl, &doc, cfg->opts.flags);
    mdsum_article_free(a);
    return rc;
}

/* Each FILE is one document of the cluster. Warnings (a skipped document)
 * go to `warn`; on failure the message (naming the file) is left in
 * err[0..cap), *status is the library's code and the exit status is
 * returned. */
static int load_files(const sum_cfg *cfg, const cli_paths *paths, mdsum_ctx *ctx, mdsum_cluster *cl,
                      FILE *warn, char *err, size_t cap, int *status)
{
    int code = EXIT_OK;
    *status = MDSUM_OK;
    for (size_t i = 0; i < paths->n && code == EXIT_OK; i++) {
        const char *path = paths->v[i];
        mdsum_reader *r;
        /* Standard input cannot be opened twice: use the detection's. */
        bool own = !(cfg->stdin_reader && strcmp(path, "-") == 0);
        int rc = own ? mdsum_reader_open(ctx, path, cfg->max_bytes, &r) : MDSUM_OK;
        if (!own) r = cfg->stdin_reader;
        if (rc) {
            cli_format_error(ctx, NULL, rc, err, cap);
            *status = rc;
            return rc == MDSUM_EIO ? EXIT_BADINPUT : cli_exit_code(rc);
        }
        const char *data;
        size_t len;
        rc = mdsum_reader_all(r, &data, &len);
        if (rc) {
            /* The reader's messages name the file already. */
            cli_format_error(ctx, NULL, rc, err, cap);
            *status = rc;
            code = cli_exit_code(rc);
        } else {
            size_t k = 0;
            while (k < len && (data[k] == ' ' || data[k] == '\n' || data[k] == '\t' || data[k] == '\r')) k++;
            if (k == len) {
                cli_warn_to(warn, "%s: empty document, skipped", cli_display_name(path));
            } else if (cfg->in_format == MDSUM_FORMAT_HTML ||
                       (cfg->auto_format && mdsum_format_detect(data, len) == MDSUM_FORMAT_HTML)) {
                rc = add_page(cfg, ctx, cl, path, data, len, warn);
            } else {
                mdsum_doc doc = {0};
                doc.id = cli_base_name(path);
                doc.text = data;
                doc.text_len = len;
                rc = mdsum_cluster_add(cl, &doc, cfg->opts.flags);
            }
        }
        if (rc && code == EXIT_OK) {
            /* The error names the file; the document number adds nothing. */
            const mdsum_error *e = mdsum_ctx_error(ctx);
            if (e->offset >= 0 && e->code == rc)
                snprintf(err, cap, "%s: byte %lld: %s", cli_display_name(path), e->offset, e->message);
            else
                cli_format_error(ctx, cli_display_name(path), rc, err, cap);
            *status = rc;
            code = cli_exit_code(rc);
        }
        if (own) mdsum_reader_free(r);
    }
    if (code == EXIT_OK && mdsum_cluster_doc_count(cl) == 0) {
        snprintf(err, cap, "nothing to summarize: no document has any text");
        *status = MDSUM_EEMPTY;
        code = EXIT_BADINPUT;
    }
    return code;
}

/* --report with batch input: the input must hold exactly one cluster (one
 * line); `where` receives "FILE line N" for the report's title. */
static int load_one_line(const sum_cfg *cfg, cli_paths *paths, mdsum_ctx *ctx, mdsum_cluster *cl,
                         char *where, size_t where_cap)
{
    int code = EXIT_OK;
    bool have = false;
    for (size_t p = 0; p < paths->n && code == EXIT_OK; p++) {
        const char *path = paths->v[p];
        mdsum_reader *r;
        int rc = mdsum_reader_open(ctx, path, cfg->max_bytes, &r);
        if (rc) {
            cli_lib_error(ctx, NULL, rc);
            return rc == MDSUM_EIO ? EXIT_BADINPUT : cli_exit_code(rc);
        }
        const char *line;
        size_t len;
        while ((rc = mdsum_reader_line(r, &line, &len)) == 1) {
            long long no = mdsum_reader_line_number(r);
            char at[4200];
            snprintf(at, sizeof at, "%s:%lld", cli_display_name(path), no);
            if (have) {
                cli_error("%s: --report needs a single cluster, but the input has more than one "
                          "line; pick one, e.g. sed -n %lldp FILE | mdsum summarize -f %s --report "
                          "FILE.html -", at, no,
                          cfg->in_format == MDSUM_FORMAT_JSONL ? "jsonl" : "multinews");
                code = EXIT_USAGE;
                break;
            }
            have = true;
            rc = cfg->in_format == MDSUM_FORMAT_JSONL
                     ? mdsum_cluster_add_jsonl(cl, line, len, cfg->opts.flags)
                     : mdsum_cluster_add_multinews(cl, line, len, cfg->opts.flags);
            if (rc) {
                cli_lib_error(ctx, at, rc);
                code = cli_exit_code(rc);
                break;
            }
            snprintf(where, where_cap, "%s line %lld", cli_display_name(path), no);
        }
        if (rc < 0 && code == EXIT_OK) {
            cli_lib_error(ctx, NULL, rc);   /* reader errors name the file */
            code = cli_exit_code(rc);
        }
        mdsum_reader_free(r);
    }
    if (code == EXIT_OK && (!have || mdsum_cluster_doc_count(cl) == 0)) {
        cli_error("nothing to summarize: %s", have ? "the cluster has no document" : "the input has no cluster");
        code = EXIT_BADINPUT;
    }
    return code;
}

static int write_report(const sum_cfg *cfg, mdsum_ctx *ctx, mdsum_cluster *cl, const mdsum_summary *s,
                        mdsum_report_info *info)
{
    char *html;
    size_t len;
    int rc = mdsum_report_render(ctx, cl, s, info, &html, &len);
    if (rc) {
        cli_lib_error(ctx, cfg->report, rc);
        return cli_exit_code(rc);
    }
    int code = cli_out_whole(cfg->report, html, len) ? EXIT_OK : EXIT_USAGE;
    mdsum_free(ctx, html);
    return code;
}

/* Summarize the cluster; write the summary to `out` and, with --report,
 * the HTML report. `t0` is when reading started; `title` names the input
 * in the report (or NULL). */
static int summarize_one(const sum_cfg *cfg, mdsum_ctx *ctx, mdsum_cluster *cl, cli_out *out,
                         const struct timespec *t0, const char *title)
{
    int code = EXIT_OK;
    mdsum_summary *s = NULL;
    mdsum_report_info info;
    mdsum_report_info_init(&info);
    info.ms_read = ms_since(t0);
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    int rc = mdsum_cluster_analyze(ctx, cl, &cfg->opts);
    info.ms_analyze = ms_since(&t1);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc == MDSUM_OK) rc = mdsum_summarize(ctx, cl, &cfg->opts, &s);
    info.ms_summarize = ms_since(&t1);
    info.ms_total = ms_since(t0);
    if (rc) {
        cli_lib_error(ctx, NULL, rc);
        code = cli_exit_code(rc);
    }
    if (code == EXIT_OK) {
        if (cfg->explain) explain_drops(cl, "", stderr);
        char *text;
        size_t len;
        rc = mdsum_render(ctx, cl, s, render_fmt(cfg, false), &text, &len);
        if (rc) {
            cli_lib_error(ctx, NULL, rc);
            code = cli_exit_code(rc);
        } else {
            if (!cli_out_write(out, text, len)) code = EXIT_USAGE;
            mdsum_free(ctx, text);
        }
    }
    if (code == EXIT_OK && cfg->report) {
        info.title = mdsum_cluster_id(cl) ? NULL : title;
        char *cmd = command_line(cfg->argc, cfg->argv);
        info.command = cmd;
        code = write_report(cfg, ctx, cl, s, &info);
        free(cmd);
    }
    mdsum_summary_free(s);
    return code;
}

static int summarize_single(const sum_cfg *cfg, cli_paths *paths, mdsum_ctx *ctx, cli_out *out)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    if (!cl) {
        cli_error("out of memory");
        return EXIT_USAGE;
    }
    char where[4300] = "";
    int code;
    if (cfg->in_format == MDSUM_FORMAT_MULTINEWS || cfg->in_format == MDSUM_FORMAT_JSONL) {
        code = load_one_line(cfg, paths, ctx, cl, where, sizeof where);
    } else {
        char err[5300];
        int st;
        code = load_files(cfg, paths, ctx, cl, stderr, err, sizeof err, &st);
        if (code != EXIT_OK) cli_error_text(err);
    }
    if (code == EXIT_OK && !where[0] && paths->n == 1)
        snprintf(where, sizeof where, "%s", cli_display_name(paths->v[0]));
    if (code == EXIT_OK) code = summarize_one(cfg, ctx, cl, out, &t0, where[0] ? where : NULL);
    mdsum_cluster_free(cl);
    return code;
}

/* ======================================================================
 * Batch: a pipeline of lines (or, with --each, of cluster arguments, whose
 * files the workers read). The main thread reads lines into a ring of
 * slots and writes the finished slots in input order; `--jobs` worker
 * threads (one context each, since a context is not thread-safe) take the
 * slots in order and summarize them. Reading and writing overlap with
 * summarizing, the output (stdout and stderr) is identical for any number
 * of jobs, and memory is bounded by the ring (RING_PER_JOB slots per job,
 * RING_BYTES of input lines at most), not by the input. With one job there
 * is no thread: read, summarize, write, line by line.
 * ====================================================================== */
#define RING_PER_JOB 64
#define RING_BYTES ((size_t)32 << 20)

typedef struct item {
    char *line;          /* a copy for the workers (malloc); NULL with one job */
    size_t len;
    long long lineno;    /* with --each: the argument's number (1-based) */
    const char *path;    /* the input file; with --each the cluster's argument */
    cli_paths files;     /* --each: the cluster's documents */
    int format;          /* MDSUM_FORMAT_MULTINEWS or _JSONL */
    int code;            /* exit status of a failure, or 0: from the status */
    bool done;           /* summarized (set under the batch mutex) */
    /* results */
    int status;
    char *out;           /* rendered output (malloc) */
    size_t out_len;
    char *err;           /* error message (malloc), NULL if none */
    char *id;            /* cluster id of a failed record (malloc) or NULL */
    char *explain;       /* explanation lines (malloc) or NULL */
    size_t explain_len;
} item;

typedef struct batch batch;

typedef struct worker {
    mdsum_ctx *ctx;
    mdsum_cluster *cl;
    batch *bt;
    pthread_t th;
    bool started;
} worker;

/* Items are numbered in input order; item k lives in ring[k % cap].
 * head <= next <= tail: [head, next) are being summarized or done and not
 * yet written, [next, tail) wait for a worker. */
struct batch {
    const sum_cfg *cfg;
    item *ring;
    size_t cap;
    size_t head;          /* oldest item not yet written */
    size_t next;          /* next item for a worker */
    size_t tail;          /* next item to fill */
    size_t done_to;       /* every item from head to here is done */
    size_t want;          /* the main thread sleeps until done_to reaches
                             this (0: it does not) */
    size_t bytes;         /* input bytes of the items in the ring */
    bool stop;            /* no more input, or an error ended the batch */
    pthread_mutex_t mu;
    pthread_cond_t more;  /* an item was added, or stop */
    pthread_cond_t done;  /* an item was finished */
    worker *workers;
};

static char *dup_mem(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* --each: the cluster's id is its argument without trailing slashes. */
static char *each_id(const char *arg)
{
    size_t n = strlen(arg);
    while (n > 1 && arg[n - 1] == '/') n--;
    return dup_mem(arg, n);
}

/* With --each: load the item's files as one cluster and summarize it. The
 * warnings and --explain lines are kept with the item, so that they come
 * out in input order whatever the number of jobs. */
static void process_each(const sum_cfg *cfg, worker *w, item *it)
{
    mdsum_ctx *ctx = w->ctx;
    mdsum_cluster *cl = w->cl;
    mdsum_cluster_clear(cl);
    char *id = each_id(it->path);
    FILE *fp = open_memstream(&it->explain, &it->explain_len);
    char err[5300];
    int rc = id && fp ? mdsum_cluster_set_id(cl, id) : MDSUM_ENOMEM;
    if (rc == MDSUM_OK) {
        int st;
        it->code = load_files(cfg, &it->files, ctx, cl, fp, err, sizeof err, &st);
        rc = st;
    } else {
        snprintf(err, sizeof err, "%s: %s", cli_display_name(it->path), mdsum_strerror(rc));
    }
    mdsum_summary *s = NULL;
    bool loaded = rc == MDSUM_OK;
    if (rc == MDSUM_OK) rc = mdsum_summarize(ctx, cl, &cfg->opts, &s);
    if (rc == MDSUM_OK) rc = mdsum_render(ctx, cl, s, render_fmt(cfg, true), &it->out, &it->out_len);
    if (rc == MDSUM_OK && cfg->explain && mdsum_cluster_drop_count(cl)) {
        char prefix[4200];
        snprintf(prefix, sizeof prefix, "%s: ", cli_display_name(it->path));
        explain_drops(cl, prefix, fp);
    }
    if (rc && loaded) cli_format_error(ctx, cli_display_name(it->path), rc, err, sizeof err);
    mdsum_summary_free(s);
    if (fp) fclose(fp);
    it->status = rc;
    if (rc) it->err = dup_mem(err, strlen(err));
    if (rc || cfg->out == OUT_MARKDOWN) it->id = id;   /* the error record's, the heading's */
    else free(id);
}

/* Summarize `line` (the item's own copy, or with one job the reader's
 * buffer) into the item's results. */
static void process_item(const sum_cfg *cfg, worker *w, item *it, const char *line, size_t len)
{
    if (it->status) return;   /* failed while reading (a line over the limit) */
    if (cfg->each) {
        process_each(cfg, w, it);
        return;
    }
    mdsum_ctx *ctx = w->ctx;
    mdsum_cluster *cl = w->cl;
    mdsum_cluster_clear(cl);
    int rc = it->format == MDSUM_FORMAT_JSONL
                 ? mdsum_cluster_add_jsonl(cl, line, len, cfg->opts.flags)
                 : mdsum_cluster_add_multinews(cl, line, len, cfg->opts.flags);
    mdsum_summary *s = NULL;
    if (rc == MDSUM_OK) rc = mdsum_summarize(ctx, cl, &cfg->opts, &s);
    if (rc == MDSUM_OK) rc = mdsum_render(ctx, cl, s, render_fmt(cfg, true), &it->out, &it->out_len);
    if (rc == MDSUM_OK && cfg->explain && mdsum_cluster_drop_count(cl)) {
        char *buf = NULL;
        size_t buf_len = 0;
        FILE *fp = open_memstream(&buf, &buf_len);
        if (fp) {
            char prefix[4200];
            snprintf(prefix, sizeof prefix, "%s:%lld: ", cli_display_name(it->path), it->lineno);
            explain_drops(cl, prefix, fp);
            fclose(fp);
            it->explain = buf;
            it->explain_len = buf_len;
        }
    }
    mdsum_summary_free(s);
    it->status = rc;
    if (rc) {
        char where[4200], msg[5300];
        snprintf(where, sizeof where, "%s:%lld", cli_display_name(it->path), it->lineno);
        cli_format_error(ctx, where, rc, msg, sizeof msg);
        it->err = dup_mem(msg, strlen(msg));
    }
    /* The id, when the line got that far, lets the error record be matched
     * to its cluster, and names the cluster in a Markdown heading. */
    const char *id = mdsum_cluster_id(cl);
    if (id && (rc || cfg->out == OUT_MARKDOWN)) it->id = dup_mem(id, strlen(id));
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    batch *bt = w->bt;
    pthread_mutex_lock(&bt->mu);
    for (;;) {
        while (!bt->stop && bt->next == bt->tail) pthread_cond_wait(&bt->more, &bt->mu);
        if (bt->stop) break;
        item *it = &bt->ring[bt->next++ % bt->cap];
        pthread_mutex_unlock(&bt->mu);
        process_item(bt->cfg, w, it, it->line, it->len);
        /* The line is no longer needed: give its memory back early. */
        free(it->line);
        it->line = NULL;
        pthread_mutex_lock(&bt->mu);
        it->done = true;
        /* Wake the main thread (the only one waiting on `done`) once the
         * run of finished items it waits for is complete, not for each
         * item: a wake-up per cluster cost 6% of a -j 2 run in the kernel. */
        if (bt->done_to < bt->head) bt->done_to = bt->head;
        while (bt->done_to < bt->next && bt->ring[bt->done_to % bt->cap].done) bt->done_to++;
        if (bt->want && bt->done_to >= bt->want) pthread_cond_signal(&bt->done);
    }
    pthread_mutex_unlock(&bt->mu);
    return NULL;
}

/* Append s to b for Markdown: the characters Markdown would act on
 * escaped, control characters (a newline would end a heading) as spaces. */
static void md_text(cli_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == 0x7F) {
            cli_buf_add(b, " ", 1);
            continue;
        }
        if (strchr("\\`*_[]<>#|", c)) cli_buf_add(b, "\\", 1);
        cli_buf_add(b, s, 1);
    }
}

/* Batch Markdown: every cluster's block opens with a level-2 heading that
 * names it (its id, else its file and line) and ends with a blank line, so
 * that one summary neither runs into the source list before it nor loses
 * its name; a failed cluster (-k) says so under its heading. */
static bool write_md_block(const item *it, cli_out *out)
{
    cli_buf h = {0};
    char where[4200];
    if (!it->id) snprintf(where, sizeof where, "%s:%lld", cli_display_name(it->path), it->lineno);
    cli_buf_puts(&h, "## ");
    md_text(&h, it->id ? it->id : where);
    cli_buf_puts(&h, "\n\n");
    if (it->status == MDSUM_OK) {
        cli_buf_add(&h, it->out, it->out_len);
    } else {
        cli_buf_puts(&h, "*No summary: ");
        md_text(&h, it->err ? it->err : mdsum_strerror(it->status));
        cli_buf_puts(&h, "*\n");
    }
    cli_buf_puts(&h, "\n");
    bool ok = !h.failed && cli_out_write(out, h.data, h.len);
    if (h.failed) cli_error("out of memory");
    free(h.data);
    return ok;
}

/* Write the result of one item. Returns false to stop the batch. */
static bool write_item(const sum_cfg *cfg, const item *it, cli_out *out, int *code)
{
    if (it->explain) fwrite(it->explain, 1, it->explain_len, stderr);
    if (it->status == MDSUM_OK) {
        bool ok = cfg->out == OUT_MARKDOWN ? write_md_block(it, out) : cli_out_write(out, it->out, it->out_len);
        if (!ok) { *code = EXIT_USAGE; return false; }
        return true;
    }
    cli_error_text(it->err ? it->err : mdsum_strerror(it->status));
    if (!cfg->keep_going) {
        *code = it->code ? it->code : cli_exit_code(it->status);
        return false;
    }
    /* Whatever sank this cluster (bad input, a limit, memory for a huge
     * one) belongs to it alone: its error record says why, and the exit
     * status 1 says that some clusters failed. */
    *code = EXIT_BADINPUT;
    /* Keep one output record per input record. */
    if (cfg->out == OUT_JSON) {
        cli_buf rec = {0};
        const char *msg = it->err ? it->err : mdsum_strerror(it->status);
        cli_buf_puts(&rec, "{\"id\":");
        cli_buf_json_str(&rec, it->id, it->id ? strlen(it->id) : 0);
        if (!cfg->each) cli_buf_printf(&rec, ",\"line\":%lld", it->lineno);
        cli_buf_printf(&rec, ",\"error\":{\"code\":%d,\"message\":", it->status);
        cli_buf_json_str(&rec, msg, strlen(msg));
        cli_buf_puts(&rec, "}}\n");
        if (rec.failed) {
            cli_error("out of memory");
            free(rec.data);
            *code = EXIT_USAGE;
            return false;
        }
        bool ok = cli_out_write(out, rec.data, rec.len);
        free(rec.data);
        if (!ok) { *code = EXIT_USAGE; return false; }
    } else if (cfg->out == OUT_MARKDOWN ? !write_md_block(it, out) : !cli_out_write(out, "\n", 1)) {
        *code = EXIT_USAGE;
        return false;
    }
    return true;
}

static void clear_item(item *it)
{
    cli_paths_free(&it->files);
    free(it->line);
    free(it->out);
    free(it->err);
    free(it->id);
    free(it->explain);
    memset(it, 0, sizeof *it);
}

/* Write finished items from the head of the ring, in order, until at most
 * `max_items` items holding at most `max_bytes` input bytes are left
 * (waiting for the head item when needed), and then whatever else is
 * already finished at the head. Called with the mutex held; writes with it
 * released. Returns false when the batch must stop. */
static bool drain(batch *bt, cli_out *out, int *code, size_t max_items, size_t max_bytes)
{
    while (bt->head < bt->tail) {
        item *it = &bt->ring[bt->head % bt->cap];
        if (!it->done) {
            if (bt->tail - bt->head <= max_items && bt->bytes <= max_bytes) break;
            /* Sleep until the head item and up to half a ring after it are
             * done, then write them all: one wake-up per half ring. */
            size_t run = bt->tail - bt->head, half = bt->cap / 2 ? bt->cap / 2 : 1;
            bt->want = bt->head + (run < half ? run : half);
            while (!bt->ring[bt->head % bt->cap].done || (bt->done_to < bt->want && !bt->stop))
                pthread_cond_wait(&bt->done, &bt->mu);
            bt->want = 0;
            continue;
        }
        pthread_mutex_unlock(&bt->mu);
        bool ok = write_item(bt->cfg, it, out, code);
        size_t len = it->len;
        clear_item(it);
        pthread_mutex_lock(&bt->mu);
        bt->head++;
        bt->bytes -= len;
        if (!ok) {
            bt->stop = true;
            pthread_cond_broadcast(&bt->more);
            return false;
        }
    }
    return true;
}

static int summarize_batch(const sum_cfg *cfg, cli_paths *paths, cli_out *out)
{
    long jobs = cfg->jobs;
    batch bt;
    memset(&bt, 0, sizeof bt);
    bt.cfg = cfg;
    bt.cap = jobs > 1 ? (size_t)RING_PER_JOB * (size_t)jobs : 1;
    bt.ring = calloc(bt.cap, sizeof *bt.ring);
    bt.workers = calloc((size_t)jobs, sizeof *bt.workers);
    int code = EXIT_OK;
    if (!bt.ring || !bt.workers) {
        cli_error("out of memory");
        free(bt.ring);
        free(bt.workers);
        return EXIT_USAGE;
    }
    pthread_mutex_init(&bt.mu, NULL);
    pthread_cond_init(&bt.more, NULL);
    pthread_cond_init(&bt.done, NULL);
    for (long t = 0; t < jobs && code == EXIT_OK; t++) {
        worker *w = &bt.workers[t];
        w->bt = &bt;
        w->ctx = mdsum_ctx_new(NULL);
        w->cl = w->ctx ? mdsum_cluster_new(w->ctx) : NULL;
        if (!w->cl) { cli_error("out of memory"); code = EXIT_USAGE; }
    }
    for (long t = 0; jobs > 1 && t < jobs && code == EXIT_OK; t++) {
        if (pthread_create(&bt.workers[t].th, NULL, worker_main, &bt.workers[t]) != 0) {
            cli_error("cannot start worker threads");
            code = EXIT_USAGE;
        } else {
            bt.workers[t].started = true;
        }
    }
    mdsum_ctx *rctx = mdsum_ctx_new(NULL);
    if (!rctx && code == EXIT_OK) { cli_error("out of memory"); code = EXIT_USAGE; }
    bool go = code == EXIT_OK;
    /* --each: an item per argument, listed here, read by the worker. */
    for (size_t p = 0; cfg->each && p < paths->n && go; p++) {
        pthread_mutex_lock(&bt.mu);
        go = drain(&bt, out, &code, bt.cap - 1, RING_BYTES);
        pthread_mutex_unlock(&bt.mu);
        if (!go) break;
        item *it = &bt.ring[bt.tail % bt.cap];
        it->lineno = (long long)p + 1;
        it->path = paths->v[p];
        char err[4300];
        int rc = cli_expand_one(it->path, &it->files, err, sizeof err);
        if (rc) {
            /* A directory that cannot be listed is one bad cluster. */
            it->status = rc;
            it->code = rc == MDSUM_ENOMEM ? EXIT_USAGE : EXIT_BADINPUT;
            it->err = dup_mem(err, strlen(err));
            it->id = each_id(it->path);
        }
        if (jobs == 1) {
            process_item(cfg, &bt.workers[0], it, NULL, 0);
            it->done = true;
        }
        pthread_mutex_lock(&bt.mu);
        bt.tail++;
        pthread_cond_signal(&bt.more);
        pthread_mutex_unlock(&bt.mu);
    }
    for (size_t p = 0; !cfg->each && p < paths->n && go; p++) {
        const char *path = paths->v[p];
        mdsum_reader *r;
        int rc = mdsum_reader_open(rctx, path, cfg->max_bytes, &r);
        if (rc) {
            pthread_mutex_lock(&bt.mu);
            go = drain(&bt, out, &code, 0, 0);
            pthread_mutex_unlock(&bt.mu);
            if (go) {
                cli_lib_error(rctx, NULL, rc);
                code = rc == MDSUM_EIO ? EXIT_BADINPUT : cli_exit_code(rc);
                go = false;
            }
            break;
        }
        int format = cfg->in_format;
        if (format == MDSUM_FORMAT_AUTO) {
            const char *head;
            size_t hl;
            if (mdsum_reader_peek(r, &head, &hl) == MDSUM_OK) {
                int f = mdsum_format_detect(head, hl);
                format = f == MDSUM_FORMAT_JSONL ? MDSUM_FORMAT_JSONL : MDSUM_FORMAT_MULTINEWS;
            } else {
                format = MDSUM_FORMAT_MULTINEWS;
            }
        }
        const char *line;
        size_t len;
        while ((rc = mdsum_reader_line(r, &line, &len)) == 1 || rc == MDSUM_ELIMIT) {
            if (rc == MDSUM_ELIMIT) len = 0;
            /* Room for one more item: write what is finished. */
            pthread_mutex_lock(&bt.mu);
            go = drain(&bt, out, &code, bt.cap - 1, len < RING_BYTES ? RING_BYTES - len : 0);
            pthread_mutex_unlock(&bt.mu);
            if (!go) break;
            /* The slot at tail is the main thread's until tail moves past it. */
            item *it = &bt.ring[bt.tail % bt.cap];
            it->lineno = mdsum_reader_line_number(r);
            it->path = path;
            it->format = format;
            if (rc == MDSUM_ELIMIT) {
                /* A line over the size limit is one bad record (the reader
                 * skips it): it gets its error record in order, and the
                 * batch goes on or stops there like for any bad record. It
                 * goes through the workers like any other item (which pass
                 * over it), so that the head never overtakes them. */
                char msg[1024];
                cli_format_error(rctx, NULL, rc, msg, sizeof msg);
                it->err = dup_mem(msg, strlen(msg));
                it->status = rc;
            } else if (jobs > 1) {
                it->line = dup_mem(line, len);
                if (!it->line) { cli_error("out of memory"); code = EXIT_USAGE; go = false; break; }
            }
            it->len = len;
            if (jobs == 1) {
                /* Summarized before the next read: no copy of the line. */
                process_item(cfg, &bt.workers[0], it, line, len);
                it->done = true;
            }
            pthread_mutex_lock(&bt.mu);
            bt.tail++;
            bt.bytes += len;
            pthread_cond_signal(&bt.more);
            /* Without -k the batch ends at an over-limit line: write up to
             * it now and do not read on (the rest of the line may never
             * end). */
            if (rc == MDSUM_ELIMIT && !cfg->keep_going) go = drain(&bt, out, &code, 0, 0);
            pthread_mutex_unlock(&bt.mu);
            if (!go) break;
        }
        if (go && rc < 0) {
            /* I/O and decompression errors are fatal: the clusters before
             * the bad spot come first, then the error. */
            pthread_mutex_lock(&bt.mu);
            go = drain(&bt, out, &code, 0, 0);
            pthread_mutex_unlock(&bt.mu);
            if (go) {
                cli_lib_error(rctx, NULL, rc);
                code = cli_exit_code(rc);
                go = false;
            }
        }
        mdsum_reader_free(r);
    }
    pthread_mutex_lock(&bt.mu);
    if (go) drain(&bt, out, &code, 0, 0);
    bt.stop = true;
    pthread_cond_broadcast(&bt.more);
    pthread_mutex_unlock(&bt.mu);
    for (long t = 0; t < jobs; t++)
        if (bt.workers[t].started) pthread_join(bt.workers[t].th, NULL);
    /* Items left behind by an error. */
    for (size_t k = bt.head; k < bt.tail; k++) clear_item(&bt.ring[k % bt.cap]);
    pthread_cond_destroy(&bt.more);
    pthread_cond_destroy(&bt.done);
    pthread_mutex_destroy(&bt.mu);
    for (long t = 0; t < jobs; t++) {
        mdsum_cluster_free(bt.workers[t].cl);
        mdsum_ctx_free(bt.workers[t].ctx);
    }
    mdsum_ctx_free(rctx);
    free(bt.ring);
    free(bt.workers);
    return code;
}

/* ======================================================================
 * Options
 * ====================================================================== */
enum {
    OPT_LENIENT = 256, OPT_TRUNCATE, OPT_REDUNDANCY, OPT_POSITION, OPT_NO_CLEAN,
    OPT_NO_IDF, OPT_IDF, OPT_TEXT, OPT_JSON, OPT_MARKDOWN, OPT_EXPLAIN, OPT_REPORT,
    OPT_MAX_BYTES, OPT_EACH
};

static const struct option long_opts[] = {
    {"format", required_argument, NULL, 'f'},
    {"lenient", no_argument, NULL, OPT_LENIENT},
    {"keep-going", no_argument, NULL, 'k'},
    {"each", no_argument, NULL, OPT_EACH},
    {"max-bytes", required_argument, NULL, OPT_MAX_BYTES},
    {"algo", required_argument, NULL, 'a'},
    {"param", required_argument, NULL, 'P'},
    {"words", required_argument, NULL, 'w'},
    {"sentences", required_argument, NULL, 'n'},
    {"bytes", required_argument, NULL, 'b'},
    {"truncate", no_argument, NULL, OPT_TRUNCATE},
    {"lang", required_argument, NULL, 'l'},
    {"redundancy", required_argument, NULL, OPT_REDUNDANCY},
    {"position", required_argument, NULL, OPT_POSITION},
    {"no-clean", no_argument, NULL, OPT_NO_CLEAN},
    {"no-idf", no_argument, NULL, OPT_NO_IDF},
    {"idf", required_argument, NULL, OPT_IDF},
    {"text", no_argument, NULL, OPT_TEXT},
    {"json", no_argument, NULL, OPT_JSON},
    {"markdown", no_argument, NULL, OPT_MARKDOWN},
    {"output", required_argument, NULL, 'o'},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    {"report", required_argument, NULL, OPT_REPORT},
    {"jobs", required_argument, NULL, 'j'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}
};

#define MAX_BUDGET 1000000000L


int cmd_summarize(int argc, char **argv)
{
    sum_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    mdsum_options_init(&cfg.opts);
    cfg.jobs = 1;
    cfg.argc = argc;
    cfg.argv = argv;
    long words = 0, sentences = 0, bytes = 0;
    bool budget_set = false;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:ka:P:w:n:b:l:o:j:h", long_opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "auto") == 0) cfg.in_format = MDSUM_FORMAT_AUTO;
            else if (strcmp(optarg, "text") == 0) cfg.in_format = MDSUM_FORMAT_TEXT;
            else if (strcmp(optarg, "multinews") == 0) cfg.in_format = MDSUM_FORMAT_MULTINEWS;
            else if (strcmp(optarg, "jsonl") == 0) cfg.in_format = MDSUM_FORMAT_JSONL;
            else if (strcmp(optarg, "html") == 0) cfg.in_format = MDSUM_FORMAT_HTML;
            else {
                cli_error("--format: expected auto, text, html, multinews or jsonl, got '%s'", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_LENIENT: cfg.opts.flags |= MDSUM_LENIENT; break;
        case 'k': cfg.keep_going = true; break;
        case OPT_EACH: cfg.each = true; break;
        case OPT_MAX_BYTES:
            if (!cli_parse_long("--max-bytes", optarg, 1, (long)MDSUM_MAX_DOC_BYTES, &cfg.max_bytes))
                return EXIT_USAGE;
            break;
        case 'a':
            if (strcmp(optarg, "help") == 0) {
                list_algos();
                return cli_stdout_done();
            }
            cfg.opts.algo = optarg;
            break;
        case 'P': cfg.opts.params = optarg; break;
        case 'w':
            if (!cli_parse_long("--words", optarg, 1, MAX_BUDGET, &words)) return EXIT_USAGE;
            budget_set = true;
            break;
        case 'n':
            if (!cli_parse_long("--sentences", optarg, 1, MAX_BUDGET, &sentences)) return EXIT_USAGE;
            budget_set = true;
            break;
        case 'b':
            if (!cli_parse_long("--bytes", optarg, 1, MAX_BUDGET, &bytes)) return EXIT_USAGE;
            budget_set = true;
            break;
        case OPT_TRUNCATE: cfg.opts.flags |= MDSUM_TRUNCATE; break;
        case 'l':
            if (strcmp(optarg, "help") == 0) {
                list_langs();
                return cli_stdout_done();
            }
            cfg.opts.lang = optarg;
            break;
        case OPT_REDUNDANCY:
            if (!cli_parse_double("--redundancy", optarg, 1e-9, 1, &cfg.opts.redundancy)) return EXIT_USAGE;
            break;
        case OPT_POSITION:
            if (!cli_parse_double("--position", optarg, 0, 1, &cfg.opts.position)) return EXIT_USAGE;
            break;
        case OPT_NO_CLEAN: cfg.opts.flags |= MDSUM_NO_CLEAN; break;
        case OPT_NO_IDF: cfg.opts.flags |= MDSUM_NO_IDF; break;
        case OPT_IDF: cfg.opts.idf_file = optarg; break;
        case OPT_TEXT: cfg.out = OUT_TEXT; break;
        case OPT_JSON: cfg.out = OUT_JSON; break;
        case OPT_MARKDOWN: cfg.out = OUT_MARKDOWN; break;
        case 'o': cfg.output = optarg; break;
        case OPT_EXPLAIN: cfg.explain = true; break;
        case OPT_REPORT:
            if (!*optarg || strcmp(optarg, "-") == 0) {
                cli_error("--report needs a file name (the summary itself goes to standard output)");
                return EXIT_USAGE;
            }
            cfg.report = optarg;
            break;
        case 'j':
            if (!cli_parse_long("--jobs", optarg, 1, 64, &cfg.jobs)) return EXIT_USAGE;
            break;
        case 'h':
            usage(stdout);
            return cli_stdout_done();
        case ':':
            cli_error("option '%s' needs a value (see 'mdsum summarize --help')", argv[optind - 1]);
            return EXIT_USAGE;
        default:
            cli_error("unknown option '%s' (see 'mdsum summarize --help')", argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (budget_set) {
        cfg.opts.words = words;
        cfg.opts.sentences = sentences;
        cfg.opts.bytes = bytes;
    }

    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    if (!ctx) {
        cli_error("out of memory");
        return EXIT_USAGE;
    }
    int rc = mdsum_options_validate(ctx, &cfg.opts);
    if (rc) {
        cli_lib_error(ctx, NULL, rc);
        mdsum_ctx_free(ctx);
        return EXIT_USAGE;
    }
    cli_paths paths;
    if (cfg.each) {
        /* Every argument is a cluster: a directory of documents, or one
         * file. They are listed when their turn comes. */
        const char *why = NULL;
        if (optind == argc) why = "--each needs FILE or DIR arguments, one cluster each";
        else if (cfg.in_format == MDSUM_FORMAT_MULTINEWS || cfg.in_format == MDSUM_FORMAT_JSONL)
            why = "--each makes a cluster of every argument; Multi-News and JSONL input holds clusters already";
        else if (cfg.report) why = "--report shows one cluster; with --each there are many";
        for (int i = optind; !why && i < argc; i++)
            if (strcmp(argv[i], "-") == 0) why = "--each: standard input cannot be a cluster of its own";
        if (why) {
            cli_error("%s", why);
            mdsum_ctx_free(ctx);
            return EXIT_USAGE;
        }
        memset(&paths, 0, sizeof paths);
        paths.v = calloc((size_t)(argc - optind), sizeof *paths.v);
        bool ok = paths.v != NULL;
        for (int i = optind; ok && i < argc; i++) {
            paths.v[paths.n] = dup_mem(argv[i], strlen(argv[i]));
            ok = paths.v[paths.n++] != NULL;
        }
        paths.cap = paths.n;
        if (!ok) {
            cli_error("out of memory");
            cli_paths_free(&paths);
            mdsum_ctx_free(ctx);
            return EXIT_USAGE;
        }
        if (cfg.in_format == MDSUM_FORMAT_AUTO) {
            cfg.in_format = MDSUM_FORMAT_TEXT;
            cfg.auto_format = true;
        }
    } else if (!cli_expand_paths(argc - optind, argv + optind, &paths)) {
        mdsum_ctx_free(ctx);
        return EXIT_BADINPUT;
    }
    /* Decide between one cluster and batch input from the first input. */
    if (cfg.in_format == MDSUM_FORMAT_AUTO) {
        mdsum_reader *r;
        rc = mdsum_reader_open(ctx, paths.v[0], cfg.max_bytes, &r);
        if (rc) {
            cli_lib_error(ctx, NULL, rc);
            cli_paths_free(&paths);
            mdsum_ctx_free(ctx);
            return rc == MDSUM_EIO ? EXIT_BADINPUT : cli_exit_code(rc);
        }
        const char *head;
        size_t hl;
        rc = mdsum_reader_peek(r, &head, &hl);
        int f = rc == MDSUM_OK ? mdsum_format_detect(head, hl) : MDSUM_FORMAT_TEXT;
        if (strcmp(paths.v[0], "-") == 0 && f != MDSUM_FORMAT_MULTINEWS && f != MDSUM_FORMAT_JSONL)
            cfg.stdin_reader = r;   /* peeked, not consumed: the text is read from it */
        else
            mdsum_reader_free(r);
        if (strcmp(paths.v[0], "-") == 0 && (f == MDSUM_FORMAT_MULTINEWS || f == MDSUM_FORMAT_JSONL)) {
            /* Standard input cannot be read twice: name the format. */
            cli_error("standard input looks like %s: say --format %s (or --format text)",
                      f == MDSUM_FORMAT_JSONL ? "JSONL" : "Multi-News lines",
                      f == MDSUM_FORMAT_JSONL ? "jsonl" : "multinews");
            cli_paths_free(&paths);
            mdsum_ctx_free(ctx);
            return EXIT_USAGE;
        }
        cfg.in_format = f == MDSUM_FORMAT_MULTINEWS || f == MDSUM_FORMAT_JSONL ? f : MDSUM_FORMAT_TEXT;
        cfg.auto_format = cfg.in_format == MDSUM_FORMAT_TEXT;
    }
    cli_out out;
    int code;
    if (!cli_out_open(&out, cfg.output)) {
        code = EXIT_USAGE;
    } else {
        bool many = cfg.each || ((cfg.in_format == MDSUM_FORMAT_MULTINEWS ||
                                   cfg.in_format == MDSUM_FORMAT_JSONL) && !cfg.report);
        if (many)
            code = summarize_batch(&cfg, &paths, &out);
        else
            code = summarize_single(&cfg, &paths, ctx, &out);
        /* Keep-going batches finish their output even when some records
         * failed (exit 1); anything else that failed leaves no file. */
        bool keep = code == EXIT_OK || (code == EXIT_BADINPUT && cfg.keep_going && many);
        if (!cli_out_close(&out, keep) && code == EXIT_OK) code = EXIT_USAGE;
    }
    cli_paths_free(&paths);
    mdsum_reader_free(cfg.stdin_reader);
    mdsum_ctx_free(ctx);
    return code;
}
