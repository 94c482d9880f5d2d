/*
 * fuzz_rouge.c -- libFuzzer target for the ROUGE readers: the SPL text path
 * (mdsum_rouge_add: lines, length limits, tokens, stemming, every measure),
 * the JSONL evaluation parser (mdsum_rouge_add_jsonl), the XML
 * configuration reader (mdsum_rouge_config_*) and the SEE reader
 * (mdsum_rouge_see_text), with both scorers.
 *
 * Input: byte 0 and 1 choose the options (scorer, -n, -l/-b, -m, -s, -2,
 * -u/-U, -w, -f, -t); the rest is split at byte 0x1E into a system text and
 * its references, and the whole rest is also given to the JSONL, XML and
 * SEE readers. Checked: only documented statuses; scores are finite and
 * within [0, 1] where they are ratios; results and renderings succeed
 * whenever an evaluation was added; text renderings are NUL-free.
 */
#include "fuzz_check.h"

#include <math.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_scores(mdsum_ctx *ctx, mdsum_rouge *r, int count_mode)
{
    size_t ne = mdsum_rouge_eval_count(r), nm = mdsum_rouge_metric_count(r);
    for (size_t e = 0; e < ne; e++) {
        FUZZ_CHECK(mdsum_rouge_eval_id(r, e) != NULL);
        for (size_t m = 0; m < nm; m++) {
            mdsum_rouge_score s;
            FUZZ_CHECK(mdsum_rouge_eval_score(r, e, m, &s) == MDSUM_OK);
            FUZZ_CHECK(isfinite(s.recall) && isfinite(s.precision) && isfinite(s.f));
            if (count_mode == 0)
                FUZZ_CHECK(s.recall >= 0 && s.recall <= 1 && s.precision >= 0 &&
                           s.precision <= 1 && s.f >= 0 && s.f <= 1);
        }
    }
    if (!ne) return;
    for (size_t m = 0; m < nm; m++) {
        mdsum_rouge_result res;
        int rc = mdsum_rouge_result_get(r, m, &res);
        FUZZ_CHECK(rc == MDSUM_OK);
        FUZZ_CHECK(isfinite(res.recall) && isfinite(res.f) && isfinite(res.mean_f));
    }
    for (int f = 0; f < 2; f++) {
        char *out;
        size_t n;
        FUZZ_CHECK(mdsum_rouge_render(r, f, MDSUM_ROUGE_PER_EVAL, &out, &n) == MDSUM_OK);
        FUZZ_CHECK(strlen(out) == n);
        if (f == MDSUM_ROUGE_JSON) {
            json_t *j = json_loadb(out, n, 0, NULL);
            FUZZ_CHECK(j != NULL);
            json_decref(j);
        }
        mdsum_free(ctx, out);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    mdsum_ctx *ctx = fuzz_ctx();
    if (!ctx) return 0;
    unsigned a = data[0], b = data[1];
    const char *text = (const char *)data + 2;
    size_t len = size - 2;

    mdsum_rouge_opts o;
    mdsum_rouge_opts_init(&o);
    o.scorer = (a & 1) ? MDSUM_ROUGE_GOOGLE : MDSUM_ROUGE_155;
    o.max_n = (int)((a >> 1) & 3);            /* 0..3 */
    o.lcs = (a >> 3) & 1;
    o.stem = (a >> 4) & 1;
    o.stopwords = (a >> 5) & 1;
    o.skip = (a >> 6) & 1;
    o.skip_distance = (int)(b & 7) - 1;       /* -1 = unlimited */
    o.skip_mode = (int)((b >> 3) % 3);
    if (b & 0x20) o.limit_words = 1 + (b & 0x1f);
    else if (b & 0x40) o.limit_bytes = 1 + 4 * (b & 0x1f);
    if (a & 0x80) o.wlcs_weight = 1.2;
    o.best_model = (b >> 7) & 1;
    o.count_mode = (int)(b % 3 == 2 ? 1 : 0);
    o.resamples = 20;   /* the bootstrap is not what is fuzzed; keep it cheap */
    if (o.max_n == 0 && !o.lcs && !o.skip && o.wlcs_weight == 0) o.lcs = 1;

    mdsum_rouge *r = NULL;
    int rc = mdsum_rouge_new(ctx, &o, &r);
    FUZZ_CHECK(rc == MDSUM_OK);

    /* SPL path: system, then references, separated by 0x1E. */
    const char *parts[9];
    size_t lens[9], np = 0;
    const char *p = text, *end = text + len;
    while (np < 9) {
        const char *q = memchr(p, 0x1E, (size_t)(end - p));
        parts[np] = p;
        lens[np] = (size_t)((q ? q : end) - p);
        np++;
        if (!q) break;
        p = q + 1;
    }
    if (np >= 2) {
        rc = mdsum_rouge_add(r, "spl", parts[0], lens[0], parts + 1, lens + 1, np - 1);
        FUZZ_CHECK(rc == MDSUM_OK || rc == MDSUM_ELIMIT);
        /* The same id again is refused and changes nothing. */
        if (rc == MDSUM_OK)
            FUZZ_CHECK(mdsum_rouge_add(r, "spl", parts[0], lens[0], parts + 1, lens + 1, np - 1) ==
                       MDSUM_EINVAL);
    }
    /* JSONL path. */
    size_t before = mdsum_rouge_eval_count(r);
    rc = mdsum_rouge_add_jsonl(r, text, len);
    FUZZ_CHECK(fuzz_status_ok(rc));
    FUZZ_CHECK(rc == MDSUM_OK || rc == MDSUM_EFORMAT || rc == MDSUM_ELIMIT || rc == MDSUM_EINVAL);
    FUZZ_CHECK(mdsum_rouge_eval_count(r) == before + (rc == MDSUM_OK));
    check_scores(ctx, r, o.count_mode);
    mdsum_rouge_free(r);

    /* XML configuration and SEE summaries. */
    mdsum_rouge_config *c = NULL;
    rc = mdsum_rouge_config_read(ctx, text, len, &c);
    FUZZ_CHECK(fuzz_status_ok(rc));
    if (rc == MDSUM_OK) {
        for (size_t i = 0; i < mdsum_rouge_config_count(c); i++) {
            mdsum_rouge_task t;
            FUZZ_CHECK(mdsum_rouge_config_task(c, i, &t) == MDSUM_OK);
            FUZZ_CHECK(t.eval_id != NULL);
            for (size_t k = 0; k < t.npeers; k++) FUZZ_CHECK(t.peer_ids[k] && t.peer_paths[k]);
            for (size_t k = 0; k < t.nmodels; k++) FUZZ_CHECK(t.model_paths[k] != NULL);
        }
        const char *const *ids;
        size_t nids;
        FUZZ_CHECK(mdsum_rouge_config_peers(c, &ids, &nids) == MDSUM_OK);
        for (size_t k = 1; k < nids; k++) FUZZ_CHECK(strcmp(ids[k - 1], ids[k]) < 0);
    } else {
        FUZZ_CHECK(c == NULL);
    }
    mdsum_rouge_config_free(c);
    char *see = NULL;
    size_t sn = 0;
    rc = mdsum_rouge_see_text(ctx, text, len, &see, &sn);
    FUZZ_CHECK(fuzz_status_ok(rc));
    if (rc == MDSUM_OK) FUZZ_CHECK(see && see[sn] == '\0');
    mdsum_free(ctx, see);
    return 0;
}
