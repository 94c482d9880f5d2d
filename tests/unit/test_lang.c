/*
 * test_lang.c -- the language table (lang.c, stopwords.inc): every stopword
 * list is sorted in strcmp order without duplicates, and every stopword is
 * a word the tokenizer folds to itself and flags as a stopword (also from
 * its upper-case form); mdsum_lang_detect on hand-written paragraphs and
 * edge cases.
 */
#include "internal.h"
#include "test.h"

#include <utf8proc.h>

/* The upper-case form of UTF-8 word w (one code point at a time). */
static size_t upper(const char *w, char *out, size_t cap)
{
    const unsigned char *s = (const unsigned char *)w;
    size_t n = strlen(w), i = 0, o = 0;
    while (i < n) {
        int32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        unsigned char enc[4];
        utf8proc_ssize_t k = utf8proc_encode_char(utf8proc_toupper(cp), enc);
        if (o + (size_t)k + 1 > cap) return 0;
        memcpy(out + o, enc, (size_t)k);
        o += (size_t)k;
    }
    out[o] = '\0';
    return o;
}

static void test_lists(mdsum_ctx *ctx)
{
    size_t with_list = 0;
    for (size_t i = 0; i < lang_def_count(); i++) {
        const lang_def *L = lang_def_at(i);
        if (i) CHECK(strcmp(lang_def_at(i - 1)->code, L->code) < 0);
        if (!L->nstopwords) continue;
        with_list++;
        CHECK(L->nstopwords >= 100);
        for (size_t k = 0; k < L->nstopwords; k++) {
            const char *w = L->stopwords[k];
            size_t n = strlen(w);
            CHECK(n > 0 && n < 64);
            CHECK_EQ_INT(utf8_check(w, n, false), n);
            if (k && strcmp(L->stopwords[k - 1], w) >= 0) {
                fprintf(stderr, "%s: \"%s\" is not after \"%s\"\n", L->code, w, L->stopwords[k - 1]);
                CHECK(0);
            }
            CHECK(lang_is_stopword(L, w, n));
            /* Tokenized, with and without the stemmer (two code paths),
             * as written and in upper case: one word, folded to itself
             * (the list is NFC and case folded), flagged. */
            char up[256];
            CHECK(upper(w, up, sizeof up) > 0);
            const char *forms[2] = {w, up};
            for (int f = 0; f < 2; f++) {
                for (int stem = 0; stem < 2; stem++) {
                    mdsum_token *t = NULL;
                    size_t nt = 0;
                    int rc = mdsum_tokenize(ctx, forms[f], strlen(forms[f]), L->code,
                                            stem ? 0 : MDSUM_TOKEN_NOSTEM, &t, &nt);
                    CHECK_EQ_INT(rc, MDSUM_OK);
                    bool ok = rc == MDSUM_OK && nt == 1 && t[0].stopword &&
                              (stem || strcmp(t[0].term, w) == 0);
                    if (!ok) {
                        fprintf(stderr, "%s: stopword \"%s\" (as \"%s\", %s): %zu tokens, "
                                "first \"%s\"%s\n", L->code, w, forms[f], stem ? "stemmed" : "unstemmed",
                                nt, nt ? t[0].term : "", nt && t[0].stopword ? " (stop)" : "");
                        CHECK(0);
                    }
                    mdsum_free(ctx, t);
                }
            }
        }
    }
    /* The TAC 2011 languages and the common news languages have lists. */
    static const char *const need[] = {"ar", "cs", "de", "el", "en", "es", "fr", "he", "hi",
                                       "it", "nl", "pt", "ru"};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
        const lang_def *L = lang_find(need[i]);
        CHECK(L != NULL && L->nstopwords > 0);
    }
    CHECK(with_list >= 13);
    /* The public view agrees. */
    mdsum_lang_info info;
    for (size_t i = 0; i < mdsum_lang_count(); i++) {
        CHECK_EQ_INT(mdsum_lang_info_get(i, &info), MDSUM_OK);
        CHECK_EQ_INT(info.stopwords, lang_def_at(i)->nstopwords);
    }
    CHECK_EQ_INT(mdsum_lang_info_get(mdsum_lang_count(), &info), MDSUM_EINVAL);
    /* Not stopwords: content words, prefixes of stopwords, too long. */
    CHECK(!lang_is_stopword(lang_find("fr"), "maison", 6));
    CHECK(!lang_is_stopword(lang_find("de"), "de", 2));
    CHECK(!lang_is_stopword(lang_find("el"), "τησ", 2));
    CHECK(!lang_is_stopword(lang_find("fi"), "ja", 2));
}

/* mdsum_lang_detect: what belongs here is a short paragraph for every
 * language with a stopword list (written for this test: news-like
 * sentences, a few dozen words), paragraphs where two Latin-script
 * languages share many function words (es/pt/it, nl/de), and edge cases:
 * empty text, no letters, mixed languages (the majority wins), text in a
 * Latin-script language without a list (stays English), upper case, and
 * invalid UTF-8. */
static const struct detect_case {
    const char *want;
    const char *text;
} detect_cases[] = {
    {"en", "The mayor said on Monday that the bridge would be closed for two weeks while "
           "engineers inspect the damage, and that the city has no plan for the ferries."},
    {"fr", "Le maire a annoncé lundi que le pont serait fermé pendant deux semaines, le temps "
           "que les ingénieurs examinent les dégâts. Selon lui, la ville n'a pas encore de plan "
           "pour les bacs qui relient les deux rives."},
    {"de", "Der Bürgermeister sagte am Montag, dass die Brücke für zwei Wochen gesperrt wird, "
           "während Ingenieure die Schäden untersuchen. Die Stadt habe noch keinen Plan für die "
           "Fähren, die beide Ufer verbinden."},
    {"es", "El alcalde dijo el lunes que el puente estará cerrado durante dos semanas mientras "
           "los ingenieros revisan los daños, y que la ciudad todavía no tiene un plan para los "
           "transbordadores."},
    {"pt", "O prefeito disse na segunda-feira que a ponte ficará fechada durante duas semanas "
           "enquanto os engenheiros avaliam os danos, e que a cidade ainda não tem um plano para "
           "as balsas que ligam as duas margens."},
    {"it", "Il sindaco ha detto lunedì che il ponte resterà chiuso per due settimane mentre gli "
           "ingegneri esaminano i danni, e che la città non ha ancora un piano per i traghetti "
           "che collegano le due sponde."},
    {"nl", "De burgemeester zei maandag dat de brug twee weken dicht blijft terwijl ingenieurs "
           "de schade onderzoeken. Volgens hem heeft de stad nog geen plan voor de veerboten die "
           "de twee oevers verbinden."},
    {"cs", "Starosta v pondělí řekl, že most bude na dva týdny uzavřen, než inženýři prozkoumají "
           "škody. Město podle něj zatím nemá žádný plán pro přívozy, které spojují oba břehy."},
    {"ru", "Мэр заявил в понедельник, что мост будет закрыт на две недели, пока инженеры "
           "осматривают повреждения. По его словам, у города пока нет плана для паромов."},
    {"el", "Ο δήμαρχος δήλωσε τη Δευτέρα ότι η γέφυρα θα παραμείνει κλειστή για δύο εβδομάδες, "
           "ενώ οι μηχανικοί εξετάζουν τις ζημιές."},
    {"ar", "قال رئيس البلدية يوم الاثنين إن الجسر سيغلق لمدة أسبوعين بينما يفحص المهندسون "
           "الأضرار، وإن المدينة ليس لديها خطة للعبارات."},
    {"he", "ראש העיר אמר ביום שני כי הגשר ייסגר לשבועיים בזמן שהמהנדסים בודקים את הנזק, "
           "וכי לעירייה אין עדיין תוכנית למעבורות."},
    {"hi", "महापौर ने सोमवार को कहा कि पुल दो सप्ताह के लिए बंद रहेगा, जबकि इंजीनियर नुकसान की "
           "जांच करेंगे। उन्होंने कहा कि शहर के पास अभी नौकाओं के लिए कोई योजना नहीं है।"},
    /* Upper case (Greek final sigma folds to σ, as in the list). */
    {"fr", "LE PONT SERA FERMÉ PENDANT DEUX SEMAINES ET LES BACS NE SONT PAS PRÊTS."},
    {"el", "Η ΓΕΦΥΡΑ ΤΗΣ ΠΟΛΗΣ ΘΑ ΕΙΝΑΙ ΚΛΕΙΣΤΗ ΓΙΑ ΔΥΟ ΕΒΔΟΜΑΔΕΣ."},
    /* Edge cases. */
    {"en", ""},
    {"en", "2024 - 17:45 / 3.5 % (12,000) ... !!!"},
    {"en", "Finnish: silta on suljettu kahden viikon ajan, kun insinöörit tutkivat vahingot."},
    {"en", "zxq vvb prr"},
    /* Mixed: mostly French with an English quote, mostly English with a
     * French name. */
    {"fr", "Le ministre a déclaré que « the bridge is safe » avant de quitter la salle, mais "
           "les habitants restent inquiets pour la sécurité du pont et des bacs."},
    {"en", "The minister of the Île-de-France region, who spoke at the Musée d'Orsay, said that "
           "the bridge is safe and that the ferries will run."},
    /* Script majority: a Russian paragraph with a few Latin names. */
    {"ru", "Компания Apple и Google заявили, что они не будут участвовать в этом проекте."},
    /* Invalid UTF-8 bytes separate words but do not stop the count. */
    {"de", "Die Br\xfc" "cke ist f\xfc" "r zwei Wochen gesperrt, und die Stadt hat noch keinen Plan."},
    {"fr", "\xff\xfe Le pont est fermé et les bacs ne sont pas prêts pour la saison."},
};

static void test_detect(mdsum_ctx *ctx)
{
    for (size_t i = 0; i < sizeof detect_cases / sizeof detect_cases[0]; i++) {
        const char *code = NULL;
        const char *t = detect_cases[i].text;
        CHECK_EQ_INT(mdsum_lang_detect(ctx, t, strlen(t), &code), MDSUM_OK);
        if (!code || strcmp(code, detect_cases[i].want) != 0) {
            fprintf(stderr, "detect case %zu: got %s, want %s\n", i, code ? code : "(null)",
                    detect_cases[i].want);
            CHECK(0);
        }
    }
    const char *code = NULL;
    CHECK_EQ_INT(mdsum_lang_detect(ctx, NULL, 0, &code), MDSUM_OK);
    CHECK_EQ_STR(code, "en");
    CHECK_EQ_INT(mdsum_lang_detect(ctx, NULL, 5, &code), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_lang_detect(ctx, "x", 1, NULL), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_lang_detect(NULL, "le pont et la ville", 19, &code), MDSUM_OK);
    CHECK_EQ_STR(code, "fr");
    CHECK_EQ_INT(mdsum_lang_detect(NULL, NULL, 1, &code), MDSUM_EINVAL);
    /* NUL bytes are separators. */
    static const char nul[] = "le\0pont\0est\0ferm\xc3\xa9\0et\0les\0bacs\0sont\0pr\xc3\xaats";
    CHECK_EQ_INT(mdsum_lang_detect(ctx, nul, sizeof nul - 1, &code), MDSUM_OK);
    CHECK_EQ_STR(code, "fr");
    /* Huge input: only the first 64 KiB count, and a sequence cut by the
     * limit is harmless. French first, then English beyond the limit. */
    size_t big = (1u << 16) + 200000;
    char *buf = malloc(big);
    if (buf) {
        static const char fr[] = "le pont et la ville ";
        static const char en[] = "the bridge and the city of ";
        size_t o = 0;
        while (o + sizeof fr - 1 <= (1u << 16) - 1) { memcpy(buf + o, fr, sizeof fr - 1); o += sizeof fr - 1; }
        while (o < (1u << 16) - 1) buf[o++] = ' ';
        buf[o++] = '\xc3';   /* the limit falls inside "é" */
        buf[o++] = '\xa9';
        while (o + sizeof en - 1 <= big) { memcpy(buf + o, en, sizeof en - 1); o += sizeof en - 1; }
        CHECK_EQ_INT(mdsum_lang_detect(ctx, buf, o, &code), MDSUM_OK);
        CHECK_EQ_STR(code, "fr");
        free(buf);
    }
    /* "auto" in the pipeline: the tokenizer resolves it by detection. */
    mdsum_token *t = NULL;
    size_t nt = 0;
    static const char de[] = "Der Mann und die Frau sind in der Stadt.";
    CHECK_EQ_INT(mdsum_tokenize(ctx, de, sizeof de - 1, "auto", 0, &t, &nt), MDSUM_OK);
    CHECK(nt == 9 && t[0].stopword && !t[1].stopword && t[2].stopword);
    mdsum_free(ctx, t);
}

int main(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    if (!ctx) return 1;
    test_lists(ctx);
    test_detect(ctx);
    mdsum_ctx_free(ctx);
    return test_finish("test_lang");
}
