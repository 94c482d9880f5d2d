#!/bin/sh
# Batch resilience (issue 8): JSONL and Multi-News batches mixing good and
# bad records. With --keep-going every input record gives exactly one output
# record (an error record, with its line number, for a bad one), the batch
# goes on, and the exit status 1 says that some clusters failed; the output
# is the same for any --jobs. Without it the batch stops at the first bad
# record, naming its line, with exit status 1 and no -o file.
#
#   sh tests/cli/batch_resilience.sh MDSUM_BIN SOURCE_DIR [SHARED_DIR]
set -u
MDSUM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
fail=0
pass=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

good_jsonl='{"id": "g%d", "documents": ["The storm hit the coast on Monday night and cut power to thousands of homes.", "Crews worked through the night to restore power along the coast after the storm."]}'
long=$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "word%d ", i }')
# JSONL: each row of the table below is one input line; "good" rows make a
# valid cluster. Bad kinds: invalid UTF-8, empty documents, malformed JSON,
# a line over --max-bytes, JSON that is not an object, documents of the
# wrong type, an empty line, an invalid id.
{
    printf "$good_jsonl\n" 1
    printf '{"id": "bad-utf8", "documents": ["Bad \377 byte here in the text now."]}\n'
    printf "$good_jsonl\n" 3
    printf '{"id": "empty-docs", "documents": ["", "   "]}\n'
    printf '{"id": "malformed", "documents": ["unterminated\n'
    printf "$good_jsonl\n" 6
    printf '{"id": "too-long", "documents": ["%s"]}\n' "$long"
    printf '[1, 2, 3]\n'
    printf '{"id": "wrong-type", "documents": [42]}\n'
    printf '\n'
    printf '{"id": "bad-id\377", "documents": ["A fine sentence is here for once."]}\n'
    printf "$good_jsonl\n" 12
} >in.jsonl
nin=$(wc -l <in.jsonl)
bad_lines="2 4 5 7 8 9 10 11"

# Multi-News: the same idea.
good_mn='The storm hit the coast on Monday night and cut power . ||||| Crews worked through the night to restore power .'
{
    echo "$good_mn"
    printf 'Bad \377 byte in this document here . ||||| %s\n' "$good_mn"
    echo "$good_mn"
    echo '||||| ||||| |||||'
    echo "$long"
    printf 'NUL \000 byte . ||||| more .\n'
    echo ''
    echo "$good_mn"
} >in.src
nin_mn=$(wc -l <in.src)
bad_lines_mn="2 4 5 6 7"

check_batch() {   # FORMAT FILE NIN BAD_LINES
    fmt=$1 file=$2 n=$3 badl=$4
    # Text: one line per record, empty for a failed one.
    "$MDSUM" summarize -f "$fmt" -k --max-bytes 1000 "$file" >out.txt 2>err.txt
    st=$?
    [ "$st" -eq 1 ] && ok "$fmt -k: exit 1" || bad "$fmt -k: exit $st"
    [ "$(wc -l <out.txt)" -eq "$n" ] && ok "$fmt -k --text: $n records out" ||
        bad "$fmt -k --text: $(wc -l <out.txt) records out of $n"
    for l in $badl; do
        [ -z "$(sed -n "${l}p" out.txt)" ] || bad "$fmt -k --text: line $l not empty"
        grep -q "^mdsum: error: $file:$l: " err.txt && ok "$fmt -k: error names line $l" ||
            bad "$fmt -k: no error for line $l"
    done
    [ "$(grep -c '^mdsum: error: ' err.txt)" -eq "$(echo $badl | wc -w)" ] &&
        ok "$fmt -k: one message per bad record" || bad "$fmt -k: $(grep -c . err.txt) messages"
    # JSON: one object per record; error records carry line and code.
    "$MDSUM" summarize -f "$fmt" -k --json --max-bytes 1000 "$file" >out.json 2>/dev/null
    [ "$(wc -l <out.json)" -eq "$n" ] && ok "$fmt -k --json: $n records out" ||
        bad "$fmt -k --json: $(wc -l <out.json) records out of $n"
    i=0
    while IFS= read -r rec; do
        i=$((i + 1))
        case " $badl " in
        *" $i "*) echo "$rec" | grep -q "^{\"id\":\(null\|\"[^\"]*\"\),\"line\":$i,\"error\":{\"code\":-[0-9]*,\"message\":\"$file:$i: " ||
            bad "$fmt -k --json: record $i is not its error record: $(echo "$rec" | cut -c1-100)" ;;
        *) echo "$rec" | grep -q '"summary":"' || bad "$fmt -k --json: record $i is not a summary" ;;
        esac
    done <out.json
    python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' out.json 2>/dev/null &&
        ok "$fmt -k --json: every record parses" || bad "$fmt -k --json: unparseable record"
    # Any number of jobs: the same output.
    "$MDSUM" summarize -f "$fmt" -k --json --max-bytes 1000 -j 3 "$file" >out3.json 2>err3.txt
    cmp -s out.json out3.json && ok "$fmt -k -j 3: same output" || bad "$fmt -k -j 3: output differs"
    # -o with -k: the whole output is written.
    "$MDSUM" summarize -f "$fmt" -k --max-bytes 1000 -o kept.txt "$file" 2>/dev/null
    cmp -s kept.txt out.txt && ok "$fmt -k -o: complete file" || bad "$fmt -k -o: file differs or missing"
    rm -f kept.txt
    # Without -k: stop at the first bad record, naming it; no -o file.
    first=${badl%% *}
    "$MDSUM" summarize -f "$fmt" --max-bytes 1000 "$file" >stop.txt 2>stop.err
    st=$?
    [ "$st" -eq 1 ] && ok "$fmt without -k: exit 1" || bad "$fmt without -k: exit $st"
    [ "$(grep -c . stop.err)" -eq 1 ] && grep -q "^mdsum: error: $file:$first: " stop.err &&
        ok "$fmt without -k: stops at line $first" || bad "$fmt without -k: $(cat stop.err)"
    [ "$(wc -l <stop.txt)" -eq $((first - 1)) ] && ok "$fmt without -k: the $((first - 1)) records before it" ||
        bad "$fmt without -k: $(wc -l <stop.txt) records written"
    "$MDSUM" summarize -f "$fmt" --max-bytes 1000 -o partial.txt "$file" 2>/dev/null
    [ ! -e partial.txt ] && ok "$fmt without -k -o: no file" || bad "$fmt without -k -o: partial file left"
    leftovers=$(ls -A | grep -c 'tmp')
    [ "$leftovers" -eq 0 ] && ok "$fmt: no temporary file left" || bad "$fmt: temporary files: $(ls -A)"
}

check_batch jsonl in.jsonl "$nin" "$bad_lines"
check_batch multinews in.src "$nin_mn" "$bad_lines_mn"

# --lenient repairs raw invalid UTF-8 in JSONL lines (jansson alone
# refuses it): lines 2 and 11 become summaries; error records keep the
# cluster id when the line had one.
"$MDSUM" summarize -f jsonl -k --lenient --json --max-bytes 1000 in.jsonl >len.json 2>len.err
[ "$(wc -l <len.json)" -eq "$nin" ] && [ "$(grep -c '"summary":' len.json)" -eq 6 ] &&
    [ "$(grep -c . len.err)" -eq 6 ] && ok "jsonl --lenient: 6 summaries, 6 errors" ||
    bad "jsonl --lenient: $(grep -c '"summary":' len.json) summaries, $(grep -c . len.err) errors"
sed -n 4p len.json | grep -q '^{"id":"empty-docs","line":4,"error":{"code":-4,' &&
    ok "error record keeps the cluster id" || bad "error record: $(sed -n 4p len.json)"

# gzip input: the same records, the same output.
gzip -c in.jsonl >in.jsonl.gz
"$MDSUM" summarize -f jsonl -k --max-bytes 1000 in.jsonl.gz >gz.txt 2>/dev/null
"$MDSUM" summarize -f jsonl -k --max-bytes 1000 in.jsonl >plain.txt 2>/dev/null
cmp -s gz.txt plain.txt && ok "gzip batch: same output" || bad "gzip batch: output differs"

# A batch of many records with a bad one every 7th: the count holds across
# ring turns (64 slots per job).
awk -v g="$good_mn" 'BEGIN { for (i = 1; i <= 1000; i++) print (i % 7 == 0 ? "||||| |||||" : g) }' >many.src
"$MDSUM" summarize -f multinews -k -j 2 many.src >many.txt 2>many.err
st=$?
[ "$st" -eq 1 ] && [ "$(wc -l <many.txt)" -eq 1000 ] && [ "$(grep -c . many.err)" -eq 142 ] &&
    ok "1000 records, 142 bad, -j 2: 1000 out, 142 errors" ||
    bad "1000 records: exit $st, $(wc -l <many.txt) out, $(grep -c . many.err) errors"

# Lines over --max-bytes ahead of more lines than the ring holds (64 per
# job): an over-limit line is a finished error record the moment it is
# read, and a worker must still pass over it, or its ring slot is taken
# again later with a stale result (a good line reported as an error). The
# over-limit lines come first, while the workers wait for work; several
# runs because the threads' timing varies.
{
    for i in 1 2 3; do awk 'BEGIN { for (i = 0; i < 50000; i++) printf "word%d ", i; print "" }'; done
    awk -v g="$good_mn" 'BEGIN { for (i = 1; i <= 300; i++) print g }'
} >ring.src
"$MDSUM" summarize -f multinews -k --max-bytes 100000 ring.src >ring1.txt 2>ring1.err
same=0
for run in 1 2 3 4 5; do
    "$MDSUM" summarize -f multinews -k --max-bytes 100000 -j 2 ring.src >ring2.txt 2>ring2.err
    cmp -s ring1.txt ring2.txt && cmp -s ring1.err ring2.err && same=$((same + 1))
done
[ "$same" -eq 5 ] && [ "$(grep -c . ring1.err)" -eq 3 ] &&
    ok "over-limit lines then 300 records, -j 2: same output as -j 1 (5 runs)" ||
    bad "over-limit lines then 300 records, -j 2: $((5 - same)) of 5 runs differ from -j 1"

echo "batch_resilience: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
