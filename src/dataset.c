/*
 * dataset.c -- evaluation datasets: clusters with their reference summaries.
 *
 *   multinews:SRC   SRC is a Multi-News .src[.gz] file (one cluster per line);
 *                   the references are the line-aligned .tgt[.gz] file (given,
 *                   or SRC with .src replaced by .tgt). A leading "– " of the
 *                   editor's summaries is removed.
 *   duc:DIR         DIR/docs/CLUSTER/DOC (plain text) and DIR/refs/CLUSTER/REF,
 *                   the layout of DUC 2003 tasks 2 and 3.
 *   tac:DIR         the same layout (TAC 2011 MultiLing, one language); the
 *                   first line of a document is "DATE TITLE" and becomes the
 *                   document's date and title.
 *
 * Clusters come in a stable order (line order, or cluster directory names
 * sorted bytewise); documents and references within a cluster in name order.
 */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

enum { DS_MULTINEWS, DS_DUC, DS_TAC };

struct mdsum_dataset {
    mdsum_ctx *ctx;
    int kind;
    mdsum_reader *src, *tgt;   /* multinews */
    char *root;                /* duc/tac */
    char **clusters;
    size_t nclusters, next;
    arena item;                /* the current item's strings */
    char *id;
    mdsum_doc *docs;
    size_t ndocs, docs_cap;
    const char **ref_text;
    size_t *ref_len;
    size_t nrefs, refs_cap;
    long long index;
};

static int cmp_cstr(const void *a, const void *b, void *ud)
{
    (void)ud;
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of the entries of `dir` (not hidden), into `ar`. When
 * want_dirs, only directories; else only regular files. */
static int list_dir(mdsum_ctx *ctx, arena *ar, const char *dir, bool want_dirs,
                    char ***out, size_t *n)
{
    DIR *d = opendir(dir);
    if (!d) return err_set(ctx, MDSUM_EIO, "%s: %s", dir, strerror(errno));
    char **v = NULL;
    size_t cnt = 0, cap = 0;
    struct dirent *e;
    size_t dl = strlen(dir);
    int rc = MDSUM_OK;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        size_t nl = strlen(e->d_name);
        char *path = arena_alloc(ar, dl + nl + 2);
        if (!path) { rc = MDSUM_ENOMEM; break; }
        memcpy(path, dir, dl);
        path[dl] = '/';
        memcpy(path + dl + 1, e->d_name, nl + 1);
        struct stat st;
        if (stat(path, &st) != 0) continue;
        if (want_dirs ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) continue;
        void *vv = v;
        if (!arena_grow(ar, &vv, &cap, cnt + 1, sizeof *v)) { rc = MDSUM_ENOMEM; break; }
        v = vv;
        v[cnt++] = arena_strdup(ar, e->d_name);
        if (!v[cnt - 1]) { rc = MDSUM_ENOMEM; break; }
    }
    closedir(d);
    if (rc) return err_set(ctx, rc, "out of memory");
    sort_r(v, cnt, sizeof *v, cmp_cstr, NULL);
    *out = v;
    *n = cnt;
    return MDSUM_OK;
}

int mdsum_dataset_open(mdsum_ctx *ctx, const char *spec, const char *refs, mdsum_dataset **out)
{
    if (!ctx || !spec || !out) return err_set(ctx, MDSUM_EINVAL, "invalid argument");
    *out = NULL;
    const char *colon = strchr(spec, ':');
    if (!colon) return err_set(ctx, MDSUM_EINVAL, "dataset '%s': expected KIND:PATH (multinews:, duc:, tac:)", spec);
    size_t kl = (size_t)(colon - spec);
    int kind;
    if (kl == 9 && strncmp(spec, "multinews", 9) == 0) kind = DS_MULTINEWS;
    else if (kl == 3 && strncmp(spec, "duc", 3) == 0) kind = DS_DUC;
    else if (kl == 3 && strncmp(spec, "tac", 3) == 0) kind = DS_TAC;
    else return err_set(ctx, MDSUM_EINVAL, "dataset '%s': unknown kind '%.*s' (multinews, duc, tac)", spec, (int)kl, spec);
    const char *path = colon + 1;
    mdsum_dataset *ds = alc_calloc(&ctx->alc, 1, sizeof *ds);
    if (!ds) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    ds->ctx = ctx;
    ds->kind = kind;
    arena_init(&ds->item, &ctx->alc);
    int rc = MDSUM_OK;
    if (kind == DS_MULTINEWS) {
        char tgt[4096];
        if (refs) {
            snprintf(tgt, sizeof tgt, "%s", refs);
        } else {
            const char *s = strstr(path, ".src");
            if (!s || strlen(path) >= sizeof tgt) {
                rc = err_set(ctx, MDSUM_EINVAL, "%s: give the references file (--refs), "
                             "it cannot be derived from a name without '.src'", path);
            } else {
                snprintf(tgt, sizeof tgt, "%.*s.tgt%s", (int)(s - path), path, s + 4);
            }
        }
        if (rc == MDSUM_OK) rc = mdsum_reader_open(ctx, path, 0, &ds->src);
        if (rc == MDSUM_OK) rc = mdsum_reader_open(ctx, tgt, 0, &ds->tgt);
    } else {
        size_t n = strlen(path);
        ds->root = alc_malloc(&ctx->alc, n + 1);
        if (!ds->root) rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
        else memcpy(ds->root, path, n + 1);
        if (rc == MDSUM_OK) {
            char docs[4096];
            snprintf(docs, sizeof docs, "%s/docs", path);
            rc = list_dir(ctx, &ds->item, docs, true, &ds->clusters, &ds->nclusters);
            if (rc == MDSUM_OK && ds->nclusters == 0)
                rc = err_set(ctx, MDSUM_EFORMAT, "%s: no cluster directories", docs);
            if (rc == MDSUM_OK) {
                /* Move the list out of the item arena (reset per item). */
                char **v = alc_calloc(&ctx->alc, ds->nclusters, sizeof *v);
                if (!v) rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
                for (size_t i = 0; rc == MDSUM_OK && i < ds->nclusters; i++) {
                    size_t l = strlen(ds->clusters[i]);
                    v[i] = alc_malloc(&ctx->alc, l + 1);
                    if (!v[i]) { rc = err_set(ctx, MDSUM_ENOMEM, "out of memory"); break; }
                    memcpy(v[i], ds->clusters[i], l + 1);
                }
                ds->clusters = v;
                arena_reset(&ds->item);
            }
        }
    }
    if (rc) {
        mdsum_dataset_free(ds);
        return rc;
    }
    *out = ds;
    return MDSUM_OK;
}

void mdsum_dataset_free(mdsum_dataset *ds)
{
    if (!ds) return;
    const alc_t *alc = &ds->ctx->alc;
    mdsum_reader_free(ds->src);
    mdsum_reader_free(ds->tgt);
    if (ds->root && ds->clusters) {
        for (size_t i = 0; i < ds->nclusters; i++) alc_free(alc, ds->clusters[i]);
        alc_free(alc, ds->clusters);
    }
    alc_free(alc, ds->root);
    alc_free(alc, ds->docs);
    alc_free(alc, ds->ref_text);
    alc_free(alc, ds->ref_len);
    arena_fini(&ds->item);
    alc_free(alc, ds);
}

static int push_doc(mdsum_dataset *ds, const mdsum_doc *d)
{
    void *v = ds->docs;
    if (!grow_array(&ds->ctx->alc, &v, &ds->docs_cap, ds->ndocs + 1, sizeof *ds->docs))
        return err_set(ds->ctx, MDSUM_ENOMEM, "out of memory");
    ds->docs = v;
    ds->docs[ds->ndocs++] = *d;
    return MDSUM_OK;
}

static int push_ref(mdsum_dataset *ds, const char *t, size_t n)
{
    size_t cap1 = ds->refs_cap, cap2 = ds->refs_cap;
    void *a = ds->ref_text, *b = ds->ref_len;
    if (!grow_array(&ds->ctx->alc, &a, &cap1, ds->nrefs + 1, sizeof *ds->ref_text))
        return err_set(ds->ctx, MDSUM_ENOMEM, "out of memory");
    ds->ref_text = a;
    if (!grow_array(&ds->ctx->alc, &b, &cap2, ds->nrefs + 1, sizeof *ds->ref_len))
        return err_set(ds->ctx, MDSUM_ENOMEM, "out of memory");
    ds->ref_len = b;
    ds->refs_cap = cap1;
    ds->ref_text[ds->nrefs] = t;
    ds->ref_len[ds->nrefs] = n;
    ds->nrefs++;
    return MDSUM_OK;
}

/* Read a whole file into the item arena. */
static int slurp(mdsum_dataset *ds, const char *path, char **text, size_t *len)
{
    mdsum_reader *r;
    int rc = mdsum_reader_open(ds->ctx, path, 0, &r);
    if (rc) return rc;
    const char *data;
    size_t n;
    rc = mdsum_reader_all(r, &data, &n);
    if (rc == MDSUM_OK) {
        *text = arena_strndup(&ds->item, data, n);
        *len = n;
        if (!*text) rc = err_set(ds->ctx, MDSUM_ENOMEM, "out of memory");
    }
    mdsum_reader_free(r);
    return rc;
}

static int next_multinews(mdsum_dataset *ds)
{
    mdsum_ctx *ctx = ds->ctx;
    const char *line, *ref;
    size_t len, rlen;
    int r1 = mdsum_reader_line(ds->src, &line, &len);
    if (r1 < 0) return r1;
    if (r1 == 0) {
        int r2 = mdsum_reader_line(ds->tgt, &ref, &rlen);
        if (r2 < 0) return r2;
        if (r2 == 1)
            return err_set(ctx, MDSUM_EFORMAT, "references have more lines than the sources (%lld)",
                           mdsum_reader_line_number(ds->src));
        return 0;
    }
    char *src = arena_strndup(&ds->item, line, len);
    if (!src) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    int r2 = mdsum_reader_line(ds->tgt, &ref, &rlen);
    if (r2 < 0) return r2;
    if (r2 == 0)
        return err_set(ctx, MDSUM_EFORMAT, "references end before line %lld of the sources",
                       mdsum_reader_line_number(ds->src));
    /* The editor's summaries start with an en dash in the full sets. */
    if (rlen >= 4 && memcmp(ref, "\xe2\x80\x93 ", 4) == 0) { ref += 4; rlen -= 4; }
    char *refc = arena_strndup(&ds->item, ref, rlen);
    if (!refc) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    char idbuf[32];
    snprintf(idbuf, sizeof idbuf, "%lld", mdsum_reader_line_number(ds->src));
    ds->id = arena_strdup(&ds->item, idbuf);
    /* The documents: split at ||||| through a scratch cluster. */
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    if (!cl || !ds->id) { mdsum_cluster_free(cl); return err_set(ctx, MDSUM_ENOMEM, "out of memory"); }
    int rc = mdsum_cluster_add_multinews(cl, src, len, MDSUM_LENIENT);
    for (size_t i = 0; rc == MDSUM_OK && i < mdsum_cluster_doc_count(cl); i++) {
        mdsum_doc d;
        mdsum_cluster_doc(cl, i, &d);
        mdsum_doc c = {0};
        c.text = arena_strndup(&ds->item, d.text, d.text_len);
        c.text_len = d.text_len;
        if (!c.text) rc = err_set(ctx, MDSUM_ENOMEM, "out of memory");
        else rc = push_doc(ds, &c);
    }
    mdsum_cluster_free(cl);
    if (rc) return rc;
    rc = push_ref(ds, refc, rlen);
    return rc ? rc : 1;
}

static int next_dir(mdsum_dataset *ds)
{
    mdsum_ctx *ctx = ds->ctx;
    if (ds->next >= ds->nclusters) return 0;
    const char *name = ds->clusters[ds->next++];
    ds->id = arena_strdup(&ds->item, name);
    size_t dl = strlen(ds->root) + strlen(name) + 8;
    char *ddir = arena_alloc(&ds->item, dl), *rdir = arena_alloc(&ds->item, dl);
    if (!ds->id || !ddir || !rdir) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    snprintf(ddir, dl, "%s/docs/%s", ds->root, name);
    snprintf(rdir, dl, "%s/refs/%s", ds->root, name);
    char **docs, **refs;
    size_t nd, nr;
    int rc = list_dir(ctx, &ds->item, ddir, false, &docs, &nd);
    if (rc == MDSUM_OK) rc = list_dir(ctx, &ds->item, rdir, false, &refs, &nr);
    if (rc) return rc;
    if (nr == 0) return err_set(ctx, MDSUM_EFORMAT, "%s: no reference summaries", rdir);
    for (size_t i = 0; i < nd; i++) {
        size_t pl = strlen(ddir) + strlen(docs[i]) + 2;
        char *p = arena_alloc(&ds->item, pl);
        if (!p) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
        snprintf(p, pl, "%s/%s", ddir, docs[i]);
        char *text;
        size_t len;
        if ((rc = slurp(ds, p, &text, &len))) return rc;
        mdsum_doc d = {0};
        d.id = docs[i];
        if (ds->kind == DS_TAC) {
            /* "DATE TITLE\n" then the text. */
            char *nl = memchr(text, '\n', len);
            size_t hl = nl ? (size_t)(nl - text) : len;
            char *sp = memchr(text, ' ', hl);
            if (sp) {
                d.date = arena_strndup(&ds->item, text, (size_t)(sp - text));
                d.title = arena_strndup(&ds->item, sp + 1, hl - (size_t)(sp - text) - 1);
            }
            size_t skip = nl ? hl + 1 : len;
            text += skip;
            len -= skip;
        }
        d.text = text;
        d.text_len = len;
        if ((rc = push_doc(ds, &d))) return rc;
    }
    for (size_t i = 0; i < nr; i++) {
        size_t pl = strlen(rdir) + strlen(refs[i]) + 2;
        char *p = arena_alloc(&ds->item, pl);
        if (!p) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
        snprintf(p, pl, "%s/%s", rdir, refs[i]);
        char *text;
        size_t len;
        if ((rc = slurp(ds, p, &text, &len)) || (rc = push_ref(ds, text, len))) return rc;
    }
    return 1;
}

int mdsum_dataset_next(mdsum_dataset *ds)
{
    if (!ds) return MDSUM_EINVAL;
    arena_reset(&ds->item);
    ds->ndocs = ds->nrefs = 0;
    ds->id = NULL;
    int rc = ds->kind == DS_MULTINEWS ? next_multinews(ds) : next_dir(ds);
    if (rc == 1) ds->index++;
    return rc;
}

const char *mdsum_dataset_item_id(const mdsum_dataset *ds)
{
    return ds ? ds->id : NULL;
}

size_t mdsum_dataset_doc_count(const mdsum_dataset *ds)
{
    return ds ? ds->ndocs : 0;
}

int mdsum_dataset_doc(const mdsum_dataset *ds, size_t i, mdsum_doc *out)
{
    if (!ds || !out || i >= ds->ndocs) return MDSUM_EINVAL;
    *out = ds->docs[i];
    return MDSUM_OK;
}

size_t mdsum_dataset_ref_count(const mdsum_dataset *ds)
{
    return ds ? ds->nrefs : 0;
}

int mdsum_dataset_ref(const mdsum_dataset *ds, size_t i, const char **text, size_t *len)
{
    if (!ds || !text || !len || i >= ds->nrefs) return MDSUM_EINVAL;
    *text = ds->ref_text[i];
    *len = ds->ref_len[i];
    return MDSUM_OK;
}
