#!/usr/bin/python3
"""mdsum performance benchmark (issue 7): every workload, every algorithm,
side by side with the tools users have today, in one run.

    bench/perf.py [--mdsum build/mdsum] [--shared ../shared] [--work DIR]
                  [--only SECTION,...] [--quick] [--repeat N] [--json FILE]

Sections (all by default; --only picks some):
  val       Multi-News val (5,622 truncated clusters), every algorithm, -j 1
  dev       Multi-News full-length dev set (102 clusters), every algorithm
  train     Multi-News train sources (44,972 clusters), default algorithm,
            -j 1 and -j 2: time, peak RSS, byte-identical output
  jobs      -j 1 against -j 2 on val for `summarize` and `eval`
  instr     instructions per cluster (callgrind; `perf stat` does not count
            instructions on this virtual machine): runs on 1 and on 201 val
            clusters, so start-up (loading the IDF table) cancels out
  ots       OTS (Debian package `ots`) on 200 val clusters, one process per
            cluster as ots works, against mdsum on the same text files and in
            batch; plus callgrind instruction counts on 5 of them
  pyref     bench/lexrank_ref.py (sklearn + networkx) on 100 val clusters
  scale     synthetic clusters (bench/synth.py): 2/10/50/200 documents of
            100..100,000 words; time, peak RSS, sentences, growth exponent
  rouge     bench/rouge_bench.py (mdsum rouge on 5,000 pairs; the Perl
            script too when ROUGE_PL is set)

Times are wall clock and CPU (user + system) of the child process, the best
of --repeat runs; on a shared machine the CPU time and the instruction
counts are the stable numbers. Prints a Markdown report on stdout (pasted
into docs/performance.md) and, with --json, the raw measurements.
"""

import argparse
import gzip
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------------------
# Running and timing
# ---------------------------------------------------------------------------
def run(cmd, stdin=None, stdout=None, env=None):
    """Run cmd; return (rc, wall s, cpu s, maxrss KB) of that child alone."""
    fin = open(stdin, "rb") if isinstance(stdin, str) else stdin
    fout = open(stdout, "wb") if isinstance(stdout, str) else (stdout or subprocess.DEVNULL)
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=fin or subprocess.DEVNULL, stdout=fout,
                         stderr=subprocess.PIPE, env=env)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    p.stderr.close()
    if isinstance(stdin, str):
        fin.close()
    if isinstance(stdout, str):
        fout.close()
    if p.returncode != 0:
        sys.stderr.write("perf: %s failed (%d): %s\n" % (" ".join(cmd), p.returncode,
                                                         err.decode(errors="replace")[-500:]))
    return p.returncode, wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, err


def best_of(n, cmd, **kw):
    """Best wall, best CPU and largest RSS over n runs."""
    res = [run(cmd, **kw) for _ in range(n)]
    return {"rc": max(r[0] for r in res), "wall": min(r[1] for r in res),
            "cpu": min(r[2] for r in res), "rss_kb": max(r[3] for r in res)}


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def read_lines(path, n=None):
    op = gzip.open if path.endswith(".gz") else open
    out = []
    with op(path, "rt", encoding="utf-8", errors="replace") as f:
        for line in f:
            if n is not None and len(out) >= n:
                break
            out.append(line)
    return out


def text_bytes(path):
    op = gzip.open if path.endswith(".gz") else open
    n = lines = 0
    with op(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            n += len(b)
            lines += b.count(b"\n")
    return n, lines


def algorithms(mdsum):
    out = subprocess.run([mdsum, "summarize", "--algo", "help"], capture_output=True, text=True).stdout
    default = re.search(r"default: (\S+?)\)", out).group(1)
    names = [m.group(1) for m in re.finditer(r"^  (\S+)\s{2,}", out, re.M)]
    return default, names


def fmt(x, d=0):
    return ("{:,.%df}" % d).format(x)


# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------
def throughput_rows(a, name, path, algos, extra, repeat):
    nbytes, nclusters = text_bytes(path)
    rows = []
    for algo in algos:
        r = best_of(repeat, [a.mdsum, "summarize", "-w", "300", "-f", "multinews", "-a", algo]
                    + extra + [path])
        rows.append({"data": name, "algo": algo, "clusters": nclusters, "mb": nbytes / 1e6, **r,
                     "cps_wall": nclusters / r["wall"], "cps_cpu": nclusters / r["cpu"],
                     "mbs_cpu": nbytes / 1e6 / r["cpu"]})
        sys.stderr.write("perf: %s %s: %.2f s wall, %.2f s CPU\n" % (name, algo, r["wall"], r["cpu"]))
    return rows


def table_throughput(rows):
    print("| data | algorithm | clusters | MB | wall s | CPU s | clusters/s (wall) | "
          "clusters/s per core (CPU) | MB/s per core | peak RSS MB |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print("| %s | %s | %s | %.1f | %.2f | %.2f | %s | %s | %.1f | %.1f |" % (
            r["data"], r["algo"], fmt(r["clusters"]), r["mb"], r["wall"], r["cpu"],
            fmt(r["cps_wall"]), fmt(r["cps_cpu"]), r["mbs_cpu"], r["rss_kb"] / 1024))
    print()


def sec_val(a, R):
    path = os.path.join(a.shared, "data/multinews/val.src.gz")
    if not os.path.exists(path):
        return None
    if a.quick:
        path = subset(a, path, 1000, "val1000.src")
    rows = throughput_rows(a, "Multi-News val", path, a.algos, [], a.repeat)
    R["val"] = rows
    print("### Multi-News val, `-j 1`, every algorithm\n")
    print("`mdsum summarize -w 300 -f multinews -a ALGO %s > FILE` (read gzip, clean, segment, "
          "tokenize, rank, select, write).\n" % os.path.relpath(path))
    table_throughput(rows)


def sec_dev(a, R):
    path = os.path.join(a.shared, "data/multinews-full/dev.src")
    if not os.path.exists(path):
        return None
    rows = throughput_rows(a, "Multi-News full dev", path, a.algos, [], a.repeat)
    R["dev"] = rows
    print("### Multi-News full-length dev set (web noise included), every algorithm\n")
    table_throughput(rows)


def sec_train(a, R):
    path = os.path.join(a.shared, "data/multinews/train.src.gz")
    if not os.path.exists(path):
        return None
    nbytes, n = text_bytes(path)
    rows = []
    for j in (1, 2):
        out = os.path.join(a.work, "train.j%d.out" % j)
        r = run(["/usr/bin/time", "-v", a.mdsum, "summarize", "-w", "300", "-j", str(j), path], stdout=out)
        tv = r[4].decode(errors="replace")
        rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", tv).group(1))
        rows.append({"jobs": j, "wall": r[1], "cpu": r[2], "rss_kb": rss, "sha": sha(out),
                     "clusters": n, "mb": nbytes / 1e6})
        os.unlink(out)
        sys.stderr.write("perf: train -j %d: %.2f s wall, %.2f s CPU, %d KB\n" % (j, r[1], r[2], rss))
    R["train"] = rows
    print("### Multi-News train sources, default algorithm (%s)\n" % a.default)
    print("`/usr/bin/time -v mdsum summarize -w 300 -j J train.src.gz > FILE`; %s clusters, "
          "%.1f MB of text.\n" % (fmt(n), nbytes / 1e6))
    print("| -j | wall s | CPU s | clusters/s (wall) | clusters/s per core (CPU) | MB/s per core | "
          "peak RSS MB | output |")
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        print("| %d | %.2f | %.2f | %s | %s | %.1f | %.1f | sha256 %s |" % (
            r["jobs"], r["wall"], r["cpu"], fmt(n / r["wall"]), fmt(n / r["cpu"]),
            nbytes / 1e6 / r["cpu"], r["rss_kb"] / 1024, r["sha"][:12]))
    same = rows[0]["sha"] == rows[1]["sha"]
    print("\n-j 2 output byte-identical to -j 1: **%s**; speed-up (wall) %.2fx.\n" % (
        "yes" if same else "NO", rows[0]["wall"] / rows[1]["wall"]))


def sec_jobs(a, R):
    path = os.path.join(a.shared, "data/multinews/val.src.gz")
    if not os.path.exists(path):
        return None
    res = {}
    for kind in ("summarize", "eval"):
        runs = {1: ([], []), 2: ([], [])}
        digests = {}
        # Alternate -j 1 and -j 2 so that changes of load hit both alike.
        for _ in range(a.repeat):
            for j in (1, 2):
                if kind == "summarize":
                    out = os.path.join(a.work, "val.j%d.out" % j)
                    cmd = [a.mdsum, "summarize", "-w", "300", "-j", str(j), path]
                else:
                    out = os.path.join(a.work, "eval.j%d.out" % j)
                    cmd = [a.mdsum, "eval", "--data", "multinews:" + path, "-q", "--json", "-j", str(j)]
                r = run(cmd, stdout=out)
                runs[j][0].append(r[1])
                runs[j][1].append(r[2])
                digests[j] = sha(out) if kind == "summarize" else \
                    hashlib.sha256(re.sub(rb'"(clusters_per_s|seconds[a-z_]*)":[0-9.e+-]+', b"",
                                          open(out, "rb").read())).hexdigest()
        for j in (1, 2):
            walls, cpus = runs[j]
            res[(kind, j)] = {"wall": min(walls), "cpu": min(cpus), "walls": walls, "sha": digests[j]}
            sys.stderr.write("perf: %s -j %d: %s s\n" % (kind, j, walls))
    R["jobs"] = {"%s-j%d" % k: v for k, v in res.items()}
    print("### Parallel batch: `-j 1` against `-j 2` on Multi-News val\n")
    print("Best wall time of %d runs each, -j 1 and -j 2 alternating; load average at the end %s.\n"
          % (a.repeat, loadavg()))
    print("| command | -j 1 wall s | -j 2 wall s | speed-up | CPU s (-j 1 / -j 2) | identical output |")
    print("|---|---:|---:|---:|---|---|")
    for kind in ("summarize", "eval"):
        x, y = res[(kind, 1)], res[(kind, 2)]
        print("| mdsum %s | %.2f | %.2f | %.2fx | %.2f / %.2f | %s |" % (
            kind, x["wall"], y["wall"], x["wall"] / y["wall"], x["cpu"], y["cpu"],
            "yes" if x["sha"] == y["sha"] else "NO"))
    print()
    balance(a, R)


def thread_instructions(work, cmd, serial_fn=None):
    """Instructions of each thread (callgrind --separate-threads), and those
    spent inside `serial_fn` (inclusive) by the main thread."""
    base = os.path.join(work, "cg-threads")
    for f in os.listdir(work):
        if f.startswith("cg-threads"):
            os.unlink(os.path.join(work, f))
    subprocess.run(["valgrind", "--tool=callgrind", "--separate-threads=yes",
                    "--callgrind-out-file=" + base] + cmd, capture_output=True)
    counts, serial = [], 0
    for f in sorted(os.listdir(work)):
        if not f.startswith("cg-threads"):
            continue
        path = os.path.join(work, f)
        with open(path) as fh:
            m = re.search(r"^summary: (\d+)", fh.read(), re.M)
        if not m:
            continue
        counts.append(int(m.group(1)))
        if serial_fn and len(counts) == 1:
            out = subprocess.run(["callgrind_annotate", "--inclusive=yes", path], capture_output=True,
                                 text=True).stdout
            m2 = re.search(r"^\s*([0-9,]+) \([ 0-9.]+%\)\s+\S*:" + serial_fn + " ", out, re.M)
            serial = int(m2.group(1).replace(",", "")) if m2 else 0
    return counts, serial


def balance(a, R):
    """The speed-up two free cores would give, from instruction counts (wall
    times on a busy machine measure the other jobs as much as mdsum)."""
    val = os.path.join(a.shared, "data/multinews/val.src.gz")
    tgt = os.path.join(a.shared, "data/multinews/val.tgt.gz")
    if not shutil.which("valgrind"):
        return
    src = subset(a, val, 1000, "val1000.src")
    ref = os.path.join(a.work, "val1000.tgt")
    if not os.path.exists(ref):
        with open(ref, "w", encoding="utf-8") as f:
            f.writelines(read_lines(tgt, 1000))
    rows = []
    for kind, cmd, serial_fn in (
            ("summarize", [a.mdsum, "summarize", "-w", "300", "-f", "multinews", "-j", "2", src], None),
            ("eval", [a.mdsum, "eval", "--data", "multinews:" + src, "--refs", ref, "-q", "-j", "2"],
             "mdsum_rouge_result_get")):
        counts, serial = thread_instructions(a.work, cmd, serial_fn)
        if len(counts) < 3:
            continue
        total = sum(counts)
        # Two cores: workers take the next cluster when they are free, so
        # the parallel work is shared by the two cores (valgrind runs one
        # thread at a time, so its split between the workers says nothing);
        # the main thread's own work runs beside it, and the serial tail
        # (the bootstrap) alone after it.
        par = max((total - serial) / 2.0, counts[0] - serial)
        bound = total / (par + serial)
        rows.append((kind, counts, serial, bound))
    R["balance"] = [{"kind": k, "threads": c, "serial": s, "bound": b} for k, c, s, b in rows]
    print("Where the work goes with `-j 2` (callgrind `--separate-threads`, first 1,000 val clusters): "
          "instructions of the main thread (reading, writing in order, merging ROUGE results) and "
          "of each worker, and the speed-up on two otherwise idle cores that these imply.\n")
    print("| command | main thread | workers | serial tail (bootstrap) | implied 2-core speed-up |")
    print("|---|---:|---:|---:|---:|")
    for kind, counts, serial, bound in rows:
        print("| mdsum %s | %s | %s | %s | %.2fx |" % (kind, fmt(counts[0]),
              " / ".join(fmt(c) for c in counts[1:]), fmt(serial), bound))
    print()


def subset(a, path, n, name):
    out = os.path.join(a.work, name)
    if not os.path.exists(out):
        with open(out, "w", encoding="utf-8") as f:
            f.writelines(read_lines(path, n))
    return out


def callgrind(cmd):
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd,
                       capture_output=True, text=True)
    m = re.search(r"Collected : (\d+)", r.stderr)
    if not m:
        sys.stderr.write("perf: callgrind failed: %s\n" % r.stderr[-500:])
        return None
    return int(m.group(1))


def sec_instr(a, R):
    val = os.path.join(a.shared, "data/multinews/val.src.gz")
    if not os.path.exists(val) or not shutil.which("valgrind"):
        return None
    one = subset(a, val, 1, "val1.src")
    many = subset(a, val, 201, "val201.src")
    rows = []
    for algo in a.algos:
        base = [a.mdsum, "summarize", "-w", "300", "-f", "multinews", "-a", algo]
        i1, i201 = callgrind(base + [one]), callgrind(base + [many])
        if i1 is None or i201 is None:
            continue
        rows.append({"algo": algo, "startup_and_first": i1, "per_cluster": (i201 - i1) / 200})
        sys.stderr.write("perf: instr %s: %.0f per cluster\n" % (algo, rows[-1]["per_cluster"]))
    R["instr"] = rows
    print("### Instructions per cluster (callgrind)\n")
    print("`valgrind --tool=callgrind mdsum summarize -w 300 -f multinews -a ALGO` on the first "
          "201 val clusters minus the same on the first one: the marginal cost of a cluster, "
          "with the stem cache warming up as in a short run.\n")
    print("| algorithm | instructions per cluster | start-up + first cluster |")
    print("|---|---:|---:|")
    for r in rows:
        print("| %s | %s | %s |" % (r["algo"], fmt(r["per_cluster"]), fmt(r["startup_and_first"])))
    print()


def ots_text(line):
    docs = [d.strip().replace("NEWLINE_CHAR", "\n") for d in line.rstrip("\n").split("|||||")]
    return "\n\n".join(d for d in docs if d) + "\n"


def ots_compare(a, R, key, label, path, N, instr_files=5):
    """ots against mdsum on the first N clusters of a Multi-News file: one
    process per cluster each, and mdsum in batch."""
    lines = read_lines(path, N)
    N = len(lines)
    d = os.path.join(a.work, "ots-" + key)
    os.makedirs(d, exist_ok=True)
    files, ratios = [], []
    for i, line in enumerate(lines):
        t = ots_text(line)
        p = os.path.join(d, "c%03d.txt" % i)
        with open(p, "w", encoding="utf-8") as f:
            f.write(t)
        files.append(p)
        # ots takes a percentage of the sentences; 300 words of the text's words.
        ratios.append(max(1, min(100, math.ceil(100.0 * 300 / max(1, len(t.split()))))))
    batch = subset(a, path, N, "%s%d.src" % (key, N))

    def per_process(mk):
        wall = cpu = 0.0
        for f, rr in zip(files, ratios):
            r = run(mk(f, rr))
            wall += r[1]
            cpu += r[2]
        return wall, cpu

    o_w, o_c = per_process(lambda f, rr: ["ots", "-r", str(rr), f])
    m_w, m_c = per_process(lambda f, rr: [a.mdsum, "summarize", "-w", "300", f])
    b = best_of(a.repeat, [a.mdsum, "summarize", "-w", "300", "-f", "multinews", batch])
    # The same files as ots reads, one process for all of them.
    e = best_of(a.repeat, [a.mdsum, "summarize", "--each", "-w", "300"] + files)
    # Instruction counts: noise-free.
    k = instr_files
    io = sum(callgrind(["ots", "-r", str(rr), f]) or 0 for f, rr in zip(files[:k], ratios[:k])) / k
    im = sum(callgrind([a.mdsum, "summarize", "-w", "300", f]) or 0 for f in files[:k]) / k
    ib = (callgrind([a.mdsum, "summarize", "-w", "300", "-f", "multinews", batch]) or 0) / N
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    R[key] = {"n": N, "mb": mb, "ots_wall": o_w, "ots_cpu": o_c, "mdsum_proc_wall": m_w,
              "mdsum_proc_cpu": m_c, "mdsum_batch": b, "mdsum_each": e, "ots_instr": io, "mdsum_proc_instr": im,
              "mdsum_batch_instr": ib, "mean_ratio": sum(ratios) / N}
    per = lambda x: 1000.0 * x / N
    print("#### %s\n" % label)
    print("The first %d clusters (%.1f MB of text, %.1f KB per cluster), each written as one text "
          "file (documents separated by a blank line). ots summarizes one text per process: "
          "`ots -r R FILE` with R = the percentage that 300 words make of the text (mean R = "
          "%.0f%%); mdsum on the same files `mdsum summarize -w 300 FILE`, and in batch on the "
          "same %d clusters as Multi-News lines.\n" % (N, mb, 1000 * mb / N, sum(ratios) / N, N))
    print("| run | ms per cluster (wall) | ms per cluster (CPU) | ots / mdsum (CPU) |")
    print("|---|---:|---:|---:|")
    print("| ots, one process per cluster | %.2f | %.2f | 1 |" % (per(o_w), per(o_c)))
    # Two decimals below 10x: a ratio under 1 (mdsum slower) must not print as "1x".
    ratio = lambda x: ("%.2fx" if x < 10 else "%.0fx") % x
    print("| mdsum, one process per cluster | %.2f | %.2f | %s |" % (per(m_w), per(m_c), ratio(o_c / m_c)))
    print("| mdsum, the same files in one process (`--each`, -j 1) | %.3f | %.3f | %s |" % (
        per(e["wall"]), per(e["cpu"]), ratio(o_c / e["cpu"])))
    print("| mdsum batch (`-f multinews`, -j 1) | %.3f | %.3f | %s |" % (
        per(b["wall"]), per(b["cpu"]), ratio(o_c / b["cpu"])))
    print("\nInstructions per cluster (callgrind; stable on a busy machine): ots %s (one process "
          "each, mean of the first %d clusters); mdsum one process each %s (%.1fx fewer; most of it is "
          "start-up: the learned model, dynamic linking, the context); mdsum batch %s, start-up shared by the "
          "%d clusters (**%.0fx fewer**).\n" % (fmt(io), k, fmt(im), io / im if im else 0, fmt(ib), N,
                                                 io / ib if ib else 0))


def sec_ots(a, R):
    val = os.path.join(a.shared, "data/multinews/val.src.gz")
    dev = os.path.join(a.shared, "data/multinews-full/dev.src")
    if not os.path.exists(val) or not shutil.which("ots"):
        print("### OTS\n\nNot run: `ots` (Debian package) or the data is missing.\n")
        return None
    print("### Against OTS (Debian `ots` %s)\n" % subprocess.run(
        ["ots", "--version"], capture_output=True, text=True).stdout.strip().split()[-1])
    ots_compare(a, R, "ots", "Multi-News val (truncated clusters)", val, 200)
    if os.path.exists(dev):
        ots_compare(a, R, "ots_full", "Multi-News full-length dev set (web noise included)", dev,
                    20 if a.quick else 102)


def sec_pyref(a, R):
    val = os.path.join(a.shared, "data/multinews/val.src.gz")
    if not os.path.exists(val):
        return None
    N = 100
    src = subset(a, val, N, "val%d.src" % N)
    r = run(["/usr/bin/python3", os.path.join(HERE, "lexrank_ref.py"), "--words", "300"], stdin=src)
    m = re.search(rb"(\d+) clusters in ([0-9.]+) s \(CPU ([0-9.]+) s\)", r[4])
    py_s, py_cpu = (float(m.group(2)), float(m.group(3))) if m else (float("nan"), float("nan"))
    b = best_of(a.repeat, [a.mdsum, "summarize", "-w", "300", "-f", "multinews", "-a", "lexrank", src])
    R["pyref"] = {"n": N, "python_s": py_s, "python_cpu_s": py_cpu, "python_process_wall": r[1],
                  "mdsum": b}
    print("### Against a Python LexRank (bench/lexrank_ref.py: sklearn TF-IDF + networkx PageRank)\n")
    print("Ratios compare wall with wall and CPU with CPU.\n")
    print("| run (%d val clusters) | ms per cluster | ratio |" % N)
    print("|---|---:|---:|")
    print("| Python reference, summarizing only (imports excluded), wall | %.2f | 1 |" % (1000 * py_s / N))
    print("| Python reference, summarizing only (imports excluded), CPU | %.2f | 1 |" % (1000 * py_cpu / N))
    print("| Python reference, whole process, wall | %.2f | |" % (1000 * r[1] / N))
    print("| mdsum -a lexrank, whole process, wall | %.3f | %.0fx |" % (1000 * b["wall"] / N, py_s / b["wall"]))
    print("| mdsum -a lexrank, whole process, CPU | %.3f | %.0fx |" % (1000 * b["cpu"] / N, py_cpu / b["cpu"]))
    print()


SCALE_DOCS = (2, 10, 50, 200)
SCALE_WORDS = (100, 1000, 10000, 100000)


def sec_scale(a, R):
    d = os.path.join(a.work, "synth")
    os.makedirs(d, exist_ok=True)
    rows = []
    words_grid = SCALE_WORDS[:3] if a.quick else SCALE_WORDS
    for nd in SCALE_DOCS:
        for nw in words_grid:
            p = os.path.join(d, "d%d-w%d.src" % (nd, nw))
            if not os.path.exists(p):
                with open(p, "w") as f:
                    subprocess.run(["/usr/bin/python3", os.path.join(HERE, "synth.py"), "--docs", str(nd),
                                    "--words", str(nw)], stdout=f, check=True)
            out = os.path.join(a.work, "synth.out")
            r = best_of(1 if nd * nw >= 1000000 else a.repeat,
                        [a.mdsum, "summarize", "-w", "300", "-f", "multinews", "--json", p], stdout=out)
            with open(out) as f:
                meta = json.loads(f.readline() or "{}").get("meta", {})
            rows.append({"docs": nd, "words": nw, "total_words": nd * nw, "bytes": os.path.getsize(p),
                         "sentences": meta.get("sentences_in"), **r})
            sys.stderr.write("perf: scale %d x %d: %.2f s, %d KB\n" % (nd, nw, r["wall"], r["rss_kb"]))
    R["scale"] = rows
    big = [r for r in rows if r["total_words"] >= 1000000]
    xs = [math.log(r["total_words"]) for r in big]
    ys = [math.log(r["cpu"]) for r in big]
    slope = float("nan")
    if len(big) >= 2:
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    R["scale_exponent"] = slope
    print("### Synthetic scale series (bench/synth.py), default algorithm\n")
    print("`mdsum summarize -w 300 -f multinews --json d{D}-w{W}.src`: one cluster of D documents "
          "of W words; one process each (so start-up, about 10 ms, is included).\n")
    print("| documents | words/doc | total words | MB | sentences | wall s | CPU s | peak RSS MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print("| %d | %s | %s | %.2f | %s | %.3f | %.3f | %.1f |" % (
            r["docs"], fmt(r["words"]), fmt(r["total_words"]), r["bytes"] / 1e6,
            fmt(r["sentences"]) if r["sentences"] is not None else "error", r["wall"], r["cpu"],
            r["rss_kb"] / 1024))
    print("\nGrowth exponent of CPU time in the total words (least squares on log-log over the "
          "clusters of 1,000,000 words or more, where the ranker's bounded share no longer "
          "dominates): **%.2f** (1 = linear).\n" % slope)
    print("CPU microseconds per 1,000 words: " + ", ".join(
        "%s words %.0f" % (fmt(r["total_words"]), 1e6 * r["cpu"] / r["total_words"] * 1000)
        for r in sorted(rows, key=lambda r: r["total_words"]) if r["total_words"] >= 100000) + ".\n")


def sec_rouge(a, R):
    script = os.path.join(HERE, "rouge_bench.py")
    data = os.path.join(a.shared, "data/multinews")
    if not os.path.exists(os.path.join(data, "val.src.gz")):
        return None
    r = subprocess.run(["/usr/bin/python3", script, "--mdsum", a.mdsum, "--data", data,
                        "--work", os.path.join(a.work, "rouge"), "--repeat", str(a.repeat)],
                       capture_output=True, text=True)
    R["rouge"] = r.stdout
    print("### ROUGE scoring (bench/rouge_bench.py, 5,000 pairs)\n")
    print("```\n" + r.stdout.strip() + "\n```\n")
    if "ROUGE_PL" not in os.environ:
        print("The Perl script is not installed here (ROUGE_PL unset): no ratio is claimed.\n")


SECTIONS = {"val": sec_val, "dev": sec_dev, "train": sec_train, "jobs": sec_jobs,
            "instr": sec_instr, "ots": sec_ots, "pyref": sec_pyref, "scale": sec_scale,
            "rouge": sec_rouge}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mdsum", default="build/mdsum")
    ap.add_argument("--shared", default=os.environ.get("MDSUM_SHARED_DIR", "../shared"))
    ap.add_argument("--work", default="/tmp/mdsum-perf")
    ap.add_argument("--only", default=",".join(SECTIONS))
    ap.add_argument("--quick", action="store_true", help="smaller subsets (val: 1,000 clusters; "
                    "scale: up to 10,000 words per document)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", help="write the raw measurements here")
    a = ap.parse_args()
    a.mdsum = os.path.abspath(a.mdsum)
    os.makedirs(a.work, exist_ok=True)
    if not os.path.isdir(os.path.join(a.shared, "data")):
        sys.stderr.write("perf: no data at %s/data: nothing to measure\n" % a.shared)
        sys.exit(77)
    a.default, a.algos = algorithms(a.mdsum)
    R = {}
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        m = re.search(r"model name\s*:\s*(.*)", f.read())
        cpu = m.group(1) if m else cpu
    ver = subprocess.run([a.mdsum, "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    print("## Measured %s on %s, %d cores, %s (load average at start %s)\n" % (
        time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), cpu, os.cpu_count(),
        os.uname().release, loadavg()))
    print("%s, commit %s, default algorithm %s. Command: `bench/perf.py %s`\n" % (
        ver, commit, a.default, " ".join(sys.argv[1:])))
    R["env"] = {"cpu": cpu, "cores": os.cpu_count(), "version": ver, "commit": commit,
                "load_start": loadavg(), "date": time.time()}
    for s in a.only.split(","):
        sys.stdout.flush()
        SECTIONS[s](a, R)
    R["env"]["load_end"] = loadavg()
    print("Load average at the end: %s.\n" % loadavg())
    if a.json:
        with open(a.json, "w") as f:
            json.dump(R, f, indent=1, default=str)


if __name__ == "__main__":
    main()
