"""Write a generated block into a Markdown file, keeping the text around it.

The block sits between "<!-- TOOL: begin -->" and "<!-- TOOL: end -->" lines
(TOOL is the script's path, e.g. bench/quality.py); hand-written text
outside them is kept. A file without the markers gets the block appended; a
missing file is created. The file is replaced atomically.
"""
import argparse
import os


def write_section(path, tool, text):
    """Put `text` (ending with a newline) between TOOL's markers in `path`."""
    begin, end = f"<!-- {tool}: begin -->\n", f"<!-- {tool}: end -->\n"
    doc = ""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            doc = f.read()
    if begin in doc and end in doc:
        doc = doc[:doc.index(begin) + len(begin)] + text + doc[doc.index(end):]
    elif doc:
        doc = doc.rstrip("\n") + "\n\n" + begin + text + end
    else:
        doc = begin + text + end
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(doc)
    os.replace(tmp, path)


def publish(path, tool, lines):
    """Print the Markdown `lines` and, when `path` is set, write them as
    TOOL's block of `path`."""
    text = "\n".join(lines) + "\n"
    print(text)
    if path:
        write_section(path, tool, text)


def doc_args(doc):
    """The options every script that writes a section of docs/quality.md
    takes (--mdsum, --shared, --out); the caller adds its own and parses."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mdsum", default="build/mdsum")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", default="docs/quality.md")
    return ap
