/*
 * select.c -- choosing sentences under an exact budget.
 *
 * Budgets: words (white-space separated, as ROUGE's -l counts them),
 * sentences, bytes (of the text output: sentences joined by one separator
 * byte). Whole sentences never exceed a budget; with `truncate`, the last
 * one may be cut at a word boundary to fill the word or byte budget
 * exactly, which is how summaries are scored under a length limit.
 *
 * Greedy selection walks the sentences by decreasing score and takes each
 * one that fits the remaining budget and is not redundant: its cosine with
 * every chosen sentence must stay at or below the threshold, so the same
 * fact told by two outlets is said once.
 */
#include "internal.h"
#include "stages.h"

#include <string.h>

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

size_t count_words(const char *text, size_t start, size_t end)
{
    return space_words(text + start, end - start);
}

size_t words_prefix_end(const char *text, size_t start, size_t end, size_t max_words)
{
    size_t n = 0;
    bool in = false;
    for (size_t i = start; i < end; i++) {
        bool sp = is_space((unsigned char)text[i]);
        if (!sp && !in) {
            if (n == max_words) {
                /* i starts word max_words+1: end after the previous word. */
                size_t e = i;
                while (e > start && is_space((unsigned char)text[e - 1])) e--;
                return e;
            }
            n++;
        }
        in = !sp;
    }
    return end;
}

static size_t sel_words(const selection *sel)
{
    size_t w = 0;
    for (size_t i = 0; i < sel->n; i++) w += sel->v[i].words;
    return w;
}

static size_t sel_bytes(const mdsum_cluster *cl, const selection *sel)
{
    size_t b = 0;
    for (size_t i = 0; i < sel->n; i++) {
        b += sel->v[i].end - cl->sents[sel->v[i].sent].start;
        if (i) b++;   /* the separator */
    }
    return b;
}

bool budget_fits(const budget *b, const selection *sel, size_t words, size_t bytes,
                 const mdsum_cluster *cl)
{
    if (b->sentences && sel->n + 1 > (size_t)b->sentences) return false;
    if (b->words && sel_words(sel) + words > (size_t)b->words) return false;
    if (b->bytes && sel_bytes(cl, sel) + bytes + (sel->n ? 1 : 0) > (size_t)b->bytes) return false;
    return true;
}

int selection_push(arena *ar, selection *sel, uint32_t sent, size_t end, uint32_t words,
                   double score)
{
    void *v = sel->v;
    if (!arena_grow(ar, &v, &sel->cap, sel->n + 1, sizeof *sel->v)) return MDSUM_ENOMEM;
    sel->v = v;
    pick_rec *p = &sel->v[sel->n++];
    p->sent = sent;
    p->end = end;
    p->words = words;
    p->score = score;
    return MDSUM_OK;
}

bool select_candidate(const mdsum_cluster *cl, size_t i)
{
    const sent_rec *s = &cl->sents[i];
    if (s->flags & SENT_NOT_CANDIDATE) return false;
    if (s->words < SELECT_MIN_WORDS) return false;
    return s->nvec > 0;
}

/* Second tier: sentences the cleaner flagged only for readability (a
 * lower-case start, a question, a dangling opening) fill what the
 * candidates leave of the budget. So does unfinished text of sentence
 * length (a trailing "...", a document cut mid-sentence); headlines,
 * noise and short unfinished lines (titles, link texts) never do. */
#define SELECT_FILL_UNFINISHED_MIN_WORDS 12

bool select_fallback(const mdsum_cluster *cl, size_t i)
{
    const sent_rec *s = &cl->sents[i];
    if (s->flags & (SENT_HEADLINE | SENT_NOISY)) return false;
    if ((s->flags & SENT_UNFINISHED) && s->words < SELECT_FILL_UNFINISHED_MIN_WORDS) return false;
    return s->words >= SELECT_MIN_WORDS && s->nvec > 0;
}

bool select_used(const selection *sel, size_t i)
{
    for (size_t k = 0; k < sel->n; k++)
        if (sel->v[k].sent == i) return true;
    return false;
}

bool select_redundant(const mdsum_cluster *cl, const selection *sel, size_t i, double threshold)
{
    if (threshold >= 1.0) return false;
    for (size_t k = 0; k < sel->n; k++)
        if (sent_cosine(cl, sel->v[k].sent, i) > threshold) return true;
    return false;
}

bool budget_full(const budget *b, const selection *sel, const mdsum_cluster *cl)
{
    if (b->sentences && sel->n >= (size_t)b->sentences) return true;
    if (b->words && sel_words(sel) + SELECT_MIN_WORDS > (size_t)b->words) return true;
    if (b->bytes && sel_bytes(cl, sel) + 16 > (size_t)b->bytes) return true;
    return false;
}

static int by_score(const void *a, const void *b, void *ud)
{
    const double *scores = ud;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    double sx = scores[x], sy = scores[y];
    if (sx != sy) return sx > sy ? -1 : 1;
    return x < y ? -1 : x > y;   /* earlier sentence first: deterministic */
}

void select_order(uint32_t *idx, size_t n, const double *scores)
{
    sort_r(idx, n, sizeof *idx, by_score, (void *)scores);
}

/* Cut sentence i to what is left of the budget. Returns false if not even
 * one word fits. */
static bool cut_to_budget(const mdsum_cluster *cl, const budget *b, const selection *sel,
                          size_t i, size_t *end, size_t *words)
{
    const sent_rec *s = &cl->sents[i];
    const char *t = cl->docs[s->doc].text;
    size_t e = s->end, w = s->words;
    if (b->words) {
        size_t used = sel_words(sel);
        if (used >= (size_t)b->words) return false;
        size_t left = (size_t)b->words - used;
        if (w > left) {
            e = words_prefix_end(t, s->start, s->end, left);
            w = left;
        }
    }
    if (b->bytes) {
        size_t used = sel_bytes(cl, sel) + (sel->n ? 1 : 0);
        if (used >= (size_t)b->bytes) return false;
        size_t left = (size_t)b->bytes - used;
        if (e - s->start > left) {
            /* Back off to a word boundary, then to a whole UTF-8 character. */
            size_t cut = s->start + left;
            while (cut > s->start && !is_space((unsigned char)t[cut])) cut--;
            while (cut > s->start && is_space((unsigned char)t[cut - 1])) cut--;
            if (cut == s->start) return false;
            e = cut;
            w = count_words(t, s->start, e);
        }
    }
    if (w == 0) return false;
    *end = e;
    *words = w;
    return true;
}

int select_fill(mdsum_ctx *ctx, const mdsum_cluster *cl, arena *ar, const uint32_t *order,
                size_t norder, const double *scores, const budget *b, double redundancy,
                selection *out)
{
    if (!b->truncate && out->n > 0) return MDSUM_OK;
    /* Fill what is left with the best unused sentence, cut to fit; when
     * nothing fit whole (a 300-word line without punctuation and a
     * 100-word budget), this gives the best sentence's start. */
    bool sentences_left = !b->sentences || out->n < (size_t)b->sentences;
    for (size_t r = 0; r < norder && sentences_left; r++) {
        size_t i = order[r];
        if (select_used(out, i) || cl->sents[i].words == 0) continue;
        if (out->n && !select_fallback(cl, i)) continue;
        if (select_redundant(cl, out, i, redundancy)) continue;
        size_t e, w;
        if (!cut_to_budget(cl, b, out, i, &e, &w)) break;
        if (selection_push(ar, out, (uint32_t)i, e, (uint32_t)w, scores ? scores[i] : 0))
            return err_set(ctx, MDSUM_ENOMEM, "out of memory");
        break;
    }
    return MDSUM_OK;
}

int select_follow_chains(mdsum_ctx *ctx, const mdsum_cluster *cl, arena *ar, const uint32_t *order,
                         size_t norder, const double *scores, const budget *b, double redundancy,
                         selection *out)
{
    size_t all = cl->nsents;
    if (all == 0) return MDSUM_OK;
    uint8_t *chosen = arena_calloc(ar, all, 1);
    if (!chosen) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    for (size_t k = 0; k < out->n; k++) chosen[out->v[k].sent] = 1;
    for (size_t r = 0; r < norder && !budget_full(b, out, cl); r++) {
        for (size_t j = order[r]; j < all && !budget_full(b, out, cl); j++) {
            const sent_rec *s = &cl->sents[j];
            if (chosen[j] || j == 0 || !chosen[j - 1] || cl->sents[j - 1].doc != s->doc) break;
            if (!select_fallback(cl, j) || !budget_fits(b, out, s->words, s->end - s->start, cl)) break;
            if (select_redundant(cl, out, j, redundancy)) break;
            if (selection_push(ar, out, (uint32_t)j, s->end, s->words, scores ? scores[j] : 0))
                return err_set(ctx, MDSUM_ENOMEM, "out of memory");
            chosen[j] = 1;
        }
    }
    return MDSUM_OK;
}

int select_greedy(mdsum_ctx *ctx, const mdsum_cluster *cl, arena *ar, const double *scores,
                  const budget *b, double redundancy, selection *out)
{
    size_t n = cl->nsents;
    memset(out, 0, sizeof *out);
    if (n == 0) return MDSUM_OK;
    uint32_t *idx = arena_alloc(ar, n * sizeof *idx);
    if (!idx) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) idx[i] = (uint32_t)i;
    select_order(idx, n, scores);

    /* Pass 0: candidates (no fragments or headlines); then, while budget
     * is left, sentences flagged only for readability: first those that go
     * on from a chosen one (select_follow_chains), then pass 1, the
     * others; pass 2, if nothing was found at all: any sentence. */
    for (int pass = 0; pass < 3; pass++) {
        if (pass == 1) {   /* (it takes nothing when the budget is full) */
            int rc = select_follow_chains(ctx, cl, ar, idx, n, scores, b, redundancy, out);
            if (rc) return rc;
            if (budget_full(b, out, cl)) break;
        }
        if (pass == 2 && out->n != 0) break;
        for (size_t r = 0; r < n; r++) {
            size_t i = idx[r];
            const sent_rec *s = &cl->sents[i];
            if (pass == 0 && !select_candidate(cl, i)) continue;
            if (pass == 1 && (!select_fallback(cl, i) || select_used(out, i))) continue;
            if (s->words == 0) continue;
            if (!budget_fits(b, out, s->words, s->end - s->start, cl)) {
                if (budget_full(b, out, cl)) break;
                continue;
            }
            if (select_redundant(cl, out, i, redundancy)) continue;
            if (selection_push(ar, out, (uint32_t)i, s->end, s->words, scores[i]))
                return err_set(ctx, MDSUM_ENOMEM, "out of memory");
            if (budget_full(b, out, cl)) break;
        }
    }
    return select_fill(ctx, cl, ar, idx, n, scores, b, redundancy, out);
}
