/*
 * idf.c -- `mdsum idf build`: count document frequencies over a corpus and
 * write the background IDF table that summarization weights terms with.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *fp)
{
    fprintf(fp,
"Usage: mdsum idf build [OPTIONS] -o TABLE INPUT...\n"
"\n"
"Count in how many documents each term occurs (terms as the summarizer\n"
"sees them: NFC, case folded, stemmed) and write a background IDF table.\n"
"The table shipped in the library (data/idf-en.tsv) was built with:\n"
"  mdsum idf build --min-df 3 -o data/idf-en.tsv ../shared/data/multinews/train.src.gz\n"
"\n"
"Options:\n"
"  -f, --format FMT   multinews (default: one cluster per line, every\n"
"                     document counts), jsonl, or text (each INPUT is a document)\n"
"  -l, --lang L       language of the corpus (default en)\n"
"  -m, --min-df N     keep terms found in at least N documents (default 3)\n"
"  -o, --output FILE  where to write the table (atomically)\n"
"      --lenient      skip invalid UTF-8 instead of failing\n"
"  -h, --help         show this help\n"
"\n"
"Exit status: 0 success, 1 bad input, 2 usage or system error.\n");
}

static const struct option long_opts[] = {
    {"format", required_argument, NULL, 'f'},
    {"lang", required_argument, NULL, 'l'},
    {"min-df", required_argument, NULL, 'm'},
    {"output", required_argument, NULL, 'o'},
    {"lenient", no_argument, NULL, 'L'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}
};

static int add_cluster_docs(mdsum_ctx *ctx, mdsum_idf_builder *b, mdsum_cluster *cl, unsigned flags)
{
    for (size_t i = 0; i < mdsum_cluster_doc_count(cl); i++) {
        mdsum_doc d;
        mdsum_cluster_doc(cl, i, &d);
        int rc = mdsum_idf_builder_add(b, d.text, d.text_len, flags);
        if (rc) return rc;
    }
    (void)ctx;
    return MDSUM_OK;
}

int cmd_idf(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[1], "build") != 0) {
        cli_error("idf: unknown action '%s' (expected 'build')", argv[1]);
        return EXIT_USAGE;
    }
    argc--;
    argv++;
    const char *lang = "en", *output = NULL;
    int format = MDSUM_FORMAT_MULTINEWS;
    long min_df = 3;
    unsigned flags = 0;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:l:m:o:h", long_opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "multinews") == 0) format = MDSUM_FORMAT_MULTINEWS;
            else if (strcmp(optarg, "jsonl") == 0) format = MDSUM_FORMAT_JSONL;
            else if (strcmp(optarg, "text") == 0) format = MDSUM_FORMAT_TEXT;
            else { cli_error("--format: expected multinews, jsonl or text"); return EXIT_USAGE; }
            break;
        case 'l': lang = optarg; break;
        case 'm': if (!cli_parse_long("--min-df", optarg, 1, 1000000000L, &min_df)) return EXIT_USAGE; break;
        case 'o': output = optarg; break;
        case 'L': flags |= MDSUM_LENIENT; break;
        case 'h': usage(stdout); return EXIT_OK;
        case ':': cli_error("option '%s' needs a value", argv[optind - 1]); return EXIT_USAGE;
        default: cli_error("unknown option '%s' (see 'mdsum idf build --help')", argv[optind - 1]); return EXIT_USAGE;
        }
    }
    if (!output) {
        cli_error("idf build: -o TABLE is required");
        return EXIT_USAGE;
    }
    if (optind >= argc) {
        cli_error("idf build: no input given");
        return EXIT_USAGE;
    }
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    mdsum_cluster *cl = ctx ? mdsum_cluster_new(ctx) : NULL;
    mdsum_idf_builder *b = NULL;
    if (!cl) { cli_error("out of memory"); mdsum_ctx_free(ctx); return EXIT_USAGE; }
    int rc = mdsum_idf_builder_new(ctx, lang, &b);
    int code = EXIT_OK;
    if (rc) { cli_lib_error(ctx, NULL, rc); code = EXIT_USAGE; }
    cli_paths paths = {0};
    if (code == EXIT_OK && !cli_expand_paths(argc - optind, argv + optind, &paths)) code = EXIT_BADINPUT;
    for (size_t p = 0; p < paths.n && code == EXIT_OK; p++) {
        mdsum_reader *r;
        rc = mdsum_reader_open(ctx, paths.v[p], 0, &r);
        if (rc) { cli_lib_error(ctx, NULL, rc); code = EXIT_BADINPUT; break; }
        if (format == MDSUM_FORMAT_TEXT) {
            const char *data;
            size_t len;
            rc = mdsum_reader_all(r, &data, &len);
            if (rc == MDSUM_OK) rc = mdsum_idf_builder_add(b, data, len, flags);
            if (rc) { cli_lib_error(ctx, cli_display_name(paths.v[p]), rc); code = cli_exit_code(rc); }
        } else {
            const char *line;
            size_t len;
            while ((rc = mdsum_reader_line(r, &line, &len)) == 1) {
                mdsum_cluster_clear(cl);
                rc = format == MDSUM_FORMAT_JSONL ? mdsum_cluster_add_jsonl(cl, line, len, flags)
                                                  : mdsum_cluster_add_multinews(cl, line, len, flags);
                if (rc == MDSUM_OK) rc = add_cluster_docs(ctx, b, cl, flags);
                if (rc) {
                    char where[4200];
                    snprintf(where, sizeof where, "%s:%lld", cli_display_name(paths.v[p]),
                             mdsum_reader_line_number(r));
                    cli_lib_error(ctx, where, rc);
                    code = cli_exit_code(rc);
                    break;
                }
            }
            if (rc < 0 && code == EXIT_OK) { cli_lib_error(ctx, NULL, rc); code = cli_exit_code(rc); }
        }
        mdsum_reader_free(r);
    }
    if (code == EXIT_OK) {
        char *text;
        size_t len;
        rc = mdsum_idf_builder_write(b, (unsigned long)min_df, &text, &len);
        if (rc) {
            cli_lib_error(ctx, NULL, rc);
            code = EXIT_USAGE;
        } else {
            if (!cli_out_whole(output, text, len)) code = EXIT_USAGE;
            mdsum_free(ctx, text);
        }
    }
    cli_paths_free(&paths);
    mdsum_idf_builder_free(b);
    mdsum_cluster_free(cl);
    mdsum_ctx_free(ctx);
    return code;
}
