/*
 * main.c -- the mdsum command: dispatch to one subcommand per file.
 */
#include "cli.h"

#include <signal.h>
#include <string.h>

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"summarize", cmd_summarize, "summarize a cluster of news articles"},
    {"extract", cmd_extract, "extract the article text of web pages"},
    {"split", cmd_split, "split text into sentences (with byte offsets)"},
    {"rouge", cmd_rouge, "ROUGE scores identical to ROUGE-1.5.5 (or rouge-score)"},
    {"eval", cmd_eval, "summarize a dataset and score it with ROUGE"},
    {"idf", cmd_idf, "build a background IDF table (idf build)"},
    {"clean", cmd_clean, "build the learned boilerplate table (clean build-table)"},
    {"train", cmd_train, "train the learned sentence scorer"},
    /* Keep this list in the order `mdsum --help` shows it. */
    {NULL, NULL, NULL}
};

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: mdsum COMMAND [OPTIONS] [ARGS]\n"
            "\n"
            "Multi-document news summarization with provenance.\n"
            "\n"
            "Commands:\n");
    for (const command *c = commands; c->name; c++)
        fprintf(fp, "  %-10s %s\n", c->name, c->summary);
    fprintf(fp,
            "\n"
            "Run 'mdsum COMMAND --help' for the options of a command.\n"
            "\n"
            "Exit status: 0 success, 1 bad input, 2 usage or system error.\n"
            "Options: -h, --help  this help; -V, --version  print the version.\n");
}

int main(int argc, char **argv)
{
    /* A closed pipe must be a reported write error, not a silent death. */
    signal(SIGPIPE, SIG_IGN);
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0) {
        usage(stdout);
        return cli_stdout_done();
    }
    if (strcmp(name, "-V") == 0 || strcmp(name, "--version") == 0) {
        printf("mdsum %s\n", mdsum_version());
        return cli_stdout_done();
    }
    for (const command *c = commands; c->name; c++)
        if (strcmp(c->name, name) == 0) return c->run(argc - 1, argv + 1);
    cli_error("unknown command '%s' (see 'mdsum --help')", name);
    return EXIT_USAGE;
}
