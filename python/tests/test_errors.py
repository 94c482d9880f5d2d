"""Bad input: library errors become MdsumError with the library's code,
message, document and byte offset; bad Python arguments become TypeError or
ValueError before any C call; and after any error the library works as
before (same results, no context leaked)."""

import gc
import os

import pytest

import mdsum
import mdsum._core as core

GOOD = "The storm closed the harbor bridge on Thursday. Ferries run every fifteen minutes."

# Library errors. A row: (call, expected code, expected attributes, a
# substring of the message). Add a row for every status a user can cause.
LIB_ERRORS = [
    (lambda: mdsum.summarize([GOOD, b"Bad \xff byte here. More text."]), mdsum.EUTF8,
     {"doc": 1, "offset": 4}, "invalid UTF-8 byte 0xFF"),
    (lambda: mdsum.summarize([{"id": "x", "text": b"ab\xc3"}]), mdsum.EUTF8,
     {"doc": 0, "doc_id": "x", "offset": 2}, "invalid UTF-8"),
    (lambda: mdsum.summarize([GOOD, "NUL \x00 inside."]), mdsum.EUTF8,
     {"doc": 1, "offset": 4}, "NUL byte"),
    (lambda: mdsum.summarize([]), mdsum.EEMPTY, {"doc": None}, "no documents"),
    (lambda: mdsum.summarize(["", "  \n\t "]), mdsum.EEMPTY, {}, "no sentence"),
    (lambda: mdsum.summarize([GOOD], lang="xx"), mdsum.ELANG, {}, "unsupported language 'xx'"),
    (lambda: mdsum.summarize([GOOD], algo="nope"), mdsum.EALGO, {}, "unknown algorithm 'nope'"),
    (lambda: mdsum.summarize([GOOD], algo="lexrank", params="nope=1"), mdsum.EALGO, {}, "nope"),
    (lambda: mdsum.summarize([GOOD], params="damping=7"), mdsum.EALGO, {}, "damping"),
    (lambda: mdsum.summarize([GOOD], redundancy=0), mdsum.EINVAL, {}, "redundancy"),
    (lambda: mdsum.summarize([GOOD], redundancy=1.5), mdsum.EINVAL, {}, "redundancy"),
    (lambda: mdsum.summarize([GOOD], position=-0.1), mdsum.EINVAL, {}, "position"),
    (lambda: mdsum.summarize([GOOD], idf_file="/nonexistent/idf.tsv"), mdsum.EIO, {}, "/nonexistent"),
    (lambda: mdsum.summarize([GOOD], id=b"\xff"), mdsum.EUTF8, {}, "cluster id"),
    (lambda: mdsum.summarize_line('{"documents": [1]}'), mdsum.EFORMAT, {"doc": 0}, "string or an object"),
    (lambda: mdsum.summarize_line('{"documents": ["a", '), mdsum.EFORMAT, {"offset": 20}, "invalid JSON"),
    (lambda: mdsum.summarize_line('[1, 2]'), mdsum.EFORMAT, {}, "JSON object"),
    (lambda: mdsum.summarize_line(b"Good text here. ||||| bad \xfe.", "multinews"), mdsum.EUTF8,
     {"doc": 1, "offset": 26}, "invalid UTF-8"),
    (lambda: mdsum.summarize_line("", "multinews"), mdsum.EEMPTY, {}, ""),
    (lambda: mdsum.split(b"One. \xff Two.", "en"), mdsum.EUTF8, {"offset": 5}, "invalid UTF-8"),
    (lambda: mdsum.split("One. Two.", "xx"), mdsum.ELANG, {}, "xx"),
]


@pytest.mark.parametrize("call,code,attrs,text", LIB_ERRORS,
                         ids=["%d-%s" % (i, core.ERROR_NAMES[r[1]]) for i, r in enumerate(LIB_ERRORS)])
def test_library_errors(call, code, attrs, text):
    before = mdsum.summarize([GOOD, GOOD + " Extra sentence here now."]).to_json()
    with pytest.raises(mdsum.MdsumError) as ei:
        call()
    e = ei.value
    assert e.code == code and e.name == core.ERROR_NAMES[code]
    for k, v in attrs.items():
        assert getattr(e, k) == v, k
    assert text in e.message and text in str(e)
    # The thread's context and cluster are fine afterwards.
    assert mdsum.summarize([GOOD, GOOD + " Extra sentence here now."]).to_json() == before


def test_error_message_reads_like_the_cli(cli, tmp_path):
    # The same bad cluster through the CLI: its message after "FILE:LINE: "
    # is str(MdsumError).
    line = '{"id": "c", "documents": ["Fine text here. Really.", {"id": "d2", "text": "Bad \\u0000 byte."}]}'
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n")
    p = cli("summarize", "-f", "jsonl", path, check=False)
    assert p.returncode == 1
    err = p.stderr.decode().strip()
    with pytest.raises(mdsum.MdsumError) as ei:
        mdsum.summarize_line(line)
    assert err == "mdsum: error: %s:1: %s" % (path, ei.value)
    assert ei.value.doc == 1 and ei.value.doc_id == "d2" and ei.value.offset == 4
    rec = ei.value.to_record()
    assert rec == {"code": mdsum.EUTF8, "name": "EUTF8", "message": str(ei.value)}


# Bad Python arguments, caught before the library is called. A row: (call,
# exception type, substring of the message).
ARG_ERRORS = [
    (lambda: mdsum.summarize(GOOD), TypeError, "not a single str"),
    (lambda: mdsum.summarize(b"x"), TypeError, "not a single bytes"),
    (lambda: mdsum.summarize(5), TypeError, "not int"),
    (lambda: mdsum.summarize([5]), TypeError, "document 1: text must be str or bytes"),
    (lambda: mdsum.summarize([None]), TypeError, "text must be str or bytes"),
    (lambda: mdsum.summarize([{"title": "t"}]), TypeError, "needs a 'text'"),
    (lambda: mdsum.summarize([{"text": "t", "title": 5}]), TypeError, "field 'title'"),
    (lambda: mdsum.summarize([{"text": "t", "id": "a\0b"}]), ValueError, "NUL"),
    (lambda: mdsum.summarize(["lone \ud800 surrogate"]), ValueError, "surrogate"),
    (lambda: mdsum.summarize({"id": "x"}), TypeError, "'documents'"),
    (lambda: mdsum.summarize([GOOD], words=0), ValueError, "words"),
    (lambda: mdsum.summarize([GOOD], words=-3), ValueError, "words"),
    (lambda: mdsum.summarize([GOOD], words="5"), TypeError, "words"),
    (lambda: mdsum.summarize([GOOD], words=True), TypeError, "words"),
    (lambda: mdsum.summarize([GOOD], sentences=2.5), TypeError, "sentences"),
    (lambda: mdsum.summarize([GOOD], bytes=10 ** 12), ValueError, "bytes"),
    (lambda: mdsum.summarize([GOOD], lang=5), TypeError, "lang"),
    (lambda: mdsum.summarize([GOOD], algo=b"lead"), TypeError, "algo"),
    (lambda: mdsum.summarize([GOOD], params=[1]), TypeError, "params"),
    (lambda: mdsum.summarize([GOOD], params={"damping": "x"}), TypeError, "params"),
    (lambda: mdsum.summarize([GOOD], redundancy="0.5"), TypeError, "redundancy"),
    (lambda: mdsum.summarize([GOOD], id=1.5), TypeError, "field 'id'"),
    (lambda: mdsum.summarize([GOOD], nope=1), TypeError, "nope"),
    (lambda: mdsum.summarize_line(5), TypeError, "str or bytes"),
    (lambda: mdsum.summarize_line(GOOD, "html"), ValueError, "format"),
    (lambda: mdsum.summarize_line(GOOD, "multinews", nope=1), TypeError, "nope"),
    (lambda: mdsum.split(5), TypeError, "str or bytes"),
]


@pytest.mark.parametrize("call,exc,text", ARG_ERRORS, ids=[str(i) for i in range(len(ARG_ERRORS))])
def test_argument_errors(call, exc, text):
    with pytest.raises(exc) as ei:
        call()
    assert text in str(ei.value)
    assert not isinstance(ei.value, mdsum.MdsumError)


def test_lenient_repairs_instead():
    s = mdsum.summarize([GOOD, b"Bad \xff byte here. More text follows now."], lenient=True)
    assert s.documents[1]["bytes"] == len(b"Bad \xff byte here. More text follows now.") + 2


def test_no_context_leaks_after_errors():
    gc.collect()
    live = mdsum.stats()["contexts_live"]
    for _ in range(200):
        with pytest.raises(mdsum.MdsumError):
            mdsum.summarize([GOOD, b"\xff"])
        with pytest.raises(TypeError):
            mdsum.summarize([GOOD, 5])
    assert mdsum.stats()["contexts_live"] == live


class _OlderLibrary(object):
    """The loaded library without some symbols, as an older libmdsum."""

    def __init__(self, lib, missing):
        self._lib = lib
        self._missing = missing

    def __getattr__(self, name):
        if name in self._missing:
            raise AttributeError(name)
        return getattr(self._lib, name)


# (call, symbol an older library lacks). A row per optional symbol group.
MISSING = [
    (lambda: mdsum.rouge("a", ["b"]), "mdsum_rouge_new"),
    (lambda: mdsum.rouge("a", ["b"]), "mdsum_rouge_result_get"),
    (lambda: mdsum.extract("<p>x</p>"), "mdsum_extract_opts"),
    (lambda: mdsum.split("A. B.", join_wrapped=True), "mdsum_split_opts"),
]


@pytest.mark.parametrize("call,sym", MISSING, ids=[m[1] for m in MISSING])
def test_missing_features_name_the_symbol(monkeypatch, call, sym):
    # A libmdsum older than the package: the call says what is missing
    # instead of failing obscurely; the rest keeps working.
    monkeypatch.setattr(core, "_L", _OlderLibrary(core._L, {sym}))
    with pytest.raises(NotImplementedError) as ei:
        call()
    assert isinstance(ei.value, mdsum.MissingFeatureError)
    assert sym in str(ei.value) and ei.value.symbol == sym
    assert mdsum.split("A sentence. Another one.")[1].text == "Another one."


def test_library_path_and_version(cli):
    assert os.path.exists(mdsum.library_path())
    assert cli("--version").stdout.decode() == "mdsum %s\n" % mdsum.version()
    assert mdsum.default_algorithm() in [a["name"] for a in mdsum.algorithms()]
    langs = mdsum.languages()
    assert {"code": "en", "name": "english"}.items() <= next(L for L in langs if L["code"] == "en").items()
    # The table's rows are indented; a note on 'auto' follows them.
    listed = [line.split()[0] for line in cli("summarize", "--lang", "help").stdout.decode().splitlines()[1:]
              if line.startswith("  ")]
    assert [L["code"] for L in langs] == listed


def test_bad_library_path_is_reported(tmp_path):
    import subprocess
    import sys
    env = dict(os.environ, MDSUM_LIBRARY=str(tmp_path / "nope.so"))
    p = subprocess.run([sys.executable, "-c", "import mdsum"], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.returncode != 0
    assert b"cannot load libmdsum" in p.stderr and b"nope.so" in p.stderr


def test_checks_survive_the_options_cache():
    # Options are cached by value; 1 == True must not let words=True pass.
    mdsum.summarize([GOOD], words=1)
    with pytest.raises(TypeError):
        mdsum.summarize([GOOD], words=True)
    mdsum.summarize([GOOD], algo="lexrank", params={"iterations": 1})
    with pytest.raises(TypeError):
        mdsum.summarize([GOOD], algo="lexrank", params={"iterations": True})
