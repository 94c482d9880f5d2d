#!/usr/bin/python3
"""One file per cluster: summary quality when the sources come as one document.

Users often hand mdsum a single file: one long article, or several pasted
together. mdsum reads a file as one document, so nothing says which
sentences come from which outlet. This writes each cluster of the
evaluation sets as one text file (its documents joined by blank lines),
summarizes every file with `mdsum summarize -w BUDGET --truncate -a ALGO FILE`
(one process per file, as a user would), and scores the summaries against
the cluster's references with `mdsum rouge` under the dataset's protocol.

    /usr/bin/python3 bench/onedoc.py [--mdsum build/mdsum] [--shared ../shared]
                                     [--out docs/quality.md] [--limit 600]

Writes its section of docs/quality.md (between the bench/onedoc.py markers)
and prints it. About a minute on one core.
"""
import datetime
import glob
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile

from docsection import doc_args, publish

ALGOS = ["joint", "ilp", "learned", "lead", "lexrank"]


def multinews(src, tgt, limit):
    opener = gzip.open if src.endswith(".gz") else open
    with opener(src, "rt", encoding="utf-8") as fs, opener(tgt, "rt", encoding="utf-8") as ft:
        for i, (line, ref) in enumerate(zip(fs, ft)):
            if limit and i >= limit:
                break
            docs = [d.strip().replace("NEWLINE_CHAR", "\n") for d in line.rstrip("\n").split("|||||")]
            yield str(i + 1), "\n\n".join(docs) + "\n", [ref.rstrip("\n")]


def duc(folder, limit):
    for k, cdir in enumerate(sorted(glob.glob(os.path.join(folder, "docs", "*")))):
        if limit and k >= limit:
            break
        cid = os.path.basename(cdir)
        docs = []
        for f in sorted(glob.glob(os.path.join(cdir, "*"))):
            with open(f, encoding="utf-8", errors="replace") as fh:
                docs.append(fh.read().strip())
        refs = []
        for f in sorted(glob.glob(os.path.join(folder, "refs", cid, "*"))):
            with open(f, encoding="utf-8", errors="replace") as fh:
                refs.append(fh.read())
        yield cid, "\n\n".join(docs) + "\n", refs


def run(mdsum, tmp, items, algo, words, protocol):
    rows = []
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    for cid, path, refs in items:
        out = subprocess.run([mdsum, "summarize", "-w", str(words), "--truncate", "-a", algo, path],
                             capture_output=True, text=True, check=True).stdout
        rows.append({"id": cid, "system": out.strip().split("\n"), "references": refs})
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime
    name = os.path.join(tmp, "eval.jsonl")
    with open(name, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    res = json.loads(subprocess.run([mdsum, "rouge", "--protocol", protocol, "--json", name],
                                    capture_output=True, text=True, check=True).stdout)
    return res["metrics"], cpu / max(1, len(rows)) * 1000


def main():
    ap = doc_args(__doc__)
    ap.add_argument("--limit", type=int, default=600, help="clusters of Multi-News val (default 600)")
    a = ap.parse_args()
    d = os.path.join(a.shared, "data")
    if not os.path.isdir(d):
        print(f"onedoc.py: {d} not found: nothing to measure", file=sys.stderr)
        return 0
    sets = [
        ("Multi-News val", "multinews", 300,
         lambda: multinews(f"{d}/multinews/val.src.gz", f"{d}/multinews/val.tgt.gz", a.limit)),
        ("Multi-News full dev", "multinews", 300,
         lambda: multinews(f"{d}/multinews-full/dev.src", f"{d}/multinews-full/dev.tgt", 0)),
        ("DUC 2003 task 2", "duc", 100, lambda: duc(f"{d}/duc2003/task2", 0)),
    ]
    md = ["## One file per cluster", "",
          "Each cluster written as one text file, its documents joined by blank lines, and",
          "summarized as a user would summarize a single file (`bench/onedoc.py`: one",
          "`mdsum summarize -w BUDGET --truncate FILE` process per cluster; ms is CPU per process,",
          "start-up included). mdsum then sees one document, so only sentence counts can say what",
          "the sources agree on." + (f" Multi-News val: its first {a.limit} clusters." if a.limit else ""),
          f"Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC.", "",
          "| data | measure | " + " | ".join(f"`{x}` R-1 / R-2" for x in ALGOS) + " | `joint` ms |",
          "|---|---|" + "---|" * (len(ALGOS) + 1)]
    with tempfile.TemporaryDirectory() as tmp:
        for name, protocol, words, gen in sets:
            items = []
            for cid, text, refs in gen():
                path = os.path.join(tmp, f"c{len(items):05d}.txt")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                items.append((cid, path, refs))
            if not items:
                continue
            field = "recall" if protocol == "duc" else "f"
            cells, ms = [], 0.0
            for algo in ALGOS:
                m, t = run(a.mdsum, tmp, items, algo, words, protocol)
                cells.append(f"{100 * m['ROUGE-1'][field]:.2f} / {100 * m['ROUGE-2'][field]:.2f}")
                if algo == "joint":
                    ms = t
            md.append(f"| {name} ({len(items)} clusters) | {'recall' if field == 'recall' else 'F1'} | "
                      + " | ".join(cells) + f" | {ms:.1f} |")
            print(md[-1], file=sys.stderr)
    publish(a.out, "bench/onedoc.py", md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
