/*
 * test_clean.c -- the web-noise cleaner (src/clean.c): noise lines dropped
 * with the right reason, article lines kept, exact offsets (drops and
 * regions tile the text), --no-clean keeps everything, datelines and
 * credits cut off paragraphs, repetition inside and across documents,
 * readability flags of sentences, the learned-table builder, and bad input.
 *
 * All text here is written for these tests: a fictional town (Lorvik), its
 * council and its newspaper.
 */
#include "internal.h"
#include "cluster.h"
#include "stages.h"
#include "test.h"

#include <stdio.h>

/* ---- Helpers ------------------------------------------------------------ */

/* Prose paragraphs of the fictional article around the line under test. */
static const char P1[] =
    "The city council of Lorvik voted on Tuesday to close the old ferry terminal after an inspection found "
    "serious corrosion in its pilings, officials said.";
static const char P2[] =
    "The terminal, which opened in 1961, handled about 3,000 passengers a day before the closure, according "
    "to the port authority.";
static const char P3[] =
    "Mayor Ilse Brandt said the council had no choice but to act quickly, and promised that a temporary pier "
    "would be ready within six weeks.";
static const char P4[] =
    "Local businesses near the terminal said they expected to lose customers during the summer season, when "
    "tourists usually arrive by boat.";

typedef struct run {
    mdsum_ctx *ctx;
    mdsum_cluster *cl;
    region_vec rv;
    int rc;
} run;

/* A new cluster of ctx holding the documents docs[0..n) (NUL-terminated
 * texts). */
static mdsum_cluster *clusters_of(mdsum_ctx *ctx, const char *const *docs, size_t n)
{
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    for (size_t i = 0; i < n; i++) {
        mdsum_doc d = {0};
        d.text = docs[i];
        d.text_len = strlen(docs[i]);
        CHECK_EQ_INT(mdsum_cluster_add(cl, &d, 0), MDSUM_OK);
    }
    return cl;
}

/* A new cluster of ctx holding the one document `text`. */
static mdsum_cluster *cluster_of(mdsum_ctx *ctx, const char *text) { return clusters_of(ctx, &text, 1); }

/* Clean the documents docs[0..n) (NUL-terminated texts). */
static void run_clean(run *r, const char *const *docs, size_t n, bool enabled, const char *lang)
{
    r->ctx = mdsum_ctx_new(NULL);
    r->cl = clusters_of(r->ctx, docs, n);
    region_vec_init(&r->rv, &r->ctx->alc);
    r->rc = clean_cluster(r->ctx, r->cl, lang_find(lang), enabled, &r->rv);
}

/* Clean the one English document `doc`; the run must succeed. */
static void clean_en(run *r, const char *doc)
{
    run_clean(r, &doc, 1, true, "en");
    CHECK_EQ_INT(r->rc, MDSUM_OK);
}

static void run_free(run *r)
{
    region_vec_fini(&r->rv);
    mdsum_cluster_free(r->cl);
    mdsum_ctx_free(r->ctx);
}

/* The drop whose text is exactly `text` in document `doc`, or NULL. */
static const drop_rec *find_drop(const run *r, uint32_t doc, const char *text)
{
    size_t n = strlen(text);
    for (size_t i = 0; i < r->cl->ndrops; i++) {
        const drop_rec *d = &r->cl->drops[i];
        if (d->doc == doc && d->end - d->start == n &&
            memcmp(r->cl->docs[doc].text + d->start, text, n) == 0)
            return d;
    }
    return NULL;
}

/* The drop of exactly `text` in document `doc` exists, with `reason`. */
static void check_drop(const run *r, uint32_t doc, const char *text, const char *reason)
{
    const drop_rec *d = find_drop(r, doc, text);
    if (!d) fprintf(stderr, "not dropped: %s\n", text);
    CHECK(d != NULL);
    if (d) CHECK_EQ_STR(d->reason, reason);
}

/* Is `text` (exactly) a kept region of document `doc`? */
static bool has_region(const run *r, uint32_t doc, const char *text)
{
    size_t n = strlen(text);
    for (size_t i = 0; i < r->rv.n; i++) {
        const region *g = &r->rv.v[i];
        if (g->doc == doc && g->end - g->start == n && memcmp(r->cl->docs[doc].text + g->start, text, n) == 0)
            return true;
    }
    return false;
}

/* A drop, or a kept region, of document `doc` that starts with `text`. */
static const drop_rec *find_drop_prefix(const run *r, uint32_t doc, const char *text)
{
    size_t n = strlen(text);
    for (size_t i = 0; i < r->cl->ndrops; i++) {
        const drop_rec *d = &r->cl->drops[i];
        if (d->doc == doc && d->end - d->start >= n && memcmp(r->cl->docs[doc].text + d->start, text, n) == 0)
            return d;
    }
    return NULL;
}

static bool has_region_prefix(const run *r, uint32_t doc, const char *text)
{
    size_t n = strlen(text);
    for (size_t i = 0; i < r->rv.n; i++) {
        const region *g = &r->rv.v[i];
        if (g->doc == doc && g->end - g->start >= n && memcmp(r->cl->docs[doc].text + g->start, text, n) == 0)
            return true;
    }
    return false;
}

static bool is_space_byte(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Drops and regions must tile the document: every non-white byte covered
 * exactly once, nothing outside the text. */
static void check_tiling(const run *r)
{
    for (uint32_t d = 0; d < r->cl->ndocs; d++) {
        size_t len = r->cl->docs[d].len;
        const char *t = r->cl->docs[d].text;
        unsigned char *cover = calloc(len + 1, 1);
        int bad = 0;
        for (size_t i = 0; i < r->rv.n; i++) {
            const region *g = &r->rv.v[i];
            if (g->doc != d) continue;
            CHECK(g->start <= g->end && g->end <= len);
            for (size_t k = g->start; k < g->end && k < len; k++) cover[k]++;
        }
        for (size_t i = 0; i < r->cl->ndrops; i++) {
            const drop_rec *x = &r->cl->drops[i];
            if (x->doc != d) continue;
            CHECK(x->start < x->end && x->end <= len);
            CHECK(x->reason != NULL);
            for (size_t k = x->start; k < x->end && k < len; k++) cover[k]++;
        }
        for (size_t k = 0; k < len; k++) {
            if (cover[k] > 1) bad++;
            else if (cover[k] == 0 && !is_space_byte(t[k])) bad++;
        }
        if (bad) fprintf(stderr, "document %u: %d bytes not covered exactly once\n", d, bad);
        CHECK_EQ_INT(bad, 0);
        free(cover);
    }
}

/* An article: title, P1, <line>, P2, P3, P4 (or the line at the end). */
static char *article_with(const char *line, bool at_end)
{
    static const char title[] = "Lorvik closes its old ferry terminal";
    size_t n = strlen(title) + strlen(P1) + strlen(P2) + strlen(P3) + strlen(P4) + strlen(line) + 64;
    char *buf = malloc(n);
    if (at_end)
        snprintf(buf, n, "%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n%s\n", title, P1, P2, P3, P4, line);
    else
        snprintf(buf, n, "%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n%s\n", title, P1, line, P2, P3, P4);
    return buf;
}

/* ---- Noise lines: dropped, with their reason ----------------------------
 * What belongs here: one line of the kinds of web noise found on news
 * pages, in a realistic position (inside the article or after it), and the
 * reason the cleaner must give. Every line is invented. */
typedef struct noise_case {
    const char *line;
    bool at_end;            /* the page footer rather than the body */
    const char *reason;
} noise_case;

static const noise_case NOISE[] = {
    {"4 min read", false, "reading time"},
    {"Reading time: 6 minutes", false, "reading time"},
    {"Updated: June 3, 2029 10:15 AM", false, "dateline/timestamp"},
    {"Posted at 8:02 p.m. on June 2, 2029", false, "dateline/timestamp"},
    {"Monday, June 4, 2029", false, "dateline/timestamp"},
    {"Lorvik Herald | June 4, 2029", false, "dateline/timestamp"},
    {"By Marta Feld, Lorvik Herald staff writer", false, "byline"},
    {"By Jonas Ek and Ada Moss", false, "byline"},
    {"Additional reporting by Kai Lund; editing by Rita Holm", true, "byline"},
    {"Lorvik Herald staff contributed to this report.", true, "byline"},
    {"Feld reported from Lorvik.", true, "byline"},
    {"Herald journalist Marta Feld reported this story in Kestra and Jonas Ek reported from Lorvik.", true,
     "byline"},
    {"-- Marta Feld", true, "byline"},
    {"mfeld@lorvikherald.example.com", true, "byline"},
    {"Image: Lorvik Herald/Petra Sand", false, "photo caption or credit"},
    {"(Photo: Petra Sand/Lorvik Herald)", false, "photo caption or credit"},
    {"Petra Sand/Getty Images", false, "photo caption or credit"},
    {"Photograph by Petra Sand", false, "photo caption or credit"},
    {"FILE - In this May 2, 2027 file photo, commuters wait at the ferry terminal in Lorvik.", false,
     "photo caption or credit"},
    {"Image caption Commuters waited for hours at the closed terminal", false, "photo caption or credit"},
    {"A commuter walks past the closed terminal in Lorvik, Tuesday, June 5, 2029. (AP Photo/Petra Sand)", false,
     "photo caption or credit"},
    {"Sign up for our daily newsletter", true, "call to action"},
    {"Click here to subscribe to the Lorvik Herald", true, "call to action"},
    {"Follow us on Twitter for live updates", true, "call to action"},
    {"Get the latest Lorvik news delivered to your inbox.", true, "call to action"},
    {"Visit the Lorvik port authority for more on the closure.", true, "call to action"},
    {"Read or share this story: https://lorvik.example.com/s/12345", true, "call to action"},
    {"Advertisement", false, "advertisement"},
    {"Story continues below advertisement", false, "advertisement"},
    {"\xC2\xA9 2029 Lorvik Herald. All rights reserved.", true, "legal notice"},
    {"Related: Ferry operators ask for new subsidies", false, "link list"},
    {"Read more: What the closure means for commuters", false, "link list"},
    {"[Related: Five bridges that closed this decade]", false, "link list"},
    {"Twitter", true, "navigation"},
    {"Share this story", true, "call to action"},
};

static void test_noise_lines(void)
{
    for (size_t i = 0; i < sizeof NOISE / sizeof NOISE[0]; i++) {
        const noise_case *c = &NOISE[i];
        char *doc = article_with(c->line, c->at_end);
        run r;
        clean_en(&r, doc);
        const drop_rec *d = find_drop(&r, 0, c->line);
        if (!d) fprintf(stderr, "noise case %zu not dropped: %s\n", i, c->line);
        CHECK(d != NULL);
        if (d) {
            if (strcmp(d->reason, c->reason) != 0)
                fprintf(stderr, "noise case %zu: reason '%s', expected '%s'\n", i, d->reason, c->reason);
            CHECK_EQ_STR(d->reason, c->reason);
        }
        /* The article itself is untouched. */
        CHECK(has_region(&r, 0, P1));
        CHECK(has_region(&r, 0, P2));
        CHECK(has_region(&r, 0, P3));
        CHECK(has_region(&r, 0, P4));
        CHECK_EQ_INT(r.cl->ndrops, 1);
        check_tiling(&r);
        run_free(&r);
        free(doc);
    }
}

/* ---- Article lines: kept ---------------------------------------------------
 * What belongs here: lines of article text that share a surface cue with
 * noise (short, a quote, a date, "by", "photo", an imperative-looking
 * first word, a list item, an all-caps word, a dash) and must survive. */
static const char *const KEEP[] = {
    "\"We had no choice,\" Brandt said.",
    "\"It was terrible.\"",
    "Nobody was hurt.",
    "He was replaced by Ada Moss in 2020.",
    "The photos were later posted by the council on its website.",
    "Share prices of the ferry company fell 4 percent on Tuesday.",
    "Follow-up inspections are planned for next month.",
    "The terminal closed on Monday, June 4, 2029, at 10 a.m.",
    "Washington has promised federal funds for the repairs.",
    "The ABC-TV crew filmed the empty terminal for the evening news.",
    "Symptoms of corrosion include:",
    "rust on the steel pilings",
    "cracks in the concrete deck",
    "NATO and the EU sent observers, the council said.",
    "Read the full report and you will see why, Brandt told reporters.",
    "Copies of the inspection report were sent to every council member.",
    "Click, a local software company, built the ferry booking system.",
    "The council's statement was signed by Mayor Ilse Brandt and two deputies.",
    "Reporters from three newspapers attended the meeting, which lasted four hours.",
    "The damage was reported by a journalist who lives near the pier.",
    "(The terminal opened in 1961.) - and it never closed for a day until now, Brandt said.",
    "Veteran Journalist Remembers The Old Pier",
    "-- Kestra beat No. 2 Lorvik United 3-1 Oct. 12, 2027.",
    ("According to reports by the Lorvik Herald, the port authority asked ferry operators to add boats on the "
     "Kestra route and told passengers to expect delays until the temporary pier opens in July."),
};

static void test_keep_lines(void)
{
    for (size_t i = 0; i < sizeof KEEP / sizeof KEEP[0]; i++) {
        for (int at_end = 0; at_end < 2; at_end++) {
            char *doc = article_with(KEEP[i], at_end);
            run r;
            clean_en(&r, doc);
            bool kept = has_region(&r, 0, KEEP[i]);
            if (!kept) {
                for (size_t k = 0; k < r.cl->ndrops; k++)
                    fprintf(stderr, "keep case %zu%s: dropped as '%s'\n", i, at_end ? " (at end)" : "",
                            r.cl->drops[k].reason);
            }
            CHECK(kept);
            CHECK_EQ_INT(r.cl->ndrops, 0);
            check_tiling(&r);
            run_free(&r);
            free(doc);
        }
    }
}

/* ---- Parts of paragraphs: datelines and trailing credits ------------------ */
static void test_partial_cuts(void)
{
    static const char doc[] =
        "Lorvik closes its old ferry terminal\n"
        "\n"
        "LORVIK, Nordland (Herald) \xE2\x80\x94 The city council voted on Tuesday to close the old ferry terminal.\n"
        "\n"
        "KESTRA, Nordland - Ferry operators in the neighbouring town said they would add boats.\n"
        "\n"
        "KESTRA, June 4 (Northline) - Two more boats will run from Friday, the operator said.\n"
        "\n"
        "(Northline Business) - Ferry tickets will cost more from July, the operator said.\n"
        "\n"
        "The terminal will stay closed until September. (Photo: Petra Sand/Lorvik Herald)\n"
        "\n"
        "\"We will rebuild it,\" Brandt said. (Reporting by Kai Lund; Editing by Rita Holm)\n"
        "\n"
        "NORDLAND |\n";
    run r;
    clean_en(&r, doc);
    check_drop(&r, 0, "LORVIK, Nordland (Herald) \xE2\x80\x94 ", "dateline");
    CHECK(has_region(&r, 0, "The city council voted on Tuesday to close the old ferry terminal."));
    check_drop(&r, 0, "KESTRA, Nordland - ", "dateline");
    CHECK(has_region(&r, 0, "Ferry operators in the neighbouring town said they would add boats."));
    check_drop(&r, 0, "KESTRA, June 4 (Northline) - ", "dateline");
    check_drop(&r, 0, "(Northline Business) - ", "dateline");
    CHECK(has_region(&r, 0, "Ferry tickets will cost more from July, the operator said."));
    check_drop(&r, 0, "(Photo: Petra Sand/Lorvik Herald)", "photo caption or credit");
    CHECK(has_region(&r, 0, "The terminal will stay closed until September."));
    /* ... kept as text, but as a caption it is no summary sentence. */
    for (size_t i = 0; i < r.rv.n; i++)
        if (memcmp(doc + r.rv.v[i].start, "The terminal will stay", 22) == 0) CHECK(r.rv.v[i].flags & SENT_NOISY);
    check_drop(&r, 0, "(Reporting by Kai Lund; Editing by Rita Holm)", "byline");
    CHECK(has_region(&r, 0, "\"We will rebuild it,\" Brandt said."));
    check_drop(&r, 0, "NORDLAND |", "dateline");
    /* The title is kept and is a headline. */
    CHECK(has_region(&r, 0, "Lorvik closes its old ferry terminal"));
    CHECK(r.rv.n > 0 && (r.rv.v[0].flags & SENT_HEADLINE));
    check_tiling(&r);
    run_free(&r);
}

/* ---- Repetition ------------------------------------------------------------ */
static void test_repetition(void)
{
    /* The scraped page repeats its headline; a link list follows a header. */
    static const char d1[] =
        "Lorvik closes its old ferry terminal\n\n"
        "Lorvik closes its old ferry terminal\n\n"
        "The city council of Lorvik voted on Tuesday to close the old ferry terminal after an inspection.\n\n"
        "Lorvik Herald Evening Edition\n\n"
        "Mayor Ilse Brandt said a temporary pier would be ready within six weeks, and that ferries would run.\n\n"
        "Related Stories\n"
        "Ferry operators ask the council for new subsidies\n"
        "Five bridges that closed in the last decade\n";
    static const char d2[] =
        "Ferry terminal shut after inspection\n\n"
        "Lorvik Herald Evening Edition\n\n"
        "Inspectors found corrosion in the pilings of the Lorvik ferry terminal, which the council then closed.\n\n"
        "Passengers will use a temporary pier from July, the port authority said on Wednesday afternoon.\n";
    const char *docs[] = {d1, d2};
    run r;
    run_clean(&r, docs, 2, true, "en");
    CHECK_EQ_INT(r.rc, MDSUM_OK);
    /* The second copy of the headline goes, the first stays. */
    size_t copies = 0;
    for (size_t i = 0; i < r.cl->ndrops; i++) {
        const drop_rec *x = &r.cl->drops[i];
        if (x->doc == 0 && x->end - x->start == 36 &&
            memcmp(d1 + x->start, "Lorvik closes its old ferry terminal", 36) == 0) {
            copies++;
            CHECK_EQ_STR(x->reason, "repeated headline");
            CHECK(x->start > 0);
        }
    }
    CHECK_EQ_INT(copies, 1);
    CHECK(has_region(&r, 0, "Lorvik closes its old ferry terminal"));
    /* A short unpunctuated line in both documents. */
    const drop_rec *a = find_drop(&r, 0, "Lorvik Herald Evening Edition");
    const drop_rec *b = find_drop(&r, 1, "Lorvik Herald Evening Edition");
    CHECK(a && b);
    if (a) CHECK_EQ_STR(a->reason, "repeated across documents");
    /* The link list: its header and both items. */
    const drop_rec *h = find_drop(&r, 0, "Related Stories");
    const drop_rec *i1 = find_drop(&r, 0, "Ferry operators ask the council for new subsidies");
    const drop_rec *i2 = find_drop(&r, 0, "Five bridges that closed in the last decade");
    CHECK(h && i1 && i2);
    if (i1) CHECK_EQ_STR(i1->reason, "link list");
    /* Titles of different documents are never cross-document noise. */
    CHECK(has_region(&r, 1, "Ferry terminal shut after inspection"));
    check_tiling(&r);
    run_free(&r);

    /* A syndicated sentence in two documents is content (support), not
     * noise: it stays in both. */
    static const char s1[] = "Title one\n\nThe council closed the terminal on Tuesday after inspectors found corrosion.\n";
    static const char s2[] = "Title two\n\nThe council closed the terminal on Tuesday after inspectors found corrosion.\n";
    const char *docs2[] = {s1, s2};
    run_clean(&r, docs2, 2, true, "en");
    CHECK_EQ_INT(r.cl->ndrops, 0);
    run_free(&r);
}

/* ---- Paragraphs that are most of their document ------------------------------
 * Multi-News style input has one long line per document: a caption label at
 * its start must not drop the article, but a gallery widget (label and title
 * repeated, then captions) goes even when it is most of the document. */
static void test_long_paragraphs(void)
{
    static const char article[] =
        "Photo: Petra Sand The city council of Lorvik voted on Tuesday to close the old ferry terminal after an "
        "inspection found corrosion in its pilings. Mayor Ilse Brandt said a temporary pier would be ready within "
        "six weeks. Ferry operators in the neighbouring town of Kestra said they would add boats on the route "
        "while the terminal stays closed, and the port authority promised to publish the full inspection report. "
        "Passengers will use the temporary pier from July, the port authority said on Wednesday afternoon.\n";
    static const char gallery[] =
        "Photos: Ferry days in Lorvik Photos: Ferry days in Lorvik Commuters wait for the morning boat at the old "
        "terminal in 1987. The terminal's first ferry arrives on a winter morning. Children wave from the upper "
        "deck of the night boat to Kestra. Workers paint the pier before the summer season. The last timetable "
        "hangs in the waiting room of the terminal. A crane lifts the old gangway onto a truck. Hide Caption 6 of 6"
        "\n\nThe council closed the terminal on Tuesday after inspectors found corrosion in its pilings.\n";
    /* Truncated input: a short document that opens with a caption label. */
    static const char cut[] =
        "Photo: Lorvik Police Department Jonas Ek was sentenced this week to six years in prison for setting fire "
        "to the old ferry terminal, the court in Lorvik said on Friday, and he must pay for the";
    const char *docs[] = {article, gallery, cut};
    run r;
    run_clean(&r, docs, 3, true, "en");
    CHECK(find_drop_prefix(&r, 2, "Photo:") == NULL);
    CHECK(has_region_prefix(&r, 2, "Photo: Lorvik Police Department Jonas Ek was sentenced"));
    CHECK_EQ_INT(r.rc, MDSUM_OK);
    CHECK(has_region_prefix(&r, 0, "Photo: Petra Sand The city council of Lorvik voted on Tuesday") ||
          has_region_prefix(&r, 0, "The city council of Lorvik voted on Tuesday"));
    /* ... and its sentences stay candidates: the paragraph is not noisy as a whole. */
    for (size_t i = 0; i < r.rv.n; i++)
        if (r.rv.v[i].doc == 0) CHECK(!(r.rv.v[i].flags & SENT_NOISY));
    const drop_rec *g = find_drop_prefix(&r, 1, "Photos: Ferry days in Lorvik Photos: Ferry days in Lorvik");
    CHECK(g != NULL);
    if (g) CHECK_EQ_STR(g->reason, "photo caption or credit");
    CHECK(has_region_prefix(&r, 1, "The council closed the terminal on Tuesday after inspectors found corrosion"));
    check_tiling(&r);
    run_free(&r);
}

/* ---- --no-clean keeps everything; non-English ------------------------------ */
static void test_no_clean_and_languages(void)
{
    char *doc = article_with("Sign up for our daily newsletter", false);
    const char *docs[] = {doc, doc};
    run r;
    run_clean(&r, docs, 2, false, "en");
    CHECK_EQ_INT(r.rc, MDSUM_OK);
    CHECK_EQ_INT(r.cl->ndrops, 0);
    CHECK_EQ_INT(r.rv.n, 12);   /* 6 lines per document, each a region */
    check_tiling(&r);
    run_free(&r);
    free(doc);

    /* Through the public API: the same sentences minus the noise. */
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    char *d = article_with("Sign up for our daily newsletter", true);
    mdsum_doc md = {0};
    md.text = d;
    md.text_len = strlen(d);
    CHECK_EQ_INT(mdsum_cluster_add(cl, &md, 0), MDSUM_OK);
    mdsum_options o;
    mdsum_options_init(&o);
    o.flags |= MDSUM_NO_CLEAN;
    CHECK_EQ_INT(mdsum_cluster_analyze(ctx, cl, &o), MDSUM_OK);
    size_t n_raw = mdsum_cluster_sentence_count(cl);
    CHECK_EQ_INT(mdsum_cluster_drop_count(cl), 0);
    o.flags = 0;
    CHECK_EQ_INT(mdsum_cluster_analyze(ctx, cl, &o), MDSUM_OK);
    CHECK_EQ_INT(mdsum_cluster_drop_count(cl), 1);
    CHECK_EQ_INT(mdsum_cluster_sentence_count(cl), n_raw - 1);
    mdsum_drop dr;
    CHECK_EQ_INT(mdsum_cluster_drop(cl, 0, &dr), MDSUM_OK);
    CHECK_EQ_STR(dr.reason, "call to action");
    mdsum_cluster_free(cl);
    mdsum_ctx_free(ctx);
    free(d);

    /* French: no English word lists, but repetition and datelines apply,
     * and French prose with an imperative-looking English word stays. */
    static const char fr[] =
        "La mairie ferme le terminal\n\n"
        "La mairie ferme le terminal\n\n"
        "LORVIK (AFP) - Le conseil municipal a vot\xC3\xA9 mardi la fermeture du vieux terminal des ferries.\n\n"
        "Share, une entreprise locale, a construit le syst\xC3\xA8me de r\xC3\xA9servation des billets.\n";
    const char *fdocs[] = {fr};
    run_clean(&r, fdocs, 1, true, "fr");
    CHECK_EQ_INT(r.rc, MDSUM_OK);
    CHECK(find_drop(&r, 0, "La mairie ferme le terminal") != NULL);
    CHECK(find_drop(&r, 0, "LORVIK (AFP) - ") != NULL);
    CHECK(has_region(&r, 0, "Share, une entreprise locale, a construit le syst\xC3\xA8me de r\xC3\xA9servation des billets."));
    CHECK_EQ_INT(r.cl->ndrops, 2);
    check_tiling(&r);
    run_free(&r);
}

/* ---- Degenerate input ---------------------------------------------------------
 * What belongs here: input with nothing to clean, only noise, no line
 * breaks, very long lines, odd bytes. The cleaner must not fail, must tile
 * the text, and must never leave a cluster without words. */
static void test_degenerate(void)
{
    static const char *const cases[] = {
        "",
        "\n\n\n",
        "   \t  \n",
        "Advertisement\n\nSign up for our daily newsletter\n\nTwitter\n",
        "___\n\n***\n\n+\n",
        "x",
        "\xE2\x80\x94 \xE2\x80\x94 \xE2\x80\x94\n(\n)\n|\n",
        "A line without any terminal punctuation and without a break anywhere in it at all",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run r;
        clean_en(&r, cases[i]);
        check_tiling(&r);
        run_free(&r);
    }
    /* All noise: the cluster is passed through uncleaned, not emptied. */
    static const char noise[] = "Advertisement\n\nSign up for our daily newsletter\n\nTwitter\n";
    const char *nd[] = {noise};
    run r;
    run_clean(&r, nd, 1, true, "en");
    CHECK_EQ_INT(r.cl->ndrops, 0);
    CHECK_EQ_INT(r.rv.n, 3);
    run_free(&r);

    /* A huge line: one paragraph of 200,000 words, and a huge noise-free
     * document of many short lines: linear time, no failure. */
    size_t big = 200000 * 6;
    char *buf = malloc(big + 1);
    for (size_t i = 0; i < big; i += 6) memcpy(buf + i, "word. ", 6);
    buf[big] = '\0';
    const char *bd[] = {buf};
    run_clean(&r, bd, 1, true, "en");
    CHECK_EQ_INT(r.rc, MDSUM_OK);
    CHECK_EQ_INT(r.rv.n, 1);
    check_tiling(&r);
    run_free(&r);
    for (size_t i = 0; i < big; i += 6) memcpy(buf + i, "Click\n", 6);
    run_clean(&r, bd, 1, true, "en");
    CHECK_EQ_INT(r.rc, MDSUM_OK);
    check_tiling(&r);
    run_free(&r);
    free(buf);
}

/* ---- A caption above its credit line; a place before an en dash ----------- */
static void test_caption_above_credit(void)
{
    static const char doc[] =
        "Meadow Lake, Nordland \xE2\x80\x93 The council voted on Tuesday to close the old ferry terminal.\n"
        "\n"
        "The terminal opened in 1961 and carried two million passengers a year at its peak, the council said.\n"
        "The old pier after the storm.\n"
        "Image: Petra Sand.\n"
        "\n"
        "Ferry operators said they would add boats from Friday.\n"
        "\n"
        "Ticket prices will not change.\n"
        "\n"
        "Image: Petra Sand.\n";
    run r;
    clean_en(&r, doc);
    check_drop(&r, 0, "Meadow Lake, Nordland \xE2\x80\x93 ", "dateline");
    CHECK(has_region(&r, 0, "The council voted on Tuesday to close the old ferry terminal."));
    check_drop(&r, 0, "Image: Petra Sand.", "photo caption or credit");
    /* The caption stays as text but is no summary sentence; the lines
     * not right above a credit line are article text. */
    size_t seen = 0;
    for (size_t i = 0; i < r.rv.n; i++) {
        const char *p = doc + r.rv.v[i].start;
        bool noisy = (r.rv.v[i].flags & SENT_NOISY) != 0;
        if (memcmp(p, "The old pier", 12) == 0) { CHECK(noisy); seen++; }
        if (memcmp(p, "The terminal opened", 19) == 0) { CHECK(!noisy); seen++; }
        if (memcmp(p, "Ticket prices", 13) == 0) { CHECK(!noisy); seen++; }
    }
    CHECK_EQ_INT(seen, 3);
    check_tiling(&r);
    run_free(&r);
}

/* ---- Page furniture glued to the head of a one-line document -------------- */
static void test_furniture_heads(void)
{
    static const struct {
        const char *doc, *cut, *reason, *kept;
    } C[] = {
        {"Advertisement continue reading the main story The council voted on Tuesday to close the old ferry "
         "terminal, which opened in 1961.",
         "Advertisement continue reading the main story ", "advertisement", "The council voted on Tuesday"},
        {"Story highlights The terminal closed on Tuesday. Ferries will use the new pier from July.",
         "Story highlights ", "navigation", "The terminal closed on Tuesday."},
        {"Media playback is unsupported on your device Media caption The mayor spoke to reporters. The "
         "council voted to close the terminal.",
         "Media playback is unsupported on your device Media caption ", "navigation", "The mayor spoke"},
        {"Image copyright Lorvik Herald Image caption The old pier closed on Tuesday. The council said it was "
         "unsafe.",
         "Image copyright Lorvik Herald Image caption ", "photo caption or credit", "The old pier closed"},
        {"Photo Advertisement Continue reading the main story The council voted on Tuesday to close the pier.",
         "Photo Advertisement Continue reading the main story ", "photo caption or credit", "The council voted"},
        {"Advertisement The council voted on Tuesday to close the pier, which opened in 1961.", "Advertisement ",
         "advertisement", "The council voted"},
        /* A bare "Advertisement" before a word that opens a clause (re-cased
         * text); "Advertisement revenue ..." stays (KEEPS below). */
        {"The council voted on Tuesday to close the pier. Advertisement the ferry will run from Friday, the "
         "operator said.",
         "Advertisement ", "advertisement", "the ferry will run"},
        {"The council voted on Tuesday to close the pier. Advertisement - continue reading below The ferry will "
         "run from Friday.",
         "Advertisement - continue reading below ", "advertisement", "The ferry will run"},
        /* NBC's time stamp and byline glued to the text (re-cased). */
        {"The ferry will run from Friday. / updated by petra sand, kari dahl and ola berg the council voted on "
         "tuesday to close the pier.",
         "/ updated by petra sand, kari dahl and ola berg ", "dateline/timestamp", "the council voted"},
        {"The ferry will run from Friday. June 8, 2029, 7: 32 pm gmt / updated june 9, 2029, 12: 03 am gmt / "
         "source: northline by petra e. sand the council voted on tuesday to close the pier.",
         "/ updated june 9, 2029, 12: 03 am gmt / source: northline by petra e. sand ", "dateline/timestamp",
         "the council voted"},
        /* NPR's photo furniture after the headline, the credit said twice. */
        {"Lorvik closes its old pier enlarge this image toggle caption petra sand/lorvik herald petra "
         "sand/lorvik herald The council voted on Tuesday to close the pier. Ferries will use a new one.",
         "enlarge this image toggle caption petra sand/lorvik herald petra sand/lorvik herald ",
         "photo caption or credit", "The council voted"},
        {"Lorvik closes its old pier i itoggle caption Petra Sand/AP Petra Sand/AP The council voted on "
         "Tuesday to close the pier. Ferries will use a new one.",
         "i itoggle caption Petra Sand/AP Petra Sand/AP ", "photo caption or credit", "The council voted"},
        /* NBC's video furniture: the video's title ends at its length. */
        {"Play Facebook Twitter Google Plus Embed Lorvik pier closes for good 1:38 The council voted on "
         "Tuesday to close the pier. Ferries will use a new one.",
         "Play Facebook Twitter Google Plus Embed Lorvik pier closes for good 1:38 ", "navigation",
         "The council voted"},
        {"The council voted on Tuesday to close the pier. play facebook twitter embed lorvik pier closes 0: 30 "
         "ferries will use a new one from Friday, the operator said.",
         "play facebook twitter embed lorvik pier closes 0: 30 ", "navigation", "ferries will use"},
    };
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        run r;
        clean_en(&r, C[i].doc);
        check_drop(&r, 0, C[i].cut, C[i].reason);
        bool kept = false;
        for (size_t k = 0; k < r.rv.n; k++)
            if (memcmp(C[i].doc + r.rv.v[k].start, C[i].kept, strlen(C[i].kept)) == 0) kept = true;
        CHECK(kept);
        check_tiling(&r);
        run_free(&r);
    }
    /* After a sentence inside the paragraph: cut, and both sides stay. */
    {
        static const char doc[] =
            "The council voted on Tuesday to close the old ferry terminal, which opened in 1961. "
            "Advertisement Continue reading the main story Ferry operators said they would add boats from "
            "Friday. Image copyright Lorvik Herald Image caption The old pier was closed for good.";
        run r;
        clean_en(&r, doc);
        check_drop(&r, 0, "Advertisement Continue reading the main story ", "advertisement");
        check_drop(&r, 0, "Image copyright Lorvik Herald Image caption ", "photo caption or credit");
        CHECK(has_region(&r, 0, "The council voted on Tuesday to close the old ferry terminal, which opened in 1961."));
        CHECK(has_region(&r, 0, "Ferry operators said they would add boats from Friday."));
        CHECK(has_region(&r, 0, "The old pier was closed for good."));
        check_tiling(&r);
        run_free(&r);
    }
    /* Words of an article that only look like furniture stay. */
    static const char *const KEEPS[] = {
        "Advertisement revenue at the Lorvik Herald fell by a third last year, the paper said on Tuesday.",
        "Photo sharing on the ferry is banned, the operator said.",
        "Image copyright law was changed in 2029, and the museum had to take its pictures down.",
        "The ferry was sold. Story highlights from the auction were shown on television, the paper said.",
        "The ferry was sold. Advertisement revenue paid for the new pier, the council said.",
        "Readers can toggle caption display on the Lorvik Herald's videos, the paper said.",
        "Play Facebook Twitter and other games at the Lorvik library, the council said.",
        "The ferry was sold. Prices were updated by the council / updated by the port on Monday.",
    };
    for (size_t i = 0; i < sizeof KEEPS / sizeof KEEPS[0]; i++) {
        char *doc = article_with(KEEPS[i], 0);
        run r;
        clean_en(&r, doc);
        CHECK(has_region(&r, 0, KEEPS[i]));
        run_free(&r);
        free(doc);
    }
}

/* ---- Credits in brackets and re-cased datelines --------------------------
 * A photo's credit ends its caption; a news agency's name opens the
 * article. The one-line documents are long enough (over 60 words) that the
 * line judge leaves them to the paragraph rules. */
static char *one_line(const char *head, const char *tail)
{
    size_t n = strlen(head) + strlen(P1) + strlen(P2) + strlen(P3) + strlen(tail) + 8;
    char *buf = malloc(n);
    snprintf(buf, n, "%s%s %s %s%s", head, P1, P2, P3, tail);
    return buf;
}

/* The sentences of one analysed document that begin with `prefix`: their
 * flags ORed (a failed check if there is none). */
static uint32_t sent_flags_of(const char *doc, const char *prefix)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    mdsum_cluster *cl = cluster_of(ctx, doc);
    mdsum_options o;
    mdsum_options_init(&o);
    CHECK_EQ_INT(mdsum_cluster_analyze(ctx, cl, &o), MDSUM_OK);
    uint32_t f = UINT32_MAX;
    for (size_t i = 0; i < cl->nsents; i++)
        if (strncmp(doc + cl->sents[i].start, prefix, strlen(prefix)) == 0)
            f = (f == UINT32_MAX ? 0 : f) | cl->sents[i].flags;
    if (f == UINT32_MAX) fprintf(stderr, "no sentence begins with: %s\n", prefix);
    CHECK(f != UINT32_MAX);   /* each use names a sentence of the document */
    mdsum_cluster_free(cl);
    mdsum_ctx_free(ctx);
    return f;
}

/* Of the sentences of `doc` that begin with the prefixes listed (up to
 * NULL), those in `noisy` are kept out of summaries (SENT_NOISY) and
 * those in `kept` are not. */
static void check_noisy(const char *doc, const char *const *noisy, const char *const *kept)
{
    for (; *noisy; noisy++) CHECK(sent_flags_of(doc, *noisy) & SENT_NOISY);
    for (; *kept; kept++) CHECK_EQ_INT(sent_flags_of(doc, *kept) & SENT_NOISY, 0);
}

/* Each of keeps[0..n), at the head of a one-line article, is kept whole:
 * nothing of the document is dropped. */
static void check_keeps(const char *const *keeps, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++) {
        char head[160];
        snprintf(head, sizeof head, "%s ", keeps[i]);
        char *doc = one_line(head, "");
        run r;
        clean_en(&r, doc);
        if (r.cl->ndrops) fprintf(stderr, "%s keep case %zu: %zu drops\n", what, i, r.cl->ndrops);
        CHECK_EQ_INT((int)r.cl->ndrops, 0);
        CHECK(has_region_prefix(&r, 0, keeps[i]));
        run_free(&r);
        free(doc);
    }
}

/* check_noisy() on the one-line article head + P1 P2 P3 + tail. */
static void check_noisy_line(const char *head, const char *tail, const char *const *noisy, const char *const *kept)
{
    char *doc = one_line(head, tail);
    check_noisy(doc, noisy, kept);
    free(doc);
}

static void test_credits(void)
{
    /* Words and a dash at the head of a paragraph that are no dateline:
     * an aside's pair of dashes, an adverb, a short answer, a question, a
     * pronoun. */
    static const char *const NOT_DATELINES[] = {
        "Arthropods \xE2\x80\x94 a huge group that includes insects \xE2\x80\x94 have lived beside us.",
        "Mix slowly \xE2\x80\x94 you will find it easier to stir the paint that way.",
        "Mamet -- yes.",
        "Brad -- why did you feel the need to be so cruel to the ferry crew?",
        "It's here \xE2\x80\x94 the new ferry timetable for the summer months.",
        "Lorvik \xE2\x80\x94 The council voted on Tuesday to close the old ferry terminal.",
    };
    check_keeps(NOT_DATELINES, sizeof NOT_DATELINES / sizeof NOT_DATELINES[0], "not a dateline");
    static const struct {
        const char *head;       /* before P1 */
        const char *cut[3];     /* dropped, in order */
        const char *reason[3];
    } C[] = {
        /* A page's truncated caption and the AP's credit, then the dateline. */
        {"The mayor leaves the town hall in Lorvik, Nordland, on Tuesday after the vote... (Associated Press) "
         "LORVIK, Nordland (AP) \xE2\x80\x94 ",
         {"The mayor leaves the town hall in Lorvik, Nordland, on Tuesday after the vote... (Associated Press) ",
          "LORVIK, Nordland (AP) \xE2\x80\x94 "},
         {"photo caption or credit", "dateline"}},
        /* Two captions; the re-cased text of Multi-News. */
        {"The old pier... ( associated press ) the old pier after the storm. ( ap photo/petra sand ) "
         "lorvik, nordland ( ap ) \xE2\x80\x94 ",
         {"The old pier... ( associated press ) ", "the old pier after the storm. ( ap photo/petra sand ) ",
          "lorvik, nordland ( ap ) \xE2\x80\x94 "},
         {"photo caption or credit", "photo caption or credit", "dateline"}},
        /* Credits alone at the head; a newspaper's photographer. */
        {"(Petra Sand/The Lorvik Herald) (Uncredited/AP) ",
         {"(Petra Sand/The Lorvik Herald) ", "(Uncredited/AP) "},
         {"photo caption or credit", "photo caption or credit"}},
        /* An agency's name alone, with or without a dash. */
        {"(CNN) ", {"(CNN) "}, {"dateline"}},
        {"( reuters ) - ", {"( reuters ) - "}, {"dateline"}},
        /* Re-cased places: any case before an agency or a station. */
        {"Vatican city ( reuters ) - ", {"Vatican city ( reuters ) - "}, {"dateline"}},
        {"Meadow lake, nordland ( kxlv ) \xE2\x80\x93 ", {"Meadow lake, nordland ( kxlv ) \xE2\x80\x93 "}, {"dateline"}},
        {"Lorvik/kestra ( reuters ) - ", {"Lorvik/kestra ( reuters ) - "}, {"dateline"}},
        /* Reuters' pages say the place twice. */
        {"Lorvik &#124; lorvik ( reuters ) - ", {"Lorvik &#124; lorvik ( reuters ) - "}, {"dateline"}},
        {"MEADOW LAKE | Meadow Lake (Reuters) - ", {"MEADOW LAKE | Meadow Lake (Reuters) - "}, {"dateline"}},
        /* Credits without brackets: a photographer and an agency. */
        {"Chip Somodevilla/Getty Images ", {"Chip Somodevilla/Getty Images "}, {"photo caption or credit"}},
        {"Photographer: Petra Sand/AFP via Getty Images ", {"Photographer: Petra Sand/AFP via Getty Images "},
         {"photo caption or credit"}},
        {"petra sand via getty images ", {"petra sand via getty images "}, {"photo caption or credit"}},
        {"Petra Sand \xE2\x80\x94 Getty Images ", {"Petra Sand \xE2\x80\x94 Getty Images "}, {"photo caption or credit"}},
        {"The old pier closed on Monday. &#124; Petra Sand/Reuters ",
         {"The old pier closed on Monday. &#124; Petra Sand/Reuters "}, {"photo caption or credit"}},
        /* CNN's highlights run on to its "(CNN)". */
        {"Story highlights the pier closed on monday ferries will use a new pier ( cnn ) ",
         {"Story highlights ", "( cnn ) "}, {"navigation", "dateline"}},
        /* CNN's style has no dash. */
        {"LORVIK, Nordland (CNN) ", {"LORVIK, Nordland (CNN) "}, {"dateline"}},
        {"Meadow lake, nordland ( cnn ) ", {"Meadow lake, nordland ( cnn ) "}, {"dateline"}},
    };
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        char *doc = one_line(C[i].head, "");
        run r;
        clean_en(&r, doc);
        for (int k = 0; k < 3 && C[i].cut[k]; k++) check_drop(&r, 0, C[i].cut[k], C[i].reason[k]);
        CHECK(has_region_prefix(&r, 0, P1));
        check_tiling(&r);
        run_free(&r);
        free(doc);
    }
    /* A place and a dash at the head of the lead, in re-cased text. */
    {
        static const char *const places[] = {"Lorvik \xE2\x80\x94 ", "Meadow lake, nord. -- ",
                                             "Salt lake city \xE2\x80\x93 "};
        static const char lead[] = "the council voted on tuesday to close the old ferry terminal, officials said. ";
        for (size_t i = 0; i < sizeof places / sizeof *places; i++) {
            char head[200];
            snprintf(head, sizeof head, "%s%s", places[i], lead);
            char *doc = one_line(head, "");
            run r;
            clean_en(&r, doc);
            check_drop(&r, 0, places[i], "dateline");
            CHECK(has_region_prefix(&r, 0, lead));
            check_tiling(&r);
            run_free(&r);
            free(doc);
        }
    }
    /* A short paragraph: its caption and credit go, then its dateline. */
    {
        static const char doc[] = "Lorvik closes its old ferry terminal\n\n"
                                  "The mayor leaves the town hall. (AP Photo/Petra Sand) LORVIK, Nordland (AP) - The "
                                  "council voted on Tuesday to close the old ferry terminal.\n";
        run r;
        clean_en(&r, doc);
        check_drop(&r, 0, "LORVIK, Nordland (AP) - ", "dateline");
        CHECK(has_region(&r, 0, "The council voted on Tuesday to close the old ferry terminal."));
        check_tiling(&r);
        run_free(&r);
    }
    /* A credit after a sentence inside a paragraph: cut; the sentence
     * before it is the caption (kept, but not for summaries); the text on
     * both sides stays. */
    {
        char *doc = one_line("", " The old pier after the storm. (Photo: Petra Sand, Lorvik Herald) Ferry operators "
                                 "said they would add boats from Friday, and ticket prices will not change.");
        run r;
        clean_en(&r, doc);
        check_drop(&r, 0, "(Photo: Petra Sand, Lorvik Herald) ", "photo caption or credit");
        CHECK(has_region_prefix(&r, 0, P1));
        CHECK(has_region_prefix(&r, 0, "Ferry operators said"));
        for (size_t k = 0; k < r.rv.n; k++)
            if (strncmp(doc + r.rv.v[k].start, P1, 20) == 0) CHECK(r.rv.v[k].flags & REGION_LAST_CAPTION);
        check_tiling(&r);
        run_free(&r);
        check_noisy(doc, (const char *const[]){"The old pier after", NULL},
                    (const char *const[]){"Ferry operators said", "Mayor Ilse Brandt", NULL});
        free(doc);
    }
    /* After a cut, the article's first word in lower case (re-cased text)
     * makes no fragment: the region says where the cleaner cut. */
    {
        char *doc = one_line("Vatican city ( reuters ) - the council met on Friday to vote on the pier. ", "");
        CHECK_EQ_INT(sent_flags_of(doc, "the council met") & SENT_FRAGMENT, 0);
        free(doc);
        doc = one_line("Play facebook twitter embed lorvik pier closes 1: 38 the council met on Friday to vote "
                       "on the pier. ", "");
        CHECK_EQ_INT(sent_flags_of(doc, "the council met") & SENT_FRAGMENT, 0);
        free(doc);
        doc = one_line("The ferry was sold. the council met on Friday to vote on the pier. ", "");
        CHECK_EQ_INT(sent_flags_of(doc, "The ferry was sold") & SENT_FRAGMENT, 0);
        free(doc);
    }
    /* A head of two sentences before a credit: the article's lead and the
     * caption. Only the caption is taken for one; nothing is dropped but
     * the credit. */
    {
        char *doc = one_line("Ferries stopped at the old pier on Monday after a storm. The old pier after the storm. "
                             "Photographer: Petra Sand/Bloomberg ", "");
        run r;
        clean_en(&r, doc);
        check_drop(&r, 0, "Photographer: Petra Sand/Bloomberg ", "photo caption or credit");
        CHECK_EQ_INT((int)r.cl->ndrops, 1);
        check_tiling(&r);
        run_free(&r);
        check_noisy(doc, (const char *const[]){"The old pier after", NULL},
                    (const char *const[]){"Ferries stopped at", NULL});
        free(doc);
    }
    /* CNN's highlights are kept as text, but not for summaries. */
    check_noisy_line("Story highlights The pier closed on Monday ferries will use a new pier ( cnn ) ", "",
                     (const char *const[]){"The pier closed on Monday ferries", NULL},
                     (const char *const[]){"The city council of Lorvik", NULL});
    /* Between two photos' credits a short text is all caption. */
    check_noisy_line("", " The old pier closed. (AP Photo/Petra Sand) Boats wait at the new pier on Monday. "
                     "Ferries will run from Friday. (Associated Press) LORVIK, Nordland (AP) - Ferry "
                     "operators said they would add boats from Friday.",
                     (const char *const[]){"The old pier closed.", "Boats wait at", "Ferries will run", NULL},
                     (const char *const[]){"Ferry operators said", "Mayor Ilse Brandt", NULL});
    /* A credit that ends the paragraph may credit a news item (a live
     * blog's "... (Reuters, DPA)"): nothing before it is dropped. */
    {
        char *doc = one_line("", " The harbour master said all parties had agreed to the pause.(Northline, Reuters)");
        run r;
        clean_en(&r, doc);
        CHECK_EQ_INT((int)r.cl->ndrops, 0);
        CHECK(has_region_prefix(&r, 0, P1));
        run_free(&r);
        free(doc);
    }
    /* Brackets that are not credits, and agencies inside a sentence, stay. */
    static const char *const KEEPS[] = {
        "The network (CNN) said on Monday that it would appeal the ruling.",
        "The mayor said (quietly) - the pier was lost.",
        "Funding came from the institutes of health (NIH/NCRR P20-RR0176) to the Lorvik centre.",
        "The pier closed. (The council met again on Friday.) Ferries will use a new pier.",
        "The agency (Reuters) reported the vote first.",
        "The pier closed. (Petra Sand, the harbour master) said the boats would stay.",
        "The pier closed. A new Ipsos/Reuters poll shows that most want it back.",
        "The pier closed. Ipsos / Reuters polls show that most want it back.",
        "The pier closed. Getty Images said on Monday that it would sell its archive.",
        "The ferry was sold. Story highlights from the auction were shown by Reuters (CNN) on Monday.",
        "Lorvik | Kestra ferries run daily, the operator said on Monday.",
    };
    check_keeps(KEEPS, sizeof KEEPS / sizeof KEEPS[0], "credit");
}

/* ---- Page widgets glued into re-cased text ---------------------------------
 * USA Today's video player ("Close ..."), the Guardian's related links
 * ("<headline> Read more"), NYT's "Photo", bare "Advertisement" slots,
 * Politico's "Story Continued Below", USA Today's "Buy photo" and Reuters'
 * credits with the agency first. */
typedef struct widget_case {
    const char *head, *tail;    /* around P1 P2 P3 (one_line) */
    const char *cut[3];         /* dropped, in order */
    const char *reason[3];
    const char *kept;           /* a kept region begins with it */
} widget_case;

static const widget_case WIDGETS[] = {
    /* The video's description, its source and a photo's caption run on to
     * the photo's credit: all of it goes. */
    {"Close the lorvik ferry makes its last trip from the old pier. Northline video ferries wait at the new "
     "pier on monday, june 4, 2029. ( photo: petra sand, lorvik herald ) lorvik, nordland \xE2\x80\x94 ",
     "",
     {"Close ", "the lorvik ferry makes its last trip from the old pier. Northline video ferries wait at the new "
                "pier on monday, june 4, 2029. ( photo: petra sand, lorvik herald ) ",
      "lorvik, nordland \xE2\x80\x94 "},
     {"navigation", "photo caption or credit", "dateline"},
     NULL},
    {"Close skip in skip x embed x share ", "", {"Close skip in skip x embed x share "}, {"navigation"}, NULL},
    /* A related link's headline, with a question mark or none, and "Read
     * more"; after a sentence's end only "Read more" goes. */
    {"", " Why would the pier close? read more the ferry will run from friday, the operator said.",
     {"Why would the pier close? read more "}, {"link list"}, "the ferry will run"},
    {"", " Lorvik votes to close its old pier \xE2\x80\x93 live read more the ferry will run from friday.",
     {"Lorvik votes to close its old pier \xE2\x80\x93 live read more "}, {"link list"}, "the ferry will run"},
    {"", " Officials said the pier was unsafe. Read more the ferry will run from friday.", {"Read more "},
     {"link list"}, "the ferry will run"},
    {"", " ' the pier is gone for good'read more the ferry will run from friday.",
     {"' the pier is gone for good'read more "}, {"link list"}, "the ferry will run"},
    {"", " Ferries will use a new pier, which the council... Read more the ferry will run from friday.",
     {"Ferries will use a new pier, which the council... Read more "}, {"link list"}, "the ferry will run"},
    /* NYT's photo slot before a clause; ad slots before any word. */
    {"", " Photo the ferry will run from friday, the operator said.", {"Photo "}, {"photo caption or credit"},
     "the ferry will run"},
    {"", " Advertisement going forward, the ferry will run from friday.", {"Advertisement "}, {"advertisement"},
     "going forward"},
    {"", " Advertisement advertisement ferries will run from friday.", {"Advertisement advertisement "},
     {"advertisement"}, "ferries will run"},
    {"", " Advertisementskip ferries will run from friday.", {"Advertisementskip "}, {"advertisement"},
     "ferries will run"},
    {"", " Story continued below the ferry will run from friday.", {"Story continued below "}, {"advertisement"},
     "the ferry will run"},
    /* USA Today's button after a photo's credit. */
    {"", " The old pier after the storm. ( photo: petra sand, lorvik herald ) buy photo the ferry will run from "
         "friday.",
     {"( photo: petra sand, lorvik herald ) ", "buy photo "}, {"photo caption or credit", "photo caption or credit"},
     "the ferry will run"},
    /* The BBC's image credit without its caption, and a long one with. */
    {"", " Image copyright AFP the ferry will run from friday, the operator said.", {"Image copyright AFP "},
     {"photo caption or credit"}, "the ferry will run"},
    {"", " Image copyright petra sand/afp/getty the ferry will run from friday.",
     {"Image copyright petra sand/afp/getty "}, {"photo caption or credit"}, "the ferry will run"},
    {"", " Image copyright the royal ( lorvik ) school of ferry studies image caption the ferry will run from friday.",
     {"Image copyright the royal ( lorvik ) school of ferry studies image caption "}, {"photo caption or credit"},
     "the ferry will run"},
    /* A video player's notice, and the dateline after it. */
    {"Please enable javascript to watch this video lorvik, nordland -- ", "",
     {"Please enable javascript to watch this video lorvik, nordland -- "}, {"navigation"}, NULL},
    /* A video's upload date, and an embedded post's signature. */
    {"", " Published on jul 18, 2029 the ferry will run from friday, the operator said.",
     {"Published on jul 18, 2029 "}, {"dateline/timestamp"}, "the ferry will run"},
    {"", " Goodbye, old pier. Pic.twitter.com/x1y2z3 \xE2\x80\x94 petra sand ( @petrasand ) june 4, 2029 the ferry "
         "will run from friday.",
     {"Pic.twitter.com/x1y2z3 \xE2\x80\x94 petra sand ( @petrasand ) june 4, 2029 "}, {"social media post's signature"},
     "the ferry will run"},
    /* Reuters' credit, the agency first, ends its caption. */
    {"", " Ferries wait at the new pier in Lorvik, June 4, 2029. REUTERS/Petra Sand/File Photo The ferry will run "
         "from Friday.",
     {"REUTERS/Petra Sand/File Photo "}, {"photo caption or credit"}, "The ferry will run"},
    {"", " Ferries wait at the new pier in Lorvik. Reuters/petra sand the ferry will run from friday.",
     {"Reuters/petra sand "}, {"photo caption or credit"}, "the ferry will run"},
    /* The AP's live page: its head after the dateline, an entry's stamp. */
    {"LORVIK, Norway (AP) \xE2\x80\x94 The latest on the closing of the old pier ( all times local ): 9: 25 a.m. ",
     "",
     {"LORVIK, Norway (AP) \xE2\x80\x94 ", "The latest on the closing of the old pier ( all times local ): 9: 25 a.m. "},
     {"dateline", "dateline/timestamp"},
     NULL},
    {"", " The pier closed. ___ 12: 30 p.m. the ferry will run from friday, the operator said.",
     {"___ 12: 30 p.m. "}, {"dateline/timestamp"}, "the ferry will run"},
    {"", " The pier closed. ___ 5 p.m. the ferry will run from friday, the operator said.",
     {"___ 5 p.m. "}, {"dateline/timestamp"}, "the ferry will run"},
};

static void test_page_widgets(void)
{
    for (size_t i = 0; i < sizeof WIDGETS / sizeof WIDGETS[0]; i++) {
        const widget_case *c = &WIDGETS[i];
        char *doc = one_line(c->head, c->tail);
        run r;
        clean_en(&r, doc);
        for (int k = 0; k < 3 && c->cut[k]; k++) check_drop(&r, 0, c->cut[k], c->reason[k]);
        CHECK(has_region_prefix(&r, 0, c->kept ? c->kept : P1));
        check_tiling(&r);
        run_free(&r);
        free(doc);
    }
    /* Without a photo's credit, the video's description (the first
     * sentence after "Close") is kept, but not for summaries. */
    {
        char *doc = one_line("Close the lorvik ferry makes its last trip from the old pier. ", "");
        run r;
        clean_en(&r, doc);
        check_drop(&r, 0, "Close ", "navigation");
        CHECK_EQ_INT((int)r.cl->ndrops, 1);
        run_free(&r);
        check_noisy(doc, (const char *const[]){"the lorvik ferry makes", NULL},
                    (const char *const[]){"The city council of Lorvik", NULL});
        free(doc);
    }
    /* Before an image's credit, another image's caption (no sentence's
     * end) is kept, but not for summaries. */
    check_noisy_line("", " The pier closed. The old pier at dawn image copyright afp image caption boats "
                     "wait at the new pier. The ferry will run from Friday, the operator said.",
                     (const char *const[]){"The old pier at dawn", NULL},
                     (const char *const[]){"The pier closed.", "The ferry will run", NULL});
    /* The BBC's "Media caption": the caption runs on into the article's
     * sentence, which is kept, but not for summaries. */
    {
        char *doc = one_line("", " The pier closed. Media caption The harbour master explains the closure the ferry "
                                 "will run from Friday, the operator said. Boats will wait at the new pier.");
        run r;
        clean_en(&r, doc);
        check_drop(&r, 0, "Media caption ", "photo caption or credit");
        run_free(&r);
        check_noisy(doc, (const char *const[]){"The harbour master explains", NULL},
                    (const char *const[]){"The pier closed.", "Boats will wait", NULL});
        free(doc);
    }
    /* An embedded post: its last sentence is kept, but not for summaries;
     * after another post's signature, all of its text. */
    check_noisy_line("", " Goodbye, old pier. -- Petra Sand (@petrasand) June 4, 2029 We will miss you. Bye. "
                     "\xE2\x80\x94 Ola Berg (@olaberg) June 4, 2029 The ferry will run from Friday, the "
                     "operator said.",
                     (const char *const[]){"Goodbye, old pier.", "We will miss you.", "Bye.", NULL},
                     (const char *const[]){"The ferry will run", "Mayor Ilse Brandt", NULL});
    /* After another cut (a photo's credit) only the post's last
     * sentence is taken for it. */
    check_noisy_line("", " The old pier after the storm. (Photo: Petra Sand, Lorvik Herald) The ferry will "
                     "run from Friday, the operator said. Goodbye, old pier. -- Ola Berg (@olaberg) June 4, "
                     "2029 Boats will wait at the new pier.",
                     (const char *const[]){"Goodbye, old pier.", NULL},
                     (const char *const[]){"The ferry will run", "Boats will wait", NULL});
    /* USA Today's notification widget alone makes no article (beside
     * one: a cluster that is all noise is passed through). */
    {
        const char *docs[] = {
            "Close get email notifications on petra sand daily! your notification has been saved. There was a "
            "problem saving your notification. Whenever petra sand posts new content, you ' ll get an email "
            "delivered to your inbox with a link. Email notifications are only sent once a day, and only if there "
            "are new matching items.",
            P1};
        run r;
        run_clean(&r, docs, 2, true, "en");
        CHECK_EQ_INT(r.rc, MDSUM_OK);
        size_t in0 = 0;
        for (size_t k = 0; k < r.rv.n; k++) in0 += r.rv.v[k].doc == 0;
        CHECK_EQ_INT((int)in0, 0);
        check_drop(&r, 0, docs[0], "navigation");
        CHECK(has_region(&r, 1, P1));
        check_tiling(&r);
        run_free(&r);
    }
    /* Reuters' credit after a sentence: that sentence is the caption. */
    check_noisy_line("", " Ferries wait at the new pier. Reuters/petra sand the ferry will run from friday, "
                     "the operator said.",
                     (const char *const[]){"Ferries wait at", NULL},
                     (const char *const[]){"the ferry will run", NULL});
    /* The same words in an article's sentences stay. */
    static const char *const KEEPS[] = {
        "Close to 50 people waited at the old pier on Monday, officials said.",
        "Close friends of the mayor said she would not resign.",
        "The pier closed. Advertisement was placed in the Lorvik Herald on Monday.",
        "The pier closed. Photo identification will be needed on the ferry, the operator said.",
        "The pier closed. Readers can read more about the vote on the council's website.",
        "The pier closed. Read more about the vote at the Lorvik Herald.",
        "The pier closed. A Reuters/Ipsos poll shows that most want it back.",
        "The pier closed. Reuters/Ipsos polls show that most want it back.",
        "The pier closed. Published on Monday, the report blamed the storm.",
        "The pier closed. The mayor -- who spoke to Petra Sand (@petrasand) on Monday -- said it would reopen.",
        "The pier closed. The latest on the vote will come at 5 p.m., the council said.",
        "The pier closed. The council's ___ 12 members voted at 9 a.m. on Monday.",
    };
    check_keeps(KEEPS, sizeof KEEPS / sizeof KEEPS[0], "widget");
}

/* ---- Sentences that cannot stand alone -------------------------------------
 * What belongs here: an English sentence and the readability flags it must
 * get (0 = a sentence that stands alone). */
typedef struct sent_case {
    const char *text;
    uint32_t flags;
} sent_case;

static const sent_case SENTS[] = {
    {"Lorvik officials said the pier was safe.", 0},
    {"But the council disagreed.", SENT_DANGLING},
    {"He added that the pier would open soon.", SENT_DANGLING},
    {"This was the third closure in a decade.", SENT_DANGLING},
    {"That's when the inspectors arrived.", SENT_DANGLING},
    {"They've asked for more time.", SENT_DANGLING},
    {"Meanwhile, ferries ran from the old harbor.", SENT_DANGLING},
    {"Its pilings were rusted through.", SENT_DANGLING},
    {"This week the council meets again.", 0},
    {"It is unclear when the terminal will reopen.", 0},
    {"It was not immediately clear who would pay.", 0},
    {"It was a difficult decision.", SENT_DANGLING},
    {"So far, nobody has been hurt.", 0},
    {"\"He is a good man,\" Brandt said.", 0},
    {"\"But we will rebuild.\"", SENT_DANGLING},
    {"\"It will be costly.\"", SENT_DANGLING},
    {"the pier was closed.", SENT_FRAGMENT},
    {"The pier was closed", SENT_UNFINISHED},
    {"The pier was closed, and the mayor said...", SENT_UNFINISHED},
    {"Will the pier reopen before the summer?", SENT_FRAGMENT},
    {"\"We will rebuild, she said.", SENT_FRAGMENT},
    /* Curly quotes balance too: an opening one without its close, a close
     * without its opening, and a balanced pair (with a stray lead byte of
     * another character, an en dash, in between). */
    {"\xE2\x80\x9CWe will rebuild, she said.", SENT_FRAGMENT},
    {"We will rebuild,\xE2\x80\x9D she said.", SENT_FRAGMENT},
    {"\xE2\x80\x9CWe will rebuild \xE2\x80\x93 soon,\xE2\x80\x9D Brandt said.", 0},
    {"Then-mayor Ola Berg opened the terminal in 1961.", 0},
    {"(Photo: Petra Sand/Lorvik Herald)", SENT_NOISY | SENT_UNFINISHED},
    {"Sign up for our daily newsletter.", SENT_NOISY},
    {"By Marta Feld and Jonas Ek", SENT_NOISY | SENT_UNFINISHED},
    {"LORVIK (Herald) - The council voted on Tuesday.", SENT_NOISY},
    /* Captions by their grammar (present tense, no news verb). */
    /* A question put to the reader is a prompt; other questions are fragments. */
    {"What do you think?", SENT_FRAGMENT | SENT_NOISY},
    {"What did the council decide?", SENT_FRAGMENT},
    /* Re-tokenized text: a space before the closing quote; four dots end a
     * sentence, three trail off. */
    {"Brandt called the closure \" the only safe choice. \"", 0},
    {"The council will meet again next month....", 0},
    {"The council will meet again next month...", SENT_UNFINISHED},
    {"A commuter waves at the last ferry leaving the old terminal in Lorvik.", SENT_NOISY},
    {"Mayor Ilse Brandt speaks during a council meeting in Lorvik, Tuesday, June 5, 2029.", SENT_NOISY},
    {"A crane stands next to the closed pier during the inspection.", SENT_NOISY},
    {"The old terminal stands on an island in the harbour.", 0},
    {"The ban carries no penalty for ferry operators.", 0},
    {"Eventually, she sings a song about the old pier.", 0},
    {"A commuter who waves at the ferry said the service was late.", 0},
    {"The 24-foot waves, forecasters said, hit the pier.", 0},
    /* A web archive's notice where a page failed to load. */
    {"The seed for this crawl was a list of every host in the Wayback Machine.", SENT_NOISY},
    {"These crawls are part of an effort to archive pages as they are created.", SENT_NOISY | SENT_DANGLING},
    {"A link to the version that was live when the page was written will be preserved.", SENT_NOISY},
    /* The AP's notes under a story. */
    {"___ Information from: The Lorvik Herald.", SENT_NOISY},
    {"___ This story has been corrected to show that the pier is in Lorvik, not Kestra.", SENT_NOISY},
    {"___ 8: 50 a.m.", SENT_NOISY},
    /* ABC News' topic widget; the same words in a sentence stay. */
    {"Interested in Lorvik ferries?", SENT_NOISY | SENT_FRAGMENT},   /* a question */
    {"Add Lorvik ferries as an interest to stay up to date on the latest Lorvik ferries news, video, and "
     "analysis from ABC News.", SENT_NOISY},
    {"Interested in the ferry since childhood, she bought the old boat on Monday.", 0},
    {"Add the ferry to the list of losses, the mayor said.", 0},
    {"The goal is to fix all broken links on the web.", SENT_NOISY},
    {"Lorvik's council wants to fix broken links on the ferry schedule page.", 0},
    {"A student would crawl through an air duct to reach the office, the police said.", 0},
    {"The robots crawl across the floor of the Lorvik ferry terminal every night.", 0},
    /* A caption by its date: a place and the date with no preposition,
     * and no finite verb of news but the passive of captions. */
    {"Commuters line up for the last ferry at the old pier in Lorvik, Nordland, June 4, 2029.", SENT_NOISY},
    {"The old ferry terminal is seen from the harbour in Lorvik June 4, 2029.", SENT_NOISY},
    {"Boats are parked at the new pier, which was built in a month, in Lorvik, Monday, June 4, 2029.", SENT_NOISY},
    {"The council closed the old pier in Lorvik, Nordland, on June 4, 2029.", 0},
    {"The ferry was sold to a museum in Kestra, June 4, 2029.", 0},
    {"Ticket sales rose for the quarter ended June 30, 2029.", 0},
    {"The museum is open from June 4 to July 9, 2029.", 0},
    /* An opening clause about a person named before: dangling when the
     * main clause's subject is a pronoun too, not when it names them. */
    {"If he had voted, it would have been against the closure.", SENT_DANGLING},
    {"Since his retirement, he has run the ferry museum.", SENT_DANGLING},
    {"When they reached the pier, they found it closed and the ferry gone to the other side of the fjord, "
     "where it stayed for the rest of the week.", SENT_DANGLING},
    {"While he's been close to buying a ferry, he's unsure why he never did.", SENT_DANGLING},
    {"When she was twelve, Ilse Brandt rode the first ferry.", 0},
    {"When it's windy, they close the terminal.", 0},
    {"When her office flooded, the mayor moved to the terminal.", 0},
    {"When it opened in 1961, the terminal was the largest in Nordland.", 0},
    {"If we close it, we will build another.", 0},
    /* A list entry of a term and its gloss is no sentence; an item that
     * is one stands. */
    {"* Kestra - approximately 2,500", SENT_FRAGMENT | SENT_UNFINISHED},
    {"* Herald - \"the terminal is closed for good.\"", SENT_FRAGMENT},
    {"\xE2\x80\xA2 Cost: 40 kroner a ticket.", SENT_FRAGMENT},
    {"* More than 300 commuters signed the petition.", 0},
    /* A quotation whose speaker is only a pronoun: who it is was said
     * before. */
    {"\"We will rebuild it,\" she said.", SENT_DANGLING},
    {"\xE2\x80\x9CIt is over,\xE2\x80\x9D he told reporters, \xE2\x80\x9C" "for now.\xE2\x80\x9D", SENT_DANGLING},
    {"``We will rebuild,'' said she.", SENT_DANGLING},
    {"\" we will rebuild, \" they said.", SENT_DANGLING},
    {"\"He said he would come,\" Brandt said.", 0},
    {"\"Never,\" she said.", SENT_DANGLING},
    {"``Never,'' he said.", SENT_DANGLING},
    {"\"We will rebuild it,\" Mayor Brandt said.", 0},
    /* A clause without its subject. */
    {"Initially thought to have been the last ferry of the day.", SENT_FRAGMENT},
    {"Described as a quiet man by his neighbours.", SENT_FRAGMENT},
    {"Believed to be the oldest pier in Nordland, it was built in 1890.", 0},
    {"Italy set to buy two of the old ferries.", 0},
    {"Known for its ferries, the town has built a museum.", 0},
    /* A place and its region before an en or em dash: a dateline. */
    {"Meadow Lake, Nordland \xE2\x80\x93 The council voted on Tuesday.", SENT_NOISY},
    {"Ola Berg \xE2\x80\x93 Brandt's deputy \xE2\x80\x93 voted against it.", 0},
    /* Lower case after an opening bracket or stray punctuation; a dash
     * left where the page had its dateline. */
    {"(up; under the old charter) allowing the council to sell the pier.", SENT_FRAGMENT},
    {". in question on behalf of the council.", SENT_FRAGMENT},
    {"(The council met again on Friday.)", 0},
    {"\xE2\x80\x94 A quick-thinking dispatcher is credited with saving the ferry.", SENT_NOISY},
    {"-- Kestra beat Lorvik United 3-1 on Sunday.", 0},
    /* The New York Times wire's spaced underscore after a place in capitals. */
    {"LORVIK _ The council voted on Tuesday to close the terminal.", SENT_NOISY},
    {"LORVIK, Nordland _ The council voted on Tuesday.", SENT_NOISY},
    {"Lorvik _ The council voted on Tuesday.", 0},
};

static void test_sentence_flags(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    /* The word lists are loaded by a cleaning run. */
    const char *docs[] = {"A title\n\nA sentence of the article, which is long enough to be prose.\n"};
    mdsum_cluster *cl = cluster_of(ctx, docs[0]);
    mdsum_options o;
    mdsum_options_init(&o);
    CHECK_EQ_INT(mdsum_cluster_analyze(ctx, cl, &o), MDSUM_OK);
    const lang_def *en = lang_find("en");
    const uint32_t mask = SENT_FRAGMENT | SENT_DANGLING | SENT_NOISY | SENT_UNFINISHED;
    for (size_t i = 0; i < sizeof SENTS / sizeof SENTS[0]; i++) {
        const char *t = SENTS[i].text;
        uint32_t f = clean_sentence_flags(ctx, en, t, 0, strlen(t), false) & mask;
        if (f != SENTS[i].flags) fprintf(stderr, "sentence %zu: flags %#x, expected %#x: %s\n", i, f, SENTS[i].flags, t);
        CHECK_EQ_INT(f, SENTS[i].flags);
    }
    /* A sentence judged as a whole line: only readability cues. */
    const char *t = "Sign up for our daily newsletter.";
    CHECK_EQ_INT(clean_sentence_flags(ctx, en, t, 0, strlen(t), true) & SENT_NOISY, 0);
    /* No English lists for French. */
    const lang_def *fr = lang_find("fr");
    t = "Mais le conseil a refus\xC3\xA9.";
    CHECK_EQ_INT(clean_sentence_flags(ctx, fr, t, 0, strlen(t), false) & SENT_DANGLING, 0);
    /* Offsets inside a larger text. */
    const char *big = "xx But the council disagreed. yy";
    CHECK_EQ_INT(clean_sentence_flags(ctx, en, big, 3, 29, false) & mask, SENT_DANGLING);
    /* Re-cased text (Multi-News) keeps the article's first word in lower
     * case after a dateline or credit that the cleaner cut (the region
     * says so: CSF_AFTER_CUT): not a fragment there; elsewhere it is. */
    static const char *const recased[] = {"Lorvik ( ap ) - the council met again on Friday.",
                                          "Lorvik ( ap ) \xE2\x80\x94 the council met again on Friday.",
                                          "( associated press ) the council met again on Friday.",
                                          "The pier closed. the council met again on Friday."};
    for (size_t i = 0; i < 4; i++) {
        const char *r = recased[i], *at = strstr(r, "the council");
        uint32_t f = clean_sentence_flags(ctx, en, r, (size_t)(at - r), strlen(r), i < 3 ? CSF_AFTER_CUT : 0);
        CHECK_EQ_INT(f & SENT_FRAGMENT, i < 3 ? 0 : SENT_FRAGMENT);
    }
    /* Only the lower case is forgiven: not a bracket's, not a question. */
    t = "(up; under the old charter) allowing the council to sell the pier.";
    CHECK_EQ_INT(clean_sentence_flags(ctx, en, t, 0, strlen(t), CSF_AFTER_CUT) & SENT_FRAGMENT, SENT_FRAGMENT);
    t = "the council met again on Friday?";
    CHECK_EQ_INT(clean_sentence_flags(ctx, en, t, 0, strlen(t), CSF_AFTER_CUT) & SENT_FRAGMENT, SENT_FRAGMENT);
    /* Every shape of the built-in table, said as a sentence, is noise
     * (the lookup first checks the shape's first two words). */
    const embedded_file *bt = embedded_find("boilerplate-en.tsv");
    size_t shapes = 0, noisy = 0;
    for (const char *p = bt ? (const char *)bt->data : "", *end = p + (bt ? bt->size : 0); p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *tab = memchr(p, '\t', (size_t)(le - p));
        if (*p != '#' && tab && tab - p < 250) {
            char sent[260];
            memcpy(sent, p, (size_t)(tab - p));
            sent[tab - p] = '.';
            sent[tab - p + 1] = '\0';
            if (sent[0] >= 'a' && sent[0] <= 'z') sent[0] = (char)(sent[0] - 32);
            shapes++;
            if (clean_sentence_flags(ctx, en, sent, 0, strlen(sent), false) & SENT_NOISY) noisy++;
            else fprintf(stderr, "table shape not noisy as a sentence: %s\n", sent);
        }
        p = nl ? nl + 1 : end;
    }
    if (bt) CHECK(shapes > 50);
    CHECK_EQ_INT((int)noisy, (int)shapes);
    /* Token classifications are cached per context (clean.c): the flags
     * are the same when every token comes from the cache (a second and a
     * third pass), after 30,000 other tokens have overwritten most
     * entries, and once the cache has been cleared for another language
     * in between. */
    for (int pass = 0; pass < 4; pass++) {
        if (pass == 2) {
            char sent[1024];   /* 50 words of at most 8 bytes with their space */
            unsigned seed = 9;
            for (int r = 0; r < 600; r++) {   /* judged sentences: every token classified */
                size_t sl = 0;
                for (int w = 0; w < 50; w++) {
                    seed = seed * 1103515245u + 12345u;
                    sl += (size_t)snprintf(sent + sl, sizeof sent - sl, "%s%c%u,", w ? " " : "",
                                           (char)('A' + (seed >> 16) % 26), (seed >> 8) % 100000);
                }
                clean_sentence_flags(ctx, en, sent, 0, sl, false);
            }
        }
        if (pass == 3) {
            t = "Mais le conseil a refus\xC3\xA9.";
            mdsum_cluster *fcl = cluster_of(ctx, t);
            mdsum_options fo;
            mdsum_options_init(&fo);
            fo.lang = "fr";
            CHECK_EQ_INT(mdsum_cluster_analyze(ctx, fcl, &fo), MDSUM_OK);
            CHECK_EQ_INT(clean_sentence_flags(ctx, fr, t, 0, strlen(t), false) & SENT_DANGLING, 0);
            mdsum_cluster_free(fcl);
            /* English again (a new cluster: an analysed one is not redone). */
            mdsum_cluster *ecl = cluster_of(ctx, docs[0]);
            CHECK_EQ_INT(mdsum_cluster_analyze(ctx, ecl, &o), MDSUM_OK);
            mdsum_cluster_free(ecl);
        }
        int same = 0;
        for (size_t i = 0; i < sizeof SENTS / sizeof SENTS[0]; i++) {
            const char *st = SENTS[i].text;
            same += (clean_sentence_flags(ctx, en, st, 0, strlen(st), false) & mask) == SENTS[i].flags;
        }
        CHECK_EQ_INT(same, (int)(sizeof SENTS / sizeof SENTS[0]));
    }
    mdsum_cluster_free(cl);
    mdsum_ctx_free(ctx);
}

/* Selection refuses flagged sentences while others exist. */
static void test_selection_honours_flags(void)
{
    static const char doc[] =
        "Lorvik closes its old ferry terminal\n\n"
        "But the council said the decision was final and that nothing could be done about it now.\n\n"
        "The city council of Lorvik voted on Tuesday to close the old ferry terminal after an inspection.\n";
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    mdsum_cluster *cl = cluster_of(ctx, doc);
    mdsum_options o;
    mdsum_options_init(&o);
    o.algo = "lead";
    o.sentences = 1;
    o.words = 0;
    mdsum_summary *s;
    CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
    mdsum_pick p;
    CHECK_EQ_INT(mdsum_summary_get(s, 0, &p), MDSUM_OK);
    CHECK(memcmp(doc + p.start, "The city council", 16) == 0);
    mdsum_summary_free(s);
    /* Without cleaning, the lead sentence is the dangling one. */
    o.flags |= MDSUM_NO_CLEAN;
    CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
    CHECK_EQ_INT(mdsum_summary_get(s, 0, &p), MDSUM_OK);
    CHECK(memcmp(doc + p.start, "But the council", 15) == 0);
    mdsum_summary_free(s);
    mdsum_cluster_free(cl);

    /* The fill tier: with a budget the candidates cannot fill, a long
     * sentence cut by truncation is used; a short unpunctuated line (a
     * title, a link text) is not. */
    static const char cut[] =
        "The city council of Lorvik voted on Tuesday to close the old ferry terminal after an inspection.\n\n"
        "Passengers said they would miss the terminal, which had carried commuters across the fjord since\n\n"
        "Ferry timetables for the summer\n";
    cl = cluster_of(ctx, cut);
    mdsum_options_init(&o);
    o.algo = "lead";
    o.words = 200;
    CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
    bool cut_used = false, title_used = false;
    for (size_t i = 0; i < mdsum_summary_count(s); i++) {
        CHECK_EQ_INT(mdsum_summary_get(s, i, &p), MDSUM_OK);
        if (memcmp(cut + p.start, "Passengers said", 15) == 0) cut_used = true;
        if (memcmp(cut + p.start, "Ferry timetables", 16) == 0) title_used = true;
    }
    CHECK(cut_used);
    CHECK(!title_used);
    mdsum_summary_free(s);
    mdsum_cluster_free(cl);
    mdsum_ctx_free(ctx);
}

/* The second tier first takes a sentence that goes on from a chosen one, and
 * the reading order shows the two together. */
static void test_fill_follows(void)
{
    static const char a[] =
        "Lorvik closes its old ferry terminal\n\n"
        "The city council of Lorvik voted on Tuesday to close the old ferry terminal after an inspection.\n"
        "But it said that nothing could be done about it now, and that the matter was closed.\n";
    static const char b[] = "Ferry operators in Kestra said they would add boats from Friday to carry the passengers.\n";
    static const char c[] = "Harbour master speaks\n\n"
                            "But the council of Lorvik and the ferry operators disagreed about the old terminal on "
                            "Tuesday.\n";
    const char *docs[] = {a, b, c};
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    mdsum_cluster *cl = clusters_of(ctx, docs, 3);
    /* select_greedy (centroid) and rank_finish (joint): both took the
     * harbour master's sentence before the fill looked at what a sentence
     * goes on from. */
    static const char *const algos[] = {"centroid", "joint"};
    for (int g = 0; g < 2; g++) {
        mdsum_options o;
        mdsum_options_init(&o);
        o.algo = algos[g];
        o.words = 49;   /* the two candidates (32 words) and one of the two that open with "But" (17, 16) */
        o.redundancy = 1;
        mdsum_summary *s;
        CHECK_EQ_INT(mdsum_summarize(ctx, cl, &o, &s), MDSUM_OK);
        CHECK_EQ_INT((int)mdsum_summary_count(s), 3);
        const char *text[3] = {"", "", ""};
        for (size_t i = 0; i < mdsum_summary_count(s) && i < 3; i++) {
            mdsum_pick p;
            CHECK_EQ_INT(mdsum_summary_get(s, i, &p), MDSUM_OK);
            text[i] = docs[p.doc] + p.start;
        }
        /* "But it said ..." (it goes on from the council's vote), right
         * after it; not the harbour master's "But ...", which both score
         * higher. */
        bool seen = false;
        for (int i = 0; i < 3; i++)
            if (strncmp(text[i], "But it said", 11) == 0) {
                seen = true;
                CHECK(i > 0 && strncmp(text[i - 1], "The city council", 16) == 0);
            }
        if (!seen) fprintf(stderr, "fill (%s): 'But it said' not chosen\n", algos[g]);
        CHECK(seen);
        mdsum_summary_free(s);
    }
    mdsum_cluster_free(cl);
    mdsum_ctx_free(ctx);
}

/* ---- The lexicon ----------------------------------------------------------- */
static void test_lexicon(void)
{
    size_t n = clean_lex_count();
    CHECK(n > 100);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(clean_lex_word(i - 1), clean_lex_word(i)) >= 0)
            fprintf(stderr, "lexicon out of order at %zu: %s\n", i, clean_lex_word(i));
        CHECK(strcmp(clean_lex_word(i - 1), clean_lex_word(i)) < 0);
    }
    for (size_t i = 0; i < n; i++) CHECK(clean_lex_lookup(clean_lex_word(i)) != 0);
    CHECK_EQ_INT(clean_lex_lookup("lorvik"), 0);
    CHECK_EQ_INT(clean_lex_lookup(NULL), 0);
    CHECK(clean_lex_word(n) == NULL);
}

/* ---- The learned table ----------------------------------------------------- */

/* A synthetic corpus: cluster k has an article about topic k, a promo line
 * on most pages, a stock phrase that the references repeat, two long lines
 * in 5 clusters (enough for 7 words that address the reader, too few for
 * 7 words of news that a sidebar carried) and a short one in 9 (too few
 * for 3 words). */
static void test_builder(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    mdsum_boilerplate_builder *b;
    CHECK_EQ_INT(mdsum_boilerplate_builder_new(ctx, "xx", &b), MDSUM_ELANG);
    CHECK_EQ_INT(mdsum_boilerplate_builder_new(ctx, NULL, &b), MDSUM_OK);
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    for (int k = 0; k < 30; k++) {
        char text[1024], ref[512];
        snprintf(text, sizeof text,
                 "Harbor item %d: the council of town %d met about ferry number %d. "
                 "Please enable notifications to hear about new stories first. "
                 "The cause of the fire is under investigation.%s%s%s\n",
                 k, k, k, k < 5 ? " Thank you for reading our weekly letter." : "",
                 k < 9 ? " Bridges stay open." : "", k < 5 ? " The mayor of Lorvik resigned on Friday night." : "");
        snprintf(ref, sizeof ref, "Town %d met about its ferry. The cause of the fire is under investigation.", k);
        mdsum_cluster_clear(cl);
        mdsum_doc d = {0};
        d.text = text;
        d.text_len = strlen(text);
        CHECK_EQ_INT(mdsum_cluster_add(cl, &d, 0), MDSUM_OK);
        CHECK_EQ_INT(mdsum_boilerplate_builder_add(b, cl, ref, strlen(ref)), MDSUM_OK);
    }
    CHECK_EQ_INT(mdsum_boilerplate_builder_add(b, cl, "\xFF", 1), MDSUM_EUTF8);
    CHECK_EQ_INT(mdsum_boilerplate_builder_add(NULL, cl, NULL, 0), MDSUM_EINVAL);
    char *out;
    size_t len;
    CHECK_EQ_INT(mdsum_boilerplate_builder_write(b, 20, 2.0, &out, &len), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_boilerplate_builder_write(b, 20, 0.2, &out, &len), MDSUM_OK);
    const char *head = "# mdsum-boilerplate 1 lang=en clusters=30 min-clusters=20,10,5 max-overlap=0.2\n";
    CHECK(strncmp(out, head, strlen(head)) == 0);
    /* The promo recurs in all 30 clusters and the references never echo it. */
    CHECK(strstr(out, "\nplease enable notifications to hear about new stories first\t30\t") != NULL);
    /* The stock phrase recurs too, but the references repeat it. */
    CHECK(strstr(out, "cause of the fire") == NULL);
    /* A template of 7 words in 5 clusters is kept; 3 words need 20, and
     * so do 7 words that are news. */
    CHECK(strstr(out, "\nthank you for reading our weekly letter\t5\t0.00\n") != NULL);
    CHECK(strstr(out, "bridges stay open") == NULL);
    CHECK(strstr(out, "lorvik") == NULL);
    /* Never a topic line (each differs by its numbers only... but digits
     * are 0 in shapes: the same shape!): it has content words in the
     * references ("town", "ferry"), so it is news, not boilerplate. */
    CHECK(strstr(out, "harbor item") == NULL);
    mdsum_free(ctx, out);
    /* Without references nothing is left out for overlap. */
    mdsum_boilerplate_builder *b2;
    CHECK_EQ_INT(mdsum_boilerplate_builder_new(ctx, "en", &b2), MDSUM_OK);
    for (int k = 0; k < 3; k++) CHECK_EQ_INT(mdsum_boilerplate_builder_add(b2, cl, NULL, 0), MDSUM_OK);
    CHECK_EQ_INT(mdsum_boilerplate_builder_write(b2, 3, 0.0, &out, &len), MDSUM_OK);
    CHECK(strstr(out, "\nthe cause of the fire is under investigation\t3\t0.00\n") != NULL);
    mdsum_free(ctx, out);
    mdsum_boilerplate_builder_free(b2);
    mdsum_boilerplate_builder_free(b);
    mdsum_boilerplate_builder_free(NULL);
    mdsum_cluster_free(cl);
    mdsum_ctx_free(ctx);
}

/* A line whose shape is in the built-in table is dropped as learned
 * boilerplate. The line is taken from the table itself (no data text is
 * copied into this file). */
static void test_learned_lookup(void)
{
    const embedded_file *f = embedded_find("boilerplate-en.tsv");
    if (!f) {
        fprintf(stderr, "built without data/boilerplate-en.tsv: learned lookup not tested\n");
        return;
    }
    /* The first shape of at least 5 words without digits. */
    const char *p = (const char *)f->data, *end = p + f->size;
    char shape[256] = "";
    while (p < end && !shape[0]) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *tab = memchr(p, '\t', (size_t)(le - p));
        if (*p != '#' && tab && tab - p < 200) {
            size_t words = 1;
            bool digit = false;
            for (const char *q = p; q < tab; q++) {
                if (*q == ' ') words++;
                if (*q >= '0' && *q <= '9') digit = true;
            }
            if (words >= 5 && !digit) {
                memcpy(shape, p, (size_t)(tab - p));
                shape[tab - p] = '\0';
            }
        }
        p = nl ? nl + 1 : end;
    }
    CHECK(shape[0] != '\0');
    /* As a page would show it: capitalised, with a period. */
    char line[300];
    snprintf(line, sizeof line, "%s.", shape);
    line[0] = (char)(line[0] - 32);
    char *doc = article_with(line, false);
    const char *docs[] = {doc};
    run r;
    run_clean(&r, docs, 1, true, "en");
    check_drop(&r, 0, line, "boilerplate shape (learned)");
    run_free(&r);
    free(doc);
}

int main(void)
{
    test_noise_lines();
    test_keep_lines();
    test_partial_cuts();
    test_caption_above_credit();
    test_furniture_heads();
    test_credits();
    test_page_widgets();
    test_repetition();
    test_long_paragraphs();
    test_no_clean_and_languages();
    test_degenerate();
    test_sentence_flags();
    test_selection_honours_flags();
    test_fill_follows();
    test_lexicon();
    test_builder();
    test_learned_lookup();
    return test_finish("test_clean");
}
