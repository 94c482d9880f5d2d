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
static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= UINT64_C(0xff51afd7ed558ccd);
    x ^= x >> 33;
    x *= UINT64_C(0xc4ceb9fe1a85ec53);
    x ^= x >> 33;
    return x;
}

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
    g->nslots = g->n = 0;
}

bool gram_map_reset(gram_map *g, size_t expect, size_t len)
{
    size_t want = 16;
    while (want < expect * 2 + 2) {
        if (want > SIZE_MAX / 4) return false;
        want *= 2;
    }
    if (want > g->nslots || (g->nslots > 4096 && want * 8 < g->nslots)) {
        gram_slot *s = alc_calloc(g->alc, want, sizeof *s);
        if (!s) return false;
        alc_free(g->alc, g->slots);
        g->slots = s;
        g->nslots = want;
    } else {
        memset(g->slots, 0, g->nslots * sizeof *g->slots);
    }
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
        g->nslots = ns;
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
void lcs_buf_init(lcs_buf *b, const alc_t *alc)
{
    b->alc = alc;
    b->c = NULL;
    b->cap = 0;
}

void lcs_buf_fini(lcs_buf *b)
{
    alc_free(b->alc, b->c);
    b->c = NULL;
    b->cap = 0;
}

int lcs_mark(lcs_buf *b, const uint32_t *r, size_t m, const uint32_t *c, size_t n,
             uint8_t *mask)
{
    if (m == 0 || n == 0) return MDSUM_OK;
    size_t w = n + 1, cells;
    if (!mul_ok(m + 1, w, &cells) || cells > LCS_MAX_CELLS) return MDSUM_ELIMIT;
    if (cells > b->cap) {
        uint32_t *t = alc_malloc(b->alc, cells * sizeof *t);
        if (!t) return MDSUM_ENOMEM;
        alc_free(b->alc, b->c);
        b->c = t;
        b->cap = cells;
    }
    uint32_t *t = b->c;
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
