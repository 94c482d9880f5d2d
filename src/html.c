/*
 * html.c -- main-text extraction from HTML pages.
 *
 * Sources and how we use them:
 *  - Block classification after jusText (Pomikálek, "Removing Boilerplate
 *    and Duplicate Content from Web Corpora", PhD thesis, Masaryk
 *    University, 2011, ch. 3): the page is cut into text blocks at
 *    block-level tags; a block is judged by its length, its link density
 *    (characters inside <a> over all characters) and its shape (sentence
 *    punctuation); short blocks are re-judged from their neighbours.
 *    Departures: no stopword density (we serve many languages without
 *    lists for all of them); thresholds in characters, not words.
 *  - The main content as a maximum-weight region, after BTE (Finn,
 *    Kushmerick and Smyth, "Fact or fiction: Content classification for
 *    digital libraries", DELOS Workshop, 2001), which takes the span of the
 *    token sequence maximising text tokens minus tag tokens, and after
 *    Readability (Arc90, 2009), which scores DOM containers from the
 *    paragraphs they hold. We score blocks (good: + characters; chrome:
 *    - characters) and take the run of consecutive children of one element
 *    with the largest total: Kadane's maximum-subarray scan (Bentley,
 *    "Programming Pearls", column 8) over the children of every element.
 *    A run equal to all children is that element's subtree. One child costs
 *    a run at most GAP_CAP, since the block filter removes it anyway.
 *  - Boilerplate containers named by their tag (nav, aside, footer, ...),
 *    ARIA role, schema.org item types, and the words of their class and id
 *    attributes in several languages (share/teilen, comments/kommentare,
 *    related, cookie/consent, ...), and boilerplate headings ("Related
 *    articles", "Das könnte Sie auch interessieren", ...). These are hints:
 *    marks on <html>/<body> and on elements holding the declared main
 *    content are ignored, taxonomy class tokens ("category-ads") say
 *    nothing, and a mark carried by half of the page's paragraph text is
 *    dropped on that page (cancel_content_marks).
 *  - schema.org: <main>/role=main/itemprop=articleBody and blocks found in
 *    the JSON-LD articleBody weigh double; the articleBody is the text when
 *    the markup holds much less (pages rendered by scripts).
 *
 * Pipeline: decode (charset.c) -> libxml2 HTML parser in SAX mode building a
 * compact pre-order tree (node array, text pool) -> marks -> blocks ->
 * classes and weights -> best run of siblings -> block filter with context
 * -> text; metadata (html_meta.c) from <meta>, JSON-LD, microdata and the
 * tree. Every step is linear in the page.
 *
 * libxml2: we use its HTML parser (the same error recovery as a DOM parse)
 * through SAX callbacks, so no libxml2 tree is built; libxml2's own parser
 * state is allocated with libxml2's allocator (libc), not mdsum's. Nesting
 * deeper than MAX_PARSE_DEPTH stops the parse there (libxml2 scans its
 * element stack for each unmatched end tag, so unbounded depth would be
 * quadratic); the article keeps what came before and says so in its flags.
 * libxml2 is opened on the context's first page (xmllib.c: dlopen, so
 * that runs on plain text never load it); xmlCleanupParser() is never
 * called.
 */
#include "html.h"
#include "cluster.h"

#include "xmllib.h"

#include <string.h>
#include <utf8proc.h>

/* ======================================================================
 * Parameters (all the knobs of the algorithm, in one place)
 * ====================================================================== */

/* Elements nested deeper than this stop the parse (libxml2's own limit for
 * its tree builder is 256 as well). */
#define MAX_PARSE_DEPTH 256
/* Bytes of text kept per metadata value and per JSON-LD script. */
#define MAX_META_VALUE 2048
#define MAX_JSONLD_BYTES ((size_t)1 << 20)
#define MAX_JSONLD_SCRIPTS 16

/* Block classes (jusText's, with our thresholds in characters). */
#define LINK_DENSITY_BAD 0.5    /* above: a navigation-like block */
#define LINK_DENSITY_GOOD 0.3   /* at most: may be content */
#define GOOD_CHARS 80           /* a paragraph of at least this is content */
#define GOOD_CHARS_PUNCT 40     /* ... or this long with sentence punctuation */
#define SHORT_CHARS 20          /* below: too short to judge alone */
/* Weights for the container choice. */
#define W_SHORT (-3.0)          /* short block (dates, labels, buttons) */
#define W_LINK_FACTOR 1.0       /* times the link characters of a link block */
#define W_BOILER_FACTOR 1.0     /* times the characters of a marked block */
#define W_MEDIUM_FACTOR 0.5     /* times the characters of a medium block */
#define W_HEADING 12.0          /* a heading (if not link-dense) */
#define HEADING_MAX_CHARS 100  /* longer headings are judged as paragraphs */
#define W_MAIN_FACTOR 2.0       /* positive weights inside declared main content */
#define GAP_CAP 200             /* the most that one child (a share bar, an ad
                                   slot, a teaser box) between two parts of
                                   the text costs a run of siblings: the
                                   filter drops it anyway */
#define W_NEG_FACTOR 1.5        /* all negative weights */
/* Bylines are looked for this many levels above the content's container. */
#define NEAR_LEVELS 2
/* A page with less kept text than this has no main content. */
#define MIN_CONTENT_CHARS 40

/* ======================================================================
 * Tags
 * ====================================================================== */

/* Tag properties. */
#define P_BLOCK   0x0001u   /* ends the current text block */
#define P_SKIP    0x0002u   /* its content is never text (script, svg, ...) */
#define P_HEAD    0x0004u   /* h1..h6 */
#define P_ITEM    0x0008u   /* li, dt, dd */
#define P_CELL    0x0010u   /* td, th */
#define P_PARA    0x0020u   /* p */
#define P_PRE     0x0040u   /* pre, listing, xmp, plaintext */
#define P_QUOTE   0x0080u   /* blockquote */
#define P_LIST    0x0100u   /* ul, ol, dl, menu, dir */

typedef struct tag_def {
    const char *name;
    uint16_t props;
} tag_def;

/* Sorted by name; the index is the tag id (see the TAG_ constants, which
 * must follow this table). */
static const tag_def TAGS[] = {
    {"a", 0},
    {"address", P_BLOCK},
    {"applet", P_SKIP},
    {"area", P_SKIP},
    {"article", P_BLOCK},
    {"aside", P_BLOCK},
    {"audio", P_SKIP},
    {"base", P_SKIP},
    {"blockquote", P_BLOCK | P_QUOTE},
    {"body", P_BLOCK},
    {"br", 0},
    {"button", P_SKIP},
    {"canvas", P_SKIP},
    {"caption", P_BLOCK},
    {"center", P_BLOCK},
    {"datalist", P_SKIP},
    {"dd", P_BLOCK | P_ITEM},
    {"details", P_BLOCK},
    {"dialog", P_BLOCK},
    {"dir", P_BLOCK | P_LIST},
    {"div", P_BLOCK},
    {"dl", P_BLOCK | P_LIST},
    {"dt", P_BLOCK | P_ITEM},
    {"embed", P_SKIP},
    {"fieldset", P_BLOCK},
    {"figcaption", P_BLOCK},
    {"figure", P_BLOCK},
    {"footer", P_BLOCK},
    {"form", P_BLOCK},
    {"frame", P_SKIP},
    {"frameset", P_SKIP},
    {"h1", P_BLOCK | P_HEAD},
    {"h2", P_BLOCK | P_HEAD},
    {"h3", P_BLOCK | P_HEAD},
    {"h4", P_BLOCK | P_HEAD},
    {"h5", P_BLOCK | P_HEAD},
    {"h6", P_BLOCK | P_HEAD},
    {"head", P_BLOCK},
    {"header", P_BLOCK},
    {"hgroup", P_BLOCK},
    {"hr", P_BLOCK},
    {"html", P_BLOCK},
    {"iframe", P_SKIP},
    {"img", 0},
    {"input", P_SKIP},
    {"label", 0},
    {"legend", P_BLOCK},
    {"li", P_BLOCK | P_ITEM},
    {"link", P_SKIP},
    {"listing", P_BLOCK | P_PRE},
    {"main", P_BLOCK},
    {"map", P_SKIP},
    {"math", P_SKIP},
    {"menu", P_BLOCK | P_LIST},
    {"meta", P_SKIP},
    {"nav", P_BLOCK},
    {"noembed", P_SKIP},
    {"noframes", P_SKIP},
    {"noscript", P_BLOCK},
    {"object", P_SKIP},
    {"ol", P_BLOCK | P_LIST},
    {"optgroup", P_SKIP},
    {"option", P_SKIP},
    {"p", P_BLOCK | P_PARA},
    {"param", P_SKIP},
    {"picture", P_SKIP},
    {"plaintext", P_BLOCK | P_PRE},
    {"pre", P_BLOCK | P_PRE},
    {"rp", P_SKIP},
    {"rt", P_SKIP},
    {"script", P_SKIP},
    {"section", P_BLOCK},
    {"select", P_SKIP},
    {"source", P_SKIP},
    {"style", P_SKIP},
    {"summary", P_BLOCK},
    {"svg", P_SKIP},
    {"table", P_BLOCK},
    {"tbody", P_BLOCK},
    {"td", P_BLOCK | P_CELL},
    {"template", P_SKIP},
    {"textarea", P_SKIP},
    {"tfoot", P_BLOCK},
    {"th", P_BLOCK | P_CELL},
    {"thead", P_BLOCK},
    {"time", 0},
    {"title", P_SKIP},
    {"tr", P_BLOCK},
    {"track", P_SKIP},
    {"ul", P_BLOCK | P_LIST},
    {"video", P_SKIP},
    {"xmp", P_BLOCK | P_PRE},
};

enum {
    TAG_A = 0, TAG_ADDRESS = 1, TAG_ARTICLE = 4, TAG_ASIDE = 5, TAG_BODY = 9,
    TAG_BR = 10, TAG_CAPTION = 13, TAG_DIALOG = 18, TAG_FIGCAPTION = 25,
    TAG_FIGURE = 26, TAG_FOOTER = 27, TAG_FORM = 28, TAG_H1 = 31, TAG_HEAD = 37,
    TAG_HEADER = 38, TAG_HTML = 41, TAG_LABEL = 45, TAG_LI = 47, TAG_LINK = 48,
    TAG_MAIN = 50, TAG_MENU = 53, TAG_META = 54, TAG_NAV = 55, TAG_NOSCRIPT = 58,
    TAG_SCRIPT = 70,
    TAG_TABLE = 77, TAG_TD = 79, TAG_TH = 83, TAG_TIME = 85, TAG_TITLE = 86,
    TAG_TR = 87,
    TAG_OTHER = 0xFFFE,   /* any other element: inline */
    TAG_TEXT = 0xFFFF     /* a text node */
};

static uint16_t tag_lookup(const char *name)
{
    size_t lo = 0, hi = sizeof TAGS / sizeof TAGS[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(name, TAGS[mid].name);
        if (c == 0) return (uint16_t)mid;
        if (c < 0) hi = mid; else lo = mid + 1;
    }
    return TAG_OTHER;
}

/* Check that TAGS is sorted and that the TAG_ constants name their rows
 * (for the unit test). */
int html_tags_selftest(void)
{
    static const struct { uint16_t id; const char *name; } IDS[] = {
        {TAG_A, "a"}, {TAG_ADDRESS, "address"}, {TAG_ARTICLE, "article"}, {TAG_ASIDE, "aside"},
        {TAG_BODY, "body"}, {TAG_BR, "br"}, {TAG_CAPTION, "caption"}, {TAG_DIALOG, "dialog"},
        {TAG_FIGCAPTION, "figcaption"}, {TAG_FIGURE, "figure"}, {TAG_FOOTER, "footer"},
        {TAG_FORM, "form"}, {TAG_H1, "h1"}, {TAG_HEAD, "head"}, {TAG_HEADER, "header"},
        {TAG_HTML, "html"}, {TAG_LABEL, "label"}, {TAG_LI, "li"}, {TAG_LINK, "link"},
        {TAG_MAIN, "main"}, {TAG_MENU, "menu"}, {TAG_META, "meta"}, {TAG_NAV, "nav"},
        {TAG_NOSCRIPT, "noscript"}, {TAG_SCRIPT, "script"}, {TAG_TABLE, "table"}, {TAG_TD, "td"}, {TAG_TH, "th"},
        {TAG_TIME, "time"}, {TAG_TITLE, "title"}, {TAG_TR, "tr"},
    };
    for (size_t i = 1; i < sizeof TAGS / sizeof TAGS[0]; i++)
        if (strcmp(TAGS[i - 1].name, TAGS[i].name) >= 0) return -1;
    for (size_t i = 0; i < sizeof IDS / sizeof IDS[0]; i++)
        if (tag_lookup(IDS[i].name) != IDS[i].id) return -2;
    if (TAG_H1 + 5 != tag_lookup("h6")) return -3;
    return 0;
}

static uint16_t tag_props(uint16_t tag)
{
    return tag < sizeof TAGS / sizeof TAGS[0] ? TAGS[tag].props : 0;
}

/* ======================================================================
 * Marks: what an element's tag, role, microdata and class/id words say
 * ====================================================================== */
#define M_HIDDEN   0x00000001u  /* not rendered (style, hidden, sr-only) */
#define M_NAV      0x00000002u  /* navigation, menus, breadcrumbs, paging */
#define M_FOOTER   0x00000004u
#define M_SIDE     0x00000008u  /* sidebars, widgets */
#define M_SHARE    0x00000010u  /* share bars, social links */
#define M_COMMENT  0x00000020u  /* reader comments and their forms */
#define M_RELATED  0x00000040u  /* related / recommended articles */
#define M_AD       0x00000080u  /* advertising, sponsored */
#define M_CONSENT  0x00000100u  /* cookie and privacy-consent banners */
#define M_META     0x00000200u  /* byline, date, tags, categories */
#define M_HEADER   0x00000400u  /* page or article header (weak) */
#define M_CAPTION  0x00000800u  /* figure captions, photo credits */
#define M_FORM     0x00001000u  /* inside a <form> (weak) */
#define M_LINK     0x00002000u  /* inside <a href> */
#define M_MAIN     0x00004000u  /* declared main content (strong hint) */
#define M_CONTENTV 0x00008000u  /* content-like class/id words (weak hint) */
#define M_PRE      0x00010000u  /* inside <pre>: keep white space */
#define M_POPUP    0x00020000u  /* dialogs, newsletter and login boxes */

#define M_STRONG (M_NAV | M_FOOTER | M_SIDE | M_SHARE | M_COMMENT | M_RELATED | \
                  M_AD | M_CONSENT | M_POPUP)
#define M_BOILER (M_STRONG | M_META | M_HEADER | M_CAPTION)

typedef struct vocab {
    const char *word;
    uint32_t marks;
} vocab;

/* Words of class/id attributes, matched exactly against each word of the
 * attribute (words are split at '-', '_', other punctuation and camelCase
 * humps). Short words that would be ambiguous as substrings live here.
 * Sorted for binary search. */
static const vocab VOCAB_EXACT[] = {
    {"a2a", M_SHARE},
    {"abo", M_POPUP},
    {"ad", M_AD},
    {"adbox", M_AD},
    {"adcontainer", M_AD},
    {"ads", M_AD},
    {"adsbygoogle", M_AD},
    {"adslot", M_AD},
    {"adunit", M_AD},
    {"adv", M_AD},
    {"adwrapper", M_AD},
    {"anzeige", M_AD},
    {"aside", M_SIDE},
    {"author", M_META},
    {"autor", M_META},
    {"avatar", M_META},
    {"banner", M_HEADER},
    {"bio", M_META},
    {"byline", M_META},
    {"caption", M_CAPTION},
    {"cat", M_META},
    {"categories", M_META},
    {"category", M_META},
    {"cmp", M_CONSENT},
    {"colophon", M_FOOTER},
    {"copyright", M_CAPTION},
    {"credit", M_CAPTION},
    {"credits", M_CAPTION},
    {"date", M_META},
    {"dateline", M_META},
    {"datum", M_META},
    {"dfp", M_AD},
    {"dsgvo", M_CONSENT},
    {"discussion", M_COMMENT},
    {"email", M_SHARE},
    {"facebook", M_SHARE},
    {"fb", M_SHARE},
    {"follow", M_SHARE},
    {"foot", M_FOOTER},
    {"gdpr", M_CONSENT},
    {"header", M_HEADER},
    {"kategorie", M_META},
    {"kategorien", M_META},
    {"keywords", M_META},
    {"kicker", M_META},
    {"like", M_SHARE},
    {"likes", M_SHARE},
    {"linkedin", M_SHARE},
    {"login", M_POPUP},
    {"masthead", M_HEADER},
    {"menu", M_NAV},
    {"menus", M_NAV},
    {"meta", M_META},
    {"modal", M_POPUP},
    {"mostread", M_RELATED},
    {"nav", M_NAV},
    {"navbar", M_NAV},
    {"navi", M_NAV},
    {"overlay", M_POPUP},
    {"pager", M_NAV},
    {"paging", M_NAV},
    {"pinterest", M_SHARE},
    {"popular", M_RELATED},
    {"popup", M_POPUP},
    {"posted", M_META},
    {"print", M_SHARE},
    {"promo", M_AD},
    {"published", M_META},
    {"rail", M_SIDE},
    {"rating", M_META},
    {"ratings", M_META},
    {"register", M_POPUP},
    {"replies", M_COMMENT},
    {"reply", M_COMMENT},
    {"respond", M_COMMENT},
    {"rss", M_SHARE},
    {"schlagworte", M_META},
    {"signin", M_POPUP},
    {"signup", M_POPUP},
    {"similar", M_RELATED},
    {"skip", M_NAV},
    {"sociable", M_SHARE},
    {"stars", M_META},
    {"tag", M_META},
    {"tagcloud", M_META},
    {"tags", M_META},
    {"teilen", M_SHARE},
    {"time", M_META},
    {"timestamp", M_META},
    {"toolbar", M_SHARE},
    {"topbar", M_HEADER},
    {"trending", M_RELATED},
    {"tweet", M_SHARE},
    {"twitter", M_SHARE},
    {"vote", M_META},
    {"votes", M_META},
    {"werbung", M_AD},
    {"whatsapp", M_SHARE},
    {"xing", M_SHARE},
};

/* Longer stems matched as substrings of each word ("postcomments",
 * "sharebar", "jp-relatedposts", "sitefooter"). */
static const vocab VOCAB_SUB[] = {
    {"addthis", M_SHARE},
    {"addtoany", M_SHARE},
    {"advert", M_AD},
    {"breadcrumb", M_NAV},
    {"comment", M_COMMENT},
    {"commentaire", M_COMMENT},
    {"comentario", M_COMMENT},
    {"consent", M_CONSENT},
    {"cookie", M_CONSENT},
    {"disqus", M_COMMENT},
    {"footer", M_FOOTER},
    {"komentarz", M_COMMENT},
    {"komment", M_COMMENT},
    {"ligatus", M_RELATED},
    {"navig", M_NAV},
    {"newsletter", M_POPUP},
    {"outbrain", M_RELATED},
    {"paginat", M_NAV},
    {"plista", M_RELATED},
    {"recommend", M_RELATED},
    {"related", M_RELATED},
    {"share", M_SHARE},
    {"shariff", M_SHARE},
    {"sharing", M_SHARE},
    {"sidebar", M_SIDE},
    {"social", M_SHARE},
    {"sponsor", M_AD},
    {"subscri", M_POPUP},
    {"taboola", M_RELATED},
    {"yarpp", M_RELATED},
    {"zergnet", M_RELATED},
};

/* Words that contain a stem above but mean content. */
static const char *const VOCAB_NOT[] = {
    "commentary", "commentaries", "unrelated", "shareholder", "shareholders",
};

/* Words that suggest the article itself (a weak hint). */
static const char *const VOCAB_CONTENT[] = {
    "article", "articlebody", "artikel", "beitrag", "blogpost", "body", "content",
    "entry", "entrycontent", "inhalt", "main", "post", "postbody", "story",
    "storybody", "text",
};

/* Whole class tokens that hide an element from view. */
static const char *const HIDDEN_TOKENS[] = {
    "element-invisible", "hidden", "hide", "invisible", "is-hidden", "offscreen",
    "screen-reader-text", "sr-only", "u-hidden", "visually-hidden", "visuallyhidden",
    "screenreader-only", "screen-reader-only",
};

/* Class token prefixes naming a property of the content (taxonomy terms,
 * features), whose remaining words say nothing about the element's role. */
static const char *const ABOUT_PREFIXES[] = {
    "category-", "tag-", "post_tag-", "format-", "status-", "type-", "postid-",
    "has-", "with-", "no-", "without-", "post-format-", "topic-", "rubrik-", "ressort-",
};

static bool word_is(const char *w, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(w, lit, n) == 0;
}

static bool word_has(const char *w, size_t n, const char *stem)
{
    size_t k = strlen(stem);
    if (k > n) return false;
    for (size_t i = 0; i + k <= n; i++)
        if (w[i] == stem[0] && memcmp(w + i, stem, k) == 0) return true;
    return false;
}

static uint32_t word_marks(const char *w, size_t n)
{
    if (n == 0 || n > 40) return 0;
    uint32_t m = 0;
    size_t lo = 0, hi = sizeof VOCAB_EXACT / sizeof VOCAB_EXACT[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *e = VOCAB_EXACT[mid].word;
        size_t el = strlen(e);
        int c = memcmp(w, e, n < el ? n : el);
        if (c == 0) c = n < el ? -1 : n > el ? 1 : 0;
        if (c == 0) { m |= VOCAB_EXACT[mid].marks; break; }
        if (c < 0) hi = mid; else lo = mid + 1;
    }
    if (n >= 5) {
        for (size_t i = 0; i < sizeof VOCAB_NOT / sizeof VOCAB_NOT[0]; i++)
            if (word_has(w, n, VOCAB_NOT[i])) return m;
        for (size_t i = 0; i < sizeof VOCAB_SUB / sizeof VOCAB_SUB[0]; i++)
            if (word_has(w, n, VOCAB_SUB[i].word)) m |= VOCAB_SUB[i].marks;
    }
    for (size_t i = 0; i < sizeof VOCAB_CONTENT / sizeof VOCAB_CONTENT[0]; i++)
        if (word_is(w, n, VOCAB_CONTENT[i])) { m |= M_CONTENTV; break; }
    return m;
}

/* Marks from a class or id attribute value. */
/* Class tokens that publishing systems put on the element holding one
 * post (WordPress's post_class(), microformats' h-entry). Such an element
 * also lists the post's taxonomy terms as classes ("autor-x", "internet-
 * comentarios"), so its other words say nothing about its role. */
static const char *const ENTRY_TOKENS[] = {
    "hentry", "h-entry", "type-post", "status-publish", "type-page",
};

static bool has_token(const char *s, size_t n, const char *tok)
{
    size_t k = strlen(tok);
    for (size_t i = 0; i + k <= n; i++) {
        if ((i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n') &&
            memcmp(s + i, tok, k) == 0 &&
            (i + k == n || s[i + k] == ' ' || s[i + k] == '\t' || s[i + k] == '\n'))
            return true;
    }
    return false;
}

static uint32_t class_marks(const char *s, size_t n)
{
    uint32_t m = 0;
    char tok[64], word[48];
    size_t i = 0;
    for (size_t k = 0; k < sizeof ENTRY_TOKENS / sizeof ENTRY_TOKENS[0]; k++)
        if (has_token(s, n, ENTRY_TOKENS[k])) return M_CONTENTV;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f')) i++;
        size_t start = i;
        while (i < n && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f')) i++;
        size_t tl = i - start;
        if (tl == 0 || tl >= sizeof tok) continue;
        for (size_t k = 0; k < tl; k++) {
            char c = s[start + k];
            tok[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        tok[tl] = '\0';
        for (size_t k = 0; k < sizeof HIDDEN_TOKENS / sizeof HIDDEN_TOKENS[0]; k++)
            if (strcmp(tok, HIDDEN_TOKENS[k]) == 0) m |= M_HIDDEN;
        /* Tokens that describe what the element is about or has, not what
         * it is: publishing systems' "category-news", "tag-sport",
         * "has-comments", "format-standard". */
        bool about = false;
        for (size_t k = 0; k < sizeof ABOUT_PREFIXES / sizeof ABOUT_PREFIXES[0]; k++)
            if (strncmp(tok, ABOUT_PREFIXES[k], strlen(ABOUT_PREFIXES[k])) == 0) about = true;
        if (about) continue;
        /* Words: split at non-alphanumerics and at lower->upper humps. */
        size_t wl = 0;
        for (size_t k = 0; k <= tl; k++) {
            char c = k < tl ? s[start + k] : '\0';
            bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            bool hump = k > 0 && c >= 'A' && c <= 'Z' && s[start + k - 1] >= 'a' && s[start + k - 1] <= 'z';
            if (!alnum || hump) {
                if (wl) m |= word_marks(word, wl);
                wl = 0;
            }
            if (alnum && wl < sizeof word) word[wl++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
    }
    return m;
}

static bool ascii_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z') x = (char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (char)(y + 32);
        if (x != y) return false;
    }
    return *a == *b;
}

static bool ascii_icontains(const char *s, const char *lit)
{
    size_t k = strlen(lit);
    for (; *s; s++) {
        size_t i = 0;
        while (i < k && s[i]) {
            char x = s[i];
            if (x >= 'A' && x <= 'Z') x = (char)(x + 32);
            if (x != lit[i]) break;
            i++;
        }
        if (i == k) return true;
    }
    return false;
}

/* display:none / visibility:hidden in a style attribute. */
static bool style_hidden(const char *s)
{
    char buf[256];
    size_t o = 0;
    for (; *s && o + 1 < sizeof buf; s++) {
        char c = *s;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
        buf[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    buf[o] = '\0';
    return strstr(buf, "display:none") || strstr(buf, "visibility:hidden");
}

static uint32_t role_marks(const char *r)
{
    if (ascii_ieq(r, "navigation") || ascii_ieq(r, "menu") || ascii_ieq(r, "menubar") ||
        ascii_ieq(r, "search"))
        return M_NAV;
    if (ascii_ieq(r, "contentinfo")) return M_FOOTER;
    if (ascii_ieq(r, "complementary")) return M_SIDE;
    if (ascii_ieq(r, "banner")) return M_HEADER;
    if (ascii_ieq(r, "dialog") || ascii_ieq(r, "alertdialog")) return M_POPUP;
    if (ascii_ieq(r, "main")) return M_MAIN;
    return 0;
}

static uint32_t itemtype_marks(const char *t)
{
    if (ascii_icontains(t, "schema.org/comment")) return M_COMMENT;
    if (ascii_icontains(t, "wpsidebar")) return M_SIDE;
    if (ascii_icontains(t, "wpfooter")) return M_FOOTER;
    if (ascii_icontains(t, "wpheader")) return M_HEADER;
    if (ascii_icontains(t, "sitenavigationelement")) return M_NAV;
    if (ascii_icontains(t, "wpadblock")) return M_AD;
    return 0;
}

static uint32_t tag_marks(uint16_t tag)
{
    switch (tag) {
    case TAG_NAV: case TAG_MENU: return M_NAV;
    case TAG_ASIDE: return M_SIDE;
    case TAG_FOOTER: return M_FOOTER;
    case TAG_HEADER: return M_HEADER;
    case TAG_FIGCAPTION: case TAG_CAPTION: return M_CAPTION;
    case TAG_FORM: return M_FORM;
    case TAG_DIALOG: return M_POPUP;
    case TAG_ADDRESS: return M_META;
    case TAG_MAIN: return M_MAIN;
    case TAG_ARTICLE: return M_CONTENTV;
    /* Not shown when scripts run; parsed all the same, because a broken
     * <noscript> can swallow the whole page in libxml2's HTML4 parser. */
    case TAG_NOSCRIPT: return M_HIDDEN;
    default: return 0;
    }
}

/* ======================================================================
 * The parse tree: a pre-order array of element and text nodes
 * ====================================================================== */
typedef struct hnode {
    uint32_t parent;      /* element index; NONE for top-level nodes */
    uint32_t end;         /* the subtree is [index, end) */
    uint32_t off, len;    /* text nodes: bytes in the pool */
    uint32_t own;         /* marks of this element */
    uint32_t inh;         /* marks of this element and its ancestors */
    uint16_t tag;
    uint16_t depth;
} hnode;

#define NONE UINT32_MAX

typedef struct hparse {
    mdsum_ctx *ctx;
    const alc_t *alc;
    arena *ar;                 /* metadata strings (the article's arena) */
    const xml_lib *xml;
    htmlParserCtxtPtr px;
    hnode *nodes;
    size_t n, cap;
    strbuf pool;               /* text of the text nodes */
    uint32_t stack[MAX_PARSE_DEPTH + 8];
    size_t depth;
    unsigned skip;             /* nesting inside a P_SKIP element */
    /* capture of <title> / JSON-LD text */
    int capture;               /* 0 none, 1 title, 2 JSON-LD */
    strbuf cap_buf;
    const char *title;
    const char *jsonld[MAX_JSONLD_SCRIPTS];
    size_t jsonld_len[MAX_JSONLD_SCRIPTS];
    size_t njsonld;
    const char *html_lang;
    meta_kv *kv;
    size_t nkv, kv_cap;
    bool truncated;
    bool oom;
} hparse;

static bool add_kv(hparse *ps, const char *prefix, const char *key, const char *value, uint32_t node)
{
    if (ps->nkv >= 4096) return true;   /* a page with thousands of metas: enough */
    void *arr = ps->kv;
    if (!grow_array(ps->alc, &arr, &ps->kv_cap, ps->nkv + 1, sizeof *ps->kv)) {
        ps->oom = true;
        return false;
    }
    ps->kv = arr;
    size_t pl = strlen(prefix), kl = strlen(key);
    if (kl > 200) kl = 200;
    char *k = arena_alloc(ps->ar, pl + kl + 1);
    if (!k) { ps->oom = true; return false; }
    memcpy(k, prefix, pl);
    for (size_t i = 0; i < kl; i++) {
        char c = key[i];
        k[pl + i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    k[pl + kl] = '\0';
    char *v = NULL;
    if (value) {
        size_t vl = strlen(value);
        if (vl > MAX_META_VALUE) vl = MAX_META_VALUE;
        v = arena_strndup(ps->ar, value, vl);
        if (!v) { ps->oom = true; return false; }
    }
    ps->kv[ps->nkv].key = k;
    ps->kv[ps->nkv].value = v;
    ps->kv[ps->nkv].node = node;
    ps->nkv++;
    return true;
}

static bool push_node(hparse *ps, uint16_t tag, uint32_t own)
{
    if (ps->n >= UINT32_MAX - 1) { ps->oom = true; return false; }
    void *arr = ps->nodes;
    if (!grow_array(ps->alc, &arr, &ps->cap, ps->n + 1, sizeof *ps->nodes)) {
        ps->oom = true;
        return false;
    }
    ps->nodes = arr;
    hnode *nd = &ps->nodes[ps->n];
    nd->parent = ps->depth ? ps->stack[ps->depth - 1] : NONE;
    nd->end = (uint32_t)ps->n + 1;
    nd->off = nd->len = 0;
    nd->own = own;
    nd->inh = 0;
    nd->tag = tag;
    nd->depth = (uint16_t)ps->depth;
    ps->n++;
    return true;
}

static void stop(hparse *ps)
{
    ps->xml->StopParser(ps->px);
}

static const char *get_attr(const xmlChar **atts, const char *name)
{
    if (!atts) return NULL;
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp((const char *)atts[i], name) == 0)
            return atts[i + 1] ? (const char *)atts[i + 1] : "";
    return NULL;
}

/* Metadata elements: <meta>, <link>, <html lang>, itemprop, <time>. */
static void start_meta(hparse *ps, uint16_t tag, const xmlChar **atts, uint32_t node)
{
    if (tag == TAG_META) {
        const char *content = get_attr(atts, "content");
        const char *v;
        if (!content) return;
        if ((v = get_attr(atts, "property"))) add_kv(ps, "meta:", v, content, node);
        if ((v = get_attr(atts, "name"))) add_kv(ps, "meta:", v, content, node);
        if ((v = get_attr(atts, "itemprop"))) add_kv(ps, "itemprop:", v, content, node);
        if ((v = get_attr(atts, "http-equiv"))) add_kv(ps, "meta:", v, content, node);
        return;
    }
    if (tag == TAG_LINK) {
        const char *rel = get_attr(atts, "rel"), *href = get_attr(atts, "href");
        if (rel && href) add_kv(ps, "link:", rel, href, node);
        return;
    }
    if (tag == TAG_HTML) {
        const char *lang = get_attr(atts, "lang");
        if (!lang) lang = get_attr(atts, "xml:lang");
        if (lang && !ps->html_lang) {
            size_t l = strlen(lang);
            ps->html_lang = arena_strndup(ps->ar, lang, l > 64 ? 64 : l);
            if (!ps->html_lang) ps->oom = true;
        }
    }
    const char *ip = get_attr(atts, "itemprop");
    if (ip) {
        /* The value comes from an attribute, or later from the text of the
         * element (value NULL, filled in from the tree). */
        const char *v = get_attr(atts, "content");
        if (!v) v = get_attr(atts, "datetime");
        add_kv(ps, "itemprop:", ip, v, node);
    }
    if (tag == TAG_TIME) {
        const char *dt = get_attr(atts, "datetime");
        if (dt) add_kv(ps, "time:", get_attr(atts, "pubdate") ? "pubdate" : "", dt, node);
    }
    if (tag == TAG_A || tag == TAG_LINK) {
        const char *rel = get_attr(atts, "rel");
        if (rel && ascii_icontains(rel, "author")) add_kv(ps, "rel:", "author", NULL, node);
    }
    const char *cls = get_attr(atts, "class");
    if (cls && tag != TAG_META && tag != TAG_LINK &&
        (ascii_icontains(cls, "author") || ascii_icontains(cls, "byline") ||
         ascii_icontains(cls, "autor")))
        add_kv(ps, "class:", "author", NULL, node);
    if (tag == TAG_TIME ||
        (cls && tag != TAG_META && tag != TAG_LINK &&
         (ascii_icontains(cls, "date") || ascii_icontains(cls, "datum") ||
          ascii_icontains(cls, "posted") || ascii_icontains(cls, "published") ||
          ascii_icontains(cls, "time"))))
        add_kv(ps, "class:", "date", NULL, node);
}

static void sax_start(void *ud, const xmlChar *name, const xmlChar **atts)
{
    hparse *ps = ud;
    if (ps->oom) return;
    if (ps->px->nameNr > MAX_PARSE_DEPTH || ps->depth >= MAX_PARSE_DEPTH) {
        ps->truncated = true;
        stop(ps);
        return;
    }
    uint16_t tag = tag_lookup((const char *)name);
    uint16_t props = tag_props(tag);
    if (tag == TAG_META || tag == TAG_LINK) {
        start_meta(ps, tag, atts, (uint32_t)ps->n);
    }
    if (ps->skip) {
        ps->skip++;
        return;
    }
    if (props & P_SKIP) {
        ps->skip = 1;
        if (tag == TAG_TITLE && !ps->title && !ps->capture) {
            ps->capture = 1;
            ps->cap_buf.len = 0;
        } else if (tag == TAG_SCRIPT && !ps->capture && ps->njsonld < MAX_JSONLD_SCRIPTS) {
            const char *type = get_attr(atts, "type");
            if (type && ascii_icontains(type, "ld+json")) {
                ps->capture = 2;
                ps->cap_buf.len = 0;
            }
        }
        return;
    }

    uint32_t own = tag_marks(tag);
    const char *v;
    if (atts) {
        if ((v = get_attr(atts, "class"))) own |= class_marks(v, strlen(v));
        if ((v = get_attr(atts, "id"))) own |= class_marks(v, strlen(v));
        if ((v = get_attr(atts, "role"))) own |= role_marks(v);
        if ((v = get_attr(atts, "itemtype"))) own |= itemtype_marks(v);
        if ((v = get_attr(atts, "itemprop"))) {
            if (ascii_ieq(v, "articleBody")) own |= M_MAIN;
            else if (ascii_ieq(v, "comment")) own |= M_COMMENT;
            else if (ascii_ieq(v, "author") || ascii_ieq(v, "datePublished") ||
                     ascii_ieq(v, "dateModified") || ascii_ieq(v, "dateCreated") ||
                     ascii_ieq(v, "keywords"))
                own |= M_META;
        }
        if ((v = get_attr(atts, "style")) && style_hidden(v)) own |= M_HIDDEN;
        if (get_attr(atts, "hidden")) own |= M_HIDDEN;
        if (tag == TAG_A && get_attr(atts, "href")) own |= M_LINK;
    }
    if (tag == TAG_A) own |= M_LINK;
    if (props & P_PRE) own |= M_PRE;
    uint32_t idx = (uint32_t)ps->n;
    if (!push_node(ps, tag, own)) { stop(ps); return; }
    ps->stack[ps->depth++] = idx;
    if (tag != TAG_META && tag != TAG_LINK) start_meta(ps, tag, atts, idx);
}

static void end_capture(hparse *ps)
{
    strbuf *b = &ps->cap_buf;
    if (b->failed) { ps->oom = true; ps->capture = 0; return; }
    char *s = arena_strndup(ps->ar, b->data ? b->data : "", b->len);
    if (!s) { ps->oom = true; ps->capture = 0; return; }
    if (ps->capture == 1) {
        ps->title = s;
    } else {
        ps->jsonld[ps->njsonld] = s;
        ps->jsonld_len[ps->njsonld] = b->len;
        ps->njsonld++;
    }
    ps->capture = 0;
}

static void sax_end(void *ud, const xmlChar *name)
{
    hparse *ps = ud;
    (void)name;
    if (ps->skip) {
        if (--ps->skip == 0 && ps->capture) end_capture(ps);
        return;
    }
    if (ps->depth == 0) return;
    uint32_t idx = ps->stack[--ps->depth];
    ps->nodes[idx].end = (uint32_t)ps->n;
}

static void sax_text(void *ud, const xmlChar *ch, int len)
{
    hparse *ps = ud;
    if (len <= 0 || ps->oom) return;
    if (ps->capture) {
        size_t max = ps->capture == 1 ? MAX_META_VALUE : MAX_JSONLD_BYTES;
        size_t room = ps->cap_buf.len < max ? max - ps->cap_buf.len : 0;
        size_t k = (size_t)len < room ? (size_t)len : room;
        if (k) buf_append(&ps->cap_buf, ch, k);
        return;
    }
    if (ps->skip) return;
    if (ps->pool.len + (size_t)len >= UINT32_MAX) { ps->oom = true; stop(ps); return; }
    hnode *last = ps->n ? &ps->nodes[ps->n - 1] : NULL;
    if (last && last->tag == TAG_TEXT && last->off + last->len == ps->pool.len &&
        last->parent == (ps->depth ? ps->stack[ps->depth - 1] : NONE)) {
        if (!buf_append(&ps->pool, ch, (size_t)len)) { ps->oom = true; stop(ps); return; }
        last->len += (uint32_t)len;
        return;
    }
    uint32_t off = (uint32_t)ps->pool.len;
    if (!buf_append(&ps->pool, ch, (size_t)len)) { ps->oom = true; stop(ps); return; }
    if (!push_node(ps, TAG_TEXT, 0)) { stop(ps); return; }
    ps->nodes[ps->n - 1].off = off;
    ps->nodes[ps->n - 1].len = (uint32_t)len;
}

/* Parse UTF-8 `html` into ps. Returns MDSUM_OK, MDSUM_ENOMEM. */
static int parse_html(hparse *ps, const char *html, size_t len)
{
    const xml_lib *x = ps->xml;
    htmlParserCtxtPtr px = x->htmlCreateMemoryParserCtxt(html, (int)len);
    if (!px) return MDSUM_ENOMEM;
    ps->px = px;
    /* Our own SAX handler: no libxml2 tree, no error output (a NULL error
     * callback with a parser context makes libxml2 drop the message). */
    htmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.startElement = sax_start;
    sax.endElement = sax_end;
    sax.characters = sax_text;
    sax.ignorableWhitespace = sax_text;
    sax.cdataBlock = sax_text;
    sax.initialized = 1;
    if (px->sax) memcpy(px->sax, &sax, sizeof sax);
    px->userData = ps;
    /* The input is UTF-8 (charset.c made sure); the meta charset must not
     * make libxml2 convert it a second time. */
    x->SwitchEncoding(px, XML_CHAR_ENCODING_UTF8);
    x->htmlCtxtUseOptions(px, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                  HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | HTML_PARSE_NODEFDTD);
    x->htmlParseDocument(px);
    x->htmlFreeParserCtxt(px);
    ps->px = NULL;
    /* Close what the parse left open (a stopped parse, or a bug). */
    while (ps->depth) {
        uint32_t idx = ps->stack[--ps->depth];
        ps->nodes[idx].end = (uint32_t)ps->n;
    }
    if (ps->capture) end_capture(ps);
    return ps->oom ? MDSUM_ENOMEM : MDSUM_OK;
}

/* ======================================================================
 * Marks over the tree
 * ====================================================================== */
static void compute_marks(hparse *ps)
{
    hnode *nd = ps->nodes;
    size_t n = ps->n;
    /* Marks on <html> and <body> describe the page, not a part of it. */
    for (size_t i = 0; i < n; i++)
        if (nd[i].tag == TAG_HTML || nd[i].tag == TAG_BODY) nd[i].own &= ~(M_BOILER | M_HIDDEN);
    /* An element holding the declared main content is not boilerplate
     * whatever its class says ("main has-sidebar"). Bottom-up: does a
     * subtree contain M_MAIN? (kept in `inh` until it is computed) */
    const uint32_t HAS_MAIN = 1;
    for (size_t i = 0; i < n; i++) nd[i].inh = 0;
    for (size_t i = n; i-- > 0;) {
        if (nd[i].own & M_MAIN) nd[i].inh = HAS_MAIN;
        if (nd[i].inh && nd[i].parent != NONE) nd[nd[i].parent].inh = HAS_MAIN;
    }
    for (size_t i = 0; i < n; i++)
        if (nd[i].inh && nd[i].tag != TAG_TEXT) nd[i].own &= ~(M_BOILER | M_HIDDEN);
    for (size_t i = 0; i < n; i++) {
        uint32_t p = nd[i].parent;
        nd[i].inh = nd[i].own | (p != NONE ? nd[p].inh : 0);
    }
}

/* ======================================================================
 * Blocks
 * ====================================================================== */
enum { BK_TEXT = 0, BK_PARA, BK_HEAD, BK_ITEM, BK_CELL, BK_PRE, BK_QUOTE, BK_CAPTION };
enum { C_DROP = 0, C_BAD, C_SHORT, C_MEDIUM, C_GOOD };

typedef struct hblock {
    uint32_t owner;        /* the block-level element holding the text */
    uint32_t first;        /* its first text node */
    uint32_t off, len;     /* normalized text in the block pool */
    uint32_t chars;        /* code points */
    uint32_t link_chars;
    uint32_t punct;        /* sentence punctuation marks */
    uint32_t junk;         /* characters in junk tokens (JUNK_TOKEN) */
    uint32_t marks;        /* marks of the owner */
    uint32_t row;          /* cells: the enclosing <tr>, else NONE */
    uint16_t kind;         /* BK_* */
    uint8_t cls;           /* C_* */
    uint8_t keep;
    uint8_t head_level;    /* 1..6 for headings */
    uint8_t ends_sentence;
    uint8_t phrase;        /* a boilerplate heading (BOILER_PHRASES) */
    uint8_t in_body;       /* its text is in the JSON-LD articleBody */
    uint8_t ctx_next, ctx_prev; /* select_blocks: nearest decided neighbours */
    double weight;
} hblock;

typedef struct hblocks {
    const alc_t *alc;
    hblock *b;
    size_t n, cap;
    strbuf text;           /* normalized block texts, back to back */
    /* the run being built */
    size_t run_start;      /* offset in text */
    uint32_t run_owner, run_first, run_chars, run_link, run_punct;
    uint32_t run_word;     /* length of the current space-free token */
    uint32_t run_junk;     /* characters in tokens of JUNK_TOKEN or more */
    uint32_t cancelled;    /* marks dropped by cancel_content_marks */
    bool run_space;        /* a space is pending */
    bool run_nl;           /* a line break is pending */
    bool oom;
} hblocks;

/* Unicode white space other than ASCII, as UTF-8 lead+continuation. */
static size_t uni_space(const unsigned char *s, size_t n)
{
    if (n >= 2 && s[0] == 0xC2 && (s[1] == 0xA0 || s[1] == 0x85)) return 2;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
        ((s[2] >= 0x80 && s[2] <= 0x8A) || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF))
        return 3;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F) return 3;
    if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) return 3;
    if (n >= 3 && s[0] == 0xE1 && s[1] == 0x9A && s[2] == 0x80) return 3;
    return 0;
}

static bool is_sent_punct(const unsigned char *s, size_t n, size_t *len)
{
    unsigned char c = s[0];
    if (c == '.' || c == '!' || c == '?' || c == ';' || c == ',' || c == ':') { *len = 1; return true; }
    /* 。！？，、；： and the ellipsis */
    if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && (s[2] == 0x82 || s[2] == 0x81)) { *len = 3; return true; }
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBC &&
        (s[2] == 0x81 || s[2] == 0x9F || s[2] == 0x8C || s[2] == 0x9B || s[2] == 0x9A)) { *len = 3; return true; }
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0xA6) { *len = 3; return true; }
    return false;
}

static void run_begin(hblocks *bx, uint32_t owner, uint32_t first)
{
    bx->run_start = bx->text.len;
    bx->run_owner = owner;
    bx->run_first = first;
    bx->run_chars = bx->run_link = bx->run_punct = 0;
    bx->run_word = bx->run_junk = 0;
    bx->run_space = bx->run_nl = false;
}

/* Append text (raw from the page) to the current run, collapsing white
 * space (except in <pre>) and dropping control characters. */
/* A token of JUNK_TOKEN or more ASCII characters without a space is not
 * prose (base64 blobs, hashes, minified code, long URLs). */
#define JUNK_TOKEN 64

static void run_word_end(hblocks *bx)
{
    if (bx->run_word >= JUNK_TOKEN) bx->run_junk += bx->run_word;
    bx->run_word = 0;
}

static void run_append(hblocks *bx, const char *s, size_t n, bool link, bool pre)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    if (!buf_reserve(&bx->text, n + 2)) { bx->oom = true; return; }
    while (i < n) {
        unsigned char c = p[i];
        size_t k;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            run_word_end(bx);
            if (pre && c == '\n') bx->run_nl = true;
            else bx->run_space = true;
            i++;
            continue;
        }
        if (c < 0x20 || c == 0x7F) { bx->run_space = true; i++; continue; }
        if (c >= 0x80 && (k = uni_space(p + i, n - i))) { bx->run_space = true; i += k; continue; }
        if (c == 0xC2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] < 0xA0) {
            /* C1 controls */
            bx->run_space = true;
            i += 2;
            continue;
        }
        if (bx->text.len > bx->run_start) {
            if (bx->run_nl) buf_putc(&bx->text, '\n');
            else if (bx->run_space) buf_putc(&bx->text, ' ');
        }
        bx->run_space = bx->run_nl = false;
        /* Copy one code point (input is valid UTF-8). */
        k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (i + k > n) k = n - i;
        size_t pl;
        if (is_sent_punct(p + i, n - i, &pl)) bx->run_punct++;
        buf_append(&bx->text, s + i, k);
        bx->run_chars++;
        if (link) bx->run_link++;
        /* Only ASCII counts toward junk tokens: scripts without spaces
         * (Chinese, Japanese, Thai) are prose. */
        if (k == 1) bx->run_word++;
        else run_word_end(bx);
        i += k;
    }
    if (bx->text.failed) bx->oom = true;
}

static void run_break(hblocks *bx)
{
    /* A <br>: a line break inside the block. */
    if (bx->text.len > bx->run_start) bx->run_nl = true;
}

static bool ends_sentence(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n')) n--;
    if (!n) return false;
    const unsigned char *p = (const unsigned char *)s;
    /* Step back over closing quotes and brackets. */
    for (int guard = 0; guard < 3 && n; guard++) {
        unsigned char c = p[n - 1];
        if (c == '"' || c == '\'' || c == ')') { n--; continue; }
        if (n >= 2 && p[n - 2] == 0xC2 && (c == 0xBB || c == 0xAB)) { n -= 2; continue; }
        if (n >= 3 && p[n - 3] == 0xE2 && p[n - 2] == 0x80 && c >= 0x98 && c <= 0x9F) { n -= 3; continue; }
        break;
    }
    if (!n) return false;
    unsigned char c = p[n - 1];
    if (c == '.' || c == '!' || c == '?' || c == ':') return true;
    if (n >= 3 && p[n - 3] == 0xE3 && p[n - 2] == 0x80 && c == 0x82) return true;
    if (n >= 3 && p[n - 3] == 0xEF && p[n - 2] == 0xBC && (c == 0x81 || c == 0x9F)) return true;
    if (n >= 3 && p[n - 3] == 0xE2 && p[n - 2] == 0x80 && c == 0xA6) return true;
    return false;
}

static void run_end(hblocks *bx, const hnode *nd)
{
    if (bx->oom) return;
    run_word_end(bx);
    size_t len = bx->text.len - bx->run_start;
    if (len == 0 || bx->run_chars == 0) {
        bx->text.len = bx->run_start;
        run_begin(bx, bx->run_owner, NONE);
        return;
    }
    void *arr = bx->b;
    if (!grow_array(bx->alc, &arr, &bx->cap, bx->n + 1, sizeof *bx->b)) { bx->oom = true; return; }
    bx->b = arr;
    hblock *b = &bx->b[bx->n++];
    memset(b, 0, sizeof *b);
    uint32_t ow = bx->run_owner;
    b->owner = ow;
    b->first = bx->run_first;
    b->off = (uint32_t)bx->run_start;
    b->len = (uint32_t)len;
    b->chars = bx->run_chars;
    b->link_chars = bx->run_link;
    b->junk = bx->run_junk;
    b->punct = bx->run_punct;
    b->row = NONE;
    b->ends_sentence = ends_sentence(bx->text.data + bx->run_start, len);
    b->kind = BK_TEXT;
    b->marks = ow != NONE ? nd[ow].inh : 0;
    if (ow != NONE) {
        uint16_t tag = nd[ow].tag, props = tag_props(tag);
        if (props & P_HEAD) { b->kind = BK_HEAD; b->head_level = (uint8_t)(tag - TAG_H1 + 1); }
        else if (props & P_PARA) b->kind = BK_PARA;
        else if (props & P_ITEM) b->kind = BK_ITEM;
        else if (props & P_CELL) {
            b->kind = BK_CELL;
            uint32_t p = nd[ow].parent;
            if (p != NONE && nd[p].tag == TAG_TR) b->row = p;
        }
        else if (props & P_PRE) b->kind = BK_PRE;
        else if (props & P_QUOTE) b->kind = BK_QUOTE;
        else if (tag == TAG_FIGCAPTION || tag == TAG_CAPTION) b->kind = BK_CAPTION;
    }
    /* Keep a NUL between blocks so each text is a C string. */
    buf_putc(&bx->text, '\0');
    if (bx->text.failed) bx->oom = true;
    run_begin(bx, ow, NONE);
}

/* Cut the tree into blocks. Text inside inline elements that are marked
 * hidden or as boilerplate (and are not links) is left out of its block:
 * "<p>Text <span class=sr-only>(opens a new window)</span></p>". */
static int build_blocks(const hparse *ps, hblocks *bx)
{
    const hnode *nd = ps->nodes;
    size_t n = ps->n;
    uint32_t stack[MAX_PARSE_DEPTH + 8], blk[MAX_PARSE_DEPTH + 8];
    size_t sp = 0;
    uint32_t cur_block = NONE;   /* innermost open block-level element */
    run_begin(bx, NONE, NONE);
    for (size_t i = 0; i <= n && !bx->oom; i++) {
        /* Close the elements that end before node i. */
        while (sp && (i == n || nd[stack[sp - 1]].end <= i)) {
            uint32_t e = stack[--sp];
            if (tag_props(nd[e].tag) & P_BLOCK) {
                run_end(bx, nd);
                cur_block = sp ? blk[sp - 1] : NONE;
                bx->run_owner = cur_block;
            }
        }
        if (i == n) break;
        const hnode *x = &nd[i];
        if (x->tag == TAG_TEXT) {
            uint32_t par = x->parent;
            uint32_t pm = par != NONE ? nd[par].inh : 0;
            uint32_t bm = cur_block != NONE ? nd[cur_block].inh : 0;
            uint32_t extra = pm & ~bm;
            if (extra & M_HIDDEN) continue;
            if ((extra & (M_STRONG | M_META)) && !(pm & M_LINK)) continue;
            if (bx->run_first == NONE) {
                /* Skip leading white space runs: they start no block. */
                bool blank = true;
                const unsigned char *p = (const unsigned char *)ps->pool.data + x->off;
                for (uint32_t k = 0; k < x->len; k++)
                    if (!(p[k] == ' ' || p[k] == '\t' || p[k] == '\n' || p[k] == '\r' || p[k] == '\f')) {
                        blank = false;
                        break;
                    }
                if (blank) continue;
                bx->run_first = (uint32_t)i;
                bx->run_owner = cur_block;
            }
            run_append(bx, ps->pool.data + x->off, x->len, (pm & M_LINK) != 0, (pm & M_PRE) != 0);
            continue;
        }
        uint16_t props = tag_props(x->tag);
        if (props & P_BLOCK) {
            run_end(bx, nd);
            cur_block = (uint32_t)i;
            bx->run_owner = cur_block;
        } else if (x->tag == TAG_BR) {
            run_break(bx);
        }
        if (x->end > i + 1 && sp < sizeof stack / sizeof stack[0]) {
            stack[sp] = (uint32_t)i;
            blk[sp] = cur_block;   /* the innermost block element at this level */
            sp++;
        }
    }
    return bx->oom ? MDSUM_ENOMEM : MDSUM_OK;
}

/* ======================================================================
 * Boilerplate headings: the words that open a related-articles list, a
 * comment section, a share bar or a newsletter box, in the languages of
 * the web we see most. A short block that says only this (optionally with a
 * count or a colon) is boilerplate, and so are the short or link-heavy
 * blocks after it up to the next real paragraph.
 * ====================================================================== */
static const char *const BOILER_PHRASES[] = {
    /* en */
    "about the author", "add a comment", "advertisement", "also read", "comment", "comments",
    "filed under", "follow us", "join the conversation", "join the discussion", "latest news",
    "latest posts", "leave a comment", "leave a reply", "more from", "more news", "more on this",
    "more on this topic", "more stories", "most popular", "most read", "newsletter",
    "next article", "next post", "popular posts", "post a comment", "posted in",
    "previous article", "previous post", "read more", "read next", "recent posts", "recommended",
    "recommended for you", "related", "related articles", "related content", "related links",
    "related news", "related posts", "related stories", "related topics", "see also", "share",
    "share this", "share this article", "share this post", "share this story", "sign up",
    "sponsored", "sponsored content", "subscribe", "tags", "trending", "you may also like",
    "you might also like", "you may be interested in", "you might be interested in",
    /* de */
    "abonnieren", "aktuelle beiträge", "anzeige", "artikel teilen", "auch interessant",
    "beitrag teilen", "beliebte beiträge", "das könnte dich auch interessieren",
    "das könnte ihnen auch gefallen", "das könnte dir auch gefallen",
    "das könnte sie auch interessieren", "diesen artikel teilen", "diskutieren sie mit",
    "einen kommentar schreiben", "empfehlungen", "folge uns", "folgen sie uns",
    "hinterlasse eine antwort", "hinterlasse einen kommentar", "jetzt teilen", "kategorien",
    "kommentar", "kommentar schreiben", "kommentar verfassen", "kommentare", "kommentieren",
    "leserkommentare", "lesen sie auch", "lesen sie mehr", "letzte beiträge", "lies auch",
    "meistgelesen", "mehr zum thema", "mehr dazu", "neueste artikel", "neueste beiträge",
    "schlagworte", "schlagwörter", "schreibe einen kommentar", "schreiben sie einen kommentar",
    "stichworte", "teile dies", "teilen", "teilen sie dies mit", "themen", "unsere empfehlung",
    "über den autor", "über die autorin", "verwandte artikel", "verwandte beiträge",
    "weitere artikel", "weitere beiträge", "weitere informationen", "weitere themen", "werbung",
    "zum autor", "zurück zur übersicht", "ähnliche artikel", "ähnliche beiträge",
    "ähnliche themen",
    /* fr */
    "a lire aussi", "abonnez-vous", "articles liés", "articles similaires", "commentaires",
    "dans la même rubrique", "laisser un commentaire", "laissez un commentaire",
    "les plus lus", "lire aussi", "partager", "partager cet article", "publicité", "réagir",
    "sur le même sujet", "vous aimerez aussi", "à lire aussi", "à propos de l'auteur",
    /* es */
    "artículos relacionados", "comentarios", "comparte", "compartir", "deja un comentario",
    "deja una respuesta", "etiquetas", "lee también", "lo más leído", "noticias relacionadas",
    "publicidad", "sobre el autor", "también te puede interesar", "te puede interesar",
    "te podría interesar",
    /* it */
    "articoli correlati", "commenti", "condividi", "lascia un commento", "leggi anche",
    "potrebbe interessarti", "pubblicità",
    /* pt */
    "artigos relacionados", "comentários", "compartilhar", "compartilhe", "deixe um comentário",
    "leia também", "notícias relacionadas", "publicidade",
    /* pl */
    "czytaj także", "czytaj też", "dodaj komentarz", "komentarze", "najczęściej czytane",
    "podobne artykuły", "powiązane artykuły", "reklama", "udostępnij", "zobacz także",
    "zobacz też",
    /* nl */
    "delen", "deel dit", "gerelateerde artikelen", "lees ook", "plaats een reactie", "reacties",
};

#define PHRASE_MAX_CHARS 60

/* Lower-case UTF-8 `s` into `out` (cap bytes); false when it does not fit. */
static bool fold_text(const char *s, size_t n, char *out, size_t cap, size_t *out_len)
{
    size_t o = 0, i = 0;
    while (i < n) {
        int32_t cp;
        size_t k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
        i += k;
        cp = utf8proc_tolower(cp);
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t el = utf8proc_encode_char(cp, enc);
        if (el <= 0 || o + (size_t)el + 1 > cap) return false;
        memcpy(out + o, enc, (size_t)el);
        o += (size_t)el;
    }
    out[o] = '\0';
    *out_len = o;
    return true;
}

static bool is_boiler_phrase(const char *s, size_t n)
{
    char buf[4 * PHRASE_MAX_CHARS + 8];
    size_t len;
    if (!fold_text(s, n, buf, sizeof buf, &len)) return false;
    /* Strip a count and punctuation around: "3 Kommentare", "Kommentare
     * (12)", "Teilen Sie dies mit:", "Tags »". */
    size_t a = 0, z = len;
    while (a < z && ((buf[a] >= '0' && buf[a] <= '9') || buf[a] == ' ' || buf[a] == '(')) a++;
    for (;;) {
        while (z > a && (buf[z - 1] == ' ' || buf[z - 1] == ':' || buf[z - 1] == '.' ||
                         buf[z - 1] == ')' || buf[z - 1] == '(' || buf[z - 1] == '!' ||
                         (buf[z - 1] >= '0' && buf[z - 1] <= '9')))
            z--;
        /* trailing guillemet or arrow (UTF-8 2-3 bytes) */
        if (z >= a + 2 && (unsigned char)buf[z - 2] == 0xC2 && (unsigned char)buf[z - 1] == 0xBB) { z -= 2; continue; }
        if (z >= a + 3 && (unsigned char)buf[z - 3] == 0xE2 && (unsigned char)buf[z - 2] == 0x80 &&
            (unsigned char)buf[z - 1] == 0xA6) { z -= 3; continue; }
        break;
    }
    if (z <= a) return false;
    size_t m = z - a;
    for (size_t i = 0; i < sizeof BOILER_PHRASES / sizeof BOILER_PHRASES[0]; i++) {
        const char *p = BOILER_PHRASES[i];
        size_t pl = strlen(p);
        if (pl == m && memcmp(buf + a, p, m) == 0) return true;
    }
    return false;
}

/* ======================================================================
 * Classification, container, selection
 * ====================================================================== */

/* Marks are hints, not rules: when the blocks carrying a mark hold at least
 * half of the page's paragraph-like text (long blocks with few links), that
 * mark means nothing on this page and is dropped everywhere ("post
 * category-ads"; a page builder wrapping every paragraph in a
 * "text-widget"). Comment and cookie-consent marks are the exception:
 * comment sections and consent dialogs are long by nature, and their words
 * are unambiguous. */
#define MARK_OVERRIDE_SHARE 0.5
#define MARK_OVERRIDE_MIN 200.0

static void cancel_content_marks(hparse *ps, hblocks *bx)
{
    size_t n = ps->n;
    hnode *nd = ps->nodes;
    double total = 0, covered[32] = {0};
    const uint32_t candidates = (M_BOILER | M_HIDDEN) & ~(M_COMMENT | M_CONSENT);
    for (size_t i = 0; i < bx->n; i++) {
        const hblock *b = &bx->b[i];
        if (b->chars < GOOD_CHARS) continue;
        if ((double)b->link_chars > LINK_DENSITY_GOOD * b->chars) continue;
        double v = b->chars - b->link_chars;
        total += v;
        for (int k = 0; k < 32; k++)
            if (b->marks & candidates & (1u << k)) covered[k] += v;
    }
    if (total < MARK_OVERRIDE_MIN) return;
    uint32_t cancel = 0;
    for (int k = 0; k < 32; k++)
        if (covered[k] >= MARK_OVERRIDE_SHARE * total) cancel |= 1u << k;
    if (!cancel) return;
    bx->cancelled = cancel;
    for (size_t i = 0; i < n; i++) {
        uint32_t p = nd[i].parent;
        nd[i].own &= ~cancel;
        nd[i].inh = nd[i].own | (p != NONE ? nd[p].inh : 0);
    }
    for (size_t i = 0; i < bx->n; i++)
        if (bx->b[i].owner != NONE) bx->b[i].marks = nd[bx->b[i].owner].inh;
}

static void classify(hblocks *bx)
{
    for (size_t i = 0; i < bx->n; i++) {
        hblock *b = &bx->b[i];
        /* Lengths count prose only: junk tokens are left out. */
        uint32_t chars = b->chars - b->junk;
        uint32_t link = b->link_chars < chars ? b->link_chars : chars;
        double ld = chars ? (double)link / chars : 0;
        uint32_t nonlink = chars - link;
        if (b->marks & M_HIDDEN) { b->cls = C_DROP; b->weight = 0; continue; }
        /* A "heading" of several lines is a paragraph set in big type. */
        if (b->kind == BK_HEAD && chars > HEADING_MAX_CHARS) b->kind = BK_TEXT;
        if (chars == 0) {
            b->cls = C_BAD;
            b->weight = W_SHORT;
        } else if (ld > LINK_DENSITY_BAD) {
            b->cls = C_BAD;
            b->weight = -W_LINK_FACTOR * chars;
        } else if (chars >= GOOD_CHARS && ld <= LINK_DENSITY_GOOD) {
            b->cls = C_GOOD;
            b->weight = nonlink;
        } else if (chars >= GOOD_CHARS_PUNCT && ld <= LINK_DENSITY_GOOD && b->punct > 0 &&
                   b->ends_sentence) {
            b->cls = C_GOOD;
            b->weight = nonlink;
        } else if (chars < SHORT_CHARS) {
            b->cls = C_SHORT;
            b->weight = W_SHORT;
        } else {
            b->cls = C_MEDIUM;
            b->weight = W_MEDIUM_FACTOR * nonlink;
        }
        if (b->kind == BK_HEAD && b->cls != C_BAD) b->weight = W_HEADING;
        if (b->chars <= PHRASE_MAX_CHARS && is_boiler_phrase(bx->text.data + b->off, b->len)) {
            b->phrase = 1;
            b->weight = -(double)b->chars;
        }
        /* Declared main content (<main>, role=main, itemprop=articleBody)
         * counts more, but only as a factor: a wrong declaration loses to
         * clearly more text elsewhere. */
        if ((b->marks & M_MAIN) && b->weight > 0) b->weight *= W_MAIN_FACTOR;
        if (b->marks & M_STRONG) b->weight = -W_BOILER_FACTOR * chars;
        else if ((b->marks & (M_META | M_CAPTION)) && b->cls != C_GOOD) b->weight = -(double)chars;
    }
}

/* schema.org's articleBody, when a page has one, names its text: blocks
 * found in it count more (a factor, so a body that is only a teaser or is
 * wrong cannot pull the container far). Matching uses the first
 * BODY_NEEDLE bytes of each block. */
#define BODY_MIN_CHARS 200
#define BODY_NEEDLE 48
#define W_BODY_FACTOR 2.0
#define BODY_MATCH_MAX 2000
#define BODY_FALLBACK_SHARE 0.3 /* use the body when we keep less than this */

static void mark_article_body(hblocks *bx, const char *body)
{
    if (!body || strlen(body) < BODY_MIN_CHARS) return;
    /* Bounded work on hostile pages: at most BODY_MATCH_MAX searches. */
    size_t budget = BODY_MATCH_MAX;
    char needle[BODY_NEEDLE + 8];
    for (size_t i = 0; i < bx->n && budget; i++) {
        hblock *b = &bx->b[i];
        if (b->chars - b->junk < SHORT_CHARS || b->cls == C_DROP) continue;
        budget--;
        size_t l = b->len < BODY_NEEDLE ? b->len : BODY_NEEDLE;
        /* cut at a character boundary */
        while (l < b->len && ((unsigned char)bx->text.data[b->off + l] & 0xC0) == 0x80) l--;
        memcpy(needle, bx->text.data + b->off, l);
        needle[l] = '\0';
        for (size_t k = 0; k < l; k++) if (needle[k] == '\n') needle[k] = ' ';
        if (!strstr(body, needle)) continue;
        b->in_body = 1;
        if (b->weight > 0) b->weight *= W_BODY_FACTOR;
        else b->weight = b->chars - b->junk;
    }
}

/* The main content: a run of consecutive children of one element (possibly
 * all of them, i.e. its whole subtree) with the largest total block weight.
 * Kadane's maximum-subarray scan over the children of every element, so a
 * page whose article is a series of sibling sections next to menus and
 * teasers under one wrapper is still taken whole. One child costs the run
 * at most GAP_CAP, so a long link list between the lead and the body does
 * not split the article (the block filter drops the list). O(nodes). */
typedef struct hrange {
    uint32_t root;        /* the element whose marks the content carries */
    uint32_t lo, hi;      /* nodes [lo, hi) */
    double sum;
} hrange;

static int best_range(const hparse *ps, const hblocks *bx, const alc_t *alc, hrange *out,
                      double **keep_sums)
{
    hrange best = {NONE, 0, 0, 0};
    size_t n = ps->n;
    const hnode *nd = ps->nodes;
    *out = best;
    double *sum = alc_calloc(alc, n ? n : 1, sizeof *sum);
    double *slot = alc_calloc(alc, n ? n : 1, sizeof *slot);
    if (!sum || !slot) {
        alc_free(alc, sum);
        alc_free(alc, slot);
        return MDSUM_ENOMEM;
    }
    for (size_t i = 0; i < bx->n; i++) {
        const hblock *b = &bx->b[i];
        if (b->owner == NONE || b->first == NONE) continue;
        sum[b->owner] += b->weight;
        /* The child of the owner that holds the block's first text. */
        uint32_t x = b->first;
        while (nd[x].parent != b->owner && nd[x].parent != NONE) x = nd[x].parent;
        slot[x] += b->weight;
    }
    for (size_t i = n; i-- > 0;)
        if (nd[i].parent != NONE) sum[nd[i].parent] += sum[i];
    bool found = false;
    for (size_t p = 0; p < n; p++) {
        if (nd[p].tag == TAG_TEXT) continue;
        double run = 0;
        uint32_t run_lo = (uint32_t)p + 1;
        for (uint32_t c = (uint32_t)p + 1; c < nd[p].end; c = nd[c].end) {
            double v = slot[c] + (nd[c].tag == TAG_TEXT ? 0 : sum[c]);
            if (v < -GAP_CAP) v = -GAP_CAP;
            if (run <= 0) { run = 0; run_lo = c; }
            run += v;
            if (!found || run > best.sum) {
                found = true;
                best.sum = run;
                best.lo = run_lo;
                best.hi = nd[c].end;
                best.root = (uint32_t)p;
            }
            if (nd[c].end <= c) break;   /* malformed: never loop */
        }
    }
    /* A run that is exactly one element child is that element's subtree. */
    if (found) {
        uint32_t c = best.lo;
        if (nd[c].tag != TAG_TEXT && nd[c].end == best.hi) best.root = c;
    }
    alc_free(alc, slot);
    if (keep_sums) *keep_sums = sum;
    else alc_free(alc, sum);
    if (!found) best.root = NONE;
    *out = best;
    return MDSUM_OK;
}

static bool in_range(const hrange *r, uint32_t node)
{
    return r->root != NONE && node != NONE && node >= r->lo && node < r->hi;
}

/* Decide which blocks of the container to keep. */
static void select_blocks(const hparse *ps, hblocks *bx, const hrange *rg)
{
    const hnode *nd = ps->nodes;
    /* Marks that the container itself or its ancestors carry do not count
     * against its blocks. */
    uint32_t ignore = rg->root != NONE ? nd[rg->root].inh : 0;
    size_t nb = bx->n;
    for (size_t i = 0; i < nb; i++) {
        hblock *b = &bx->b[i];
        b->keep = 0;
        if (!in_range(rg, b->first)) continue;
        uint32_t marks = b->marks & ~ignore;
        if (b->cls == C_DROP || b->cls == C_BAD) continue;
        if (marks & M_HIDDEN) continue;
        if (marks & M_STRONG) continue;
        if ((marks & (M_META | M_HEADER)) && b->cls != C_GOOD) continue;
        if (marks & M_CAPTION) continue;
        /* a form inside the content: comment, newsletter, contact or poll */
        if (marks & M_FORM) continue;
        /* A medium block that is a third links ("... read on at X") */
        if (b->cls == C_MEDIUM && (double)b->link_chars > LINK_DENSITY_GOOD * b->chars) continue;
        b->keep = b->cls == C_GOOD || b->cls == C_MEDIUM ? 2 : 1;   /* 1: undecided */
    }
    /* Short blocks and headings: keep when content follows (headings) or
     * surrounds them (items of a list inside the text). The nearest
     * decided block on each side is found in two linear passes: 2 when it
     * is a kept paragraph, 0 when the search stops first (the range ends,
     * a link block; after a heading for the forward search). */
    enum { CTX_NONE = 0, CTX_GOOD = 2, CTX_GO_ON = 3 };
    uint8_t run = CTX_NONE;
    for (size_t i = nb; i-- > 0;) {
        hblock *c = &bx->b[i];
        c->ctx_next = run;
        uint8_t st = !in_range(rg, c->first) ? CTX_NONE
                     : (c->keep == 2 && c->kind != BK_HEAD) ? CTX_GOOD
                     : ((c->keep == 0 && c->cls == C_BAD) || c->kind == BK_HEAD) ? CTX_NONE
                     : CTX_GO_ON;
        if (st != CTX_GO_ON) run = st;
    }
    run = CTX_NONE;
    for (size_t i = 0; i < nb; i++) {
        hblock *c = &bx->b[i];
        c->ctx_prev = run;
        uint8_t st = !in_range(rg, c->first) ? CTX_NONE
                     : (c->keep == 2 && c->kind != BK_HEAD) ? CTX_GOOD
                     : (c->keep == 0 && c->cls == C_BAD) ? CTX_NONE
                     : CTX_GO_ON;
        if (st != CTX_GO_ON) run = st;
    }
    for (size_t i = 0; i < nb; i++) {
        hblock *b = &bx->b[i];
        if (b->keep != 1 && !(b->keep == 2 && b->kind == BK_HEAD)) continue;
        if (b->kind == BK_HEAD) b->keep = b->ctx_next == CTX_GOOD ? 2 : 0;
        else b->keep = (b->ctx_next == CTX_GOOD && b->ctx_prev == CTX_GOOD) ? 3 : 0;
    }
    for (size_t i = 0; i < nb; i++) if (bx->b[i].keep == 3) bx->b[i].keep = 2;
    /* A boilerplate heading ends the content up to the next paragraph. */
    for (size_t i = 0; i < nb; i++) {
        if (!bx->b[i].phrase || !in_range(rg, bx->b[i].first)) continue;
        bx->b[i].keep = 0;
        for (size_t j = i + 1; j < nb && in_range(rg, bx->b[j].first); j++) {
            if (bx->b[j].cls == C_GOOD) break;
            bx->b[j].keep = 0;
            i = j;
        }
    }
}

/* ======================================================================
 * Articles
 * ====================================================================== */
typedef struct article_impl {
    mdsum_article pub;     /* first: the public pointer is this struct */
    alc_t alc;
    arena ar;
} article_impl;

void mdsum_extract_options_init(mdsum_extract_options *opts)
{
    if (!opts) return;
    memset(opts, 0, sizeof *opts);
}

void mdsum_article_free(mdsum_article *a)
{
    if (!a) return;
    article_impl *im = (article_impl *)a;
    alc_t alc = im->alc;
    arena_fini(&im->ar);
    alc_free(&alc, im);
}

static void hparse_fini(hparse *ps)
{
    alc_free(ps->alc, ps->nodes);
    alc_free(ps->alc, ps->kv);
    buf_fini(&ps->pool);
    buf_fini(&ps->cap_buf);
}

/* Text of the subtree of element `e`, collapsed, at most `max` bytes, from
 * its first SUBTREE_TEXT_NODES nodes. */
#define SUBTREE_TEXT_NODES 2000
static char *subtree_text(arena *ar, const hparse *ps, uint32_t e, size_t max)
{
    const hnode *nd = ps->nodes;
    char *out = arena_alloc(ar, max + 1);
    if (!out) return NULL;
    size_t o = 0;
    bool space = false;
    /* Bounded work: a value is a few words near the start of the element. */
    uint32_t stop = nd[e].end;
    if (stop - e > SUBTREE_TEXT_NODES) stop = e + SUBTREE_TEXT_NODES;
    for (uint32_t i = e + 1; i < stop && o < max; i++) {
        if (nd[i].tag != TAG_TEXT) {
            if (tag_props(nd[i].tag) & P_BLOCK || nd[i].tag == TAG_BR) space = true;
            continue;
        }
        const unsigned char *p = (const unsigned char *)ps->pool.data + nd[i].off;
        for (uint32_t k = 0; k < nd[i].len && o < max;) {
            unsigned char c = p[k];
            size_t u;
            if (c <= ' ' || c == 0x7F) { space = true; k++; continue; }
            if (c >= 0x80 && (u = uni_space(p + k, nd[i].len - k))) { space = true; k += (uint32_t)u; continue; }
            size_t cl = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            if (k + cl > nd[i].len) cl = nd[i].len - k;
            if (o + cl + 1 > max) { k = nd[i].len; break; }
            if (space && o) out[o++] = ' ';
            space = false;
            memcpy(out + o, p + k, cl);
            o += cl;
            k += (uint32_t)cl;
        }
    }
    out[o] = '\0';
    return out;
}

static int assemble(arena *ar, const hblocks *bx, char **out, size_t *out_len, size_t *paras)
{
    size_t total = 0;
    for (size_t i = 0; i < bx->n; i++)
        if (bx->b[i].keep) total += bx->b[i].len + 3;
    char *t = arena_alloc(ar, total + 1);
    if (!t) return MDSUM_ENOMEM;
    size_t o = 0, np = 0;
    uint32_t last_row = NONE;
    for (size_t i = 0; i < bx->n; i++) {
        const hblock *b = &bx->b[i];
        if (!b->keep) continue;
        if (o) {
            if (b->row != NONE && b->row == last_row) {
                memcpy(t + o, " | ", 3);
                o += 3;
            } else if (last_row != NONE && b->row != NONE && b->row != last_row &&
                       bx->b[i].owner != NONE) {
                t[o++] = '\n';
            } else {
                t[o++] = '\n';
                t[o++] = '\n';
            }
        }
        if (!(b->row != NONE && b->row == last_row)) np++;
        memcpy(t + o, bx->text.data + b->off, b->len);
        o += b->len;
        last_row = b->row;
    }
    t[o] = '\0';
    *out = t;
    *out_len = o;
    *paras = np;
    return MDSUM_OK;
}

static const char *tag_name(uint16_t tag)
{
    if (tag == TAG_TEXT) return "#text";
    if (tag == TAG_OTHER) return "?";
    return TAGS[tag].name;
}

/* One line per block for html_extract_debug. */
static void debug_dump(strbuf *d, const hparse *ps, const hblocks *bx, const hrange *rg,
                       const double *sums)
{
    static const char *const CLS[] = {"drop", "bad", "short", "med", "good"};
    static const char MARKC[] = "HNFSsCRAKMhcfLmvPp";
    const hnode *nd = ps->nodes;
    buf_printf(d, "container: %s #%u [%u, %u) sum %.1f cancelled %x\n",
               rg->root != NONE ? tag_name(nd[rg->root].tag) : "-", rg->root, rg->lo, rg->hi, rg->sum,
               bx->cancelled);
    for (size_t i = 0; i < ps->n; i++) {
        if (nd[i].tag == TAG_TEXT || !sums || (sums[i] > -50 && sums[i] < 50)) continue;
        char marks[20];
        size_t o = 0;
        for (int k = 0; k < 18; k++)
            if (nd[i].own & (1u << k)) marks[o++] = MARKC[k];
        marks[o] = '\0';
        buf_printf(d, "%*s<%s #%zu-%u> %s %.1f\n", nd[i].depth * 2, "", tag_name(nd[i].tag), i, nd[i].end,
                   marks, sums[i]);
    }
    for (size_t i = 0; i < bx->n; i++) {
        const hblock *b = &bx->b[i];
        char marks[20];
        size_t o = 0;
        for (int k = 0; k < 18; k++)
            if (b->marks & (1u << k)) marks[o++] = MARKC[k];
        marks[o] = '\0';
        bool inside = in_range(rg, b->first);
        buf_printf(d, "%c%c %-5s %-10s %-8s %4u/%-4u %7.1f | ", b->keep ? '+' : ' ',
                   inside ? 'i' : ' ', CLS[b->cls],
                   b->owner != NONE ? tag_name(nd[b->owner].tag) : "-", marks, b->chars,
                   b->link_chars, b->weight);
        size_t l = b->len < 400 ? b->len : 400;
        while (l < b->len && ((unsigned char)bx->text.data[b->off + l] & 0xC0) == 0x80) l++;
        for (size_t k = 0; k < l; k++) {
            char c = bx->text.data[b->off + k];
            buf_putc(d, c == '\n' ? '/' : c);
        }
        buf_putc(d, '\n');
    }
}

/* Binary data served as HTML (WHATWG MIME Sniffing, 7.2: "binary data
 * bytes" are C0 controls other than TAB, LF, FF, CR and ESC), plus the
 * magic numbers of common binary formats. Departure: a few stray controls
 * are tolerated in real pages, so it takes more than 1% of the first
 * 4 KiB. UTF-16 with a byte-order mark is text. */
#define SNIFF_BYTES 4096

static bool looks_binary(const unsigned char *p, size_t n)
{
    static const struct { const char *magic; size_t len; } MAGIC[] = {
        {"\x89PNG\r\n\x1a\n", 8}, {"GIF87a", 6}, {"GIF89a", 6}, {"\xFF\xD8\xFF", 3},
        {"%PDF-", 5}, {"PK\x03\x04", 4}, {"\x1F\x8B", 2}, {"\x7F" "ELF", 4}, {"BZh", 3},
        {"\xFD" "7zXZ", 5}, {"OggS", 4}, {"ID3", 3}, {"\x00\x00\x01\x00", 4},
    };
    if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) return false;
    for (size_t i = 0; i < sizeof MAGIC / sizeof MAGIC[0]; i++)
        if (n >= MAGIC[i].len && memcmp(p, MAGIC[i].magic, MAGIC[i].len) == 0) return true;
    size_t m = n < SNIFF_BYTES ? n : SNIFF_BYTES, ctl = 0;
    for (size_t i = 0; i < m; i++) {
        unsigned char c = p[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r' && c != 0x1B) ctl++;
    }
    return ctl * 100 > m;
}

static int extract_impl(mdsum_ctx *ctx, const char *html, size_t len,
                        const mdsum_extract_options *opts, article_impl *im, strbuf *dbg)
{
    const alc_t *alc = &ctx->alc;
    if (looks_binary((const unsigned char *)html, len))
        return err_set(ctx, MDSUM_ENOCONTENT, "binary data, not an HTML page");
    const xml_lib *xml;
    int rc = xml_lib_get(ctx, "HTML input", &xml);
    if (rc) return rc;
    html_decoded dec;
    rc = decode_html(alc, html, len, opts->charset, &dec);
    if (rc) return err_set(ctx, rc, "out of memory");
    if (dec.len > INT32_MAX) {
        alc_free(alc, dec.text);
        return err_set(ctx, MDSUM_ELIMIT, "page too large to parse");
    }
    hparse ps;
    memset(&ps, 0, sizeof ps);
    ps.ctx = ctx;
    ps.alc = alc;
    ps.ar = &im->ar;
    ps.xml = xml;
    buf_init(&ps.pool, alc);
    buf_init(&ps.cap_buf, alc);
    hblocks bx;
    memset(&bx, 0, sizeof bx);
    bx.alc = alc;
    buf_init(&bx.text, alc);
    char *body_flat = NULL, *body_paras = NULL;
    uint32_t rg_root = NONE;

    rc = parse_html(&ps, dec.text, dec.len);
    alc_free(alc, dec.text);
    if (rc) goto oom;
    if (!buf_reserve(&ps.pool, 0)) goto oom;
    compute_marks(&ps);
    rc = build_blocks(&ps, &bx);
    if (rc) goto oom;
    cancel_content_marks(&ps, &bx);

    if (opts->flags & MDSUM_EXTRACT_ALL) {
        for (size_t i = 0; i < bx.n; i++) bx.b[i].keep = !(bx.b[i].marks & M_HIDDEN);
    } else {
        classify(&bx);
        if (ps.njsonld) {
            if (meta_article_body(&im->ar, ps.jsonld, ps.jsonld_len, ps.njsonld, &body_flat,
                                  &body_paras))
                goto oom;
            mark_article_body(&bx, body_flat);
        }
        double *sums = NULL;
        hrange rg;
        if (best_range(&ps, &bx, alc, &rg, dbg ? &sums : NULL)) goto oom;
        rg_root = rg.root;
        if (rg.root != NONE && rg.sum > 0) select_blocks(&ps, &bx, &rg);
        if (dbg) debug_dump(dbg, &ps, &bx, &rg, sums);
        alc_free(alc, sums);
    }
    size_t kept = 0;
    for (size_t i = 0; i < bx.n; i++)
        if (bx.b[i].keep) kept += bx.b[i].chars - bx.b[i].link_chars;

    mdsum_article *a = &im->pub;
    char *text;
    size_t tlen, paras;
    if (assemble(&im->ar, &bx, &text, &tlen, &paras)) goto oom;
    /* A page whose text is not in its markup (rendered by scripts) may
     * still carry it as schema.org articleBody: use that when the page
     * itself yields much less. */
    if (body_paras && !(opts->flags & MDSUM_EXTRACT_ALL)) {
        size_t bchars = 0;
        for (const char *q = body_flat; *q; q++) bchars += ((unsigned char)*q & 0xC0) != 0x80;
        if (bchars >= BODY_MIN_CHARS && (double)kept < BODY_FALLBACK_SHARE * (double)bchars) {
            text = body_paras;
            tlen = strlen(body_paras);
            paras = 1;
            for (const char *q = body_paras; (q = strstr(q, "\n\n")); q += 2) paras++;
            kept = bchars;
            a->flags |= MDSUM_ARTICLE_FROM_SCHEMA;
        }
    }
    a->text = text;
    a->text_len = tlen;
    a->paragraphs = paras;
    char *cs = arena_strdup(&im->ar, dec.charset);
    if (!cs) goto oom;
    a->charset = cs;
    if (ps.truncated) a->flags |= MDSUM_ARTICLE_TRUNCATED;
    if (dec.replaced) a->flags |= MDSUM_ARTICLE_REPAIRED;
    if (dec.source == CS_OVERRIDDEN) a->flags |= MDSUM_ARTICLE_CHARSET_FIXED;

    /* Metadata: itemprop values without an attribute take the element's
     * text; the first <h1> of the content is a title candidate. */
    for (size_t i = 0; i < ps.nkv; i++) {
        if (ps.kv[i].value || ps.kv[i].node >= ps.n) continue;
        ps.kv[i].value = subtree_text(&im->ar, &ps, ps.kv[i].node, 300);
        if (!ps.kv[i].value) goto oom;
    }
    /* Bylines count only near the content (not in teasers elsewhere). */
    if (rg_root != NONE) {
        /* "near": within the container's grandparent (the byline sits
         * beside the text, in the article's header). */
        uint32_t top = rg_root;
        for (int up = 0; up < NEAR_LEVELS && ps.nodes[top].parent != NONE; up++) top = ps.nodes[top].parent;
        for (size_t i = 0; i < ps.nkv; i++)
            ps.kv[i].near = ps.kv[i].node >= top && ps.kv[i].node < ps.nodes[top].end;
    }
    const char *h1 = NULL;
    size_t nh1 = 0;
    for (size_t i = 0; i < bx.n; i++) {
        const hblock *b = &bx.b[i];
        /* a site's logo in an <h1> of the page header is no headline */
        if (b->head_level == 1 && !(b->marks & (M_HIDDEN | M_NAV | M_SIDE | M_FOOTER))) {
            if (!h1) h1 = bx.text.data + b->off;
            nh1++;
        }
    }
    meta_input mi;
    memset(&mi, 0, sizeof mi);
    mi.kv = ps.kv;
    mi.nkv = ps.nkv;
    mi.jsonld = ps.jsonld;
    mi.jsonld_len = ps.jsonld_len;
    mi.njsonld = ps.njsonld;
    mi.title = ps.title;
    mi.h1 = h1;
    mi.h1_count = nh1;
    mi.html_lang = ps.html_lang;
    mi.url_hint = opts->url;
    meta_out mo;
    if (meta_resolve(&im->ar, &mi, &mo)) goto oom;
    a->title = mo.title;
    a->date = mo.date;
    a->author = mo.author;
    a->site = mo.site;
    a->url = mo.url;
    a->lang = mo.lang;
    a->description = mo.description;

    hparse_fini(&ps);
    alc_free(alc, bx.b);
    buf_fini(&bx.text);
    if (kept < MIN_CONTENT_CHARS && !(opts->flags & MDSUM_EXTRACT_ALL))
        return err_set(ctx, MDSUM_ENOCONTENT, "no main content found");
    if (kept == 0)
        return err_set(ctx, MDSUM_ENOCONTENT, "no text found");
    return MDSUM_OK;
oom:
    hparse_fini(&ps);
    alc_free(alc, bx.b);
    buf_fini(&bx.text);
    return err_set(ctx, MDSUM_ENOMEM, "out of memory");
}

int mdsum_extract_opts(mdsum_ctx *ctx, const char *html, size_t len,
                       const mdsum_extract_options *opts, mdsum_article **out)
{
    if (out) *out = NULL;
    if (!ctx || !out || (!html && len)) return err_set(ctx, MDSUM_EINVAL, "invalid argument");
    mdsum_extract_options def;
    if (!opts) {
        mdsum_extract_options_init(&def);
        opts = &def;
    }
    if (len > MDSUM_MAX_HTML_BYTES)
        return err_set(ctx, MDSUM_ELIMIT, "page of %zu bytes is over the limit of %zu bytes",
                       len, (size_t)MDSUM_MAX_HTML_BYTES);
    if (len == 0) return err_set(ctx, MDSUM_ENOCONTENT, "empty page");
    article_impl *im = alc_calloc(&ctx->alc, 1, sizeof *im);
    if (!im) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    im->alc = ctx->alc;
    arena_init(&im->ar, &im->alc);
    int rc = extract_impl(ctx, html, len, opts, im, NULL);
    if (rc) {
        mdsum_article_free(&im->pub);
        return rc;
    }
    *out = &im->pub;
    return MDSUM_OK;
}

int html_extract_debug(mdsum_ctx *ctx, const char *html, size_t len, const char *url, char **out)
{
    *out = NULL;
    mdsum_extract_options o;
    mdsum_extract_options_init(&o);
    o.url = url;
    article_impl *im = alc_calloc(&ctx->alc, 1, sizeof *im);
    if (!im) return MDSUM_ENOMEM;
    im->alc = ctx->alc;
    arena_init(&im->ar, &im->alc);
    strbuf d;
    buf_init(&d, &ctx->alc);
    int rc = extract_impl(ctx, html, len, &o, im, &d);
    mdsum_article_free(&im->pub);
    *out = buf_detach(&d, NULL);
    buf_fini(&d);
    return rc;
}

int mdsum_extract(mdsum_ctx *ctx, const char *html, size_t len, unsigned flags,
                  mdsum_article **out)
{
    mdsum_extract_options o;
    mdsum_extract_options_init(&o);
    o.flags = flags;
    return mdsum_extract_opts(ctx, html, len, &o, out);
}

/* ======================================================================
 * Documents from HTML
 * ====================================================================== */
int html_add_doc(mdsum_cluster *cl, const char *html, size_t len, const mdsum_doc *fields,
                 unsigned flags)
{
    mdsum_ctx *ctx = cl->ctx;
    mdsum_extract_options o;
    mdsum_extract_options_init(&o);
    o.flags = flags & MDSUM_EXTRACT_ALL;
    if (fields && fields->url) o.url = fields->url;
    mdsum_article *a = NULL;
    int rc = mdsum_extract_opts(ctx, html, len, &o, &a);
    if (rc) {
        ctx->err.pub.doc = (long long)cl->ndocs;
        if (fields && fields->id) err_set_doc_id(ctx, fields->id);
        return rc;
    }
    mdsum_doc d;
    memset(&d, 0, sizeof d);
    if (fields) d = *fields;
    d.text = a->text;
    d.text_len = a->text_len;
    if (!d.title) d.title = a->title;
    if (!d.date) d.date = a->date;
    if (!d.url) d.url = a->url;
    if (!d.site) d.site = a->site;
    if (!d.author) d.author = a->author;
    rc = mdsum_cluster_add(cl, &d, flags & ~MDSUM_EXTRACT_ALL);
    mdsum_article_free(a);
    return rc;
}

int mdsum_cluster_add_html(mdsum_cluster *cl, const char *html, size_t len, unsigned flags)
{
    if (!cl || (!html && len)) return err_set(cl ? cl->ctx : NULL, MDSUM_EINVAL, "invalid argument");
    return html_add_doc(cl, html, len, NULL, flags);
}
