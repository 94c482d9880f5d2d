/*
 * test_segment.c -- unit tests of the sentence segmenter (segment.c):
 * a table of edge cases, exact offsets, regions, the public mdsum_split,
 * failing allocations, and robustness on hostile input.
 */
#include "internal.h"
#include "segment.h"
#include "test.h"
#include "test_support.h"

#include <stdint.h>

#define MAXS 8

/* What belongs in this table: inputs whose correct split a careful human
 * reader agrees on, with the expected sentences written by hand, covering
 * what the Golden Rules (test_segment_golden.c) do not: news conventions
 * (datelines, AP abbreviations, newswire ``quotes'', Multi-News spaced
 * quotes and lower-cased re-capitalised text), list markers, addresses,
 * line structure, and each language rule. Not here: cases whose "right"
 * answer is a matter of taste. Expected strings are exact byte copies of
 * the input spans. */
typedef struct seg_case {
    const char *lang;
    unsigned flags;
    const char *text;
    const char *want[MAXS];
} seg_case;

static const seg_case cases[] = {
    /* -- English news -- */
    {"en", 0, "LONDON (AP) _ Gen. Augusto Pinochet was arrested in London. He is 82.",
     {"LONDON (AP) _ Gen. Augusto Pinochet was arrested in London.", "He is 82."}},
    {"en", 0, "The meeting starts at 10 a.m. Tuesday in Room 5. Bring notes.",
     {"The meeting starts at 10 a.m. Tuesday in Room 5.", "Bring notes."}},
    {"en", 0, "It hit at 3 p.m. Beijing time on Monday.", {"It hit at 3 p.m. Beijing time on Monday."}},
    {"en", 0, "He left at 6 p.m. The next day he returned.",
     {"He left at 6 p.m.", "The next day he returned."}},
    {"en", 0, "At 10:30 a.m. EST the market opened.", {"At 10:30 a.m. EST the market opened."}},
    {"en", 0, "It is No. 1 in the U.S. and No. 2 in Canada.",
     {"It is No. 1 in the U.S. and No. 2 in Canada."}},
    {"en", 0, "She was born on Jan. 5, 1990, in Paris.", {"She was born on Jan. 5, 1990, in Paris."}},
    {"en", 0, "Inflation rose 3.5 percent. Prices fell.", {"Inflation rose 3.5 percent.", "Prices fell."}},
    {"en", 0, "The rate is 3.5. The next one is 4.", {"The rate is 3.5.", "The next one is 4."}},
    {"en", 0, "It costs $5.99 per lb. in stores.", {"It costs $5.99 per lb. in stores."}},
    {"en", 0, "He lives in the U.S. The rest of his family lives in the U.K.",
     {"He lives in the U.S.", "The rest of his family lives in the U.K."}},
    {"en", 0, "The U.S. Army said it was ready.", {"The U.S. Army said it was ready."}},
    {"en", 0, "Shares of Apple Inc. rose 2%. Microsoft Corp. fell.",
     {"Shares of Apple Inc. rose 2%.", "Microsoft Corp. fell."}},
    {"en", 0, "Dr. Smith and Mr. Jones met St. Louis officials.",
     {"Dr. Smith and Mr. Jones met St. Louis officials."}},
    {"en", 0, "George W. Bush met John F. Kennedy Jr. in a dream.",
     {"George W. Bush met John F. Kennedy Jr. in a dream."}},
    {"en", 0, "He moved to Springfield, Ill. The house was cheap.",
     {"He moved to Springfield, Ill.", "The house was cheap."}},
    {"en", 0, "He felt ill. The doctor came.", {"He felt ill.", "The doctor came."}},
    {"en", 0, "His rival was Luiz Inacio Lula da Silva. da Silva leads the party.",
     {"His rival was Luiz Inacio Lula da Silva.", "da Silva leads the party."}},
    {"en", 0, "Item 1. Item 2. Item 3.", {"Item 1.", "Item 2.", "Item 3."}},
    {"en", 0, "I saw him... He didn't see me.", {"I saw him...", "He didn't see me."}},
    {"en", 0, "Wait... what?", {"Wait... what?"}},
    {"en", 0, "He paused . . . then spoke.", {"He paused . . . then spoke."}},
    {"en", 0, "Is it over? Yes! It is.", {"Is it over?", "Yes!", "It is."}},
    {"en", 0, "Yahoo! Inc. said profits rose.", {"Yahoo! Inc. said profits rose."}},
    {"en", 0, "It was built in 1901.[2] It burned in 1920.",
     {"It was built in 1901.[2]", "It burned in 1920."}},
    /* -- quotations -- */
    {"en", 0, "\"We are done,\" he said. \"Go home.\"", {"\"We are done,\" he said.", "\"Go home.\""}},
    {"en", 0, "He said: \"It is over.\" Then he left.", {"He said: \"It is over.\"", "Then he left."}},
    {"en", 0, "\"Why?\" he asked. \"Because.\"", {"\"Why?\" he asked.", "\"Because.\""}},
    {"en", 0, "\"It's late. Go home,\" she said.", {"\"It's late. Go home,\" she said."}},
    {"en", 0, "(The vote was 5-4.) The court adjourned.", {"(The vote was 5-4.)", "The court adjourned."}},
    {"en", 0, "``I am tired. I am going home,'' he said. ``Really.''",
     {"``I am tired. I am going home,'' he said.", "``Really.''"}},
    {"en", 0, "The players' union met. It voted.", {"The players' union met.", "It voted."}},
    {"en", 0, "He said \"no. And then he left. Nobody followed.",
     {"He said \"no.", "And then he left.", "Nobody followed."}},
    /* -- addresses -- */
    {"en", 0, "Visit www.example.com. Or email info@example.co.uk. Thanks.",
     {"Visit www.example.com.", "Or email info@example.co.uk.", "Thanks."}},
    {"en", 0, "Read https://example.com/a.b?c=1. Then reply.",
     {"Read https://example.com/a.b?c=1.", "Then reply."}},
    {"en", 0, "Write to jane.doe@example.com. She replies.",
     {"Write to jane.doe@example.com.", "She replies."}},
    /* Sentences glued at a full stop, as scraped pages lose line breaks:
     * split before a capitalised word, and before a lower-case word in
     * text without case (the Multi-News sources); not inside names,
     * abbreviations, addresses or list items. */
    {"en", 0, "Hello world.Today is Tuesday.Mr. Smith bought 1,000.That is a lot.",
     {"Hello world.", "Today is Tuesday.", "Mr. Smith bought 1,000.", "That is a lot."}},
    {"en", 0, "the bail was set on her behalf.if convicted, he faces life. it happened in japan.in 2011 it sold.",
     {"the bail was set on her behalf.", "if convicted, he faces life.", "it happened in japan.",
      "in 2011 it sold."}},
    {"en", 0, "She went home.she was tired. See Amazon.Com Inc. and robots.txt with ASP.NET on iPhone.iPad today.",
     {"She went home.she was tired.", "See Amazon.Com Inc. and robots.txt with ASP.NET on iPhone.iPad today."}},
    {"en", 0, "visit tmz.com or thedream.us now. the u.s.state and st.louis and e.g.the list stay. mail jane.doe@x.org or see pic.twitter.com/abc now.",
     {"visit tmz.com or thedream.us now.", "the u.s.state and st.louis and e.g.the list stay.",
      "mail jane.doe@x.org or see pic.twitter.com/abc now."}},
    {"es", 0, "La lista: 1.Helado, 2.Carne, 3.Arroz.", {"La lista: 1.Helado, 2.Carne, 3.Arroz."}},
    /* -- line structure and lists -- */
    {"en", 0, "BREAKING NEWS\nThe president resigned.", {"BREAKING NEWS", "The president resigned."}},
    {"en", 0, "First paragraph.\n\nSecond paragraph", {"First paragraph.", "Second paragraph"}},
    {"en", 0, "a line\r\nanother line\rthird", {"a line", "another line", "third"}},
    {"en", 0, "1. Buy milk 2. Buy bread 3. Go home", {"1. Buy milk", "2. Buy bread", "3. Go home"}},
    {"en", 0, "\xe2\x80\xa2 First point \xe2\x80\xa2 Second point",
     {"\xe2\x80\xa2 First point", "\xe2\x80\xa2 Second point"}},
    {"en", 0, "  \t  ", {NULL}},
    {"en", 0, "", {NULL}},
    {"en", 0, "...", {"..."}},
    {"en", 0, "?!?! ...", {"?!?! ..."}},
    {"en", MDSUM_SPLIT_JOIN_WRAPPED,
     "This line is hard wrapped at a fixed width of about seventy\ncharacters, as mails are.\nNext line.",
     {"This line is hard wrapped at a fixed width of about seventy\ncharacters, as mails are.",
      "Next line."}},
    {"en", 0, "This line is hard wrapped at a fixed width of about seventy\ncharacters, as mails are.",
     {"This line is hard wrapped at a fixed width of about seventy", "characters, as mails are."}},
    {"en", MDSUM_SPLIT_JOIN_WRAPPED, "menu\nhome\ncontact", {"menu", "home", "contact"}},
    /* -- text without case information -- */
    {"en", 0,
     "the senator said the plan was a \"sordid affair. \" democratic leaders disagreed with him on "
     "tuesday. the vote is set for next week in the u.s. senate, where the bill faces a tough fight "
     "from both parties and from many observers.",
     {"the senator said the plan was a \"sordid affair. \"",
      "democratic leaders disagreed with him on tuesday.",
      "the vote is set for next week in the u.s. senate, where the bill faces a tough fight from both "
      "parties and from many observers."}},
    {"en", 0,
     "He lives in the u.s. And he works in new york city for a large bank with offices in london, "
     "paris and tokyo, where he travels every month on business. He says he likes it there. The bank "
     "is owned by apple inc. And it pays well.",
     {"He lives in the u.s. And he works in new york city for a large bank with offices in london, "
      "paris and tokyo, where he travels every month on business.",
      "He says he likes it there.", "The bank is owned by apple inc. And it pays well."}},
    /* -- other languages -- */
    {"de", 0, "Am 12. Juni kam er. Er blieb bis zum 3. Juli.",
     {"Am 12. Juni kam er.", "Er blieb bis zum 3. Juli."}},
    {"de", 0, "Das kostet ca. 50 Euro, z. B. im Laden.", {"Das kostet ca. 50 Euro, z. B. im Laden."}},
    {"de", 0, "Er wohnt in der Hauptstr. 5 in Berlin.", {"Er wohnt in der Hauptstr. 5 in Berlin."}},
    {"de", 0, "\xe2\x80\x9eKommst du?\xe2\x80\x9c, fragte sie. Er nickte.",
     {"\xe2\x80\x9eKommst du?\xe2\x80\x9c, fragte sie.", "Er nickte."}},
    {"fr", 0, "M. Dupont est arriv\xc3\xa9. Il est parti.",
     {"M. Dupont est arriv\xc3\xa9.", "Il est parti."}},
    {"fr", 0, "Il a dit : \xc2\xab Fini. \xc2\xbb",   /* closing guillemet after a space */
     {"Il a dit : \xc2\xab Fini. \xc2\xbb"}},
    {"fr", 0, "Il a dit \xc2\xab Non. Jamais. \xc2\xbb Puis il est parti.",
     {"Il a dit \xc2\xab Non. Jamais. \xc2\xbb", "Puis il est parti."}},
    {"es", 0, "\xc2\xbf" "Vienes? \xc2\xa1" "Claro! Nos vemos.",
     {"\xc2\xbf" "Vienes?", "\xc2\xa1" "Claro!", "Nos vemos."}},
    {"it", 0, "L'Avv. Rossi \xc3\xa8 arrivato. Poi \xc3\xa8 partito.",
     {"L'Avv. Rossi \xc3\xa8 arrivato.", "Poi \xc3\xa8 partito."}},
    {"cs", 0, "Stalo se to 7. \xc4\x8d" "ervence. Pak ode\xc5\xa1" "el.",
     {"Stalo se to 7. \xc4\x8d" "ervence.", "Pak ode\xc5\xa1" "el."}},
    /* Он родился в 1950 г. в Москве. Потом уехал. */
    {"ru", 0,
     "\xd0\x9e\xd0\xbd \xd1\x80\xd0\xbe\xd0\xb4\xd0\xb8\xd0\xbb\xd1\x81\xd1\x8f \xd0\xb2 1950 "
     "\xd0\xb3. \xd0\xb2 \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb5. "
     "\xd0\x9f\xd0\xbe\xd1\x82\xd0\xbe\xd0\xbc \xd1\x83\xd0\xb5\xd1\x85\xd0\xb0\xd0\xbb.",
     {"\xd0\x9e\xd0\xbd \xd1\x80\xd0\xbe\xd0\xb4\xd0\xb8\xd0\xbb\xd1\x81\xd1\x8f \xd0\xb2 1950 "
      "\xd0\xb3. \xd0\xb2 \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb5.",
      "\xd0\x9f\xd0\xbe\xd1\x82\xd0\xbe\xd0\xbc \xd1\x83\xd0\xb5\xd1\x85\xd0\xb0\xd0\xbb."}},
    /* Τι ώρα είναι; Είναι τρεις. */
    {"el", 0,
     "\xce\xa4\xce\xb9 \xcf\x8e\xcf\x81\xce\xb1 \xce\xb5\xce\xaf\xce\xbd\xce\xb1\xce\xb9; "
     "\xce\x95\xce\xaf\xce\xbd\xce\xb1\xce\xb9 \xcf\x84\xcf\x81\xce\xb5\xce\xb9\xcf\x82.",
     {"\xce\xa4\xce\xb9 \xcf\x8e\xcf\x81\xce\xb1 \xce\xb5\xce\xaf\xce\xbd\xce\xb1\xce\xb9;",
      "\xce\x95\xce\xaf\xce\xbd\xce\xb1\xce\xb9 \xcf\x84\xcf\x81\xce\xb5\xce\xb9\xcf\x82."}},
    /* Բարև Ձեզ: Ինչպե՞ս եք: */
    {"hy", 0,
     "\xd4\xb2\xd5\xa1\xd6\x80\xd6\x87 \xd5\x81\xd5\xa5\xd5\xa6: "
     "\xd4\xbb\xd5\xb6\xd5\xb9\xd5\xba\xd5\xa5\xd5\x9e\xd5\xbd \xd5\xa5\xd6\x84:",
     {"\xd4\xb2\xd5\xa1\xd6\x80\xd6\x87 \xd5\x81\xd5\xa5\xd5\xa6:",
      "\xd4\xbb\xd5\xb6\xd5\xb9\xd5\xba\xd5\xa5\xd5\x9e\xd5\xbd \xd5\xa5\xd6\x84:"}},
    /* قال د. أحمد إن الوضع صعب. ثم غادر. */
    {"ar", 0,
     "\xd9\x82\xd8\xa7\xd9\x84 \xd8\xaf. \xd8\xa3\xd8\xad\xd9\x85\xd8\xaf \xd8\xa5\xd9\x86 "
     "\xd8\xa7\xd9\x84\xd9\x88\xd8\xb6\xd8\xb9 \xd8\xb5\xd8\xb9\xd8\xa8. "
     "\xd8\xab\xd9\x85 \xd8\xba\xd8\xa7\xd8\xaf\xd8\xb1.",
     {"\xd9\x82\xd8\xa7\xd9\x84 \xd8\xaf. \xd8\xa3\xd8\xad\xd9\x85\xd8\xaf \xd8\xa5\xd9\x86 "
      "\xd8\xa7\xd9\x84\xd9\x88\xd8\xb6\xd8\xb9 \xd8\xb5\xd8\xb9\xd8\xa8.",
      "\xd8\xab\xd9\x85 \xd8\xba\xd8\xa7\xd8\xaf\xd8\xb1."}},
    /* यह अच्छा है। वह जा है. वह -- danda, then a Latin full stop after है */
    {"hi", 0,
     "\xe0\xa4\xaf\xe0\xa4\xb9 \xe0\xa4\x85\xe0\xa4\x9a\xe0\xa5\x8d\xe0\xa4\x9b\xe0\xa4\xbe "
     "\xe0\xa4\xb9\xe0\xa5\x88\xe0\xa5\xa4 \xe0\xa4\xb5\xe0\xa4\xb9 \xe0\xa4\x9c\xe0\xa4\xbe "
     "\xe0\xa4\xb9\xe0\xa5\x88. \xe0\xa4\xb5\xe0\xa4\xb9",
     {"\xe0\xa4\xaf\xe0\xa4\xb9 \xe0\xa4\x85\xe0\xa4\x9a\xe0\xa5\x8d\xe0\xa4\x9b\xe0\xa4\xbe "
      "\xe0\xa4\xb9\xe0\xa5\x88\xe0\xa5\xa4",
      "\xe0\xa4\xb5\xe0\xa4\xb9 \xe0\xa4\x9c\xe0\xa4\xbe \xe0\xa4\xb9\xe0\xa5\x88.",
      "\xe0\xa4\xb5\xe0\xa4\xb9"}},
    /* 今天天气很好。我们去公园吧！ */
    {"zh", 0,
     "\xe4\xbb\x8a\xe5\xa4\xa9\xe5\xa4\xa9\xe6\xb0\x94\xe5\xbe\x88\xe5\xa5\xbd\xe3\x80\x82"
     "\xe6\x88\x91\xe4\xbb\xac\xe5\x8e\xbb\xe5\x85\xac\xe5\x9b\xad\xe5\x90\xa7\xef\xbc\x81",
     {"\xe4\xbb\x8a\xe5\xa4\xa9\xe5\xa4\xa9\xe6\xb0\x94\xe5\xbe\x88\xe5\xa5\xbd\xe3\x80\x82",
      "\xe6\x88\x91\xe4\xbb\xac\xe5\x8e\xbb\xe5\x85\xac\xe5\x9b\xad\xe5\x90\xa7\xef\xbc\x81"}},
    /* 「元気。」と言った。帰った。 -- nothing ends inside the brackets */
    {"ja", 0,
     "\xe3\x80\x8c\xe5\x85\x83\xe6\xb0\x97\xe3\x80\x82\xe3\x80\x8d\xe3\x81\xa8\xe8\xa8\x80\xe3\x81"
     "\xa3\xe3\x81\x9f\xe3\x80\x82\xe5\xb8\xb0\xe3\x81\xa3\xe3\x81\x9f\xe3\x80\x82",
     {"\xe3\x80\x8c\xe5\x85\x83\xe6\xb0\x97\xe3\x80\x82\xe3\x80\x8d\xe3\x81\xa8\xe8\xa8\x80\xe3"
      "\x81\xa3\xe3\x81\x9f\xe3\x80\x82",
      "\xe5\xb8\xb0\xe3\x81\xa3\xe3\x81\x9f\xe3\x80\x82"}},
    {"xx", 0, "Hello world. Bye.", {"Hello world.", "Bye."}},
};

/* ---- invariants ----------------------------------------------------------- */

static bool is_uspace_at(const unsigned char *t, size_t i, size_t n, size_t *len)
{
    int32_t cp;
    size_t k = utf8_valid_seq(t + i, n - i);
    if (!k) return false;
    utf8_decode(t + i, n - i, &cp);
    *len = k;
    if (cp < 0x80) return cp == ' ' || (cp >= 9 && cp <= 13) || (cp >= 0x1C && cp <= 0x1F);
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Spans inside [lo,hi), non-empty, ordered, not overlapping, not starting
 * or ending with white space, on character boundaries of valid text, and
 * every byte outside them white space: nothing is lost. */
static void check_invariants(const char *text, size_t lo, size_t hi, const mdsum_span *v, size_t n,
                             bool valid_utf8)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t pos = lo;
    for (size_t i = 0; i < n; i++) {
        CHECK(v[i].start < v[i].end);
        CHECK(v[i].start >= pos);
        CHECK(v[i].end <= hi);
        if (v[i].start < pos || v[i].end > hi || v[i].start >= v[i].end) return;
        size_t k;
        CHECK(!is_uspace_at(t, v[i].start, hi, &k));
        if (valid_utf8) {
            CHECK((t[v[i].start] & 0xC0) != 0x80);
            CHECK(v[i].end == hi || (t[v[i].end] & 0xC0) != 0x80);
        }
        /* the gap before this span is white space only */
        for (size_t p = pos; p < v[i].start;) {
            bool sp = is_uspace_at(t, p, hi, &k);
            CHECK(sp);
            if (!sp) break;
            p += k;
        }
        pos = v[i].end;
    }
    for (size_t p = pos; p < hi;) {
        size_t k;
        bool sp = is_uspace_at(t, p, hi, &k);
        CHECK(sp);
        if (!sp) break;
        p += k;
    }
}

static void run_table(void)
{
    alc_t alc;
    alc_init(&alc, NULL);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const seg_case *k = &cases[c];
        size_t len = strlen(k->text);
        span_vec sv;
        span_vec_init(&sv, &alc);
        CHECK_EQ_INT(segment_split_flags(k->lang, k->text, 0, len, k->flags, &sv), MDSUM_OK);
        size_t want = 0;
        while (want < MAXS && k->want[want]) want++;
        bool ok = sv.n == want;
        for (size_t i = 0; ok && i < sv.n; i++) {
            size_t l = sv.v[i].end - sv.v[i].start;
            ok = strlen(k->want[i]) == l && memcmp(k->text + sv.v[i].start, k->want[i], l) == 0;
        }
        CHECK(ok);
        if (!ok) {
            fprintf(stderr, "  case %zu [%s] \"%s\"\n", c, k->lang, k->text);
            for (size_t i = 0; i < want; i++) fprintf(stderr, "    want \"%s\"\n", k->want[i]);
            for (size_t i = 0; i < sv.n; i++)
                fprintf(stderr, "    got  \"%.*s\"\n", (int)(sv.v[i].end - sv.v[i].start),
                        k->text + sv.v[i].start);
        }
        check_invariants(k->text, 0, len, sv.v, sv.n, true);
        span_vec_fini(&sv);
    }
}

/* A region inside a larger buffer: offsets are absolute, nothing outside
 * the region is touched, and spans are appended after existing ones. */
static void test_regions(void)
{
    alc_t alc;
    alc_init(&alc, NULL);
    const char *text = "Header.\nFirst one. Second one.\nFooter.";
    size_t lo = 8, hi = 30;   /* "First one. Second one." */
    span_vec sv;
    span_vec_init(&sv, &alc);
    CHECK(span_vec_push(&sv, 0, 7));
    CHECK_EQ_INT(segment_split("en", text, lo, hi, &sv), MDSUM_OK);
    CHECK_EQ_INT(sv.n, 3);
    if (sv.n == 3) {
        CHECK_EQ_INT(sv.v[0].start, 0);
        CHECK_EQ_INT(sv.v[1].start, 8);
        CHECK_EQ_INT(sv.v[1].end, 18);
        CHECK_EQ_INT(sv.v[2].start, 19);
        CHECK_EQ_INT(sv.v[2].end, 30);
    }
    /* an empty or inverted region adds nothing */
    CHECK_EQ_INT(segment_split("en", text, 5, 5, &sv), MDSUM_OK);
    CHECK_EQ_INT(segment_split("en", text, 9, 4, &sv), MDSUM_OK);
    CHECK_EQ_INT(sv.n, 3);
    /* a region cut inside a word: the cut is the sentence edge */
    sv.n = 0;
    CHECK_EQ_INT(segment_split("en", text, 10, 15, &sv), MDSUM_OK);   /* "rst o" */
    CHECK_EQ_INT(sv.n, 1);
    if (sv.n == 1) {
        CHECK_EQ_INT(sv.v[0].start, 10);
        CHECK_EQ_INT(sv.v[0].end, 15);
    }
    span_vec_fini(&sv);
}

/* A quotation longer than the look-ahead: its sentences split as usual,
 * and the far closing mark stays with the last one. */
static void test_long_quote(void)
{
    alc_t alc;
    alc_init(&alc, NULL);
    char text[4096];
    size_t n = (size_t)snprintf(text, sizeof text, "Il a dit : \xc2\xab ");
    for (int i = 0; i < 100; i++) n += (size_t)snprintf(text + n, sizeof text - n, "Phrase %d. ", i);
    n += (size_t)snprintf(text + n, sizeof text - n, "\xc2\xbb");
    span_vec sv;
    span_vec_init(&sv, &alc);
    CHECK_EQ_INT(segment_split("fr", text, 0, n, &sv), MDSUM_OK);
    CHECK_EQ_INT(sv.n, 100);
    if (sv.n == 100) {
        const char *last = "Phrase 99. \xc2\xbb";
        CHECK_EQ_INT(sv.v[99].end - sv.v[99].start, strlen(last));
        CHECK(memcmp(text + sv.v[99].start, last, strlen(last)) == 0);
    }
    check_invariants(text, 0, n, sv.v, sv.n, true);
    span_vec_fini(&sv);
}

/* ---- the public call ------------------------------------------------------ */
static void test_public(void)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    CHECK(ctx != NULL);
    mdsum_span *sp = NULL;
    size_t n = 99;
    const char *t = "One. Two.";
    CHECK_EQ_INT(mdsum_split(ctx, t, strlen(t), NULL, &sp, &n), MDSUM_OK);
    CHECK_EQ_INT(n, 2);
    mdsum_free(ctx, sp);
    CHECK_EQ_INT(mdsum_split(ctx, t, strlen(t), "auto", &sp, &n), MDSUM_OK);
    CHECK_EQ_INT(n, 2);
    mdsum_free(ctx, sp);
    CHECK_EQ_INT(mdsum_split(ctx, t, strlen(t), "English", &sp, &n), MDSUM_OK);
    mdsum_free(ctx, sp);
    CHECK_EQ_INT(mdsum_split(ctx, t, strlen(t), "pt-BR", &sp, &n), MDSUM_OK);
    mdsum_free(ctx, sp);
    CHECK_EQ_INT(mdsum_split(ctx, t, strlen(t), "bg", &sp, &n), MDSUM_OK);   /* segmenter-only */
    mdsum_free(ctx, sp);
    /* empty text */
    sp = (mdsum_span *)&n;
    CHECK_EQ_INT(mdsum_split(ctx, NULL, 0, "en", &sp, &n), MDSUM_OK);
    CHECK(sp == NULL);
    CHECK_EQ_INT(n, 0);
    /* bad arguments and languages */
    CHECK_EQ_INT(mdsum_split(ctx, NULL, 3, "en", &sp, &n), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_split(ctx, t, 3, "en", NULL, &n), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_split(NULL, t, 3, "en", &sp, &n), MDSUM_EINVAL);
    CHECK_EQ_INT(mdsum_split(ctx, t, 3, "klingon", &sp, &n), MDSUM_ELANG);
    CHECK(strstr(mdsum_ctx_error(ctx)->message, "klingon") != NULL);
    CHECK_EQ_INT(mdsum_split(ctx, t, 3, "", &sp, &n), MDSUM_ELANG);
    /* invalid UTF-8: offset and line of the first bad byte */
    const char bad[] = "Fine.\nStill fine. \xC3\x28 oops";
    CHECK_EQ_INT(mdsum_split(ctx, bad, sizeof bad - 1, "en", &sp, &n), MDSUM_EUTF8);
    CHECK_EQ_INT(mdsum_ctx_error(ctx)->offset, 18);
    CHECK_EQ_INT(mdsum_ctx_error(ctx)->line, 2);
    const char nul[] = "Nul\0byte.";
    CHECK_EQ_INT(mdsum_split(ctx, nul, sizeof nul - 1, "en", &sp, &n), MDSUM_EUTF8);
    CHECK_EQ_INT(mdsum_ctx_error(ctx)->offset, 3);
    /* ...accepted with MDSUM_LENIENT, offsets into the original bytes */
    CHECK_EQ_INT(mdsum_split_opts(ctx, bad, sizeof bad - 1, "en", MDSUM_LENIENT, &sp, &n), MDSUM_OK);
    CHECK_EQ_INT(n, 3);
    if (n == 3) {
        CHECK_EQ_INT(sp[1].start, 6);
        CHECK_EQ_INT(sp[1].end, 17);
        CHECK_EQ_INT(sp[2].start, 18);
        CHECK_EQ_INT(sp[2].end, 25);
    }
    check_invariants(bad, 0, sizeof bad - 1, sp, n, false);
    mdsum_free(ctx, sp);
    CHECK_EQ_INT(mdsum_split_opts(ctx, nul, sizeof nul - 1, "en", MDSUM_LENIENT, &sp, &n), MDSUM_OK);
    CHECK_EQ_INT(n, 1);
    mdsum_free(ctx, sp);
    mdsum_ctx_free(ctx);
}

/* ---- allocation failure --------------------------------------------------- */
static void test_oom(void)
{
    /* 40 sentences need several reallocations of the span array */
    char text[2000];
    size_t len = 0;
    for (int i = 0; i < 40; i++) len += (size_t)snprintf(text + len, sizeof text - len, "Item %d. ", i);
    for (int budget = 0; budget < 12; budget++) {
        /* budget allocations succeed, every later one fails */
        test_fail_alc f = {.fail_at = budget + 1, .fail_after = true};
        mdsum_allocator a = test_fail_allocator(&f);
        alc_t alc;
        alc_init(&alc, &a);
        span_vec sv;
        span_vec_init(&sv, &alc);
        int rc = segment_split("en", text, 0, len, &sv);
        CHECK(rc == MDSUM_OK || rc == MDSUM_ENOMEM);
        if (rc == MDSUM_OK) CHECK_EQ_INT(sv.n, 40);
        span_vec_fini(&sv);
        CHECK_EQ_INT(f.live, 0);
    }
    /* through the public call and a context with a failing allocator */
    test_fail_alc f = {.fail_at = 2, .fail_after = true};   /* the context itself, then nothing */
    mdsum_allocator a = test_fail_allocator(&f);
    mdsum_ctx *ctx = mdsum_ctx_new(&a);
    CHECK(ctx != NULL);
    mdsum_span *sp = NULL;
    size_t n = 0;
    CHECK_EQ_INT(mdsum_split(ctx, text, len, "en", &sp, &n), MDSUM_ENOMEM);
    CHECK(sp == NULL);
    mdsum_ctx_free(ctx);
    CHECK_EQ_INT(f.live, 0);
}

/* ---- robustness ----------------------------------------------------------- */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void split_and_check(const char *lang, const char *text, size_t lo, size_t hi, unsigned flags,
                            bool valid)
{
    alc_t alc;
    alc_init(&alc, NULL);
    span_vec sv;
    span_vec_init(&sv, &alc);
    CHECK_EQ_INT(segment_split_flags(lang, text, lo, hi, flags, &sv), MDSUM_OK);
    check_invariants(text, lo, hi, sv.v, sv.n, valid);
    span_vec_fini(&sv);
}

/* Characters that exercise every rule, as UTF-8. */
static const char *const alphabet[] = {
    "a", "B", "z", "I", "U.S.", "Mr.", "e.g.", "a.m.", "No.", "1", "42", "3.5", ".", ". ", "..",
    "...", " . . . ", "!", "?", "?!", ";", ":", ",", " ", "  ", "\n", "\n\n", "\r", "\t", "\"", "'",
    "`", "``", "''", "(", ")", "[", "]", "{", "}", "-", "--", "1)", "2.", "a.", "b)",
    "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x98", "\xe2\x80\x99", "\xc2\xab", "\xc2\xbb",
    "\xe2\x80\x9e", "\xe2\x80\xa6", "\xe2\x80\xa2", "\xe2\x81\x83", "\xc2\xa0", "\xe2\x80\xa8",
    "\xe3\x80\x82", "\xe3\x80\x8c", "\xe3\x80\x8d", "\xef\xbc\x8e", "\xef\xbc\x81", "\xe0\xa5\xa4",
    "\xd8\x9f", "\xd6\x89", "\xcd\xbe", "\xd8\xaf", "\xe4\xb8\xad", "\xe2\x80\xab", "\xe2\x80\xac",
    "\xc3\xa9", "\xd0\x96", "\xf0\x9f\x98\x80", "www.x.com", "a@b.co", "[1]", "\xe2\x80\x94",
};

static void test_robustness(void)
{
    static const char *const langs[] = {"en", "de", "fr", "el", "hy", "ar", "ja", "hi", "xx", NULL};
    enum { N = 4096 };
    char *buf = malloc(N * 12 + 16);
    CHECK(buf != NULL);
    if (!buf) return;
    /* random bytes, including NUL and invalid UTF-8 */
    for (int round = 0; round < 300; round++) {
        size_t n = (size_t)(rng() % N);
        for (size_t i = 0; i < n; i++) {
            uint64_t r = rng();
            /* bias towards the bytes the splitter looks at */
            static const char hot[] = ".!?\n\r\"'()[]:; \xe2\x80\xa6\x9c\x9d";
            buf[i] = (r & 3) ? (char)(r >> 8) : hot[(r >> 8) % (sizeof hot - 1)];
        }
        const char *lang = langs[round % 9];
        split_and_check(lang, buf, 0, n, round & 1 ? MDSUM_SPLIT_JOIN_WRAPPED : 0, false);
        if (n > 10) split_and_check(lang, buf, 3, n - 2, 0, false);
    }
    /* random valid UTF-8 from the alphabet */
    for (int round = 0; round < 300; round++) {
        size_t n = 0, want = (size_t)(rng() % N);
        while (n < want) {
            const char *s = alphabet[rng() % (sizeof alphabet / sizeof alphabet[0])];
            size_t l = strlen(s);
            memcpy(buf + n, s, l);
            n += l;
        }
        const char *lang = langs[round % 9];
        split_and_check(lang, buf, 0, n, round & 1 ? MDSUM_SPLIT_JOIN_WRAPPED : 0, true);
    }
    free(buf);

    /* only white space, only punctuation, NUL bytes */
    const char ws[] = " \t\n\r\f\v \xc2\xa0\xe2\x80\x83\xe3\x80\x80\n";
    split_and_check("en", ws, 0, sizeof ws - 1, 0, true);
    const char punct[] = "...!!!???;;;:::'''\"\"\"((()))]]][[[...---";
    split_and_check("en", punct, 0, sizeof punct - 1, 0, true);
    split_and_check("hy", punct, 0, sizeof punct - 1, 0, true);
    const char nul[] = "A.\0B. \0\0 C.\0";
    split_and_check("en", nul, 0, sizeof nul - 1, 0, true);

    /* huge inputs, some built to defeat look-ahead (every opener
     * unmatched, every full stop a list marker candidate) */
    size_t big = (size_t)8 << 20;
    char *h = malloc(big);
    CHECK(h != NULL);
    if (!h) return;
    static const char *const pats[] = {"(((((", "\"a. ", "1. a 2. b 3. c ", "U.S. ", ". . . ",
                                       "word ", "'x ", "\xe2\x80\x9c. ", "a", "\n"};
    for (size_t p = 0; p < sizeof pats / sizeof pats[0]; p++) {
        size_t l = strlen(pats[p]);
        for (size_t i = 0; i < big; i++) h[i] = pats[p][i % l];
        split_and_check("en", h, 0, big, 0, l > 1 || h[0] != '\n');
    }
    free(h);
}

int main(void)
{
    char msg[256];
    bool tables_ok = segment_tables_check(msg, sizeof msg);
    CHECK(tables_ok);
    if (!tables_ok) fprintf(stderr, "tables: %s\n", msg);
    CHECK(segment_lang_known("en") && segment_lang_known("EN") && segment_lang_known("de-AT"));
    CHECK(!segment_lang_known("xx") && !segment_lang_known("") && !segment_lang_known(NULL));
    run_table();
    test_regions();
    test_long_quote();
    test_public();
    test_oom();
    test_robustness();
    return test_finish("test_segment");
}
