#!/usr/bin/python3
"""Throughput of mdsum from Python against the CLI, and the binding's
overhead per call.

    /usr/bin/python3 bench/python_bench.py [--build build] [--clusters N]
                                          [--repeat R] [--no-dask]

Reads the first N clusters of Multi-News val (MDSUM_SHARED_DIR or
../shared), and measures, best of R passes, clusters per second for:
  - the CLI batch (`mdsum summarize -f multinews --json`, -j 1 and -j 2),
    and on the same clusters as JSONL;
  - the Python API in one thread (mdsum.summarize on lists of documents,
    and mdsum.summarize_line on the Multi-News lines);
  - two threads (a ThreadPoolExecutor over mdsum.summarize, one future per
    cluster, and the same with one future per half of the clusters);
  - Dask: a LocalCluster of 1 and of 2 worker processes (one thread each)
    on loopback, db.read_text(...) | mdsum.dask.summarize_bag, warm
    workers; start-up time reported apart.
Then the Python overhead per call: the time of mdsum.summarize minus the
time spent inside its one C call (mdsum_summarize_docs), per cluster; and
the C time of the same work measured by bench/api_bench.c (compiled here
with cc against the build's libmdsum), for the one-call path and for the
step-by-step calls (mdsum_cluster_add per document, mdsum_summarize,
mdsum_render ...), each against the Python package run the same way.
Every result is checked against the CLI's output before it is timed.
"""

import argparse
import gzip
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def timed_noop(*a):
    """The shape of the timing wrapper in the overhead measurement, around
    nothing."""
    t0 = time.thread_time()
    r = None
    _NOOP[0] += time.thread_time() - t0
    return r


_NOOP = [0.0]


def cpu_seconds():
    """CPU time of this process (all its threads) and of its finished
    children (the CLI)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + ch.ru_utime + ch.ru_stime


LAST_CPU = [0.0]


def best(fn, repeat):
    """The shortest wall time of `repeat` runs; LAST_CPU[0] gets the CPU
    seconds per wall second of that run (2.0 = both cores busy; Dask's
    worker processes are not counted)."""
    t = []
    for _ in range(repeat):
        c0 = cpu_seconds()
        t0 = time.perf_counter()
        fn()
        w = time.perf_counter() - t0
        t.append((w, (cpu_seconds() - c0) / w))
    w, LAST_CPU[0] = min(t)
    return w


def cg_worker(args, mdsum, core):
    """Run under callgrind: summarize the first N clusters of the JSONL
    file in $MDSUM_BENCH_JSONL after a warm-up, one call or step by step."""
    n, mode = int(args.cg_worker[0]), args.cg_worker[1]
    with open(os.environ["MDSUM_BENCH_JSONL"]) as fp:
        cls = [json.loads(line) for line in fp]
    opts = core._options_kw({})          # the defaults
    for c in cls[:5]:          # the context, stemmer and IDF table: not counted
        mdsum.summarize(c["documents"], id=c["id"])
    for c in cls[5:5 + n]:
        core._make_summary(core._summarize_docs(c["documents"], c["id"], opts, core._TEXT_JSON,
                                                mode == "oneshot"))


def count_instructions(args, jl_path):
    """Instructions per cluster on the Python side and inside the foreign
    calls (ffi_call, inclusive), from two callgrind runs per path: N
    clusters and none (the difference is the N calls)."""
    def run(n, mode):
        out = os.path.join(tempfile.mkdtemp(prefix="mdsum-cg-"), "cg.out")
        env = dict(os.environ, MDSUM_BENCH_JSONL=jl_path)
        subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out,
                        sys.executable, os.path.abspath(__file__), "--build", args.build,
                        "--cg-worker", str(n), mode], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ann = subprocess.run(["callgrind_annotate", "--inclusive=yes", out],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode()
        total = ffi = 0
        for line in ann.splitlines():
            f = line.split()
            if "PROGRAM TOTALS" in line:
                total = int(f[0].replace(",", ""))
            elif ":ffi_call [" in line:
                ffi = int(f[0].replace(",", ""))
        return total, ffi
    n = args.callgrind
    print()
    for mode, label in (("oneshot", "one call"), ("calls", "step by step")):
        t0, f0 = run(0, mode)
        t1, f1 = run(n, mode)
        c = (f1 - f0) / n
        py = (t1 - t0) / n - c
        print("instructions per cluster (callgrind, %d clusters), %-12s C %.0fk, Python %.0fk "
              "= %.1f%% of C" % (n, label + ":", c / 1e3, py / 1e3, py / c * 100))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--shared", default=os.environ.get("MDSUM_SHARED_DIR", os.path.join(ROOT, "..", "shared")))
    ap.add_argument("--clusters", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--callgrind", type=int, default=0, metavar="N",
                    help="also count instructions with valgrind over N clusters "
                         "(independent of the machine's load)")
    ap.add_argument("--cg-worker", nargs=2, metavar=("N", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args()

    build = os.path.abspath(args.build)
    cli = os.path.join(build, "mdsum")
    lib = os.path.join(build, "libmdsum.so")
    os.environ["MDSUM_LIBRARY"] = lib
    sys.path.insert(0, os.path.join(ROOT, "python"))
    os.environ["PYTHONPATH"] = os.path.join(ROOT, "python") + (
        os.pathsep + os.environ["PYTHONPATH"] if os.environ.get("PYTHONPATH") else "")
    import mdsum
    import mdsum._core as core
    if args.cg_worker:
        return cg_worker(args, mdsum, core)

    src = os.path.join(args.shared, "data", "multinews", "val.src.gz")
    if not os.path.exists(src):
        sys.exit("python_bench: %s not found (set MDSUM_SHARED_DIR)" % src)
    lines = []
    with gzip.open(src, "rb") as fp:
        for line in fp:
            lines.append(line.rstrip(b"\n"))
            if len(lines) == args.clusters:
                break
    n = len(lines)
    tmp = tempfile.mkdtemp(prefix="mdsum-bench-")
    mn_path = os.path.join(tmp, "val.src")
    with open(mn_path, "wb") as fp:
        fp.write(b"\n".join(lines) + b"\n")
    # The same clusters as lists of documents (and as JSONL for the CLI and
    # api_bench), split the way the library reads Multi-News lines.
    clusters = []
    for i, l in enumerate(lines):
        docs = [re.sub(r" *NEWLINE_CHAR *", "\n", d.strip(" \t")) for d in l.decode().split("|||||")]
        clusters.append(("val-%d" % i, [d for d in docs if d.strip(" \n\t\r")]))
    jl_path = os.path.join(tmp, "val.jsonl")
    with open(jl_path, "w") as fp:
        for cid, docs in clusters:
            fp.write(json.dumps({"id": cid, "documents": docs}) + "\n")
    total_bytes = sum(len(l) for l in lines)

    def cpu():
        for L in open("/proc/cpuinfo"):
            if L.startswith("model name"):
                return L.split(":", 1)[1].strip()
        return platform.processor()
    print("machine: %s, %d cores (os.cpu_count), %s, load average %s" %
          (cpu(), os.cpu_count(), platform.platform(), " ".join("%.2f" % x for x in os.getloadavg())))
    print("python %s, mdsum %s (%s)" % (platform.python_version(), mdsum.version(), mdsum.library_path()))
    print("data: first %d clusters of Multi-News val, %.1f MB, %.1f documents per cluster; best of %d passes"
          % (n, total_bytes / 1e6, sum(len(d) for _, d in clusters) / n, args.repeat))
    print()
    rows = []

    print("%-46s %20s %19s %8s" % ("", "throughput", "time", "CPU/wall"))

    def report(name, seconds, note=""):
        cpu = "%8.2f" % LAST_CPU[0] if not name.startswith("Dask") else "%8s" % "-"
        rows.append((name, n / seconds, seconds / n * 1e6, note))
        print("%-46s %9.0f clusters/s %8.1f us/cluster %s  %s"
              % (name, n / seconds, seconds / n * 1e6, cpu, note))
        sys.stdout.flush()

    # ---- CLI batch ------------------------------------------------------
    def run_cli(fmt, path, jobs):
        p = subprocess.run([cli, "summarize", "-f", fmt, "--json", "-j", str(jobs), path],
                           stdout=subprocess.PIPE, check=True)
        return p.stdout
    want_mn = run_cli("multinews", mn_path, 1).decode().splitlines()
    want_jl = run_cli("jsonl", jl_path, 1).decode().splitlines()
    for jobs in (1, 2):
        report("CLI batch, Multi-News lines, -j %d" % jobs,
               best(lambda: run_cli("multinews", mn_path, jobs), args.repeat))
    for jobs in (1, 2):
        report("CLI batch, JSONL, -j %d" % jobs, best(lambda: run_cli("jsonl", jl_path, jobs), args.repeat))

    # ---- Python, one thread -------------------------------------------------
    def py_docs(items):
        return [mdsum.summarize(docs, id=cid).to_json() for cid, docs in items]

    def py_lines(items):
        return [mdsum.summarize_line(l, "multinews").to_json() for l in items]
    assert py_docs(clusters) == want_jl, "Python (documents) differs from the CLI"
    assert py_lines(lines) == want_mn, "Python (lines) differs from the CLI"
    report("Python, 1 thread, summarize(documents)", best(lambda: py_docs(clusters), args.repeat))
    report("Python, 1 thread, summarize_line(Multi-News)", best(lambda: py_lines(lines), args.repeat))

    # ---- Python, two threads ------------------------------------------------
    def one(item):
        return mdsum.summarize(item[1], id=item[0]).to_json()

    def pool_per_item():
        with ThreadPoolExecutor(2) as ex:
            return list(ex.map(one, clusters))

    half = (n + 1) // 2

    def pool_halves():
        with ThreadPoolExecutor(2) as ex:
            parts = list(ex.map(py_docs, [clusters[:half], clusters[half:]]))
        return parts[0] + parts[1]
    assert pool_per_item() == want_jl and pool_halves() == want_jl, "threads differ from the CLI"
    report("Python, 2 threads, one future per cluster", best(pool_per_item, args.repeat))
    report("Python, 2 threads, one future per half", best(pool_halves, args.repeat))
    # Load-independent evidence that the threads do not serialise: how much
    # of the time both threads are inside the library at once.
    spans = {}
    real = core._L.mdsum_summarize_docs

    def timed_call(*a):
        t0 = time.perf_counter()
        r = real(*a)
        spans.setdefault(threading.get_ident(), []).append((t0, time.perf_counter()))
        return r
    core._L.mdsum_summarize_docs = timed_call
    t0 = time.perf_counter()
    pool_halves()
    wall = time.perf_counter() - t0
    core._L.mdsum_summarize_docs = real
    (a, b) = (list(spans.values()) + [[]])[:2]
    i = j = 0
    both = 0.0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if hi > lo:
            both += hi - lo
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    print("%-46s both threads inside the C call %.0f%% of the wall time" % ("", both / wall * 100))

    # ---- Dask -----------------------------------------------------------------
    if not args.no_dask:
        try:
            import dask.bag as db
            from distributed import Client, LocalCluster
            import mdsum.dask as mdask
        except ImportError as e:
            print("Dask: skipped (%s)" % e)
        else:
            for workers in (1, 2):
                t0 = time.perf_counter()
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=None)
                client = Client(cluster)
                start = time.perf_counter() - t0
                passes = [0]

                def run_dask():
                    # Dask names tasks after their inputs, and a scheduler
                    # may still hold the results of the same graph from the
                    # pass before: give each pass its own file name (a hard
                    # link) so that every pass computes.
                    passes[0] += 1
                    path = "%s.%d.%d" % (mn_path, workers, passes[0])
                    os.link(mn_path, path)
                    bag = db.read_text(path, blocksize=max(1 << 18, total_bytes // 16))
                    run_dask.npartitions = bag.npartitions
                    return mdask.summarize_bag(bag, format="multinews").compute()
                assert run_dask() == want_mn, "Dask differs from the CLI"   # also warms up
                report("Dask, %d worker process%s x 1 thread" % (workers, "es" if workers > 1 else ""),
                       best(run_dask, args.repeat),
                       "%d partitions; cluster start %.1f s not counted" % (run_dask.npartitions, start))
                client.close()
                cluster.close()

    # ---- Overhead per call ----------------------------------------------------
    # CPU time of this thread (time.thread_time), so that other programs on
    # the machine do not count; wall-clock figures follow for reference.
    print()
    L = core._L
    orig = L.mdsum_summarize_docs
    tt = time.thread_time
    inside = [0.0]

    def timed(*a):
        t0 = tt()
        r = orig(*a)
        inside[0] += tt() - t0
        return r

    results = []
    for _ in range(args.repeat):
        inside[0] = 0.0
        L.mdsum_summarize_docs = timed
        t0 = tt()
        for cid, docs in clusters:
            mdsum.summarize(docs, id=cid)
        total = tt() - t0
        L.mdsum_summarize_docs = orig
        # What the wrapper and its two clock reads add, measured alone.
        t1 = tt()
        for _ in range(n):
            timed_noop()
        wrap = tt() - t1
        results.append((total - wrap, inside[0]))
    total, c_time = min(results)
    over = total - c_time
    print("overhead in process (CPU time): mdsum.summarize %.1f us/cluster, of which inside the "
          "C call %.1f us: Python adds %.1f us = %.1f%% of the C time"
          % (total / n * 1e6, c_time / n * 1e6, over / n * 1e6, over / c_time * 100))

    exe = os.path.join(tmp, "api_bench")
    cc = subprocess.run(["cc", "-O2", "-DHAVE_ONESHOT", "-I", os.path.join(ROOT, "include"),
                         os.path.join(HERE, "api_bench.c"), "-L", build, "-lmdsum",
                         "-Wl,-rpath," + build, "-o", exe], stderr=subprocess.PIPE)
    if cc.returncode != 0:
        print("api_bench: cannot compile: %s" % cc.stderr.decode())
        return
    opts = core._options_kw({})          # the defaults

    def py_mode(oneshot):
        w0, c0 = time.perf_counter(), tt()
        for cid, docs in clusters:
            core._make_summary(core._summarize_docs(docs, cid, opts, core._TEXT_JSON, oneshot))
        return (time.perf_counter() - w0) / n * 1e6, (tt() - c0) / n * 1e6
    t = {}
    for _ in range(args.repeat):   # interleaved, so drifting load hits all alike
        for mode in ("oneshot", "calls"):
            out = subprocess.run([exe, jl_path, "1", mode], stdout=subprocess.PIPE, check=True).stdout
            f = out.split()
            t.setdefault(("C", mode), []).append((float(f[1]), float(f[3])))
            t.setdefault(("py", mode), []).append(py_mode(mode == "oneshot"))
    per_docs = sum(len(d) for _, d in clusters) / n
    for mode, label in (("oneshot", "one call (mdsum_summarize_docs)"),
                        ("calls", "step by step (%.0f calls)" % (7 + per_docs))):
        for k, what in ((1, "CPU"), (0, "wall")):
            c_us = min(x[k] for x in t[("C", mode)])
            py_us = min(x[k] for x in t[("py", mode)])
            print("C vs Python, %-34s %-4s C %.1f us, Python %.1f us: %+.1f us = %+.1f%%"
                  % (label + ":", what, c_us, py_us, py_us - c_us, (py_us - c_us) / c_us * 100))
    if args.callgrind:
        count_instructions(args, jl_path)
    print("\n(temporary files in %s)" % tmp)


if __name__ == "__main__":
    main()
