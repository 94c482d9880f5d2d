"""mdsum.extract against `mdsum extract --json` (same fields, same text) on
pages of the shared extraction corpus (../shared/html-extraction; skipped
when absent) and on hand-written pages; errors; and summarize() over
extracted pages against `mdsum summarize -f html`."""

import gzip
import json
import os

import pytest

import mdsum

FIELDS = ("title", "date", "author", "site", "url", "lang", "description", "charset",
          "paragraphs", "text")

BODY = ("<p>The storm closed the harbor bridge on Monday evening, officials said, "
        "and ferries ran through the night to carry stranded commuters home.</p>"
        "<p>Engineers inspected the cables on Tuesday morning and found no damage; "
        "the bridge reopened to traffic shortly before noon.</p>")

# Hand-written pages: (name, page bytes or str, keyword arguments, checks on
# the result). Add a row for each kind of page the binding must pass
# through unchanged (charsets, broken markup, metadata, str input).
PAGES = [
    ("plain", "<html><head><title>Bridge closed</title></head><body><article>%s"
              "</article></body></html>" % BODY, {},
     lambda d: d["title"] == "Bridge closed" and d["paragraphs"] == 2),
    ("broken-markup", "<html><body><div><article><p>The storm closed the harbor bridge "
                      "<b>on Monday evening, <i>officials said</b>, and ferries ran through "
                      "the night to carry stranded commuters home.<p>Engineers inspected the "
                      "cables on Tuesday <div>morning and found no damage; the bridge "
                      "reopened to traffic shortly before noon.</table></span>", {},
     lambda d: "Engineers inspected" in d["text"] and "<" not in d["text"]),
    ("windows-1252", ("<html><head><meta charset=\"windows-1252\"><title>Caf\u00e9 "
                      "r\u00e9opened</title></head><body><article>%s<p>The caf\u00e9 "
                      "owners said \u201cwe are glad\u201d.</p></article></body></html>"
                      % BODY).encode("cp1252"), {},
     lambda d: d["charset"] == "WINDOWS-1252" and "\u201cwe are glad\u201d" in d["text"]
     and d["title"] == "Caf\u00e9 r\u00e9opened"),
    ("latin1-as-str", "<html><head><meta charset=\"iso-8859-1\"><title>Caf\u00e9</title>"
                      "</head><body><article>%s<p>Caf\u00e9 owners on the waterfront said "
                      "they were glad that the bridge had reopened before the weekend market.</p></article>"
                      "</body></html>" % BODY, {},
     lambda d: "Caf\u00e9 owners" in d["text"] and d["charset"] == "UTF-8"
     and d["title"] == "Caf\u00e9"),
    ("charset-hint", ("<html><body><article>%s<p>Gr\u00fc\u00dfe aus K\u00f6ln: the "
                      "st\u00e4dtische ferry company sent two more boats to the harbor.</p>"
                      "</article></body></html>" % BODY).encode("iso-8859-1"),
     {"charset": "iso-8859-1"},
     lambda d: "Gr\u00fc\u00dfe aus K\u00f6ln: the st\u00e4dtische" in d["text"]),
    ("metadata", "<html lang=\"en-GB\"><head><title>Bridge closed | Harbor Times</title>"
                 "<meta property=\"og:site_name\" content=\"Harbor Times\">"
                 "<meta name=\"author\" content=\"Ann Lee\">"
                 "<meta name=\"description\" content=\"The bridge is shut.\">"
                 "<meta property=\"article:published_time\" content=\"2024-03-04T10:00:00Z\">"
                 "<link rel=\"canonical\" href=\"https://example.org/bridge\">"
                 "</head><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
                 "<article>%s</article><footer>Copyright Harbor Times</footer></body></html>"
                 % BODY, {"url": "https://example.org/other"},
     lambda d: (d["site"], d["author"], d["date"], d["url"], d["lang"]) ==
     ("Harbor Times", "Ann Lee", "2024-03-04", "https://example.org/bridge", "en-gb")
     and "Copyright" not in d["text"]),
    ("url-given", "<html><body><article>%s</article></body></html>" % BODY,
     {"url": "https://example.org/given"},
     lambda d: d["url"] == "https://example.org/given"),
    ("all-text", "<html><body><nav>Home News Sport</nav><article>%s</article>"
                 "<footer>Footer words here</footer></body></html>" % BODY,
     {"all_text": True},
     lambda d: "Footer words here" in d["text"]),
]


def cli_extract(cli, path, kw):
    args = ["extract", "--json"]
    if kw.get("url"):
        args += ["--url", kw["url"]]
    if kw.get("charset"):
        args += ["--charset", kw["charset"]]
    if kw.get("all_text"):
        args.append("--all")
    out = cli(*(args + [path])).stdout.decode("utf-8")
    d = json.loads(out)
    del d["file"]
    return d


@pytest.mark.parametrize("name,page,kw,check", PAGES, ids=[p[0] for p in PAGES])
def test_hand_written_pages(cli, tmp_path, name, page, kw, check):
    d = mdsum.extract(page, **kw)
    assert check(d), d
    assert set(d) == set(FIELDS) | {"notes"}
    # The CLI reads bytes from a file: a str page is what the binding sends.
    path = tmp_path / (name + ".html")
    b = page.encode("utf-8") if isinstance(page, str) else page
    path.write_bytes(b)
    ckw = dict(kw)
    if isinstance(page, str):
        ckw["charset"] = "UTF-8"
    want = cli_extract(cli, str(path), ckw)
    assert {k: d[k] for k in FIELDS} == want


def corpus_pages(shared_dir):
    d = os.path.join(shared_dir, "html-extraction")
    if not os.path.exists(os.path.join(d, "evaldata.jsonl")):
        pytest.skip("extraction corpus not found: %s (set MDSUM_SHARED_DIR)" % d)
    with open(os.path.join(d, "evaldata.jsonl"), encoding="utf-8") as fp:
        rows = [json.loads(line) for line in fp]
    # The first pages, and the first pages in a legacy charset.
    picked = rows[:8] + [r for r in rows if not r["valid_utf8"]][:4]
    return [(r, os.path.join(d, r["file"])) for r in picked]


def test_corpus_pages_equal_cli(cli, shared_dir):
    for row, path in corpus_pages(shared_dir):
        with gzip.open(path, "rb") as fp:
            page = fp.read()
        try:
            d = mdsum.extract(page)
        except mdsum.MdsumError as e:
            # The CLI must fail the same way.
            p = cli("extract", "--json", path, check=False)
            assert p.returncode == 1 and e.code == mdsum.ENOCONTENT, row["id"]
            continue
        assert {k: d[k] for k in FIELDS} == cli_extract(cli, path, {}), row["id"]
        if not row["valid_utf8"]:
            assert d["charset"] != "UTF-8" or "charset_fixed" in d["notes"], row["id"]
        # With the page's address given, as --url.
        if d["url"] is None:
            assert mdsum.extract(page, url=row["url"])["url"] == row["url"]


def test_summarize_extracted_pages_equals_cli(cli, shared_dir):
    pages = corpus_pages(shared_dir)[:4]
    want = json.loads(cli("summarize", "--json", "-f", "html", *[p for _, p in pages])
                      .stdout.decode("utf-8"))
    docs = []
    for (row, path), meta in zip(pages, want["documents"]):
        with gzip.open(path, "rb") as fp:
            docs.append(dict(mdsum.extract(fp.read()), id=meta["id"]))
    got = mdsum.summarize(docs)
    assert got.to_dict() == want


# Pages without an article: (name, page). Each must raise ENOCONTENT.
NO_CONTENT = [
    ("empty-bytes", b""),
    ("empty-str", ""),
    ("whitespace", b"  \n\t "),
    ("empty-body", b"<html><head><title>Nothing</title></head><body></body></html>"),
    ("binary", bytes(range(256)) * 8),
    ("script-only", b"<html><body><script>var x = 1;</script></body></html>"),
]


@pytest.mark.parametrize("name,page", NO_CONTENT, ids=[n for n, _ in NO_CONTENT])
def test_no_content_is_enocontent(cli, tmp_path, name, page):
    with pytest.raises(mdsum.MdsumError) as ei:
        mdsum.extract(page)
    assert ei.value.code == mdsum.ENOCONTENT and ei.value.name == "ENOCONTENT"
    path = tmp_path / "page.html"
    path.write_bytes(page.encode() if isinstance(page, str) else page)
    assert cli("extract", path, check=False).returncode == 1
    # The thread's context is fine afterwards.
    assert mdsum.extract(PAGES[0][1])["paragraphs"] == 2


BAD_ARGS = [
    ((5,), {}, TypeError),
    ((["<p>x</p>"],), {}, TypeError),
    (("<p>x</p>",), {"url": 5}, TypeError),
    (("<p>x</p>",), {"url": "http://a\0b"}, ValueError),
    (("<p>x</p>",), {"charset": "utf\0-8"}, ValueError),
]


@pytest.mark.parametrize("args,kw,exc", BAD_ARGS)
def test_bad_arguments(args, kw, exc):
    with pytest.raises(exc):
        mdsum.extract(*args, **kw)


def test_too_big_is_elimit():
    page = b"<html><body><p>" + b"a" * (64 << 20) + b"</p></body></html>"
    with pytest.raises(mdsum.MdsumError) as ei:
        mdsum.extract(page)
    assert ei.value.code == mdsum.ELIMIT


def test_pages_in_threads():
    from concurrent.futures import ThreadPoolExecutor
    pages = [p for _, p, kw, _ in PAGES if not kw] * 10
    want = [mdsum.extract(p) for p in pages]
    with ThreadPoolExecutor(4) as ex:
        assert list(ex.map(mdsum.extract, pages)) == want
