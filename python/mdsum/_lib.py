"""Finding and declaring libmdsum (ctypes).

The library is loaded once per process, with ctypes.CDLL: CDLL (unlike
PyDLL) releases the GIL around every foreign call, which is what lets
several threads summarize at once. Every function is declared with its
argtypes/restype so that ctypes checks arguments and converts results.

Where the library comes from, first match wins:
  1. the MDSUM_LIBRARY environment variable (a path to libmdsum.so*);
  2. the path recorded by `cmake --install` in mdsum/_install.py;
  3. ctypes.util.find_library("mdsum") (the ld.so cache, e.g. after
     `cmake --install` into /usr/local and `ldconfig`);
  4. a build tree of the repository this package sits in
     (../build/libmdsum.so relative to python/), for work in a checkout.
"""

import ctypes
import ctypes.util
import os

c_char_p = ctypes.c_char_p
c_void_p = ctypes.c_void_p
c_size_t = ctypes.c_size_t
c_int = ctypes.c_int
c_uint = ctypes.c_uint
c_long = ctypes.c_long
c_longlong = ctypes.c_longlong
c_double = ctypes.c_double
POINTER = ctypes.POINTER


# ----------------------------------------------------------------------
# Structs of include/mdsum.h (field order and types must match it)
# ----------------------------------------------------------------------
class Error(ctypes.Structure):
    _fields_ = [("code", c_int), ("message", c_char_p), ("doc", c_longlong),
                ("doc_id", c_char_p), ("offset", c_longlong), ("line", c_longlong)]


class Options(ctypes.Structure):
    _fields_ = [("lang", c_char_p), ("algo", c_char_p), ("params", c_char_p),
                ("words", c_long), ("sentences", c_long), ("bytes", c_long),
                ("redundancy", c_double), ("position", c_double),
                ("flags", c_uint), ("idf_file", c_char_p)]


class Doc(ctypes.Structure):
    _fields_ = [("id", c_char_p), ("title", c_char_p), ("date", c_char_p),
                ("url", c_char_p), ("site", c_char_p), ("author", c_char_p),
                ("text", c_char_p), ("text_len", c_size_t)]


class Span(ctypes.Structure):
    _fields_ = [("start", c_size_t), ("end", c_size_t)]


class ParamInfo(ctypes.Structure):
    _fields_ = [("name", c_char_p), ("default", c_double), ("min", c_double),
                ("max", c_double), ("help", c_char_p)]


class AlgoInfo(ctypes.Structure):
    _fields_ = [("name", c_char_p), ("help", c_char_p), ("nparams", c_size_t),
                ("params", POINTER(ParamInfo))]


class LangInfo(ctypes.Structure):
    _fields_ = [("code", c_char_p), ("name", c_char_p), ("stemmer", c_int),
                ("stopwords", c_int)]


class Pick(ctypes.Structure):
    _fields_ = [("doc", c_size_t), ("index", c_size_t), ("sentence", c_size_t),
                ("start", c_size_t), ("end", c_size_t), ("score", c_double),
                ("support", c_size_t), ("words", c_size_t)]


# ROUGE (include/mdsum.h, "ROUGE (src/rouge.c)")
class RougeOpts(ctypes.Structure):
    _fields_ = [("scorer", c_int), ("max_n", c_int), ("lcs", c_int),
                ("wlcs_weight", c_double), ("skip", c_int), ("skip_distance", c_int),
                ("skip_mode", c_int), ("stem", c_int), ("stopwords", c_int),
                ("limit_words", c_long), ("limit_bytes", c_long), ("best_model", c_int),
                ("alpha", c_double), ("count_mode", c_int), ("confidence", c_double),
                ("resamples", c_long), ("seed", ctypes.c_ulong), ("system_id", c_char_p)]


class RougeScore(ctypes.Structure):
    _fields_ = [("recall", c_double), ("precision", c_double), ("f", c_double),
                ("model_count", c_double), ("peer_count", c_double), ("hits", c_double)]


class RougeResult(ctypes.Structure):
    _fields_ = [("metric", c_char_p),
                ("recall", c_double), ("precision", c_double), ("f", c_double),
                ("recall_lo", c_double), ("recall_hi", c_double),
                ("precision_lo", c_double), ("precision_hi", c_double),
                ("f_lo", c_double), ("f_hi", c_double),
                ("mean_recall", c_double), ("mean_precision", c_double), ("mean_f", c_double),
                ("model_count", c_double), ("peer_count", c_double), ("hits", c_double)]


# HTML extraction (include/mdsum.h, "HTML extraction (src/html.c)")
class Article(ctypes.Structure):
    # text as a pointer: it is read with its length (string_at).
    _fields_ = [("text", c_void_p), ("text_len", c_size_t), ("paragraphs", c_size_t),
                ("title", c_char_p), ("date", c_char_p), ("author", c_char_p),
                ("site", c_char_p), ("url", c_char_p), ("lang", c_char_p),
                ("description", c_char_p), ("charset", c_char_p), ("flags", c_uint)]


class ExtractOptions(ctypes.Structure):
    _fields_ = [("flags", c_uint), ("charset", c_char_p), ("url", c_char_p)]


# Constants (include/mdsum.h)
LENIENT = 0x0001
NO_CLEAN = 0x0002
NO_IDF = 0x0004
NO_DEDUP = 0x0008
TRUNCATE = 0x0010

FORMAT_MULTINEWS = 2
FORMAT_JSONL = 3

SPLIT_JOIN_WRAPPED = 0x0200

ROUGE_155 = 0
ROUGE_GOOGLE = 1
ROUGE_SKIP_S = 0
ROUGE_SKIP_SU = 1
ROUGE_SKIP_BOTH = 2

ARTICLE_TRUNCATED = 0x1
ARTICLE_REPAIRED = 0x2
ARTICLE_CHARSET_FIXED = 0x4
ARTICLE_FROM_SCHEMA = 0x8
EXTRACT_ALL = 0x1000

RENDER_TEXT = 0
RENDER_JSON = 1
RENDER_MARKDOWN = 2
RENDER_LINE = 3

# (name, restype, argtypes) of every function the package calls. Optional
# functions (added by later versions of the library) are bound when present;
# callers check with has().
_P = POINTER
_FUNCS = [
    ("mdsum_version", c_char_p, []),
    ("mdsum_strerror", c_char_p, [c_int]),
    ("mdsum_ctx_new", c_void_p, [c_void_p]),
    ("mdsum_ctx_free", None, [c_void_p]),
    ("mdsum_ctx_error", _P(Error), [c_void_p]),
    ("mdsum_free", None, [c_void_p, c_void_p]),
    ("mdsum_options_init", None, [_P(Options)]),
    ("mdsum_options_validate", c_int, [c_void_p, _P(Options)]),
    ("mdsum_algo_count", c_size_t, []),
    ("mdsum_algo_info_get", c_int, [c_size_t, _P(AlgoInfo)]),
    ("mdsum_algo_default", c_char_p, []),
    ("mdsum_lang_count", c_size_t, []),
    ("mdsum_lang_info_get", c_int, [c_size_t, _P(LangInfo)]),
    ("mdsum_cluster_new", c_void_p, [c_void_p]),
    ("mdsum_cluster_free", None, [c_void_p]),
    ("mdsum_cluster_clear", None, [c_void_p]),
    ("mdsum_cluster_set_id", c_int, [c_void_p, c_char_p]),
    ("mdsum_cluster_add", c_int, [c_void_p, _P(Doc), c_uint]),
    ("mdsum_cluster_add_multinews", c_int, [c_void_p, c_char_p, c_size_t, c_uint]),
    ("mdsum_cluster_add_jsonl", c_int, [c_void_p, c_char_p, c_size_t, c_uint]),
    ("mdsum_split", c_int, [c_void_p, c_char_p, c_size_t, c_char_p,
                            _P(_P(Span)), _P(c_size_t)]),
    ("mdsum_summarize", c_int, [c_void_p, c_void_p, _P(Options), _P(c_void_p)]),
    ("mdsum_summary_free", None, [c_void_p]),
    ("mdsum_render", c_int, [c_void_p, c_void_p, c_void_p, c_int,
                             _P(c_void_p), _P(c_size_t)]),
]

# Functions an older libmdsum (built before these modules were merged) may
# lack: bound when present; mdsum.MissingFeatureError names the symbol when
# a caller needs one that is absent.
_OPTIONAL = [
    # src/oneshot.c: a cluster in, renderings out, in one call.
    ("mdsum_summarize_docs", c_int, [c_void_p, c_char_p, _P(Doc), c_size_t, _P(Options),
                                     _P(c_int), c_size_t, _P(c_void_p), _P(c_size_t)]),
    ("mdsum_split_opts", c_int, [c_void_p, c_char_p, c_size_t, c_char_p, c_uint,
                                 _P(_P(Span)), _P(c_size_t)]),
    # src/rouge.c
    ("mdsum_rouge_opts_init", None, [_P(RougeOpts)]),
    ("mdsum_rouge_opts_validate", c_int, [c_void_p, _P(RougeOpts)]),
    ("mdsum_rouge_new", c_int, [c_void_p, _P(RougeOpts), _P(c_void_p)]),
    ("mdsum_rouge_free", None, [c_void_p]),
    ("mdsum_rouge_add", c_int, [c_void_p, c_char_p, c_char_p, c_size_t,
                                _P(c_char_p), _P(c_size_t), c_size_t]),
    ("mdsum_rouge_eval_count", c_size_t, [c_void_p]),
    ("mdsum_rouge_metric_count", c_size_t, [c_void_p]),
    ("mdsum_rouge_metric_name", c_char_p, [c_void_p, c_size_t]),
    ("mdsum_rouge_eval_id", c_char_p, [c_void_p, c_size_t]),
    ("mdsum_rouge_eval_score", c_int, [c_void_p, c_size_t, c_size_t, _P(RougeScore)]),
    ("mdsum_rouge_result_get", c_int, [c_void_p, c_size_t, _P(RougeResult)]),
    # src/html.c
    ("mdsum_extract_options_init", None, [_P(ExtractOptions)]),
    ("mdsum_extract_opts", c_int, [c_void_p, c_char_p, c_size_t, _P(ExtractOptions),
                                   _P(_P(Article))]),
    ("mdsum_article_free", None, [_P(Article)]),
]


def _candidates():
    env = os.environ.get("MDSUM_LIBRARY")
    if env:
        # An explicit choice: never fall back to another copy silently.
        return [env], True
    out = []
    try:
        from . import _install  # written by `cmake --install`
        out.append(_install.LIBRARY)
    except ImportError:
        pass
    found = ctypes.util.find_library("mdsum")
    if found:
        out.append(found)
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    for build in ("build", "build-asan"):
        out.append(os.path.join(repo, build, "libmdsum.so"))
    return out, False


def load():
    """Load libmdsum and declare its functions; raises OSError naming every
    place that was tried when none works."""
    paths, explicit = _candidates()
    errors = []
    for p in paths:
        if not explicit and os.sep in p and not os.path.exists(p):
            errors.append("%s: not found" % p)
            continue
        try:
            lib = ctypes.CDLL(p)
        except OSError as e:
            errors.append("%s: %s" % (p, e))
            continue
        for name, res, args in _FUNCS:
            f = getattr(lib, name)
            f.restype = res
            f.argtypes = args
        for name, res, args in _OPTIONAL:
            if hasattr(lib, name):
                f = getattr(lib, name)
                f.restype = res
                f.argtypes = args
        lib._mdsum_path = p
        return lib
    raise OSError("mdsum: cannot load libmdsum; set MDSUM_LIBRARY to the path of "
                  "libmdsum.so (tried: %s)" % "; ".join(errors or ["nothing found"]))
