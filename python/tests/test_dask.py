"""mdsum.dask on a real distributed cluster: a scheduler and two worker
processes on loopback (LocalCluster(processes=True)), 2,000 Multi-News val
clusters plus malformed records. The output must be the CLI's batch output
(`mdsum summarize -f multinews --json --keep-going`) record for record:
byte-identical summaries, error records where the CLI has them, with the
same codes. Skips when Dask or the shared data is missing."""

import json
import os

import pytest

dask = pytest.importorskip("dask")
pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

import dask.bag as db  # noqa: E402

import mdsum  # noqa: E402
import mdsum.dask as mdask  # noqa: E402
from conftest import multinews_lines, write_jsonl  # noqa: E402

N = 2000

# Malformed records inserted into the input: (position, line, code the
# library gives). Add a row for every way a record can be bad.
BAD = [
    (0, b"", mdsum.EEMPTY),                                 # empty line
    (7, b"|||||  |||||", mdsum.EEMPTY),                     # only separators
    (500, b"Storm \xff closes the bridge. More text.", mdsum.EUTF8),
    (1200, b"Ferries run \x00 free. The bridge is shut.", mdsum.EUTF8),
    (N + 3, b"NEWLINE_CHAR NEWLINE_CHAR", mdsum.EEMPTY),    # the last line
]


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster
    # Worker processes start with this environment: the library and the
    # package of this build.
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    os.environ["MDSUM_LIBRARY"] = mdsum.library_path()
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [here] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=None,
                           worker_dashboard_address=None)
    c = Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


@pytest.fixture(scope="module")
def val_file(shared_dir, tmp_path_factory):
    lines = multinews_lines(shared_dir, N)
    for pos, line, _ in BAD:
        lines.insert(pos, line)
    path = tmp_path_factory.mktemp("dask") / "val.src"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path, len(lines)


def test_bag_matches_cli_batch(client, cli, val_file, tmp_path):
    path, n = val_file
    p = cli("summarize", "-f", "multinews", "--json", "-k", path, check=False)
    assert p.returncode == 1          # some records failed, the batch went on
    want = p.stdout.decode().splitlines()
    assert len(want) == n

    # Several partitions; bytes that are not UTF-8 come through as
    # surrogate escapes, which the package turns back into the same bytes.
    bag = db.read_text(str(path), blocksize=1 << 20, errors="surrogateescape")
    assert bag.npartitions >= 4
    got = mdask.summarize_bag(bag, format="multinews", output="json").compute()
    assert len(got) == n
    bad_at = {pos: code for pos, _, code in BAD}
    ok = 0
    for i, (g, w) in enumerate(zip(got, want)):
        wj = json.loads(w)
        if "error" in wj:
            gj = json.loads(g)
            assert i in bad_at, (i, wj)
            assert gj["id"] is None and gj["error"]["code"] == wj["error"]["code"] == bad_at[i]
            assert gj["error"]["name"] == mdsum.ERROR_NAMES[bad_at[i]]
            # The CLI prefixes the file and line to the same message.
            assert wj["error"]["message"].endswith(gj["error"]["message"])
        else:
            assert g == w, i
            ok += 1
    assert ok == N and len(bad_at) == n - N

    # Each worker made its library context once, not once per record.
    stats = client.run(mdsum.stats)
    assert len(stats) == 2
    for s in stats.values():
        assert 1 <= s["contexts_created"] <= 2, stats


def test_text_output_to_files(client, cli, val_file, tmp_path):
    path, n = val_file
    want = cli("summarize", "-f", "multinews", "-k", "-w", "60", path, check=False).stdout
    bag = db.read_text(str(path), blocksize=1 << 20, errors="surrogateescape")
    out = mdask.summarize_bag(bag, format="multinews", output="text", words=60)
    files = out.to_textfiles(str(tmp_path / "part-*.txt"), last_endline=True,
                             name_function=lambda i: "%05d" % i)
    got = b"".join(open(f, "rb").read() for f in sorted(files))
    assert got == want


def test_jsonl_docs_and_dataframe(client, cli, val_file, tmp_path):
    import re

    import dask.dataframe as dd
    import pandas as pd
    path, _ = val_file
    lines = path.read_bytes().split(b"\n")[:300]
    clusters = []
    for i, l in enumerate(lines):
        try:
            text = l.decode("utf-8")
        except UnicodeDecodeError:
            continue
        docs = [re.sub(r" *NEWLINE_CHAR *", "\n", d.strip(" \t")) for d in text.split("|||||")]
        clusters.append({"id": "val-%d" % i, "documents": [d for d in docs if d.strip()]})
    jpath = tmp_path / "c.jsonl"
    write_jsonl(jpath, clusters)
    want = cli("summarize", "-f", "jsonl", "--json", "-k", "-a", "centroid", jpath,
               check=False).stdout.decode().splitlines()
    assert len(want) == len(clusters)

    # JSONL lines, read by the library
    def same(got):
        assert len(got) == len(want)
        for g, w in zip(got, want):
            if "summary" in json.loads(w):
                assert g == w
            else:
                assert json.loads(g)["error"]["code"] == json.loads(w)["error"]["code"]

    # JSONL lines, read by the library
    bag = db.read_text(str(jpath), blocksize=200000)
    assert bag.npartitions >= 2
    same(mdask.summarize_bag(bag, format="jsonl", algo="centroid").compute())
    # cluster dicts, as json.loads gives them ("auto" recognises them)
    same(mdask.summarize_bag(db.from_sequence(clusters, npartitions=4), algo="centroid").compute())
    # a dataframe with a column of documents lists
    pdf = pd.DataFrame({"id": [c["id"] for c in clusters],
                        "documents": [c["documents"] for c in clusters]})
    df = dd.from_pandas(pdf, npartitions=3)
    res = mdask.summarize_dataframe(df, column="documents", algo="centroid").compute()
    assert list(res.index) == list(pdf.index)
    for (_, row), w in zip(res.iterrows(), want):
        wj = json.loads(w)
        if "summary" in wj:
            assert row["error_code"] == 0 and row["error"] is None
            assert row["summary"] == wj["summary"]
            assert json.loads(row["json"])["sentences"] == wj["sentences"]
        else:
            assert row["error_code"] == wj["error"]["code"] and row["summary"] is None


def test_bad_records_do_not_fail_the_job(client):
    recs = [["Fine text is here. It has two sentences."], 5, {"id": "x"}, {"id": 3, "documents": []},
            '{"broken', b"A line. |||||  Another doc here.", [b"\xff"]]
    got = mdask.summarize_bag(db.from_sequence(recs, npartitions=2), output="dict").compute()
    assert len(got) == len(recs)
    assert "summary" in got[0] and "summary" in got[5]
    codes = [g["error"]["code"] if "error" in g else 0 for g in got]
    assert codes == [0, mdsum.EFORMAT, mdsum.EFORMAT, mdsum.EEMPTY, mdsum.EFORMAT, 0, mdsum.EUTF8]
    assert got[3]["id"] == 3 and got[2]["id"] == "x"


def test_bad_options_fail_early():
    bag = db.from_sequence(["x"])
    with pytest.raises(mdsum.MdsumError):
        mdask.summarize_bag(bag, algo="nope")
    with pytest.raises(TypeError):
        mdask.summarize_bag(bag, nope=1)
    with pytest.raises(ValueError):
        mdask.summarize_bag(bag, output="xml")
    with pytest.raises(ValueError):
        mdask.summarize_bag(bag, format="xml")


def test_pandas_frame_without_dask_collections():
    import pandas as pd
    pdf = pd.DataFrame({"documents": [["Fine text is here. It has two sentences."], []]},
                       index=[10, 20])
    res = mdask.summarize_dataframe(pdf)
    assert isinstance(res, pd.DataFrame) and list(res.index) == [10, 20]
    assert res.loc[10, "summary"] == "Fine text is here. It has two sentences."
    assert res.loc[10, "json"] == mdsum.summarize(pdf.loc[10, "documents"]).to_json()
    assert res.loc[20, "error_code"] == mdsum.EEMPTY and res.loc[20, "summary"] is None


def test_html_records_equal_cli(cli, shared_dir, client):
    """format="html": clusters of saved pages, summarized as `mdsum
    summarize -f html --json` summarizes the same files (document ids =
    the file names the CLI uses); a page without content is skipped as the
    CLI skips it; bad records become error records. Run in this process
    and through a bag on the two worker processes."""
    import gzip
    d = os.path.join(shared_dir, "html-extraction", "html")
    if not os.path.isdir(d):
        pytest.skip("extraction corpus not found: %s" % d)
    groups = [["tr-0001", "tr-0002", "tr-0003"], ["tr-0004", "tr-0005"], ["tr-0008", "tr-0010"]]
    empty = b"<html><body><nav><a href='/'>Home</a></nav></body></html>"
    records, want = [], []
    for k, g in enumerate(groups):
        paths = [os.path.join(d, n + ".html.gz") for n in g]
        out = json.loads(cli("summarize", "-f", "html", "--json", "--words", "80", *paths)
                         .stdout.decode("utf-8"))
        ids = [doc["id"] for doc in out["documents"]]
        pages = []
        for p, i in zip(paths, ids):
            with gzip.open(p, "rb") as fp:
                pages.append({"html": fp.read(), "id": i})
        pages.insert(1, empty)      # no main content: skipped
        out["id"] = "g%d" % k
        records.append({"id": "g%d" % k, "pages": pages} if k != 1 else pages)
        if k == 1:
            out["id"] = None
        want.append(out)
    records.append({"id": "bad", "pages": [empty]})
    records.append({"id": "worse", "pages": "<p>not a list</p>"})
    got = mdask.summarize_records(records, format="html", output="dict", words=80)
    assert got[:3] == want
    # "auto" takes a dict with "pages" for html (a bare list means documents).
    assert mdask.summarize_records(records[:1], output="dict", words=80) == want[:1]
    assert got[3]["error"]["code"] == mdsum.EEMPTY and got[3]["id"] == "bad"
    assert got[4]["error"]["code"] == mdsum.EFORMAT and got[4]["id"] == "worse"
    bag = db.from_sequence(records, npartitions=2)
    out = mdask.summarize_bag(bag, format="html", output="json", words=80)
    assert [json.loads(x) for x in out.compute()] == got
