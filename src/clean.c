/*
 * clean.c -- from raw document text to the regions worth reading.
 *
 * Scraped news pages carry the article inside a frame of web noise:
 * repeated headlines, photo captions and credits, bylines, datelines and
 * timestamps, reading times, "Related stories" link lists, share and
 * newsletter prompts, navigation words, legal lines. Every one of them that
 * reaches a summary is a visible defect, so the cleaner decides, line by
 * line, what is article text.
 *
 * Sources. The approach follows the shallow-feature boilerplate detectors:
 * Kohlschuetter, Fankhauser & Nejdl, "Boilerplate detection using shallow
 * text features" (WSDM 2010: word counts, text density and link density of
 * text blocks decide; context of the neighbouring blocks helps) and
 * Pomikalek, "Removing boilerplate and duplicate content from web corpora"
 * (PhD thesis, Brno 2011, the jusText algorithm: paragraph length,
 * stopword density, and neighbours for the short ones). Our departures: we
 * work on plain text, not HTML, so link density is replaced by lexical and
 * typographic cues specific to news pages (credit and byline shapes, call-
 * to-action vocabulary, date tokens), and we add a table of boilerplate
 * line shapes learned from the Multi-News train sources (below).
 *
 * Lines and regions. Each document is cut into lines; a run of non-blank
 * lines is a block. Hard-wrapped blocks (most lines end without terminal
 * punctuation and continue in lower case: mail, plain-text archives) are
 * one region and are not cleaned line by line. Otherwise every line is a
 * paragraph and is judged on its own, with its neighbours as context.
 * Kept text becomes regions (byte ranges into the document); dropped text
 * becomes drop records (cl->drops) with a static reason. A dateline that
 * opens a paragraph ("WASHINGTON (AP) - ") and a photo credit that closes
 * one ("... AFP/Getty Images") are cut off the paragraph, so the region
 * starts or ends inside the line: offsets stay exact, and drops plus
 * regions cover every non-blank byte of a cleaned document exactly once.
 *
 * The scoring model. For each line:
 *
 *   score = E + 0.25 * (other categories with evidence >= 1)
 *             + zone - P
 *
 * E is the strongest evidence of one noise category (its reason names the
 * drop); P is the evidence that the line is prose; zone adds 0.3 to a
 * non-prose line that lies before the first or after the last prose
 * paragraph of the document (page header and footer). A line is dropped
 * when score >= 0.5 and E >= DROP_MIN_EVIDENCE; a kept line (and, separately, a sentence) with
 * score >= 0 and some evidence is marked SENT_NOISY: it stays in the
 * cluster (centrality, support) but is not chosen for a summary.
 *
 *   prose P   terminal . ! ? (after closing quotes)         0.30
 *             a finite verb (English list, -ed forms,
 *             contractions; other languages: stopword-rich) 0.30
 *             length: 0.5 * min(words, 40) / 40             0..0.50
 *             stopword density >= 0.30 (jusText's cue)      0.20
 *             opens with a quotation mark (speech)          0.20
 *
 *   evidence E (strong cues 2.0 drop even long prose-like lines; medium
 *   1.5-1.8 drop short ones; weak cues, below DROP_MIN_EVIDENCE = 0.6,
 *   never drop a line, they can only mark it noisy):
 *   reading time       "3 min read"                             2.5
 *   dateline/timestamp label (Updated/Posted/Published) + date  2.0
 *                      mostly date tokens (months, weekdays,
 *                      times, years), or "Outlet | date"; not
 *                      a full sentence of other words           1.6-1.9
 *   byline             "By" + names, "contributed to this
 *                      report", "Reporting by", "Editing by",
 *                      "X reported this story"                  2.0
 *                      "X reported from Y", "-- Name", e-mail   1.6-1.7
 *                      "Outlet staff writer" (short, no verb)   1.0
 *   photo caption      label ("Photo:", "Image caption",
 *   or credit          "Photograph by", "View Images"), "FILE -",
 *                      caption phrases ("in this ... photo"),
 *                      a player/gallery widget ("EMBED", "1 of
 *                      10 ... Autoplay", "Hide Caption")        2.0
 *                      a credit opening the line ("Jane Roe /
 *                      AFP / Getty Images Pope ...")            1.6
 *                      credit at the end ("(AP Photo/X)",
 *                      "Name/Getty Images"), +0.4 after "..."   1.6
 *                      a short line of credits only             1.7
 *                      "Weekday, Month day, year" (AP style)   +0.7
 *                      photo positions ("X, left, and Y")   +1.0/1.5
 *                      a video blurb ("... News at 5")         +1.2
 *                      a caption verb in the present tense and
 *                      no finite news verb                     +0.5
 *   call to action     imperative first word (Click, Share,
 *                      Sign up: 1.0; Read, Watch, Follow: 0.6)
 *                      + newsletter/inbox/cookie words 0.6 each,
 *                      social networks 0.4, URL or @handle 0.7,
 *                      here/below/story 0.25; the reader
 *                      addressed ("you", "your") +0.4, twice
 *                      +0.5, asked ("What do you think?") +0.8 sum
 *   advertisement      "Advertisement", "Story continued below" 2.0
 *   legal notice       "(c) 2017", "All rights reserved"        2.0
 *   navigation         a short line of UI words only            2.0
 *   link list          "Related:", "Read more:" prefixes        1.8
 *                      "LABEL: A Title In Title Case"           1.5
 *                      items after a "Related Stories" header   1.5
 *                      title-case runs after the last paragraph 1.2
 *   repeated across    a short unpunctuated line found in two
 *   documents          or more documents of the cluster         1.2
 *   boilerplate shape  the line's shape is in the learned table 1.6
 *   (learned)          its sentence units are (coverage c)      1.5 c
 *   repeated line      (inside one document) always dropped; the first
 *                      copy stays ("repeated headline" when it was a
 *                      title)
 *
 * Context (jusText's neighbours). A short line without terminal
 * punctuation that follows a dropped navigation, link or prompt line goes
 * with it unless article text follows; a short verb-less line of names
 * right after a byline, before the first paragraph, is the byline's second
 * line; a short line right above a line of credits ("Image: Jane Roe.") is
 * their caption: kept, but noisy. Long paragraphs (more than MAX_JUDGED_WORDS words) are judged only
 * at their head (caption label, "FILE -", gallery widget) and tail
 * (credits, bylines); one that is more than 40% of its document (Multi-
 * News input has one line per document) is never dropped whole, except a
 * gallery widget ("Photos: T Photos: T ..."), and is never noisy as a
 * whole: its sentences are judged one by one.
 *
 * Lexical cues (words, phrases) are English; other languages get the
 * language-independent ones (repetition, shapes of dates and credits,
 * URLs, typography, stopword density from their stopword list).
 *
 * Readability flags. After segmentation the pipeline asks
 * clean_sentence_flags() about every sentence: a sentence that cannot stand
 * alone -- it starts in lower case, is a question or leaves a quotation
 * open (SENT_FRAGMENT), ends without terminal punctuation
 * (SENT_UNFINISHED), opens with a connective or pronoun that needs the
 * previous sentence, "But", "He added", "This", or with a clause about
 * someone named before, "If he had voted, it would ..." (SENT_DANGLING),
 * is a list entry of a term and its gloss ("* Kestra - 2,500": a
 * FRAGMENT), or scores
 * as noise by itself: the line model applied to the sentence, a learned
 * shape, a dateline left at its start, a caption by its grammar ("A woman
 * waves the flag during a protest") (SENT_NOISY) -- is not a candidate for
 * selection. It stays in the cluster (centrality, support). Sentences
 * flagged only for readability (FRAGMENT, DANGLING) may still fill a
 * budget the candidates cannot (select.c); noise and unfinished text
 * never do.
 *
 * The learned table (data/boilerplate-en.tsv, `mdsum clean build-table`).
 * Every line of the train sources is cut into sentence units; a unit's
 * shape is its words, lower-cased, digits as 0, punctuation dropped. A
 * shape of 2-40 words that occurs in at least 20 distinct clusters, holds
 * a content word, and whose content words are rarely in the cluster's
 * reference summary (mean overlap <= 0.2) is boilerplate: a navigation,
 * promo, player or legal line that recurs across unrelated events, not a
 * stock news phrase ("The cause of the fire is under investigation" is in
 * many clusters but also in their summaries).
 *
 * Speed: one pass over each line's bytes for its tokens, one hash lookup
 * per token in a per-context word table (the const lexicon and the
 * language's stopwords), 64-bit hashes for repetition, one hash
 * lookup per short line (and per sentence unit) in the learned table; no
 * allocation per line (buffers grow and are reused).
 */
#include "internal.h"
#include "stages.h"
#include "cluster.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ======================================================================
 * Regions and drops
 * ====================================================================== */
void region_vec_init(region_vec *rv, const alc_t *alc)
{
    rv->alc = alc;
    rv->v = NULL;
    rv->n = rv->cap = 0;
}

void region_vec_fini(region_vec *rv)
{
    alc_free(rv->alc, rv->v);
    rv->v = NULL;
    rv->n = rv->cap = 0;
}

static bool region_push(region_vec *rv, uint32_t doc, uint32_t para, uint32_t flags,
                        size_t start, size_t end)
{
    void *v = rv->v;
    if (!grow_array(rv->alc, &v, &rv->cap, rv->n + 1, sizeof *rv->v)) return false;
    rv->v = v;
    region *r = &rv->v[rv->n++];
    r->doc = doc;
    r->para = para;
    r->flags = flags;
    r->start = start;
    r->end = end;
    return true;
}

static int drop_push(mdsum_cluster *cl, uint32_t doc, size_t start, size_t end, const char *why)
{
    void *v = cl->drops;
    if (!arena_grow(&cl->an, &v, &cl->drops_cap, cl->ndrops + 1, sizeof *cl->drops))
        return MDSUM_ENOMEM;
    cl->drops = v;
    drop_rec *d = &cl->drops[cl->ndrops++];
    d->doc = doc;
    d->start = start;
    d->end = end;
    d->reason = why;
    return MDSUM_OK;
}

/* Reasons (static strings: drop records point at them). */
static const char R_REPEAT_HEAD[] = "repeated headline";
static const char R_REPEAT[] = "repeated line";
static const char R_CAPTION[] = "photo caption or credit";
static const char R_BYLINE[] = "byline";
static const char R_DATELINE[] = "dateline";
static const char R_TIME[] = "dateline/timestamp";
static const char R_READTIME[] = "reading time";
static const char R_CTA[] = "call to action";
static const char R_AD[] = "advertisement";
static const char R_LEGAL[] = "legal notice";
static const char R_NAV[] = "navigation";
static const char R_LINKS[] = "link list";
static const char R_CROSSDOC[] = "repeated across documents";
static const char R_LEARNED[] = "boilerplate shape (learned)";
static const char R_POST[] = "social media post's signature";

/* Decision thresholds of the scoring model (see the top of the file). A
 * line is dropped only for a cue of at least DROP_MIN_EVIDENCE: weak cues
 * (a caption's present tense, a prompt's vocabulary without its verb) can
 * mark a line noisy, never remove it. */
#define DROP_AT 0.5
#define DROP_MIN_EVIDENCE 0.6
#define NOISY_AT 0.0
#define ZONE_BONUS 0.3

/* ======================================================================
 * Characters
 * ====================================================================== */
static bool is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* White space inside a line: ASCII blanks and U+00A0 (scraped pages are
 * full of no-break spaces). Returns the byte length, 0 if not a space. */
static inline size_t space_len(const char *t, size_t i, size_t e)
{
    unsigned char c = (unsigned char)t[i];
    /* Most bytes: above ' ' and not 0xC2, the lead byte of U+00A0. */
    if (c > ' ' && c != 0xC2) return 0;
    if (is_blank(c) || c == '\n') return 1;
    if (c == 0xC2 && i + 1 < e && (unsigned char)t[i + 1] == 0xA0) return 2;
    return 0;
}

/* The index after the blanks at t[i] (i if there are none). */
static size_t skip_blanks(const char *t, size_t i, size_t e)
{
    while (i < e && space_len(t, i, e)) i += space_len(t, i, e);
    return i;
}

/* The word at t[i] and the blanks after it: the index after them (i if
 * there is no word). */
static size_t skip_word(const char *t, size_t i, size_t e)
{
    while (i < e && !space_len(t, i, e)) i++;
    return skip_blanks(t, i, e);
}

static bool is_upper_ascii(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static bool is_lower_ascii(unsigned char c) { return c >= 'a' && c <= 'z'; }
static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool is_alnum_ascii(unsigned char c)
{
    return is_upper_ascii(c) || is_lower_ascii(c) || is_digit(c);
}

/* Letter or number (any script)? `n` receives the sequence length. The
 * text is valid UTF-8 (checked when the document was added). */
static bool cp_word(const char *t, size_t i, size_t e, size_t *n, int32_t *cpo)
{
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80) {
        *n = 1;
        *cpo = c;
        return is_alnum_ascii(c);
    }
    int32_t cp;
    size_t k = utf8_decode((const unsigned char *)t + i, e - i, &cp);
    if (k == 0) k = 1;
    *n = k;
    *cpo = cp;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

/* Does text[i..] start with the UTF-8 sequence `u` (of length n)? */
static bool at_seq(const char *t, size_t i, size_t e, const char *u, size_t n)
{
    return i + n <= e && memcmp(t + i, u, n) == 0;
}

/* Closing quotes and brackets, which may follow terminal punctuation. */
static size_t closer_before(const char *t, size_t s, size_t e)
{
    if (e > s) {
        unsigned char c = (unsigned char)t[e - 1];
        if (c == '"' || c == '\'' || c == ')' || c == ']' || c == '*') return 1;
    }
    if (e - s >= 3 && (unsigned char)t[e - 3] == 0xE2 && (unsigned char)t[e - 2] == 0x80 &&
        ((unsigned char)t[e - 1] == 0x9D || (unsigned char)t[e - 1] == 0x99))   /* ” ’ */
        return 3;
    if (e - s >= 2 && (unsigned char)t[e - 2] == 0xC2 && (unsigned char)t[e - 1] == 0xBB)
        return 2;   /* » */
    return 0;
}

/* Where the text before closing quotes/brackets ends. */
static size_t strip_closers(const char *t, size_t s, size_t e)
{
    size_t k;
    for (;;) {
        size_t e0 = e;
        while (e > s && (k = closer_before(t, s, e)) != 0) e -= k;
        if (e == e0) break;
        /* Re-tokenized text puts a space before the closer: "channels. \"" */
        size_t e1 = e;
        while (e1 > s && t[e1 - 1] == ' ') e1--;
        if (e1 == e) break;
        e = e1;
    }
    return e;
}

/* "..." or "…" at the end (a cut or trailing-off text); four dots are a
 * full stop and an ellipsis: the sentence is complete. */
static bool ends_ellipsis(const char *t, size_t s, size_t e)
{
    e = strip_closers(t, s, e);
    if (e - s >= 4 && memcmp(t + e - 4, "....", 4) == 0) return false;
    if (e - s >= 3 && memcmp(t + e - 3, "...", 3) == 0) return true;
    return e - s >= 3 && memcmp(t + e - 3, "\xE2\x80\xA6", 3) == 0;
}

/* Ends with sentence-final punctuation (. ! ? …), possibly followed by
 * closing quotes or brackets. */
static bool ends_final(const char *t, size_t s, size_t e)
{
    e = strip_closers(t, s, e);
    if (e == s) return false;
    unsigned char c = (unsigned char)t[e - 1];
    if (c == '.' || c == '!' || c == '?') return true;
    return e - s >= 3 && memcmp(t + e - 3, "\xE2\x80\xA6", 3) == 0;
}

/* The foundation's test for hard-wrapped blocks: also ':' and ';'. */
static bool ends_terminal(const char *t, size_t s, size_t e)
{
    if (ends_final(t, s, e)) return true;
    e = strip_closers(t, s, e);
    return e > s && (t[e - 1] == ':' || t[e - 1] == ';');
}

/* ======================================================================
 * English lexicon: lower-cased word cores -> cue classes. Sorted by strcmp
 * (checked by tests/unit/test_clean.c through clean_lex_*).
 * ====================================================================== */
enum {
    LX_MONTH = 1u << 0,       /* january, jan, ... */
    LX_WEEKDAY = 1u << 1,     /* monday, mon, today, yesterday */
    LX_TZ = 1u << 2,          /* am, p.m, gmt, et ... */
    LX_TIMELABEL = 1u << 3,   /* updated, posted, published */
    LX_CREDITLABEL = 1u << 4, /* photo, image, credit, illustration, source */
    LX_AGENCY = 1u << 5,      /* ap, afp, reuters, getty, associated press */
    LX_CTAVERB = 1u << 6,     /* share, subscribe, click, read, watch ... */
    LX_CTAOBJ = 1u << 7,      /* newsletter, inbox, cookies, javascript ... */
    LX_SOCIAL = 1u << 8,      /* twitter, facebook, ... */
    LX_AD = 1u << 9,          /* advertisement, sponsored */
    LX_LINKLABEL = 1u << 10,  /* related, more, read, see, also, stories ... */
    LX_LEGAL = 1u << 11,      /* copyright, rights, reserved ... */
    LX_BYLINE = 1u << 12,     /* reporting, editing, contributed, staff ... */
    LX_VERB = 1u << 13,       /* is, was, has, said, told ... */
    LX_CONNECTIVE = 1u << 14, /* but, and, however, meanwhile ... */
    LX_PRONOUN = 1u << 15,    /* he, she, it, they, his ... */
    LX_DEMONSTR = 1u << 16,   /* this, that, these, those */
    LX_TIMENOUN = 1u << 17,   /* week, year, morning ... ("This week" stands) */
    LX_MINUTE = 1u << 18,     /* min, minutes */
    LX_NAV = 1u << 19,        /* menu, print, comments, gallery ... */
    LX_CTAWEAK = 1u << 20,    /* here, below, story, video, app ... */
    LX_STOPW = 1u << 21,      /* a stopword of the language (any language) */
    LX_UI = 1u << 22,         /* embed, autoplay, gallery, caption, skip ... */
    LX_CAPVERB = 1u << 23,    /* walks, waves, speaks: a caption's present tense */
    LX_SUBORD = 1u << 24,     /* if, when, although: opens a subordinate clause */
    LX_PARTICIPLE = 1u << 25  /* thought, believed, described: "... to be", "... as" */
};

typedef struct lex_ent {
    const char *w;
    uint32_t bits;
} lex_ent;

static const lex_ent LEXICON[] = {
    {"a.m", LX_TZ},
    {"account", LX_CTAWEAK},
    {"accused", LX_PARTICIPLE},
    {"ad", LX_AD},
    {"added", LX_VERB},
    {"additional", LX_BYLINE},
    {"additionally", LX_CONNECTIVE},
    {"adds", LX_VERB},
    {"ads", LX_AD},
    {"advertisement", LX_AD},
    {"advertising", LX_AD},
    {"aest", LX_TZ},
    {"afp", LX_AGENCY},
    {"after", LX_SUBORD},
    {"afternoon", LX_TIMENOUN},
    {"alamy", LX_AGENCY},
    {"alerts", LX_CTAOBJ},
    {"alleged", LX_PARTICIPLE},
    {"also", LX_CONNECTIVE | LX_LINKLABEL},
    {"although", LX_SUBORD},
    {"am", LX_TZ | LX_VERB},
    {"and", LX_CONNECTIVE},
    {"announced", LX_VERB},
    {"ansa", LX_AGENCY},
    {"anyway", LX_CONNECTIVE},
    {"ap", LX_AGENCY},
    {"app", LX_CTAWEAK},
    {"appeared", LX_VERB},
    {"appears", LX_VERB},
    {"apr", LX_MONTH},
    {"april", LX_MONTH},
    {"are", LX_VERB},
    {"arrives", LX_CAPVERB},
    {"article", LX_CTAWEAK},
    {"articles", LX_LINKLABEL},
    {"as", LX_SUBORD},
    {"asked", LX_VERB},
    {"asks", LX_VERB},
    {"associated", LX_AGENCY},
    {"ate", LX_VERB},
    {"attends", LX_CAPVERB},
    {"aug", LX_MONTH},
    {"august", LX_MONTH},
    {"autoplay", LX_UI},
    {"autumn", LX_TIMENOUN},
    {"be", LX_VERB},
    {"became", LX_VERB},
    {"because", LX_SUBORD},
    {"become", LX_VERB},
    {"been", LX_VERB},
    {"before", LX_SUBORD},
    {"began", LX_VERB},
    {"being", LX_VERB},
    {"believed", LX_PARTICIPLE},
    {"below", LX_CTAWEAK},
    {"besides", LX_CONNECTIVE},
    {"bit", LX_VERB},
    {"blew", LX_VERB},
    {"bookmark", LX_CTAVERB},
    {"bought", LX_VERB},
    {"brought", LX_VERB},
    {"browser", LX_CTAOBJ},
    {"bst", LX_TZ},
    {"built", LX_VERB},
    {"but", LX_CONNECTIVE},
    {"buy", LX_CTAVERB},
    {"called", LX_VERB},
    {"came", LX_VERB},
    {"can", LX_VERB},
    {"caption", LX_CREDITLABEL | LX_UI},
    {"carries", LX_CAPVERB},
    {"caught", LX_VERB},
    {"cdt", LX_TZ},
    {"celebrates", LX_CAPVERB},
    {"century", LX_TIMENOUN},
    {"cest", LX_TZ},
    {"cet", LX_TZ},
    {"charged", LX_PARTICIPLE},
    {"check", LX_CTAVERB},
    {"chose", LX_VERB},
    {"click", LX_CTAVERB},
    {"close", LX_NAV | LX_UI},
    {"columnist", LX_BYLINE},
    {"comment", LX_CTAVERB},
    {"comments", LX_CTAWEAK | LX_NAV},
    {"consequently", LX_CONNECTIVE},
    {"considered", LX_PARTICIPLE},
    {"continue", LX_CTAVERB},
    {"contributed", LX_BYLINE},
    {"contributing", LX_BYLINE},
    {"contributor", LX_BYLINE},
    {"cookie", LX_CTAOBJ},
    {"cookies", LX_CTAOBJ},
    {"copyright", LX_LEGAL},
    {"corbis", LX_AGENCY},
    {"correspondent", LX_BYLINE},
    {"correspondents", LX_BYLINE},
    {"could", LX_VERB},
    {"courtesy", LX_CREDITLABEL},
    {"coverage", LX_CTAWEAK | LX_LINKLABEL},
    {"credit", LX_CREDITLABEL},
    {"credits", LX_CREDITLABEL},
    {"cst", LX_TZ},
    {"cut", LX_VERB},
    {"days", LX_TIMENOUN},
    {"dec", LX_MONTH},
    {"decade", LX_TIMENOUN},
    {"december", LX_MONTH},
    {"delicious", LX_SOCIAL},
    {"delivers", LX_CAPVERB},
    {"departs", LX_CAPVERB},
    {"described", LX_PARTICIPLE},
    {"did", LX_VERB},
    {"died", LX_VERB},
    {"digg", LX_SOCIAL},
    {"do", LX_VERB},
    {"does", LX_VERB},
    {"donate", LX_CTAVERB},
    {"download", LX_CTAVERB},
    {"dpa", LX_AGENCY},
    {"drank", LX_VERB},
    {"drew", LX_VERB},
    {"drove", LX_VERB},
    {"e-mail", LX_CTAVERB},
    {"editing", LX_BYLINE},
    {"editor", LX_BYLINE},
    {"edt", LX_TZ},
    {"efe", LX_AGENCY},
    {"email", LX_CTAVERB | LX_CTAWEAK | LX_NAV},
    {"embed", LX_UI},
    {"enable", LX_CTAVERB},
    {"enlarge", LX_UI},
    {"enter", LX_CTAVERB},
    {"epa", LX_AGENCY},
    {"est", LX_TZ},
    {"et", LX_TZ},
    {"evening", LX_TIMENOUN},
    {"expand", LX_UI},
    {"expected", LX_PARTICIPLE},
    {"facebook", LX_SOCIAL},
    {"fall", LX_TIMENOUN},
    {"feared", LX_PARTICIPLE},
    {"feb", LX_MONTH},
    {"february", LX_MONTH},
    {"fed", LX_VERB},
    {"fell", LX_VERB},
    {"felt", LX_VERB},
    {"filmmagic", LX_AGENCY},
    {"find", LX_CTAVERB},
    {"fled", LX_VERB},
    {"flew", LX_VERB},
    {"flipboard", LX_SOCIAL},
    {"follow", LX_CTAVERB},
    {"forgot", LX_VERB},
    {"fought", LX_VERB},
    {"found", LX_VERB},
    {"fri", LX_WEEKDAY},
    {"friday", LX_WEEKDAY},
    {"froze", LX_VERB},
    {"fullscreen", LX_UI},
    {"furthermore", LX_CONNECTIVE},
    {"gallery", LX_LINKLABEL | LX_NAV | LX_UI},
    {"gave", LX_VERB},
    {"gestures", LX_CAPVERB},
    {"get", LX_CTAVERB},
    {"getty", LX_AGENCY},
    {"gmt", LX_TZ},
    {"got", LX_VERB},
    {"graphic", LX_CREDITLABEL},
    {"greets", LX_CAPVERB},
    {"grew", LX_VERB},
    {"had", LX_VERB},
    {"has", LX_VERB},
    {"have", LX_VERB},
    {"he", LX_PRONOUN},
    {"headlines", LX_LINKLABEL},
    {"heard", LX_VERB},
    {"held", LX_VERB},
    {"hence", LX_CONNECTIVE},
    {"her", LX_PRONOUN},
    {"here", LX_CONNECTIVE | LX_CTAWEAK},
    {"hid", LX_VERB},
    {"hide", LX_UI},
    {"him", LX_PRONOUN},
    {"his", LX_PRONOUN},
    {"hit", LX_VERB},
    {"holds", LX_CAPVERB},
    {"home", LX_NAV},
    {"homepage", LX_CTAOBJ},
    {"however", LX_CONNECTIVE},
    {"hung", LX_VERB},
    {"hurt", LX_VERB},
    {"if", LX_SUBORD},
    {"illustration", LX_CREDITLABEL},
    {"image", LX_CREDITLABEL},
    {"images", LX_CREDITLABEL},
    {"inbox", LX_CTAOBJ},
    {"indeed", LX_CONNECTIVE},
    {"instagram", LX_SOCIAL},
    {"install", LX_CTAVERB},
    {"instead", LX_CONNECTIVE},
    {"is", LX_VERB},
    {"ist", LX_TZ},
    {"istock", LX_AGENCY},
    {"istockphoto", LX_AGENCY},
    {"it", LX_PRONOUN},
    {"its", LX_PRONOUN},
    {"jan", LX_MONTH},
    {"january", LX_MONTH},
    {"javascript", LX_CTAOBJ},
    {"join", LX_CTAVERB},
    {"journalist", LX_BYLINE},
    {"journalists", LX_BYLINE},
    {"jul", LX_MONTH},
    {"july", LX_MONTH},
    {"jun", LX_MONTH},
    {"june", LX_MONTH},
    {"kept", LX_VERB},
    {"killed", LX_VERB},
    {"kneels", LX_CAPVERB},
    {"knew", LX_VERB},
    {"know", LX_VERB},
    {"known", LX_PARTICIPLE},
    {"l-r", LX_CREDITLABEL},
    {"laid", LX_VERB},
    {"latest", LX_LINKLABEL},
    {"learn", LX_CTAVERB},
    {"led", LX_VERB},
    {"left", LX_VERB},
    {"lent", LX_VERB},
    {"let", LX_CTAVERB | LX_VERB},
    {"like", LX_CTAVERB},
    {"likewise", LX_CONNECTIVE},
    {"link", LX_CTAWEAK},
    {"linkedin", LX_SOCIAL},
    {"links", LX_CTAWEAK | LX_LINKLABEL},
    {"listen", LX_CTAVERB | LX_LINKLABEL},
    {"listens", LX_CAPVERB},
    {"loading", LX_NAV | LX_UI},
    {"log", LX_CTAVERB},
    {"login", LX_CTAOBJ | LX_CTAVERB},
    {"looks", LX_CAPVERB},
    {"lost", LX_VERB},
    {"made", LX_VERB},
    {"mar", LX_MONTH},
    {"march", LX_MONTH},
    {"may", LX_MONTH | LX_VERB},
    {"mdt", LX_TZ},
    {"meant", LX_VERB},
    {"meanwhile", LX_CONNECTIVE},
    {"menu", LX_NAV},
    {"messenger", LX_SOCIAL},
    {"met", LX_VERB},
    {"might", LX_VERB},
    {"min", LX_MINUTE},
    {"mins", LX_MINUTE},
    {"minute", LX_MINUTE},
    {"minutes", LX_MINUTE},
    {"modified", LX_TIMELABEL},
    {"mon", LX_WEEKDAY},
    {"monday", LX_WEEKDAY},
    {"month", LX_TIMENOUN},
    {"more", LX_LINKLABEL | LX_NAV},
    {"moreover", LX_CONNECTIVE},
    {"morning", LX_TIMENOUN},
    {"mst", LX_TZ},
    {"must", LX_VERB},
    {"needs", LX_VERB},
    {"nevertheless", LX_CONNECTIVE},
    {"news", LX_LINKLABEL},
    {"newsletter", LX_CTAOBJ},
    {"newsletters", LX_CTAOBJ},
    {"next", LX_LINKLABEL | LX_NAV},
    {"night", LX_TIMENOUN},
    {"nonetheless", LX_CONNECTIVE},
    {"nor", LX_CONNECTIVE},
    {"notifications", LX_CTAOBJ},
    {"nov", LX_MONTH},
    {"november", LX_MONTH},
    {"oct", LX_MONTH},
    {"october", LX_MONTH},
    {"once", LX_SUBORD},
    {"or", LX_CONNECTIVE},
    {"otherwise", LX_CONNECTIVE},
    {"p.m", LX_TZ},
    {"page", LX_CTAWEAK},
    {"paid", LX_VERB},
    {"password", LX_CTAOBJ},
    {"pdt", LX_TZ},
    {"performs", LX_CAPVERB},
    {"photo", LX_CREDITLABEL | LX_NAV},
    {"photograph", LX_CREDITLABEL},
    {"photographs", LX_CREDITLABEL},
    {"photos", LX_CREDITLABEL | LX_LINKLABEL | LX_NAV | LX_UI},
    {"pic", LX_CREDITLABEL},
    {"pics", LX_CREDITLABEL},
    {"picture", LX_CREDITLABEL},
    {"pictured", LX_CREDITLABEL},
    {"pictures", LX_CREDITLABEL},
    {"pinterest", LX_SOCIAL},
    {"play", LX_CTAVERB},
    {"playing", LX_UI},
    {"plus", LX_CONNECTIVE},
    {"pm", LX_TZ},
    {"podcast", LX_CTAOBJ},
    {"popular", LX_LINKLABEL},
    {"poses", LX_CAPVERB | LX_CREDITLABEL},
    {"posted", LX_TIMELABEL},
    {"prays", LX_CAPVERB},
    {"premium", LX_CTAOBJ},
    {"press", LX_AGENCY},
    {"prev", LX_NAV},
    {"previous", LX_LINKLABEL | LX_NAV},
    {"print", LX_CTAVERB | LX_NAV},
    {"profile", LX_CTAWEAK},
    {"promoted", LX_AD},
    {"pst", LX_TZ},
    {"published", LX_TIMELABEL},
    {"put", LX_VERB},
    {"quit", LX_VERB},
    {"ran", LX_VERB},
    {"rang", LX_VERB},
    {"reacts", LX_CAPVERB},
    {"read", LX_CTAVERB | LX_LINKLABEL},
    {"recommended", LX_LINKLABEL},
    {"reddit", LX_SOCIAL},
    {"redistributed", LX_LEGAL},
    {"refresh", LX_CTAVERB},
    {"register", LX_CTAVERB},
    {"related", LX_LINKLABEL},
    {"remained", LX_VERB},
    {"remains", LX_VERB},
    {"replay", LX_CTAVERB | LX_UI},
    {"reported", LX_PARTICIPLE},
    {"reporter", LX_BYLINE},
    {"reporters", LX_BYLINE},
    {"reporting", LX_BYLINE},
    {"reports", LX_BYLINE | LX_CAPVERB},
    {"reserved", LX_LEGAL},
    {"reuters", LX_AGENCY},
    {"rewritten", LX_LEGAL},
    {"rex", LX_AGENCY},
    {"rights", LX_LEGAL},
    {"rode", LX_VERB},
    {"rss", LX_CTAOBJ},
    {"rumored", LX_PARTICIPLE},
    {"rumoured", LX_PARTICIPLE},
    {"said", LX_VERB | LX_PARTICIPLE},
    {"sang", LX_VERB},
    {"sank", LX_VERB},
    {"sat", LX_WEEKDAY},
    {"saturday", LX_WEEKDAY},
    {"save", LX_CTAVERB},
    {"say", LX_VERB},
    {"says", LX_VERB},
    {"search", LX_NAV},
    {"season", LX_TIMENOUN},
    {"see", LX_CTAVERB | LX_LINKLABEL},
    {"seemed", LX_VERB},
    {"seems", LX_VERB},
    {"seen", LX_PARTICIPLE},
    {"send", LX_CTAVERB},
    {"sent", LX_VERB},
    {"sep", LX_MONTH},
    {"sept", LX_MONTH},
    {"september", LX_MONTH},
    {"set", LX_VERB},
    {"shall", LX_VERB},
    {"share", LX_CTAVERB | LX_NAV},
    {"she", LX_PRONOUN},
    {"shook", LX_VERB},
    {"shot", LX_VERB},
    {"should", LX_VERB},
    {"shouts", LX_CAPVERB},
    {"shut", LX_VERB},
    {"shutterstock", LX_AGENCY},
    {"sign", LX_CTAVERB},
    {"similarly", LX_CONNECTIVE},
    {"since", LX_SUBORD},
    {"sings", LX_CAPVERB},
    {"site", LX_CTAWEAK},
    {"sits", LX_CAPVERB},
    {"skip", LX_CTAVERB | LX_NAV | LX_UI},
    {"slept", LX_VERB},
    {"slideshow", LX_LINKLABEL | LX_UI},
    {"smiles", LX_CAPVERB},
    {"snapchat", LX_SOCIAL},
    {"so", LX_CONNECTIVE},
    {"social", LX_CTAWEAK},
    {"sold", LX_VERB},
    {"sought", LX_VERB},
    {"source", LX_CREDITLABEL},
    {"speaks", LX_CAPVERB},
    {"spent", LX_VERB},
    {"split", LX_VERB},
    {"spoke", LX_VERB},
    {"sponsored", LX_AD},
    {"spread", LX_VERB},
    {"spring", LX_TIMENOUN},
    {"staff", LX_BYLINE},
    {"stands", LX_CAPVERB},
    {"still", LX_CONNECTIVE},
    {"stole", LX_VERB},
    {"stood", LX_VERB},
    {"stories", LX_LINKLABEL},
    {"story", LX_CTAWEAK},
    {"struck", LX_VERB},
    {"stuck", LX_VERB},
    {"stumbleupon", LX_SOCIAL},
    {"subscribe", LX_CTAVERB},
    {"subscriber", LX_CTAOBJ},
    {"subscribers", LX_CTAOBJ},
    {"subscription", LX_CTAOBJ},
    {"subscriptions", LX_CTAOBJ},
    {"such", LX_PRONOUN},
    {"summer", LX_TIMENOUN},
    {"sun", LX_WEEKDAY},
    {"sunday", LX_WEEKDAY},
    {"suspected", LX_PARTICIPLE},
    {"swam", LX_VERB},
    {"swept", LX_VERB},
    {"swore", LX_VERB},
    {"tap", LX_CTAVERB},
    {"taught", LX_VERB},
    {"tell", LX_VERB},
    {"tells", LX_VERB},
    {"testifies", LX_CAPVERB},
    {"that", LX_DEMONSTR},
    {"their", LX_PRONOUN},
    {"them", LX_PRONOUN},
    {"then", LX_CONNECTIVE},
    {"therefore", LX_CONNECTIVE},
    {"these", LX_DEMONSTR},
    {"they", LX_PRONOUN},
    {"think", LX_VERB},
    {"this", LX_DEMONSTR},
    {"those", LX_DEMONSTR},
    {"though", LX_SUBORD},
    {"thought", LX_VERB | LX_PARTICIPLE},
    {"threw", LX_VERB},
    {"thu", LX_WEEKDAY},
    {"thur", LX_WEEKDAY},
    {"thurs", LX_WEEKDAY},
    {"thursday", LX_WEEKDAY},
    {"thus", LX_CONNECTIVE},
    {"today", LX_WEEKDAY},
    {"told", LX_VERB},
    {"took", LX_VERB},
    {"top", LX_LINKLABEL | LX_NAV},
    {"tore", LX_VERB},
    {"trending", LX_LINKLABEL},
    {"try", LX_CTAVERB},
    {"tue", LX_WEEKDAY},
    {"tues", LX_WEEKDAY},
    {"tuesday", LX_WEEKDAY},
    {"tumblr", LX_SOCIAL},
    {"tweet", LX_CTAVERB},
    {"tweets", LX_SOCIAL},
    {"twitter", LX_SOCIAL},
    {"understood", LX_VERB},
    {"unless", LX_SUBORD},
    {"unsubscribe", LX_CTAOBJ},
    {"until", LX_SUBORD},
    {"updated", LX_TIMELABEL},
    {"updates", LX_CTAWEAK},
    {"upgrade", LX_CTAVERB},
    {"upi", LX_AGENCY},
    {"uploaded", LX_TIMELABEL},
    {"utc", LX_TZ},
    {"video", LX_CTAWEAK | LX_LINKLABEL | LX_NAV | LX_UI},
    {"videos", LX_CTAWEAK | LX_LINKLABEL | LX_UI},
    {"view", LX_CTAVERB},
    {"visit", LX_CTAVERB},
    {"waits", LX_CAPVERB},
    {"walks", LX_CAPVERB},
    {"want", LX_VERB},
    {"wants", LX_VERB},
    {"was", LX_VERB},
    {"watch", LX_CTAVERB | LX_LINKLABEL},
    {"watched", LX_UI},
    {"waves", LX_CAPVERB},
    {"wears", LX_CAPVERB},
    {"website", LX_CTAWEAK},
    {"wed", LX_WEEKDAY},
    {"wednesday", LX_WEEKDAY},
    {"week", LX_TIMENOUN},
    {"weekend", LX_TIMENOUN},
    {"went", LX_VERB},
    {"were", LX_VERB},
    {"whatsapp", LX_SOCIAL},
    {"when", LX_SUBORD},
    {"while", LX_SUBORD},
    {"will", LX_VERB},
    {"winter", LX_TIMENOUN},
    {"wipes", LX_CAPVERB},
    {"wireimage", LX_AGENCY},
    {"woke", LX_VERB},
    {"won", LX_VERB},
    {"wore", LX_VERB},
    {"would", LX_VERB},
    {"writer", LX_BYLINE},
    {"writers", LX_BYLINE},
    {"writes", LX_VERB},
    {"writing", LX_BYLINE},
    {"wrote", LX_VERB},
    {"xinhua", LX_AGENCY},
    {"year", LX_TIMENOUN},
    {"yesterday", LX_WEEKDAY},
    {"yet", LX_CONNECTIVE},
    {"youtube", LX_SOCIAL},
};

#define NLEX (sizeof LEXICON / sizeof LEXICON[0])

static int lex_cmp(const void *key, const void *ent)
{
    return strcmp(key, ((const lex_ent *)ent)->w);
}

static uint32_t lex_find(const char *lower)
{
    const lex_ent *e = bsearch(lower, LEXICON, NLEX, sizeof *LEXICON, lex_cmp);
    return e ? e->bits : 0;
}

size_t clean_lex_count(void) { return NLEX; }
const char *clean_lex_word(size_t i) { return i < NLEX ? LEXICON[i].w : NULL; }
unsigned clean_lex_lookup(const char *word) { return word ? lex_find(word) : 0; }

/* ======================================================================
 * Tokens of a line: white-space delimited, with a core (leading and
 * trailing punctuation removed) and cue flags.
 * ====================================================================== */
enum {
    TF_CAP = 1u << 0,      /* core starts with an upper-case letter */
    TF_ALLCAPS = 1u << 1,  /* >= 2 letters, none lower case */
    TF_LOWER = 1u << 2,    /* core starts with a lower-case letter */
    TF_DIGIT = 1u << 3,    /* core has a digit */
    TF_ALPHA = 1u << 4,    /* core has a letter */
    TF_SLASH = 1u << 5,    /* '/' inside the core */
    TF_AT = 1u << 6,       /* '@' in the token */
    TF_URL = 1u << 7,      /* http://, www., .com ... */
    TF_OPENP = 1u << 8,    /* starts with ( or [ */
    TF_CLOSEP = 1u << 9,   /* ends with ) or ] (maybe then . or ,) */
    TF_COLON = 1u << 10,   /* ends with ':' */
    TF_DASH = 1u << 11,    /* no letter or digit: a dash, '|', '_' ... */
    TF_PIPE = 1u << 12,    /* the token is '|' */
    TF_FINAL = 1u << 13,   /* ends with . ! ? … (then closers) */
    TF_ELLIP = 1u << 14,   /* ends with ... or … */
    TF_QOPEN = 1u << 15,   /* starts with a quotation mark */
    TF_STOP = 1u << 16,    /* stopword of the language */
    TF_VERB = 1u << 17,    /* finite verb evidence */
    TF_NUMERIC = 1u << 18, /* digits and : . / - only (times, dates) */
    TF_COMMA = 1u << 19,   /* ends with ',' */
    TF_COPY = 1u << 20     /* holds the (c) sign */
};

typedef struct ctok {
    uint32_t s, e;     /* token, relative to the line start */
    uint32_t cs, ce;   /* core */
    uint32_t lex;      /* LX_* (English only) */
    uint32_t f;        /* TF_* */
} ctok;

/* Lines longer than this many tokens are prose for the detectors. */
#define MAX_LINE_TOKENS 256
/* A first line without terminal punctuation is a headline, if it is no
 * longer than this: a truncated one-line document is not a title. */
#define HEADLINE_MAX_WORDS 25
/* A paragraph of at least this many words that is most of its document
 * is not dropped for a caption label at its head. */
#define MAJORITY_MIN_WORDS 25

/* Lines of more words than this are paragraphs: never dropped whole for
 * their cues (only when repeated); their sentences are judged one by one
 * (SENT_NOISY). The longest captions and promo blocks stay below it. */
#define MAX_JUDGED_WORDS 60
/* Cores longer than this are not looked up. */
#define MAX_CORE 23

/* Does p[0, n) contain the string lit? */
static bool has_bytes(const char *p, size_t n, const char *lit)
{
    size_t ln = strlen(lit);
    for (size_t i = 0; i + ln <= n; i++)
        if (memcmp(p + i, lit, ln) == 0) return true;
    return false;
}

/* Is the code point at t[i] punctuation or a symbol to strip from a core? */
static bool strip_cp(const char *t, size_t i, size_t e, size_t *n)
{
    int32_t cp;
    return !cp_word(t, i, e, n, &cp);
}

/* ======================================================================
 * Per-context resources: one hash map from lower-cased words to their cue
 * bits (the English lexicon and the language's stopwords), and the learned
 * table. Built on first use, rebuilt when the language changes.
 * ====================================================================== */
#define BOILER_FIRST_BITS 14
struct boiler_table {
    char lang[8];
    const embedded_file *f;   /* the shapes, looked up through the build's index */
    /* The hashes of each shape's first two words, one bit each: most
     * sentences start with no shape's, and a clear bit says so without
     * shaping the whole sentence (a set bit may be another prefix's). */
    uint64_t first[((size_t)1 << BOILER_FIRST_BITS) / 64];
};

typedef struct wslot {
    uint32_t h;            /* word_hash(); 0 = empty */
    uint32_t bits;         /* LX_* */
    const char *w;         /* static strings (LEXICON, stopword lists) */
    size_t len;
} wslot;

/* The classification of a token (tok_classify) depends only on its bytes
 * and the language, and a batch says the same words again and again: a
 * direct-mapped cache of the classifications of short tokens, per context
 * and language, spares most of the work (each cluster classifies every
 * token of its short sentences). Entries are overwritten on collision;
 * what comes out is the same with or without it. */
#define TC_BITS 12         /* 160 KB: 2^13 saved another 1% of instructions in batch
                              but touched 40 more pages in a one-cluster process */
#define TC_MAXLEN 24
typedef struct tc_ent {
    uint32_t h;            /* hash of the token; 0 = empty */
    uint32_t lex, f;
    uint8_t len, dcs, dce; /* its length; core start - s, e - core end */
    char w[TC_MAXLEN];
} tc_ent;

struct clean_res {
    const lang_def *L;     /* the language `words` was built for */
    wslot *slots;          /* open addressing, power-of-two size */
    size_t nslots;
    boiler_table *boiler;  /* English table, loaded once (NULL: none) */
    bool boiler_tried;
    tc_ent *tc;            /* 2^TC_BITS entries, or NULL (no memory) */
};

/* FNV-1a of a lower-cased core, with a final mix; never 0. Computed while
 * the core is lower-cased, so a lookup costs one probe and one memcmp. */
#define WH_INIT 2166136261u
#define WH_STEP(h, c) (((h) ^ (uint8_t)(c)) * 16777619u)
static uint32_t wh_final(uint32_t h)
{
    h ^= h >> 15;
    h *= 0x2c1b3c6du;
    h ^= h >> 12;
    return h ? h : 1;
}

static void boiler_table_free(const alc_t *alc, boiler_table *t)
{
    alc_free(alc, t);
}

void clean_res_free(const alc_t *alc, clean_res *r)
{
    if (!r) return;
    alc_free(alc, r->slots);
    alc_free(alc, r->tc);
    boiler_table_free(alc, r->boiler);
    alc_free(alc, r);
}

static uint32_t wh_bytes(const char *w, size_t n)
{
    uint32_t h = WH_INIT;
    for (size_t i = 0; i < n; i++) h = WH_STEP(h, w[i]);
    return wh_final(h);
}

static void res_add(clean_res *r, const char *w, uint32_t bits)
{
    size_t n = strlen(w);
    uint32_t h = wh_bytes(w, n);
    size_t m = r->nslots - 1, i = h & m;
    while (r->slots[i].h && !(r->slots[i].h == h && r->slots[i].len == n && memcmp(r->slots[i].w, w, n) == 0))
        i = (i + 1) & m;
    r->slots[i].h = h;
    r->slots[i].w = w;
    r->slots[i].len = n;
    r->slots[i].bits |= bits;
}

static int boiler_parse(mdsum_ctx *ctx, const embedded_file *f, const char *what, boiler_table **out);

/* The resources for language L (kept in ctx->clean). */
static int clean_res_get(mdsum_ctx *ctx, const lang_def *L, const clean_res **out)
{
    clean_res *r = ctx->clean;
    if (!r) {
        r = alc_calloc(&ctx->alc, 1, sizeof *r);
        if (!r) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
        ctx->clean = r;
    }
    if (r->L != L) {
        bool en = strcmp(L->code, "en") == 0;
        size_t need = 64, words = L->nstopwords + (en ? NLEX : 0);
        while (need < words * 4) need *= 2;
        if (need != r->nslots) {
            alc_free(&ctx->alc, r->slots);
            r->slots = alc_calloc(&ctx->alc, need, sizeof *r->slots);
            r->nslots = r->slots ? need : 0;
            r->L = NULL;
            if (!r->slots) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
        } else {
            memset(r->slots, 0, need * sizeof *r->slots);
        }
        if (en)
            for (size_t i = 0; i < NLEX; i++) res_add(r, LEXICON[i].w, LEXICON[i].bits);
        for (size_t i = 0; i < L->nstopwords; i++) res_add(r, L->stopwords[i], LX_STOPW);
        /* Classifications made for another language do not hold. */
        if (!r->tc) r->tc = alc_calloc(&ctx->alc, (size_t)1 << TC_BITS, sizeof *r->tc);
        else memset(r->tc, 0, ((size_t)1 << TC_BITS) * sizeof *r->tc);
        r->L = L;
    }
    if (!r->boiler_tried && strcmp(L->code, "en") == 0) {
        const embedded_file *f = embedded_find("boilerplate-en.tsv");
        if (f) {
            int rc = boiler_parse(ctx, f, "built-in boilerplate-en.tsv", &r->boiler);
            if (rc) return rc;
        }
        r->boiler_tried = true;
    }
    *out = r;
    return MDSUM_OK;
}

static uint32_t res_bits(const clean_res *r, const char *low, size_t n, uint32_t h)
{
    if (!r || !r->nslots) return 0;
    size_t m = r->nslots - 1, i = h & m;
    while (r->slots[i].h) {
        if (r->slots[i].h == h && r->slots[i].len == n && memcmp(r->slots[i].w, low, n) == 0)
            return r->slots[i].bits;
        i = (i + 1) & m;
    }
    return 0;
}

typedef struct scan_env {
    const clean_res *res;
    bool en;
} scan_env;

static void tok_classify(const char *t, size_t ls, ctok *k, const scan_env *env)
{
    const char *w = t + ls;
    size_t s = k->s, e = k->e;
    uint32_t f = 0;
    /* Core: strip punctuation and symbols at both ends (ASCII fast path). */
    size_t cs = s, ce = e, n;
    while (cs < ce) {
        unsigned char c = (unsigned char)w[cs];
        if (c < 0x80) {
            if (is_alnum_ascii(c)) break;
            cs++;
        } else if (strip_cp(w, cs, ce, &n)) {
            cs += n;
        } else {
            break;
        }
    }
    while (ce > cs) {
        unsigned char c = (unsigned char)w[ce - 1];
        if (c < 0x80) {
            if (is_alnum_ascii(c)) break;
            ce--;
            continue;
        }
        size_t j = ce - 1;
        while (j > cs && ((unsigned char)w[j] & 0xC0) == 0x80) j--;
        if (!strip_cp(w, j, ce, &n)) break;
        ce = j;
    }
    k->cs = (uint32_t)cs;
    k->ce = (uint32_t)ce;
    unsigned char c0 = (unsigned char)w[s], cl0 = (unsigned char)w[e - 1];
    if (c0 == '(' || c0 == '[') f |= TF_OPENP;
    if (c0 == '"' || c0 == '\'' || at_seq(w, s, e, "\xE2\x80\x9C", 3) || at_seq(w, s, e, "\xE2\x80\x98", 3) ||
        at_seq(w, s, e, "\xC2\xAB", 2))
        f |= TF_QOPEN;
    if (ce < e) {
        size_t te = e;
        while (te > s && (w[te - 1] == '.' || w[te - 1] == ',' || w[te - 1] == ':' || w[te - 1] == ';')) te--;
        if (te > s && (w[te - 1] == ')' || w[te - 1] == ']')) f |= TF_CLOSEP;
        if (cl0 == ':') f |= TF_COLON;
        if (cl0 == ',') f |= TF_COMMA;
        if (ends_final(w, s, e)) f |= TF_FINAL;
        if (ends_ellipsis(w, s, e)) f |= TF_ELLIP;
    }
    if (cs == ce) {
        f |= TF_DASH;
        if (e - s == 1 && c0 == '|') f |= TF_PIPE;
    }
    for (size_t i = s; i < cs; i++)
        if (w[i] == '@') f |= TF_AT;
    for (size_t i = ce; i < e; i++)
        if (w[i] == '@' || (w[i] == '\xC2' && i + 1 < e && w[i + 1] == '\xA9')) f |= w[i] == '@' ? TF_AT : TF_COPY;
    if (s < cs && w[s] == '\xC2' && s + 1 < e && w[s + 1] == '\xA9') f |= TF_COPY;
    /* The core, once: letter classes, digits, inner '/', '.', ':', '@',
     * and its lower-cased form with its hash for the word lists. */
    bool numeric = cs < ce, first_letter = true, any_lower = false, dot = false, colon = false, ascii = true;
    size_t letters = 0, o = 0, cl = ce - cs;
    char low[MAX_CORE + 8];
    uint32_t h = WH_INIT;
    bool lowok = cl > 0 && cl <= MAX_CORE;
    for (size_t i = cs; i < ce;) {
        unsigned char c = (unsigned char)w[i];
        if (c < 0x80) {
            if (is_alnum_ascii(c)) {
                if (is_digit(c)) {
                    f |= TF_DIGIT;
                } else {
                    f |= TF_ALPHA;
                    numeric = false;
                    letters++;
                    bool up = is_upper_ascii(c);
                    if (first_letter) {
                        f |= up ? TF_CAP : TF_LOWER;
                        first_letter = false;
                    }
                    if (!up) any_lower = true;
                }
            } else {
                if (c == '@') f |= TF_AT;
                else if (c == '/' && i > cs && i + 1 < ce) f |= TF_SLASH;
                else if (c == '.') dot = true;
                else if (c == ':') colon = true;
                if (!(c == ':' || c == '.' || c == '/' || c == '-' || c == ',')) numeric = false;
            }
            if (lowok) {
                low[o] = (char)(is_upper_ascii(c) ? c + 32 : c);
                h = WH_STEP(h, low[o]);
                o++;
            }
            i++;
            continue;
        }
        ascii = false;
        int32_t cp;
        bool word = cp_word(w, i, ce, &n, &cp);
        if (c == 0xC2 && i + 1 < ce && (unsigned char)w[i + 1] == 0xA9) f |= TF_COPY;
        if (word) {
            if (utf8proc_category(cp) == UTF8PROC_CATEGORY_ND) {
                f |= TF_DIGIT;
            } else {
                f |= TF_ALPHA;
                numeric = false;
                letters++;
                bool up = utf8proc_isupper(cp), lo = utf8proc_islower(cp);
                if (first_letter) {
                    if (up) f |= TF_CAP;
                    else if (lo) f |= TF_LOWER;
                    first_letter = false;
                }
                if (lo) any_lower = true;
            }
        } else {
            numeric = false;
        }
        if (lowok) {
            /* U+2019 is an apostrophe in the stopword lists' spelling. */
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t el = utf8proc_encode_char(cp == 0x2019 ? '\'' : utf8proc_tolower(cp), enc);
            if (el <= 0 || o + (size_t)el > MAX_CORE) {
                lowok = false;
            } else {
                for (utf8proc_ssize_t x = 0; x < el; x++) {
                    low[o] = (char)enc[x];
                    h = WH_STEP(h, low[o]);
                    o++;
                }
            }
        }
        i += n;
    }
    if (letters >= 2 && !any_lower) f |= TF_ALLCAPS;
    if (numeric && (f & TF_DIGIT)) f |= TF_NUMERIC;
    if (cl >= 4 && (dot || colon) && ascii) {
        /* URLs and domains: http(s)://, www., or a dot before a common TLD. */
        const char *p = w + cs;
        if ((cl > 7 && memcmp(p, "http", 4) == 0 && colon) ||
            (cl > 4 && (memcmp(p, "www.", 4) == 0 || memcmp(p, "WWW.", 4) == 0))) {
            f |= TF_URL;
        } else if (dot) {
            static const char *const tld[] = {".com", ".org", ".net", ".gov", ".edu", ".ly/", ".co.uk", ".ws/"};
            const char *raw = w + cs;
            for (size_t q = 0; q < sizeof tld / sizeof *tld && !(f & TF_URL); q++) {
                size_t tl = strlen(tld[q]);
                for (size_t i = 1; i + tl <= cl; i++) {
                    size_t x = 0;
                    while (x < tl && (raw[i + x] | 0x20) == (tld[q][x] | 0x20)) x++;
                    if (x == tl) { f |= TF_URL; break; }
                }
            }
        }
    }
    /* Lexicon and stopwords. */
    uint32_t lex = 0;
    if (lowok) {
        low[o] = '\0';
        cl = o;
        lex = res_bits(env->res, low, cl, wh_final(h));
        if (lex & LX_STOPW) f |= TF_STOP;
        lex &= ~(uint32_t)LX_STOPW;
        if (env->en && !(lex & ~(LX_VERB | LX_CONNECTIVE | LX_PRONOUN | LX_DEMONSTR | LX_PARTICIPLE))) {
            /* Finite-verb evidence beyond the list: past forms and
             * negated contractions of lower-case words. */
            if (lex & LX_VERB) f |= TF_VERB;
            else if (!(f & TF_CAP) && cl >= 5 && low[cl - 2] == 'e' && low[cl - 1] == 'd') f |= TF_VERB;
            else if (cl >= 4 && memchr(low, '\'', cl) &&
                     (strstr(low, "n't") || strstr(low, "'re") || strstr(low, "'ve") || strstr(low, "'ll")))
                f |= TF_VERB;
        }
    }
    k->lex = lex;
    k->f = f;
}

/* tok_classify through the cache of clean_res (above). */
static void tok_classify_c(const char *t, size_t ls, ctok *k, const scan_env *env)
{
    size_t len = k->e - k->s;
    tc_ent *tab = env->res ? env->res->tc : NULL;
    if (!tab || len > TC_MAXLEN) {
        tok_classify(t, ls, k, env);
        return;
    }
    const char *w = t + ls + k->s;
    uint32_t h = wh_bytes(w, len);
    tc_ent *x = &tab[h & (((uint32_t)1 << TC_BITS) - 1)];
    if (x->h == h && x->len == len && memcmp(x->w, w, len) == 0) {
        k->cs = k->s + x->dcs;
        k->ce = k->e - x->dce;
        k->lex = x->lex;
        k->f = x->f;
        return;
    }
    tok_classify(t, ls, k, env);
    x->h = h;
    x->len = (uint8_t)len;
    x->dcs = (uint8_t)(k->cs - k->s);
    x->dce = (uint8_t)(k->e - k->ce);
    x->lex = k->lex;
    x->f = k->f;
    memcpy(x->w, w, len);
}

typedef struct tokvec {
    const alc_t *alc;
    ctok *v;
    size_t n, cap;
} tokvec;

/* Tokenize the line t[s, e). Returns false on allocation failure.
 * *truncated is set when the line has more than MAX_LINE_TOKENS tokens
 * (only the first ones are kept). */
static bool scan_line_n(const char *t, size_t s, size_t e, const scan_env *env, tokvec *tv, size_t max,
                        bool *truncated)
{
    tv->n = 0;
    *truncated = false;
    size_t i = s;
    while (i < e) {
        size_t n;
        while (i < e && (n = space_len(t, i, e)) != 0) i += n;
        if (i >= e) break;
        size_t b = i;
        while (i < e && space_len(t, i, e) == 0) i++;
        if (tv->n == max) {
            *truncated = true;
            break;
        }
        if (tv->n == tv->cap) {
            void *v = tv->v;
            if (!grow_array(tv->alc, &v, &tv->cap, tv->n + 1, sizeof *tv->v)) return false;
            tv->v = v;
        }
        ctok *k = &tv->v[tv->n++];
        k->s = (uint32_t)(b - s);
        k->e = (uint32_t)(i - s);
        tok_classify_c(t, s, k, env);
    }
    return true;
}

static bool scan_line(const char *t, size_t s, size_t e, const scan_env *env, tokvec *tv, bool *truncated)
{
    return scan_line_n(t, s, e, env, tv, MAX_LINE_TOKENS, truncated);
}

/* Case-insensitive comparison of a token core with a lower-case word
 * (CORE_IS: with a string literal, whose length is known). */
#define CORE_IS(w, k, lit) core_is_n((w), (k), (lit), sizeof(lit) - 1)
static bool core_is_n(const char *w, const ctok *k, const char *lit, size_t ln)
{
    size_t n = k->ce - k->cs;
    if (n != ln) return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[k->cs + i];
        if (is_upper_ascii(c)) c = (unsigned char)(c + 32);
        if (c != (unsigned char)lit[i]) return false;
    }
    return true;
}

/* ======================================================================
 * Line features and the prose score
 * ====================================================================== */
typedef struct lfeat {
    size_t ntok, nword;         /* tokens; tokens with a letter or digit */
    size_t ncap, nstop, nverb, ndate, nalpha;
    bool final;                 /* ends with . ! ? */
    bool colon;                 /* ends with ':' */
    bool ellipsis;
    bool quote;                 /* opens with a quotation mark */
    bool truncated;             /* too many tokens to judge */
    uint32_t lexall;            /* LX_* bits of all tokens (to skip detectors) */
    double prose;
} lfeat;

static bool tok_dateish(const ctok *k)
{
    if (k->lex & (LX_MONTH | LX_WEEKDAY | LX_TZ | LX_TIMELABEL)) return true;
    return (k->f & TF_NUMERIC) != 0;
}

static void line_features(const char *w, size_t len, const ctok *tk, size_t n, bool truncated,
                          const scan_env *env, lfeat *f)
{
    memset(f, 0, sizeof *f);
    f->ntok = n;
    f->truncated = truncated;
    for (size_t i = 0; i < n; i++) {
        const ctok *k = &tk[i];
        if (k->f & TF_DASH) continue;
        f->nword++;
        if (k->f & TF_ALPHA) f->nalpha++;
        if (k->f & TF_CAP) f->ncap++;
        if (k->f & TF_STOP) f->nstop++;
        if (k->f & TF_VERB) f->nverb++;
        if (tok_dateish(k)) f->ndate++;
        f->lexall |= k->lex;
    }
    f->final = ends_final(w, 0, len);
    size_t e = strip_closers(w, 0, len);
    f->colon = e > 0 && w[e - 1] == ':';
    f->ellipsis = ends_ellipsis(w, 0, len);
    f->quote = n > 0 && (tk[0].f & TF_QOPEN);
    double p = 0;
    if (f->final && !f->ellipsis) p += 0.30;
    if (env->en ? f->nverb > 0 : (f->nword >= 6 && f->nstop * 4 >= f->nword)) p += 0.30;
    size_t wn = truncated ? 40 : f->nword;
    p += 0.5 * (double)(wn < 40 ? wn : 40) / 40.0;
    if (f->nword && f->nstop * 10 >= f->nword * 3) p += 0.20;
    if (f->quote) p += 0.20;
    if (truncated) p += 1.0;
    f->prose = p;
}

/* ======================================================================
 * Detectors: evidence per noise category
 * ====================================================================== */
enum { C_READTIME, C_TIME, C_BYLINE, C_CAPTION, C_CTA, C_AD, C_LEGAL, C_NAV, C_LINKS,
       C_DATELINE, C_CROSSDOC, C_LEARNED, C_COUNT };

static const char *const CAT_REASON[C_COUNT] = {
    R_READTIME, R_TIME, R_BYLINE, R_CAPTION, R_CTA, R_AD, R_LEGAL, R_NAV, R_LINKS,
    R_DATELINE, R_CROSSDOC, R_LEARNED
};

typedef struct judge {
    double ev[C_COUNT];
    size_t tail;          /* byte (relative to the line) where a trailing
                             credit or byline starts, or 0 */
    const char *tail_why; /* its reason */
    size_t head;          /* byte (relative) where the text after a caption
                             block starts (a credit inside the line), or 0 */
    bool post;            /* an embedded social-media post */
    bool widget;          /* a gallery widget ("Photos: T Photos: T ..."):
                             dropped even when it is most of the document */
} judge;

static void ev_max(judge *j, int c, double v)
{
    if (v > j->ev[c]) j->ev[c] = v;
}

/* First token with a letter or digit, from index i. */
static size_t first_word(const ctok *tk, size_t n, size_t i)
{
    while (i < n && (tk[i].f & TF_DASH)) i++;
    return i;
}

/* A photo credit of the "Name Name/Agency" kind: '/' between capitalised
 * words, not a URL, date or fraction. */
static bool slash_credit(const char *w, const ctok *k)
{
    if (!(k->f & TF_SLASH) || (k->f & (TF_URL | TF_NUMERIC))) return false;
    const char *p = w + k->cs;
    size_t n = k->ce - k->cs;
    const char *sl = memchr(p, '/', n);
    if (!sl || sl + 1 >= p + n) return false;
    unsigned char a = (unsigned char)p[0], b = (unsigned char)sl[1];
    return (is_upper_ascii(a) || a >= 0x80) && (is_upper_ascii(b) || b >= 0x80);
}

/* Reading time: "3 min read", "Reading time: 4 minutes". */
static void det_readtime(const char *w, const ctok *tk, size_t n, const lfeat *f, judge *j)
{
    if (f->nword > 6) return;
    bool minute = false, read = false, digit = false;
    for (size_t i = 0; i < n; i++) {
        if (tk[i].lex & LX_MINUTE) minute = true;
        if (CORE_IS(w, &tk[i], "read") || CORE_IS(w, &tk[i], "reading")) read = true;
        if (tk[i].f & TF_DIGIT) digit = true;
    }
    if (minute && read && digit) ev_max(j, C_READTIME, 2.5);
}

/* Timestamps and date lines. */
static void det_time(const char *w, const ctok *tk, size_t n, const lfeat *f, judge *j)
{
    (void)w;
    if (f->nword == 0 || f->nword > 16) return;
    size_t i = first_word(tk, n, 0);
    bool label = i < n && (tk[i].lex & LX_TIMELABEL);
    if (!label && i + 1 < n && (CORE_IS(w, &tk[i], "first") || CORE_IS(w, &tk[i], "last")) &&
        (tk[i + 1].lex & LX_TIMELABEL))
        label = true;
    bool strong = false, pipe = false;
    for (size_t k = 0; k < n; k++) {
        if (tk[k].lex & (LX_MONTH | LX_WEEKDAY)) strong = true;
        if ((tk[k].f & TF_NUMERIC) && memchr(w + tk[k].cs, ':', tk[k].ce - tk[k].cs)) strong = true;
        if (tk[k].f & TF_PIPE) pipe = true;
    }
    if (label && f->nword <= 14 && f->ndate >= 2 && strong) ev_max(j, C_TIME, 2.0);
    else if (label && f->nword <= 3 && !f->final) ev_max(j, C_TIME, 1.8);
    /* Mostly date tokens; a sentence that merely gives a full date ("The
     * pier closed on Monday, June 4, 2029, at 10 a.m.") has a verb. */
    /* A full stop after four or more other words is a sentence with dates
     * and scores in it ("-- Miami beat No. 1 Florida State 17-16 Nov. 16,
     * 1991."), not a timestamp. */
    if (f->ndate >= 2 && strong && f->ndate * 2 >= f->nword && (f->nverb == 0 || f->ndate * 10 >= f->nword * 7) &&
        !(f->final && f->nword - f->ndate >= 4))
        ev_max(j, C_TIME, pipe ? 1.9 : 1.6);
}

static bool mostly_names(const char *w, const ctok *tk, size_t a, size_t b)
{
    size_t words = 0, caps = 0;
    for (size_t i = a; i < b; i++) {
        if (tk[i].f & TF_DASH) continue;
        words++;
        if ((tk[i].f & TF_CAP) || CORE_IS(w, &tk[i], "and") || CORE_IS(w, &tk[i], "of") ||
            CORE_IS(w, &tk[i], "de") || CORE_IS(w, &tk[i], "the"))
            caps++;
        if (tk[i].f & TF_VERB) return false;
    }
    return words >= 1 && caps * 10 >= words * 6;
}

/* The trailing bracketed groups of a line that follow its last sentence:
 * "... said. (Additional reporting by X; Editing by Y) ((x@y.com))".
 * Returns the index of the first token of the groups, or n if none. */
static size_t paren_tail(const ctok *tk, size_t n)
{
    size_t q = n;
    while (q > 0 && (tk[q - 1].f & TF_CLOSEP)) {
        size_t r = q - 1;
        while (r > 0 && r + 40 > q && !(tk[r].f & TF_OPENP)) r--;
        if (!(tk[r].f & TF_OPENP)) break;
        q = r;
        if (q == 0 || (tk[q - 1].f & TF_FINAL)) {
            if (q > 0 && !(tk[q - 1].f & TF_CLOSEP)) return q;
            if (q == 0) return 0;
        }
    }
    return n;
}

/* Byline phrases in tokens [a, b): "Reporting by", "Editing by",
 * "contributed to this report", "Additional reporting". */
static bool byline_phrase(const char *w, const ctok *tk, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        const ctok *k = &tk[i];
        if (CORE_IS(w, k, "contributed") || CORE_IS(w, k, "contributing")) {
            for (size_t q = i + 1; q < b && q < i + 5; q++)
                if (CORE_IS(w, &tk[q], "report") || CORE_IS(w, &tk[q], "reporting") ||
                    CORE_IS(w, &tk[q], "story") || CORE_IS(w, &tk[q], "article") ||
                    CORE_IS(w, &tk[q], "coverage") || CORE_IS(w, &tk[q], "post"))
                    return true;
        }
        /* "Reporting by", "Editing by" open the line or a credit group
         * ("(Additional reporting by X; editing by Y)"); "according to
         * reports by the AP" is prose. */
        if ((k->lex & LX_BYLINE) && i + 1 < b && CORE_IS(w, &tk[i + 1], "by") && !CORE_IS(w, k, "contributed") &&
            !CORE_IS(w, k, "reports") &&
            (i == a || (k->f & TF_OPENP) || CORE_IS(w, &tk[i - 1], "additional") || CORE_IS(w, &tk[i - 1], "and") ||
             CORE_IS(w, &tk[i - 1], "with") || w[tk[i - 1].e - 1] == ';' || w[tk[i - 1].e - 1] == ',' ||
             (tk[i - 1].f & TF_DASH)))
            return true;
        if (CORE_IS(w, k, "additional") && i + 1 < b && CORE_IS(w, &tk[i + 1], "reporting")) return true;
        /* "Agency journalist Name reported this story in Place." */
        if (CORE_IS(w, k, "reported") && i + 2 < b && CORE_IS(w, &tk[i + 1], "this") &&
            (CORE_IS(w, &tk[i + 2], "story") || CORE_IS(w, &tk[i + 2], "report") ||
             CORE_IS(w, &tk[i + 2], "article")))
            return true;
        /* "With reporting by ...", "With reports from ..." */
        if (CORE_IS(w, k, "with") && i + 2 < b &&
            (CORE_IS(w, &tk[i + 1], "reporting") || CORE_IS(w, &tk[i + 1], "reports")) &&
            (CORE_IS(w, &tk[i + 2], "by") || CORE_IS(w, &tk[i + 2], "from")))
            return true;
    }
    return false;
}

static void det_byline(const char *w, const ctok *tk, size_t n, const lfeat *f, judge *j)
{
    if (f->nword == 0) return;
    /* A byline phrase in brackets after the last sentence is cut off the
     * paragraph; elsewhere it makes a byline line when it comes early or
     * the line is short. */
    size_t pt = paren_tail(tk, n);
    if (!(f->lexall & LX_BYLINE)) {
        /* no byline phrase possible: "contributed", "reporting", "editing" ... */
    } else if (pt > 0 && pt < n && byline_phrase(w, tk, pt, n)) {
        j->tail = tk[pt].s;
        j->tail_why = R_BYLINE;
    } else {
        size_t lim = f->nword <= 25 ? n : (n < 4 ? n : 4);
        if (byline_phrase(w, tk, 0, lim)) ev_max(j, C_BYLINE, 2.0);
    }
    /* "By Name Name[, Outlet staff writer]" within the first five tokens
     * ("/ Updated By ...", "Source: TODAY By ..."). */
    if (f->nword <= 12 && f->nverb == 0) {
        for (size_t i = 0; i < n && i < 5; i++) {
            if (CORE_IS(w, &tk[i], "by") && i + 1 < n && mostly_names(w, tk, i + 1, n) &&
                (i == 0 || !(tk[i - 1].f & TF_CAP) || (tk[i - 1].lex & (LX_TIMELABEL | LX_CREDITLABEL)) ||
                 (tk[i - 1].f & (TF_ALLCAPS | TF_COLON)))) {
                /* "Photo by X" is a credit, not a byline. */
                if (i > 0 && (tk[i - 1].lex & LX_CREDITLABEL)) break;
                ev_max(j, C_BYLINE, 2.0);
                break;
            }
        }
    }
    for (size_t i = 0; i + 1 < n; i++)
        if (CORE_IS(w, &tk[i], "reported") && CORE_IS(w, &tk[i + 1], "from") && f->nword <= 10)
            ev_max(j, C_BYLINE, 1.7);
    /* A sign-off: "-- Name Name". */
    if (n >= 2 && n <= 5 && (tk[0].f & TF_DASH) && !(tk[0].f & TF_PIPE) && mostly_names(w, tk, 1, n) &&
        !f->final)
        ev_max(j, C_BYLINE, 1.7);
    /* An e-mail address alone. */
    if (f->nword <= 3) {
        for (size_t i = 0; i < n; i++)
            if ((tk[i].f & TF_AT) && memchr(w + tk[i].cs, '.', tk[i].ce - tk[i].cs))
                ev_max(j, C_BYLINE, 1.6);
    }
    /* "Coastal Courier staff writer", "Jane Roe is a correspondent for X". */
    if (f->nword <= 12) {
        size_t b = 0;
        for (size_t i = 0; i < n; i++)
            if ((tk[i].lex & LX_BYLINE) && !CORE_IS(w, &tk[i], "additional") &&
                !CORE_IS(w, &tk[i], "reporting") && !CORE_IS(w, &tk[i], "writing") &&
                !CORE_IS(w, &tk[i], "editing") && !CORE_IS(w, &tk[i], "journalist") &&
                !CORE_IS(w, &tk[i], "journalists"))
                b++;
        if (b >= 1 && f->ncap * 2 >= f->nword && !f->final) ev_max(j, C_BYLINE, 1.0);
    }
}

/* How a caption opens: a credit label ("Photo:", "(Image: ...)", "Image
 * caption", "Photograph by", "Credit:", "View Images") or AP's "FILE -"
 * (also after a slug: "FOR MOVEMENT ... FILE -"). Needs the first ten
 * tokens only, so it also judges long paragraphs. */
static double caption_start(const char *w, const ctok *tk, size_t n, size_t nword, bool en)
{
    size_t i0 = first_word(tk, n, 0);
    if (en && i0 < n && (tk[i0].lex & LX_CREDITLABEL)) {
        bool lab = (tk[i0].f & TF_COLON) ||
                   (i0 + 1 < n && (CORE_IS(w, &tk[i0 + 1], "by") || CORE_IS(w, &tk[i0 + 1], "caption") ||
                                   CORE_IS(w, &tk[i0 + 1], "credit") || (tk[i0 + 1].f & TF_PIPE) ||
                                   (tk[i0 + 1].f & TF_DASH)));
        if (lab && !(CORE_IS(w, &tk[i0], "source") && nword > 10)) return 2.0;
    }
    if (en && i0 + 1 < n && (CORE_IS(w, &tk[i0], "view") || CORE_IS(w, &tk[i0], "enlarge") ||
                             CORE_IS(w, &tk[i0], "buy")) &&
        (tk[i0 + 1].lex & LX_CREDITLABEL))
        return 2.0;
    for (size_t i = 0; i < n && i < 10; i++)
        if (CORE_IS(w, &tk[i], "file") && (tk[i].f & TF_ALLCAPS) && i + 1 < n &&
            ((tk[i + 1].f & TF_DASH) || CORE_IS(w, &tk[i + 1], "photo")))
            return 2.0;
    if (en) {
        /* A credit opening the line: "Jane Roe / AFP / Getty Images Pope
         * ...", "Jane Roe / Splash News Britney ..." (names, a spaced
         * slash, more names). */
        size_t slashes = 0, names = 0;
        bool agency = false;
        for (size_t i = i0; i < n && i < i0 + 8; i++) {
            if ((tk[i].f & TF_DASH) && tk[i].e - tk[i].s == 1 && w[tk[i].s] == '/') {
                slashes++;
                if (names >= 1 && i + 1 < n && (tk[i + 1].f & TF_CAP)) return 1.6;
            } else if (slash_credit(w, &tk[i])) {
                slashes++;
            } else if ((tk[i].f & (TF_LOWER | TF_VERB)) && !CORE_IS(w, &tk[i], "via")) {
                break;
            } else if (tk[i].f & TF_CAP) {
                names++;
            }
            if ((tk[i].lex & LX_AGENCY) && (tk[i].f & TF_CAP)) agency = true;
        }
        if (slashes && agency) return 1.6;
        /* A video or gallery widget: "EMBED More News Videos ...", "CLOSE
         * ...", "JUST WATCHED ...", "Caption ...", or a run of player
         * words ("1 of 10 Full Screen Autoplay Close Skip Ad"). */
        size_t u0 = i0;
        if (u0 + 1 < n && (tk[u0].f & TF_NUMERIC)) u0++;   /* "7 PHOTOS ..." */
        if (u0 < n && (tk[u0].f & TF_ALLCAPS) && ((tk[u0].lex & LX_UI) ||
                                                  (u0 + 1 < n && (tk[u0 + 1].f & TF_ALLCAPS) && (tk[u0 + 1].lex & LX_UI))))
            return 2.0;
        if (i0 + 1 < n && CORE_IS(w, &tk[i0], "caption") && (tk[i0].f & TF_CAP) && (tk[i0 + 1].f & TF_CAP)) return 2.0;
        if (i0 + 2 < n && CORE_IS(w, &tk[i0], "hide") && CORE_IS(w, &tk[i0 + 1], "caption")) return 2.0;
        size_t ui = 0, strong = 0;
        for (size_t i = i0; i < n && i < i0 + 30; i++) {
            if (!(tk[i].lex & (LX_UI | LX_AD))) continue;
            ui++;
            /* "photos" and "video" are also article words */
            if (!CORE_IS(w, &tk[i], "photos") && !CORE_IS(w, &tk[i], "video") &&
                !CORE_IS(w, &tk[i], "videos") && !CORE_IS(w, &tk[i], "close"))
                strong++;
        }
        if (ui >= 3 && strong >= 2) return 1.8;
    }
    return 0;
}

/* A gallery widget: a label and a title that the widget repeats at once
 * ("Photos: T Photos: T caption caption ..."). */
static bool gallery_widget(const char *w, const ctok *tk, size_t n)
{
    size_t i0 = first_word(tk, n, 0);
    if (i0 >= n || !(tk[i0].f & TF_COLON)) return false;
    for (size_t m = 2; m <= 16 && i0 + 2 * m <= n; m++) {
        size_t x = 0;
        while (x < m && tk[i0 + x].ce - tk[i0 + x].cs == tk[i0 + m + x].ce - tk[i0 + m + x].cs &&
               memcmp(w + tk[i0 + x].cs, w + tk[i0 + m + x].cs, tk[i0 + x].ce - tk[i0 + x].cs) == 0)
            x++;
        if (x == m) return true;
    }
    return false;
}

/* AP's caption date: ", Thursday, Nov. 14, 2013," */
static bool ap_caption_date(const ctok *tk, size_t n)
{
    for (size_t i = 0; i + 3 < n; i++)
        if ((tk[i].lex & LX_WEEKDAY) && (tk[i].f & TF_COMMA) && (tk[i + 1].lex & LX_MONTH) &&
            (tk[i + 2].f & TF_DIGIT) && (tk[i + 3].f & TF_DIGIT))
            return true;
    return false;
}

static bool verbs_before(const ctok *tk, size_t q)
{
    for (size_t i = 0; i < q; i++)
        if (tk[i].f & TF_VERB) return true;
    return false;
}

/* A credit inside the line, after a sentence and before more text: the
 * caption block of a photo ends there ("Caption. | Jane Roe/Getty Images
 * Headline and standfirst", "Caption. (Photo: Jane Roe)More text").
 * Returns the byte (relative to the line) after the credit, or 0. */
static size_t mid_credit_end(const char *w, const ctok *tk, size_t n)
{
    for (size_t i = 1; i + 3 < n; i++) {
        if (!(tk[i - 1].f & TF_FINAL)) continue;
        size_t end = 0, last = i;
        if (tk[i].f & TF_OPENP) {
            bool cred = false;
            for (size_t r = i; r < n && r < i + 8; r++) {
                if ((tk[r].lex & LX_CREDITLABEL) || slash_credit(w, &tk[r]) || (tk[r].lex & LX_AGENCY)) cred = true;
                const char *cp = memchr(w + tk[r].s, ')', tk[r].e - tk[r].s);
                if (cp) {
                    bool slash_only = false;
                    for (size_t x = i; x <= r; x++)
                        if (slash_credit(w, &tk[x])) slash_only = true;
                    if (cred && ((tk[i].lex & (LX_CREDITLABEL | LX_AGENCY)) || (slash_only && r - i < 5)))
                        end = (size_t)(cp - w) + 1, last = r;
                    break;
                }
            }
        } else if (tk[i].f & TF_PIPE) {
            for (size_t r = i + 1; r < n && r < i + 7; r++) {
                if (tk[r].f & (TF_VERB | TF_LOWER)) break;
                if (slash_credit(w, &tk[r]) || ((tk[r].lex & LX_AGENCY) && (tk[r].f & TF_CAP))) {
                    last = r;
                    if (r + 1 < n && CORE_IS(w, &tk[r + 1], "images")) last = r + 1;
                    end = tk[last].e;
                    break;
                }
            }
        }
        if (end && last + 3 < n) return end;
    }
    return 0;
}

static void det_caption(const char *w, const ctok *tk, size_t n, const lfeat *f, bool en, judge *j)
{
    if (f->nword == 0) return;
    size_t mid = mid_credit_end(w, tk, n);
    if (mid) {
        /* The caption block is cut off; what follows is judged by
         * sentence (SENT_NOISY). */
        j->head = mid;
        return;
    }
    double sum = caption_start(w, tk, n, f->nword, en);
    if (sum >= 2.0 && gallery_widget(w, tk, n)) j->widget = true;
    /* Caption phrases (all need a credit-label word). */
    if (en && (f->lexall & LX_CREDITLABEL)) {
        for (size_t i = 0; i < n; i++) {
            const ctok *k = &tk[i];
            bool photo = CORE_IS(w, k, "photo") || CORE_IS(w, k, "image") || CORE_IS(w, k, "picture") ||
                         CORE_IS(w, k, "photograph");
            if (photo && i + 1 < n &&
                (CORE_IS(w, &tk[i + 1], "released") || CORE_IS(w, &tk[i + 1], "provided") ||
                 CORE_IS(w, &tk[i + 1], "taken") || CORE_IS(w, &tk[i + 1], "obtained") ||
                 CORE_IS(w, &tk[i + 1], "courtesy") || CORE_IS(w, &tk[i + 1], "shows") ||
                 CORE_IS(w, &tk[i + 1], "made")))
                sum = sum > 2.0 ? sum : 2.0;
            if (photo && i >= 1 && CORE_IS(w, &tk[i - 1], "file")) sum = sum > 2.0 ? sum : 2.0;
            if (CORE_IS(w, k, "in") && i + 2 < n && CORE_IS(w, &tk[i + 1], "this")) {
                for (size_t q = i + 2; q < n && q < i + 8; q++)
                    if (CORE_IS(w, &tk[q], "photo") || CORE_IS(w, &tk[q], "image") ||
                        CORE_IS(w, &tk[q], "picture") || CORE_IS(w, &tk[q], "photograph")) {
                        sum = sum > 2.0 ? sum : 2.0;
                        break;
                    }
            }
            if (CORE_IS(w, k, "pictured") || CORE_IS(w, k, "l-r")) sum = sum > 1.6 ? sum : 1.6;
            if (CORE_IS(w, k, "poses") && i + 2 < n && CORE_IS(w, &tk[i + 1], "for")) sum = sum > 1.6 ? sum : 1.6;
        }
    }
    /* A credit at the end: "(AP Photo/Jane Roe)", "(Associated Press)",
     * "... Name/Getty Images", "Photo: X". A bracketed agency name alone is
     * also how live blogs attribute an item ("... the statement said
     * (Reuters)"): it counts as a caption only after a date or a cut
     * ("..."), as in "... Gaza City July 31, 2014 (Reuters)". */
    double tail = 0;
    if (n >= 1 && (tk[n - 1].f & TF_CLOSEP)) {
        size_t q = n - 1;
        while (q > 0 && q + 8 > n && !(tk[q].f & TF_OPENP)) q--;
        if (tk[q].f & TF_OPENP) {
            bool label = false, agency = false;
            for (size_t r = q; r < n; r++) {
                if (slash_credit(w, &tk[r]) || (tk[r].lex & LX_CREDITLABEL)) label = true;
                if (tk[r].lex & LX_AGENCY) agency = true;
            }
            if ((label || agency) && q > 0) {
                const ctok *pv = &tk[q - 1];
                bool cut = (pv->f & TF_ELLIP) != 0;
                bool dated = (pv->f & TF_NUMERIC) && pv->ce - pv->cs == 4;
                if (label) tail = cut ? 2.0 : 1.6;
                else tail = (cut || dated) ? 1.8 : 0.8;
                /* After a sentence with a finite verb the credit is cut off
                 * and the sentence judged alone; a verb-less sentence
                 * before a credit is its caption. */
                if (label && (pv->f & TF_FINAL) && !cut && verbs_before(tk, q) && !ap_caption_date(tk, n)) {
                    j->tail = tk[q].s;
                    j->tail_why = R_CAPTION;
                    tail = 0;
                }
            } else if ((label || agency) && f->nword <= 8) {
                tail = 1.7;   /* "(Image: Getty)" alone */
            }
        }
    }
    if (!tail) {
        /* Unbracketed: the tokens after the last sentence end. */
        size_t q = n;
        while (q > 0 && !(tk[q - 1].f & TF_FINAL)) q--;
        size_t len = n - q;
        if (len >= 1 && len <= 7) {
            bool cred = false, verb = false;
            for (size_t r = q; r < n; r++) {
                if (slash_credit(w, &tk[r]) || (tk[r].lex & LX_AGENCY)) cred = true;
                if (r + 1 < n && CORE_IS(w, &tk[r], "getty") && CORE_IS(w, &tk[r + 1], "images")) cred = true;
                /* "... Photo by Jane Roe", "... Photo: Jane Roe" */
                if (r == q && (tk[r].lex & LX_CREDITLABEL) && (tk[r].f & TF_CAP) &&
                    ((tk[r].f & TF_COLON) || (r + 1 < n && CORE_IS(w, &tk[r + 1], "by"))))
                    cred = true;
                if (tk[r].f & TF_VERB) verb = true;
                if ((tk[r].f & TF_LOWER) && !CORE_IS(w, &tk[r], "via") && !CORE_IS(w, &tk[r], "for") &&
                    !CORE_IS(w, &tk[r], "and") && !CORE_IS(w, &tk[r], "of"))
                    verb = true;   /* a lower-case word: prose, not a credit */
            }
            if (cred && !verb) {
                if (q == 0) {
                    if (f->nword <= 10) tail = 1.7;   /* the line is only a credit */
                } else if (verbs_before(tk, q) && !ap_caption_date(tk, n)) {
                    j->tail = tk[q].s;
                    j->tail_why = R_CAPTION;
                } else {
                    tail = 1.6;
                }
            }
        }
    }
    /* A short line of credits only: "Getty Images", "Harlem Mepham/FilmMagic",
     * "@star via Instagram", "Getty (2)". */
    if (f->nword <= 12 && f->nverb == 0) {
        size_t cred = 0;
        bool lower = false;
        for (size_t r = 0; r < n; r++) {
            if ((tk[r].f & TF_LOWER) && !(tk[r].f & TF_AT) && !CORE_IS(w, &tk[r], "via") &&
                !CORE_IS(w, &tk[r], "for") && !CORE_IS(w, &tk[r], "and") && !CORE_IS(w, &tk[r], "of") &&
                !CORE_IS(w, &tk[r], "by") && !CORE_IS(w, &tk[r], "the") && !CORE_IS(w, &tk[r], "de"))
                lower = true;
            if (slash_credit(w, &tk[r]) || ((tk[r].lex & LX_AGENCY) && (tk[r].f & TF_CAP)) ||
                ((tk[r].lex & LX_CREDITLABEL) && (tk[r].f & TF_CAP) && !CORE_IS(w, &tk[r], "source")))
                cred++;
            if (CORE_IS(w, &tk[r], "via") && r + 1 < n && (tk[r + 1].lex & (LX_SOCIAL | LX_AGENCY))) cred++;
            /* "Jane Roe / AFP / Getty Images": a credit with spaced slashes. */
            if ((tk[r].f & TF_DASH) && tk[r].e - tk[r].s == 1 && w[tk[r].s] == '/' && r > 0 && r + 1 < n &&
                (tk[r - 1].f & TF_CAP) && (tk[r + 1].f & TF_CAP))
                cred++;
        }
        /* Up to 8 words: one credit cue; up to 12 (several credits on one
         * line, "Left: ... Right: ..."), two. */
        if (!lower && (f->nword <= 8 ? cred >= 1 && !f->final : cred >= 2))
            tail = tail > 1.7 ? tail : 1.7;
    }
    if (en && ap_caption_date(tk, n)) sum += 0.7;
    if (en && f->nword <= 45) {
        /* Captions are written in the present tense ("A woman waves the
         * flag during a protest"), news in the past: a caption verb among
         * the first words and no finite past or auxiliary makes a caption
         * that is kept but not chosen (weak evidence: alone it never
         * drops a line). */
        bool capverb = false, finite = false;
        for (size_t i = 0; i < n; i++) {
            if ((tk[i].lex & LX_CAPVERB) && i < 14 && !(tk[i].f & TF_CAP)) capverb = true;
            /* Only listed finite verbs: captions are full of participles
             * used as adjectives ("ousted", "injured"). */
            if (tk[i].lex & LX_VERB) finite = true;
        }
        if (capverb && !finite) sum += 0.5;
        /* Photo positions: "Jane Roe, left, and John Doe, right, ...". */
        size_t pos = 0;
        for (size_t i = 1; i < n; i++)
            if ((CORE_IS(w, &tk[i], "left") || CORE_IS(w, &tk[i], "right") || CORE_IS(w, &tk[i], "center") ||
                 CORE_IS(w, &tk[i], "centre")) &&
                (((tk[i].f & TF_COMMA) && (tk[i - 1].f & TF_COMMA)) || ((tk[i].f & TF_OPENP) && (tk[i].f & TF_CLOSEP))))
                pos++;
        if (pos) sum += pos >= 2 ? 1.5 : 1.0;
        /* A broadcast's video blurb: "... reports for the News at 5". */
        for (size_t i = 0; i + 2 < n; i++)
            if (CORE_IS(w, &tk[i], "news") && CORE_IS(w, &tk[i + 1], "at") && (tk[i + 2].f & TF_DIGIT)) {
                sum += 1.2;
                break;
            }
    }
    sum += tail;
    if (sum > 3.0) sum = 3.0;
    ev_max(j, C_CAPTION, sum);
}

static void det_cta(const char *w, const ctok *tk, size_t n, const lfeat *f, judge *j)
{
    if (f->nword == 0 || f->nword > 30 || f->quote) return;
    size_t i0 = first_word(tk, n, 0);
    double v = 0, noun_use = 0;
    bool imperative = false;
    if (i0 < n && (tk[i0].lex & LX_CTAVERB) && (tk[i0].f & TF_CAP)) {
        imperative = true;
        const ctok *k = &tk[i0];
        v = (CORE_IS(w, k, "click") || CORE_IS(w, k, "subscribe") || CORE_IS(w, k, "sign") ||
             CORE_IS(w, k, "tap") || CORE_IS(w, k, "download") || CORE_IS(w, k, "share") ||
             CORE_IS(w, k, "register") || CORE_IS(w, k, "log") || CORE_IS(w, k, "login") ||
             CORE_IS(w, k, "donate") || CORE_IS(w, k, "enable"))
                ? 1.0 : 0.6;
        /* An imperative goes on with a function word, an object of the
         * prompt or a handle ("Share this", "Sign up", "Follow @x");
         * "Share prices fell" uses the word as a noun. */
        if (i0 + 1 < n) {
            const ctok *nx = &tk[i0 + 1];
            if (!(nx->f & (TF_STOP | TF_AT | TF_URL | TF_COLON)) &&
                !(nx->lex & (LX_CTAOBJ | LX_CTAWEAK | LX_SOCIAL | LX_CTAVERB | LX_LINKLABEL)) &&
                !(k->f & TF_COLON) && !CORE_IS(w, nx, "up") && !CORE_IS(w, nx, "us"))
                noun_use = v - 0.3;
        }
        if (k->f & TF_COMMA) {
            noun_use = 0;
            v = 0;   /* "Click, a software company, ..." */
            imperative = false;
        }
    }
    size_t nobj = 0, nsoc = 0, nweak = 0, nyou = 0;
    bool has_link = false, you = false;
    bool cta_verb_seen = imperative;
    for (size_t i = 0; i < n; i++) {
        const ctok *k = &tk[i];
        if (i != i0 && (k->lex & LX_CTAVERB) && !(k->f & TF_CAP) &&
            (CORE_IS(w, k, "click") || CORE_IS(w, k, "subscribe") || CORE_IS(w, k, "follow") ||
             CORE_IS(w, k, "share") || CORE_IS(w, k, "sign")) &&
            !(i > 0 && (tk[i - 1].f & TF_STOP) && !CORE_IS(w, &tk[i - 1], "and") && !CORE_IS(w, &tk[i - 1], "or"))) {
            v += 0.6;
            cta_verb_seen = true;
        }
        if ((k->lex & LX_CTAOBJ) && nobj < 2) { v += 0.6; nobj++; }
        if ((k->lex & LX_SOCIAL) && nsoc < 2) { v += 0.4; nsoc++; }
        if (cta_verb_seen && (k->lex & LX_CTAWEAK) && nweak < 2) { v += 0.25; nweak++; }
        if (k->f & (TF_URL | TF_AT)) {
            has_link = true;
            /* A handle in brackets signs an embedded post: not a prompt. */
            bool sig = (k->f & TF_AT) && (k->f & TF_OPENP);
            if (sig) j->post = true;
            if (!sig) v += 0.7;
            bool email = (k->f & TF_AT) && memchr(w + k->cs, '.', k->ce - k->cs) && w[k->cs] != '@';
            if (email && f->nword <= 10) v += 0.5;   /* "tips@site.com" */
            if ((k->f & TF_URL) && (has_bytes(w + k->cs, k->ce - k->cs, "pic.twitter") ||
                                    has_bytes(w + k->cs, k->ce - k->cs, "t.co/")))
                j->post = true;
        }
        if (cta_verb_seen && i > 0 && CORE_IS(w, k, "us") && (tk[i - 1].lex & LX_CTAVERB)) v += 0.6;
        /* The reader addressed: "your inbox", "you can unsubscribe". */
        if (CORE_IS(w, k, "you") || CORE_IS(w, k, "your") || CORE_IS(w, k, "you're")) {
            you = true;
            nyou++;
        }
        if (i + 3 < n && CORE_IS(w, k, "opens") && CORE_IS(w, &tk[i + 1], "in")) v += 1.0;
        /* "Visit the institute for more on ...", "Go to X for more information" */
        if (imperative && i + 1 < n && CORE_IS(w, k, "for") && CORE_IS(w, &tk[i + 1], "more")) v += 0.6;
    }
    if (noun_use > 0 && nobj + nsoc == 0 && !has_link) v -= noun_use;
    if (you && v > 0) v += 0.4;
    if (nyou >= 2) v += 0.5;
    /* A question or exclamation put to the reader: "What do you think?" */
    size_t qe = strip_closers(w, 0, tk[n - 1].e);
    if (you && f->nword <= 15 && qe > 0 && (w[qe - 1] == '?' || w[qe - 1] == '!')) v += 0.8;
    /* Hashtags: a quoted social-media post. */
    size_t tags = 0;
    for (size_t i = 0; i < n; i++)
        if (w[tk[i].s] == '#' && tk[i].ce > tk[i].cs) tags++;
    if (tags >= 2) j->post = true;
    if (v > 2.5) v = 2.5;
    /* An embedded post (a quoted tweet) is article content, not a prompt:
     * kept, but marked noisy (it is no summary sentence). */
    if (j->post && v > 0.4) v = 0.4;
    ev_max(j, C_CTA, v);
}

static void det_ad_legal_nav(const char *w, const ctok *tk, size_t n, const lfeat *f, bool en, judge *j)
{
    if (f->nword == 0) return;
    size_t i0 = first_word(tk, n, 0);
    bool copy = false;
    uint32_t legal_seen = 0;
    size_t legal = 0;
    for (size_t i = 0; i < n; i++) {
        if (tk[i].f & TF_COPY) copy = true;
        if (tk[i].lex & LX_LEGAL) {
            /* distinct words: a line that says "trademark" twice is prose */
            uint32_t bit = 1u << (hash_bytes(w + tk[i].cs, tk[i].ce - tk[i].cs) & 31);
            if (!(legal_seen & bit)) legal++;
            legal_seen |= bit;
        }
    }
    if (copy) ev_max(j, C_LEGAL, f->nword <= 12 ? 1.7 : 1.2);
    if (en) {
        for (size_t i = 0; i + 1 < n; i++) {
            if (CORE_IS(w, &tk[i], "copyright") && ((tk[i + 1].f & TF_DIGIT) || (tk[i + 1].f & TF_COPY)))
                ev_max(j, C_LEGAL, 2.0);
            if (CORE_IS(w, &tk[i], "rights") && CORE_IS(w, &tk[i + 1], "reserved")) ev_max(j, C_LEGAL, 2.0);
        }
        if (legal >= 2) ev_max(j, C_LEGAL, 1.6);
        if (f->nword <= 6 && i0 < n && (tk[i0].lex & LX_AD) && (tk[i0].f & TF_CAP)) ev_max(j, C_AD, 2.0);
        if (f->nword <= 8) {
            for (size_t i = 0; i + 1 < n; i++)
                if ((CORE_IS(w, &tk[i], "continue") || CORE_IS(w, &tk[i], "continued") ||
                     CORE_IS(w, &tk[i], "continues")) &&
                    (CORE_IS(w, &tk[i + 1], "reading") || CORE_IS(w, &tk[i + 1], "below")))
                    ev_max(j, C_AD, 2.0);
        }
        /* Navigation: a short line of UI words only. */
        if (f->nword <= 8 && !f->final) {
            bool all = true, some = false;
            for (size_t i = 0; i < n && all; i++) {
                const ctok *k = &tk[i];
                if (k->f & TF_DASH) continue;
                if (k->lex & (LX_NAV | LX_SOCIAL | LX_AD)) some = true;
                else if (!(k->lex & (LX_CTAVERB | LX_CTAWEAK)) && !(k->f & (TF_STOP | TF_NUMERIC)))
                    all = false;
            }
            if (all && some) {
                size_t i0n = first_word(tk, n, 0);
                bool cta = i0n < n && (tk[i0n].lex & LX_CTAVERB) && f->nword >= 2;
                ev_max(j, cta ? C_CTA : C_NAV, 2.0);
            }
        }
    }
}

/* "Related: ...", "Read more: ...", "[Related: ...]", "(WATCH: ...)",
 * "More: ...". */
static bool link_label_prefix(const char *w, const ctok *tk, size_t n)
{
    size_t i0 = first_word(tk, n, 0);
    if (i0 >= n || !(tk[i0].lex & LX_LINKLABEL) || (!(tk[i0].f & TF_CAP) && !(tk[i0].f & TF_OPENP)))
        return false;
    for (size_t i = i0; i < n && i < i0 + 4; i++) {
        if (tk[i].f & TF_COLON) return i + 1 < n;
        if (i > i0 && (tk[i].f & (TF_FINAL | TF_COMMA))) return false;
    }
    (void)w;
    return false;
}

/* A label and a headline: "COURT DOCUMENTS: Jane Roe Wants More Money!",
 * "[Jane Roe says she could have won]" (a title-case title after a short
 * capitalised label, or a whole line in square brackets). */
static bool labelled_title(const char *w, size_t len, const ctok *tk, size_t n, const lfeat *f)
{
    if (n >= 3 && w[0] == '[' && strip_closers(w, 0, len) < len && w[len - 1] == ']' && f->nword <= 25) return true;
    size_t i0 = first_word(tk, n, 0), colon = n;
    for (size_t i = i0; i < n && i < i0 + 3; i++) {
        if (!(tk[i].f & TF_CAP)) return false;
        if (tk[i].f & TF_COLON) { colon = i; break; }
    }
    if (colon == n || colon + 2 >= n || f->nword > 20) return false;
    size_t e = strip_closers(w, 0, len);
    if (e > 0 && w[e - 1] == '.') return false;
    size_t words = 0, caps = 0;
    for (size_t i = colon + 1; i < n; i++) {
        if (tk[i].f & TF_DASH) continue;
        words++;
        if (tk[i].f & (TF_CAP | TF_DIGIT)) caps++;
    }
    return words >= 3 && caps * 10 >= words * 7;
}

/* A "Related Stories" / "Also Watch" / "Read more:" header: a short line
 * of link-label words. */
static bool link_header(const char *w, const ctok *tk, size_t n, const lfeat *f)
{
    if (f->nword == 0 || f->nword > 5 || f->final) return false;
    bool strong = false;
    for (size_t i = 0; i < n; i++) {
        const ctok *k = &tk[i];
        if (k->f & TF_DASH) continue;
        if (k->lex & LX_LINKLABEL) {
            if (!CORE_IS(w, k, "latest") && !CORE_IS(w, k, "news") && !CORE_IS(w, k, "top") &&
                !CORE_IS(w, k, "next") && !CORE_IS(w, k, "coverage"))
                strong = true;
            continue;
        }
        if (k->f & TF_STOP) continue;
        if ((k->lex & (LX_CTAVERB | LX_CTAWEAK)) && i > 0) continue;
        /* "More from <Outlet>", "More on this story", "Related content:" */
        if (i >= 2 && (CORE_IS(w, &tk[0], "more") || CORE_IS(w, &tk[0], "related")) &&
            (CORE_IS(w, &tk[1], "from") || CORE_IS(w, &tk[1], "on") || CORE_IS(w, &tk[1], "about") ||
             CORE_IS(w, &tk[1], "in") || CORE_IS(w, &tk[1], "at")))
            continue;
        if (f->colon && i >= 1 && (tk[0].lex & LX_LINKLABEL)) continue;
        return false;
    }
    return strong;
}

/* Title-like: a short line without final punctuation (headlines and link
 * texts; '?' and '!' are allowed). */
static bool title_like(const char *w, size_t len, const lfeat *f)
{
    if (f->nword < 2 || f->nword > 20 || f->truncated) return false;
    size_t e = strip_closers(w, 0, len);
    return !(e > 0 && w[e - 1] == '.') && !f->colon;
}

/* All detectors that look at the line alone. */
static void judge_line(const char *w, size_t len, const ctok *tk, size_t n, const lfeat *f, bool en, judge *j)
{
    memset(j, 0, sizeof *j);
    if (f->truncated || f->nword == 0) return;
    if (f->nword > MAX_JUDGED_WORDS) return;   /* see judge_long_line */
    if (en) {
        det_readtime(w, tk, n, f, j);
        det_byline(w, tk, n, f, j);
        det_cta(w, tk, n, f, j);
        if (link_label_prefix(w, tk, n)) ev_max(j, C_LINKS, 1.8);
        else if (labelled_title(w, len, tk, n, f)) ev_max(j, C_LINKS, 1.5);
    }
    det_time(w, tk, n, f, j);
    det_caption(w, tk, n, f, en, j);
    det_ad_legal_nav(w, tk, n, f, en, j);
}

/* Combine: the strongest category, a bonus for further ones, minus prose.
 * Returns the score; *cat receives the deciding category (or -1). */
static double judge_score(const judge *j, const lfeat *f, double bonus, int *cat)
{
    int best = -1;
    double e = 0;
    for (int c = 0; c < C_COUNT; c++)
        if (j->ev[c] > e) { e = j->ev[c]; best = c; }
    *cat = best;
    if (best < 0) return -f->prose;
    double more = 0;
    for (int c = 0; c < C_COUNT; c++)
        if (c != best && j->ev[c] >= 1.0) more += 0.25;
    return e + more + bonus - f->prose;
}

/* ======================================================================
 * Datelines: "WASHINGTON (AP) - ", "CAIRO—", "LOS ANGELES --", "NEW YORK _ ",
 * "CASSELBERRY, Fla. -", "Los angeles ( ap ) —" (re-cased text),
 * "Meadow Lake, Saskatchewan – " (a place and its region, en or em dash),
 * and a dash alone where the page had its dateline ("— A dispatcher ...").
 * Returns the length of the prefix to cut (0: none); *alone is set when
 * nothing follows it on the line.
 * ====================================================================== */
static size_t dash_at(const char *t, size_t i, size_t e)
{
    if (i >= e) return 0;
    if (t[i] == '-') return (i + 1 < e && t[i + 1] == '-') ? 2 : 1;
    if (t[i] == '|' || t[i] == '_') return 1;
    if (at_seq(t, i, e, "\xE2\x80\x94", 3) || at_seq(t, i, e, "\xE2\x80\x93", 3)) return 3;   /* — – */
    return 0;
}

/* ======================================================================
 * Page furniture glued to the head of a paragraph, as in the Multi-News
 * sources (one line per document): "Advertisement Continue reading the
 * main story", "Story highlights", "Media playback is unsupported on your
 * device Media caption", "Image copyright AFP Image caption", "Photo"
 * before one of these or a quotation.
 * ====================================================================== */

/* Does t[i, e) start with `lw` (lower case), ASCII letters in any case?
 * The index after it, or 0. */
static size_t at_ci(const char *t, size_t i, size_t e, const char *lw)
{
    size_t n = i < e ? ascii_starts_ci(t + i, e - i, lw) : 0;
    return n ? i + n : 0;
}

/* The word `lw` (lower case) at t[i], case-insensitively, then blanks:
 * the index after them, or 0. */
static size_t word_at(const char *t, size_t i, size_t e, const char *lw)
{
    size_t j = at_ci(t, i, e, lw);
    if (!j || (j < e && !space_len(t, j, e))) return 0;
    return skip_blanks(t, j, e);
}

/* One of the n words of `list` (lower case) at t[i]: the index after it
 * and its blanks (as word_at), or 0. */
static size_t word_in(const char *t, size_t i, size_t e, const char *const *list, size_t n)
{
    size_t j;
    for (size_t k = 0; k < n; k++)
        if ((j = word_at(t, i, e, list[k]))) return j;
    return 0;
}
#define WORD_IN(t, i, e, list) word_in((t), (i), (e), (list), sizeof(list) / sizeof *(list))

/* The words of `ws` (space-separated, lower case) in turn: the index
 * after them, or 0. */
static size_t words_at(const char *t, size_t i, size_t e, const char *ws)
{
    char w[24];
    while (*ws) {
        size_t n = strcspn(ws, " ");
        if (n >= sizeof w) return 0;
        memcpy(w, ws, n);
        w[n] = '\0';
        if (!(i = word_at(t, i, e, w))) return 0;
        ws += n;
        while (*ws == ' ') ws++;
    }
    return i;
}

/* A video's length, "2:23" or re-tokenized "2: 23", then a blank: the
 * index after the blanks, or 0. */
static size_t duration_at(const char *t, size_t i, size_t e)
{
    size_t j = i;
    while (j < e && j - i < 2 && is_digit((unsigned char)t[j])) j++;
    if (j == i || j >= e || t[j] != ':') return 0;
    j++;
    if (j < e && t[j] == ' ') j++;
    if (j + 2 > e || !is_digit((unsigned char)t[j]) || !is_digit((unsigned char)t[j + 1])) return 0;
    j += 2;
    if (j < e && !space_len(t, j, e)) return 0;
    j = skip_blanks(t, j, e);
    return j;
}

/* A clock time as the AP's live pages stamp their entries: "9: 25 a.m.",
 * "12:10 p.m.", "5 p.m.", then a blank or the end; the index after it. */
static size_t clock_at(const char *t, size_t i, size_t e)
{
    size_t j = duration_at(t, i, e), k;   /* "9: 25 " */
    if (!j) {                              /* "5 " */
        j = i;
        while (j < e && j - i < 2 && is_digit((unsigned char)t[j])) j++;
        if (j == i || j >= e || t[j] != ' ') return 0;
        j = skip_blanks(t, j, e);
    }
    if ((k = word_at(t, j, e, "a.m.")) || (k = word_at(t, j, e, "p.m."))) return k;
    return 0;
}

/* The AP's live page: its head "the latest on <subject> ( all times
 * local ): 9: 25 a.m." (the subject up to 40 words) or an entry's stamp
 * "___ 5 p.m."; the index after it, or 0. */
static size_t live_stamp_at(const char *t, size_t i, size_t e)
{
    size_t j = i, k;
    if ((k = words_at(t, i, e, "the latest on"))) {
        for (int w = 0; w < 40 && k < e; w++) {
            if ((j = words_at(t, k, e, "( all times local ):")) || (j = words_at(t, k, e, "(all times local):")))
                break;
            k = skip_word(t, k, e);
        }
        if (!j || j == i) return 0;
    }
    size_t u = j;
    while (u < e && t[u] == '_') u++;
    if (u - j == 1 || (j == i && u - j < 2)) return 0;   /* "___" or "__", or the head alone */
    u = skip_blanks(t, u, e);
    k = clock_at(t, u, e);
    return k ? k : (j > i ? j : 0);
}

/* NPR's photo furniture: "enlarge this image toggle caption Jane
 * Roe/Getty Images Jane Roe/Getty Images " (the credit said twice), or
 * "i itoggle caption ...": the index after it, or 0 (also without the
 * credit said twice). */
static size_t toggle_caption_at(const char *t, size_t i, size_t e)
{
    size_t j = i, k;
    if ((k = words_at(t, j, e, "enlarge this image"))) j = k;
    if ((k = word_at(t, j, e, "i")) && word_at(t, k, e, "itoggle")) j = k;
    if (!(k = words_at(t, j, e, "toggle caption")) && !(k = words_at(t, j, e, "itoggle caption"))) return 0;
    j = k;
    /* The credit, said twice: its first 1-10 words equal the next ones. */
    size_t a_end = j;
    for (int n = 1; n <= 10 && a_end < e; n++) {
        a_end = skip_blanks(t, a_end, e);
        while (a_end < e && !space_len(t, a_end, e)) a_end++;
        size_t b = a_end, len = a_end - j;
        b = skip_blanks(t, b, e);
        if (b > a_end && b + len <= e && memcmp(t + j, t + b, len) == 0 &&
            (b + len == e || space_len(t, b + len, e))) {
            j = b + len;
            j = skip_blanks(t, j, e);
            return j;
        }
    }
    return 0;   /* "toggle caption" alone may be an article's words */
}

/* NBC's video furniture: "[Play] Facebook Twitter [Google Plus] Embed
 * <the video's title> 1:38 ": the index after it, or 0 (no length found
 * within 25 words: where the title ends is not known). */
static size_t video_embed_at(const char *t, size_t i, size_t e)
{
    size_t j = words_at(t, i, e, "play facebook twitter"), k;
    if (!j && !(j = words_at(t, i, e, "facebook twitter"))) return 0;
    if ((k = words_at(t, j, e, "google plus"))) j = k;
    if (!(j = word_at(t, j, e, "embed"))) return 0;
    for (int w = 0; w < 25 && j < e; w++) {
        if ((k = duration_at(t, j, e))) return k;
        j = skip_word(t, j, e);
    }
    return 0;
}

/* A word of a person's name at t[i], in any case: letters, dots,
 * hyphens and apostrophes, starting with a letter, and none of the little
 * words that begin phrases ("by the port", "an Ipsos/Reuters poll"). The
 * index after it, or i if there is none. */
static size_t name_word(const char *t, size_t i, size_t e)
{
    static const char *const not_names[] = {"a", "an", "and", "by", "for", "in", "new", "of", "on", "the", "to"};
    size_t j = i;
    while (j < e && (is_upper_ascii((unsigned char)t[j]) || is_lower_ascii((unsigned char)t[j]) || t[j] == '.' ||
                     t[j] == '-' || t[j] == '\''))
        j++;
    if (j == i || !(is_upper_ascii((unsigned char)t[i]) || is_lower_ascii((unsigned char)t[i]))) return i;
    for (size_t k = 0; k < sizeof not_names / sizeof *not_names; k++)
        if (j - i == strlen(not_names[k]) && word_at(t, i, j, not_names[k])) return i;
    return j;
}

/* A person's name at t[i], in any case: two words, or three with an
 * initial between ("Carol E. Lee"), of letters, dots, hyphens and
 * apostrophes. The index after it (before its blanks), or 0. */
static size_t name_at(const char *t, size_t i, size_t e)
{
    size_t j = i, ends[3], nw = 0;
    while (nw < 3 && j < e) {
        size_t b = j;
        if ((j = name_word(t, b, e)) == b) break;
        ends[nw++] = j;
        if (nw == 2 && !(j - b == 2 && t[j - 1] == '.')) break;   /* no initial: two words */
        if (j >= e || t[j] != ' ') break;
        j++;
    }
    if (nw < 2) return 0;
    return nw == 3 ? ends[2] : ends[1];
}

/* NBC's time stamp and byline glued to the text: "/ updated [June 9,
 * 2016, 12:03 am GMT] [/ source: Reuters] [by Jane Roe, Ola Berg and
 * Kari Dahl] ": the index after it, or 0. */
static size_t nbc_updated_at(const char *t, size_t i, size_t e)
{
    size_t j = words_at(t, i, e, "/ updated"), k;
    if (!j) return 0;
    for (size_t w = 0, m = j; w < 8 && m < e; w++) {   /* a date and time ending in GMT */
        if ((k = word_at(t, m, e, "gmt"))) {
            j = k;
            break;
        }
        m = skip_word(t, m, e);
    }
    if ((k = words_at(t, j, e, "/ source:"))) j = skip_word(t, k, e);
    if (!(k = word_at(t, j, e, "by"))) return j;
    size_t after = j;   /* the end of the last name read */
    for (int n = 0; n < 6; n++) {
        size_t ne = name_at(t, k, e);
        if (!ne) break;
        after = ne;
        after = skip_blanks(t, after, e);
        if (ne < e && t[ne] == ',') {   /* "Jane Roe, Ola Berg and Kari Dahl" */
            k = ne + 1;
            while (k < e && t[k] == ' ') k++;
            size_t a = word_at(t, k, e, "and");
            if (a) k = a;
        } else if ((k = word_at(t, after, e, "and")) == 0) {
            break;
        }
    }
    return after;
}

/* A word at t[i] that begins a clause and cannot be the second half of
 * a compound ("Advertisement the probe ..." in re-cased text: the page's
 * word; "Advertisement revenue ...": the article's). */
static bool function_word_at(const char *t, size_t i, size_t e)
{
    static const char *const fw[] = {"a", "according", "after", "an", "and", "as", "at", "but", "for", "he", "her",
                                     "his", "i", "if", "in", "it", "it's", "its", "on", "she", "the", "their", "there",
                                     "these", "they", "this", "those", "we", "when", "while", "with"};
    return WORD_IN(t, i, e, fw) != 0;
}

/* A date in words at t[i] ("June 4, 2029", "jul 18, 2017", "Sept. 3,
 * 2029"): the index after it and its blanks, or 0. */
static size_t date_at(const char *t, size_t i, size_t e)
{
    char w[12];
    size_t n = 0, j = i;
    while (j < e && n + 1 < sizeof w && (is_upper_ascii((unsigned char)t[j]) || is_lower_ascii((unsigned char)t[j]))) {
        unsigned char c = (unsigned char)t[j++];
        w[n++] = (char)(is_upper_ascii(c) ? c + 32 : c);
    }
    w[n] = '\0';
    if (n == 0 || !(lex_find(w) & LX_MONTH)) return 0;
    if (j < e && t[j] == '.') j++;
    if (j >= e || t[j] != ' ') return 0;
    j = skip_blanks(t, j, e);
    size_t d = j;
    while (j < e && j - d < 3 && is_digit((unsigned char)t[j])) j++;
    if (j == d || j - d > 2 || j >= e || t[j] != ',') return 0;
    j = skip_blanks(t, j + 1, e);
    size_t y = j;
    while (j < e && is_digit((unsigned char)t[j])) j++;
    if (j - y != 4 || (j < e && t[j] != ' ')) return 0;
    return skip_blanks(t, j, e);
}

/* An image's credit as the BBC gives it after "Image copyright": an
 * agency ("AFP", "Getty Images", "Science Photo Library"), also after a
 * photographer's name of up to four words and '/' ("Jane Roe/AFP/Getty"):
 * the index after it and its blanks, or 0. */
static size_t image_credit_at(const char *t, size_t i, size_t e)
{
    static const char *const ic[] = {
        "getty images", "science photo library", "press association", "abc news", "rex features", "afp",
        "alamy", "ap", "bbc", "epa", "getty", "istock", "nasa", "pa", "reuters", "shutterstock", "spl",
        "thinkstock"};
    size_t a = i;
    for (int w = 0; w < 4 && a < e;) {
        if (a == i || t[a - 1] == '/') {
            for (size_t k = 0; k < sizeof ic / sizeof *ic; k++) {
                size_t j = at_ci(t, a, e, ic[k]);
                if (!j || (j < e && t[j] != ' ' && t[j] != '/')) continue;
                while (j < e && t[j] != ' ') j++;   /* "AFP/Getty" */
                j = skip_blanks(t, j, e);
                return j < e ? j : 0;
            }
        }
        /* On to the text after this word's next '/', or the next word. */
        while (a < e && t[a] != ' ' && t[a] != '/') a++;
        if (a < e && t[a] == '/') {
            a++;
            continue;
        }
        a = skip_blanks(t, a, e);
        w++;
    }
    return 0;
}

/* Is the word at t[i] one that makes a bare "Advertisement" before it a
 * word of the sentence ("Advertisement revenue fell", "Advertisement was
 * ...")? Any other word after it is the page's ad slot. */
static bool ad_phrase_at(const char *t, size_t i, size_t e)
{
    static const char *const aw[] = {
        "agencies", "agency", "appeared", "appears", "blocker", "blockers", "budget", "budgets", "campaign",
        "campaigns", "can", "could", "dollars", "executive", "executives", "had", "has", "income", "industry",
        "is", "market", "markets", "may", "money", "of", "rate", "rates", "revenue", "revenues", "said", "sales",
        "says", "showed", "shows", "space", "spending", "that", "was", "were", "which", "will", "would"};
    return WORD_IN(t, i, e, aw) != 0;
}

/* Is the word at t[i] one that makes "Close" before it a word of the
 * sentence ("Close to 50 people", "Close friends of ...")? Else a
 * "Close" that opens a page is USA Today's video player's button. */
static bool close_phrase_at(const char *t, size_t i, size_t e)
{
    static const char *const cw[] = {
        "aide", "aides", "allies", "ally", "associate", "associates", "attention", "behind", "by", "call",
        "calls", "confidant", "confidante", "confidants", "contact", "contacts", "encounter", "encounters",
        "enough", "examination", "family", "friend", "friends", "inspection", "look", "observers", "race",
        "range", "relationship", "relationships", "relative", "relatives", "second", "ties", "to", "up", "vote"};
    return WORD_IN(t, i, e, cw) != 0;
}

/* A re-cased dateline right after a photo's credit ("( photo: jane roe )
 * spokane, wash. — city ..."), or after a video player's notice: a place
 * of up to three words, and up to two more for its region after a comma,
 * then an en or em dash or "--" and a blank;
 * its length, or 0. A clause's words ("the", "is") are no place's. */
static size_t dash_dateline(const char *t, size_t s, size_t e)
{
    static const char *const clause[] = {"a", "an", "and", "are", "as", "at", "by", "for", "he", "i",
                                         "in", "is", "it", "of", "on", "she", "that", "the", "they",
                                         "this", "to", "was", "we", "with"};
    size_t i = s, words = 0, after_comma = 0;
    bool comma = false;
    while (i < e) {
        size_t d = at_seq(t, i, e, "\xE2\x80\x94", 3) || at_seq(t, i, e, "\xE2\x80\x93", 3) ? 3
                   : at_seq(t, i, e, "--", 2)                                                   ? 2
                                                                                                : 0;
        if (d) {
            if (words == 0 || i + d >= e || t[i + d] != ' ') return 0;
            size_t j = skip_blanks(t, i + d, e);
            return j < e ? j - s : 0;
        }
        size_t b = i;
        while (i < e && (is_lower_ascii((unsigned char)t[i]) || is_upper_ascii((unsigned char)t[i]) || t[i] == '.' ||
                         t[i] == '\'' || t[i] == '-'))
            i++;
        if (i == b) return 0;
        if (comma) after_comma++;
        if (++words - after_comma > 3 || after_comma > 2) return 0;
        if (i < e && t[i] == ',') {
            if (comma) return 0;
            comma = true;
            i++;
        }
        if (i >= e || t[i] != ' ' || WORD_IN(t, b, i, clause)) return 0;
        i = skip_blanks(t, i, e);
    }
    return 0;
}

/* A dateline at the head of the lead in re-cased text ("Washington — the
 * treasury department ...", "Ann arbor, mich. -- all transplant patients
 * ..."): dash_dateline()'s place, capitalised, with
 * no adverb ("Mix slowly — you ...") and no second spaced dash before the
 * sentence ends (the pair of an aside: "Arthropods — a huge group ... —
 * have been ...", "John oliver — money's champion ... — has"); its
 * length, or 0. */
static size_t lead_dateline(const char *t, size_t s, size_t e)
{
    static const char *const not_place[] = {"but", "here", "it's", "meet", "no", "yes"};
    if (s >= e || !is_upper_ascii((unsigned char)t[s])) return 0;
    size_t d = dash_dateline(t, s, e);
    /* Re-cased text goes on in lower case; capitals after the dash are
     * dateline_core()'s ("LONDON — The", "Meadow Lake, Saskatchewan –
     * The") or no dateline ("Petra Sand — Getty Images"). */
    if (!d || s + d >= e || !(is_lower_ascii((unsigned char)t[s + d]) || is_digit((unsigned char)t[s + d])))
        return 0;
    for (size_t i = s; i < s + d; i = skip_word(t, i, e)) {
        size_t we = i;
        while (we < e && t[we] != ' ' && t[we] != ',') we++;
        if (WORD_IN(t, i, e, not_place) || (we - i > 2 && t[we - 2] == 'l' && t[we - 1] == 'y')) return 0;
    }
    /* The sentence after it: a few words ("Mamet -- yes."), a question
     * to someone ("Brad -- why did you ...?") or an aside's second dash
     * within 250 bytes make the words before the dash no place. */
    size_t lim = e - (s + d) > 250 ? s + d + 250 : e, words = 0;
    bool ended = false;
    for (size_t i = s + d; i < lim; i++) {
        if (t[i] == ' ') words++;
        if (!ended && t[i] == '?') return 0;
        if (!ended && t[i] == '.' && (i + 1 >= e || t[i + 1] == ' ')) {
            if (words < 4) return 0;
            ended = true;
        }
        size_t k = t[i - 1] == ' ' ? dash_at(t, i, e) : 0;
        if (k && t[i] != '|' && t[i] != '_' && i + k < e && t[i + k] == ' ') return 0;
    }
    return d;
}

/* What furniture says of the text before it (furniture_prefix): nothing
 * (it follows a sentence's end), that it marks its own start (NPR's and
 * NBC's widgets), that it follows a time ("... 7:32 pm GMT / updated"),
 * that the text before it back to the last sentence's end is a link's
 * headline (the Guardian's "<headline> Read more <article>"); or, at a
 * page's head, that a video's description and a photo's caption follow
 * it (USA Today's "Close <video description> ... (Photo: X) <article>");
 * or that a caption runs on into the next sentence (the BBC's "Media
 * caption <caption> <article>"); or that CNN's highlights follow it, up
 * to its "(CNN)" ("Story highlights"). */
enum { FUR_PLAIN, FUR_BOUNDED, FUR_AFTER_TIME, FUR_HEADLINE, FUR_VIDEO, FUR_CAPTION_NEXT, FUR_HIGHLIGHTS };

/* Length of the furniture at t[s, e) (0: none); *why receives the
 * reason of its first part, *kind what it says of the text before it. `first`: the document's first kept line,
 * where a bare "Advertisement" is the page's and not an article's word.
 * `mid`: after a sentence inside a paragraph, where "Story highlights" and
 * "Photo" before a quotation may be an article's words. */
static size_t furniture_prefix(const char *t, size_t s, size_t e, bool first, bool mid, const char **why, int *kind)
{
    size_t i = s, j;
    bool whole = false, caption_next = false;
    *why = NULL;
    *kind = FUR_PLAIN;
    for (int round = 0; round < 4 && i < e; round++) {
        const char *r = NULL;
        if ((j = words_at(t, i, e, "advertisement continue reading the main story")) ||
            (j = words_at(t, i, e, "story continues below advertisement")) ||
            (j = words_at(t, i, e, "story continued below")) ||
            (j = words_at(t, i, e, "advertisement - continue reading below")) ||
            (j = words_at(t, i, e, "advertisement continue reading below"))) {
            r = R_AD;
        } else if (((j = word_at(t, i, e, "advertisement")) || (j = word_at(t, i, e, "advertisement:"))) && j < e &&
                   (first || t[j] == '"' || !ad_phrase_at(t, j, e))) {
            r = R_AD;
        } else if ((j = word_at(t, i, e, "advertisementskip"))) {
            r = R_AD;   /* glued to its "Skip" button */
        } else if (round == 0 && first && (j = word_at(t, i, e, "close")) && j < e && !close_phrase_at(t, j, e)) {
            size_t k = words_at(t, j, e, "skip in skip x embed x share");
            if (k) j = k;
            r = R_NAV;
            *kind = FUR_VIDEO;
        } else if ((j = words_at(t, i, e, "read more")) && j < e && t[j] != ':' && !word_at(t, j, e, "about") &&
                   !word_at(t, j, e, "here") &&
                   (!word_at(t, j, e, "at") || words_at(t, j, e, "at least") || words_at(t, j, e, "at the"))) {
            r = R_LINKS;
            if (round == 0) *kind = FUR_HEADLINE;
        } else if (!mid && (j = words_at(t, i, e, "story highlights"))) {
            r = R_NAV;
            if (round == 0) *kind = FUR_HIGHLIGHTS;
        } else if ((j = words_at(t, i, e, "media playback is unsupported on your device"))) {
            size_t k = words_at(t, j, e, "media caption");
            if (k) j = k;
            r = R_NAV;
            if (k) caption_next = true;
        } else if ((j = words_at(t, i, e, "media caption"))) {
            r = R_CAPTION;
            caption_next = true;
        } else if ((j = words_at(t, i, e, "image copyright"))) {
            /* the credit, then "Image caption" within a few words */
            size_t k = j, found = 0;
            for (int w = 0; w < 10 && k < e && !(found = words_at(t, k, e, "image caption")); w++) {
                k = skip_word(t, k, e);
            }
            if (found) j = found;
            else if (!(j = image_credit_at(t, j, e))) break;   /* "Image copyright AFP <the article>" */
            r = R_CAPTION;
            if (round == 0) *kind = FUR_BOUNDED;   /* after another image's caption */
        } else if ((j = toggle_caption_at(t, i, e))) {
            r = R_CAPTION;
            if (round == 0) *kind = FUR_BOUNDED;
        } else if ((j = video_embed_at(t, i, e))) {
            r = R_NAV;
            if (round == 0) *kind = FUR_BOUNDED;
        } else if ((j = nbc_updated_at(t, i, e))) {
            r = R_TIME;
            if (round == 0) *kind = FUR_AFTER_TIME;
        } else if ((j = live_stamp_at(t, i, e))) {
            r = R_TIME;   /* the AP's live page ("the latest on ... ( all times local ): 9: 25 a.m.") */
        } else if ((j = words_at(t, i, e, "please enable javascript to watch this video"))) {
            j += dash_dateline(t, j, e);   /* and the article's dateline: "vernal, utah -- " */
            r = R_NAV;
        } else if ((j = words_at(t, i, e, "published on")) && (j = date_at(t, j, e))) {
            r = R_TIME;   /* a video's upload date ("Published on Jul 18, 2017") */
        } else if ((j = words_at(t, i, e, "get email notifications on"))) {
            /* USA Today's widget, to its last words */
            static const char last[] = "matching items.";
            size_t k = j, lim = e - j > 600 ? j + 600 : e;
            while (k + sizeof last - 1 <= lim && memcmp(t + k, last, sizeof last - 1) != 0) k++;
            if (k + sizeof last - 1 > lim) break;
            j = skip_blanks(t, k + sizeof last - 1, e);
            r = R_CTA;
            whole = true;
        } else if ((j = words_at(t, i, e, "buy photo"))) {
            r = R_CAPTION;   /* USA Today's button after a photo's credit */
            if (round == 0) *kind = FUR_BOUNDED;
        } else if ((j = word_at(t, i, e, "photo")) && j < e &&
                   (word_at(t, j, e, "advertisement") || (!mid && t[j] == '"') || function_word_at(t, j, e))) {
            r = R_CAPTION;
        } else {
            break;
        }
        if (!*why) *why = r;
        i = j;
    }
    if (caption_next && *kind == FUR_PLAIN) *kind = FUR_CAPTION_NEXT;
    /* Nothing after it: the line's own judges decide, but of a widget
     * that says it all (USA Today's notifications). */
    return i >= e && !whole ? 0 : i - s;
}

/* The next start in [from, lim) of the words `ws` (lower case, at a
 * word's start) in t[from, e), found by their byte ws[k], which must be
 * a lower-case letter; lim if none. `opening`: only where a sentence
 * may open (after ". ", "? ", "! ", a quotation mark and a blank). */
static size_t phrase_next(const char *t, size_t from, size_t lim, size_t e, const char *ws, size_t k, bool opening)
{
    size_t stop = lim + k < e ? lim + k : e;   /* the anchor of a start before lim */
    if (from + k >= stop) return lim;
    for (const char *c = t + from + k; c < t + stop && (c = memchr(c, ws[k], (size_t)(t + stop - c))) != NULL; c++) {
        size_t i = (size_t)(c - t) - k;
        if ((t[i] | 0x20) != ws[0]) continue;   /* most anchors are in other words */
        if (i > from && t[i - 1] != ' ' && t[i - 1] != '\'') continue;
        if (opening && i > from + 1) {
            char b = t[i - 2];
            if (b != '.' && b != '?' && b != '!' && b != '"') continue;
        }
        if (words_at(t, i, e, ws)) return i;
    }
    return lim;
}

/* The words furniture_next() finds with phrase_next(), with their
 * anchors and whether they only open a sentence. */
static const struct {
    const char *ws;
    size_t k;   /* the anchor's place in ws: a letter other than the first */
    bool opening;
} FUR_PHRASES[] = {
    {"buy photo", 1, false},   {"story continued below", 4, true}, {"photo", 1, true},
    {"read more", 5, false},   {"published on", 1, true},           {"media caption", 8, false},
    {"the latest on", 4, false},
};
#define N_FUR_PHRASES (sizeof FUR_PHRASES / sizeof FUR_PHRASES[0])

/* The next place at or after `from` where furniture can start inside a
 * paragraph ("Advertisement", "Photo Advertisement", "Media playback",
 * "Image copyright", FUR_PHRASES), found by rarer letters of these
 * words; e if none. seen[N_FUR_PHRASES] keeps, from call to call on one
 * paragraph, where each phrase was found (SIZE_MAX before the first). */
static size_t furniture_next(const char *t, size_t from, size_t e, size_t *seen)
{
    size_t best = e;
    for (const char *v = t + from; (v = memchr(v, 'v', (size_t)(t + e - v))) != NULL; v++) {
        size_t i = (size_t)(v - t);
        if (i >= from + 2 && (i == from + 2 || t[i - 3] == ' ') &&
            (word_at(t, i - 2, e, "advertisement") || word_at(t, i - 2, e, "advertisement:") ||
             word_at(t, i - 2, e, "advertisementskip"))) {
            best = i - 2;
            if (best >= from + 6 && word_at(t, best - 6, e, "photo") == best) best -= 6;
            if (best >= from + 22 && words_at(t, best - 22, e, "story continues below") == best) best -= 22;
            break;
        }
    }
    for (const char *y = t + from; (y = memchr(y, 'y', (size_t)(t + e - y))) != NULL; y++) {
        size_t i = (size_t)(y - t);
        if (i >= best) break;
        if (i >= from + 3 && (t[i - 3] | 0x20) == 'p' && (i == from + 3 || t[i - 4] == ' ') &&
            words_at(t, i - 3, e, "play facebook")) {
            best = i - 3;
            break;
        }
        if (i < from + 9) continue;
        char c0 = (char)(t[i - 9] | 0x20);   /* most 'y's are in other words: test the first letter first */
        if ((c0 == 'm' && words_at(t, i - 9, e, "media playback")) ||
            (c0 == 'i' && words_at(t, i - 9, e, "image copyright"))) {
            best = i - 9;
            break;
        }
    }
    /* NYT's "Photo", the Guardian's "Read more", USA Today's "Buy photo",
     * Politico's "Story Continued Below", YouTube's "Published on" and the
     * head of the AP's live page ("The latest on ... (all times local):"),
     * found by a letter other than their first (re-cased text capitalizes
     * it). seen[] keeps where each was found last (to e: a find at or
     * after `from` still holds), so that a paragraph is read once for it. */
    for (size_t f = 0; f < N_FUR_PHRASES; f++) {
        if (seen[f] == SIZE_MAX || seen[f] < from)
            seen[f] = phrase_next(t, from, e, e, FUR_PHRASES[f].ws, FUR_PHRASES[f].k, FUR_PHRASES[f].opening);
        if (seen[f] < best) best = seen[f];
    }
    /* An entry's stamp on the AP's live page ("___ 12: 30 p.m."), found
     * by its '_'. */
    for (const char *u = t + from; (u = memchr(u, '_', (size_t)(t + best - u))) != NULL; u++) {
        size_t i = (size_t)(u - t);
        if ((i == from || t[i - 1] == ' ') && live_stamp_at(t, i, e)) {
            best = i;
            break;
        }
        while (u + 1 < t + best && u[1] == '_') u++;
    }
    /* NBC's "/ updated", found by its '/'. */
    for (const char *sl = t + from; (sl = memchr(sl, '/', (size_t)(t + best - sl))) != NULL; sl++) {
        size_t i = (size_t)(sl - t);
        if ((i == from || t[i - 1] == ' ') && words_at(t, i, e, "/ updated")) {
            best = i;
            break;
        }
    }
    /* "toggle caption", found by its "gg", and what may precede it. */
    for (const char *g = t + from; (g = memchr(g, 'g', (size_t)(t + e - g))) != NULL; g++) {
        size_t i = (size_t)(g - t);
        if (i >= best) break;
        if (i < from + 2) continue;
        if (i + 12 > e || memcmp(t + i, "ggle caption", 12) != 0 || (t[i - 1] | 0x20) != 'o') continue;
        size_t k = i - 2;   /* the 't' of "toggle" */
        if (k > from && t[k - 1] == 'i') k--;
        if (k >= from + 2 && t[k - 1] == ' ' && t[k - 2] == 'i' && (k == from + 2 || t[k - 3] == ' ')) k -= 2;
        if (k >= from + 19 && words_at(t, k - 19, e, "enlarge this image") == k) k -= 19;
        if (k < best && toggle_caption_at(t, k, e)) best = k;
        break;
    }
    return best;
}

/* ======================================================================
 * Credits in brackets inside the text: a photo's ("(Associated Press)",
 * "(AP Photo/Jane Roe)", "(Photo: Jane Roe, AP)", "(Credit: CBS)",
 * "(Jane Roe/The Washington Post)", "(Fox via AP)") follows its caption,
 * which is not the article's text; a news agency's alone ("(CNN) ",
 * "( reuters ) - ") opens the article. The Multi-News sources hold them
 * glued between a page's captions and its article.
 * ====================================================================== */
enum { CREDIT_NONE, CREDIT_PHOTO, CREDIT_AGENCY, CREDIT_POST };
#define CREDIT_MAX_BYTES 96
#define CREDIT_MAX_WORDS 12
/* A caption at the head of a paragraph, before a photo credit, is cut if
 * it has at most this many words (a longer text may hold the article's)
 * and is one sentence or cut short by "..." (else only its last sentence
 * is taken for the caption). */
#define HEAD_CAPTION_MAX_WORDS 60
/* CNN's story highlights before its "(CNN)": at most this many words. */
#define HIGHLIGHTS_MAX_WORDS 100
/* USA Today's video description, its source and a photo's caption before
 * the photo's credit: at most this many words. */
#define VIDEO_HEAD_MAX_WORDS 120
/* An embedded post's text right after another's signature: all of it is
 * flagged if it has at most this many words. */
#define POST_MAX_WORDS 60
/* A link's headline before "Read more": at most this many words. */
#define LINK_HEADLINE_MAX_WORDS 25

/* Is the last word of s[0, n) (trailing '.' ignored) one of the words
 * that end the names of photo agencies and newspapers? */
static bool outlet_tail(const char *s, size_t n)
{
    static const char *const ow[] = {
        "afp", "ap", "bloomberg", "dpa", "efe", "epa", "epa-efe", "facebook", "gazette", "getty",
        "globe", "handout", "herald", "images", "instagram", "journal", "nasa", "news", "photo",
        "photographer", "photography", "photos", "pool", "post", "press", "reuters", "shutterstock",
        "times", "tribune", "twitter", "wire", "youtube"
    };
    while (n > 0 && (s[n - 1] == '.' || s[n - 1] == ' ')) n--;
    size_t b = n;
    while (b > 0 && s[b - 1] != ' ' && s[b - 1] != '/' && s[b - 1] != ',' && s[b - 1] != ':') b--;
    for (size_t k = 0; k < sizeof ow / sizeof *ow; k++)
        if (strlen(ow[k]) == n - b && memcmp(s + b, ow[k], n - b) == 0) return true;
    return false;
}

static bool has_prefix(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

/* The kind of credit that the lower-cased, trimmed text of a bracket is. */
static int credit_kind(const char *in, size_t n)
{
    static const char *const agency[] = {"afp", "ap", "cnn", "reuters", "reuters health", "upi"};
    static const char *const photo[] = {"associated press", "the associated press", "getty images",
                                        "ap photo", "ap images", "shutterstock", "file photo"};
    static const char *const lead[] = {"photo:", "photo by ", "photos:", "photos by ", "photograph:",
                                       "photograph by ", "photo credit", "credit:", "image:", "images:",
                                       "picture:", "courtesy of ", "ap photo/", "ap photo, ", "ap photo:"};
    for (size_t k = 0; k < sizeof agency / sizeof *agency; k++)
        if (strcmp(in, agency[k]) == 0) return CREDIT_AGENCY;
    for (size_t k = 0; k < sizeof photo / sizeof *photo; k++)
        if (strcmp(in, photo[k]) == 0) return CREDIT_PHOTO;
    if (blank_words(in, n) > CREDIT_MAX_WORDS) return CREDIT_NONE;
    for (size_t k = 0; k < sizeof lead / sizeof *lead; k++)
        if (has_prefix(in, lead[k])) return CREDIT_PHOTO;
    /* "Jane Roe/The Washington Post", "Uncredited/AP", "Jane Roe, AP",
     * "Disney-Pixar via AP": an owner's name after the last '/', ',' or
     * "via", of a few words, ending like an agency's or a paper's. */
    size_t b = n;
    while (b > 0 && in[b - 1] != '/' && in[b - 1] != ',') b--;
    const char *via = strstr(in, " via ");
    if (via && (size_t)(via - in) + 5 > b) b = (size_t)(via - in) + 5;
    if (b == 0 || blank_words(in + b, n - b) > 5) return CREDIT_NONE;
    return outlet_tail(in + b, n - b) ? CREDIT_PHOTO : CREDIT_NONE;
}

/* The inside of a bracket, t[s, e), lower-cased, its blanks single
 * spaces, trimmed, into buf (NUL-terminated): its length, or SIZE_MAX
 * when it does not fit or holds another bracket or a line break. */
static size_t bracket_text(const char *t, size_t s, size_t e, char *buf, size_t cap)
{
    size_t n = 0;
    for (size_t c = s; c < e; c++) {
        unsigned char ch = (unsigned char)t[c];
        if (ch == '(' || ch == '\n' || n + 1 >= cap) return SIZE_MAX;
        if (is_blank(ch)) ch = ' ';
        if (ch == ' ' && (n == 0 || buf[n - 1] == ' ')) continue;
        buf[n++] = (char)(is_upper_ascii(ch) ? ch + 32 : ch);
    }
    while (n > 0 && buf[n - 1] == ' ') n--;
    buf[n] = '\0';
    return n;
}

/* A credit at t[i] ('('): the length to cut (the bracket, the blanks
 * after it, and after an agency a dash), 0 if none; *kind its kind. */
static size_t credit_at(const char *t, size_t i, size_t e, int *kind)
{
    char b[CREDIT_MAX_BYTES + 1];
    if (i >= e || t[i] != '(') return 0;
    size_t look = e - i < 4 * CREDIT_MAX_BYTES ? e - i : 4 * CREDIT_MAX_BYTES;
    const char *c = memchr(t + i, ')', look);
    if (!c) return 0;
    size_t n = bracket_text(t, i + 1, (size_t)(c - t), b, sizeof b);
    if (n == 0 || n == SIZE_MAX || !(*kind = credit_kind(b, n))) return 0;
    size_t j = (size_t)(c - t) + 1;
    j = skip_blanks(t, j, e);
    if (*kind == CREDIT_AGENCY) {
        size_t d = dash_at(t, j, e);
        if (d && t[j] != '|' && t[j] != '_') {
            j += d;
            j = skip_blanks(t, j, e);
        }
    }
    return j - i;
}

/* The agency after a photographer's name in a credit without brackets,
 * at t[i]: "Getty Images", "AFP/Getty Images", "AFP via Getty Images", or
 * after a '/' also "Reuters", "AP", "AFP", "EPA", "Bloomberg",
 * "Shutterstock", "Corbis". The index after it and its blanks, or 0 (also
 * when no text follows). */
static size_t credit_tail(const char *t, size_t i, size_t e, bool slash)
{
    static const char *const after_slash[] = {"ap", "afp", "bloomberg", "corbis", "epa", "reuters", "shutterstock"};
    size_t j, k;
    if ((k = word_at(t, i, e, "afp")) && (j = word_at(t, k, e, "via"))) i = j;
    else if ((j = at_ci(t, i, e, "afp")) && j < e) {
        while (j < e && t[j] == ' ') j++;
        if (j < e && t[j] == '/') {
            for (j++; j < e && t[j] == ' '; j++) {}
            i = j;
        }
    }
    if ((j = words_at(t, i, e, "getty images"))) return j < e ? j : 0;
    if (!slash || !(j = WORD_IN(t, i, e, after_slash))) return 0;
    return j < e ? j : 0;
}

/* Reuters' credit, the agency first: "REUTERS/Jane Roe", "REUTERS/Jane
 * Roe/File Photo", "Reuters/Jane Roe/Pool": its length at t[i] (blanks
 * after it included), or 0. ("Reuters/Ipsos" is a poll.) */
static size_t reuters_credit_at(const char *t, size_t i, size_t e)
{
    size_t j = at_ci(t, i, e, "reuters/");
    if (!j || at_ci(t, j, e, "ipsos")) return 0;
    if (!(j = name_at(t, j, e))) return 0;
    while (j < e && t[j] == '/') {   /* "/File Photo", "/Pool", "/Illustration" */
        if (words_at(t, j + 1, e, "file photo")) {
            j += 11;
            break;
        }
        size_t k = name_word(t, j + 1, e);
        if (k == j + 1) return 0;
        j = k;
    }
    if (j >= e || t[j] != ' ') return 0;   /* the text goes on after it */
    return skip_blanks(t, j, e) - i;
}

/* A photographer's credit without brackets at t[i]: "Jane Roe/Getty
 * Images ", "Jane Roe / AP ", "Jane Roe via Getty Images ", "Jane Roe —
 * Getty Images ", after "Photographer:", "Photo by" or "Credit:", and
 * after the "|" (or "&#124;") that separates it from its caption; or
 * Reuters', the agency first (reuters_credit_at). Its length, or 0. */
static size_t plain_credit_at(const char *t, size_t i, size_t e)
{
    size_t j = i, k;
    if (at_seq(t, j, e, "&#124;", 6)) j += 6;
    else if (j < e && t[j] == '|') j++;
    while (j < e && t[j] == ' ') j++;
    if ((k = reuters_credit_at(t, j, e))) return j + k - i;
    if ((k = word_at(t, j, e, "photographer:")) || (k = words_at(t, j, e, "photo by")) ||
        (k = word_at(t, j, e, "credit:")))
        j = k;
    for (int w = 0; w < 4 && j < e; w++) {
        size_t b = j;
        if ((j = name_word(t, b, e)) == b) return 0;
        /* A name of two to four words ("Ipsos / Reuters" is none). */
        size_t m = j;
        if (w == 0 && !(m + 1 < e && t[m] == ' ' && t[m + 1] != '/')) return 0;
        while (m < e && t[m] == ' ') m++;
        if (m < e && t[m] == '/') {
            for (m++; m < e && t[m] == ' '; m++) {}
            k = credit_tail(t, m, e, true);
        } else if (m > j && (k = word_at(t, m, e, "via"))) {
            k = credit_tail(t, k, e, false);
        } else if (m > j && at_seq(t, m, e, "\xE2\x80\x94", 3) && m + 3 < e && t[m + 3] == ' ') {
            k = credit_tail(t, m + 4, e, false);
        } else {
            if (m == j) return 0;   /* not a name's word */
            j = m;
            continue;
        }
        return k ? k - i : 0;
    }
    return 0;
}

/* May a credit without brackets start at t[st]: at `rs` (where the region
 * starts), after a sentence's end, or at its "|"? */
static bool plain_credit_start(const char *t, size_t st, size_t rs, size_t e)
{
    if (st == rs || t[st] == '|' || at_seq(t, st, e, "&#124;", 6)) return true;
    size_t q = st;
    while (q > rs && t[q - 1] == ' ') q--;
    return q < st && q > rs && ends_final(t, rs, q);
}

/* Does a sentence end inside t[s, e) (". " and a capital, not at the
 * end)? Abbreviations count too: the answer errs towards yes. */
static bool inner_sentence_end(const char *t, size_t s, size_t e)
{
    for (size_t i = s + 1; i + 2 < e; i++)
        if ((t[i] == '.' || t[i] == '?' || t[i] == '!') && t[i + 1] == ' ' &&
            (is_upper_ascii((unsigned char)t[i + 2]) || t[i + 2] == '"'))
            return true;
    return false;
}

/* An embedded post's signature, as the Multi-News sources hold a tweet:
 * "<the post> pic.twitter.com/x — Jane Roe ( @janeroe ) June 4, 2029",
 * found by its '(' at p: its end (after the date and its blanks), with
 * *start at its link or its dash (not before rs); or 0. */
static size_t post_sig_at(const char *t, size_t p, size_t rs, size_t e, size_t *start)
{
    size_t j = skip_blanks(t, p + 1, e);
    if (j >= e || t[j] != '@') return 0;
    size_t h = ++j;
    while (j < e && (is_alnum_ascii((unsigned char)t[j]) || t[j] == '_')) j++;
    if (j == h) return 0;
    j = skip_blanks(t, j, e);
    if (j >= e || t[j] != ')') return 0;
    size_t end = date_at(t, skip_blanks(t, j + 1, e), e);
    if (!end) return 0;
    /* Back over the poster's name to the dash ("— ", "-- "). */
    size_t k = p, lim = p > rs + 64 ? p - 64 : rs, ds = SIZE_MAX;
    while (k > lim && ds == SIZE_MAX) {
        k--;
        if (t[k] == '(' || t[k] == ')') return 0;
        if (t[k] != ' ' || k == rs) continue;
        if (k >= rs + 3 && at_seq(t, k - 3, e, "\xE2\x80\x94", 3)) ds = k - 3;
        else if (k >= rs + 2 && t[k - 1] == '-' && t[k - 2] == '-') ds = k - 2;
    }
    if (ds == SIZE_MAX || (ds > rs && t[ds - 1] != ' ')) return 0;
    /* The post's picture link before the dash goes with it. */
    size_t ls = ds;
    while (ls > rs && t[ls - 1] == ' ') ls--;
    size_t ws = ls;
    while (ws > rs && t[ws - 1] != ' ') ws--;
    static const char *const links[] = {"pic.twitter.com/", "https://t.co/", "http://t.co/"};
    *start = ds;
    for (size_t a = 0; a < sizeof links / sizeof *links; a++)
        if (at_ci(t, ws, ls, links[a])) *start = ws;
    return end;
}

/* The next credit at or after `from` (in a region that starts at `rs`):
 * its start (e if none), *len and *kind as credit_at's. Credits without
 * brackets are found by their '/' or their "getty", then the name before
 * (up to four words and a label). */
static size_t credit_next(const char *t, size_t from, size_t rs, size_t e, size_t *len, int *kind)
{
    size_t best = e;
    for (const char *p = t + from; p < t + e && (p = memchr(p, '(', (size_t)(t + e - p))) != NULL; p++) {
        size_t st, pe;
        if ((*len = credit_at(t, (size_t)(p - t), e, kind)) != 0) {
            best = (size_t)(p - t);
            break;
        }
        if ((pe = post_sig_at(t, (size_t)(p - t), rs, e, &st)) != 0 && st >= from) {
            *len = pe - st;
            *kind = CREDIT_POST;
            best = st;
            break;
        }
    }
    size_t slash = 0, getty = 0;   /* the next '/' and "getty" at or after i (best: none) */
    bool found = false;
    for (size_t i = from; i < best;) {
        if (!found || slash < i) {
            const char *p = memchr(t + i, '/', best - i);
            slash = p ? (size_t)(p - t) : best;
        }
        if (!found || getty < i) {
            getty = best;
            for (const char *y = t + i; (y = memchr(y, 'y', (size_t)(t + best - y))) != NULL; y++)
                if (y >= t + i + 4 && y >= t + rs + 5 && (y[-4] | 0x20) == 'g' && (y[-1] | 0x20) == 't' &&
                    (y[-5] == ' ' || y[-5] == '/')) {
                    getty = (size_t)(y - t) - 4;
                    break;
                }
        }
        found = true;
        size_t anchor = slash < getty ? slash : getty;
        if (anchor >= best) break;
        if (anchor == slash) {   /* most '/'s are no credit's: an agency must follow, or be Reuters before */
            size_t m = anchor + 1;
            while (m < e && t[m] == ' ') m++;
            if (!credit_tail(t, m, e, true) && !(anchor >= rs + 7 && reuters_credit_at(t, anchor - 7, e))) {
                i = anchor + 1;
                continue;
            }
        }
        /* Back to the start of the anchor's word, then up to six words
         * more (a label, a name, "|"). */
        size_t st = anchor;
        while (st > rs && t[st - 1] != ' ') st--;
        for (int w = 0; w <= 6 && st >= from; w++) {
            size_t n;
            if (plain_credit_start(t, st, rs, e) && (n = plain_credit_at(t, st, e)) != 0 && st + n > anchor) {
                *len = n;
                *kind = CREDIT_PHOTO;
                return st;
            }
            if (st <= rs) break;
            while (st > rs && t[st - 1] == ' ') st--;
            while (st > rs && t[st - 1] != ' ') st--;
        }
        i = anchor + 1;
    }
    return best;
}

/* Is t[s, e) (a bracket's inside) a news agency's name or a station's
 * call letters ("AP", "Reuters", "KOIN", "wncn", "CBS4")? */
static bool agency_tag(const char *t, size_t s, size_t e)
{
    char b[24];
    size_t n = bracket_text(t, s, e, b, sizeof b);
    if (n == 0 || n == SIZE_MAX) return false;
    if (credit_kind(b, n) == CREDIT_AGENCY) return true;
    if (n < 3 || n > 6 || (b[0] != 'k' && b[0] != 'w' && strncmp(b, "cbs", 3) != 0)) return false;
    for (size_t i = 0; i < n; i++)
        if (!is_alnum_ascii((unsigned char)b[i]) && b[i] != '-') return false;
    return true;
}

static size_t dateline_core(const char *t, size_t s, size_t e, bool *alone);

/* A dateline at t[s] (its length, or 0; *alone: nothing follows it): a
 * place, an agency's name in brackets, a dash ("LORVIK, Nordland (AP) -
 * "), in the styles below; Reuters' pages put the place before it once
 * more ("WASHINGTON | Washington (Reuters) - "). */
static size_t dateline_prefix(const char *t, size_t s, size_t e, bool *alone)
{
    size_t i = s;
    for (int w = 0; w < 4 && i < e && t[i] != '|' && t[i] != '&'; w++) {
        size_t j = i;
        while (j < e && (is_upper_ascii((unsigned char)t[j]) || is_lower_ascii((unsigned char)t[j]) || t[j] == '.' ||
                         t[j] == '-' || t[j] == '\''))
            j++;
        if (j == i || j >= e || t[j] != ' ') break;
        i = skip_blanks(t, j, e);
        size_t b = at_seq(t, i, e, "&#124;", 6) ? 6 : i < e && t[i] == '|' ? 1 : 0;
        if (b && i + b < e && t[i + b] == ' ') {
            size_t d = dateline_core(t, skip_blanks(t, i + b, e), e, alone);
            if (d) return skip_blanks(t, i + b, e) + d - s;
            break;
        }
    }
    return dateline_core(t, s, e, alone);
}

static size_t dateline_core(const char *t, size_t s, size_t e, bool *alone)
{
    *alone = false;
    size_t i = s, words = 0, caps_words = 0, caps_lead = 0, commas = 0;
    bool paren = false, comma = false, lead = true, digits = false, last_comma = false, lower = false;
    /* A dash left where the page had its dateline ("— A dispatcher is
     * credited ..."): an en or em dash, then a space ("-- " opens lists
     * of results too). */
    if (i < e && (at_seq(t, i, e, "\xE2\x80\x94", 3) || at_seq(t, i, e, "\xE2\x80\x93", 3))) {
        size_t j = i + 3;
        if (j < e && t[j] == ' ') {
            j = skip_blanks(t, j, e);
            if (j >= e) {
                *alone = true;
                return e - s;
            }
            if (is_upper_ascii((unsigned char)t[j])) return j - s;
        }
        return 0;
    }
    /* "(Reuters Health) - ", "(CNN) -- ": an agency alone in brackets. */
    if (i < e && t[i] == '(' && i + 1 < e && (is_upper_ascii((unsigned char)t[i + 1]))) {
        size_t close = i + 1, pw = 0;
        while (close < e && t[close] != ')' && close - i < 30) {
            if (t[close] == ' ') pw++;
            else if (!(is_upper_ascii((unsigned char)t[close]) || is_lower_ascii((unsigned char)t[close])
                       || t[close] == '.' || t[close] == '&'))
                return 0;
            close++;
        }
        if (close >= e || t[close] != ')' || pw > 2) return 0;
        i = close + 1;
        i = skip_blanks(t, i, e);
        size_t d = dash_at(t, i, e);
        if (!d || t[i] == '|' || t[i] == '_') return 0;
        i += d;
        bool sp = false;
        while (i < e && space_len(t, i, e)) { i += space_len(t, i, e); sp = true; }
        if (i >= e || !sp) return 0;
        unsigned char c = (unsigned char)t[i];
        if (!(is_upper_ascii(c) || is_digit(c) || c == '"' || c == '\'' || c >= 0x80)) return 0;
        return i - s;
    }
    /* Place words: capitalised (upper-case in the usual style), with
     * '.', ',' ''' and '-' inside ("ST. LOUIS", "WINSTON-SALEM", "Fla."). */
    while (i < e && words < 6) {
        size_t b = i;
        bool upper_only = true, letter = false;
        size_t n;
        int32_t cp;
        while (i < e && space_len(t, i, e) == 0 && t[i] != '(' && dash_at(t, i, e) == 0) {
            unsigned char c = (unsigned char)t[i];
            if (cp_word(t, i, e, &n, &cp)) {
                letter = true;
                if (c < 0x80 ? is_lower_ascii(c) : utf8proc_islower(cp)) upper_only = false;
                if (c < 0x80 && is_digit(c)) {
                    /* "LIMA, Dec 1 (Reuters) -": a date after the place. */
                    if (!comma) return 0;
                    digits = true;
                }
                i += n;
            } else if (c == '.' || c == ',' || c == '\'' || c == '&' || (c == '/' && i > b)) {
                i++;
            } else if (at_seq(t, i, e, "\xE2\x80\x99", 3)) {
                i += 3;
            } else {
                return 0;
            }
        }
        if (i == b) break;
        if (!letter) return 0;
        unsigned char c0 = (unsigned char)t[b];
        if ((words == 0 && !(is_upper_ascii(c0) || c0 >= 0x80)) ||
            (words > 0 && !lead && !(is_upper_ascii(c0) || c0 >= 0x80 || (comma && is_digit(c0))))) {
            /* A word in lower case: only re-cased text before an agency's
             * name in brackets (most sentences stop here). */
            if (!lower && !memchr(t + b, '(', e - b < 64 ? e - b : 64)) return 0;
            lower = true;
        }
        if (words == 0 && i - b == 4 && memcmp(t + b, "FILE", 4) == 0) return 0;   /* AP photo slug */
        words++;
        if (upper_only) caps_words++;
        last_comma = t[i - 1] == ',';
        if (last_comma) commas++;
        /* "KESTRA, Nordland -": the place in capitals, then its region. */
        if (lead) {
            if (upper_only) caps_lead++;
            else lead = false;
            if (t[i - 1] == ',') {
                comma = true;
                lead = false;
            }
        }
        i = skip_blanks(t, i, e);
        if (i < e && (t[i] == '(' || dash_at(t, i, e))) break;
    }
    if (digits && (i >= e || t[i] != '(')) return 0;
    /* Re-cased text ("Vatican city ( reuters ) - ", "iguala, mexico ( ap )
     * — "): a place in any case before a news agency's name. */
    if (lower && (words > 5 || i >= e || t[i] != '(')) return 0;
    if (words == 0 || i >= e) return 0;
    if (t[i] == '(') {
        /* "(AP)", "(Reuters)", "(Northline)": 1-4 words. */
        size_t close = i + 1, pw = 0;
        while (close < e && t[close] != ')' && close - i < 40) {
            if (t[close] == ' ' && close > i + 1 && t[close - 1] != ' ') pw++;
            close++;
        }
        if (close >= e || t[close] != ')' || pw > 3) return 0;
        if (lower && !agency_tag(t, i + 1, close)) return 0;
        paren = true;
        /* "WASHINGTON (CNN) President ...": CNN's style has no dash. */
        char in[8];
        bool cnn = bracket_text(t, i + 1, close, in, sizeof in) == 3 && strcmp(in, "cnn") == 0;
        i = close + 1;
        i = skip_blanks(t, i, e);
        if (cnn && (!lower || commas) && i < e && i > close + 1 && !dash_at(t, i, e) &&
            (is_alnum_ascii((unsigned char)t[i]) || t[i] == '"' || (unsigned char)t[i] >= 0x80))
            return i - s;
    }
    size_t d = dash_at(t, i, e);
    if (!d) return 0;
    /* Upper-case place names, or any capitalised place with an agency in
     * brackets (re-cased text). A bare "|" needs upper case. */
    bool with_region = comma && caps_lead >= 1 && words - caps_lead <= 3;
    /* "Meadow Lake, Saskatchewan – The ...", "London, England — ...":
     * a capitalised place and its region before an en or em dash (the
     * style of WikiNews and of many sites); a hyphen is too common
     * between names to be read so. */
    bool titled = commas == 1 && !last_comma && words >= 2 && words <= 5 && !paren &&
                  (at_seq(t, i, e, "\xE2\x80\x94", 3) || at_seq(t, i, e, "\xE2\x80\x93", 3));
    if (!(caps_words == words || paren || with_region || titled)) return 0;
    if (t[i] == '|' && caps_words != words) return 0;
    /* "NEW YORK _ Federal prosecutors ...": the New York Times wire's
     * dash, spaced, after a place in capitals. */
    if (t[i] == '_' && !paren &&
        !((caps_words == words || with_region) && i > s && t[i - 1] == ' ' && i + 1 < e && t[i + 1] == ' '))
        return 0;
    size_t dash_start = i;
    i += d;
    bool space_after = false;
    while (i < e && space_len(t, i, e)) { i += space_len(t, i, e); space_after = true; }
    if (i >= e) {
        *alone = true;
        return e - s;
    }
    /* "CAIRO—The ..." needs no space; "WASHINGTON -The" is unusual but fine;
     * a hyphenated word ("ABC-TV") is not a dateline. */
    if (!space_after && dash_start > s && t[dash_start - 1] != ' ' && d == 1 && t[dash_start] == '-')
        return 0;
    unsigned char c = (unsigned char)t[i];
    if (!(is_upper_ascii(c) || is_digit(c) || c == '"' || c == '\'' || c >= 0x80 || is_lower_ascii(c)))
        return 0;
    if (is_lower_ascii(c) && !paren) return 0;
    return i - s;
}

/* ======================================================================
 * Shapes: the words of a text, lower-cased, digits as 0 (for the learned
 * table), or digits kept (for repetition), punctuation dropped.
 * ====================================================================== */
#define SHAPE_MAX 480
#define SHAPE_MIN_WORDS 2
#define SHAPE_MAX_WORDS 40

/* Write the shape of t[s, e) to buf (at most SHAPE_MAX bytes), its first
 * max_words words only. Returns the length, or SIZE_MAX when it does not
 * fit. *words receives the count. */
static size_t shape_write_n(const char *t, size_t s, size_t e, bool zero_digits, char *buf,
                            size_t *words, size_t max_words)
{
    size_t o = 0, nw = 0, n;
    bool in = false;
    int32_t cp;
    for (size_t i = s; i < e; i += n) {
        unsigned char c = (unsigned char)t[i];
        bool wc;
        if (c < 0x80) {
            n = 1;
            wc = is_alnum_ascii(c);
            if (wc && !in && nw == max_words) break;
            if (wc) {
                if (is_upper_ascii(c)) c = (unsigned char)(c + 32);
                else if (zero_digits && is_digit(c)) c = '0';
                if (!in && nw) {
                    if (o >= SHAPE_MAX) return SIZE_MAX;
                    buf[o++] = ' ';
                }
                if (o >= SHAPE_MAX) return SIZE_MAX;
                buf[o++] = (char)c;
            }
        } else {
            wc = cp_word(t, i, e, &n, &cp);
            if (wc && !in && nw == max_words) break;
            if (wc) {
                if (utf8proc_category(cp) == UTF8PROC_CATEGORY_ND && zero_digits) cp = '0';
                else cp = utf8proc_tolower(cp);
                if (!in && nw) {
                    if (o >= SHAPE_MAX) return SIZE_MAX;
                    buf[o++] = ' ';
                }
                if (o + 4 > SHAPE_MAX) return SIZE_MAX;
                o += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)buf + o);
            }
        }
        if (wc && !in) nw++;
        in = wc;
    }
    *words = nw;
    return o;
}

static size_t shape_write(const char *t, size_t s, size_t e, bool zero_digits, char *buf, size_t *words)
{
    return shape_write_n(t, s, e, zero_digits, buf, words, SIZE_MAX);
}

/* 64-bit FNV-1a of the shape (digits kept), streaming: no buffer. 0 means
 * "no word at all". *letters tells whether a letter was seen. */
static uint64_t shape_hash(const char *t, size_t s, size_t e, bool *letters)
{
    uint64_t h = 14695981039346656037ull;
    bool in = false, any = false;
    size_t n;
    int32_t cp;
    *letters = false;
    for (size_t i = s; i < e; i += n) {
        unsigned char c = (unsigned char)t[i];
        bool wc;
        uint32_t v;
        if (c < 0x80) {
            n = 1;
            wc = is_alnum_ascii(c);
            v = is_upper_ascii(c) ? (uint32_t)c + 32 : c;
            if (wc && !is_digit(c)) *letters = true;
        } else {
            wc = cp_word(t, i, e, &n, &cp);
            v = (uint32_t)utf8proc_tolower(cp);
            if (wc && utf8proc_category(cp) != UTF8PROC_CATEGORY_ND) *letters = true;
        }
        if (wc) {
            if (!in && any) { h ^= ' '; h *= 1099511628211ull; }
            h ^= v;
            h *= 1099511628211ull;
            any = true;
        }
        in = wc;
    }
    return any ? (h ? h : 1) : 0;
}

/* Is t[ws, dot) (the word before a period) an abbreviation? An initial,
 * a word with inner periods ("U.S", "a.m"), or a common title, month or
 * company abbreviation (any case: the Multi-News text is re-cased). */
static bool unit_abbrev(const char *t, size_t ws, size_t dot)
{
    static const char *const ab[] = {
        "apr", "aug", "capt", "co", "col", "corp", "dec", "dr", "feb", "ft", "gen", "gov", "inc",
        "jan", "jr", "jul", "jun", "lt", "ltd", "mar", "mr", "mrs", "ms", "mt", "no", "nov", "oct",
        "rep", "rev", "sen", "sep", "sept", "sgt", "sr", "st", "vs"
    };
    while (ws < dot && !is_alnum_ascii((unsigned char)t[ws])) ws++;   /* "(Mr." */
    size_t n = dot - ws;
    if (n == 0) return false;
    if (n == 1) return is_upper_ascii((unsigned char)t[ws]) || is_lower_ascii((unsigned char)t[ws]);
    if (memchr(t + ws, '.', n)) return true;
    if (n > 4) return false;
    char low[5];
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[ws + i];
        if (!is_upper_ascii(c) && !is_lower_ascii(c)) return false;
        low[i] = (char)(is_upper_ascii(c) ? c + 32 : c);
    }
    low[n] = '\0';
    for (size_t i = 0; i < sizeof ab / sizeof *ab; i++)
        if (strcmp(low, ab[i]) == 0) return true;
    return false;
}

/* Sentence units inside t[s, e): cut after . ! ? … followed by white space,
 * except after an abbreviation (unit_abbrev) and before a lower-case
 * letter or a digit. The same rule
 * serves the table builder and the lookup, so their shapes agree. Calls
 * fn(ud, start, end) for each unit; stops early when fn returns false. */
typedef bool (*unit_fn)(void *ud, size_t s, size_t e);

static bool for_each_unit(const char *t, size_t s, size_t e, unit_fn fn, void *ud)
{
    size_t u = s, wstart = s;
    for (size_t i = s; i < e; i++) {
        unsigned char c = (unsigned char)t[i];
        if (space_len(t, i, e)) { wstart = i + 1; continue; }
        bool end3 = c == 0xE2 && at_seq(t, i, e, "\xE2\x80\xA6", 3);
        if (!(c == '.' || c == '!' || c == '?' || end3)) continue;
        size_t j = i + (end3 ? 3 : 1);
        for (;;) {
            if (j < e && (t[j] == '"' || t[j] == '\'' || t[j] == ')' || t[j] == ']')) j++;
            else if (at_seq(t, j, e, "\xE2\x80\x9D", 3) || at_seq(t, j, e, "\xE2\x80\x99", 3)) j += 3;
            else break;
        }
        if (j < e && !space_len(t, j, e)) continue;
        if (c == '.' && unit_abbrev(t, wstart, i)) continue;
        size_t k = j;
        k = skip_blanks(t, k, e);
        if (k < e && (is_lower_ascii((unsigned char)t[k]) || is_digit((unsigned char)t[k]))) continue;
        if (!fn(ud, u, j)) return false;
        u = k;
        i = k > 0 ? k - 1 : k;
        wstart = k;
    }
    if (u < e) return fn(ud, u, e);
    return true;
}

/* ======================================================================
 * The learned table (data/boilerplate-en.tsv)
 *
 *   # mdsum-boilerplate 1 lang=en clusters=N min-clusters=M max-overlap=X
 *   shape<TAB>clusters<TAB>overlap
 * ====================================================================== */
static void first_set(boiler_table *t, const char *p, size_t n)
{
    uint32_t h = hash_bytes(p, n) & (((uint32_t)1 << BOILER_FIRST_BITS) - 1);
    t->first[h / 64] |= (uint64_t)1 << (h % 64);
}

static bool first_has(const boiler_table *t, const char *p, size_t n)
{
    uint32_t h = hash_bytes(p, n) & (((uint32_t)1 << BOILER_FIRST_BITS) - 1);
    return (t->first[h / 64] >> (h % 64)) & 1;
}

static bool shape_in(const boiler_table *t, const char *p, size_t n)
{
    const char *le;
    return embedded_lookup(t->f, p, n, hash_bytes(p, n), &le) != NULL;
}

static int boiler_parse(mdsum_ctx *ctx, const embedded_file *f, const char *what, boiler_table **out)
{
    if (!f->slots) return err_set(ctx, MDSUM_EFORMAT, "%s: no index (not a table)", what);
    boiler_table *t = alc_calloc(&ctx->alc, 1, sizeof *t);
    if (!t) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    t->f = f;
    const char *p = (const char *)f->data, *end = p + f->size;
    long long lineno = 0;
    int rc = MDSUM_OK;
    while (p < end && rc == MDSUM_OK) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        lineno++;
        if (lineno == 1) {
            char lang[8] = "", head[201];
            if (!line_cstr(p, le, head, sizeof head) ||
                sscanf(head, "# mdsum-boilerplate 1 lang=%7s", lang) != 1)
                rc = err_set(ctx, MDSUM_EFORMAT, "%s: line 1: not an mdsum boilerplate table", what);
            else
                memcpy(t->lang, lang, sizeof lang);
        } else if (le > p && *p != '#') {
            const char *tab = memchr(p, '\t', (size_t)(le - p));
            /* The first two words: every shape has at least two. */
            const char *sp = tab ? memchr(p, ' ', (size_t)(tab - p)) : NULL;
            if (sp) sp = memchr(sp + 1, ' ', (size_t)(tab - sp - 1));
            if (!tab || tab == p)
                rc = err_set(ctx, MDSUM_EFORMAT, "%s: line %lld: expected 'shape<TAB>count'", what, lineno);
            else
                first_set(t, p, (size_t)((sp ? sp : tab) - p));
        }
        p = nl ? nl + 1 : end;
    }
    if (rc) {
        boiler_table_free(&ctx->alc, t);
        return rc;
    }
    *out = t;
    return MDSUM_OK;
}

/* Is the shape of t[s, e) (digits as 0) one of the table's? */
static bool shape_known(const boiler_table *tb, const char *t, size_t s, size_t e)
{
    char buf[SHAPE_MAX];
    size_t words = 0;
    /* The shape's first two words first: they are the full shape's
     * prefix up to its second space, and most sentences start with no
     * shape's. */
    size_t n = shape_write_n(t, s, e, true, buf, &words, 2);
    if (n == SIZE_MAX || !first_has(tb, buf, n)) return false;
    n = shape_write(t, s, e, true, buf, &words);
    return n != SIZE_MAX && words >= SHAPE_MIN_WORDS && words <= SHAPE_MAX_WORDS && shape_in(tb, buf, n);
}

typedef struct unit_look {
    const boiler_table *tb;
    const char *t;
    size_t hit_words, all_words, units;
} unit_look;

static bool unit_lookup(void *ud, size_t s, size_t e)
{
    unit_look *u = ud;
    char buf[SHAPE_MAX];
    size_t words = 0;
    size_t n = shape_write(u->t, s, e, true, buf, &words);
    u->units++;
    if (n == SIZE_MAX) {
        u->all_words += SHAPE_MAX_WORDS + 1;
        return true;
    }
    u->all_words += words;
    if (words >= SHAPE_MIN_WORDS && words <= SHAPE_MAX_WORDS && shape_in(u->tb, buf, n))
        u->hit_words += words;
    return true;
}

/* Evidence from the learned table for the line t[s, e). */
static double learned_evidence(const boiler_table *tb, const char *t, size_t s, size_t e, size_t nword)
{
    if (!tb || nword < SHAPE_MIN_WORDS || nword > 40) return 0;
    if (shape_known(tb, t, s, e)) return 1.6;
    unit_look u = {tb, t, 0, 0, 0};
    for_each_unit(t, s, e, unit_lookup, &u);
    if (u.units < 2 || u.all_words == 0) return 0;
    double c = (double)u.hit_words / (double)u.all_words;
    return c >= 0.5 ? 1.5 * c : 0;
}

/* ======================================================================
 * Per-cluster state
 * ====================================================================== */
typedef struct line_rec {
    size_t s, e;          /* trimmed; s == e for a blank line */
    uint64_t hash;        /* shape hash (digits kept), 0 = no word */
    bool letters;
} line_rec;

typedef struct hent {
    uint64_t key;
    uint32_t ndocs;       /* documents of the cluster holding the shape */
    uint32_t lastdoc;     /* +1; for counting ndocs */
    uint32_t stamp;       /* doc+1 of the main pass that saw it */
    uint32_t first;       /* its first line in that document */
    const char *why;      /* the reason its first copy was dropped, or NULL */
} hent;

typedef struct clean_state {
    mdsum_ctx *ctx;
    mdsum_cluster *cl;
    const lang_def *L;
    scan_env env;
    const boiler_table *tb;
    line_rec *lines;
    size_t nlines, lines_cap;
    size_t *doc_first;    /* first line of each document (+ sentinel) */
    size_t doc_first_cap;
    hent *h;
    size_t hcap;          /* power of two */
    tokvec tv;
    /* per line of the current document */
    lfeat *feat;
    judge *jud;
    uint8_t *mark;
    size_t per_cap;
} clean_state;

static hent *h_find(clean_state *st, uint64_t key)
{
    size_t m = st->hcap - 1, i = (size_t)(key ^ (key >> 29)) & m;
    while (st->h[i].key && st->h[i].key != key) i = (i + 1) & m;
    return &st->h[i];
}

/* ======================================================================
 * Cleaning one document
 * ====================================================================== */
enum { M_NONE = 0, M_LINKITEM = 1, M_HEADER = 2, M_TAILRUN = 3 };

/* Do the lines [a, b) of a block look hard-wrapped? */
static bool block_wrapped(const char *t, const line_rec *lines, size_t a, size_t b)
{
    if (b - a < 3) return false;
    size_t open = 0, cont = 0;
    for (size_t i = a; i + 1 < b; i++) {
        if (!ends_terminal(t, lines[i].s, lines[i].e)) {
            open++;
            if (is_lower_ascii((unsigned char)t[lines[i + 1].s])) cont++;
        }
    }
    size_t pairs = b - a - 1;
    return open * 10 >= pairs * 6 && cont * 10 >= open * 4;
}

static bool grow_per_line(clean_state *st, size_t n)
{
    if (n <= st->per_cap) return true;
    size_t c1 = st->per_cap, c2 = st->per_cap, c3 = st->per_cap;
    void *a = st->feat, *b = st->jud, *c = st->mark;
    if (!grow_array(&st->ctx->alc, &a, &c1, n, sizeof *st->feat)) return false;
    st->feat = a;
    if (!grow_array(&st->ctx->alc, &b, &c2, n, sizeof *st->jud)) return false;
    st->jud = b;
    if (!grow_array(&st->ctx->alc, &c, &c3, n, sizeof *st->mark)) return false;
    st->mark = c;
    st->per_cap = c1 < c2 ? (c1 < c3 ? c1 : c3) : (c2 < c3 ? c2 : c3);
    return true;
}

/* A paragraph of more than MAX_JUDGED_WORDS words: only its opening (a
 * caption label, "FILE -") and its end (a credit or byline after the last
 * sentence) are looked at; the rest is prose. Tokenizing only those parts
 * keeps the cleaner's cost low on long paragraphs. */
#define LONG_HEAD_TOKENS 24
#define LONG_TAIL_WORDS 48

static bool judge_long_line(clean_state *st, const char *t, size_t s, size_t e, size_t nword, lfeat *f,
                            judge *j)
{
    memset(f, 0, sizeof *f);
    memset(j, 0, sizeof *j);
    const char *w = t + s;
    size_t len = e - s;
    f->nword = f->ntok = f->nalpha = nword;
    f->final = ends_final(w, 0, len);
    f->ellipsis = ends_ellipsis(w, 0, len);
    f->quote = w[0] == '"' || at_seq(w, 0, len, "\xE2\x80\x9C", 3);
    f->prose = (f->final && !f->ellipsis ? 0.30 : 0) + 0.30 + 0.50 + 0.20 + (f->quote ? 0.20 : 0);
    bool tr;
    if (!scan_line_n(t, s, e, &st->env, &st->tv, LONG_HEAD_TOKENS, &tr)) return false;
    double c = caption_start(w, st->tv.v, st->tv.n, nword, st->env.en);
    if (c > 0) j->ev[C_CAPTION] = c;
    if (c >= 2.0 && gallery_widget(w, st->tv.v, st->tv.n)) j->widget = true;
    /* The start of the last LONG_TAIL_WORDS words. */
    size_t ts = e, words = 0;
    while (ts > s) {
        size_t q = ts;
        while (q > s && (t[q - 1] == ' ' || t[q - 1] == '\t')) q--;
        size_t b = q;
        while (b > s && t[b - 1] != ' ' && t[b - 1] != '\t') b--;
        if (b == q) break;
        ts = b;
        if (++words == LONG_TAIL_WORDS) break;
    }
    if (!scan_line_n(t, ts, e, &st->env, &st->tv, MAX_LINE_TOKENS, &tr)) return false;
    lfeat tf;
    judge tmp;
    memset(&tmp, 0, sizeof tmp);
    line_features(t + ts, e - ts, st->tv.v, st->tv.n, false, &st->env, &tf);
    if (st->env.en) det_byline(t + ts, st->tv.v, st->tv.n, &tf, &tmp);
    det_caption(t + ts, st->tv.v, st->tv.n, &tf, st->env.en, &tmp);
    if (tmp.tail) {
        j->tail = tmp.tail + (ts - s);
        j->tail_why = tmp.tail_why;
    }
    return true;
}

static bool is_prose_line(const lfeat *f)
{
    return f->truncated || f->nword >= 40 || (f->nword >= 10 && f->final && f->prose >= 0.9);
}

/* Context (jusText's rule for short blocks between boilerplate): a short
 * line without terminal punctuation right after a dropped navigation, link
 * or call-to-action line goes with it when nothing article-like follows
 * ("StumbleUpon What are these? E-mail this to a friend" after a share
 * list); a short verb-less line of names right after a byline, before the
 * first paragraph, is the byline's second line ("Outlet, City"). */
#define CONTEXT_MAX_WORDS 12
#define CAPTION_ABOVE_MAX_WORDS 25
#define CREDIT_LINE_MAX_WORDS 8
#define BYLINE_CONT_MAX_WORDS 5

static const char *context_drop(const line_rec *L, const lfeat *F, size_t k, size_t nl, size_t first_prose,
                                const char *prev_why)
{
    const lfeat *f = &F[k];
    if (f->nword == 0 || f->final || f->quote || f->truncated) return NULL;
    if (prev_why == R_NAV || prev_why == R_LINKS || prev_why == R_CTA) {
        if (f->nword > CONTEXT_MAX_WORDS) return NULL;
        size_t nx = k + 1;
        while (nx < nl && L[nx].s == L[nx].e) nx++;
        if (nx < nl && (is_prose_line(&F[nx]) || F[nx].final)) return NULL;
        return prev_why;
    }
    if (prev_why == R_BYLINE && (first_prose == SIZE_MAX || k < first_prose) &&
        f->nword <= BYLINE_CONT_MAX_WORDS && f->nverb == 0 && f->ncap * 2 >= f->nword + 1)
        return R_BYLINE;
    return NULL;
}

/* A paragraph cut into regions at the furniture and credits inside it. */
typedef struct para_split {
    region_vec *out;
    mdsum_cluster *cl;
    uint32_t d, para;
    uint32_t fl;      /* the flags of the next region */
    size_t from;      /* where the next region begins */
} para_split;

/* The text from the last cut to q is a region, with `extra` flags; the
 * paragraph's next region is not its start. */
static int split_region(para_split *ps, size_t q, uint32_t extra)
{
    if (!region_push(ps->out, ps->d, ps->para, ps->fl | extra, ps->from, q)) return MDSUM_ENOMEM;
    ps->fl &= ~(uint32_t)(SENT_PARA_START | SENT_HEADLINE | REGION_FIRST_CAPTION);
    return MDSUM_OK;
}

/* Drop t[s, e) for `why`; the next region begins after it. */
static int split_cut(para_split *ps, size_t s, size_t e, const char *why)
{
    ps->fl = (ps->fl | REGION_AFTER_CUT) & ~(uint32_t)REGION_FIRST_CAPTION;
    ps->from = e;
    return drop_push(ps->cl, ps->d, s, e, why);
}

/* Where the sentence that ends at q began: after the last ". ", "? ",
 * "! " (a closing quotation mark may come between) in t[from, q), the end
 * itself excepted; from if none. */
static size_t sentence_start_before(const char *t, size_t from, size_t q)
{
    for (size_t i = q > from + 1 ? q - 2 : from; i > from; i--) {
        if (t[i] != '.' && t[i] != '?' && t[i] != '!') continue;
        size_t j = i + 1;
        if (j < q && t[j] == '"') j++;
        if (j < q && t[j] == ' ') return skip_blanks(t, j, q);
    }
    return from;
}

/* Cut the paragraph t[ps->from, e) at its inner furniture and credits
 * (clean_doc); regions before each cut are pushed, the last one is left
 * to the caller (ps->from, ps->fl). `highlights`: the paragraph opened
 * with CNN's "Story highlights", whose points run on to its "(CNN)";
 * `video`: with USA Today's video player, whose description (its first
 * sentence) and a photo's caption run on to the photo's credit. */
static int split_inside(para_split *ps, const char *t, size_t e, bool highlights, bool video)
{
    size_t look = ps->from, pf = 0, pc = 0, clen = 0, seen[N_FUR_PHRASES];
    for (size_t f = 0; f < N_FUR_PHRASES; f++) seen[f] = SIZE_MAX;
    bool head = true, known = false, after_photo = false, after_post = false, alone;
    int ckind = CREDIT_NONE, rc = MDSUM_OK;
    if (video) ps->fl |= REGION_FIRST_CAPTION;
    while (rc == MDSUM_OK && look < e) {
        if (!known || pf < look) pf = furniture_next(t, look, e, seen);
        if (!known || pc < look) pc = credit_next(t, look, ps->from, e, &clen, &ckind);
        known = true;
        size_t p = pc < pf ? pc : pf, from = ps->from;
        if (p >= e) break;
        look = p + 1;
        size_t q = p;
        while (q > from && space_len(t, q - 1, e)) q--;
        if (p != pc) {
            /* Furniture opens a word, and not the paragraph (clean_doc
             * cut that); it may open the text after a cut. */
            bool at_cut = q == from && (ps->fl & REGION_AFTER_CUT);
            /* (a closing quotation mark may be glued to it: "... next
             * century'Read more") */
            if (!at_cut && (q == from || (q == p && t[p - 1] != '\''))) continue;
            const char *why;
            int kind;
            size_t fur = furniture_prefix(t, p, e, false, true, &why, &kind);
            if (!fur) continue;
            size_t cs = p;   /* where the cut begins */
            if (kind == FUR_HEADLINE) {
                /* "Read more" ends a link: its headline goes with it, or
                 * the teaser cut short by "..."; after a sentence's "."
                 * (or a lone quotation mark) it stands alone. */
                size_t last = strip_closers(t, from, q);
                if (ends_ellipsis(t, from, q) || (last > from && t[last - 1] != '.')) {
                    cs = sentence_start_before(t, from, q);
                    if (cs + 1 == q && t[cs] == '"') cs = p;
                    if (blank_words(t + cs, q - cs) > LINK_HEADLINE_MAX_WORDS) continue;
                    for (q = cs; q > from && space_len(t, q - 1, e); q--) {}
                }
            } else if (!at_cut && !ends_final(t, from, q) && kind != FUR_BOUNDED &&
                       !(kind == FUR_AFTER_TIME && q >= from + 3 && word_at(t, q - 3, q, "gmt"))) {
                /* NPR's and NBC's widgets bound themselves: the text
                 * before them (a headline, a video's title, "... 7:32 pm
                 * GMT") need not end a sentence. */
                continue;
            }
            /* Before bounded furniture, a text that does not end a
             * sentence is a caption or a title. */
            uint32_t cap = kind == FUR_BOUNDED && !ends_final(t, from, q) ? REGION_LAST_CAPTION : 0;
            if ((q > from && (rc = split_region(ps, q, cap))) || (rc = split_cut(ps, cs, p + fur, why))) break;
            if (kind == FUR_CAPTION_NEXT) ps->fl |= REGION_FIRST_CAPTION;
            head = after_photo = after_post = video = false;
            look = ps->from + 1;
            continue;
        }
        size_t words = q > from ? blank_words(t + from, q - from) : 0;
        if (ckind == CREDIT_POST) {
            /* An embedded post: its text is kept, but not for summaries
             * (after another post's signature, all of a short text; else
             * its last sentence); its signature goes. */
            uint32_t cap = after_post && words <= POST_MAX_WORDS ? SENT_NOISY : REGION_LAST_CAPTION;
            if (q > from && (rc = split_region(ps, q, cap))) break;
            rc = split_cut(ps, p, p + clen, R_POST);
            head = after_photo = video = false;
            after_post = true;
            look = ps->from;
            continue;
        }
        /* A credit that ends the paragraph is left to the judge of its
         * line: it may credit a news item ("... said.(Reuters, DPA)" in a
         * live blog), not a photo. */
        if (p + clen >= e) break;
        if (highlights && ckind == CREDIT_AGENCY && q > from && words <= HIGHLIGHTS_MAX_WORDS) {
            /* the highlights: kept, but not for summaries */
            if ((rc = split_region(ps, q, SENT_NOISY)) || (rc = split_cut(ps, p, p + clen, R_DATELINE))) break;
            highlights = head = after_photo = after_post = video = false;
            look = ps->from;
            continue;
        }
        if (q > from && (ckind == CREDIT_AGENCY || !ends_final(t, from, q))) continue;
        if (q > from && head &&
            ((words <= HEAD_CAPTION_MAX_WORDS && (ends_ellipsis(t, from, q) || !inner_sentence_end(t, from, q))) ||
             (video && ckind == CREDIT_PHOTO && words <= VIDEO_HEAD_MAX_WORDS))) {
            rc = split_cut(ps, from, p + clen, R_CAPTION);   /* the caption with its credit */
        } else {
            if (q > from) {
                /* Between two photos' credits, a short text is all caption
                 * (a gallery's: "... (AP Photo/X) Jane Roe at the rally. A
                 * crowd waited. (Associated Press) ..."). */
                uint32_t cap = after_photo && words <= HEAD_CAPTION_MAX_WORDS ? SENT_NOISY : REGION_LAST_CAPTION;
                if ((rc = split_region(ps, q, ckind == CREDIT_PHOTO ? cap : 0))) break;
                head = false;
            }
            rc = split_cut(ps, p, p + clen, ckind == CREDIT_PHOTO ? R_CAPTION : R_DATELINE);
        }
        after_photo = ckind == CREDIT_PHOTO;
        after_post = false;
        video = false;
        size_t dl = rc ? 0 : dateline_prefix(t, ps->from, e, &alone);
        if (!rc && !dl && ckind == CREDIT_PHOTO) dl = dash_dateline(t, ps->from, e);
        if (dl && !alone) {
            rc = split_cut(ps, ps->from, ps->from + dl, R_DATELINE);
            after_photo = false;   /* the article begins */
        }
        look = ps->from;
    }
    return rc;
}

static int clean_doc(clean_state *st, uint32_t d, region_vec *out)
{
    mdsum_cluster *cl = st->cl;
    const char *t = cl->docs[d].text;
    size_t a = st->doc_first[d], b = st->doc_first[d + 1], nl = b - a;
    line_rec *L = st->lines + a;
    if (!grow_per_line(st, nl ? nl : 1)) return MDSUM_ENOMEM;
    lfeat *F = st->feat;
    judge *J = st->jud;
    uint8_t *M = st->mark;
    memset(M, 0, nl);
    bool en = st->env.en;

    /* Pass 1: tokens, features, line-alone evidence, wrapped blocks. */
    size_t first_line = SIZE_MAX, first_prose = SIZE_MAX, last_prose = SIZE_MAX, doc_bytes = 0;
    for (size_t i = 0; i < nl; i++) {
        memset(&F[i], 0, sizeof F[i]);
        memset(&J[i], 0, sizeof J[i]);
        if (L[i].s == L[i].e) continue;
        doc_bytes += L[i].e - L[i].s;
        if (first_line == SIZE_MAX) first_line = i;
        /* words between blanks: a cheap count to tell paragraphs from short lines */
        size_t qw = blank_words(t + L[i].s, L[i].e - L[i].s);
        if (qw > MAX_JUDGED_WORDS) {
            if (!judge_long_line(st, t, L[i].s, L[i].e, qw, &F[i], &J[i])) return MDSUM_ENOMEM;
            if (first_prose == SIZE_MAX) first_prose = i;
            last_prose = i;
            continue;
        }
        bool trunc;
        if (!scan_line(t, L[i].s, L[i].e, &st->env, &st->tv, &trunc)) return MDSUM_ENOMEM;
        const char *w = t + L[i].s;
        size_t len = L[i].e - L[i].s;
        line_features(w, len, st->tv.v, st->tv.n, trunc, &st->env, &F[i]);
        judge_line(w, len, st->tv.v, st->tv.n, &F[i], en, &J[i]);
        if (is_prose_line(&F[i])) {
            if (first_prose == SIZE_MAX) first_prose = i;
            last_prose = i;
        }
        if (en && link_header(w, st->tv.v, st->tv.n, &F[i])) M[i] = M_HEADER;
    }

    /* Pass 2: link lists (a header, then title-like items; or a run of
     * title-case lines after the last prose paragraph). */
    for (size_t i = 0; i < nl; i++) {
        if (M[i] != M_HEADER) continue;
        /* After "Read more:" link texts may be short sentences too. */
        bool colon = F[i].colon;
        size_t items = 0;
        for (size_t k = i + 1; k < nl; k++) {
            if (L[k].s == L[k].e) continue;
            if (M[k] == M_HEADER) break;
            bool item = title_like(t + L[k].s, L[k].e - L[k].s, &F[k]) && !is_prose_line(&F[k]);
            if (!item && colon && items < 3 && F[k].nword <= 16 && !F[k].quote && !F[k].truncated) item = true;
            if (!item) break;
            M[k] = M_LINKITEM;
            items++;
        }
    }
    if (en && last_prose != SIZE_MAX) {
        size_t run = 0, start = 0;
        for (size_t i = last_prose + 1; i <= nl; i++) {
            bool item = false;
            if (i < nl && L[i].s != L[i].e) {
                const lfeat *f = &F[i];
                item = M[i] == M_NONE && title_like(t + L[i].s, L[i].e - L[i].s, f) && f->nword >= 4 &&
                       f->ncap * 10 >= f->nword * 6;
                /* Link texts read like headlines (a verb, or long); a list
                 * of places or names is article content. */
                if (item && f->nverb == 0 && f->nword < 6) item = false;
            } else if (i < nl) {
                continue;   /* blank lines do not break a run */
            }
            if (item) {
                if (!run) start = i;
                run++;
            } else {
                if (run >= 2)
                    for (size_t k = start; k < i; k++)
                        if (L[k].s != L[k].e && M[k] == M_NONE) M[k] = M_TAILRUN;
                run = 0;
            }
        }
    }

    /* Pass 3: decide, in order; emit drops and regions. */
    uint32_t para = 0;
    bool first_kept = true;
    size_t i = 0;
    int rc = MDSUM_OK;
    const char *prev_why = NULL;   /* the previous non-blank line's drop */
    while (i < nl && rc == MDSUM_OK) {
        if (L[i].s == L[i].e) { i++; continue; }
        size_t blk = i;
        while (blk < nl && L[blk].s != L[blk].e) blk++;
        if (block_wrapped(t, L, i, blk)) {
            if (!region_push(out, d, para++, SENT_PARA_START | REGION_WRAPPED, L[i].s, L[blk - 1].e))
                return MDSUM_ENOMEM;
            first_kept = false;
            prev_why = NULL;
            i = blk;
            continue;
        }
        for (size_t k = i; k < blk && rc == MDSUM_OK; k++) {
            const line_rec *ln = &L[k];
            const lfeat *f = &F[k];
            const char *why = NULL;
            bool whole_doc = false;   /* kept because it is most of the document */
            /* Repeated inside the document: the first copy stays (or went
             * for its own reason, which the copies share). */
            hent *rep = NULL;
            if (ln->hash && ln->letters) {
                hent *h = h_find(st, ln->hash);
                if (h->stamp == d + 1) {
                    size_t fi = h->first;
                    bool title = fi == first_line ||
                                 (fi < first_prose && title_like(t + L[fi].s, L[fi].e - L[fi].s, &F[fi]));
                    why = h->why ? h->why : title ? R_REPEAT_HEAD : R_REPEAT;
                } else {
                    h->stamp = d + 1;
                    h->first = (uint32_t)k;
                    h->why = NULL;
                    rep = h;
                }
            }
            judge j = J[k];
            if (!why) {
                if (M[k] == M_HEADER || M[k] == M_LINKITEM) ev_max(&j, C_LINKS, 1.5);
                if (M[k] == M_TAILRUN) ev_max(&j, C_LINKS, 1.2);
                if (ln->hash && k != first_line && !f->final && f->nword <= 12) {
                    hent *h = h_find(st, ln->hash);
                    if (h->ndocs >= 2) ev_max(&j, C_CROSSDOC, 1.2);
                }
                if (en && st->tb && f->nword <= 40)
                    ev_max(&j, C_LEARNED, learned_evidence(st->tb, t, ln->s, ln->e, f->nword));
                bool zone = (first_prose == SIZE_MAX || k < first_prose || k > last_prose) && f->prose < 0.9;
                int cat;
                double score = judge_score(&j, f, zone ? ZONE_BONUS : 0, &cat);
                if (cat >= 0 && score >= DROP_AT && j.ev[cat] >= DROP_MIN_EVIDENCE) why = CAT_REASON[cat];
                /* A long paragraph that is most of its document (Multi-News
                 * style input, one line per document) is the article: a
                 * caption cue at its start marks that sentence (by
                 * clean_sentence_flags), never drops the document. */
                /* So is a shorter paragraph that opens with a caption
                 * label (truncated input: "Photo: Name Sheriff's Office
                 * Jane Roe was sentenced ..."). */
                if (why && (ln->e - ln->s) * 10 > doc_bytes * 4 && !j.widget &&
                    (f->nword > MAX_JUDGED_WORDS || (f->nword >= MAJORITY_MIN_WORDS && why == R_CAPTION))) {
                    why = NULL;
                    whole_doc = true;
                }
            }
            if (!why && prev_why) why = context_drop(L, F, k, nl, first_prose, prev_why);
            prev_why = why;
            if (why) {
                if (rep) rep->why = why;
                rc = drop_push(cl, d, ln->s, ln->e, why);
                continue;
            }
            size_t s = ln->s, e = ln->e;
            /* Page furniture glued to the head of the paragraph. */
            const char *fwhy;
            int fkind;
            size_t fur = en ? furniture_prefix(t, s, e, first_kept, false, &fwhy, &fkind) : 0;
            /* CNN's "Story highlights": its points, unpunctuated, run on
             * to the article's "(CNN)". */
            bool highlights = fur && fkind == FUR_HIGHLIGHTS;
            bool video = fur && fkind == FUR_VIDEO;
            if (fur) {
                if ((rc = drop_push(cl, d, s, s + fur, fwhy))) break;
                s += fur;
                if (s >= e) continue;   /* all of it */
            }
            /* A dateline opening the paragraph. */
            bool alone;
            size_t pre = dateline_prefix(t, s, e, &alone);
            if (!pre && en && k == first_prose) pre = lead_dateline(t, s, e);
            if (pre && alone && f->nword <= 6) {
                rc = drop_push(cl, d, s, e, R_DATELINE);
                continue;
            }
            if (pre && !alone) {
                if ((rc = drop_push(cl, d, s, s + pre, R_DATELINE))) break;
                s += pre;
            }
            /* A caption block that opens the paragraph. */
            if (j.head && ln->s + j.head > s) {
                size_t hs = ln->s + j.head;
                hs = skip_blanks(t, hs, e);
                if ((rc = drop_push(cl, d, s, ln->s + j.head, R_CAPTION))) break;
                s = hs;
                /* "Jane Roe leaves court. (AP Photo) LONDON (AP) - " */
                if (!pre && (pre = dateline_prefix(t, s, e, &alone)) != 0 && !alone) {
                    if ((rc = drop_push(cl, d, s, s + pre, R_DATELINE))) break;
                    s += pre;
                }
            }
            /* A credit or byline closing the paragraph. The text before a
             * photo credit is its caption: kept (no article text is lost
             * when the guess is wrong), but not for summaries. */
            bool caption = false;
            if (j.tail && ln->s + j.tail > s) {
                size_t cs = ln->s + j.tail;
                size_t ce2 = cs;
                while (ce2 > s && space_len(t, ce2 - 1, e)) ce2--;
                if (ce2 > s) {
                    if ((rc = drop_push(cl, d, cs, e, j.tail_why))) break;
                    e = ce2;
                    caption = j.tail_why == R_CAPTION && f->nword <= MAX_JUDGED_WORDS;
                }
            }
            /* A short line right above a line of credits is their caption
             * ("Russell Square after the bombings." / "Image: Jane Roe."):
             * kept, but not for summaries. */
            if (k + 1 < blk && f->nword <= CAPTION_ABOVE_MAX_WORDS && F[k + 1].nword > 0 &&
                F[k + 1].nword <= CREDIT_LINE_MAX_WORDS && J[k + 1].ev[C_CAPTION] >= 1.6)
                caption = true;
            uint32_t fl = SENT_PARA_START;
            if (first_kept && f->nword <= HEADLINE_MAX_WORDS &&
                (!ends_terminal(t, ln->s, ln->e) ||
                 (strip_closers(t, ln->s, ln->e) > ln->s && t[strip_closers(t, ln->s, ln->e) - 1] != '.' &&
                  f->ncap * 2 >= f->nword)))
                fl |= SENT_HEADLINE;   /* also "A Title Like This?" */
            int cat;
            double sc = judge_score(&j, f, 0, &cat);
            /* A long paragraph is never noisy as a whole (its cues are
             * only at its head and tail): its sentences are judged one by
             * one (clean_sentence_flags). */
            if (((cat >= 0 && j.ev[cat] >= 0.5 && sc >= NOISY_AT) || j.post || caption) &&
                f->nword <= MAX_JUDGED_WORDS && !whole_doc)
                fl |= SENT_NOISY;
            if (s > ln->s) fl |= REGION_AFTER_CUT;
            first_kept = false;
            /* Inside the paragraph: page furniture after a sentence ("...
             * he said. Advertisement Continue reading the main story The
             * ..."), and credits in brackets or not. A photo's credit ends
             * its caption (cut with it at the head of the paragraph; after
             * a sentence the caption is the sentence before: kept, but not
             * for summaries); an agency's ("(CNN) ") opens the article. A
             * dateline may follow either ("(Associated Press) BERLIN (AP) -
             * "). Each cut ends a region; the paragraph goes on in the
             * next. */
            if (fur && fkind == FUR_CAPTION_NEXT) fl |= REGION_FIRST_CAPTION;
            para_split ps = {out, cl, d, para, fl, s};
            if (en && (rc = split_inside(&ps, t, e, highlights, video)) != MDSUM_OK) break;
            if (ps.from < e && !region_push(out, d, para++, ps.fl, ps.from, e)) return MDSUM_ENOMEM;
        }
        i = blk;
    }
    return rc;
}

/* ======================================================================
 * The stage
 * ====================================================================== */
static int split_lines(clean_state *st)
{
    mdsum_cluster *cl = st->cl;
    st->nlines = 0;
    void *v = st->doc_first;
    if (!grow_array(&st->ctx->alc, &v, &st->doc_first_cap, cl->ndocs + 1, sizeof *st->doc_first))
        return MDSUM_ENOMEM;
    st->doc_first = v;
    for (uint32_t d = 0; d < cl->ndocs; d++) {
        st->doc_first[d] = st->nlines;
        const char *t = cl->docs[d].text;
        size_t len = cl->docs[d].len, p = 0;
        while (p <= len) {
            const char *nlp = p < len ? memchr(t + p, '\n', len - p) : NULL;
            size_t le = nlp ? (size_t)(nlp - t) : len;
            size_t s = p, e = le;
            while (s < e && is_blank((unsigned char)t[s])) s++;
            while (e > s && is_blank((unsigned char)t[e - 1])) e--;
            void *lv = st->lines;
            if (!grow_array(&st->ctx->alc, &lv, &st->lines_cap, st->nlines + 1, sizeof *st->lines))
                return MDSUM_ENOMEM;
            st->lines = lv;
            line_rec *l = &st->lines[st->nlines++];
            l->s = s;
            l->e = e;
            l->hash = 0;
            l->letters = false;
            if (!nlp) break;
            p = le + 1;
        }
    }
    st->doc_first[cl->ndocs] = st->nlines;
    return MDSUM_OK;
}

static int count_shapes(clean_state *st)
{
    size_t need = 64;
    while (need < st->nlines * 2 + 2) need *= 2;
    if (need > st->hcap) {
        alc_free(&st->ctx->alc, st->h);
        st->h = alc_calloc(&st->ctx->alc, need, sizeof *st->h);
        if (!st->h) { st->hcap = 0; return MDSUM_ENOMEM; }
        st->hcap = need;
    } else {
        memset(st->h, 0, st->hcap * sizeof *st->h);
    }
    for (uint32_t d = 0; d < st->cl->ndocs; d++) {
        const char *t = st->cl->docs[d].text;
        for (size_t i = st->doc_first[d]; i < st->doc_first[d + 1]; i++) {
            line_rec *l = &st->lines[i];
            if (l->s == l->e) continue;
            l->hash = shape_hash(t, l->s, l->e, &l->letters);
            if (!l->hash) continue;
            hent *h = h_find(st, l->hash);
            h->key = l->hash;
            if (h->lastdoc != d + 1) {
                h->lastdoc = d + 1;
                h->ndocs++;
            }
        }
    }
    return MDSUM_OK;
}

/* Does any region from index `from` on hold a letter or digit? */
static bool any_word(const mdsum_cluster *cl, const region_vec *rv, size_t from)
{
    for (size_t r = from; r < rv->n; r++) {
        const char *t = cl->docs[rv->v[r].doc].text;
        for (size_t i = rv->v[r].start; i < rv->v[r].end;) {
            size_t n;
            int32_t cp;
            if (cp_word(t, i, rv->v[r].end, &n, &cp)) return true;
            i += n;
        }
    }
    return false;
}

int clean_cluster(mdsum_ctx *ctx, mdsum_cluster *cl, const lang_def *L, bool enabled,
                  region_vec *out)
{
    clean_state st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    st.cl = cl;
    st.L = L;
    st.env.en = strcmp(L->code, "en") == 0;
    st.tv.alc = &ctx->alc;
    int rc = MDSUM_OK;
    const clean_res *res = NULL;
    if (enabled) rc = clean_res_get(ctx, L, &res);
    if (res) {
        st.env.res = res;
        st.tb = st.env.en ? res->boiler : NULL;
    }
    if (rc == MDSUM_OK) rc = split_lines(&st);
    if (rc == MDSUM_OK && enabled) rc = count_shapes(&st);
    size_t regions0 = out->n, drops0 = cl->ndrops;
    for (uint32_t d = 0; d < cl->ndocs && rc == MDSUM_OK && enabled; d++) rc = clean_doc(&st, d, out);
    if (rc == MDSUM_OK && enabled && !any_word(cl, out, regions0)) {
        /* Everything looked like noise: a summary of noise beats none, so
         * the cluster goes through uncleaned. */
        out->n = regions0;
        cl->ndrops = drops0;
        enabled = false;
    }
    for (uint32_t d = 0; d < cl->ndocs && rc == MDSUM_OK && !enabled; d++) {
        /* No cleaning: the foundation's regions (wrapped blocks, else one
         * region per line; a first unpunctuated line is a headline). */
        const char *t = cl->docs[d].text;
        line_rec *ls = st.lines + st.doc_first[d];
        size_t nl = st.doc_first[d + 1] - st.doc_first[d], i = 0;
        uint32_t para = 0;
        bool first = true;
        while (i < nl && rc == MDSUM_OK) {
            if (ls[i].s == ls[i].e) { i++; continue; }
            size_t b = i;
            while (b < nl && ls[b].s != ls[b].e) b++;
            if (block_wrapped(t, ls, i, b)) {
                if (!region_push(out, d, para++, SENT_PARA_START | REGION_WRAPPED, ls[i].s, ls[b - 1].e))
                    rc = MDSUM_ENOMEM;
                first = false;
            } else {
                for (size_t k = i; k < b && rc == MDSUM_OK; k++) {
                    uint32_t fl = SENT_PARA_START;
                    if (first && !ends_terminal(t, ls[k].s, ls[k].e) &&
                        count_words(t, ls[k].s, ls[k].e) <= HEADLINE_MAX_WORDS)
                        fl |= SENT_HEADLINE;
                    first = false;
                    if (!region_push(out, d, para++, fl, ls[k].s, ls[k].e)) rc = MDSUM_ENOMEM;
                }
            }
            i = b;
        }
    }
    if (rc == MDSUM_ENOMEM) err_set(ctx, MDSUM_ENOMEM, "out of memory");
    alc_free(&ctx->alc, st.lines);
    alc_free(&ctx->alc, st.doc_first);
    alc_free(&ctx->alc, st.h);
    alc_free(&ctx->alc, st.tv.v);
    alc_free(&ctx->alc, st.feat);
    alc_free(&ctx->alc, st.jud);
    alc_free(&ctx->alc, st.mark);
    return rc;
}

/* ======================================================================
 * Sentences that cannot stand alone
 * ====================================================================== */
#define SENT_SCAN_TOKENS 96
#define LIST_TERM_MAX_WORDS 4

static bool core_in(const char *w, const ctok *k, const char *const *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (core_is_n(w, k, set[i], strlen(set[i]))) return true;
    return false;
}

static const char *const REPORT_VERBS[] = {
    "said", "says", "told", "tells", "added", "adds", "asked", "explained", "wrote", "writes",
    "recalled", "continued", "noted", "according", "stated", "insisted", "argued"
};
#define NREPORT_VERBS (sizeof REPORT_VERBS / sizeof *REPORT_VERBS)

/* Is a quotation attributed to a pronoun only ('"We will rebuild," she
 * said.', '"It is over," he told reporters, "for now."')? Who "she" is was
 * said before. */
static bool pronoun_attribution(const char *w, const ctok *tk, size_t n)
{
    static const char *const pron[] = {"he", "she", "they"};
    for (size_t q = 0; q + 2 < n; q++) {
        /* The quotation closes at the end of token q: '"', "''" or the
         * right double quotation mark after its core. */
        const ctok *k = &tk[q];
        size_t from = k->ce > k->cs ? k->ce : k->s;
        bool close = false;
        for (size_t i = from; i < k->e && !close; i++)
            close = w[i] == '"' || (w[i] == '\'' && i + 1 < k->e && w[i + 1] == '\'') ||
                    (i + 3 <= k->e && memcmp(w + i, "\xE2\x80\x9D", 3) == 0);
        if (!close || (q == 0 && k->ce == k->cs)) continue;   /* a lone opening mark */
        const ctok *a = &tk[q + 1], *b = &tk[q + 2];
        return (core_in(w, a, pron, 3) && core_in(w, b, REPORT_VERBS, NREPORT_VERBS)) ||
               (core_in(w, a, REPORT_VERBS, NREPORT_VERBS) && core_in(w, b, pron, 3));
    }
    return false;
}

/* The cue classes of a token, or of its word before an apostrophe ("He's",
 * "They've", "That's"); *contracted says which. */
static uint32_t lex_uncontracted(const char *w, const ctok *k, bool *contracted)
{
    size_t cn = k->ce - k->cs;
    *contracted = false;
    for (size_t i = 1; i < cn && i <= MAX_CORE; i++) {
        const char *p = w + k->cs + i;
        if (*p == '\'' || (i + 3 <= cn && memcmp(p, "\xE2\x80\x99", 3) == 0)) {
            char low[MAX_CORE + 1];
            for (size_t q = 0; q < i; q++) {
                unsigned char c = (unsigned char)w[k->cs + q];
                low[q] = (char)(is_upper_ascii(c) ? c + 32 : c);
            }
            low[i] = '\0';
            *contracted = true;
            return lex_find(low);
        }
    }
    return k->lex;
}

/* An opening subordinate clause whose subject is a third-person pronoun:
 * "If he", "When they", "Although her". Not "it" ("When it comes to"). */
static bool subordinate_pronoun(const char *w, const ctok *tk)
{
    static const char *const pron[] = {"he", "she", "they", "his", "her", "their", "him", "them"};
    if (!(tk[0].lex & LX_SUBORD) || (tk[0].f & TF_COMMA)) return false;
    if (tk[1].lex & LX_PRONOUN) {
        if (!core_in(w, &tk[1], pron, sizeof pron / sizeof *pron)) return false;
    } else {
        /* "While he's ...", "Because they've ..." */
        bool contracted;
        uint32_t lex = lex_uncontracted(w, &tk[1], &contracted);
        if (!contracted || !(lex & LX_PRONOUN)) return false;
        /* a contraction has two bytes or more: not "it's", "it'll" */
        if ((w[tk[1].cs] | 0x20) == 'i' && (w[tk[1].cs + 1] | 0x20) == 't') return false;
    }
    return true;
}

/* Does an English sentence open with a word that needs the previous
 * sentence: a connective ("But", "Meanwhile", "Here's") or a pronoun or
 * demonstrative ("He added", "They've", "This", "That's")? Not when the
 * demonstrative is a time ("This week"), when "it" is expletive ("It is
 * unclear whether ..."), for "So far", or when a quotation that opens
 * with a pronoun names its speaker ('"It's a fair deal," he said'). */
static bool dangling_start(const char *w, const ctok *tk, size_t n)
{
    static const char *const adj[] = {
        "unclear", "clear", "unknown", "known", "likely", "unlikely", "expected", "believed",
        "estimated", "possible", "impossible", "illegal", "uncertain", "understood", "thought"
    };
    static const char *const skip[] = {"not", "still", "yet", "immediately", "also", "now", "too"};
    const ctok *k = &tk[0];
    if (!(k->f & TF_CAP)) return false;
    if (n > 2 && subordinate_pronoun(w, tk)) {
        /* "If he had voted, it would have been against the donation",
         * "Since his retirement, he has ...": the person was named before,
         * unless the main clause names them ("When she was 12, Jane Roe
         * ...", "... , the singer ..."). */
        size_t q = 2;
        while (q < n && !(tk[q].f & TF_COMMA)) q++;
        bool contracted;
        return q + 1 < n && (lex_uncontracted(w, &tk[q + 1], &contracted) & LX_PRONOUN) &&
               !(tk[q + 1].f & TF_QOPEN);
    }
    bool contracted;
    uint32_t lex = lex_uncontracted(w, k, &contracted);
    if (lex & LX_CONNECTIVE) return !(CORE_IS(w, k, "so") && n > 1 && CORE_IS(w, &tk[1], "far"));
    if (!(lex & (LX_PRONOUN | LX_DEMONSTR))) return false;
    if ((lex & LX_DEMONSTR) && !contracted && n > 1 && (tk[1].lex & LX_TIMENOUN)) return false;
    if (CORE_IS(w, k, "it") || (contracted && (CORE_IS(w, k, "it's") || CORE_IS(w, k, "it\xE2\x80\x99s")))) {
        size_t j = 1;
        if (!contracted) {
            if (n > 1 && (CORE_IS(w, &tk[1], "is") || CORE_IS(w, &tk[1], "was") ||
                          CORE_IS(w, &tk[1], "remains") || CORE_IS(w, &tk[1], "remained")))
                j = 2;
            else
                j = n;
        }
        while (j < n && core_in(w, &tk[j], skip, sizeof skip / sizeof *skip)) j++;
        if (j < n && core_in(w, &tk[j], adj, sizeof adj / sizeof *adj)) return false;
    }
    if (k->f & TF_QOPEN) {
        for (size_t q = 1; q < n; q++)
            if (core_in(w, &tk[q], REPORT_VERBS, NREPORT_VERBS)) return false;
    }
    return true;
}

/* Does the sentence open with a past participle of report or belief
 * (after an adverb, at most: "Initially", "Widely"), then "to", "as" or
 * "by"? */
static bool subjectless(const char *w, const ctok *tk, size_t n)
{
    static const char *const adv[] = {
        "initially", "originally", "widely", "previously", "reportedly", "allegedly", "generally",
        "commonly", "formerly", "often", "also", "later", "once", "long", "first", "still", "falsely",
        "wrongly", "mistakenly", "now"
    };
    size_t i = 0;
    if (n < 2) return false;
    if (!(tk[0].lex & LX_PARTICIPLE)) {
        if (n < 3 || !(tk[1].lex & LX_PARTICIPLE) || !(tk[1].f & TF_LOWER) || (tk[0].f & TF_COMMA) ||
            !core_in(w, &tk[0], adv, sizeof adv / sizeof *adv))
            return false;
        i = 1;
    }
    if (!(tk[i].f & (i ? TF_LOWER : TF_CAP))) return false;
    return CORE_IS(w, &tk[i + 1], "to") || CORE_IS(w, &tk[i + 1], "as") || CORE_IS(w, &tk[i + 1], "by");
}

/* The AP's notes under a story, after a rule of underscores: "___
 * Information from: The Sun Chronicle", "___ This story has been
 * corrected to show ...", or a live page's stamp with nothing after it
 * ("___ 8: 50 a.m."). */
static bool ap_note(const char *w, size_t len)
{
    size_t i = 0, k;
    while (i < len && w[i] == '_') i++;
    if (i < 2) return false;
    i = skip_blanks(w, i, len);
    if (words_at(w, i, len, "information from:")) return true;
    if ((k = words_at(w, i, len, "this story has been")) || (k = words_at(w, i, len, "this story was")))
        return word_at(w, k, len, "corrected") || word_at(w, k, len, "changed") || word_at(w, k, len, "updated");
    return (k = clock_at(w, i, len)) != 0 && k >= len;
}

/* ABC News' topic widget, glued to its article: "Interested in Mexico?"
 * and "Add Mexico as an interest to stay up to date on the latest Mexico
 * news, video, and analysis from ABC News." (the topic may be empty). */
static bool topic_widget(const char *w, size_t len)
{
    if (ascii_starts_ci(w, len, "interested in ")) return w[len - 1] == '?' && blank_words(w, len) <= 7;
    return ascii_starts_ci(w, len, "add ") && ascii_has_ci(w, len, " as an interest to stay up to date");
}

/* A web archive's notice where a page failed to load, as the Multi-News
 * sources hold hundreds ("The seed for this crawl was a list of every host
 * in the Wayback Machine ...", "These crawls are part of an effort to
 * archive pages ..."): "crawl" and one of the archives' own words, or
 * the Internet Archive's own sentences about its archived pages (and the
 * last, "The goal is to fix all broken links on the web."). */
static bool archive_notice(const char *w, size_t len)
{
    /* The two words' 'w' and 'v' first: most sentences have neither. */
    bool archive = false, live = false;
    for (const char *c = w, *ce = w + len; (c = memchr(c, 'v', (size_t)(ce - c))) != NULL; c++) {
        size_t v = (size_t)(c - w);
        if (v >= 5 && at_ci(w, v - 5, len, "archiv")) archive = true;
        if (v >= 2 && at_ci(w, v - 2, len, "live wh")) live = true;
    }
    if ((archive && ascii_has_ci(w, len, "internet archive hopes")) ||
        (live && ascii_has_ci(w, len, "was live when the page was written")))
        return true;
    /* The same notice's last sentence, once glued sentences are split: "The
     * goal is to fix all broken links on the web." */
    for (const char *c = w, *ce = w + len; (c = memchr(c, 'k', (size_t)(ce - c))) != NULL; c++)
        if (c >= w + 3 && at_ci(w, (size_t)(c - w) - 3, len, "broken links on the web")) return true;
    static const char *const mark[] = {
        "wayback machine", "internet archive", "archive-it", "warc", "seed", "end of term", "no more 404",
        "alexa internet", "webcrawl", "web crawl", "archive pages", "archived pages", "crawl start date",
        "crawl data", "crawler", "outlinks", "embedded and linked objects", "partner institutions",
        "gdelt", "captures"};
    bool crawl = false;
    for (const char *c = w, *ce = w + len; !crawl && (c = memchr(c, 'w', (size_t)(ce - c))) != NULL; c++)
        crawl = c >= w + 3 && at_ci(w, (size_t)(c - w) - 3, len, "crawl");
    if (!crawl) return false;
    for (size_t k = 0; k < sizeof mark / sizeof *mark; k++)
        if (ascii_has_ci(w, len, mark[k])) return true;
    return false;
}

/* A photo caption by its date, in the agencies' style: it ends with a
 * place and the date with no preposition before it ("... in Kabul,
 * Afghanistan, Wednesday, June 29, 2011.", "... in New York May 18,
 * 2012."), where news says "on June 29, 2011"; and it has no finite
 * verb of news ("said", "was", "will") but in a relative clause ("...
 * who were killed") or the present passive of captions ("is seen", "are
 * parked"). */
static bool dated_caption(const char *w, size_t len, const ctok *tk, size_t n)
{
    static const char *const before[] = {"about", "after", "and", "around", "as", "at", "before", "between",
                                         "by", "dated", "early", "from", "in", "late", "of", "on", "since",
                                         "than", "through", "till", "to", "until"};
    if (n < 8 || memchr(w, '"', len)) return false;
    const ctok *y = &tk[n - 1], *d = &tk[n - 2], *m = &tk[n - 3], *b = &tk[n - 4];
    if (!(y->f & TF_FINAL) || !(y->f & TF_DIGIT) || y->ce - y->cs != 4) return false;
    if (!(d->f & TF_DIGIT) || !(d->f & TF_COMMA) || d->ce - d->cs > 2 || !(m->lex & LX_MONTH)) return false;
    if (b->f & TF_VERB) return false;   /* "... the quarter ended June 30, 2014." */
    for (size_t k = 0; k < sizeof before / sizeof *before; k++)
        if (core_is_n(w, b, before[k], strlen(before[k]))) return false;
    for (size_t i = 0; i + 4 < n; i++) {
        if (!(tk[i].lex & LX_VERB)) continue;
        if (CORE_IS(w, &tk[i], "is") || CORE_IS(w, &tk[i], "are")) {
            i++;   /* and its participle */
            continue;
        }
        if (i > 0 && (CORE_IS(w, &tk[i - 1], "who") || CORE_IS(w, &tk[i - 1], "which") ||
                      CORE_IS(w, &tk[i - 1], "that"))) {
            i++;   /* and its participle: "which was built" */
            continue;
        }
        return false;
    }
    return true;
}

/* A photo caption by its grammar: a subject, then a caption verb in the
 * present tense ("A woman waves the flag during a protest", "Firefighters
 * carry a victim ..."), with no finite verb of a news sentence (said, was,
 * has ...), no pronoun, connective or relative word before the verb ("At
 * first she reacts", "Putin then speaks", "a tracker that speaks to you")
 * and no quotation. News is told in the past tense. Verbs that present-
 * tense prose also uses ("stands", "sits", "carries", "holds", "looks",
 * "delivers", "reports") count only with a caption's date or "during". */
static bool caption_grammar(const char *w, size_t len, const ctok *tk, size_t n)
{
    if (n < 4 || n > 35 || (tk[0].f & TF_QOPEN)) return false;
    if (memchr(w, '"', len)) return false;
    if (tk[0].lex & (LX_PRONOUN | LX_CONNECTIVE | LX_DEMONSTR)) return false;
    size_t v = n;
    for (size_t i = 1; i < n && i < 9; i++) {
        if ((tk[i].lex & (LX_VERB | LX_PRONOUN | LX_CONNECTIVE | LX_DEMONSTR)) || (tk[i].f & TF_VERB) ||
            CORE_IS(w, &tk[i], "who") || CORE_IS(w, &tk[i], "which"))
            return false;
        if ((tk[i].lex & LX_CAPVERB) && !(tk[i].f & TF_CAP) && !CORE_IS(w, &tk[i], "reports")) {
            v = i;
            break;
        }
        if (tk[i].f & (TF_FINAL | TF_COLON)) return false;
    }
    if (v == n || (tk[v].f & (TF_COMMA | TF_FINAL))) return false;   /* "24-foot waves," */
    bool weak = CORE_IS(w, &tk[v], "stands") || CORE_IS(w, &tk[v], "sits") || CORE_IS(w, &tk[v], "carries") ||
                CORE_IS(w, &tk[v], "holds") || CORE_IS(w, &tk[v], "looks") || CORE_IS(w, &tk[v], "delivers");
    bool dated = false;
    for (size_t i = v + 1; i < n; i++) {
        if ((tk[i].lex & LX_VERB) || at_seq(w, tk[i].s, len, "\xE2\x80\x9C", 3)) return false;
        /* "Tuesday, Jan. 5" or "Jan. 5": not "the sun" */
        if (((tk[i].lex & LX_MONTH) && i + 1 < n && (tk[i + 1].f & TF_DIGIT)) ||
            ((tk[i].lex & LX_WEEKDAY) && (tk[i].f & TF_COMMA)) || CORE_IS(w, &tk[i], "during"))
            dated = true;
    }
    return !weak || dated;
}

uint32_t clean_sentence_flags(const mdsum_ctx *ctx, const lang_def *L, const char *text, size_t start,
                              size_t end, unsigned how)
{
    bool whole = (how & CSF_WHOLE) != 0;
    if (start >= end) return 0;
    uint32_t fl = 0;
    const char *w = text + start;
    size_t len = end - start;
    unsigned char c0 = (unsigned char)w[0];
    /* Lower case, also after an opening bracket or stray punctuation
     * ("(up; under Title VII) authorizing ...", ". in question ..."). */
    size_t l0 = 0;
    while (l0 < len && l0 < 4 && memchr("([{.,;: ", w[l0], 8)) l0++;
    if (l0 < len && is_lower_ascii((unsigned char)w[l0]) && !(l0 == 0 && (how & CSF_AFTER_CUT))) fl |= SENT_FRAGMENT;
    if (!ends_final(w, 0, len) || ends_ellipsis(w, 0, len)) fl |= SENT_UNFINISHED;
    const clean_res *res = ctx->clean && ctx->clean->L == L ? ctx->clean : NULL;
    scan_env env = {res, res && strcmp(L->code, "en") == 0};
    /* The noise judge needs every token of a sentence short enough to be
     * noise; the opening cues need a few (all of a quotation, to find its
     * speaker). */
    size_t qw = blank_words(w, len);
    bool judged = !whole && qw <= MAX_JUDGED_WORDS;
    size_t max = judged || c0 == '"' || c0 == '`' || at_seq(w, 0, len, "\xE2\x80\x9C", 3) ? SENT_SCAN_TOKENS : 8;
    ctok tk[SENT_SCAN_TOKENS];
    size_t n = 0;
    bool trunc = false;
    for (size_t i = 0; i < len;) {
        size_t sl;
        while (i < len && (sl = space_len(w, i, len)) != 0) i += sl;
        if (i >= len) break;
        size_t b = i;
        while (i < len && space_len(w, i, len) == 0) i++;
        if (n == max) {
            /* Where the subject of an opening clause is a pronoun, the
             * main clause decides (dangling_start). */
            if (max < SENT_SCAN_TOKENS && env.en && subordinate_pronoun(w, tk)) {
                max = SENT_SCAN_TOKENS;
            } else {
                trunc = true;
                break;
            }
        }
        tk[n].s = (uint32_t)b;
        tk[n].e = (uint32_t)i;
        tok_classify_c(w, 0, &tk[n], &env);
        n++;
    }
    if (n == 0) return fl;
    if (env.en && (archive_notice(w, len) || (w[0] == '_' && ap_note(w, len)) ||
                   (((w[0] | 0x20) == 'i' || (w[0] | 0x20) == 'a') && topic_widget(w, len))))
        fl |= SENT_NOISY;
    if (env.en && (dangling_start(w, tk, n) ||
                   (((tk[0].f & TF_QOPEN) || c0 == '`') && pronoun_attribution(w, tk, n))))
        fl |= SENT_DANGLING;
    /* An unbalanced quotation: the quote goes on in the next sentence (or
     * began in the previous one). */
    size_t straight = 0, open = 0, close = 0;
    for (const char *p = w, *pe = w + len; (p = memchr(p, '"', (size_t)(pe - p))) != NULL; p++) straight++;
    for (const char *p = w, *pe = w + len; (p = memchr(p, 0xE2, (size_t)(pe - p))) != NULL; p++) {
        size_t i = (size_t)(p - w);
        if (at_seq(w, i, len, "\xE2\x80\x9C", 3)) open++;
        else if (at_seq(w, i, len, "\xE2\x80\x9D", 3)) close++;
    }
    if ((straight & 1) || open != close) fl |= SENT_FRAGMENT;
    /* A list entry of a term and its gloss ("* Sri Lanka - approximately
     * 28,500", "* AP - "confirmed death toll ..."", "• Cost: $5"). */
    if (n > 2 && ((tk[0].e - tk[0].s == 1 && (w[tk[0].s] == '*' || w[tk[0].s] == '-')) ||
                  at_seq(w, tk[0].s, len, "\xE2\x80\xA2", 3))) {
        for (size_t q = 1; q < n && q <= LIST_TERM_MAX_WORDS + 1; q++)
            if ((q > 1 && (tk[q].f & TF_DASH)) || (tk[q].f & TF_COLON)) {
                fl |= SENT_FRAGMENT;
                break;
            }
    }
    /* A clause without its subject ("Initially thought to have been the
     * bomber.", "Described as a quiet man."): the subject was in the
     * sentence before. With a comma the subject may follow ("Born in
     * Leeds, she ..."). */
    if (env.en && subjectless(w, tk, n) && !memchr(w, ',', len)) fl |= SENT_FRAGMENT;
    /* A question (outside a quotation) asks more than it tells. */
    size_t qe = strip_closers(w, 0, len);
    if (qe > 0 && w[qe - 1] == '?' && !(tk[0].f & TF_QOPEN)) {
        fl |= SENT_FRAGMENT;
        /* ... and one put to the reader ("What do you think?", "So, what
         * are you waiting for?") is a prompt, not the article's. */
        if (env.en && n <= 15 && !trunc)
            for (size_t i = 0; i < n; i++)
                if (CORE_IS(w, &tk[i], "you") || CORE_IS(w, &tk[i], "your")) {
                    fl |= SENT_NOISY;
                    break;
                }
    }
    /* A learned boilerplate shape inside a longer line (the table's shapes
     * are short: longer sentences cannot match whole). */
    if (res && res->boiler && env.en && !(fl & SENT_NOISY)) {
        if (qw >= SHAPE_MIN_WORDS && qw <= SHAPE_MAX_WORDS + 2 && shape_known(res->boiler, w, 0, len))
            fl |= SENT_NOISY;
    }
    if (judged && !trunc) {
        lfeat f;
        judge j;
        line_features(w, len, tk, n, false, &env, &f);
        judge_line(w, len, tk, n, &f, env.en, &j);
        int cat;
        double sc = judge_score(&j, &f, 0, &cat);
        if ((cat >= 0 && j.ev[cat] >= 0.5 && sc >= NOISY_AT) || j.post) fl |= SENT_NOISY;
        /* A dateline left at the start of a sentence. */
        bool alone;
        if (dateline_prefix(w, 0, len, &alone)) fl |= SENT_NOISY;
        if (env.en && (caption_grammar(w, len, tk, n) || dated_caption(w, len, tk, n))) fl |= SENT_NOISY;
    }
    return fl;
}

/* ======================================================================
 * Building the learned table: mdsum_boilerplate_builder
 * ====================================================================== */
struct mdsum_boilerplate_builder {
    mdsum_ctx *ctx;
    const lang_def *L;
    arena ar;
    strmap shapes;
    uint32_t *count;      /* clusters holding the shape */
    uint32_t *last;       /* last cluster that counted it */
    double *overlap;      /* summed overlap with the reference */
    uint8_t *content;     /* has a content word */
    size_t cap;
    uint32_t nclusters;
    arena refar;
    strmap ref;           /* words of the current reference */
    bool have_ref;
    int rc;
};

int mdsum_boilerplate_builder_new(mdsum_ctx *ctx, const char *lang, mdsum_boilerplate_builder **out)
{
    if (!ctx || !out) return err_set(ctx, MDSUM_EINVAL, "invalid argument");
    *out = NULL;
    const lang_def *L = lang_find(lang ? lang : "en");
    if (!L) return err_set(ctx, MDSUM_ELANG, "unsupported language '%s'", lang);
    mdsum_boilerplate_builder *b = alc_calloc(&ctx->alc, 1, sizeof *b);
    if (!b) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    b->ctx = ctx;
    b->L = L;
    arena_init(&b->ar, &ctx->alc);
    strmap_init(&b->shapes, &ctx->alc, &b->ar);
    arena_init(&b->refar, &ctx->alc);
    strmap_init(&b->ref, &ctx->alc, &b->refar);
    *out = b;
    return MDSUM_OK;
}

void mdsum_boilerplate_builder_free(mdsum_boilerplate_builder *b)
{
    if (!b) return;
    const alc_t *alc = &b->ctx->alc;
    strmap_fini(&b->shapes);
    strmap_fini(&b->ref);
    alc_free(alc, b->count);
    alc_free(alc, b->last);
    alc_free(alc, b->overlap);
    alc_free(alc, b->content);
    arena_fini(&b->ar);
    arena_fini(&b->refar);
    alc_free(alc, b);
}

/* Words of a shape: calls fn for each (space separated). */
static bool shape_word_content(const lang_def *L, const char *wd, size_t n)
{
    if (n < 2) return false;
    bool digits = true;
    for (size_t i = 0; i < n; i++)
        if (wd[i] != '0') digits = false;
    if (digits) return false;
    return !lang_is_stopword(L, wd, n);
}

static bool builder_unit(void *ud, size_t s, size_t e);

typedef struct unit_ctx {
    mdsum_boilerplate_builder *b;
    const char *t;
    size_t cut_end;       /* a unit ending here is the fragment left by a
                             truncated document: skipped */
} unit_ctx;

static bool builder_unit(void *ud, size_t s, size_t e)
{
    unit_ctx *u = ud;
    mdsum_boilerplate_builder *b = u->b;
    if (e == u->cut_end) return true;
    char buf[SHAPE_MAX];
    size_t words = 0;
    size_t n = shape_write(u->t, s, e, true, buf, &words);
    if (n == SIZE_MAX || words < SHAPE_MIN_WORDS || words > SHAPE_MAX_WORDS) return true;
    int64_t id = strmap_intern(&b->shapes, buf, n);
    if (id < 0) { b->rc = MDSUM_ENOMEM; return false; }
    if ((size_t)id >= b->cap) {
        size_t c1 = b->cap, c2 = b->cap, c3 = b->cap, c4 = b->cap;
        void *p1 = b->count, *p2 = b->last, *p3 = b->overlap, *p4 = b->content;
        if (!grow_array(&b->ctx->alc, &p1, &c1, (size_t)id + 1, sizeof *b->count)) { b->rc = MDSUM_ENOMEM; return false; }
        b->count = p1;
        if (!grow_array(&b->ctx->alc, &p2, &c2, (size_t)id + 1, sizeof *b->last)) { b->rc = MDSUM_ENOMEM; return false; }
        b->last = p2;
        if (!grow_array(&b->ctx->alc, &p3, &c3, (size_t)id + 1, sizeof *b->overlap)) { b->rc = MDSUM_ENOMEM; return false; }
        b->overlap = p3;
        if (!grow_array(&b->ctx->alc, &p4, &c4, (size_t)id + 1, sizeof *b->content)) { b->rc = MDSUM_ENOMEM; return false; }
        b->content = p4;
        memset(b->count + b->cap, 0, (c1 - b->cap) * sizeof *b->count);
        memset(b->last + b->cap, 0, (c1 - b->cap) * sizeof *b->last);
        memset(b->overlap + b->cap, 0, (c1 - b->cap) * sizeof *b->overlap);
        memset(b->content + b->cap, 0, (c1 - b->cap) * sizeof *b->content);
        b->cap = c1;
    }
    if (b->last[id] == b->nclusters) return true;
    b->last[id] = b->nclusters;
    b->count[id]++;
    /* Content words and their overlap with the reference summary. */
    size_t content = 0, hit = 0, p = 0;
    while (p < n) {
        size_t q = p;
        while (q < n && buf[q] != ' ') q++;
        if (shape_word_content(b->L, buf + p, q - p)) {
            content++;
            if (b->have_ref && strmap_find(&b->ref, buf + p, q - p) >= 0) hit++;
        }
        p = q + 1;
    }
    if (content) {
        b->content[id] = 1;
        b->overlap[id] += (double)hit / (double)content;
    }
    return true;
}

int mdsum_boilerplate_builder_add(mdsum_boilerplate_builder *b, const mdsum_cluster *cl,
                                  const char *reference, size_t reference_len)
{
    if (!b || !cl || (!reference && reference_len)) return MDSUM_EINVAL;
    mdsum_ctx *ctx = b->ctx;
    if (b->nclusters == UINT32_MAX - 1) return err_set(ctx, MDSUM_ELIMIT, "too many clusters");
    if (reference && utf8_check(reference, reference_len, false) < reference_len)
        return err_set(ctx, MDSUM_EUTF8, "invalid UTF-8 in the reference summary");
    b->nclusters++;
    b->rc = MDSUM_OK;
    strmap_clear(&b->ref);
    arena_reset(&b->refar);
    b->have_ref = reference != NULL;
    if (reference) {
        /* Reference words, shaped like the units (lower case, digits 0). */
        size_t i = 0;
        while (i < reference_len) {
            size_t n;
            int32_t cp;
            while (i < reference_len && !cp_word(reference, i, reference_len, &n, &cp)) i += n;
            size_t s = i;
            while (i < reference_len && cp_word(reference, i, reference_len, &n, &cp)) i += n;
            if (i > s) {
                char buf[SHAPE_MAX];
                size_t words;
                size_t len = shape_write(reference, s, i, true, buf, &words);
                if (len != SIZE_MAX && strmap_intern(&b->ref, buf, len) < 0)
                    return err_set(ctx, MDSUM_ENOMEM, "out of memory");
            }
        }
    }
    for (size_t d = 0; d < cl->ndocs; d++) {
        const char *t = cl->docs[d].text;
        size_t len = cl->docs[d].len, p = 0;
        /* The Multi-News sources are cut after a word budget: the last unit
         * of a document without final punctuation is a fragment ("... said
         * Mr"), and fragments recur across clusters for no good reason. */
        size_t end = len;
        while (end > 0 && (is_blank((unsigned char)t[end - 1]) || t[end - 1] == '\n')) end--;
        unit_ctx u = {b, t, end > 0 && !ends_final(t, 0, end) ? end : SIZE_MAX};
        while (p < len) {
            const char *nlp = memchr(t + p, '\n', len - p);
            size_t le = nlp ? (size_t)(nlp - t) : len;
            size_t s = p, e = le;
            while (s < e && is_blank((unsigned char)t[s])) s++;
            while (e > s && is_blank((unsigned char)t[e - 1])) e--;
            if (e > s && !for_each_unit(t, s, e, builder_unit, &u)) break;
            p = le + 1;
        }
        if (b->rc) return err_set(ctx, b->rc, "out of memory");
    }
    return MDSUM_OK;
}

/* Does the shape address its reader or name the site's machinery: "you",
 * "your", "we", "our", "us", "please", or a word of the lexicon's classes
 * for a call to action's object ("newsletter", "cookies", "javascript"),
 * social networks, ads and legal lines? English only. Verbs ("get",
 * "comment") and page words ("more", "video") also occur in news and are
 * not enough. */
static bool shape_site_word(const char *shape, size_t len, bool en)
{
    static const char *const reader[] = {"our", "please", "us", "we", "you", "your"};
    const uint32_t site = LX_CTAOBJ | LX_SOCIAL | LX_AD | LX_LEGAL;
    for (size_t i = 0; en && i < len; i = skip_word(shape, i, len)) {
        if (WORD_IN(shape, i, len, reader)) return true;
        size_t j = i;
        while (j < len && shape[j] != ' ') j++;
        char w[32];
        if (j - i < sizeof w) {
            memcpy(w, shape + i, j - i);
            w[j - i] = '\0';
            if (lex_find(w) & site) return true;
        }
    }
    return false;
}

/* How many clusters a shape of `words` words that names the site needs:
 * half of `min_clusters` for four or five words, a quarter for six or
 * more, never fewer than two (one page is not a pattern). */
static unsigned long site_min_clusters(unsigned long min_clusters, size_t words)
{
    unsigned long div = words <= 5 ? 2 : 4;
    unsigned long need = (min_clusters + div - 1) / div, floor = min_clusters < 2 ? min_clusters : 2;
    return need > floor ? need : floor;
}

/* How many clusters a shape must occur in: `min_clusters`, except for a
 * shape of four words or more that addresses its reader or names the
 * site's machinery (shape_site_word, site_min_clusters). A short shape
 * recurs by chance ("he did not elaborate"); a long one that recurs word
 * for word in unrelated clusters and talks about the site is its template
 * ("thank you for signing up", "our journalism takes a lot of time, effort
 * and hard work to produce"). Without the site word, a long shape in a few
 * clusters may be news that a page's sidebar carried into unrelated
 * clusters, and news has no place in the table (docs/cleaning.md, "The
 * learned table"). */
static unsigned long shape_min_clusters(unsigned long min_clusters, const char *shape, size_t len, bool en)
{
    size_t words = blank_words(shape, len);
    if (words <= 3 || !shape_site_word(shape, len, en)) return min_clusters;
    return site_min_clusters(min_clusters, words);
}

/* Most clusters first, then byte order of the shapes. */
static int cmp_shape_ids(const void *x, const void *y, void *ud)
{
    const mdsum_boilerplate_builder *b = ud;
    uint32_t i = *(const uint32_t *)x, j = *(const uint32_t *)y;
    if (b->count[i] != b->count[j]) return b->count[i] > b->count[j] ? -1 : 1;
    return strmap_cmp(&b->shapes, i, j);
}

int mdsum_boilerplate_builder_write(mdsum_boilerplate_builder *b, unsigned long min_clusters,
                                    double max_overlap, char **out, size_t *out_len)
{
    if (!b || !out || !out_len || !(max_overlap >= 0 && max_overlap <= 1)) return MDSUM_EINVAL;
    mdsum_ctx *ctx = b->ctx;
    *out = NULL;
    *out_len = 0;
    size_t n = b->shapes.n;
    uint32_t *ids = alc_calloc(&ctx->alc, n ? n : 1, sizeof *ids);
    if (!ids) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    size_t k = 0;
    bool en = strcmp(b->L->code, "en") == 0;
    for (size_t i = 0; i < n; i++) {
        if (b->count[i] < shape_min_clusters(min_clusters, strmap_str(&b->shapes, (uint32_t)i),
                                             strmap_len(&b->shapes, (uint32_t)i), en) ||
            !b->content[i])
            continue;
        if (b->overlap[i] / b->count[i] > max_overlap + 1e-9) continue;
        ids[k++] = (uint32_t)i;
    }
    sort_r(ids, k, sizeof *ids, cmp_shape_ids, b);
    strbuf o;
    buf_init(&o, &ctx->alc);
    /* min-clusters: for any shape, and for shapes of 4-5 and 6+ words that
     * name the site. */
    buf_printf(&o, "# mdsum-boilerplate 1 lang=%s clusters=%u min-clusters=%lu,%lu,%lu max-overlap=%g\n",
               b->L->code, b->nclusters, min_clusters, en ? site_min_clusters(min_clusters, 4) : min_clusters,
               en ? site_min_clusters(min_clusters, 6) : min_clusters, max_overlap);
    buf_puts(&o, "# shape<TAB>clusters<TAB>mean overlap of its content words with the reference\n");
    for (size_t i = 0; i < k; i++) {
        uint32_t id = ids[i];
        buf_append(&o, strmap_str(&b->shapes, id), strmap_len(&b->shapes, id));
        buf_printf(&o, "\t%u\t%.2f\n", b->count[id], b->overlap[id] / b->count[id]);
    }
    alc_free(&ctx->alc, ids);
    char *p = buf_detach(&o, out_len);   /* NULL when an append failed */
    buf_fini(&o);
    if (!p) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
    *out = p;
    return MDSUM_OK;
}
