#!/bin/sh
# ROUGE recall of mdsum on every language of TAC 2011 MultiLing (250 words,
# ROUGE-1.5.5 -n 2 -m -2 4 -u -l 250 on mdsum's Unicode words mapped to
# ASCII tokens): the default algorithm, lexrank and lead, each with the
# language given (--lang, from the directory name) and guessed (--lang
# auto). TAC is a report set, not a tuning set: nothing is tuned on it.
#   sh bench/tac_langs.sh [MDSUM_BIN] [SHARED_DIR] [LANGUAGES...]
set -eu
MDSUM=${1:-build/mdsum}
SHARED=${2:-../shared}
[ $# -ge 2 ] && shift 2 || shift $#
LANGS=${*:-arabic czech english french greek hebrew hindi}
D=$SHARED/data/tac2011
if [ ! -d "$D" ]; then
    echo "tac_langs.sh: $D not found" >&2
    exit 77
fi
echo "# mdsum eval on TAC 2011 ($(date -u +%Y-%m-%d)); $($MDSUM --version)"
echo
echo "| language | algo | --lang | R-1 R | R-2 R | R-SU4 R |"
echo "|---|---|---|---|---|---|"
for l in $LANGS; do
    for a in default lexrank lead; do
        for mode in set auto; do
            set -- --data "tac:$D/$l" -q --json -j 1
            [ "$a" = default ] || set -- "$@" -a "$a"
            [ "$mode" = auto ] && set -- "$@" --lang auto
            "$MDSUM" eval "$@" | /usr/bin/python3 -c '
import json, sys
j = json.load(sys.stdin); s = j["scores"]
print("| %s | %s | %s | %s |" % (sys.argv[1], j["algorithm"], sys.argv[2],
      " | ".join("%.2f" % (100 * s[m]["recall"]) for m in ("ROUGE-1", "ROUGE-2", "ROUGE-SU4"))))' "$l" "$mode"
        done
    done
done
