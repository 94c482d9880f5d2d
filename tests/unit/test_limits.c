/*
 * test_limits.c -- the documented limits (docs/limits.md) and what happens
 * beyond them: lines over the reader's limit are skipped and reported with
 * their number, with the reader's buffer bounded by the limit whatever the
 * line's length; whole inputs and gzip streams stop at the limit; JSON
 * nested too deep is malformed; error messages stay one line of valid
 * UTF-8 whatever input they quote; raw bad bytes in JSONL lines are
 * repaired under MDSUM_LENIENT.
 */
#include "internal.h"
#include "test.h"

#include <stdio.h>
#include <unistd.h>
#include <zlib.h>

/* ---- An allocator that records the largest block ------------------------ */
typedef struct big_alc {
    size_t largest;
} big_alc;

static void *b_malloc(void *ud, size_t n)
{
    big_alc *b = ud;
    if (n > b->largest) b->largest = n;
    return malloc(n);
}

static void *b_realloc(void *ud, void *p, size_t old, size_t n)
{
    (void)old;
    big_alc *b = ud;
    if (n > b->largest) b->largest = n;
    return realloc(p, n);
}

static void b_free(void *ud, void *p)
{
    (void)ud;
    free(p);
}

static void write_file(const char *path, const char *data, size_t n, bool gz)
{
    if (gz) {
        gzFile g = gzopen(path, "wb");
        CHECK(g != NULL);
        /* gzwrite takes an unsigned length: write in pieces. */
        for (size_t o = 0; o < n;) {
            unsigned k = n - o > (1u << 30) ? 1u << 30 : (unsigned)(n - o);
            CHECK(gzwrite(g, data + o, k) == (int)k);
            o += k;
        }
        gzclose(g);
    } else {
        FILE *fp = fopen(path, "wb");
        CHECK(fp != NULL);
        CHECK(fwrite(data, 1, n, fp) == n);
        fclose(fp);
    }
}

static void test_reader_lines(mdsum_ctx *ctx, const char *path, bool gz)
{
    /* Each row: a line as the reader should return it, or NULL for a line
     * over the limit of 64 bytes (then `n` is its length). Rows cover: a
     * short line, lines over the limit (with and without a newline at the
     * end of the input), a line of exactly the limit followed by "\r\n"
     * (the "\r" is not counted), one byte over, an empty line. */
    static const struct { const char *line; size_t n; } rows[] = {
        {"short", 0},
        {NULL, 100},
        {"after a long one", 0},
        {"0123456789012345678901234567890123456789012345678901234567890123", 0},  /* 64 + \r */
        {NULL, 65},
        {"", 0},
        {NULL, 70},   /* last, no newline */
    };
    const size_t nrows = sizeof rows / sizeof rows[0];
    strbuf b;
    alc_t alc;
    alc_init(&alc, NULL);
    buf_init(&b, &alc);
    for (size_t i = 0; i < nrows; i++) {
        if (rows[i].line) buf_puts(&b, rows[i].line);
        else for (size_t k = 0; k < rows[i].n; k++) buf_putc(&b, (char)('a' + k % 26));
        if (i == 3) buf_putc(&b, '\r');
        if (i + 1 < nrows) buf_putc(&b, '\n');
    }
    write_file(path, b.data, b.len, gz);
    buf_fini(&b);

    mdsum_reader *r;
    CHECK_EQ_INT(mdsum_reader_open(ctx, path, 64, &r), MDSUM_OK);
    for (size_t i = 0; i < nrows; i++) {
        const char *line;
        size_t len;
        int rc = mdsum_reader_line(r, &line, &len);
        CHECK_EQ_INT(mdsum_reader_line_number(r), i + 1);
        if (rows[i].line) {
            CHECK_EQ_INT(rc, 1);
            CHECK(rc == 1 && len == strlen(rows[i].line) && memcmp(line, rows[i].line, len) == 0);
        } else {
            CHECK_EQ_INT(rc, MDSUM_ELIMIT);
            char want[128];
            snprintf(want, sizeof want, ":%zu: %s is longer than the limit of 64 bytes", i + 1,
                     gz ? "decompressed line" : "line");
            CHECK(strstr(mdsum_ctx_error(ctx)->message, want) != NULL);
        }
    }
    const char *line;
    size_t len;
    CHECK_EQ_INT(mdsum_reader_line(r, &line, &len), 0);
    CHECK_EQ_INT(mdsum_reader_line(r, &line, &len), 0);
    mdsum_reader_free(r);

    /* The whole input: over the limit. */
    CHECK_EQ_INT(mdsum_reader_open(ctx, path, 64, &r), MDSUM_OK);
    CHECK_EQ_INT(mdsum_reader_all(r, &line, &len), MDSUM_ELIMIT);
    CHECK(strstr(mdsum_ctx_error(ctx)->message,
                 gz ? "decompressed size exceeds 64 bytes" : "input is larger than the limit of 64 bytes") !=
          NULL);
    mdsum_reader_free(r);
}

/* A 20 MB line without a newline, and 20 MB of NUL bytes in gzip (a small
 * bomb): with a limit of 1 MB the reader never holds more than the limit
 * plus two read chunks. */
static void test_reader_bounded(const char *path)
{
    size_t n = (size_t)20 << 20;
    char *data = malloc(n);
    CHECK(data != NULL);
    if (!data) return;
    memset(data, 'x', n);
    data[n - 1] = '\n';
    for (int gz = 0; gz < 2; gz++) {
        if (gz) memset(data, 0, n);
        write_file(path, data, n, gz);
        big_alc ba = {0};
        mdsum_allocator a = {b_malloc, b_realloc, b_free, &ba};
        mdsum_ctx *ctx = mdsum_ctx_new(&a);
        mdsum_reader *r;
        CHECK_EQ_INT(mdsum_reader_open(ctx, path, (size_t)1 << 20, &r), MDSUM_OK);
        const char *line;
        size_t len;
        CHECK_EQ_INT(mdsum_reader_line(r, &line, &len), MDSUM_ELIMIT);
        CHECK_EQ_INT(mdsum_reader_line(r, &line, &len), 0);
        mdsum_reader_free(r);
        CHECK_EQ_INT(mdsum_reader_open(ctx, path, (size_t)1 << 20, &r), MDSUM_OK);
        CHECK_EQ_INT(mdsum_reader_all(r, &line, &len), MDSUM_ELIMIT);
        mdsum_reader_free(r);
        mdsum_ctx_free(ctx);
        CHECK(ba.largest <= ((size_t)1 << 20) + ((size_t)1 << 20));
    }
    free(data);
}

static void test_json_depth(mdsum_ctx *ctx)
{
    size_t depth = 100000, n = 0;
    char *line = malloc(2 * depth + 32);
    n += (size_t)sprintf(line, "{\"documents\":");
    for (size_t i = 0; i < depth; i++) line[n++] = '[';
    for (size_t i = 0; i < depth; i++) line[n++] = ']';
    line[n++] = '}';
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    CHECK_EQ_INT(mdsum_cluster_add_jsonl(cl, line, n, 0), MDSUM_EFORMAT);
    CHECK(strstr(mdsum_ctx_error(ctx)->message, "maximum parsing depth") != NULL);
    CHECK(mdsum_ctx_error(ctx)->offset > 0 && mdsum_ctx_error(ctx)->offset < (long long)n);
    mdsum_cluster_free(cl);
    free(line);
}

static bool clean_message(const char *m)
{
    size_t n = strlen(m);
    if (utf8_check(m, n, false) != n) return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)m[i] < 0x20 || m[i] == 0x7f) return false;
    return true;
}

static void test_messages(mdsum_ctx *ctx)
{
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    /* Each row: a JSONL line whose error message quotes input bytes. */
    static const char *const rows[] = {
        "{\"documents\": [\"\xff\xfe bad\"]}",
        "{\"documents\": [\"a\" \xe2\x82]}",
        "{\"id\": \"x\", \"documents\": [\"tab\there\"]}",   /* raw control in a string */
        "{\"documents\" \x01\x02\x1b[31m}",
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        CHECK_EQ_INT(mdsum_cluster_add_jsonl(cl, rows[i], strlen(rows[i]), 0), MDSUM_EFORMAT);
        CHECK(clean_message(mdsum_ctx_error(ctx)->message));
    }
    /* A long id of two-byte characters, cut to 127 bytes, stays valid; a
     * newline in an id does not break the message's line. */
    char id[301];
    for (int i = 0; i < 150; i++) memcpy(id + 2 * i, "\xc3\xa9", 2);
    id[300] = '\0';
    mdsum_doc d = {0};
    d.id = id;
    d.text = "bad \xff";
    d.text_len = 5;
    CHECK_EQ_INT(mdsum_cluster_add(cl, &d, 0), MDSUM_EUTF8);
    const char *did = mdsum_ctx_error(ctx)->doc_id;
    CHECK(did && strlen(did) <= 127 && clean_message(did));
    d.id = "line\nbreak";
    CHECK_EQ_INT(mdsum_cluster_add(cl, &d, 0), MDSUM_EUTF8);
    CHECK_EQ_STR(mdsum_ctx_error(ctx)->doc_id, "line?break");
    mdsum_cluster_free(cl);
}

static void test_jsonl_lenient(mdsum_ctx *ctx)
{
    static const char line[] = "{\"id\": \"c\xff\", \"documents\": [\"Bad \xc3\x28 byte, NUL \0 here.\"]}";
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    CHECK_EQ_INT(mdsum_cluster_add_jsonl(cl, line, sizeof line - 1, 0), MDSUM_EFORMAT);
    mdsum_cluster_clear(cl);
    CHECK_EQ_INT(mdsum_cluster_add_jsonl(cl, line, sizeof line - 1, MDSUM_LENIENT), MDSUM_OK);
    CHECK_EQ_STR(mdsum_cluster_id(cl), "c\xef\xbf\xbd");
    mdsum_doc d;
    CHECK_EQ_INT(mdsum_cluster_doc(cl, 0, &d), MDSUM_OK);
    static const char want[] = "Bad \xef\xbf\xbd( byte, NUL \xef\xbf\xbd here.";
    CHECK(d.text_len == sizeof want - 1 && memcmp(d.text, want, d.text_len) == 0);
    /* Errors after repaired bytes count the caller's bytes (found by
     * fuzz_jsonl: the offset pointed past the end of the line). */
    static const char bad[] = "{\"id\": \"\xdf\xdf\xdf\xdf\", \"documents\" [\"x\"]}";
    mdsum_cluster_clear(cl);
    static const char same[] = "{\"id\": \"abcd\", \"documents\" [\"x\"]}";   /* as long */
    CHECK_EQ_INT(mdsum_cluster_add_jsonl(cl, same, sizeof same - 1, 0), MDSUM_EFORMAT);
    long long want_off = mdsum_ctx_error(ctx)->offset;
    CHECK(want_off > 0 && want_off < (long long)sizeof same);
    CHECK_EQ_INT(mdsum_cluster_add_jsonl(cl, bad, sizeof bad - 1, MDSUM_LENIENT), MDSUM_EFORMAT);
    CHECK_EQ_INT(mdsum_ctx_error(ctx)->offset, want_off);
    mdsum_cluster_free(cl);
}

static void test_doc_limit(mdsum_ctx *ctx)
{
    /* Refused by its length before a byte is read (the block is never
     * touched). */
    size_t n = MDSUM_MAX_DOC_BYTES + 1;
    char *big = malloc(n);
    CHECK(big != NULL);
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    mdsum_doc d = {0};
    d.text = big;
    d.text_len = n;
    CHECK_EQ_INT(mdsum_cluster_add(cl, &d, 0), MDSUM_ELIMIT);
    CHECK(strstr(mdsum_ctx_error(ctx)->message, "over the limit of 268435456 bytes") != NULL);
    CHECK_EQ_INT(mdsum_cluster_doc_count(cl), 0);
    mdsum_cluster_free(cl);
    free(big);
}

int main(void)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/mdsum_limits_XXXXXX");
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    test_reader_lines(ctx, path, false);
    test_reader_lines(ctx, path, true);
    test_reader_bounded(path);
    test_json_depth(ctx);
    test_messages(ctx);
    test_jsonl_lenient(ctx);
    test_doc_limit(ctx);
    mdsum_ctx_free(ctx);
    unlink(path);
    return test_finish("test_limits");
}
