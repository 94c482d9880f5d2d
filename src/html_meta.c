/*
 * html_meta.c -- article metadata from a parsed page: title, date, author,
 * site name, canonical URL, language, description.
 *
 * Sources, in the order they are trusted (first hit wins per field):
 *  1. schema.org JSON-LD (<script type="application/ld+json">, parsed with
 *     jansson; objects at the top level, in arrays and in "@graph"): the
 *     first object whose @type is an article type (Article, NewsArticle,
 *     BlogPosting, ... any type ending in "Article" or "Posting"), then a
 *     WebPage, for headline, datePublished, author, publisher.name, url,
 *     inLanguage, description; WebSite/Organization names for the site.
 *  2. Open Graph and article:* properties (ogp.me), Twitter cards, Dublin
 *     Core (DC.*, DCterms.*), and the usual publishing-system names
 *     (author, date, pubdate, parsely-*, sailthru.*).
 *  3. Microdata (itemprop) and <time datetime>, rel=author links.
 *  4. The page: <title> without its site-name part, the first <h1> of
 *     the content, a date in the URL path (/2019/08/02/).
 * Dates are normalised to ISO 8601 "YYYY-MM-DD" (meta_parse_date reads ISO
 * forms, D.M.Y, M/D/Y when the day is > 12, RFC 822 and "2. August 2019" /
 * "August 2, 2019" with month names in nine languages); a date that does not
 * parse is dropped rather than passed on raw, since ordering needs dates.
 * Departure: a date published later than it was modified is not corrected.
 */
#include "html.h"

#include <jansson.h>
#include <string.h>

/* ======================================================================
 * Small string helpers
 * ====================================================================== */

static bool is_sp(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static char lc(char c) { return (char)(c >= 'A' && c <= 'Z' ? c + 32 : c); }

static int strcasecmp_ascii(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (lc(*a) != lc(*b)) return 1;
    return *a != *b;
}

static bool starts_with_ci(const char *s, const char *lit)
{
    for (; *lit; s++, lit++)
        if (lc(*s) != *lit) return false;
    return true;
}

/* The arena of one metadata pass and whether an allocation failed in it
 * (helpers return NULL both for "nothing" and for "no memory"). */
typedef struct mar {
    arena *ar;
    bool oom;
} mar;

static void *m_alloc(mar *m, size_t n)
{
    void *p = arena_alloc(m->ar, n);
    if (!p) m->oom = true;
    return p;
}

static char *m_strndup(mar *m, const char *s, size_t n)
{
    char *p = arena_strndup(m->ar, s, n);
    if (!p) m->oom = true;
    return p;
}

/* Copy s[0..n) into the arena with white space collapsed and trimmed,
 * control characters dropped, and a few HTML entities decoded (JSON-LD
 * strings often carry them). NULL when nothing is left. */
static char *clean_dup(mar *ar, const char *s, size_t n, size_t max)
{
    if (!s) return NULL;
    if (n > max) n = max;
    char *out = m_alloc(ar, n + 1);
    if (!out) return NULL;
    size_t o = 0;
    bool space = false;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (is_sp(c) || c < 0x20 || c == 0x7F) { space = true; i++; continue; }
        if (c == 0xC2 && i + 1 < n && p[i + 1] == 0xA0) { space = true; i += 2; continue; }
        char ent[4];
        size_t el = 0, adv = c == '&' ? html_char_ref(s + i, n - i, ent, &el) : 0;
        if (adv) {
            if (ent[0] == ' ' || (el == 2 && (unsigned char)ent[0] == 0xC2 && (unsigned char)ent[1] == 0xA0)) {
                space = true;
                i += adv;
                continue;
            }
            if (space && o) out[o++] = ' ';
            space = false;
            memcpy(out + o, ent, el);
            o += el;
            i += adv;
            continue;
        }
        size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (i + k > n) break;
        if (utf8_valid_seq(p + i, n - i) != k) { i++; continue; }
        if (space && o) out[o++] = ' ';
        space = false;
        memcpy(out + o, s + i, k);
        o += k;
        i += k;
    }
    out[o] = '\0';
    return o ? out : NULL;
}

static char *clean_str(mar *ar, const char *s, size_t max)
{
    return s ? clean_dup(ar, s, strlen(s), max) : NULL;
}

/* ======================================================================
 * Dates
 * ====================================================================== */

typedef struct month_name {
    const char *name;     /* lower case */
    int month;
} month_name;

/* Month names and abbreviations: en, de, fr, es, it, pt, nl, pl (genitive),
 * sv/da/no where they differ. Searched linearly (dates are few). */
static const month_name MONTHS[] = {
    {"abr", 4}, {"abril", 4}, {"agosto", 8}, {"ago", 8}, {"aout", 8}, {"apr", 4},
    {"april", 4}, {"aprile", 4}, {"aug", 8}, {"august", 8}, {"augusti", 8},
    {"augustus", 8}, {"avr", 4}, {"avril", 4}, {"ao\xC3\xBBt", 8}, {"czerwca", 6},
    {"dec", 12}, {"december", 12}, {"decembre", 12}, {"dez", 12}, {"dezember", 12},
    {"dezembro", 12}, {"dic", 12}, {"dicembre", 12}, {"diciembre", 12},
    {"d\xC3\xA9""cembre", 12}, {"d\xC3\xA9""c", 12}, {"ene", 1}, {"enero", 1},
    {"feb", 2}, {"febbraio", 2}, {"februar", 2}, {"februari", 2}, {"february", 2},
    {"febrero", 2}, {"fev", 2}, {"fevereiro", 2}, {"fevrier", 2}, {"f\xC3\xA9v", 2},
    {"f\xC3\xA9vrier", 2}, {"gen", 1}, {"gennaio", 1}, {"giu", 6}, {"giugno", 6},
    {"grudnia", 12}, {"jan", 1}, {"janeiro", 1}, {"januar", 1}, {"januari", 1},
    {"january", 1}, {"janv", 1}, {"janvier", 1}, {"jul", 7}, {"juil", 7},
    {"juillet", 7}, {"juin", 6}, {"juli", 7}, {"julho", 7}, {"julio", 7}, {"july", 7},
    {"jun", 6}, {"june", 6}, {"junho", 6}, {"juni", 6}, {"junio", 6},
    {"j\xC3\xA4nner", 1}, {"kwietnia", 4}, {"lip", 7}, {"lipca", 7}, {"listopada", 11},
    {"lug", 7}, {"luglio", 7}, {"lutego", 2}, {"maart", 3}, {"mag", 5}, {"maggio", 5},
    {"mai", 5}, {"maio", 5}, {"maj", 5}, {"maja", 5}, {"mar", 3}, {"marca", 3},
    {"march", 3}, {"mars", 3}, {"marzo", 3}, {"mar\xC3\xA7o", 3}, {"may", 5},
    {"mayo", 5}, {"mei", 5}, {"mrz", 3}, {"m\xC3\xA4r", 3}, {"m\xC3\xA4rz", 3},
    {"nov", 11}, {"november", 11}, {"novembre", 11}, {"noviembre", 11},
    {"novembro", 11}, {"oct", 10}, {"october", 10}, {"octobre", 10}, {"octubre", 10},
    {"okt", 10}, {"oktober", 10}, {"ott", 10}, {"ottobre", 10}, {"out", 10},
    {"outubro", 10}, {"pa\xC5\xBA""dziernika", 10}, {"sep", 9}, {"sept", 9},
    {"september", 9}, {"septembre", 9}, {"septiembre", 9}, {"set", 9},
    {"setembro", 9}, {"setiembre", 9}, {"settembre", 9}, {"sierpnia", 8},
    {"stycznia", 1}, {"wrze\xC5\x9bnia", 9},
};

static int month_lookup(const char *w, size_t n)
{
    char buf[24];
    if (n == 0 || n >= sizeof buf) return 0;
    for (size_t i = 0; i < n; i++) buf[i] = lc(w[i]);
    buf[n] = '\0';
    /* Upper-case non-ASCII (MÄRZ) is rare in dates; not folded. */
    for (size_t i = 0; i < sizeof MONTHS / sizeof MONTHS[0]; i++)
        if (strcmp(buf, MONTHS[i].name) == 0) return MONTHS[i].month;
    return 0;
}

static bool valid_ymd(int y, int m, int d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
    if (d > mdays[m - 1]) return false;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return false;
    return true;
}

/* Read 1..max digits at s[*i]; -1 if none. */
static int read_num(const char *s, size_t n, size_t *i, int max, int *ndig)
{
    int v = 0, k = 0;
    while (*i < n && k < max && s[*i] >= '0' && s[*i] <= '9') {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    if (ndig) *ndig = k;
    if (k == 0) return -1;
    if (*i < n && s[*i] >= '0' && s[*i] <= '9') return -1;   /* too many digits */
    return v;
}

/* A word of letters (ASCII or UTF-8 non-ASCII) at s[*i]. */
static size_t read_word(const char *s, size_t n, size_t *i)
{
    size_t start = *i;
    while (*i < n) {
        unsigned char c = (unsigned char)s[*i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80) (*i)++;
        else break;
    }
    return *i - start;
}

static void put_date(char *buf, int y, int m, int d)
{
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10);
    buf[9] = (char)('0' + d % 10);
    buf[10] = '\0';
}

static bool parse_at(const char *s, size_t n, size_t i, char *buf)
{
    size_t j = i;
    int nd1, nd2, nd3;
    int a = read_num(s, n, &j, 8, &nd1);
    if (a >= 0) {
        if (nd1 == 8) {   /* YYYYMMDD */
            int y = a / 10000, m = a / 100 % 100, d = a % 100;
            if (valid_ymd(y, m, d)) { put_date(buf, y, m, d); return true; }
            return false;
        }
        if (j >= n) return false;
        char sep = s[j];
        if (nd1 == 4 && (sep == '-' || sep == '/' || sep == '.')) {   /* Y-M-D */
            j++;
            int m = read_num(s, n, &j, 2, &nd2);
            if (m < 0 || j >= n || s[j] != sep) return false;
            j++;
            int d = read_num(s, n, &j, 2, &nd3);
            if (d < 0 || !valid_ymd(a, m, d)) return false;
            put_date(buf, a, m, d);
            return true;
        }
        if (nd1 <= 2 && (sep == '.' || sep == '/' || sep == '-')) {
            size_t k = j + 1;
            while (k < n && s[k] == ' ') k++;
            int b = read_num(s, n, &k, 2, &nd2);
            if (b >= 0 && k < n && (s[k] == sep || (sep == '.' && s[k] == ' '))) {
                k++;
                while (k < n && s[k] == ' ') k++;
                int y = read_num(s, n, &k, 4, &nd3);
                if (y < 0 || nd3 != 4) return false;
                int d = a, m = b;
                if (sep == '/' && b > 12 && a <= 12) { d = b; m = a; }   /* US order */
                if (!valid_ymd(y, m, d)) return false;
                put_date(buf, y, m, d);
                return true;
            }
            if (b < 0 && sep == '.') {   /* "2. August 2019" */
                size_t w0 = k;
                size_t wl = read_word(s, n, &k);
                int m = month_lookup(s + w0, wl);
                if (!m) return false;
                if (k < n && s[k] == '.') k++;
                while (k < n && s[k] == ' ') k++;
                int y = read_num(s, n, &k, 4, &nd3);
                if (y < 0 || nd3 != 4 || !valid_ymd(y, m, a)) return false;
                put_date(buf, y, m, a);
                return true;
            }
            return false;
        }
        if (nd1 <= 2 && sep == ' ') {   /* "2 August 2019", "02 Aug 2019" */
            size_t k = j;
            while (k < n && s[k] == ' ') k++;
            size_t w0 = k;
            size_t wl = read_word(s, n, &k);
            int m = month_lookup(s + w0, wl);
            if (!m) {
                /* "2 de agosto de 2019" */
                if (wl == 2 && (s[w0] == 'd') && s[w0 + 1] == 'e') {
                    while (k < n && s[k] == ' ') k++;
                    w0 = k;
                    wl = read_word(s, n, &k);
                    m = month_lookup(s + w0, wl);
                }
                if (!m) return false;
            }
            if (k < n && s[k] == '.') k++;
            while (k < n && (s[k] == ' ' || s[k] == ',')) k++;
            if (k + 2 < n && s[k] == 'd' && s[k + 1] == 'e' && s[k + 2] == ' ') k += 3;
            int y = read_num(s, n, &k, 4, &nd3);
            if (y < 0 || nd3 != 4 || !valid_ymd(y, m, a)) return false;
            put_date(buf, y, m, a);
            return true;
        }
        return false;
    }
    /* "August 2, 2019", "Aug. 2nd 2019" */
    size_t w0 = j;
    size_t wl = read_word(s, n, &j);
    int m = month_lookup(s + w0, wl);
    if (!m) return false;
    if (j < n && s[j] == '.') j++;
    while (j < n && s[j] == ' ') j++;
    int d = read_num(s, n, &j, 2, &nd2);
    if (d < 0) return false;
    while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || s[j] == '.')) j++;   /* st/nd/rd/th */
    while (j < n && (s[j] == ' ' || s[j] == ',')) j++;
    int y = read_num(s, n, &j, 4, &nd3);
    if (y < 0 || nd3 != 4 || !valid_ymd(y, m, d)) return false;
    put_date(buf, y, m, d);
    return true;
}

bool meta_parse_date(const char *s, size_t n, char *buf)
{
    if (!s) return false;
    size_t i = 0;
    while (i < n && is_sp((unsigned char)s[i])) i++;
    if (parse_at(s, n, i, buf)) return true;
    /* Skip a leading weekday or label ("Fri, 02 Aug 2019", "Stand: ...",
     * "Published on 2 August 2019"): retry after each of the first few
     * separators. */
    for (int tries = 0; tries < 4 && i < n; tries++) {
        while (i < n && !(is_sp((unsigned char)s[i]) || s[i] == ',' || s[i] == ':')) i++;
        while (i < n && (is_sp((unsigned char)s[i]) || s[i] == ',' || s[i] == ':')) i++;
        if (i < n && parse_at(s, n, i, buf)) return true;
    }
    return false;
}

/* A date in a URL path: /2019/08/02/ or /2019-08-02 or /20190802/. */
static bool date_from_url(const char *u, char *buf)
{
    if (!u) return false;
    const char *p = strstr(u, "://");
    p = p ? strchr(p + 3, '/') : u;
    if (!p) return false;
    size_t n = strlen(p);
    for (size_t i = 0; i + 10 <= n; i++) {
        if (p[i] != '/' && p[i] != '-' && p[i] != '_') continue;
        const char *q = p + i + 1;
        if (!(q[0] >= '1' && q[0] <= '2')) continue;
        int y = 0, k = 0;
        for (; k < 4 && q[k] >= '0' && q[k] <= '9'; k++) y = y * 10 + (q[k] - '0');
        if (k != 4) continue;
        char sep = q[4];
        if (sep != '/' && sep != '-' && sep != '_') continue;
        int m = 0, d = 0;
        if (!(q[5] >= '0' && q[5] <= '9' && q[6] >= '0' && q[6] <= '9')) continue;
        m = (q[5] - '0') * 10 + (q[6] - '0');
        if (q[7] != sep || !(q[8] >= '0' && q[8] <= '9' && q[9] >= '0' && q[9] <= '9')) continue;
        d = (q[8] - '0') * 10 + (q[9] - '0');
        if (q[10] >= '0' && q[10] <= '9') continue;
        if (valid_ymd(y, m, d) && y >= 1995) { put_date(buf, y, m, d); return true; }
    }
    return false;
}

/* ======================================================================
 * Collected candidates
 * ====================================================================== */
typedef struct cands {
    mar *ar;
    const meta_input *in;
    /* from JSON-LD */
    const char *ld_title, *ld_date, *ld_modified, *ld_site, *ld_url, *ld_lang, *ld_desc;
    char ld_author[512];
    const char *ld_site_fallback;
    bool ld_article;       /* an article-type object was seen */
} cands;

/* The value of the first key/value pair with `key`. */
static const char *kv_get(const meta_input *in, const char *key)
{
    for (size_t i = 0; i < in->nkv; i++)
        if (in->kv[i].value && in->kv[i].value[0] && strcmp(in->kv[i].key, key) == 0)
            return in->kv[i].value;
    return NULL;
}

static bool type_is_article(json_t *t)
{
    if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v) if (type_is_article(v)) return true;
        return false;
    }
    if (!json_is_string(t)) return false;
    const char *s = json_string_value(t);
    const char *h = strrchr(s, '/');
    if (h) s = h + 1;
    size_t n = strlen(s);
    return (n >= 7 && strcmp(s + n - 7, "Article") == 0) ||
           (n >= 7 && strcmp(s + n - 7, "Posting") == 0) || strcmp(s, "Report") == 0 ||
           strcmp(s, "ReportageNews") == 0;
}

static bool type_is(json_t *t, const char *name)
{
    if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v) if (type_is(v, name)) return true;
        return false;
    }
    if (!json_is_string(t)) return false;
    const char *s = json_string_value(t);
    const char *h = strrchr(s, '/');
    return strcmp(h ? h + 1 : s, name) == 0;
}

static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_array(v) && json_array_size(v) > 0 && json_is_string(json_array_get(v, 0)))
        return json_string_value(json_array_get(v, 0));
    return NULL;
}

/* Author names: a string, {"name": ...}, or an array of those. */
static void add_author(char *dst, size_t cap, const char *name)
{
    if (!name || !name[0]) return;
    if (starts_with_ci(name, "http://") || starts_with_ci(name, "https://")) return;
    size_t l = strlen(dst), k = strlen(name);
    if (strstr(dst, name)) return;
    if (l + k + 3 >= cap) return;
    if (l) { memcpy(dst + l, "; ", 2); l += 2; }
    memcpy(dst + l, name, k + 1);
}

static void ld_authors(json_t *a, char *dst, size_t cap)
{
    if (json_is_string(a)) { add_author(dst, cap, json_string_value(a)); return; }
    if (json_is_object(a)) { add_author(dst, cap, jstr(a, "name")); return; }
    if (json_is_array(a)) {
        size_t i;
        json_t *v;
        json_array_foreach(a, i, v) {
            if (i >= 8) break;
            ld_authors(v, dst, cap);
        }
    }
}

static const char *ld_url_of(json_t *o)
{
    const char *u = jstr(o, "url");
    if (u) return u;
    json_t *m = json_object_get(o, "mainEntityOfPage");
    if (json_is_string(m)) return json_string_value(m);
    if (json_is_object(m)) return jstr(m, "@id");
    return NULL;
}

static void ld_object(cands *c, json_t *o, int depth)
{
    if (!json_is_object(o) || depth > 4) return;
    json_t *type = json_object_get(o, "@type");
    json_t *graph = json_object_get(o, "@graph");
    if (json_is_array(graph)) {
        size_t i;
        json_t *v;
        json_array_foreach(graph, i, v) ld_object(c, v, depth + 1);
    }
    if (type_is_article(type) && !c->ld_article) {
        c->ld_article = true;
        c->ld_title = jstr(o, "headline");
        if (!c->ld_title) c->ld_title = jstr(o, "name");
        c->ld_date = jstr(o, "datePublished");
        if (!c->ld_date) c->ld_date = jstr(o, "dateCreated");
        c->ld_modified = jstr(o, "dateModified");
        ld_authors(json_object_get(o, "author"), c->ld_author, sizeof c->ld_author);
        json_t *pub = json_object_get(o, "publisher");
        if (json_is_array(pub)) pub = json_array_get(pub, 0);
        if (json_is_object(pub)) c->ld_site = jstr(pub, "name");
        c->ld_url = ld_url_of(o);
        json_t *lang = json_object_get(o, "inLanguage");
        if (json_is_string(lang)) c->ld_lang = json_string_value(lang);
        c->ld_desc = jstr(o, "description");
    } else if (type_is(type, "WebSite") || type_is(type, "NewsMediaOrganization") ||
               type_is(type, "Organization")) {
        if (!c->ld_site_fallback) c->ld_site_fallback = jstr(o, "name");
    } else if ((type_is(type, "WebPage") || type_is(type, "ItemPage")) && !c->ld_article) {
        if (!c->ld_date) c->ld_date = jstr(o, "datePublished");
        if (!c->ld_title) c->ld_title = jstr(o, "headline");
        if (!c->ld_author[0])
            ld_authors(json_object_get(o, "author"), c->ld_author, sizeof c->ld_author);
        json_t *lang = json_object_get(o, "inLanguage");
        if (!c->ld_lang && json_is_string(lang)) c->ld_lang = json_string_value(lang);
    }
    json_t *me = json_object_get(o, "mainEntity");
    if (json_is_object(me)) ld_object(c, me, depth + 1);
}

/* Load one JSON-LD script, tolerating what pages wrap around it: HTML
 * comments, CDATA markers, raw line breaks inside strings (invalid JSON).
 * NULL when it does not parse (or memory runs out). */
static json_t *ld_load(mar *ar, const char *s, size_t n)
{
    char *tmp = m_alloc(ar, n + 1);
    if (!tmp) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        tmp[o++] = (char)(ch < 0x20 ? ' ' : ch);
    }
    tmp[o] = '\0';
    char *b = tmp, *e = tmp + o;
    while (b < e && is_sp((unsigned char)*b)) b++;
    if (e - b >= 4 && memcmp(b, "<!--", 4) == 0) b += 4;
    if (e - b >= 11 && memcmp(b, "//<![CDATA[", 11) == 0) b += 11;
    while (e > b && (is_sp((unsigned char)e[-1]) || e[-1] == ';')) e--;
    if (e - b >= 3 && memcmp(e - 3, "-->", 3) == 0) e -= 3;
    if (e - b >= 5 && memcmp(e - 5, "//]]>", 5) == 0) e -= 5;
    json_error_t jerr;
    return json_loadb(b, (size_t)(e - b), JSON_DECODE_ANY, &jerr);
}

/* The articleBody of the first article-typed object, searched through
 * arrays and @graph. */
static const char *ld_body(json_t *o, int depth)
{
    if (depth > 4) return NULL;
    if (json_is_array(o)) {
        size_t i;
        json_t *v;
        json_array_foreach(o, i, v) {
            if (i >= 64) break;
            const char *r = ld_body(v, depth + 1);
            if (r) return r;
        }
        return NULL;
    }
    if (!json_is_object(o)) return NULL;
    json_t *b = json_object_get(o, "articleBody");
    if (json_is_string(b) && type_is_article(json_object_get(o, "@type")))
        return json_string_value(b);
    const char *r = ld_body(json_object_get(o, "@graph"), depth + 1);
    if (!r) r = ld_body(json_object_get(o, "mainEntity"), depth + 1);
    return r;
}

int meta_article_body(arena *arena_, const char *const *jsonld, const size_t *lens, size_t n,
                      char **flat, char **paras)
{
    mar m = {arena_, false}, *ar = &m;
    *flat = *paras = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!strstr(jsonld[i], "articleBody")) continue;
        json_t *root = ld_load(ar, jsonld[i], lens[i]);
        if (!root) continue;
        const char *b = ld_body(root, 0);
        size_t bl = b ? strlen(b) : 0;
        if (bl > ((size_t)256 << 10)) bl = (size_t)256 << 10;
        if (b) *flat = clean_dup(ar, b, bl, bl);
        /* Paragraphs: the body's own line breaks, unless it is markup. */
        if (*flat && !strstr(b, "</") && !strstr(b, "<p")) {
            /* Each line (at most its own length once cleaned) plus a blank
             * line between paragraphs: at most twice the body. */
            char *out = m_alloc(ar, 2 * bl + 1);
            size_t o = 0;
            if (out) {
                for (size_t k = 0; k < bl;) {
                    size_t e = k;
                    while (e < bl && b[e] != '\n') e++;
                    char *para = clean_dup(ar, b + k, e - k, e - k);
                    if (para && *para) {
                        size_t pl = strlen(para);
                        if (o) { out[o++] = '\n'; out[o++] = '\n'; }
                        memcpy(out + o, para, pl);
                        o += pl;
                    }
                    k = e + 1;
                }
                out[o] = '\0';
                *paras = o ? out : NULL;
            }
        }
        json_decref(root);
        if (m.oom) return MDSUM_ENOMEM;
        if (*flat) return MDSUM_OK;
    }
    return m.oom ? MDSUM_ENOMEM : MDSUM_OK;
}

/* Parse one JSON-LD script. The strings of interest are copied into the
 * arena before the JSON is freed. */
static int ld_parse(cands *c, const char *s, size_t n)
{
    json_t *root = ld_load(c->ar, s, n);
    if (!root) return c->ar->oom ? MDSUM_ENOMEM : MDSUM_OK;
    cands tmpc = *c;
    if (json_is_array(root)) {
        size_t i;
        json_t *v;
        json_array_foreach(root, i, v) {
            if (i >= 64) break;
            ld_object(&tmpc, v, 0);
        }
    } else {
        ld_object(&tmpc, root, 0);
    }
    /* Copy what was newly found out of the JSON tree. */
    int rc = MDSUM_OK;
#define TAKE(f) do { if (tmpc.f != c->f) { c->f = clean_str(c->ar, tmpc.f, 4096); } } while (0)
    TAKE(ld_title);
    TAKE(ld_date);
    TAKE(ld_modified);
    TAKE(ld_site);
    TAKE(ld_url);
    TAKE(ld_lang);
    TAKE(ld_desc);
    TAKE(ld_site_fallback);
#undef TAKE
    memcpy(c->ld_author, tmpc.ld_author, sizeof c->ld_author);
    c->ld_article = tmpc.ld_article;
    json_decref(root);
    return rc;
}

/* ======================================================================
 * Field resolution
 * ====================================================================== */

/* Remove "By ", "Von ", trailing separators and such from an author. */
static char *clean_author(mar *ar, const char *s)
{
    char *a = clean_str(ar, s, 400);
    if (!a) return NULL;
    static const char *const PREFIX[] = {
        "by ", "von ", "from ", "par ", "por ", "di ", "door ", "autor: ", "autorin: ",
        "author: ", "text: ", "written by ", "posted by ", "geschrieben von ", "ein beitrag von ",
        "view all posts by ", "more articles by ", "all posts by ", "posts by ", "articles by ",
        "alle beiträge von ", "beiträge von ", "über ", "about ", "autor ", "author ",
    };
    for (bool again = true; again;) {
        again = false;
        for (size_t i = 0; i < sizeof PREFIX / sizeof PREFIX[0]; i++)
            if (starts_with_ci(a, PREFIX[i])) {
                a += strlen(PREFIX[i]);
                again = true;
            }
    }
    size_t n = strlen(a);
    while (n && (a[n - 1] == '|' || a[n - 1] == ',' || a[n - 1] == '-' || a[n - 1] == ' ' ||
                 a[n - 1] == ':'))
        a[--n] = '\0';
    if (!n || n > 80) return NULL;
    if (starts_with_ci(a, "http://") || starts_with_ci(a, "https://") || strchr(a, '@')) return NULL;
    /* A name has a few words and no digits; placeholders are no names. */
    size_t words = 1;
    for (const char *p = a; *p; p++) {
        if (*p == ' ') words++;
        if (*p >= '0' && *p <= '9') return NULL;
    }
    if (words > 6) return NULL;
    static const char *const NOT_NAMES[] = {
        "admin", "administrator", "super user", "unknown", "anonymous", "guest", "redaktion",
        "editor", "staff", "wordpressadmin", "webmaster", "user",
    };
    for (size_t i = 0; i < sizeof NOT_NAMES / sizeof NOT_NAMES[0]; i++)
        if (strcasecmp_ascii(a, NOT_NAMES[i]) == 0) return NULL;
    return a;
}

static bool is_title_sep(const char *s, size_t *len)
{
    static const char *const SEP[] = {
        " | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xBB ", " \xC2\xB7 ",
        " // ", " \xE2\x80\xA2 ",
    };
    for (size_t i = 0; i < sizeof SEP / sizeof SEP[0]; i++) {
        size_t k = strlen(SEP[i]);
        if (strncmp(s, SEP[i], k) == 0) { *len = k; return true; }
    }
    return false;
}

/* "Headline | Site" -> "Headline": drop the part naming the site, or
 * else keep the longest part. */
static char *clean_title(mar *ar, const char *t, const char *site)
{
    char *s = clean_str(ar, t, 1024);
    if (!s) return NULL;
    const char *parts[8];
    size_t lens[8], np = 0;
    const char *p = s, *start = s;
    size_t sl;
    while (*p && np < 7) {
        if (is_title_sep(p, &sl)) {
            parts[np] = start;
            lens[np++] = (size_t)(p - start);
            p += sl;
            start = p;
            continue;
        }
        p++;
    }
    parts[np] = start;
    lens[np++] = strlen(start);
    if (np == 1) return s;
    size_t best = 0;
    bool dropped = false;
    for (size_t i = 0; i < np; i++) {
        bool is_site = false;
        if (site && lens[i]) {
            size_t k = strlen(site);
            if (k == lens[i] && strncmp(parts[i], site, k) == 0) is_site = true;
            else if (k >= 4 && lens[i] <= k + 12) {
                char tmp[256];
                size_t m = lens[i] < sizeof tmp - 1 ? lens[i] : sizeof tmp - 1;
                memcpy(tmp, parts[i], m);
                tmp[m] = '\0';
                if (strstr(tmp, site) || strstr(site, tmp)) is_site = true;
            }
        }
        if (is_site) { lens[i] = 0; dropped = true; }
    }
    if (dropped) {
        /* Rejoin what is left (the headline may itself contain " - "). */
        size_t first = np, last = 0;
        for (size_t i = 0; i < np; i++)
            if (lens[i]) { if (first == np) first = i; last = i; }
        if (first == np) return s;
        size_t n = (size_t)(parts[last] + lens[last] - parts[first]);
        return clean_dup(ar, parts[first], n, 1024);
    }
    /* Without a known site name only a last part after " | " goes: that
     * separator is almost always "headline | site". */
    (void)best;
    if (np >= 2 && strncmp(parts[np - 1] - 3, " | ", 3) == 0 && lens[np - 1] <= 60) {
        size_t n = (size_t)(parts[np - 1] - 3 - parts[0]);
        return clean_dup(ar, parts[0], n, 1024);
    }
    return s;
}

static char *clean_lang(mar *ar, const char *s)
{
    if (!s) return NULL;
    char buf[36];
    size_t o = 0;
    while (*s && is_sp((unsigned char)*s)) s++;
    for (; *s && o + 1 < sizeof buf; s++) {
        char c = *s;
        if (c == '_') c = '-';
        c = lc(c);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) break;
        buf[o++] = c;
    }
    buf[o] = '\0';
    if (o < 2) return NULL;
    return m_strndup(ar, buf, o);
}

static bool url_ok(const char *u)
{
    if (!u) return false;
    if (!(starts_with_ci(u, "http://") || starts_with_ci(u, "https://"))) return false;
    for (const unsigned char *p = (const unsigned char *)u; *p; p++)
        if (*p <= ' ') return false;
    return true;
}

/* Resolve a possibly relative URL against `base`. */
static char *resolve_url(mar *ar, const char *u, const char *base)
{
    if (!u) return NULL;
    while (*u && is_sp((unsigned char)*u)) u++;
    if (url_ok(u)) return clean_str(ar, u, 4096);
    if (!url_ok(base)) return NULL;
    const char *hs = strstr(base, "://") + 3;
    const char *he = hs;
    while (*he && *he != '/' && *he != '?' && *he != '#') he++;
    size_t ul = strlen(u);
    if (ul > 4096 || ul == 0) return NULL;
    if (u[0] == '/' && u[1] == '/') {
        size_t sl = (size_t)(hs - 3 - base);
        char *r = m_alloc(ar, sl + 1 + ul + 1);
        if (!r) return NULL;
        memcpy(r, base, sl);
        r[sl] = ':';
        memcpy(r + sl + 1, u, ul + 1);
        return url_ok(r) ? r : NULL;
    }
    if (u[0] == '/') {
        size_t bl = (size_t)(he - base);
        char *r = m_alloc(ar, bl + ul + 1);
        if (!r) return NULL;
        memcpy(r, base, bl);
        memcpy(r + bl, u, ul + 1);
        return url_ok(r) ? r : NULL;
    }
    return NULL;
}

static const char *first_of(const meta_input *in, const char *const *keys)
{
    for (; *keys; keys++) {
        const char *v = kv_get(in, *keys);
        if (v) return v;
    }
    return NULL;
}

static const char *first_date(const meta_input *in, const char *const *keys, char *buf)
{
    for (; *keys; keys++) {
        for (size_t i = 0; i < in->nkv; i++) {
            const meta_kv *kv = &in->kv[i];
            if (!kv->value || strcmp(kv->key, *keys) != 0) continue;
            if (meta_parse_date(kv->value, strlen(kv->value), buf)) return buf;
        }
    }
    return NULL;
}

int meta_resolve(arena *arena_, const meta_input *in, meta_out *out)
{
    mar m = {arena_, false}, *ar = &m;
    memset(out, 0, sizeof *out);
    cands c;
    memset(&c, 0, sizeof c);
    c.ar = ar;
    c.in = in;
    for (size_t i = 0; i < in->njsonld; i++)
        if (ld_parse(&c, in->jsonld[i], in->jsonld_len[i])) return MDSUM_ENOMEM;

    /* Site name first: the title cleaner needs it. */
    static const char *const SITE_KEYS[] = {
        "meta:og:site_name", "meta:application-name", "meta:publisher", "meta:dc.publisher",
        "meta:copyright", NULL};
    const char *site = c.ld_site;
    if (!site) site = first_of(in, SITE_KEYS);
    if (!site) site = c.ld_site_fallback;
    if (!site) {
        const char *tw = kv_get(in, "meta:twitter:site");
        if (tw && tw[0] == '@' && tw[1]) site = tw + 1;
    }
    out->site = clean_str(ar, site, 200);

    static const char *const TITLE_KEYS[] = {
        "meta:og:title", "meta:twitter:title", "meta:dc.title", "meta:title",
        "itemprop:headline", NULL};
    const char *title = NULL;
    /* A page with a single <h1> names its headline there. */
    if (in->h1 && in->h1_count == 1) {
        out->title = clean_str(ar, in->h1, 1024);
        /* ... unless it is the site's name (a logo) */
        if (out->title && out->site && strcasecmp_ascii(out->title, out->site) == 0) out->title = NULL;
    }
    if (!out->title) {
        title = first_of(in, TITLE_KEYS);
        if (!title) title = c.ld_title;
        if (title) out->title = clean_title(ar, title, out->site);
    }
    if (!out->title && in->h1) out->title = clean_str(ar, in->h1, 1024);
    if (!out->title && in->title) out->title = clean_title(ar, in->title, out->site);

    char db[11];
    static const char *const DATE_KEYS[] = {
        "meta:article:published_time", "meta:og:published_time", "meta:article:published",
        "meta:date", "meta:pubdate", "meta:publishdate", "meta:publish-date",
        "meta:publish_date", "meta:published_time", "meta:published-date", "meta:dc.date",
        "meta:dc.date.issued", "meta:dcterms.date", "meta:dcterms.issued",
        "meta:dcterms.created", "meta:dc.date.created", "meta:parsely-pub-date",
        "meta:sailthru.date", "meta:article.published", "meta:citation_publication_date",
        "meta:citation_date", "meta:release_date", "meta:created", "itemprop:datepublished",
        "itemprop:datecreated", "time:pubdate", NULL};
    static const char *const MOD_KEYS[] = {
        "meta:article:modified_time", "meta:og:updated_time", "meta:last-modified",
        "meta:dcterms.modified", "itemprop:datemodified", "time:", NULL};
    const char *date = NULL;
    if (c.ld_date && meta_parse_date(c.ld_date, strlen(c.ld_date), db)) date = db;
    if (!date) date = first_date(in, DATE_KEYS, db);
    if (!date) {
        /* A date shown beside the content ("Posted on 2 May 2019"). */
        for (size_t i = 0; i < in->nkv && !date; i++) {
            const meta_kv *kv = &in->kv[i];
            if (!kv->near || !kv->value || strcmp(kv->key, "class:date") != 0) continue;
            if (meta_parse_date(kv->value, strlen(kv->value), db)) date = db;
        }
    }
    if (!date) {
        const char *u = kv_get(in, "link:canonical");
        if (!u) u = kv_get(in, "meta:og:url");
        if (!u) u = in->url_hint;
        if (date_from_url(u, db)) date = db;
    }
    if (!date && c.ld_modified && meta_parse_date(c.ld_modified, strlen(c.ld_modified), db)) date = db;
    if (!date) date = first_date(in, MOD_KEYS, db);
    if (date) {
        out->date = m_strndup(ar, date, 10);
        if (!out->date) return MDSUM_ENOMEM;
    }

    char authors[512] = "";
    if (c.ld_author[0]) {
        /* JSON-LD names are already split; clean each. */
        const char *p = c.ld_author;
        while (*p) {
            const char *e = strstr(p, "; ");
            size_t l = e ? (size_t)(e - p) : strlen(p);
            char one[256];
            if (l < sizeof one) {
                memcpy(one, p, l);
                one[l] = '\0';
                char *a = clean_author(ar, one);
                if (a) add_author(authors, sizeof authors, a);
            }
            p += l;
            if (*p) p += 2;
        }
    }
    if (!authors[0]) {
        static const char *const AUTHOR_KEYS[] = {
            "meta:author", "meta:article:author", "meta:dc.creator", "meta:dcterms.creator",
            "meta:parsely-author", "meta:sailthru.author", "meta:byl", "meta:citation_author",
            "meta:twitter:creator", "itemprop:author", "rel:author", "class:author", NULL};
        for (const char *const *k = AUTHOR_KEYS; *k && !authors[0]; k++) {
            /* Bylines in the page: the first one near the content only. */
            bool dom = strncmp(*k, "meta:", 5) != 0;
            for (size_t i = 0; i < in->nkv && !(dom && authors[0]); i++) {
                if (!in->kv[i].value || strcmp(in->kv[i].key, *k) != 0) continue;
                if (dom && !in->kv[i].near) continue;
                const char *v = in->kv[i].value;
                if (strcmp(*k, "meta:twitter:creator") == 0 && v[0] == '@') continue;
                char *a = clean_author(ar, v);
                if (a) add_author(authors, sizeof authors, a);
            }
        }
    }
    if (authors[0]) {
        out->author = m_strndup(ar, authors, strlen(authors));
        if (!out->author) return MDSUM_ENOMEM;
    }

    const char *canon = kv_get(in, "link:canonical");
    const char *og = kv_get(in, "meta:og:url");
    const char *base = url_ok(og) ? og : url_ok(in->url_hint) ? in->url_hint : c.ld_url;
    out->url = resolve_url(ar, canon, base);
    if (!out->url) out->url = resolve_url(ar, og, in->url_hint);
    if (!out->url) out->url = resolve_url(ar, c.ld_url, base);
    if (!out->url) out->url = resolve_url(ar, in->url_hint, NULL);

    const char *lang = in->html_lang;
    if (!lang || !lang[0]) lang = kv_get(in, "meta:content-language");
    if (!lang) lang = kv_get(in, "meta:og:locale");
    if (!lang) lang = kv_get(in, "meta:language");
    if (!lang) lang = kv_get(in, "meta:dc.language");
    if (!lang) lang = c.ld_lang;
    out->lang = clean_lang(ar, lang);

    static const char *const DESC_KEYS[] = {
        "meta:description", "meta:og:description", "meta:twitter:description",
        "meta:dc.description", NULL};
    const char *desc = first_of(in, DESC_KEYS);
    if (!desc) desc = c.ld_desc;
    out->description = clean_str(ar, desc, 2000);
    return m.oom ? MDSUM_ENOMEM : MDSUM_OK;
}
