/*
 * train.c -- `mdsum train`: fit the `learned` sentence scorer on a dataset
 * with reference summaries and write its model file, or build the word
 * prior table (--target prior).
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *fp)
{
    fprintf(fp,
"Usage: mdsum train --data KIND:PATH -o MODEL [OPTIONS]\n"
"\n"
"Fit the sentence scorer of the 'learned' algorithm (also the sentence term of\n"
"'joint', the default): for every cluster, the features of each candidate\n"
"sentence and how much of it the reference summary contains; then\n"
"gradient-boosted trees. Or build the word prior table its features read\n"
"(--target prior). The tables shipped in the library (data/, embedded at\n"
"build time) were made from disjoint halves of the Multi-News train split,\n"
"so that the scorer never sees the prior of its own references:\n"
"  mdsum train --data multinews:../shared/data/multinews/train.src.gz \\\n"
"              --target prior --fold 1/2 -o data/prior-en.tsv\n"
"  (rebuild, so that the new prior is embedded)\n"
"  mdsum train --data multinews:../shared/data/multinews/train.src.gz \\\n"
"              --fold 2/2 --trees 100 --depth 5 -o data/model-en.txt\n"
"\n"
"Options:\n"
"  -d, --data SPEC     multinews:FILE.src[.gz] (references: --refs, or the\n"
"                      .tgt beside it), duc:DIR or tac:DIR (see mdsum eval)\n"
"      --refs FILE     Multi-News references (line-aligned .tgt[.gz])\n"
"      --limit N       only the first N clusters (of the fold)\n"
"      --fold K/N      only clusters K, K+N, K+2N, ... (1-based): disjoint\n"
"                      parts of one split for the prior and the models\n"
"  -l, --lang L        language (default en)\n"
"      --target T      what to fit:\n"
"                        precision  the sentence scorer of 'learned' (default):\n"
"                                   how much of each sentence the reference says\n"
"                        oracle     the sentence scorer, 1 if a greedy oracle\n"
"                                   summary takes the sentence\n"
"                        prior      the word prior table: in how many inputs\n"
"                                   each word is, and in how many references too\n"
"  -w, --words N,...   word budgets of the oracle summaries: each cluster is\n"
"                      added once per budget (default 300)\n"
"      --trees N       boosting rounds (default 100)\n"
"      --depth N       depth of each tree, 1..8 (default 4)\n"
"      --rate X        shrinkage of each tree (default 0.1)\n"
"      --l2 X          L2 penalty on leaf values (default 1)\n"
"      --min-child X   smallest hessian sum of a leaf (default 20)\n"
"  -o, --output FILE   where to write the model (atomically)\n"
"  -q, --quiet         no progress on standard error\n"
"  -h, --help          show this help\n"
"\n"
"Exit status: 0 success, 1 bad input, 2 usage or system error.\n");
}

enum { OPT_TARGET = 300 };
enum { OPT_REFS = 256, OPT_LIMIT, OPT_TREES, OPT_DEPTH, OPT_RATE, OPT_L2, OPT_MIN_CHILD, OPT_FOLD };

static const struct option long_opts[] = {
    {"data", required_argument, NULL, 'd'},
    {"refs", required_argument, NULL, OPT_REFS},
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"fold", required_argument, NULL, OPT_FOLD},
    {"lang", required_argument, NULL, 'l'},
    {"words", required_argument, NULL, 'w'},
    {"target", required_argument, NULL, OPT_TARGET},
    {"trees", required_argument, NULL, OPT_TREES},
    {"depth", required_argument, NULL, OPT_DEPTH},
    {"min-child", required_argument, NULL, OPT_MIN_CHILD},
    {"rate", required_argument, NULL, OPT_RATE},
    {"l2", required_argument, NULL, OPT_L2},
    {"output", required_argument, NULL, 'o'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}
};

int cmd_train(int argc, char **argv)
{
    const char *spec = NULL, *refs = NULL, *output = NULL;
    long limit = -1, num = 0, budgets[8] = {300}, fold_k = 1, fold_n = 1;
    size_t nbudgets = 1;
    int target = MDSUM_TARGET_PRECISION;
    bool quiet = false;
    mdsum_options opts;
    mdsum_options_init(&opts);
    mdsum_train_opts to;
    mdsum_train_opts_init(&to);
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:l:w:o:qh", long_opts, NULL)) != -1) {
        switch (c) {
        case 'd': spec = optarg; break;
        case OPT_REFS: refs = optarg; break;
        case OPT_LIMIT: if (!cli_parse_long("--limit", optarg, 1, 1000000000L, &limit)) return EXIT_USAGE; break;
        case OPT_FOLD: {
            char *slash = strchr(optarg, '/');
            if (!slash) { cli_error("--fold: expected K/N, got '%s'", optarg); return EXIT_USAGE; }
            *slash = '\0';
            bool ok = cli_parse_long("--fold", optarg, 1, 1000000L, &fold_k) &&
                      cli_parse_long("--fold", slash + 1, 1, 1000000L, &fold_n);
            *slash = '/';
            if (!ok) return EXIT_USAGE;
            if (fold_k > fold_n) { cli_error("--fold: K must be at most N, got '%s'", optarg); return EXIT_USAGE; }
            break;
        }
        case 'l': opts.lang = optarg; break;
        case 'w': {
            nbudgets = 0;
            char *copy = strdup(optarg), *save = NULL;
            for (char *tok = copy ? strtok_r(copy, ",", &save) : NULL; tok; tok = strtok_r(NULL, ",", &save)) {
                if (nbudgets == 8) { cli_error("--words: at most 8 budgets"); free(copy); return EXIT_USAGE; }
                if (!cli_parse_long("--words", tok, 1, 1000000000L, &budgets[nbudgets])) { free(copy); return EXIT_USAGE; }
                nbudgets++;
            }
            free(copy);
            if (nbudgets == 0) { cli_error("--words: expected N[,N...]"); return EXIT_USAGE; }
            break;
        }
        case OPT_TREES:
            if (!cli_parse_long("--trees", optarg, 0, 100000, &num)) return EXIT_USAGE;
            to.trees = (int)num;
            break;
        case OPT_DEPTH:
            if (!cli_parse_long("--depth", optarg, 1, 8, &num)) return EXIT_USAGE;
            to.depth = (int)num;
            break;
        case OPT_MIN_CHILD: if (!cli_parse_double("--min-child", optarg, 0, 1e12, &to.min_child)) return EXIT_USAGE; break;
        case OPT_RATE: if (!cli_parse_double("--rate", optarg, 1e-9, 10, &to.rate)) return EXIT_USAGE; break;
        case OPT_L2: if (!cli_parse_double("--l2", optarg, 0, 1e12, &to.l2)) return EXIT_USAGE; break;
        case OPT_TARGET:
            if (strcmp(optarg, "precision") == 0) target = MDSUM_TARGET_PRECISION;
            else if (strcmp(optarg, "oracle") == 0) target = MDSUM_TARGET_ORACLE;
            else if (strcmp(optarg, "prior") == 0) target = MDSUM_TARGET_PRIOR;
            else {
                cli_error("--target: expected precision, oracle or prior, got '%s'", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'o': output = optarg; break;
        case 'q': quiet = true; break;
        case 'h': usage(stdout); return cli_stdout_done();
        case ':': cli_error("option '%s' needs a value (see 'mdsum train --help')", argv[optind - 1]); return EXIT_USAGE;
        default: cli_error("unknown option '%s' (see 'mdsum train --help')", argv[optind - 1]); return EXIT_USAGE;
        }
    }
    if (!spec || !output) {
        cli_error("train: --data KIND:PATH and -o MODEL are required (see 'mdsum train --help')");
        return EXIT_USAGE;
    }
    if (optind < argc) {
        cli_error("train: unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    if (!ctx) { cli_error("out of memory"); return EXIT_USAGE; }
    mdsum_dataset *ds = NULL;
    mdsum_trainer *tr = NULL;
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    int rc = cl ? MDSUM_OK : MDSUM_ENOMEM;
    if (rc == MDSUM_OK) rc = mdsum_dataset_open(ctx, spec, refs, &ds);
    if (rc == MDSUM_OK) rc = mdsum_trainer_new(ctx, &opts, target, &tr);
    int code = EXIT_OK;
    if (rc) {
        cli_lib_error(ctx, NULL, rc);
        /* A dataset that cannot be read is bad input, as in mdsum eval. */
        code = rc == MDSUM_EIO ? EXIT_BADINPUT : cli_exit_code(rc);
    }
    long done = 0, skipped = 0, index = -1;
    while (code == EXIT_OK && (limit < 0 || done < limit)) {
        rc = mdsum_dataset_next(ds);
        if (rc == 0) break;
        if (rc < 0) {
            cli_lib_error(ctx, spec, rc);
            code = cli_exit_code(rc);
            break;
        }
        if (++index % fold_n != fold_k - 1) continue;
        mdsum_cluster_clear(cl);
        for (size_t i = 0; rc >= 0 && i < mdsum_dataset_doc_count(ds); i++) {
            mdsum_doc d;
            mdsum_dataset_doc(ds, i, &d);
            rc = mdsum_cluster_add(cl, &d, MDSUM_LENIENT);
        }
        const char *ref = "";
        size_t ref_len = 0;
        if (mdsum_dataset_ref_count(ds) > 0) mdsum_dataset_ref(ds, 0, &ref, &ref_len);
        for (size_t k = 0; rc >= 0 && k < nbudgets; k++) rc = mdsum_trainer_add(tr, cl, ref, ref_len, budgets[k]);
        if (rc == MDSUM_EEMPTY) {
            skipped++;   /* a cluster without sentences teaches nothing */
        } else if (rc < 0) {
            cli_lib_error(ctx, mdsum_dataset_item_id(ds), rc);
            code = cli_exit_code(rc);
            break;
        }
        done++;
        if (!quiet && done % 1000 == 0) fprintf(stderr, "\r%ld clusters, %zu examples", done, mdsum_trainer_count(tr));
    }
    if (!quiet)
        fprintf(stderr, "\r%ld clusters (%ld empty), %zu %s\n", done, skipped, mdsum_trainer_count(tr),
                target == MDSUM_TARGET_PRIOR ? "words" : "examples");
    char *model = NULL;
    size_t len = 0;
    if (code == EXIT_OK) {
        rc = mdsum_trainer_fit(tr, &to, &model, &len);
        if (rc) {
            cli_lib_error(ctx, NULL, rc);
            code = cli_exit_code(rc);
        }
    }
    if (code == EXIT_OK && !cli_out_whole(output, model, len)) code = EXIT_USAGE;
    mdsum_free(ctx, model);
    mdsum_trainer_free(tr);
    mdsum_dataset_free(ds);
    mdsum_cluster_free(cl);
    mdsum_ctx_free(ctx);
    return code;
}
