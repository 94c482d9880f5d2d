#!/bin/sh
# Extra fuzz seeds made at run time from the shared evaluation data (never
# copied into the repository): real news text, Multi-News lines, ROUGE
# cases, segmentation cases and saved pages, cut to the fuzzers' input
# size and given each target's leading option bytes.
#
#   sh tests/fuzz/seed_from_shared.sh SHARED_DIR OUT_DIR
#
# Writes OUT_DIR/<target>/... for summarize, clean, multinews, jsonl,
# rouge, segment and html. Without SHARED_DIR it writes nothing and exits 0
# (the committed seeds in tests/fuzz/corpus are enough to start).
set -eu
SHARED=$1
OUT=$2
MAX=${FUZZ_SEED_BYTES:-4000}
if [ ! -d "$SHARED/data" ]; then
    echo "seed_from_shared: no shared data at $SHARED; committed seeds only" >&2
    exit 0
fi
for t in summarize clean multinews jsonl rouge segment html; do mkdir -p "$OUT/$t"; done

# seed FILE TARGET NAME PREFIX: PREFIX (printf format) + the first MAX bytes.
seed() {
    { printf "$4"; head -c "$MAX" "$1"; } >"$OUT/$2/$3"
}

# Plain articles: the seed cluster, one document per seed; all of it split
# in documents for the cleaner.
n=0
for f in "$SHARED"/data/seed-cluster/*.txt; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    seed "$f" summarize "seed-$n" '\000\n'
    seed "$f" clean "seed-$n" '\000'
done
if [ "$n" -gt 1 ]; then
    for f in "$SHARED"/data/seed-cluster/*.txt; do head -c $((MAX / n)) "$f"; printf '\036'; done \
        >"$OUT/clean/seed-cluster"
fi

# Multi-News lines (full scraped sources, web noise included) and the same
# clusters as JSONL.
src="$SHARED/data/multinews-full/dev.src"
if [ -f "$src" ]; then
    i=0
    while [ $i -lt 12 ]; do
        i=$((i + 1))
        { printf '\000'; sed -n "${i}p" "$src" | head -c "$MAX"; } >"$OUT/multinews/dev-$i"
        { printf '\000\n'; sed -n "${i}p" "$src" | head -c "$MAX" | sed 's/ NEWLINE_CHAR /\n/g; s/ ||||| /\n\n/g'; } \
            >"$OUT/summarize/dev-$i"
    done
    if command -v python3 >/dev/null 2>&1; then
        python3 - "$src" "$OUT/jsonl" "$MAX" <<'EOF'
import json, sys
src, out, cap = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(src, encoding="utf-8", errors="replace") as f:
    for i, line in zip(range(12), f):
        parts = line.split("|||||")
        # Room for every document even when escaping makes it 6 times longer.
        docs = [d.replace(" NEWLINE_CHAR ", "\n").strip()[: cap // (7 * len(parts))] for d in parts]
        rec = {"id": "dev-%d" % (i + 1), "documents": [{"id": str(k), "title": d[:40], "text": d}
                                                      for k, d in enumerate(docs) if d]}
        with open("%s/dev-%d" % (out, i + 1), "wb") as o:
            o.write(b"\x00" + json.dumps(rec, ensure_ascii=bool(i % 2)).encode())
EOF
    fi
fi

# ROUGE: each parity case's first system summary against its references.
for c in "$SHARED"/rouge-parity/cases/*/; do
    [ -d "$c/sys" ] || continue
    name=$(basename "$c")
    s=$(ls "$c/sys" | head -1)
    [ -n "$s" ] || continue
    {
        printf '\036\007'
        head -c $((MAX / 3)) "$c/sys/$s"
        for r in $(ls "$c/refs" 2>/dev/null | head -2); do printf '\036'; head -c $((MAX / 3)) "$c/refs/$r"; done
    } >"$OUT/rouge/$name"
done

# Segmentation: the golden cases' texts, a few per language.
for g in "$SHARED"/segmentation/golden_*.jsonl; do
    [ -f "$g" ] || continue
    lang=$(basename "$g" .jsonl)
    head -c "$MAX" "$g" | { printf '\000'; cat; } >"$OUT/segment/$lang"
done

# Saved pages (gzip) for the HTML extractor.
i=0
for p in "$SHARED"/html-extraction/html/*.html.gz; do
    [ -f "$p" ] || continue
    i=$((i + 1))
    [ $i -le 20 ] || break
    gzip -dc "$p" | head -c $((MAX * 8)) >"$OUT/html/page-$i" || true
done

echo "seed_from_shared: $(find "$OUT" -type f | wc -l) seeds in $OUT" >&2
