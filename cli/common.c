/*
 * common.c -- messages, number parsing, a growable buffer, JSON strings and
 * atomic output for the CLI.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Messages name files, document ids and other bytes from the user: those
 * a terminal would act on (C0 controls, newlines included, DEL, the C1
 * controls U+0080..U+009F such as CSI) and bytes that are not UTF-8 are
 * shown as \xNN, so a crafted file name cannot move the cursor, recolour
 * the terminal or fake a second message line. */
static void put_message(FILE *fp, const char *prefix, const char *msg)
{
    fputs(prefix, fp);
    const unsigned char *u = (const unsigned char *)msg;
    size_t n = strlen(msg);
    for (size_t i = 0; i < n;) {
        size_t k = u[i] < 0x80 ? 1 : cli_utf8_len(u + i, n - i);
        bool c1 = k == 2 && u[i] == 0xC2 && u[i + 1] < 0xA0;
        if (k == 0 || u[i] < 0x20 || u[i] == 0x7F || c1) {
            size_t m = k ? k : 1;
            for (size_t j = 0; j < m; j++) fprintf(fp, "\\x%02x", u[i + j]);
            i += m;
        } else {
            fwrite(u + i, 1, k, fp);
            i += k;
        }
    }
    fputc('\n', fp);
}

__attribute__((format(printf, 3, 0)))
static void put_formatted(FILE *fp, const char *prefix, const char *fmt, va_list ap)
{
    char small[1024];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    char *big = n >= (int)sizeof small ? malloc((size_t)n + 1) : NULL;
    if (big) vsnprintf(big, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    put_message(fp, prefix, big ? big : n >= 0 ? small : fmt);
    free(big);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    put_formatted(stderr, "mdsum: error: ", fmt, ap);
    va_end(ap);
}

void cli_error_text(const char *msg)
{
    put_message(stderr, "mdsum: error: ", msg);
}

int cli_stdout_done(void)
{
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout)) return EXIT_OK;
    cli_error("standard output: write failed: %s", errno ? strerror(errno) : "write error");
    return EXIT_USAGE;
}

void cli_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    put_formatted(stderr, "mdsum: warning: ", fmt, ap);
    va_end(ap);
}

void cli_warn_to(FILE *fp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    put_formatted(fp, "mdsum: warning: ", fmt, ap);
    va_end(ap);
}

void cli_buf_add(cli_buf *b, const void *s, size_t n)
{
    if (b->failed) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1) {
            if (cap > ((size_t)-1) / 2) { b->failed = true; return; }
            cap *= 2;
        }
        char *q = realloc(b->data, cap);
        if (!q) { b->failed = true; return; }
        b->data = q;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void cli_buf_puts(cli_buf *b, const char *s)
{
    cli_buf_add(b, s, strlen(s));
}

void cli_buf_printf(cli_buf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        cli_buf_add(b, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->failed = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    cli_buf_add(b, big, (size_t)n);
    free(big);
}

/* ---- JSON strings ------------------------------------------------------ */

size_t cli_utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    if (c < 0xC2) return 0;   /* a continuation byte, or an overlong 2-byte lead */
    if (c < 0xE0) return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c < 0xF0) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        /* E0 80..9F is overlong; ED A0..BF encodes a surrogate. */
        if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0)) return 0;
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        /* F0 80..8F is overlong; F4 90..BF is above U+10FFFF. */
        if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90)) return 0;
        return 4;
    }
    return 0;
}

/*
 * The rules, the same for every JSON string the CLI writes:
 *   - '"' and '\\' get a backslash;
 *   - \b \f \n \r \t use their short escapes (RFC 8259, section 7);
 *   - the other C0 controls (including NUL) and DEL (0x7F) become \u00XX
 *     with lower-case hex digits, so that no raw control byte reaches a
 *     terminal or a line-based tool;
 *   - U+2028 and U+2029 become \u2028 and \u2029: they are valid in JSON
 *     but end a line in JavaScript before ES2019, and the output is meant
 *     to be pasted into a script as well;
 *   - every other well-formed UTF-8 sequence is copied as it is (no \u
 *     escapes for non-ASCII text);
 *   - each byte that does not start a well-formed sequence (see
 *     cli_utf8_len) becomes \ufffd, one per byte, so the output is valid
 *     UTF-8 and valid JSON whatever the input. The library hands out valid
 *     UTF-8, but file names from the command line, and --lenient input
 *     shown as it is, need not be.
 * The library's JSON (mdsum_render, mdsum_rouge_render; buf_json_str in
 * src/util.c) uses the same rules for the valid UTF-8 it writes, so that a
 * summary record and an error record of one batch spell a character alike.
 */
void cli_buf_json_str(cli_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (!s) {
        cli_buf_puts(b, "null");
        return;
    }
    const unsigned char *u = (const unsigned char *)s;
    cli_buf_add(b, "\"", 1);
    size_t run = 0;   /* start of the pending bytes copied as they are */
    size_t i = 0;
    while (i < n) {
        unsigned char c = u[i];
        size_t k = 1;
        char esc[8] = "";
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
        } else if (c < 0x20 || c == 0x7F) {
            const char *sh = c == '\b' ? "\\b" : c == '\f' ? "\\f" : c == '\n' ? "\\n"
                           : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
            if (sh) memcpy(esc, sh, 3);
            else snprintf(esc, sizeof esc, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
        } else if (c >= 0x80) {
            k = cli_utf8_len(u + i, n - i);
            if (!k) {
                k = 1;
                memcpy(esc, "\\ufffd", 7);
            } else if (k == 3 && c == 0xE2 && u[i + 1] == 0x80 && (u[i + 2] & 0xFE) == 0xA8) {
                memcpy(esc, u[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", 7);
            }
        }
        if (esc[0]) {
            cli_buf_add(b, s + run, i - run);
            cli_buf_puts(b, esc);
            run = i + k;
        }
        i += k;
    }
    cli_buf_add(b, s + run, n - run);
    cli_buf_add(b, "\"", 1);
}

/* Append formatted text at out[*o], never past cap - 1. */
__attribute__((format(printf, 4, 5)))
static void put(char *out, size_t cap, size_t *o, const char *fmt, ...)
{
    if (*o + 1 >= cap) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out + *o, cap - *o, fmt, ap);
    va_end(ap);
    if (n > 0) *o = (size_t)n < cap - *o ? *o + (size_t)n : cap - 1;
}

void cli_format_error(mdsum_ctx *ctx, const char *where, int status, char *out, size_t cap)
{
    const mdsum_error *e = mdsum_ctx_error(ctx);
    bool has = e && e->code == status;
    size_t o = 0;
    out[0] = '\0';
    if (where) {
        put(out, cap, &o, "%s", where);
        if (has && e->line > 0) put(out, cap, &o, ":%lld", e->line);
        put(out, cap, &o, ": ");
    } else if (has && e->line > 0) {
        put(out, cap, &o, "line %lld: ", e->line);
    }
    if (has) {
        if (e->doc >= 0) {
            put(out, cap, &o, "document %lld", e->doc + 1);
            if (e->doc_id) put(out, cap, &o, " (%s)", e->doc_id);
            put(out, cap, &o, ": ");
        }
        if (e->offset >= 0) put(out, cap, &o, "byte %lld: ", e->offset);
        put(out, cap, &o, "%s", e->message[0] ? e->message : mdsum_strerror(status));
    } else {
        put(out, cap, &o, "%s", mdsum_strerror(status));
    }
}

void cli_lib_error(mdsum_ctx *ctx, const char *where, int status)
{
    char msg[1024];
    cli_format_error(ctx, where, status, msg, sizeof msg);
    put_message(stderr, "mdsum: error: ", msg);
}

int cli_exit_code(int status)
{
    switch (status) {
    case MDSUM_OK: return EXIT_OK;
    case MDSUM_EUTF8: case MDSUM_EEMPTY: case MDSUM_EFORMAT:
    case MDSUM_ELIMIT: case MDSUM_ENOCONTENT:
        return EXIT_BADINPUT;
    default:
        return EXIT_USAGE;
    }
}

bool cli_parse_scorer(const char *cmd, const char *s, int *out)
{
    if (strcmp(s, "155") == 0 || strcmp(s, "1.5.5") == 0 || strcmp(s, "rouge-1.5.5") == 0) {
        *out = MDSUM_ROUGE_155;
        return true;
    }
    if (strcmp(s, "google") == 0) {
        *out = MDSUM_ROUGE_GOOGLE;
        return true;
    }
    cli_error("%s: --score: expected rouge-1.5.5 (or 155) or google, got '%s'", cmd, s);
    return false;
}

bool cli_parse_long(const char *opt, const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno == ERANGE || v < min || v > max) {
        cli_error("%s: expected a whole number from %ld to %ld, got '%s'", opt, min, max, s);
        return false;
    }
    *out = v;
    return true;
}

bool cli_parse_double(const char *opt, const char *s, double min, double max, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!*s || *end || errno == ERANGE || isnan(v) || v < min || v > max) {
        cli_error("%s: expected a number from %g to %g, got '%s'", opt, min, max, s);
        return false;
    }
    *out = v;
    return true;
}

static char *strdup_or_null(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

bool cli_out_open(cli_out *o, const char *path)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return true;
    }
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* A device or a pipe: never rename over it, write to it directly. */
        o->fp = fopen(path, "w");
        o->path = o->fp ? strdup_or_null(path) : NULL;
        if (!o->fp || !o->path) {
            cli_error("%s: %s", path, o->fp ? "out of memory" : strerror(errno));
            if (o->fp) fclose(o->fp);
            o->fp = NULL;
            return false;
        }
        return true;
    }
    size_t n = strlen(path);
    o->path = malloc(n + 1);
    o->tmp = malloc(n + 16);
    if (!o->path || !o->tmp) {
        free(o->path); free(o->tmp);
        o->path = o->tmp = NULL;
        cli_error("out of memory");
        return false;
    }
    memcpy(o->path, path, n + 1);
    snprintf(o->tmp, n + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        cli_error("%s: cannot create output file: %s", path, strerror(errno));
        free(o->path); free(o->tmp);
        o->path = o->tmp = NULL;
        return false;
    }
    /* mkstemp makes 0600 files; give the usual permissions. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        cli_error("%s: %s", path, strerror(errno));
        close(fd);
        unlink(o->tmp);
        free(o->path); free(o->tmp);
        o->path = o->tmp = NULL;
        return false;
    }
    return true;
}

bool cli_out_write(cli_out *o, const char *data, size_t n)
{
    if (o->failed) return false;
    if (n && fwrite(data, 1, n, o->fp) != n) {
        o->failed = true;
        cli_error("%s: write failed: %s", o->path ? o->path : "standard output",
                  strerror(errno));
        return false;
    }
    return true;
}

bool cli_out_close(cli_out *o, bool ok)
{
    const char *name = o->path ? o->path : "standard output";
    bool good = ok && !o->failed;
    if (o->fp) {
        if (fflush(o->fp) != 0 || ferror(o->fp)) {
            if (good || !o->failed)
                cli_error("%s: write failed: %s", name, strerror(errno));
            good = false;
        }
        if (o->tmp && good && fsync(fileno(o->fp)) != 0) {
            cli_error("%s: write failed: %s", name, strerror(errno));
            good = false;
        }
        if (o->fp != stdout) {
            if (fclose(o->fp) != 0 && good) {
                cli_error("%s: write failed: %s", name, strerror(errno));
                good = false;
            }
        }
        o->fp = NULL;
    }
    if (o->tmp) {
        if (good) {
            if (rename(o->tmp, o->path) != 0) {
                cli_error("%s: cannot replace output file: %s", o->path, strerror(errno));
                unlink(o->tmp);
                good = false;
            }
        } else {
            unlink(o->tmp);
        }
    }
    free(o->path);
    free(o->tmp);
    o->path = o->tmp = NULL;
    return good && ok;
}

bool cli_out_whole(const char *path, const char *data, size_t n)
{
    cli_out o;
    if (!cli_out_open(&o, path)) return false;
    return cli_out_close(&o, cli_out_write(&o, data, n));
}
