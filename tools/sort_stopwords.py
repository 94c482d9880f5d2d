#!/usr/bin/python3
"""Normalize and sort the stopword lists in src/stopwords.inc in place.

Each `static const char *const stop_XX[] = { ... };` block is rewritten:
every word NFC + case folded the way the tokenizer does it (utf8proc
decompose, full case folding, compose; U+2019 -> '), duplicates dropped,
sorted in strcmp (UTF-8 byte) order, wrapped at 78 columns. Text outside
the blocks is kept as it is. Usage: tools/sort_stopwords.py [FILE]

The unit test test_lang checks the result independently (order, and that
the tokenizer folds each word to itself and flags it as a stopword), so
this script is a convenience for editing the lists, not a trusted step.
"""
import re
import sys
import unicodedata

BLOCK = re.compile(r'(static const char \*const stop_[a-z]+\[\] = \{\n)(.*?)(\n\};)', re.S)
WORD = re.compile(r'"((?:[^"\\]|\\.)*)"')


def fold(w):
    w = unicodedata.normalize('NFD', w).casefold()
    w = unicodedata.normalize('NFC', w)
    return w.replace('\u2019', "'")


def reflow(words):
    lines, cur = [], '   '
    for w in words:
        item = ' "%s",' % w
        if len(cur) + len(item) > 78:
            lines.append(cur)
            cur = '   '
        cur += item
    lines.append(cur)
    return '\n'.join(lines)


def rewrite(m):
    words = {fold(w) for w in WORD.findall(m.group(2))}
    words = sorted(words, key=lambda w: w.encode('utf-8'))
    return m.group(1) + reflow(words) + m.group(3)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else 'src/stopwords.inc'
    with open(path, encoding='utf-8') as f:
        text = f.read()
    out = BLOCK.sub(rewrite, text)
    if out != text:
        with open(path, 'w', encoding='utf-8') as f:
            f.write(out)


if __name__ == '__main__':
    main()
