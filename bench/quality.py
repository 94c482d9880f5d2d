#!/usr/bin/python3
"""Summary quality of every algorithm on every dataset: writes docs/quality.md.

Runs `mdsum eval --json` (ROUGE-1.5.5 numbers, standard protocols) for each
algorithm listed by `mdsum summarize --algo help` on each dataset found under
the shared data folder, and times every algorithm on a synthetic cluster of
12,000 sentences. Rerun it after changing a ranker:

    /usr/bin/python3 bench/quality.py [--mdsum build/mdsum] [--shared ../shared]
                                      [--out docs/quality.md] [--jobs 1]

Speed (clusters/s) is what `mdsum eval` measures around summarization only
(reading and ROUGE excluded), with --jobs worker threads (default 1: one
core). The machine is shared, so speeds vary by some 20% between runs.
"""
import datetime
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time

from docsection import doc_args, write_section

# (name, spec relative to the shared folder, protocol note, role)
DATASETS = [
    ("Multi-News val", "multinews:data/multinews/val.src.gz", "multinews", "dev (tuning)"),
    ("DUC 2003 task 2", "duc:data/duc2003/task2", "duc", "dev (tuning)"),
    ("Multi-News full dev", "multinews:data/multinews-full/dev.src", "multinews", "sanity (not tuned on)"),
    ("DUC 2003 task 3", "duc:data/duc2003/task3", "duc", "sanity (not tuned on)"),
    ("TAC 2011 English", "tac:data/tac2011/english", "tac", "sanity (not tuned on)"),
]

# Published numbers quoted in ../shared/data/README.md (other data: Multi-News
# with full sources, test split; DUC 2004), for orientation only.
PUBLISHED = {
    "multinews": [
        ("First-3 (Fabbri et al. 2019, full sources, test)", "39.41", "11.77", "14.51"),
        ("LexRank (idem)", "38.27", "12.70", "13.20"),
        ("TextRank (idem)", "38.44", "13.10", "13.50"),
        ("MMR (idem)", "38.77", "11.98", "12.91"),
        ("Hi-MAP, supervised neural (idem)", "43.47", "14.89", "17.41"),
    ],
    "duc": [
        ("LexRank (Hong et al. 2014, DUC 2004)", "35.95", "7.47", ""),
        ("Centroid (idem)", "36.41", "7.97", ""),
        ("GreedyKL (idem)", "37.98", "8.53", ""),
        ("ICSISumm, concept ILP (idem)", "38.41", "9.78", ""),
        ("Submodular (idem)", "39.18", "9.35", ""),
        ("DPP (idem)", "39.79", "9.62", ""),
    ],
}

METRICS = ["ROUGE-1", "ROUGE-2", "ROUGE-SU4", "ROUGE-L"]

# TAC 2011 in the other languages (sanity, not tuned on): a compact table of
# recall for a few algorithms; the default is added to them.
OTHER_LANGS = ["french", "czech", "greek", "arabic", "hebrew", "hindi"]
OTHER_ALGOS = ["lead", "lexrank", "centroid", "ilp", "learned"]


def algorithms(mdsum):
    out = subprocess.run([mdsum, "summarize", "--algo", "help"], check=True,
                         capture_output=True, text=True).stdout
    names, default = [], None
    for line in out.splitlines():
        if line.startswith("Algorithms (default: "):
            default = line.split("default: ")[1].rstrip("):")
        elif line.startswith("  ") and not line.startswith("    ") and line.strip():
            names.append(line.split()[0])
    return names, default


def run_eval(mdsum, spec, algo, jobs):
    cmd = [mdsum, "eval", "--data", spec, "-a", algo, "-j", str(jobs), "-q", "--json"]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        sys.stderr.write("failed: %s\n%s" % (" ".join(cmd), res.stderr))
        return None
    return json.loads(res.stdout)


def cell(score, key):
    v = score[key] * 100
    lo, hi = (x * 100 for x in score[key + "_ci"])
    return "%.2f (%.2f-%.2f)" % (v, lo, hi)


def big_cluster(folder, nsent=12000, ndocs=20):
    rnd = random.Random(11)
    for d in range(ndocs):
        with open(os.path.join(folder, "d%02d.txt" % d), "w") as f:
            for _ in range(nsent // ndocs):
                n = 8 + rnd.randrange(20)
                words = ["Word%d" % rnd.randrange(3000)] + ["w%d" % rnd.randrange(8000) for _ in range(n - 1)]
                f.write(" ".join(words) + ".\n")


def main():
    ap = doc_args(__doc__)
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()
    mdsum = os.path.abspath(args.mdsum)
    names, default = algorithms(mdsum)
    started = time.time()
    results = {}
    for title, spec, proto, role in DATASETS:
        path = os.path.join(args.shared, spec.split(":", 1)[1])
        if not os.path.exists(path):
            sys.stderr.write("skipping %s: %s not found\n" % (title, path))
            continue
        kind = spec.split(":", 1)[0]
        for algo in names:
            r = run_eval(mdsum, "%s:%s" % (kind, path), algo, args.jobs)
            if r:
                results[(title, algo)] = r
                s = r["scores"]
                sys.stderr.write("%-20s %-11s R-1 %.2f R-2 %.2f %.0f/s\n" % (
                    title, algo, 100 * s["ROUGE-1"]["recall"], 100 * s["ROUGE-2"]["recall"],
                    r["clusters_per_s"]))

    # TAC 2011, other languages.
    other = {}
    langs_algos = OTHER_ALGOS + ([default] if default not in OTHER_ALGOS else [])
    for lang in OTHER_LANGS:
        path = os.path.join(args.shared, "data/tac2011", lang)
        if not os.path.exists(path):
            continue
        for algo in langs_algos:
            r = run_eval(mdsum, "tac:%s" % path, algo, args.jobs)
            if r:
                other[(lang, algo)] = r["scores"]

    # Very large input: every algorithm on one cluster of 12,000 sentences.
    big = {}
    with tempfile.TemporaryDirectory() as tmp:
        big_cluster(tmp)
        files = sorted(os.path.join(tmp, f) for f in os.listdir(tmp))
        for algo in names:
            t0 = time.time()
            res = subprocess.run([mdsum, "summarize", "-a", algo, "-w", "300"] + files,
                                 capture_output=True, text=True)
            big[algo] = (time.time() - t0, res.returncode)

    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    version = subprocess.run([mdsum, "--version"], capture_output=True, text=True).stdout.strip()
    L = []
    L.append("## Results\n")
    L.append("Generated by `bench/quality.py` (rerun: `/usr/bin/python3 bench/quality.py`); do not edit "
             "this block by hand.\n")
    L.append("- date: %s; machine: %s, %d cores (shared with other jobs); %s; %s" % (
        datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), cpu,
        os.cpu_count() or 0, platform.platform(), version))
    L.append("- command per cell: `mdsum eval --data KIND:PATH -a ALGO -j %d -q --json` (ROUGE-1.5.5 "
             "numbers; protocols of `../shared/data/README.md`: Multi-News 300 words `-n 2 -m -2 4 -u -l 300`, "
             "DUC 100 words `-n 4 -m -x -l 100`, TAC 250 words `-n 2 -m -2 4 -u -l 250`; the last sentence is "
             "cut to fill the budget)" % args.jobs)
    L.append("- scores are percentages with 95%% bootstrap intervals; speed is clusters per second "
             "summarizing (analysis + ranking + selection, not reading or ROUGE) with %d thread(s)" % args.jobs)
    L.append("- default algorithm: `%s`; total time %.0f s\n" % (default, time.time() - started))
    L.append("Tuning used only the dev sets (Multi-News val, DUC 2003 task 2); the sanity sets were "
             "not used to choose parameters. The project is also measured on held-out data of the same "
             "kinds.\n")
    for title, spec, proto, role in DATASETS:
        rows = [(a, results[(title, a)]) for a in names if (title, a) in results]
        if not rows:
            continue
        r0 = rows[0][1]
        metrics = [m for m in METRICS if m in r0["scores"]]
        L.append("### %s (%s, %d clusters, %d words)\n" % (title, role, r0["clusters"], r0["words"]))
        main_kind = "recall" if proto == "duc" else "f"
        L.append("Reported in papers: %s.\n" % ("recall" if proto == "duc" else "F1 and recall"))
        hdr = "| algorithm | " + " | ".join("%s %s" % (m, "R" if k == "recall" else "F1")
                                             for m in metrics for k in ("recall", "f")) + " | clusters/s |"
        L.append(hdr)
        L.append("|" + "---|" * (2 * len(metrics) + 2))
        for a, r in rows:
            name = "**%s** (default)" % a if a == default else a
            cells = [cell(r["scores"][m], k) for m in metrics for k in ("recall", "f")]
            L.append("| %s | %s | %.0f |" % (name, " | ".join(cells), r["clusters_per_s"]))
        L.append("")
        if proto in PUBLISHED:
            L.append("Published, for orientation (other data: %s):\n" % (
                "Multi-News test with full sources, F1" if proto == "multinews" else "DUC 2004, recall"))
            L.append("| system | R-1 | R-2 | R-SU4 |")
            L.append("|---|---|---|---|")
            for p in PUBLISHED[proto]:
                L.append("| %s | %s | %s | %s |" % (p[0], p[1], p[2], p[3] or "–"))
            L.append("")
    if other:
        L.append("### TAC 2011, other languages (sanity (not tuned on), 10 clusters each, 250 words)\n")
        L.append("ROUGE-1 / ROUGE-2 recall; same command with `tac:.../LANGUAGE` (the language is the "
                 "folder's name; only English has a built-in IDF table and word prior).\n")
        L.append("| language | " + " | ".join(
            ("**%s** (default)" % a) if a == default else a for a in langs_algos) + " |")
        L.append("|---|" + "---|" * len(langs_algos))
        for lang in OTHER_LANGS:
            cells = []
            for a in langs_algos:
                sc = other.get((lang, a))
                cells.append("%.2f / %.2f" % (100 * sc["ROUGE-1"]["recall"], 100 * sc["ROUGE-2"]["recall"])
                             if sc else "–")
            if any(c != "–" for c in cells):
                L.append("| %s | %s |" % (lang, " | ".join(cells)))
        L.append("")
    L.append("### Very large input\n")
    L.append("One cluster of 20 documents, 12,000 sentences (synthetic), 300-word budget, "
             "`mdsum summarize -a ALGO -w 300 FILES` wall time (process start to end, reading included):\n")
    L.append("| algorithm | seconds | exit |")
    L.append("|---|---|---|")
    for a in names:
        L.append("| %s | %.2f | %d |" % (a, big[a][0], big[a][1]))
    L.append("")
    # Keep the hand-written text around the generated block.
    text = "\n".join(L)
    write_section(args.out, "bench/quality.py", text + "\n")
    sys.stderr.write("wrote %s\n" % args.out)


if __name__ == "__main__":
    main()
