#!/bin/sh
# Large and degenerate inputs have defined behaviour: a 50 MB document, a
# 5 MB line without any sentence punctuation, a document of only
# punctuation, and a file of NUL bytes.
set -u
MDSUM=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
# 50 MB document: sentences of varied words.
awk 'BEGIN { srand(7); for (i = 0; i < 560000; i++) { n = 8 + int(rand() * 12); s = "Word" int(rand() * 5000);
      for (k = 1; k < n; k++) s = s " w" int(rand() * 20000); print s "." } }' > "$tmp/big.txt"
size=$(wc -c < "$tmp/big.txt")
[ "$size" -gt 50000000 ] || { echo "FAIL: generator made only $size bytes"; exit 1; }
if "$MDSUM" summarize -a lead -w 50 "$tmp/big.txt" > "$tmp/out" 2> "$tmp/err"; then
    echo "ok 50 MB document ($size bytes): $(wc -w < "$tmp/out") words"
else
    echo "FAIL 50 MB document: exit $?"; cat "$tmp/err"; fail=1
fi
# One 5 MB line without punctuation: summary is its start, within budget.
awk 'BEGIN { for (i = 0; i < 700000; i++) printf "word%d ", i % 1000; print "" }' > "$tmp/line.txt"
if "$MDSUM" summarize -w 30 "$tmp/line.txt" > "$tmp/out" 2> "$tmp/err"; then
    w=$(wc -w < "$tmp/out")
    if [ "$w" -gt 30 ] || [ "$w" -eq 0 ]; then echo "FAIL long line: $w words"; fail=1; else echo "ok long line: $w words"; fi
else
    echo "FAIL long line: exit $?"; cat "$tmp/err"; fail=1
fi
# Only punctuation: nothing to summarize, exit 1 with a message.
printf '... !!! ??? --- ,,,\n' > "$tmp/punct.txt"
"$MDSUM" summarize "$tmp/punct.txt" > "$tmp/out" 2> "$tmp/err"
st=$?
if [ "$st" -eq 1 ] && grep -q "mdsum: error:" "$tmp/err"; then echo "ok punctuation only: exit 1"; else echo "FAIL punctuation only: exit $st"; cat "$tmp/err"; fail=1; fi
# NUL bytes: exit 1 naming the offset; --lenient summarizes.
head -c 1000 /dev/zero > "$tmp/zeros.txt"
"$MDSUM" summarize "$tmp/zeros.txt" > /dev/null 2> "$tmp/err"
st=$?
if [ "$st" -eq 1 ] && grep -q "byte 0: NUL" "$tmp/err"; then echo "ok NUL file: exit 1"; else echo "FAIL NUL file: exit $st"; cat "$tmp/err"; fail=1; fi
exit $fail
