/*
 * report.c -- a summary and its sources as one self-contained HTML page.
 *
 * Not an algorithm from a paper but a renderer with rules of its own:
 *
 *  - Self-contained. One file: inline CSS and one small inline script, no
 *    external script, style, font or image. A Content-Security-Policy meta
 *    tag forbids every load (default-src 'none') and allows exactly our
 *    style and script by their SHA-256 hashes, so even markup that escaped
 *    our escaping could not run a script or fetch anything. When you edit
 *    REPORT_CSS or REPORT_JS, update CSS_HASH / JS_HASH:
 *    tests/cli/report_csp.sh recomputes them from a rendered page and
 *    prints the right values when they differ.
 *  - Everything escaped. Every piece of text from the input (document
 *    text, titles, outlets, dates, URLs, ids, drop reasons) and from the
 *    caller (title, command line) goes through put_esc(), which replaces
 *    & < > " ' in text and in (always double-quoted) attributes alike. No
 *    input text ever goes into the script: the script reads the DOM only.
 *    Only URLs that start with http:// or https:// become links; anything
 *    else (javascript:, data:, ...) is shown as text. Untrusted inline text
 *    is isolated (<bdi>, unicode-bidi: isolate) so a bidi override cannot
 *    reorder the page around it.
 *  - Exact provenance. The text of each document is cut by byte ranges
 *    into segments: plain text, chosen (exactly the bytes [start, end) of a
 *    pick, in <mark>), near-duplicate (a sentence in a pick's support,
 *    mdsum_summary_support()) and removed (a span the cleaner dropped, in
 *    <del> with its reason). Marked elements carry data-doc, data-start and
 *    data-end (UTF-8 byte offsets, as in the JSON output), so a test can
 *    compare the DOM with the library. Marks should never overlap (picks
 *    and near-duplicates are distinct sentences; sentences come from the
 *    text the cleaner kept); if they do, a chosen range wins and the other
 *    mark is cut. Boundaries inside a UTF-8 sequence are moved to the next
 *    character so the page stays valid UTF-8.
 *  - Fast for big clusters. The page has one element per marked span,
 *    never one per word or plain sentence. Rendering is one pass over the
 *    text plus a sort of the marks: O(text + m log m). Large clusters
 *    start with every document collapsed (<details>), and open documents
 *    use content-visibility so text off screen is not laid out.
 *
 * It uses only the public accessors of the cluster and the summary, like
 * render.c, so it shows what any library user would see.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* Documents start open when the cluster is at most this big (AUTO). */
#define OPEN_MAX_DOCS 10
#define OPEN_MAX_BYTES 200000

/* ======================================================================
 * The page's style and script (constant: the CSP allows them by hash)
 * ====================================================================== */
static const char REPORT_CSS[] =
    ":root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--muted:#595959;--line:#d4d4d4;"
    "--panel:#f5f5f2;--chosen:#ffe27a;--dup:#d3e5ff;--dupline:#3b6fb6;--drop:#707070;"
    "--accent:#0b57d0}\n"
    "@media (prefers-color-scheme:dark){:root{--bg:#151515;--fg:#e6e6e6;--muted:#ababab;"
    "--line:#3a3a3a;--panel:#202020;--chosen:#6a5300;--dup:#1b3a5e;--dupline:#8ab4f8;"
    "--drop:#9a9a9a;--accent:#8ab4f8}}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
    "body{margin:0;background:var(--bg);color:var(--fg);"
    "font:16px/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",sans-serif}\n"
    "header,main,footer{max-width:90rem;margin:0 auto;padding:0 1rem}\n"
    "header{padding-top:1rem;border-bottom:1px solid var(--line)}\n"
    "h1{font-size:1.35rem;margin:0 0 .25rem;overflow-wrap:anywhere}\n"
    "h2{font-size:1.1rem;margin:1.25rem 0 .5rem}\n"
    ".sub{color:var(--muted);margin:0 0 .75rem}\n"
    "a{color:var(--accent)}\n"
    "a:focus-visible,button:focus-visible,summary:focus-visible,[tabindex]:focus{"
    "outline:3px solid var(--accent);outline-offset:2px}\n"
    ".skip{position:absolute;left:-9999px}\n"
    ".skip:focus{left:1rem;top:.5rem;background:var(--bg);padding:.25rem .5rem;z-index:2}\n"
    "ol.picks{padding-left:1.6rem;margin:0}\n"
    "ol.picks li{margin:0 0 .9rem}\n"
    "a.pick-text{color:inherit;text-decoration:underline;text-decoration-color:var(--line);"
    "text-underline-offset:3px}\n"
    "a.pick-text:hover{text-decoration-color:var(--accent)}\n"
    ".support{display:block;color:var(--muted);font-size:.85rem;margin-top:.15rem}\n"

    ".legend{color:var(--muted);font-size:.85rem;margin:.25rem 0 .5rem}\n"
    ".legend span{margin-right:.6rem}\n"
    "mark.chosen,.key-chosen{background:var(--chosen);color:inherit;border-radius:2px}\n"
    ".dup,.key-dup{background:var(--dup);border-bottom:2px dotted var(--dupline)}\n"
    "del.drop,.key-drop{color:var(--drop);text-decoration:none}\n"
    "del.drop::before,.key-drop::before{content:\"removed: \" attr(data-reason);font:.7rem/1 system-ui,sans-serif;"
    "border:1px solid var(--line);border-radius:3px;padding:0 .25rem;margin-right:.3rem;"
    "white-space:nowrap}\n"
    "a.back{font-size:.7rem;vertical-align:super;text-decoration:none;margin:0 .1rem}\n"
    ".tools{margin:.25rem 0 .5rem}\n"
    "button{font:inherit;font-size:.85rem;padding:.2rem .6rem;margin-right:.4rem;"
    "background:var(--panel);color:var(--fg);border:1px solid var(--line);border-radius:4px;"
    "cursor:pointer}\n"
    "details.doc{border:1px solid var(--line);border-radius:6px;margin:0 0 .6rem;"
    "background:var(--bg)}\n"
    "details.doc>summary{cursor:pointer;padding:.5rem .75rem;background:var(--panel);"
    "border-radius:6px;overflow-wrap:anywhere}\n"
    "details.doc[open]>summary{border-bottom:1px solid var(--line);border-radius:6px 6px 0 0}\n"
    ".doc-n{font-weight:700;margin-right:.35rem}\n"
    ".doc-title{font-weight:600}\n"
    ".doc-meta{display:block;color:var(--muted);font-size:.85rem}\n"
    ".doc-body{padding:.5rem .75rem .75rem}\n"
    "dl.info{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.1rem .75rem;"
    "margin:0 0 .5rem;font-size:.85rem}\n"
    "dl.info dt{color:var(--muted)}\n"
    "dl.info dd{margin:0;overflow-wrap:anywhere}\n"
    ".doc-text{white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:isolate}\n"
    "code{font-size:.85rem;white-space:pre-wrap;overflow-wrap:anywhere}\n"
    ".flash{animation:flash 1.6s ease-out}\n"
    "@keyframes flash{0%{outline:4px solid var(--accent)}100%{outline:4px solid transparent}}\n"
    "@media (prefers-reduced-motion:reduce){.flash{animation:none}}\n"
    "#run dl.info{font-size:.9rem}\n"
    "footer{color:var(--muted);font-size:.8rem;padding-bottom:1rem}\n"
    "@media (min-width:64em){main{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);"
    "gap:0 2rem;align-items:start}#summary{position:sticky;top:0;max-height:100vh;overflow:auto;"
    "padding-bottom:1rem}#run{grid-column:1/-1}}\n"
    "@media print{details.doc>summary{background:none}#summary{position:static;max-height:none}}\n";

static const char REPORT_JS[] =
    "(function () {\n"
    "  \"use strict\";\n"
    "  var d = document;\n"
    "  function target(hash) {\n"
    "    if (!hash || hash.length < 2) return null;\n"
    "    return d.getElementById(hash.slice(1));\n"
    "  }\n"
    "  function reveal(el) {\n"
    "    var box = el.closest(\"details\");\n"
    "    if (box && !box.open) box.open = true;\n"
    "    el.scrollIntoView({block: \"center\"});\n"
    "    if (el.tabIndex >= -1 && el.focus) el.focus({preventScroll: true});\n"
    "    el.classList.remove(\"flash\");\n"
    "    void el.offsetWidth;\n"
    "    el.classList.add(\"flash\");\n"
    "  }\n"
    "  d.addEventListener(\"click\", function (e) {\n"
    "    var a = e.target.closest ? e.target.closest(\"a[href^='#']\") : null;\n"
    "    if (!a) return;\n"
    "    var el = target(a.getAttribute(\"href\"));\n"
    "    if (!el) return;\n"
    "    e.preventDefault();\n"
    "    reveal(el);\n"
    "    try { history.pushState(null, \"\", \"#\" + el.id); } catch (err) { /* file: URL */ }\n"
    "  });\n"
    "  window.addEventListener(\"popstate\", function () {\n"
    "    var el = target(location.hash);\n"
    "    if (el) reveal(el); else window.scrollTo(0, 0);\n"
    "  });\n"
    "  var tools = d.getElementById(\"doc-tools\");\n"
    "  if (tools) {\n"
    "    tools.hidden = false;\n"
    "    tools.addEventListener(\"click\", function (e) {\n"
    "      var b = e.target.closest(\"button\");\n"
    "      if (!b) return;\n"
    "      var all = d.querySelectorAll(\"details.doc\");\n"
    "      for (var i = 0; i < all.length; i++) all[i].open = b.value === \"open\";\n"
    "    });\n"
    "  }\n"
    "  var first = target(location.hash);\n"
    "  if (first) reveal(first);\n"
    "  d.documentElement.setAttribute(\"data-ready\", \"1\");\n"
    "})();\n";

/* base64(SHA-256) of REPORT_CSS and REPORT_JS, checked by tests/cli/report_csp.sh. */
#define CSS_HASH "sha256-sGXijt2Ov4wpNLD0Wl3z1a74JNKRDzgfopWiSWaWK28="
#define JS_HASH "sha256-jK7bb1qL+1KQNPKd1JixObYt6eHoHXIjGede8A91dFE="

/* ======================================================================
 * Escaping
 * ====================================================================== */

/* Append text escaped for HTML text and double-quoted attributes. */
static void put_esc(strbuf *b, const char *t, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep;
        switch (t[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        buf_append(b, t + run, i - run);
        buf_puts(b, rep);
        run = i + 1;
    }
    buf_append(b, t + run, n - run);
}

static void put_esc_str(strbuf *b, const char *s)
{
    if (s) put_esc(b, s, strlen(s));
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Escaped, with every run of white space made one space and the ends
 * trimmed (the summary shows sentences as the text output does). */
static void put_esc_collapsed(strbuf *b, const char *t, size_t n)
{
    size_t i = 0;
    while (i < n && is_space((unsigned char)t[i])) i++;
    while (n > i && is_space((unsigned char)t[n - 1])) n--;
    size_t run = i;
    while (i < n) {
        if (is_space((unsigned char)t[i])) {
            put_esc(b, t + run, i - run);
            while (i < n && is_space((unsigned char)t[i])) i++;
            buf_putc(b, ' ');
            run = i;
        } else {
            i++;
        }
    }
    put_esc(b, t + run, n - run);
}

static bool starts_with_ci(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != *prefix) return false;
    }
    return true;
}

/* A link for http(s) URLs; anything else is only text. */
static void put_url(strbuf *b, const char *url)
{
    if (starts_with_ci(url, "http://") || starts_with_ci(url, "https://")) {
        buf_puts(b, "<a href=\"");
        put_esc_str(b, url);
        buf_puts(b, "\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">");
        put_esc_str(b, url);
        buf_puts(b, "</a>");
    } else {
        buf_puts(b, "<span class=\"nolink\">");
        put_esc_str(b, url);
        buf_puts(b, "</span>");
    }
}

/* The name a reader knows a document by: outlet, else title, else id. */
static void put_outlet(strbuf *b, const mdsum_doc *d, size_t i)
{
    const char *name = d->site ? d->site : d->title ? d->title : d->id;
    buf_puts(b, "<bdi>");
    if (name && *name) put_esc_str(b, name);
    else buf_printf(b, "Document %zu", i + 1);
    buf_puts(b, "</bdi>");
}

/* ======================================================================
 * Marks: the byte ranges of the document texts that get an element
 * ====================================================================== */
enum { MARK_CHOSEN = 0, MARK_DUP = 1, MARK_DROP = 2 };

typedef struct mark {
    size_t doc, start, end;
    int kind;
    size_t id;       /* pick (CHOSEN), sentence (DUP) or drop (DROP) index */
    size_t first;    /* DUP: first entry of its picks in the pair list */
    size_t npicks;   /* DUP: how many picks it echoes */
} mark;

/* A near-duplicate relation: cluster sentence `sent` is in pick `pick`'s
 * support. */
typedef struct dup_pair {
    size_t sent, pick;
} dup_pair;

static int cmp_mark(const void *a, const void *b, void *ud)
{
    (void)ud;
    const mark *x = a, *y = b;
    if (x->doc != y->doc) return x->doc < y->doc ? -1 : 1;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
    if (x->id != y->id) return x->id < y->id ? -1 : 1;
    return 0;
}

static int cmp_pair(const void *a, const void *b, void *ud)
{
    (void)ud;
    const dup_pair *x = a, *y = b;
    if (x->sent != y->sent) return x->sent < y->sent ? -1 : 1;
    if (x->pick != y->pick) return x->pick < y->pick ? -1 : 1;
    return 0;
}

/* Move an offset off a UTF-8 continuation byte. */
static size_t char_boundary(const char *t, size_t len, size_t p)
{
    if (p > len) p = len;
    while (p < len && ((unsigned char)t[p] & 0xC0) == 0x80) p++;
    return p;
}

typedef struct report {
    mdsum_ctx *ctx;
    const mdsum_cluster *cl;
    const mdsum_summary *s;
    strbuf *b;
    size_t ndocs, npicks, nsents;
    size_t text_bytes;     /* the documents' texts, in all */
    mdsum_summary_meta meta;
    mark *marks;
    size_t nmarks;
    dup_pair *pairs;       /* sorted by sentence */
    size_t npairs;
    size_t *pick_of;       /* cluster sentence -> pick index + 1, 0 if none */
    size_t *cnt;           /* per document: chosen, dup, drop counts */
} report;

static int collect(report *r)
{
    const alc_t *a = &r->ctx->alc;
    size_t ndrops = mdsum_cluster_drop_count(r->cl);
    r->pick_of = alc_calloc(a, r->nsents ? r->nsents : 1, sizeof *r->pick_of);
    r->cnt = alc_calloc(a, r->ndocs ? 3 * r->ndocs : 1, sizeof *r->cnt);
    if (!r->pick_of || !r->cnt) return MDSUM_ENOMEM;
    size_t npairs = 0;
    for (size_t k = 0; k < r->npicks; k++) {
        mdsum_pick p;
        size_t n = 0;
        if (mdsum_summary_get(r->s, k, &p) || mdsum_summary_support(r->s, k, NULL, 0, &n))
            return MDSUM_EINTERNAL;
        if (p.sentence < r->nsents) r->pick_of[p.sentence] = k + 1;
        npairs += n;
    }
    size_t cap;
    if (!mul_ok(npairs ? npairs : 1, sizeof *r->pairs, &cap)) return MDSUM_ENOMEM;
    r->pairs = alc_malloc(a, cap);
    size_t *tmp = alc_malloc(a, (npairs ? npairs : 1) * sizeof *tmp);
    if (!r->pairs || !tmp) {
        alc_free(a, tmp);
        return MDSUM_ENOMEM;
    }
    for (size_t k = 0; k < r->npicks; k++) {
        size_t n = 0;
        mdsum_summary_support(r->s, k, tmp, npairs, &n);
        for (size_t j = 0; j < n; j++) {
            /* A chosen sentence is marked as chosen, never as an echo. */
            if (tmp[j] >= r->nsents || r->pick_of[tmp[j]]) continue;
            r->pairs[r->npairs].sent = tmp[j];
            r->pairs[r->npairs].pick = k;
            r->npairs++;
        }
    }
    alc_free(a, tmp);
    sort_r(r->pairs, r->npairs, sizeof *r->pairs, cmp_pair, NULL);

    size_t ndup = 0;
    for (size_t i = 0; i < r->npairs; i++)
        if (i == 0 || r->pairs[i].sent != r->pairs[i - 1].sent) ndup++;
    size_t nm = r->npicks + ndup + ndrops;
    if (!mul_ok(nm ? nm : 1, sizeof *r->marks, &cap)) return MDSUM_ENOMEM;
    r->marks = alc_malloc(a, cap);
    if (!r->marks) return MDSUM_ENOMEM;
    for (size_t k = 0; k < r->npicks; k++) {
        mdsum_pick p;
        mdsum_summary_get(r->s, k, &p);
        r->marks[r->nmarks++] = (mark){p.doc, p.start, p.end, MARK_CHOSEN, k, 0, 0};
    }
    for (size_t i = 0; i < r->npairs;) {
        size_t j = i;
        while (j < r->npairs && r->pairs[j].sent == r->pairs[i].sent) j++;
        mdsum_sentence se;
        if (mdsum_cluster_sentence(r->cl, r->pairs[i].sent, &se) == MDSUM_OK)
            r->marks[r->nmarks++] = (mark){se.doc, se.start, se.end, MARK_DUP, r->pairs[i].sent, i, j - i};
        i = j;
    }
    for (size_t i = 0; i < ndrops; i++) {
        mdsum_drop dr;
        if (mdsum_cluster_drop(r->cl, i, &dr) == MDSUM_OK)
            r->marks[r->nmarks++] = (mark){dr.doc, dr.start, dr.end, MARK_DROP, i, 0, 0};
    }
    sort_r(r->marks, r->nmarks, sizeof *r->marks, cmp_mark, NULL);

    /* Make the marks disjoint and valid: inside their document, on
     * character boundaries, a lower-priority mark cut where the next chosen
     * one starts (scanning backwards), then each start moved past the end
     * of the mark before it. */
    size_t next_chosen = SIZE_MAX, cur_doc = SIZE_MAX;
    for (size_t i = r->nmarks; i-- > 0;) {
        mark *m = &r->marks[i];
        if (m->doc >= r->ndocs) { m->start = m->end = 0; continue; }
        mdsum_doc d;
        mdsum_cluster_doc(r->cl, m->doc, &d);
        if (m->doc != cur_doc) { cur_doc = m->doc; next_chosen = SIZE_MAX; }
        m->start = char_boundary(d.text, d.text_len, m->start);
        m->end = char_boundary(d.text, d.text_len, m->end);
        if (m->kind == MARK_CHOSEN) next_chosen = m->start;
        else if (m->end > next_chosen && m->start < next_chosen) m->end = next_chosen;
    }
    size_t pos = 0;
    cur_doc = SIZE_MAX;
    for (size_t i = 0; i < r->nmarks; i++) {
        mark *m = &r->marks[i];
        if (m->doc != cur_doc) { cur_doc = m->doc; pos = 0; }
        if (m->start < pos) m->start = pos;
        if (m->end < m->start) m->end = m->start;
        if (m->end > m->start) {
            pos = m->end;
            if (m->doc < r->ndocs) r->cnt[3 * m->doc + (size_t)m->kind]++;
        }
    }
    return MDSUM_OK;
}

/* The element id a link to cluster sentence `sent` should use. */
static void put_sentence_ref(report *r, size_t sent)
{
    if (sent < r->nsents && r->pick_of[sent]) buf_printf(r->b, "#c%zu", r->pick_of[sent]);
    else buf_printf(r->b, "#s%zu", sent);
}

/* ======================================================================
 * Page sections
 * ====================================================================== */
static void put_head(report *r, const char *title)
{
    strbuf *b = r->b;
    buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                "style-src '" CSS_HASH "'; script-src '" JS_HASH "'; base-uri 'none'; "
                "form-action 'none'\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<meta name=\"referrer\" content=\"no-referrer\">\n"
                "<meta name=\"generator\" content=\"mdsum ");
    put_esc_str(b, mdsum_version());
    buf_puts(b, "\">\n<title>");
    put_esc_str(b, title);
    buf_puts(b, " \xE2\x80\x94 mdsum report</title>\n<style>");
    buf_append(b, REPORT_CSS, sizeof REPORT_CSS - 1);
    buf_puts(b, "</style>\n</head>\n<body>\n"
                "<a class=\"skip\" href=\"#sources\">Skip to the sources</a>\n<header>\n<h1><bdi>");
    put_esc_str(b, title);
    const mdsum_summary_meta *m = &r->meta;
    buf_printf(b, "</bdi></h1>\n<p class=\"sub\">%zu sentence%s, %zu words, from %zu document%s "
                  "(%zu candidate sentences); algorithm ",
               r->npicks, r->npicks == 1 ? "" : "s", m->words, r->ndocs, r->ndocs == 1 ? "" : "s",
               m->sentences_in);
    put_esc_str(b, m->algo);
    buf_puts(b, ", language ");
    put_esc_str(b, m->lang);
    buf_puts(b, ".</p>\n</header>\n<main>\n");
}

static void put_summary(report *r, const char *lang)
{
    strbuf *b = r->b;
    buf_puts(b, "<section id=\"summary\" aria-labelledby=\"h-summary\">\n"
                "<h2 id=\"h-summary\">Summary</h2>\n");
    if (r->npicks == 0) {
        buf_puts(b, "<p>The summary is empty.</p>\n</section>\n");
        return;
    }
    buf_puts(b, "<ol class=\"picks\">\n");
    const alc_t *a = &r->ctx->alc;
    uint8_t *seen = alc_calloc(a, r->ndocs ? r->ndocs : 1, 1);
    size_t *first = alc_malloc(a, (r->ndocs ? r->ndocs : 1) * sizeof *first);
    size_t *sup = NULL;
    size_t supcap = 0;
    if (!seen || !first) b->failed = true;
    for (size_t k = 0; k < r->npicks && !b->failed; k++) {
        mdsum_pick p;
        mdsum_doc d;
        mdsum_summary_get(r->s, k, &p);
        mdsum_cluster_doc(r->cl, p.doc, &d);
        size_t end = p.end < d.text_len ? p.end : d.text_len;
        size_t start = p.start < end ? p.start : end;
        buf_printf(b, "<li id=\"p%zu\" class=\"pick\">"
                      "<a class=\"pick-text\" href=\"#c%zu\" data-pick=\"%zu\" data-doc=\"%zu\" "
                      "data-start=\"%zu\" data-end=\"%zu\" lang=\"",
                   k + 1, k + 1, k + 1, p.doc, p.start, p.end);
        put_esc_str(b, lang);
        buf_puts(b, "\"><bdi>");
        put_esc_collapsed(b, d.text + start, end - start);
        buf_puts(b, "</bdi></a>\n<span class=\"support\">");

        /* Which documents say the same: the first supporting sentence of
         * each, in document order; the pick itself for its own. */
        size_t n = 0;
        mdsum_summary_support(r->s, k, NULL, 0, &n);
        if (n > supcap) {
            void *v = sup;
            if (!grow_array(a, &v, &supcap, n, sizeof *sup)) { b->failed = true; break; }
            sup = v;
        }
        mdsum_summary_support(r->s, k, sup, supcap, &n);
        memset(seen, 0, r->ndocs);
        for (size_t j = 0; j < n; j++) {
            mdsum_sentence se;
            if (mdsum_cluster_sentence(r->cl, sup[j], &se) || se.doc >= r->ndocs) continue;
            if (se.doc == p.doc) { seen[se.doc] = 1; first[se.doc] = p.sentence; continue; }
            if (!seen[se.doc]) { seen[se.doc] = 1; first[se.doc] = sup[j]; }
        }
        buf_printf(b, "Support: %zu of %zu document%s: ", p.support, r->ndocs,
                   r->ndocs == 1 ? "" : "s");
        bool comma = false;
        for (size_t i = 0; i < r->ndocs; i++) {
            if (!seen[i]) continue;
            if (comma) buf_puts(b, ", ");
            comma = true;
            mdsum_doc od;
            mdsum_cluster_doc(r->cl, i, &od);
            buf_puts(b, "<a href=\"");
            put_sentence_ref(r, first[i]);
            buf_printf(b, "\" data-support-doc=\"%zu\">", i);
            put_outlet(b, &od, i);
            if (i == p.doc) buf_puts(b, " (source)");
            buf_puts(b, "</a>");
        }
        buf_puts(b, "</span></li>\n");
    }
    alc_free(a, sup);
    alc_free(a, seen);
    alc_free(a, first);
    buf_puts(b, "</ol>\n</section>\n");
}

static void put_info_row(strbuf *b, const char *label, const char *val)
{
    if (!val || !*val) return;
    buf_printf(b, "<dt>%s</dt><dd><bdi>", label);
    put_esc_str(b, val);
    buf_puts(b, "</bdi></dd>");
}

/* One document's text, cut into plain and marked segments. Marks [mi, mj)
 * belong to document i and are disjoint and sorted. */
static void put_doc_text(report *r, const mdsum_doc *d, size_t mi, size_t mj)
{
    strbuf *b = r->b;
    size_t pos = 0;
    for (size_t x = mi; x < mj; x++) {
        const mark *m = &r->marks[x];
        if (m->end <= m->start) continue;
        put_esc(b, d->text + pos, m->start - pos);
        const char *seg = d->text + m->start;
        size_t len = m->end - m->start;
        switch (m->kind) {
        case MARK_CHOSEN:
            buf_printf(b, "<mark class=\"chosen\" id=\"c%zu\" tabindex=\"-1\" data-pick=\"%zu\" "
                          "data-doc=\"%zu\" data-start=\"%zu\" data-end=\"%zu\">",
                       m->id + 1, m->id + 1, m->doc, m->start, m->end);
            put_esc(b, seg, len);
            buf_printf(b, "</mark><a class=\"back\" href=\"#p%zu\" "
                          "aria-label=\"Back to summary sentence %zu\">[%zu]</a>",
                       m->id + 1, m->id + 1, m->id + 1);
            break;
        case MARK_DUP:
            buf_printf(b, "<span class=\"dup\" id=\"s%zu\" tabindex=\"-1\" data-doc=\"%zu\" "
                          "data-start=\"%zu\" data-end=\"%zu\" data-picks=\"",
                       m->id, m->doc, m->start, m->end);
            for (size_t q = 0; q < m->npicks; q++)
                buf_printf(b, "%s%zu", q ? " " : "", r->pairs[m->first + q].pick + 1);
            buf_puts(b, "\" title=\"Nearly the same as summary sentence");
            if (m->npicks > 1) buf_putc(b, 's');
            for (size_t q = 0; q < m->npicks; q++)
                buf_printf(b, "%s%zu", q ? ", " : " ", r->pairs[m->first + q].pick + 1);
            buf_puts(b, "\">");
            put_esc(b, seg, len);
            buf_puts(b, "</span>");
            break;
        default: {
            mdsum_drop dr;
            const char *why = mdsum_cluster_drop(r->cl, m->id, &dr) == MDSUM_OK && dr.reason
                                  ? dr.reason : "removed";
            buf_printf(b, "<del class=\"drop\" data-doc=\"%zu\" data-start=\"%zu\" data-end=\"%zu\" "
                          "data-reason=\"", m->doc, m->start, m->end);
            put_esc_str(b, why);
            buf_puts(b, "\" title=\"Removed by the cleaner: ");
            put_esc_str(b, why);
            buf_puts(b, "\">");
            put_esc(b, seg, len);
            buf_puts(b, "</del>");
            break;
        }
        }
        pos = m->end;
    }
    put_esc(b, d->text + pos, d->text_len - pos);
}

static void put_sources(report *r, int expand, const char *lang)
{
    strbuf *b = r->b;
    bool open = expand == MDSUM_REPORT_EXPAND_ALL ||
                (expand == MDSUM_REPORT_EXPAND_AUTO && r->ndocs <= OPEN_MAX_DOCS &&
                 r->text_bytes <= OPEN_MAX_BYTES);
    buf_printf(b, "<section id=\"sources\" aria-labelledby=\"h-sources\">\n"
                  "<h2 id=\"h-sources\">Sources (%zu)</h2>\n"
                  "<p class=\"legend\"><span class=\"key-chosen\">chosen sentence</span> "
                  "<span class=\"key-dup\">says nearly the same as a chosen one</span> "
                  "<span class=\"key-drop\" data-reason=\"why\">removed as noise</span></p>\n"
                  "<p class=\"tools\" id=\"doc-tools\" hidden><button type=\"button\" value=\"open\">"
                  "Expand all</button><button type=\"button\" value=\"close\">Collapse all</button></p>\n",
               r->ndocs);
    size_t mi = 0;
    for (size_t i = 0; i < r->ndocs && !b->failed; i++) {
        mdsum_doc d;
        mdsum_cluster_doc(r->cl, i, &d);
        size_t mj = mi;
        while (mj < r->nmarks && r->marks[mj].doc == i) mj++;
        const size_t *c = &r->cnt[3 * i];
        buf_printf(b, "<details class=\"doc\" id=\"doc-%zu\" data-doc=\"%zu\"%s>\n<summary>"
                      "<span class=\"doc-n\">%zu</span><span class=\"doc-title\"><bdi>",
                   i + 1, i, open ? " open" : "", i + 1);
        if (d.title && *d.title) put_esc_str(b, d.title);
        else if (d.id && *d.id) put_esc_str(b, d.id);
        else buf_printf(b, "Document %zu", i + 1);
        buf_puts(b, "</bdi></span><span class=\"doc-meta\">");
        if (d.site && *d.site) { buf_puts(b, "<bdi>"); put_esc_str(b, d.site); buf_puts(b, "</bdi> \xC2\xB7 "); }
        if (d.date && *d.date) { buf_puts(b, "<bdi>"); put_esc_str(b, d.date); buf_puts(b, "</bdi> \xC2\xB7 "); }
        buf_printf(b, "%zu chosen \xC2\xB7 %zu nearly the same \xC2\xB7 %zu removed \xC2\xB7 %zu bytes"
                      "</span></summary>\n<div class=\"doc-body\">\n<dl class=\"info\">",
                   c[MARK_CHOSEN], c[MARK_DUP], c[MARK_DROP], d.text_len);
        put_info_row(b, "Title", d.title);
        put_info_row(b, "Outlet", d.site);
        put_info_row(b, "Date", d.date);
        put_info_row(b, "Author", d.author);
        if (d.url && *d.url) {
            buf_puts(b, "<dt>URL</dt><dd>");
            put_url(b, d.url);
            buf_puts(b, "</dd>");
        }
        put_info_row(b, "Id", d.id);
        buf_puts(b, "</dl>\n<div class=\"doc-text\" dir=\"auto\" lang=\"");
        put_esc_str(b, lang);
        buf_puts(b, "\">");
        put_doc_text(r, &d, mi, mj);
        buf_puts(b, "</div>\n</div>\n</details>\n");
        mi = mj;
    }
    buf_puts(b, "</section>\n");
}

static void put_ms(strbuf *b, const char *label, double ms)
{
    if (!(ms >= 0)) return;
    buf_printf(b, "<dt>%s</dt><dd>%.1f ms</dd>", label, ms);
}

static void put_run(report *r, const mdsum_report_info *info)
{
    strbuf *b = r->b;
    const mdsum_summary_meta *m = &r->meta;
    buf_puts(b, "<section id=\"run\" aria-labelledby=\"h-run\">\n<h2 id=\"h-run\">Run details</h2>\n"
                "<dl class=\"info\"><dt>Algorithm</dt><dd>");
    put_esc_str(b, m->algo);
    buf_puts(b, "</dd><dt>Language</dt><dd>");
    put_esc_str(b, m->lang);
    buf_puts(b, "</dd><dt>Budget</dt><dd>");
    bool any = false;
    if (m->budget_words) { buf_printf(b, "%ld words", m->budget_words); any = true; }
    if (m->budget_sentences) { buf_printf(b, "%s%ld sentences", any ? ", " : "", m->budget_sentences); any = true; }
    if (m->budget_bytes) { buf_printf(b, "%s%ld bytes", any ? ", " : "", m->budget_bytes); any = true; }
    if (!any) buf_puts(b, "none");
    buf_printf(b, "</dd><dt>Summary</dt><dd>%zu sentences, %zu words</dd>"
                  "<dt>Input</dt><dd>%zu documents, %zu candidate sentences, %zu spans removed"
                  "</dd>",
               r->npicks, m->words, r->ndocs, m->sentences_in, mdsum_cluster_drop_count(r->cl));
    if (m->note) {
        buf_puts(b, "<dt>Note</dt><dd>");
        put_esc_str(b, m->note);
        buf_puts(b, "</dd>");
    }
    put_ms(b, "Reading", info->ms_read);
    put_ms(b, "Analysis", info->ms_analyze);
    put_ms(b, "Summarization", info->ms_summarize);
    put_ms(b, "Total", info->ms_total);
    if (info->command && *info->command) {
        buf_puts(b, "<dt>Command</dt><dd><code>");
        put_esc_str(b, info->command);
        buf_puts(b, "</code></dd>");
    }
    buf_puts(b, "<dt>Version</dt><dd>mdsum ");
    put_esc_str(b, mdsum_version());
    buf_puts(b, "</dd></dl>\n</section>\n");
}

/* ======================================================================
 * Public entry points
 * ====================================================================== */
void mdsum_report_info_init(mdsum_report_info *info)
{
    if (!info) return;
    memset(info, 0, sizeof *info);
    info->ms_read = info->ms_analyze = info->ms_summarize = info->ms_total = -1;
    info->expand = MDSUM_REPORT_EXPAND_AUTO;
}

int mdsum_report_render(mdsum_ctx *ctx, const mdsum_cluster *cl, const mdsum_summary *s,
                        const mdsum_report_info *info, char **out, size_t *out_len)
{
    if (!ctx || !cl || !s || !out || !out_len) return err_set(ctx, MDSUM_EINVAL, "invalid argument");
    *out = NULL;
    *out_len = 0;
    mdsum_report_info defaults;
    if (!info) {
        mdsum_report_info_init(&defaults);
        info = &defaults;
    }
    if (info->expand < MDSUM_REPORT_EXPAND_AUTO || info->expand > MDSUM_REPORT_EXPAND_NONE)
        return err_set(ctx, MDSUM_EINVAL, "report: unknown expand mode %d", info->expand);
    strbuf b;
    buf_init(&b, &ctx->alc);
    report r;
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    r.cl = cl;
    r.s = s;
    r.b = &b;
    r.ndocs = mdsum_cluster_doc_count(cl);
    r.npicks = mdsum_summary_count(s);
    r.nsents = mdsum_cluster_sentence_count(cl);
    mdsum_summary_meta_get(s, &r.meta);
    for (size_t k = 0; k < r.npicks; k++) {
        mdsum_pick p;
        mdsum_summary_get(s, k, &p);
        if (p.doc >= r.ndocs || p.sentence >= r.nsents)
            return err_set(ctx, MDSUM_EINVAL, "report: the summary was not made from this cluster");
    }
    int rc = collect(&r);
    if (rc == MDSUM_OK) {
        /* The text is large: reserve once rather than grow by doubling. */
        for (size_t i = 0; i < r.ndocs; i++) {
            mdsum_doc d;
            mdsum_cluster_doc(cl, i, &d);
            r.text_bytes += d.text_len;
        }
        buf_reserve(&b, r.text_bytes + r.text_bytes / 8 + 16384 + 512 * r.nmarks);
        char title[160];
        const char *t = info->title;
        if (!t || !*t) t = mdsum_cluster_id(cl);
        if (!t || !*t) {
            snprintf(title, sizeof title, "Summary of %zu document%s", r.ndocs, r.ndocs == 1 ? "" : "s");
            t = title;
        }
        put_head(&r, t);
        put_summary(&r, r.meta.lang);
        put_sources(&r, info->expand, r.meta.lang);
        put_run(&r, info);
        buf_puts(&b, "</main>\n<footer><p>Made by mdsum ");
        put_esc_str(&b, mdsum_version());
        buf_puts(&b, ". Offsets are UTF-8 bytes of each document&#39;s text, as in "
                     "<code>mdsum summarize --json</code>.</p></footer>\n<script>");
        buf_append(&b, REPORT_JS, sizeof REPORT_JS - 1);
        buf_puts(&b, "</script>\n</body>\n</html>\n");
    }
    const alc_t *a = &ctx->alc;
    alc_free(a, r.marks);
    alc_free(a, r.pairs);
    alc_free(a, r.pick_of);
    alc_free(a, r.cnt);
    if (rc == MDSUM_EINTERNAL) {
        buf_fini(&b);
        return err_set(ctx, rc, "report: inconsistent summary");
    }
    if (rc || b.failed) {
        buf_fini(&b);
        return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    }
    char *p = buf_detach(&b, out_len);
    buf_fini(&b);
    if (!p) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    *out = p;
    return MDSUM_OK;
}
