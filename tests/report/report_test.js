#!/usr/bin/env node
// The HTML report tested as a person would use it, in headless Chromium
// (Debian's /usr/bin/chromium) driven by playwright-core. Run by
// tests/cli/report_browser.sh, which renders the reports and writes a cases
// file:
//   node tests/report/report_test.js CASES.json
// CASES.json: {"chromium": PATH, "shots": DIR, "cases": [{"name", "html",
//   "json", "docs"?: [file, ...] (the documents' exact bytes), "jsonl"?:
//   FILE (the cluster as given), "hostile"?: true, "large"?: true,
//   "screenshot"?: true}]}
//
// For every report:
//  - the page loads with its script running under its own CSP (no policy
//    violation) and requests nothing but itself (file: or data: only);
//  - the DOM's highlighted spans are exactly the chosen sentences of the
//    JSON output (document, start, end, text), and every marked span's
//    data-start/data-end are its UTF-8 byte offsets in the document text as
//    the page shows it; each document's text has the JSON's byte length
//    (and is byte-identical to the input where the test has it);
//  - clicking a summary sentence opens its document and scrolls its source
//    sentence into view, with focus on it; its back link and the
//    browser's Back button return;
//  - keyboard only: Tab reaches a summary sentence and Enter does the same;
//    Enter and Space on a document's <summary> toggle it;
//  - at phone width nothing overflows horizontally and the columns stack;
// hostile input: no dialog, no alert, no injected element, text literal.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const {chromium} = require('playwright-core');

const cfg = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const failures = [];
let checks = 0;
function check(cond, what) {
  checks++;
  if (!cond) {
    failures.push(what);
    console.log('FAIL ' + what);
  }
  return cond;
}
function collapse(s) {
  return s.replace(/[ \n\t\r\f\v]+/g, ' ').trim();
}

// Everything the test reads from the page in one pass: per document, its
// text (without the back links the report adds after chosen sentences) and
// its marked spans with the byte offsets they really have in that text.
function readDom() {
  const enc = new TextEncoder();
  const docs = [];
  for (const det of document.querySelectorAll('details.doc')) {
    const box = det.querySelector('.doc-text');
    const parts = [];
    let bytes = 0;
    const marks = [];
    const walk = (node) => {
      for (const ch of node.childNodes) {
        if (ch.nodeType === Node.TEXT_NODE) {
          parts.push(ch.data);
          bytes += enc.encode(ch.data).length;
        } else if (ch.nodeType === Node.ELEMENT_NODE) {
          if (ch.matches('a.back')) continue;
          if (ch.matches('mark.chosen, span.dup, del.drop')) {
            const from = bytes;
            walk(ch);
            marks.push({
              kind: ch.classList[0], id: ch.id, pick: ch.dataset.pick || null,
              doc: Number(ch.dataset.doc), start: Number(ch.dataset.start),
              end: Number(ch.dataset.end), byteStart: from, byteEnd: bytes,
              text: ch.textContent, reason: ch.dataset.reason || null,
              title: ch.getAttribute('title'),
            });
          } else {
            walk(ch);
          }
        }
      }
    };
    walk(box);
    docs.push({
      doc: Number(det.dataset.doc), open: det.open, text: parts.join(''), bytes, marks,
      summary: det.querySelector('summary').textContent,
      info: det.querySelector('dl.info').textContent,
    });
  }
  const picks = [...document.querySelectorAll('a.pick-text')].map((a) => ({
    pick: Number(a.dataset.pick), doc: Number(a.dataset.doc), start: Number(a.dataset.start),
    end: Number(a.dataset.end), text: a.textContent, href: a.getAttribute('href'),
  }));
  return {docs, picks, title: document.title, h1: document.querySelector('h1').textContent};
}

async function inViewport(page, id) {
  return page.evaluate((elId) => {
    const el = document.getElementById(elId);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.bottom > 0 && r.top < window.innerHeight &&
           r.top >= -1 && r.bottom <= window.innerHeight + 1;
  }, id);
}

async function waitInViewport(page, id) {
  try {
    await page.waitForFunction((elId) => {
      const el = document.getElementById(elId);
      if (!el) return false;
      const r = el.getBoundingClientRect();
      return r.height > 0 && r.top >= -1 && r.bottom <= window.innerHeight + 1;
    }, id, {timeout: 5000});
    return true;
  } catch (e) {
    return false;
  }
}

async function openReport(context, c) {
  const page = await context.newPage();
  const requests = [];
  const dialogs = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.type() + ': ' + d.message());
    d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(() => {
    window.__alerts = [];
    for (const f of ['alert', 'confirm', 'prompt', 'print', 'open']) {
      window[f] = (...args) => { window.__alerts.push(f + '(' + args.join(',') + ')'); };
    }
    window.__csp = [];
    document.addEventListener('securitypolicyviolation',
      (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
  });
  const t0 = Date.now();
  await page.goto('file://' + path.resolve(c.html));
  const ready = await page.waitForSelector('html[data-ready="1"]', {state: 'attached', timeout: 30000})
    .then(() => true, () => false);
  const loadMs = Date.now() - t0;
  return {page, requests, dialogs, errors, ready, loadMs};
}

async function testCase(context, c) {
  const tag = '[' + c.name + '] ';
  const summary = JSON.parse(fs.readFileSync(c.json, 'utf8'));
  const sents = summary.sentences;
  const {page, requests, dialogs, errors, ready, loadMs} = await openReport(context, c);
  check(ready, tag + 'the page script ran (html[data-ready]) under the page\'s CSP');
  const timing = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    const t = performance.now();
    void document.body.offsetHeight;   // force any pending layout
    return {domComplete: n ? n.domComplete : -1, layout: performance.now() - t,
            resources: performance.getEntriesByType('resource').length};
  });
  console.log(tag + 'loaded in ' + loadMs + ' ms (domComplete ' + timing.domComplete.toFixed(0) +
              ' ms), ' + fs.statSync(c.html).size + ' bytes');
  check(timing.resources === 0, tag + 'no resource loads, got ' + timing.resources);
  if (c.screenshot) await page.screenshot({path: path.join(cfg.shots, 'report-example.png')});

  // --- highlighted spans == chosen sentences of the JSON output ----------
  const dom = await page.evaluate(readDom);
  check(dom.docs.length === summary.documents.length,
        tag + dom.docs.length + ' documents on the page, ' + summary.documents.length + ' in the JSON');
  const chosen = [];
  for (const d of dom.docs) {
    const jd = summary.documents[d.doc];
    check(jd && d.bytes === jd.bytes, tag + 'document ' + d.doc + ': the page shows ' + d.bytes +
          ' bytes of text, the JSON says ' + (jd && jd.bytes));
    if (c.docs) {
      const want = fs.readFileSync(c.docs[d.doc]).toString('utf8');
      check(d.text === want, tag + 'document ' + d.doc + ': text on the page is not the file\'s text');
    }
    for (const m of d.marks) {
      check(m.doc === d.doc && m.byteStart === m.start && m.byteEnd === m.end,
            tag + m.kind + ' ' + (m.id || '') + ' in document ' + d.doc + ' says bytes ' + m.start + '-' +
            m.end + ' but sits at ' + m.byteStart + '-' + m.byteEnd);
      if (m.kind === 'chosen') chosen.push(m);
      if (m.kind === 'drop') check(m.reason && m.title && m.title.includes(m.reason),
                                   tag + 'a removed span without its reason');
    }
  }
  check(chosen.length === sents.length, tag + chosen.length + ' highlighted spans for ' + sents.length +
        ' summary sentences');
  chosen.sort((a, b) => Number(a.pick) - Number(b.pick));
  sents.forEach((s, k) => {
    const m = chosen[k];
    if (!m) return;
    check(Number(m.pick) === k + 1 && m.doc === s.doc && m.start === s.start && m.end === s.end,
          tag + 'pick ' + (k + 1) + ': highlighted ' + [m.doc, m.start, m.end] + ', JSON ' +
          [s.doc, s.start, s.end]);
    check(collapse(m.text) === s.text, tag + 'pick ' + (k + 1) + ': highlighted text "' +
          collapse(m.text) + '" is not the JSON text "' + s.text + '"');
    const p = dom.picks[k];
    check(p && p.text === s.text && p.doc === s.doc && p.start === s.start && p.end === s.end &&
          p.href === '#c' + (k + 1), tag + 'summary sentence ' + (k + 1) + ' differs from the JSON');
  });

  // --- click a summary sentence: its source scrolls into view ------------
  if (sents.length) {
    const k = sents.length;   // the last one: furthest down the page
    await page.evaluate(() => window.scrollTo(0, 0));
    const before = await inViewport(page, 'c' + k);
    await page.click('a.pick-text[data-pick="' + k + '"]');
    const shown = await waitInViewport(page, 'c' + k);
    check(shown, tag + 'after a click on summary sentence ' + k + ' its source is in view' +
          (before ? ' (it already was)' : ''));
    const state = await page.evaluate((id) => ({
      focus: document.activeElement && document.activeElement.id,
      open: document.getElementById(id).closest('details').open,
    }), 'c' + k);
    check(state.open && state.focus === 'c' + k, tag + 'the clicked source is open and focused: ' +
          JSON.stringify(state));
    // And back from the source to the summary.
    await page.click('a.back[href="#p' + k + '"]');
    check(await waitInViewport(page, 'p' + k), tag + 'the back link shows summary sentence ' + k);
    // The browser's Back button returns to the source sentence.
    await page.goBack();
    check(await waitInViewport(page, 'c' + k), tag + 'Back returns to source sentence ' + k);
  }

  // --- keyboard only --------------------------------------------------------
  if (sents.length) {
    // A fresh load, as a keyboard user starts.
    await page.goto('file://' + path.resolve(c.html));
    await page.waitForSelector('html[data-ready="1"]', {state: 'attached', timeout: 30000});
    let reached = null;
    for (let i = 0; i < 6 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => {
        const a = document.activeElement;
        return a && a.matches('a.pick-text') ? a.dataset.pick : null;
      });
    }
    check(reached === '1', tag + 'Tab reaches summary sentence 1 (got ' + reached + ')');
    if (reached) {
      const focusStyle = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      check(focusStyle !== 'none', tag + 'the focused summary sentence has a visible outline');
      await page.keyboard.press('Enter');
      check(await waitInViewport(page, 'c1'), tag + 'Enter on summary sentence 1 shows its source');
      const f = await page.evaluate(() => document.activeElement && document.activeElement.id);
      check(f === 'c1', tag + 'focus moved to the source sentence (got ' + f + ')');
    }
    const sum = 'details.doc > summary';
    await page.focus(sum);
    const open0 = await page.evaluate(() => document.querySelector('details.doc').open);
    await page.keyboard.press('Enter');
    const open1 = await page.evaluate(() => document.querySelector('details.doc').open);
    await page.keyboard.press('Space');
    const open2 = await page.evaluate(() => document.querySelector('details.doc').open);
    check(open1 === !open0 && open2 === open0, tag + 'Enter and Space toggle a document');
  }

  // --- hostile input ------------------------------------------------------------
  if (c.hostile) {
    const h = await page.evaluate(() => ({
      scripts: document.scripts.length,
      bad: document.querySelectorAll('img, iframe, svg, object, embed, link, base, style:not(head > style), ' +
                                     'script:not(body > script:last-of-type), [onerror], [onload], ' +
                                     '[onmouseover], [src], [style]').length,
      jsLinks: [...document.querySelectorAll('a[href]')].filter(
        (a) => !/^(#|https?:)/i.test(a.getAttribute('href'))).length,
      nolink: [...document.querySelectorAll('.nolink')].map((e) => e.textContent),
      body: document.body.textContent,
      visible: getComputedStyle(document.body).display,
    }));
    check(h.scripts === 1, tag + 'exactly one script element, got ' + h.scripts);
    check(h.bad === 0, tag + 'no injected element or attribute, got ' + h.bad);
    check(h.jsLinks === 0, tag + 'no link other than #fragment or http(s)');
    check(h.visible !== 'none', tag + 'injected CSS did not apply');
    const cluster = JSON.parse(fs.readFileSync(c.jsonl, 'utf8').split('\n')[0]);
    cluster.documents.forEach((d, i) => {
      const pd = dom.docs[i];
      check(pd && pd.text === d.text, tag + 'document ' + i + ' text shown literally');
      for (const key of ['title', 'site', 'date', 'author', 'id']) {
        if (d[key]) check(pd && pd.info.includes(d[key]), tag + 'document ' + i + ' ' + key + ' shown literally');
      }
      if (d.url && !/^https?:/i.test(d.url)) check(h.nolink.includes(d.url), tag + 'URL ' + d.url + ' shown as text');
    });
    check(dom.h1 === cluster.id && dom.title.startsWith(cluster.id), tag + 'cluster id shown literally as title');
    // Click every link that looks dangerous as text: nothing may run.
    for (const el of await page.$$('.nolink')) await el.click();
    await page.waitForTimeout(200);
  }

  // --- nothing ran, nothing was fetched ----------------------------------------
  const sec = await page.evaluate(() => ({alerts: window.__alerts, csp: window.__csp}));
  check(sec.alerts.length === 0 && dialogs.length === 0, tag + 'no alert/dialog: ' +
        JSON.stringify(sec.alerts.concat(dialogs)));
  check(sec.csp.length === 0, tag + 'no CSP violation: ' + JSON.stringify(sec.csp));
  check(errors.length === 0, tag + 'no script error: ' + JSON.stringify(errors));
  const foreign = requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'));
  check(foreign.length === 0, tag + 'no request left the page: ' + JSON.stringify(foreign));

  // --- a large cluster stays usable ------------------------------------------------
  if (c.large) {
    check(dom.docs.every((d) => !d.open), tag + 'documents start collapsed');
    const t = await page.evaluate(async () => {
      const t0 = performance.now();
      document.querySelector('#doc-tools button[value="open"]').click();
      void document.body.offsetHeight;
      const t1 = performance.now();
      document.querySelector('#doc-tools button[value="close"]').click();
      void document.body.offsetHeight;
      return {expand: t1 - t0, collapse: performance.now() - t1,
              open: document.querySelectorAll('details.doc[open]').length};
    });
    console.log(tag + 'expand all 50 documents + layout: ' + t.expand.toFixed(0) + ' ms; collapse: ' +
                t.collapse.toFixed(0) + ' ms');
    check(t.open === 0, tag + 'collapse all closes every document');
  }

  // --- phone width ------------------------------------------------------------------
  await page.setViewportSize({width: 390, height: 844});
  await page.evaluate(() => window.scrollTo(0, 0));
  if (c.large) await page.click('#doc-tools button[value="open"]');
  const narrow = await page.evaluate(() => {
    const s = document.getElementById('summary').getBoundingClientRect();
    const src = document.getElementById('sources').getBoundingClientRect();
    return {scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
            stacked: s.bottom <= src.top + 1};
  });
  check(narrow.scroll <= narrow.client, tag + 'no horizontal overflow at phone width (' + narrow.scroll +
        ' > ' + narrow.client + ')');
  check(narrow.stacked, tag + 'summary above the sources at phone width');
  if (c.screenshot) await page.screenshot({path: path.join(cfg.shots, 'report-phone.png')});
  await page.close();
}

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mdsum-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: cfg.chromium,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: {width: 1280, height: 800},
      reducedMotion: 'reduce',
      colorScheme: 'light',
    });
    for (const c of cfg.cases) await testCase(context, c);
  } catch (e) {
    failures.push(String(e && e.stack || e));
    console.log('FAIL ' + (e && e.stack || e));
  } finally {
    if (context) await context.close();
    fs.rmSync(profile, {recursive: true, force: true});
  }
  console.log('report_browser: ' + checks + ' checks, ' + failures.length + ' failed');
  process.exit(failures.length ? 1 : 0);
})();
