/*
 * fuzz_clean.c -- libFuzzer target for the cleaner through its stable
 * interface: mdsum_cluster_analyze with cleaning on, then the dropped spans
 * (mdsum_cluster_drop*) and the sentences that remain.
 *
 * Input: byte 0 chooses the language and strict/lenient UTF-8; the rest is
 * split into documents at each byte 0x1E (record separator), so that
 * cross-document noise (lines repeated across outlets) is reachable.
 * Checked: only documented statuses; every drop inside its document with a
 * reason; no sentence overlaps a dropped span; analysing again with the
 * same options gives the same drops (the cleaner is deterministic); with
 * cleaning off nothing is dropped.
 */
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const langs[] = {"en", "de", "fr", "es", "el", "ar", "ru", "auto"};
    if (size < 1) return 0;
    mdsum_ctx *ctx = fuzz_ctx();
    if (!ctx) return 0;
    mdsum_options o;
    mdsum_options_init(&o);
    o.lang = langs[data[0] & 7];
    o.flags = (data[0] & 8) ? MDSUM_LENIENT : 0;

    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    if (!cl) return 0;
    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    int rc = MDSUM_OK;
    while (rc == MDSUM_OK) {
        const char *q = memchr(p, 0x1E, (size_t)(end - p));
        mdsum_doc d = {0};
        d.text = p;
        d.text_len = (size_t)((q ? q : end) - p);
        rc = mdsum_cluster_add(cl, &d, o.flags);
        if (!q) break;
        p = q + 1;
    }
    FUZZ_CHECK(fuzz_status_ok(rc));
    if (rc) {
        FUZZ_CHECK(rc == MDSUM_EUTF8 && !o.flags);
        mdsum_cluster_free(cl);
        return 0;
    }
    rc = mdsum_cluster_analyze(ctx, cl, &o);
    FUZZ_CHECK(rc == MDSUM_OK || rc == MDSUM_EEMPTY);
    if (rc == MDSUM_OK) {
        fuzz_check_analysis(cl);
        size_t nd = mdsum_cluster_drop_count(cl), ns = mdsum_cluster_sentence_count(cl);
        mdsum_drop first = {0};
        if (nd) mdsum_cluster_drop(cl, 0, &first);
        /* Analyse again from scratch: same drops, same sentences. */
        o.flags |= MDSUM_NO_CLEAN;
        int r2 = mdsum_cluster_analyze(ctx, cl, &o);
        FUZZ_CHECK(r2 == MDSUM_OK || r2 == MDSUM_EEMPTY);
        if (r2 == MDSUM_OK) FUZZ_CHECK(mdsum_cluster_drop_count(cl) == 0);
        o.flags &= ~MDSUM_NO_CLEAN;
        FUZZ_CHECK(mdsum_cluster_analyze(ctx, cl, &o) == MDSUM_OK);
        FUZZ_CHECK(mdsum_cluster_drop_count(cl) == nd && mdsum_cluster_sentence_count(cl) == ns);
        if (nd) {
            mdsum_drop again;
            mdsum_cluster_drop(cl, 0, &again);
            FUZZ_CHECK(again.doc == first.doc && again.start == first.start && again.end == first.end);
        }
    }
    mdsum_cluster_free(cl);
    return 0;
}
