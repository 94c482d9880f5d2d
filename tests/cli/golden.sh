#!/bin/sh
# Golden CLI tests: every tests/cli/golden/NAME/ holds `cmd` (a shell snippet,
# run in a fresh temporary directory with $MDSUM = the binary and $SRC = the
# source tree), and the expected `stdout`, `stderr` and `status`, compared
# byte for byte under LC_ALL=C. Error messages are golden output too.
#
#   sh tests/cli/golden.sh MDSUM_BIN SOURCE_DIR [SHARED_DIR]
#   MDSUM_UPDATE_GOLDEN=1 sh ...   rewrites the expected files (review the diff!)
set -u
MDSUM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
export MDSUM SRC LC_ALL=C
fail=0
n=0
for case in "$SRC"/tests/cli/golden/*/; do
    case=${case%/}
    name=$(basename "$case")
    n=$((n + 1))
    tmp=$(mktemp -d)
    (cd "$tmp" && sh "$case/cmd" >"$tmp/.out" 2>"$tmp/.err"; echo $? >"$tmp/.status")
    # Paths in messages: show the source tree as $SRC.
    sed "s|$SRC|\$SRC|g" "$tmp/.err" >"$tmp/.err2"
    if [ "${MDSUM_UPDATE_GOLDEN:-}" = 1 ]; then
        cp "$tmp/.out" "$case/stdout"
        cp "$tmp/.err2" "$case/stderr"
        cp "$tmp/.status" "$case/status"
    else
        for f in stdout:.out stderr:.err2 status:.status; do
            want=${f%%:*}
            got=${f#*:}
            if ! cmp -s "$case/$want" "$tmp/$got"; then
                echo "FAIL $name: $want differs"
                diff "$case/$want" "$tmp/$got" | head -20
                fail=$((fail + 1))
            fi
        done
    fi
    rm -rf "$tmp"
done
echo "golden: $n cases, $fail differences"
[ "$fail" -eq 0 ]
