#!/usr/bin/python3
"""What the cleaner drops, per dataset, and how much of it was article text.

Runs `mdsum summarize --explain` over a dataset and counts the dropped spans
by reason, against the number of non-blank lines and bytes of the input:

  /usr/bin/python3 bench/drop_stats.py [--mdsum build/mdsum] [--shared ../shared]
      [--sets dev,val,seed,duc2,duc3] [--val-limit 1000]
      [--sample N --seed S --dump FILE]     a random sample of drops to label
      [--keep-sample N --dump-kept FILE]    a random sample of kept lines

The hand check: bench/labels/dev-drops.tsv labels a random sample of the
drops on the full-length dev set (key = first 16 hex digits of SHA-1 of the
dropped text, then line, doc, start, end, label), where label is
`boilerplate`, `content` (article text that should have stayed) or
`duplicate` (a copy of a line that is kept elsewhere), and
bench/labels/dev-kept.tsv labels a random sample of kept lines (the whole
stripped line) as `content`, `boilerplate` (noise left in) or `other`
(headings, list numbers, garbled fragments). The script reports the counts
for the labelled items found in this run, and how many labelled items the
current cleaner no longer drops (or keeps). The data's text is never stored in the repository.
"""
import argparse
import glob
import gzip
import hashlib
import os
import random
import re
import subprocess
import sys

EXPLAIN = re.compile(r"^mdsum: explain: (?:(?P<path>.*?):(?P<line>\d+): )?document (?P<doc>\d+)(?: \([^)]*\))?: "
                     r"bytes (?P<s>\d+)-(?P<e>\d+): (?P<reason>[^:]+): ")


def key_of(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def multinews_docs(line):
    """The documents of a Multi-News line as mdsum stores them."""
    docs = []
    for d in line.rstrip("\n").rstrip("\r").split("|||||"):
        d = re.sub(r" *NEWLINE_CHAR *", "\n", d.strip(" \t"))
        if d.strip():
            docs.append(d.encode("utf-8"))
    return docs


def count_lines(docs):
    n = b = 0
    for d in docs:
        for ln in d.split(b"\n"):
            if ln.strip():
                n += 1
                b += len(ln.strip())
    return n, b


def run_explain(cmd):
    out = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    drops = []
    for l in out.stderr.decode("utf-8", "replace").splitlines():
        m = EXPLAIN.match(l)
        if m:
            drops.append((int(m.group("line") or 0), int(m.group("doc")), int(m.group("s")), int(m.group("e")),
                          m.group("reason")))
    return drops


def load_labels(path):
    """The rows of a label file as (key, label); a key may repeat (the same
    text dropped in several places)."""
    labels = []
    if os.path.exists(path):
        for l in open(path, encoding="utf-8"):
            if l.startswith("#") or not l.strip():
                continue
            p = l.rstrip("\n").split("\t")
            labels.append((p[0], p[5]))
    return labels


def dataset(args, name):
    """Yields (cluster label, [doc bytes], drops) for the dataset."""
    sh = os.path.join(args.shared, "data")
    if name in ("dev", "val"):
        path = os.path.join(sh, "multinews-full", "dev.src") if name == "dev" else \
            os.path.join(sh, "multinews", "val.src.gz")
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as f:
            lines = f.readlines()
        if name == "val" and args.val_limit:
            lines = lines[:args.val_limit]
        tmp = f"/tmp/drop_stats_{os.getpid()}.src"
        with open(tmp, "w", encoding="utf-8") as f:
            f.writelines(lines)
        drops = run_explain([args.mdsum, "summarize", "-f", "multinews", "-w", "300", "--explain", tmp])
        os.unlink(tmp)
        by_line = {}
        for d in drops:
            by_line.setdefault(d[0], []).append(d)
        for i, line in enumerate(lines, 1):
            yield i, multinews_docs(line), by_line.get(i, [])
    else:
        if name == "seed":
            dirs = [os.path.join(sh, "seed-cluster")]
        else:
            dirs = sorted(glob.glob(os.path.join(sh, "duc2003", "task2" if name == "duc2" else "task3", "docs", "*")))
        for i, d in enumerate(dirs, 1):
            files = sorted(f for f in glob.glob(os.path.join(d, "*")) if os.path.isfile(f))
            docs = [open(f, "rb").read() for f in files]
            drops = [(i,) + x[1:] for x in run_explain([args.mdsum, "summarize", "-w", "100", "--explain", d])]
            yield i, docs, drops


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src_dir = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mdsum", default=os.path.join(src_dir, "build", "mdsum"))
    ap.add_argument("--shared", default=os.environ.get("MDSUM_SHARED_DIR", os.path.join(src_dir, "..", "shared")))
    ap.add_argument("--sets", default="dev,val,seed,duc2,duc3")
    ap.add_argument("--val-limit", type=int, default=1000, help="first N clusters of val (0 = all)")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--keep-sample", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dump", metavar="FILE")
    ap.add_argument("--dump-kept", metavar="FILE")
    args = ap.parse_args()
    if not os.path.isdir(os.path.join(args.shared, "data")):
        print(f"SKIP: {args.shared}/data not found (shared data absent)")
        return 77
    drop_labels = load_labels(os.path.join(here, "labels", "dev-drops.tsv"))
    kept_labels = load_labels(os.path.join(here, "labels", "dev-kept.tsv"))
    for name in args.sets.split(","):
        nclusters = nlines = nbytes = 0
        dropped = []
        kept = []
        reasons = {}
        dbytes = 0
        for cid, docs, drops in dataset(args, name):
            nclusters += 1
            n, b = count_lines(docs)
            nlines += n
            nbytes += b
            for (_, doc, s, e, reason) in drops:
                text = docs[doc - 1][s:e].decode("utf-8", "replace")
                reasons[reason] = reasons.get(reason, 0) + 1
                dbytes += e - s
                dropped.append((cid, doc, s, e, reason, text))
            if name == "dev" and (args.keep_sample or kept_labels):
                cover = {}
                for (_, doc, s, e, _r) in drops:
                    cover.setdefault(doc, []).append((s, e))
                for di, d in enumerate(docs, 1):
                    off = 0
                    for ln in d.split(b"\n"):
                        s, e = off, off + len(ln)
                        off = e + 1
                        st = ln.strip()
                        if not st:
                            continue
                        if any(a <= s and e <= b2 or (a < e and s < b2 and (b2 - a) >= (e - s) // 2)
                               for a, b2 in cover.get(di, [])):
                            continue
                        kept.append((cid, di, s, e, "kept", st.decode("utf-8", "replace")))
        print(f"{name}: {nclusters} clusters, {nlines} non-blank lines, {nbytes} bytes; "
              f"{len(dropped)} spans dropped ({100.0 * len(dropped) / max(nlines, 1):.2f}% of lines), "
              f"{dbytes} bytes ({100.0 * dbytes / max(nbytes, 1):.2f}%)")
        for r, c in sorted(reasons.items(), key=lambda kv: -kv[1]):
            print(f"    {c:6}  {r}")
        if name == "dev":
            for what, labels, items in (("dropped spans", drop_labels, dropped), ("kept lines", kept_labels, kept)):
                if not labels:
                    continue
                keys = {key_of(x[5]) for x in items}
                lab = [l for k, l in labels if k in keys]
                gone = sum(1 for k, _l in labels if k not in keys)
                counts = {}
                for x in lab:
                    counts[x] = counts.get(x, 0) + 1
                parts = ", ".join(f"{c} {l} ({100.0 * c / len(lab):.1f}%)" for l, c in sorted(counts.items()))
                print(f"  hand check of {what}: {len(lab)} labelled in this run: {parts}"
                      + (f"; {gone} labelled ones are no longer {what.split()[0]}" if gone else ""))
            rnd = random.Random(args.seed)
            if args.sample and args.dump:
                with open(args.dump, "w", encoding="utf-8") as f:
                    for d in rnd.sample(dropped, min(args.sample, len(dropped))):
                        f.write(f"{key_of(d[5])}\t{d[0]}\t{d[1]}\t{d[2]}\t{d[3]}\t{d[4]}\t{d[5]!r}\n")
            if args.keep_sample and args.dump_kept:
                with open(args.dump_kept, "w", encoding="utf-8") as f:
                    for k in rnd.sample(kept, min(args.keep_sample, len(kept))):
                        f.write(f"{key_of(k[5])}\t{k[0]}\t{k[1]}\t{k[2]}\t{k[3]}\tkept\t{k[5]!r}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
