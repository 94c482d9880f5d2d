#!/bin/sh
# The "Memory and time as a function of the input" table of docs/limits.md:
# peak RSS and time of one mdsum run on inputs of growing size, most of them
# made here (the same generators as tests/cli/hostile.sh, and bench/synth.py),
# one read from ../shared (Multi-News val).
#
#   bench/limits.sh [MDSUM_BIN [SHARED_DIR]] > table.md
#
# Prints a Markdown table (input, command, peak RSS, CPU s, wall s). Needs
# /usr/bin/time (Debian package `time`). About five minutes on the 2-core VM.
set -u
MDSUM=${1:-build/mdsum}
SHARED=${2:-../shared}
HERE=$(cd "$(dirname "$0")" && pwd)
case "$MDSUM" in /*) ;; *) MDSUM="$(pwd)/$MDSUM" ;; esac
[ -x /usr/bin/time ] || { echo "limits.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# row INPUT COMMAND-LABEL CMD...: one run; peak RSS in MB, user+sys, wall.
row() {
    input=$1 label=$2
    shift 2
    /usr/bin/time -f '%M %U %S %e' -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err"
    st=$?
    read -r kb us ss wall <"$tmp/time"
    if [ "$st" -ne 0 ]; then
        echo "| $input | \`$label\` | exit $st: $(head -c 120 "$tmp/err") | | |"
        return
    fi
    awk -v i="$input" -v l="$label" -v kb="$kb" -v us="$us" -v ss="$ss" -v w="$wall" \
        'BEGIN { printf "| %s | `%s` | %.0f MB | %.2f | %.2f |\n", i, l, kb / 1024, us + ss, w }'
}

# One line of sentences of varied words, no line break (hostile.sh).
line() {
    awk -v n="$1" 'BEGIN { srand(3); t = 0;
        while (t < n) { k = 6 + int(rand() * 10); s = "Word" int(rand() * 999);
          for (i = 1; i < k; i++) s = s " w" int(rand() * 30000);
          s = s ". "; printf "%s", s; t += length(s) } }'
}

echo "| input | command | peak RSS | CPU s | wall s |"
echo "|---|---|---:|---:|---:|"
for mb in 1 10 50 100; do
    line $((mb * 1000000)) >"$tmp/line.txt"
    row "$mb MB text, one line" "summarize -a lead" "$MDSUM" summarize -a lead -w 60 "$tmp/line.txt"
    row "$mb MB text, one line" "summarize" "$MDSUM" summarize -w 60 "$tmp/line.txt"
done
rm -f "$tmp/line.txt"

awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "%sw%d", i ? " ||||| " : "", i; print "" }' >"$tmp/many.src"
row "1,000,000 one-word documents (one Multi-News line)" "summarize -a lead -f multinews" \
    "$MDSUM" summarize -a lead -f multinews -w 20 "$tmp/many.src"
row "1,000,000 one-word documents (one Multi-News line)" "summarize -f multinews" \
    "$MDSUM" summarize -f multinews -w 20 "$tmp/many.src"
rm -f "$tmp/many.src"

art='The harbor bridge reopened on Monday after two years of repairs. The council voted seven to two to fund the work. Officials said the repairs cost four million dollars. Cyclists cheered as the first riders crossed at dawn.'
awk -v a="$art" 'BEGIN { printf "{\"id\":\"same\",\"documents\":["; for (i = 0; i < 10000; i++) printf "%s\"%s\"", i ? "," : "", a; print "]}" }' \
    >"$tmp/same.jsonl"
row "10,000 identical documents (one JSONL line, 40,000 sentences)" "summarize -a lead -f jsonl" \
    "$MDSUM" summarize -a lead -f jsonl -w 100 "$tmp/same.jsonl"
row "10,000 identical documents (one JSONL line, 40,000 sentences)" "summarize -f jsonl" \
    "$MDSUM" summarize -f jsonl -w 100 "$tmp/same.jsonl"
rm -f "$tmp/same.jsonl"

# One synthetic article (bench/synth.py: Zipf pseudo-words, paragraphs).
for kw in 15 45 150; do
    /usr/bin/python3 "$HERE/synth.py" --docs 1 --words $((kw * 1000)) --format text >"$tmp/doc.txt"
    kb=$(($(wc -c <"$tmp/doc.txt") / 1000))
    row "one article of ${kw},000 words (${kb} KB)" "summarize" "$MDSUM" summarize -w 300 "$tmp/doc.txt"
done

if [ -f "$SHARED/data/multinews/val.src.gz" ]; then
    gzip -dc "$SHARED/data/multinews/val.src.gz" | head -n 1000 >"$tmp/val1000.src"
    for j in 1 2; do
        row "1,000 Multi-News val clusters" "summarize -f multinews -j $j" \
            "$MDSUM" summarize -w 300 -f multinews -j $j "$tmp/val1000.src"
    done
else
    echo "limits.sh: $SHARED/data not found: the Multi-News row is left out" >&2
fi
