/*
 * error.c -- status codes, their messages, and the context's last error.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

const char *mdsum_strerror(int status)
{
    switch (status) {
    case MDSUM_OK:         return "success";
    case MDSUM_ENOMEM:     return "out of memory";
    case MDSUM_EINVAL:     return "invalid argument";
    case MDSUM_EUTF8:      return "invalid UTF-8";
    case MDSUM_EEMPTY:     return "nothing to summarize";
    case MDSUM_ELANG:      return "unsupported language";
    case MDSUM_EIO:        return "input/output error";
    case MDSUM_EFORMAT:    return "malformed input";
    case MDSUM_ELIMIT:     return "size limit exceeded";
    case MDSUM_ENOCONTENT: return "no main content found";
    case MDSUM_EALGO:      return "unknown algorithm or parameter";
    case MDSUM_EINTERNAL:  return "internal error";
    default:               return "unknown error";
    }
}

/* Messages quote input (file names, ids, jansson's "near '...'") and are cut
 * to fit their buffer, perhaps inside a character: make them one line of
 * valid UTF-8 so that callers can print them or put them in JSON as they
 * are. Bad bytes and control characters (C1 controls such as CSI, U+009B,
 * too) become '?', one per byte. */
static void sanitize(char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = utf8_valid_seq((const unsigned char *)s + i, n - i);
        if (k == 0 || c < 0x20 || c == 0x7f || (c == 0xC2 && (unsigned char)s[i + 1] < 0xA0)) {
            size_t m = k ? k : 1;
            memset(s + i, '?', m);
            i += m;
            continue;
        }
        i += k;
    }
}

MDSUM_PRINTF(5, 0)
static int err_vset(mdsum_ctx *ctx, int code, long long doc, long long offset,
                    const char *fmt, va_list ap)
{
    if (!ctx) return code;
    err_state *e = &ctx->err;
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    sanitize(e->message);
    e->doc_id[0] = '\0';
    e->pub.code = code;
    e->pub.message = e->message;
    e->pub.doc = doc;
    e->pub.doc_id = NULL;
    e->pub.offset = offset;
    e->pub.line = -1;
    return code;
}

int err_set(mdsum_ctx *ctx, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vset(ctx, code, -1, -1, fmt, ap);
    va_end(ap);
    return code;
}

int err_set_at(mdsum_ctx *ctx, int code, long long doc, long long offset,
               const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vset(ctx, code, doc, offset, fmt, ap);
    va_end(ap);
    return code;
}

void err_set_doc_id(mdsum_ctx *ctx, const char *id)
{
    if (!ctx) return;
    if (!id) {
        ctx->err.doc_id[0] = '\0';
        ctx->err.pub.doc_id = NULL;
        return;
    }
    snprintf(ctx->err.doc_id, sizeof ctx->err.doc_id, "%s", id);
    sanitize(ctx->err.doc_id);
    ctx->err.pub.doc_id = ctx->err.doc_id;
}

void err_set_line(mdsum_ctx *ctx, long long line)
{
    if (ctx) ctx->err.pub.line = line;
}

void err_clear(mdsum_ctx *ctx)
{
    if (!ctx) return;
    ctx->err.message[0] = '\0';
    ctx->err.doc_id[0] = '\0';
    ctx->err.pub.code = MDSUM_OK;
    ctx->err.pub.message = ctx->err.message;
    ctx->err.pub.doc = -1;
    ctx->err.pub.doc_id = NULL;
    ctx->err.pub.offset = -1;
    ctx->err.pub.line = -1;
}

const mdsum_error *mdsum_ctx_error(const mdsum_ctx *ctx)
{
    return ctx ? &ctx->err.pub : NULL;
}
