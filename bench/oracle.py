#!/usr/bin/python3
"""Extractive oracle: how far above the lead an extractive summary can go.

For every cluster, a greedy oracle that reads the reference summaries picks
whole sentences of the input (as `mdsum split` cuts them) while that raises
the protocol's score (Nallapati et al. 2017, Liu & Lapata 2019: add the
sentence with the largest gain, stop when nothing gains). Its summaries are
then scored by `mdsum rouge` under the dataset's protocol, so the numbers
compare with the tables of docs/quality.md. It is an upper bound for
sentence extraction, not a system: it sees the references.

The greedy matches lower-cased words (a-z, 0-9) without stemming, a close
stand-in for ROUGE's tokens; the scores reported are exact ROUGE-1.5.5.
Objective: R-1 + R-2 averaged over the references, of the summary cut to the
protocol's word budget: F1 on Multi-News, recall on DUC and TAC (the
measures docs/quality.md quotes for them). Greedy, so a lower bound on the
best extract.

    /usr/bin/python3 bench/oracle.py [--mdsum build/mdsum] [--shared ../shared]
                                     [--out docs/quality.md] [--limit N]

Writes its section of docs/quality.md (between the bench/oracle.py markers)
and prints it. Multi-News val takes about four minutes on one core (the
greedy and the filled oracle).
"""
import collections
import datetime
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

from docsection import doc_args, publish

# (name, kind, path relative to the shared folder, protocol, role)
DATASETS = [
    ("Multi-News val", "multinews", "data/multinews/val.src.gz", "multinews", "dev (tuning)"),
    ("DUC 2003 task 2", "duc", "data/duc2003/task2", "duc", "dev (tuning)"),
    ("Multi-News full dev", "multinews", "data/multinews-full/dev.src", "multinews", "sanity"),
    ("DUC 2003 task 3", "duc", "data/duc2003/task3", "duc", "sanity"),
    ("TAC 2011 English", "tac", "data/tac2011/english", "tac", "sanity"),
]
BUDGET = {"multinews": 300, "duc": 100, "tac": 250}
WORD = re.compile(r"[a-z0-9]+")


def words(text):
    return WORD.findall(text.lower())


def grams(toks, n):
    return collections.Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def score(toks, refs, recall):
    """R-1 + R-2 (F1 or recall) of toks, averaged over refs [(c1, c2)]."""
    c = (grams(toks, 1), grams(toks, 2))
    total = 0.0
    for r in refs:
        for n in (0, 1):
            m = sum((c[n] & r[n]).values())
            if m == 0:
                continue
            rr = m / sum(r[n].values())
            if recall:
                total += rr
            else:
                p = m / sum(c[n].values())
                total += 2 * p * rr / (p + rr)
    return total / len(refs)


def oracle(sents, refs, budget, recall, fill=False):
    """Indices of the greedy oracle's sentences, in input order. With fill,
    once no sentence gains it goes on adding the one that loses least
    until the budget is used, as a system that fills its budget must."""
    rg = [(grams(words(r), 1), grams(words(r), 2)) for r in refs]
    toks = [words(s) for s in sents]
    chosen, cur, best = [], [], 0.0
    while len(cur) < budget:
        pick, value = None, -1.0
        for i, t in enumerate(toks):
            if i in chosen or not t:
                continue
            v = score((cur + t)[:budget], rg, recall)
            if v > value:
                value, pick = v, i
        if pick is None or (value <= best + 1e-12 and not fill):
            break
        best = max(best, value)
        chosen.append(pick)
        cur = cur + toks[pick]
    return sorted(chosen)


def cosine(a, b):
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    na = sum(v * v for v in a.values()) ** 0.5
    nb = sum(v * v for v in b.values()) ** 0.5
    return dot / (na * nb) if na and nb else 0.0


class Stats:
    """How often the oracle takes a sentence, by position and by document."""

    def __init__(self):
        self.n = collections.Counter()
        self.hit = collections.Counter()

    def count(self, key, hit):
        self.n[key] += 1
        self.hit[key] += hit

    def add(self, docs, picked):
        vecs = [collections.Counter(w for t in d for w in words(t)) for d in docs]
        total = collections.Counter()
        for v in vecs:
            total.update(v)
        cent = [cosine(v, total - v) for v in vecs]
        order = sorted(range(len(docs)), key=lambda d: -cent[d])
        i = 0
        for d, sents in enumerate(docs):
            for k in range(len(sents)):
                hit = i in picked
                self.count(min(k, 8), hit)
                if k == len(sents) - 1:
                    self.count("last", hit)
                if len(docs) > 1 and d in (order[0], order[-1]):
                    self.count("top" if d == order[0] else "bottom", hit)
                i += 1

    def rate(self, key):
        return f"{100 * self.hit[key] / self.n[key]:.0f}%" if self.n[key] else ""


def split(mdsum, args, stdin=None):
    """Sentences per document: a list of (group key, [sentence texts])."""
    out = subprocess.run([mdsum, "split", "-j", "-l", "en"] + args, input=stdin,
                         capture_output=True, check=True).stdout.decode()
    return [json.loads(line) for line in out.splitlines() if line]


def clusters(mdsum, kind, path):
    """(id, [[sentences] per document], [reference texts]) per cluster."""
    if kind == "multinews":
        tgt = path[:-len(".src.gz")] + ".tgt.gz" if path.endswith(".src.gz") else path[:-4] + ".tgt"
        import gzip
        opener = gzip.open if tgt.endswith(".gz") else open
        with opener(tgt, "rt", encoding="utf-8") as f:
            refs = [line.rstrip("\n") for line in f]
        by_line = collections.OrderedDict()
        for o in split(mdsum, ["-f", "multinews", path]):
            by_line.setdefault(o["line"], []).append([s["text"] for s in o["sentences"]])
        for line, docs in by_line.items():
            yield str(line), docs, [refs[line - 1]]
        return
    for cdir in sorted(glob.glob(os.path.join(path, "docs", "*"))):
        cid = os.path.basename(cdir)
        files = sorted(glob.glob(os.path.join(cdir, "*")))
        docs = [[s["text"] for s in o["sentences"]] for o in split(mdsum, files)]
        refs = []
        for rf in sorted(glob.glob(os.path.join(path, "refs", cid, "*"))):
            with open(rf, encoding="utf-8", errors="replace") as f:
                refs.append(f.read())
        if refs:
            yield cid, docs, refs


def rouge(mdsum, protocol, rows):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for cid, system, refs in rows:
            f.write(json.dumps({"id": cid, "system": system, "references": refs}) + "\n")
        name = f.name
    try:
        out = subprocess.run([mdsum, "rouge", "--protocol", protocol, "--json", name],
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(name)
    return json.loads(out)


def metric(res, key, field):
    """Percent of one ROUGE figure from `mdsum rouge --json` output."""
    return 100 * res["metrics"][key][field]


def main():
    ap = doc_args(__doc__)
    ap.add_argument("--limit", type=int, default=0, help="only the first N clusters of each set")
    a = ap.parse_args()
    if not os.path.isdir(os.path.join(a.shared, "data")):
        print(f"oracle.py: {a.shared}/data not found: nothing to measure", file=sys.stderr)
        return 0
    lines = []
    for name, kind, rel, protocol, role in DATASETS:
        path = os.path.join(a.shared, rel)
        if not os.path.exists(path):
            continue
        rows, filled = [], []
        nwords = [0, 0]
        stats = Stats()
        f1 = protocol == "multinews"
        for cid, docs, refs in clusters(a.mdsum, kind, path):
            if a.limit and len(rows) >= a.limit:
                break
            sents = [t for d in docs for t in d]
            pick = oracle(sents, refs, BUDGET[protocol], not f1)
            rows.append((cid, [sents[i] for i in pick], refs))
            nwords[0] += min(BUDGET[protocol], sum(len(sents[i].split()) for i in pick))
            stats.add(docs, set(pick))
            if f1:   # recall never falls as sentences are added: that greedy fills the budget anyway
                pick = oracle(sents, refs, BUDGET[protocol], False, fill=True)
                filled.append((cid, [sents[i] for i in pick], refs))
                nwords[1] += min(BUDGET[protocol], sum(len(sents[i].split()) for i in pick))
        res = rouge(a.mdsum, protocol, rows)
        lines.append((name, role, protocol, len(rows), res, stats, "", nwords[0] / max(1, len(rows))))
        if filled:
            lines.append((name, role, protocol, len(filled), rouge(a.mdsum, protocol, filled), None,
                          f", filled to {BUDGET[protocol]} words", nwords[1] / len(filled)))
        print(f"{name}: {len(rows)} clusters", file=sys.stderr)
    md = ["## Extractive oracle (upper bound)", "",
          "What whole sentences of the input can score when they are chosen by reading the",
          "references (`bench/oracle.py`: greedy on ROUGE-1 + ROUGE-2, F1 on Multi-News, recall",
          "on DUC and TAC; scored exactly as the tables above). No system can see the",
          "references, and a greedy oracle is a lower bound on the best extract: the gap between",
          "a row above and this one is what better sentence choice could still win. The greedy",
          "stops when no sentence raises F1, short of the budget; the rows *filled to* the budget",
          "go on adding the sentence that costs least until it is used, as the systems above do",
          "(words: the mean length of the oracle's summaries, cut to the budget, counted by",
          "white space).",
          f"Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC"
          f"{f', first {a.limit} clusters of each set' if a.limit else ''}.", "",
          "| data | clusters | chosen by | words | R-1 R | R-1 F1 | R-2 R | R-2 F1 | R-SU4 R | R-SU4 F1 |",
          "|---|---|---|---|---|---|---|---|---|---|"]
    for name, role, protocol, n, res, _, variant, mean_words in lines:
        cells = []
        for key in ("ROUGE-1", "ROUGE-2", "ROUGE-SU4"):
            for field in ("recall", "f"):
                cells.append(f"{metric(res, key, field):.2f}" if key in res["metrics"] else "")
        md.append(f"| {name} ({role}){variant} | {n} | {'F1' if protocol == 'multinews' else 'recall'} | "
                  f"{mean_words:.0f} | " + " | ".join(cells) + " |")
    md += ["", "Share of the input's sentences the oracle takes, by position in their document",
           "(1 = first; last = the document's last sentence, unfinished in the truncated",
           "Multi-News sets) and by document (most / least central: largest / smallest cosine of",
           "the document's words with the rest of the cluster's):", "",
           "| data | " + " | ".join(str(k + 1) for k in range(8)) + " | 9+ | last | most central | least central |",
           "|---|" + "---|" * 12]
    for name, role, protocol, n, res, st, _, _ in lines:
        if st is None:
            continue
        md.append(f"| {name} | " + " | ".join(st.rate(k) for k in list(range(9)) + ["last", "top", "bottom"]) + " |")
    publish(a.out, "bench/oracle.py", md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
