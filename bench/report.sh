#!/bin/sh
# What the HTML report costs, and that it grows linearly: clusters of 10,
# 25, 50 and 100 documents of 2,000 real words each (built from the shared
# full-length Multi-News dev set by tests/report/make_cluster.js; needs
# node; past 50 documents the text repeats), summarized with the cheap
# `lead` ranker so the report is not lost in ranking time.
#  1. The renderer alone (bench/report_bench.c, linked with the static
#     library of the build): best of 20 calls of mdsum_report_render()
#     against mdsum_render(JSON) on the same summary as the peer.
#  2. The command line, best of 5 wall-clock runs of
#       mdsum summarize -f jsonl -a lead --json            (the peer)
#       mdsum summarize -f jsonl -a lead --json --report   (+ the report)
#     The difference is the report's cost end to end (render, write, fsync). With Chromium and playwright-core installed (see
# tests/cli/report_browser.sh), the browser side is measured by that test:
# it prints load and "expand all" layout times for the 50-document case.
#   sh bench/report.sh [MDSUM_BIN] [SHARED_DIR]
set -eu
MDSUM=${1:-build/mdsum}
SHARED=${2:-../shared}
SRC=$(cd "$(dirname "$0")/.." && pwd)
dev=$SHARED/data/multinews-full/dev.src
[ -f "$dev" ] || { echo "bench/report.sh: $dev not found" >&2; exit 77; }
command -v node >/dev/null || { echo "bench/report.sh: node not found" >&2; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

build=$(dirname "$MDSUM")
libs="-lstemmer -lglpk $(pkg-config --libs libutf8proc jansson libxml-2.0 zlib) -lm -lpthread"
# shellcheck disable=SC2086
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$SRC/include" "$SRC/bench/report_bench.c" \
    "$build/libmdsum.a" $libs -o "$tmp/report_bench"

best_ms() {   # best_ms CMD...: the best of 5 wall-clock times, in ms
    best=""
    for _ in 1 2 3 4 5; do
        t0=$(date +%s%N)
        "$@" > /dev/null
        t1=$(date +%s%N)
        ms=$(( (t1 - t0) / 1000000 ))
        if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
    done
    echo "$best"
}

echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "== 1. renderer alone: mdsum_report_render vs mdsum_render(JSON), best of 20"
for n in 10 25 50 100; do
    node "$SRC/tests/report/make_cluster.js" "$dev" "$n" 2000 > "$tmp/c$n.jsonl"
    "$tmp/report_bench" "$tmp/c$n.jsonl" lead 20
done
echo "== 2. command line: summarize --json with and without --report, best of 5 (ms)"
printf '%6s %8s %10s %12s %12s %10s %12s\n' docs words input_KB json_ms report_ms delta_ms report_KB
for n in 10 25 50 100; do
    j=$(best_ms "$MDSUM" summarize -f jsonl -a lead -w 300 --json "$tmp/c$n.jsonl")
    r=$(best_ms "$MDSUM" summarize -f jsonl -a lead -w 300 --json --report "$tmp/r.html" "$tmp/c$n.jsonl")
    printf '%6d %8d %10d %12d %12d %10d %12d\n' "$n" $((n * 2000)) $(( $(wc -c < "$tmp/c$n.jsonl") / 1024 )) \
        "$j" "$r" $((r - j)) $(( $(wc -c < "$tmp/r.html") / 1024 ))
done
