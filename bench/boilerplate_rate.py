#!/usr/bin/python3
"""Boilerplate and readability of the sentences mdsum chooses.

Summarizes the full-length Multi-News dev set (web noise included) at 300
words with every algorithm, once with --no-clean and once with cleaning,
and counts the chosen sentences that are web boilerplate (photo captions
and credits, link lists, bylines, promos, navigation, timestamps...).

Two counts:

* hand labels (the honest number): bench/labels/dev-chosen.tsv holds one
  label per chosen sentence, given by a person reading it. Sentences are
  keyed by a hash of their text (plus cluster line, document and offsets
  for reference); the text itself is never stored, since the data must not
  be copied into the repository. Sentences not labelled yet are reported
  as such, and --dump-unlabelled FILE writes them (with their text) to a
  file outside the repository for labelling.
* an automatic proxy: regular-expression patterns for captions, credits,
  bylines, datelines, promos and link labels, for quick regression runs.
  It is independent of the C code (different rules), so it also checks it.

Readability ("cannot stand alone", from the quality issue): chosen
sentences that start with a dangling connective or pronoun ("But", "He
added", "This ..."), that need a person named before further in ("If he
had voted, it would ...", '"We will rebuild," she said.'), that start
with a dateline ("WASHINGTON (AP) -") or hold a news agency's name in
brackets (a dateline glued to other text: "... ( ap ) - a man ..."), or that
are a byline or a caption by the proxy rules (credits in brackets included,
in any case: "( associated press )"). *inctx* counts the dangling or
anaphoric picks that the summary shows right after the sentence they go on
from in their document (the reader has their context); *alone%* is
*nostand%* without them.

  /usr/bin/python3 bench/boilerplate_rate.py [--mdsum build/mdsum]
      [--shared ../shared] [--words 300] [--algos lead,centroid,lexrank]
      [--dump-unlabelled /tmp/unlabelled.tsv] [--data FILE] [--modes clean,before --before BIN]

--data summarizes other Multi-News sources (val, say) with the same proxy
columns; the hand labels cover the full-length dev set only.

Labels: one line per sentence, tab-separated:
  key  line  doc  start  end  label
key = first 16 hex digits of SHA-1 of the sentence text (UTF-8); line is
the 1-based cluster line of dev.src; label is one of
  ok        article prose (quotes and short sentences included)
  caption   photo caption or credit
  byline    byline, author line, "X contributed to this report"
  link      link list item, "Related: ...", "Read more: ..."
  promo     call to action, newsletter, share prompt, subscription
  nav       navigation, player or widget text, legal lines
  time      date or timestamp line, reading time
  other     other non-article text (table cell, letter header, ...)
Boilerplate is caption, byline, link, promo, nav and time (the issue's list:
captions, link lists, bylines, promos, plus page furniture); `other` (headings,
headlines, embedded posts, non-news pages) is reported in its own column.
"""
import argparse
import hashlib
import json
import os
import re
import subprocess
import sys

LABELS = ("ok", "caption", "byline", "link", "promo", "nav", "time", "other")

# ---- automatic proxy -------------------------------------------------------
CREDIT = re.compile(
    r"(\((AP|AFP|Reuters|Associated Press|Getty|EPA)[^)]*\)\s*$"
    r"|\b(AP|AFP) Photo\b|\bGetty Images?\b|\bREUTERS/|\bPhoto(graph)?:|\bImage:|\bCredit:"
    r"|\bPhoto (by|courtesy)\b|^\(?(Image|Photo|Picture|Pic)\b|^FILE\s*[-\u2013\u2014]|\bIn this \S+( \S+){0,3} (photo|image)\b"
    r"|\bphoto (released|provided|taken|made available)\b|/Getty\b|/Shutterstock\b|/AFP\b)")
BYLINE = re.compile(
    r"(^By [A-Z][\w.'-]+( [A-Z][\w.'-]+){0,3}\b(,|$| and | for )"
    r"|contributed (to )?(this|the) (report|story|article)|\b(Reporting|Editing|Writing) by\b"
    r"|^\W*(Updated|Posted|Published)\b.{0,40}\bby\b)", re.I)
PROMO = re.compile(
    r"(\bsign up\b|\bsubscribe\b|\bnewsletter\b|\bclick here\b|\bfollow (us|@|\w+ on twitter)\b|\bshare (this|on)\b"
    r"|\bread more\b|\bwatch (the )?(video|below)\b|\binbox\b|https?://|\bwww\.|^advertisement\b"
    r"|\bopens in (a )?new window\b|\bjavascript\b|\bcookies\b|\ball rights reserved\b|\bcopyright\b|©)", re.I)
LINK = re.compile(r"^\W*(related|more|read more|see also|also watch|also read|photos|video|watch|listen)\s*:", re.I)
TIME = re.compile(r"^\W*(updated|posted|published|last updated|first posted)\b|\b\d+ min(ute)?s? read\b", re.I)
CONNECTIVES = set("""but and or so yet nor however also still instead moreover furthermore meanwhile
    nevertheless nonetheless therefore thus hence besides otherwise then plus likewise similarly additionally
    consequently indeed anyway here""".split())
PRONOUNS = set("he she it they his her their its him them such this that these those".split())
TIMENOUNS = set("""week weekend year month morning afternoon evening night summer winter spring fall autumn
    season decade century days""".split())
EXPLETIVE = re.compile(r"^It(?:'s|\u2019s| is| was| remains| remained)(?: (?:not|still|yet|immediately|also|now|too))*"
                       r" (?:unclear|clear|unknown|known|likely|unlikely|expected|believed|estimated|possible|"
                       r"impossible|illegal|uncertain|understood|thought)\b")
REPORTING = re.compile(r"\b(said|says|told|tells|added|adds|asked|explained|wrote|writes|recalled|continued|noted|"
                       r"according|stated|insisted|argued)\b")


SUBORD_PRONOUN = re.compile(
    r"^(?:If|When|Although|Though|While|Because|After|Before|Since|Once|Unless|Until|As) "
    r"(?:he|she|they|his|her|their|him|them)(?:['\u2019][a-z]+)?\b[^,]*, "
    r"(?:he|she|they|it|his|her|its|their)(?:['\u2019][a-z]+)?\b")
QUOTE_PRONOUN = re.compile(
    r"^[\"\u201c`'].*?(?:[\"\u201d]|'')\s*(?:(?:he|she|they)\s+" + REPORTING.pattern +
    r"|" + REPORTING.pattern + r"\s+(?:he|she|they)\b)")


def anaphoric(text):
    """Needs a person named before, past its first word: an opening clause
    about "he" or "she" whose main clause goes on with a pronoun ("If he had
    voted, it would ..."), or a quotation whose speaker is only a pronoun
    ('"We will rebuild," she said.')."""
    return bool(SUBORD_PRONOUN.match(text) or QUOTE_PRONOUN.match(text))


def dangling(text):
    """Opens with a connective or pronoun that needs the previous sentence
    (the quality issue's "But", "He added", "This"), with the exceptions
    a reader would make: "This week", "So far", an expletive "It is
    unclear whether", a quotation that names its speaker."""
    m = re.match(r"^([\"\u201c\u2018']?)([A-Z][A-Za-z]*)(?:['\u2019][a-z]+)?\b,?\s*(\S*)", text)
    if not m:
        return False
    quoted, word, nxt = m.group(1), m.group(2).lower(), re.sub(r"\W", "", m.group(3).lower())
    if word in CONNECTIVES:
        return not (word == "so" and nxt == "far")
    if word not in PRONOUNS:
        return False
    if word in ("this", "that", "these", "those") and nxt in TIMENOUNS and not re.match(r"^.\w+['\u2019]", text):
        return False
    if EXPLETIVE.match(text.lstrip("\"\u201c\u2018'")):
        return False
    if quoted and REPORTING.search(text):
        return False
    return True


DATELINE = re.compile(
    r"^[A-Z][A-Z.'\u2019 -]{2,}(, [A-Z][\w.]*( [A-Z][\w.]*)?)?\s*(\([^)]{1,30}\))?\s*(-|\u2013|\u2014|--|\|)\s*"
    r"|^[A-Z][a-z]+( [A-Za-z]+)?,? ?\( ?(ap|reuters|afp|cnn) ?\) ?[-\u2013\u2014]")
# A news agency's name in brackets anywhere in the sentence: a dateline
# glued to the text before it (the re-cased Multi-News sources: "... ( associated
# press ) berlin ( ap ) — a german court ...", "Washington ( cnn ) president ...").
AGENCY_TAG = re.compile(r"\(\s*(ap|reuters|afp|cnn|upi)\s*\)", re.I)
# A photo's credit in brackets anywhere, in any case ("( associated press )",
# "( ap photo/jane roe )", "(Photo: Jane Roe, AP)", "(Jane Roe/The Washington Post)").
CREDIT_BRACKET = re.compile(
    r"\(\s*(the )?(associated press|ap photo\b[^()]*|getty images|(photo|photos|credit|image)\s*:[^()]*"
    r"|[^()]{1,40}/[^()]{0,40}\b(post|times|ap|images|reuters|afp|epa|shutterstock))\s*\)", re.I)


def dateline_like(text):
    return bool(DATELINE.match(text) or AGENCY_TAG.search(text))


def proxy_kind(text):
    """The proxy's label for a sentence ('ok' or a boilerplate kind)."""
    if CREDIT.search(text) or CREDIT_BRACKET.search(text):
        return "caption"
    if BYLINE.search(text):
        return "byline"
    if TIME.search(text):
        return "time"
    if LINK.search(text):
        return "link"
    if PROMO.search(text):
        return "promo"
    return "ok"


def key_of(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def load_labels(path):
    labels = {}
    if not os.path.exists(path):
        return labels
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 6 or parts[5] not in LABELS:
                sys.exit(f"{path}:{n}: expected key, line, doc, start, end, label ({'/'.join(LABELS)})")
            labels[parts[0]] = parts[5]
    return labels


def run(mdsum, src, algo, words, clean):
    cmd = [mdsum, "summarize", "-f", "multinews", "--json", "-w", str(words), "-a", algo]
    if not clean:
        cmd.append("--no-clean")
    cmd.append(src)
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE).stdout.decode("utf-8")
    picks = []
    for line_no, rec in enumerate(out.splitlines(), 1):
        obj = json.loads(rec)
        prev = None
        for s in obj.get("sentences", []):
            # in context: right after the sentence before it in its document
            ctx = prev is not None and prev["doc"] == s["doc"] and prev["index"] + 1 == s["index"]
            picks.append((line_no, s["doc"], s["start"], s["end"], s["text"], ctx))
            prev = s
    return picks


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src_dir = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mdsum", default=os.path.join(src_dir, "build", "mdsum"))
    ap.add_argument("--shared", default=os.environ.get("MDSUM_SHARED_DIR", os.path.join(src_dir, "..", "shared")))
    ap.add_argument("--labels", default=os.path.join(here, "labels", "dev-chosen.tsv"))
    ap.add_argument("--words", type=int, default=300)
    ap.add_argument("--algos", default=None, help="comma-separated (default: every algorithm)")
    ap.add_argument("--modes", default="no-clean,clean",
                    help="no-clean, clean, and 'before' (the --before binary with its defaults)")
    ap.add_argument("--before", metavar="BIN", help="a build to compare with (e.g. the foundation version)")
    ap.add_argument("--dump-unlabelled", metavar="FILE")
    ap.add_argument("--show", metavar="KIND", help="print chosen sentences the proxy or labels call KIND (or 'all', 'dangling', 'anaphoric', 'dateline')")
    ap.add_argument("--data", metavar="FILE",
                    help="Multi-News sources to summarize (default: SHARED/data/multinews-full/dev.src, the "
                         "labelled set; elsewhere only the proxy columns mean much)")
    args = ap.parse_args()
    src = args.data or os.path.join(args.shared, "data", "multinews-full", "dev.src")
    if not os.path.exists(src):
        print(f"SKIP: {src} not found (shared data absent)")
        return 77
    if args.algos:
        algos = args.algos.split(",")
    else:
        helptext = subprocess.run([args.mdsum, "summarize", "--algo", "help"], check=True,
                                  stdout=subprocess.PIPE).stdout.decode()
        algos = re.findall(r"^  ([a-z][\w-]*) ", helptext, re.M)
    labels = load_labels(args.labels)
    unlabelled = {}
    print(f"# {src}, {args.words} words, labels: {os.path.relpath(args.labels)} ({len(labels)})")
    print(f"{'algo':10} {'mode':9} {'chosen':>6} {'labelled':>8} {'boiler':>6} {'rate%':>6} {'other':>5} "
          f"{'proxy':>5} {'proxy%':>6} {'dangl':>5} {'anaph':>5} {'datel':>5} {'bylin':>5} {'capt':>5} "
          f"{'nostand%':>8} {'inctx':>5} {'alone%':>6}  by label")
    for algo in algos:
        for mode in args.modes.split(","):
            if mode == "before":
                if not args.before:
                    continue
                picks = run(args.before, src, algo, args.words, True)
            else:
                picks = run(args.mdsum, src, algo, args.words, mode == "clean")
            n = len(picks)
            lab = boiler = other = proxy = dang = anaph = datel = byl = cap = 0
            kinds = {}
            for (line, doc, start, end, text, _) in picks:
                k = key_of(text)
                pk = proxy_kind(text)
                if k in labels:
                    lab += 1
                    boiler += labels[k] not in ("ok", "other")
                    other += labels[k] == "other"
                    if labels[k] != "ok":
                        kinds[labels[k]] = kinds.get(labels[k], 0) + 1
                else:
                    unlabelled[k] = (line, doc, start, end, text)
                proxy += pk != "ok"
                d = dangling(text)
                dl = dateline_like(text)
                dang += d
                an = anaphoric(text)
                anaph += an
                datel += dl
                byl += pk == "byline"
                cap += pk == "caption"
                show = args.show
                if show and (show == "all" or show == pk or (k in labels and labels[k] == show)
                             or (show == "dangling" and d) or (show == "anaphoric" and an)
                             or (show == "dateline" and dl)):
                    print(f"  [{algo}/{mode}] {line}:{doc}:{start}-{end} {labels.get(k, '?')}/{pk}: {text[:200]}")
            nostand = sum(1 for p in picks if dangling(p[4]) or anaphoric(p[4]) or dateline_like(p[4])
                          or proxy_kind(p[4]) in ("byline", "caption"))
            # dangling or anaphoric, but read right after the sentence it goes on from
            inctx = sum(1 for p in picks if p[5] and (dangling(p[4]) or anaphoric(p[4])))
            alone = sum(1 for p in picks if ((dangling(p[4]) or anaphoric(p[4])) and not p[5])
                        or dateline_like(p[4]) or proxy_kind(p[4]) in ("byline", "caption"))
            rate = f"{100.0 * boiler / lab:6.2f}" if lab else "   n/a"
            print(f"{algo:10} {mode:9} {n:6} {lab:8} {boiler:6} {rate} {other:5} {proxy:5} {100.0 * proxy / max(n, 1):6.2f} "
                  f"{dang:5} {anaph:5} {datel:5} {byl:5} {cap:5} {100.0 * nostand / max(n, 1):8.2f} "
                  f"{inctx:5} {100.0 * alone / max(n, 1):6.2f}  "
                  + " ".join(f"{k}={v}" for k, v in sorted(kinds.items())))
    if unlabelled:
        print(f"# {len(unlabelled)} chosen sentences have no hand label yet"
              + ("" if args.dump_unlabelled else " (--dump-unlabelled FILE lists them)"))
    if args.dump_unlabelled:
        with open(args.dump_unlabelled, "w", encoding="utf-8") as f:
            for k, (line, doc, start, end, text) in sorted(unlabelled.items(), key=lambda kv: kv[1][:3]):
                f.write(f"{k}\t{line}\t{doc}\t{start}\t{end}\t{proxy_kind(text)}\t{text}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
