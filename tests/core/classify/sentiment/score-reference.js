// score-reference.js: scores sentences.txt with the reference VADER (the
// npm package vader-sentiment, vaderSentiment-js 1.1.3) and writes
// reference.tsv ("compound<TAB>sentence", compound as the package rounds
// it, 4 decimals). A development tool: Vigil never ships or runs it.
//
// Runs offline once the package is installed outside the tree:
//   mkdir -p /tmp/vader && (cd /tmp/vader && npm install vader-sentiment)
//   NODE_PATH=/tmp/vader/node_modules node score-reference.js sentences.txt > reference.tsv
//
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';
const fs = require('fs');
const vader = require('vader-sentiment');

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node score-reference.js SENTENCES.txt > reference.tsv\n');
  process.exit(2);
}
const lines = fs.readFileSync(file, 'utf8').split('\n').filter(l => l.length > 0);
const out = [];
for (const line of lines) {
  const c = vader.SentimentIntensityAnalyzer.polarity_scores(line).compound;
  out.push(c.toFixed(4) + '\t' + line);
}
process.stdout.write(out.join('\n') + '\n');
