/*
 * charset.c -- decoding an HTML page to UTF-8.
 *
 * Sources: WHATWG HTML Living Standard, 13.2.3 "Determining the character
 * encoding" (the BOM, then the transport-layer charset, then the byte-stream
 * prescan for <meta charset> / <meta http-equiv=Content-Type>, then a
 * locale-dependent legacy default) and 13.2.3.2 "Prescan a byte stream"
 * with its "get an attribute" and "extract a character encoding from a meta
 * element" algorithms; WHATWG Encoding Standard, section 4.2 "Names and
 * labels" (every Latin-1/ASCII label means windows-1252; UTF-16 labels in a
 * meta element mean UTF-8) and the locale defaults table of HTML 13.2.3.3.
 *
 * Our departures from the standard:
 *  - The prescan reads the first 8 KiB, not 1 KiB: saved pages often carry
 *    kilobytes of scripts before their <meta charset>.
 *  - Declarations are checked against the bytes, because a wrong declaration
 *    is common in the wild: a page declared in a single-byte legacy charset
 *    whose bytes are valid UTF-8 with at least one multi-byte sequence is
 *    decoded as UTF-8 (legacy text is almost never valid UTF-8 by chance); a
 *    page declared UTF-8 whose non-ASCII bytes are mostly invalid UTF-8 is
 *    decoded with the legacy default.
 *  - The legacy default depends on the page's own <html lang> (found by the
 *    prescan) rather than on the user's locale, which we do not have.
 *  - An <?xml ... encoding="..."?> declaration is honoured after <meta>.
 * Decoding uses iconv (glibc). Bytes the charset cannot decode become
 * U+FFFD, and so does NUL, so the output is always valid UTF-8 without NUL.
 * iconv allocates with libc malloc, not with the context's allocator.
 */
#include "html.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

#define PRESCAN_BYTES 8192

static const char REPLACEMENT[3] = {'\xEF', '\xBF', '\xBD'};

static bool is_ws(unsigned char c)
{
    return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20;
}

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* ======================================================================
 * Labels
 * ====================================================================== */

typedef struct label_map {
    const char *label;
    const char *name;     /* iconv name */
} label_map;

/* WHATWG labels whose iconv spelling differs or whose meaning is redefined
 * by the Encoding Standard (e.g. "iso-8859-1" is windows-1252). Labels not
 * listed are passed to iconv as they are, upper-cased. Sorted by label. */
static const label_map LABELS[] = {
    {"646", "WINDOWS-1252"},
    {"ansi_x3.4-1968", "WINDOWS-1252"},
    {"ascii", "WINDOWS-1252"},
    {"big5", "BIG5-HKSCS"},
    {"big5-hkscs", "BIG5-HKSCS"},
    {"chinese", "GB18030"},
    {"cn-big5", "BIG5-HKSCS"},
    {"cp1250", "WINDOWS-1250"},
    {"cp1251", "WINDOWS-1251"},
    {"cp1252", "WINDOWS-1252"},
    {"cp1253", "WINDOWS-1253"},
    {"cp1254", "WINDOWS-1254"},
    {"cp1255", "WINDOWS-1255"},
    {"cp1256", "WINDOWS-1256"},
    {"cp1257", "WINDOWS-1257"},
    {"cp1258", "WINDOWS-1258"},
    {"cp819", "WINDOWS-1252"},
    {"cp866", "CP866"},
    {"csbig5", "BIG5-HKSCS"},
    {"csgb2312", "GB18030"},
    {"csiso2022jp", "ISO-2022-JP"},
    {"csisolatin1", "WINDOWS-1252"},
    {"csisolatin2", "ISO-8859-2"},
    {"csisolatin9", "ISO-8859-15"},
    {"csshiftjis", "CP932"},
    {"euc-jp", "EUC-JP"},
    {"euc-kr", "CP949"},
    {"gb18030", "GB18030"},
    {"gb2312", "GB18030"},
    {"gb_2312", "GB18030"},
    {"gb_2312-80", "GB18030"},
    {"gbk", "GB18030"},
    {"ibm819", "WINDOWS-1252"},
    {"ibm866", "CP866"},
    {"iso-2022-jp", "ISO-2022-JP"},
    {"iso-8859-1", "WINDOWS-1252"},
    {"iso-8859-11", "WINDOWS-874"},
    {"iso-8859-15", "ISO-8859-15"},
    {"iso-8859-2", "ISO-8859-2"},
    {"iso-8859-9", "WINDOWS-1254"},
    {"iso8859-1", "WINDOWS-1252"},
    {"iso88591", "WINDOWS-1252"},
    {"iso_8859-1", "WINDOWS-1252"},
    {"iso_8859-1:1987", "WINDOWS-1252"},
    {"koi8-r", "KOI8-R"},
    {"koi8-u", "KOI8-U"},
    {"ks_c_5601-1987", "CP949"},
    {"l1", "WINDOWS-1252"},
    {"l2", "ISO-8859-2"},
    {"l9", "ISO-8859-15"},
    {"latin1", "WINDOWS-1252"},
    {"latin2", "ISO-8859-2"},
    {"latin9", "ISO-8859-15"},
    {"ms932", "CP932"},
    {"ms_kanji", "CP932"},
    {"shift-jis", "CP932"},
    {"shift_jis", "CP932"},
    {"sjis", "CP932"},
    {"tis-620", "WINDOWS-874"},
    {"unicode-1-1-utf-8", "UTF-8"},
    {"unicodefeff", "UTF-16LE"},
    {"us-ascii", "WINDOWS-1252"},
    {"utf-16", "UTF-16LE"},
    {"utf-16be", "UTF-16BE"},
    {"utf-16le", "UTF-16LE"},
    {"utf-8", "UTF-8"},
    {"utf8", "UTF-8"},
    {"windows-1250", "WINDOWS-1250"},
    {"windows-1251", "WINDOWS-1251"},
    {"windows-1252", "WINDOWS-1252"},
    {"windows-1253", "WINDOWS-1253"},
    {"windows-1254", "WINDOWS-1254"},
    {"windows-1255", "WINDOWS-1255"},
    {"windows-1256", "WINDOWS-1256"},
    {"windows-1257", "WINDOWS-1257"},
    {"windows-1258", "WINDOWS-1258"},
    {"windows-31j", "CP932"},
    {"windows-874", "WINDOWS-874"},
    {"x-cp1250", "WINDOWS-1250"},
    {"x-cp1251", "WINDOWS-1251"},
    {"x-cp1252", "WINDOWS-1252"},
    {"x-euc-jp", "EUC-JP"},
    {"x-gbk", "GB18030"},
    {"x-mac-cyrillic", "MAC-CYRILLIC"},
    {"x-sjis", "CP932"},
    {"x-user-defined", "WINDOWS-1252"},
};

const char *charset_canonical(const char *label, size_t n, char *buf, size_t bufsize)
{
    /* Trim ASCII white space, lower-case, and refuse anything that is not
     * a plain label: the name goes to iconv_open, which must never see a
     * path or an option suffix ("//TRANSLIT"). */
    while (n && is_ws((unsigned char)*label)) { label++; n--; }
    while (n && is_ws((unsigned char)label[n - 1])) n--;
    char key[48];
    if (n == 0 || n >= sizeof key || bufsize < sizeof key) return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = lower((unsigned char)label[i]);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.' || c == ':'))
            return NULL;
        key[i] = (char)c;
    }
    key[n] = '\0';
    size_t lo = 0, hi = sizeof LABELS / sizeof LABELS[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(key, LABELS[mid].label);
        if (c == 0) return LABELS[mid].name;
        if (c < 0) hi = mid; else lo = mid + 1;
    }
    for (size_t i = 0; i <= n; i++) {
        unsigned char c = (unsigned char)key[i];
        buf[i] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    /* A label we do not list counts only if iconv knows it. */
    iconv_t cd = iconv_open("UTF-8", buf);
    if (cd == (iconv_t)-1) return NULL;
    iconv_close(cd);
    return buf;
}

/* The legacy default for a page in language `lang` (BCP 47), after the
 * WHATWG table of locale defaults. */
static const char *legacy_default(const char *lang)
{
    static const label_map TABLE[] = {
        {"ar", "WINDOWS-1256"}, {"az", "WINDOWS-1254"}, {"ba", "WINDOWS-1251"},
        {"be", "WINDOWS-1251"}, {"bg", "WINDOWS-1251"}, {"cs", "WINDOWS-1250"},
        {"el", "WINDOWS-1253"}, {"et", "WINDOWS-1257"}, {"fa", "WINDOWS-1256"},
        {"he", "WINDOWS-1255"}, {"hr", "WINDOWS-1250"}, {"hu", "ISO-8859-2"},
        {"ja", "CP932"},        {"kk", "WINDOWS-1251"}, {"ko", "CP949"},
        {"ku", "WINDOWS-1254"}, {"ky", "WINDOWS-1251"}, {"lt", "WINDOWS-1257"},
        {"lv", "WINDOWS-1257"}, {"mk", "WINDOWS-1251"}, {"pl", "ISO-8859-2"},
        {"ru", "WINDOWS-1251"}, {"sk", "WINDOWS-1250"}, {"sl", "ISO-8859-2"},
        {"sr", "WINDOWS-1251"}, {"th", "WINDOWS-874"},  {"tr", "WINDOWS-1254"},
        {"tt", "WINDOWS-1251"}, {"uk", "WINDOWS-1251"}, {"vi", "WINDOWS-1258"},
        {"zh", "GB18030"},
    };
    if (!lang || !lang[0] || !lang[1]) return "WINDOWS-1252";
    if (lang[2] && lang[2] != '-' && lang[2] != '_') return "WINDOWS-1252";
    char p[3] = {(char)lower((unsigned char)lang[0]), (char)lower((unsigned char)lang[1]), 0};
    if (strcmp(p, "zh") == 0 && lang[2] &&
        (strstr(lang + 2, "tw") || strstr(lang + 2, "TW") || strstr(lang + 2, "hk") ||
         strstr(lang + 2, "HK") || strstr(lang + 2, "Hant")))
        return "BIG5-HKSCS";
    for (size_t i = 0; i < sizeof TABLE / sizeof TABLE[0]; i++)
        if (strcmp(p, TABLE[i].label) == 0) return TABLE[i].name;
    return "WINDOWS-1252";
}

/* ======================================================================
 * Prescan (WHATWG 13.2.3.2)
 * ====================================================================== */

typedef struct prescan {
    const unsigned char *p;
    size_t n, i;
    char charset[48];     /* label found, "" if none */
    char lang[16];        /* <html lang>, "" if none */
} prescan;

typedef struct attr {
    char name[24];
    char value[128];      /* truncated when longer; enough for a charset */
    size_t name_len, value_len;
} attr;

static void attr_push(char *dst, size_t cap, size_t *len, unsigned char c)
{
    if (*len + 1 < cap) dst[(*len)++] = (char)c;
    dst[*len] = '\0';
}

/* "Get an attribute": false when there is none (at '>' or the end). */
static bool get_attribute(prescan *ps, attr *a)
{
    const unsigned char *p = ps->p;
    size_t n = ps->n;
    a->name[0] = a->value[0] = '\0';
    a->name_len = a->value_len = 0;
    while (ps->i < n && (is_ws(p[ps->i]) || p[ps->i] == '/')) ps->i++;
    if (ps->i >= n || p[ps->i] == '>') return false;
    for (;;) {
        if (ps->i >= n) return false;
        unsigned char c = p[ps->i];
        if (c == '=' && a->name_len > 0) { ps->i++; goto value; }
        if (is_ws(c)) break;
        if (c == '/' || c == '>') return true;
        attr_push(a->name, sizeof a->name, &a->name_len, lower(c));
        ps->i++;
    }
    while (ps->i < n && is_ws(p[ps->i])) ps->i++;
    if (ps->i >= n || p[ps->i] != '=') return true;
    ps->i++;
value:
    while (ps->i < n && is_ws(p[ps->i])) ps->i++;
    if (ps->i >= n) return false;
    if (p[ps->i] == '"' || p[ps->i] == '\'') {
        unsigned char q = p[ps->i++];
        while (ps->i < n && p[ps->i] != q)
            attr_push(a->value, sizeof a->value, &a->value_len, lower(p[ps->i++]));
        if (ps->i >= n) return false;
        ps->i++;
        return true;
    }
    if (p[ps->i] == '>') return true;
    while (ps->i < n && !is_ws(p[ps->i]) && p[ps->i] != '>')
        attr_push(a->value, sizeof a->value, &a->value_len, lower(p[ps->i++]));
    return ps->i < n;
}

/* "Extract a character encoding from a meta element" (content="...;
 * charset=x"); writes the label to out (cap bytes) or "" if none. */
static void charset_from_content(const char *s, size_t n, char *out, size_t cap)
{
    out[0] = '\0';
    size_t i = 0;
    for (;;) {
        const char *hit = NULL;
        for (size_t k = i; k + 7 <= n; k++)
            if (memcmp(s + k, "charset", 7) == 0) { hit = s + k; break; }
        if (!hit) return;
        i = (size_t)(hit - s) + 7;
        while (i < n && is_ws((unsigned char)s[i])) i++;
        if (i < n && s[i] == '=') break;
    }
    i++;
    while (i < n && is_ws((unsigned char)s[i])) i++;
    if (i >= n) return;
    size_t start, end;
    if (s[i] == '"' || s[i] == '\'') {
        char q = s[i++];
        start = i;
        while (i < n && s[i] != q) i++;
        if (i >= n) return;
        end = i;
    } else {
        start = i;
        while (i < n && !is_ws((unsigned char)s[i]) && s[i] != ';') i++;
        end = i;
    }
    if (end - start + 1 > cap) return;
    memcpy(out, s + start, end - start);
    out[end - start] = '\0';
}

static bool is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Handle <meta ...>: ps->i is just after "<meta". */
static bool prescan_meta(prescan *ps)
{
    attr a;
    char seen[8][24];
    size_t nseen = 0;
    int need_pragma = -1;   /* -1 null, 0 false, 1 true */
    bool got_pragma = false;
    char charset[48] = "";
    while (get_attribute(ps, &a)) {
        bool dup = false;
        for (size_t k = 0; k < nseen; k++)
            if (strcmp(seen[k], a.name) == 0) dup = true;
        if (dup) continue;
        if (nseen < 8) memcpy(seen[nseen++], a.name, sizeof a.name);
        if (strcmp(a.name, "http-equiv") == 0) {
            if (strcmp(a.value, "content-type") == 0) got_pragma = true;
        } else if (strcmp(a.name, "content") == 0) {
            if (!charset[0]) {
                charset_from_content(a.value, a.value_len, charset, sizeof charset);
                if (charset[0]) need_pragma = 1;
            }
        } else if (strcmp(a.name, "charset") == 0) {
            size_t l = a.value_len < sizeof charset - 1 ? a.value_len : sizeof charset - 1;
            memcpy(charset, a.value, l);
            charset[l] = '\0';
            need_pragma = 0;
        }
    }
    if (need_pragma < 0 || (need_pragma == 1 && !got_pragma) || !charset[0]) return false;
    char buf[48];
    const char *name = charset_canonical(charset, strlen(charset), buf, sizeof buf);
    if (!name) return false;
    memcpy(ps->charset, charset, sizeof ps->charset);
    return true;
}

static void run_prescan(prescan *ps)
{
    const unsigned char *p = ps->p;
    size_t n = ps->n;
    ps->charset[0] = ps->lang[0] = '\0';
    ps->i = 0;
    while (ps->i < n) {
        size_t rest = n - ps->i;
        const unsigned char *q = p + ps->i;
        if (q[0] != '<') {
            const unsigned char *lt = memchr(q, '<', rest);
            if (!lt) return;
            ps->i = (size_t)(lt - p);
            continue;
        }
        if (ascii_starts_ci((const char *)q, rest, "<!--")) {
            /* The '>' of "-->" may share dashes with "<!--" ("<!-->"). */
            size_t j = ps->i + 2;
            for (; j + 3 <= n; j++)
                if (p[j] == '-' && p[j + 1] == '-' && p[j + 2] == '>') break;
            if (j + 3 > n) return;
            ps->i = j + 3;
            continue;
        }
        if (ascii_starts_ci((const char *)q, rest, "<meta") && rest > 5 && (is_ws(q[5]) || q[5] == '/')) {
            ps->i += 5;
            if (prescan_meta(ps)) return;
            continue;
        }
        if ((rest > 1 && is_alpha(q[1])) || (rest > 2 && q[1] == '/' && is_alpha(q[2]))) {
            bool end_tag = q[1] == '/';
            size_t k = ps->i + (end_tag ? 2 : 1);
            char name[8];
            size_t nl = 0;
            while (k < n && !is_ws(p[k]) && p[k] != '>') {
                if (nl < sizeof name - 1) name[nl] = (char)lower(p[k]);
                nl++;
                k++;
            }
            bool is_html = !end_tag && nl == 4 && memcmp(name, "html", 4) == 0;
            ps->i = k;
            attr a;
            while (get_attribute(ps, &a)) {
                if (is_html && strcmp(a.name, "lang") == 0 && !ps->lang[0] &&
                    a.value_len < sizeof ps->lang)
                    memcpy(ps->lang, a.value, a.value_len + 1);
            }
            if (ps->i < n) ps->i++;
            continue;
        }
        if (rest > 1 && (q[1] == '!' || q[1] == '/' || q[1] == '?')) {
            const unsigned char *gt = memchr(q, '>', rest);
            if (!gt) return;
            ps->i = (size_t)(gt - p) + 1;
            continue;
        }
        ps->i++;
    }
}

/* <?xml version="1.0" encoding="..."?> at the very start. */
static bool xml_decl_encoding(const unsigned char *p, size_t n, char *out, size_t cap)
{
    if (n < 6 || memcmp(p, "<?xml", 5) != 0 || !is_ws(p[5])) return false;
    size_t end = 5;
    while (end + 1 < n && end < 256 && !(p[end] == '?' && p[end + 1] == '>')) end++;
    for (size_t k = 5; k + 8 < end; k++) {
        if (memcmp(p + k, "encoding", 8) != 0) continue;
        size_t i = k + 8;
        while (i < end && is_ws(p[i])) i++;
        if (i >= end || p[i] != '=') return false;
        i++;
        while (i < end && is_ws(p[i])) i++;
        if (i >= end || (p[i] != '"' && p[i] != '\'')) return false;
        unsigned char q = p[i++];
        size_t s = i;
        while (i < end && p[i] != q) i++;
        if (i >= end || i - s + 1 > cap || i == s) return false;
        memcpy(out, p + s, i - s);
        out[i - s] = '\0';
        return true;
    }
    return false;
}

/* ======================================================================
 * UTF-8 statistics and repair
 * ====================================================================== */

/* Count valid multi-byte sequences and invalid bytes. */
static void utf8_stats(const unsigned char *p, size_t n, size_t *good, size_t *bad)
{
    size_t g = 0, b = 0, i = 0;
    while (i < n) {
        if (p[i] < 0x80) { i++; continue; }
        size_t k = utf8_valid_seq(p + i, n - i);
        if (k) { g++; i += k; } else { b++; i++; }
    }
    *good = g;
    *bad = b;
}

/* Copy UTF-8 replacing invalid bytes and NUL with U+FFFD. */
static int utf8_repair(const alc_t *alc, const char *s, size_t n, html_decoded *out)
{
    strbuf b;
    buf_init(&b, alc);
    if (!buf_reserve(&b, n + n / 8 + 16)) return MDSUM_ENOMEM;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;
    while (i < n) {
        size_t k = p[i] ? utf8_valid_seq(p + i, n - i) : 0;
        if (k) { i += k; continue; }
        buf_append(&b, s + run, i - run);
        buf_append(&b, REPLACEMENT, 3);
        out->replaced++;
        i++;
        run = i;
    }
    buf_append(&b, s + run, n - run);
    if (b.failed) { buf_fini(&b); return MDSUM_ENOMEM; }
    out->text = buf_detach(&b, &out->len);
    return out->text ? MDSUM_OK : MDSUM_ENOMEM;
}

/* Convert with iconv; undecodable bytes become U+FFFD. Returns MDSUM_OK,
 * MDSUM_ENOMEM, or MDSUM_EINVAL when iconv does not know `from`. */
static int convert(const alc_t *alc, const char *in, size_t n, const char *from,
                   html_decoded *out)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) return MDSUM_EINVAL;
    strbuf b;
    buf_init(&b, alc);
    size_t cap = n + n / 2 + 64;
    int rc = MDSUM_OK;
    if (!buf_reserve(&b, cap)) { rc = MDSUM_ENOMEM; goto done; }
    char *ip = (char *)(uintptr_t)in;
    size_t left = n;
    for (;;) {
        char *op = b.data + b.len;
        size_t room = b.cap - b.len - 1;
        size_t r = iconv(cd, left ? &ip : NULL, left ? &left : NULL, &op, &room);
        b.len = (size_t)(op - b.data);
        if (r != (size_t)-1) {
            if (left == 0) break;
            continue;
        }
        if (errno == E2BIG) {
            if (!buf_reserve(&b, b.cap)) { rc = MDSUM_ENOMEM; goto done; }
            continue;
        }
        /* EILSEQ: an undecodable byte; EINVAL: a truncated sequence at the
         * end. Either way one U+FFFD stands for the byte, and we go on. */
        if (!buf_reserve(&b, 3)) { rc = MDSUM_ENOMEM; goto done; }
        buf_append(&b, REPLACEMENT, 3);
        out->replaced++;
        if (left) { ip++; left--; }
        iconv(cd, NULL, NULL, NULL, NULL);
        if (left == 0) break;
    }
    if (b.failed) { rc = MDSUM_ENOMEM; goto done; }
    b.data[b.len] = '\0';
    /* iconv passes NUL through; it must not reach the parser. */
    if (memchr(b.data, 0, b.len)) {
        html_decoded tmp = *out;
        tmp.replaced = 0;
        rc = utf8_repair(alc, b.data, b.len, &tmp);
        if (rc == MDSUM_OK) {
            out->text = tmp.text;
            out->len = tmp.len;
            out->replaced += tmp.replaced;
        }
        goto done;
    }
    out->text = buf_detach(&b, &out->len);
    if (!out->text) rc = MDSUM_ENOMEM;
done:
    buf_fini(&b);
    iconv_close(cd);
    return rc;
}

static void set_name(html_decoded *out, const char *name)
{
    size_t l = strlen(name);
    if (l >= sizeof out->charset) l = sizeof out->charset - 1;
    memcpy(out->charset, name, l);
    out->charset[l] = '\0';
}

/* Decode with a named charset, falling back to windows-1252 when iconv does
 * not know the name. */
static int decode_with(const alc_t *alc, const char *in, size_t n, const char *name,
                       html_decoded *out)
{
    if (strcmp(name, "UTF-8") == 0) {
        set_name(out, "UTF-8");
        return utf8_repair(alc, in, n, out);
    }
    set_name(out, name);
    int rc = convert(alc, in, n, name, out);
    if (rc == MDSUM_EINVAL) {
        set_name(out, "WINDOWS-1252");
        rc = convert(alc, in, n, "WINDOWS-1252", out);
        if (rc == MDSUM_EINVAL) {
            /* No iconv module at all: keep what is valid UTF-8. */
            set_name(out, "UTF-8");
            rc = utf8_repair(alc, in, n, out);
        }
    }
    return rc;
}

int decode_html(const alc_t *alc, const char *in, size_t n, const char *hint, html_decoded *out)
{
    memset(out, 0, sizeof *out);
    const unsigned char *p = (const unsigned char *)in;

    /* 1. Byte-order marks. */
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        out->source = CS_FROM_BOM;
        return decode_with(alc, in + 3, n - 3, "UTF-8", out);
    }
    if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
        out->source = CS_FROM_BOM;
        return decode_with(alc, in + 2, n - 2, p[0] == 0xFF ? "UTF-16LE" : "UTF-16BE", out);
    }

    /* 2. Declarations: the caller's hint, the prescan, an XML declaration. */
    prescan ps;
    ps.p = p;
    ps.n = n < PRESCAN_BYTES ? n : PRESCAN_BYTES;
    run_prescan(&ps);
    char buf[48], label[48];
    const char *name = NULL;
    int source = CS_FROM_SNIFF;
    if (hint && (name = charset_canonical(hint, strlen(hint), buf, sizeof buf)))
        source = CS_FROM_HINT;
    if (!name && ps.charset[0]) {
        name = charset_canonical(ps.charset, strlen(ps.charset), buf, sizeof buf);
        /* A meta element read as ASCII cannot really be UTF-16. */
        if (name && strncmp(name, "UTF-16", 6) == 0) name = "UTF-8";
        if (name) source = CS_FROM_META;
    }
    if (!name && xml_decl_encoding(p, n, label, sizeof label)) {
        name = charset_canonical(label, strlen(label), buf, sizeof buf);
        if (name && strncmp(name, "UTF-16", 6) == 0) name = "UTF-8";
        if (name) source = CS_FROM_XMLDECL;
    }

    /* 3. Check the declaration against the bytes. */
    bool utf16 = name && strncmp(name, "UTF-16", 6) == 0;
    if (!utf16) {
        size_t good, bad;
        utf8_stats(p, n, &good, &bad);
        const char *fallback = legacy_default(ps.lang);
        if (!name) {
            name = (bad == 0 || good >= bad) ? "UTF-8" : fallback;
        } else if (strcmp(name, "UTF-8") == 0) {
            if (bad > good) { name = fallback; source = CS_OVERRIDDEN; }
        } else if (bad == 0 && good > 0) {
            name = "UTF-8";
            source = CS_OVERRIDDEN;
        }
    }
    out->source = source;
    return decode_with(alc, in, n, name, out);
}
