/*
 * test_render.c -- the output formats: JSON is valid and its provenance
 * agrees with the library; Markdown cites every document it uses; hostile
 * text is escaped.
 */
#include "internal.h"
#include "test.h"

#include <jansson.h>

static mdsum_cluster *make(mdsum_ctx *ctx)
{
    static const char *docs[] = {
        "Rain \"flooded\" the <b>old</b> town on Monday.\nOfficials said  *three* \t roads closed.\n",
        "Rescue teams worked through the night in the old town.\tA school [1] was used as a shelter.",
    };
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    mdsum_cluster_set_id(cl, "cluster \"7\"");
    for (int i = 0; i < 2; i++) {
        mdsum_doc d = {0};
        d.id = i ? "b" : "a";
        d.title = i ? "Teams \\ shelter" : "Flood <script>";
        d.site = "Site\n";
        d.url = i ? "https://b.invalid/x" : NULL;
        d.text = docs[i];
        d.text_len = strlen(docs[i]);
        mdsum_cluster_add(cl, &d, 0);
    }
    return cl;
}

static void test_json(mdsum_ctx *ctx)
{
    mdsum_cluster *cl = make(ctx);
    mdsum_options o;
    mdsum_options_init(&o);
    o.words = 1000;
    mdsum_summary *s;
    CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
    char *text;
    size_t len;
    CHECK_EQ_INT(mdsum_render(ctx, cl, s, MDSUM_RENDER_JSON, &text, &len), MDSUM_OK);
    CHECK(len > 0 && text[len - 1] == '\n');
    CHECK(memchr(text, '\n', len) == text + len - 1);   /* one line */
    json_error_t err;
    json_t *j = json_loadb(text, len, 0, &err);
    CHECK(j != NULL);
    CHECK_EQ_STR(json_string_value(json_object_get(j, "id")), "cluster \"7\"");
    json_t *sents = json_object_get(j, "sentences");
    CHECK_EQ_INT(json_array_size(sents), mdsum_summary_count(s));
    for (size_t i = 0; i < json_array_size(sents); i++) {
        json_t *e = json_array_get(sents, i);
        mdsum_pick p;
        mdsum_summary_get(s, i, &p);
        CHECK_EQ_INT(json_integer_value(json_object_get(e, "doc")), p.doc);
        CHECK_EQ_INT(json_integer_value(json_object_get(e, "start")), p.start);
        CHECK_EQ_INT(json_integer_value(json_object_get(e, "end")), p.end);
        CHECK_EQ_INT(json_integer_value(json_object_get(e, "support")), p.support);
        /* The text is the source slice with white space collapsed. */
        mdsum_doc d;
        mdsum_cluster_doc(cl, p.doc, &d);
        const char *t = json_string_value(json_object_get(e, "text"));
        CHECK(t && strlen(t) <= p.end - p.start && strchr(t, '\n') == NULL && strchr(t, '\t') == NULL);
        CHECK(t && strncmp(t, d.text + p.start, 4) == 0);
        /* ... exactly: each run of white space one space, none at the end */
        char want[1024];
        size_t wn = 0;
        bool gap = false;
        for (size_t k = p.start; k < p.end && wn + 2 < sizeof want; k++) {
            char c = d.text[k];
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
                gap = true;
                continue;
            }
            if (gap) want[wn++] = ' ';
            gap = false;
            want[wn++] = c;
        }
        want[wn] = '\0';
        CHECK(t && strcmp(t, want) == 0);
    }
    json_t *docs = json_object_get(j, "documents");
    CHECK_EQ_INT(json_array_size(docs), 2);
    CHECK_EQ_STR(json_string_value(json_object_get(json_array_get(docs, 0), "title")), "Flood <script>");
    CHECK_EQ_STR(json_string_value(json_object_get(json_array_get(docs, 1), "title")), "Teams \\ shelter");
    CHECK(json_object_get(json_array_get(docs, 0), "url") == NULL);
    json_t *meta = json_object_get(j, "meta");
    CHECK_EQ_STR(json_string_value(json_object_get(meta, "version")), mdsum_version());
    CHECK_EQ_INT(json_integer_value(json_object_get(json_object_get(meta, "budget"), "words")), 1000);
    json_decref(j);
    mdsum_free(ctx, text);

    CHECK_EQ_INT(mdsum_render(ctx, cl, s, MDSUM_RENDER_MARKDOWN, &text, &len), MDSUM_OK);
    CHECK(strstr(text, "\\*three\\*") != NULL);      /* Markdown is escaped */
    CHECK(strstr(text, "\\<b\\>") != NULL);
    CHECK(strstr(text, "[1]") != NULL && strstr(text, "[2]") != NULL);
    CHECK(strstr(text, "**Sources**") != NULL);
    CHECK(strstr(text, "<https://b.invalid/x>") != NULL);
    mdsum_free(ctx, text);

    CHECK_EQ_INT(mdsum_render(ctx, cl, s, MDSUM_RENDER_LINE, &text, &len), MDSUM_OK);
    CHECK(memchr(text, '\n', len) == text + len - 1);
    mdsum_free(ctx, text);
    CHECK_EQ_INT(mdsum_render(ctx, cl, s, 99, &text, &len), MDSUM_EINVAL);
    mdsum_summary_free(s);
    mdsum_cluster_free(cl);
}

int main(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    test_json(ctx);
    mdsum_ctx_free(ctx);
    return test_finish("test_render");
}
