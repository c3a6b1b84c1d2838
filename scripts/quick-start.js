#!/usr/bin/env node
// The README's quick start, read by .ci/run so that CI runs exactly what a newcomer runs.
//   node scripts/quick-start.js command N     print the quick start's Nth command (1: the demo, 2: the tests)
//   node scripts/quick-start.js compare LOG   check that the scorecard the demo printed (LOG) is the README's
//   node scripts/quick-start.js write LOG     put the scorecard the demo printed (LOG) into the README (after a deliberate change)
'use strict';
const fs = require('fs');
const path = require('path');

const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('\n## Quick start'), readme.indexOf('\n## ', readme.indexOf('\n## Quick start') + 1));
const blocks = [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], text: m[2] }));

function fail(message) {
  console.error(`quick-start: ${message}`);
  process.exit(1);
}

const [verb, arg] = process.argv.slice(2);
if (verb === 'command') {
  const commands = (blocks.find((b) => b.lang === 'sh') ?? fail('no ```sh block in the README\'s Quick start')).text
    .split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l !== '');
  if (commands.length !== 2) fail(`the Quick start must have exactly two commands, found ${commands.length}: ${commands.join(' | ')}`);
  const n = Number(arg);
  console.log(commands[n - 1] ?? fail(`no command ${arg}: use 1 or 2`));
} else if (verb === 'compare' || verb === 'write') {
  // From the scorecard's first line to the end of what the demo prints: the part that does not
  // depend on the CDK CLI's own version (its feature-flag and notice lines come before it).
  const scorecard = (text, what) => {
    const start = text.indexOf('Production Readiness Score: ');
    if (start < 0) fail(`no scorecard in ${what}`);
    return text.slice(start).trimEnd();
  };
  if (verb === 'write') {
    const block = blocks.find((b) => b.text.includes('Production Readiness Score: ')) ?? fail('no scorecard block in the README\'s Quick start');
    // the whole log from the demo's first line ('==> cdk synth ...'); compare checks the scorecard part
    const log = fs.readFileSync(arg, 'utf8');
    scorecard(log, arg);
    const text = log.slice(Math.max(0, log.indexOf('==> '))).trimEnd() + '\n';
    const at = readme.indexOf(block.text, readme.indexOf('\n## Quick start'));
    fs.writeFileSync(path.join(__dirname, '..', 'README.md'), readme.slice(0, at) + text + readme.slice(at + block.text.length));
    console.log('quick-start: the README now shows the scorecard the demo printed');
    process.exit(0);
  }
  const demo = scorecard(fs.readFileSync(arg, 'utf8'), arg);
  const expected = scorecard(blocks.find((b) => b.text.includes('Production Readiness Score: '))?.text ?? '', 'the README\'s Quick start');
  if (demo !== expected) {
    const d = demo.split('\n');
    const e = expected.split('\n');
    const i = d.findIndex((line, k) => line !== e[k]);
    fail(`the demo's scorecard is not the one the README shows (first difference at line ${i + 1} of the scorecard):\n` +
      `  README: ${e[i] ?? '(ends)'}\n  demo:   ${d[i] ?? '(ends)'}\nUpdate the README's Quick start or fix the flagship.`);
  }
  console.log('quick-start: the demo printed the scorecard the README shows');
} else {
  fail('usage: node scripts/quick-start.js command N | compare LOG | write LOG');
}
