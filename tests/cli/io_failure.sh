#!/bin/sh
# I/O failure (issue 8): a full disk (/dev/full, and a file size limit that
# makes a regular -o file fail half-way), a closed pipe (EPIPE), a closed
# standard output, unwritable -o paths. Each must give a clear error, a
# non-zero exit status (2: system error), and no partial output file: the
# directory holds exactly what it held before, and an existing -o file
# keeps its old content.
#
#   sh tests/cli/io_failure.sh MDSUM_BIN SOURCE_DIR [SHARED_DIR]
set -u
MDSUM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
EX="$SRC/examples/harbor-bridge"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
fail=0
pass=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; sed -n '1,3p' err 2>/dev/null; }

# A batch whose output (about 400 KB) is far larger than a pipe buffer.
awk 'BEGIN { for (i = 0; i < 3000; i++) print "The storm hit the coast on Monday night and cut power . ||||| Crews worked through the night to restore power ." }' >big.src
printf 'the cat sat on the mat\n' >sys.txt
printf 'a cat sat on a mat\n' >ref.txt

# check NAME WANT_STATUS PATTERN: $st, stderr in ./err
check() {
    if [ "$st" -eq "$2" ] && grep -q "^mdsum: error: .*$3" err; then ok "$1"; else bad "$1: exit $st"; fi
}
listing() { ls -A | grep -v -x -e err -e before -e after -e status | sort; }
listing >before

# ---- A full disk: /dev/full as standard output and as -o --------------------
# Each row: a name and the command's arguments.
while read -r name args; do
    # shellcheck disable=SC2086
    eval "\"\$MDSUM\" $args" >/dev/full 2>err
    st=$?
    check "stdout /dev/full: $name" 2 "standard output: write failed: No space left on device"
    # shellcheck disable=SC2086
    eval "\"\$MDSUM\" $args -o /dev/full" >out 2>err
    st=$?
    check "-o /dev/full: $name" 2 "/dev/full: write failed: No space left on device"
    [ -s out ] && bad "-o /dev/full: $name: wrote to stdout"
    rm -f out
done <<'EOF'
summarize summarize "$EX"
summarize-json summarize --json "$EX"
summarize-batch summarize -f multinews big.src
summarize-batch-jobs summarize -f multinews -j 2 big.src
split split "$EX/01-coastal-courier.txt"
EOF
"$MDSUM" rouge sys.txt ref.txt >/dev/full 2>err
st=$?
check "stdout /dev/full: rouge" 2 "standard output: write failed: No space left on device"
# Help and version text are output too: a failed write is an error.
for args in "--help" "--version" "summarize --help" "rouge --help" "eval --help" "split --help"; do
    # shellcheck disable=SC2086
    "$MDSUM" $args >/dev/full 2>err
    st=$?
    check "stdout /dev/full: mdsum $args" 2 "standard output: write failed: No space left on device"
done
"$MDSUM" summarize --report /dev/full "$EX" >/dev/null 2>err
st=$?
check "--report /dev/full" 2 "/dev/full: write failed: No space left on device"

# ---- A closed pipe: EPIPE, not a silent death by SIGPIPE --------------------
for cmd in "summarize -f multinews big.src" "summarize -f multinews -j 2 big.src" "split big.src"; do
    # shellcheck disable=SC2086
    { "$MDSUM" $cmd 2>err; echo $? >status; } | head -c 10 >/dev/null
    st=$(cat status)
    check "closed pipe: $cmd" 2 "standard output: write failed: Broken pipe"
done

# ---- A closed standard output ---------------------------------------------------
"$MDSUM" summarize "$EX" >&- 2>err
st=$?
check "closed stdout: summarize" 2 "standard output: write failed: Bad file descriptor"
"$MDSUM" summarize -f multinews big.src >&- 2>err
st=$?
check "closed stdout: batch" 2 "standard output: write failed: Bad file descriptor"
"$MDSUM" summarize <&- >/dev/null 2>err
st=$?
check "closed stdin" 1 "standard input: Bad file descriptor"

# ---- Unwritable -o paths -----------------------------------------------------------
"$MDSUM" summarize -o missing/dir/out.txt "$EX" >/dev/null 2>err
st=$?
check "-o in a missing directory" 2 "missing/dir/out.txt: cannot create output file: No such file or directory"
"$MDSUM" summarize -o sys.txt/out.txt "$EX" >/dev/null 2>err
st=$?
check "-o under a regular file" 2 "sys.txt/out.txt: cannot create output file: Not a directory"
mkdir adir
"$MDSUM" summarize -o adir "$EX" >/dev/null 2>err
st=$?
check "-o names a directory" 2 "adir: Is a directory"
rmdir adir
if [ "$(id -u)" -ne 0 ]; then
    mkdir ro && chmod 555 ro
    "$MDSUM" summarize -o ro/out.txt "$EX" >/dev/null 2>err
    st=$?
    check "-o in a read-only directory" 2 "ro/out.txt: cannot create output file: Permission denied"
    chmod 755 ro && rmdir ro
else
    echo "skip -o in a read-only directory (root bypasses permissions)"
fi

# ---- A disk that fills half-way through a regular -o file -------------------------
# `ulimit -f` (with SIGXFSZ ignored) makes writes past 8 KiB fail with
# EFBIG: the temporary file is removed, and an existing file is untouched.
( trap '' XFSZ; ulimit -f 8; exec "$MDSUM" summarize -f multinews big.src -o out.txt ) 2>err
st=$?
check "file size limit, new -o file" 2 "out.txt: write failed: File too large"
[ ! -e out.txt ] && ok "file size limit: no output file" || bad "file size limit: out.txt left"
echo "old content" >keep.txt
( trap '' XFSZ; ulimit -f 8; exec "$MDSUM" summarize -f multinews -k big.src -o keep.txt ) 2>err
st=$?
check "file size limit, existing -o file" 2 "keep.txt: write failed: File too large"
[ "$(cat keep.txt)" = "old content" ] && ok "file size limit: old file intact" || bad "file size limit: keep.txt changed"
rm -f keep.txt
( trap '' XFSZ; ulimit -f 8; exec "$MDSUM" split big.src -o out.txt ) 2>err
st=$?
check "file size limit, split -o" 2 "out.txt: write failed: File too large"

# ---- Nothing left behind ------------------------------------------------------------
listing >after
if cmp -s before after; then ok "no partial or temporary file left"; else
    bad "directory changed:"; diff before after
fi

echo "io_failure: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
