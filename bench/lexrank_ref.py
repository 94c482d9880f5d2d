#!/usr/bin/python3
"""Reference LexRank in Python, the way most users run it today (sklearn
TF-IDF + networkx PageRank), as a speed peer for bench/perf.py; not a
quality reference. Erkan & Radev 2004, continuous LexRank: PageRank over the
cosine-similarity graph of the sentences, then the best sentences up to the
word budget. Reads Multi-News lines on stdin, writes one summary per line.

    bench/lexrank_ref.py [--words 300] [--limit N] < val.src
"""
import argparse, re, sys, time
import networkx as nx
from sklearn.feature_extraction.text import TfidfVectorizer

SPLIT = re.compile(r'(?<=[.!?])["\u201d\']?\s+|\n+')

def summarize(line, words):
    docs = [d.replace("NEWLINE_CHAR", "\n") for d in line.split("|||||")]
    sents = [s.strip() for d in docs for s in SPLIT.split(d) if len(s.split()) >= 4]
    if len(sents) < 2:
        return " ".join(sents)
    X = TfidfVectorizer(stop_words="english").fit_transform(sents)   # rows are L2-normalized
    S = (X @ X.T).toarray()
    S[range(len(sents)), range(len(sents))] = 0
    rank = nx.pagerank(nx.from_numpy_array(S), alpha=0.85, tol=1e-6)
    out, n = [], 0
    for i in sorted(rank, key=rank.get, reverse=True):
        w = len(sents[i].split())
        if n + w <= words:
            out.append(sents[i]); n += w
    return " ".join(out)

ap = argparse.ArgumentParser()
ap.add_argument("--words", type=int, default=300)
ap.add_argument("--limit", type=int, default=0)
a = ap.parse_args()
# Wall and CPU time (all threads: numpy may use several) after the imports,
# so that bench/perf.py compares CPU with CPU.
t0, c0, n = time.perf_counter(), time.process_time(), 0
for line in sys.stdin:
    if a.limit and n >= a.limit:
        break
    print(summarize(line, a.words)); n += 1
sys.stderr.write("lexrank_ref: %d clusters in %.3f s (CPU %.3f s)\n"
                 % (n, time.perf_counter() - t0, time.process_time() - c0))
