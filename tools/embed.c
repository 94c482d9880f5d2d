/*
 * embed.c -- build-time tool: turn data files into a C source file.
 *
 *   mdsum_embed OUT.c FILE...
 *
 * Each FILE becomes a const byte array (NUL-terminated, so text tables can be
 * parsed in place) plus an entry of the const table that embedded_find()
 * searches by base name; a table (*.tsv) also gets the offsets of its lines
 * after the header and a hash index of their keys (the text before the
 * first tab), so that a key is found without building a table at run time. Portable C, no assembler .incbin tricks. The output
 * is written to OUT.c.tmp and renamed, so an interrupted build leaves no
 * half-written source behind.
 *
 * A learned model (model-*.txt, the text `mdsum train` writes; format in
 * src/rank/learned.c) is also compiled: its trees become const arrays of
 * learned_node that embedded_model_find() returns, so that a process does
 * not parse 6,000 lines before its first summary. The numbers are read
 * with strtol, strtof and strtod and written as hexadecimal floating
 * constants, so the arrays hold exactly what learned_model_parse() reads
 * from the text (test_learn compares the two node by node). A malformed
 * model fails the build, with the same checks as the parser.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int fail(FILE *in, FILE *out, const char *tmp, const char *what)
{
    perror(what);
    if (in) fclose(in);
    if (out) fclose(out);
    remove(tmp);
    return 2;
}

/* The model in `path`, as the body of embedded_model entry `i`; 0 or a
 * message on stderr and 1. */
static int emit_model(FILE *out, int i, const char *path)
{
    FILE *in = fopen(path, "r");
    if (!in) { perror(path); return 1; }
    char line[65536];
    long ln = 0, ntrees = -1, t = 0, left = 0, nn = 0, nodes = 0, first = 0;
    int nf = -1;
    double base = NAN;
    char *features = NULL;
    long *roots = NULL;
    int bad = 0;
    fprintf(out, "static const learned_node model_%d_nodes[] = {\n", i);
    while (!bad && fgets(line, sizeof line, in)) {
        ln++;
        size_t n = strlen(line);
        if (n && line[n - 1] == '\n') line[--n] = '\0';
        if (n == 0 || line[0] == '#') continue;
        if (nf < 0) {
            bad = sscanf(line, "mdsum-model 2 features=%d trees=%ld", &nf, &ntrees) != 2 || nf < 1 ||
                  ntrees < 0 || ntrees > 100000;
            if (!bad) bad = !(roots = calloc((size_t)ntrees + 1, sizeof *roots));
        } else if (!features) {
            bad = strncmp(line, "features ", 9) != 0 || !(features = malloc(n - 9 + 1));
            if (!bad) memcpy(features, line + 9, n - 9 + 1);
        } else if (isnan(base)) {
            char *e;
            bad = strncmp(line, "base ", 5) != 0;
            if (!bad) base = strtod(line + 5, &e);
            bad = bad || !isfinite(base);
        } else if (left == 0) {
            long k;
            bad = t >= ntrees || sscanf(line, "tree %ld %ld", &k, &nn) != 2 || k != t || nn < 1 || nn > 1 << 20;
            if (!bad) { roots[t] = first = nodes; left = nn; }
        } else {
            char *e, *s = line;
            long f = strtol(s, &e, 10), l, r;
            float thr;
            double val;
            bad = e == s;
            thr = strtof(s = e, &e);
            bad = bad || e == s;
            l = strtol(s = e, &e, 10);
            bad = bad || e == s;
            r = strtol(s = e, &e, 10);
            bad = bad || e == s;
            val = strtod(s = e, &e);
            bad = bad || e == s || isnan(thr) || !isfinite(val) || f < -1 || f >= nf;
            long j = nn - left;
            if (!bad && f >= 0) bad = l <= j || r <= j || l >= nn || r >= nn;
            if (!bad) {
                if (f < 0) l = r = 0;
                if (isinf(thr))
                    fprintf(out, "    {%ld, %sHUGE_VALF, %ld, %ld, %a},\n", f, thr < 0 ? "-" : "", first + l,
                            first + r, val);
                else
                    fprintf(out, "    {%ld, %af, %ld, %ld, %a},\n", f, (double)thr, first + l, first + r, val);
                nodes++;
                if (--left == 0) t++;
            }
        }
    }
    if (!bad && (ferror(in) || nf < 0 || !features || isnan(base) || t != ntrees || left != 0)) {
        bad = 1;
        ln++;
    }
    fclose(in);
    if (bad) {
        fprintf(stderr, "mdsum_embed: %s: line %ld: malformed model\n", path, ln);
        free(features);
        free(roots);
        return 1;
    }
    if (nodes == 0) fprintf(out, "    {-1, 0, 0, 0, 0},\n");
    fprintf(out, "};\nstatic const uint32_t model_%d_roots[] = {", i);
    for (long k = 0; k < ntrees; k++) fprintf(out, "%s%ld,", k % 16 ? " " : "\n    ", roots[k]);
    fprintf(out, "\n    0};\n\n");
    fprintf(out, "#define MODEL_%d {\"%s\", %d, \"", i, strrchr(path, '/') ? strrchr(path, '/') + 1 : path, nf);
    for (const char *c = features; *c; c++) {
        if (*c == '"' || *c == '\\') fputc('\\', out);
        fputc(*c, out);
    }
    fprintf(out, "\", {%a, %ld, %ld, model_%d_roots, model_%d_nodes}}\n\n", base, ntrees, nodes, i, i);
    free(features);
    free(roots);
    return 0;
}

static int is_model(const char *name)
{
    size_t n = strlen(name);
    return strncmp(name, "model-", 6) == 0 && n > 10 && strcmp(name + n - 4, ".txt") == 0;
}

/* The library's hash_bytes (src/internal.h: FNV-1a and a final
 * avalanche), byte by byte: the index below must hash keys as lookups do
 * (test_idf and test_prior find every term of the shipped tables by it). */
#define HASH_INIT 2166136261u
static uint32_t hash_step(uint32_t h, unsigned char c) { return (h ^ c) * 16777619u; }
static uint32_t hash_finish(uint32_t h)
{
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    return h ^ (h >> 13);
}

/* Tables (*.tsv) get a line index and a hash index of their keys; a slot
 * of the index holds a line number + 1 below EMBED_MAX_LINES (2^20, as
 * src/util.c's embedded_lookup reads it) and the key's hash bits above. */
#define EMBED_MAX_LINES (1 << 20)
static int is_tsv(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".tsv") == 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: mdsum_embed OUT.c FILE...\n");
        return 2;
    }
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
    FILE *out = fopen(tmp, "w");
    if (!out) return fail(NULL, NULL, tmp, tmp);
    fprintf(out, "/* Generated by tools/embed.c; do not edit. */\n"
                 "#include \"internal.h\"\n#include \"rank/rank.h\"\n#include <math.h>\n"
                 "#include <string.h>\n\n");
    size_t *sizes = calloc((size_t)argc, sizeof *sizes), *nls = calloc((size_t)argc, sizeof *nls);
    size_t *nslots = calloc((size_t)argc, sizeof *nslots);
    if (!sizes || !nls || !nslots) return fail(NULL, out, tmp, "calloc");
    for (int i = 2; i < argc; i++) {
        FILE *in = fopen(argv[i], "rb");
        if (!in) return fail(NULL, out, tmp, argv[i]);
        fprintf(out, "static const unsigned char file_%d[] = {\n", i);
        /* A table's line index: where each line after the header (the
         * first line and the '#' lines right after it) starts. */
        int tsv = is_tsv(base_name(argv[i]));
        size_t nlines = 0, cap = 0, line = 0;
        unsigned long *starts = NULL;
        uint32_t *keyhash = NULL;   /* per line: the hash of its key, if it has a tab */
        unsigned char *haskey = NULL;
        int c, col = 0, bol = 1, header = 1, inkey = 0;
        uint32_t h = 0;
        size_t n = 0;
        while ((c = getc(in)) != EOF) {
            if (tsv && bol && line > 0 && !(header && c == '#')) {
                header = 0;
                if (nlines == cap) {
                    cap = cap ? 2 * cap : 4096;
                    unsigned long *g = realloc(starts, cap * sizeof *starts);
                    if (g) starts = g;
                    uint32_t *gh = g ? realloc(keyhash, cap * sizeof *keyhash) : NULL;
                    if (gh) keyhash = gh;
                    unsigned char *gk = gh ? realloc(haskey, cap) : NULL;
                    if (gk) haskey = gk;
                    if (!gk) { free(starts); free(keyhash); free(haskey); return fail(in, out, tmp, "realloc"); }
                }
                haskey[nlines] = 0;
                starts[nlines++] = (unsigned long)n;
                inkey = 1;
                h = HASH_INIT;
            }
            if (inkey) {
                if (c == '\t') {
                    keyhash[nlines - 1] = hash_finish(h);
                    haskey[nlines - 1] = 1;
                    inkey = 0;
                } else if (c == '\n') {
                    inkey = 0;
                } else {
                    h = hash_step(h, (unsigned char)c);
                }
            }
            bol = c == '\n';
            line += bol;
            fprintf(out, "%d,", c);
            n++;
            if (++col == 24) { fputc('\n', out); col = 0; }
        }
        if (ferror(in)) { free(starts); free(keyhash); free(haskey); return fail(in, out, tmp, argv[i]); }
        fclose(in);
        fprintf(out, "0};\n\n");
        /* The line index holds 32-bit offsets; the hash index's slots,
         * line numbers below EMBED_MAX_LINES (see below). */
        if (n > 0xFFFFFFFFu || (tsv && nlines >= EMBED_MAX_LINES)) {
            fprintf(stderr, "mdsum_embed: %s: too large (%zu bytes, %zu lines; at most 4 GB and %d lines)\n",
                    argv[i], n, nlines, EMBED_MAX_LINES - 1);
            free(starts);
            free(keyhash);
            free(haskey);
            fclose(out);
            remove(tmp);
            return 2;
        }
        size_t slots = 0;
        if (tsv) {
            fprintf(out, "static const uint32_t lines_%d[] = {", i);
            for (size_t k = 0; k < nlines; k++) fprintf(out, "%s%lu,", k % 12 ? " " : "\n    ", starts[k]);
            fprintf(out, "\n    0};\n\n");
            /* ... and a hash index of the keys (the text before the tab):
             * slot = hash_bytes(key) & mask, open addressing, at most half
             * full; each slot holds the line number + 1 in its low 20 bits
             * (0: empty) and the hash's top 12 bits above them, so that a
             * lookup compares the text of one line in 4,096 that is not
             * its key's. */
            slots = 16;
            while (slots < 2 * nlines) slots *= 2;
            uint32_t *slot = calloc(slots, sizeof *slot);
            if (!slot) { free(starts); free(keyhash); free(haskey); return fail(NULL, out, tmp, "calloc"); }
            for (size_t k = 0; k < nlines; k++) {
                if (!haskey[k]) continue;
                size_t j = keyhash[k] & (slots - 1);
                while (slot[j]) j = (j + 1) & (slots - 1);
                slot[j] = (keyhash[k] & ~(uint32_t)(EMBED_MAX_LINES - 1)) | (uint32_t)(k + 1);
            }
            fprintf(out, "static const uint32_t slots_%d[] = {", i);
            for (size_t k = 0; k < slots; k++) fprintf(out, "%s%u,", k % 12 ? " " : "\n    ", slot[k]);
            fprintf(out, "\n    0};\n\n");
            free(slot);
        }
        free(starts);
        free(keyhash);
        free(haskey);
        nslots[i] = slots;
        nls[i] = tsv ? nlines : SIZE_MAX;
        sizes[i] = n;
        if (is_model(base_name(argv[i])) && emit_model(out, i, argv[i])) {
            free(sizes);
            free(nls);
            free(nslots);
            fclose(out);
            remove(tmp);
            return 1;
        }
    }
    fprintf(out, "static const embedded_file files[] = {\n");
    for (int i = 2; i < argc; i++) {
        if (nls[i] == SIZE_MAX)
            fprintf(out, "    {\"%s\", file_%d, %zu, NULL, 0, NULL, 0},\n", base_name(argv[i]), i, sizes[i]);
        else
            fprintf(out, "    {\"%s\", file_%d, %zu, lines_%d, %zu, slots_%d, %zu},\n", base_name(argv[i]), i,
                    sizes[i], i, nls[i], i, nslots[i] - 1);
    }
    fprintf(out, "    {NULL, NULL, 0, NULL, 0, NULL, 0}\n};\n\n"
                 "const embedded_file *embedded_find(const char *name)\n{\n"
                 "    for (size_t i = 0; files[i].name; i++)\n"
                 "        if (strcmp(files[i].name, name) == 0) return &files[i];\n"
                 "    return NULL;\n}\n\n");
    fprintf(out, "static const embedded_model models[] = {\n");
    for (int i = 2; i < argc; i++)
        if (is_model(base_name(argv[i]))) fprintf(out, "    MODEL_%d,\n", i);
    fprintf(out, "    {NULL, 0, NULL, {0, 0, 0, NULL, NULL}}\n};\n\n"
                 "const embedded_model *embedded_model_find(const char *name)\n{\n"
                 "    for (size_t i = 0; models[i].file; i++)\n"
                 "        if (strcmp(models[i].file, name) == 0) return &models[i];\n"
                 "    return NULL;\n}\n");
    free(sizes);
    free(nls);
    free(nslots);
    if (fclose(out) != 0) return fail(NULL, NULL, tmp, tmp);
    if (rename(tmp, argv[1]) != 0) return fail(NULL, NULL, tmp, argv[1]);
    return 0;
}
