/*
 * test_input.c -- Multi-News lines, JSONL clusters, format detection, the
 * gzip-transparent reader.
 */
#include "internal.h"
#include "test.h"

#include <unistd.h>
#include <zlib.h>

static void doc_text(mdsum_cluster *cl, size_t i, char *out, size_t cap)
{
    mdsum_doc d;
    out[0] = '\0';
    if (mdsum_cluster_doc(cl, i, &d) != MDSUM_OK) return;
    size_t n = d.text_len < cap - 1 ? d.text_len : cap - 1;
    memcpy(out, d.text, n);
    out[n] = '\0';
}

static void test_multinews(mdsum_ctx *ctx)
{
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    char buf[256];
    /* Each row: a line, the number of documents, the text of the first and
     * the last document. */
    static const struct { const char *line; size_t ndocs; const char *first, *last; } rows[] = {
        {"One doc only.", 1, "One doc only.", "One doc only."},
        {"A b. ||||| C d.", 2, "A b.", "C d."},
        {"A. NEWLINE_CHAR NEWLINE_CHAR B. ||||| C.\n", 2, "A.\n\nB.", "C."},
        {"x NEWLINE_CHAR y", 1, "x\ny", "x\ny"},
        {"A. |||||  ||||| B.", 2, "A.", "B."},                /* empty documents are skipped */
        {"||||| Only second", 1, "Only second", "Only second"},
        {"||||| |||||", 0, "", ""},
        {"a||||b ||||| c", 2, "a||||b", "c"},                 /* four bars are text */
        {"", 0, "", ""},
        {"A.\r\n", 1, "A.", "A."},
        /* The scrape's character references become characters ... */
        {"Smith &amp; Wesson &#124; photo ||||| &lt;b&gt; &quot;q&quot; &apos;s&nbsp;x", 2,
         "Smith & Wesson | photo", "<b> \"q\" 's x"},
        {"&#x2019;s &#8217; &#X1F600; &#160;", 1, "\xE2\x80\x99s \xE2\x80\x99 \xF0\x9F\x98\x80 \xC2\xA0",
         "\xE2\x80\x99s \xE2\x80\x99 \xF0\x9F\x98\x80 \xC2\xA0"},
        /* ... but not controls, surrogates, out of range, unknown names or
         * unfinished ones. */
        {"&#0; &#9; &#127; &#55296; &#x110000; &#12345678; &amp &ampx; &bogus; at&t; &#x; &#12", 1,
         "&#0; &#9; &#127; &#55296; &#x110000; &#12345678; &amp &ampx; &bogus; at&t; &#x; &#12",
         "&#0; &#9; &#127; &#55296; &#x110000; &#12345678; &amp &ampx; &bogus; at&t; &#x; &#12"},
        {"&", 1, "&", "&"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        mdsum_cluster_clear(cl);
        CHECK_EQ_INT(mdsum_cluster_add_multinews(cl, rows[i].line, strlen(rows[i].line), 0), MDSUM_OK);
        size_t n = mdsum_cluster_doc_count(cl);
        if (n != rows[i].ndocs) fprintf(stderr, "row %zu\n", i);
        CHECK_EQ_INT(n, rows[i].ndocs);
        if (n) {
            doc_text(cl, 0, buf, sizeof buf);
            CHECK_EQ_STR(buf, rows[i].first);
            doc_text(cl, n - 1, buf, sizeof buf);
            CHECK_EQ_STR(buf, rows[i].last);
        }
    }
    /* Invalid UTF-8: the error gives the offset within the line. */
    mdsum_cluster_clear(cl);
    const char bad[] = "Good doc. ||||| Bad \xff doc.";
    CHECK_EQ_INT(mdsum_cluster_add_multinews(cl, bad, sizeof bad - 1, 0), MDSUM_EUTF8);
    CHECK_EQ_INT(mdsum_ctx_error(ctx)->offset, 20);
    CHECK_EQ_INT(mdsum_ctx_error(ctx)->doc, 1);
    mdsum_cluster_clear(cl);
    CHECK_EQ_INT(mdsum_cluster_add_multinews(cl, bad, sizeof bad - 1, MDSUM_LENIENT), MDSUM_OK);
    doc_text(cl, 1, buf, sizeof buf);
    CHECK_EQ_STR(buf, "Bad \xef\xbf\xbd doc.");
    mdsum_cluster_free(cl);
}

static void test_jsonl(mdsum_ctx *ctx)
{
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    char buf[256];
    const char *ok1 = "{\"id\": \"c1\", \"documents\": [\"First.\", \"Second.\"]}";
    CHECK_EQ_INT(mdsum_cluster_add_jsonl(cl, ok1, strlen(ok1), 0), MDSUM_OK);
    CHECK_EQ_STR(mdsum_cluster_id(cl), "c1");
    CHECK_EQ_INT(mdsum_cluster_doc_count(cl), 2);
    doc_text(cl, 1, buf, sizeof buf);
    CHECK_EQ_STR(buf, "Second.");

    mdsum_cluster_clear(cl);
    const char *ok2 = "{\"id\": 17, \"documents\": [{\"id\": \"a\", \"title\": \"T\", \"date\": \"2031-03-14\","
                      " \"url\": \"https://x.invalid/a\", \"site\": \"X\", \"author\": \"Q\", \"text\": \"Body \\u00e9.\"}]}";
    CHECK_EQ_INT(mdsum_cluster_add_jsonl(cl, ok2, strlen(ok2), 0), MDSUM_OK);
    CHECK_EQ_STR(mdsum_cluster_id(cl), "17");
    mdsum_doc d;
    CHECK_EQ_INT(mdsum_cluster_doc(cl, 0, &d), MDSUM_OK);
    CHECK_EQ_STR(d.id, "a");
    CHECK_EQ_STR(d.title, "T");
    CHECK_EQ_STR(d.date, "2031-03-14");
    CHECK_EQ_STR(d.url, "https://x.invalid/a");
    CHECK_EQ_STR(d.site, "X");
    CHECK_EQ_STR(d.author, "Q");
    doc_text(cl, 0, buf, sizeof buf);
    CHECK_EQ_STR(buf, "Body \xc3\xa9.");

    /* Each row: a malformed line and the status it must give. */
    static const struct { const char *line; int rc; } bad[] = {
        {"{\"id\": 1, \"documents\": [\"a\"", MDSUM_EFORMAT},          /* truncated */
        {"[1, 2]", MDSUM_EFORMAT},                                      /* not an object */
        {"{\"id\": 1}", MDSUM_EFORMAT},                                 /* no documents */
        {"{\"documents\": \"x\"}", MDSUM_EFORMAT},                      /* not an array */
        {"{\"documents\": [3]}", MDSUM_EFORMAT},                        /* not a string */
        {"{\"documents\": [{\"title\": \"x\"}]}", MDSUM_EFORMAT},       /* no text */
        {"{\"documents\": [{\"text\": \"x\", \"title\": 5}]}", MDSUM_EFORMAT},
        {"{\"id\": [1], \"documents\": []}", MDSUM_EFORMAT},
        {"{\"documents\": [\"nul \\u0000 inside\"]}", MDSUM_EUTF8},     /* NUL in text */
        {"", MDSUM_EFORMAT},
        {"{\"documents\": [\"a\"]} trailing", MDSUM_EFORMAT},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mdsum_cluster_clear(cl);
        int rc = mdsum_cluster_add_jsonl(cl, bad[i].line, strlen(bad[i].line), 0);
        if (rc != bad[i].rc) fprintf(stderr, "bad row %zu: %d\n", i, rc);
        CHECK_EQ_INT(rc, bad[i].rc);
        CHECK(mdsum_ctx_error(ctx)->message[0] != '\0');
    }
    /* The position of a syntax error is reported. */
    mdsum_cluster_clear(cl);
    const char *syn = "{\"documents\": [\"a\",, \"b\"]}";
    CHECK_EQ_INT(mdsum_cluster_add_jsonl(cl, syn, strlen(syn), 0), MDSUM_EFORMAT);
    CHECK(mdsum_ctx_error(ctx)->offset >= 18 && mdsum_ctx_error(ctx)->offset <= 21);
    /* Deep nesting is refused cleanly, not by a crash. */
    size_t depth = 100000;
    char *deep = malloc(2 * depth + 64);
    strcpy(deep, "{\"documents\": [\"a\"], \"x\": ");
    size_t o = strlen(deep);
    for (size_t i = 0; i < depth; i++) deep[o++] = '[';
    for (size_t i = 0; i < depth; i++) deep[o++] = ']';
    deep[o++] = '}';
    mdsum_cluster_clear(cl);
    CHECK_EQ_INT(mdsum_cluster_add_jsonl(cl, deep, o, 0), MDSUM_EFORMAT);
    free(deep);
    mdsum_cluster_free(cl);
}

static void test_detect(void)
{
    /* Each row: the start of an input and the format it must be taken for. */
    static const struct { const char *in; int fmt; } rows[] = {
        {"Plain text. Another sentence.", MDSUM_FORMAT_TEXT},
        {"Doc one ||||| doc two", MDSUM_FORMAT_MULTINEWS},
        {"Line NEWLINE_CHAR NEWLINE_CHAR more", MDSUM_FORMAT_MULTINEWS},
        {"{\"id\": 1, \"documents\": [\"a\"]}\n{\"id\": 2", MDSUM_FORMAT_JSONL},
        {"{not json at all", MDSUM_FORMAT_TEXT},
        {"{\"other\": 1}", MDSUM_FORMAT_TEXT},
        {"\xef\xbb\xbf<!DOCTYPE html><html><body>x</body></html>", MDSUM_FORMAT_HTML},
        {"  <html lang=en>", MDSUM_FORMAT_HTML},
        {"<b>bold</b> text", MDSUM_FORMAT_TEXT},
        {"", MDSUM_FORMAT_TEXT},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        CHECK_EQ_INT(mdsum_format_detect(rows[i].in, strlen(rows[i].in)), rows[i].fmt);
}

static void test_reader(mdsum_ctx *ctx)
{
    char path[] = "/tmp/mdsum_test_reader_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    gzFile gz = gzopen(path, "wb");
    gzputs(gz, "line one\r\nline two\n\nlast without newline");
    gzclose(gz);
    mdsum_reader *r;
    CHECK_EQ_INT(mdsum_reader_open(ctx, path, 0, &r), MDSUM_OK);
    const char *peek;
    size_t pl;
    CHECK_EQ_INT(mdsum_reader_peek(r, &peek, &pl), MDSUM_OK);
    CHECK(pl == 40 && memcmp(peek, "line one", 8) == 0);
    const char *line;
    size_t len;
    const char *want[] = {"line one", "line two", "", "last without newline"};
    for (int i = 0; i < 4; i++) {
        CHECK_EQ_INT(mdsum_reader_line(r, &line, &len), 1);
        CHECK(len == strlen(want[i]) && memcmp(line, want[i], len) == 0);
        CHECK_EQ_INT(mdsum_reader_line_number(r), i + 1);
    }
    CHECK_EQ_INT(mdsum_reader_line(r, &line, &len), 0);
    mdsum_reader_free(r);

    /* Size limit: a line longer than max_bytes is refused. */
    CHECK_EQ_INT(mdsum_reader_open(ctx, path, 10, &r), MDSUM_OK);
    CHECK_EQ_INT(mdsum_reader_line(r, &line, &len), 1);
    CHECK_EQ_INT(mdsum_reader_line(r, &line, &len), 1);
    CHECK_EQ_INT(mdsum_reader_line(r, &line, &len), 1);
    CHECK_EQ_INT(mdsum_reader_line(r, &line, &len), MDSUM_ELIMIT);
    mdsum_reader_free(r);
    CHECK_EQ_INT(mdsum_reader_open(ctx, path, 10, &r), MDSUM_OK);
    CHECK_EQ_INT(mdsum_reader_all(r, &line, &len), MDSUM_ELIMIT);
    mdsum_reader_free(r);

    /* A truncated gzip stream is an error, not silent data loss. */
    FILE *fp = fopen(path, "r+b");
    fseek(fp, 0, SEEK_END);
    long sz = ftell(fp);
    fclose(fp);
    CHECK(truncate(path, sz - 6) == 0);
    CHECK_EQ_INT(mdsum_reader_open(ctx, path, 0, &r), MDSUM_OK);
    int rc = mdsum_reader_all(r, &line, &len);
    CHECK(rc == MDSUM_EFORMAT || rc == MDSUM_EIO);
    mdsum_reader_free(r);
    unlink(path);

    CHECK_EQ_INT(mdsum_reader_open(ctx, "/nonexistent/file", 0, &r), MDSUM_EIO);
    CHECK(strstr(mdsum_ctx_error(ctx)->message, "/nonexistent/file") != NULL);
    CHECK_EQ_INT(mdsum_reader_open(ctx, "/tmp", 0, &r), MDSUM_EIO);
    CHECK(strstr(mdsum_ctx_error(ctx)->message, "directory") != NULL);
}

int main(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    test_multinews(ctx);
    test_jsonl(ctx);
    test_detect();
    test_reader(ctx);
    mdsum_ctx_free(ctx);
    return test_finish("test_input");
}
