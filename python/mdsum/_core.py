"""The binding proper: contexts per thread, options, errors, summaries.

Threads: a libmdsum context is not thread-safe (it owns a Snowball stemmer
and the last error), so every thread gets its own, created on first use and
kept in a threading.local; it is freed when the thread ends (its local dict
goes, and with it the _State, whose weakref.finalize frees the C objects)
or at interpreter exit. ctypes.CDLL releases the GIL during each foreign
call, so threads summarize in parallel. No Python object is shared with C
beyond the duration of one call.
"""

import ctypes
import json
import threading
import weakref

from . import _lib

_L = _lib.load()
_byref = ctypes.byref
_string_at = ctypes.string_at

# ----------------------------------------------------------------------
# Errors
# ----------------------------------------------------------------------
OK = 0
ENOMEM = -1
EINVAL = -2
EUTF8 = -3
EEMPTY = -4
ELANG = -5
EIO = -6
EFORMAT = -7
ELIMIT = -8
ENOCONTENT = -9
EALGO = -10
EINTERNAL = -11

ERROR_NAMES = {
    ENOMEM: "ENOMEM", EINVAL: "EINVAL", EUTF8: "EUTF8", EEMPTY: "EEMPTY",
    ELANG: "ELANG", EIO: "EIO", EFORMAT: "EFORMAT", ELIMIT: "ELIMIT",
    ENOCONTENT: "ENOCONTENT", EALGO: "EALGO", EINTERNAL: "EINTERNAL",
}


class MdsumError(Exception):
    """A libmdsum call failed.

    Attributes: ``code`` (the negative MDSUM_E* status, e.g. mdsum.EUTF8),
    ``name`` ("EUTF8"), ``message`` (the library's message), ``doc``
    (0-based document index or None), ``doc_id``, ``offset`` (byte offset
    in the document text or input line, or None), ``line`` (None unless the
    library read a file). ``str(e)`` reads like the CLI's error messages:
    "document 2 (b): byte 17: invalid UTF-8 byte 0xFF ...", with 1-based
    document numbers as the CLI prints them.
    """

    def __init__(self, code, message, doc=None, doc_id=None, offset=None, line=None):
        self.code = code
        self.name = ERROR_NAMES.get(code, "E?")
        self.message = message
        self.doc = doc
        self.doc_id = doc_id
        self.offset = offset
        self.line = line
        super().__init__(self._describe())

    def _describe(self):
        parts = []
        if self.line is not None:
            parts.append("line %d: " % self.line)
        if self.doc is not None:
            parts.append("document %d" % (self.doc + 1))
            if self.doc_id is not None:
                parts.append(" (%s)" % self.doc_id)
            parts.append(": ")
        if self.offset is not None:
            parts.append("byte %d: " % self.offset)
        parts.append(self.message)
        return "".join(parts)

    def to_record(self):
        """The error as a dict {"code", "name", "message"} for error records."""
        return {"code": self.code, "name": self.name, "message": self._describe()}


class MissingFeatureError(NotImplementedError):
    """The loaded libmdsum lacks a function this call needs (the library is
    older than the package, or the feature is not merged yet)."""

    def __init__(self, feature, symbol):
        self.feature = feature
        self.symbol = symbol
        super().__init__(
            "mdsum.%s needs %s(), which the loaded libmdsum (%s) does not export; "
            "build and install a libmdsum that has it" % (feature, symbol, _L._mdsum_path))


def _dec(b):
    return b.decode("utf-8", "replace") if b is not None else None


def _error(ctx, rc):
    """The MdsumError for status rc, with the details waiting in ctx."""
    e = _L.mdsum_ctx_error(ctx).contents if ctx else None
    if e is None or e.code != rc:
        # The call failed before recording details (e.g. argument checks
        # that return a bare status): the code still says what happened.
        return MdsumError(rc, _dec(_L.mdsum_strerror(rc)))
    msg = _dec(e.message) or _dec(_L.mdsum_strerror(rc))
    return MdsumError(rc, msg,
                      doc=e.doc if e.doc >= 0 else None,
                      doc_id=_dec(e.doc_id),
                      offset=e.offset if e.offset >= 0 else None,
                      line=e.line if e.line > 0 else None)


# ----------------------------------------------------------------------
# One context (and one reusable cluster) per thread
# ----------------------------------------------------------------------
_stats_lock = threading.Lock()
_stats = {"contexts_created": 0, "contexts_freed": 0}


def _free_state(ctx, cl, scorers):
    # Scorers first: they use the context's allocator.
    for r, _ in scorers.values():
        _L.mdsum_rouge_free(r)
    scorers.clear()
    _L.mdsum_cluster_free(cl)
    _L.mdsum_ctx_free(ctx)
    with _stats_lock:
        _stats["contexts_freed"] += 1


class _State(object):
    __slots__ = ("ctx", "cl", "busy", "out", "out_ref", "lens", "scorers", "_fin",
                 "__weakref__")

    def __init__(self):
        ctx = _L.mdsum_ctx_new(None)
        if not ctx:
            raise MemoryError("mdsum: cannot create a context")
        cl = _L.mdsum_cluster_new(ctx)
        if not cl:
            _L.mdsum_ctx_free(ctx)
            raise MemoryError("mdsum: cannot create a cluster")
        self.ctx = ctx
        self.cl = cl
        self.busy = False
        # Output arguments of mdsum_summarize_docs, reused by this thread.
        self.out = ctypes.c_void_p()
        self.out_ref = ctypes.byref(self.out)
        self.lens = (ctypes.c_size_t * _MAX_FORMATS)()
        # ROUGE scorers kept for single evaluations, by options (see rouge()).
        self.scorers = {}
        self._fin = weakref.finalize(self, _free_state, ctx, cl, self.scorers)
        with _stats_lock:
            _stats["contexts_created"] += 1


_MAX_FORMATS = 4
_tls = threading.local()


def _state():
    try:
        st = _tls.state
    except AttributeError:
        st = _tls.state = _State()
    if st.busy:
        # Re-entered on this thread (a signal handler that summarizes while
        # the thread is between two C calls): use a private context so the
        # interrupted call's cluster and error are left alone.
        return _State()
    return st


def stats():
    """Counters of the C contexts made and freed in this process (one per
    thread that used mdsum); for tests and monitoring."""
    with _stats_lock:
        d = dict(_stats)
    d["contexts_live"] = d["contexts_created"] - d["contexts_freed"]
    return d


# ----------------------------------------------------------------------
# Options
# ----------------------------------------------------------------------
_OPT_CACHE = {}
_OPT_CACHE_MAX = 256
_UNSET = object()


def _enc_opt(name, v):
    if v is None:
        return None
    if isinstance(v, str):
        return v.encode("utf-8")
    raise TypeError("%s must be a str or None, not %s" % (name, type(v).__name__))


def _budget(name, v):
    if v is None:
        return 0
    if isinstance(v, bool) or not isinstance(v, int):
        raise TypeError("%s must be an int, not %s" % (name, type(v).__name__))
    if v < 1 or v > 1000000000:
        raise ValueError("%s must be from 1 to 1000000000, got %d" % (name, v))
    return v


def _params_str(params):
    if params is None or isinstance(params, str):
        return params
    if isinstance(params, dict):
        items = []
        for k, v in params.items():
            if not isinstance(k, str) or isinstance(v, bool) or not isinstance(v, (int, float)):
                raise TypeError("params must map names (str) to numbers")
            items.append("%s=%r" % (k, float(v)))
        return ",".join(items)
    raise TypeError("params must be a str 'k=v,...', a dict or None, not %s" % type(params).__name__)


class _Opts(object):
    """An mdsum_options struct and the bytes its pointers borrow."""
    __slots__ = ("c", "ref", "keep", "flags")


# The keyword options of summarize() and their defaults, in _options' order:
# summarize_line() and mdsum.dask take them by name from here.
_OPTION_DEFAULTS = (("words", None), ("algo", None), ("lang", "en"), ("sentences", None),
                    ("bytes", None), ("params", None), ("redundancy", 0.5), ("position", 0.0),
                    ("truncate", False), ("lenient", False), ("clean", True), ("idf", True),
                    ("idf_file", None))
_OPTION_NAMES = tuple(k for k, _ in _OPTION_DEFAULTS)


def _options_kw(kw):
    """_options() from options by name, the missing ones at their defaults
    (unknown names are the caller's to refuse)."""
    return _options(*[kw.get(k, d) for k, d in _OPTION_DEFAULTS])


def _options(words, algo, lang, sentences, nbytes, params, redundancy, position,
             truncate, lenient, clean, idf, idf_file):
    # Types are part of the key: True == 1, but words=True is an error.
    key = (words, algo, lang, sentences, nbytes,
           params if not isinstance(params, dict)
           else tuple((k, v, type(v)) for k, v in sorted(params.items(), key=repr)),
           redundancy, position, truncate, lenient, clean, idf, idf_file)
    key = key + tuple(map(type, key))
    try:
        o = _OPT_CACHE.get(key)
    except TypeError:   # an unhashable argument: let the checks below say which
        o = None
    if o is not None:
        return o
    c = _lib.Options()
    _L.mdsum_options_init(_byref(c))
    w = _budget("words", words)
    s = _budget("sentences", sentences)
    b = _budget("bytes", nbytes)
    if w or s or b:
        c.words, c.sentences, c.bytes = w, s, b
    keep = [_enc_opt("lang", lang), _enc_opt("algo", algo),
            _enc_opt("params", _params_str(params)), _enc_opt("idf_file", idf_file)]
    c.lang, c.algo, c.params, c.idf_file = keep
    for name, v in (("redundancy", redundancy), ("position", position)):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise TypeError("%s must be a number, not %s" % (name, type(v).__name__))
    c.redundancy = float(redundancy)
    c.position = float(position)
    flags = 0
    if truncate:
        flags |= _lib.TRUNCATE
    if lenient:
        flags |= _lib.LENIENT
    if not clean:
        flags |= _lib.NO_CLEAN
    if not idf:
        flags |= _lib.NO_IDF
    c.flags = flags
    # Check once, with the library's own rules and messages.
    st = _state()
    rc = _L.mdsum_options_validate(st.ctx, _byref(c))
    if rc:
        raise _error(st.ctx, rc)
    o = _Opts()
    o.c = c
    o.ref = _byref(c)
    o.keep = keep
    o.flags = flags
    if len(_OPT_CACHE) >= _OPT_CACHE_MAX:
        _OPT_CACHE.clear()
    _OPT_CACHE[key] = o
    return o


# ----------------------------------------------------------------------
# Documents
# ----------------------------------------------------------------------
_DOC_FIELDS = ("id", "title", "date", "url", "site", "author")


def _text_bytes(t, where):
    if isinstance(t, str):
        try:
            return t.encode("utf-8")
        except UnicodeEncodeError as e:
            raise ValueError("%s: text holds a lone surrogate at character %d; "
                             "pass bytes to have the library check (or repair) them"
                             % (where, e.start)) from None
    if isinstance(t, (bytes, bytearray, memoryview)):
        return bytes(t)
    raise TypeError("%s: text must be str or bytes, not %s" % (where, type(t).__name__))


def _field_bytes(v, name, where):
    if v is None:
        return None
    if isinstance(v, str):
        b = v.encode("utf-8", "surrogatepass")
    elif isinstance(v, (bytes, bytearray)):
        b = bytes(v)
    elif name == "id" and isinstance(v, int) and not isinstance(v, bool):
        b = str(v).encode()       # as JSONL input takes integer ids
    else:
        raise TypeError("%s: field %r must be a str, not %s" % (where, name, type(v).__name__))
    if b"\0" in b:
        raise ValueError("%s: field %r contains a NUL character" % (where, name))
    return b


def _doc_array(documents):
    """(ctypes array of mdsum_doc, list of bytes kept alive) from a list of
    str / bytes / dict documents."""
    if isinstance(documents, (str, bytes, bytearray)):
        raise TypeError("documents must be a list of texts or dicts, not a single %s; "
                        "write [text] for a cluster of one document" % type(documents).__name__)
    try:
        docs = list(documents)
    except TypeError:
        raise TypeError("documents must be a list of texts or dicts, not %s"
                        % type(documents).__name__) from None
    arr = (_lib.Doc * len(docs))()
    keep = []
    for i, d in enumerate(docs):
        c = arr[i]
        if type(d) is str:      # the common case first
            try:
                t = d.encode("utf-8")
            except UnicodeEncodeError:
                t = _text_bytes(d, "document %d" % (i + 1))     # raises
            keep.append(t)
            c.text = t
            c.text_len = len(t)
            continue
        if isinstance(d, dict):
            where = "document %d" % (i + 1)
            if "text" not in d:
                raise TypeError("%s: a document dict needs a 'text'" % where)
            t = _text_bytes(d["text"], where)
            for name in _DOC_FIELDS:
                v = d.get(name)
                if v is not None:
                    b = _field_bytes(v, name, where)
                    keep.append(b)
                    setattr(c, name, b)
        else:
            t = _text_bytes(d, "document %d" % (i + 1))
        keep.append(t)
        c.text = t
        c.text_len = len(t)
    return arr, keep


def _cluster_parts(documents, cluster_id):
    """Accept a list of documents, or a cluster dict {"id", "documents"}."""
    if isinstance(documents, dict):
        if "documents" not in documents:
            raise TypeError("a cluster dict needs a 'documents' list "
                            "(or pass the list of documents itself)")
        if cluster_id is None:
            cluster_id = documents.get("id")
        documents = documents["documents"]
    cid = _field_bytes(cluster_id, "id", "cluster") if cluster_id is not None else None
    return documents, cid


# ----------------------------------------------------------------------
# Summaries
# ----------------------------------------------------------------------
class Sentence(tuple):
    """A chosen sentence: ``text`` (white space collapsed, as printed),
    ``doc`` (0-based document index), ``doc_id``, ``index`` (sentence number
    in its document), ``start``/``end`` (byte offsets into the document's
    UTF-8 text as the library stored it), ``words``, ``score`` (the
    ranker's, 6 significant digits as in the JSON output), ``support``
    (documents carrying the same or nearly the same sentence) and
    ``truncated``."""
    __slots__ = ()
    _fields = ("text", "doc", "doc_id", "index", "start", "end", "words", "score",
               "support", "truncated")

    def __new__(cls, j):
        return tuple.__new__(cls, (j["text"], j["doc"], j.get("doc_id"), j["index"],
                                   j["start"], j["end"], j["words"], j["score"],
                                   j["support"], j.get("truncated", False)))

    text = property(lambda self: self[0])
    doc = property(lambda self: self[1])
    doc_id = property(lambda self: self[2])
    index = property(lambda self: self[3])
    start = property(lambda self: self[4])
    end = property(lambda self: self[5])
    words = property(lambda self: self[6])
    score = property(lambda self: self[7])
    support = property(lambda self: self[8])
    truncated = property(lambda self: self[9])

    def __repr__(self):
        return "Sentence(%s)" % ", ".join("%s=%r" % (f, v) for f, v in zip(self._fields, self))


class Summary(object):
    """The result of mdsum.summarize.

    ``text``: the summary as ``mdsum summarize`` prints it, one sentence per
    line, without the final newline. ``to_json()``: exactly the line
    ``mdsum summarize --json`` prints for the same input and options,
    without the final newline. ``sentences``, ``documents``, ``meta`` and
    ``id`` are read from that JSON on first use.
    """
    __slots__ = ("_text", "_json", "_d")

    def __init__(self, text, json_text):
        self._text = text
        self._json = json_text
        self._d = None

    def _dict(self):
        if self._d is None:
            self._d = json.loads(self._json)
        return self._d

    @property
    def text(self):
        return self._text

    @property
    def id(self):
        return self._dict()["id"]

    @property
    def sentences(self):
        return [Sentence(s) for s in self._dict()["sentences"]]

    @property
    def documents(self):
        """[{"doc", "id", "title", ..., "bytes"}] as in the JSON output."""
        return self._dict()["documents"]

    @property
    def meta(self):
        """{"algorithm", "lang", "budget", "words", "sentences_in", "version"}."""
        return self._dict()["meta"]

    def to_json(self):
        return self._json

    def to_dict(self):
        return json.loads(self._json)

    def __str__(self):
        return self._text

    def __repr__(self):
        t = self._text if len(self._text) < 60 else self._text[:57] + "..."
        return "<mdsum.Summary %r>" % t

    def __eq__(self, other):
        return isinstance(other, Summary) and other._json == self._json

    def __hash__(self):
        return hash(self._json)

    def __reduce__(self):
        return (Summary, (self._text, self._json))


# The one-call entry point, when the library has it (src/oneshot.c); the
# step-by-step calls otherwise (an older library), with the same results.
_ONESHOT = hasattr(_L, "mdsum_summarize_docs")


def _take(ctx, ptr, n):
    b = _string_at(ptr, n)
    _L.mdsum_free(ctx, ptr)
    return b


def _run_calls(st, fill, opts, formats):
    """The step-by-step path: fill the thread's cluster, summarize, render."""
    ctx, cl = st.ctx, st.cl
    _L.mdsum_cluster_clear(cl)
    rc = fill(cl)
    if rc:
        raise _error(ctx, rc)
    s = ctypes.c_void_p()
    rc = _L.mdsum_summarize(ctx, cl, _byref(opts.c), _byref(s))
    if rc:
        raise _error(ctx, rc)
    try:
        out = ctypes.c_void_p()
        n = ctypes.c_size_t()
        res = []
        for f in formats:
            rc = _L.mdsum_render(ctx, cl, s, f, _byref(out), _byref(n))
            if rc:
                raise _error(ctx, rc)
            res.append(_take(ctx, out.value, n.value))
        return res
    finally:
        _L.mdsum_summary_free(s)


class _Formats(object):
    """A formats array for mdsum_summarize_docs and its output arrays."""
    __slots__ = ("formats", "c", "n")

    def __init__(self, formats):
        self.formats = tuple(formats)
        self.n = len(self.formats)
        assert 0 < self.n <= _MAX_FORMATS
        self.c = (ctypes.c_int * self.n)(*self.formats)


def _summarize_docs(documents, cluster_id, opts, formats, oneshot=None):
    """The renderings of `formats` for a cluster of documents, as bytes or
    memoryviews (bytes-like either way)."""
    documents, cid = _cluster_parts(documents, cluster_id)
    arr, keep = _doc_array(documents)
    st = _state()
    st.busy = True
    try:
        if _ONESHOT if oneshot is None else oneshot:
            ctx = st.ctx
            rc = _L.mdsum_summarize_docs(ctx, cid, arr, len(arr), opts.ref,
                                         formats.c, formats.n, st.out_ref, st.lens)
            if rc:
                raise _error(ctx, rc)
            lens = st.lens
            total = sum(lens[:formats.n]) + formats.n
            b = _string_at(st.out.value, total)
            _L.mdsum_free(ctx, st.out)
            st.out.value = None
            # Views into the one copy: the caller decodes them.
            mv = memoryview(b)
            res = []
            pos = 0
            for i in range(formats.n):
                res.append(mv[pos:pos + lens[i]])
                pos += lens[i] + 1
            return res

        def fill(cl):
            if cid is not None:
                rc = _L.mdsum_cluster_set_id(cl, cid)
                if rc:
                    return rc
            for i in range(len(arr)):
                rc = _L.mdsum_cluster_add(cl, _byref(arr[i]), opts.flags)
                if rc:
                    return rc
            return 0
        return _run_calls(st, fill, opts, formats.formats)
    finally:
        st.busy = False
        del keep


_LINE_FORMATS = {"jsonl": _lib.FORMAT_JSONL, "multinews": _lib.FORMAT_MULTINEWS}


def _summarize_line(line, fmt, opts, formats):
    if isinstance(line, str):
        b = line.encode("utf-8", "surrogateescape")
    elif isinstance(line, (bytes, bytearray, memoryview)):
        b = bytes(line)
    else:
        raise TypeError("a record line must be str or bytes, not %s" % type(line).__name__)
    try:
        f = _LINE_FORMATS[fmt]
    except (KeyError, TypeError):
        raise ValueError("format must be 'jsonl' or 'multinews', not %r" % (fmt,)) from None
    add = _L.mdsum_cluster_add_jsonl if f == _lib.FORMAT_JSONL else _L.mdsum_cluster_add_multinews
    st = _state()
    st.busy = True
    try:
        return _run_calls(st, lambda cl: add(cl, b, len(b), opts.flags), opts, formats)
    finally:
        st.busy = False


_TEXT_JSON = _Formats((_lib.RENDER_TEXT, _lib.RENDER_JSON))


def _decode_line(b):
    """str of a rendering (bytes or memoryview) without its final newline."""
    n = len(b)
    if n and b[n - 1] == 10:
        b = b[:n - 1] if type(b) is memoryview else memoryview(b)[:n - 1]
    return str(b, "utf-8")


def _make_summary(res):
    return Summary(_decode_line(res[0]), _decode_line(res[1]))


def summarize(documents, words=None, algo=None, lang="en", *, sentences=None, bytes=None,
              params=None, redundancy=0.5, position=0.0, truncate=False, lenient=False,
              clean=True, idf=True, idf_file=None, id=None):
    """Summarize one cluster of news articles about the same event.

    documents: a list whose items are texts (str, or bytes holding UTF-8)
      or dicts {"text", "id", "title", "date", "url", "site", "author"}
      (only "text" is required); or a cluster dict {"id", "documents"}.
    words / sentences / bytes: the budget; words is 100 when none is given.
      Whole sentences never exceed any given budget.
    algo: ranker name (None = the default; see mdsum.algorithms());
    params: its parameters, "name=value,..." or a dict.
    lang: ISO code or name, or "auto".
    redundancy: largest cosine similarity between two chosen sentences.
    position: weight of the lead-position prior in [0, 1].
    truncate: cut the last sentence to fill the budget exactly.
    lenient: replace invalid UTF-8 and NUL bytes by U+FFFD instead of failing.
    clean=False keeps web noise; idf=False weights terms within the
    cluster only; idf_file: a table built by `mdsum idf build`.
    id: the cluster id shown in the JSON output.

    Returns a Summary. Raises MdsumError (with the library's code, message,
    document and byte offset), TypeError or ValueError for bad arguments.
    Thread-safe: each thread uses its own library context.
    """
    opts = _options(words, algo, lang, sentences, bytes, params, redundancy, position,
                    truncate, lenient, clean, idf, idf_file)
    return _make_summary(_summarize_docs(documents, id, opts, _TEXT_JSON))


def summarize_line(line, format="jsonl", words=None, algo=None, lang="en", **options):
    """Summarize one record of batch input, exactly as ``mdsum summarize``
    reads it: a JSONL line {"id", "documents": [...]} (format="jsonl") or a
    Multi-News line, documents separated by "|||||" (format="multinews").
    Other keyword arguments as in summarize(). Returns a Summary."""
    opts = _options_kw(dict(options, words=words, algo=algo, lang=lang))
    unknown = sorted(set(options) - set(_OPTION_NAMES))
    if unknown:
        raise TypeError("summarize_line() got unexpected keyword arguments: %s"
                        % ", ".join(unknown))
    return _make_summary(_summarize_line(line, format, opts, _TEXT_JSON.formats))


# ----------------------------------------------------------------------
# Sentence splitting
# ----------------------------------------------------------------------
class Span(tuple):
    """A sentence found by split(): ``start``/``end`` byte offsets into the
    UTF-8 text and the sentence ``text``."""
    __slots__ = ()
    start = property(lambda self: self[0])
    end = property(lambda self: self[1])
    text = property(lambda self: self[2])

    def __repr__(self):
        return "Span(start=%d, end=%d, text=%r)" % self


def split(text, lang="en", *, join_wrapped=False, lenient=False):
    """Split a text (str, or bytes holding UTF-8) into sentences with the
    library's segmenter (what `mdsum split` prints). Returns a list of
    Span(start, end, text) with byte offsets into the UTF-8 text; text is
    str (bytes when given bytes).

    lang: ISO code or name, "auto" to guess it (default "en").
    join_wrapped: a line break inside a hard-wrapped paragraph does not end
      a sentence (`--join-wrapped`).
    lenient: accept invalid UTF-8 and NUL bytes in bytes input (kept as
      they are; offsets stay exact; `--lenient`).
    Raises MdsumError (EUTF8 with the byte offset, ELANG)."""
    is_bytes = not isinstance(text, str)
    b = _text_bytes(text, "text")
    lb = _enc_opt("lang", lang)
    flags = (_lib.SPLIT_JOIN_WRAPPED if join_wrapped else 0) | (_lib.LENIENT if lenient else 0)
    if flags:
        _need("split(join_wrapped=..., lenient=...)", "mdsum_split_opts")
    st = _state()
    st.busy = True
    try:
        spans = ctypes.POINTER(_lib.Span)()
        n = ctypes.c_size_t()
        if flags:
            rc = _L.mdsum_split_opts(st.ctx, b, len(b), lb, flags, _byref(spans), _byref(n))
        else:
            rc = _L.mdsum_split(st.ctx, b, len(b), lb, _byref(spans), _byref(n))
        if rc:
            raise _error(st.ctx, rc)
        try:
            out = []
            for i in range(n.value):
                s, e = spans[i].start, spans[i].end
                t = b[s:e]
                out.append(Span((s, e, t if is_bytes else t.decode("utf-8"))))
            return out
        finally:
            _L.mdsum_free(st.ctx, spans)
    finally:
        st.busy = False


# ----------------------------------------------------------------------
# Features an older libmdsum may lack
# ----------------------------------------------------------------------
def _need(feature, *symbols):
    for sym in symbols:
        if not hasattr(_L, sym):
            raise MissingFeatureError(feature, sym)


_ROUGE_SYMBOLS = ("mdsum_rouge_opts_init", "mdsum_rouge_new", "mdsum_rouge_free",
                  "mdsum_rouge_add", "mdsum_rouge_eval_count", "mdsum_rouge_metric_count",
                  "mdsum_rouge_metric_name", "mdsum_rouge_eval_id", "mdsum_rouge_eval_score",
                  "mdsum_rouge_result_get")
_EXTRACT_SYMBOLS = ("mdsum_extract_options_init", "mdsum_extract_opts", "mdsum_article_free")


# ----------------------------------------------------------------------
# ROUGE
# ----------------------------------------------------------------------
_SCORERS = {"rouge-1.5.5": _lib.ROUGE_155, "1.5.5": _lib.ROUGE_155,
            "rouge155": _lib.ROUGE_155, "google": _lib.ROUGE_GOOGLE,
            "rouge-score": _lib.ROUGE_GOOGLE}
_SKIP_MODES = {"s": _lib.ROUGE_SKIP_S, "su": _lib.ROUGE_SKIP_SU, "both": _lib.ROUGE_SKIP_BOTH}
_COUNT_MODES = {"average": 0, "pool": 1, "counts": 2}
_INT_MAX = 2 ** 31 - 1
_LONG_MAX = 2 ** (8 * ctypes.sizeof(ctypes.c_long) - 1) - 1


def _protocol(name):
    """The presets of `mdsum rouge --protocol` (cli/rouge.c), as keyword
    arguments; explicit arguments override them."""
    if name not in ("multinews", "duc", "tac"):
        raise ValueError("protocol must be 'multinews', 'duc' or 'tac', not %r" % (name,))
    duc = name == "duc"
    return {"n": 4 if duc else 2, "stem": True, "lcs": not duc, "skip": None if duc else 4,
            "skip_mode": "su", "confidence": 95, "resamples": 1000, "best": False,
            "alpha": 0.5, "count_mode": "average",
            "limit_words": {"multinews": 300, "tac": 250, "duc": 100}[name], "limit_bytes": None}


def _int_arg(name, v, lo, hi):
    if isinstance(v, bool) or not isinstance(v, int):
        raise TypeError("%s must be an int, not %s" % (name, type(v).__name__))
    # Out-of-range values would wrap in the C struct; the library checks
    # the real limits (with its own messages) afterwards.
    if v < lo or v > hi:
        raise ValueError("%s must be from %d to %d, got %d" % (name, lo, hi, v))
    return v


def _num_arg(name, v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise TypeError("%s must be a number, not %s" % (name, type(v).__name__))
    return float(v)


def _bool_arg(name, v):
    if not isinstance(v, (bool, int)) or v not in (0, 1):
        raise TypeError("%s must be True or False, not %r" % (name, v))
    return 1 if v else 0


def _enum_arg(name, v, table):
    if isinstance(v, int) and not isinstance(v, bool) and v in table.values():
        return v
    try:
        return table[v]
    except (KeyError, TypeError):
        raise ValueError("%s must be one of %s, not %r"
                         % (name, ", ".join(repr(k) for k in table), v)) from None


def _rouge_options(ctx, scorer, protocol, kw):
    o = _lib.RougeOpts()
    _L.mdsum_rouge_opts_init(_byref(o))
    o.scorer = _enum_arg("scorer", scorer, _SCORERS)
    given = _protocol(protocol) if protocol is not None else {}
    given.update((k, v) for k, v in kw.items() if v is not _UNSET)
    if "n" in given:
        o.max_n = _int_arg("n", given["n"], 0, _INT_MAX)
    if "lcs" in given:
        o.lcs = _bool_arg("lcs", given["lcs"])
    if given.get("w") is not None:
        o.wlcs_weight = _num_arg("w", given["w"])
    if given.get("skip") is not None:
        o.skip = 1
        o.skip_distance = _int_arg("skip", given["skip"], -_INT_MAX, _INT_MAX)
    if given.get("skip_mode") is not None:
        o.skip_mode = _enum_arg("skip_mode", given["skip_mode"], _SKIP_MODES)
    for name in ("stem", "stopwords"):
        if name in given:
            setattr(o, name, _bool_arg(name, given[name]))
    if "best" in given:
        o.best_model = _bool_arg("best", given["best"])
    for name in ("limit_words", "limit_bytes"):
        if given.get(name) is not None:
            setattr(o, name, _int_arg(name, given[name], 0, _LONG_MAX))
    if "alpha" in given:
        o.alpha = _num_arg("alpha", given["alpha"])
    if "count_mode" in given:
        o.count_mode = _enum_arg("count_mode", given["count_mode"], _COUNT_MODES)
    if "confidence" in given:
        o.confidence = _num_arg("confidence", given["confidence"])
    if "resamples" in given:
        o.resamples = _int_arg("resamples", given["resamples"], 1, _LONG_MAX)
    if "seed" in given:
        o.seed = _int_arg("seed", given["seed"], 0, 2 ** 32 - 1)
    keep = None
    if given.get("system_id") is not None:
        keep = _field_bytes(given["system_id"], "system_id", "rouge")
        o.system_id = keep
    rc = _L.mdsum_rouge_opts_validate(ctx, _byref(o))
    if rc:
        raise _error(ctx, rc)
    return o, keep


def _rouge_text(t, where):
    """Bytes of a ROUGE text: str (UTF-8), bytes, or a Summary (its text),
    one sentence per line. Anything else (a list of sentences too) is a
    TypeError."""
    if isinstance(t, Summary):
        t = t.text
    if isinstance(t, str):
        return t.encode("utf-8", "surrogateescape")
    if isinstance(t, (bytes, bytearray, memoryview)):
        return bytes(t)
    raise TypeError("%s must be str or bytes (one sentence per line), not %s"
                    % (where, type(t).__name__))


def _rouge_pair(item, i):
    """(id bytes or None, system bytes, [reference bytes]) of one evaluation."""
    where = "evaluation %d" % (i + 1)
    if isinstance(item, dict):
        if "system" not in item or "references" not in item:
            raise TypeError("%s: a dict needs 'system' and 'references'" % where)
        eid, system, refs = item.get("id"), item["system"], item["references"]
    elif isinstance(item, (tuple, list)) and len(item) == 2:
        eid, (system, refs) = None, item
    else:
        raise TypeError("%s: expected a (system, references) pair or a dict "
                        "{'id', 'system', 'references'}, not %s" % (where, type(item).__name__))
    if isinstance(refs, (str, bytes, bytearray, memoryview, Summary)):
        refs = [refs]
    try:
        refs = list(refs)
    except TypeError:
        raise TypeError("%s: references must be a text or a list of texts, not %s"
                        % (where, type(refs).__name__)) from None
    if not refs:
        raise ValueError("%s: no reference" % where)
    eid = _field_bytes(eid, "id", where) if eid is not None else None
    return (eid, _rouge_text(system, where + ": system"),
            [_rouge_text(r, "%s: reference %d" % (where, k + 1)) for k, r in enumerate(refs)])


def _rouge_eval_scores(r, e, names, counts):
    out = {}
    sc = _lib.RougeScore()
    for m, name in enumerate(names):
        rc = _L.mdsum_rouge_eval_score(r, e, m, _byref(sc))
        if rc:
            raise MdsumError(rc, "rouge: cannot read the score of evaluation %d" % (e + 1))
        d = {"recall": sc.recall, "precision": sc.precision, "f": sc.f}
        if counts:
            d["model_count"] = sc.model_count
            d["peer_count"] = sc.peer_count
            d["hits"] = sc.hits
        out[name] = d
    return out


def _rouge_add(ctx, r, eid, sysb, refs):
    nref = len(refs)
    arr = (ctypes.c_char_p * nref)(*refs)
    lens = (ctypes.c_size_t * nref)(*map(len, refs))
    rc = _L.mdsum_rouge_add(r, eid, sysb, len(sysb), arr, lens, nref)
    if rc:
        raise _error(ctx, rc)


def _rouge_names(r):
    return [_dec(_L.mdsum_rouge_metric_name(r, m)) for m in range(_L.mdsum_rouge_metric_count(r))]


# A scorer loads its tables when made (ROUGE-1.5.5: the WordNet exceptions
# and the stopwords, several hundred microseconds), so single evaluations
# reuse one scorer per thread and option set: an evaluation's scores do not
# depend on the others. It is replaced after _SCORER_EVALS evaluations to
# bound its memory; at most _SCORER_CACHE option sets are kept per thread.
_SCORER_EVALS = 10000
_SCORER_CACHE = 8


def _rouge_single(st, o, ev):
    key = tuple(getattr(o, f[0]) for f in o._fields_)
    entry = st.scorers.get(key)
    if entry is not None and _L.mdsum_rouge_eval_count(entry[0]) >= _SCORER_EVALS:
        _L.mdsum_rouge_free(st.scorers.pop(key)[0])
        entry = None
    if entry is None:
        if len(st.scorers) >= _SCORER_CACHE:
            for r, _ in st.scorers.values():
                _L.mdsum_rouge_free(r)
            st.scorers.clear()
        r = ctypes.c_void_p()
        rc = _L.mdsum_rouge_new(st.ctx, _byref(o), _byref(r))
        if rc:
            raise _error(st.ctx, rc)
        entry = st.scorers[key] = (r, _rouge_names(r))
    r, names = entry
    _, sysb, refs = ev
    # Evaluations get the scorer's numbering as ids (always distinct).
    _rouge_add(st.ctx, r, None, sysb, refs)
    return _rouge_eval_scores(r, _L.mdsum_rouge_eval_count(r) - 1, names,
                              o.scorer != _lib.ROUGE_GOOGLE)


def rouge(system, references=None, *, scorer="rouge-1.5.5", protocol=None, n=_UNSET,
          lcs=_UNSET, w=_UNSET, skip=_UNSET, skip_mode=_UNSET, stem=_UNSET,
          stopwords=_UNSET, limit_words=_UNSET, limit_bytes=_UNSET, best=_UNSET,
          alpha=_UNSET, count_mode=_UNSET, confidence=_UNSET, resamples=_UNSET,
          seed=_UNSET, system_id=_UNSET, per_eval=False):
    """ROUGE scores of summaries against references, with the numbers of
    the ROUGE-1.5.5 Perl script (scorer="rouge-1.5.5", the default) or of
    Google's rouge-score 0.1.2 (scorer="google").

    Two ways to call it:
      rouge(system, references)  one evaluation: `system` a text, Summary
        or bytes (one sentence per line), `references` one text or a list.
        Returns its scores: {"ROUGE-1": {"recall", "precision", "f",
        "model_count", "peer_count", "hits"}, "ROUGE-2": ..., "ROUGE-L":
        ...} (google: {"rouge1": {"recall", "precision", "f"}, "rouge2",
        "rougeL", "rougeLsum"}, the best reference by F per measure).
        ROUGE-1.5.5 values are rounded to 5 decimals as the script does.
      rouge(pairs)  a corpus: `pairs` an iterable of (system, references)
        or dicts {"id", "system", "references"}. Returns the aggregate per
        measure: {"recall", "precision", "f" (ROUGE-1.5.5: the script's
        Average, the mean of the bootstrap means; google: the bootstrap
        median), "recall_ci", "precision_ci", "f_ci" ((low, high) at
        `confidence` percent), "mean_recall", "mean_precision", "mean_f"
        (plain means), and for ROUGE-1.5.5 the summed "model_count",
        "peer_count", "hits"}; not rounded (the script prints them with
        %.5f). With per_eval=True: (aggregate, [per-evaluation dicts with
        "id"]), as `mdsum rouge --json -d`.

    Options (ROUGE-1.5.5 flag in brackets; unset ones keep the library's
    defaults: -n 2 -m -c 95 -r 1000 -f A -p 0.5 -t 0, ROUGE-L on):
      protocol    "multinews", "duc" or "tac": the presets of `mdsum rouge
                  --protocol`; other arguments override them
      n           ROUGE-1..N [-n]; 0 = none
      lcs         ROUGE-L [-x when False]
      w           also ROUGE-W with this weight [-w], e.g. 1.2
      skip        ROUGE-S/SU with at most `skip` words between the two of a
                  skip-bigram [-2]; -1 = no limit; 4 gives ROUGE-SU4
      skip_mode   "su" (default: skip-bigrams plus unigrams [-u]), "s"
                  (skip-bigrams only), "both" [-U]
      stem        Porter stemmer + WordNet exceptions [-m]; google:
                  use_stemmer (both default True)
      stopwords   drop the SMART stopwords [-s]
      limit_words / limit_bytes   use only the first N words / bytes [-l/-b]
      best        best reference instead of the average [-f B]
      alpha       F = PR / ((1-alpha)P + alpha R) [-p]
      count_mode  "average" [-t 0], "pool" the counts of all evaluations
                  [-t 1], "counts" only [-t 2]
      confidence  interval in percent [-c]; resamples: bootstrap size [-r]
      seed        google only: numpy's seed of the bootstrap
      system_id   the system's name (it enters the script's bootstrap keys)
    The google scorer uses only stem, confidence, resamples and seed.

    Raises MdsumError (code EINVAL for bad options, ELIMIT for a sentence
    pair too long for the LCS table, ...), TypeError or ValueError for
    arguments of the wrong type or shape, and MissingFeatureError when the
    loaded libmdsum has no ROUGE. Thread-safe (a scorer per call on the
    thread's context).
    """
    _need("rouge", *_ROUGE_SYMBOLS)
    kw = {"n": n, "lcs": lcs, "w": w, "skip": skip, "skip_mode": skip_mode, "stem": stem,
          "stopwords": stopwords, "limit_words": limit_words, "limit_bytes": limit_bytes,
          "best": best, "alpha": alpha, "count_mode": count_mode, "confidence": confidence,
          "resamples": resamples, "seed": seed, "system_id": system_id}
    single = references is not None
    if single:
        evals = [_rouge_pair((system, references), 0)]
    else:
        if isinstance(system, (str, bytes, bytearray, memoryview, Summary)):
            raise TypeError("rouge(system, references) needs references; or pass a list of "
                            "(system, references) pairs")
        try:
            items = list(system)
        except TypeError:
            raise TypeError("rouge() takes (system, references) or a list of pairs, not %s"
                            % type(system).__name__) from None
        if not items:
            raise ValueError("rouge(): no evaluation given")
        evals = [_rouge_pair(it, i) for i, it in enumerate(items)]
    st = _state()
    st.busy = True
    r = ctypes.c_void_p()
    try:
        ctx = st.ctx
        o, keep = _rouge_options(ctx, scorer, protocol, kw)
        if single:
            return _rouge_single(st, o, evals[0])
        rc = _L.mdsum_rouge_new(ctx, _byref(o), _byref(r))
        if rc:
            raise _error(ctx, rc)
        for eid, sysb, refs in evals:
            _rouge_add(ctx, r, eid, sysb, refs)
        google = o.scorer == _lib.ROUGE_GOOGLE
        names = _rouge_names(r)
        agg = {}
        res = _lib.RougeResult()
        for m, name in enumerate(names):
            rc = _L.mdsum_rouge_result_get(r, m, _byref(res))
            if rc:
                raise _error(ctx, rc)
            d = {}
            if google or o.count_mode != 2:
                d.update(recall=res.recall, precision=res.precision, f=res.f,
                         recall_ci=(res.recall_lo, res.recall_hi),
                         precision_ci=(res.precision_lo, res.precision_hi),
                         f_ci=(res.f_lo, res.f_hi), mean_recall=res.mean_recall,
                         mean_precision=res.mean_precision, mean_f=res.mean_f)
            if not google:
                d.update(model_count=res.model_count, peer_count=res.peer_count,
                         hits=res.hits)
            agg[name] = d
        if not per_eval:
            return agg
        rows = []
        for e in range(_L.mdsum_rouge_eval_count(r)):
            row = {"id": _dec(_L.mdsum_rouge_eval_id(r, e))}
            row.update(_rouge_eval_scores(r, e, names, not google))
            rows.append(row)
        return agg, rows
    finally:
        if r:
            _L.mdsum_rouge_free(r)
        st.busy = False


# ----------------------------------------------------------------------
# HTML extraction
# ----------------------------------------------------------------------
_ARTICLE_NOTES = ((_lib.ARTICLE_TRUNCATED, "truncated"), (_lib.ARTICLE_REPAIRED, "repaired"),
                  (_lib.ARTICLE_CHARSET_FIXED, "charset_fixed"),
                  (_lib.ARTICLE_FROM_SCHEMA, "from_schema"))
_ARTICLE_FIELDS = ("title", "date", "url", "site", "author", "lang", "description", "charset")


def _html_bytes(html, charset):
    """(page bytes, charset hint): a str page is sent as UTF-8 and said to
    be UTF-8 (its <meta charset> described the bytes it was decoded from)."""
    if isinstance(html, str):
        return html.encode("utf-8", "surrogateescape"), charset or "UTF-8"
    if isinstance(html, (bytes, bytearray, memoryview)):
        return bytes(html), charset
    raise TypeError("html must be str or bytes, not %s" % type(html).__name__)


def _extract(st, html, url, charset, all_text):
    b, cs = _html_bytes(html, charset)
    o = _lib.ExtractOptions()
    _L.mdsum_extract_options_init(_byref(o))
    o.flags = _lib.EXTRACT_ALL if all_text else 0
    cs = _field_bytes(cs, "charset", "extract") if cs is not None else None
    ub = _field_bytes(url, "url", "extract") if url is not None else None
    o.charset = cs
    o.url = ub
    a = ctypes.POINTER(_lib.Article)()
    rc = _L.mdsum_extract_opts(st.ctx, b, len(b), _byref(o), _byref(a))
    if rc:
        raise _error(st.ctx, rc)
    try:
        c = a.contents
        d = {"text": _string_at(c.text, c.text_len).decode("utf-8")}
        for name in _ARTICLE_FIELDS:
            d[name] = _dec(getattr(c, name))
        d["paragraphs"] = c.paragraphs
        d["notes"] = [n for bit, n in _ARTICLE_NOTES if c.flags & bit]
        return d
    finally:
        _L.mdsum_article_free(a)


def extract(html, url=None, charset=None, *, all_text=False):
    """The article of a saved web page: its main text and metadata.

    html: the page, bytes in any charset (detected from a byte-order mark,
      <meta charset>, the XML declaration, checked against the bytes) or
      str (sent to the library as UTF-8).
    url: the page's address, used when the page names no canonical URL.
    charset: the charset from outside the page (an HTTP Content-Type); a
      name the bytes contradict is not used.
    all_text: all visible text, no main-content detection.

    Returns a dict with the fields summarize() takes, so that
    mdsum.summarize([mdsum.extract(p) for p in pages]) works: "text"
    (paragraphs separated by a blank line), "title", "date" ("YYYY-MM-DD"),
    "url", "site", "author" (None when the page does not say), plus "lang"
    (as declared, lower case), "description", "charset" (what the page was
    decoded from), "paragraphs" (their number) and "notes" (a list of
    "truncated", "repaired", "charset_fixed", "from_schema"). The values
    are those of `mdsum extract --json`.

    Raises MdsumError: code ENOCONTENT when the page has no main content
    (empty, binary, navigation only), ELIMIT over 64 MiB. Thread-safe.
    """
    _need("extract", *_EXTRACT_SYMBOLS)
    st = _state()
    st.busy = True
    try:
        return _extract(st, html, url, charset, all_text)
    finally:
        st.busy = False


# ----------------------------------------------------------------------
# Information
# ----------------------------------------------------------------------
def version():
    """The version of the loaded libmdsum, "MAJOR.MINOR.PATCH"."""
    return _dec(_L.mdsum_version())


def library_path():
    """The path libmdsum was loaded from."""
    return _L._mdsum_path


def default_algorithm():
    return _dec(_L.mdsum_algo_default())


def algorithms():
    """[{"name", "help", "params": [{"name", "default", "min", "max", "help"}]}]"""
    out = []
    for i in range(_L.mdsum_algo_count()):
        a = _lib.AlgoInfo()
        if _L.mdsum_algo_info_get(i, _byref(a)):
            continue
        ps = [{"name": _dec(a.params[k].name), "default": a.params[k].default,
               "min": a.params[k].min, "max": a.params[k].max, "help": _dec(a.params[k].help)}
              for k in range(a.nparams)]
        out.append({"name": _dec(a.name), "help": _dec(a.help), "params": ps})
    return out


def languages():
    """[{"code", "name", "stemmer", "stopwords"}] of the supported languages."""
    out = []
    for i in range(_L.mdsum_lang_count()):
        li = _lib.LangInfo()
        if _L.mdsum_lang_info_get(i, _byref(li)):
            continue
        out.append({"code": _dec(li.code), "name": _dec(li.name),
                    "stemmer": bool(li.stemmer), "stopwords": li.stopwords})
    return out
