/*
 * input.c -- reading input: files and standard input (gzip transparently,
 * with a size limit), Multi-News lines, JSONL clusters, format detection.
 */
#include "internal.h"
#include "cluster.h"
#include "html.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* ======================================================================
 * Reader
 * ====================================================================== */
struct mdsum_reader {
    mdsum_ctx *ctx;
    gzFile gz;
    char *name;
    size_t max_bytes;
    char *data;          /* buffered bytes */
    size_t cap;
    size_t pos, len;     /* unread bytes are data[pos, len) */
    bool eof;
    bool skipping;       /* the rest of an over-limit line is still unread */
    long long line;
};

#define READ_CHUNK ((size_t)256 << 10)

static const char *display(const mdsum_reader *r)
{
    return strcmp(r->name, "-") == 0 ? "standard input" : r->name;
}

int mdsum_reader_open(mdsum_ctx *ctx, const char *path, size_t max_bytes, mdsum_reader **out)
{
    if (!ctx || !path || !out) return err_set(ctx, MDSUM_EINVAL, "invalid argument");
    *out = NULL;
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY);
    if (fd < 0) return err_set(ctx, MDSUM_EIO, "%s: %s", is_stdin ? "standard input" : path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        return err_set(ctx, MDSUM_EIO, "%s: is a directory", path);
    }
    mdsum_reader *r = alc_calloc(&ctx->alc, 1, sizeof *r);
    size_t n = strlen(path);
    char *name = alc_malloc(&ctx->alc, n + 1);
    if (!r || !name) {
        alc_free(&ctx->alc, r);
        alc_free(&ctx->alc, name);
        close(fd);
        return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    }
    memcpy(name, path, n + 1);
    r->gz = gzdopen(fd, "rb");
    if (!r->gz) {
        alc_free(&ctx->alc, r);
        alc_free(&ctx->alc, name);
        close(fd);
        return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    }
    gzbuffer(r->gz, 128 << 10);
    r->ctx = ctx;
    r->name = name;
    r->max_bytes = max_bytes ? max_bytes : MDSUM_MAX_DOC_BYTES;
    *out = r;
    return MDSUM_OK;
}

void mdsum_reader_free(mdsum_reader *r)
{
    if (!r) return;
    const alc_t *alc = &r->ctx->alc;
    if (r->gz) gzclose(r->gz);
    alc_free(alc, r->data);
    alc_free(alc, r->name);
    alc_free(alc, r);
}

/* Read more input after data[len); returns bytes read (0 at EOF) or -1.
 * The buffer never grows past what the limit needs (max_bytes plus one
 * chunk), so a hostile input costs at most that much memory. */
static long long fill(mdsum_reader *r)
{
    if (r->eof) return 0;
    if (r->pos > 0 && r->pos == r->len) r->pos = r->len = 0;
    if (r->pos > r->cap / 2) {   /* slide unread bytes to the front */
        memmove(r->data, r->data + r->pos, r->len - r->pos);
        r->len -= r->pos;
        r->pos = 0;
    }
    /* Grow only when less than half a chunk is free: a small file is read
     * into the first buffer and its end found there, without copying the
     * buffer to a larger one. */
    size_t need = r->len + READ_CHUNK + 1;
    if (r->len + READ_CHUNK / 2 + 1 > r->cap) {
        size_t ncap = r->cap ? r->cap : READ_CHUNK + 1;
        while (ncap < need) ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
        size_t most = r->max_bytes + 2 * READ_CHUNK + 1;
        if (ncap > most && need <= most) ncap = most;
        char *p = alc_realloc(&r->ctx->alc, r->data, r->cap, ncap);
        if (!p) {
            err_set(r->ctx, MDSUM_ENOMEM, "out of memory");
            return -1;
        }
        r->data = p;
        r->cap = ncap;
    }
    size_t room = r->cap - r->len - 1;
    int got = gzread(r->gz, r->data + r->len, (unsigned)(room < READ_CHUNK ? room : READ_CHUNK));
    if (got < 0) {
        int zerr;
        const char *msg = gzerror(r->gz, &zerr);
        err_set(r->ctx, MDSUM_EIO, "%s: read failed: %s", display(r),
                zerr == Z_ERRNO ? strerror(errno) : msg);
        return -1;
    }
    if (got == 0) {
        /* gzread returns 0 both at a clean end and on a truncated stream. */
        int zerr;
        const char *msg = gzerror(r->gz, &zerr);
        if (zerr != Z_OK && zerr != Z_BUF_ERROR) {
            err_set(r->ctx, MDSUM_EIO, "%s: %s", display(r), msg);
            return -1;
        }
        if (zerr == Z_BUF_ERROR) {
            err_set(r->ctx, MDSUM_EFORMAT, "%s: truncated gzip stream", display(r));
            return -1;
        }
        r->eof = true;
    }
    r->len += (size_t)got;
    return got;
}

/* The error for a line over the limit. The rest of the line is skipped
 * (without keeping it) by the next call, so that a caller that stops here
 * never reads on (an endless line, /dev/zero, returns at once) and one
 * that goes on gets the next line. */
static int line_too_long(mdsum_reader *r)
{
    long long no = ++r->line;
    r->skipping = true;
    return err_set(r->ctx, MDSUM_ELIMIT, "%s:%lld: %s is longer than the limit of %zu bytes",
                   display(r), no, gzdirect(r->gz) ? "line" : "decompressed line", r->max_bytes);
}

/* Drop the rest of an over-limit line, up to and with its newline. */
static int skip_long_line(mdsum_reader *r)
{
    for (;;) {
        char *nl = r->len > r->pos ? memchr(r->data + r->pos, '\n', r->len - r->pos) : NULL;
        if (nl) {
            r->pos = (size_t)(nl - r->data) + 1;
            break;
        }
        r->pos = r->len;
        long long got = fill(r);
        if (got < 0) return r->ctx->err.pub.code;
        if (got == 0) break;
    }
    r->skipping = false;
    return MDSUM_OK;
}

int mdsum_reader_line(mdsum_reader *r, const char **line, size_t *len)
{
    if (!r || !line || !len) return MDSUM_EINVAL;
    if (r->skipping) {
        int rc = skip_long_line(r);
        if (rc) return rc;
    }
    size_t checked = 0;   /* bytes after pos known to hold no newline */
    for (;;) {
        char *nl = r->data && r->len > r->pos + checked
                       ? memchr(r->data + r->pos + checked, '\n', r->len - r->pos - checked)
                       : NULL;
        if (nl) {
            size_t end = (size_t)(nl - r->data);
            size_t n = end - r->pos;
            if (n && r->data[end - 1] == '\r') n--;
            if (n > r->max_bytes) return line_too_long(r);
            *line = r->data + r->pos;
            *len = n;
            r->pos = end + 1;
            r->line++;
            return 1;
        }
        checked = r->len - r->pos;
        /* One byte of slack for a "\r" before the newline. */
        if (checked > r->max_bytes + 1) return line_too_long(r);
        long long got = fill(r);   /* may slide the data: pos-relative is stable */
        if (got < 0) return r->ctx->err.pub.code;
        if (got == 0) {
            if (r->pos == r->len) return 0;
            size_t n = r->len - r->pos;
            if (n && r->data[r->len - 1] == '\r') n--;
            if (n > r->max_bytes) return line_too_long(r);
            *line = r->data + r->pos;
            *len = n;
            r->pos = r->len;
            r->line++;
            return 1;
        }
    }
}

int mdsum_reader_all(mdsum_reader *r, const char **buf, size_t *len)
{
    if (!r || !buf || !len) return MDSUM_EINVAL;
    if (r->skipping) {
        int rc = skip_long_line(r);
        if (rc) return rc;
    }
    for (;;) {
        if (r->len - r->pos > r->max_bytes) {
            if (gzdirect(r->gz))
                return err_set(r->ctx, MDSUM_ELIMIT, "%s: input is larger than the limit of %zu bytes",
                               display(r), r->max_bytes);
            return err_set(r->ctx, MDSUM_ELIMIT, "%s: decompressed size exceeds %zu bytes",
                           display(r), r->max_bytes);
        }
        long long got = fill(r);
        if (got < 0) return r->ctx->err.pub.code;
        if (got == 0) break;
    }
    if (!r->data) {
        r->data = alc_malloc(&r->ctx->alc, 1);
        if (!r->data) return err_set(r->ctx, MDSUM_ENOMEM, "out of memory");
        r->cap = 1;
    }
    r->data[r->len] = '\0';
    *buf = r->data + r->pos;
    *len = r->len - r->pos;
    r->pos = r->len;
    return MDSUM_OK;
}

int mdsum_reader_peek(mdsum_reader *r, const char **buf, size_t *len)
{
    if (!r || !buf || !len) return MDSUM_EINVAL;
    if (r->skipping) {
        int rc = skip_long_line(r);
        if (rc) return rc;
    }
    while (r->len - r->pos < 4096 && !r->eof) {
        long long got = fill(r);
        if (got < 0) return r->ctx->err.pub.code;
    }
    *buf = r->data ? r->data + r->pos : "";
    *len = r->len - r->pos;
    return MDSUM_OK;
}

long long mdsum_reader_line_number(const mdsum_reader *r)
{
    return r ? r->line : 0;
}

/* ======================================================================
 * Format detection
 * ====================================================================== */

int mdsum_format_detect(const char *buf, size_t len)
{
    if (!buf) return MDSUM_FORMAT_TEXT;
    size_t i = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n')) i++;
    size_t head = len - i < 4096 ? len - i : 4096;
    if (head && buf[i] == '<' &&
        (ascii_has_ci(buf + i, head, "<!doctype html") || ascii_has_ci(buf + i, head, "<html") ||
         ascii_has_ci(buf + i, head, "<head") || ascii_has_ci(buf + i, head, "<body")))
        return MDSUM_FORMAT_HTML;
    if (head && buf[i] == '{') {
        /* JSONL when the first line parses as an object with "documents". */
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t ll = nl ? (size_t)(nl - (buf + i)) : len - i;
        json_error_t jerr;
        json_t *j = json_loadb(buf + i, ll, 0, &jerr);
        bool ok = j && json_is_object(j) && json_object_get(j, "documents");
        json_decref(j);
        if (ok) return MDSUM_FORMAT_JSONL;
    }
    /* Multi-News: the document separator or the newline token. */
    size_t scan = len < (1u << 16) ? len : (1u << 16);
    for (size_t k = 0; k + 5 <= scan; k++) {
        if (buf[k] == '|' && memcmp(buf + k, "|||||", 5) == 0) return MDSUM_FORMAT_MULTINEWS;
        if (buf[k] == 'N' && k + 12 <= scan && memcmp(buf + k, "NEWLINE_CHAR", 12) == 0)
            return MDSUM_FORMAT_MULTINEWS;
    }
    return MDSUM_FORMAT_TEXT;
}

/* ======================================================================
 * Multi-News lines
 * ====================================================================== */
static const char SEP[] = "|||||";
static const char NLTOK[] = "NEWLINE_CHAR";

/* Copy doc text, turning NEWLINE_CHAR (with the spaces around it) into "\n"
 * and the HTML character references that the dataset's scrape left in its
 * text ("smith &amp; wesson", "photo 1 of 29 &#124; ...") into characters. */
static size_t multinews_unescape(const char *s, size_t n, char *out)
{
    size_t o = 0, i = 0;
    const size_t tl = sizeof NLTOK - 1;
    if (!n) return 0;
    /* the next 'N' and '&' at or after i (n: none) */
    const char *pn = memchr(s, 'N', n), *pa = memchr(s, '&', n);
    size_t nn = pn ? (size_t)(pn - s) : n, na = pa ? (size_t)(pa - s) : n;
    while (i < n) {
        if (nn < i) {
            pn = memchr(s + i, 'N', n - i);
            nn = pn ? (size_t)(pn - s) : n;
        }
        if (na < i) {
            pa = memchr(s + i, '&', n - i);
            na = pa ? (size_t)(pa - s) : n;
        }
        size_t next = nn < na ? nn : na;
        if (next > i) {   /* plain text up to the next 'N' or '&' */
            memcpy(out + o, s + i, next - i);
            o += next - i;
            i = next;
            continue;
        }
        if (s[i] == 'N' && i + tl <= n && memcmp(s + i, NLTOK, tl) == 0) {
            while (o > 0 && out[o - 1] == ' ') o--;
            out[o++] = '\n';
            i += tl;
            while (i < n && s[i] == ' ') i++;
            continue;
        }
        size_t rl, ol;
        if (s[i] == '&' && (rl = html_char_ref(s + i, n - i, out + o, &ol)) > 0) {
            o += ol;
            i += rl;
            continue;
        }
        out[o++] = s[i++];
    }
    return o;
}

static const char *find_sep(const char *s, size_t n)
{
    const size_t sl = sizeof SEP - 1;
    const char *p = s, *end = s + n;
    while ((size_t)(end - p) >= sl) {
        const char *q = memchr(p, '|', (size_t)(end - p));
        if (!q || (size_t)(end - q) < sl) return NULL;
        if (memcmp(q, SEP, sl) == 0) return q;
        p = q + 1;
    }
    return NULL;
}

int mdsum_cluster_add_multinews(mdsum_cluster *cl, const char *line, size_t len, unsigned flags)
{
    if (!cl || (!line && len)) return err_set(cl ? cl->ctx : NULL, MDSUM_EINVAL, "invalid argument");
    mdsum_ctx *ctx = cl->ctx;
    if (len && line[len - 1] == '\n') len--;
    if (len && line[len - 1] == '\r') len--;
    char *tmp = alc_malloc(&ctx->alc, len + 1);
    if (!tmp) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    const char *p = line, *end = line + len;
    int rc = MDSUM_OK;
    while (p <= end) {
        const char *sep = find_sep(p, (size_t)(end - p));
        const char *de = sep ? sep : end;
        /* Trim spaces around the document. */
        const char *ds = p;
        while (ds < de && (*ds == ' ' || *ds == '\t')) ds++;
        const char *dz = de;
        while (dz > ds && (dz[-1] == ' ' || dz[-1] == '\t')) dz--;
        size_t n = multinews_unescape(ds, (size_t)(dz - ds), tmp);
        /* A document of only white space carries nothing: skip it. */
        size_t k = 0;
        while (k < n && (tmp[k] == ' ' || tmp[k] == '\n' || tmp[k] == '\t' || tmp[k] == '\r')) k++;
        if (k < n) {
            mdsum_doc d = {0};
            d.text = tmp;
            d.text_len = n;
            rc = mdsum_cluster_add(cl, &d, flags);
            if (rc) {
                /* Report the offset within the line, not the unescaped doc. */
                if (rc == MDSUM_EUTF8 && ctx->err.pub.offset >= 0) {
                    size_t bad = utf8_check(ds, (size_t)(dz - ds), false);
                    ctx->err.pub.offset = (long long)(ds - line) + (long long)bad;
                }
                break;
            }
        }
        if (!sep) break;
        p = sep + (sizeof SEP - 1);
    }
    alc_free(&ctx->alc, tmp);
    return rc;
}

/* ======================================================================
 * JSONL clusters
 * ====================================================================== */
static int json_field_str(mdsum_ctx *ctx, json_t *obj, const char *key, const char **out,
                          char *numbuf, size_t numcap)
{
    *out = NULL;
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) return MDSUM_OK;
    if (json_is_string(v)) {
        /* Metadata are C strings: a NUL would cut them short, silently. */
        if (strlen(json_string_value(v)) != json_string_length(v))
            return err_set(ctx, MDSUM_EFORMAT, "field \"%s\" contains a NUL character (\\u0000)", key);
        *out = json_string_value(v);
        return MDSUM_OK;
    }
    if (json_is_integer(v) && numbuf) {
        snprintf(numbuf, numcap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        *out = numbuf;
        return MDSUM_OK;
    }
    return err_set(ctx, MDSUM_EFORMAT, "field \"%s\" must be a string", key);
}

/* The offset in `s` (n bytes) of the byte that utf8_repair_copy() moved to
 * offset `pos` of its copy: errors must point into the caller's line. */
static size_t unrepaired_offset(const char *s, size_t n, size_t pos)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, o = 0;
    while (i < n) {
        size_t k = p[i] ? utf8_valid_seq(p + i, n - i) : 0;
        size_t grown = k ? k : 3;   /* a bad byte became U+FFFD */
        if (o + grown > pos) return i;
        o += grown;
        i += k ? k : 1;
    }
    return n;
}

int mdsum_cluster_add_jsonl(mdsum_cluster *cl, const char *line, size_t len, unsigned flags)
{
    if (!cl || (!line && len)) return err_set(cl ? cl->ctx : NULL, MDSUM_EINVAL, "invalid argument");
    mdsum_ctx *ctx = cl->ctx;
    json_error_t jerr;
    /* jansson refuses invalid UTF-8 anywhere in the line; under
     * MDSUM_LENIENT scraped text with broken bytes is repaired first (error
     * offsets then refer to the repaired line). */
    char *fixed = NULL;
    size_t fixed_len = 0;
    if ((flags & MDSUM_LENIENT) && line && utf8_check(line, len, false) < len) {
        fixed = utf8_repair_copy(&ctx->alc, line, len, &fixed_len);
        if (!fixed) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    }
    /* JSON_ALLOW_NUL keeps "\u0000" in strings; mdsum_cluster_add then
     * reports it like a raw NUL byte instead of jansson failing vaguely. */
    json_t *root = fixed ? json_loadb(fixed, fixed_len, JSON_ALLOW_NUL, &jerr)
                         : json_loadb(line ? line : "", len, JSON_ALLOW_NUL, &jerr);
    alc_free(&ctx->alc, fixed);
    if (!root) {
        size_t at = (size_t)jerr.position;
        if (fixed) at = unrepaired_offset(line, len, at);
        return err_set_at(ctx, MDSUM_EFORMAT, -1, (long long)at, "invalid JSON: %s", jerr.text);
    }
    int rc = MDSUM_OK;
    char idbuf[32];
    json_t *docs;
    if (!json_is_object(root)) {
        rc = err_set(ctx, MDSUM_EFORMAT, "expected a JSON object with a \"documents\" array");
        goto out;
    }
    const char *id;
    if ((rc = json_field_str(ctx, root, "id", &id, idbuf, sizeof idbuf))) goto out;
    if ((rc = mdsum_cluster_set_id(cl, id))) goto out;
    docs = json_object_get(root, "documents");
    if (!json_is_array(docs)) {
        rc = err_set(ctx, MDSUM_EFORMAT, "expected a \"documents\" array");
        goto out;
    }
    size_t i;
    json_t *d;
    json_array_foreach(docs, i, d) {
        mdsum_doc doc = {0};
        json_t *html = NULL;
        char dbuf[32];
        if (json_is_string(d)) {
            doc.text = json_string_value(d);
            doc.text_len = json_string_length(d);
        } else if (json_is_object(d)) {
            json_t *t = json_object_get(d, "text");
            /* A page instead of text: {"html": ...} is extracted (html.c). */
            json_t *h = t ? NULL : json_object_get(d, "html");
            if (!json_is_string(t) && !json_is_string(h)) {
                rc = err_set_at(ctx, MDSUM_EFORMAT, (long long)i, -1,
                                "document object without a \"text\" or \"html\" string");
                goto out;
            }
            if (h) html = h;
            doc.text = json_string_value(h ? h : t);
            doc.text_len = json_string_length(h ? h : t);
            if ((rc = json_field_str(ctx, d, "id", &doc.id, dbuf, sizeof dbuf)) ||
                (rc = json_field_str(ctx, d, "title", &doc.title, NULL, 0)) ||
                (rc = json_field_str(ctx, d, "date", &doc.date, NULL, 0)) ||
                (rc = json_field_str(ctx, d, "url", &doc.url, NULL, 0)) ||
                (rc = json_field_str(ctx, d, "site", &doc.site, NULL, 0)) ||
                (rc = json_field_str(ctx, d, "author", &doc.author, NULL, 0))) {
                ctx->err.pub.doc = (long long)i;
                goto out;
            }
        } else {
            rc = err_set_at(ctx, MDSUM_EFORMAT, (long long)i, -1,
                            "a document must be a string or an object");
            goto out;
        }
        if (html) rc = html_add_doc(cl, doc.text, doc.text_len, &doc, flags);
        else rc = mdsum_cluster_add(cl, &doc, flags);
        if (rc) goto out;
    }
out:
    json_decref(root);
    return rc;
}
