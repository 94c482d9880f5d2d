#!/bin/sh
# embed_model.sh -- tools/embed.c compiles data/model-*.txt into the library;
# a malformed model must fail the build (exit 1, no output file), a good
# one must give its trees.
#
# Usage: sh embed_model.sh MDSUM_EMBED
set -u
EMBED=$1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mdsum-embed.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM
failures=0
cases=0

head='mdsum-model 2 features=2 trees=1
features a b
base 0.5'

# expect NAME STATUS NODE-LINES -- the model head plus one tree of these lines
expect() {
    name=$1
    want=$2
    cases=$((cases + 1))
    mkdir -p "$TMP/$name"
    printf '%s\n%s\n' "$head" "$3" > "$TMP/$name/model-x.txt"
    "$EMBED" "$TMP/$name/out.c" "$TMP/$name/model-x.txt" 2> "$TMP/$name/err"
    got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL $name: exit status $got, expected $want"
        cat "$TMP/$name/err"
        failures=$((failures + 1))
    elif [ "$want" = 1 ] && { [ -e "$TMP/$name/out.c" ] || ! grep -q 'malformed model' "$TMP/$name/err"; }; then
        echo "FAIL $name: a malformed model left an output file or said nothing"
        failures=$((failures + 1))
    elif [ "$want" = 0 ] && ! grep -q '{0, 0x1p-1f, 1, 2, 0x0p+0}' "$TMP/$name/out.c"; then
        echo "FAIL $name: the root node is not in the output"
        failures=$((failures + 1))
    fi
}

expect good 0 'tree 0 3
0 0.5 1 2 0
-1 0 0 0 -0.25
-1 0 0 0 0.75'
expect child-backwards 1 'tree 0 3
0 0.5 0 2 0
-1 0 0 0 -0.25
-1 0 0 0 0.75'
expect feature-out-of-range 1 'tree 0 3
2 0.5 1 2 0
-1 0 0 0 -0.25
-1 0 0 0 0.75'
expect nodes-missing 1 'tree 0 3
0 0.5 1 2 0
-1 0 0 0 -0.25'
expect word-for-number 1 'tree 0 3
0 half 1 2 0
-1 0 0 0 -0.25
-1 0 0 0 0.75'
expect value-not-finite 1 'tree 0 3
0 0.5 1 2 0
-1 0 0 0 inf
-1 0 0 0 0.75'
expect second-tree-missing 1 'tree 1 1
-1 0 0 0 0.5'

if [ "$failures" -ne 0 ]; then
    echo "embed_model.sh: $failures failure(s) in $cases cases"
    exit 1
fi
echo "embed_model.sh: $cases cases passed"
exit 0
