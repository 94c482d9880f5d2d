#!/usr/bin/python3
"""Synthetic news-like clusters for the scale series of bench/perf.py.

    bench/synth.py --docs D --words W [--seed S] [--format multinews|text] > cluster

Writes one cluster of D documents of about W words each as one Multi-News
line (documents joined by " ||||| ", paragraph breaks as NEWLINE_CHAR), or
with --format text the documents separated by blank lines (for ots).
Words are pseudo-words (syllables) drawn from a Zipf distribution over a
20,000-word vocabulary, mixed with a 60-word event vocabulary shared by the
documents of the cluster (so sentences of different documents are similar,
as in a real cluster); sentences of 8 to 30 words end with a full stop,
paragraphs hold 2 to 6 sentences. Deterministic for a given seed. No real
text is used.
"""
import argparse
import itertools
import random
import sys

SYL = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "si", "pe", "da", "gu", "ho",
       "ze", "bi", "fa", "co", "ly", "wen", "tor", "mar", "sel", "quin", "dra", "pol"]


def vocabulary(rng, n):
    words, seen = [], set()
    while len(words) < n:
        w = "".join(rng.choice(SYL) for _ in range(rng.randint(1, 4)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words


def cluster(docs, words, seed):
    rng = random.Random(seed)
    vocab = vocabulary(rng, 20000)
    cum = list(itertools.accumulate(1.0 / (r + 1) for r in range(len(vocab))))
    event = rng.sample(vocab[200:], 60)
    out = []
    for _ in range(docs):
        paras, n = [], 0
        while n < words:
            sents = []
            for _ in range(rng.randint(2, 6)):
                k = rng.randint(8, 30)
                ws = rng.choices(vocab, cum_weights=cum, k=k)
                for j in range(k):
                    if rng.random() < 0.15:
                        ws[j] = rng.choice(event)
                ws[0] = ws[0].capitalize()
                sents.append(" ".join(ws) + ".")
                n += k
                if n >= words:
                    break
            paras.append(" ".join(sents))
        out.append(paras)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, required=True)
    ap.add_argument("--words", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--format", choices=["multinews", "text"], default="multinews")
    a = ap.parse_args()
    docs = cluster(a.docs, a.words, a.seed)
    if a.format == "text":
        sys.stdout.write("\n\n".join("\n\n".join(p) for p in docs) + "\n")
    else:
        sys.stdout.write(" ||||| ".join(" NEWLINE_CHAR NEWLINE_CHAR ".join(p) for p in docs) + "\n")


if __name__ == "__main__":
    main()
