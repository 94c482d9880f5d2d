#!/bin/sh
# `--jobs` never changes the result: for batch input, `mdsum summarize -j N`
# and `mdsum eval -j N` give the same stdout, stderr and exit status as
# -j 1, byte for byte, including bad records in the middle of the input
# (with and without --keep-going, text and JSON output) and inputs long
# enough for the pipeline's ring to wrap many times.
#   sh tests/cli/jobs.sh MDSUM_BIN SOURCE_DIR [SHARED_DIR]
set -u
MDSUM=$1
SHARED=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0

# Generated clusters: 700 lines, two or three documents each; a few bad
# records at fixed places (an empty cluster, a line with invalid UTF-8).
awk 'BEGIN {
    srand(11);
    for (i = 1; i <= 700; i++) {
        if (i == 150) { print " ||||| "; continue }
        if (i == 420) { printf "Bad byte \377 here in a sentence that ends well.\n"; continue }
        nd = 2 + int(rand() * 2); line = "";
        for (d = 0; d < nd; d++) {
            doc = "";
            ns = 3 + int(rand() * 8);
            for (s = 0; s < ns; s++) {
                nw = 6 + int(rand() * 14);
                sent = "Word" int(rand() * 300);
                for (k = 1; k < nw; k++) sent = sent " w" int(rand() * (200 + 50 * d));
                doc = doc (s ? (s % 4 ? " " : " NEWLINE_CHAR NEWLINE_CHAR ") : "") sent ".";
            }
            line = line (d ? " ||||| " : "") doc;
        }
        print line
    }
}' > "$tmp/gen.src"
# The same without the bad records, as JSONL.
awk 'NR != 150 && NR != 420' "$tmp/gen.src" | awk '{
    n = split($0, docs, / \|\|\|\|\| /); printf "{\"id\":\"c%d\",\"documents\":[", NR;
    for (i = 1; i <= n; i++) { gsub(/ NEWLINE_CHAR /, "\\n", docs[i]); printf "%s\"%s\"", (i > 1 ? "," : ""), docs[i] }
    print "]}" }' > "$tmp/gen.jsonl"

# run NAME ARGS...: compare -j 2, 3 and 8 with -j 1.
run() {
    name=$1
    shift
    "$MDSUM" "$@" -j 1 > "$tmp/out1" 2> "$tmp/err1"
    echo $? > "$tmp/st1"
    # eval's last line is its speed, which varies from run to run.
    [ "$1" = eval ] && sed -i '/^speed: /d' "$tmp/out1"
    for j in 2 3 8; do
        n=$((n + 1))
        "$MDSUM" "$@" -j $j > "$tmp/outj" 2> "$tmp/errj"
        echo $? > "$tmp/stj"
        [ "$1" = eval ] && sed -i '/^speed: /d' "$tmp/outj"
        if cmp -s "$tmp/out1" "$tmp/outj" && cmp -s "$tmp/err1" "$tmp/errj" && cmp -s "$tmp/st1" "$tmp/stj"; then
            :
        else
            echo "FAIL $name -j $j differs from -j 1 (status $(cat "$tmp/st1") vs $(cat "$tmp/stj"))"
            diff "$tmp/out1" "$tmp/outj" | head -5
            diff "$tmp/err1" "$tmp/errj" | head -5
            fail=$((fail + 1))
        fi
    done
    echo "ok $name: $(wc -l < "$tmp/out1") lines out, exit $(cat "$tmp/st1")"
}

run "keep-going text" summarize -f multinews -k -w 40 "$tmp/gen.src"
run "keep-going json" summarize -f multinews -k --json -w 40 "$tmp/gen.src"
run "stop at first error" summarize -f multinews -w 40 "$tmp/gen.src"
run "lenient markdown" summarize -f multinews --lenient --markdown -n 2 "$tmp/gen.src"
run "jsonl, two inputs" summarize -w 60 "$tmp/gen.jsonl" "$tmp/gen.jsonl"
run "explain" summarize -f jsonl --explain -n 1 "$tmp/gen.jsonl"
# Every third line over --max-bytes: those records are finished as soon as
# they are read, and once let the writer overtake the workers (a crash).
awk 'BEGIN {
    for (i = 0; i < 3000; i++) {
        if (i % 3 == 2) { s = ""; for (k = 0; k < 30; k++) s = s "xxxxxxxxxx"; print s " end." }
        else printf "Short doc %d says hello. Another sentence %d. ||||| Other doc %d is here. It ends.\n", i, i, i
    }
}' > "$tmp/over.src"
run "over-limit lines, keep going" summarize -f multinews -k --max-bytes 200 "$tmp/over.src"
run "over-limit lines, stop" summarize -f multinews --max-bytes 200 "$tmp/over.src"
# --each: a cluster per directory (the first 200 generated clusters, one
# file per document), with an empty directory, a missing one and a
# directory holding a bad file among them.
mkdir "$tmp/each"
awk -v dir="$tmp/each" 'NR <= 200 {
    c = sprintf("%s/c%03d", dir, NR); system("mkdir " c);
    n = split($0, docs, / \|\|\|\|\| /);
    for (i = 1; i <= n; i++) { gsub(/ NEWLINE_CHAR /, "\n", docs[i]); f = sprintf("%s/d%d.txt", c, i); printf "%s\n", docs[i] > f; close(f) }
}' "$tmp/gen.src"
mkdir "$tmp/each/c100b"
printf 'Bad byte \377 in a sentence.\n' > "$tmp/each/c170/d9.txt"
set -- "$tmp"/each/c*
run "--each, keep going" summarize --each -k --json -w 40 "$@" "$tmp/each/missing"
run "--each, stop at first error" summarize --each -w 40 "$@"
run "--each, explain" summarize --each -k --explain -n 1 "$@"
# Standard input through the pipeline.
n=$((n + 1))
"$MDSUM" summarize -f jsonl -w 30 -j 3 - < "$tmp/gen.jsonl" > "$tmp/stdin3"
"$MDSUM" summarize -f jsonl -w 30 -j 1 "$tmp/gen.jsonl" > "$tmp/file1"
if cmp -s "$tmp/stdin3" "$tmp/file1"; then echo "ok stdin"; else echo "FAIL stdin -j 3"; fail=$((fail + 1)); fi

if [ -n "$SHARED" ] && [ -f "$SHARED/data/multinews/val.src.gz" ]; then
    gzip -dc "$SHARED/data/multinews/val.src.gz" | head -n 2000 > "$tmp/val.src"
    gzip -dc "$SHARED/data/multinews/val.tgt.gz" | head -n 2000 > "$tmp/val.tgt"
    run "Multi-News val (first 2,000)" summarize -w 300 -f multinews "$tmp/val.src"
    run "eval Multi-News val (first 300)" eval --data "multinews:$tmp/val.src" --refs "$tmp/val.tgt" --limit 300 -q
    # Per-cluster scores and summaries written by eval.
    for j in 1 2 3; do
        "$MDSUM" eval --data "multinews:$tmp/val.src" --refs "$tmp/val.tgt" --limit 200 -q -j $j \
            --scores "$tmp/scores$j" --summaries "$tmp/sums$j" > /dev/null
    done
    for j in 2 3; do
        n=$((n + 1))
        if cmp -s "$tmp/scores1" "$tmp/scores$j" && cmp -s "$tmp/sums1" "$tmp/sums$j" && [ -s "$tmp/scores1" ]; then
            :
        else
            echo "FAIL eval --scores/--summaries -j $j differ from -j 1"
            fail=$((fail + 1))
        fi
    done
    echo "ok eval --scores/--summaries: $(wc -l < "$tmp/scores1") records"
else
    echo "skip: no shared data for the Multi-News cases"
fi
echo "jobs: $n comparisons, $fail differences"
[ "$fail" -eq 0 ]
