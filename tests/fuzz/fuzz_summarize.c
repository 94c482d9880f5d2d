/*
 * fuzz_summarize.c -- libFuzzer target for the whole pipeline on plain
 * text: clean, segment, tokenize, represent, every ranker of
 * mdsum_algo_count(), select, order, and every rendering.
 *
 * Input: byte 0 chooses the options (language, flags, budget); byte 1 is a
 * separator; the rest is the text. The text is summarized as one document,
 * then split at the first separator byte into two documents (so that
 * multi-document paths run too). Checked: only documented statuses, and on
 * success the contracts of fuzz_check.h (analysis, picks, budgets, valid
 * UTF-8 renderings, parseable JSON).
 */
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run(mdsum_ctx *ctx, const uint8_t *data, size_t size, const char *text, size_t len,
                const char *sep)
{
    static const char *const langs[] = {"en", "auto", "de", "fr", "el", "ar", "ru", "en"};
    static const long word_budgets[] = {100, 1, 5, 300};
    unsigned c = data[0];
    mdsum_options o;
    mdsum_options_init(&o);
    o.lang = langs[c & 7];
    if (c & 0x08) o.flags |= MDSUM_LENIENT;
    if (c & 0x10) o.flags |= MDSUM_NO_CLEAN;
    if (c & 0x20) o.flags |= MDSUM_TRUNCATE;
    o.words = word_budgets[(c >> 6) & 3];
    if ((c >> 6) == 3) { o.words = 0; o.bytes = size > 2 ? 20 + data[size - 1] : 40; }
    if (c == 0x40) o.sentences = 2;
    o.redundancy = (c & 0x11) == 0x11 ? 1.0 : 0.5;

    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    if (!cl) return;
    int rc = MDSUM_OK;
    mdsum_doc d = {0};
    d.id = "a";
    d.text = text;
    d.text_len = sep ? (size_t)(sep - text) : len;
    rc = mdsum_cluster_add(cl, &d, o.flags);
    if (rc == MDSUM_OK && sep) {
        d.id = "b";
        d.title = "T\xc3\xa9";
        d.text = sep + 1;
        d.text_len = len - (size_t)(sep + 1 - text);
        rc = mdsum_cluster_add(cl, &d, o.flags);
    }
    FUZZ_CHECK(fuzz_status_ok(rc));
    if (rc) {
        FUZZ_CHECK(rc == MDSUM_EUTF8 && !(o.flags & MDSUM_LENIENT));
        mdsum_cluster_free(cl);
        return;
    }
    fuzz_check_docs(cl);
    rc = mdsum_cluster_analyze(ctx, cl, &o);
    FUZZ_CHECK(rc == MDSUM_OK || rc == MDSUM_EEMPTY);
    if (rc == MDSUM_OK) fuzz_check_analysis(cl);
    for (size_t a = 0; a < mdsum_algo_count(); a++) {
        mdsum_algo_info info;
        FUZZ_CHECK(mdsum_algo_info_get(a, &info) == MDSUM_OK);
        o.algo = info.name;
        mdsum_summary *s = NULL;
        int r2 = mdsum_summarize(ctx, cl, &o, &s);
        FUZZ_CHECK(r2 == rc);   /* the analysis decides: OK or EEMPTY */
        if (r2) {
            FUZZ_CHECK(s == NULL);
            continue;
        }
        /* Never empty while there is a sentence with a word (a byte budget
         * may be smaller than any first word). */
        if (!o.bytes) FUZZ_CHECK(mdsum_summary_count(s) > 0);
        fuzz_check_summary(ctx, cl, s, &o);
        mdsum_summary_free(s);
    }
    mdsum_cluster_free(cl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    mdsum_ctx *ctx = fuzz_ctx();
    if (!ctx) return 0;
    const char *text = (const char *)data + 2;
    size_t len = size - 2;
    run(ctx, data, size, text, len, NULL);
    const char *sep = memchr(text, data[1], len);
    if (sep) run(ctx, data, size, text, len, sep);
    return 0;
}
