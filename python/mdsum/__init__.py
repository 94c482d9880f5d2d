"""mdsum: multi-document news summarization (Python binding of libmdsum).

    import mdsum
    s = mdsum.summarize([text_a, text_b, {"id": "c", "title": "...", "text": text_c}],
                        words=100)
    print(s.text)                 # one sentence per line
    for sent in s.sentences:      # provenance: document, byte offsets, score
        print(sent.doc_id, sent.start, sent.end, sent.score)
    s.to_json()                   # what `mdsum summarize --json` prints

    mdsum.rouge(s, [reference])   # ROUGE-1.5.5 numbers ({"ROUGE-1": {"recall", ...}})
    mdsum.extract(html_bytes)     # {"text", "title", "date", ...} of a web page
    mdsum.split(text, "en")       # [Span(start, end, text)] sentences

Every thread gets its own library context, and the GIL is released while C
runs, so a ThreadPoolExecutor over mdsum.summarize uses several cores.
mdsum.dask runs it on a Dask cluster. See python/README.md.
"""

from ._core import (  # noqa: F401
    EALGO, EEMPTY, EFORMAT, EINTERNAL, EINVAL, EIO, ELANG, ELIMIT, ENOCONTENT,
    ENOMEM, EUTF8, ERROR_NAMES, OK,
    MdsumError, MissingFeatureError, Sentence, Span, Summary,
    algorithms, default_algorithm, extract, languages, library_path, rouge, split,
    stats, summarize, summarize_line, version,
)

__version__ = "0.1.0"

__all__ = [
    "summarize", "summarize_line", "split", "rouge", "extract",
    "Summary", "Sentence", "Span", "MdsumError", "MissingFeatureError",
    "algorithms", "default_algorithm", "languages", "version", "library_path", "stats",
    "OK", "ENOMEM", "EINVAL", "EUTF8", "EEMPTY", "ELANG", "EIO", "EFORMAT", "ELIMIT",
    "ENOCONTENT", "EALGO", "EINTERNAL", "ERROR_NAMES",
]
