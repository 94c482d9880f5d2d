/*
 * porter_nltk.c -- NLTK's Porter stemmer (NLTK 3.8, mode NLTK_EXTENSIONS),
 * the stemmer of Google's rouge-score package.
 *
 * Source: M. F. Porter, "An algorithm for suffix stripping", Program 14(3),
 * 130-137, 1980, with the extensions NLTK documents for its default mode
 * (nltk/stem/porter.py):
 *   - a pool of irregular forms is answered first: sky/skies -> sky,
 *     dying -> die, lying -> lie, tying -> tie, news -> news, innings/inning
 *     -> inning, outings/outing -> outing, cannings/canning -> canning,
 *     howe, proceed, exceed, succeed stay;
 *   - words of 1 or 2 characters are returned as they are;
 *   - 1a: a 4-letter word ending in ies -> ie;  1b: ied -> ie (4 letters)
 *     or i;  *o also holds for a 2-letter word vowel+consonant;
 *   - 1c: y -> i only after a consonant and if the stem has > 1 letter;
 *   - 2: alli -> al first, then step 2 again; bli -> ble (not abli);
 *     fulli -> ful; logi -> log with m > 0 measured on the word minus 3.
 * Otherwise Porter's rules: within a step the first rule (in the paper's
 * order) whose suffix ends the word decides, and if its condition fails
 * the step leaves the word alone. m is the number of vowel-consonant
 * boundaries, where y is a vowel after a consonant and a consonant at the
 * start or after a vowel; every other byte except a e i o u (digits too)
 * is a consonant.
 * Departures: none intended; stems.tsv of the rouge-parity data is the
 * oracle (tests/unit/test_rouge_google.c).
 */
#include "porter_word.h"
#include "rouge.h"

#include <string.h>

static bool aeiou(char ch)
{
    return ch == 'a' || ch == 'e' || ch == 'i' || ch == 'o' || ch == 'u';
}

/* Is w[i] a consonant? A y takes the opposite of the letter before it, so
 * walk back to the start of its run of y's instead of recursing (a long
 * run would otherwise nest deeply). */
static bool cons(const char *w, size_t i)
{
    if (aeiou(w[i])) return false;
    if (w[i] != 'y') return true;
    size_t j = i;
    while (j > 0 && w[j - 1] == 'y') j--;
    bool first = j == 0 ? true : aeiou(w[j - 1]);   /* cons(j) */
    return ((i - j) % 2 == 0) ? first : !first;
}

/* m of w[0..k): the number of "vc" pairs in its c/v pattern. */
static size_t measure(const char *w, size_t k)
{
    size_t m = 0;
    bool prev_c = true, have_prev = false;
    for (size_t i = 0; i < k; i++) {
        bool c;
        if (aeiou(w[i])) c = false;
        else if (w[i] != 'y') c = true;
        else c = i == 0 ? true : !prev_c;
        if (have_prev && !prev_c && c) m++;
        prev_c = c;
        have_prev = true;
    }
    return m;
}

static bool has_vowel(const char *w, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (!cons(w, i)) return true;
    return false;
}

static bool ends_double_consonant(const char *w, size_t n)
{
    return n >= 2 && w[n - 1] == w[n - 2] && cons(w, n - 1);
}

static bool ends_cvc(const char *w, size_t n)
{
    if (n >= 3 && cons(w, n - 3) && !cons(w, n - 2) && cons(w, n - 1) &&
        w[n - 1] != 'w' && w[n - 1] != 'x' && w[n - 1] != 'y')
        return true;
    return n == 2 && !cons(w, 0) && cons(w, 1);
}

/* ---- the word: struct word, ends() and replace() in porter_word.h ------ */

/* Conditions on the stem w[0..k) (the word minus the suffix). */
enum { C_NONE, C_M0, C_M1, C_ST_M1, C_LOGI };

typedef struct rule {
    const char *suffix;
    const char *rep;
    int cond;
} rule;

static bool holds(const word *w, size_t k, int cond)
{
    switch (cond) {
    case C_M0: return measure(w->b, k) > 0;
    case C_M1: return measure(w->b, k) > 1;
    case C_ST_M1:
        return measure(w->b, k) > 1 && k > 0 && (w->b[k - 1] == 's' || w->b[k - 1] == 't');
    case C_LOGI: return measure(w->b, w->n - 3) > 0;   /* the 'l' stays with the stem */
    default: return true;
    }
}

/* The first rule whose suffix ends the word decides the step. */
static void apply_rules(word *w, const rule *rules, size_t nrules)
{
    for (size_t i = 0; i < nrules; i++) {
        if (!ends(w, rules[i].suffix)) continue;
        size_t k = strlen(rules[i].suffix);
        if (holds(w, w->n - k, rules[i].cond)) replace(w, k, rules[i].rep);
        return;
    }
}

#define NRULES(a) (sizeof(a) / sizeof((a)[0]))

static const rule STEP1A[] = {
    {"sses", "ss", C_NONE}, {"ies", "i", C_NONE}, {"ss", "ss", C_NONE}, {"s", "", C_NONE},
};
static const rule STEP2[] = {
    {"ational", "ate", C_M0}, {"tional", "tion", C_M0}, {"enci", "ence", C_M0},
    {"anci", "ance", C_M0}, {"izer", "ize", C_M0}, {"bli", "ble", C_M0},
    {"alli", "al", C_M0}, {"entli", "ent", C_M0}, {"eli", "e", C_M0},
    {"ousli", "ous", C_M0}, {"ization", "ize", C_M0}, {"ation", "ate", C_M0},
    {"ator", "ate", C_M0}, {"alism", "al", C_M0}, {"iveness", "ive", C_M0},
    {"fulness", "ful", C_M0}, {"ousness", "ous", C_M0}, {"aliti", "al", C_M0},
    {"iviti", "ive", C_M0}, {"biliti", "ble", C_M0}, {"fulli", "ful", C_M0},
    {"logi", "log", C_LOGI},
};
static const rule STEP3[] = {
    {"icate", "ic", C_M0}, {"ative", "", C_M0}, {"alize", "al", C_M0},
    {"iciti", "ic", C_M0}, {"ical", "ic", C_M0}, {"ful", "", C_M0}, {"ness", "", C_M0},
};
static const rule STEP4[] = {
    {"al", "", C_M1}, {"ance", "", C_M1}, {"ence", "", C_M1}, {"er", "", C_M1},
    {"ic", "", C_M1}, {"able", "", C_M1}, {"ible", "", C_M1}, {"ant", "", C_M1},
    {"ement", "", C_M1}, {"ment", "", C_M1}, {"ent", "", C_M1}, {"ion", "", C_ST_M1},
    {"ou", "", C_M1}, {"ism", "", C_M1}, {"ate", "", C_M1}, {"iti", "", C_M1},
    {"ous", "", C_M1}, {"ive", "", C_M1}, {"ize", "", C_M1},
};

static void step1a(word *w)
{
    if (w->n == 4 && ends(w, "ies")) {
        replace(w, 3, "ie");
        return;
    }
    apply_rules(w, STEP1A, NRULES(STEP1A));
}

static void step1b(word *w)
{
    if (ends(w, "ied")) {
        replace(w, 3, w->n == 4 ? "ie" : "i");
        return;
    }
    if (ends(w, "eed")) {
        if (measure(w->b, w->n - 3) > 0) w->n -= 1;
        return;
    }
    size_t k = 0;
    if (ends(w, "ed") && has_vowel(w->b, w->n - 2)) k = 2;
    else if (ends(w, "ing") && has_vowel(w->b, w->n - 3)) k = 3;
    if (!k) return;
    w->n -= k;
    if (ends(w, "at") || ends(w, "bl") || ends(w, "iz")) {
        w->b[w->n++] = 'e';
    } else if (ends_double_consonant(w->b, w->n)) {
        /* The double-consonant rule decides even when it does not apply
         * (l, s, z): the +e rule after it is then not tried. */
        char last = w->b[w->n - 1];
        if (last != 'l' && last != 's' && last != 'z') w->n -= 1;
    } else if (measure(w->b, w->n) == 1 && ends_cvc(w->b, w->n)) {
        w->b[w->n++] = 'e';
    }
}

static void step1c(word *w)
{
    if (ends(w, "y") && w->n - 1 > 1 && cons(w->b, w->n - 2)) w->b[w->n - 1] = 'i';
}

static void step2(word *w)
{
    while (ends(w, "alli") && measure(w->b, w->n - 4) > 0) replace(w, 4, "al");
    apply_rules(w, STEP2, NRULES(STEP2));
}

static void step5(word *w)
{
    if (ends(w, "e")) {
        size_t m = measure(w->b, w->n - 1);
        if (m > 1 || (m == 1 && !ends_cvc(w->b, w->n - 1))) w->n -= 1;
    }
    if (ends(w, "ll") && measure(w->b, w->n - 1) > 1) w->n -= 1;
}

typedef struct irregular {
    const char *form;
    const char *stem;
} irregular;

static const irregular POOL[] = {
    {"sky", "sky"}, {"skies", "sky"}, {"dying", "die"}, {"lying", "lie"},
    {"tying", "tie"}, {"news", "news"}, {"innings", "inning"}, {"inning", "inning"},
    {"outings", "outing"}, {"outing", "outing"}, {"cannings", "canning"},
    {"canning", "canning"}, {"howe", "howe"}, {"proceed", "proceed"},
    {"exceed", "exceed"}, {"succeed", "succeed"},
};

size_t porter_nltk(const char *in, size_t n, char *out)
{
    for (size_t i = 0; i < NRULES(POOL); i++) {
        size_t k = strlen(POOL[i].form);
        if (k == n && memcmp(in, POOL[i].form, n) == 0) {
            size_t s = strlen(POOL[i].stem);
            memcpy(out, POOL[i].stem, s);
            return s;
        }
    }
    memmove(out, in, n);
    if (n <= 2) return n;
    word w = {out, n};
    step1a(&w);
    step1b(&w);
    step1c(&w);
    step2(&w);
    apply_rules(&w, STEP3, NRULES(STEP3));
    apply_rules(&w, STEP4, NRULES(STEP4));
    step5(&w);
    return w.n;
}
