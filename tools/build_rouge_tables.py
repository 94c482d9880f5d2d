#!/usr/bin/python3
"""Build the two data tables that mdsum's ROUGE-1.5.5 scorer embeds.

    tools/build_rouge_tables.py [SOURCE_DIR [OUT_DIR]]

SOURCE_DIR (default ../shared/rouge-parity/data) holds WordNet 2.0's
adj.exc, adv.exc, noun.exc, verb.exc and smart_common_words.txt (the SMART
stopword list), the inputs of ROUGE-1.5.5's own two data files
(WordNet-2.0.exc.db and smart_common_words.txt). OUT_DIR (default data/)
receives:

  rouge-wordnet-exc.tsv  inflected<TAB>base, sorted; the exception table the
                         script consults before its Porter stemmer.
  rouge-smart-stop.txt   one stopword a line, sorted, without duplicates.

How the script's database maps a form that several files list differently:
the files are read in the order adj, adv, noun, verb and a later line wins,
and only the first base form of a line counts. That rule gives exactly the
mapping of the distributed WordNet-2.0.exc.db where the files disagree
(better -> well, best -> well, offer -> offer, testes -> testes,
involucra -> involucrum); the script checks this below and refuses to write
a table that breaks one of them.

Only entries a ROUGE token can ever reach are written: the script looks a
token up only when it is longer than 3 bytes, and its tokens consist of
[a-z0-9] only (every other byte became a separator before the lookup). The
same holds for stopwords, which are compared with those tokens. Both files
start with '#' comment lines, which the library skips.
"""

import os
import re
import sys

EXC_FILES = ["adj.exc", "adv.exc", "noun.exc", "verb.exc"]
# The mapping of the original database where the .exc files disagree
# (see ../shared/rouge-parity/README.md).
KNOWN = {
    "better": "well",
    "best": "well",
    "offer": "offer",
    "testes": "testes",
    "involucra": "involucrum",
}
TOKEN = re.compile(r"[a-z0-9]+")

WORDNET_NOTICE = """\
# The entries come from WordNet 2.0 (adj.exc, adv.exc, noun.exc, verb.exc).
# WordNet 2.0 Copyright 2003 by Princeton University. All rights reserved.
# Redistributed under the WordNet licence, reproduced in full in
# data/README.md, which must accompany every copy of this table."""


def read_lines(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        sys.exit("%s: expected ASCII text" % path)
    return text.split("\n")


def build_exceptions(src):
    table = {}
    for name in EXC_FILES:
        for lineno, line in enumerate(read_lines(os.path.join(src, name)), 1):
            fields = line.split()
            if not fields:
                continue
            if len(fields) < 2:
                sys.exit("%s:%d: expected 'inflected base ...'" % (name, lineno))
            table[fields[0]] = fields[1]
    for key, base in KNOWN.items():
        if table.get(key) != base:
            sys.exit("exception table: %s -> %s, but ROUGE-1.5.5 maps it to %s"
                     % (key, table.get(key), base))
    total = len(table)
    kept = {k: v for k, v in table.items() if len(k) > 3 and TOKEN.fullmatch(k)}
    return total, kept


def build_stopwords(src):
    words = set()
    total = 0
    for line in read_lines(os.path.join(src, "smart_common_words.txt")):
        # The script chomps each line and uses it as is.
        if line == "":
            continue
        total += 1
        if TOKEN.fullmatch(line):
            words.add(line)
    return total, sorted(words)


def write(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="ascii", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    src = argv[1] if len(argv) > 1 else os.path.join(root, "..", "shared", "rouge-parity", "data")
    out = argv[2] if len(argv) > 2 else os.path.join(root, "data")
    if not os.path.isdir(src):
        sys.exit("%s: no such directory (pass the rouge-parity data folder)" % src)

    total, exc = build_exceptions(src)
    lines = [
        "# ROUGE-1.5.5 WordNet exception table: inflected<TAB>base.",
        "# Built by tools/build_rouge_tables.py from WordNet 2.0's .exc files; do not edit.",
        "# Rule: files read as adj, adv, noun, verb; a later line wins; first base only.",
        "# %d of the %d keys are kept: those longer than 3 bytes made of [a-z0-9]," % (len(exc), total),
        "# the only ones a ROUGE token can reach.",
        WORDNET_NOTICE,
    ]
    lines += ["%s\t%s" % (k, exc[k]) for k in sorted(exc)]
    write(os.path.join(out, "rouge-wordnet-exc.tsv"), "\n".join(lines) + "\n")

    total, stop = build_stopwords(src)
    lines = [
        "# ROUGE-1.5.5 stopwords (-s): the SMART list, smart_common_words.txt.",
        "# Built by tools/build_rouge_tables.py; do not edit.",
        "# %d of its %d lines are kept: the distinct words made of [a-z0-9]," % (len(stop), total),
        "# the only ones a ROUGE token can equal.",
    ]
    lines += stop
    write(os.path.join(out, "rouge-smart-stop.txt"), "\n".join(lines) + "\n")
    print("wrote %d exceptions, %d stopwords to %s" % (len(exc), len(stop), out))


if __name__ == "__main__":
    main(sys.argv)
