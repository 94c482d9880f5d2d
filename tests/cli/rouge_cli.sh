#!/bin/sh
# rouge_cli.sh MDSUM SOURCE_DIR SHARED_DIR
#
# `mdsum rouge` on its own small inputs (made here, no shared data): the
# directory, line-aligned (plain and gzip) and JSONL modes must give what
# the script-compatible mode gives on the same evaluations; the script's
# stderr messages; errors and exit codes.
set -u
MDSUM=$1
case "$MDSUM" in /*) ;; *) MDSUM="$(pwd)/$MDSUM" ;; esac
TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 2
fail=0
check() {  # check NAME CONDITION-EXIT-STATUS
    if [ "$2" -eq 0 ]; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}
expect_exit() {  # expect_exit NAME WANT CMD...
    name=$1; want=$2; shift 2
    "$@" >out.txt 2>err.txt
    got=$?
    if [ "$got" -eq "$want" ]; then echo "ok   $name (exit $got)"; else
        echo "FAIL $name: exit $got, expected $want"; sed 's/^/  /' err.txt | head -3; fail=1; fi
}

mkdir sys refs
printf 'The cat sat on the mat.\nIt was happy.\n' > sys/a.txt
printf 'A cat sat on a mat.\nThe cat was happy.\n' > refs/a.A.txt
printf 'There is a cat on the mat.\n' > refs/a.B.txt
printf 'Stocks fell sharply on Monday.\n' > sys/b.txt
printf 'Shares dropped on Monday.\n' > refs/b.A.txt
printf 'Markets fell on Monday after the report.\n' > refs/b.B.txt
printf 'Rain is expected tomorrow in the north.\n' > sys/c.txt
printf 'Forecasters expect rain in the north tomorrow.\n' > refs/c.A.txt
printf 'It will rain in northern areas.\n' > refs/c.B.txt
printf 'sys/a.txt refs/a.A.txt refs/a.B.txt\n# a comment\n\nsys/b.txt refs/b.A.txt refs/b.B.txt\nsys/c.txt refs/c.A.txt refs/c.B.txt\n' > list.txt
FLAGS="-n 2 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0 -d"

# shellcheck disable=SC2086
"$MDSUM" rouge $FLAGS -z SPL list.txt > z.out 2> z.err
check "script mode runs" $?
grep -q '^X ROUGE-SU4 Eval 3.X R:' z.out; check "script mode prints ROUGE-SU4 per evaluation" $?
[ ! -s z.err ]; check "script mode: nothing on stderr" $?

# shellcheck disable=SC2086
"$MDSUM" rouge $FLAGS sys refs > d.out 2>&1
cmp -s z.out d.out; check "directories = file list" $?

# Line-aligned files: one summary a line, sentences split at <q>.
for id in a b c; do
    tr '\n' '\001' < sys/$id.txt | sed 's/\x01$//; s/\x01/<q>/g'; echo
done > sys.lines
for id in a b c; do
    tr '\n' '\001' < refs/$id.A.txt | sed 's/\x01$//; s/\x01/<q>/g'; echo
done > refA.lines
for id in a b c; do
    tr '\n' '\001' < refs/$id.B.txt | sed 's/\x01$//; s/\x01/<q>/g'; echo
done > refB.lines
# shellcheck disable=SC2086
"$MDSUM" rouge $FLAGS --sentence-sep '<q>' sys.lines refA.lines refB.lines > l.out 2>&1
cmp -s z.out l.out; check "line-aligned files = file list" $?
gzip -c sys.lines > sys.lines.gz && gzip -c refA.lines > refA.gz && gzip -c refB.lines > refB.gz
# shellcheck disable=SC2086
"$MDSUM" rouge $FLAGS --sentence-sep '<q>' sys.lines.gz refA.gz refB.gz > g.out 2>&1
cmp -s z.out g.out; check "gzip input read transparently" $?

# JSONL: sentences as arrays and as \n-separated strings.
{
    echo '{"id": 1, "system": ["The cat sat on the mat.", "It was happy."], "references": [["A cat sat on a mat.", "The cat was happy."], "There is a cat on the mat."]}'
    echo '{"id": 2, "system": "Stocks fell sharply on Monday.", "references": ["Shares dropped on Monday.", "Markets fell on Monday after the report."]}'
    echo ''
    echo '{"id": 3, "prediction": "Rain is expected tomorrow in the north.", "references": ["Forecasters expect rain in the north tomorrow.", "It will rain in northern areas."]}'
} > evals.jsonl
# shellcheck disable=SC2086
"$MDSUM" rouge $FLAGS evals.jsonl > j.out 2>&1
cmp -s z.out j.out; check "JSONL = file list" $?

# --json
# shellcheck disable=SC2086
"$MDSUM" rouge $FLAGS --json -z SPL list.txt > json.out
grep -q '"scorer":"ROUGE-1.5.5"' json.out && grep -q '"ROUGE-SU4":{"recall":' json.out
check "--json" $?
"$MDSUM" rouge -n 2 --named --json -d sys refs > named.out
grep -q '"per_eval":\[{"id":"a"' named.out; check "--named ids" $?
"$MDSUM" rouge --score google -m evals.jsonl > google.out
grep -q '^rougeLsum ' google.out; check "--score google" $?
"$MDSUM" rouge --protocol duc -z SPL list.txt > duc.out
grep -q '^X ROUGE-4 Average_R' duc.out && ! grep -q 'ROUGE-L' duc.out
check "--protocol duc" $?
"$MDSUM" rouge -n 1 -z SPL list.txt MYSYS > sysid.out
grep -q '^MYSYS ROUGE-1 Average_R' sysid.out; check "system id argument" $?
"$MDSUM" rouge -n 1 -o written.out -z SPL list.txt && "$MDSUM" rouge -n 1 -z SPL list.txt > stdout.out
cmp -s written.out stdout.out; check "-o FILE" $?

# The script's "empty text" messages: one per measure and empty text,
# only with a length limit.
: > sys/empty.txt
printf 'sys/empty.txt refs/a.A.txt\nsys/a.txt refs/a.A.txt\n' > elist.txt
"$MDSUM" rouge -n 2 -l 100 -z SPL elist.txt > e.out 2> e.err
printf 'readText: sys/empty.txt -> empty text\nreadText: sys/empty.txt -> empty text\nreadText: sys/empty.txt -> empty text\n' > e.want
cmp -s e.err e.want; check "readText messages (ROUGE-1, -2, -L)" $?
grep -q '^X ROUGE-1 Average_R' e.out; check "an empty summary still scores" $?
"$MDSUM" rouge -n 2 -z SPL elist.txt > e2.out 2> e2.err
[ ! -s e2.err ]; check "no message without a length limit" $?

# Errors and exit codes.
expect_exit "--help" 0 "$MDSUM" rouge --help
expect_exit "no argument" 2 "$MDSUM" rouge
expect_exit "unknown option" 2 "$MDSUM" rouge -q -z SPL list.txt
expect_exit "-z ISI unsupported" 2 "$MDSUM" rouge -z ISI list.txt
expect_exit "-3 unsupported" 2 "$MDSUM" rouge -3 HM -z SPL list.txt
# --score: the same spellings as `mdsum eval --score`.
for sc in 155 1.5.5 rouge-1.5.5; do
    # shellcheck disable=SC2086
    "$MDSUM" rouge $FLAGS --score "$sc" -z SPL list.txt > sc.out 2>&1
    cmp -s z.out sc.out; check "--score $sc is ROUGE-1.5.5" $?
done
expect_exit "--score unknown" 2 "$MDSUM" rouge --score perl -z SPL list.txt
# An id with a NUL would be cut short: refused, with the line.
printf '{"id":"a\\u0000b","system":"the cat sat","references":["the cat sat on the mat"]}\n' > nul.jsonl
expect_exit "JSONL id with a NUL" 1 "$MDSUM" rouge nul.jsonl
grep -q 'nul.jsonl:1: .*contains a NUL' err.txt; check "JSONL id with a NUL: message with the line" $?
expect_exit "-l and -b" 2 "$MDSUM" rouge -l 10 -b 10 -z SPL list.txt
expect_exit "-f C" 2 "$MDSUM" rouge -f C -z SPL list.txt
expect_exit "-p 2" 2 "$MDSUM" rouge -p 2 -z SPL list.txt
expect_exit "-r 0" 2 "$MDSUM" rouge -r 0 -z SPL list.txt
printf 'sys/a.txt refs/missing.txt\n' > mlist.txt
expect_exit "missing reference" 2 "$MDSUM" rouge -n 1 -z SPL mlist.txt
grep -q 'refs/missing.txt' err.txt; check "missing file named" $?
printf 'sys/a.txt\n' > slist.txt
expect_exit "one file on a list line" 1 "$MDSUM" rouge -n 1 -z SPL slist.txt
grep -q 'slist.txt:1:' err.txt; check "list line number" $?
: > nolist.txt
expect_exit "empty list" 1 "$MDSUM" rouge -n 1 -z SPL nolist.txt
head -2 refA.lines > short.lines
expect_exit "mismatched line counts" 1 "$MDSUM" rouge -n 1 sys.lines short.lines
grep -q 'line-aligned' err.txt; check "mismatch explained" $?
printf '{"system": "a", "references": ["a"]}\n{"system": \n' > bad.jsonl
expect_exit "malformed JSONL" 1 "$MDSUM" rouge -n 1 bad.jsonl
grep -q 'bad.jsonl:2:' err.txt; check "JSONL line number" $?
mkdir norefs
expect_exit "system without reference" 1 "$MDSUM" rouge -n 1 sys norefs
# Invalid UTF-8 and NUL are bytes to ROUGE-1.5.5.
printf 'caf\351 \000au lait\n' > sys/bytes.txt
printf 'caf au lait\n' > refs/bytes.A.txt
printf 'sys/bytes.txt refs/bytes.A.txt\n' > blist.txt
"$MDSUM" rouge -n 1 -d -z SPL blist.txt > b.out 2>&1
grep -q 'Eval 1.X R:1.00000 P:1.00000 F:1.00000' b.out; check "bytes are bytes" $?
# The script's XML configuration with SEE summaries, as pyrouge writes
# them: the same numbers as the file list with system id 1.
mkdir -p see/system see/model
see() {  # see IN OUT: one <a ...> line per sentence
    n=0
    { echo '<html>'; echo '<head><title>t</title></head>'; echo '<body bgcolor="white">'
      while IFS= read -r line; do
          n=$((n + 1))
          printf '<a name="%d">[%d]</a> <a href="#%d" id=%d>%s</a>\n' $n $n $n $n "$line"
      done < "$1"
      echo '</body>'; echo '</html>'; } > "$2"
}
{
    echo '<ROUGE-EVAL version="1.55">'
    i=0
    for id in a b c; do
        i=$((i + 1))
        see sys/$id.txt see/system/$id.html
        see refs/$id.A.txt see/model/$id.A.html
        see refs/$id.B.txt see/model/$id.B.html
        printf '<EVAL ID="%d">\n<MODEL-ROOT>\n%s\n</MODEL-ROOT>\n<PEER-ROOT>%s</PEER-ROOT>\n' $i see/model see/system
        printf '<INPUT-FORMAT TYPE="SEE">\n</INPUT-FORMAT>\n<PEERS>\n<P ID="1">%s.html</P>\n</PEERS>\n' $id
        printf '<MODELS>\n<M ID="A">%s.A.html</M>\n<M ID="B">%s.B.html</M>\n</MODELS>\n</EVAL>\n' $id $id
    done
    echo '</ROUGE-EVAL>'
} > conf.xml
# shellcheck disable=SC2086
"$MDSUM" rouge $FLAGS -z SPL list.txt 1 > z1.out
# shellcheck disable=SC2086
"$MDSUM" rouge -e data $FLAGS -a conf.xml > x.out 2> x.err
cmp -s z1.out x.out; check "XML configuration with SEE files = file list" $?
# shellcheck disable=SC2086
"$MDSUM" rouge $FLAGS conf.xml 1 > x1.out 2>&1
cmp -s z1.out x1.out; check "XML configuration and a system id" $?
expect_exit "XML without -a or system id" 2 "$MDSUM" rouge -n 1 conf.xml
# Two systems, one missing in an evaluation: a block per system in byte
# order of the ids, and the script's warning once.
sed 's|<P ID="1">b.html</P>|<P ID="1">b.html</P><P ID="0">b.html</P>|' conf.xml > conf2.xml
"$MDSUM" rouge -n 1 -a conf2.xml > x2.out 2> x2.err
[ "$(grep -c '^[01] ROUGE-1 Average_R' x2.out)" -eq 2 ] && head -2 x2.out | grep -q '^0 ROUGE-1 Average_R'
check "XML: one block per system" $?
printf '*ROUGE Warning: test instance for peer 0 does not exist for evaluation 1\n*ROUGE Warning: test instance for peer 0 does not exist for evaluation 3\n' > x2.want
cmp -s x2.err x2.want; check "XML: missing-system warnings" $?
printf '<ROUGE-EVAL><EVAL ID="1"><PEERS>\n' > broken.xml
expect_exit "malformed XML" 1 "$MDSUM" rouge -n 1 -a broken.xml
exit $fail
