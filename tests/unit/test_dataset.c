/*
 * test_dataset.c -- dataset readers on small layouts made here, and (when
 * ../shared is present) the item counts of the real sets.
 */
#include "internal.h"
#include "test.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static void put(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (!fp) { perror(path); exit(1); }
    fputs(text, fp);
    fclose(fp);
}

static void test_dir_layout(mdsum_ctx *ctx, const char *root)
{
    char p[512];
    snprintf(p, sizeof p, "%s/docs", root); mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/refs", root); mkdir(p, 0755);
    const char *clusters[] = {"c2", "c1"};
    for (int c = 0; c < 2; c++) {
        snprintf(p, sizeof p, "%s/docs/%s", root, clusters[c]); mkdir(p, 0755);
        snprintf(p, sizeof p, "%s/refs/%s", root, clusters[c]); mkdir(p, 0755);
        snprintf(p, sizeof p, "%s/docs/%s/B", root, clusters[c]);
        put(p, "2031/03/14 Second title here\nBody two.\n");
        snprintf(p, sizeof p, "%s/docs/%s/A", root, clusters[c]);
        put(p, "2031/03/13 First title\nBody one.\n");
        snprintf(p, sizeof p, "%s/refs/%s/%s.x", root, clusters[c], clusters[c]);
        put(p, "Reference one.\n");
        snprintf(p, sizeof p, "%s/refs/%s/%s.y", root, clusters[c], clusters[c]);
        put(p, "Reference two.\n");
    }
    snprintf(p, sizeof p, "%s/docs/.hidden", root); mkdir(p, 0755);
    char spec[600];
    snprintf(spec, sizeof spec, "tac:%s", root);
    mdsum_dataset *ds;
    CHECK_EQ_INT(mdsum_dataset_open(ctx, spec, NULL, &ds), MDSUM_OK);
    CHECK_EQ_INT(mdsum_dataset_next(ds), 1);
    CHECK_EQ_STR(mdsum_dataset_item_id(ds), "c1");   /* sorted */
    CHECK_EQ_INT(mdsum_dataset_doc_count(ds), 2);
    mdsum_doc d;
    CHECK_EQ_INT(mdsum_dataset_doc(ds, 0, &d), MDSUM_OK);
    CHECK_EQ_STR(d.id, "A");
    CHECK_EQ_STR(d.date, "2031/03/13");
    CHECK_EQ_STR(d.title, "First title");
    CHECK(d.text_len == 10 && memcmp(d.text, "Body one.\n", 10) == 0);
    CHECK_EQ_INT(mdsum_dataset_ref_count(ds), 2);
    const char *t;
    size_t n;
    CHECK_EQ_INT(mdsum_dataset_ref(ds, 1, &t, &n), MDSUM_OK);
    CHECK(n == 15 && memcmp(t, "Reference two.\n", n) == 0);
    CHECK_EQ_INT(mdsum_dataset_next(ds), 1);
    CHECK_EQ_STR(mdsum_dataset_item_id(ds), "c2");
    CHECK_EQ_INT(mdsum_dataset_next(ds), 0);
    mdsum_dataset_free(ds);
    /* duc: the first line is text, not a header. */
    snprintf(spec, sizeof spec, "duc:%s", root);
    CHECK_EQ_INT(mdsum_dataset_open(ctx, spec, NULL, &ds), MDSUM_OK);
    CHECK_EQ_INT(mdsum_dataset_next(ds), 1);
    mdsum_dataset_doc(ds, 0, &d);
    CHECK(d.date == NULL && d.text_len == 33);
    mdsum_dataset_free(ds);
}

static void test_multinews(mdsum_ctx *ctx, const char *root)
{
    char src[512], tgt[512], spec[600];
    snprintf(src, sizeof src, "%s/x.src", root);
    snprintf(tgt, sizeof tgt, "%s/x.tgt", root);
    put(src, "Doc A one. ||||| Doc B one.\nDoc A two.\n");
    put(tgt, "\xe2\x80\x93 Summary one.\nSummary two.\n");
    snprintf(spec, sizeof spec, "multinews:%s", src);
    mdsum_dataset *ds;
    CHECK_EQ_INT(mdsum_dataset_open(ctx, spec, NULL, &ds), MDSUM_OK);
    CHECK_EQ_INT(mdsum_dataset_next(ds), 1);
    CHECK_EQ_STR(mdsum_dataset_item_id(ds), "1");
    CHECK_EQ_INT(mdsum_dataset_doc_count(ds), 2);
    const char *t;
    size_t n;
    mdsum_dataset_ref(ds, 0, &t, &n);
    CHECK(n == 12 && memcmp(t, "Summary one.", 12) == 0);   /* dash removed */
    CHECK_EQ_INT(mdsum_dataset_next(ds), 1);
    CHECK_EQ_INT(mdsum_dataset_next(ds), 0);
    mdsum_dataset_free(ds);
    /* Misaligned files are an error, not silently short. */
    put(tgt, "Only one.\n");
    CHECK_EQ_INT(mdsum_dataset_open(ctx, spec, NULL, &ds), MDSUM_OK);
    CHECK_EQ_INT(mdsum_dataset_next(ds), 1);
    CHECK_EQ_INT(mdsum_dataset_next(ds), MDSUM_EFORMAT);
    mdsum_dataset_free(ds);
    CHECK_EQ_INT(mdsum_dataset_open(ctx, "multinews:/nonexistent.src", NULL, &ds), MDSUM_EIO);
    CHECK_EQ_INT(mdsum_dataset_open(ctx, "bogus:/x", NULL, &ds), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_dataset_open(ctx, "noprefix", NULL, &ds), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_dataset_open(ctx, "multinews:/x/file.txt", NULL, &ds), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_dataset_open(ctx, "duc:/nonexistent", NULL, &ds), MDSUM_EIO);
}

/* Item counts of the real sets (the data README gives them). */
static void test_shared(mdsum_ctx *ctx)
{
    struct { const char *spec; long items, refs_first; } sets[] = {
        {"duc:" MDSUM_SHARED_DIR "/data/duc2003/task2", 30, 4},
        {"tac:" MDSUM_SHARED_DIR "/data/tac2011/english", 10, 3},
        {"tac:" MDSUM_SHARED_DIR "/data/tac2011/hebrew", 10, 3},
        {"multinews:" MDSUM_SHARED_DIR "/data/multinews-full/dev.src", 102, 1},
    };
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        mdsum_dataset *ds;
        if (access(strchr(sets[i].spec, ':') + 1, R_OK) != 0) {
            fprintf(stderr, "skip %s: not present\n", sets[i].spec);
            continue;
        }
        CHECK_EQ_INT(mdsum_dataset_open(ctx, sets[i].spec, NULL, &ds), MDSUM_OK);
        long items = 0;
        int rc;
        while ((rc = mdsum_dataset_next(ds)) == 1) {
            if (items == 0) CHECK_EQ_INT(mdsum_dataset_ref_count(ds), sets[i].refs_first);
            CHECK(mdsum_dataset_doc_count(ds) > 0);
            items++;
        }
        CHECK_EQ_INT(rc, 0);
        CHECK_EQ_INT(items, sets[i].items);
        mdsum_dataset_free(ds);
    }
}

int main(void)
{
    char root[] = "/tmp/mdsum_test_ds_XXXXXX";
    if (!mkdtemp(root)) return 1;
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    test_dir_layout(ctx, root);
    test_multinews(ctx, root);
    test_shared(ctx);
    mdsum_ctx_free(ctx);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0) fprintf(stderr, "cleanup failed\n");
    return test_finish("test_dataset");
}
