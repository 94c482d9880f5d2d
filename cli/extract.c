/*
 * extract.c -- `mdsum extract`: the article text (or, with --json, text and
 * metadata) of saved web pages.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void usage(FILE *fp)
{
    fprintf(fp,
"Usage: mdsum extract [OPTIONS] PAGE...\n"
"\n"
"Print the main text of saved web pages (HTML in any charset; .gz read\n"
"transparently). PAGE is a file, a directory (each regular file in it, in\n"
"byte order of the names; names starting with '.' are skipped) or '-' for\n"
"standard input. Paragraphs are separated by a blank line; with several\n"
"pages each is preceded by a line '==> PAGE <=='.\n"
"\n"
"Options:\n"
"  --json          one JSON object per page and line: file, title, date\n"
"                  (YYYY-MM-DD), author, site, url, lang, description,\n"
"                  charset, paragraphs, text (null when not found)\n"
"  --all           all visible text, no main-content detection\n"
"  --charset NAME  the pages' charset when known from elsewhere (e.g. an\n"
"                  HTTP header); a name the bytes contradict is not used\n"
"  --url URL       the page's address (when it names no canonical URL)\n"
"  -k, --keep-going  go on after a page that fails (the exit status still\n"
"                  reports the failure)\n"
"  -o FILE         write to FILE (atomically) instead of standard output\n"
"  -h, --help      this help\n"
"\n"
"A page without main content (navigation only, empty, binary) is an error:\n"
"'mdsum: error: PAGE: no main content found', exit status 1.\n"
"Exit status: 0 success, 1 bad input, 2 usage or system error.\n");
}

/* ---- JSON output ------------------------------------------------------- */
static void jb_field(cli_buf *b, const char *name, const char *value)
{
    cli_buf_puts(b, ",\"");
    cli_buf_puts(b, name);
    cli_buf_puts(b, "\":");
    cli_buf_json_str(b, value, value ? strlen(value) : 0);
}

/* Extract one page and write it. Returns an exit code. */
static int do_page(mdsum_ctx *ctx, cli_out *out, const char *page, const mdsum_extract_options *opts,
                   bool json, bool header)
{
    mdsum_reader *r = NULL;
    const char *html = NULL;
    size_t len = 0;
    int rc = mdsum_reader_open(ctx, page, MDSUM_MAX_HTML_BYTES, &r);
    if (rc == MDSUM_OK) rc = mdsum_reader_all(r, &html, &len);
    if (rc != MDSUM_OK) {
        /* The reader's messages already name the file. */
        cli_lib_error(ctx, NULL, rc);
        mdsum_reader_free(r);
        return cli_exit_code(rc);
    }
    mdsum_article *a = NULL;
    rc = mdsum_extract_opts(ctx, html, len, opts, &a);
    mdsum_reader_free(r);
    if (rc != MDSUM_OK) {
        cli_lib_error(ctx, cli_display_name(page), rc);
        return cli_exit_code(rc);
    }
    bool ok = true;
    if (json) {
        cli_buf b = {0};
        cli_buf_puts(&b, "{\"file\":");
        cli_buf_json_str(&b, page, strlen(page));
        jb_field(&b, "title", a->title);
        jb_field(&b, "date", a->date);
        jb_field(&b, "author", a->author);
        jb_field(&b, "site", a->site);
        jb_field(&b, "url", a->url);
        jb_field(&b, "lang", a->lang);
        jb_field(&b, "description", a->description);
        jb_field(&b, "charset", a->charset);
        cli_buf_printf(&b, ",\"paragraphs\":%zu,\"text\":", a->paragraphs);
        cli_buf_json_str(&b, a->text, a->text_len);
        cli_buf_puts(&b, "}\n");
        if (b.failed) {
            cli_error("out of memory");
            free(b.data);
            mdsum_article_free(a);
            return EXIT_USAGE;
        }
        ok = cli_out_write(out, b.data, b.len);
        free(b.data);
    } else {
        if (header) {
            ok = cli_out_write(out, "==> ", 4) && cli_out_write(out, page, strlen(page)) &&
                 cli_out_write(out, " <==\n", 5);
        }
        ok = ok && cli_out_write(out, a->text, a->text_len) && cli_out_write(out, "\n", 1);
    }
    mdsum_article_free(a);
    return ok ? EXIT_OK : EXIT_USAGE;
}

int cmd_extract(int argc, char **argv)
{
    bool json = false, keep_going = false;
    const char *outpath = NULL;
    mdsum_extract_options opts;
    mdsum_extract_options_init(&opts);
    /* Options may come before or after the pages; "--" ends them. The
     * pages are collected here and expanded (directories) after the loop. */
    char **args = malloc((size_t)argc * sizeof *args);
    if (!args) {
        cli_error("out of memory");
        return EXIT_USAGE;
    }
    int nargs = 0;
    int status = EXIT_OK;
    bool opts_done = false;
    for (int i = 1; i < argc && status == EXIT_OK; i++) {
        const char *a = argv[i];
        if (opts_done || a[0] != '-' || strcmp(a, "-") == 0) {
            args[nargs++] = argv[i];
        } else if (strcmp(a, "--") == 0) {
            opts_done = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            free(args);
            usage(stdout);
            return cli_stdout_done();
        } else if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (strcmp(a, "--all") == 0) {
            opts.flags |= MDSUM_EXTRACT_ALL;
        } else if (strcmp(a, "-k") == 0 || strcmp(a, "--keep-going") == 0) {
            keep_going = true;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--charset") == 0 || strcmp(a, "--url") == 0) {
            if (i + 1 >= argc) {
                cli_error("extract: %s needs an argument", a);
                status = EXIT_USAGE;
                break;
            }
            const char *v = argv[++i];
            if (a[1] == 'o') outpath = v;
            else if (a[2] == 'c') opts.charset = v;
            else opts.url = v;
        } else {
            cli_error("extract: unknown option '%s' (see 'mdsum extract --help')", a);
            status = EXIT_USAGE;
        }
    }
    if (status == EXIT_OK && nargs == 0) {
        cli_error("extract: no page given (see 'mdsum extract --help')");
        status = EXIT_USAGE;
    }
    cli_paths list = {0};
    if (status == EXIT_OK && !cli_expand_paths(nargs, args, &list)) status = EXIT_USAGE;
    free(args);
    mdsum_ctx *ctx = NULL;
    cli_out out;
    bool opened = false;
    if (status == EXIT_OK) {
        ctx = mdsum_ctx_new(NULL);
        if (!ctx) {
            cli_error("out of memory");
            status = EXIT_USAGE;
        }
    }
    if (status == EXIT_OK) {
        opened = cli_out_open(&out, outpath);
        if (!opened) status = EXIT_USAGE;
    }
    bool header = list.n > 1 && !json;
    for (size_t k = 0; k < list.n && opened; k++) {
        int rc = do_page(ctx, &out, list.v[k], &opts, json, header);
        if (rc > status) status = rc;
        if (rc != EXIT_OK && (!keep_going || out.failed)) break;
    }
    /* An output file is replaced only when all went well, or when the user
     * asked to keep going (the failures are then on standard error and in
     * the exit status). */
    if (opened && !cli_out_close(&out, status == EXIT_OK || (keep_going && !out.failed)) &&
        status == EXIT_OK)
        status = EXIT_USAGE;
    mdsum_ctx_free(ctx);
    cli_paths_free(&list);
    return status;
}
