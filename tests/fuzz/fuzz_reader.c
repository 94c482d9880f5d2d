/*
 * fuzz_reader.c -- libFuzzer target for the input reader under every batch
 * format: mdsum_reader_line / _all / _peek on plain and gzip files, against
 * an oracle written here (split at "\n", drop one "\r" before it, a line
 * longer than the limit is reported with MDSUM_ELIMIT and skipped).
 *
 * Input: byte 0 chooses the limit (1..64 bytes, or the default); the rest
 * is the file's content. The same content is read plain, gzip-compressed
 * (one member), and gzip-compressed in two members. Checked: the reader
 * returns exactly the oracle's lines, numbers and errors, and
 * mdsum_reader_all returns the content (or MDSUM_ELIMIT when it is over
 * the limit).
 */
#include "fuzz_check.h"

#include <stdio.h>
#include <unistd.h>
#include <zlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static void remove_file(void)
{
    unlink(path);
}

static bool write_plain(const uint8_t *p, size_t n)
{
    FILE *fp = fopen(path, "wb");
    if (!fp) return false;
    bool ok = fwrite(p, 1, n, fp) == n;
    return fclose(fp) == 0 && ok;
}

static bool write_gz(const uint8_t *p, size_t n, bool two_members)
{
    FILE *fp = fopen(path, "wb");
    if (!fp) return false;
    size_t half = two_members ? n / 2 : n;
    for (int m = 0; m < (two_members ? 2 : 1); m++) {
        const uint8_t *s = m ? p + half : p;
        size_t k = m ? n - half : half;
        uLong cap = compressBound((uLong)k) + 64;
        unsigned char *out = malloc(cap);
        z_stream z;
        memset(&z, 0, sizeof z);
        if (!out || deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
            free(out);
            fclose(fp);
            return false;
        }
        z.next_in = (Bytef *)(uintptr_t)s;
        z.avail_in = (uInt)k;
        z.next_out = out;
        z.avail_out = (uInt)cap;
        int rc = deflate(&z, Z_FINISH);
        size_t got = cap - z.avail_out;
        deflateEnd(&z);
        bool ok = rc == Z_STREAM_END && fwrite(out, 1, got, fp) == got;
        free(out);
        if (!ok) {
            fclose(fp);
            return false;
        }
    }
    return fclose(fp) == 0;
}

static void check_read(mdsum_ctx *ctx, const uint8_t *p, size_t n, size_t limit)
{
    size_t eff = limit ? limit : MDSUM_MAX_DOC_BYTES;
    mdsum_reader *r;
    FUZZ_CHECK(mdsum_reader_open(ctx, path, limit, &r) == MDSUM_OK);
    const char *pk;
    size_t pn;
    FUZZ_CHECK(mdsum_reader_peek(r, &pk, &pn) == MDSUM_OK);
    FUZZ_CHECK(pn <= n && memcmp(pk, p, pn) == 0 && (pn >= 4096 || pn == n));
    size_t pos = 0;
    long long no = 0;
    while (pos < n) {
        const uint8_t *nl = memchr(p + pos, '\n', n - pos);
        size_t end = nl ? (size_t)(nl - p) : n;
        size_t len = end - pos;
        if (len && p[end - 1] == '\r') len--;
        const char *line;
        size_t got;
        int rc = mdsum_reader_line(r, &line, &got);
        no++;
        FUZZ_CHECK(mdsum_reader_line_number(r) == no);
        if (len > eff) {
            FUZZ_CHECK(rc == MDSUM_ELIMIT);
        } else {
            FUZZ_CHECK(rc == 1 && got == len && memcmp(line, p + pos, len) == 0);
        }
        pos = nl ? end + 1 : n;
    }
    const char *line;
    size_t got;
    FUZZ_CHECK(mdsum_reader_line(r, &line, &got) == 0);
    mdsum_reader_free(r);

    FUZZ_CHECK(mdsum_reader_open(ctx, path, limit, &r) == MDSUM_OK);
    int rc = mdsum_reader_all(r, &line, &got);
    if (n > eff) {
        FUZZ_CHECK(rc == MDSUM_ELIMIT);
    } else {
        FUZZ_CHECK(rc == MDSUM_OK && got == n && memcmp(line, p, n) == 0 && line[n] == '\0');
    }
    mdsum_reader_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    mdsum_ctx *ctx = fuzz_ctx();
    if (!ctx) return 0;
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/mdsum_fuzz_reader_XXXXXX");
        int fd = mkstemp(path);
        if (fd < 0) __builtin_trap();
        close(fd);
        atexit(remove_file);
    }
    size_t limit = data[0] & 0x40 ? 0 : (size_t)(data[0] & 0x3f) + 1;
    const uint8_t *p = data + 1;
    size_t n = size - 1;
    /* A plain file that starts with gzip's magic bytes is read as gzip:
     * only the gzip rounds can hold such content. */
    bool magic = n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
    if (!magic && write_plain(p, n)) check_read(ctx, p, n, limit);
    if (write_gz(p, n, false)) check_read(ctx, p, n, limit);
    if (n >= 2 && write_gz(p, n, true)) check_read(ctx, p, n, limit);
    return 0;
}
