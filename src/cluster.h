/*
 * cluster.h -- the cluster object and its analysis, shared by the stages.
 *
 * Documents are copied into `ar`; the analysis (sentences, term ids,
 * vectors) lives in `an`, which is emptied when the cluster is analysed
 * again with other settings. All indexes are 32-bit: the input limits
 * (docs/limits.md) keep counts far below 2^32.
 */
#ifndef MDSUM_CLUSTER_H
#define MDSUM_CLUSTER_H

#include "internal.h"

typedef struct doc_rec {
    const char *id, *title, *date, *url, *site, *author;
    const char *text;
    size_t len;
} doc_rec;

/* Sentence flags (set by the cleaner and the analysis). */
#define SENT_HEADLINE  0x01u  /* the document's first line, a title */
#define SENT_PARA_START 0x02u /* first sentence of a paragraph */
/* Set by the cleaner (clean.c), only when cleaning is on: sentences that
 * cannot stand alone in a summary. They stay in the cluster (centrality,
 * support) but select_candidate() refuses them. */
#define SENT_FRAGMENT  0x04u  /* starts in lower case, a question, an
                                 unbalanced quotation */
#define SENT_DANGLING  0x08u  /* opens with "But", "He", "This"... (English) */
#define SENT_NOISY     0x10u  /* caption, credit, byline, prompt kept by the cleaner */
#define SENT_UNFINISHED 0x20u /* no final . ! ? (a title, a link, a cut text) */
#define SENT_NOT_CANDIDATE (SENT_HEADLINE | SENT_FRAGMENT | SENT_DANGLING | SENT_NOISY | SENT_UNFINISHED)

typedef struct sent_rec {
    uint32_t doc;         /* document index */
    uint32_t index;       /* sentence index within the document */
    uint32_t para;        /* paragraph index within the document */
    uint32_t flags;
    size_t start, end;    /* bytes in the document text */
    uint32_t tok_off;     /* first token in cluster->toks */
    uint32_t ntok;        /* tokens (stopwords included) */
    uint32_t words;       /* white-space separated words (the budget unit) */
    uint32_t vec_off;     /* first entry in cluster->vec */
    uint32_t nvec;        /* entries (distinct non-stopword terms) */
    double norm;          /* Euclidean norm of the TF-IDF vector */
} sent_rec;

#define TOK_STOP 0x80000000u
#define TOK_ID(t) ((t) & 0x7fffffffu)

typedef struct vec_ent {
    uint32_t term;
    float w;              /* tf * idf */
} vec_ent;

typedef struct term_rec {
    double idf;           /* background (or in-cluster) idf */
    uint32_t df;          /* documents of the cluster holding the term */
    uint32_t tf;          /* occurrences in the cluster */
    uint8_t stop;         /* every occurrence is a stopword */
} term_rec;

typedef struct drop_rec {
    uint32_t doc;
    size_t start, end;
    const char *reason;   /* static string */
} drop_rec;

struct mdsum_cluster {
    mdsum_ctx *ctx;
    arena ar;             /* documents and the id */
    char *id;
    doc_rec *docs;
    size_t ndocs, docs_cap;

    /* ---- analysis (in `an`) ---- */
    arena an;
    bool analyzed;
    const lang_def *lang;
    unsigned aflags;      /* option flags the analysis was made with */
    const void *aidf;     /* the IDF table it was made with */
    sent_rec *sents;
    size_t nsents, sents_cap;
    uint32_t *toks;       /* term ids of all sentences, in order; TOK_STOP
                             marks a stopword occurrence */
    size_t ntoks, toks_cap;
    strmap terms;         /* term string <-> id (strings in `an`) */
    term_rec *term;       /* per term id */
    const uint32_t *gid;  /* per term id: its id in the language resources
                             (TOKEN_NO_ID without one), valid while their
                             generation is gid_gen (lang_res_generation) */
    uint64_t gid_gen;
    vec_ent *vec;         /* sentence vectors, sorted by term within each */
    size_t nvec;
    drop_rec *drops;
    size_t ndrops, drops_cap;
};

/* Add a document whose fields are already checked; copies into `ar`. */
int cluster_add_checked(mdsum_cluster *cl, const mdsum_doc *doc, unsigned flags);

/* Drop the analysis (keeps the documents). */
void cluster_reset_analysis(mdsum_cluster *cl);

#endif
