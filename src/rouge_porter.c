/*
 * rouge_porter.c -- the Porter stemmer exactly as ROUGE-1.5.5 runs it.
 *
 * Source: M. F. Porter, "An algorithm for suffix stripping", Program 14(3),
 * 130-137, 1980, in the form of Porter's own Perl release 1, which
 * ROUGE-1.5.5 (C.-Y. Lin, 2004) embeds with one change in step 4. That
 * Perl code states every condition as a regular expression over the
 * classes
 *     c = [^aeiou]   v = [aeiouy]   C = c[^aeiouy]*   V = v[aeiou]*
 *     m>0: ^(C)?VC      m=1: ^(C)?VC(V)?$      m>1: ^(C)?VCVC
 *     *v*: ^(C)?v       *o: ^Cv[^aeiouwxy]$
 * and those patterns are not quite Porter's measure (y is a consonant for
 * c but a vowel for v, digits are consonants, an initial y is upper-cased
 * to Y so that it counts as a consonant). To reproduce the script byte
 * for byte this file evaluates the same patterns with a small backtracking
 * matcher instead of computing m. The steps:
 *   1a  sses -> ss; ies -> i; else a final s after a non-s is dropped.
 *   1b  eed -> ee if m>0 before it; else ed|ing is dropped if *v* before
 *       it, then at|bl|iz -> +e, a double consonant other than l s z is
 *       halved, or *o -> +e.
 *   1c  y -> i if *v* before it.
 *   2   the longest of ational tional enci anci izer bli alli entli eli
 *       ousli ization ation ator alism iveness fulness ousness aliti iviti
 *       biliti logi is replaced (ate tion ence ance ize ble al ent e ous ize
 *       ate ate al ive ful ous al ive ble log) if m>0 before it.
 *   3   icate ative alize iciti ical ful ness -> ic - al ic ic - - if m>0.
 *   4   (Lin's version) the longest of al ance ence er ic able ible ant
 *       ement ou ism ate iti ous ive ize is dropped if m>1 before it; then,
 *       on the result, ment is dropped if m>1; then ent is dropped if m>1,
 *       or else (s|t)ion loses ion if m>1 before ion.
 *   5   a final e is dropped if m>1, or m=1 and not *o; then ll -> l if the
 *       word (with its ll) has m>1.
 * "Longest suffix" is what the script's alternations do: the leftmost
 * match of (a|b|...)$ is the longest alternative that ends the word.
 * Departures: none intended. Bytes outside a-z are simply consonants, as
 * in the regular expressions.
 */
#include "porter_word.h"
#include "rouge.h"

#include <string.h>

/* ---- character classes of the Perl patterns ---------------------------- */
static bool is_aeiou(char ch)
{
    return ch == 'a' || ch == 'e' || ch == 'i' || ch == 'o' || ch == 'u';
}
static bool cls_c(char ch) { return !is_aeiou(ch); }                  /* [^aeiou] */
static bool cls_cstar(char ch) { return !is_aeiou(ch) && ch != 'y'; } /* [^aeiouy] */
static bool cls_v(char ch) { return is_aeiou(ch) || ch == 'y'; }      /* [aeiouy] */
static bool cls_vstar(char ch) { return is_aeiou(ch); }               /* [aeiou] */
static bool cls_end_o(char ch)                                        /* [^aeiouwxy] */
{
    return !is_aeiou(ch) && ch != 'w' && ch != 'x' && ch != 'y';
}

/* ---- a backtracking matcher for the few patterns the stemmer uses ------- */
enum {
    P_OPT_C,   /* (C)?        */
    P_C,       /* C           */
    P_V,       /* V           */
    P_OPT_V,   /* (V)?        */
    P_v,       /* v (one)     */
    P_O,       /* [^aeiouwxy] */
    P_END,     /* $           */
    P_STOP     /* end of pattern: the rest of the word may follow */
};

static bool match_at(const char *s, size_t n, size_t pos, const unsigned char *pat);

/* One occurrence of a class run "first rest*": try every length, longest
 * first, as Perl's greedy star with backtracking does. */
static bool match_run(const char *s, size_t n, size_t pos, bool (*first)(char),
                      bool (*rest)(char), const unsigned char *next)
{
    if (pos >= n || !first(s[pos])) return false;
    size_t end = pos + 1;
    while (end < n && rest(s[end])) end++;
    for (size_t e = end; e > pos; e--)
        if (match_at(s, n, e, next)) return true;
    return false;
}

static bool match_at(const char *s, size_t n, size_t pos, const unsigned char *pat)
{
    switch (pat[0]) {
    case P_OPT_C:
        return match_run(s, n, pos, cls_c, cls_cstar, pat + 1) || match_at(s, n, pos, pat + 1);
    case P_C:
        return match_run(s, n, pos, cls_c, cls_cstar, pat + 1);
    case P_V:
        return match_run(s, n, pos, cls_v, cls_vstar, pat + 1);
    case P_OPT_V:
        return match_run(s, n, pos, cls_v, cls_vstar, pat + 1) || match_at(s, n, pos, pat + 1);
    case P_v:
        return pos < n && cls_v(s[pos]) && match_at(s, n, pos + 1, pat + 1);
    case P_O:
        return pos < n && cls_end_o(s[pos]) && match_at(s, n, pos + 1, pat + 1);
    case P_END:
        return pos == n;
    default:
        return true;
    }
}

static const unsigned char PAT_MGR0[] = {P_OPT_C, P_V, P_C, P_STOP};
static const unsigned char PAT_MEQ1[] = {P_OPT_C, P_V, P_C, P_OPT_V, P_END};
static const unsigned char PAT_MGR1[] = {P_OPT_C, P_V, P_C, P_V, P_C, P_STOP};
static const unsigned char PAT_VOWEL[] = {P_OPT_C, P_v, P_STOP};
static const unsigned char PAT_CVC[] = {P_C, P_v, P_O, P_END};

static bool mgr0(const char *s, size_t n) { return match_at(s, n, 0, PAT_MGR0); }
static bool meq1(const char *s, size_t n) { return match_at(s, n, 0, PAT_MEQ1); }
static bool mgr1(const char *s, size_t n) { return match_at(s, n, 0, PAT_MGR1); }
static bool has_vowel(const char *s, size_t n) { return match_at(s, n, 0, PAT_VOWEL); }
static bool cvc(const char *s, size_t n) { return match_at(s, n, 0, PAT_CVC); }

/* ---- the word being stemmed: struct word, ends() and replace() in
 * porter_word.h (replace never lengthens the word in this algorithm,
 * except the +e rules which have room: see stem155). */

typedef struct rule {
    const char *suffix;
    const char *rep;
} rule;

/* The longest suffix of the list that ends the word, or NULL. */
static const rule *longest(const word *w, const rule *rules, size_t nrules)
{
    const rule *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < nrules; i++) {
        size_t k = strlen(rules[i].suffix);
        if (k > best_len && ends(w, rules[i].suffix)) {
            best = &rules[i];
            best_len = k;
        }
    }
    return best;
}

static const rule STEP2[] = {
    {"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"}, {"anci", "ance"},
    {"izer", "ize"}, {"bli", "ble"}, {"alli", "al"}, {"entli", "ent"}, {"eli", "e"},
    {"ousli", "ous"}, {"ization", "ize"}, {"ation", "ate"}, {"ator", "ate"},
    {"alism", "al"}, {"iveness", "ive"}, {"fulness", "ful"}, {"ousness", "ous"},
    {"aliti", "al"}, {"iviti", "ive"}, {"biliti", "ble"}, {"logi", "log"},
};
static const rule STEP3[] = {
    {"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"},
    {"ical", "ic"}, {"ful", ""}, {"ness", ""},
};
static const rule STEP4[] = {
    {"al", ""}, {"ance", ""}, {"ence", ""}, {"er", ""}, {"ic", ""}, {"able", ""},
    {"ible", ""}, {"ant", ""}, {"ement", ""}, {"ou", ""}, {"ism", ""}, {"ate", ""},
    {"iti", ""}, {"ous", ""}, {"ive", ""}, {"ize", ""},
};

#define NRULES(a) (sizeof(a) / sizeof((a)[0]))

/* Drop the matched suffix when the stem before it satisfies `cond`. */
static void try_rule(word *w, const rule *r, bool (*cond)(const char *, size_t))
{
    if (!r) return;
    size_t k = strlen(r->suffix);
    if (cond(w->b, w->n - k)) replace(w, k, r->rep);
}

static void step1ab(word *w)
{
    if (ends(w, "sses") || ends(w, "ies")) {
        w->n -= 2;
    } else if (w->n >= 2 && w->b[w->n - 1] == 's' && w->b[w->n - 2] != 's') {
        w->n -= 1;
    }

    if (ends(w, "eed")) {
        if (mgr0(w->b, w->n - 3)) w->n -= 1;
        return;
    }
    size_t k = ends(w, "ed") ? 2 : ends(w, "ing") ? 3 : 0;
    if (!k || !has_vowel(w->b, w->n - k)) return;
    w->n -= k;
    if (ends(w, "at") || ends(w, "bl") || ends(w, "iz")) {
        w->b[w->n++] = 'e';
    } else if (w->n >= 2 && w->b[w->n - 1] == w->b[w->n - 2] &&
               !cls_v(w->b[w->n - 1]) && w->b[w->n - 1] != 'l' &&
               w->b[w->n - 1] != 's' && w->b[w->n - 1] != 'z') {
        w->n -= 1;
    } else if (cvc(w->b, w->n)) {
        w->b[w->n++] = 'e';
    }
}

static void step1c(word *w)
{
    if (ends(w, "y") && has_vowel(w->b, w->n - 1)) w->b[w->n - 1] = 'i';
}

static void step4(word *w)
{
    try_rule(w, longest(w, STEP4, NRULES(STEP4)), mgr1);
    if (ends(w, "ment") && mgr1(w->b, w->n - 4)) w->n -= 4;
    if (ends(w, "ent")) {
        if (mgr1(w->b, w->n - 3)) w->n -= 3;
    } else if (ends(w, "sion") || ends(w, "tion")) {
        if (mgr1(w->b, w->n - 3)) w->n -= 3;
    }
}

static void step5(word *w)
{
    if (ends(w, "e")) {
        size_t k = w->n - 1;
        if (mgr1(w->b, k) || (meq1(w->b, k) && !cvc(w->b, k))) w->n = k;
    }
    if (ends(w, "ll") && mgr1(w->b, w->n)) w->n -= 1;
}

size_t rouge_porter155(const char *in, size_t n, char *out)
{
    memmove(out, in, n);
    if (n < 3) return n;
    word w = {out, n};
    /* An initial y is a consonant: the script upper-cases it to Y, which
     * no vowel class contains, and lower-cases it at the end. */
    bool initial_y = out[0] == 'y';
    if (initial_y) out[0] = 'Y';
    /* Room for the "+e" of step 1b: it only follows the removal of "ed" or
     * "ing", so the word never grows beyond n. */
    step1ab(&w);
    step1c(&w);
    try_rule(&w, longest(&w, STEP2, NRULES(STEP2)), mgr0);
    try_rule(&w, longest(&w, STEP3, NRULES(STEP3)), mgr0);
    step4(&w);
    step5(&w);
    if (initial_y) out[0] = 'y';
    return w.n;
}
