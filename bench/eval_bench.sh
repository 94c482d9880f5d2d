#!/bin/sh
# Throughput of `mdsum eval` (summarize + ROUGE-1.5.5 with bootstrap) and the
# baseline table of issue 3: lead, centroid, lexrank on every dataset under
# its standard protocol.
#   sh bench/eval_bench.sh [MDSUM_BIN] [SHARED_DIR]
set -eu
MDSUM=${1:-build/mdsum}
SHARED=${2:-../shared}
D=$SHARED/data
echo "# mdsum eval baselines ($(date -u +%Y-%m-%d), $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
echo "# $($MDSUM --version)"
echo
echo "| data (protocol) | algo | R-1 R | R-2 R | R-SU4 R | R-L R | R-1 F | R-2 F | R-SU4 F | R-L F | clusters/s |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
row() {
    name=$1; shift
    for a in lead centroid lexrank; do
        "$MDSUM" eval "$@" -a "$a" -j 2 -q --json | /usr/bin/python3 -c '
import json, sys
j = json.load(sys.stdin); s = j["scores"]
def g(m, k): return "%.2f" % (100 * s[m][k]) if m in s else "–"
ms = ["ROUGE-1", "ROUGE-2", "ROUGE-SU4", "ROUGE-L"]
print("| %s | %s | %s | %s | %.0f |" % (sys.argv[1], j["algorithm"], " | ".join(g(m, "recall") for m in ms),
      " | ".join(g(m, "f") for m in ms), j["clusters_per_s"]))' "$name"
    done
}
[ -f "$D/multinews/val.src.gz" ] && row "Multi-News val (300 w)" --data "multinews:$D/multinews/val.src.gz"
[ -f "$D/multinews-full/dev.src" ] && row "Multi-News full dev (300 w)" --data "multinews:$D/multinews-full/dev.src"
[ -d "$D/duc2003/task2" ] && row "DUC 2003 task 2 (100 w)" --data "duc:$D/duc2003/task2"
[ -d "$D/tac2011/english" ] && row "TAC 2011 English (250 w)" --data "tac:$D/tac2011/english"
echo
echo "Eval throughput on Multi-News val (5,622 clusters, lexrank, summarize + ROUGE with 1000 resamples):"
for j in 1 2; do
    s=$(date +%s.%N)
    "$MDSUM" eval --data "multinews:$D/multinews/val.src.gz" -j $j -q > /dev/null
    e=$(date +%s.%N)
    echo "  -j $j: $(echo "$s $e" | awk '{printf "%.2f s, %.0f clusters/s", $2 - $1, 5622 / ($2 - $1)}')"
done
