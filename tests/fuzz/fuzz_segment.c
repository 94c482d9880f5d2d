/*
 * fuzz_segment.c -- libFuzzer target for the sentence segmenter: any bytes,
 * any language rule set, with and without hard-wrap joining. Checks the
 * output contract: spans inside the region, non-empty, ordered, not
 * overlapping; every byte outside them is white space.
 */
#include "internal.h"
#include "segment.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool space_at(const unsigned char *t, size_t i, size_t n, size_t *len)
{
    int32_t cp;
    size_t k = utf8_valid_seq(t + i, n - i);
    if (!k) return false;
    utf8_decode(t + i, n - i, &cp);
    *len = k;
    if (cp < 0x80) return cp == ' ' || (cp >= 9 && cp <= 13) || (cp >= 0x1C && cp <= 0x1F);
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const langs[] = {"en", "de", "fr", "el", "hy", "ar", "ja", "hi", "ru", "xx"};
    if (size < 1) return 0;
    const char *lang = langs[data[0] % 10];
    unsigned flags = (data[0] & 0x80) ? MDSUM_SPLIT_JOIN_WRAPPED : 0;
    const char *text = (const char *)data + 1;
    size_t n = size - 1;
    alc_t alc;
    alc_init(&alc, NULL);
    span_vec sv;
    span_vec_init(&sv, &alc);
    if (segment_split_flags(lang, text, 0, n, flags, &sv) != MDSUM_OK) abort();
    size_t pos = 0;
    for (size_t i = 0; i < sv.n; i++) {
        if (sv.v[i].start < pos || sv.v[i].start >= sv.v[i].end || sv.v[i].end > n) abort();
        for (size_t p = pos, k; p < sv.v[i].start; p += k)
            if (!space_at(data + 1, p, n, &k)) abort();
        pos = sv.v[i].end;
    }
    for (size_t p = pos, k; p < n; p += k)
        if (!space_at(data + 1, p, n, &k)) abort();
    span_vec_fini(&sv);
    return 0;
}
