/*
 * rouge.c -- `mdsum rouge`: ROUGE-1.5.5 (byte-identical output) and Google
 * rouge-score, on the script's own file lists, on directories, on
 * line-aligned files, or on JSONL.
 */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static void usage(FILE *fp)
{
    fprintf(fp,
"Usage: mdsum rouge [OPTIONS] -z SPL LIST [SYSTEM_ID]\n"
"       mdsum rouge [OPTIONS] SYSTEM_DIR REFERENCE_DIR\n"
"       mdsum rouge [OPTIONS] SYSTEM_FILE REFERENCE_FILE...\n"
"       mdsum rouge [OPTIONS] FILE.jsonl\n"
"       mdsum rouge [OPTIONS] -a CONFIG.xml | CONFIG.xml SYSTEM_ID\n"
"\n"
"ROUGE with numbers identical to the ROUGE-1.5.5 Perl script (or, with\n"
"--score google, to Google's Python rouge-score 0.1.2).\n"
"\n"
"Inputs:\n"
"  -z SPL LIST   the script's own file list: one evaluation per line,\n"
"                'system_file reference_file...'; output is byte for byte what\n"
"                'ROUGE-1.5.5.pl [OPTIONS] -z SPL LIST' prints, including its\n"
"                'readText: FILE -> empty text' messages on standard error.\n"
"  SYSTEM_DIR REFERENCE_DIR\n"
"                every file ID.txt of SYSTEM_DIR is scored against the files\n"
"                ID.* of REFERENCE_DIR; evaluations in the byte order of ID.\n"
"  SYSTEM_FILE REFERENCE_FILE...\n"
"                line-aligned files (Multi-News style, .gz read transparently):\n"
"                line i of each reference file is a reference for line i.\n"
"  FILE.jsonl    one evaluation per line: {\"id\": ..., \"system\": TEXT,\n"
"                \"references\": [TEXT, ...]}, TEXT a string (sentences separated\n"
"                by \\n) or an array of sentences.\n"
"  CONFIG.xml    the script's XML evaluation file (what pyrouge writes), with\n"
"                SEE or SPL summaries; -a scores every system, one block each.\n"
"  Texts are one sentence per line, as the script's SPL format.\n"
"\n"
"Options with ROUGE-1.5.5's meaning (and its defaults: without -n only\n"
"ROUGE-L is computed, unstemmed):\n"
"  -n N          ROUGE-1 .. ROUGE-N\n"
"  -x            no ROUGE-L\n"
"  -w W          also ROUGE-W with weight W (> 0, e.g. 1.2)\n"
"  -2 D          ROUGE-S: skip-bigrams at most D words apart (-1: any)\n"
"  -u            ... plus unigrams (ROUGE-SU)\n"
"  -U            both ROUGE-S and ROUGE-SU\n"
"  -m            Porter stemmer with the WordNet exception list\n"
"  -s            remove stopwords (the SMART list)\n"
"  -l N | -b N   use only the first N words | bytes of each text\n"
"  -f A|B        several references: A average (default), B best one\n"
"  -p ALPHA      F = PR / ((1-ALPHA)P + ALPHA R), 0..1 (default 0.5)\n"
"  -t 0|1|2      0 average per evaluation; 1 pool the counts of all\n"
"                evaluations; 2 print raw counts only\n"
"  -c CF         confidence interval in percent (default 95)\n"
"  -r N          bootstrap resamples (default 1000)\n"
"  -d            also print one line per evaluation\n"
"  -a            XML configuration: evaluate all systems (ignored with -z)\n"
"  -e DIR        accepted and ignored (the data files are built in)\n"
"\n"
"Other options:\n"
"  --protocol P  preset flags: multinews (-n 2 -m -2 4 -u -c 95 -r 1000 -f A\n"
"                -p 0.5 -t 0 -l 300), duc (-n 4 -m -x -c 95 -r 1000 -f A\n"
"                -p 0.5 -t 0 -l 100), tac (-n 2 -m -2 4 -u -c 95 -r 1000 -f A\n"
"                -p 0.5 -t 0 -l 250); later flags override\n"
"  --score S     rouge-1.5.5 (default) or google: rouge-score 0.1.2 (rouge1,\n"
"                rouge2, rougeL, rougeLsum, best reference by F); there -m is\n"
"                use_stemmer, -c and -r set its bootstrap, other flags are\n"
"                ignored\n"
"  --seed N      google only: numpy seed of the bootstrap (default 0)\n"
"  --json        print JSON instead of the script's table\n"
"  --system-id S name of the system in the output (default X)\n"
"  --named       directories: evaluations are named by ID instead of 1..n\n"
"                (the script's intervals depend on these names)\n"
"  --sentence-sep STR  line-aligned files: STR also ends a sentence (e.g.\n"
"                '<q>')\n"
"  --split       line-aligned files: split lines into sentences with mdsum's\n"
"                sentence splitter (otherwise a line is one sentence)\n"
"  -o FILE       write the output to FILE (atomically)\n"
"  -h, --help    this help\n"
"\n"
"Exit status: 0 success, 1 bad input, 2 usage or system error.\n");
}

/* ======================================================================
 * Options
 * ====================================================================== */
typedef struct args {
    mdsum_rouge_opts o;
    bool per_eval, json, named, split, all;
    const char *list;       /* -z LIST */
    const char *output;
    const char *sep;
    const char **pos;
    int npos;
} args;

static bool set_protocol(args *a, const char *name)
{
    mdsum_rouge_opts *o = &a->o;
    long limit;
    if (strcmp(name, "multinews") == 0) limit = 300;
    else if (strcmp(name, "tac") == 0) limit = 250;
    else if (strcmp(name, "duc") == 0) limit = 100;
    else {
        cli_error("rouge: --protocol: expected multinews, duc or tac, got '%s'", name);
        return false;
    }
    bool duc = strcmp(name, "duc") == 0;
    o->max_n = duc ? 4 : 2;
    o->stem = 1;
    o->lcs = duc ? 0 : 1;
    o->skip = duc ? 0 : 1;
    o->skip_distance = 4;
    o->skip_mode = MDSUM_ROUGE_SKIP_SU;
    o->confidence = 95;
    o->resamples = 1000;
    o->best_model = 0;
    o->alpha = 0.5;
    o->count_mode = 0;
    o->limit_words = limit;
    o->limit_bytes = 0;
    return true;
}

/* Returns 0 to go on, or an exit code (-1 for a clean exit after --help). */
static int parse_args(int argc, char **argv, args *a)
{
    mdsum_rouge_opts_init(&a->o);
    /* The script's defaults: no ROUGE-N, no stemming. */
    a->o.max_n = 0;
    a->o.stem = 0;
    a->o.skip_mode = MDSUM_ROUGE_SKIP_S;
    bool opt_u = false, opt_U = false, no_more = false;
    a->pos = calloc((size_t)argc + 1, sizeof *a->pos);
    if (!a->pos) {
        cli_error("out of memory");
        return EXIT_USAGE;
    }
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (no_more || s[0] != '-' || s[1] == '\0') {
            a->pos[a->npos++] = s;
            continue;
        }
        if (strcmp(s, "--") == 0) {
            no_more = true;
            continue;
        }
        if (s[1] == '-') {
            const char *name = s + 2;
            const char *val = NULL;
            static const char *const with_value[] = {"protocol", "score", "seed", "system-id",
                                                     "sentence-sep", "output", NULL};
            const char *eq = strchr(name, '=');
            size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
            bool takes = false;
            for (int k = 0; with_value[k]; k++)
                if (strlen(with_value[k]) == nlen && strncmp(with_value[k], name, nlen) == 0)
                    takes = true;
            if (takes) {
                if (eq) {
                    val = eq + 1;
                } else if (i + 1 < argc) {
                    val = argv[++i];
                } else {
                    cli_error("rouge: option --%.*s needs a value", (int)nlen, name);
                    return EXIT_USAGE;
                }
            } else if (eq) {
                cli_error("rouge: option --%.*s takes no value", (int)nlen, name);
                return EXIT_USAGE;
            }
#define IS(x) (strlen(x) == nlen && strncmp(x, name, nlen) == 0)
            if (IS("help")) {
                usage(stdout);
                return -1;
            } else if (IS("json")) {
                a->json = true;
            } else if (IS("named")) {
                a->named = true;
            } else if (IS("split")) {
                a->split = true;
            } else if (IS("protocol")) {
                if (!set_protocol(a, val)) return EXIT_USAGE;
            } else if (IS("score")) {
                int sc;
                if (!cli_parse_scorer("rouge", val, &sc)) return EXIT_USAGE;
                a->o.scorer = sc;
            } else if (IS("seed")) {
                long v;
                if (!cli_parse_long("--seed", val, 0, 2147483647L, &v)) return EXIT_USAGE;
                a->o.seed = (unsigned long)v;
            } else if (IS("system-id")) {
                a->o.system_id = val;
            } else if (IS("sentence-sep")) {
                if (!*val) {
                    cli_error("rouge: --sentence-sep must not be empty");
                    return EXIT_USAGE;
                }
                a->sep = val;
            } else if (IS("output")) {
                a->output = val;
            } else {
                cli_error("rouge: unknown option '%s' (see 'mdsum rouge --help')", s);
                return EXIT_USAGE;
            }
#undef IS
            continue;
        }
        /* Script flags, bundled like Getopt::Std allows ("-dm", "-n2"). */
        for (const char *p = s + 1; *p; p++) {
            char f = *p;
            const char *val = NULL;
            if (strchr("bcefl" "nprtw" "2z3o", f)) {
                if (p[1]) {
                    val = p + 1;
                } else if (i + 1 < argc) {
                    val = argv[++i];
                } else {
                    cli_error("rouge: option -%c needs a value", f);
                    return EXIT_USAGE;
                }
            }
            char opt[3] = {'-', f, 0};
            long v;
            double d;
            switch (f) {
            case 'a': a->all = true; break;
            case 'e': break;
            case 'h': case 'H': usage(stdout); return -1;
            case 'd': a->per_eval = true; break;
            case 'm': a->o.stem = 1; break;
            case 's': a->o.stopwords = 1; break;
            case 'x': a->o.lcs = 0; break;
            case 'u': opt_u = true; break;
            case 'U': opt_U = true; break;
            case 'n':
                if (!cli_parse_long(opt, val, 0, 1000, &v)) return EXIT_USAGE;
                a->o.max_n = (int)v;
                break;
            case 'l':
            case 'b':
                if (!cli_parse_long(opt, val, 0, 2147483647L, &v)) return EXIT_USAGE;
                if (f == 'l') a->o.limit_words = v;
                else a->o.limit_bytes = v;
                break;
            case 'c':
                if (!cli_parse_double(opt, val, 0, 100, &d)) return EXIT_USAGE;
                a->o.confidence = d;
                break;
            case 'r':
                if (!cli_parse_long(opt, val, 1, 100000000L, &v)) return EXIT_USAGE;
                a->o.resamples = v;
                break;
            case 'p':
                if (!cli_parse_double(opt, val, 0, 1, &d)) return EXIT_USAGE;
                a->o.alpha = d;
                break;
            case 'w':
                if (!cli_parse_double(opt, val, 1e-9, 1e6, &d)) return EXIT_USAGE;
                a->o.wlcs_weight = d;
                break;
            case '2':
                if (!cli_parse_long(opt, val, -2147483647L, 2147483647L, &v)) return EXIT_USAGE;
                a->o.skip = 1;
                a->o.skip_distance = (int)v;
                break;
            case 't':
                if (!cli_parse_long(opt, val, -2147483647L, 2147483647L, &v)) return EXIT_USAGE;
                /* The script reads any other number as 0. */
                a->o.count_mode = v == 1 || v == 2 ? (int)v : 0;
                break;
            case 'f':
                if (strcmp(val, "A") == 0) a->o.best_model = 0;
                else if (strcmp(val, "B") == 0) a->o.best_model = 1;
                else {
                    cli_error("rouge: -f: expected A or B, got '%s'", val);
                    return EXIT_USAGE;
                }
                break;
            case 'z':
                if (strcmp(val, "SPL") != 0) {
                    cli_error("rouge: -z %s: only the SPL format (one sentence per line) is "
                              "supported", val);
                    return EXIT_USAGE;
                }
                a->list = "";
                break;
            case 'o':
                a->output = val;
                break;
            case '3':
                cli_error("rouge: -3 (Basic Elements) is not supported");
                return EXIT_USAGE;
            case 'M':
                cli_error("rouge: -M (stem the references only) is not supported");
                return EXIT_USAGE;
            case 'v':
                cli_error("rouge: -v (the script's debugging output) is not supported");
                return EXIT_USAGE;
            default:
                cli_error("rouge: unknown option '-%c' (see 'mdsum rouge --help')", f);
                return EXIT_USAGE;
            }
            if (val) break;   /* the value used the rest of this argument */
        }
    }
    /* The script's precedence: -u wins over -U. */
    if (opt_u) a->o.skip_mode = MDSUM_ROUGE_SKIP_SU;
    else if (opt_U) a->o.skip_mode = MDSUM_ROUGE_SKIP_BOTH;
    if (a->o.limit_words && a->o.limit_bytes) {
        cli_error("rouge: please specify length limit in words or bytes but not both");
        return EXIT_USAGE;
    }
    return 0;
}

/* ======================================================================
 * Inputs
 * ====================================================================== */

/* A whole file (gzip read transparently); *data is malloc'ed. */
static int slurp(mdsum_ctx *ctx, const char *path, char **data, size_t *len)
{
    mdsum_reader *rd;
    *data = NULL;
    *len = 0;
    int rc = mdsum_reader_open(ctx, path, 0, &rd);
    if (rc) return rc;
    const char *buf;
    size_t n;
    rc = mdsum_reader_all(rd, &buf, &n);
    if (!rc) {
        *data = malloc(n + 1);
        if (!*data) {
            rc = MDSUM_ENOMEM;
        } else {
            if (n) memcpy(*data, buf, n);
            (*data)[n] = '\0';
            *len = n;
        }
    }
    mdsum_reader_free(rd);
    return rc;
}

static int lib_fail(mdsum_ctx *ctx, const char *where, int rc)
{
    cli_lib_error(ctx, where, rc);
    return cli_exit_code(rc);
}

/* Score one evaluation given as file paths (system first). */
static int add_files_fmt(mdsum_ctx *ctx, mdsum_rouge *r, const char *id,
                         const char *const *paths, size_t n, bool see)
{
    char **data = calloc(n, sizeof *data);
    size_t *lens = calloc(n, sizeof *lens);
    int rc = MDSUM_OK, code = 0;
    if (!data || !lens) {
        free(data);
        free(lens);
        cli_error("out of memory");
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < n && !code; i++) {
        if ((rc = slurp(ctx, paths[i], &data[i], &lens[i]))) {
            code = lib_fail(ctx, NULL, rc);
        } else if (see) {
            char *spl = NULL;
            size_t sl = 0;
            if ((rc = mdsum_rouge_see_text(ctx, data[i], lens[i], &spl, &sl))) {
                code = lib_fail(ctx, paths[i], rc);
            } else {
                /* Keep a malloc'ed copy: data[] is freed with free(). */
                char *copy = malloc(sl + 1);
                if (!copy) {
                    cli_error("out of memory");
                    code = EXIT_USAGE;
                } else {
                    memcpy(copy, spl, sl + 1);
                    free(data[i]);
                    data[i] = copy;
                    lens[i] = sl;
                }
                mdsum_free(ctx, spl);
            }
        }
    }
    if (!code) {
        rc = mdsum_rouge_add(r, id, data[0], lens[0], (const char *const *)data + 1, lens + 1,
                             n - 1);
        if (rc) code = lib_fail(ctx, paths[0], rc);
    }
    for (size_t i = 0; i < n; i++) free(data[i]);
    free(data);
    free(lens);
    return code;
}

static int add_files(mdsum_ctx *ctx, mdsum_rouge *r, const char *id, char **paths, size_t n)
{
    return add_files_fmt(ctx, r, id, (const char *const *)paths, n, false);
}

/* ---- -z SPL LIST ---------------------------------------------------------- */
typedef struct evalfiles {
    char **paths;
    size_t n;
} evalfiles;

static bool pspace(char c) { return c == ' ' || (c >= 9 && c <= 13); }

static int run_list(mdsum_ctx *ctx, mdsum_rouge *r, const char *list, evalfiles **out,
                    size_t *nout)
{
    mdsum_reader *rd;
    int rc = mdsum_reader_open(ctx, list, 0, &rd);
    if (rc) return lib_fail(ctx, NULL, rc);
    evalfiles *ev = NULL;
    size_t nev = 0, cap = 0;
    int code = 0;
    const char *line;
    size_t len;
    while (!code && (rc = mdsum_reader_line(rd, &line, &len)) == 1) {
        long long lineno = mdsum_reader_line_number(rd);
        size_t i = 0;
        /* Comment lines start with '#'; blank lines are skipped. */
        if (len && line[0] == '#') continue;
        while (i < len && pspace(line[i])) i++;
        if (i == len) continue;
        char **paths = NULL;
        size_t np = 0;
        while (i < len) {
            size_t s = i;
            while (i < len && !pspace(line[i])) i++;
            char **p = realloc(paths, (np + 1) * sizeof *p);
            char *f = malloc(i - s + 1);
            if (!p || !f) {
                free(p ? p : paths);
                free(f);
                cli_error("out of memory");
                code = EXIT_USAGE;
                paths = NULL;
                break;
            }
            paths = p;
            memcpy(f, line + s, i - s);
            f[i - s] = '\0';
            paths[np++] = f;
            while (i < len && pspace(line[i])) i++;
        }
        if (code) break;
        if (np < 2) {
            cli_error("%s:%lld: a line of the file list needs at least 2 file names "
                      "(system reference1 reference2 ...)", list, lineno);
            code = EXIT_BADINPUT;
        } else {
            code = add_files(ctx, r, NULL, paths, np);
        }
        if (nev == cap) {
            cap = cap ? cap * 2 : 64;
            evalfiles *e = realloc(ev, cap * sizeof *e);
            if (!e) {
                cli_error("out of memory");
                code = EXIT_USAGE;
                for (size_t k = 0; k < np; k++) free(paths[k]);
                free(paths);
                break;
            }
            ev = e;
        }
        ev[nev].paths = paths;
        ev[nev].n = np;
        nev++;
    }
    if (!code && rc < 0) code = lib_fail(ctx, list, rc);
    mdsum_reader_free(rd);
    *out = ev;
    *nout = nev;
    return code;
}

/* The script prints one such line per measure and unreadable text. */
static void empty_messages(mdsum_rouge *r, const evalfiles *ev, size_t nev)
{
    size_t nm = mdsum_rouge_metric_count(r), ne = mdsum_rouge_eval_count(r);
    for (size_t m = 0; m < nm; m++)
        for (size_t e = 0; e < ne && e < nev; e++)
            for (size_t t = 0; t < ev[e].n; t++)
                if (mdsum_rouge_eval_empty(r, e, t) == 1)
                    fprintf(stderr, "readText: %s -> empty text\n", ev[e].paths[t]);
}

/* ---- directories ----------------------------------------------------------- */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

/* Regular files of a directory (not hidden), sorted bytewise. */
static int list_dir(const char *dir, char ***out, size_t *nout)
{
    DIR *d = opendir(dir);
    *out = NULL;
    *nout = 0;
    if (!d) {
        cli_error("%s: %s", dir, strerror(errno));
        return EXIT_BADINPUT;
    }
    char **v = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    size_t dl = strlen(dir);
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        size_t nl = strlen(de->d_name);
        char *path = malloc(dl + nl + 2);
        if (!path) break;
        snprintf(path, dl + nl + 2, "%s/%s", dir, de->d_name);
        struct stat st;
        bool reg = stat(path, &st) == 0 && S_ISREG(st.st_mode);
        free(path);
        if (!reg) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            char **w = realloc(v, cap * sizeof *w);
            if (!w) break;
            v = w;
        }
        v[n] = malloc(nl + 1);
        if (!v[n]) break;
        memcpy(v[n], de->d_name, nl + 1);
        n++;
    }
    closedir(d);
    if (n) qsort(v, n, sizeof *v, cmp_str);
    *out = v;
    *nout = n;
    return 0;
}

static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static int run_dirs(mdsum_ctx *ctx, mdsum_rouge *r, const args *a)
{
    const char *sdir = a->pos[0], *rdir = a->pos[1];
    char **sys = NULL, **refs = NULL;
    size_t ns = 0, nr = 0;
    int code = list_dir(sdir, &sys, &ns);
    if (!code) code = list_dir(rdir, &refs, &nr);
    if (!code && !ns) {
        cli_error("%s: no system summary in this directory", sdir);
        code = EXIT_BADINPUT;
    }
    for (size_t i = 0; i < ns && !code; i++) {
        /* ID.txt -> ID; another name loses its last extension. */
        size_t L = strlen(sys[i]);
        const char *dot = strrchr(sys[i], '.');
        size_t idlen = L > 4 && strcmp(sys[i] + L - 4, ".txt") == 0 ? L - 4
                       : dot && dot != sys[i] ? (size_t)(dot - sys[i]) : L;
        char *id = malloc(idlen + 2);
        if (!id) {
            code = EXIT_USAGE;
            break;
        }
        memcpy(id, sys[i], idlen);
        id[idlen] = '.';
        id[idlen + 1] = '\0';
        /* References ID.*: a run of the sorted list. */
        size_t lo = 0, hi = nr;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (strcmp(refs[mid], id) < 0) lo = mid + 1;
            else hi = mid;
        }
        size_t k = lo;
        while (k < nr && strncmp(refs[k], id, idlen + 1) == 0) k++;
        if (k == lo) {
            id[idlen] = '\0';
            cli_error("%s: no reference %s/%s.* for system summary %s", rdir, rdir, id, sys[i]);
            free(id);
            code = EXIT_BADINPUT;
            break;
        }
        char **paths = calloc(k - lo + 1, sizeof *paths);
        bool ok = paths != NULL;
        if (ok) paths[0] = join_path(sdir, sys[i]);
        ok = ok && paths[0];
        for (size_t j = lo; ok && j < k; j++)
            ok = (paths[j - lo + 1] = join_path(rdir, refs[j])) != NULL;
        id[idlen] = '\0';
        if (!ok) {
            cli_error("out of memory");
            code = EXIT_USAGE;
        } else {
            code = add_files(ctx, r, a->named ? id : NULL, paths, k - lo + 1);
        }
        if (paths)
            for (size_t j = 0; j <= k - lo; j++) free(paths[j]);
        free(paths);
        free(id);
    }
    free_names(sys, ns);
    free_names(refs, nr);
    return code;
}

/* ---- line-aligned files ------------------------------------------------------ */

/* Turn one line into sentence-per-line text in *buf. */
static int line_text(mdsum_ctx *ctx, const args *a, const char *line, size_t len, char **buf,
                     size_t *cap, size_t *out_len)
{
    size_t need = len * 2 + 2;
    if (need > *cap) {
        char *b = realloc(*buf, need);
        if (!b) return MDSUM_ENOMEM;
        *buf = b;
        *cap = need;
    }
    char *b = *buf;
    size_t n = 0;
    if (a->split) {
        mdsum_span *sp = NULL;
        size_t nsp = 0;
        int rc = mdsum_split(ctx, line, len, "en", &sp, &nsp);
        if (rc) return rc;
        for (size_t i = 0; i < nsp; i++) {
            memcpy(b + n, line + sp[i].start, sp[i].end - sp[i].start);
            n += sp[i].end - sp[i].start;
            b[n++] = '\n';
        }
        mdsum_free(ctx, sp);
    } else if (a->sep) {
        size_t sl = strlen(a->sep);
        for (size_t i = 0; i < len;) {
            if (i + sl <= len && memcmp(line + i, a->sep, sl) == 0) {
                b[n++] = '\n';
                i += sl;
            } else {
                b[n++] = line[i++];
            }
        }
    } else {
        memcpy(b, line, len);
        n = len;
    }
    *out_len = n;
    return MDSUM_OK;
}

static int run_lines(mdsum_ctx *ctx, mdsum_rouge *r, const args *a)
{
    size_t nf = (size_t)a->npos;
    mdsum_reader **rd = calloc(nf, sizeof *rd);
    char **bufs = calloc(nf, sizeof *bufs);
    size_t *caps = calloc(nf, sizeof *caps), *lens = calloc(nf, sizeof *lens);
    int code = 0;
    if (!rd || !bufs || !caps || !lens) {
        cli_error("out of memory");
        code = EXIT_USAGE;
    }
    for (size_t i = 0; i < nf && !code; i++) {
        int rc = mdsum_reader_open(ctx, a->pos[i], 0, &rd[i]);
        if (rc) code = lib_fail(ctx, NULL, rc);
    }
    while (!code) {
        int got[2] = {0, 0};
        for (size_t i = 0; i < nf && !code; i++) {
            const char *line;
            size_t len;
            int rc = mdsum_reader_line(rd[i], &line, &len);
            if (rc < 0) {
                code = lib_fail(ctx, a->pos[i], rc);
                break;
            }
            got[rc == 1]++;
            if (rc == 1) {
                rc = line_text(ctx, a, line, len, &bufs[i], &caps[i], &lens[i]);
                if (rc) {
                    char where[4096];
                    snprintf(where, sizeof where, "%s:%lld", a->pos[i],
                             mdsum_reader_line_number(rd[i]));
                    code = lib_fail(ctx, where, rc);
                }
            }
        }
        if (code) break;
        if (got[1] == 0) break;
        if (got[0]) {
            /* Some file ended before the others. */
            size_t shortf = 0;
            long long minl = -1;
            for (size_t i = 0; i < nf; i++) {
                long long l = mdsum_reader_line_number(rd[i]);
                if (minl < 0 || l < minl) {
                    minl = l;
                    shortf = i;
                }
            }
            cli_error("%s: has %lld lines, but %s has more: the files must be line-aligned",
                      a->pos[shortf], minl, shortf ? a->pos[0] : a->pos[1]);
            code = EXIT_BADINPUT;
            break;
        }
        const char **refs = (const char **)bufs + 1;
        int rc = mdsum_rouge_add(r, NULL, bufs[0] ? bufs[0] : "", lens[0], refs, lens + 1, nf - 1);
        if (rc) {
            char where[4096];
            snprintf(where, sizeof where, "%s:%lld", a->pos[0], mdsum_reader_line_number(rd[0]));
            code = lib_fail(ctx, where, rc);
        }
    }
    for (size_t i = 0; rd && i < nf; i++) {
        mdsum_reader_free(rd[i]);
        free(bufs[i]);
    }
    free(rd);
    free(bufs);
    free(caps);
    free(lens);
    return code;
}

/* ---- JSONL ------------------------------------------------------------------- */
static int run_jsonl(mdsum_ctx *ctx, mdsum_rouge *r, const char *path)
{
    mdsum_reader *rd;
    int rc = mdsum_reader_open(ctx, path, 0, &rd);
    if (rc) return lib_fail(ctx, NULL, rc);
    const char *line;
    size_t len;
    int code = 0;
    while ((rc = mdsum_reader_line(rd, &line, &len)) == 1) {
        size_t i = 0;
        while (i < len && pspace(line[i])) i++;
        if (i == len) continue;
        rc = mdsum_rouge_add_jsonl(r, line, len);
        if (rc) {
            char where[4096];
            snprintf(where, sizeof where, "%s:%lld", path, mdsum_reader_line_number(rd));
            code = lib_fail(ctx, where, rc);
            break;
        }
    }
    if (!code && rc < 0) code = lib_fail(ctx, path, rc);
    mdsum_reader_free(rd);
    return code;
}

/* ---- the script's XML configuration (pyrouge) ------------------------------ */

/* Does the file start like an XML configuration ("<?xml" or "<ROUGE")? */
static bool looks_xml(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    char buf[64];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    size_t i = 0;
    if (n >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
        (unsigned char)buf[2] == 0xBF)
        i = 3;
    while (i < n && pspace(buf[i])) i++;
    return strncmp(buf + i, "<?xml", 5) == 0 || strncasecmp(buf + i, "<ROUGE", 6) == 0;
}

/* Every system of the configuration (or the one named) gets its own
 * scorer and its own block of output, in byte order of the ids, as the
 * script prints them with -a. */
static int run_xml(mdsum_ctx *ctx, const args *a, const char *path, const char *sysid,
                   char **out_text, size_t *out_len)
{
    char *xml = NULL;
    size_t xlen = 0;
    int rc = slurp(ctx, path, &xml, &xlen);
    if (rc) return lib_fail(ctx, NULL, rc);
    mdsum_rouge_config *cfg = NULL;
    rc = mdsum_rouge_config_read(ctx, xml, xlen, &cfg);
    free(xml);
    if (rc) return lib_fail(ctx, path, rc);
    const char *const *peers;
    size_t npeers;
    mdsum_rouge_config_peers(cfg, &peers, &npeers);
    const char *one[1] = {sysid};
    if (!a->all) {
        peers = one;
        npeers = 1;
    }
    size_t ntasks = mdsum_rouge_config_count(cfg);
    int code = 0;
    cli_buf all = {0};
    /* The script warns once per missing (evaluation, system) pair. */
    for (size_t p = 0; p < npeers && !code; p++) {
        mdsum_rouge_opts o = a->o;
        o.system_id = peers[p];
        mdsum_rouge *r = NULL;
        rc = mdsum_rouge_new(ctx, &o, &r);
        if (rc) {
            code = lib_fail(ctx, NULL, rc);
            break;
        }
        long long *where = calloc(ntasks ? ntasks : 1, sizeof *where);   /* eval index or -1 */
        if (!where) {
            cli_error("out of memory");
            code = EXIT_USAGE;
        }
        size_t nev = 0;
        for (size_t t = 0; t < ntasks && !code; t++) {
            mdsum_rouge_task task;
            mdsum_rouge_config_task(cfg, t, &task);
            size_t k = 0;
            while (k < task.npeers && strcmp(task.peer_ids[k], peers[p]) != 0) k++;
            where[t] = -1;
            if (k == task.npeers) continue;
            bool see = strcasecmp(task.format, "SEE") == 0;
            if (!see && strcasecmp(task.format, "SPL") != 0) {
                cli_error("%s: EVAL %s: input format %s is not supported (SEE and SPL are)",
                          path, task.eval_id, task.format);
                code = EXIT_BADINPUT;
                break;
            }
            if (task.nmodels == 0) {
                cli_error("%s: EVAL %s has no model summary", path, task.eval_id);
                code = EXIT_BADINPUT;
                break;
            }
            const char **files = calloc(task.nmodels + 1, sizeof *files);
            if (!files) {
                cli_error("out of memory");
                code = EXIT_USAGE;
                break;
            }
            files[0] = task.peer_paths[k];
            for (size_t m = 0; m < task.nmodels; m++) files[m + 1] = task.model_paths[m];
            code = add_files_fmt(ctx, r, task.eval_id, files, task.nmodels + 1, see);
            free(files);
            where[t] = (long long)nev++;
        }
        if (!code && nev == 0) {
            cli_error("%s: no evaluation for system %s", path, peers[p]);
            code = EXIT_BADINPUT;
        }
        if (!code) {
            size_t nm = mdsum_rouge_metric_count(r);
            for (size_t m = 0; m < nm; m++)
                for (size_t t = 0; t < ntasks; t++) {
                    mdsum_rouge_task task;
                    mdsum_rouge_config_task(cfg, t, &task);
                    if (where[t] < 0) {
                        if (m == 0)
                            fprintf(stderr, "*ROUGE Warning: test instance for peer %s does not "
                                            "exist for evaluation %s\n", peers[p], task.eval_id);
                        continue;
                    }
                    size_t k = 0;
                    while (strcmp(task.peer_ids[k], peers[p]) != 0) k++;
                    size_t e = (size_t)where[t];
                    if (mdsum_rouge_eval_empty(r, e, 0) == 1)
                        fprintf(stderr, "readText: %s -> empty text\n", task.peer_paths[k]);
                    for (size_t j = 0; j < task.nmodels; j++)
                        if (mdsum_rouge_eval_empty(r, e, j + 1) == 1)
                            fprintf(stderr, "readText: %s -> empty text\n", task.model_paths[j]);
                }
            char *text = NULL;
            size_t len = 0;
            rc = mdsum_rouge_render(r, a->json ? MDSUM_ROUGE_JSON : MDSUM_ROUGE_TEXT,
                                    a->per_eval ? MDSUM_ROUGE_PER_EVAL : 0u, &text, &len);
            if (rc) {
                code = lib_fail(ctx, NULL, rc);
            } else {
                cli_buf_add(&all, text, len);
                if (all.failed) {
                    cli_error("out of memory");
                    code = EXIT_USAGE;
                }
            }
            mdsum_free(ctx, text);
        }
        free(where);
        mdsum_rouge_free(r);
    }
    mdsum_rouge_config_free(cfg);
    if (code) {
        free(all.data);
        return code;
    }
    *out_text = all.data;
    *out_len = all.len;
    return 0;
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ======================================================================
 * Main
 * ====================================================================== */
int cmd_rouge(int argc, char **argv)
{
    args a;
    memset(&a, 0, sizeof a);
    int code = parse_args(argc, argv, &a);
    if (code) {
        free(a.pos);
        if (code < 0) return cli_stdout_done();
        return code;
    }
    bool xml = !a.list && a.npos >= 1 && a.npos <= 2 && !is_dir(a.pos[0]) && looks_xml(a.pos[0]);
    if (xml) {
        /* CONFIG.xml [SYSTEM_ID]: the script needs -a or a system id. */
        if (!a.all && a.npos < 2) {
            cli_error("rouge: please specify a system ID to evaluate or use option '-a' to "
                      "evaluate all systems");
            free(a.pos);
            return EXIT_USAGE;
        }
        mdsum_ctx *ctx = mdsum_ctx_new(NULL);
        char *text = NULL;
        size_t len = 0;
        code = ctx ? run_xml(ctx, &a, a.pos[0], a.npos == 2 ? a.pos[1] : NULL, &text, &len)
                   : EXIT_USAGE;
        if (!code && !cli_out_whole(a.output, text, len)) code = EXIT_USAGE;
        free(text);
        mdsum_ctx_free(ctx);
        free(a.pos);
        return code;
    }
    if (a.list) {
        /* -z SPL LIST [SYSTEM_ID], as the script takes them. */
        if (a.npos < 1 || a.npos > 2) {
            cli_error("rouge: -z SPL takes the file list and optionally a system id "
                      "(see 'mdsum rouge --help')");
            free(a.pos);
            return EXIT_USAGE;
        }
        a.list = a.pos[0];
        if (a.npos == 2) a.o.system_id = a.pos[1];
    } else if (a.npos == 0) {
        usage(stderr);
        free(a.pos);
        return EXIT_USAGE;
    } else if (a.npos == 1 && is_dir(a.pos[0])) {
        cli_error("rouge: %s is a directory: give the system and the reference directories",
                  a.pos[0]);
        free(a.pos);
        return EXIT_USAGE;
    } else if (a.npos > 1 && is_dir(a.pos[0]) != is_dir(a.pos[1])) {
        cli_error("rouge: give two directories or line-aligned files, not both kinds");
        free(a.pos);
        return EXIT_USAGE;
    } else if (a.npos > 2 && is_dir(a.pos[0])) {
        cli_error("rouge: give one system directory and one reference directory");
        free(a.pos);
        return EXIT_USAGE;
    }

    mdsum_ctx *ctx = mdsum_ctx_new(NULL);
    if (!ctx) {
        cli_error("out of memory");
        free(a.pos);
        return EXIT_USAGE;
    }
    mdsum_rouge *r = NULL;
    int rc = mdsum_rouge_new(ctx, &a.o, &r);
    if (rc) {
        cli_lib_error(ctx, NULL, rc);
        mdsum_ctx_free(ctx);
        free(a.pos);
        return rc == MDSUM_EINVAL ? EXIT_USAGE : cli_exit_code(rc);
    }
    evalfiles *ev = NULL;
    size_t nev = 0;
    if (a.list) code = run_list(ctx, r, a.list, &ev, &nev);
    else if (a.npos == 1) code = run_jsonl(ctx, r, a.pos[0]);
    else if (is_dir(a.pos[0])) code = run_dirs(ctx, r, &a);
    else code = run_lines(ctx, r, &a);

    if (!code && mdsum_rouge_eval_count(r) == 0) {
        cli_error("rouge: no evaluation in the input");
        code = EXIT_BADINPUT;
    }
    char *text = NULL;
    size_t len = 0;
    if (!code) {
        if (a.list) empty_messages(r, ev, nev);
        rc = mdsum_rouge_render(r, a.json ? MDSUM_ROUGE_JSON : MDSUM_ROUGE_TEXT,
                                a.per_eval ? MDSUM_ROUGE_PER_EVAL : 0u, &text, &len);
        if (rc) code = lib_fail(ctx, NULL, rc);
    }
    if (!code && !cli_out_whole(a.output, text, len)) code = EXIT_USAGE;
    mdsum_free(ctx, text);
    for (size_t i = 0; i < nev; i++) {
        for (size_t k = 0; k < ev[i].n; k++) free(ev[i].paths[k]);
        free(ev[i].paths);
    }
    free(ev);
    mdsum_rouge_free(r);
    mdsum_ctx_free(ctx);
    free(a.pos);
    return code;
}
