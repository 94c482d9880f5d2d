/*
 * cli.h -- shared pieces of the mdsum command-line tool.
 *
 * The CLI uses only the public header <mdsum.h>; nothing from src/.
 * Exit codes (documented in the README and in `mdsum --help`):
 *   0 success, 1 bad input, 2 usage or system error.
 */
#ifndef MDSUM_CLI_H
#define MDSUM_CLI_H

#include <mdsum.h>

#include <stdbool.h>
#include <stdio.h>

#define EXIT_OK 0
#define EXIT_BADINPUT 1
#define EXIT_USAGE 2   /* also: system errors (I/O, memory) */

/* ---- Subcommands (one file each) --------------------------------------- */
int cmd_summarize(int argc, char **argv);
int cmd_rouge(int argc, char **argv);
int cmd_split(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_idf(int argc, char **argv);
int cmd_clean(int argc, char **argv);
int cmd_train(int argc, char **argv);

/* ---- Messages (common.c) ----------------------------------------------- */
/* "mdsum: error: <message>\n" on stderr; in the message, control bytes
 * (newlines too), C1 controls and bytes that are not UTF-8 are written as
 * \xNN (a file name cannot drive the terminal). cli_error_text: the same
 * for a message already formatted. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_error_text(const char *msg);
/* After help or version text on stdout: EXIT_OK, or EXIT_USAGE with a message
 * when it could not be written (a full disk, a closed pipe). */
int cli_stdout_done(void);
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same warning line written to `fp` (a batch item's buffered stderr). */
void cli_warn_to(FILE *fp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print the context's last error prefixed by `where` (a file name, or NULL):
 * "mdsum: error: FILE:LINE: document N (id): byte OFF: message". */
void cli_lib_error(mdsum_ctx *ctx, const char *where, int status);
/* The same message, without the "mdsum: error: " prefix and newline, into
 * out (always NUL-terminated). */
void cli_format_error(mdsum_ctx *ctx, const char *where, int status, char *out, size_t cap);
/* Exit code for a library status: 1 for bad input, 2 for the rest. */
int cli_exit_code(int status);

/* ---- Numbers ----------------------------------------------------------- */
/* Parse a whole decimal integer in [min, max]; prints an error naming
 * `opt` and returns false otherwise. */
bool cli_parse_long(const char *opt, const char *s, long min, long max, long *out);
bool cli_parse_double(const char *opt, const char *s, double min, double max, double *out);
/* --score of `rouge` and `eval`: "155", "1.5.5" or "rouge-1.5.5" for
 * ROUGE-1.5.5, "google" for rouge-score; prints an error naming `cmd` and
 * returns false otherwise. */
bool cli_parse_scorer(const char *cmd, const char *s, int *out);

/* ---- Output: stdout, or a file written atomically ---------------------- */
typedef struct cli_out {
    FILE *fp;
    char *path;      /* final path, NULL for stdout */
    char *tmp;       /* temporary file renamed over `path` on success */
    bool failed;
} cli_out;

/* Open `path` for writing (NULL or "-" = stdout). A regular (or new) file is
 * written to a temporary file beside it and renamed on cli_out_close(ok);
 * anything else (a device, a pipe) is written directly. Prints an error
 * and returns false on failure. */
bool cli_out_open(cli_out *o, const char *path);
bool cli_out_write(cli_out *o, const char *data, size_t n);
/* Finish: with ok, flush, fsync and rename; without, remove the temporary
 * file. Returns false (after printing an error) if anything failed. */
bool cli_out_close(cli_out *o, bool ok);
/* Open, write n bytes and close with cli_out_*: the whole output at once.
 * Returns false (after printing an error) if anything failed. */
bool cli_out_whole(const char *path, const char *data, size_t n);

/* ---- A growable byte buffer (common.c) -------------------------------- */
typedef struct cli_buf {
    char *data;      /* malloc'd, NUL-terminated when not empty; free() it */
    size_t len, cap;
    bool failed;     /* an allocation failed: later appends do nothing */
} cli_buf;

/* Append n bytes (a NUL is kept after them); on failure sets b->failed. */
void cli_buf_add(cli_buf *b, const void *s, size_t n);
void cli_buf_puts(cli_buf *b, const char *s);
void cli_buf_printf(cli_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- JSON strings and UTF-8 (common.c) -------------------------------- */
/* Length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF) at s[0..n), or 0 when s[0] does
 * not start one. n must be at least 1. */
size_t cli_utf8_len(const unsigned char *s, size_t n);
/* Append s[0..n) as one quoted JSON string (RFC 8259); NULL appends null.
 * The one JSON string writer of the CLI: the rules are in common.c. */
void cli_buf_json_str(cli_buf *b, const char *s, size_t n);

/* ---- Input paths (input.c) ------------------------------------------- */
typedef struct cli_paths {
    char **v;
    size_t n, cap;
} cli_paths;

/* Expand arguments: a directory becomes its regular files (not hidden
 * ones) in name order; no argument means "-" (standard input). Prints an
 * error and returns false on failure. */
bool cli_expand_paths(int argc, char **argv, cli_paths *out);
/* Append one argument to `out` as cli_expand_paths does (a directory: its
 * regular files, in name order). On failure returns MDSUM_EIO (the
 * directory cannot be read), MDSUM_EEMPTY (it has no regular file) or
 * MDSUM_ENOMEM, with the message, naming the directory, in err[0..cap);
 * `out` may then hold some of the directory's files too: the caller frees
 * it. */
int cli_expand_one(const char *arg, cli_paths *out, char *err, size_t cap);
void cli_paths_free(cli_paths *l);
/* "standard input" for "-", else the path. */
const char *cli_display_name(const char *path);
/* The file name without directories ("stdin" for "-"). */
const char *cli_base_name(const char *path);

#endif
