#!/bin/sh
# extract_bench.sh -- speed of `mdsum extract` in MB of HTML per second, one
# core, on the shared extraction corpus (990 real pages, decompressed first),
# next to libxml2's own HTML parser (xmllint --html --noout, a parse only)
# on the same files in the same run.
#
# Usage: sh bench/extract_bench.sh [MDSUM_BIN] [SHARED_DIR] [RUNS]
# Prints one line per tool: bytes, best CPU time (user + system) of RUNS runs
# and the MB/s it gives, and the best wall time.
set -eu
BIN=${1:-build/mdsum}
SHARED=${2:-../shared}
RUNS=${3:-3}
CORPUS=$SHARED/html-extraction/html
if [ ! -d "$CORPUS" ]; then
    echo "SKIP: $CORPUS not found" >&2
    exit 77
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mdsum-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
mkdir "$TMP/pages"
for f in "$CORPUS"/*.html.gz; do
    b=$(basename "$f" .gz)
    gzip -dc "$f" > "$TMP/pages/$b"
done
BYTES=$(cat "$TMP"/pages/* | wc -c)
NFILES=$(ls "$TMP/pages" | wc -l)
# Pin to one core when taskset exists (the tool is single-threaded anyway).
PIN=""
if command -v taskset >/dev/null 2>&1; then PIN="taskset -c 0"; fi

now() { date +%s.%N; }

# cpu_of CMD...: user+system CPU seconds of one run (the shell's `times`
# builtin reports its children); robust when other jobs share the machine.
cpu_of() {
    ( "$@" > /dev/null 2>&1 || true; times ) | awk 'NR == 2 {
        split($1, u, "m"); split($2, s, "m");
        sub("s", "", u[2]); sub("s", "", s[2]);
        printf "%.3f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }'
}

# best_of CMD...: the shortest CPU time and the shortest wall time of RUNS
# runs, in seconds ("cpu wall").
best_of() {
    bc=""
    bw=""
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        t0=$(now)
        c=$(cpu_of "$@")
        t1=$(now)
        w=$(echo "$t1 $t0" | awk '{printf "%.3f", $1 - $2}')
        if [ -z "$bc" ] || [ "$(echo "$c $bc" | awk '{print ($1 < $2)}')" = 1 ]; then bc=$c; fi
        if [ -z "$bw" ] || [ "$(echo "$w $bw" | awk '{print ($1 < $2)}')" = 1 ]; then bw=$w; fi
        i=$((i + 1))
    done
    echo "$bc $bw"
}

report() {
    echo "$1 $BYTES $2" | awk '{printf "%-34s %d files, %.1f MB: CPU %.2f s = %.1f MB/s per core (wall %.2f s)\n", $1, n, $2 / 1e6, $3, $2 / 1e6 / $3, $4}' n="$NFILES"
}

echo "machine: $(uname -m), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //')"
T=$(best_of $PIN "$BIN" extract -k -o /dev/null "$TMP/pages")
report "mdsum-extract" "$T"
T=$(best_of $PIN "$BIN" extract -k --all -o /dev/null "$TMP/pages")
report "mdsum-extract--all" "$T"
if command -v xmllint >/dev/null 2>&1; then
    T=$(best_of $PIN xmllint --html --noout --nowarning --noblanks "$TMP"/pages/*)
    report "xmllint--html--noout(parse-only)" "$T"
fi
