/*
 * util.c -- allocator wrappers, byte buffers, JSON string escaping, a string
 * interning hash map, and UTF-8 validation.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ======================================================================
 * Allocator
 * ====================================================================== */
static void *libc_malloc(void *ud, size_t n) { (void)ud; return malloc(n); }
static void *libc_realloc(void *ud, void *p, size_t old_n, size_t n)
{
    (void)ud; (void)old_n;
    return realloc(p, n);
}
static void libc_free(void *ud, void *p) { (void)ud; free(p); }

void alc_init(alc_t *dst, const mdsum_allocator *src)
{
    if (src && src->malloc && src->realloc && src->free) {
        *dst = *src;
    } else {
        dst->malloc = libc_malloc;
        dst->realloc = libc_realloc;
        dst->free = libc_free;
        dst->ud = NULL;
    }
}

void *alc_malloc(const alc_t *a, size_t n)
{
    return a->malloc(a->ud, n ? n : 1);
}

void *alc_calloc(const alc_t *a, size_t count, size_t size)
{
    size_t n;
    if (!mul_ok(count, size, &n)) return NULL;
    void *p = alc_malloc(a, n);
    if (p) memset(p, 0, n);
    return p;
}

void *alc_realloc(const alc_t *a, void *p, size_t old_n, size_t n)
{
    if (!p) return alc_malloc(a, n);
    return a->realloc(a->ud, p, old_n, n ? n : 1);
}

void alc_free(const alc_t *a, void *p)
{
    if (p) a->free(a->ud, p);
}

bool grow_array(const alc_t *a, void **arr, size_t *cap, size_t need, size_t elsize)
{
    if (need <= *cap) return true;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2) return false;
        ncap *= 2;
    }
    size_t bytes, old;
    if (!mul_ok(ncap, elsize, &bytes) || !mul_ok(*cap, elsize, &old)) return false;
    void *p = alc_realloc(a, *arr, old, bytes);
    if (!p) return false;
    *arr = p;
    *cap = ncap;
    return true;
}

/* ======================================================================
 * Byte buffer
 * ====================================================================== */
void buf_init(strbuf *b, const alc_t *alc)
{
    b->alc = alc;
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}

void buf_fini(strbuf *b)
{
    alc_free(b->alc, b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

bool buf_reserve(strbuf *b, size_t extra)
{
    if (b->failed) return false;
    if (extra > SIZE_MAX - b->len - 1) { b->failed = true; return false; }
    size_t need = b->len + extra + 1;   /* room for a NUL */
    if (need <= b->cap) return true;
    size_t ncap = b->cap ? b->cap : 256;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2) { ncap = need; break; }
        ncap *= 2;
    }
    char *p = alc_realloc(b->alc, b->data, b->cap, ncap);
    if (!p) { b->failed = true; return false; }
    b->data = p;
    b->cap = ncap;
    return true;
}

bool buf_append(strbuf *b, const void *data, size_t n)
{
    if (!buf_reserve(b, n)) return false;
    if (n) memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

bool buf_puts(strbuf *b, const char *s) { return buf_append(b, s, strlen(s)); }

bool buf_putc(strbuf *b, char c) { return buf_append(b, &c, 1); }

bool buf_printf(strbuf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) { b->failed = true; return false; }
    if ((size_t)n < sizeof small) return buf_append(b, small, (size_t)n);
    if (!buf_reserve(b, (size_t)n)) return false;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return true;
}

char *buf_detach(strbuf *b, size_t *len)
{
    if (b->failed) return NULL;
    if (!b->data && !buf_reserve(b, 0)) return NULL;
    b->data[b->len] = '\0';
    char *p = b->data;
    if (len) *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

bool buf_json_str(strbuf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    if (!buf_reserve(b, n + 2)) return false;
    buf_putc(b, '"');
    size_t run = 0;   /* start of the pending run of plain bytes */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = u[i];
        size_t k = 1;   /* bytes that the escape stands for */
        const char *esc = NULL;
        char ubuf[7];
        if (c == '"') esc = "\\\"";
        else if (c == '\\') esc = "\\\\";
        else if (c == '\n') esc = "\\n";
        else if (c == '\r') esc = "\\r";
        else if (c == '\t') esc = "\\t";
        else if (c == '\b') esc = "\\b";
        else if (c == '\f') esc = "\\f";
        else if (c < 0x20 || c == 0x7f) {
            ubuf[0] = '\\'; ubuf[1] = 'u'; ubuf[2] = '0'; ubuf[3] = '0';
            ubuf[4] = hex[c >> 4]; ubuf[5] = hex[c & 15]; ubuf[6] = '\0';
            esc = ubuf;
        } else if (c >= 0x80) {
            k = utf8_valid_seq(u + i, n - i);
            if (!k) {
                /* Callers pass valid UTF-8, except names the user gave
                 * (a ROUGE system id): one U+FFFD per bad byte keeps the
                 * output valid JSON, as utf8_repair_into does. */
                k = 1;
                esc = "\\ufffd";
            } else if (k == 3 && c == 0xE2 && u[i + 1] == 0x80 && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9)) {
                /* U+2028/U+2029 are valid JSON but break JavaScript embedding. */
                esc = u[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
            }
        }
        if (esc) {
            buf_append(b, s + run, i - run);
            buf_puts(b, esc);
            run = i + k;
        }
        i += k - 1;
    }
    buf_append(b, s + run, n - run);
    return buf_putc(b, '"');
}

/* ======================================================================
 * String interning
 * ====================================================================== */
uint32_t hash_bytes(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint32_t h = HASH_INIT;
    for (size_t i = 0; i < n; i++) h = hash_step(h, p[i]);
    return hash_finish(h);
}

void strmap_init(strmap *m, const alc_t *alc, arena *ar)
{
    memset(m, 0, sizeof *m);
    m->alc = alc;
    m->ar = ar;
}

void strmap_fini(strmap *m)
{
    alc_free(m->alc, m->slots);
    alc_free(m->alc, m->strs);
    alc_free(m->alc, m->lens);
    alc_free(m->alc, m->hashes);
    const alc_t *alc = m->alc;
    arena *ar = m->ar;
    memset(m, 0, sizeof *m);
    m->alc = alc;
    m->ar = ar;
}

void strmap_clear(strmap *m)
{
    if (m->slots) memset(m->slots, 0, m->nslots * sizeof *m->slots);
    m->n = 0;
}

static bool strmap_rehash(strmap *m, size_t nslots)
{
    uint32_t *slots = alc_calloc(m->alc, nslots, sizeof *slots);
    if (!slots) return false;
    for (size_t id = 0; id < m->n; id++) {
        size_t i = m->hashes[id] & (nslots - 1);
        while (slots[i]) i = (i + 1) & (nslots - 1);
        slots[i] = (uint32_t)id + 1;
    }
    alc_free(m->alc, m->slots);
    m->slots = slots;
    m->nslots = nslots;
    return true;
}

int64_t strmap_find(const strmap *m, const char *s, size_t n)
{
    return strmap_find_h(m, s, n, hash_bytes(s, n));
}

int64_t strmap_find_h(const strmap *m, const char *s, size_t n, uint32_t h)
{
    if (!m->nslots) return -1;
    size_t i = h & (m->nslots - 1);
    while (m->slots[i]) {
        uint32_t id = m->slots[i] - 1;
        if (m->hashes[id] == h && m->lens[id] == n && memcmp(m->strs[id], s, n) == 0)
            return id;
        i = (i + 1) & (m->nslots - 1);
    }
    return -1;
}

int64_t strmap_intern(strmap *m, const char *s, size_t n)
{
    return strmap_intern_h(m, s, n, hash_bytes(s, n));
}

int strmap_cmp(const strmap *m, size_t a, size_t b)
{
    size_t la = strmap_len(m, a), lb = strmap_len(m, b);
    int c = memcmp(strmap_str(m, a), strmap_str(m, b), la < lb ? la : lb);
    if (c) return c;
    return la < lb ? -1 : la > lb;
}

int strmap_cmp_ids(const void *a, const void *b, void *ud)
{
    return strmap_cmp(ud, *(const uint32_t *)a, *(const uint32_t *)b);
}

int64_t strmap_intern_h(strmap *m, const char *s, size_t n, uint32_t h)
{
    if (n > UINT32_MAX) return -1;
    if (m->n + 1 > m->nslots / 2) {
        if (m->n >= UINT32_MAX - 1) return -1;
        if (!strmap_rehash(m, m->nslots ? m->nslots * 2 : 256)) return -1;
    }
    size_t i = h & (m->nslots - 1);
    while (m->slots[i]) {
        uint32_t id = m->slots[i] - 1;
        if (m->hashes[id] == h && m->lens[id] == n && memcmp(m->strs[id], s, n) == 0)
            return id;
        i = (i + 1) & (m->nslots - 1);
    }
    if (m->n == m->cap) {
        size_t cap = m->cap, cap2 = m->cap, cap3 = m->cap;
        void *strs = m->strs, *lens = m->lens, *hashes = m->hashes;
        if (!grow_array(m->alc, &strs, &cap, m->n + 1, sizeof *m->strs)) return -1;
        m->strs = strs;
        if (!grow_array(m->alc, &lens, &cap2, m->n + 1, sizeof *m->lens)) return -1;
        m->lens = lens;
        if (!grow_array(m->alc, &hashes, &cap3, m->n + 1, sizeof *m->hashes)) return -1;
        m->hashes = hashes;
        /* All three grow in step from the same capacity. */
        m->cap = cap;
    }
    char *copy = arena_strndup(m->ar, s, n);
    if (!copy) return -1;
    size_t id = m->n++;
    m->strs[id] = copy;
    m->lens[id] = (uint32_t)n;
    m->hashes[id] = h;
    m->slots[i] = (uint32_t)id + 1;
    return (int64_t)id;
}

/* ======================================================================
 * UTF-8
 * ====================================================================== */
size_t utf8_valid_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    if (c < 0xC2) return 0;                       /* continuation or overlong */
    if (c < 0xE0) {
        if (n < 2 || (s[1] & 0xC0) != 0x80) return 0;
        return 2;
    }
    if (c < 0xF0) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && s[1] < 0xA0) return 0;   /* overlong */
        if (c == 0xED && s[1] >= 0xA0) return 0;  /* surrogate */
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
            (s[3] & 0xC0) != 0x80) return 0;
        if (c == 0xF0 && s[1] < 0x90) return 0;   /* overlong */
        if (c == 0xF4 && s[1] >= 0x90) return 0;  /* > U+10FFFF */
        return 4;
    }
    return 0;
}

size_t utf8_check(const char *s, size_t n, bool allow_nul)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* Fast path over 8 ASCII bytes at a time. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ull) break;
            if (!allow_nul && ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull)) break;
            i += 8;
        }
        if (i >= n) break;
        if (p[i] == 0 && !allow_nul) return i;
        size_t k = utf8_valid_seq(p + i, n - i);
        if (!k) return i;
        i += k;
    }
    return n;
}

/* High bit of each byte of x that equals the byte of pat (exact: no
 * borrow from one byte into the next). */
static uint64_t bytes_eq(uint64_t x, uint64_t pat)
{
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
    uint64_t y = x ^ pat;
    return ~(((y & low7) + low7) | y | low7);
}

/* High bit of each byte of x that is ASCII white space: with `all`, any
 * of space, \t, \n, \v, \f, \r (9 to 13); else a space or a tab. */
static uint64_t space_bytes(uint64_t x, bool all)
{
    const uint64_t ones = 0x0101010101010101ull, low7 = 0x7F7F7F7F7F7F7F7Full, high = ~low7;
    if (!all) return bytes_eq(x, ones * ' ') | bytes_eq(x, ones * '\t');
    uint64_t y = x & low7;   /* below 0x80: adding 0x77 or 0x72 carries into no other byte */
    uint64_t ctl = (y + ones * 0x77) & ~(y + ones * 0x72) & ~x & high;   /* 9 <= byte <= 13 */
    return ctl | bytes_eq(x, ones * ' ');
}

static size_t count_space_words(const char *t, size_t n, bool all)
{
    /* A word starts where white space (or the start) is followed by
     * anything else; eight bytes at a time where the byte order allows
     * (the cleaner counts every line and sentence, the analysis every
     * sentence: as byte loops with branches these were 8% of a batch
     * run's instructions). */
    size_t words = 0, i = 0;
    unsigned prev = 1;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, t + i, 8);
        uint64_t sp = space_bytes(x, all);
        /* byte k starts a word if byte k-1 (for k = 0: the last one before) is blank */
        uint64_t starts = ~sp & ((sp << 8) | ((uint64_t)prev << 7)) & high;
        words += (size_t)(((starts >> 7) * ones) >> 56);
        prev = (unsigned)(sp >> 63);
    }
#endif
    for (; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        unsigned sp = (c == ' ') | (c == '\t') | (all & (c >= '\n') & (c <= '\r'));
        words += prev & (sp ^ 1);
        prev = sp;
    }
    return words;
}

bool ascii_has_ci(const char *s, size_t n, const char *lit)
{
    for (size_t i = 0; i < n; i++)
        if (ascii_starts_ci(s + i, n - i, lit)) return true;
    return false;
}

size_t blank_words(const char *t, size_t n)
{
    return count_space_words(t, n, false);
}

size_t space_words(const char *t, size_t n)
{
    return count_space_words(t, n, true);
}

size_t utf8_decode(const unsigned char *s, size_t n, int32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80 || n < 2) { *cp = c; return 1; }
    if (c < 0xE0) { *cp = ((c & 0x1F) << 6) | (s[1] & 0x3F); return 2; }
    if (c < 0xF0 || n < 4) {
        if (n < 3) { *cp = c; return 1; }
        *cp = ((c & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        return 3;
    }
    *cp = ((c & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    return 4;
}

/* ======================================================================
 * Sorting with a context argument (qsort_r is not in C11 or POSIX)
 * Introsort: quicksort with a median-of-three pivot, insertion sort for
 * short ranges, and heapsort when the recursion gets too deep, so it stays
 * O(n log n) in the worst case; in place, no allocation. Not stable, so
 * comparators must be total orders (break ties on an index) for
 * deterministic output (then every correct sort gives the same order).
 * Quicksort replaced a plain heapsort after a profile showed heapsort's
 * comparisons and byte-wise swaps at 5% of a summarizing run.
 * ====================================================================== */
static void swap_elems(unsigned char *a, unsigned char *b, size_t size)
{
    if (a == b) return;
    unsigned char t[64];
    while (size > sizeof t) {
        memcpy(t, a, sizeof t);
        memcpy(a, b, sizeof t);
        memcpy(b, t, sizeof t);
        a += sizeof t;
        b += sizeof t;
        size -= sizeof t;
    }
    memcpy(t, a, size);
    memcpy(a, b, size);
    memcpy(b, t, size);
}

static void sift_down(unsigned char *base, size_t size, size_t root, size_t n,
                      sort_cmp cmp, void *ud)
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n) return;
        if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size, ud) < 0)
            child++;
        if (cmp(base + root * size, base + child * size, ud) >= 0) return;
        swap_elems(base + root * size, base + child * size, size);
        root = child;
    }
}

static void heap_sort(unsigned char *b, size_t n, size_t size, sort_cmp cmp, void *ud)
{
    for (size_t i = n / 2; i-- > 0;) sift_down(b, size, i, n, cmp, ud);
    for (size_t end = n - 1; end > 0; end--) {
        swap_elems(b, b + end * size, size);
        sift_down(b, size, 0, end, cmp, ud);
    }
}

static void intro_sort(unsigned char *b, size_t n, size_t size, sort_cmp cmp, void *ud,
                       unsigned depth)
{
    while (n > 16) {
        if (depth-- == 0) {
            heap_sort(b, n, size, cmp, ud);
            return;
        }
        /* Median of three moved to the front, as the pivot. */
        unsigned char *lo = b, *mid = b + (n / 2) * size, *hi = b + (n - 1) * size;
        if (cmp(mid, lo, ud) < 0) swap_elems(mid, lo, size);
        if (cmp(hi, mid, ud) < 0) {
            swap_elems(hi, mid, size);
            if (cmp(mid, lo, ud) < 0) swap_elems(mid, lo, size);
        }
        swap_elems(b, mid, size);
        /* Hoare partition around b[0]: [1, j] <= pivot <= [j + 1, n). */
        size_t i = 0, j = n;
        for (;;) {
            do i++; while (i < n && cmp(b + i * size, b, ud) < 0);
            do j--; while (cmp(b + j * size, b, ud) > 0);
            if (i >= j) break;
            swap_elems(b + i * size, b + j * size, size);
        }
        swap_elems(b, b + j * size, size);   /* the pivot to its place, j */
        /* Recurse into the smaller side, loop on the larger. */
        size_t nl = j, nr = n - j - 1;
        if (nl < nr) {
            intro_sort(b, nl, size, cmp, ud, depth);
            b += (j + 1) * size;
            n = nr;
        } else {
            intro_sort(b + (j + 1) * size, nr, size, cmp, ud, depth);
            n = nl;
        }
    }
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && cmp(b + (k - 1) * size, b + k * size, ud) > 0; k--)
            swap_elems(b + (k - 1) * size, b + k * size, size);
}

void sort_r(void *base, size_t n, size_t size, sort_cmp cmp, void *ud)
{
    if (n < 2 || size == 0) return;
    unsigned depth = 0;
    for (size_t m = n; m; m >>= 1) depth += 2;
    intro_sort(base, n, size, cmp, ud, depth);
}

size_t utf8_repair_into(char *d, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0, i = 0;
    while (i < n) {
        size_t k = p[i] ? utf8_valid_seq(p + i, n - i) : 0;
        if (k) {
            memcpy(d + o, s + i, k);
            o += k;
            i += k;
        } else {
            memcpy(d + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    d[o] = '\0';
    return o;
}

char *utf8_repair_copy(const alc_t *alc, const char *s, size_t n, size_t *out_len)
{
    size_t cap;
    if (!mul_ok(n, 3, &cap) || cap == SIZE_MAX) return NULL;
    char *d = alc_malloc(alc, cap + 1);
    if (!d) return NULL;
    *out_len = utf8_repair_into(d, s, n);
    return d;
}

const char *embedded_lookup(const embedded_file *f, const char *key, size_t n, uint32_t hash,
                            const char **line_end)
{
    if (!f->slots) return NULL;
    if (memchr(key, '\t', n) || memchr(key, '\n', n)) return NULL;   /* no line has such a key */
    const char *text = (const char *)f->data;
    /* A slot: the line number + 1 in its low 20 bits, the top 12 bits of
     * its key's hash above them (tools/embed.c). */
    const uint32_t low = (1u << 20) - 1;
    for (size_t j = hash & f->smask; f->slots[j]; j = (j + 1) & f->smask) {
        uint32_t v = f->slots[j];
        if ((v & ~low) != (hash & ~low)) continue;
        /* The line's key is `key` when the line starts with it and a tab
         * follows (the key holds no tab, checked above). */
        size_t i = f->lines[(v & low) - 1];
        if (f->size - i <= n || memcmp(text + i, key, n) != 0 || text[i + n] != '\t') continue;
        i += n;
        const char *le = memchr(text + i, '\n', f->size - i);
        *line_end = le ? le : text + f->size;
        return text + i;
    }
    return NULL;
}

/* ======================================================================
 * HTML character references
 * ====================================================================== */
size_t html_char_ref(const char *s, size_t n, char *out, size_t *olen)
{
    static const struct { const char *name; const char *text; } named[] = {
        {"&amp;", "&"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&nbsp;", " "},
    };
    if (n < 4 || s[0] != '&') return 0;
    if (s[1] != '#') {
        for (size_t k = 0; k < sizeof named / sizeof *named; k++) {
            size_t l = strlen(named[k].name);
            if (l <= n && memcmp(s, named[k].name, l) == 0) {
                *olen = strlen(named[k].text);
                memcpy(out, named[k].text, *olen);
                return l;
            }
        }
        return 0;
    }
    size_t j = 2;
    bool hex = s[j] == 'x' || s[j] == 'X';
    j += hex;
    size_t d0 = j;
    uint32_t cp = 0;
    while (j < n && j - d0 < 7) {
        unsigned char c = (unsigned char)s[j];
        int v = c >= '0' && c <= '9' ? c - '0'
              : hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
        if (v < 0) break;
        cp = cp * (hex ? 16 : 10) + (uint32_t)v;
        j++;
    }
    if (j == d0 || j >= n || s[j] != ';') return 0;
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0xD800 && cp < 0xE000) || cp > 0x10FFFF) return 0;
    *olen = (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)out);
    return j + 1;
}

bool line_cstr(const char *p, const char *le, char *buf, size_t size)
{
    size_t n = (size_t)(le - p);
    if (n >= size) return false;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return true;
}
