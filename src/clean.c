/*
 * clean.c -- from raw document text to the regions worth reading.
 *
 * Every document is cut into lines. A run of non-blank lines is a
 * paragraph; scraped news puts one paragraph per line, while hard-wrapped
 * text (mail, plain-text archives) breaks lines inside sentences. A block
 * whose lines mostly end without terminal punctuation and continue in
 * lower case is treated as wrapped: one region for the block. Otherwise
 * each line is its own region.
 *
 * With cleaning enabled, web noise is dropped and recorded (cl->drops) with
 * its reason, so `--explain` and the HTML report can show it. This version
 * removes lines repeated inside a document (the duplicated headline of
 * scraped pages); the feature-based noise model extends it.
 */
#include "internal.h"
#include "stages.h"

#include <string.h>

void region_vec_init(region_vec *rv, const alc_t *alc)
{
    rv->alc = alc;
    rv->v = NULL;
    rv->n = rv->cap = 0;
}

void region_vec_fini(region_vec *rv)
{
    alc_free(rv->alc, rv->v);
    rv->v = NULL;
    rv->n = rv->cap = 0;
}

static bool region_push(region_vec *rv, uint32_t doc, uint32_t para, uint32_t flags,
                        size_t start, size_t end)
{
    void *v = rv->v;
    if (!grow_array(rv->alc, &v, &rv->cap, rv->n + 1, sizeof *rv->v)) return false;
    rv->v = v;
    region *r = &rv->v[rv->n++];
    r->doc = doc;
    r->para = para;
    r->flags = flags;
    r->start = start;
    r->end = end;
    return true;
}

static int drop_push(mdsum_cluster *cl, uint32_t doc, size_t start, size_t end, const char *why)
{
    void *v = cl->drops;
    if (!arena_grow(&cl->an, &v, &cl->drops_cap, cl->ndrops + 1, sizeof *cl->drops))
        return MDSUM_ENOMEM;
    cl->drops = v;
    drop_rec *d = &cl->drops[cl->ndrops++];
    d->doc = doc;
    d->start = start;
    d->end = end;
    d->reason = why;
    return MDSUM_OK;
}

static bool is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* A line: [s, e) trimmed, within the document. */
typedef struct line_rec {
    size_t s, e;
} line_rec;

static bool ends_terminal(const char *t, const line_rec *l)
{
    /* Skip closing quotes and brackets, then look for . ! ? : ; … */
    size_t e = l->e;
    while (e > l->s) {
        unsigned char c = (unsigned char)t[e - 1];
        if (c == '"' || c == '\'' || c == ')' || c == ']') { e--; continue; }
        if (e - l->s >= 3 && (unsigned char)t[e - 3] == 0xE2 && (unsigned char)t[e - 2] == 0x80 &&
            ((unsigned char)t[e - 1] == 0x9D || (unsigned char)t[e - 1] == 0x99)) {   /* ” ’ */
            e -= 3;
            continue;
        }
        break;
    }
    if (e == l->s) return false;
    unsigned char c = (unsigned char)t[e - 1];
    if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';') return true;
    if (e - l->s >= 3 && (unsigned char)t[e - 3] == 0xE2 && (unsigned char)t[e - 2] == 0x80 &&
        (unsigned char)t[e - 1] == 0xA6)
        return true;   /* … */
    return false;
}

static bool starts_lower(const char *t, const line_rec *l)
{
    unsigned char c = (unsigned char)t[l->s];
    return c >= 'a' && c <= 'z';
}

/* Do the lines [a, b) of a block look hard-wrapped? */
static bool block_wrapped(const char *t, const line_rec *lines, size_t a, size_t b)
{
    if (b - a < 3) return false;
    size_t open = 0, cont = 0;
    for (size_t i = a; i + 1 < b; i++) {
        if (!ends_terminal(t, &lines[i])) {
            open++;
            if (starts_lower(t, &lines[i + 1])) cont++;
        }
    }
    size_t pairs = b - a - 1;
    return open * 10 >= pairs * 6 && cont * 10 >= open * 4;
}

int clean_cluster(mdsum_ctx *ctx, mdsum_cluster *cl, const lang_def *L, bool enabled,
                  region_vec *out)
{
    (void)L;
    int rc = MDSUM_OK;
    line_rec *lines = NULL;
    size_t nlines = 0, cap = 0;
    strmap seen;
    arena tmp;
    arena_init(&tmp, &ctx->alc);
    strmap_init(&seen, &ctx->alc, &tmp);
    for (uint32_t d = 0; d < cl->ndocs && rc == MDSUM_OK; d++) {
        const char *t = cl->docs[d].text;
        size_t len = cl->docs[d].len;
        /* Lines, trimmed; blank lines kept as empty markers (s == e). */
        nlines = 0;
        size_t p = 0;
        while (p <= len) {
            const char *nl = p < len ? memchr(t + p, '\n', len - p) : NULL;
            size_t le = nl ? (size_t)(nl - t) : len;
            size_t s = p, e = le;
            while (s < e && is_blank((unsigned char)t[s])) s++;
            while (e > s && is_blank((unsigned char)t[e - 1])) e--;
            void *v = lines;
            if (!grow_array(&ctx->alc, &v, &cap, nlines + 1, sizeof *lines)) {
                rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
                break;
            }
            lines = v;
            lines[nlines].s = s;
            lines[nlines].e = e;
            nlines++;
            if (!nl) break;
            p = le + 1;
        }
        if (rc) break;
        strmap_clear(&seen);
        arena_reset(&tmp);
        uint32_t para = 0;
        bool first = true;
        size_t i = 0;
        while (i < nlines && rc == MDSUM_OK) {
            if (lines[i].s == lines[i].e) { i++; continue; }
            size_t b = i;
            while (b < nlines && lines[b].s != lines[b].e) b++;
            if (block_wrapped(t, lines, i, b)) {
                uint32_t fl = SENT_PARA_START | REGION_WRAPPED;
                if (!region_push(out, d, para++, fl, lines[i].s, lines[b - 1].e)) rc = MDSUM_ENOMEM;
                first = false;
            } else {
                for (size_t k = i; k < b && rc == MDSUM_OK; k++) {
                    const line_rec *l = &lines[k];
                    if (enabled) {
                        int64_t before = (int64_t)seen.n;
                        int64_t id = strmap_intern(&seen, t + l->s, l->e - l->s);
                        if (id < 0) { rc = MDSUM_ENOMEM; break; }
                        if (id < before) {
                            rc = drop_push(cl, d, l->s, l->e, "repeated line");
                            continue;
                        }
                    }
                    uint32_t fl = SENT_PARA_START;
                    if (first && !ends_terminal(t, l)) fl |= SENT_HEADLINE;
                    first = false;
                    if (!region_push(out, d, para++, fl, l->s, l->e)) rc = MDSUM_ENOMEM;
                }
            }
            i = b;
        }
    }
    if (rc == MDSUM_ENOMEM) err_set(ctx, MDSUM_ENOMEM, "out of memory");
    strmap_fini(&seen);
    arena_fini(&tmp);
    alc_free(&ctx->alc, lines);
    return rc;
}
