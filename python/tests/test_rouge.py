"""mdsum.rouge against two oracles:
  - the CLI: `mdsum rouge --json -d` on a JSONL file of the same
    evaluations (per-evaluation scores and aggregates, every measure), for
    a table of option variants, both scorers;
  - the shared parity data (../shared/rouge-parity): what the ROUGE-1.5.5
    Perl script printed for its cases (averages, intervals and per-
    evaluation lines, to the 5 printed decimals), and what Google's
    rouge-score 0.1.2 returned (exact doubles) for its cases and its corpus
    bootstrap. Those tests skip when the shared data is absent.
"""

import gzip
import json
import math
import os
import re

import pytest

import mdsum

# Hand-written evaluations (system, references): several references, a
# repeated word, hyphens and digits, an empty line, a non-ASCII word,
# sentences on several lines.
EVALS = [
    ("The storm closed the harbor bridge on Monday.\nFerries ran all night.",
     ["A storm shut the harbour bridge on Monday.\nFerry services ran through the night.",
      "The bridge was closed by the storm; ferries kept running."]),
    ("Officials said the bridge would reopen on Tuesday morning.",
     ["The bridge reopens Tuesday, officials said."]),
    ("Wind gusts of 120 km/h were recorded.\n\nNo one was hurt.",
     ["Gusts reached 120 km/h. Nobody was injured.",
      "No injuries were reported after 120-km/h gusts.",
      "The city's mayor thanked rescue crews."]),
    ("The the the bridge bridge.", ["The bridge."]),
    ("Café owners near the port reported damage.",
     ["Cafe owners at the port reported some damage to their terraces."]),
]

# (python keyword arguments, CLI flags). Add a row for every option the
# binding maps to a scorer field.
OPTION_TABLE = [
    ({}, ["-n", "2", "-m"]),
    ({"n": 4, "lcs": False}, ["-n", "4", "-m", "-x"]),
    ({"skip": 4}, ["-n", "2", "-m", "-2", "4", "-u"]),
    ({"skip": -1, "skip_mode": "both"}, ["-n", "2", "-m", "-2", "-1", "-U"]),
    ({"skip": 2, "skip_mode": "s", "stem": False}, ["-n", "2", "-2", "2"]),
    ({"w": 1.2, "n": 1}, ["-n", "1", "-m", "-w", "1.2"]),
    ({"stopwords": True, "stem": False}, ["-n", "2", "-s"]),
    ({"limit_words": 8}, ["-n", "2", "-m", "-l", "8"]),
    ({"limit_bytes": 30}, ["-n", "2", "-m", "-b", "30"]),
    ({"best": True, "alpha": 0.8}, ["-n", "2", "-m", "-f", "B", "-p", "0.8"]),
    ({"count_mode": "pool"}, ["-n", "2", "-m", "-t", "1"]),
    ({"count_mode": "counts"}, ["-n", "2", "-m", "-t", "2"]),
    ({"confidence": 90, "resamples": 200}, ["-n", "2", "-m", "-c", "90", "-r", "200"]),
    ({"system_id": "sys7"}, ["-n", "2", "-m", "--system-id", "sys7"]),
    ({"protocol": "multinews"}, ["--protocol", "multinews"]),
    ({"protocol": "duc", "limit_words": 12}, ["--protocol", "duc", "-l", "12"]),
    ({"scorer": "google"}, ["--score", "google", "-m"]),
    ({"scorer": "google", "stem": False, "seed": 7, "resamples": 300},
     ["--score", "google", "--seed", "7", "-r", "300"]),
]


def write_evals(path, evals, ids=True):
    with open(path, "w", encoding="utf-8") as fp:
        for i, (s, refs) in enumerate(evals):
            d = {"system": s, "references": refs}
            if ids:
                d["id"] = "e%d" % (i + 1)
            fp.write(json.dumps(d) + "\n")


def cli_json(cli, path, flags):
    return json.loads(cli("rouge", "--json", "-d", *flags, path).stdout.decode())


def same155(py, printed):
    """A ROUGE-1.5.5 value equals what the CLI printed with %7.5f."""
    return "%.5f" % py == "%.5f" % printed


COUNTS = ("model_count", "peer_count", "hits")


def perl_num(x):
    """A count as the CLI prints it (Perl's "%.15g"), read back."""
    return float("%.15g" % x)


def norm_rows(rows):
    """Per-evaluation rows with counts as the CLI prints them, by id."""
    out = {}
    for r in rows:
        r = {k: ({a: perl_num(b) if a in COUNTS else b for a, b in v.items()}
                 if isinstance(v, dict) else v) for k, v in r.items()}
        out[r["id"]] = r
    return out


def check_metrics(agg, cli_metrics, google):
    assert list(agg) == list(cli_metrics)
    for name, want in cli_metrics.items():
        got = dict(agg[name])
        for k in ("recall_ci", "precision_ci", "f_ci"):
            if k in got:
                got[k] = list(got[k])
        assert sorted(got) == sorted(want), name
        for k, v in want.items():
            if k in COUNTS:
                assert perl_num(got[k]) == v, (name, k)
            elif google:
                assert got[k] == v, (name, k)
            elif isinstance(v, list):
                assert all(same155(a, b) for a, b in zip(got[k], v)), (name, k, got[k], v)
            else:
                assert same155(got[k], v), (name, k, got[k], v)


@pytest.mark.parametrize("kw,flags", OPTION_TABLE, ids=[" ".join(f) for _, f in OPTION_TABLE])
def test_corpus_equals_cli(cli, tmp_path, kw, flags):
    path = str(tmp_path / "evals.jsonl")
    write_evals(path, EVALS)
    want = cli_json(cli, path, flags)
    pairs = [{"id": "e%d" % (i + 1), "system": s, "references": r}
             for i, (s, r) in enumerate(EVALS)]
    agg, rows = mdsum.rouge(pairs, per_eval=True, **kw)
    google = kw.get("scorer") == "google"
    check_metrics(agg, want["metrics"], google)
    # Per evaluation: ROUGE-1.5.5 values are already the script's rounded
    # ones, so they compare exactly, as the counts do.
    assert norm_rows(rows) == norm_rows(want["per_eval"])
    # The same without per_eval, and with plain pairs (ids 1..n).
    assert mdsum.rouge(pairs, **kw) == agg
    write_evals(path, EVALS, ids=False)
    check_metrics(mdsum.rouge(EVALS, **kw), cli_json(cli, path, flags)["metrics"], google)


@pytest.mark.parametrize("kw,flags", OPTION_TABLE, ids=[" ".join(f) for _, f in OPTION_TABLE])
def test_single_equals_cli(cli, tmp_path, kw, flags):
    path = str(tmp_path / "one.jsonl")
    for s, refs in EVALS[:3]:
        write_evals(path, [(s, refs)], ids=False)
        want = norm_rows(cli_json(cli, path, flags)["per_eval"])["1"]
        got = mdsum.rouge(s, refs, **kw)
        assert norm_rows([dict(got, id="1")])["1"] == want
        # bytes and a lone reference string take the same path
        if len(refs) == 1:
            assert mdsum.rouge(s.encode(), refs[0].encode(), **kw) == got


def test_input_shapes():
    s, refs = EVALS[0]
    base = mdsum.rouge(s, refs)
    assert set(base) == {"ROUGE-1", "ROUGE-2", "ROUGE-L"}
    assert mdsum.rouge(s, tuple(refs)) == base
    assert mdsum.rouge([(s, refs)], per_eval=True)[1][0] == dict(base, id="1")
    assert mdsum.rouge([{"system": s, "references": refs, "id": "x"}],
                       per_eval=True)[1][0]["id"] == "x"
    # A Summary is scored by its text.
    summ = mdsum.summarize([EVALS[0][0], EVALS[1][0], EVALS[2][0]], words=30)
    assert mdsum.rouge(summ, refs) == mdsum.rouge(summ.text, refs)
    g = mdsum.rouge(s, refs, scorer="google")
    assert set(g) == {"rouge1", "rouge2", "rougeL", "rougeLsum"}
    assert set(g["rouge1"]) == {"recall", "precision", "f"}
    # An empty system scores 0 (no error).
    assert mdsum.rouge("", refs)["ROUGE-1"]["recall"] == 0
    # Identical texts score 1.
    assert mdsum.rouge(s, s)["ROUGE-2"]["f"] == 1


# Bad arguments: (args, keyword arguments, exception, words in its message).
# Type and shape problems are Python errors; values the library refuses are
# MdsumError(EINVAL) with its message.
BAD = [
    (("a",), {}, TypeError, "needs references"),
    (([],), {}, ValueError, "no evaluation"),
    ((5,), {}, TypeError, "list of pairs"),
    (([("a", "b", "c")],), {}, TypeError, "evaluation 1"),
    ((["a"],), {}, TypeError, "evaluation 1"),
    (([{"system": "a"}],), {}, TypeError, "references"),
    (("a", []), {}, ValueError, "no reference"),
    (("a", [5]), {}, TypeError, "reference 1"),
    ((5, "b"), {}, TypeError, "system"),
    (("a", "b"), {"n": "2"}, TypeError, "n must be an int"),
    (("a", "b"), {"n": True}, TypeError, "n must be an int"),
    (("a", "b"), {"n": 2 ** 40}, ValueError, "n must be from"),
    (("a", "b"), {"stem": "yes"}, TypeError, "stem"),
    (("a", "b"), {"scorer": "bleu"}, ValueError, "scorer"),
    (("a", "b"), {"skip_mode": "x"}, ValueError, "skip_mode"),
    (("a", "b"), {"count_mode": 3}, ValueError, "count_mode"),
    (("a", "b"), {"protocol": "nist"}, ValueError, "protocol"),
    (("a", "b"), {"resamples": 0}, ValueError, "resamples"),
    (("a", "b"), {"system_id": "a\0b"}, ValueError, "NUL"),
    (("a", "b"), {"alpha": 1.5}, mdsum.MdsumError, "alpha"),
    (("a", "b"), {"confidence": 101}, mdsum.MdsumError, "confidence"),
    (("a", "b"), {"n": 1001}, mdsum.MdsumError, "-n"),
    (("a", "b"), {"limit_words": 5, "limit_bytes": 5}, mdsum.MdsumError, "not both"),
    (("a", "b"), {"n": 0, "lcs": False}, mdsum.MdsumError, "no measure"),
    (("a", "b"), {"system_id": ""}, mdsum.MdsumError, "system id"),
    (([{"system": "a", "references": ["b"], "id": "x"},
       {"system": "c", "references": ["d"], "id": "x"}],), {}, mdsum.MdsumError, "x"),
]


@pytest.mark.parametrize("args,kw,exc,words", BAD)
def test_bad_arguments(args, kw, exc, words):
    with pytest.raises(exc) as ei:
        mdsum.rouge(*args, **kw)
    assert words in str(ei.value)
    if exc is mdsum.MdsumError:
        assert ei.value.code == mdsum.EINVAL
    # The thread's context still works afterwards.
    assert mdsum.rouge("a b", "a b")["ROUGE-1"]["f"] == 1


def test_too_long_is_elimit():
    # One sentence pair beyond the LCS table's 2^25 cells.
    long_line = " ".join("w%d" % i for i in range(6000))
    with pytest.raises(mdsum.MdsumError) as ei:
        mdsum.rouge(long_line, long_line)
    assert ei.value.code == mdsum.ELIMIT
    # Without ROUGE-L the same texts are fine.
    assert mdsum.rouge(long_line, long_line, lcs=False)["ROUGE-1"]["f"] == 1


# ----------------------------------------------------------------------
# The shared parity data
# ----------------------------------------------------------------------
def parity_dir(shared_dir, *parts):
    d = os.path.join(shared_dir, "rouge-parity", *parts)
    if not os.path.exists(d):
        pytest.skip("rouge parity data not found: %s (set MDSUM_SHARED_DIR)" % d)
    return d


def script_kwargs(flags):
    """Keyword arguments equivalent to the script's flags (with the
    script's own defaults: no ROUGE-N, no stemming, ROUGE-S without -u)."""
    kw = {"n": 0, "stem": False, "skip_mode": "s"}
    a = flags.split()
    i = 0
    while i < len(a):
        f = a[i]
        val = a[i + 1] if i + 1 < len(a) else None
        i += 1
        if f == "-m":
            kw["stem"] = True
        elif f == "-s":
            kw["stopwords"] = True
        elif f == "-x":
            kw["lcs"] = False
        elif f == "-u":
            kw["skip_mode"] = "su"
        elif f == "-U":
            kw.setdefault("_U", True)
        elif f == "-d":
            pass
        else:
            i += 1
            key = {"-n": "n", "-2": "skip", "-l": "limit_words", "-b": "limit_bytes",
                   "-r": "resamples"}.get(f)
            if key:
                kw[key] = int(val)
            elif f == "-c":
                kw["confidence"] = float(val)
            elif f == "-p":
                kw["alpha"] = float(val)
            elif f == "-f":
                kw["best"] = val == "B"
            elif f == "-t":
                kw["count_mode"] = ["average", "pool", "counts"][int(val)]
            else:
                raise AssertionError("flag %s not handled by the test" % f)
    if kw.pop("_U", False) and kw["skip_mode"] != "su":   # -u wins over -U
        kw["skip_mode"] = "both"
    return kw


AVG_RE = re.compile(r"^X (\S+) Average_([RPF]): (\S+) \(\S+-conf\.int\. (\S+) - (\S+)\)$")
EVAL_RE = re.compile(r"^X (\S+) Eval (\S+)\.X R:(\S+) P:(\S+) F:(\S+)$")
KEY = {"R": "recall", "P": "precision", "F": "f"}


@pytest.mark.parametrize("case", ["01-multinews-protocol", "02-duc-protocol", "03-duc-bytes-L",
                                  "04-stopwords-nostem", "05-best-ref-alpha",
                                  "06-token-pooling", "07-edge-cases", "08-no-limit-conf"])
def test_rouge155_parity(shared_dir, case):
    d = parity_dir(shared_dir, "cases", case)
    with open(os.path.join(d, "flags")) as fp:
        kw = script_kwargs(fp.read())
    pairs = []
    with open(os.path.join(d, "config.lst")) as fp:
        for line in fp:
            files = line.split()
            if not files:
                continue
            texts = []
            for f in files:
                with open(os.path.join(d, f), "rb") as t:
                    texts.append(t.read())
            pairs.append((texts[0], texts[1:]))
    agg, rows = mdsum.rouge(pairs, per_eval=True, **kw)
    by_id = {r["id"]: r for r in rows}
    pooled = kw.get("count_mode") == "pool"
    n_avg = n_eval = 0
    with open(os.path.join(d, "expected.out")) as fp:
        for line in fp:
            line = line.rstrip("\n")
            m = AVG_RE.match(line)
            if m:
                name, k, v, lo, hi = m.groups()
                got = agg[name]
                assert "%.5f" % got[KEY[k]] == v, line
                assert ("%.5f" % got[KEY[k] + "_ci"][0], "%.5f" % got[KEY[k] + "_ci"][1]) \
                    == (lo, hi), line
                n_avg += 1
                continue
            m = EVAL_RE.match(line)
            if m:
                name, eid, r, p, f = m.groups()
                got = by_id[eid][name]
                if pooled:  # -t 1 prints the counts per evaluation
                    want = (got["model_count"], got["peer_count"], got["hits"])
                    assert tuple(float(x) for x in (r, p, f)) == want, line
                else:
                    assert ("%.5f" % got["recall"], "%.5f" % got["precision"],
                            "%.5f" % got["f"]) == (r, p, f), line
                n_eval += 1
    assert n_avg == 3 * len(agg) and n_eval == len(agg) * len(pairs)


def google_cases(shared_dir):
    path = os.path.join(parity_dir(shared_dir, "google"), "cases.jsonl")
    with open(path, encoding="utf-8") as fp:
        return [json.loads(line) for line in fp]


def test_google_parity_cases(shared_dir):
    cases = google_cases(shared_dir)
    # A handful of Multi-News and DUC items and every edge case.
    picked = [c for c in cases if c["id"].startswith("edge-")] + \
        [c for c in cases if c["id"].startswith("mn-val-")][:20] + \
        [c for c in cases if c["id"].startswith("duc03t2-")][:6]
    assert len(picked) > 60
    for c in picked:
        got = mdsum.rouge(c["prediction"], c["references"], scorer="google",
                          stem=c["use_stemmer"])
        for name, want in c["scores"].items():
            assert (got[name]["precision"], got[name]["recall"], got[name]["f"]) == \
                (want["precision"], want["recall"], want["fmeasure"]), (c["id"], name)


def test_google_parity_corpus(shared_dir):
    cases = {c["id"]: c for c in google_cases(shared_dir)}
    with open(os.path.join(parity_dir(shared_dir, "google"), "corpus.json")) as fp:
        corpus = json.load(fp)
    pairs = [(cases[i]["prediction"], cases[i]["references"])
             for i in ("mn-val-%04d" % k for k in range(300))]
    agg = mdsum.rouge(pairs, scorer="google", stem=True, seed=corpus["seed"],
                      resamples=corpus["n_samples"],
                      confidence=100 * corpus["confidence_interval"])
    for name, want in corpus["aggregate"].items():
        got = agg[name]
        for key, pk in (("precision", "precision"), ("recall", "recall"), ("f", "fmeasure")):
            lo, hi = got[key + "_ci"]
            for g, w in ((lo, want["low"][pk]), (got[key], want["mid"][pk]),
                         (hi, want["high"][pk])):
                assert math.isclose(g, w, rel_tol=0, abs_tol=1e-12), (name, key, g, w)


def test_multinews_system_vs_cli_lines(cli, shared_dir, tmp_path):
    """Summaries of Multi-News val scored as `mdsum rouge --protocol
    multinews` scores line-aligned files (a line is one sentence there, so
    the summaries are written on one line each)."""
    from conftest import multinews_lines
    lines = multinews_lines(shared_dir, 30)
    tgt = os.path.join(shared_dir, "data", "multinews", "val.tgt.gz")
    with gzip.open(tgt, "rb") as fp:
        refs = [fp.readline().rstrip(b"\n") for _ in range(len(lines))]
    systems = [mdsum.summarize_line(line, "multinews", words=250).text.replace("\n", " ")
               for line in lines]
    sp, rp = tmp_path / "sys.txt", tmp_path / "ref.txt"
    sp.write_text("".join(s + "\n" for s in systems), encoding="utf-8")
    rp.write_bytes(b"".join(r + b"\n" for r in refs))
    want = json.loads(cli("rouge", "--json", "--protocol", "multinews", sp, rp).stdout.decode())
    got = mdsum.rouge(list(zip(systems, refs)), protocol="multinews")
    check_metrics(got, want["metrics"], False)


def test_scorer_reuse(monkeypatch):
    """Single evaluations reuse a scorer per thread and option set: results
    equal a fresh scorer's (a corpus of one) through replacement and
    eviction, and from several threads."""
    from concurrent.futures import ThreadPoolExecutor
    from mdsum import _core as core
    fresh = [mdsum.rouge([(s, r)], per_eval=True, skip=4)[1][0] for s, r in EVALS]
    for f in fresh:
        del f["id"]
    monkeypatch.setattr(core, "_SCORER_EVALS", 3)
    monkeypatch.setattr(core, "_SCORER_CACHE", 2)
    for _ in range(3):
        for a in (0, 1, 2):     # three option sets: evictions
            got = [mdsum.rouge(s, r, skip=4, alpha=0.5 if a == 0 else 0.5 + a / 10.0)
                   for s, r in EVALS]
            if a == 0:
                assert got == fresh
    with ThreadPoolExecutor(4) as ex:
        assert list(ex.map(lambda e: mdsum.rouge(e[0], e[1], skip=4), EVALS * 20)) == fresh * 20
