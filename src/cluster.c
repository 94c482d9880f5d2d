/*
 * cluster.c -- the cluster object: documents in, analysis out.
 */
#include "internal.h"
#include "cluster.h"

#include <string.h>

mdsum_cluster *mdsum_cluster_new(mdsum_ctx *ctx)
{
    if (!ctx) return NULL;
    mdsum_cluster *cl = alc_calloc(&ctx->alc, 1, sizeof *cl);
    if (!cl) {
        err_set(ctx, MDSUM_ENOMEM, "out of memory");
        return NULL;
    }
    cl->ctx = ctx;
    arena_init(&cl->ar, &ctx->alc);
    arena_init(&cl->an, &ctx->alc);
    strmap_init(&cl->terms, &ctx->alc, &cl->an);
    return cl;
}

void mdsum_cluster_free(mdsum_cluster *cl)
{
    if (!cl) return;
    const alc_t *alc = &cl->ctx->alc;
    strmap_fini(&cl->terms);
    alc_free(alc, cl->docs);
    arena_fini(&cl->an);
    arena_fini(&cl->ar);
    alc_free(alc, cl);
}

void cluster_reset_analysis(mdsum_cluster *cl)
{
    strmap_clear(&cl->terms);
    arena_reset(&cl->an);
    cl->analyzed = false;
    cl->lang = NULL;
    cl->aidf = NULL;
    cl->gid = NULL;
    cl->gid_gen = 0;
    cl->sents = NULL;
    cl->nsents = cl->sents_cap = 0;
    cl->toks = NULL;
    cl->ntoks = cl->toks_cap = 0;
    cl->term = NULL;
    cl->vec = NULL;
    cl->nvec = 0;
    cl->drops = NULL;
    cl->ndrops = cl->drops_cap = 0;
}

void mdsum_cluster_clear(mdsum_cluster *cl)
{
    if (!cl) return;
    cluster_reset_analysis(cl);
    arena_reset(&cl->ar);
    cl->id = NULL;
    cl->ndocs = 0;
}

int mdsum_cluster_set_id(mdsum_cluster *cl, const char *id)
{
    if (!cl) return MDSUM_EINVAL;
    if (!id) {
        cl->id = NULL;
        return MDSUM_OK;
    }
    size_t n = strlen(id);
    if (utf8_check(id, n, false) < n)
        return err_set(cl->ctx, MDSUM_EUTF8, "cluster id is not valid UTF-8");
    cl->id = arena_strndup(&cl->ar, id, n);
    return cl->id ? MDSUM_OK : err_set(cl->ctx, MDSUM_ENOMEM, "out of memory");
}

const char *mdsum_cluster_id(const mdsum_cluster *cl)
{
    return cl ? cl->id : NULL;
}

/* Copy `s` (n bytes) into the arena, replacing invalid UTF-8 and NUL bytes
 * with U+FFFD. */
static char *repair_utf8(arena *ar, const char *s, size_t n, size_t *out_len)
{
    size_t cap;
    if (!mul_ok(n, 3, &cap) || cap == SIZE_MAX) return NULL;
    char *d = arena_alloc(ar, cap + 1);
    if (!d) return NULL;
    *out_len = utf8_repair_into(d, s, n);
    return d;
}

static int copy_field(mdsum_cluster *cl, const char *s, const char *name, const char **dst)
{
    *dst = NULL;
    if (!s) return MDSUM_OK;
    size_t n = strlen(s), bad = utf8_check(s, n, false);
    if (bad < n) {
        size_t len;
        *dst = repair_utf8(&cl->ar, s, n, &len);
        (void)name;
    } else {
        *dst = arena_strndup(&cl->ar, s, n);
    }
    return *dst ? MDSUM_OK : MDSUM_ENOMEM;
}

int cluster_add_checked(mdsum_cluster *cl, const mdsum_doc *doc, unsigned flags)
{
    mdsum_ctx *ctx = cl->ctx;
    long long di = (long long)cl->ndocs;
    if (doc->text_len > MDSUM_MAX_DOC_BYTES) {
        err_set_at(ctx, MDSUM_ELIMIT, di, -1,
                   "document of %zu bytes is over the limit of %zu bytes",
                   doc->text_len, (size_t)MDSUM_MAX_DOC_BYTES);
        err_set_doc_id(ctx, doc->id);
        return MDSUM_ELIMIT;
    }
    size_t bad = utf8_check(doc->text, doc->text_len, false);
    if (bad < doc->text_len && !(flags & MDSUM_LENIENT)) {
        const unsigned char c = (unsigned char)doc->text[bad];
        err_set_at(ctx, MDSUM_EUTF8, di, (long long)bad,
                   c == 0 ? "NUL byte in text (use --lenient to replace it)"
                          : "invalid UTF-8 byte 0x%02X (use --lenient to replace bad bytes)", c);
        err_set_doc_id(ctx, doc->id);
        return MDSUM_EUTF8;
    }
    void *arr = cl->docs;
    if (!grow_array(&ctx->alc, &arr, &cl->docs_cap, cl->ndocs + 1, sizeof *cl->docs))
        return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    cl->docs = arr;
    doc_rec *d = &cl->docs[cl->ndocs];
    memset(d, 0, sizeof *d);
    if (bad < doc->text_len) {
        d->text = repair_utf8(&cl->ar, doc->text, doc->text_len, &d->len);
    } else {
        d->text = arena_strndup(&cl->ar, doc->text ? doc->text : "", doc->text_len);
        d->len = doc->text_len;
    }
    if (!d->text || copy_field(cl, doc->id, "id", &d->id) || copy_field(cl, doc->title, "title", &d->title) ||
        copy_field(cl, doc->date, "date", &d->date) || copy_field(cl, doc->url, "url", &d->url) ||
        copy_field(cl, doc->site, "site", &d->site) || copy_field(cl, doc->author, "author", &d->author))
        return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    cl->ndocs++;
    if (cl->analyzed) cluster_reset_analysis(cl);
    return MDSUM_OK;
}

int mdsum_cluster_add(mdsum_cluster *cl, const mdsum_doc *doc, unsigned flags)
{
    if (!cl || !doc || (!doc->text && doc->text_len)) {
        return err_set(cl ? cl->ctx : NULL, MDSUM_EINVAL, "invalid argument");
    }
    if (cl->ndocs >= UINT32_MAX / 2)
        return err_set(cl->ctx, MDSUM_ELIMIT, "too many documents in one cluster");
    return cluster_add_checked(cl, doc, flags);
}

size_t mdsum_cluster_doc_count(const mdsum_cluster *cl)
{
    return cl ? cl->ndocs : 0;
}

int mdsum_cluster_doc(const mdsum_cluster *cl, size_t i, mdsum_doc *out)
{
    if (!cl || !out || i >= cl->ndocs) return MDSUM_EINVAL;
    const doc_rec *d = &cl->docs[i];
    out->id = d->id;
    out->title = d->title;
    out->date = d->date;
    out->url = d->url;
    out->site = d->site;
    out->author = d->author;
    out->text = d->text;
    out->text_len = d->len;
    return MDSUM_OK;
}

size_t mdsum_cluster_sentence_count(const mdsum_cluster *cl)
{
    return cl && cl->analyzed ? cl->nsents : 0;
}

int mdsum_cluster_sentence(const mdsum_cluster *cl, size_t i, mdsum_sentence *out)
{
    if (!cl || !out || !cl->analyzed || i >= cl->nsents) return MDSUM_EINVAL;
    const sent_rec *s = &cl->sents[i];
    out->doc = s->doc;
    out->index = s->index;
    out->start = s->start;
    out->end = s->end;
    out->words = s->words;
    return MDSUM_OK;
}

size_t mdsum_cluster_drop_count(const mdsum_cluster *cl)
{
    return cl && cl->analyzed ? cl->ndrops : 0;
}

int mdsum_cluster_drop(const mdsum_cluster *cl, size_t i, mdsum_drop *out)
{
    if (!cl || !out || !cl->analyzed || i >= cl->ndrops) return MDSUM_EINVAL;
    out->doc = cl->drops[i].doc;
    out->start = cl->drops[i].start;
    out->end = cl->drops[i].end;
    out->reason = cl->drops[i].reason;
    return MDSUM_OK;
}
