/*
 * fuzz_jsonl.c -- libFuzzer target for the JSONL cluster parser
 * (mdsum_cluster_add_jsonl: jansson, string or object documents, ids,
 * metadata) and format detection, then a cheap summary and its JSON and
 * Markdown renderings (which escape the metadata).
 *
 * Input: byte 0 chooses strict or lenient UTF-8; the rest is the line.
 * Checked: only documented statuses; a malformed line reports a byte offset
 * within it; accepted documents and metadata are valid UTF-8; the JSON
 * rendering parses and keeps the cluster id.
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
    int rc = mdsum_cluster_add_jsonl(cl, line, len, flags);
    FUZZ_CHECK(fuzz_status_ok(rc));
    if (rc) {
        FUZZ_CHECK(rc == MDSUM_EFORMAT || rc == MDSUM_EUTF8 || rc == MDSUM_ELIMIT);
        const mdsum_error *e = mdsum_ctx_error(ctx);
        FUZZ_CHECK(e->code == rc && e->message[0]);
        if (rc == MDSUM_EFORMAT && e->doc < 0) FUZZ_CHECK(e->offset <= (long long)len);
        mdsum_cluster_free(cl);
        return 0;
    }
    fuzz_check_docs(cl);
    mdsum_options o;
    mdsum_options_init(&o);
    o.algo = (data[0] & 2) ? "centroid" : "lead";
    o.flags = flags;
    mdsum_summary *s = NULL;
    rc = mdsum_summarize(ctx, cl, &o, &s);
    FUZZ_CHECK(rc == MDSUM_OK || rc == MDSUM_EEMPTY);
    if (rc == MDSUM_OK) {
        fuzz_check_analysis(cl);
        fuzz_check_summary(ctx, cl, s, &o);
        char *out;
        size_t n;
        FUZZ_CHECK(mdsum_render(ctx, cl, s, MDSUM_RENDER_JSON, &out, &n) == MDSUM_OK);
        json_t *j = json_loadb(out, n, 0, NULL);
        json_t *id = json_object_get(j, "id");
        const char *want = mdsum_cluster_id(cl);
        if (want) FUZZ_CHECK(json_is_string(id) && strcmp(json_string_value(id), want) == 0);
        else FUZZ_CHECK(json_is_null(id));
        json_decref(j);
        mdsum_free(ctx, out);
    }
    mdsum_summary_free(s);
    mdsum_cluster_free(cl);
    return 0;
}
