#!/bin/sh
# `mdsum summarize --each`: every argument is a cluster of its own (a
# directory of documents, or one file), summarized in one process, one
# summary per line. Each summary is the one a separate run on that
# argument gives; bad clusters are named and, with -k, get an error record
# in their place; usage mistakes exit 2. (`-j` against `-j 1` is in
# jobs.sh, which also runs under ThreadSanitizer.)
#   sh tests/cli/each.sh MDSUM_BIN SOURCE_DIR
set -u
MDSUM=$1
SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
pass=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# Three clusters: the bundled example, and two written here.
mkdir "$tmp/a" "$tmp/b" "$tmp/empty" "$tmp/badbyte" "$tmp/blankdoc"
cp "$SRC"/examples/harbor-bridge/* "$tmp/a/"
cat > "$tmp/b/one.txt" <<'EOF'
The city council voted on Tuesday to build a new library in the old market hall.
The project will cost 12 million euros and open in two years.
Critics said the money should go to schools instead.
EOF
cat > "$tmp/b/two.txt" <<'EOF'
A new library will open in the old market hall, the council decided on Tuesday.
Work starts in the spring, and the building will hold 200,000 books.
The mayor called it the best use of the hall in a century.
EOF
cat > "$tmp/single.txt" <<'EOF'
Heavy rain flooded the lower town on Sunday night. Firefighters pumped water from forty cellars.
No one was hurt, the fire brigade said. The river fell back by Monday noon.
EOF
cp "$tmp/b/one.txt" "$tmp/badbyte/good.txt"
printf 'A sentence with a bad \377 byte in it.\n' > "$tmp/badbyte/worse.txt"
cp "$tmp/b/one.txt" "$tmp/blankdoc/text.txt"
printf '  \n\n' > "$tmp/blankdoc/blank.txt"

# 1. Same summaries as one run per cluster (JSON without the id), and ids
#    from the arguments (trailing slashes dropped).
"$MDSUM" summarize --each --json -w 60 "$tmp/a/" "$tmp/b" "$tmp/single.txt" > "$tmp/each.jsonl"
st=$?
for c in "$tmp/a/" "$tmp/b" "$tmp/single.txt"; do
    "$MDSUM" summarize --json -w 60 "$c"
done > "$tmp/single.jsonl"
if [ $st -eq 0 ] && /usr/bin/python3 - "$tmp" <<'EOF'
import json, sys
t = sys.argv[1]
each = [json.loads(l) for l in open(t + "/each.jsonl")]
single = [json.loads(l) for l in open(t + "/single.jsonl")]
ids = [e.pop("id") for e in each]
for s in single:
    s.pop("id", None)
assert ids == [t + "/a", t + "/b", t + "/single.txt"], ids
assert len(each) == 3 and each == single, "summaries differ"
assert all(e["sentences"] for e in each)
EOF
then ok "same summaries as separate runs, ids from the arguments"; else bad "--each differs from separate runs (exit $st)"; fi

# 2. Text: one summary per line, the sentences of a separate run joined.
"$MDSUM" summarize --each -w 60 "$tmp/a" "$tmp/b" > "$tmp/each.txt"
"$MDSUM" summarize -w 60 "$tmp/b" | tr '\n' ' ' | sed 's/ $//' > "$tmp/b.line"
if [ "$(wc -l < "$tmp/each.txt")" -eq 2 ] && [ "$(sed -n 2p "$tmp/each.txt")" = "$(cat "$tmp/b.line")" ]; then
    ok "text: one summary per line"
else
    bad "text output is not one line per cluster"
fi

# 3. Without -k the run stops at the first bad cluster, after the good
#    ones before it; the message names the file and the byte.
"$MDSUM" summarize --each -w 30 "$tmp/b" "$tmp/badbyte" "$tmp/a" > "$tmp/out" 2> "$tmp/err"
st=$?
if [ $st -eq 1 ] && [ "$(wc -l < "$tmp/out")" -eq 1 ] &&
   grep -q "^mdsum: error: $tmp/badbyte/worse.txt: byte 22: invalid UTF-8" "$tmp/err"; then
    ok "stops at a bad cluster, file and byte named"
else
    bad "bad cluster without -k: exit $st, $(wc -l < "$tmp/out") lines"; cat "$tmp/err"
fi

# 4. With -k every cluster has its line: an error record for the missing
#    path, the empty directory and the bad byte; a blank document is skipped
#    with a warning and its cluster summarized.
"$MDSUM" summarize --each -k --json -w 30 "$tmp/b" "$tmp/missing" "$tmp/empty" "$tmp/badbyte" \
    "$tmp/blankdoc" "$tmp/a" > "$tmp/out" 2> "$tmp/err"
st=$?
if [ $st -eq 1 ] && /usr/bin/python3 - "$tmp" <<'EOF'
import json, sys
t = sys.argv[1]
recs = [json.loads(l) for l in open(t + "/out")]
assert [r["id"] for r in recs] == [t + "/" + n for n in ("b", "missing", "empty", "badbyte", "blankdoc", "a")]
assert [("error" in r) for r in recs] == [False, True, True, True, False, False]
assert "No such file" in recs[1]["error"]["message"]
assert "directory has no regular files" in recs[2]["error"]["message"]
assert "worse.txt: byte 22" in recs[3]["error"]["message"]
assert all("line" not in r for r in recs)
EOF
then
    if grep -q "warning: $tmp/blankdoc/blank.txt: empty document, skipped" "$tmp/err" &&
       [ "$(grep -c '^mdsum: error: ' "$tmp/err")" -eq 3 ]; then
        ok "-k: one record per cluster, errors and warnings on stderr"
    else
        bad "-k: stderr"; cat "$tmp/err"
    fi
else
    bad "-k records (exit $st)"; cat "$tmp/out"
fi

# 5. -o: a failed run leaves no file; a keep-going run keeps its records.
"$MDSUM" summarize --each -o "$tmp/o.txt" "$tmp/b" "$tmp/missing" 2> /dev/null
st=$?
if [ $st -eq 1 ] && [ ! -e "$tmp/o.txt" ]; then ok "-o: no file after a failure"; else bad "-o after a failure (exit $st)"; fi
"$MDSUM" summarize --each -k -o "$tmp/o.txt" "$tmp/b" "$tmp/missing" "$tmp/a" 2> /dev/null
st=$?
if [ $st -eq 1 ] && [ "$(wc -l < "$tmp/o.txt")" -eq 3 ] && [ -z "$(sed -n 2p "$tmp/o.txt")" ]; then
    ok "-o -k: every line written, an empty one for the bad cluster"
else
    bad "-o -k (exit $st)"
fi

# 6. A saved web page in a cluster directory is read as HTML.
mkdir "$tmp/web"
cp "$tmp/b/one.txt" "$tmp/web/plain.txt"
{
    echo '<!DOCTYPE html><html><head><title>Library vote</title></head><body>'
    echo '<nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Library vote</h1>'
    sed 's|.*|<p>&</p>|' "$tmp/b/two.txt"
    echo '</article><footer>Copyright 2031 Example Daily</footer></body></html>'
} > "$tmp/web/page.html"
"$MDSUM" summarize --each --json -w 80 "$tmp/web" > "$tmp/out"
"$MDSUM" summarize --json -w 80 "$tmp/web" > "$tmp/want"
if [ $? -eq 0 ] && grep -q '"title":"Library vote"' "$tmp/out" && ! grep -q "Copyright" "$tmp/out" &&
   [ "$(sed 's/^{"id":"[^"]*",/{/' "$tmp/out")" = "$(sed 's/^{"id":null,/{/' "$tmp/want")" ]; then
    ok "HTML page in a cluster directory"
else
    bad "HTML in --each"; head -c 400 "$tmp/out"
fi

# 7. Only a directory's regular files are documents (a subdirectory and a
#    FIFO are passed over); a page without an article is skipped with a
#    warning, in its cluster's turn.
mkdir "$tmp/mixed" "$tmp/mixed/sub" "$tmp/nocontent"
cp "$tmp/b/one.txt" "$tmp/mixed/"
cp "$tmp/b/two.txt" "$tmp/mixed/sub/"
mkfifo "$tmp/mixed/pipe" 2> /dev/null || true
cp "$tmp/b/two.txt" "$tmp/nocontent/"
printf '<html><head><title>x</title></head><body><nav><a href="/">Home</a></nav></body></html>\n' > "$tmp/nocontent/empty.html"
"$MDSUM" summarize --each --json -w 80 "$tmp/mixed" "$tmp/nocontent" > "$tmp/out" 2> "$tmp/err"
st=$?
if [ $st -eq 0 ] && /usr/bin/python3 - "$tmp/out" <<'EOF'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert len(recs) == 2
assert [d["id"] for d in recs[0]["documents"]] == ["one.txt"], recs[0]["documents"]
assert [d["id"] for d in recs[1]["documents"]] == ["two.txt"], recs[1]["documents"]
EOF
then :; else st=99; fi
if [ $st -eq 0 ] &&
   grep -q "^mdsum: warning: $tmp/nocontent/empty.html: no main content found, skipped\$" "$tmp/err"; then
    ok "regular files only; a page without an article is skipped with a warning"
else
    bad "directory contents (exit $st)"; cat "$tmp/err"; head -c 600 "$tmp/out"
fi

# 8. Markdown: a heading naming each cluster, a failed one says so under its own.
"$MDSUM" summarize --each -k --markdown -w 30 "$tmp/b" "$tmp/empty" "$tmp/a" > "$tmp/out" 2> /dev/null
if [ "$(grep -c '^## ' "$tmp/out")" -eq 3 ] && grep -q "^## $tmp/b\$" "$tmp/out" &&
   grep -q "^\*No summary: $tmp/empty: directory has no regular files\*\$" "$tmp/out" &&
   [ "$(grep -c '^\*\*Sources\*\*$' "$tmp/out")" -eq 2 ]; then
    ok "markdown: a heading per cluster"
else
    bad "markdown blocks"; cat "$tmp/out"
fi

# 9. Usage mistakes: exit 2 with a message.
for args in "--each" "--each -f jsonl $tmp/b" "--each -f multinews $tmp/b" "--each --report $tmp/r.html $tmp/b" "--each -"; do
    # shellcheck disable=SC2086
    "$MDSUM" summarize $args > /dev/null 2> "$tmp/err" < /dev/null
    st=$?
    if [ $st -eq 2 ] && grep -q "^mdsum: error: .*--each" "$tmp/err"; then
        ok "usage: summarize $args"
    else
        bad "usage: summarize $args: exit $st"; cat "$tmp/err"
    fi
done

echo "each: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
