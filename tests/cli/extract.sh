#!/bin/sh
# extract.sh -- golden tests of `mdsum extract`: standard output, standard
# error and exit status compared byte for byte with tests/data/extract/.
# Inputs are the hand-written pages in tests/data/html/ (fictional content)
# plus hostile pages generated here: 100,000-deep nesting, binary bytes,
# a gzip file, standard input, a directory.
#
# Usage: sh extract.sh MDSUM_BIN SOURCE_DIR [SHARED_DIR]
# With MDSUM_UPDATE_GOLDEN=1 the expected files are rewritten (review the
# diff before committing: the goldens are the oracle).
set -u
BIN=$1
SRC=$2
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
case $SRC in /*) ;; *) SRC=$(pwd)/$SRC ;; esac
DATA=$SRC/tests/data/html
GOLD=$SRC/tests/data/extract
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mdsum-extract.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM
failures=0
cases=0

# check NAME DIR WANT_STATUS ARGS... -- run `mdsum ARGS` in DIR and compare
# with $GOLD/NAME.out, $GOLD/NAME.err and WANT_STATUS.
check() {
    name=$1
    dir=$2
    want=$3
    shift 3
    cases=$((cases + 1))
    (cd "$dir" && "$BIN" "$@") > "$TMP/$name.out" 2> "$TMP/$name.err"
    got=$?
    if [ "${MDSUM_UPDATE_GOLDEN:-0}" = 1 ]; then
        cp "$TMP/$name.out" "$GOLD/$name.out"
        cp "$TMP/$name.err" "$GOLD/$name.err"
    fi
    if [ "$got" != "$want" ]; then
        echo "FAIL $name: exit status $got, expected $want"
        failures=$((failures + 1))
    fi
    for s in out err; do
        if ! cmp -s "$TMP/$name.$s" "$GOLD/$name.$s"; then
            echo "FAIL $name: std$s differs from $GOLD/$name.$s:"
            diff "$GOLD/$name.$s" "$TMP/$name.$s" | head -20
            failures=$((failures + 1))
        fi
    done
    # Whatever the case, nothing marked NEVER_PRINT may come out.
    if grep -q NEVER_PRINT "$TMP/$name.out"; then
        echo "FAIL $name: script, style or hidden text in the output"
        failures=$((failures + 1))
    fi
}

# ---- hand-written pages -------------------------------------------------
check article "$DATA" 0 extract article.html
check article-json "$DATA" 0 extract --json article.html
check scripts "$DATA" 0 extract scripts.html
check broken "$DATA" 0 extract broken.html
check structure "$DATA" 0 extract structure.html
check wrong-charset "$DATA" 0 extract --json wrong-charset.html
check noarticle "$DATA" 1 extract noarticle.html
check all-noarticle "$DATA" 0 extract --all noarticle.html
# several pages: headers; the first failure stops, unless --keep-going
check several "$DATA" 1 extract broken.html noarticle.html structure.html
check keep-going "$DATA" 1 extract -k broken.html noarticle.html structure.html
check stdin "$DATA" 0 extract - < "$DATA/broken.html"
check charset-hint "$DATA" 0 extract --json --charset iso-8859-15 --url https://club.example/fest wrong-charset.html

# ---- generated pages ----------------------------------------------------
G=$TMP/pages
mkdir -p "$G/dir"
# 100,000 nested elements after a paragraph: parsing stops at depth 256,
# the paragraph is kept.
awk 'BEGIN {
    printf "<html><body><p>A short notice before a very deep structure: the library opens late on Friday because of the staff meeting.</p>";
    for (i = 0; i < 100000; i++) printf "<div>";
    printf "deep inside";
    for (i = 0; i < 100000; i++) printf "</div>";
    printf "</body></html>\n";
}' > "$G/deep.html"
check deep "$G" 0 extract deep.html
# unclosed inline elements and unmatched end tags (quadratic in libxml2
# without our depth limit): must finish quickly
awk 'BEGIN {
    printf "<p>Some text first, long enough to be a paragraph of its own, with a comma and a full stop.</p>";
    for (i = 0; i < 30000; i++) printf "<span>";
    for (i = 0; i < 100000; i++) printf "</b>";
}' > "$G/unmatched.html"
check unmatched "$G" 0 extract unmatched.html
# binary bytes served as HTML (a fixed pseudo-random sequence)
awk 'BEGIN {
    printf "\211PNG\r\n\032\n";
    x = 1;
    for (i = 0; i < 6000; i++) { x = (x * 75 + 74) % 65537; printf "%c", (x % 255) + 1 }
}' > "$G/binary.html"
check binary "$G" 1 extract binary.html
# an empty file
: > "$G/empty.html"
check empty "$G" 1 extract empty.html
# gzip, read by content, not by name
gzip -c "$DATA/article.html" > "$G/dir/b-article.gz"
cp "$DATA/structure.html" "$G/dir/a-structure.html"
cp "$DATA/noarticle.html" "$G/dir/.hidden.html"
check gzip "$G/dir" 0 extract b-article.gz
# a directory: its regular files in name order, dot files skipped
check directory "$G" 0 extract dir
# a directory without regular files is an error, as for the other commands
# (it used to print nothing and exit 0)
mkdir -p "$G/emptydir"
check empty-dir "$G" 2 extract emptydir

# ---- usage and system errors --------------------------------------------
check help "$DATA" 0 extract --help
check no-args "$DATA" 2 extract
check bad-option "$DATA" 2 extract --frobnicate article.html
check missing-arg "$DATA" 2 extract article.html -o
check missing-file "$DATA" 2 extract no-such-page.html

# ---- -o FILE: written atomically, only on success ------------------------
check output-file "$DATA" 0 extract -o "$TMP/out.txt" structure.html
cases=$((cases + 1))
if ! cmp -s "$TMP/out.txt" "$GOLD/structure.out"; then
    echo "FAIL output-file: $TMP/out.txt differs from structure.out"
    failures=$((failures + 1))
fi
echo "keep me" > "$TMP/kept.txt"
check output-kept "$DATA" 1 extract -o "$TMP/kept.txt" structure.html noarticle.html
cases=$((cases + 1))
if [ "$(cat "$TMP/kept.txt")" != "keep me" ]; then
    echo "FAIL output-kept: a failed run replaced the output file"
    failures=$((failures + 1))
fi

# libxml2 is opened for pages only (src/xmllib.c): a summary of plain text
# never maps it, an extraction does (the dynamic loader's own log says so).
printf 'One plain sentence about the harbour. Another one about the bridge.\n' > "$TMP/plain.txt"
cases=$((cases + 1))
if LD_DEBUG=files "$BIN" summarize "$TMP/plain.txt" 2>&1 >/dev/null | grep -q 'libxml2'; then
    echo "FAIL plain-text: summarizing plain text loaded libxml2"
    failures=$((failures + 1))
fi
cases=$((cases + 1))
if ! LD_DEBUG=files "$BIN" extract "$DATA/structure.html" 2>&1 >/dev/null | grep -q 'libxml2'; then
    echo "FAIL html-loads: extracting a page did not load libxml2 (or LD_DEBUG is ignored)"
    failures=$((failures + 1))
fi

if [ "$failures" -ne 0 ]; then
    echo "extract.sh: $failures failure(s) in $cases cases"
    exit 1
fi
echo "extract.sh: $cases cases passed"
exit 0
