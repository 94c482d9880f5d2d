#!/bin/sh
# mdsum eval: a one-sentence-per-document dataset whose reference equals what
# the summarizer must pick scores exactly 1.0; -j 2 gives the same scores;
# bad input gives clear errors; the real datasets run (when ../shared exists).
set -u
MDSUM=$1
SHARED=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if [ "$1" = "$2" ]; then echo "ok $3"; else echo "FAIL $3: got '$1', want '$2'"; fail=1; fi; }

# Each cluster has one document of one sentence; the reference is that sentence.
: > "$tmp/d.src"; : > "$tmp/d.tgt"
for i in 1 2 3 4 5 6; do
    s="Sentence number $i says that the river rose by $i meters near the old mill on Tuesday."
    echo "$s" >> "$tmp/d.src"
    echo "$s" >> "$tmp/d.tgt"
done
"$MDSUM" eval --data "multinews:$tmp/d.src" --json -q > "$tmp/out.json" 2> "$tmp/err"
check "$?" 0 "eval exit status"
r1=$(sed 's/.*"ROUGE-1":{"recall":\([0-9.]*\).*/\1/' "$tmp/out.json")
f2=$(sed 's/.*"ROUGE-2":{[^}]*"f":\([0-9.]*\).*/\1/' "$tmp/out.json")
check "$r1" "1.00000" "identical summary and reference: ROUGE-1 recall 1"
check "$f2" "1.00000" "identical summary and reference: ROUGE-2 F1 1"
# --score: the same spellings as `mdsum rouge --score`.
for sc in 155 1.5.5 rouge-1.5.5; do
    "$MDSUM" eval --data "multinews:$tmp/d.src" --score "$sc" --json -q | sed 's/,"clusters_per_s.*//' > "$tmp/sc.json"
    check "$(sed 's/,"clusters_per_s.*//' "$tmp/out.json")" "$(cat "$tmp/sc.json")" "--score $sc is ROUGE-1.5.5"
done
"$MDSUM" eval --data "multinews:$tmp/d.src" --score perl -q > /dev/null 2>&1
check "$?" 2 "--score unknown: exit 2"
# A wrong reference scores below 1.
sed 's/river/sea/; s/mill/bridge/' "$tmp/d.tgt" > "$tmp/e.tgt"
"$MDSUM" eval --data "multinews:$tmp/d.src" --refs "$tmp/e.tgt" --json -q > "$tmp/out2.json"
r1b=$(sed 's/.*"ROUGE-1":{"recall":\([0-9.]*\).*/\1/' "$tmp/out2.json")
[ "$r1b" != "1.00000" ] && echo "ok changed reference scores $r1b" || { echo "FAIL changed reference scored 1"; fail=1; }
# Summaries and per-cluster scores files.
"$MDSUM" eval --data "multinews:$tmp/d.src" --summaries "$tmp/s.jsonl" --scores "$tmp/sc.jsonl" -q > /dev/null
check "$(wc -l < "$tmp/s.jsonl" | tr -d ' ')" 6 "one summary per cluster"
check "$(wc -l < "$tmp/sc.jsonl" | tr -d ' ')" 6 "one score line per cluster"
# Errors.
"$MDSUM" eval --data "multinews:$tmp/nope.src" -q > /dev/null 2> "$tmp/err"
check "$?" 1 "missing dataset: exit 1"
head -n 3 "$tmp/d.tgt" > "$tmp/short.tgt"
"$MDSUM" eval --data "multinews:$tmp/d.src" --refs "$tmp/short.tgt" -q > /dev/null 2> "$tmp/err"
check "$?" 1 "misaligned references: exit 1"
grep -q "references end before line 4" "$tmp/err" && echo "ok misaligned message" || { echo "FAIL message: $(cat "$tmp/err")"; fail=1; }
"$MDSUM" eval --data "bogus:$tmp" -q > /dev/null 2>&1
check "$?" 2 "unknown kind: exit 2"
"$MDSUM" eval -q > /dev/null 2>&1
check "$?" 2 "no --data: exit 2"

if [ -d "$SHARED/data/duc2003/task2" ]; then
    a=$("$MDSUM" eval --data "duc:$SHARED/data/duc2003/task2" --limit 12 --json -q | sed 's/,"clusters_per_s.*//')
    b=$("$MDSUM" eval --data "duc:$SHARED/data/duc2003/task2" --limit 12 --json -q -j 2 | sed 's/,"clusters_per_s.*//')
    check "$b" "$a" "DUC: -j 2 scores identical to -j 1"
    "$MDSUM" eval --data "tac:$SHARED/data/tac2011/greek" --limit 2 -q | grep -q "^ROUGE-SU4" && echo "ok TAC greek runs" || { echo "FAIL TAC greek"; fail=1; }
else
    echo "skip: shared data not found at $SHARED/data (real datasets not run)"
fi
exit $fail
