#!/usr/bin/env node
// Build one big cluster for the report's stress case: 50 documents of 2,000
// words each (100,000 words) made of real full-length news text, as one
// JSONL line on standard output. The text is read at run time from a
// Multi-News file (documents split by "|||||", line breaks written as
// NEWLINE_CHAR); nothing of it is stored in the repository.
//   node tests/report/make_cluster.js DEV.src [DOCS] [WORDS_PER_DOC]
'use strict';
const fs = require('fs');

const [src, ndocsArg, wordsArg] = process.argv.slice(2);
if (!src) {
  process.stderr.write('usage: make_cluster.js FILE.src [DOCS] [WORDS_PER_DOC]\n');
  process.exit(2);
}
const ndocs = Number(ndocsArg || 50);
const perDoc = Number(wordsArg || 2000);

// Every source document of the file, in order, as plain text.
const sources = [];
for (const line of fs.readFileSync(src, 'utf8').split('\n')) {
  for (const doc of line.split('|||||')) {
    const text = doc.replace(/ ?NEWLINE_CHAR ?/g, '\n').trim();
    if (text) sources.push(text);
  }
}
if (sources.length === 0) {
  process.stderr.write(src + ': no documents\n');
  process.exit(1);
}

// Concatenate source documents (a blank line between) and cut every
// `perDoc` words, keeping the line structure.
const documents = [];
let buf = '';
let words = 0;
let next = 0;
while (documents.length < ndocs) {
  const text = sources[next % sources.length];
  next++;
  for (const tok of text.split(/(\s+)/)) {
    if (tok === '') continue;
    if (/^\s+$/.test(tok)) {
      if (buf) buf += tok.includes('\n') ? '\n' : ' ';
      continue;
    }
    buf += tok;
    words++;
    if (words === perDoc) {
      documents.push({
        id: 'part-' + String(documents.length + 1).padStart(2, '0'),
        title: 'Stress document ' + (documents.length + 1),
        site: 'Outlet ' + (documents.length % 7 + 1),
        text: buf.trim() + '\n',
      });
      buf = '';
      words = 0;
      if (documents.length === ndocs) break;
    }
  }
  if (buf && !buf.endsWith('\n')) buf += '\n\n';
}
process.stdout.write(JSON.stringify({id: 'stress-50x' + perDoc, documents}) + '\n');
