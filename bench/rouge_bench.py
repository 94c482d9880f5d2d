#!/usr/bin/python3
"""ROUGE scoring speed: `mdsum rouge` against the ROUGE-1.5.5 Perl script.

    bench/rouge_bench.py [--mdsum build/mdsum] [--pairs 5000] [--data DIR]
                         [--work DIR] [--repeat 3]
    ROUGE_PL=/path/to/ROUGE-1.5.5.pl bench/rouge_bench.py ...

Builds N summary pairs from the Multi-News validation split
(DIR/val.src.gz, DIR/val.tgt.gz; DIR defaults to ../shared/data/multinews):
the system summary is the lead-3 sentences of every source document, the
reference is the human summary, both one sentence per line (a naive split
after . ! ?). Then it times

    mdsum rouge -n 2 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0 -l 300 -z SPL list

(the Multi-News protocol) and, when ROUGE_PL names the Perl script, the
script on the same list, and checks that both print the same bytes, on
standard output and standard error, without and (one more, untimed run of
the script) with -d.

Getting the Perl script (never commit it: its licence does not allow
redistribution here). Debian has no package. It ships with the pyrouge
sources (github.com/bheinzerling/pyrouge, folder tools/ROUGE-1.5.5) and with
the original ROUGE-1.5.5 release. It needs perl with XML::DOM and DB_File
(Debian: apt-get install libxml-dom-perl; DB_File is in perl) and its data
folder with WordNet-2.0.exc.db, which the release builds with
data/WordNet-2.0-Exceptions/buildExeptionDB.pl. Set ROUGE_DATA to that data
folder if it is not ROUGE_PL's sibling "data".
"""

import argparse
import gzip
import os
import re
import resource
import subprocess
import sys
import time

FLAGS = "-n 2 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0 -l 300".split()
SENT_END = re.compile(r'(?<=[.!?])["\']?\s+')


def sentences(text):
    text = " ".join(text.split())
    return [s.strip() for s in SENT_END.split(text) if s.strip()]


def build(data, work, pairs):
    src = os.path.join(data, "val.src.gz")
    tgt = os.path.join(data, "val.tgt.gz")
    os.makedirs(os.path.join(work, "sys"), exist_ok=True)
    os.makedirs(os.path.join(work, "refs"), exist_ok=True)
    lines = []
    with gzip.open(src, "rt", encoding="utf-8", errors="replace") as fs, \
            gzip.open(tgt, "rt", encoding="utf-8", errors="replace") as ft:
        for i, (s, t) in enumerate(zip(fs, ft)):
            if i >= pairs:
                break
            lead = []
            for doc in s.split("|||||"):
                doc = doc.replace("NEWLINE_CHAR", "\n")
                lead += sentences(doc)[:3]
            ref = sentences(t)
            name = "mn%05d" % i
            with open(os.path.join(work, "sys", name + ".txt"), "w", encoding="utf-8") as f:
                f.write("\n".join(lead) + "\n")
            with open(os.path.join(work, "refs", name + ".A.txt"), "w", encoding="utf-8") as f:
                f.write("\n".join(ref) + "\n")
            lines.append("sys/%s.txt refs/%s.A.txt" % (name, name))
    with open(os.path.join(work, "list.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return len(lines)


def timed(cmd, cwd, repeat):
    """Best wall time and best CPU time (user + system) of `repeat` runs,
    and the last run's standard output and standard error."""
    best = best_cpu = None
    out = err = b""
    for _ in range(repeat):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        dt = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        if p.returncode != 0:
            sys.exit("%s failed (%d): %s" % (cmd[0], p.returncode, p.stderr.decode()[:500]))
        out, err = p.stdout, p.stderr
        best = dt if best is None or dt < best else best
        best_cpu = cpu if best_cpu is None or cpu < best_cpu else best_cpu
    return best, best_cpu, out, err


def same(what, mine, theirs):
    """Print whether one output stream is byte-identical; returns True if so."""
    if mine == theirs:
        print("  %-24s identical (%d bytes)" % (what, len(mine)))
        return True
    print("  %-24s DIFFER (mdsum %d bytes, script %d bytes)" % (what, len(mine), len(theirs)))
    return False


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mdsum", default=os.path.join(root, "build", "mdsum"))
    ap.add_argument("--pairs", type=int, default=5000)
    ap.add_argument("--data", default=os.path.join(root, "..", "shared", "data", "multinews"))
    ap.add_argument("--work", default="/tmp/mdsum-rouge-bench")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    if not os.path.exists(os.path.join(a.data, "val.src.gz")):
        print("rouge_bench: %s/val.src.gz not found; skipped" % a.data)
        return 77
    mdsum = os.path.abspath(a.mdsum)
    n = build(a.data, a.work, a.pairs)
    print("%d summary pairs in %s (Multi-News val, lead-3 per document vs reference)" % (n, a.work))
    print("flags: %s" % " ".join(FLAGS))

    t_m, c_m, out_m, err_m = timed([mdsum, "rouge"] + FLAGS + ["-z", "SPL", "list.txt"], a.work,
                            a.repeat)
    print("mdsum rouge:      %8.3f s wall, %.3f s CPU  (best of %d)" % (t_m, c_m, a.repeat))
    t_d, c_d, out_md, err_md = timed([mdsum, "rouge"] + FLAGS + ["-d", "-z", "SPL", "list.txt"], a.work, 1)
    print("mdsum rouge -d:   %8.3f s wall, %.3f s CPU" % (t_d, c_d))
    t_g, c_g, _, _ = timed([mdsum, "rouge", "--score", "google", "-m", "-z", "SPL", "list.txt"],
                        a.work, a.repeat)
    print("--score google -m:%8.3f s wall, %.3f s CPU  (best of %d)" % (t_g, c_g, a.repeat))
    for line in out_m.decode().splitlines():
        if "Average_F" in line or "Average_R" in line:
            print("  " + line)

    pl = os.environ.get("ROUGE_PL")
    if not pl:
        print("ROUGE_PL not set: the Perl script is not timed (see the header of this file)")
        return 0
    data = os.environ.get("ROUGE_DATA", os.path.join(os.path.dirname(os.path.abspath(pl)), "data"))
    perl = ["perl", pl, "-e", data] + FLAGS
    t_p, c_p, out_p, err_p = timed(perl + ["-z", "SPL", "list.txt"], a.work, 1)
    print("ROUGE-1.5.5.pl:   %8.3f s wall, %.3f s CPU" % (t_p, c_p))
    print("speed-up:         %8.1f x" % (t_p / t_m))
    _, _, out_pd, err_pd = timed(perl + ["-d", "-z", "SPL", "list.txt"], a.work, 1)
    ok = [same("standard output", out_m, out_p), same("standard error", err_m, err_p),
          same("-d standard output", out_md, out_pd), same("-d standard error", err_md, err_pd)]
    if all(ok):
        return 0
    print("OUTPUTS DIFFER")
    return 1


if __name__ == "__main__":
    sys.exit(main())
