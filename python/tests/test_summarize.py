"""mdsum.summarize: inputs, every option, and output byte-identical to the
CLI (the `mdsum` binary of the same build is the oracle) on the bundled
example, on metadata-rich JSONL and on real Multi-News clusters."""

import json
import pickle

import pytest

import mdsum
import mdsum._core as core
from conftest import EXAMPLE_DIR, multinews_lines, write_jsonl

# Every option of mdsum.summarize against the CLI flags that mean the same.
# A row: (keyword arguments, CLI arguments). Add a row for every new option
# or option combination whose interplay matters (budgets together, ...).
OPTION_TABLE = [
    ({}, []),
    ({"words": 60}, ["-w", "60"]),
    ({"words": 1}, ["-w", "1"]),
    ({"sentences": 2}, ["-n", "2"]),
    ({"bytes": 300}, ["-b", "300"]),
    ({"words": 50, "sentences": 2}, ["-w", "50", "-n", "2"]),
    ({"words": 45, "truncate": True}, ["-w", "45", "--truncate"]),
    ({"bytes": 200, "truncate": True}, ["-b", "200", "--truncate"]),
    ({"lang": "auto"}, ["-l", "auto"]),
    ({"lang": "english"}, ["-l", "english"]),
    ({"lang": "de"}, ["-l", "de"]),
    ({"redundancy": 0.2}, ["--redundancy", "0.2"]),
    ({"redundancy": 1.0}, ["--redundancy", "1"]),
    ({"position": 0.5}, ["--position", "0.5"]),
    ({"clean": False}, ["--no-clean"]),
    ({"idf": False}, ["--no-idf"]),
    ({"algo": "lead"}, ["-a", "lead"]),
    ({"algo": "centroid"}, ["-a", "centroid"]),
    ({"algo": "centroid", "params": "wc=2,keep=10"}, ["-a", "centroid", "-P", "wc=2,keep=10"]),
    ({"algo": "centroid", "params": {"wp": 0.5}}, ["-a", "centroid", "-P", "wp=0.5"]),
    ({"algo": "lexrank", "params": {"damping": 0.3, "threshold": 0.1}},
     ["-a", "lexrank", "-P", "damping=0.3,threshold=0.1"]),
    ({"algo": "lexrank", "params": "iterations=5"}, ["-a", "lexrank", "-P", "iterations=5"]),
    ({"words": 80, "algo": "lead", "position": 0.3, "redundancy": 0.4, "idf": False},
     ["-w", "80", "-a", "lead", "--position", "0.3", "--redundancy", "0.4", "--no-idf"]),
]


@pytest.mark.parametrize("kwargs,args", OPTION_TABLE, ids=[" ".join(a) or "defaults" for _, a in OPTION_TABLE])
def test_same_as_cli_on_example(cli, example_docs, kwargs, args):
    s = mdsum.summarize(example_docs, **kwargs)
    want_json = cli("summarize", "--json", *args, EXAMPLE_DIR).stdout
    want_text = cli("summarize", *args, EXAMPLE_DIR).stdout
    assert (s.to_json() + "\n").encode() == want_json
    assert (s.text + "\n").encode() == want_text
    # Both library paths (one call / step by step) give the same bytes.
    opts = core._options_kw(kwargs)
    one = core._summarize_docs(example_docs, None, opts, core._TEXT_JSON, True) \
        if core._ONESHOT else None
    steps = core._summarize_docs(example_docs, None, opts, core._TEXT_JSON, False)
    assert steps == [want_text, want_json]
    if one is not None:
        assert one == steps


def test_every_algorithm_runs(example_docs, cli):
    names = [a["name"] for a in mdsum.algorithms()]
    listed = [line.split()[0] for line in cli("summarize", "--algo", "help").stdout.decode().splitlines()
              if line.startswith("  ") and not line.startswith("      ")]
    assert names == listed
    for name in names:
        s = mdsum.summarize(example_docs, algo=name)
        assert s.meta["algorithm"] == name
        assert s.sentences


def test_idf_file(cli, example_docs, tmp_path):
    table = tmp_path / "idf.tsv"
    cli("idf", "build", "-o", table, EXAMPLE_DIR)
    s = mdsum.summarize(example_docs, idf_file=str(table))
    assert (s.to_json() + "\n").encode() == cli("summarize", "--json", "--idf", table, EXAMPLE_DIR).stdout


def test_strings_dicts_and_cluster_dict(example_docs):
    texts = [d["text"] for d in example_docs]
    a = mdsum.summarize(texts)
    b = mdsum.summarize([{"text": t} for t in texts])
    c = mdsum.summarize({"documents": texts})
    d = mdsum.summarize(tuple(t.encode() for t in texts))       # bytes, any sequence
    e = mdsum.summarize(iter(texts))                             # any iterable
    assert a == b == c == d == e
    assert a.id is None and a.sentences[0].doc_id is None
    f = mdsum.summarize({"id": "c-1", "documents": example_docs})
    assert f.id == "c-1"
    assert mdsum.summarize(example_docs, id="c-1") == f
    assert mdsum.summarize({"id": "x", "documents": example_docs}, id="c-1") == f
    assert mdsum.summarize(example_docs, id=7).id == "7"


def test_summary_fields(example_docs):
    s = mdsum.summarize(example_docs, words=80)
    raw = [d["text"].encode() for d in example_docs]
    assert s.text == "\n".join(x.text for x in s.sentences)
    total = 0
    for x in s.sentences:
        assert x.doc_id == example_docs[x.doc]["id"]
        # The offsets are bytes into the document; the text is that slice
        # with its white space collapsed.
        assert " ".join(raw[x.doc][x.start:x.end].decode().split()) == x.text
        assert x.score > 0 and x.support >= 1 and x.truncated is False
        total += x.words
    assert s.meta["words"] == total <= 80
    assert [d["bytes"] for d in s.documents] == [len(r) for r in raw]
    assert s.to_dict() == json.loads(s.to_json())
    assert str(s) == s.text and "Summary" in repr(s)
    assert pickle.loads(pickle.dumps(s)) == s
    assert s.sentences[0] == tuple(s.sentences[0]) and "Sentence(" in repr(s.sentences[0])


def test_truncated_flag(example_docs):
    s = mdsum.summarize(example_docs, words=45, truncate=True)
    assert s.sentences[-1].truncated
    assert s.meta["words"] == 45


def test_non_ascii_offsets_are_bytes():
    docs = ["Zürich hat am Montag über neue Brücken abgestimmt. Die Mehrheit war groß.",
            "In Zürich wurde über Brücken abgestimmt, berichten Medien. Ergebnis: Ja."]
    s = mdsum.summarize(docs, lang="de", sentences=3)
    for x in s.sentences:
        b = docs[x.doc].encode()
        assert b[x.start:x.end].decode() == x.text


def jsonl_clusters(example_docs):
    """Clusters exercising the JSONL document fields and odd text."""
    rich = [{"id": d["id"], "title": "Title %d: Bridge \"closed\"" % i, "date": "2031-03-14",
             "url": "https://example.invalid/%d" % i, "site": "Site %d" % i,
             "author": "Ann Ó Author", "text": d["text"]} for i, d in enumerate(example_docs)]
    texts = [d["text"] for d in example_docs]
    return [
        {"id": "rich", "documents": rich},
        {"id": 42, "documents": texts},
        {"documents": texts[:1]},
        {"id": "unicode", "documents": ["Ünïcödé — “quotes” and emoji 🌉 stay intact. "
                                        "A second sentence follows here.", texts[1]]},
        {"id": "tabs", "documents": [t.replace(" ", "\t", 20).replace("\n", "\r\n") for t in texts]},
        {"id": "empty-doc", "documents": ["", texts[2]]},
    ]


@pytest.mark.parametrize("args", [[], ["-w", "40"], ["-n", "1", "-a", "lead"]])
def test_same_as_cli_on_jsonl(cli, example_docs, tmp_path, args):
    clusters = jsonl_clusters(example_docs)
    path = tmp_path / "c.jsonl"
    write_jsonl(path, clusters)
    want = cli("summarize", "--json", "-f", "jsonl", *args, path).stdout.decode().splitlines()
    want_text = cli("summarize", "-f", "jsonl", *args, path).stdout.decode().splitlines()
    kw = {}
    if "-w" in args:
        kw["words"] = int(args[args.index("-w") + 1])
    if "-n" in args:
        kw["sentences"] = int(args[args.index("-n") + 1])
    if "-a" in args:
        kw["algo"] = args[args.index("-a") + 1]
    assert len(want) == len(clusters)
    with open(path, encoding="utf-8") as fp:
        lines = fp.read().splitlines()
    for c, line, w, wt in zip(clusters, lines, want, want_text):
        s = mdsum.summarize(c, **kw)
        assert s.to_json() == w
        assert s.text.replace("\n", " ") == wt      # batch text: one line per cluster
        assert mdsum.summarize_line(line, "jsonl", **kw).to_json() == w
        assert mdsum.summarize_line(line.encode(), "jsonl", **kw).to_json() == w


def test_same_as_cli_on_multinews(cli, shared_dir, tmp_path):
    lines = multinews_lines(shared_dir, 300)
    path = tmp_path / "val.src"
    path.write_bytes(b"\n".join(lines) + b"\n")
    want = cli("summarize", "--json", "-f", "multinews", "-w", "120", path).stdout.splitlines()
    assert len(want) == len(lines)
    got = [mdsum.summarize_line(l, "multinews", words=120).to_json().encode() for l in lines]
    assert got == want


def test_same_as_cli_on_documents_from_real_data(cli, shared_dir, tmp_path):
    import re
    lines = multinews_lines(shared_dir, 200)
    clusters = []
    for i, l in enumerate(lines):
        docs = [re.sub(r" *NEWLINE_CHAR *", "\n", d.strip(" \t"))
                for d in l.decode("utf-8").split("|||||")]
        clusters.append({"id": "val-%d" % i, "documents": [d for d in docs if d.strip()]})
    path = tmp_path / "val.jsonl"
    write_jsonl(path, clusters)
    want = cli("summarize", "--json", "-f", "jsonl", path).stdout.decode().splitlines()
    got = [mdsum.summarize(c["documents"], id=c["id"]).to_json() for c in clusters]
    assert got == want


def test_lenient_matches_cli(cli, tmp_path):
    bad = b"Storm closes the bridge \xff today. Engineers found cracks in the span.\n"
    (tmp_path / "a.txt").write_bytes(bad)
    (tmp_path / "b.txt").write_bytes(b"Ferries run\x00 free while the bridge is closed. More news soon.\n")
    s = mdsum.summarize([{"id": "a.txt", "text": bad},
                         {"id": "b.txt", "text": (tmp_path / "b.txt").read_bytes()}], lenient=True)
    assert (s.to_json() + "\n").encode() == cli("summarize", "--json", "--lenient", tmp_path).stdout
    assert "\ufffd" in s.text
