#!/bin/sh
# rouge_parity.sh MDSUM SOURCE_DIR SHARED_DIR
#
# Parity with the ROUGE-1.5.5 Perl script: every case folder under
# SHARED_DIR/rouge-parity/cases holds the inputs, the script's flags and its
# own output. Inside each folder, `mdsum rouge <flags> -z SPL config.lst`
# must print expected.out byte for byte (stdout) and expected.err (stderr),
# and exit 0. Skips (77) when the shared data is absent.
set -u
MDSUM=$1
SHARED=$3
CASES="$SHARED/rouge-parity/cases"
if [ ! -d "$CASES" ]; then
    echo "rouge_parity: $CASES not found; skipped"
    exit 77
fi
case "$MDSUM" in /*) ;; *) MDSUM="$(pwd)/$MDSUM" ;; esac
TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT
fail=0
n=0
for dir in "$CASES"/*/; do
    [ -f "$dir/flags" ] || continue
    name=$(basename "$dir")
    n=$((n + 1))
    flags=$(cat "$dir/flags")
    # The flags are plain words: let the shell split them.
    # shellcheck disable=SC2086
    (cd "$dir" && "$MDSUM" rouge $flags -z SPL config.lst >"$TMP/out" 2>"$TMP/err")
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "FAIL $name: exit $rc"; sed 's/^/  /' "$TMP/err" | head -5; fail=1; continue
    fi
    if ! cmp -s "$TMP/out" "$dir/expected.out"; then
        echo "FAIL $name: standard output differs from ROUGE-1.5.5's"
        diff "$TMP/out" "$dir/expected.out" | head -10
        fail=1
        continue
    fi
    if [ -f "$dir/expected.err" ] && ! cmp -s "$TMP/err" "$dir/expected.err"; then
        echo "FAIL $name: standard error differs from ROUGE-1.5.5's"
        diff "$TMP/err" "$dir/expected.err" | head -10
        fail=1
        continue
    fi
    echo "ok   $name ($flags)"
done
if [ $n -eq 0 ]; then
    echo "rouge_parity: no case in $CASES; skipped"
    exit 77
fi
exit $fail
