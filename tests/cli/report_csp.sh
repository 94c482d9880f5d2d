#!/bin/sh
# The HTML report is self-contained: checked on the page `mdsum summarize
# --report` writes for the example cluster, with Python's HTML parser and
# hashlib as the independent oracle (no browser needed; the browser test is
# report_browser.sh).
#  - The Content-Security-Policy forbids every load (default-src 'none') and
#    allows the inline <style> and <script> by their SHA-256 hashes: the
#    hashes must match the page's style and script byte for byte (when
#    src/report.c's CSS or script changes, this test prints the new values
#    for CSS_HASH / JS_HASH).
#  - Nothing on the page loads anything: no element with src, no <link>,
#    <img>, <iframe>, <object>, <embed>, <base>, no inline event handler or
#    style attribute, one <style> and one <script>, both inline.
#  - Every pick of the JSON output is one <mark class="chosen"> whose
#    data-doc/data-start/data-end are the pick's and whose text is exactly
#    the document's bytes [start, end).
#   sh tests/cli/report_csp.sh MDSUM_BIN SOURCE_DIR [SHARED_DIR]
set -u
MDSUM=$1
SRC=$2
if ! command -v python3 >/dev/null 2>&1; then
    echo "SKIP: python3 not found (needed to parse the report)"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! "$MDSUM" summarize --json --report "$tmp/r.html" "$SRC/examples/harbor-bridge" > "$tmp/s.json"; then
    echo "FAIL: mdsum summarize --report exited with status $?"
    exit 1
fi
python3 - "$tmp/r.html" "$tmp/s.json" "$SRC/examples/harbor-bridge" <<'EOF'
import base64, hashlib, json, os, re, sys
from html.parser import HTMLParser

page_path, json_path, docs_dir = sys.argv[1:4]
raw = open(page_path, 'rb').read()
page = raw.decode('utf-8')          # must be valid UTF-8
summary = json.load(open(json_path, encoding='utf-8'))
fail = []

def b64sha(text):
    return base64.b64encode(hashlib.sha256(text.encode('utf-8')).digest()).decode()

# --- CSP and hashes ----------------------------------------------------------
csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
if not csp:
    fail.append('no Content-Security-Policy meta tag')
else:
    policy = dict((d.strip().split(' ', 1) + [''])[:2] for d in csp.group(1).split(';') if d.strip())
    if policy.get('default-src') != "'none'":
        fail.append("CSP default-src is not 'none': %r" % policy.get('default-src'))
    for tag, directive, name in (('style', 'style-src', 'CSS_HASH'), ('script', 'script-src', 'JS_HASH')):
        bodies = re.findall(r'<%s>(.*?)</%s>' % (tag, tag), page, re.S)
        if len(bodies) != 1:
            fail.append('expected one inline <%s>, found %d' % (tag, len(bodies)))
            continue
        want = "'sha256-%s'" % b64sha(bodies[0])
        if policy.get(directive) != want:
            fail.append('%s is %r but the page\'s %s hashes to %s: set %s "sha256-%s" in src/report.c'
                        % (directive, policy.get(directive), tag, want, name, b64sha(bodies[0])))
    if csp.start() > page.index('<style>'):
        fail.append('the CSP meta tag must come before the style')

# --- nothing that loads ------------------------------------------------------
class Walk(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = {}
        self.stack = []
        self.marks = []      # [attrs, text]
        self.bad = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag in ('link', 'img', 'iframe', 'object', 'embed', 'base', 'frame', 'audio', 'video', 'source'):
            self.bad.append('<%s> element' % tag)
        for k in a:
            if k == 'src' or k == 'style' or k.startswith('on') or k == 'srcset':
                self.bad.append('attribute %s on <%s>' % (k, tag))
        if tag == 'a' and 'href' in a and not (a['href'].startswith('#') or a['href'].startswith('http://')
                                               or a['href'].startswith('https://')):
            self.bad.append('link to %r' % a['href'])
        if tag == 'mark':
            self.marks.append([a, ''])
        if tag not in ('meta', 'br', 'input', 'hr', 'wbr'):
            self.stack.append(tag)
    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop() == tag:
                break
    def handle_data(self, data):
        if 'mark' in self.stack and self.marks:
            self.marks[-1][1] += data

w = Walk()
w.feed(page)
fail += w.bad
if w.tags.get('script') != 1 or w.tags.get('style') != 1:
    fail.append('expected one <script> and one <style>, got %r' % ({k: w.tags.get(k) for k in ('script', 'style')}))

# --- chosen spans = JSON picks ----------------------------------------------
docs = sorted(f for f in os.listdir(docs_dir) if not f.startswith('.'))
texts = [open(os.path.join(docs_dir, f), 'rb').read() for f in docs]
sents = summary['sentences']
if len(w.marks) != len(sents):
    fail.append('%d chosen marks for %d picks' % (len(w.marks), len(sents)))
# The page shows the documents in order, so its marks come in document
# order; each names its pick (id "cK" for the K-th summary sentence).
by_id = {a.get('id'): (a, text) for a, text in w.marks}
for k, s in enumerate(sents):
    a, text = by_id.get('c%d' % (k + 1), ({}, ''))
    got = (int(a.get('data-doc', -1)), int(a.get('data-start', -1)), int(a.get('data-end', -1)))
    if got != (s['doc'], s['start'], s['end']):
        fail.append('pick %d: mark %r, JSON %r' % (k + 1, a, (s['doc'], s['start'], s['end'])))
        continue
    if text.encode('utf-8') != texts[s['doc']][s['start']:s['end']]:
        fail.append('pick %d: mark text %r is not the source bytes' % (k + 1, text))

for f in fail:
    print('FAIL', f)
if not fail:
    print('ok report: CSP hashes match, nothing loads, %d chosen marks match the JSON output' % len(sents))
sys.exit(1 if fail else 0)
EOF
