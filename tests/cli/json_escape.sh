#!/bin/sh
# json_escape.sh -- every JSON string the tool writes follows one set of
# rules (cli_buf_json_str in cli/common.c, buf_json_str in src/util.c):
#   '"' and '\' escaped; \b \f \n \r \t short; other controls and DEL as
#   \u00XX; U+2028/U+2029 as \u2028/\u2029; other UTF-8 as it is; each
#   byte of invalid UTF-8 (a file name from the command line) as \ufffd.
#
#   sh json_escape.sh MDSUM_BIN SOURCE_DIR SHARED_DIR
#
# Hostile strings go in where a user can put them: file and directory names
# (which are bytes, not text), cluster and document ids in JSONL, and the
# text itself. Each output is checked twice: with Python's json module
# (strict UTF-8, every line one JSON value, no raw control character or
# raw U+2028/U+2029, and the decoded string is the one put in), and by
# looking for the exact escaped spelling in the raw bytes.
set -u
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
PY=/usr/bin/python3
if [ ! -x "$PY" ]; then
    echo "SKIP: $PY not found"
    exit 77
fi
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp" || exit 2
fail=0
total=0

# The hostile name: quote, backslash, tab, U+0001, backspace, form feed,
# U+2028, U+2029, DEL and the invalid byte 0xFF, with letters between.
name=$(printf 'q"b\\s\tc\001d\b\f\342\200\250e\342\200\251f\177g\377h')
# How the tool must write it (inside the quotes of a JSON string).
want_name='q\"b\\s\tc\u0001d\b\f\u2028e\u2029f\u007fg\ufffdh'
# The same without the invalid byte, for ids inside JSONL input: the input
# spells them exactly as the output must.
want_id='q\"b\\s\tc\u0001d\b\f\u2028e\u2029f\u007fg'

# check LABEL FILE BODY [RAW...] -- FILE is strict UTF-8, one JSON value
# per line, with no raw control byte but the line ends and no raw
# U+2028/U+2029; some string in the values (keys included) holds what BODY
# (the inside of a JSON string, as the tool must spell it) decodes to; and
# the bytes of FILE hold BODY and each RAW spelling (e.g. with its key).
py_check='
import json, os, sys
label, path, body = sys.argv[1:4]
raw = open(path, "rb").read()
def fail(why):
    print("FAIL %s: %s" % (label, why))
    print(raw[:600].decode("utf-8", "backslashreplace"))
    sys.exit(1)
try:
    text = raw.decode("utf-8")
except UnicodeDecodeError as e:
    fail("not valid UTF-8: %s" % e)
bad = [c for c in text if (ord(c) < 0x20 and c != "\n") or c in "\x7f\u2028\u2029"]
if bad:
    fail("raw characters in the output: %r" % bad[:5])
strings = []
def walk(v):
    if isinstance(v, str):
        strings.append(v)
    elif isinstance(v, list):
        for x in v:
            walk(x)
    elif isinstance(v, dict):
        for k, x in v.items():
            strings.append(k)
            walk(x)
lines = text.split("\n")
if not text.endswith("\n") or len(lines) < 2:
    fail("output is not newline-terminated JSON lines")
for line in lines[:-1]:
    try:
        walk(json.loads(line))
    except ValueError as e:
        fail("not JSON: %s" % e)
want = json.loads("\"" + body + "\"")
if not any(want in s for s in strings):
    fail("no string holds %r" % want)
for r in sys.argv[3:]:
    # The arguments come back as the bytes the shell passed.
    if os.fsencode(r) not in raw:
        fail("no %r in the output" % os.fsencode(r))
print("ok %s" % label)
'
check() {
    total=$((total + 1))
    "$PY" -c "$py_check" "$@" || fail=$((fail + 1))
}

# run WANT_STATUS OUT ARGS... -- run `mdsum ARGS > OUT`, check the status.
run() {
    want=$1 out=$2
    shift 2
    "$bin" "$@" > "$out" 2> "$out.err"
    got=$?
    [ "$got" = "$want" ] && return
    total=$((total + 1))
    fail=$((fail + 1))
    printf 'FAIL mdsum %s: exit status %s, expected %s:\n' "$*" "$got" "$want"
    cat "$out.err"
}

# ---- split --json ---------------------------------------------------------
# The text holds a quote, a backslash, a tab, U+0001, a backspace and DEL
# (U+2028/U+2029 and a form feed would end the sentence).
printf 'He said "no" and \\ then\tleft\001\b\177 it.\nAnother line here.\n' > "$name.txt"
run 0 split.json split --json "$name.txt"
check "split --json: file name" split.json "$want_name.txt" "\"file\":\"$want_name.txt\""
check "split --json: sentence text" split.json \
    'He said \"no\" and \\ then\tleft\u0001\b\u007f it.' \
    '"text":"He said \"no\" and \\ then\tleft\u0001\b\u007f it."'

# --lenient: the text goes out as it was read, so each byte that is not
# valid UTF-8 must be one \ufffd. Each row: bytes (printf octal) put between
# "A" and "B." on a line, and how they must be written ("=": as they are).
# One row per way a sequence can be ill-formed, and valid ones beside them.
# (The shell has no local variables: row_* are names that run and check
# do not use.)
while IFS=' ' read -r row_in row_out; do
    [ "$row_out" = "=" ] && row_out=$(printf "$row_in")
    printf "A${row_in}B.\n" > lenient.txt
    run 0 lenient.json split --json --lenient lenient.txt
    check "split --json --lenient: $row_in" lenient.json "A${row_out}B." \
        "\"text\":\"A${row_out}B.\""
done <<'ROWS'
\377 \ufffd
\200 \ufffd
\300\257 \ufffd\ufffd
\340\200\257 \ufffd\ufffd\ufffd
\355\240\200 \ufffd\ufffd\ufffd
\364\220\200\200 \ufffd\ufffd\ufffd\ufffd
\342\202 \ufffd\ufffd
\370\210\200\200\200 \ufffd\ufffd\ufffd\ufffd\ufffd
\000 \u0000
\303\251 =
\342\202\254 =
\360\237\230\200 =
ROWS

# Cluster and document ids from JSONL.
printf '{"id": "%s", "documents": [{"id": "%s", "text": "One. Two."}]}\n' \
    "$want_id" "$want_id" > ids.jsonl
run 0 ids.json split --json -f jsonl ids.jsonl
check "split --json -f jsonl: cluster and document ids" ids.json "$want_id" \
    "\"cluster\":\"$want_id\"" "\"id\":\"$want_id\""

# ---- extract --json -------------------------------------------------------
# A small made-up article, saved under the hostile name.
cat > "$name.html" <<'EOF'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bridge</title></head>
<body><article><h1>Bridge to open</h1>
<p>The council said on Monday that the "new" bridge, with its path\lane split, will open in spring after years of delay and debate.</p>
<p>Engineers tested the deck twice. Traffic will be limited to buses and bicycles during the first month of use.</p>
<p>Residents welcomed the news at a meeting in the town hall, where the mayor answered questions for more than two hours.</p>
</article></body></html>
EOF
run 0 extract.json extract --json "$name.html"
check "extract --json: file name" extract.json "$want_name.html" "\"file\":\"$want_name.html\""
check "extract --json: text" extract.json 'the \"new\" bridge, with its path\\lane split'

# ---- summarize --json -----------------------------------------------------
# One cluster that summarizes (its record comes from the library) and one
# that fails (its error record comes from the CLI, and its message names
# the file), both with the hostile id.
printf '%s\n' \
    "{\"id\": \"$want_id\", \"documents\": [\"He said \\\"no\\\" and \\\\ then\\tleft. The storm hit the coast on Monday night and cut power.\"]}" \
    "{\"id\": \"$want_id\", \"documents\": []}" > "$name.jsonl"
run 1 sum.json summarize -f jsonl -k --json "$name.jsonl"
check "summarize --json: summary record" sum.json "$want_id" "{\"id\":\"$want_id\",\"summary\":"
check "summarize --json: summary text" sum.json 'He said \"no\" and \\ then left.'
check "summarize --json -k: error record" sum.json "$want_name.jsonl:2: empty cluster: no documents" \
    "{\"id\":\"$want_id\",\"line\":2," \
    "\"message\":\"$want_name.jsonl:2: empty cluster: no documents\""

# ---- eval --json and --scores ---------------------------------------------
# A DUC-style directory whose path and cluster name are hostile.
mkdir -p "$name/docs/$name" "$name/refs/$name" || exit 2
s="The river rose by two meters near the old mill on Tuesday, the town said."
echo "$s" > "$name/docs/$name/a"
echo "$s" > "$name/refs/$name/A"
run 0 eval.json eval --data "duc:$name" --json -q --scores scores.json
check "eval --json: data" eval.json "duc:$want_name" "\"data\":\"duc:$want_name\""
check "eval --scores: cluster id" scores.json "$want_name" "{\"id\":\"$want_name\","

# ---- rouge --json (the library's writer) -----------------------------------
# The system id is a name from the command line.
echo "the cat sat on the mat" > sys.txt
echo "the cat sat on a mat" > ref.txt
echo "sys.txt ref.txt" > list.txt
run 0 rouge.json rouge -n 1 --json -z SPL list.txt "$name"
check "rouge --json: system id" rouge.json "$want_name" "\"system\":\"$want_name\""

echo "json_escape: $total checks, $fail failed"
[ "$fail" -eq 0 ]
