/*
 * render.c -- a summary as text, one-line text, JSON with provenance, or
 * Markdown with citations. Uses only the public accessors of the summary
 * and the cluster, so it shows exactly what a library user would see.
 */
#include "internal.h"

#include <string.h>

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Append text with every run of white space turned into one space (a
 * leading run too; a trailing run is dropped). One pass into reserved room:
 * the result is never longer than the text. */
static void put_collapsed(strbuf *b, const char *t, size_t n)
{
    if (!buf_reserve(b, n)) return;
    char *o = b->data + b->len, *o0 = o;
    bool gap = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (is_space(c)) {
            gap = true;
            continue;
        }
        if (gap) *o++ = ' ';
        gap = false;
        *o++ = (char)c;
    }
    b->len += (size_t)(o - o0);
    b->data[b->len] = '\0';
}

/* The collapsed text of a pick as a temporary buffer. */
static bool pick_text(const mdsum_cluster *cl, const mdsum_pick *p, strbuf *tmp)
{
    mdsum_doc d;
    mdsum_cluster_doc(cl, p->doc, &d);
    tmp->len = 0;
    put_collapsed(tmp, d.text + p->start, p->end - p->start);
    return !tmp->failed;
}

static void md_escape(strbuf *b, const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (strchr("\\`*_[]<>#|", c)) buf_putc(b, '\\');
        buf_putc(b, c);
    }
}

static void json_kv_str(strbuf *b, const char *key, const char *val)
{
    if (!val) return;
    buf_printf(b, ",\"%s\":", key);
    buf_json_str(b, val, strlen(val));
}

static void render_json(strbuf *b, const mdsum_cluster *cl, const mdsum_summary *s, strbuf *tmp)
{
    mdsum_summary_meta m;
    mdsum_summary_meta_get(s, &m);
    size_t n = mdsum_summary_count(s);
    const char *id = mdsum_cluster_id(cl);
    buf_puts(b, "{\"id\":");
    if (id) buf_json_str(b, id, strlen(id));
    else buf_puts(b, "null");
    /* The summary as one string, sentences joined by spaces. */
    strbuf all;
    buf_init(&all, b->alc);
    for (size_t i = 0; i < n; i++) {
        mdsum_pick p;
        mdsum_summary_get(s, i, &p);
        if (!pick_text(cl, &p, tmp)) { b->failed = true; break; }
        if (i) buf_putc(&all, ' ');
        buf_append(&all, tmp->data, tmp->len);
    }
    buf_puts(b, ",\"summary\":");
    buf_json_str(b, all.data ? all.data : "", all.len);
    if (all.failed) b->failed = true;
    buf_fini(&all);
    buf_puts(b, ",\"sentences\":[");
    for (size_t i = 0; i < n; i++) {
        mdsum_pick p;
        mdsum_doc d;
        mdsum_summary_get(s, i, &p);
        mdsum_cluster_doc(cl, p.doc, &d);
        if (!pick_text(cl, &p, tmp)) { b->failed = true; break; }
        if (i) buf_putc(b, ',');
        buf_puts(b, "{\"text\":");
        buf_json_str(b, tmp->data, tmp->len);
        buf_printf(b, ",\"doc\":%zu", p.doc);
        json_kv_str(b, "doc_id", d.id);
        buf_printf(b, ",\"index\":%zu,\"start\":%zu,\"end\":%zu,\"words\":%zu,"
                      "\"score\":%.6g,\"support\":%zu",
                   p.index, p.start, p.end, p.words, p.score, p.support);
        mdsum_sentence se;
        if (mdsum_cluster_sentence(cl, p.sentence, &se) == MDSUM_OK && p.end < se.end)
            buf_puts(b, ",\"truncated\":true");
        buf_putc(b, '}');
    }
    buf_puts(b, "],\"documents\":[");
    size_t nd = mdsum_cluster_doc_count(cl);
    for (size_t i = 0; i < nd; i++) {
        mdsum_doc d;
        mdsum_cluster_doc(cl, i, &d);
        if (i) buf_putc(b, ',');
        buf_printf(b, "{\"doc\":%zu", i);
        json_kv_str(b, "id", d.id);
        json_kv_str(b, "title", d.title);
        json_kv_str(b, "date", d.date);
        json_kv_str(b, "url", d.url);
        json_kv_str(b, "site", d.site);
        json_kv_str(b, "author", d.author);
        buf_printf(b, ",\"bytes\":%zu}", d.text_len);
    }
    buf_puts(b, "],\"meta\":{\"algorithm\":");
    buf_json_str(b, m.algo, strlen(m.algo));
    buf_puts(b, ",\"lang\":");
    buf_json_str(b, m.lang, strlen(m.lang));
    buf_puts(b, ",\"budget\":{");
    bool comma = false;
    if (m.budget_words) { buf_printf(b, "\"words\":%ld", m.budget_words); comma = true; }
    if (m.budget_sentences) { buf_printf(b, "%s\"sentences\":%ld", comma ? "," : "", m.budget_sentences); comma = true; }
    if (m.budget_bytes) buf_printf(b, "%s\"bytes\":%ld", comma ? "," : "", m.budget_bytes);
    buf_printf(b, "},\"words\":%zu,\"sentences_in\":%zu", m.words, m.sentences_in);
    if (m.note) json_kv_str(b, "note", m.note);
    buf_puts(b, ",\"version\":");
    buf_json_str(b, mdsum_version(), strlen(mdsum_version()));
    buf_puts(b, "}}\n");
}

static void render_markdown(strbuf *b, const mdsum_cluster *cl, const mdsum_summary *s, strbuf *tmp)
{
    size_t n = mdsum_summary_count(s);
    size_t nd = mdsum_cluster_doc_count(cl);
    /* Citation numbers in order of first use. */
    size_t *num = alc_calloc(b->alc, nd ? nd : 1, sizeof *num);
    if (!num) { b->failed = true; return; }
    size_t next = 1;
    for (size_t i = 0; i < n; i++) {
        mdsum_pick p;
        mdsum_summary_get(s, i, &p);
        if (!num[p.doc]) num[p.doc] = next++;
        if (!pick_text(cl, &p, tmp)) { b->failed = true; break; }
        md_escape(b, tmp->data, tmp->len);
        buf_printf(b, " [%zu]\n", num[p.doc]);
    }
    if (next > 1) buf_puts(b, "\n**Sources**\n\n");
    for (size_t k = 1; k < next; k++) {
        for (size_t i = 0; i < nd; i++) {
            if (num[i] != k) continue;
            mdsum_doc d;
            mdsum_cluster_doc(cl, i, &d);
            buf_printf(b, "%zu. ", k);
            if (d.title) md_escape(b, d.title, strlen(d.title));
            else if (d.id) { buf_puts(b, "Document "); md_escape(b, d.id, strlen(d.id)); }
            else buf_printf(b, "Document %zu", i + 1);
            if (d.site) { buf_puts(b, " — "); md_escape(b, d.site, strlen(d.site)); }
            if (d.date) { buf_puts(b, ", "); md_escape(b, d.date, strlen(d.date)); }
            if (d.url) { buf_puts(b, " <"); buf_puts(b, d.url); buf_putc(b, '>'); }
            buf_putc(b, '\n');
        }
    }
    alc_free(b->alc, num);
}

int mdsum_render(mdsum_ctx *ctx, const mdsum_cluster *cl, const mdsum_summary *s, int format,
                 char **out, size_t *out_len)
{
    if (!ctx || !cl || !s || !out || !out_len) return err_set(ctx, MDSUM_EINVAL, "invalid argument");
    *out = NULL;
    *out_len = 0;
    strbuf b, tmp;
    buf_init(&b, &ctx->alc);
    buf_init(&tmp, &ctx->alc);
    size_t n = mdsum_summary_count(s);
    switch (format) {
    case MDSUM_RENDER_TEXT:
    case MDSUM_RENDER_LINE:
        for (size_t i = 0; i < n; i++) {
            mdsum_pick p;
            mdsum_summary_get(s, i, &p);
            if (!pick_text(cl, &p, &tmp)) { b.failed = true; break; }
            if (i && format == MDSUM_RENDER_LINE) buf_putc(&b, ' ');
            buf_append(&b, tmp.data, tmp.len);
            if (format == MDSUM_RENDER_TEXT) buf_putc(&b, '\n');
        }
        if (format == MDSUM_RENDER_LINE) buf_putc(&b, '\n');
        break;
    case MDSUM_RENDER_JSON:
        render_json(&b, cl, s, &tmp);
        break;
    case MDSUM_RENDER_MARKDOWN:
        render_markdown(&b, cl, s, &tmp);
        break;
    default:
        buf_fini(&tmp);
        return err_set(ctx, MDSUM_EINVAL, "unknown output format %d", format);
    }
    buf_fini(&tmp);
    char *p = buf_detach(&b, out_len);
    buf_fini(&b);
    if (!p) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    *out = p;
    return MDSUM_OK;
}
