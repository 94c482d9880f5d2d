"""mdsum on Dask: summarize a bag or dataframe of clusters.

    import dask.bag as db
    from dask.distributed import Client
    import mdsum.dask

    client = Client("tcp://scheduler:8786")
    clusters = db.read_text("clusters-*.jsonl", blocksize="16MiB")
    out = mdsum.dask.summarize_bag(clusters, format="jsonl", words=100)
    out.to_textfiles("summaries-*.jsonl", last_endline=True)

One output record per input record, in order. A cluster that fails (invalid
UTF-8, malformed JSON, nothing to summarize, ...) gives an error record,
not a failed job. Bad options fail at once, on the client, before anything
is computed.

Each worker thread creates its libmdsum context once, on its first record,
and keeps it for every later record and partition (mdsum.stats() on a
worker counts them); the work per record is one C call for clusters given
as documents, a handful for raw lines.

Input records (``format``):
  "jsonl"      a JSONL line {"id": ..., "documents": [...]} (str or bytes),
               read by the library exactly as `mdsum summarize` reads it
  "multinews"  a Multi-News line, documents separated by "|||||"
  "docs"       a cluster dict {"id", "documents"} or a list of documents
               (str, bytes or dicts {"text", "id", "title", ...})
  "html"       a cluster of saved web pages: {"id", "pages": [...]} or a
               list of pages, each the page (bytes in any charset, or str)
               or a dict {"html", "id", "url", "charset"}; the article
               and its metadata are extracted (mdsum.extract) and a page
               without main content is skipped, as `mdsum summarize -f
               html` does
  "auto"       decided per record: a dict with "pages" -> html; other
               dict/list -> docs; a line starting with "{" -> jsonl; any
               other line -> multinews

Output records (``output``):
  "json"  the line `mdsum summarize --json` prints for the record (no
          newline); an error is {"id":ID,"error":{"code":-3,"name":"EUTF8",
          "message":"..."}} (ID is null unless known)
  "text"  the one-line summary `mdsum summarize` prints for a batch record
          (no newline); an error is "" (an empty line, as `mdsum summarize
          --keep-going` writes)
  "dict"  the JSON output parsed, or the error record as a dict
"""

import json

from . import _core, _lib

_RENDER = {"json": _lib.RENDER_JSON, "text": _lib.RENDER_LINE, "dict": _lib.RENDER_JSON}
_FORMATS = ("auto", "jsonl", "multinews", "docs", "html")
_OPTION_NAMES = _core._OPTION_NAMES


def _check(format, output, options):
    if format not in _FORMATS:
        raise ValueError("format must be one of %s, not %r" % (", ".join(_FORMATS), format))
    if output not in _RENDER:
        raise ValueError("output must be 'json', 'text' or 'dict', not %r" % (output,))
    bad = sorted(set(options) - set(_OPTION_NAMES))
    if bad:
        raise TypeError("unknown option(s): %s (options: %s)" % (", ".join(bad),
                                                                 ", ".join(_OPTION_NAMES)))
    # Checked here, where the caller sees the error; again on each worker.
    _core._options_kw(options)


def _error_record(err, rid, output):
    if output == "text":
        return ""
    rec = {"id": rid, "error": err.to_record()}
    if output == "dict":
        return rec
    return json.dumps(rec, ensure_ascii=False, separators=(",", ":"))


def _kind(rec, format):
    if format != "auto":
        return format
    if isinstance(rec, dict) and "pages" in rec:
        return "html"
    if isinstance(rec, (dict, list, tuple)):
        return "docs"
    if isinstance(rec, (bytes, bytearray)):
        head = bytes(rec[:64]).lstrip()
        return "jsonl" if head[:1] == b"{" else "multinews"
    if isinstance(rec, str):
        return "jsonl" if rec[:64].lstrip()[:1] == "{" else "multinews"
    return "docs"   # let the docs path name the bad type


def _html_documents(rec):
    """(documents, cluster id) of an "html" record: each page's article as
    a document dict; pages without main content are left out."""
    cid = None
    pages = rec
    if isinstance(rec, dict):
        if "pages" not in rec:
            raise TypeError("an html record needs a 'pages' list")
        cid = rec.get("id")
        pages = rec["pages"]
    if isinstance(pages, (str, bytes, bytearray, dict)) or not hasattr(pages, "__iter__"):
        raise TypeError("an html record is a list of pages or {'id', 'pages': [...]}, not %s"
                        % type(pages).__name__)
    docs = []
    for i, page in enumerate(pages):
        meta = {}
        if isinstance(page, dict):
            if "html" not in page:
                raise TypeError("page %d: a page dict needs 'html'" % (i + 1))
            meta = page
            page = page["html"]
        try:
            d = _core.extract(page, url=meta.get("url"), charset=meta.get("charset"))
        except _core.MdsumError as e:
            if e.code == _core.ENOCONTENT:
                continue
            raise
        if meta.get("id") is not None:
            d["id"] = meta["id"]
        docs.append(d)
    return docs, cid


def summarize_records(records, format="auto", output="json", **options):
    """Summarize an iterable of records here, in this process and thread
    (what every Dask partition runs); returns a list with one output record
    per input record. See the module documentation for the formats."""
    _check(format, output, options)
    opts = _core._options_kw(options)
    render = _RENDER[output]
    fmts = _core._Formats((render,))
    out = []
    for rec in records:
        kind = _kind(rec, format)
        rid = None
        try:
            if kind == "docs":
                if isinstance(rec, dict):
                    rid = rec.get("id")
                res = _core._summarize_docs(rec, None, opts, fmts)[0]
            elif kind == "html":
                if isinstance(rec, dict):
                    rid = rec.get("id")
                docs, cid = _html_documents(rec)
                res = _core._summarize_docs(docs, cid, opts, fmts)[0]
            else:
                res = _core._summarize_line(rec, kind, opts, fmts.formats)[0]
        except _core.MdsumError as e:
            out.append(_error_record(e, rid if isinstance(rid, (str, int)) else None, output))
            continue
        except (TypeError, ValueError) as e:
            # A record of the wrong shape is bad input too, not a failed job.
            err = _core.MdsumError(_core.EFORMAT, str(e))
            out.append(_error_record(err, rid if isinstance(rid, (str, int)) else None, output))
            continue
        text = _core._decode_line(res)
        out.append(json.loads(text) if output == "dict" else text)
    return out


def _bag_partition(records, format, output, options):
    return summarize_records(records, format, output, **options)


def summarize_bag(bag, format="auto", output="json", **options):
    """A dask.bag.Bag with one output record per record of `bag` (same
    partitions, same order). Options as in mdsum.summarize (words, algo,
    lang, sentences, bytes, params, redundancy, position, truncate, lenient,
    clean, idf, idf_file; an idf_file must exist on every worker)."""
    _check(format, output, options)
    # Positional: dask's map_partitions keeps some keyword names for itself.
    return bag.map_partitions(_bag_partition, format, output, options)


def _frame_partition(pdf, column, format, options):
    import pandas as pd
    recs = summarize_records(pdf[column].tolist(), format=format, output="json", **options)
    summary, codes, errors = [], [], []
    js = []
    for text in recs:
        d = json.loads(text)
        if "summary" in d:
            summary.append(d["summary"])
            js.append(text)
            codes.append(0)
            errors.append(None)
        else:
            summary.append(None)
            js.append(None)
            codes.append(d["error"]["code"])
            errors.append(d["error"]["message"])
    return pd.DataFrame({"summary": summary, "json": js, "error_code": codes,
                         "error": errors}, index=pdf.index)


def summarize_dataframe(df, column="documents", format="auto", **options):
    """Summarize the clusters in column `column` of a Dask (or pandas)
    dataframe: each cell a JSONL or Multi-News line, a cluster dict or a
    list of documents (see `format`). Returns a dataframe with the same
    index and columns "summary" (the summary on one line, or None),
    "json" (the JSON record, or None), "error_code" (0, or the MDSUM_E*
    code) and "error" (None, or the message)."""
    _check(format, "json", options)
    import pandas as pd
    meta = pd.DataFrame({"summary": pd.Series([], dtype=object),
                         "json": pd.Series([], dtype=object),
                         "error_code": pd.Series([], dtype="int64"),
                         "error": pd.Series([], dtype=object)})
    if isinstance(df, pd.DataFrame):
        return _frame_partition(df, column, format, options)
    return df.map_partitions(_frame_partition, column, format, options, meta=meta)
