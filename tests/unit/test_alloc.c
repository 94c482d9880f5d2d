/*
 * test_alloc.c -- allocation failure injection across the library.
 *
 * Every scenario below is a typical use of one surface of the API (the
 * summarize pipeline with every ranker and every rendering, the JSONL and
 * Multi-News parsers, repair of bad UTF-8, the segmenter and tokenizer,
 * ROUGE with both scorers, the XML and SEE readers, the file reader, the
 * IDF builder, the HTML report). It first runs with an allocator that
 * counts; then, for every allocation N it made, once with only allocation N
 * failing and once with every allocation from N on failing. Each run must
 * end with MDSUM_OK or MDSUM_ENOMEM (with the context's error saying so),
 * free every block (nothing leaked, nothing freed twice or from elsewhere),
 * and pass `realloc` the true old size (pool allocators rely on it).
 *
 * Not covered, because they do not take our allocator: jansson's parse
 * trees (its allocator is process-global), zlib's stream state, libxml2,
 * and Snowball stemmers. Their failures still surface as statuses, but
 * cannot be injected here.
 *
 * MDSUM_ALLOC_STRIDE=K tries only every K-th allocation (for valgrind).
 */
#include "internal.h"
#include "test.h"
#include "test_support.h"

#include <stdio.h>
#include <unistd.h>
#include <zlib.h>

/* ---- Inputs ---------------------------------------------------------------- */
static char *texts[3];
static size_t lens[3];
static char tmp_plain[64], tmp_gz[64];

/* ---- Scenarios: each returns the first failing status ---------------------- */
typedef int (*scenario_fn)(mdsum_ctx *ctx);

#define TRY(call) do { int rc_ = (call); if (rc_) return rc_; } while (0)

static int add_examples(mdsum_cluster *cl, unsigned flags)
{
    for (int i = 0; i < 3; i++) {
        mdsum_doc d = {0};
        d.id = test_example_files[i];
        d.title = "Title";
        d.url = "https://example.org/a";
        d.text = texts[i];
        d.text_len = lens[i];
        TRY(mdsum_cluster_add(cl, &d, flags));
    }
    return MDSUM_OK;
}

/* Summarize, then every rendering and the support lists. */
static int summarize_render(mdsum_ctx *ctx, mdsum_cluster *cl, const mdsum_options *o)
{
    mdsum_summary *s = NULL;
    int rc = mdsum_summarize(ctx, cl, o, &s);
    static const int formats[] = {MDSUM_RENDER_TEXT, MDSUM_RENDER_JSON, MDSUM_RENDER_MARKDOWN,
                                  MDSUM_RENDER_LINE};
    for (size_t f = 0; rc == MDSUM_OK && f < 4; f++) {
        char *out = NULL;
        size_t n;
        rc = mdsum_render(ctx, cl, s, formats[f], &out, &n);
        mdsum_free(ctx, out);
    }
    for (size_t i = 0; rc == MDSUM_OK && i < mdsum_summary_count(s); i++) {
        size_t n;
        rc = mdsum_summary_support(s, i, NULL, 0, &n);
    }
    mdsum_summary_free(s);
    return rc;
}

static int sc_summarize(mdsum_ctx *ctx)
{
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    if (!cl) return MDSUM_ENOMEM;
    int rc = add_examples(cl, 0);
    for (size_t a = 0; rc == MDSUM_OK && a < mdsum_algo_count(); a++) {
        mdsum_algo_info info;
        mdsum_algo_info_get(a, &info);
        mdsum_options o;
        mdsum_options_init(&o);
        o.algo = info.name;
        o.flags = a & 1 ? MDSUM_TRUNCATE : 0;
        o.position = a & 1 ? 0.3 : 0;
        rc = summarize_render(ctx, cl, &o);
    }
    if (rc == MDSUM_OK) {
        /* Other settings analyse again: no cleaning, no IDF, a language. */
        mdsum_options o;
        mdsum_options_init(&o);
        o.flags = MDSUM_NO_CLEAN | MDSUM_NO_IDF;
        o.lang = "auto";
        o.sentences = 3;
        rc = summarize_render(ctx, cl, &o);
    }
    if (rc == MDSUM_OK) {
        mdsum_options o;
        mdsum_options_init(&o);
        size_t n = 0;
        rc = mdsum_cluster_analyze(ctx, cl, &o);
        if (rc == MDSUM_OK) n = mdsum_cluster_sentence_count(cl);
        double *scores = calloc(n ? n : 1, sizeof *scores);   /* the caller's, not ours */
        if (rc == MDSUM_OK) rc = mdsum_rank(ctx, cl, &o, scores);
        free(scores);
    }
    mdsum_cluster_free(cl);
    return rc;
}

static int sc_report(mdsum_ctx *ctx)
{
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    if (!cl) return MDSUM_ENOMEM;
    int rc = add_examples(cl, 0);
    mdsum_summary *s = NULL;
    mdsum_options o;
    mdsum_options_init(&o);
    if (rc == MDSUM_OK) rc = mdsum_summarize(ctx, cl, &o, &s);
    if (rc == MDSUM_OK) {
        mdsum_report_info info;
        mdsum_report_info_init(&info);
        info.command = "mdsum summarize --report x.html";
        char *html = NULL;
        size_t n;
        rc = mdsum_report_render(ctx, cl, s, &info, &html, &n);
        mdsum_free(ctx, html);
    }
    mdsum_summary_free(s);
    mdsum_cluster_free(cl);
    return rc;
}

static int sc_jsonl(mdsum_ctx *ctx)
{
    static const char line[] =
        "{\"id\": \"c1\", \"documents\": ["
        "\"The council voted on Monday to reopen the harbor bridge to cyclists. The repairs cost "
        "four million dollars, officials said.\", "
        "{\"id\": 7, \"title\": \"Bridge reopens\", \"date\": \"2024-05-01\", \"url\": "
        "\"https://example.org/b\", \"site\": \"Example\", \"author\": \"A. Writer\", \"text\": "
        "\"Cyclists cheered as the bridge reopened on Monday morning. It had been closed since "
        "an inspection in 2021 found cracks.\"}]}";
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    if (!cl) return MDSUM_ENOMEM;
    int rc = mdsum_cluster_add_jsonl(cl, line, sizeof line - 1, 0);
    mdsum_options o;
    mdsum_options_init(&o);
    if (rc == MDSUM_OK) rc = summarize_render(ctx, cl, &o);
    /* Raw bad bytes repaired under MDSUM_LENIENT. */
    static const char bad[] = "{\"documents\": [\"Bad \xff byte in this document here.\"]}";
    mdsum_cluster_clear(cl);
    if (rc == MDSUM_OK) rc = mdsum_cluster_add_jsonl(cl, bad, sizeof bad - 1, MDSUM_LENIENT);
    mdsum_cluster_free(cl);
    return rc;
}

static int sc_multinews(mdsum_ctx *ctx)
{
    static const char line[] =
        "Harbor bridge reopens NEWLINE_CHAR NEWLINE_CHAR The council voted on Monday to reopen "
        "the bridge . ||||| Cyclists cheered as the bridge reopened . NEWLINE_CHAR The repairs "
        "cost $4.2 million . ||||| ||||| The bridge , built in 1921 , closed in 2021 .\n";
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    if (!cl) return MDSUM_ENOMEM;
    int rc = mdsum_cluster_add_multinews(cl, line, sizeof line - 1, 0);
    mdsum_options o;
    mdsum_options_init(&o);
    o.algo = "centroid";
    if (rc == MDSUM_OK) rc = summarize_render(ctx, cl, &o);
    mdsum_cluster_free(cl);
    return rc;
}

static int sc_lenient(mdsum_ctx *ctx)
{
    static const char text[] = "Bad \xc3\x28 byte and NUL \0 here in this text. Another "
                               "sentence follows with more words in it.";
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    if (!cl) return MDSUM_ENOMEM;
    mdsum_doc d = {0};
    d.text = text;
    d.text_len = sizeof text - 1;
    d.id = "bad\xff id";
    int rc = mdsum_cluster_add(cl, &d, MDSUM_LENIENT);
    mdsum_options o;
    mdsum_options_init(&o);
    o.flags = MDSUM_LENIENT;
    if (rc == MDSUM_OK) rc = summarize_render(ctx, cl, &o);
    mdsum_cluster_free(cl);
    return rc;
}

static int sc_split_tokenize(mdsum_ctx *ctx)
{
    mdsum_span *sp = NULL;
    size_t n;
    int rc = mdsum_split_opts(ctx, texts[0], lens[0], "en", MDSUM_SPLIT_JOIN_WRAPPED, &sp, &n);
    mdsum_free(ctx, sp);
    sp = NULL;
    if (rc == MDSUM_OK) rc = mdsum_split(ctx, texts[1], lens[1], "auto", &sp, &n);
    mdsum_free(ctx, sp);
    mdsum_token *tk = NULL;
    if (rc == MDSUM_OK) rc = mdsum_tokenize(ctx, texts[2], lens[2], "en", 0, &tk, &n);
    mdsum_free(ctx, tk);
    const char *code;
    if (rc == MDSUM_OK) rc = mdsum_lang_detect(ctx, texts[0], lens[0], &code);
    return rc;
}

static int sc_rouge(mdsum_ctx *ctx)
{
    static const char *const refs[] = {"a cat was sitting on the mat\nthe cat was happy",
                                       "the mat had a cat on it"};
    static const char sys[] = "the cat sat on the mat\nit was happy";
    static const char jl[] = "{\"id\": \"j\", \"system\": [\"the cats sat\"], \"references\": "
                             "[\"a cat sat on it\", [\"the\", \"cat\"]]}";
    int rc = MDSUM_OK;
    for (int scorer = 0; scorer < 2 && rc == MDSUM_OK; scorer++) {
        mdsum_rouge_opts o;
        mdsum_rouge_opts_init(&o);
        o.scorer = scorer;
        o.skip = 1;
        o.skip_mode = MDSUM_ROUGE_SKIP_BOTH;
        o.wlcs_weight = 1.2;
        o.stopwords = 1;
        o.resamples = 50;
        mdsum_rouge *r = NULL;
        rc = mdsum_rouge_new(ctx, &o, &r);
        if (rc == MDSUM_OK) rc = mdsum_rouge_add(r, "e1", sys, sizeof sys - 1, refs, NULL, 2);
        if (rc == MDSUM_OK) rc = mdsum_rouge_add(r, NULL, sys, 10, refs + 1, NULL, 1);
        if (rc == MDSUM_OK) rc = mdsum_rouge_add_jsonl(r, jl, sizeof jl - 1);
        for (size_t m = 0; rc == MDSUM_OK && m < mdsum_rouge_metric_count(r); m++) {
            mdsum_rouge_result res;
            rc = mdsum_rouge_result_get(r, m, &res);
        }
        for (int f = 0; rc == MDSUM_OK && f < 2; f++) {
            char *out = NULL;
            rc = mdsum_rouge_render(r, f, MDSUM_ROUGE_PER_EVAL, &out, NULL);
            mdsum_free(ctx, out);
        }
        if (rc == MDSUM_OK) {
            char *d = NULL;
            rc = mdsum_rouge_opts_describe(ctx, &o, &d);
            mdsum_free(ctx, d);
        }
        mdsum_rouge_free(r);
    }
    return rc;
}

static int sc_rouge_files(mdsum_ctx *ctx)
{
    static const char xml[] =
        "<ROUGE-EVAL version=\"1.0\"><EVAL ID=\"1\"><PEER-ROOT>p</PEER-ROOT><MODEL-ROOT>m"
        "</MODEL-ROOT><INPUT-FORMAT TYPE=\"SEE\"></INPUT-FORMAT><PEERS><P ID=\"B\">b.html</P>"
        "<P ID=\"A\">a.html</P></PEERS><MODELS><M ID=\"x\">x.html</M><M ID=\"y\">y.html</M>"
        "</MODELS></EVAL><EVAL ID=\"2\"><PEER-ROOT>p</PEER-ROOT><MODEL-ROOT>m</MODEL-ROOT>"
        "<INPUT-FORMAT TYPE=\"SPL\"></INPUT-FORMAT><PEERS><P ID=\"A\">a2</P></PEERS><MODELS>"
        "<M ID=\"x\">x2</M></MODELS></EVAL></ROUGE-EVAL>";
    static const char see[] = "<html>\n<a name=\"1\">[1]</a> <a href=\"#1\" id=1>the cat sat</a>\n"
                              "<a name=\"2\">[2]</a> <a href=\"#2\" id=2>on the mat</a>\n</html>\n";
    mdsum_rouge_config *c = NULL;
    int rc = mdsum_rouge_config_read(ctx, xml, sizeof xml - 1, &c);
    if (rc == MDSUM_OK) {
        const char *const *ids;
        size_t n;
        rc = mdsum_rouge_config_peers(c, &ids, &n);
    }
    mdsum_rouge_config_free(c);
    char *out = NULL;
    size_t n;
    if (rc == MDSUM_OK) rc = mdsum_rouge_see_text(ctx, see, sizeof see - 1, &out, &n);
    mdsum_free(ctx, out);
    return rc;
}

static int read_all_lines(mdsum_ctx *ctx, const char *path)
{
    mdsum_reader *r = NULL;
    int rc = mdsum_reader_open(ctx, path, 64, &r);
    const char *line;
    size_t len;
    if (rc == MDSUM_OK) rc = mdsum_reader_peek(r, &line, &len);
    /* Lines until the end (0); the long one is skipped with MDSUM_ELIMIT. */
    if (rc == MDSUM_OK) rc = 1;
    while (rc == 1 || rc == MDSUM_ELIMIT) rc = mdsum_reader_line(r, &line, &len);
    mdsum_reader_free(r);
    if (rc) return rc;
    rc = mdsum_reader_open(ctx, path, 0, &r);
    if (rc == MDSUM_OK) rc = mdsum_reader_all(r, &line, &len);
    mdsum_reader_free(r);
    return rc;
}

static int sc_reader(mdsum_ctx *ctx)
{
    int rc = read_all_lines(ctx, tmp_plain);
    if (rc == MDSUM_OK) rc = read_all_lines(ctx, tmp_gz);
    return rc;
}

static int sc_idf(mdsum_ctx *ctx)
{
    mdsum_idf_builder *b = NULL;
    int rc = mdsum_idf_builder_new(ctx, "en", &b);
    for (int i = 0; rc == MDSUM_OK && i < 3; i++) rc = mdsum_idf_builder_add(b, texts[i], lens[i], 0);
    char *out = NULL;
    size_t n;
    if (rc == MDSUM_OK) rc = mdsum_idf_builder_write(b, 1, &out, &n);
    mdsum_free(ctx, out);
    mdsum_idf_builder_free(b);
    return rc;
}

/* ---- The harness ---------------------------------------------------------- */
static int run_once(scenario_fn fn, test_fail_alc *f, int *err_code)
{
    mdsum_allocator a = test_fail_allocator(f);
    mdsum_ctx *ctx = mdsum_ctx_new(&a);
    if (!ctx) return MDSUM_ENOMEM;
    int rc = fn(ctx);
    *err_code = mdsum_ctx_error(ctx)->code;
    mdsum_ctx_free(ctx);
    return rc;
}

static void check_scenario(const char *name, scenario_fn fn, long stride)
{
    test_fail_alc f = {0};
    int code;
    CHECK_EQ_INT(run_once(fn, &f, &code), MDSUM_OK);
    CHECK_EQ_INT(f.live, 0);
    CHECK_EQ_INT(f.bad_size, 0);
    CHECK_EQ_INT(f.foreign, 0);
    long total = f.calls;
    CHECK(total > 0);
    long runs = 0, bad_rc = 0, bad_err = 0, leaks = 0, bad_size = 0, foreign = 0;
    for (int after = 0; after < 2; after++) {
        for (long n = 1; n <= total; n += stride) {
            test_fail_alc g = {0};
            g.fail_at = n;
            g.fail_after = after;
            int rc = run_once(fn, &g, &code);
            runs++;
            /* Failing an allocation whose caller has a fallback (a cache
             * that is filled later) may still succeed: what matters is a
             * clean status, the error recorded, and nothing leaked. */
            if (rc != MDSUM_OK && rc != MDSUM_ENOMEM) {
                bad_rc++;
                fprintf(stderr, "%s: allocation %ld%s failed: status %d\n", name, n,
                        after ? " on" : "", rc);
            } else if (rc == MDSUM_ENOMEM && code != MDSUM_ENOMEM && g.calls > 1) {
                bad_err++;
                fprintf(stderr, "%s: allocation %ld%s failed: MDSUM_ENOMEM but the context says %d\n",
                        name, n, after ? " on" : "", code);
            }
            if (g.live) {
                leaks++;
                fprintf(stderr, "%s: allocation %ld%s failed: %ld blocks leaked\n", name, n,
                        after ? " on" : "", g.live);
            }
            bad_size += g.bad_size != 0;
            foreign += g.foreign != 0;
        }
    }
    CHECK_EQ_INT(bad_rc, 0);
    CHECK_EQ_INT(bad_err, 0);
    CHECK_EQ_INT(leaks, 0);
    CHECK_EQ_INT(bad_size, 0);
    CHECK_EQ_INT(foreign, 0);
    fprintf(stderr, "%-16s %5ld allocations, %5ld failing runs\n", name, total, runs);
}

int main(void)
{
    if (test_example_load(texts, lens) != 0) return 1;
    /* Reader input: the examples as lines, one longer than the limit of 64
     * bytes that read_all_lines uses; plain and gzip. */
    snprintf(tmp_plain, sizeof tmp_plain, "/tmp/mdsum_alloc_XXXXXX");
    snprintf(tmp_gz, sizeof tmp_gz, "/tmp/mdsum_alloc_gz_XXXXXX");
    int fd1 = mkstemp(tmp_plain), fd2 = mkstemp(tmp_gz);
    CHECK(fd1 >= 0 && fd2 >= 0);
    static const char lines[] = "short line\r\nanother one\n\n"
                                "a line that is longer than sixty-four bytes, which the reader skips\n"
                                "last line without a newline";
    CHECK(write(fd1, lines, sizeof lines - 1) == (ssize_t)(sizeof lines - 1));
    close(fd1);
    close(fd2);
    gzFile gz = gzopen(tmp_gz, "wb");
    gzwrite(gz, lines, sizeof lines - 1);
    gzclose(gz);

    long stride = 1;
    const char *s = getenv("MDSUM_ALLOC_STRIDE");
    if (s && atol(s) > 0) stride = atol(s);
    static const struct { const char *name; scenario_fn fn; } scenarios[] = {
        /* One row per API surface; a new public call belongs in a row. */
        {"summarize", sc_summarize},
        {"report", sc_report},
        {"jsonl", sc_jsonl},
        {"multinews", sc_multinews},
        {"lenient", sc_lenient},
        {"split/tokenize", sc_split_tokenize},
        {"rouge", sc_rouge},
        {"rouge xml/see", sc_rouge_files},
        {"reader", sc_reader},
        {"idf builder", sc_idf},
    };
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++)
        check_scenario(scenarios[i].name, scenarios[i].fn, stride);
    unlink(tmp_plain);
    unlink(tmp_gz);
    for (int i = 0; i < 3; i++) free(texts[i]);
    return test_finish("test_alloc");
}
