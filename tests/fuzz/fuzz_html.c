/*
 * fuzz_html.c -- libFuzzer target for the HTML extractor (charset decoding,
 * libxml2 parse, blocks, selection, metadata, JSON-LD).
 *
 * Invariants checked on every input: the call returns OK or one of its
 * documented errors; on success the text and every metadata string are
 * valid UTF-8 without NUL, text_len matches, and the text has no leading or
 * trailing white space; on failure *out is NULL. The same bytes are also
 * run with MDSUM_EXTRACT_ALL and with a transport charset taken from the
 * input's first byte.
 */
#include "internal.h"

#include <stdint.h>
#include <string.h>

static void check_str(const char *s)
{
    if (!s) return;
    size_t n = strlen(s);
    if (utf8_check(s, n, false) != n) __builtin_trap();
}

static void run(mdsum_ctx *ctx, const uint8_t *data, size_t size, const mdsum_extract_options *o)
{
    mdsum_article *a = (mdsum_article *)(uintptr_t)1;
    int rc = mdsum_extract_opts(ctx, (const char *)data, size, o, &a);
    if (rc != MDSUM_OK) {
        if (a != NULL) __builtin_trap();
        if (rc != MDSUM_ENOCONTENT && rc != MDSUM_ELIMIT && rc != MDSUM_ENOMEM) __builtin_trap();
        return;
    }
    if (!a || !a->text) __builtin_trap();
    if (strlen(a->text) != a->text_len) __builtin_trap();
    if (utf8_check(a->text, a->text_len, false) != a->text_len) __builtin_trap();
    if (a->text_len && (a->text[0] == ' ' || a->text[0] == '\n' ||
                        a->text[a->text_len - 1] == ' ' || a->text[a->text_len - 1] == '\n'))
        __builtin_trap();
    check_str(a->title);
    check_str(a->date);
    check_str(a->author);
    check_str(a->site);
    check_str(a->url);
    check_str(a->lang);
    check_str(a->description);
    check_str(a->charset);
    if (a->date && strlen(a->date) != 10) __builtin_trap();
    mdsum_article_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const HINTS[] = {NULL, "utf-8", "windows-1252", "shift_jis", "utf-16le",
                                        "iso-2022-jp", "gb18030", "koi8-r"};
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    if (!ctx) return 0;
    mdsum_extract_options o;
    mdsum_extract_options_init(&o);
    run(ctx, data, size, &o);
    o.flags = MDSUM_EXTRACT_ALL;
    run(ctx, data, size, &o);
    o.flags = 0;
    o.charset = HINTS[size ? data[0] % 8 : 0];
    o.url = "https://fuzz.example/2020/01/02/page";
    run(ctx, data, size, &o);
    mdsum_ctx_free(ctx);
    return 0;
}
