/*
 * xmllib.c -- libxml2, loaded when a context first needs it (xmllib.h).
 */
#include "xmllib.h"

#include <dlfcn.h>
#include <string.h>

/* dlsym's object pointer as a function pointer: POSIX requires the
 * conversion to work; memcpy says so without a cast C forbids. */
#define XML_SYM(lib, field, name)                                 \
    do {                                                          \
        void *p_ = dlsym((lib)->handle, name);                    \
        if (!p_) { missing = name; goto fail; }                   \
        memcpy(&(lib)->field, &p_, sizeof p_);                    \
    } while (0)

int xml_lib_open(mdsum_ctx *ctx, const char *soname, const char *what, xml_lib *lib)
{
    const char *missing = NULL;
    memset(lib, 0, sizeof *lib);
    /* Never unloaded (RTLD_NODELETE): libxml2 keeps process-wide state
     * (its initialisation, the last error's strings) that unloading would
     * orphan as leaks, and another context may open it again. */
    int flags = RTLD_NOW | RTLD_LOCAL;
#ifdef RTLD_NODELETE
    flags |= RTLD_NODELETE;
#endif
    lib->handle = dlopen(soname, flags);
    if (!lib->handle) {
        const char *e = dlerror();
        return err_set(ctx, MDSUM_EIO, "%s needs libxml2, which could not be loaded: %s", what,
                       e ? e : soname);
    }
    XML_SYM(lib, InitParser, "xmlInitParser");
    XML_SYM(lib, htmlCreateMemoryParserCtxt, "htmlCreateMemoryParserCtxt");
    XML_SYM(lib, SwitchEncoding, "xmlSwitchEncoding");
    XML_SYM(lib, htmlCtxtUseOptions, "htmlCtxtUseOptions");
    XML_SYM(lib, htmlParseDocument, "htmlParseDocument");
    XML_SYM(lib, htmlFreeParserCtxt, "htmlFreeParserCtxt");
    XML_SYM(lib, StopParser, "xmlStopParser");
    XML_SYM(lib, ReadMemory, "xmlReadMemory");
    XML_SYM(lib, GetLastError, "xmlGetLastError");
    XML_SYM(lib, FreeDoc, "xmlFreeDoc");
    XML_SYM(lib, DocGetRootElement, "xmlDocGetRootElement");
    XML_SYM(lib, NodeListGetString, "xmlNodeListGetString");
#if defined(LIBXML_THREAD_ALLOC_ENABLED) && defined(LIBXML_THREAD_ENABLED)
    XML_SYM(lib, FreeSlot, "__xmlFree");
#else
    XML_SYM(lib, FreeVar, "xmlFree");
#endif
    /* Idempotent and guarded by libxml2's own lock; mdsum never calls
     * xmlCleanupParser (the host program may use libxml2 too). */
    lib->InitParser();
    return MDSUM_OK;
fail:
    dlclose(lib->handle);
    lib->handle = NULL;
    return err_set(ctx, MDSUM_EIO, "%s needs libxml2, but %s has no function %s", what, soname, missing);
}

void xml_lib_close(xml_lib *lib)
{
    if (lib && lib->handle) dlclose(lib->handle);
    if (lib) lib->handle = NULL;
}

int xml_lib_get(mdsum_ctx *ctx, const char *what, const xml_lib **out)
{
    if (!ctx->xml) {
        xml_lib *lib = alc_calloc(&ctx->alc, 1, sizeof *lib);
        if (!lib) return err_set(ctx, MDSUM_ENOMEM, "out of memory");
        int rc = xml_lib_open(ctx, XMLLIB_SONAME, what, lib);
        if (rc) {
            alc_free(&ctx->alc, lib);
            return rc;
        }
        ctx->xml = lib;
    }
    *out = ctx->xml;
    return MDSUM_OK;
}

void xml_lib_ctx_free(mdsum_ctx *ctx)
{
    if (!ctx->xml) return;
    xml_lib_close(ctx->xml);
    alc_free(&ctx->alc, ctx->xml);
    ctx->xml = NULL;
}
