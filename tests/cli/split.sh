#!/bin/sh
# split.sh -- golden tests of `mdsum split`: stdout, stderr and exit code
# compared byte for byte with tests/cli/split/expected/NAME.{out,err,rc}.
#
#   sh split.sh MDSUM_BIN SOURCE_DIR SHARED_DIR
#
# Inputs are the small texts in tests/cli/split/ (written for this test)
# plus binary ones made here. MDSUM_UPDATE_GOLDEN=1 rewrites the expected
# files (review the diff before committing).
set -u
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
src=$(cd "$2" && pwd) || exit 2
dir="$src/tests/cli/split"
exp="$dir/expected"
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
cp "$dir"/*.txt "$dir"/*.src "$dir"/*.jsonl "$tmp"/ || exit 2
cd "$tmp" || exit 2
printf 'Fine line.\nBad \303\050 byte.\n' > bad.txt
printf 'Nul\000byte.\n' > nul.txt
: > empty.txt
fail=0
total=0

check() {
    name=$1
    total=$((total + 1))
    if [ "${MDSUM_UPDATE_GOLDEN:-0}" = 1 ]; then
        mkdir -p "$exp"
        for f in out err rc; do cp "$name.$f" "$exp/$name.$f"; done
        return
    fi
    for f in out err rc; do
        if ! cmp -s "$name.$f" "$exp/$name.$f"; then
            echo "FAIL $name ($f differs):"
            diff -u "$exp/$name.$f" "$name.$f" | head -40
            fail=$((fail + 1))
            return
        fi
    done
}

# run NAME CMD...: stdout, stderr and exit code of CMD
run() {
    name=$1
    shift
    "$@" > "$name.out" 2> "$name.err"
    echo $? > "$name.rc"
    check "$name"
}

run text            "$bin" split --lang en news.txt
run json            "$bin" split --lang en --json news.txt
run auto            "$bin" split news.txt
run stdin           sh -c '"$0" split --lang en < news.txt' "$bin"
run dash            sh -c '"$0" split --lang=english - < news.txt' "$bin"
run german          "$bin" split --lang de de.txt
run german_json     "$bin" split -l german -j de.txt
run wrapped         "$bin" split wrapped.txt
run join_wrapped    "$bin" split --join-wrapped wrapped.txt
run two_files       "$bin" split --lang en de.txt wrapped.txt
run empty           "$bin" split empty.txt
run empty_json      "$bin" split --json empty.txt
run missing         "$bin" split --lang en missing.txt
run missing_some    "$bin" split --lang en de.txt missing.txt wrapped.txt
run bad_utf8        "$bin" split bad.txt
run bad_utf8_stdin  sh -c '"$0" split < bad.txt' "$bin"
run bad_lenient     "$bin" split --lenient --json bad.txt
run nul             "$bin" split nul.txt
run multinews       "$bin" split --lang en --format multinews clusters.src
run multinews_json  sh -c '"$0" split -l en -f multinews -j < clusters.src' "$bin"
run jsonl_json      "$bin" split --lang en --format=jsonl --json clusters.jsonl
run jsonl_broken    "$bin" split --lang en -f jsonl broken.jsonl
run bad_format      "$bin" split --format xml news.txt
run bad_lang        "$bin" split --lang klingon news.txt
run no_value        "$bin" split --lang
run bad_option      "$bin" split --frobnicate news.txt
run help            "$bin" split --help
run output          "$bin" split --lang en -o result.txt news.txt
total=$((total + 1))
if [ "${MDSUM_UPDATE_GOLDEN:-0}" != 1 ] && ! cmp -s result.txt "$exp/text.out"; then
    echo "FAIL output (result.txt differs from text.out)"
    fail=$((fail + 1))
fi
if command -v gzip > /dev/null 2>&1; then
    gzip -c news.txt > news.txt.gz
    run gzip        "$bin" split --lang en news.txt.gz
fi

echo "$((total - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
