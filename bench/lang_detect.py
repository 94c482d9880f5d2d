#!/usr/bin/python3
"""How often mdsum_lang_detect (what --lang auto uses) names the right
language: every TAC 2011 MultiLing document (7 languages) and the longest
document of every Multi-News validation cluster (English).

    bench/lang_detect.py [LIBMDSUM_SO] [SHARED_DIR]

Reads the data at run time; prints counts per true language and the
guesses that were wrong (cluster ids and guesses only, no text).
"""
import collections
import ctypes
import gzip
import os
import sys

lib_path = sys.argv[1] if len(sys.argv) > 1 else 'build/libmdsum.so'
shared = sys.argv[2] if len(sys.argv) > 2 else '../shared'
lib = ctypes.CDLL(lib_path)
lib.mdsum_ctx_new.restype = ctypes.c_void_p
lib.mdsum_ctx_new.argtypes = [ctypes.c_void_p]
lib.mdsum_ctx_free.argtypes = [ctypes.c_void_p]
lib.mdsum_lang_detect.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t,
                                  ctypes.POINTER(ctypes.c_char_p)]
ctx = lib.mdsum_ctx_new(None)


def detect(data):
    code = ctypes.c_char_p()
    rc = lib.mdsum_lang_detect(ctx, data, len(data), ctypes.byref(code))
    return code.value.decode() if rc == 0 else 'error %d' % rc


CODES = {'arabic': 'ar', 'czech': 'cs', 'english': 'en', 'french': 'fr', 'greek': 'el',
         'hebrew': 'he', 'hindi': 'hi'}
tac = os.path.join(shared, 'data', 'tac2011')
if os.path.isdir(tac):
    print('TAC 2011 documents: language, right/all, wrong guesses')
    for name, code in sorted(CODES.items()):
        docs = os.path.join(tac, name, 'docs')
        if not os.path.isdir(docs):
            continue
        ok, n, wrong = 0, 0, collections.Counter()
        for topic in sorted(os.listdir(docs)):
            for f in sorted(os.listdir(os.path.join(docs, topic))):
                with open(os.path.join(docs, topic, f), 'rb') as fp:
                    got = detect(fp.read())
                n += 1
                ok += got == code
                if got != code:
                    wrong[got] += 1
        print('  %-8s %3d/%3d  %s' % (name, ok, n, dict(wrong) or ''))

mn = os.path.join(shared, 'data', 'multinews', 'val.src.gz')
if os.path.exists(mn):
    n, wrong = 0, []
    with gzip.open(mn, 'rb') as fp:
        for i, line in enumerate(fp):
            docs = line.rstrip(b'\n').split(b' ||||| ')
            longest = max(docs, key=len).replace(b'NEWLINE_CHAR', b'\n')
            got = detect(longest)
            n += 1
            if got != 'en':
                wrong.append((i + 1, got, len(longest.split())))
    print('Multi-News val clusters (longest document): %d/%d detected en' % (n - len(wrong), n))
    for line, got, words in wrong:
        print('  line %d: %s (%d words)' % (line, got, words))
lib.mdsum_ctx_free(ctx)
