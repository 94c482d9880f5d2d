/*
 * test_util.c -- arena, byte buffer, JSON escaping, string interning,
 * UTF-8 validation, word counting, embedded-table lookup, sorting.
 */
#include "internal.h"
#include "test.h"

#include <math.h>

static void test_arena(void)
{
    alc_t a;
    alc_init(&a, NULL);
    arena ar;
    arena_init(&ar, &a);
    char *p = arena_alloc(&ar, 10);
    CHECK(p != NULL);
    CHECK(((uintptr_t)p & 15) == 0);
    /* Many allocations across chunk boundaries keep their contents. */
    char *ptrs[1000];
    for (int i = 0; i < 1000; i++) {
        ptrs[i] = arena_alloc(&ar, 1000);
        memset(ptrs[i], i & 0xff, 1000);
    }
    int bad = 0;
    for (int i = 0; i < 1000; i++)
        for (int k = 0; k < 1000; k++) bad += (unsigned char)ptrs[i][k] != (i & 0xff);
    CHECK_EQ_INT(bad, 0);
    /* One oversized request gets its own chunk. */
    CHECK(arena_alloc(&ar, (size_t)10 << 20) != NULL);
    CHECK(arena_alloc(&ar, SIZE_MAX - 8) == NULL);
    char *s = arena_strndup(&ar, "hello world", 5);
    CHECK_EQ_STR(s, "hello");
    CHECK(arena_strdup(&ar, NULL) == NULL);
    arena_reset(&ar);
    CHECK(ar.total > 0);
    CHECK(arena_alloc(&ar, 100) != NULL);
    /* arena_grow keeps earlier elements. */
    int *v = NULL;
    size_t cap = 0;
    for (int i = 0; i < 5000; i++) {
        void *vv = v;
        CHECK(arena_grow(&ar, &vv, &cap, (size_t)i + 1, sizeof *v));
        v = vv;
        v[i] = i;
    }
    bad = 0;
    for (int i = 0; i < 5000; i++) bad += v[i] != i;
    CHECK_EQ_INT(bad, 0);
    arena_fini(&ar);
}

static void test_buf_json(void)
{
    alc_t a;
    alc_init(&a, NULL);
    strbuf b;
    buf_init(&b, &a);
    /* Each row: input bytes, expected JSON string literal. One row per
     * rule of buf_json_str (internal.h), and for invalid UTF-8 one row per
     * way a sequence can be ill-formed (each bad byte is one \ufffd). */
    static const struct { const char *in; size_t n; const char *out; } rows[] = {
        {"plain", 5, "\"plain\""},
        {"q\"b\\", 4, "\"q\\\"b\\\\\""},
        {"a\nb\tc\r", 6, "\"a\\nb\\tc\\r\""},
        {"\b\f", 2, "\"\\b\\f\""},
        {"\xf0\x9f\x98\x80", 4, "\"\xf0\x9f\x98\x80\""},               /* U+1F600 as it is */
        {"a\xff" "b", 3, "\"a\\ufffdb\""},                         /* never a lead byte */
        {"\x80", 1, "\"\\ufffd\""},                                /* lone continuation */
        {"\xc0\xaf", 2, "\"\\ufffd\\ufffd\""},                       /* overlong '/' */
        {"\xe0\x80\xaf", 3, "\"\\ufffd\\ufffd\\ufffd\""},             /* overlong, 3 bytes */
        {"\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\""},             /* surrogate U+D800 */
        {"\xf4\x90\x80\x80", 4, "\"\\ufffd\\ufffd\\ufffd\\ufffd\""}, /* above U+10FFFF */
        {"\xe2\x80", 2, "\"\\ufffd\\ufffd\""},                       /* U+2028 cut short */
        {"\xe2\x82x", 3, "\"\\ufffd\\ufffdx\""},                     /* a euro sign cut short */
        {"\x01\x1f\x7f", 3, "\"\\u0001\\u001f\\u007f\""},
        {"nul\0x", 5, "\"nul\\u0000x\""},
        {"\xe2\x80\xa8|\xe2\x80\xa9", 7, "\"\\u2028|\\u2029\""},
        {"caf\xc3\xa9 \xe2\x80\x94", 9, "\"caf\xc3\xa9 \xe2\x80\x94\""},
        {"", 0, "\"\""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        b.len = 0;
        CHECK(buf_json_str(&b, rows[i].in, rows[i].n));
        CHECK_EQ_STR(b.data, rows[i].out);
    }
    b.len = 0;
    CHECK(buf_printf(&b, "%d-%s", 42, "x"));
    for (int i = 0; i < 100; i++) buf_printf(&b, "%0300d", i);
    CHECK_EQ_INT(b.len, 4 + 100 * 300);
    size_t len;
    char *p = buf_detach(&b, &len);
    CHECK(p && len == 4 + 100 * 300 && strncmp(p, "42-x", 4) == 0);
    alc_free(&a, p);
    buf_fini(&b);
}

static void test_strmap(void)
{
    alc_t a;
    alc_init(&a, NULL);
    arena ar;
    arena_init(&ar, &a);
    strmap m;
    strmap_init(&m, &a, &ar);
    char key[32];
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(key, sizeof key, "k%d", i);
        CHECK_EQ_INT(strmap_intern(&m, key, (size_t)n), i);
    }
    int bad = 0;
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(key, sizeof key, "k%d", i);
        bad += strmap_find(&m, key, (size_t)n) != i;
        bad += strmap_intern(&m, key, (size_t)n) != i;
        bad += strcmp(strmap_str(&m, (size_t)i), key) != 0;
    }
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(strmap_find(&m, "absent", 6), -1);
    /* Embedded NUL and empty keys are keys like any other. */
    int64_t e = strmap_intern(&m, "", 0);
    CHECK(e >= 0 && strmap_find(&m, "", 0) == e);
    int64_t z = strmap_intern(&m, "a\0b", 3);
    CHECK(z >= 0 && z != strmap_find(&m, "a", 1));
    strmap_clear(&m);
    CHECK_EQ_INT(strmap_find(&m, "k1", 2), -1);
    CHECK_EQ_INT(strmap_intern(&m, "k1", 2), 0);
    strmap_fini(&m);
    arena_fini(&ar);
}

/* strmap_cmp_ids sorts ids by the bytes of their strings: unsigned bytes,
 * a prefix before its extensions, an embedded NUL a byte like any other.
 * The table is the expected order, written by hand. */
static void test_strmap_order(void)
{
    static const struct { const char *s; size_t n; } want[] = {
        {"", 0}, {"a", 1}, {"a\0b", 3}, {"ab", 2}, {"b", 1}, {"z", 1}, {"\xC3\xA9", 2},
    };
    enum { N = sizeof want / sizeof want[0] };
    alc_t a;
    alc_init(&a, NULL);
    arena ar;
    arena_init(&ar, &a);
    strmap m;
    strmap_init(&m, &a, &ar);
    /* Interned in reverse, so that id order is not the answer. */
    uint32_t ids[N];
    for (size_t i = 0; i < N; i++) {
        int64_t id = strmap_intern(&m, want[N - 1 - i].s, want[N - 1 - i].n);
        CHECK(id >= 0);
        ids[i] = (uint32_t)id;
    }
    sort_r(ids, N, sizeof *ids, strmap_cmp_ids, &m);
    for (size_t i = 0; i < N; i++) {
        CHECK(strmap_len(&m, ids[i]) == want[i].n);
        CHECK(memcmp(strmap_str(&m, ids[i]), want[i].s, want[i].n) == 0);
    }
    CHECK_EQ_INT(strmap_cmp(&m, ids[1], ids[1]), 0);
    CHECK(strmap_cmp(&m, ids[1], ids[3]) < 0 && strmap_cmp(&m, ids[3], ids[1]) > 0);
    strmap_fini(&m);
    arena_fini(&ar);
}

static void test_utf8(void)
{
    /* Each row: bytes, length, offset of the first invalid byte (== length
     * when valid). NUL counts as invalid here (allow_nul = false). */
    static const struct { const char *s; size_t n; size_t bad; } rows[] = {
        {"ascii only", 10, 10},
        {"\xc3\xa9t\xc3\xa9", 5, 5},                 /* été */
        {"\xf0\x9f\x98\x80", 4, 4},                  /* emoji */
        {"ab\x80", 3, 2},                            /* lone continuation */
        {"\xc0\xaf", 2, 0},                          /* overlong '/' */
        {"\xe0\x80\xaf", 3, 0},                      /* overlong 3-byte */
        {"\xed\xa0\x80", 3, 0},                      /* surrogate */
        {"\xf4\x90\x80\x80", 4, 0},                  /* > U+10FFFF */
        {"\xf5\x80\x80\x80", 4, 0},
        {"ok\xe2\x82", 4, 2},                        /* truncated */
        {"abcdefgh\0ijk", 12, 8},                    /* NUL after fast path */
        {"abcdefghijklmnop\xff", 17, 16},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        CHECK_EQ_INT(utf8_check(rows[i].s, rows[i].n, false), rows[i].bad);
    CHECK_EQ_INT(utf8_check("a\0b", 3, true), 3);
    int32_t cp;
    CHECK_EQ_INT(utf8_decode((const unsigned char *)"\xe2\x82\xac", 3, &cp), 3);
    CHECK_EQ_INT(cp, 0x20AC);
}

/* The word counters against byte loops: random strings of white space,
 * words and bytes that are almost white space (0xA0, 0x89 = 0x80 + tab,
 * 0x8D, 0x0E, 0x08, 0x60, 0x29), at every length and start offset around
 * the 8-byte blocks. */
static size_t naive_words(const char *t, size_t n, bool all)
{
    size_t w = 0;
    bool in = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        bool sp = c == ' ' || c == '\t' || (all && (c == '\n' || c == '\v' || c == '\f' || c == '\r'));
        if (!sp && !in) w++;
        in = !sp;
    }
    return w;
}

static void test_blank_words(void)
{
    static const char alphabet[] = {' ',  ' ',  '\t', 'a',  'b',  '\n', '\r', '\v', '\f', '\0', (char)0xA0,
                                    (char)0x89, (char)0x8D, 0x0E, 0x08, 0x60, 0x29, (char)0xA9};
    char buf[80];
    uint32_t seed = 12345;
    int bad = 0, bad_all = 0;
    for (int round = 0; round < 40000; round++) {
        size_t n = (size_t)(round % 41), off = (size_t)(round / 41 % 9);
        for (size_t i = 0; i < off + n; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = alphabet[(seed >> 16) % sizeof alphabet];
        }
        bad += blank_words(buf + off, n) != naive_words(buf + off, n, false);
        bad_all += space_words(buf + off, n) != naive_words(buf + off, n, true);
    }
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(bad_all, 0);
/* A counter on a string literal, its length taken from the literal. */
#define LIT(f, s) f(s, sizeof s - 1)
    CHECK_EQ_INT(LIT(blank_words, ""), 0);
    CHECK_EQ_INT(LIT(blank_words, "        "), 0);
    CHECK_EQ_INT(LIT(blank_words, "a b c d e"), 5);
    CHECK_EQ_INT(LIT(blank_words, "abcdefgh ijklmnop"), 2);
    CHECK_EQ_INT(LIT(blank_words, "abcdefg\tijklmnop"), 2);   /* a tab ends the first block */
    CHECK_EQ_INT(LIT(blank_words, "one\ntwo"), 1);             /* a new line is a word byte */
    CHECK_EQ_INT(LIT(space_words, "one\ntwo"), 2);             /* ... or white space */
    CHECK_EQ_INT(LIT(space_words, "abcdefg\rijklmno\fp\vq"), 4);
    CHECK_EQ_INT(LIT(space_words, "\x0e\x08\x1f\x7f\x89\x8a"), 1);
#undef LIT
}

/* embedded_lookup over a table indexed as tools/embed.c indexes one: the
 * lines after the header, and their keys hashed with hash_bytes into
 * sixteen slots by open addressing (collisions likely: eight keys), each
 * slot the line + 1 with the hash's top 12 bits above bit 20. Keys,
 * prefixes and extensions of keys, a line without a tab, absent keys. */
static void test_embedded_lookup(void)
{
    static const char table[] = "# header\n#more header\n"
                                "a\t1\nab\t2\nabc\t3\nb\t4\nba\nbb\t6\nc d\t7\nzz\t8\n\xc3\xa9\t9";
    size_t end = sizeof table - 1, body = 22;
    uint32_t lines[16];
    size_t nl = 0;
    for (size_t i = body; i < end; i++)
        if (i == body || table[i - 1] == '\n') lines[nl++] = (uint32_t)i;
    CHECK_EQ_INT(nl, 9);
    uint32_t slots[16] = {0};
    for (size_t k = 0; k < nl; k++) {
        const char *ks = table + lines[k];
        size_t kl = strcspn(ks, "\t\n");
        if (ks[kl] != '\t') continue;   /* "ba": no tab, not a key */
        uint32_t h = hash_bytes(ks, kl);
        size_t j = h & 15;
        while (slots[j]) j = (j + 1) & 15;
        slots[j] = (h & ~((1u << 20) - 1)) | (uint32_t)(k + 1);
    }
    embedded_file f = {"test.tsv", (const unsigned char *)table, end, lines, nl, slots, 15};
    static const char *const keys[] = {"a", "ab", "abc", "abcd", "b", "ba", "bb", "c", "c d", "c e", "zz", "zzz",
                                       "\xc3\xa9", "\xc3", "", "0", "aa", "b\t", "{"};
    static const char *const want[] = {"1", "2", "3", NULL, "4", NULL, "6", NULL, "7", NULL, "8", NULL,
                                       "9", NULL, NULL, NULL, NULL, NULL, NULL};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const char *le = NULL;
        size_t kn = strlen(keys[k]);
        const char *tab = embedded_lookup(&f, keys[k], kn, hash_bytes(keys[k], kn), &le);
        if (!want[k]) {
            CHECK(tab == NULL);
            continue;
        }
        /* the tab after the key, and the value up to the line's end */
        CHECK(tab && le && tab[0] == '\t' && le - tab == 2 && tab[1] == want[k][0]);
        CHECK(tab && memcmp(tab - kn, keys[k], kn) == 0);
    }
    embedded_file none = {"none.tsv", (const unsigned char *)table, end, lines, nl, NULL, 0};
    const char *le;
    CHECK(embedded_lookup(&none, "a", 1, hash_bytes("a", 1), &le) == NULL);
}

static int cmp_int(const void *a, const void *b, void *ud)
{
    int *calls = ud;
    (*calls)++;
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

static void test_sort(void)
{
    for (int n = 0; n < 300; n += 7) {
        int v[300];
        unsigned seed = 12345u + (unsigned)n;
        for (int i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            v[i] = (int)(seed >> 16) % 50;
        }
        int calls = 0;
        sort_r(v, (size_t)n, sizeof *v, cmp_int, &calls);
        int bad = 0;
        for (int i = 1; i < n; i++) bad += v[i - 1] > v[i];
        CHECK_EQ_INT(bad, 0);
    }
}

/* Records of several sizes (the swap works in 64-byte pieces): a key and
 * the record's original index, which must travel with it. */
typedef struct rec {
    int key;
    int idx;
    unsigned char pad[92];
} rec;

static size_t rec_size;

static int cmp_rec(const void *a, const void *b, void *ud)
{
    long *calls = ud;
    (*calls)++;
    const rec *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;   /* a total order */
}

/* What belongs here: input shapes that break naive quicksorts (sorted,
 * reversed, all equal, organ pipe, few distinct keys) and random ones. */
static int shape_key(int shape, int i, int n, unsigned *seed)
{
    switch (shape) {
    case 0: return i;                               /* sorted */
    case 1: return n - i;                           /* reversed */
    case 2: return 7;                               /* all equal */
    case 3: return i < n / 2 ? i : n - i;           /* organ pipe */
    case 4: *seed = *seed * 1103515245u + 12345u; return (int)(*seed >> 16) % 3;
    default: *seed = *seed * 1103515245u + 12345u; return (int)(*seed >> 8);
    }
}

static void test_sort_shapes(void)
{
    static const size_t sizes[] = {sizeof(int) * 2, 24, sizeof(rec)};
    static const int counts[] = {0, 1, 2, 17, 100, 1000, 5000};
    rec *v = malloc(5000 * sizeof *v);
    rec *w = malloc(5000 * sizeof *w);
    if (!v || !w) { free(v); free(w); CHECK(0); return; }
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        rec_size = sizes[z];
        for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
            for (int shape = 0; shape < 6; shape++) {
                int n = counts[c];
                unsigned seed = 99u + (unsigned)shape;
                unsigned char *raw = (unsigned char *)v;
                for (int i = 0; i < n; i++) {
                    rec r;
                    memset(&r, 0, sizeof r);
                    r.key = shape_key(shape, i, n, &seed);
                    r.idx = i;
                    memset(r.pad, r.key & 0xff, sizeof r.pad);
                    memcpy(raw + (size_t)i * rec_size, &r, rec_size);
                }
                long calls = 0;
                sort_r(raw, (size_t)n, rec_size, cmp_rec, &calls);
                int bad = 0, lost = 0;
                unsigned char *seen = calloc((size_t)n + 1, 1);
                for (int i = 0; i < n; i++) {
                    memcpy(&w[0], raw + (size_t)i * rec_size, rec_size);
                    if (w[0].idx < 0 || w[0].idx >= n || seen[w[0].idx]) lost++;
                    else seen[w[0].idx] = 1;
                    if (rec_size == sizeof(rec) && w[0].pad[91] != (unsigned char)(w[0].key & 0xff)) lost++;
                    if (i) {
                        rec prev;
                        memcpy(&prev, raw + (size_t)(i - 1) * rec_size, rec_size);
                        long dummy = 0;
                        bad += cmp_rec(&prev, &w[0], &dummy) > 0;
                    }
                }
                free(seen);
                CHECK_EQ_INT(bad, 0);
                CHECK_EQ_INT(lost, 0);
                /* O(n log n) comparisons on every shape. */
                double bound = 4.0 * n * (n > 1 ? log2((double)n) : 1) + 64;
                CHECK(calls <= bound);
            }
        }
    }
    free(v);
    free(w);
}

/* HTML character references (the Multi-News reader, the HTML metadata). */
static void test_char_ref(void)
{
    static const struct { const char *in; size_t len; const char *out; } ok[] = {
        {"&amp; wesson", 5, "&"},   {"&quot;", 6, "\""},          {"&apos;s", 6, "'"},
        {"&lt;b", 4, "<"},          {"&gt;", 4, ">"},              {"&nbsp;x", 6, " "},
        {"&#124;", 6, "|"},         {"&#39;", 5, "'"},             {"&#x2019;s", 8, "\xE2\x80\x99"},
        {"&#X1F600;", 9, "\xF0\x9F\x98\x80"}, {"&#160;", 6, "\xC2\xA0"}, {"&#8230;", 7, "\xE2\x80\xA6"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        char out[4];
        size_t ol = 0;
        CHECK_EQ_INT(html_char_ref(ok[i].in, strlen(ok[i].in), out, &ol), ok[i].len);
        CHECK(ol == strlen(ok[i].out) && memcmp(out, ok[i].out, ol) == 0);
        CHECK(ol <= ok[i].len);
    }
    /* Controls, surrogates, out of range, unknown names, unfinished. */
    static const char *const no[] = {"&#0;", "&#9;", "&#127;", "&#55296;", "&#x110000;", "&#12345678;",
                                     "&amp",  "&ampx;", "&bogus;", "&#x;", "&#12", "&", "a&amp;", "&t;"};
    for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
        char out[4];
        size_t ol = 0;
        CHECK_EQ_INT(html_char_ref(no[i], strlen(no[i]), out, &ol), 0);
    }
}

int main(void)
{
    test_char_ref();
    test_arena();
    test_buf_json();
    test_strmap();
    test_strmap_order();
    test_utf8();
    test_blank_words();
    test_embedded_lookup();
    test_sort();
    test_sort_shapes();
    return test_finish("test_util");
}
