/*
 * context.c -- the context: allocator, last error, cached language
 * resources. No global mutable state anywhere in the library: everything a
 * call may change lives here or in the objects passed to it.
 */
#include "internal.h"

#include <string.h>

const char *mdsum_version(void)
{
    return MDSUM_VERSION_STRING;
}

mdsum_ctx *mdsum_ctx_new(const mdsum_allocator *alc)
{
    alc_t a;
    alc_init(&a, alc);
    mdsum_ctx *ctx = alc_malloc(&a, sizeof *ctx);
    if (!ctx) return NULL;
    memset(ctx, 0, sizeof *ctx);
    ctx->alc = a;
    err_clear(ctx);
    return ctx;
}

void mdsum_ctx_free(mdsum_ctx *ctx)
{
    if (!ctx) return;
    for (size_t i = 0; i < ctx->nlangs; i++) lang_res_free(&ctx->alc, ctx->langs[i]);
    idf_table_free(&ctx->alc, ctx->idf);
    idf_table_free(&ctx->alc, ctx->idf_custom);
    alc_free(&ctx->alc, ctx->idf_custom_path);
    clean_res_free(&ctx->alc, ctx->clean);
    learned_flat_free(&ctx->alc, ctx->learned_flat);
    prior_table_free(&ctx->alc, ctx->prior);
    xml_lib_ctx_free(ctx);
    alc_t a = ctx->alc;
    alc_free(&a, ctx);
}

void mdsum_free(mdsum_ctx *ctx, void *ptr)
{
    if (!ptr) return;
    if (ctx) {
        alc_free(&ctx->alc, ptr);
    } else {
        /* Without a context we can only assume libc made it. */
        alc_t a;
        alc_init(&a, NULL);
        alc_free(&a, ptr);
    }
}
