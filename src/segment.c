/*
 * segment.c -- sentence segmentation with exact byte offsets.
 *
 * PROVISIONAL: a minimal splitter (terminal punctuation followed by white
 * space and an upper-case letter or digit; blank lines) so the pipeline
 * runs end to end. The real rule-based segmenter replaces this file.
 */
#include "internal.h"

#include <string.h>

void span_vec_init(span_vec *sv, const alc_t *alc)
{
    sv->alc = alc;
    sv->v = NULL;
    sv->n = sv->cap = 0;
}

void span_vec_fini(span_vec *sv)
{
    alc_free(sv->alc, sv->v);
    sv->v = NULL;
    sv->n = sv->cap = 0;
}

bool span_vec_push(span_vec *sv, size_t start, size_t end)
{
    void *v = sv->v;
    if (!grow_array(sv->alc, &v, &sv->cap, sv->n + 1, sizeof *sv->v)) return false;
    sv->v = v;
    sv->v[sv->n].start = start;
    sv->v[sv->n].end = end;
    sv->n++;
    return true;
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool emit(const char *t, size_t s, size_t e, span_vec *out)
{
    while (s < e && is_space((unsigned char)t[s])) s++;
    while (e > s && is_space((unsigned char)t[e - 1])) e--;
    if (s == e) return true;
    return span_vec_push(out, s, e);
}

int segment_split(const char *lang_code, const char *text, size_t start,
                  size_t end, span_vec *out)
{
    (void)lang_code;
    size_t s = start;
    for (size_t i = start; i < end; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            size_t j = i + 1;
            while (j < end && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) j++;
            if (j < end && text[j] == '\n') {
                if (!emit(text, s, i, out)) return MDSUM_ENOMEM;
                s = j;
                i = j;
            }
            continue;
        }
        if (c == '.' || c == '!' || c == '?') {
            size_t j = i + 1;
            while (j < end && (text[j] == '"' || text[j] == '\'' || text[j] == ')')) j++;
            if (j < end && is_space((unsigned char)text[j])) {
                size_t k = j;
                while (k < end && is_space((unsigned char)text[k])) k++;
                if (k < end && ((text[k] >= 'A' && text[k] <= 'Z') || (text[k] >= '0' && text[k] <= '9') ||
                                text[k] == '"')) {
                    if (!emit(text, s, j, out)) return MDSUM_ENOMEM;
                    s = k;
                    i = k - 1;
                }
            }
        }
    }
    if (!emit(text, s, end, out)) return MDSUM_ENOMEM;
    return MDSUM_OK;
}

int mdsum_split(mdsum_ctx *ctx, const char *text, size_t len, const char *lang,
                mdsum_span **out, size_t *out_n)
{
    if (!ctx || !out || !out_n || (!text && len)) return err_set(ctx, MDSUM_EINVAL, "invalid argument");
    *out = NULL;
    *out_n = 0;
    size_t bad = utf8_check(text, len, false);
    if (bad < len) return err_set_at(ctx, MDSUM_EUTF8, -1, (long long)bad, "invalid UTF-8");
    const lang_def *L = lang_find(lang ? lang : "en");
    if (!L) return err_set(ctx, MDSUM_ELANG, "unsupported language '%s'", lang);
    span_vec sv;
    span_vec_init(&sv, &ctx->alc);
    if (segment_split(L->code, text, 0, len, &sv) != MDSUM_OK) {
        span_vec_fini(&sv);
        return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    }
    *out = sv.v;
    *out_n = sv.n;
    return MDSUM_OK;
}
