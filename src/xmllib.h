/*
 * xmllib.h -- libxml2, loaded when a context first needs it.
 *
 * Only HTML extraction (html.c) and ROUGE's XML configurations
 * (rouge_config.c) parse markup, and libxml2 brings ICU, libstdc++ and
 * liblzma with it: linking it made every process load them, about 1 ms of
 * CPU for a run that reads plain text (docs/performance.md). So the library
 * does not link libxml2; the first call that needs it opens libxml2.so.2
 * with dlopen and looks up the functions below, once per context (the
 * handle is closed by mdsum_ctx_free, but the library stays mapped:
 * RTLD_NODELETE, since libxml2 keeps process-wide state that unloading
 * would orphan; contexts in other threads hold their own handles). The headers are
 * still libxml2's: each pointer has the type of the function it stands
 * for (__typeof__ of the declaration, which references no symbol).
 */
#ifndef MDSUM_XMLLIB_H
#define MDSUM_XMLLIB_H

#include "internal.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

/* The shared object opened (the ABI of libxml2 2.x). */
#define XMLLIB_SONAME "libxml2.so.2"

typedef struct xml_lib {
    void *handle;
    __typeof__(xmlInitParser) *InitParser;
    __typeof__(htmlCreateMemoryParserCtxt) *htmlCreateMemoryParserCtxt;
    __typeof__(xmlSwitchEncoding) *SwitchEncoding;
    __typeof__(htmlCtxtUseOptions) *htmlCtxtUseOptions;
    __typeof__(htmlParseDocument) *htmlParseDocument;
    __typeof__(htmlFreeParserCtxt) *htmlFreeParserCtxt;
    __typeof__(xmlStopParser) *StopParser;
    __typeof__(xmlReadMemory) *ReadMemory;
    __typeof__(xmlGetLastError) *GetLastError;
    __typeof__(xmlFreeDoc) *FreeDoc;
    __typeof__(xmlDocGetRootElement) *DocGetRootElement;
    __typeof__(xmlNodeListGetString) *NodeListGetString;
    /* libxml2's deallocator, its xmlFree: a per-thread slot in builds
     * with LIBXML_THREAD_ALLOC_ENABLED, else a variable (Debian's). Use
     * xml_lib_free. */
    xmlFreeFunc *(*FreeSlot)(void);
    xmlFreeFunc *FreeVar;
} xml_lib;

/* Free what libxml2 returned (xmlFree). */
static inline void xml_lib_free(const xml_lib *x, void *p)
{
    xmlFreeFunc f = x->FreeSlot ? *x->FreeSlot() : *x->FreeVar;
    if (p) f(p);
}

/* The context's libxml2, opened on first use. On failure (no libxml2 on
 * the system, or one without a needed function) MDSUM_EIO with a message
 * that names the library and says what needs it (`what`, e.g. "HTML
 * input"); nothing is kept, so a later call tries again. */
int xml_lib_get(mdsum_ctx *ctx, const char *what, const xml_lib **out);

/* Open `soname` into *lib (the tests open a missing one). */
int xml_lib_open(mdsum_ctx *ctx, const char *soname, const char *what, xml_lib *lib);

/* Close what xml_lib_open opened (NULL or never opened: no-op). */
void xml_lib_close(xml_lib *lib);

#endif /* MDSUM_XMLLIB_H */
