/*
 * fuzz_multinews.c -- libFuzzer target for the Multi-News line parser
 * (mdsum_cluster_add_multinews: "|||||" separators, NEWLINE_CHAR tokens)
 * and format detection, then a cheap summary of what was parsed.
 *
 * Input: byte 0 chooses strict or lenient UTF-8; the rest is the line.
 * Checked: only documented statuses; a failed strict parse reports an
 * offset inside the line; documents are valid UTF-8, never only white
 * space, and no longer than the line; the parsed cluster summarizes.
 */
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    mdsum_ctx *ctx = fuzz_ctx();
    if (!ctx) return 0;
    const char *line = (const char *)data + 1;
    size_t len = size - 1;
    unsigned flags = (data[0] & 1) ? MDSUM_LENIENT : 0;

    int fmt = mdsum_format_detect(line, len);
    FUZZ_CHECK(fmt >= MDSUM_FORMAT_TEXT && fmt <= MDSUM_FORMAT_HTML);

    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    if (!cl) return 0;
    int rc = mdsum_cluster_add_multinews(cl, line, len, flags);
    FUZZ_CHECK(fuzz_status_ok(rc));
    if (rc) {
        FUZZ_CHECK(rc == MDSUM_EUTF8 && !flags);
        const mdsum_error *e = mdsum_ctx_error(ctx);
        FUZZ_CHECK(e->code == rc && e->offset >= 0 && (size_t)e->offset < len);
        /* The offset names a bad byte: invalid UTF-8 or NUL. */
        FUZZ_CHECK(utf8_check(line + e->offset, len - (size_t)e->offset, false) == 0);
        mdsum_cluster_free(cl);
        return 0;
    }
    fuzz_check_docs(cl);
    for (size_t i = 0; i < mdsum_cluster_doc_count(cl); i++) {
        mdsum_doc d;
        mdsum_cluster_doc(cl, i, &d);
        size_t k = 0;
        while (k < d.text_len && strchr(" \t\r\n", d.text[k])) k++;
        FUZZ_CHECK(k < d.text_len);
        FUZZ_CHECK(d.text_len <= (flags ? 3 * len : len));
    }
    mdsum_options o;
    mdsum_options_init(&o);
    o.algo = "lead";
    o.flags = flags;
    mdsum_summary *s = NULL;
    rc = mdsum_summarize(ctx, cl, &o, &s);
    FUZZ_CHECK(rc == MDSUM_OK || rc == MDSUM_EEMPTY);
    if (rc == MDSUM_OK) {
        fuzz_check_analysis(cl);
        fuzz_check_summary(ctx, cl, s, &o);
    }
    mdsum_summary_free(s);
    mdsum_cluster_free(cl);
    return 0;
}
