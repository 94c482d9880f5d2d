/*
 * test_report.c -- the HTML report (src/report.c) and the support accessor
 * it uses (mdsum_summary_support).
 *
 * The oracle for the page is the library's own public data, read back
 * independently: every pick must appear as exactly one <mark class="chosen">
 * whose data attributes are the pick's offsets and whose content is the
 * source bytes [start, end) escaped by the small reference escaper below;
 * every sentence in a pick's support that is not chosen is a "dup" span;
 * every drop is a <del> with its reason. Hostile input (markup, quotes,
 * javascript: URLs, bidi overrides, control characters) must come out
 * literally as text. The browser test (tests/cli/report_browser.sh) checks
 * the same in a real DOM.
 */
#include "internal.h"
#include "test.h"
#include "test_support.h"

#include <time.h>

/* ---- helpers ------------------------------------------------------------ */

/* The reference escaper: written independently of report.c's, on purpose
 * byte by byte. */
static char *ref_escape(const char *s, size_t n)
{
    char *out = malloc(6 * n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&': memcpy(o, "&amp;", 5); o += 5; break;
        case '<': memcpy(o, "&lt;", 4); o += 4; break;
        case '>': memcpy(o, "&gt;", 4); o += 4; break;
        case '"': memcpy(o, "&quot;", 6); o += 6; break;
        case '\'': memcpy(o, "&#39;", 5); o += 5; break;
        default: *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

static size_t count_str(const char *hay, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (const char *p = hay; (p = strstr(p, needle)); p += k) n++;
    return n;
}

/* Case-insensitive search (for "javascript:" in any case). */
static const char *find_ci(const char *hay, const char *needle)
{
    size_t k = strlen(needle);
    for (const char *p = hay; *p; p++) {
        size_t i = 0;
        while (i < k && p[i] && (p[i] | 0x20) == (needle[i] | 0x20)) i++;
        if (i == k) return p;
    }
    return NULL;
}

static char *render(mdsum_ctx *ctx, mdsum_cluster *cl, mdsum_summary *s, const mdsum_report_info *info,
                    size_t *len)
{
    char *html = NULL;
    int rc = mdsum_report_render(ctx, cl, s, info, &html, len);
    CHECK_EQ_INT(rc, MDSUM_OK);
    if (html) {
        CHECK_EQ_INT(strlen(html), *len);                          /* no NUL inside */
        CHECK_EQ_INT(utf8_check(html, *len, false), *len);          /* valid UTF-8 */
        CHECK(strncmp(html, "<!DOCTYPE html>\n", 16) == 0);
        CHECK(*len > 0 && html[*len - 1] == '\n');
    }
    return html;
}

/* Every pick is one chosen mark with its exact bytes; every non-chosen
 * supporting sentence is one dup span; every drop is one del. */
static void check_structure(const mdsum_cluster *cl, const mdsum_summary *s, const char *html)
{
    size_t n = mdsum_summary_count(s);
    CHECK_EQ_INT(count_str(html, "<mark class=\"chosen\""), n);
    CHECK_EQ_INT(count_str(html, "<li id=\"p"), n);
    size_t nsents = mdsum_cluster_sentence_count(cl);
    char *chosen = calloc(nsents ? nsents : 1, 1);
    for (size_t k = 0; k < n; k++) {
        mdsum_pick p;
        mdsum_summary_get(s, k, &p);
        chosen[p.sentence] = 1;
    }
    for (size_t k = 0; k < n; k++) {
        mdsum_pick p;
        mdsum_doc d;
        mdsum_summary_get(s, k, &p);
        mdsum_cluster_doc(cl, p.doc, &d);
        char head[256];
        snprintf(head, sizeof head,
                 "<mark class=\"chosen\" id=\"c%zu\" tabindex=\"-1\" data-pick=\"%zu\" data-doc=\"%zu\" "
                 "data-start=\"%zu\" data-end=\"%zu\">", k + 1, k + 1, p.doc, p.start, p.end);
        const char *at = strstr(html, head);
        CHECK(at != NULL);
        if (at) {
            char *want = ref_escape(d.text + p.start, p.end - p.start);
            size_t wl = strlen(want);
            at += strlen(head);
            CHECK(strncmp(at, want, wl) == 0 && strncmp(at + wl, "</mark>", 7) == 0);
            free(want);
        }
        /* The summary entry links to the mark. */
        snprintf(head, sizeof head, "<a class=\"pick-text\" href=\"#c%zu\" data-pick=\"%zu\" data-doc=\"%zu\" "
                 "data-start=\"%zu\" data-end=\"%zu\"", k + 1, k + 1, p.doc, p.start, p.end);
        CHECK(strstr(html, head) != NULL);
        snprintf(head, sizeof head, "Support: %zu of %zu document", p.support, mdsum_cluster_doc_count(cl));
        CHECK(strstr(html, head) != NULL);

        size_t ns = 0;
        CHECK_EQ_INT(mdsum_summary_support(s, k, NULL, 0, &ns), MDSUM_OK);
        size_t *v = malloc((ns ? ns : 1) * sizeof *v);
        mdsum_summary_support(s, k, v, ns, &ns);
        for (size_t j = 0; j < ns; j++) {
            if (chosen[v[j]]) continue;
            mdsum_sentence se;
            mdsum_cluster_sentence(cl, v[j], &se);
            snprintf(head, sizeof head, "<span class=\"dup\" id=\"s%zu\" tabindex=\"-1\" data-doc=\"%zu\" "
                     "data-start=\"%zu\" data-end=\"%zu\" data-picks=\"", v[j], se.doc, se.start, se.end);
            CHECK(strstr(html, head) != NULL);
        }
        free(v);
    }
    for (size_t i = 0; i < mdsum_cluster_drop_count(cl); i++) {
        mdsum_drop dr;
        mdsum_cluster_drop(cl, i, &dr);
        char head[512];
        snprintf(head, sizeof head, "<del class=\"drop\" data-doc=\"%zu\" data-start=\"%zu\" data-end=\"%zu\" "
                 "data-reason=\"%s\" title=\"Removed by the cleaner: %s\">", dr.doc, dr.start, dr.end,
                 dr.reason, dr.reason);
        CHECK(strstr(html, head) != NULL);
    }
    CHECK_EQ_INT(count_str(html, "<del class=\"drop\""), mdsum_cluster_drop_count(cl));
    /* Exactly our one script and one style; nothing loads. */
    CHECK_EQ_INT(count_str(html, "<script"), 1);
    CHECK_EQ_INT(count_str(html, "<style"), 1);
    CHECK(strstr(html, "<img") == NULL && strstr(html, "<link") == NULL && strstr(html, "src=\"") == NULL);
    CHECK(strstr(html, "default-src 'none'") != NULL);
    free(chosen);
}

static void add_doc(mdsum_cluster *cl, const char *id, const char *title, const char *site,
                    const char *url, const char *text)
{
    mdsum_doc d = {0};
    d.id = id;
    d.title = title;
    d.site = site;
    d.url = url;
    d.date = "2031-03-14";
    d.text = text;
    d.text_len = strlen(text);
    CHECK_EQ_INT(mdsum_cluster_add(cl, &d, 0), MDSUM_OK);
}

/* ---- support: one definition, exposed --------------------------------------- */
static void test_support(mdsum_ctx *ctx)
{
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    add_doc(cl, "a", NULL, "Alpha", NULL,
            "The harbor bridge was closed on Thursday after cracks were found in its girders.\n"
            "Ferries are free while the bridge is shut.\n");
    add_doc(cl, "b", NULL, "Beta", NULL,
            "Officials closed the harbor bridge on Thursday after cracks were found in the girders.\n"
            "A council meeting about the repair budget is planned for next month.\n");
    add_doc(cl, "c", NULL, "Gamma", NULL,
            "Local schools will open late on Friday because of traffic on the ring road.\n");
    mdsum_options o;
    mdsum_options_init(&o);
    o.sentences = 1;
    o.words = 0;
    mdsum_summary *s;
    CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
    CHECK_EQ_INT(mdsum_summary_count(s), 1);
    mdsum_pick p;
    mdsum_summary_get(s, 0, &p);
    size_t n = 99;
    CHECK_EQ_INT(mdsum_summary_support(s, 0, NULL, 0, &n), MDSUM_OK);
    CHECK(n >= 1);
    size_t v[16];
    size_t n2 = 0;
    CHECK_EQ_INT(mdsum_summary_support(s, 0, v, 16, &n2), MDSUM_OK);
    CHECK_EQ_INT(n2, n);
    /* The pick supports itself; the list is in cluster order; distinct
     * documents among it are the pick's support. */
    bool self = false;
    char docs[3] = {0};
    size_t ndocs = 0;
    for (size_t i = 0; i < n && i < 16; i++) {
        if (v[i] == p.sentence) self = true;
        if (i) CHECK(v[i] > v[i - 1]);
        mdsum_sentence se;
        CHECK_EQ_INT(mdsum_cluster_sentence(cl, v[i], &se), MDSUM_OK);
        if (!docs[se.doc]) { docs[se.doc] = 1; ndocs++; }
    }
    CHECK(self);
    CHECK_EQ_INT(ndocs, p.support);
    /* The two bridge sentences say the same thing; the schools one does
     * not: support 2 of 3 (the pick is one of the bridge sentences). */
    CHECK_EQ_INT(p.support, 2);
    CHECK(!docs[2]);
    /* A short array gets the first entries and the full count. */
    size_t one = SIZE_MAX;
    CHECK_EQ_INT(mdsum_summary_support(s, 0, &one, 1, &n2), MDSUM_OK);
    CHECK_EQ_INT(n2, n);
    CHECK_EQ_INT(one, v[0]);
    CHECK_EQ_INT(mdsum_summary_support(s, 1, NULL, 0, &n2), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_summary_support(NULL, 0, NULL, 0, &n2), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_summary_support(s, 0, NULL, 4, &n2), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_summary_support(s, 0, NULL, 0, NULL), MDSUM_OK);

    size_t len;
    char *html = render(ctx, cl, s, NULL, &len);
    if (html) {
        check_structure(cl, s, html);
        /* The supporting outlet is named and linked to its sentence. */
        CHECK(strstr(html, "<bdi>Alpha</bdi>") != NULL && strstr(html, "<bdi>Beta</bdi>") != NULL);
        CHECK_EQ_INT(count_str(html, "<span class=\"dup\""), 1);
        CHECK(strstr(html, "title=\"Nearly the same as summary sentence 1\"") != NULL);
        /* Small cluster: documents open. */
        CHECK_EQ_INT(count_str(html, "<details class=\"doc\""), 3);
        CHECK_EQ_INT(count_str(html, "\" open>\n<summary>"), 3);
    }
    mdsum_free(ctx, html);

    /* Expansion modes and bad arguments. */
    mdsum_report_info info;
    mdsum_report_info_init(&info);
    CHECK(info.ms_total < 0 && info.title == NULL && info.expand == MDSUM_REPORT_EXPAND_AUTO);
    mdsum_report_info_init(NULL);
    info.expand = MDSUM_REPORT_EXPAND_NONE;
    info.title = "Bridge <closure>";
    info.command = "mdsum summarize 'a b'";
    info.ms_analyze = 12.25;
    html = render(ctx, cl, s, &info, &len);
    if (html) {
        CHECK_EQ_INT(count_str(html, "\" open>\n<summary>"), 0);
        CHECK(strstr(html, "<title>Bridge &lt;closure&gt; ") != NULL);
        CHECK(strstr(html, "<code>mdsum summarize &#39;a b&#39;</code>") != NULL);
        CHECK(strstr(html, "<dt>Analysis</dt><dd>12.2 ms</dd>") != NULL ||
              strstr(html, "<dt>Analysis</dt><dd>12.3 ms</dd>") != NULL);
        CHECK(strstr(html, "<dt>Total</dt>") == NULL);   /* unknown: not shown */
    }
    mdsum_free(ctx, html);
    info.expand = 7;
    char *out = (char *)1;
    CHECK_EQ_INT(mdsum_report_render(ctx, cl, s, &info, &out, &len), MDSUM_EINVAL);
    CHECK(out == NULL);
    CHECK_EQ_INT(mdsum_report_render(ctx, NULL, s, NULL, &out, &len), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_report_render(ctx, cl, NULL, NULL, &out, &len), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_report_render(ctx, cl, s, NULL, NULL, &len), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_report_render(NULL, cl, s, NULL, &out, &len), MDSUM_EINVAL);

    /* A summary whose picks are out of range for the cluster (another,
     * unanalysed one) is refused, not rendered out of bounds. */
    mdsum_cluster *other = mdsum_cluster_new(ctx);
    add_doc(other, "x", NULL, NULL, NULL, "Just one short sentence here.");
    CHECK_EQ_INT(mdsum_report_render(ctx, other, s, NULL, &out, &len), MDSUM_EINVAL);
    mdsum_cluster_free(other);
    mdsum_summary_free(s);
    mdsum_cluster_free(cl);
}

/* ---- escaping: hostile input comes out as literal text -------------------- */

/* Each row is a string an attacker controls (document text, title, outlet,
 * URL) and what must appear in the page instead. What belongs here: every
 * character HTML gives meaning to (& < > " '), markup that would run script
 * in text or break out of an attribute, and characters that are harmless
 * but must survive unchanged (bidi overrides, C0 controls, non-ASCII). */
static const struct {
    const char *in;
    const char *out;
} escape_table[] = {
    {"Fish & chips", "Fish &amp; chips"},
    {"a < b > c", "a &lt; b &gt; c"},
    {"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
    {"\"><img src=x onerror=alert(1)>", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"},
    {"it's 'quoted'", "it&#39;s &#39;quoted&#39;"},
    {"&lt;already&gt;", "&amp;lt;already&amp;gt;"},
    {"</textarea></title></style></script><!--", "&lt;/textarea&gt;&lt;/title&gt;&lt;/style&gt;&lt;/script&gt;&lt;!--"},
    {"\xE2\x80\xAE" "evil\xE2\x80\xAC text", "\xE2\x80\xAE" "evil\xE2\x80\xAC text"},   /* RLO ... PDF */
    {"bell\x07 and escape\x1B" "[31m", "bell\x07 and escape\x1B" "[31m"},
    {"caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87", "caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87"},
};

static void test_escaping(mdsum_ctx *ctx)
{
    size_t nt = sizeof escape_table / sizeof escape_table[0];
    for (size_t i = 0; i < nt; i++) {
        mdsum_cluster *cl = mdsum_cluster_new(ctx);
        char text[512], text2[512];
        /* The hostile string inside a chosen sentence and in plain text. */
        snprintf(text, sizeof text, "Reporters said the storm closed the harbor bridge %s on Thursday.\n"
                 "Plain tail %s here.\n", escape_table[i].in, escape_table[i].in);
        snprintf(text2, sizeof text2, "Nothing at all about %s the ring road or the schools today.\n",
                 escape_table[i].in);
        add_doc(cl, escape_table[i].in, escape_table[i].in, escape_table[i].in, escape_table[i].in, text);
        add_doc(cl, "b", NULL, NULL, "https://ok.invalid/a?x=1&y=\"2\"", text2);
        mdsum_options o;
        mdsum_options_init(&o);
        o.words = 0;
        o.sentences = 1;
        mdsum_summary *s = NULL;
        CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
        mdsum_report_info info;
        mdsum_report_info_init(&info);
        info.command = escape_table[i].in;
        size_t len;
        char *html = s ? render(ctx, cl, s, &info, &len) : NULL;
        if (!html) {
            mdsum_summary_free(s);
            mdsum_cluster_free(cl);
            continue;
        }
        check_structure(cl, s, html);
        /* The escaped form is there (text, title, outlet, URL, id, command)
         * and the raw form, where it differs, nowhere. */
        CHECK(count_str(html, escape_table[i].out) >= 6);
        if (strcmp(escape_table[i].in, escape_table[i].out) != 0)
            CHECK(strstr(html, escape_table[i].in) == NULL);
        /* Not a URL we link: shown as text. */
        CHECK(strstr(html, "<span class=\"nolink\">") != NULL);
        /* An http(s) URL is a link, escaped inside the attribute. */
        CHECK(strstr(html, "<a href=\"https://ok.invalid/a?x=1&amp;y=&quot;2&quot;\" rel=\"noopener") != NULL);
        mdsum_free(ctx, html);
        mdsum_summary_free(s);
        mdsum_cluster_free(cl);
    }

    /* URLs: only http and https become links, in any case. */
    static const struct {
        const char *url;
        int link;
    } urls[] = {
        {"javascript:alert(1)", 0}, {"JavaScript:alert(document.domain)", 0},
        {" javascript:alert(1)", 0}, {"data:text/html,<script>alert(1)</script>", 0},
        {"vbscript:msgbox(1)", 0}, {"//evil.invalid/x", 0}, {"file:///etc/passwd", 0},
        {"http://a.invalid/", 1}, {"HTTPS://A.invalid/Path", 1},
    };
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        mdsum_cluster *cl = mdsum_cluster_new(ctx);
        add_doc(cl, "a", "T", "S", urls[i].url, "The harbor bridge was closed on Thursday after cracks appeared.\n");
        mdsum_options o;
        mdsum_options_init(&o);
        mdsum_summary *s = NULL;
        CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
        size_t len;
        char *html = s ? render(ctx, cl, s, NULL, &len) : NULL;
        if (html) {
            char *esc = ref_escape(urls[i].url, strlen(urls[i].url));
            char want[512];
            snprintf(want, sizeof want, "<a href=\"%s\"", esc);
            CHECK_EQ_INT(strstr(html, want) != NULL, urls[i].link);
            snprintf(want, sizeof want, "<span class=\"nolink\">%s</span>", esc);
            CHECK_EQ_INT(strstr(html, want) != NULL, !urls[i].link);
            CHECK(find_ci(html, "href=\"javascript") == NULL && find_ci(html, "href=\" javascript") == NULL);
            CHECK(find_ci(html, "href=\"data:") == NULL);
            free(esc);
        }
        mdsum_free(ctx, html);
        mdsum_summary_free(s);
        mdsum_cluster_free(cl);
    }
}

/* ---- the cleaner's drops ----------------------------------------------------- */
static void test_drops(mdsum_ctx *ctx)
{
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    /* A headline repeated in the page is dropped as a repeated headline. */
    add_doc(cl, "a", NULL, NULL, NULL,
            "Bridge closed after cracks <found>\n\nBridge closed after cracks <found>\n"
            "The harbor bridge was closed on Thursday after engineers found cracks in the girders.\n"
            "Ferries across the harbor are free while the bridge stays shut.\n");
    add_doc(cl, "b", NULL, NULL, NULL,
            "Engineers found cracks in the girders of the harbor bridge, which closed on Thursday.\n");
    mdsum_options o;
    mdsum_options_init(&o);
    mdsum_summary *s = NULL;
    CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
    CHECK(mdsum_cluster_drop_count(cl) >= 1);
    size_t len;
    char *html = s ? render(ctx, cl, s, NULL, &len) : NULL;
    if (html) {
        check_structure(cl, s, html);
        CHECK(strstr(html, "data-reason=\"repeated headline\"") != NULL);
        CHECK(strstr(html, "Bridge closed after cracks &lt;found&gt;</del>") != NULL);
    }
    mdsum_free(ctx, html);
    /* Without cleaning nothing is dropped and nothing is greyed. */
    o.flags |= MDSUM_NO_CLEAN;
    mdsum_summary_free(s);
    CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
    html = s ? render(ctx, cl, s, NULL, &len) : NULL;
    if (html) {
        CHECK_EQ_INT(count_str(html, "<del class=\"drop\""), 0);
        check_structure(cl, s, html);
    }
    mdsum_free(ctx, html);
    /* Truncated last pick: exactly the kept bytes are highlighted. */
    mdsum_options_init(&o);
    o.words = 7;
    o.flags |= MDSUM_TRUNCATE;
    mdsum_summary_free(s);
    CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
    html = s ? render(ctx, cl, s, NULL, &len) : NULL;
    if (html) check_structure(cl, s, html);
    mdsum_free(ctx, html);
    mdsum_summary_free(s);
    mdsum_cluster_free(cl);
}

/* ---- a large cluster: 50 documents, about 100,000 words ------------------- */
static void test_large(mdsum_ctx *ctx)
{
    /* Pseudo-words from a 20 x 20 syllable grid (400 words): sentences
     * rarely say the same thing, as in real news. */
    static const char *syl[] = {
        "ba", "ce", "di", "fo", "gu", "ha", "je", "ki", "lo", "mu",
        "na", "pe", "ri", "so", "tu", "va", "we", "xi", "yo", "zu",
    };
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    uint32_t seed = 12345;
    size_t total_words = 0;
    for (int d = 0; d < 50; d++) {
        strbuf b;
        buf_init(&b, &ctx->alc);
        for (int sent = 0; sent < 100; sent++) {
            int len = 12 + (int)(seed % 17);
            for (int w = 0; w < len; w++) {
                seed = seed * 1103515245u + 12345u;
                char word[8];
                snprintf(word, sizeof word, "%s%s", syl[(seed >> 8) % 20], syl[(seed >> 16) % 20]);
                if (w == 0) word[0] = (char)(word[0] - 'a' + 'A');
                buf_puts(&b, word);
                buf_putc(&b, w + 1 < len ? ' ' : '.');
                total_words++;
            }
            buf_putc(&b, sent % 5 == 4 ? '\n' : ' ');
        }
        char id[32];
        snprintf(id, sizeof id, "doc-%02d", d);
        mdsum_doc doc = {0};
        doc.id = id;
        doc.site = "Outlet & Co";
        doc.text = b.data;
        doc.text_len = b.len;
        CHECK_EQ_INT(mdsum_cluster_add(cl, &doc, 0), MDSUM_OK);
        buf_fini(&b);
    }
    mdsum_options o;
    mdsum_options_init(&o);
    o.words = 300;
    o.algo = "lead";   /* the report is under test, not the ranking: keep it fast */
    mdsum_summary *s = NULL;
    CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t len;
    char *html = s ? render(ctx, cl, s, NULL, &len) : NULL;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (html) {
        check_structure(cl, s, html);
        /* Large: every document collapsed. */
        CHECK_EQ_INT(count_str(html, "<details class=\"doc\""), 50);
        CHECK_EQ_INT(count_str(html, "\" open>\n<summary>"), 0);
        /* No element per word: elements are bounded by the marks. */
        size_t tags = count_str(html, "<");
        CHECK(tags < 2000 + 8 * mdsum_cluster_sentence_count(cl));
        /* Sanity, not a timing assertion: report the speed. */
        double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
        fprintf(stderr, "large cluster: %zu words in 50 documents, %zu sentences, %zu picks, "
                "report of %zu bytes rendered in %.1f ms\n", total_words,
                mdsum_cluster_sentence_count(cl), mdsum_summary_count(s), len, ms);
    }
    mdsum_free(ctx, html);
    mdsum_summary_free(s);
    mdsum_cluster_free(cl);
}

/* ---- allocation failures during rendering ------------------------------------- */
/* Counts and fails only while rendering (f->paused is cleared there). */
static int render_failing(test_fail_alc *f)
{
    mdsum_allocator a = test_fail_allocator(f);
    mdsum_ctx *ctx = mdsum_ctx_new(&a);
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    add_doc(cl, "a", "<t>", "S", "https://x.invalid/",
            "Dup line\nDup line\nThe harbor bridge was closed on Thursday after cracks appeared.\n");
    add_doc(cl, "b", NULL, NULL, NULL, "The harbor bridge closed Thursday after cracks appeared in it.\n");
    mdsum_options o;
    mdsum_options_init(&o);
    mdsum_summary *s = NULL;
    int rc = mdsum_summarize(ctx, cl, &o, &s);
    if (rc == MDSUM_OK) {
        f->paused = false;
        char *html = NULL;
        size_t len;
        rc = mdsum_report_render(ctx, cl, s, NULL, &html, &len);
        f->paused = true;
        if (rc != MDSUM_OK && html) rc = MDSUM_EINTERNAL;   /* no output on failure */
        mdsum_free(ctx, html);
    }
    mdsum_summary_free(s);
    mdsum_cluster_free(cl);
    mdsum_ctx_free(ctx);
    return rc;
}

static void test_alloc_failures(void)
{
    test_fail_alc f = {.paused = true};
    CHECK_EQ_INT(render_failing(&f), MDSUM_OK);
    CHECK_EQ_INT(f.live, 0);
    long total = f.calls;
    CHECK(total > 3);
    for (long n = 1; n <= total; n++) {
        test_fail_alc g = {.fail_at = n, .paused = true};
        CHECK_EQ_INT(render_failing(&g), MDSUM_ENOMEM);
        CHECK_EQ_INT(g.live, 0);
    }
}

int main(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    test_support(ctx);
    test_escaping(ctx);
    test_drops(ctx);
    test_large(ctx);
    mdsum_ctx_free(ctx);
    test_alloc_failures();
    return test_finish("test_report");
}
