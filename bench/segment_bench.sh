#!/bin/sh
# segment_bench.sh -- MB/s of sentence segmentation over the Multi-News
# validation sources (target: >= 50 MB/s on one core).
#
#   sh bench/segment_bench.sh [BUILD_DIR [FILE [REPEATS]]]
#
# Builds the segment_bench target in BUILD_DIR (default: build) and runs it
# on FILE (default: ../shared/data/multinews/val.src.gz). Also times the
# CLI end to end (gzip decoding, segmentation, output) for comparison.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$here/build"}
file=${2:-"$here/../shared/data/multinews/val.src.gz"}
repeats=${3:-5}
if [ ! -f "$file" ]; then
    echo "segment_bench: $file not found (shared data absent), skipping" >&2
    exit 77
fi
if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" --target segment_bench mdsum_cli -j2 >/dev/null
echo "machine: $(uname -m), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //'), $(nproc) cores"
echo "build: $(grep -m1 '^CMAKE_BUILD_TYPE' "$build/CMakeCache.txt" | sed 's/.*=//')"
"$build/bench/segment_bench" "$file" "$repeats"
bytes=$(gzip -dc "$file" | wc -c)
start=$(date +%s.%N)
"$build/mdsum" split --lang en "$file" >/dev/null
end=$(date +%s.%N)
echo "$bytes $start $end" | awk '{ printf "  mdsum split (CLI, gunzip + output) %8.1f MB/s  %7.3f s\n", $1 / 1e6 / ($3 - $2), $3 - $2 }'
