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


# ----------------------------------------------------------------------
# Byte for byte against `mdsum split --json`
# ----------------------------------------------------------------------
import glob  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402

from conftest import example_files  # noqa: E402

# Texts for the CLI comparison: (name, text bytes, language, keyword
# arguments). Add a row for each kind of boundary or option: abbreviations,
# quotes, numbers, wrapped lines, CJK, CRLF, "auto".
CLI_CASES = [
    ("abbrev", b"Dr. Smith met Mr. Jones at 5 p.m. on Jan. 3. They talked.", "en", {}),
    ("quotes", b'"Is it over?" she asked. \xe2\x80\x9cYes.\xe2\x80\x9d He left.', "en", {}),
    ("numbers", b"It cost $3.50. Then 1.5 million people came. U.S. officials agreed.", "en", {}),
    ("wrapped", b"This paragraph is hard\nwrapped at a narrow\nwidth. Second one.\n\nNew para.",
     "en", {"join_wrapped": True}),
    ("wrapped-off", b"This paragraph is hard\nwrapped at a narrow\nwidth. Second one.",
     "en", {}),
    ("crlf", b"Line one.\r\nLine two.\r\n\r\nLine three", "en", {}),
    ("cjk", "\u6771\u4eac\u3067\u5730\u9707\u3002\u88ab\u5bb3\u306f\u306a\u3044\u3002"
     "\u4ea4\u901a\u306f\u6b63\u5e38\u3002".encode(), "en", {}),
    ("cjk-auto", "\u4e1c\u4eac\u53d1\u751f\u5730\u9707\u3002\u6ca1\u6709\u4f24\u4ea1\u3002"
     .encode(), "auto", {}),
    ("german", "Am 3. Oktober kam er. Die Stra\u00dfe war zu. Usw. ging es weiter."
     .encode(), "de", {}),
    ("auto", b"The storm closed the bridge. Ferries ran all night. Officials said "
     b"it would reopen soon.", "auto", {}),
    ("lenient", b"Bad \xff byte here. Next \x00 one. Fine.", "en", {"lenient": True}),
    ("empty", b"", "en", {}),
]


def cli_split(cli, paths, lang, kw, check=True):
    args = ["split", "--json", "--lang", lang]
    if kw.get("join_wrapped"):
        args.append("--join-wrapped")
    if kw.get("lenient"):
        args.append("--lenient")
    p = cli(*(args + list(paths)), check=check)
    if p.returncode:
        return None
    return [json.loads(line) for line in p.stdout.decode("utf-8").splitlines()]


def same_as_cli(spans, text, want, lenient=False):
    """Offsets equal, and each span's bytes equal the CLI's text (the CLI
    shows invalid bytes as U+FFFD, so lenient cases compare offsets and the
    valid text only)."""
    assert [(s.start, s.end) for s in spans] == [(w["start"], w["end"]) for w in want]
    for s, w in zip(spans, want):
        assert text[s.start:s.end] == s.text
        if lenient:
            assert s.text.decode("utf-8", "replace") == w["text"]
        else:
            assert s.text == w["text"].encode("utf-8")


@pytest.mark.parametrize("name,text,lang,kw", CLI_CASES, ids=[c[0] for c in CLI_CASES])
def test_split_equals_cli(cli, tmp_path, name, text, lang, kw):
    path = tmp_path / "t.txt"
    path.write_bytes(text)
    want = cli_split(cli, [path], lang, kw)
    assert len(want) == 1
    spans = mdsum.split(text, lang, **kw)
    same_as_cli(spans, text, want[0]["sentences"], kw.get("lenient", False))
    if not kw.get("lenient"):
        # str in, same offsets
        assert [(s.start, s.end) for s in mdsum.split(text.decode(), lang, **kw)] == \
            [(s.start, s.end) for s in spans]


def test_split_example_files_equal_cli(cli):
    files = example_files()
    want = cli_split(cli, files, "en", {})
    for f, w in zip(files, want):
        with open(f, "rb") as fp:
            text = fp.read()
        same_as_cli(mdsum.split(text, "en"), text, w["sentences"])


def test_split_golden_rules_equal_cli(cli, shared_dir, tmp_path):
    """Every text of the shared Golden Rules data, in its language, split by
    the binding and by the CLI (one CLI run per language)."""
    files = sorted(glob.glob(os.path.join(shared_dir, "segmentation", "golden_*.jsonl")))
    if not files:
        pytest.skip("segmentation data not found in %s (set MDSUM_SHARED_DIR)" % shared_dir)
    checked = 0
    for gf in files:
        lang = os.path.basename(gf)[len("golden_"):].split(".")[0].split("_")[0]
        with open(gf, encoding="utf-8") as fp:
            texts = [json.loads(line)["text"].encode("utf-8") for line in fp if line.strip()]
        paths = []
        for i, t in enumerate(texts):
            p = tmp_path / ("%s-%d.txt" % (os.path.basename(gf), i))
            p.write_bytes(t)
            paths.append(str(p))
        want = cli_split(cli, paths, lang, {}, check=False)
        if want is None:
            # A language the segmenter does not know: the same error here.
            with pytest.raises(mdsum.MdsumError) as ei:
                mdsum.split(texts[0], lang)
            assert ei.value.code == mdsum.ELANG
            continue
        assert len(want) == len(texts)
        for t, w in zip(texts, want):
            same_as_cli(mdsum.split(t, lang), t, w["sentences"])
            checked += 1
    assert checked > 300


def test_split_errors():
    with pytest.raises(mdsum.MdsumError) as ei:
        mdsum.split(b"Good. Bad \xff here.")
    assert ei.value.code == mdsum.EUTF8 and ei.value.offset == 10
    with pytest.raises(mdsum.MdsumError) as ei:
        mdsum.split("Text.", "klingon")
    assert ei.value.code == mdsum.ELANG
    with pytest.raises(TypeError):
        mdsum.split(5)
