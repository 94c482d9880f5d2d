"""mdsum.split: the library's segmenter, with byte offsets."""

import pytest

import mdsum

# A row: (text, language, expected sentences). Rules the provisional
# segmenter and the real one agree on: terminal punctuation before an upper
# case letter, blank lines, trimmed white space, no empty sentence.
CASES = [
    ("", "en", []),
    ("   \n\n  ", "en", []),
    ("One sentence.", "en", ["One sentence."]),
    ("First one here. Second one here.", "en", ["First one here.", "Second one here."]),
    ("  Leading space. Trailing space.  \n", "en", ["Leading space.", "Trailing space."]),
    ("A title line\n\nThe body starts here.", "en", ["A title line", "The body starts here."]),
    ("Él llegó tarde. Nadie sabe por qué.", "es", ["Él llegó tarde.", "Nadie sabe por qué."]),
]


@pytest.mark.parametrize("text,lang,want", CASES)
def test_split(text, lang, want):
    spans = mdsum.split(text, lang)
    assert [s.text for s in spans] == want
    b = text.encode()
    for s in spans:
        assert b[s.start:s.end].decode() == s.text
    # bytes in, bytes out, same offsets
    assert [(s.start, s.end, s.text.encode()) for s in spans] == \
        [tuple(s) for s in mdsum.split(b, lang)]


def test_split_offsets_are_bytes():
    spans = mdsum.split("Größe zählt. Alles über Größe.", "de")
    # "Größe zählt." is 12 characters but 15 bytes (ö, ß, ä take two each).
    assert [(s.start, s.end) for s in spans] == [(0, 15), (16, 36)]
    assert repr(spans[0]) == "Span(start=0, end=15, text='Größe zählt.')"


def test_split_default_language_and_big_text():
    text = "This is a sentence. " * 20000
    spans = mdsum.split(text)
    assert len(spans) == 20000
    assert spans[-1].end == len(text) - 1
