#!/bin/sh
# mdsum train: fits a model on a small dataset (made here) and writes the
# model file atomically; the model has the shape the learned ranker reads;
# training twice gives the same bytes; the word prior table counts what it
# should, also on one fold; bad usage and bad input give exit
# codes 2 and 1 with a message. Also trains on 200 Multi-News train
# clusters when ../shared is present.
set -u
MDSUM=$1
SHARED=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if [ "$1" = "$2" ]; then echo "ok $3"; else echo "FAIL $3: got '$1', want '$2'"; fail=1; fi; }

# 40 clusters of two documents; the reference is each document's second sentence.
: > "$tmp/d.src"; : > "$tmp/d.tgt"
i=0
while [ $i -lt 40 ]; do
    a="The storm closed the harbor bridge number $i on Monday. Engineers found cracks in pier $i after the waves. Ferries run every $i minutes. The mayor spoke to reporters."
    b="Officials shut bridge $i after a storm. Cracks were found in pier $i by engineers on Tuesday. Buses were rerouted. Repairs may take weeks."
    echo "$a ||||| $b" >> "$tmp/d.src"
    echo "Engineers found cracks in pier $i after the waves. Cracks were found in pier $i by engineers on Tuesday." >> "$tmp/d.tgt"
    i=$((i + 1))
done
"$MDSUM" train --data "multinews:$tmp/d.src" --trees 5 --depth 2 -q -o "$tmp/m1.txt" 2> "$tmp/err"
check "$?" 0 "train exit status"
check "$(sed -n '/^mdsum-model/p' "$tmp/m1.txt")" "mdsum-model 2 features=44 trees=5" "model header"
check "$(grep -c '^tree ' "$tmp/m1.txt")" 5 "five trees"
"$MDSUM" train --data "multinews:$tmp/d.src" --trees 5 --depth 2 -q -o "$tmp/m2.txt"
if cmp -s "$tmp/m1.txt" "$tmp/m2.txt"; then echo "ok deterministic"; else echo "FAIL training twice differs"; fail=1; fi
"$MDSUM" train --data "multinews:$tmp/d.src" --target oracle --words 20,40 --trees 3 -q -o "$tmp/m3.txt"
check "$?" 0 "oracle target with two budgets"
# The word prior table: every cluster's words; with --fold 1/2, every other
# cluster (20 of 40). Words in fewer than 20 inputs are left out.
"$MDSUM" train --data "multinews:$tmp/d.src" --target prior -q -o "$tmp/p1.tsv"
check "$?" 0 "prior exit status"
check "$(head -c 36 "$tmp/p1.tsv")" "# mdsum-prior 1 lang=en clusters=40 " "prior header"
check "$(grep -c "^pier	40	40\$" "$tmp/p1.tsv")" 1 "prior: 'pier' in 40 inputs and 40 references"
check "$(grep -c "^mayor	40	0\$" "$tmp/p1.tsv")" 1 "prior: 'mayor' in 40 inputs, no reference"
"$MDSUM" train --data "multinews:$tmp/d.src" --target prior --fold 1/2 -q -o "$tmp/p2.tsv"
check "$(head -c 36 "$tmp/p2.tsv")" "# mdsum-prior 1 lang=en clusters=20 " "prior --fold 1/2: 20 clusters"
check "$(grep -c "^pier	20	20\$" "$tmp/p2.tsv")" 1 "prior --fold 1/2: 'pier' counted 20 times"
# Usage errors: exit 2.
for bad in 3/2 0/2 2 x/2 1/0; do
    "$MDSUM" train --data "multinews:$tmp/d.src" --fold "$bad" -o "$tmp/x" 2> /dev/null
    check "$?" 2 "bad --fold $bad: exit 2"
done
"$MDSUM" train --data "multinews:$tmp/d.src" -q > /dev/null 2> "$tmp/err"
check "$?" 2 "missing -o: exit 2"
grep -q "mdsum: error:" "$tmp/err" || { echo "FAIL missing -o: no message"; fail=1; }
"$MDSUM" train --data "multinews:$tmp/d.src" --target nope -o "$tmp/x" 2> /dev/null
check "$?" 2 "bad --target: exit 2"
"$MDSUM" train --data "multinews:$tmp/d.src" --depth 9 -o "$tmp/x" 2> /dev/null
check "$?" 2 "bad --depth: exit 2"
# Bad input: exit 1, and no model file left behind.
"$MDSUM" train --data "multinews:$tmp/missing.src" -q -o "$tmp/none.txt" 2> "$tmp/err"
check "$?" 1 "missing dataset: exit 1"
[ ! -e "$tmp/none.txt" ] && echo "ok no output on failure" || { echo "FAIL output written on failure"; fail=1; }
"$MDSUM" train --help | grep -q "Usage: mdsum train" && echo "ok --help" || { echo "FAIL --help"; fail=1; }

train=$SHARED/data/multinews/train.src.gz
if [ -f "$train" ]; then
    "$MDSUM" train --data "multinews:$train" --limit 200 --trees 10 -q -o "$tmp/mn.txt"
    check "$?" 0 "200 Multi-News train clusters"
else
    echo "skip: $train not found (shared data)"
fi
exit $fail
