#!/bin/sh
# Messages on stderr name files and document ids given by the user: bytes a
# terminal acts on (ESC, newline, other controls, C1 controls such as CSI)
# and bytes that are not UTF-8 must come out as \xNN, so that a crafted
# file name cannot recolour the terminal or fake a second message line.
#   sh tests/cli/stderr_escape.sh MDSUM_BIN SOURCE_DIR [SHARED_DIR]
set -u
MDSUM=$1
case "$MDSUM" in /*) ;; *) MDSUM="$(pwd)/$MDSUM" ;; esac
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
fail=0
check() {  # check NAME STATUS
    if [ "$2" -eq 0 ]; then echo "ok   $1"; else echo "FAIL $1"; sed 's/^/  /' err.txt | cat -v | head -5; fail=1; fi
}
# raw_free FILE: no ESC, no C1 CSI (UTF-8 c2 9b), no byte 0xff.
raw_free() {
    ! LC_ALL=C grep -q "$(printf '\033')" "$1" && ! LC_ALL=C grep -q "$(printf '\302\233')" "$1" &&
        ! LC_ALL=C grep -q "$(printf '\377')" "$1"
}

# An empty file whose name holds ESC [31m, a newline, U+009B and 0xff.
name=$(printf 'bad\033[31mred\nfake\302\233\377.txt')
: > "$name"
"$MDSUM" summarize "$name" > out.txt 2> err.txt
[ $? -eq 1 ]; check "empty document: exit 1" $?
raw_free err.txt; check "empty document: no raw control bytes" $?
grep -q 'bad\\x1b\[31mred\\x0afake\\xc2\\x9b\\xff\.txt' err.txt; check "empty document: the name as \\xNN" $?
[ "$(grep -c '^mdsum: ' err.txt)" -eq "$(wc -l < err.txt)" ]; check "empty document: one line per message" $?

# A missing file with such a name: the library's message, whose control
# bytes (C1 too) are '?'.
"$MDSUM" summarize "missing$(printf '\033')]0;title$(printf '\007\302\233').txt" > out.txt 2> err.txt
[ $? -ne 0 ]; check "missing file: fails" $?
raw_free err.txt && ! LC_ALL=C grep -q "$(printf '\007')" err.txt; check "missing file: no raw control bytes" $?
grep -q 'missing?\]0;title???\.txt' err.txt; check "missing file: the name with ? for each control byte" $?

# A JSONL document id in a batch error (-k): the error record on stderr.
printf '{"id":"x\\u001b[2Jy","documents":[""]}\n' > in.jsonl
"$MDSUM" summarize -f jsonl -k in.jsonl > out.txt 2> err.txt
raw_free err.txt; check "batch error: no raw control bytes" $?
grep -q 'x\\x1b\[2Jy' err.txt || grep -q 'in.jsonl:1' err.txt; check "batch error: a message with the line" $?

# Ordinary UTF-8 stays as it is.
name2='caf\303\251-\344\270\255.txt'
: > "$(printf "$name2")"
"$MDSUM" summarize "$(printf "$name2")" > out.txt 2> err.txt
grep -q "$(printf "$name2")" err.txt; check "UTF-8 name kept" $?
exit $fail
