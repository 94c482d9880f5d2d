/*
 * rouge_config.c -- the ROUGE-1.5.5 script's XML evaluation files and its
 * SEE summary format, the inputs pyrouge writes.
 *
 * Source: ROUGE-1.5.5.pl (C.-Y. Lin, 2004), subroutines readEvals and
 * readText, whose behaviour is reproduced here:
 *   XML   the document is walked depth first; an element named EVAL
 *         (case-insensitive) opens evaluation ID; inside it INPUT-FORMAT
 *         TYPE must be SEE, ISI, SPL or SIMPLE; PEER-ROOT and MODEL-ROOT
 *         hold a directory (text, surrounding white space removed); PEERS
 *         holds P elements (ID, file name), MODELS holds M elements in
 *         order. Paths are "ROOT/file" (a missing root gives "/file").
 *         For a repeated P ID the last file counts; a repeated M ID is
 *         listed again and resolves to its last file.
 *   SEE   a line is a sentence when it matches
 *         ^<a (size="[0-9]+" )?name="[0-9]+">\[[0-9]+\]</a>\s+<a href="#[0-9]+" id=[0-9]+>([^<]+)
 *         (the script tries the form with size= first, then without); the
 *         sentence is the capture, which ends at the first '<'.
 * Departures: a repeated EVAL ID is refused (the script merges the two
 * evaluations). When a SEE line has no '<' after its sentence, the
 * script's capture also holds the line's "\n", one byte more for -b; here
 * the sentence ends before it.
 */
#include "internal.h"
#include "xmllib.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct cfg_eval {
    const char *id;
    const char *format;
    const char *peer_root, *model_root;
    /* peers: ids and files (last file of an id wins) */
    const char **pid, **pfile;
    size_t np, cap_p;
    /* models: ids in document order; the file of an id is its last one */
    const char **mid, **mfile;
    size_t nm, cap_m;
    /* built at the end */
    const char **ppath, **mpath;
} cfg_eval;

struct mdsum_rouge_config {
    mdsum_ctx *ctx;
    arena ar;
    cfg_eval *ev;
    size_t n, cap;
    const char **peers;   /* distinct peer ids, sorted */
    size_t npeers;
};

typedef struct walker {
    mdsum_rouge_config *c;
    const xml_lib *x;
    int rc;
} walker;

static bool name_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0;
}

/* The script's s/^[\n\s]+//; s/[\n\s]+$//. */
static char *stripped(arena *ar, const char *s)
{
    size_t a = 0, b = strlen(s);
    while (a < b && (s[a] == ' ' || (s[a] >= 9 && s[a] <= 13))) a++;
    while (b > a && (s[b - 1] == ' ' || (s[b - 1] >= 9 && s[b - 1] <= 13))) b--;
    return arena_strndup(ar, s + a, b - a);
}

static int fail(walker *w, int code, const char *msg, const char *arg);

/* The last text child of an element, stripped ("" when none). NULL (and
 * w->rc set) only when memory runs out. */
static const char *last_text(walker *w, arena *ar, const xmlNode *n)
{
    const char *t = NULL;
    for (const xmlNode *k = n->children; k; k = k->next)
        if (k->type == XML_TEXT_NODE && k->content) t = (const char *)k->content;
    const char *s = stripped(ar, t ? t : "");
    if (!s) fail(w, MDSUM_ENOMEM, "out of memory", NULL);
    return s;
}

/* An attribute's value; NULL when absent, or when memory runs out (then
 * w->rc is set: a missing attribute and a failed copy must not look the
 * same). */
static const char *attr(walker *w, arena *ar, const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, name) != 0) continue;
        xmlChar *v = w->x->NodeListGetString(n->doc, a->children, 1);
        char *s = arena_strdup(ar, v ? (const char *)v : "");
        xml_lib_free(w->x, v);
        if (!s) fail(w, MDSUM_ENOMEM, "out of memory", NULL);
        return s;
    }
    return NULL;
}

static bool push2(mdsum_rouge_config *c, const char ***a, const char ***b, size_t *n,
                  size_t *cap, const char *x, const char *y)
{
    if (*n == *cap) {
        size_t c1 = *cap, c2 = *cap;
        void *p = (void *)*a, *q = (void *)*b;
        if (!arena_grow(&c->ar, &p, &c1, *n + 1, sizeof **a)) return false;
        *a = p;
        if (!arena_grow(&c->ar, &q, &c2, *n + 1, sizeof **b)) return false;
        *b = q;
        *cap = c1;
    }
    (*a)[*n] = x;
    (*b)[*n] = y;
    (*n)++;
    return true;
}

static int fail(walker *w, int code, const char *msg, const char *arg)
{
    if (!w->rc)
        w->rc = err_set(w->c->ctx, code, "rouge: XML configuration: %s%s", msg, arg ? arg : "");
    return w->rc;
}

static void walk(walker *w, const xmlNode *n, cfg_eval *cur)
{
    mdsum_rouge_config *c = w->c;
    arena *ar = &c->ar;
    for (; n && !w->rc; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) {
            walk(w, n->children, cur);
            continue;
        }
        if (name_is(n, "EVAL")) {
            const char *id = attr(w, ar, n, "ID");
            if (!id) {
                fail(w, MDSUM_EFORMAT, "an EVAL element has no ID", NULL);
                return;
            }
            for (size_t i = 0; i < c->n; i++)
                if (strcmp(c->ev[i].id, id) == 0) {
                    fail(w, MDSUM_EFORMAT, "repeated EVAL ID ", id);
                    return;
                }
            if (c->n == c->cap) {
                void *p = c->ev;
                if (!arena_grow(ar, &p, &c->cap, c->n + 1, sizeof *c->ev)) {
                    fail(w, MDSUM_ENOMEM, "out of memory", NULL);
                    return;
                }
                c->ev = p;
            }
            cfg_eval *e = &c->ev[c->n++];
            memset(e, 0, sizeof *e);
            e->id = id;
            walk(w, n->children, e);
        } else if (!cur) {
            /* Outside an EVAL the script's records have no key: only EVALs
             * further down matter. */
            walk(w, n->children, NULL);
        } else if (name_is(n, "INPUT-FORMAT")) {
            const char *t = attr(w, ar, n, "TYPE");
            if (w->rc) return;
            if (!t || (strcasecmp(t, "SEE") && strcasecmp(t, "ISI") && strcasecmp(t, "SPL") &&
                       strcasecmp(t, "SIMPLE"))) {
                fail(w, MDSUM_EFORMAT, "unknown input type ", t ? t : "(none)");
                return;
            }
            cur->format = t;
        } else if (name_is(n, "PEER-ROOT")) {
            cur->peer_root = last_text(w, ar, n);
        } else if (name_is(n, "MODEL-ROOT")) {
            cur->model_root = last_text(w, ar, n);
        } else if (name_is(n, "PEERS") || name_is(n, "MODELS")) {
            bool peers = name_is(n, "PEERS");
            for (const xmlNode *k = n->children; k; k = k->next) {
                if (!name_is(k, peers ? "P" : "M")) continue;
                const char *id = attr(w, ar, k, "ID");
                const char *file = w->rc ? NULL : last_text(w, ar, k);
                if (!id || !file) {
                    fail(w, MDSUM_EFORMAT, "a P or M element has no ID", NULL);
                    return;
                }
                bool ok;
                if (peers) {
                    size_t j = 0;
                    while (j < cur->np && strcmp(cur->pid[j], id) != 0) j++;
                    if (j < cur->np) {
                        cur->pfile[j] = file;
                        ok = true;
                    } else {
                        ok = push2(c, &cur->pid, &cur->pfile, &cur->np, &cur->cap_p, id, file);
                    }
                } else {
                    ok = push2(c, &cur->mid, &cur->mfile, &cur->nm, &cur->cap_m, id, file);
                }
                if (!ok) {
                    fail(w, MDSUM_ENOMEM, "out of memory", NULL);
                    return;
                }
            }
        } else {
            walk(w, n->children, cur);
        }
    }
}

static char *join_root(arena *ar, const char *root, const char *file)
{
    size_t a = root ? strlen(root) : 0, b = strlen(file);
    char *p = arena_alloc(ar, a + b + 2);
    if (!p) return NULL;
    if (a) memcpy(p, root, a);
    p[a] = '/';
    memcpy(p + a + 1, file, b + 1);
    return p;
}

static int cmp_str(const void *x, const void *y, void *ud)
{
    (void)ud;
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int finish(mdsum_rouge_config *c)
{
    arena *ar = &c->ar;
    size_t total = 0;
    for (size_t i = 0; i < c->n; i++) {
        cfg_eval *e = &c->ev[i];
        if (!e->format)
            return err_set(c->ctx, MDSUM_EFORMAT,
                           "rouge: XML configuration: EVAL %s has no INPUT-FORMAT", e->id);
        e->ppath = arena_calloc(ar, e->np ? e->np : 1, sizeof *e->ppath);
        e->mpath = arena_calloc(ar, e->nm ? e->nm : 1, sizeof *e->mpath);
        if (!e->ppath || !e->mpath) return MDSUM_ENOMEM;
        for (size_t k = 0; k < e->np; k++)
            if (!(e->ppath[k] = join_root(ar, e->peer_root, e->pfile[k]))) return MDSUM_ENOMEM;
        for (size_t k = 0; k < e->nm; k++) {
            const char *file = e->mfile[k];
            for (size_t j = k + 1; j < e->nm; j++)
                if (strcmp(e->mid[j], e->mid[k]) == 0) file = e->mfile[j];
            if (!(e->mpath[k] = join_root(ar, e->model_root, file))) return MDSUM_ENOMEM;
        }
        total += e->np;
    }
    c->peers = arena_calloc(ar, total ? total : 1, sizeof *c->peers);
    if (!c->peers) return MDSUM_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++)
        for (size_t k = 0; k < c->ev[i].np; k++) c->peers[n++] = c->ev[i].pid[k];
    sort_r(c->peers, n, sizeof *c->peers, cmp_str, NULL);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (!u || strcmp(c->peers[u - 1], c->peers[i]) != 0) c->peers[u++] = c->peers[i];
    c->npeers = u;
    return MDSUM_OK;
}

int mdsum_rouge_config_read(mdsum_ctx *ctx, const char *xml, size_t len, mdsum_rouge_config **out)
{
    if (!ctx || !out || (!xml && len)) return err_set(ctx, MDSUM_EINVAL, "invalid argument");
    *out = NULL;
    if (len > (size_t)1 << 30)
        return err_set(ctx, MDSUM_ELIMIT, "rouge: XML configuration too large");
    const xml_lib *x;
    int rc = xml_lib_get(ctx, "a ROUGE XML configuration", &x);
    if (rc) return rc;
    xmlDoc *doc = x->ReadMemory(xml ? xml : "", (int)len, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = x->GetLastError();
        char msg[256];
        snprintf(msg, sizeof msg, "%s", e && e->message ? e->message : "malformed XML");
        size_t k = strlen(msg);
        while (k && (msg[k - 1] == '\n' || msg[k - 1] == ' ')) msg[--k] = '\0';
        rc = err_set(ctx, MDSUM_EFORMAT, "rouge: XML configuration: %s", msg);
        if (e && e->line > 0) err_set_line(ctx, e->line);
        return rc;
    }
    mdsum_rouge_config *c = alc_calloc(&ctx->alc, 1, sizeof *c);
    if (!c) {
        x->FreeDoc(doc);
        return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    }
    c->ctx = ctx;
    arena_init(&c->ar, &ctx->alc);
    walker w = {c, x, MDSUM_OK};
    walk(&w, x->DocGetRootElement(doc), NULL);
    x->FreeDoc(doc);
    rc = w.rc ? w.rc : finish(c);
    if (rc) {
        if (rc == MDSUM_ENOMEM) err_set(ctx, rc, "out of memory");
        mdsum_rouge_config_free(c);
        return rc;
    }
    *out = c;
    return MDSUM_OK;
}

void mdsum_rouge_config_free(mdsum_rouge_config *c)
{
    if (!c) return;
    alc_t a = c->ctx->alc;
    arena_fini(&c->ar);
    alc_free(&a, c);
}

size_t mdsum_rouge_config_count(const mdsum_rouge_config *c) { return c ? c->n : 0; }

int mdsum_rouge_config_task(const mdsum_rouge_config *c, size_t i, mdsum_rouge_task *out)
{
    if (!c || !out || i >= c->n) return MDSUM_EINVAL;
    const cfg_eval *e = &c->ev[i];
    out->eval_id = e->id;
    out->format = e->format;
    out->npeers = e->np;
    out->peer_ids = e->pid;
    out->peer_paths = e->ppath;
    out->nmodels = e->nm;
    out->model_paths = e->mpath;
    return MDSUM_OK;
}

int mdsum_rouge_config_peers(const mdsum_rouge_config *c, const char *const **out_ids,
                             size_t *out_n)
{
    if (!c || !out_ids || !out_n) return MDSUM_EINVAL;
    *out_ids = c->peers;
    *out_n = c->npeers;
    return MDSUM_OK;
}

/* ======================================================================
 * SEE
 * ====================================================================== */

/* Match a literal at *p; advance on success. */
static bool lit(const char **p, const char *e, const char *s)
{
    size_t k = strlen(s);
    if ((size_t)(e - *p) < k || memcmp(*p, s, k) != 0) return false;
    *p += k;
    return true;
}

static bool digits(const char **p, const char *e)
{
    const char *s = *p;
    while (*p < e && **p >= '0' && **p <= '9') (*p)++;
    return *p > s;
}

static bool space(char ch) { return ch == ' ' || (ch >= 9 && ch <= 13); }

/* The part after the first <a ...>: \[[0-9]+\]</a>\s+<a href="#N" id=N> */
static bool see_tail(const char **p, const char *e)
{
    if (!lit(p, e, "[") || !digits(p, e) || !lit(p, e, "]</a>")) return false;
    const char *s = *p;
    while (*p < e && space(**p)) (*p)++;
    if (*p == s) return false;
    return lit(p, e, "<a href=\"#") && digits(p, e) && lit(p, e, "\" id=") && digits(p, e) &&
           lit(p, e, ">");
}

/* The sentence of one SEE line (without its "\n"), or false. */
static bool see_line(const char *s, const char *e, const char **ts, const char **te)
{
    const char *p = s;
    bool ok = false;
    if (lit(&p, e, "<a size=\"") && digits(&p, e) && lit(&p, e, "\" name=\"") && digits(&p, e) &&
        lit(&p, e, "\">") && see_tail(&p, e))
        ok = true;
    if (!ok) {
        p = s;
        ok = lit(&p, e, "<a name=\"") && digits(&p, e) && lit(&p, e, "\">") && see_tail(&p, e);
    }
    if (!ok) return false;
    const char *q = p;
    while (q < e && *q != '<') q++;
    if (q == p) return false;   /* [^<]+ needs a byte */
    *ts = p;
    *te = q;
    return true;
}

int mdsum_rouge_see_text(mdsum_ctx *ctx, const char *html, size_t len, char **out, size_t *out_len)
{
    if (!ctx || !out || (!html && len)) return err_set(ctx, MDSUM_EINVAL, "invalid argument");
    *out = NULL;
    if (out_len) *out_len = 0;
    strbuf b;
    buf_init(&b, &ctx->alc);
    buf_puts(&b, "");
    size_t i = 0;
    while (i < len) {
        const char *s = html + i;
        const char *nl = memchr(s, '\n', len - i);
        const char *e = nl ? nl : html + len;
        const char *ts, *te;
        if (see_line(s, e, &ts, &te)) {
            buf_append(&b, ts, (size_t)(te - ts));
            buf_putc(&b, '\n');
        }
        i = (size_t)(e - html) + 1;
    }
    size_t n;
    char *r = buf_detach(&b, &n);
    buf_fini(&b);
    if (!r) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    *out = r;
    if (out_len) *out_len = n;
    return MDSUM_OK;
}
