#!/bin/sh
# manpage.sh -- docs/mdsum.1 renders without a single groff warning, and it
# documents what the binary offers. The oracle is the binary's own help:
#   - every command listed by `mdsum --help` has a subsection (.SS) of
#     COMMANDS and a line of SYNOPSIS;
#   - every long option (--xxx) printed anywhere in `mdsum COMMAND --help`,
#     and every short option (-x) at the start of one of its option lines,
#     heads an entry (a .TP tag) of that command's subsection; those of
#     `mdsum --help` head an entry of OPTIONS;
#   - every algorithm printed by `mdsum summarize --algo help` heads an entry
#     of ALGORITHMS, whose text names the same default;
#   - the number of languages the page quotes is the one `--lang help` lists;
#   - the version in .TH is the one `mdsum --version` prints.
# So adding an option, a command or an algorithm without documenting it in
# the page fails here.
#
# Usage: sh manpage.sh MDSUM_BIN SOURCE_DIR [SHARED_DIR]
# Exit 0 pass, 77 skip (no groff), 1 fail.
set -u
BIN=$1
SRC=$2
PAGE=$SRC/docs/mdsum.1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mdsum-manpage.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM
failures=0
checked=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

[ -f "$PAGE" ] || { echo "FAIL: $PAGE is missing"; exit 1; }
if ! command -v groff >/dev/null 2>&1; then
    echo "SKIP: groff not found, cannot render the man page (Debian: apt-get install groff-base)"
    exit 77
fi

# 1. Rendering: all warnings on (-ww), none allowed; the same through man(1)
#    when it is there, since that is how users read the page.
if ! groff -man -Tutf8 -ww -z "$PAGE" > "$TMP/groff.out" 2> "$TMP/groff.err" || [ -s "$TMP/groff.err" ]; then
    fail "groff -man -Tutf8 -ww reports problems in docs/mdsum.1:"
    cat "$TMP/groff.err"
fi
if command -v man >/dev/null 2>&1; then
    if ! MANWIDTH=80 man --warnings -E UTF-8 -l "$PAGE" > "$TMP/man.out" 2> "$TMP/man.err" || [ -s "$TMP/man.err" ]; then
        fail "man --warnings -l reports problems in docs/mdsum.1:"
        cat "$TMP/man.err"
    fi
fi
if LC_ALL=C grep -n '[^ -~]' "$PAGE" > "$TMP/nonascii"; then
    fail "docs/mdsum.1 has non-ASCII bytes (write \\(em, \\(lq, ... instead):"
    head -n 5 "$TMP/nonascii"
fi

# Plain text as the reader sees it: no bold or underline, no hyphenation
# (so that no word is split across lines), then one section at a time.
groff -man -Tascii -rHY=0 -P-c -P-b -P-u "$PAGE" > "$TMP/page.txt" 2> /dev/null

# section NAME: the body of top-level section NAME (headings at column 0)
section() {
    awk -v name="$1" '
        /^[^ ]/ { on = ($0 == name); next }
        on { print }' "$TMP/page.txt"
}
# subsection NAME: the body of ".SS NAME" inside COMMANDS (headings at column 3)
subsection() {
    section COMMANDS | awk -v name="$1" '
        /^   [^ ]/ { on = ($0 == "   " name); next }
        on { print }'
}
# tags: the lines of standard input that are .TP tags naming options (at the
# body indent and starting with a dash; a short tag shares its line with the
# start of its description)
tags() {
    grep -E '^       -' || true
}
# has TEXTFILE WORDS: WORDS appear in the file as whole tokens (not part of
# a longer option or word), lines joined and runs of spaces (justification)
# squeezed
has() {
    tr '\n' ' ' < "$1" | tr -s ' ' | grep -qE -- "(^|[^A-Za-z0-9_-])$2([^A-Za-z0-9_-]|$)"
}
# options HELPFILE: the long options anywhere in a help text, and the short
# options in the option column (before the first double space) of the lines
# that start with one
options() {
    grep -oE -- '--[a-z0-9][a-z0-9-]*' "$1"
    grep -E '^ +-[A-Za-z0-9]' "$1" | sed -e 's/^ *//' -e 's/  .*//' |
        grep -oE -- '(^|[ ,|])-[A-Za-z0-9]([ ,]|$)' | tr -d ' ,|'
}

# 2. Commands and their options.
"$BIN" --help > "$TMP/help" 2>&1 || fail "mdsum --help exits with status $?"
section SYNOPSIS > "$TMP/synopsis"
section OPTIONS | tags > "$TMP/options"
for opt in $(grep -oE -- '(^|[ ,;:])--?[A-Za-z0-9][a-z0-9-]*' "$TMP/help" | tr -d ' ,;:' | sort -u); do
    checked=$((checked + 1))
    has "$TMP/options" "$opt" || fail "OPTIONS does not document '$opt' of 'mdsum --help'"
done
commands=$(awk '/^Commands:/ { on = 1; next } /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }' "$TMP/help")
[ -n "$commands" ] || fail "no command found in 'mdsum --help'"
ncommands=0
for cmd in $commands; do
    ncommands=$((ncommands + 1))
    has "$TMP/synopsis" "mdsum $cmd" || fail "SYNOPSIS has no line for 'mdsum $cmd'"
    subsection "$cmd" > "$TMP/sec-$cmd"
    if [ ! -s "$TMP/sec-$cmd" ]; then
        fail "COMMANDS has no subsection '.SS $cmd'"
        continue
    fi
    tags < "$TMP/sec-$cmd" > "$TMP/tags-$cmd"
    "$BIN" "$cmd" --help > "$TMP/help-$cmd" 2>&1 || fail "mdsum $cmd --help exits with status $?"
    for opt in $(options "$TMP/help-$cmd" | sort -u); do
        checked=$((checked + 1))
        has "$TMP/tags-$cmd" "$opt" ||
            fail "no entry of the man page's '$cmd' subsection documents '$opt' of 'mdsum $cmd --help'"
    done
done

# 3. Algorithms: each one heads a tagged paragraph (".TP" + ".B NAME":
#    the name at the body indent, alone or followed by its description).
"$BIN" summarize --algo help > "$TMP/algos" 2>&1 || fail "mdsum summarize --algo help exits with status $?"
section ALGORITHMS > "$TMP/sec-algos"
default=$(sed -n '1s/.*(default: *\([a-z_0-9]*\)).*/\1/p' "$TMP/algos")
[ -n "$default" ] || fail "no default in the first line of --algo help"
has "$TMP/sec-algos" "The default is $default\\." ||
    fail "ALGORITHMS does not say 'The default is $default.'"
nalgos=0
for algo in $(awk '/^  [a-z]/ { print $1 }' "$TMP/algos"); do
    nalgos=$((nalgos + 1))
    grep -qE "^       $algo( |\$)" "$TMP/sec-algos" || fail "ALGORITHMS has no entry for '$algo'"
done
[ "$nalgos" -gt 0 ] || fail "no algorithm found in --algo help"

# 4. The number of languages quoted in the page.
nlangs=$("$BIN" summarize --lang help 2>&1 | grep -cE '^  [a-z]{2,3} ')
for n in $(tr '\n' ' ' < "$TMP/page.txt" | grep -oE 'the +[0-9]+ +languages' | grep -oE '[0-9]+'); do
    [ "$n" = "$nlangs" ] || fail "the page says 'the $n languages', --lang help lists $nlangs"
done

# 5. The version in the page's title line.
version=$("$BIN" --version 2>&1 | awk 'NR == 1 { print $2 }')
grep -q "^\.TH MDSUM 1 [^ ]* \"mdsum $version\"" "$PAGE" ||
    fail "the .TH line of docs/mdsum.1 does not say \"mdsum $version\" (mdsum --version)"

if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s); fix docs/mdsum.1 (see the comments at its top)"
    exit 1
fi
echo "ok: docs/mdsum.1 renders without warnings and documents $checked options of $ncommands commands and $nalgos algorithms"
exit 0
