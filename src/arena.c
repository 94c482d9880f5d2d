/*
 * arena.c -- per-cluster bump allocator.
 *
 * A cluster's documents, sentences, tokens and vectors all live in one
 * arena, so one call frees a cluster however it was left (even half built
 * after an allocation failure), and batch runs reuse the memory.
 */
#include "internal.h"

#include <string.h>

#define ARENA_ALIGN 16
#define ARENA_MIN_CHUNK ((size_t)64 << 10)

struct arena_chunk {
    arena_chunk *prev;
    size_t size;               /* usable bytes after the header */
    /* data follows, aligned */
};

static size_t header_size(void)
{
    return (sizeof(arena_chunk) + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
}

static unsigned char *chunk_data(arena_chunk *c)
{
    return (unsigned char *)c + header_size();
}

void arena_init(arena *ar, const alc_t *alc)
{
    ar->alc = alc;
    ar->head = NULL;
    ar->used = 0;
    ar->total = 0;
}

void arena_fini(arena *ar)
{
    arena_chunk *c = ar->head;
    while (c) {
        arena_chunk *prev = c->prev;
        alc_free(ar->alc, c);
        c = prev;
    }
    ar->head = NULL;
    ar->used = 0;
    ar->total = 0;
}

void arena_reset(arena *ar)
{
    arena_chunk *keep = NULL, *c = ar->head;
    while (c) {
        arena_chunk *prev = c->prev;
        if (!keep || c->size > keep->size) {
            if (keep) alc_free(ar->alc, keep);
            keep = c;
        } else {
            alc_free(ar->alc, c);
        }
        c = prev;
    }
    if (keep) keep->prev = NULL;
    ar->head = keep;
    ar->used = 0;
    ar->total = keep ? keep->size : 0;
}

void *arena_alloc(arena *ar, size_t n)
{
    if (n == 0) n = 1;
    if (n > SIZE_MAX / 2) return NULL;
    n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (!ar->head || ar->head->size - ar->used < n) {
        /* Chunks grow with the arena so that big clusters need few of
         * them; one oversized request gets a chunk of its own size. */
        size_t size = ARENA_MIN_CHUNK;
        if (ar->total / 2 > size) size = ar->total / 2;
        if (size > ((size_t)64 << 20)) size = (size_t)64 << 20;
        if (n > size) size = n;
        arena_chunk *c = alc_malloc(ar->alc, header_size() + size);
        if (!c) return NULL;
        c->size = size;
        c->prev = ar->head;
        ar->head = c;
        ar->used = 0;
        ar->total += size;
    }
    void *p = chunk_data(ar->head) + ar->used;
    ar->used += n;
    return p;
}

void *arena_calloc(arena *ar, size_t count, size_t size)
{
    size_t n;
    if (!mul_ok(count, size, &n)) return NULL;
    void *p = arena_alloc(ar, n);
    if (p) memset(p, 0, n);
    return p;
}

char *arena_strndup(arena *ar, const char *s, size_t n)
{
    if (n == SIZE_MAX) return NULL;
    char *p = arena_alloc(ar, n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *ar, const char *s)
{
    return s ? arena_strndup(ar, s, strlen(s)) : NULL;
}

bool arena_grow(arena *ar, void **arr, size_t *cap, size_t need, size_t elsize)
{
    if (need <= *cap) return true;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2) return false;
        ncap *= 2;
    }
    size_t bytes, old;
    if (!mul_ok(ncap, elsize, &bytes) || !mul_ok(*cap, elsize, &old)) return false;
    void *p = arena_alloc(ar, bytes);
    if (!p) return false;
    if (*arr && old) memcpy(p, *arr, old);
    *arr = p;
    *cap = ncap;
    return true;
}
