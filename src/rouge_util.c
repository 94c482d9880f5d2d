/*
 * rouge_util.c -- pieces both ROUGE scorers share: the random number
 * generators of the reference implementations, an n-gram count map, the
 * union-LCS marking, and per-evaluation term ids.
 *
 * Sources:
 *  - drand48: POSIX (The Open Group Base Specifications, drand48): the
 *    48-bit LCG x' = (0x5DEECE66D x + 0xB) mod 2^48; srand48(s) sets
 *    x = s << 16 | 0x330E; the result is x' / 2^48. Perl (>= 5.20) uses
 *    this generator for srand()/rand() on every platform.
 *  - MT19937: M. Matsumoto and T. Nishimura, "Mersenne Twister", ACM TOMACS
 *    8(1), 1998 (init_genrand, genrand_int32); bounded integers as numpy's
 *    legacy RandomState.randint does them (masked rejection sampling).
 *  - The LCS table and its backtracking: Cormen et al., Introduction to
 *    Algorithms, 15.4, with the tie-break of ROUGE-1.5.5 (markLCS) and of
 *    rouge-score (_backtrack_norec), which agree: up when c[i-1][j] >=
 *    c[i][j-1].
 *  - The rows of that table as bit vectors: L. Allison and T. I. Dix, "A
 *    bit-string longest-common-subsequence algorithm", IPL 23(6), 1986, in
 *    the form of H. Hyyro, "Bit-parallel LCS-length computation revisited",
 *    AWOCA 2004: V' = (V + (V & M)) | (V & ~M), V_0 = all ones, M the
 *    columns matching the row's token; column j of row i has c[i][j+1] =
 *    c[i][j] + 1 exactly when bit j of V_i is 0. The traceback needs only
 *    c[i][j] (carried along) and c[i-1][j] (a prefix count of V_{i-1}): with
 *    no match, c[i][j] is the larger of up and left, so "up when up >= left"
 *    is "up when c[i-1][j] == c[i][j]".
 * Departures: the LCS table is refused beyond LCS_MAX_CELLS cells (the
 * reference implementations would try and run out of memory).
 */
#include "rouge.h"

#include <math.h>
#include <string.h>

/* ======================================================================
 * drand48
 * ====================================================================== */
#define RAND48_MASK ((UINT64_C(1) << 48) - 1)

void rouge_rand48_seed(rouge_rand48 *r, uint32_t seed)
{
    r->x = ((uint64_t)seed << 16) | 0x330E;
}

double rouge_rand48_next(rouge_rand48 *r)
{
    r->x = (UINT64_C(0x5DEECE66D) * r->x + 0xB) & RAND48_MASK;
    return ldexp((double)r->x, -48);
}

/* ======================================================================
 * MT19937
 * ====================================================================== */
void rouge_mt_seed(rouge_mt *m, uint32_t seed)
{
    m->mt[0] = seed;
    for (uint32_t i = 1; i < 624; i++)
        m->mt[i] = 1812433253u * (m->mt[i - 1] ^ (m->mt[i - 1] >> 30)) + i;
    m->i = 624;
}

uint32_t rouge_mt_next(rouge_mt *m)
{
    if (m->i >= 624) {
        for (int k = 0; k < 624; k++) {
            uint32_t y = (m->mt[k] & 0x80000000u) | (m->mt[(k + 1) % 624] & 0x7fffffffu);
            m->mt[k] = m->mt[(k + 397) % 624] ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
        }
        m->i = 0;
    }
    uint32_t y = m->mt[m->i++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

uint32_t rouge_mt_below(rouge_mt *m, uint64_t n)
{
    if (n <= 1) return 0;   /* numpy draws nothing for a range of one value */
    uint32_t rng = (uint32_t)(n - 1);
    uint32_t mask = rng;
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
    uint32_t v;
    do {
        v = rouge_mt_next(m) & mask;
    } while (v > rng);
    return v;
}

/* ======================================================================
 * n-gram count map
 * ====================================================================== */
uint64_t gram_hash(const uint32_t *seq, size_t n)
{
    uint64_t h = UINT64_C(0x9E3779B97F4A7C15) ^ n;
    for (size_t i = 0; i < n; i++) h = mix64(h ^ seq[i]) + i;
    return h;
}

void gram_map_init(gram_map *g, const alc_t *alc)
{
    memset(g, 0, sizeof *g);
    g->alc = alc;
}

void gram_map_fini(gram_map *g)
{
    alc_free(g->alc, g->slots);
    g->slots = NULL;
    g->nslots = g->cap = g->n = 0;
}

bool gram_map_reset(gram_map *g, size_t expect, size_t len)
{
    size_t want = 16;
    while (want < expect * 2 + 2) {
        if (want > SIZE_MAX / 4) return false;
        want *= 2;
    }
    /* Only the slots the expected count needs are cleared and used: the
     * map is emptied for every peer of every evaluation, and the largest
     * text seen must not set the cost of all the small ones. */
    if (want > g->cap || (g->cap > 4096 && want * 8 < g->cap)) {
        gram_slot *s = alc_calloc(g->alc, want, sizeof *s);
        if (!s) return false;
        alc_free(g->alc, g->slots);
        g->slots = s;
        g->cap = want;
    } else {
        memset(g->slots, 0, want * sizeof *g->slots);
    }
    g->nslots = want;
    g->n = 0;
    g->len = len;
    return true;
}

static bool same_key(const gram_map *g, const gram_slot *s, uint64_t key, const uint32_t *seq)
{
    if (s->key != key) return false;
    return !seq || memcmp(s->seq, seq, g->len * sizeof *seq) == 0;
}

static size_t slot_of(uint64_t key, bool exact, size_t nslots)
{
    return (size_t)(exact ? mix64(key) : key) & (nslots - 1);
}

bool gram_map_add(gram_map *g, uint64_t key, const uint32_t *seq)
{
    if (g->n * 2 + 2 > g->nslots) {
        /* Rebuild at twice the size (reset sizes only for the expected
         * count, which callers keep right; this is the safety net). */
        size_t ns = g->nslots ? g->nslots * 2 : 16;
        gram_slot *s = alc_calloc(g->alc, ns, sizeof *s);
        if (!s) return false;
        for (size_t i = 0; i < g->nslots; i++) {
            gram_slot *o = &g->slots[i];
            if (!o->cp) continue;
            size_t j = slot_of(o->key, o->seq == NULL, ns);
            while (s[j].cp) j = (j + 1) & (ns - 1);
            s[j] = *o;
        }
        alc_free(g->alc, g->slots);
        g->slots = s;
        g->nslots = g->cap = ns;
    }
    size_t i = slot_of(key, seq == NULL, g->nslots);
    for (;;) {
        gram_slot *s = &g->slots[i];
        if (!s->cp) {
            s->key = key;
            s->seq = seq;
            s->cp = 1;
            s->cm = 0;
            s->stamp = 0;
            g->n++;
            return true;
        }
        if (same_key(g, s, key, seq)) {
            s->cp++;
            return true;
        }
        i = (i + 1) & (g->nslots - 1);
    }
}

int gram_hit(gram_map *g, uint64_t key, const uint32_t *seq, uint32_t stamp)
{
    if (!g->nslots) return 0;
    size_t i = slot_of(key, seq == NULL, g->nslots);
    for (;;) {
        gram_slot *s = &g->slots[i];
        if (!s->cp) return 0;
        if (same_key(g, s, key, seq)) {
            if (s->stamp != stamp) {
                s->stamp = stamp;
                s->cm = 0;
            }
            s->cm++;
            return s->cm <= s->cp;
        }
        i = (i + 1) & (g->nslots - 1);
    }
}

/* ======================================================================
 * Union LCS marking
 * ====================================================================== */
/* Room for count elements of size bytes in the scratch array *p (capacity
 * *cap elements). Not grow_array: the old contents are dropped, not copied
 * (every caller overwrites what it reads), and the capacity is what was
 * asked, not doubled (the tables run up to LCS_MAX_CELLS cells). False,
 * the array as it was, when count * size overflows or memory runs out. */
static bool scratch_room(const alc_t *alc, void **p, size_t *cap, size_t count, size_t size)
{
    if (count <= *cap) return true;
    size_t bytes;
    if (!mul_ok(count, size, &bytes)) return false;
    void *q = alc_malloc(alc, bytes);
    if (!q) return false;
    alc_free(alc, *p);
    *p = q;
    *cap = count;
    return true;
}

void lcs_buf_init(lcs_buf *b, const alc_t *alc)
{
    memset(b, 0, sizeof *b);
    b->alc = alc;
}

void lcs_buf_fini(lcs_buf *b)
{
    alc_free(b->alc, b->c);
    alc_free(b->alc, b->rows);
    alc_free(b->alc, b->keys);
    alc_free(b->alc, b->index);
    b->c = NULL;
    b->rows = NULL;
    b->keys = NULL;
    b->index = NULL;
    b->cap = b->cap_rows = b->cap_keys = b->cap_index = 0;
}

int lcs_mark_dp(lcs_buf *b, const uint32_t *r, size_t m, const uint32_t *c, size_t n,
                uint8_t *mask)
{
    if (m == 0 || n == 0) return MDSUM_OK;
    size_t w = n + 1, cells;
    if (!mul_ok(m + 1, w, &cells) || cells > LCS_MAX_CELLS) return MDSUM_ELIMIT;
    void *room = b->c;
    if (!scratch_room(b->alc, &room, &b->cap, cells, sizeof *b->c)) return MDSUM_ENOMEM;
    uint32_t *t = b->c = room;
    memset(t, 0, w * sizeof *t);
    for (size_t i = 1; i <= m; i++) {
        uint32_t *row = t + i * w, *up = row - w;
        uint32_t ri = r[i - 1];
        row[0] = 0;
        for (size_t j = 1; j <= n; j++) {
            if (ri == c[j - 1]) row[j] = up[j - 1] + 1;
            else row[j] = up[j] >= row[j - 1] ? up[j] : row[j - 1];
        }
    }
    size_t i = m, j = n;
    while (i > 0 && j > 0) {
        if (r[i - 1] == c[j - 1]) {
            i--;
            j--;
            mask[i] = 1;
        } else if (t[(i - 1) * w + j] >= t[i * w + j - 1]) {
            i--;
        } else {
            j--;
        }
    }
    return MDSUM_OK;
}

/* ======================================================================
 * Per-evaluation ids
 * ====================================================================== */
void local_ids_init(local_ids *l, const alc_t *alc)
{
    memset(l, 0, sizeof *l);
    l->alc = alc;
    l->gen = 1;
}

void local_ids_fini(local_ids *l)
{
    alc_free(l->alc, l->stamp);
    alc_free(l->alc, l->local);
    l->stamp = l->local = NULL;
    l->cap = 0;
}

bool local_ids_reset(local_ids *l)
{
    l->n = 0;
    if (++l->gen == 0) {
        if (l->stamp) memset(l->stamp, 0, l->cap * sizeof *l->stamp);
        l->gen = 1;
    }
    return true;
}

uint32_t local_id(local_ids *l, uint32_t g)
{
    if (g >= l->cap) {
        size_t ncap = l->cap ? l->cap : 1024;
        while (ncap <= g) ncap *= 2;
        uint32_t *s = alc_realloc(l->alc, l->stamp, l->cap * sizeof *s, ncap * sizeof *s);
        if (!s) return UINT32_MAX;
        l->stamp = s;
        memset(s + l->cap, 0, (ncap - l->cap) * sizeof *s);
        uint32_t *loc = alc_realloc(l->alc, l->local, l->cap * sizeof *loc, ncap * sizeof *loc);
        if (!loc) return UINT32_MAX;   /* stamp grew already; cap stays: retried next time */
        l->local = loc;
        l->cap = ncap;
    }
    if (l->stamp[g] != l->gen) {
        l->stamp[g] = l->gen;
        l->local[g] = l->n++;
    }
    return l->local[g];
}

/* Portable and branch-free (the compiler builtin becomes a library call
 * without -mpopcnt). */
static unsigned popcount64(uint64_t x)
{
    x = x - ((x >> 1) & UINT64_C(0x5555555555555555));
    x = (x & UINT64_C(0x3333333333333333)) + ((x >> 2) & UINT64_C(0x3333333333333333));
    x = (x + (x >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
    return (unsigned)((x * UINT64_C(0x0101010101010101)) >> 56);
}

/* Zero bits of v among the first j bits: c[i][j] of the row v. */
static size_t zeros_below(const uint64_t *v, size_t j)
{
    size_t z = 0, w = j / 64;
    for (size_t k = 0; k < w; k++) z += popcount64(~v[k]);
    if (j % 64) z += popcount64(~v[w] & ((UINT64_C(1) << (j % 64)) - 1));
    return z;
}

/* Room for the bit rows V_0..V_m of W words, plus `extra` words; false
 * when that many words overflow size_t (in words or in bytes) or memory
 * runs out. */
static bool rows_room(lcs_buf *b, size_t m, size_t W, size_t extra, uint64_t **out)
{
    size_t need;
    if (m == SIZE_MAX || !mul_ok(m + 1, W, &need) || need > SIZE_MAX - extra) return false;
    need += extra;
    void *room = b->rows;
    if (!scratch_room(b->alc, &room, &b->cap_rows, need, sizeof *b->rows)) return false;
    *out = b->rows = room;
    return true;
}

/* Room for the open-addressing table of the distinct tokens of a
 * sequence of n: nk slots (a power of two, at least 2n) of keys and as
 * many of mask numbers. */
static bool keys_room(lcs_buf *b, size_t n, size_t *nk_out)
{
    size_t nk = 16;
    while (nk < 2 * n) {
        if (nk > SIZE_MAX / 4) return false;
        nk *= 2;
    }
    size_t need;
    void *room = b->keys;
    if (!mul_ok(nk, 2, &need) || !scratch_room(b->alc, &room, &b->cap_keys, need, sizeof *b->keys))
        return false;
    b->keys = room;
    *nk_out = nk;
    return true;
}

/* One match mask of W words per distinct token of c[0..n) (bit j set where
 * c[j] is that token), in masks in order of first appearance; the table
 * in b->keys (see keys_room) finds them with token_mask. */
static void token_masks(lcs_buf *b, size_t nk, const uint32_t *c, size_t n, size_t W,
                        uint64_t *masks)
{
    uint32_t *keys = b->keys, *slot = b->keys + nk;   /* slot[i] = mask index + 1 */
    memset(slot, 0, nk * sizeof *slot);
    size_t nmask = 0;
    for (size_t j = 0; j < n; j++) {
        size_t h = (size_t)mix64(c[j]) & (nk - 1);
        while (slot[h] && keys[h] != c[j]) h = (h + 1) & (nk - 1);
        if (!slot[h]) {
            keys[h] = c[j];
            slot[h] = (uint32_t)++nmask;
            memset(masks + (nmask - 1) * W, 0, W * sizeof *masks);
        }
        masks[(slot[h] - 1) * W + j / 64] |= UINT64_C(1) << (j % 64);
    }
}

/* The match mask of token t (built by token_masks), NULL when t is not in
 * the sequence. */
static const uint64_t *token_mask(const lcs_buf *b, size_t nk, size_t W, const uint64_t *masks,
                                  uint32_t t)
{
    const uint32_t *keys = b->keys, *slot = b->keys + nk;
    size_t h = (size_t)mix64(t) & (nk - 1);
    while (slot[h] && keys[h] != t) h = (h + 1) & (nk - 1);
    return slot[h] ? masks + (slot[h] - 1) * W : NULL;
}

/* One step of the bit-parallel LCS (Hyyro's form, above): the row cur
 * from the row prev and the match mask M of the row's token. cur may be
 * prev (each word is read before it is written). */
static void lcs_step(uint64_t *cur, const uint64_t *prev, const uint64_t *M, size_t W)
{
    uint64_t carry = 0;
    for (size_t k = 0; k < W; k++) {
        uint64_t v = prev[k], u = v & M[k];
        uint64_t sum = v + u;
        uint64_t c1 = sum < v;
        uint64_t sum2 = sum + carry;
        carry = c1 | (sum2 < sum);
        cur[k] = sum2 | (v & ~M[k]);
    }
}

/* The rows and the traceback, once the match mask of every row is in
 * Mrows (m x W words). */
static void lcs_rows(uint64_t *V, const uint64_t *Mrows, const uint32_t *r, size_t m,
                     const uint32_t *c, size_t n, size_t W, uint8_t *mask)
{
    for (size_t k = 0; k < W; k++) V[k] = ~UINT64_C(0);
    for (size_t i = 1; i <= m; i++) lcs_step(V + i * W, V + (i - 1) * W, Mrows + (i - 1) * W, W);
    size_t i = m, j = n, val = zeros_below(V + m * W, n);
    /* up = c[i-1][j], kept up to date on left moves */
    size_t up = zeros_below(V + (m - 1) * W, n);
    while (i > 0 && j > 0) {
        if (r[i - 1] == c[j - 1]) {
            i--;
            j--;
            mask[i] = 1;
            val--;
            if (i > 0) up = zeros_below(V + (i - 1) * W, j);
        } else if (up == val) {
            i--;
            if (i > 0) up = zeros_below(V + (i - 1) * W, j);
        } else {
            j--;
            const uint64_t *row = V + i * W, *above = V + (i - 1) * W;
            if (!((row[j / 64] >> (j % 64)) & 1)) val--;
            if (!((above[j / 64] >> (j % 64)) & 1)) up--;
        }
    }
}

int lcs_mark(lcs_buf *b, const uint32_t *r, size_t m, const uint32_t *c, size_t n,
             uint8_t *mask)
{
    if (m == 0 || n == 0) return MDSUM_OK;
    size_t cells;
    if (!mul_ok(m + 1, n + 1, &cells) || cells > LCS_MAX_CELLS) return MDSUM_ELIMIT;
    size_t W = (n + 63) / 64, nk;
    /* rows V_0..V_m, the row masks (m x W), one mask per distinct token */
    uint64_t *V;
    if (!rows_room(b, m, W, (m + n + 1) * W, &V)) return MDSUM_ENOMEM;
    if (!keys_room(b, n, &nk)) return MDSUM_ENOMEM;
    uint64_t *Mrows = V + (m + 1) * W, *masks = Mrows + m * W;
    token_masks(b, nk, c, n, W, masks);
    for (size_t i = 0; i < m; i++) {
        const uint64_t *M = token_mask(b, nk, W, masks, r[i]);
        if (M) memcpy(Mrows + i * W, M, W * sizeof *Mrows);
        else memset(Mrows + i * W, 0, W * sizeof *Mrows);
    }
    lcs_rows(V, Mrows, r, m, c, n, W, mask);
    return MDSUM_OK;
}

int lcs_index(lcs_buf *b, const uint32_t *c, size_t n, size_t u)
{
    size_t words = (n + 63) / 64 + 1, need;
    void *room = b->index;
    if (!mul_ok(u ? u : 1, words, &need) ||
        !scratch_room(b->alc, &room, &b->cap_index, need, sizeof *b->index))
        return MDSUM_ENOMEM;
    b->index = room;
    memset(b->index, 0, need * sizeof *b->index);
    for (size_t p = 0; p < n; p++)
        b->index[(size_t)c[p] * words + p / 64] |= UINT64_C(1) << (p % 64);
    b->index_words = words;
    b->index_u = u;
    return MDSUM_OK;
}

int lcs_mark_at(lcs_buf *b, const uint32_t *r, size_t m, const uint32_t *text, size_t start,
                size_t n, uint8_t *mask)
{
    if (m == 0 || n == 0) return MDSUM_OK;
    size_t cells;
    if (!mul_ok(m + 1, n + 1, &cells) || cells > LCS_MAX_CELLS) return MDSUM_ELIMIT;
    size_t W = (n + 63) / 64;
    uint64_t *V;
    if (!rows_room(b, m, W, m * W, &V)) return MDSUM_ENOMEM;
    uint64_t *Mrows = V + (m + 1) * W;
    size_t off = start % 64, base = start / 64;
    uint64_t last = n % 64 ? (UINT64_C(1) << (n % 64)) - 1 : ~UINT64_C(0);
    for (size_t i = 0; i < m; i++) {
        uint64_t *M = Mrows + i * W;
        if (r[i] >= b->index_u) {
            memset(M, 0, W * sizeof *M);
            continue;
        }
        /* Bits [start, start + n) of the token's row, shifted to 0. The
         * row has a spare word, so reading one word ahead is safe. */
        const uint64_t *src = b->index + (size_t)r[i] * b->index_words + base;
        for (size_t k = 0; k < W; k++)
            M[k] = off ? (src[k] >> off) | (src[k + 1] << (64 - off)) : src[k];
        M[W - 1] &= last;
    }
    lcs_rows(V, Mrows, r, m, text + start, n, W, mask);
    return MDSUM_OK;
}

int lcs_length(lcs_buf *b, const uint32_t *r, size_t m, const uint32_t *c, size_t n,
               size_t *out)
{
    *out = 0;
    if (m == 0 || n == 0) return MDSUM_OK;
    size_t W = (n + 63) / 64, nk;
    /* one row (W words), the masks of c's distinct tokens, a zero mask */
    uint64_t *V;
    if (!rows_room(b, n + 1, W, 0, &V)) return MDSUM_ENOMEM;
    if (!keys_room(b, n, &nk)) return MDSUM_ENOMEM;
    uint64_t *masks = V + W;
    token_masks(b, nk, c, n, W, masks);
    for (size_t k = 0; k < W; k++) V[k] = ~UINT64_C(0);
    for (size_t i = 0; i < m; i++) {
        const uint64_t *M = token_mask(b, nk, W, masks, r[i]);
        if (M) lcs_step(V, V, M, W);   /* no match: the row stays the same */
    }
    *out = zeros_below(V, n);
    return MDSUM_OK;
}
