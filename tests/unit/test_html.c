/*
 * test_html.c -- the HTML extractor: charset decoding, date parsing,
 * main-content detection on small hand-written pages, metadata, hostile
 * input, failing allocators, and the cluster/JSONL entry points.
 */
#include "html.h"
#include "test.h"
#include "test_support.h"
#include "xmllib.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ======================================================================
 * Charsets
 * Table rows: raw page bytes (with an explicit length, as they may hold
 * NUL), a transport hint or NULL, the charset decode_html must choose, how
 * it must choose (CS_*), and a UTF-8 string the output must contain (or
 * NULL). Add a row for every way of declaring or mis-declaring a charset.
 * ====================================================================== */
typedef struct cs_case {
    const char *bytes;
    size_t len;
    const char *hint;
    const char *charset;
    int source;
    const char *must;
} cs_case;

#define B(s) s, sizeof(s) - 1

static const cs_case CS_CASES[] = {
    /* byte-order marks */
    {B("\xEF\xBB\xBF<p>caf\xC3\xA9</p>"), NULL, "UTF-8", CS_FROM_BOM, "<p>caf\xC3\xA9</p>"},
    {B("\xFF\xFE<\0p\0>\0\xE9\0"), NULL, "UTF-16LE", CS_FROM_BOM, "<p>\xC3\xA9"},
    {B("\xFE\xFF\0<\0p\0>\0\xE9"), NULL, "UTF-16BE", CS_FROM_BOM, "<p>\xC3\xA9"},
    /* a BOM beats a contradicting meta */
    {B("\xEF\xBB\xBF<meta charset=iso-8859-2><p>\xC3\xA9"), NULL, "UTF-8", CS_FROM_BOM, "\xC3\xA9"},
    /* <meta charset>, <meta http-equiv>; Latin-1 labels mean windows-1252 */
    {B("<meta charset=\"iso-8859-1\"><p>caf\xE9 \x80"), NULL, "WINDOWS-1252", CS_FROM_META,
     "caf\xC3\xA9 \xE2\x82\xAC"},
    {B("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=windows-1250\"><p>\xB9"),
     NULL, "WINDOWS-1250", CS_FROM_META, "\xC4\x85"},
    {B("<meta content='text/html;charset=koi8-r' http-equiv=content-type><p>\xC1"), NULL,
     "KOI8-R", CS_FROM_META, "\xD0\xB0"},
    /* content= without http-equiv is not a declaration */
    {B("<meta content='text/html;charset=koi8-r'><p>\xC1"), NULL, "WINDOWS-1252", CS_FROM_SNIFF,
     "\xC3\x81"},
    /* a meta inside a comment is not a declaration */
    {B("<!-- <meta charset=koi8-r> --><p>\xC1"), NULL, "WINDOWS-1252", CS_FROM_SNIFF, "\xC3\x81"},
    /* a meta charset of UTF-16 means UTF-8 */
    {B("<meta charset=utf-16><p>caf\xC3\xA9"), NULL, "UTF-8", CS_FROM_META, "caf\xC3\xA9"},
    /* XML declaration when no meta */
    {B("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><p>\xA4"), NULL, "ISO-8859-15",
     CS_FROM_XMLDECL, "\xE2\x82\xAC"},
    /* the transport hint wins over the meta */
    {B("<meta charset=koi8-r><p>\xE9"), "windows-1252", "WINDOWS-1252", CS_FROM_HINT, "\xC3\xA9"},
    /* wrong declarations: legacy declared, valid UTF-8 bytes */
    {B("<meta charset=iso-8859-1><p>caf\xC3\xA9 na\xC3\xAFve"), NULL, "UTF-8", CS_OVERRIDDEN,
     "caf\xC3\xA9 na\xC3\xAFve"},
    /* UTF-8 declared, Latin-1 bytes */
    {B("<meta charset=utf-8><p>caf\xE9 na\xEFve \xFC"), NULL, "WINDOWS-1252", CS_OVERRIDDEN,
     "caf\xC3\xA9 na\xC3\xAFve"},
    /* UTF-8 declared, mostly UTF-8 with one bad byte: repaired */
    {B("<meta charset=utf-8><p>\xC3\xA9\xC3\xA9\xC3\xA9 \xFF"), NULL, "UTF-8", CS_FROM_META,
     "\xC3\xA9\xC3\xA9\xC3\xA9 \xEF\xBF\xBD"},
    /* nothing declared: valid UTF-8 */
    {B("<p>\xE2\x80\x9Cquoted\xE2\x80\x9D"), NULL, "UTF-8", CS_FROM_SNIFF, "\xE2\x80\x9Cquoted"},
    /* nothing declared, invalid UTF-8: the default of the page's language */
    {B("<p>\x93quoted\x94"), NULL, "WINDOWS-1252", CS_FROM_SNIFF, "\xE2\x80\x9Cquoted\xE2\x80\x9D"},
    {B("<html lang=pl><p>\xB1\xEA"), NULL, "ISO-8859-2", CS_FROM_SNIFF, "\xC4\x85\xC4\x99"},
    {B("<html lang=\"ru-RU\"><p>\xEF\xF0"), NULL, "WINDOWS-1251", CS_FROM_SNIFF, "\xD0\xBF\xD1\x80"},
    /* unknown and hostile labels are ignored */
    {B("<meta charset=x-no-such-charset-42><p>ok"), NULL, "UTF-8", CS_FROM_SNIFF, "ok"},
    {B("<meta charset=\"utf-8//TRANSLIT\"><p>ok"), NULL, "UTF-8", CS_FROM_SNIFF, "ok"},
    {B("<meta charset=\"../../etc/passwd\"><p>ok"), NULL, "UTF-8", CS_FROM_SNIFF, "ok"},
    /* undefined windows-1252 bytes and NUL become U+FFFD */
    {B("<meta charset=windows-1252><p>a\x81z"), NULL, "WINDOWS-1252", CS_FROM_META,
     "a\xEF\xBF\xBDz"},
    {B("<p>a\0b"), NULL, "UTF-8", CS_FROM_SNIFF, "a\xEF\xBF\xBD" "b"},
    /* a truncated UTF-16 unit at the end */
    {B("\xFF\xFEo\0k\0!"), NULL, "UTF-16LE", CS_FROM_BOM, "ok\xEF\xBF\xBD"},
    /* empty input */
    {"", 0, NULL, "UTF-8", CS_FROM_SNIFF, ""},
};

static void test_charsets(void)
{
    alc_t alc;
    alc_init(&alc, NULL);
    for (size_t i = 0; i < sizeof CS_CASES / sizeof CS_CASES[0]; i++) {
        const cs_case *c = &CS_CASES[i];
        html_decoded d;
        int rc = decode_html(&alc, c->bytes, c->len, c->hint, &d);
        CHECK_EQ_INT(rc, MDSUM_OK);
        if (rc) continue;
        if (strcmp(d.charset, c->charset) != 0 || d.source != c->source)
            fprintf(stderr, "charset case %zu: got %s/%d\n", i, d.charset, d.source);
        CHECK_EQ_STR(d.charset, c->charset);
        CHECK_EQ_INT(d.source, c->source);
        CHECK(utf8_check(d.text, d.len, false) == d.len);
        CHECK(strlen(d.text) == d.len);
        if (c->must && !strstr(d.text, c->must)) fprintf(stderr, "charset case %zu: [%s]\n", i, d.text);
        if (c->must) CHECK(strstr(d.text, c->must) != NULL);
        alc_free(&alc, d.text);
    }
}

/* Every byte value in every position: the output is valid UTF-8. */
static void test_charset_all_bytes(void)
{
    alc_t alc;
    alc_init(&alc, NULL);
    static const char *const PREFIX[] = {"", "<meta charset=utf-8>", "<meta charset=shift_jis>",
                                         "<meta charset=gb2312>", "<meta charset=iso-2022-jp>",
                                         "\xFF\xFE", "\xFE\xFF"};
    char buf[600];
    for (size_t p = 0; p < sizeof PREFIX / sizeof PREFIX[0]; p++) {
        size_t pl = strlen(PREFIX[p]);
        memcpy(buf, PREFIX[p], pl);
        for (int k = 0; k < 256; k++) buf[pl + (size_t)k] = (char)(255 - k);
        for (int k = 0; k < 256; k++) buf[pl + 256 + (size_t)k] = (char)k;
        html_decoded d;
        CHECK_EQ_INT(decode_html(&alc, buf, pl + 512, NULL, &d), MDSUM_OK);
        CHECK(utf8_check(d.text, d.len, false) == d.len);
        alc_free(&alc, d.text);
    }
}

static void test_labels(void)
{
    char buf[48];
    CHECK_EQ_STR(charset_canonical("ISO-8859-1", 10, buf, sizeof buf), "WINDOWS-1252");
    CHECK_EQ_STR(charset_canonical(" utf8 ", 6, buf, sizeof buf), "UTF-8");
    CHECK_EQ_STR(charset_canonical("Shift_JIS", 9, buf, sizeof buf), "CP932");
    CHECK_EQ_STR(charset_canonical("iso-8859-5", 10, buf, sizeof buf), "ISO-8859-5");
    CHECK(charset_canonical("", 0, buf, sizeof buf) == NULL);
    CHECK(charset_canonical("a b", 3, buf, sizeof buf) == NULL);
    CHECK(charset_canonical("utf-8/", 6, buf, sizeof buf) == NULL);
}

/* ======================================================================
 * Dates. Rows: input, expected "YYYY-MM-DD" or NULL when it must be
 * refused. Add every date shape seen in a meta tag or byline.
 * ====================================================================== */
static const struct { const char *in, *want; } DATES[] = {
    {"2019-08-02", "2019-08-02"},
    {"2019-08-02T10:22:00+02:00", "2019-08-02"},
    {"  2019/8/2 ", "2019-08-02"},
    {"2019.08.02", "2019-08-02"},
    {"20190802", "2019-08-02"},
    {"02.08.2019", "2019-08-02"},
    {"2.8.2019, 10:00 Uhr", "2019-08-02"},
    {"08/23/2019", "2019-08-23"},
    {"23/08/2019", "2019-08-23"},
    {"2. August 2019", "2019-08-02"},
    {"2 August 2019", "2019-08-02"},
    {"02 Aug 2019", "2019-08-02"},
    {"Fri, 02 Aug 2019 10:00:00 GMT", "2019-08-02"},
    {"August 2, 2019", "2019-08-02"},
    {"Aug. 2nd, 2019", "2019-08-02"},
    {"Stand: 14. M\xC3\xA4rz 2020", "2020-03-14"},
    {"3 de mayo de 2021", "2021-05-03"},
    {"12 f\xC3\xA9vrier 2018", "2018-02-12"},
    {"5 wrze\xC5\x9bnia 2020", "2020-09-05"},
    {"2020-02-29", "2020-02-29"},
    {"2019-02-29", NULL},
    {"2019-13-01", NULL},
    {"2019-00-10", NULL},
    {"1850-01-01", NULL},
    {"31. Mai", NULL},
    {"yesterday", NULL},
    {"", NULL},
    {"123456789012", NULL},
    {"2019-08", NULL},
};

static void test_dates(void)
{
    for (size_t i = 0; i < sizeof DATES / sizeof DATES[0]; i++) {
        char buf[11];
        bool ok = meta_parse_date(DATES[i].in, strlen(DATES[i].in), buf);
        if (DATES[i].want) {
            CHECK(ok);
            if (ok) CHECK_EQ_STR(buf, DATES[i].want);
            else fprintf(stderr, "date case %zu (%s) refused\n", i, DATES[i].in);
        } else {
            if (ok) fprintf(stderr, "date case %zu (%s) accepted as %s\n", i, DATES[i].in, buf);
            CHECK(!ok);
        }
    }
}

/* ======================================================================
 * Extraction on hand-written pages (fictional content)
 * ====================================================================== */

static const char ARTICLE[] =
    "<!DOCTYPE html><html lang=\"en-GB\"><head>"
    "<meta charset=\"utf-8\">"
    "<title>Harbour bridge reopens after repairs | The Coastal Gazette</title>"
    "<meta property=\"og:site_name\" content=\"The Coastal Gazette\">"
    "<meta name=\"description\" content=\"The bridge is open again.\">"
    "<link rel=\"canonical\" href=\"/news/2021/03/04/bridge\">"
    "<meta property=\"og:url\" content=\"https://gazette.example/news/2021/03/04/bridge\">"
    "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":["
    "{\"@type\":\"WebSite\",\"name\":\"Gazette Online\"},"
    "{\"@type\":\"NewsArticle\",\"headline\":\"Harbour bridge reopens\","
    "\"datePublished\":\"2021-03-04T08:15:00Z\",\"author\":[{\"@type\":\"Person\",\"name\":\"Ada Fernsby\"},"
    "{\"@type\":\"Person\",\"name\":\"By Tom Quill\"}]}]}</script>"
    "<style>p { color: red }</style>"
    "<script>var secret = 'SCRIPT_TEXT';</script>"
    "</head><body>"
    "<header class=\"site-header\"><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/n\">News</a></li>"
    "<li><a href=\"/s\">Sport</a></li><li><a href=\"/w\">Weather</a></li></ul></nav></header>"
    "<main><article>"
    "<h1>Harbour bridge reopens</h1>"
    "<p class=\"byline\">By Ada Fernsby</p>"
    "<p>The old harbour bridge reopened to traffic on Thursday morning after eight months of repairs, "
    "the town council said, and the first buses crossed it shortly after six o'clock.</p>"
    "<p>Engineers replaced the corroded steel beams and&nbsp;resurfaced   the whole deck, "
    "which had been closed since a lorry damaged a support pillar in July.</p>"
    "<h2>What changes for drivers</h2>"
    "<p>Heavy vehicles are still barred from the bridge until a final load test in April.<br>"
    "Cyclists get a separate lane on the seaward side.</p>"
    "<table><tr><td>Opening</td><td>06:00</td></tr><tr><td>Closing</td><td>23:00</td></tr></table>"
    "<p>The mayor thanked residents for their patience &amp; said the work came in under budget, "
    "which is rare for a project of this size in the region.</p>"
    "<p style=\"display:none\">HIDDEN_TEXT should never appear in the output at all, not even once.</p>"
    "<div class=\"share-buttons\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Share by email</a></div>"
    "</article>"
    "<aside class=\"related\"><h3>Related articles</h3><ul>"
    "<li><a href=\"/a\">Ferry timetable changes for the summer season</a></li>"
    "<li><a href=\"/b\">New parking rules in the old town</a></li></ul></aside>"
    "</main>"
    "<footer><p>Copyright 2021 The Coastal Gazette. All rights reserved. Imprint and privacy policy.</p></footer>"
    "</body></html>";

static void test_article(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    mdsum_article *a = NULL;
    mdsum_extract_options o;
    mdsum_extract_options_init(&o);
    int rc = mdsum_extract_opts(ctx, ARTICLE, sizeof ARTICLE - 1, &o, &a);
    CHECK_EQ_INT(rc, MDSUM_OK);
    if (!a) { mdsum_ctx_free(ctx); return; }
    const char *t = a->text;
    CHECK(strlen(t) == a->text_len);
    CHECK(utf8_check(t, a->text_len, false) == a->text_len);
    CHECK(strstr(t, "The old harbour bridge reopened to traffic") != NULL);
    CHECK(strstr(t, "which is rare for a project") != NULL);
    CHECK(strstr(t, "What changes for drivers") != NULL);
    /* entities decoded, white space collapsed, NBSP a space */
    CHECK(strstr(t, "patience & said") != NULL);
    CHECK(strstr(t, "beams and resurfaced the whole deck") != NULL);
    /* <br> is a line break inside the paragraph */
    CHECK(strstr(t, "April.\nCyclists") != NULL);
    /* table rows as lines, cells joined */
    CHECK(strstr(t, "Opening | 06:00\nClosing | 23:00") != NULL);
    /* paragraphs separated by one blank line */
    CHECK(strstr(t, "o'clock.\n\nEngineers") != NULL);
    CHECK(strstr(t, "\n\n\n") == NULL);
    /* nothing of the chrome, scripts, styles or hidden parts */
    CHECK(strstr(t, "SCRIPT_TEXT") == NULL);
    CHECK(strstr(t, "color: red") == NULL);
    CHECK(strstr(t, "HIDDEN_TEXT") == NULL);
    CHECK(strstr(t, "Share on Facebook") == NULL);
    CHECK(strstr(t, "Ferry timetable") == NULL);
    CHECK(strstr(t, "Related articles") == NULL);
    CHECK(strstr(t, "Copyright") == NULL);
    CHECK(strstr(t, "Weather") == NULL);
    CHECK(strstr(t, "<") == NULL);
    CHECK(t[0] != ' ' && t[0] != '\n' && t[a->text_len - 1] != '\n');
    /* metadata */
    CHECK_EQ_STR(a->title, "Harbour bridge reopens");
    CHECK_EQ_STR(a->date, "2021-03-04");
    CHECK_EQ_STR(a->author, "Ada Fernsby; Tom Quill");
    CHECK_EQ_STR(a->site, "The Coastal Gazette");
    CHECK_EQ_STR(a->url, "https://gazette.example/news/2021/03/04/bridge");
    CHECK_EQ_STR(a->lang, "en-gb");
    CHECK_EQ_STR(a->description, "The bridge is open again.");
    CHECK_EQ_STR(a->charset, "UTF-8");
    CHECK_EQ_INT(a->flags, 0);
    CHECK(a->paragraphs >= 6);
    mdsum_article_free(a);

    /* MDSUM_EXTRACT_ALL keeps the chrome but never scripts or hidden text */
    rc = mdsum_extract(ctx, ARTICLE, sizeof ARTICLE - 1, MDSUM_EXTRACT_ALL, &a);
    CHECK_EQ_INT(rc, MDSUM_OK);
    if (a) {
        CHECK(strstr(a->text, "Ferry timetable") != NULL);
        CHECK(strstr(a->text, "Weather") != NULL);
        CHECK(strstr(a->text, "SCRIPT_TEXT") == NULL);
        CHECK(strstr(a->text, "HIDDEN_TEXT") == NULL);
    }
    mdsum_article_free(a);
    mdsum_ctx_free(ctx);
}

/* Pages that hold no article: ENOCONTENT, never a crash or an empty text. */
static void test_no_content(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    static const char NAV_ONLY[] =
        "<html><body><nav><a href=/a>Home</a> <a href=/b>About</a></nav>"
        "<ul><li><a href=/c>Contact us today</a></li><li><a href=/d>Imprint</a></li></ul>"
        "<footer>Copyright 2020</footer></body></html>";
    static const char SCRIPT_ONLY[] =
        "<html><head><script>document.write('a long long long text that is a script only and "
        "never content at all, whatever its length may be, really')</script></head><body></body></html>";
    static const char BINARY[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xff" "a";
    struct { const char *s; size_t n; } cases[] = {
        {NAV_ONLY, sizeof NAV_ONLY - 1},
        {SCRIPT_ONLY, sizeof SCRIPT_ONLY - 1},
        {BINARY, sizeof BINARY - 1},
        {"", 0},
        {"   \n\t ", 6},
        {"<html></html>", 13},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mdsum_article *a = (mdsum_article *)(uintptr_t)1;
        int rc = mdsum_extract(ctx, cases[i].s, cases[i].n, 0, &a);
        CHECK_EQ_INT(rc, MDSUM_ENOCONTENT);
        CHECK(a == NULL);
        CHECK_EQ_INT(mdsum_ctx_error(ctx)->code, MDSUM_ENOCONTENT);
    }
    mdsum_ctx_free(ctx);
}

static void test_bad_args(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    mdsum_article *a = NULL;
    CHECK_EQ_INT(mdsum_extract(NULL, "x", 1, 0, &a), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_extract(ctx, "x", 1, 0, NULL), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_extract(ctx, NULL, 5, 0, &a), MDSUM_EINVAL);
    CHECK(a == NULL);
    /* the size limit is checked before the bytes are read */
    CHECK_EQ_INT(mdsum_extract(ctx, "x", MDSUM_MAX_HTML_BYTES + 1, 0, &a), MDSUM_ELIMIT);
    mdsum_article_free(NULL);
    mdsum_extract_options_init(NULL);
    mdsum_ctx_free(ctx);
}

static char *repeat(const char *unit, size_t times, const char *mid, const char *unit2, size_t times2)
{
    size_t u = strlen(unit), m = strlen(mid), u2 = strlen(unit2);
    char *s = malloc(u * times + m + u2 * times2 + 1);
    if (!s) abort();
    size_t o = 0;
    for (size_t i = 0; i < times; i++, o += u) memcpy(s + o, unit, u);
    memcpy(s + o, mid, m);
    o += m;
    for (size_t i = 0; i < times2; i++, o += u2) memcpy(s + o, unit2, u2);
    s[o] = '\0';
    return s;
}

/* Deep nesting and libxml2's quadratic paths stay bounded. */
static void test_hostile(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    static const char TEXT[] =
        "<p>A paragraph of ordinary text that is long enough to be the article, with commas, "
        "full stops and all the rest that makes prose look like prose to the extractor.</p>";
    /* 100,000 nested divs, closed: the text lies past the depth limit */
    char *s = repeat("<div>", 100000, TEXT, "</div>", 100000);
    mdsum_article *a = NULL;
    int rc = mdsum_extract(ctx, s, strlen(s), 0, &a);
    CHECK_EQ_INT(rc, MDSUM_ENOCONTENT);
    mdsum_article_free(a);
    free(s);
    /* the text first, then the deep part: the text is kept */
    s = repeat("", 0, TEXT, "<span><b>", 100000);
    rc = mdsum_extract(ctx, s, strlen(s), 0, &a);
    CHECK_EQ_INT(rc, MDSUM_OK);
    if (a) {
        CHECK(strstr(a->text, "ordinary text") != NULL);
        CHECK(a->flags & MDSUM_ARTICLE_TRUNCATED);
    }
    mdsum_article_free(a);
    free(s);
    /* deep unclosed inline elements followed by many unmatched end tags
     * (quadratic in libxml2 without the depth limit) */
    s = repeat("<span>", 50000, TEXT, "</i>", 200000);
    rc = mdsum_extract(ctx, s, strlen(s), 0, &a);
    CHECK_EQ_INT(rc, MDSUM_ENOCONTENT);
    mdsum_article_free(a);
    free(s);
    /* 200,000 short list items between two paragraphs: the context rule
     * for short blocks must stay linear */
    s = repeat(TEXT, 1, "<ul>", "<li>x</li>", 200000);
    rc = mdsum_extract(ctx, s, strlen(s), 0, &a);
    CHECK_EQ_INT(rc, MDSUM_OK);
    if (a) CHECK(strstr(a->text, "ordinary text") != NULL);
    mdsum_article_free(a);
    free(s);
    /* broken markup */
    static const char BROKEN[] =
        "<html><body><div><p>Unclosed paragraph with enough words to count as text for sure, "
        "surely, and more words.<p>Another <b>bold <i>and italic</b> text</i> that goes on and on "
        "with overlapping tags and a stray </table> end tag, plus <unknown-tag>custom</unknown-tag>."
        "<div><<<>>> &bogus; &#xFFFFFFFF; &#0; <!-- unterminated comment";
    rc = mdsum_extract(ctx, BROKEN, sizeof BROKEN - 1, 0, &a);
    CHECK_EQ_INT(rc, MDSUM_OK);
    if (a) {
        CHECK(strstr(a->text, "Unclosed paragraph") != NULL);
        CHECK(utf8_check(a->text, a->text_len, false) == a->text_len);
    }
    mdsum_article_free(a);
    mdsum_ctx_free(ctx);
}

/* Every call either succeeds or reports ENOMEM cleanly whichever
 * allocation fails (ASan checks for leaks and bad frees). */
static void test_alloc_failures(void)
{
    test_fail_alc f = {0};
    mdsum_allocator al = test_fail_allocator(&f);
    mdsum_ctx *ctx = mdsum_ctx_new(&al);
    CHECK(ctx != NULL);
    mdsum_article *a = NULL;
    f.calls = 0;
    CHECK_EQ_INT(mdsum_extract(ctx, ARTICLE, sizeof ARTICLE - 1, 0, &a), MDSUM_OK);
    mdsum_article_free(a);
    long needed = f.calls;
    CHECK(needed > 0);
    int oom = 0, ok = 0;
    for (long b = 0; b <= needed; b++) {
        /* b allocations succeed, every later one fails */
        f.calls = 0;
        f.fail_at = b + 1;
        f.fail_after = true;
        a = NULL;
        int rc = mdsum_extract(ctx, ARTICLE, sizeof ARTICLE - 1, 0, &a);
        CHECK(rc == MDSUM_OK || rc == MDSUM_ENOMEM);
        if (rc == MDSUM_OK) { ok++; CHECK(a != NULL); }
        else { oom++; CHECK(a == NULL); }
        mdsum_article_free(a);
    }
    CHECK(oom > 0);
    CHECK(ok > 0);
    f.fail_at = 0;
    mdsum_ctx_free(ctx);
    CHECK_EQ_INT(f.live, 0);
}

/* ======================================================================
 * Metadata details
 * ====================================================================== */
/* A page whose text is only in its JSON-LD articleBody: every line of the
 * body is a paragraph, blank lines are not, and none is lost (the last ones
 * were once cut to fit a buffer the size of the raw body). */
static void test_schema_body(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    char body[2048] = "", want[2048] = "";
    for (int i = 1; i <= 5; i++) {
        char line[160];
        snprintf(line, sizeof line, "Paragraph %d of the story is here, long enough to be taken "
                 "as article text by the extractor.", i);
        strcat(body, line);
        strcat(body, i == 2 ? "\\n\\n" : i < 5 ? "\\n" : "");
        strcat(want, line);
        if (i < 5) strcat(want, "\n\n");
    }
    char page[4096];
    snprintf(page, sizeof page, "<html><head><script type=\"application/ld+json\">"
             "{\"@type\":\"NewsArticle\",\"headline\":\"H\",\"articleBody\":\"%s\"}</script>"
             "</head><body><p>x</p></body></html>", body);
    mdsum_article *a = NULL;
    CHECK_EQ_INT(mdsum_extract(ctx, page, strlen(page), 0, &a), MDSUM_OK);
    if (a) {
        CHECK(a->flags & MDSUM_ARTICLE_FROM_SCHEMA);
        CHECK_EQ_STR(a->text, want);
        CHECK_EQ_INT(a->paragraphs, 5);
    }
    mdsum_article_free(a);
    mdsum_ctx_free(ctx);
}

static void test_metadata(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    static const char PAGE[] =
        "<html><head><meta charset=utf-8><title>Old Mill Saved - Valley Post</title>"
        "<meta name=\"author\" content=\"Von Erika Musterfrau\">"
        "<meta property=\"article:published_time\" content=\"Sat, 07 Nov 2020 09:30:00 +0100\">"
        "<meta name=\"application-name\" content=\"Valley Post\">"
        "<meta name=\"description\" content=\"Saved &amp;#x2014; at last&amp;#8230;\">"
        "</head><body><article><h1>The old mill is saved</h1>"
        "<p>The village association bought the old mill on Saturday, ending a dispute of several "
        "years about its future, as members confirmed after the meeting.</p>"
        "<p>Repairs start in spring; a café and a small museum are planned on the ground floor "
        "of the building.</p></article></body></html>";
    mdsum_extract_options o;
    mdsum_extract_options_init(&o);
    o.url = "https://post.example/2020/11/07/mill";
    mdsum_article *a = NULL;
    CHECK_EQ_INT(mdsum_extract_opts(ctx, PAGE, sizeof PAGE - 1, &o, &a), MDSUM_OK);
    if (a) {
        CHECK_EQ_STR(a->title, "The old mill is saved");
        CHECK_EQ_STR(a->author, "Erika Musterfrau");
        CHECK_EQ_STR(a->date, "2020-11-07");
        CHECK_EQ_STR(a->site, "Valley Post");
        CHECK_EQ_STR(a->url, "https://post.example/2020/11/07/mill");
        CHECK(a->lang == NULL);
        /* references the page escaped once more ("&amp;#x2014;") */
        CHECK_EQ_STR(a->description, "Saved \xE2\x80\x94 at last\xE2\x80\xA6");
    }
    mdsum_article_free(a);
    /* a date from the URL when the page states none; JSON-LD that does
     * not parse is ignored */
    static const char PAGE2[] =
        "<html lang=de><head><script type=\"application/ld+json\">{not json</script></head>"
        "<body><p>Ein Absatz mit genug Text, damit er als Inhalt zählt, und noch ein paar "
        "Wörter mehr, damit es sicher reicht.</p></body></html>";
    o.url = "https://blog.example/2018/12/24/notes.html";
    CHECK_EQ_INT(mdsum_extract_opts(ctx, PAGE2, sizeof PAGE2 - 1, &o, &a), MDSUM_OK);
    if (a) {
        CHECK_EQ_STR(a->date, "2018-12-24");
        CHECK_EQ_STR(a->lang, "de");
        CHECK(a->title == NULL);
    }
    mdsum_article_free(a);
    mdsum_ctx_free(ctx);
}

/* ======================================================================
 * Clusters and JSONL
 * ====================================================================== */
static void test_cluster(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    CHECK_EQ_INT(mdsum_cluster_add_html(cl, ARTICLE, sizeof ARTICLE - 1, 0), MDSUM_OK);
    mdsum_doc d;
    CHECK_EQ_INT(mdsum_cluster_doc(cl, 0, &d), MDSUM_OK);
    CHECK_EQ_STR(d.title, "Harbour bridge reopens");
    CHECK_EQ_STR(d.date, "2021-03-04");
    CHECK_EQ_STR(d.site, "The Coastal Gazette");
    CHECK_EQ_STR(d.author, "Ada Fernsby; Tom Quill");
    CHECK(strstr(d.text, "harbour bridge reopened") != NULL);
    CHECK_EQ_INT(mdsum_cluster_add_html(cl, "<nav><a href=/>x</a></nav>", 25, 0), MDSUM_ENOCONTENT);
    CHECK_EQ_INT(mdsum_ctx_error(ctx)->doc, 1);
    CHECK_EQ_INT(mdsum_cluster_doc_count(cl), 1);
    CHECK_EQ_INT(mdsum_cluster_add_html(NULL, "x", 1, 0), MDSUM_EINVAL);

    /* JSONL: "html" instead of "text"; fields given in JSON win */
    mdsum_cluster_clear(cl);
    static const char LINE[] =
        "{\"id\":\"c1\",\"documents\":[{\"id\":\"d1\",\"title\":\"Given title\",\"html\":"
        "\"<html><head><meta property='og:site_name' content='Some Site'></head><body><p>A page "
        "given as HTML in a JSON line, with enough text to be an article of its own, really.</p>"
        "</body></html>\"},{\"text\":\"Plain text document.\"}]}";
    CHECK_EQ_INT(mdsum_cluster_add_jsonl(cl, LINE, sizeof LINE - 1, 0), MDSUM_OK);
    CHECK_EQ_INT(mdsum_cluster_doc_count(cl), 2);
    CHECK_EQ_INT(mdsum_cluster_doc(cl, 0, &d), MDSUM_OK);
    CHECK_EQ_STR(d.id, "d1");
    CHECK_EQ_STR(d.title, "Given title");
    CHECK_EQ_STR(d.site, "Some Site");
    CHECK(d.text && strncmp(d.text, "A page given as HTML", 20) == 0);
    static const char BAD[] = "{\"documents\":[{\"id\":\"x\",\"html\":\"<p>x</p>\"}]}";
    mdsum_cluster_clear(cl);
    CHECK_EQ_INT(mdsum_cluster_add_jsonl(cl, BAD, sizeof BAD - 1, 0), MDSUM_ENOCONTENT);
    CHECK_EQ_STR(mdsum_ctx_error(ctx)->doc_id, "x");
    static const char NEITHER[] = "{\"documents\":[{\"id\":\"x\",\"html\":5}]}";
    CHECK_EQ_INT(mdsum_cluster_add_jsonl(cl, NEITHER, sizeof NEITHER - 1, 0), MDSUM_EFORMAT);
    mdsum_cluster_free(cl);
    mdsum_ctx_free(ctx);
}

/* libxml2 is opened with dlopen (xmllib.c): a missing library, or one
 * without its functions, is a clear error that names what needed it. */
static void test_xml_lib(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    xml_lib lib;
    int rc = xml_lib_open(ctx, "libmdsum-test-missing.so.9", "HTML input", &lib);
    CHECK_EQ_INT(rc, MDSUM_EIO);
    CHECK(lib.handle == NULL);
    CHECK(strstr(mdsum_ctx_error(ctx)->message, "HTML input needs libxml2") != NULL);
    CHECK(strstr(mdsum_ctx_error(ctx)->message, "libmdsum-test-missing.so.9") != NULL);
    rc = xml_lib_open(ctx, "libz.so.1", "a ROUGE XML configuration", &lib);
    CHECK_EQ_INT(rc, MDSUM_EIO);
    CHECK(lib.handle == NULL);
    CHECK(strstr(mdsum_ctx_error(ctx)->message, "a ROUGE XML configuration needs libxml2") != NULL);
    CHECK(strstr(mdsum_ctx_error(ctx)->message, "has no function xmlInitParser") != NULL);
    xml_lib_close(&lib);
    xml_lib_close(NULL);
    /* The real one: every function found, and usable. */
    rc = xml_lib_open(ctx, XMLLIB_SONAME, "HTML input", &lib);
    CHECK_EQ_INT(rc, MDSUM_OK);
    if (rc == MDSUM_OK) {
        xmlDoc *doc = lib.ReadMemory("<a x='1'>t</a>", 14, NULL, NULL, XML_PARSE_NONET);
        CHECK(doc != NULL);
        if (doc) {
            xmlNode *root = lib.DocGetRootElement(doc);
            CHECK(root && root->properties);
            if (root && root->properties) {
                xmlChar *v = lib.NodeListGetString(doc, root->properties->children, 1);
                CHECK_EQ_STR((const char *)v, "1");
                xml_lib_free(&lib, v);
            }
            lib.FreeDoc(doc);
        }
        xml_lib_close(&lib);
        CHECK(lib.handle == NULL);
    }
    /* A context opens it once, on its first page, and keeps it. */
    mdsum_article *a = NULL;
    CHECK(ctx->xml == NULL);
    CHECK_EQ_INT(mdsum_extract(ctx, ARTICLE, sizeof ARTICLE - 1, 0, &a), MDSUM_OK);
    const struct xml_lib *first = ctx->xml;
    CHECK(first != NULL);
    mdsum_article_free(a);
    a = NULL;
    CHECK_EQ_INT(mdsum_extract(ctx, ARTICLE, sizeof ARTICLE - 1, 0, &a), MDSUM_OK);
    CHECK(ctx->xml == first);
    mdsum_article_free(a);
    mdsum_ctx_free(ctx);
}

int main(void)
{
    CHECK_EQ_INT(html_tags_selftest(), 0);
    test_xml_lib();
    test_labels();
    test_charsets();
    test_charset_all_bytes();
    test_dates();
    test_article();
    test_no_content();
    test_bad_args();
    test_hostile();
    test_alloc_failures();
    test_metadata();
    test_schema_body();
    test_cluster();
    return test_finish("test_html");
}
