#!/bin/sh
# End-to-end test of `mdsum summarize --report` in a real browser: headless
# Chromium (Debian's /usr/bin/chromium) driven by playwright-core from npm
# (tests/report/package.json; installed into tests/report/node_modules,
# which git ignores, with `npm ci` when absent). See tests/report/report_test.js
# for what is checked. Cases:
#   - the example cluster (examples/harbor-bridge), whose documents the test
#     compares byte for byte with the page;
#   - hostile input (tests/report/hostile.jsonl): markup, quote breakouts,
#     javascript: URLs, bidi overrides and control characters in every field;
#   - with the shared data: one full-length Multi-News dev cluster (line 26
#     of multinews-full/dev.src: 3 documents, web noise included) and a
#     stress cluster of 50 documents and 100,000 words built from dev.src.
# Screenshots go to the build directory (report-example.png wide,
# report-phone.png at phone width); MDSUM_UPDATE_SCREENSHOTS=1 also copies
# them to docs/ for the README and docs/report.md.
# Skips (77) with a message when chromium or node/npm is missing; when the
# shared data is absent, it runs the other cases and then exits 77.
#   sh tests/cli/report_browser.sh MDSUM_BIN SOURCE_DIR [SHARED_DIR]
set -u
MDSUM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
SHARED=${3:-$SRC/../shared}
CHROMIUM=${MDSUM_CHROMIUM:-/usr/bin/chromium}
DIR=$SRC/tests/report

if [ ! -x "$CHROMIUM" ]; then
    echo "SKIP: Chromium not found at $CHROMIUM (Debian: apt-get install chromium; or set MDSUM_CHROMIUM)"
    exit 77
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "SKIP: node and npm are needed to drive Chromium (playwright-core)"
    exit 77
fi
if [ ! -f "$DIR/node_modules/playwright-core/package.json" ]; then
    echo "installing playwright-core into tests/report/node_modules (npm ci)"
    if ! (cd "$DIR" && npm ci --no-audit --no-fund --loglevel=error); then
        echo "FAIL: npm ci in tests/report failed (is the npm registry reachable?)"
        exit 1
    fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shots=$(pwd)
fail=0
run() {   # run NAME ARGS...: summary as JSON on stdout and the report
    name=$1
    shift
    if ! "$MDSUM" summarize --json --report "$tmp/$name.html" "$@" > "$tmp/$name.json" 2> "$tmp/$name.err"; then
        echo "FAIL $name: mdsum summarize exited with status $?"
        cat "$tmp/$name.err"
        fail=1
        return 1
    fi
    return 0
}

cases=""
add_case() { cases="$cases${cases:+,}$1"; }
h=$SRC/examples/harbor-bridge
if run harbor "$h"; then
    add_case "{\"name\":\"harbor-bridge\",\"html\":\"$tmp/harbor.html\",\"json\":\"$tmp/harbor.json\",\"screenshot\":true,
      \"docs\":[\"$h/01-coastal-courier.txt\",\"$h/02-northline-news.txt\",\"$h/03-vellmar-today.txt\"]}"
fi
if run hostile -f jsonl -w 200 "$DIR/hostile.jsonl"; then
    add_case "{\"name\":\"hostile\",\"html\":\"$tmp/hostile.html\",\"json\":\"$tmp/hostile.json\",\"hostile\":true,
      \"jsonl\":\"$DIR/hostile.jsonl\"}"
fi
dev=$SHARED/data/multinews-full/dev.src
have_shared=0
if [ -f "$dev" ]; then
    have_shared=1
    sed -n 26p "$dev" > "$tmp/dev26.src"
    if run dev26 -f multinews "$tmp/dev26.src"; then
        add_case "{\"name\":\"multinews-dev-26\",\"html\":\"$tmp/dev26.html\",\"json\":\"$tmp/dev26.json\"}"
    fi
    if node "$DIR/make_cluster.js" "$dev" 50 2000 > "$tmp/stress.jsonl" && run stress -f jsonl -w 300 "$tmp/stress.jsonl"; then
        add_case "{\"name\":\"stress-50-docs-100k-words\",\"html\":\"$tmp/stress.html\",\"json\":\"$tmp/stress.json\",\"large\":true}"
    else
        echo "FAIL: could not build the stress cluster"
        fail=1
    fi
fi

printf '{"chromium":"%s","shots":"%s","cases":[%s]}\n' "$CHROMIUM" "$shots" "$cases" > "$tmp/cases.json"
NODE_PATH=$DIR/node_modules node "$DIR/report_test.js" "$tmp/cases.json" || fail=1
if [ "${MDSUM_UPDATE_SCREENSHOTS:-}" = 1 ] && [ -f "$shots/report-example.png" ]; then
    cp "$shots/report-example.png" "$shots/report-phone.png" "$SRC/docs/" && echo "screenshots copied to docs/"
fi
[ "$fail" -eq 0 ] || exit 1
if [ "$have_shared" -eq 0 ]; then
    echo "SKIP: shared data not found at $SHARED/data (the Multi-News dev and 50-document cases did not run;" \
         "the example and hostile cases passed)"
    exit 77
fi
exit 0
