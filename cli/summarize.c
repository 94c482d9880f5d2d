#include "cli.h"
int cmd_summarize(int argc, char **argv)
{
    (void)argc; (void)argv;
    cli_error("summarize: being written");
    return EXIT_USAGE;
}
