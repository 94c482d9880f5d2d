#!/bin/sh
# The summarizer over real data: the first 200 clusters of Multi-News val
# (truncated) and of the full-length dev set (web noise included), with every
# algorithm: no error, one output line per cluster, and the word budget
# respected for every cluster. Also checks that -j 2 gives byte-identical
# output. Skips (77) when ../shared is absent.
#   sh tests/cli/shared_data.sh MDSUM_BIN SOURCE_DIR SHARED_DIR
set -u
MDSUM=$1
SHARED=$3
val=$SHARED/data/multinews/val.src.gz
dev=$SHARED/data/multinews-full/dev.src
if [ ! -f "$val" ] || [ ! -f "$dev" ]; then
    echo "SKIP: shared data not found at $SHARED/data (Multi-News val and full dev)"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gzip -dc "$val" | head -n 200 > "$tmp/val.src"
head -n 200 "$dev" > "$tmp/dev.src"
fail=0
for set in val dev; do
    n_in=$(wc -l < "$tmp/$set.src")
    for algo in $("$MDSUM" summarize --algo help | awk '/^  [a-z]/ {print $1}'); do
        for budget in 100 300; do
            out=$tmp/$set.$algo.$budget
            if ! "$MDSUM" summarize -f multinews -a "$algo" -w "$budget" "$tmp/$set.src" > "$out" 2> "$out.err"; then
                echo "FAIL $set $algo $budget: exit status $?"; cat "$out.err"; fail=1; continue
            fi
            n_out=$(wc -l < "$out")
            if [ "$n_out" -ne "$n_in" ]; then
                echo "FAIL $set $algo $budget: $n_out summaries for $n_in clusters"; fail=1
            fi
            over=$(awk -v b="$budget" 'NF > b {n++} END {print n + 0}' "$out")
            empty=$(awk 'NF == 0 {n++} END {print n + 0}' "$out")
            if [ "$over" -ne 0 ]; then echo "FAIL $set $algo $budget: $over summaries over budget"; fail=1; fi
            if [ "$empty" -ne 0 ]; then echo "FAIL $set $algo $budget: $empty empty summaries"; fail=1; fi
            echo "ok $set $algo -w $budget: $n_out summaries, max $(awk 'NF > m {m = NF} END {print m}' "$out") words"
        done
    done
    "$MDSUM" summarize -f multinews -j 2 -w 300 "$tmp/$set.src" > "$tmp/$set.j2"
    if ! cmp -s "$tmp/$set.j2" "$tmp/$set.$("$MDSUM" summarize --algo help | sed -n 's/^Algorithms (default: \(.*\)):$/\1/p').300"; then
        echo "FAIL $set: -j 2 output differs from -j 1"; fail=1
    else
        echo "ok $set: -j 2 output identical to -j 1"
    fi
done
exit $fail
