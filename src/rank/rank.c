/*
 * rank.c -- the registry of rankers and their parameter parsing.
 * Adding an algorithm: write src/rank/NAME.c defining `const ranker
 * ranker_NAME`, declare it in rank.h, and list it in `rankers[]` below.
 */
#include "rank.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const ranker *const rankers[] = {
    &ranker_lead,
    &ranker_centroid,
    &ranker_lexrank,
    &ranker_textrank,
    &ranker_mmr,
    &ranker_sumbasic,
    &ranker_klsum,
    &ranker_ilp,
    &ranker_submodular,
    &ranker_learned,
    &ranker_joint,
};

#define NRANKERS (sizeof rankers / sizeof rankers[0])
#define DEFAULT_RANKER "joint"

const ranker *ranker_find(const char *name)
{
    /* "auto" names whatever the default is (it was a method of its own
     * before `joint`; scripts that name it keep working). */
    if (strcmp(name, "auto") == 0) return ranker_default();
    for (size_t i = 0; i < NRANKERS; i++)
        if (strcmp(rankers[i]->name, name) == 0) return rankers[i];
    return NULL;
}

const ranker *ranker_default(void)
{
    return ranker_find(DEFAULT_RANKER);
}

size_t mdsum_algo_count(void)
{
    return NRANKERS;
}

int mdsum_algo_info_get(size_t i, mdsum_algo_info *out)
{
    if (i >= NRANKERS || !out) return MDSUM_EINVAL;
    out->name = rankers[i]->name;
    out->help = rankers[i]->help;
    out->nparams = rankers[i]->nparams;
    out->params = rankers[i]->params;
    return MDSUM_OK;
}

const char *mdsum_algo_default(void)
{
    return DEFAULT_RANKER;
}

int ranker_params(mdsum_ctx *ctx, const ranker *r, const char *spec, double *vals)
{
    for (size_t i = 0; i < r->nparams; i++) vals[i] = r->params[i].def;
    if (!spec) return MDSUM_OK;
    const char *p = spec;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', n);
        if (!eq || eq == p) {
            return err_set(ctx, MDSUM_EALGO, "algorithm parameter '%.*s': expected name=value",
                           (int)n, p);
        }
        size_t kn = (size_t)(eq - p);
        size_t k = 0;
        while (k < r->nparams && (strlen(r->params[k].name) != kn || strncmp(r->params[k].name, p, kn) != 0))
            k++;
        if (k == r->nparams)
            return err_set(ctx, MDSUM_EALGO, "algorithm '%s' has no parameter '%.*s' (see --algo help)",
                           r->name, (int)kn, p);
        char num[64];
        size_t vn = n - kn - 1;
        if (vn == 0 || vn >= sizeof num)
            return err_set(ctx, MDSUM_EALGO, "parameter '%s': missing or overlong value", r->params[k].name);
        memcpy(num, eq + 1, vn);
        num[vn] = '\0';
        char *ne;
        errno = 0;
        double v = strtod(num, &ne);
        if (*ne || errno == ERANGE || isnan(v) || v < r->params[k].min || v > r->params[k].max)
            return err_set(ctx, MDSUM_EALGO, "parameter '%s' must be a number from %g to %g, got '%s'",
                           r->params[k].name, r->params[k].min, r->params[k].max, num);
        vals[k] = v;
        p = end ? end + 1 : p + n;
    }
    return MDSUM_OK;
}
