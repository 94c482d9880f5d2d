/*
 * split.c -- `mdsum split`: the sentence segmenter on its own.
 *
 *   mdsum split [--lang L] [--format F] [--json] [--join-wrapped] [--lenient]
 *               [-o FILE] [FILE...]
 *
 * Text output: one sentence per line; a white-space run holding a line
 * break inside a sentence is shown as one space (as nothing between two
 * CJK characters). JSON output: one object per input file and line,
 * {"file": F, "lang": L, "sentences": [{"start": S, "end": E, "text": T}]}
 * with byte offsets into the file's (decompressed) bytes; T is the exact
 * text of the span. With --format multinews/jsonl, one object per document
 * with "line", "cluster" (its id, if any), "doc" (1-based) and "id" (the
 * document's, if any); offsets then refer
 * to the document's text as the cluster reader stores it.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: mdsum split [OPTIONS] [FILE...]\n"
            "\n"
            "Split text into sentences, one per line. Without FILE, or with FILE \"-\",\n"
            "read standard input; gzip input is read transparently. Every line break\n"
            "ends a sentence (a headline or paragraph per line).\n"
            "\n"
            "Options:\n"
            "  -l, --lang L        language: ISO code or English name, or \"auto\" to\n"
            "                      guess it per file (default: auto)\n"
            "  -j, --json          one JSON object per file: {\"file\", \"lang\",\n"
            "                      \"sentences\": [{\"start\", \"end\", \"text\"}]} with byte\n"
            "                      offsets into the input\n"
            "  -f, --format F      text (default): each file is one text; multinews: one\n"
            "                      cluster per line, documents split at \"|||||\",\n"
            "                      NEWLINE_CHAR read as a line break; jsonl: one cluster\n"
            "                      per line as JSON. Then each document is split on its\n"
            "                      own (JSON: one object per document, offsets into its\n"
            "                      text as read; text: a blank line after each)\n"
            "  -w, --join-wrapped  a line break inside a hard-wrapped paragraph does not\n"
            "                      end a sentence\n"
            "      --lenient       accept invalid UTF-8 and NUL bytes (offsets stay exact;\n"
            "                      in JSON text a bad byte is \\ufffd, NUL \\u0000)\n"
            "  -o, --output FILE   write to FILE (replaced atomically) instead of stdout\n"
            "  -h, --help          this help\n"
            "\n"
            "Exit status: 0 success, 1 bad input (invalid UTF-8), 2 usage or system error.\n");
}

/* ---- UTF-8 helpers (the CLI sees only the public header) --------------- */

static long u8cp(const unsigned char *s, size_t k)
{
    switch (k) {
    case 1: return s[0];
    case 2: return ((long)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    case 3: return ((long)(s[0] & 0x0F) << 12) | ((long)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    default:
        return ((long)(s[0] & 0x07) << 18) | ((long)(s[1] & 0x3F) << 12) |
               ((long)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    }
}

static bool cp_space(long c)
{
    if (c < 0x80) return c == ' ' || (c >= 9 && c <= 13) || (c >= 0x1C && c <= 0x1F);
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

static bool cp_break(long c)
{
    return c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x85 || c == 0x2028 ||
           c == 0x2029;
}

static bool cp_cjk(long c)
{
    return (c >= 0x3000 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF);
}

/* The code point before s[0..i), or -1. */
static long cp_before(const unsigned char *s, size_t i)
{
    if (!i) return -1;
    size_t j = i - 1;
    while (j > 0 && i - j < 4 && (s[j] & 0xC0) == 0x80) j--;
    size_t k = cli_utf8_len(s + j, i - j);
    return k == i - j ? u8cp(s + j, k) : -1;
}

/* One sentence as a display line: breaks folded into a space. */
static void put_line(cli_buf *b, const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t k = cli_utf8_len(s + i, n - i);
        if (!k) {
            cli_buf_add(b, s + i, 1);
            i++;
            continue;
        }
        long c = u8cp(s + i, k);
        if (cp_space(c)) {
            size_t j = i;
            bool brk = false;
            while (j < n) {
                size_t k2 = cli_utf8_len(s + j, n - j);
                if (!k2) break;
                long c2 = u8cp(s + j, k2);
                if (!cp_space(c2)) break;
                brk |= cp_break(c2);
                j += k2;
            }
            if (brk) {
                long before = cp_before(s, i);
                size_t k3 = j < n ? cli_utf8_len(s + j, n - j) : 0;
                long after = k3 ? u8cp(s + j, k3) : -1;
                if (!(cp_cjk(before) && cp_cjk(after))) cli_buf_add(b, " ", 1);
                i = j;
                continue;
            }
        }
        cli_buf_add(b, s + i, k);
        i += k;
    }
    cli_buf_add(b, "\n", 1);
}

/* ---- the command ------------------------------------------------------- */
typedef struct split_opts {
    const char *lang;
    bool json;
    unsigned flags;
    int format;     /* MDSUM_FORMAT_TEXT, _MULTINEWS or _JSONL */
} split_opts;

/* Split one text (a file or a document) and append the output. `head` is
 * the start of the JSON object ("{\"file\":...,"), NULL for text output.
 * `where` names the input in error messages. Returns an exit code. */
static int split_text(mdsum_ctx *ctx, const char *text, size_t len, const char *where,
                      const char *head, const split_opts *o, cli_buf *b)
{
    const char *code = o->lang;
    if (strcmp(code, "auto") == 0 && mdsum_lang_detect(ctx, text, len, &code) != MDSUM_OK)
        code = "en";
    mdsum_span *sp = NULL;
    size_t n = 0;
    int rc = mdsum_split_opts(ctx, text, len, code, o->flags, &sp, &n);
    if (rc != MDSUM_OK) {
        cli_lib_error(ctx, where, rc);
        return cli_exit_code(rc);
    }
    const unsigned char *u = (const unsigned char *)text;
    if (head) {
        cli_buf_puts(b, head);
        cli_buf_puts(b, "\"lang\":");
        cli_buf_json_str(b, code, strlen(code));
        cli_buf_puts(b, ",\"sentences\":[");
        for (size_t i = 0; i < n; i++) {
            cli_buf_printf(b, "%s{\"start\":%zu,\"end\":%zu,\"text\":", i ? "," : "",
                     sp[i].start, sp[i].end);
            cli_buf_json_str(b, text + sp[i].start, sp[i].end - sp[i].start);
            cli_buf_add(b, "}", 1);
        }
        cli_buf_puts(b, "]}\n");
    } else {
        for (size_t i = 0; i < n; i++) put_line(b, u + sp[i].start, sp[i].end - sp[i].start);
    }
    mdsum_free(ctx, sp);
    if (b->failed) {
        cli_error("out of memory");
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* Multi-News or JSONL input: every document of every line. `name` is the
 * file as JSON shows it ("-" for stdin), `label` as messages show it. */
static int split_clusters(mdsum_ctx *ctx, mdsum_reader *r, const char *name, const char *label,
                          const split_opts *o, cli_buf *b)
{
    mdsum_cluster *cl = mdsum_cluster_new(ctx);
    if (!cl) {
        cli_error("out of memory");
        return EXIT_USAGE;
    }
    const char *line;
    size_t len;
    int rc, status = EXIT_OK;
    while ((rc = mdsum_reader_line(r, &line, &len)) == 1) {
        long long ln = mdsum_reader_line_number(r);
        char where[4096];
        snprintf(where, sizeof where, "%s:%lld", label, ln);
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t')) k++;
        if (k == len) continue;   /* blank line */
        mdsum_cluster_clear(cl);
        rc = o->format == MDSUM_FORMAT_JSONL ? mdsum_cluster_add_jsonl(cl, line, len, o->flags)
                                             : mdsum_cluster_add_multinews(cl, line, len, o->flags);
        if (rc != MDSUM_OK) {
            cli_lib_error(ctx, where, rc);
            mdsum_cluster_free(cl);
            return cli_exit_code(rc);
        }
        for (size_t d = 0; d < mdsum_cluster_doc_count(cl); d++) {
            mdsum_doc doc;
            if (mdsum_cluster_doc(cl, d, &doc) != MDSUM_OK) continue;
            cli_buf head = {0};
            if (o->json) {
                cli_buf_puts(&head, "{\"file\":");
                cli_buf_json_str(&head, name, strlen(name));
                cli_buf_printf(&head, ",\"line\":%lld,", ln);
                const char *cid = mdsum_cluster_id(cl);
                if (cid) {
                    cli_buf_puts(&head, "\"cluster\":");
                    cli_buf_json_str(&head, cid, strlen(cid));
                    cli_buf_add(&head, ",", 1);
                }
                cli_buf_printf(&head, "\"doc\":%zu,", d + 1);
                if (doc.id) {
                    cli_buf_puts(&head, "\"id\":");
                    cli_buf_json_str(&head, doc.id, strlen(doc.id));
                    cli_buf_add(&head, ",", 1);
                }
                if (head.failed) {
                    free(head.data);
                    cli_error("out of memory");
                    mdsum_cluster_free(cl);
                    return EXIT_USAGE;
                }
            }
            rc = split_text(ctx, doc.text, doc.text_len, where, o->json ? head.data : NULL, o, b);
            free(head.data);
            if (rc != EXIT_OK) {
                mdsum_cluster_free(cl);
                return rc;
            }
            if (!o->json) cli_buf_add(b, "\n", 1);
        }
    }
    if (rc < 0) {
        cli_lib_error(ctx, NULL, rc);
        status = cli_exit_code(rc);
    }
    mdsum_cluster_free(cl);
    return status;
}


/* Split one input; appends to `b`. Returns an exit code. */
static int split_one(mdsum_ctx *ctx, const char *path, const split_opts *o, cli_buf *b)
{
    mdsum_reader *r = NULL;
    int rc = mdsum_reader_open(ctx, path, 0, &r);
    if (rc != MDSUM_OK) {
        cli_lib_error(ctx, NULL, rc);
        return cli_exit_code(rc);
    }
    const char *name = strcmp(path, "-") == 0 ? "-" : path;
    const char *where = strcmp(path, "-") == 0 ? "standard input" : path;
    if (o->format != MDSUM_FORMAT_TEXT) {
        rc = split_clusters(ctx, r, name, where, o, b);
        mdsum_reader_free(r);
        return rc;
    }
    const char *buf = NULL;
    size_t len = 0;
    rc = mdsum_reader_all(r, &buf, &len);
    if (rc != MDSUM_OK) {
        cli_lib_error(ctx, NULL, rc);
        mdsum_reader_free(r);
        return cli_exit_code(rc);
    }
    cli_buf head = {0};
    if (o->json) {
        cli_buf_puts(&head, "{\"file\":");
        cli_buf_json_str(&head, name, strlen(name));
        cli_buf_add(&head, ",", 1);
    }
    if (head.failed) {
        cli_error("out of memory");
        rc = EXIT_USAGE;
    } else {
        rc = split_text(ctx, buf, len, where, o->json ? head.data : NULL, o, b);
    }
    free(head.data);
    mdsum_reader_free(r);
    return rc;
}

int cmd_split(int argc, char **argv)
{
    split_opts o = {"auto", false, 0, MDSUM_FORMAT_TEXT};
    const char *output = NULL, *format = "text";
    char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0;
    bool only_files = false;
    if (!files) {
        cli_error("out of memory");
        return EXIT_USAGE;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
            files[nfiles++] = argv[i];
        } else if (strcmp(a, "--") == 0) {
            only_files = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            free(files);
            usage(stdout);
            return cli_stdout_done();
        } else if (strcmp(a, "-j") == 0 || strcmp(a, "--json") == 0) {
            o.json = true;
        } else if (strcmp(a, "-w") == 0 || strcmp(a, "--join-wrapped") == 0) {
            o.flags |= MDSUM_SPLIT_JOIN_WRAPPED;
        } else if (strcmp(a, "--lenient") == 0) {
            o.flags |= MDSUM_LENIENT;
        } else if (strcmp(a, "-l") == 0 || strcmp(a, "--lang") == 0 || strcmp(a, "-o") == 0 ||
                   strcmp(a, "--output") == 0 || strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0) {
            if (i + 1 >= argc) {
                cli_error("%s needs a value (see 'mdsum split --help')", a);
                free(files);
                return EXIT_USAGE;
            }
            char which = a[1] == '-' ? a[2] : a[1];
            if (which == 'l') o.lang = argv[++i];
            else if (which == 'o') output = argv[++i];
            else format = argv[++i];
        } else if (strncmp(a, "--lang=", 7) == 0) {
            o.lang = a + 7;
        } else if (strncmp(a, "--output=", 9) == 0) {
            output = a + 9;
        } else if (strncmp(a, "--format=", 9) == 0) {
            format = a + 9;
        } else {
            cli_error("split: unknown option '%s' (see 'mdsum split --help')", a);
            free(files);
            return EXIT_USAGE;
        }
    }
    if (!nfiles) files[nfiles++] = "-";
    if (strcmp(format, "text") == 0) o.format = MDSUM_FORMAT_TEXT;
    else if (strcmp(format, "multinews") == 0) o.format = MDSUM_FORMAT_MULTINEWS;
    else if (strcmp(format, "jsonl") == 0) o.format = MDSUM_FORMAT_JSONL;
    else {
        cli_error("--format: expected text, multinews or jsonl, got '%s'", format);
        free(files);
        return EXIT_USAGE;
    }

    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    if (!ctx) {
        cli_error("out of memory");
        free(files);
        return EXIT_USAGE;
    }
    /* Check the language before reading anything. */
    if (strcmp(o.lang, "auto") != 0) {
        mdsum_span *sp = NULL;
        size_t n = 0;
        int rc = mdsum_split(ctx, "", 0, o.lang, &sp, &n);
        mdsum_free(ctx, sp);
        if (rc != MDSUM_OK) {
            cli_error("--lang: unsupported language '%s' (an ISO 639-1 code such as \"en\", "
                      "an English name, or \"auto\")", o.lang);
            mdsum_ctx_free(ctx);
            free(files);
            return EXIT_USAGE;
        }
    }
    cli_out out;
    if (!cli_out_open(&out, output)) {
        mdsum_ctx_free(ctx);
        free(files);
        return EXIT_USAGE;
    }
    int status = EXIT_OK;
    cli_buf b = {0};
    for (size_t i = 0; i < nfiles; i++) {
        b.len = 0;
        int rc = split_one(ctx, files[i], &o, &b);
        if (rc > status) status = rc;
        if (rc == EXIT_OK && !cli_out_write(&out, b.data, b.len)) {
            status = EXIT_USAGE;
            break;
        }
    }
    free(b.data);
    if (!cli_out_close(&out, status == EXIT_OK) && status == EXIT_OK) status = EXIT_USAGE;
    mdsum_ctx_free(ctx);
    free(files);
    return status;
}
