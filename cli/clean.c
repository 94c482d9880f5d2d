/*
 * clean.c -- `mdsum clean build-table`: learn the line shapes that recur
 * across many unrelated clusters (navigation, promos, player and legal
 * lines) and write the boilerplate table the cleaner uses.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *fp)
{
    fprintf(fp,
"Usage: mdsum clean build-table [OPTIONS] -o TABLE SOURCES\n"
"\n"
"Cut every line of every document of SOURCES (one cluster per line) into\n"
"sentence units and count in how many clusters each unit's shape occurs\n"
"(shape: the words, lower-cased, digits as 0, punctuation dropped). Shapes\n"
"of 2-40 words found in many clusters, with a content word, and rarely\n"
"echoed by the reference summaries (--refs) are boilerplate. The table\n"
"shipped in the library (data/boilerplate-en.tsv) was built with:\n"
"  mdsum clean build-table --refs ../shared/data/multinews/train.tgt.gz \\\n"
"      -o data/boilerplate-en.tsv ../shared/data/multinews/train.src.gz\n"
"\n"
"Options:\n"
"  -f, --format FMT        multinews (default) or jsonl\n"
"  -r, --refs FILE         reference summaries, one per line, line-aligned\n"
"                          with SOURCES (optional; without it no shape is\n"
"                          left out for looking like news phrasing)\n"
"  -m, --min-clusters N    keep shapes found in at least N clusters (default 20;\n"
"                          English shapes that address the reader or name the\n"
"                          site need N/2 for 4-5 words, N/4 for 6 or more, at\n"
"                          least 2)\n"
"  -x, --max-overlap X     keep shapes whose content words appear in the\n"
"                          reference at most this often, 0..1 (default 0.2)\n"
"  -l, --lang L            language of the corpus (default en)\n"
"  -o, --output FILE       where to write the table (atomically)\n"
"      --lenient           replace invalid UTF-8 instead of failing\n"
"  -h, --help              show this help\n"
"\n"
"Exit status: 0 success, 1 bad input, 2 usage or system error.\n");
}

enum { OPT_LENIENT = 256 };

static const struct option long_opts[] = {
    {"format", required_argument, NULL, 'f'},
    {"refs", required_argument, NULL, 'r'},
    {"min-clusters", required_argument, NULL, 'm'},
    {"max-overlap", required_argument, NULL, 'x'},
    {"lang", required_argument, NULL, 'l'},
    {"output", required_argument, NULL, 'o'},
    {"lenient", no_argument, NULL, OPT_LENIENT},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}
};

typedef struct build_cfg {
    int format;
    const char *refs;
    long min_clusters;
    double max_overlap;
    const char *lang;
    const char *output;
    unsigned flags;
} build_cfg;

static int build_table(const build_cfg *cfg, const char *src)
{
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    mdsum_cluster *cl = ctx ? mdsum_cluster_new(ctx) : NULL;
    if (!cl) {
        cli_error("out of memory");
        mdsum_ctx_free(ctx);
        return EXIT_USAGE;
    }
    mdsum_boilerplate_builder *b = NULL;
    mdsum_reader *r = NULL, *rr = NULL;
    int code = EXIT_OK;
    int rc = mdsum_boilerplate_builder_new(ctx, cfg->lang, &b);
    if (rc) {
        cli_lib_error(ctx, NULL, rc);
        code = EXIT_USAGE;
    }
    if (code == EXIT_OK && (rc = mdsum_reader_open(ctx, src, 0, &r)) != MDSUM_OK) {
        cli_lib_error(ctx, NULL, rc);
        code = rc == MDSUM_EIO ? EXIT_BADINPUT : cli_exit_code(rc);
    }
    if (code == EXIT_OK && cfg->refs && (rc = mdsum_reader_open(ctx, cfg->refs, 0, &rr)) != MDSUM_OK) {
        cli_lib_error(ctx, NULL, rc);
        code = rc == MDSUM_EIO ? EXIT_BADINPUT : cli_exit_code(rc);
    }
    /* The reference line must outlive the next source read: copy it. */
    char *ref = NULL;
    size_t ref_cap = 0;
    while (code == EXIT_OK) {
        const char *line, *rline = NULL;
        size_t len, rlen = 0;
        if (rr) {
            int k = mdsum_reader_line(rr, &rline, &rlen);
            if (k < 0) {
                cli_lib_error(ctx, cli_display_name(cfg->refs), k);
                code = cli_exit_code(k);
                break;
            }
            if (k == 0) rline = NULL;
            if (rline) {
                if (rlen + 1 > ref_cap) {
                    char *p = realloc(ref, rlen + 1);
                    if (!p) { cli_error("out of memory"); code = EXIT_USAGE; break; }
                    ref = p;
                    ref_cap = rlen + 1;
                }
                memcpy(ref, rline, rlen);
                ref[rlen] = '\0';
            }
        }
        rc = mdsum_reader_line(r, &line, &len);
        if (rc == 0) break;
        if (rc < 0) {
            cli_lib_error(ctx, cli_display_name(src), rc);
            code = cli_exit_code(rc);
            break;
        }
        if (rr && !rline) {
            cli_error("%s: fewer lines than %s", cli_display_name(cfg->refs), cli_display_name(src));
            code = EXIT_BADINPUT;
            break;
        }
        mdsum_cluster_clear(cl);
        rc = cfg->format == MDSUM_FORMAT_JSONL ? mdsum_cluster_add_jsonl(cl, line, len, cfg->flags)
                                               : mdsum_cluster_add_multinews(cl, line, len, cfg->flags);
        if (rc == MDSUM_OK) rc = mdsum_boilerplate_builder_add(b, cl, rline ? ref : NULL, rline ? rlen : 0);
        if (rc) {
            char where[4200];
            snprintf(where, sizeof where, "%s:%lld", cli_display_name(src), mdsum_reader_line_number(r));
            cli_lib_error(ctx, where, rc);
            code = cli_exit_code(rc);
        }
    }
    free(ref);
    if (code == EXIT_OK) {
        char *text;
        size_t len;
        rc = mdsum_boilerplate_builder_write(b, (unsigned long)cfg->min_clusters, cfg->max_overlap, &text, &len);
        if (rc) {
            cli_lib_error(ctx, NULL, rc);
            code = EXIT_USAGE;
        } else {
            if (!cli_out_whole(cfg->output, text, len)) code = EXIT_USAGE;
            mdsum_free(ctx, text);
        }
    }
    mdsum_reader_free(r);
    mdsum_reader_free(rr);
    mdsum_boilerplate_builder_free(b);
    mdsum_cluster_free(cl);
    mdsum_ctx_free(ctx);
    return code;
}

int cmd_clean(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[1], "build-table") != 0) {
        cli_error("clean: unknown action '%s' (expected 'build-table')", argv[1]);
        return EXIT_USAGE;
    }
    argc--;
    argv++;
    build_cfg cfg = {MDSUM_FORMAT_MULTINEWS, NULL, 20, 0.2, "en", NULL, 0};
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:r:m:x:l:o:h", long_opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "multinews") == 0) cfg.format = MDSUM_FORMAT_MULTINEWS;
            else if (strcmp(optarg, "jsonl") == 0) cfg.format = MDSUM_FORMAT_JSONL;
            else { cli_error("--format: expected multinews or jsonl, got '%s'", optarg); return EXIT_USAGE; }
            break;
        case 'r': cfg.refs = optarg; break;
        case 'm':
            if (!cli_parse_long("--min-clusters", optarg, 1, 1000000000L, &cfg.min_clusters)) return EXIT_USAGE;
            break;
        case 'x':
            if (!cli_parse_double("--max-overlap", optarg, 0, 1, &cfg.max_overlap)) return EXIT_USAGE;
            break;
        case 'l': cfg.lang = optarg; break;
        case 'o': cfg.output = optarg; break;
        case OPT_LENIENT: cfg.flags |= MDSUM_LENIENT; break;
        case 'h': usage(stdout); return EXIT_OK;
        case ':':
            cli_error("option '%s' needs a value (see 'mdsum clean build-table --help')", argv[optind - 1]);
            return EXIT_USAGE;
        default:
            cli_error("unknown option '%s' (see 'mdsum clean build-table --help')", argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (!cfg.output) {
        cli_error("clean build-table: -o TABLE is required");
        return EXIT_USAGE;
    }
    if (optind + 1 != argc) {
        cli_error("clean build-table: expected one SOURCES file");
        return EXIT_USAGE;
    }
    return build_table(&cfg, argv[optind]);
}
