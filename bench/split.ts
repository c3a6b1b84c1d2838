/**
 * Where the time of `ReadinessChecks.validate()` goes, in one process (warm, after a first synth):
 * index build, each rule, source-location lookups, report, Markdown, SVG, SARIF, runbooks, writing
 * the files and the plugin report handed to the CDK. Each part is printed as the median wall time
 * and the median process CPU time (all threads, the garbage collector's helpers included): on a
 * busy machine the CPU column is the one to compare.
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register --project bench/tsconfig.json bench/split.ts [stacks=8] [reps=5]
 *
 * It synthesizes the generated app of bench/generate.ts with ReadinessChecks (DEV profile) once,
 * keeps the validation context, then repeats every part of `validate()` `reps` times on fresh
 * indexes and prints the median of each part. Rules are timed one after the other on the same
 * index, in catalog order, as `validate()` runs them: a rule that builds a shared derived view
 * pays for it, the rules after it reuse it. Not a test: it only prints figures.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { App, IPolicyValidationContext, Validations } from 'aws-cdk-lib';
import { ReadinessChecks } from 'cdk-readiness';
import { populateApp } from './generate';
import { AppIndex } from '../src/analysis/app-index';
import { evaluate } from '../src/checks/private/evaluate';
import { buildReport, renderMarkdown } from '../src/checks/private/report';
import { renderSarif, resourceLineFinder } from '../src/checks/private/sarif';
import { renderScoreChart } from '../src/checks/private/score-chart';
import * as sourceLocation from '../src/analysis/source-location';
import { ALL_RULES } from '../src/checks/rules';
import { runbookModel } from '../src/analysis/runbook-model';
import { renderRunbooks } from '../src/runbooks/render/render';

const stacks = Number(process.argv[2] ?? '8');
const reps = Number(process.argv[3] ?? '5');

const times = new Map<string, number[]>();
/** Process CPU time (all threads: the GC's helpers too) per part: less sensitive to a busy machine than wall time. */
const cpuTimes = new Map<string, number[]>();
function timed<T>(label: string, f: () => T): T {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  try {
    return f();
  } finally {
    const cpu = process.cpuUsage(cpuStart);
    const list = times.get(label) ?? [];
    list.push(performance.now() - start);
    times.set(label, list);
    const cpuList = cpuTimes.get(label) ?? [];
    cpuList.push((cpu.user + cpu.system) / 1000);
    cpuTimes.set(label, cpuList);
  }
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

// Source-location lookups happen inside evaluate(): count their time through the module export.
const original = sourceLocation.sourceLocator;
let sourceMs = 0;
(sourceLocation as { sourceLocator: typeof original }).sourceLocator = (...args) => {
  const locate = original(...args);
  return (frames) => {
    const start = performance.now();
    try {
      return locate(frames);
    } finally {
      sourceMs += performance.now() - start;
    }
  };
};

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-readiness-split-'));
const app = new App({ outdir, builtinCloudFormationValidation: false, context: { 'aws:cdk:enable-path-metadata': true } });
app.node.setContext('readiness:profile', 'dev');
populateApp(app, stacks);
const checks = new ReadinessChecks(app, { printSummary: false });
let context: IPolicyValidationContext | undefined;
const validate = checks.validate.bind(checks);
checks.validate = (ctx) => {
  context = ctx;
  return timed('validate() during synth (cold)', () => validate(ctx));
};
Validations.of(app).addPlugins(checks);
const synthStart = performance.now();
app.synth({ force: true });
const synthMs = performance.now() - synthStart;
if (!context) throw new Error('validate() was not called');
const ctx = context;
const byStackPath = new Map(ctx.stackTemplates.map((s) => [s.stackConstructPath, s.templatePath]));
const source = { byStackPath, assemblyRoot: outdir };

for (let rep = 0; rep < reps; rep++) {
  timed('validate() (warm)', () => checks.validate(ctx));
  const index = timed('index build', () => AppIndex.build(app, source));
  sourceMs = 0;
  for (const rule of ALL_RULES) timed(`rule ${rule.id}`, () => evaluate(index, [rule]));
  times.set('  of which source locations', [...(times.get('  of which source locations') ?? []), sourceMs]);
  const fresh = AppIndex.build(app, source);
  const evaluation = timed('evaluate() all rules, fresh index', () => evaluate(fresh, ALL_RULES));
  const report = timed('buildReport', () => buildReport(evaluation));
  const reportJson = timed('report JSON.stringify', () => JSON.stringify(report, undefined, 2));
  timed('renderMarkdown', () => renderMarkdown(report));
  timed('renderScoreChart (SVG)', () => renderScoreChart(report));
  const finders = new Map<string, (logicalId: string) => number | undefined>();
  const sarifJson = timed('renderSarif + stringify', () => JSON.stringify(renderSarif(report, ALL_RULES, {
    templateLine: (file, logicalId) => {
      if (!finders.has(file)) finders.set(file, resourceLineFinder(fs.readFileSync(path.join(outdir, file), 'utf-8')));
      return finders.get(file)!(logicalId);
    },
  }), undefined, 2));
  const model = timed('runbookModel', () => runbookModel(fresh));
  const runbooks = timed('renderRunbooks', () => renderRunbooks(model, fresh));
  // What validate() writes: the report, its Markdown, the SARIF log and the runbooks (one write each).
  const writeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-readiness-split-write-'));
  fs.mkdirSync(path.join(writeDir, 'runbooks'));
  const markdown = renderMarkdown(report);
  timed('write the files', () => {
    fs.writeFileSync(path.join(writeDir, 'r.json'), reportJson + '\n');
    fs.writeFileSync(path.join(writeDir, 'r.md'), markdown);
    fs.writeFileSync(path.join(writeDir, 'r.sarif'), sarifJson + '\n');
    for (const f of runbooks) fs.writeFileSync(path.join(writeDir, f.file), f.content);
  });
  fs.rmSync(writeDir, { recursive: true, force: true });
  timed('toPluginReport', () => (checks as any).toPluginReport(evaluation, outdir));
}

console.log(`${stacks} stacks, ${ALL_RULES.length} rules, synth ${synthMs.toFixed(0)} ms, load average ${os.loadavg()[0].toFixed(1)}; medians of ${reps} warm repetitions:`);
console.log('    wall ms   CPU ms');
for (const [label, xs] of times) {
  const cpu = cpuTimes.get(label);
  console.log(`${median(xs).toFixed(1).padStart(11)}${(cpu ? median(cpu).toFixed(1) : '').padStart(9)}  ${label}`);
}
fs.rmSync(outdir, { recursive: true, force: true });
