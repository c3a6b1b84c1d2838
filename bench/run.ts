/**
 * Synth time and peak memory of plain synth vs ReadinessChecks vs cdk-nag AwsSolutionsChecks on
 * generated apps of 1, 2, 4 and 8 stacks of 480 resources (see bench/generate.ts).
 *
 *   npx projen bench
 *
 * Every measurement is a fresh Node process (bench/child.ts) so that peak RSS is per run. Each
 * (size, mode) is measured BENCH_REPS times (modes interleaved, order rotated per repetition) and
 * the median is reported. Results go to stdout and to .bench-out/results.json. Always exits 0:
 * targets that are missed are printed as MISSED.
 *
 * Environment knobs:
 *   BENCH_SIZES=1,2,4,8        stack counts
 *   BENCH_MODES=plain,readiness,awssolutions   (also: noop, a plugin that does nothing; loaded, plain synth with cdk-readiness loaded)
 *   BENCH_REPS=5               repetitions per (size, mode)
 *   BENCH_BUDGET_S=600         total wall-clock budget; repetitions are reduced / runs skipped to fit
 *   BENCH_AWSSOL_CAP_S=150     a single AwsSolutions run predicted or observed above this is skipped
 *   BENCH_CDK_VALIDATION=1     keep the CDK built-in CloudFormation validation on (off by default)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { BenchMode, ChildResult } from './child';

const ALL_MODES: BenchMode[] = ['plain', 'loaded', 'noop', 'readiness', 'awssolutions'];
const DEFAULT_MODES: BenchMode[] = ['plain', 'readiness', 'awssolutions'];
// Issue 17: the whole pass, printing included, adds at most 5 % to plain synth (DEV, 8 stacks).
const OVERHEAD_TARGET_PCT = 5;
const GROWTH_TARGET = 2.2;

const REPO = path.resolve(__dirname, '..');
const OUT_DIR = path.join(REPO, '.bench-out');

function envList(name: string, fallback: string): string[] {
  return (process.env[name] ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const SIZES = envList('BENCH_SIZES', '1,2,4,8')
  .map(Number)
  .sort((a, b) => a - b);
const MODES = envList('BENCH_MODES', DEFAULT_MODES.join(',')) as BenchMode[];
const REPS = Number(process.env.BENCH_REPS ?? '5');
const BUDGET_MS = Number(process.env.BENCH_BUDGET_S ?? '600') * 1000;
const AWSSOL_CAP_MS = Number(process.env.BENCH_AWSSOL_CAP_S ?? '150') * 1000;
const CDK_VALIDATION = process.env.BENCH_CDK_VALIDATION === '1';

for (const m of MODES) {
  if (!ALL_MODES.includes(m)) throw new Error(`BENCH_MODES: unknown mode '${m}' (valid: ${ALL_MODES.join(', ')})`);
}
if (SIZES.some((s) => !Number.isInteger(s) || s < 1)) throw new Error(`BENCH_SIZES: positive integers expected, got ${SIZES}`);

interface Cell {
  readonly stacks: number;
  readonly mode: BenchMode;
  readonly runs: ChildResult[];
  /** Wall time of each child process (start-up included), ms. */
  readonly processMs: number[];
  skipped?: string;
  failed?: string;
}

interface Medians {
  readonly constructMs: number;
  readonly synthMs: number;
  readonly synthCpuMs: number;
  readonly checkMs: number;
  readonly checkCpuMs: number;
  readonly validationPhaseMs: number;
  readonly builtinValidateMs: number;
  readonly maxRssMb: number;
  readonly baselineRssMb: number;
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function medians(cell: Cell | undefined): Medians | undefined {
  if (!cell || cell.runs.length === 0) return undefined;
  const m = (f: (r: ChildResult) => number) => median(cell.runs.map(f));
  return {
    constructMs: m((r) => r.constructMs),
    synthMs: m((r) => r.synthMs),
    synthCpuMs: m((r) => r.synthCpuMs),
    checkMs: m((r) => r.checkMs),
    checkCpuMs: m((r) => r.checkCpuMs ?? NaN),
    validationPhaseMs: m((r) => r.validationPhaseMs ?? 0),
    builtinValidateMs: m((r) => r.builtinValidateMs),
    maxRssMb: m((r) => r.maxRssMb),
    baselineRssMb: m((r) => r.baselineRssMb),
  };
}

let readinessRuleIds: string[] = [];

/** Whether the engine is there: `ReadinessChecks` exported from src/index.ts (via the tsconfig path). */
function readinessAvailable(): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('cdk-readiness');
    if (typeof mod.ReadinessChecks !== 'function') return 'cdk-readiness does not export ReadinessChecks yet';
    try {
      readinessRuleIds = (mod.ReadinessChecks.rules?.() ?? []).map((r: { id: string }) => r.id);
    } catch {
      readinessRuleIds = [];
    }
    return undefined;
  } catch (e) {
    return `cdk-readiness failed to load: ${String((e as Error).message).split('\n')[0]}`;
  }
}

function runChild(stacks: number, mode: BenchMode, timeoutMs: number): { result?: ChildResult; error?: string; wallMs: number; timedOut: boolean } {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  // Nothing from an enclosing `cdk` CLI run may leak into the measured app.
  delete env.CDK_OUTDIR;
  delete env.CDK_CONTEXT_JSON;
  delete env.CDK_APP_MODE;
  const args = [
    require.resolve('ts-node/dist/bin.js'),
    '--transpile-only',
    '-r',
    'tsconfig-paths/register',
    '--project',
    path.join(__dirname, 'tsconfig.json'),
    path.join(__dirname, 'child.ts'),
    String(stacks),
    mode,
  ];
  const start = performance.now();
  const proc = spawnSync(process.execPath, args, {
    cwd: REPO,
    env,
    encoding: 'utf-8',
    maxBuffer: 1024 * 1024 * 1024,
    timeout: Math.ceil(timeoutMs),
    killSignal: 'SIGKILL',
  });
  const wallMs = performance.now() - start;
  const timedOut = proc.error !== undefined && (proc.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
  const line = (proc.stdout ?? '').split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (line) {
    return { result: JSON.parse(line.slice('BENCH_RESULT '.length)) as ChildResult, wallMs, timedOut };
  }
  const tail = (proc.stderr ?? '').trim().split('\n').slice(-8).join('\n    ');
  const why = timedOut ? `timed out after ${(timeoutMs / 1000).toFixed(0)} s` : `exit ${proc.status ?? proc.signal}`;
  return { error: `${why}${tail ? `\n    ${tail}` : ''}`, wallMs, timedOut };
}

const fmtMs = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(0));
const fmtDeltaMs = (x: number) => (x >= 0 ? `+${x.toFixed(0)}` : x.toFixed(0));
const fmtMb = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(0));
const fmtRatio = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : `${x.toFixed(2)}x`);
const pad = (s: string, n: number) => s.padStart(n);
const padEnd = (s: string, n: number) => s.padEnd(n);

function main(): void {
  const benchStart = performance.now();
  const elapsed = () => performance.now() - benchStart;
  const load0 = os.loadavg();

  const modeSkip = new Map<BenchMode, string>();
  if (MODES.includes('readiness')) {
    const why = readinessAvailable();
    if (why) modeSkip.set('readiness', why);
  }

  console.log('cdk-readiness benchmark: synth of generated apps, 480 CloudFormation resources per stack');
  console.log(
    `node ${process.version}, ${os.cpus().length} CPUs, load average ${load0.map((l) => l.toFixed(2)).join(' ')}; ` +
      `sizes ${SIZES.join(',')} stacks; modes ${MODES.join(',')}; ${REPS} runs each (median); budget ${BUDGET_MS / 1000} s`,
  );
  console.log(
    `CDK built-in CloudFormation validation: ${CDK_VALIDATION ? 'ON (BENCH_CDK_VALIDATION=1)' : 'OFF in every mode (set BENCH_CDK_VALIDATION=1 to include it)'}`,
  );
  for (const [m, why] of modeSkip) console.log(`mode ${m} SKIPPED: ${why}`);
  if (MODES.includes('readiness') && !modeSkip.has('readiness')) {
    console.log(`ReadinessChecks rules in this build: ${readinessRuleIds.length} (${readinessRuleIds.join(', ')})`);
  }
  console.log('');

  const cells = new Map<string, Cell>();
  const key = (stacks: number, mode: BenchMode) => `${stacks}:${mode}`;
  for (const s of SIZES) for (const m of MODES) cells.set(key(s, m), { stacks: s, mode: m, runs: [], processMs: [] });

  /** Predicted wall time of one child process, from the same mode at the previous size (linear). */
  const predict = (stacks: number, mode: BenchMode): number | undefined => {
    const prev = [...SIZES].reverse().find((s) => s < stacks && cells.get(key(s, mode))!.processMs.length > 0);
    if (prev === undefined) return undefined;
    const c = cells.get(key(prev, mode))!;
    const perProcess = median(c.processMs);
    const startup = 4000;
    return startup + (perProcess - startup) * (stacks / prev) * 1.15;
  };

  for (let si = 0; si < SIZES.length; si++) {
    const stacks = SIZES[si];
    const activeModes = MODES.filter((m) => !modeSkip.has(m));

    // AwsSolutions cap: skip a size whose single run is predicted above the cap.
    if (activeModes.includes('awssolutions')) {
      const p = predict(stacks, 'awssolutions');
      if (p !== undefined && p > AWSSOL_CAP_MS) {
        const why = `predicted ${(p / 1000).toFixed(0)} s per run > cap ${AWSSOL_CAP_MS / 1000} s (BENCH_AWSSOL_CAP_S)`;
        cells.get(key(stacks, 'awssolutions'))!.skipped = why;
      }
    }

    // Fit the remaining sizes into the budget: reduce the repetitions of this size if needed.
    let reps = REPS;
    const remainingWork = (repsNow: number) => {
      let total = 0;
      for (let sj = si; sj < SIZES.length; sj++) {
        for (const m of activeModes) {
          if (cells.get(key(SIZES[sj], m))!.skipped) continue;
          const p = predict(SIZES[sj], m) ?? 4000 + 1500 * SIZES[sj];
          total += p * (sj === si ? repsNow : REPS);
        }
      }
      return total;
    };
    while (reps > 1 && elapsed() + remainingWork(reps) > BUDGET_MS) reps--;
    if (reps < REPS) console.log(`[${stacks} stacks] budget: ${reps} run(s) per mode instead of ${REPS}`);

    for (let rep = 0; rep < reps; rep++) {
      for (let k = 0; k < activeModes.length; k++) {
        const mode = activeModes[(k + rep) % activeModes.length];
        const cell = cells.get(key(stacks, mode))!;
        if (cell.skipped || cell.failed) continue;
        const remaining = BUDGET_MS - elapsed();
        const p = predict(stacks, mode);
        if (cell.runs.length > 0 && p !== undefined && p > remaining) {
          console.log(`[${stacks} stacks] ${mode}: budget left ${(remaining / 1000).toFixed(0)} s, stopping after ${cell.runs.length} run(s)`);
          continue;
        }
        if (cell.runs.length === 0 && remaining < 5000) {
          cell.skipped = `budget of ${BUDGET_MS / 1000} s exhausted`;
          continue;
        }
        const timeout = Math.max(5000, mode === 'awssolutions' ? Math.min(AWSSOL_CAP_MS, remaining) : remaining);
        const r = runChild(stacks, mode, timeout);
        cell.processMs.push(r.wallMs);
        if (r.result) {
          cell.runs.push(r.result);
          const x = r.result;
          console.log(
            `[${stacks} stacks] ${padEnd(mode, 12)} run ${rep + 1}: construct ${fmtMs(x.constructMs)} ms, synth ${fmtMs(x.synthMs)} ms` +
              (mode !== 'plain' ? `, check ${fmtMs(x.checkMs)} ms` : '') +
              `, peak RSS ${fmtMb(x.maxRssMb)} MB` +
              (x.synthThrew ? ' (synth threw ValidationFailed, as expected for AwsSolutions)' : '') +
              (x.error && !x.synthThrew ? ` ERROR: ${x.error}` : ''),
          );
        } else if (r.timedOut && mode === 'awssolutions') {
          const why = `a run took longer than ${(timeout / 1000).toFixed(0)} s`;
          console.log(`[${stacks} stacks] awssolutions SKIPPED: ${why}`);
          cell.skipped = why;
          for (const s of SIZES.filter((x) => x > stacks)) cells.get(key(s, 'awssolutions'))!.skipped = `skipped because ${stacks} stacks already exceeded the cap`;
        } else {
          console.log(`[${stacks} stacks] ${mode} FAILED: ${r.error}`);
          cell.failed = r.error?.split('\n')[0];
        }
      }
    }
  }

  // ---- report ----
  const load1 = os.loadavg();
  const lines: string[] = [];
  const out = (s = '') => {
    lines.push(s);
    console.log(s);
  };
  out('');
  out('================ results (medians) ================');
  const checkBySize = new Map<number, number>();
  for (const stacks of SIZES) {
    const plain = medians(cells.get(key(stacks, 'plain')));
    const resources = [...cells.values()].find((c) => c.stacks === stacks && c.runs.length > 0)?.runs[0].resources ?? [];
    const totalResources = resources.reduce((a, r) => a + r.resources, 0);
    out('');
    out(
      `== ${stacks} stack${stacks > 1 ? 's' : ''}, ${totalResources} resources ` +
        `(${resources.map((r) => `${r.stack}=${r.resources}`).join(', ')}) ==`,
    );
    out(
      `${padEnd('mode', 13)}${pad('runs', 5)}${pad('construct ms', 14)}${pad('synth ms', 11)}${pad('check ms', 10)}${pad('valid. phase', 14)}` +
        `${pad('synth CPU ms', 14)}${pad('peak RSS MB', 13)}${pad('base RSS', 10)}${pad('synth/plain', 13)}${pad('RSS/plain', 11)}  findings`,
    );
    for (const mode of MODES) {
      const cell = cells.get(key(stacks, mode))!;
      const m = medians(cell);
      if (!m) {
        out(`${padEnd(mode, 13)}  ${cell.skipped ? `SKIPPED: ${cell.skipped}` : cell.failed ? `FAILED: ${cell.failed}` : modeSkip.get(mode) ? `SKIPPED: ${modeSkip.get(mode)}` : 'no data'}`);
        continue;
      }
      if (mode === 'readiness') checkBySize.set(stacks, m.checkMs);
      const findings = cell.runs[0].findings;
      const findingsText = findings ? Object.entries(findings).map(([k, v]) => `${v} ${k}`).join(', ') || '0' : '';
      out(
        `${padEnd(mode, 13)}${pad(String(cell.runs.length), 5)}${pad(fmtMs(m.constructMs), 14)}${pad(fmtMs(m.synthMs), 11)}` +
          `${pad(mode === 'plain' ? '-' : fmtMs(m.checkMs), 10)}${pad(fmtMs(m.validationPhaseMs), 14)}${pad(fmtMs(m.synthCpuMs), 14)}` +
          `${pad(fmtMb(m.maxRssMb), 13)}${pad(fmtMb(m.baselineRssMb), 10)}` +
          `${pad(mode === 'plain' || !plain ? '-' : fmtRatio(m.synthMs / plain.synthMs), 13)}` +
          `${pad(mode === 'plain' || !plain ? '-' : fmtRatio(m.maxRssMb / plain.maxRssMb), 11)}  ${findingsText}` +
          (cell.runs.some((r) => r.synthThrew) ? ' (synth threw)' : '') +
          (CDK_VALIDATION ? ` [built-in validation ${fmtMs(m.builtinValidateMs)} ms]` : ''),
      );
    }
  }

  // Summary: one row per size with the requested columns.
  out('');
  out('== summary ==');
  out(
    `${pad('stacks', 6)}${pad('resources', 11)}${pad('plain ms', 10)}${pad('readiness ms', 14)}${pad('check ms', 10)}${pad('awssol ms', 11)}` +
      `${pad('RSS plain', 11)}${pad('RSS readi.', 12)}${pad('RSS awssol', 12)}${pad('readi./plain', 14)}${pad('awssol/plain', 14)}${pad('check growth', 14)}`,
  );
  const growth: Array<{ from: number; to: number; ratio: number; perDoubling: number }> = [];
  let prevSize: number | undefined;
  const summaryRows: Array<Record<string, unknown>> = [];
  for (const stacks of SIZES) {
    const p = medians(cells.get(key(stacks, 'plain')));
    const r = medians(cells.get(key(stacks, 'readiness')));
    const a = medians(cells.get(key(stacks, 'awssolutions')));
    let g: number | undefined;
    if (prevSize !== undefined && checkBySize.has(prevSize) && checkBySize.has(stacks)) {
      const ratio = checkBySize.get(stacks)! / checkBySize.get(prevSize)!;
      const doublings = Math.log2(stacks / prevSize);
      g = Math.pow(ratio, 1 / doublings);
      growth.push({ from: prevSize, to: stacks, ratio, perDoubling: g });
    }
    const resources = [...cells.values()].find((c) => c.stacks === stacks && c.runs.length > 0)?.runs[0].resources ?? [];
    const total = resources.reduce((acc, x) => acc + x.resources, 0);
    out(
      `${pad(String(stacks), 6)}${pad(String(total), 11)}${pad(fmtMs(p?.synthMs), 10)}${pad(fmtMs(r?.synthMs), 14)}${pad(fmtMs(r?.checkMs), 10)}` +
        `${pad(a ? fmtMs(a.synthMs) : cells.get(key(stacks, 'awssolutions'))?.skipped ? 'skipped' : '-', 11)}${pad(fmtMb(p?.maxRssMb), 11)}${pad(fmtMb(r?.maxRssMb), 12)}${pad(fmtMb(a?.maxRssMb), 12)}` +
        `${pad(p && r ? fmtRatio(r.synthMs / p.synthMs) : '-', 14)}${pad(p && a ? fmtRatio(a.synthMs / p.synthMs) : '-', 14)}` +
        `${pad(g === undefined ? '-' : `${fmtRatio(g)}${g > GROWTH_TARGET ? ' !' : ''}`, 14)}`,
    );
    summaryRows.push({
      stacks,
      resources: total,
      plainSynthMs: p?.synthMs,
      readinessSynthMs: r?.synthMs,
      readinessCheckMs: r?.checkMs,
      readinessCheckCpuMs: r?.checkCpuMs,
      awsSolutionsSynthMs: a?.synthMs,
      awsSolutionsCheckMs: a?.checkMs,
      plainMaxRssMb: p?.maxRssMb,
      readinessMaxRssMb: r?.maxRssMb,
      awsSolutionsMaxRssMb: a?.maxRssMb,
      readinessOverPlain: p && r ? r.synthMs / p.synthMs : undefined,
      awsSolutionsOverPlain: p && a ? a.synthMs / p.synthMs : undefined,
      checkGrowthPerDoubling: g,
    });
    prevSize = stacks;
  }

  // Requirements.
  out('');
  const largest = [...SIZES].reverse().find((s) => medians(cells.get(key(s, 'plain'))) && medians(cells.get(key(s, 'readiness'))));
  let overheadPct: number | undefined;
  let overheadCpuPct: number | undefined;
  let overheadValidationPct: number | undefined;
  if (largest !== undefined) {
    const p = medians(cells.get(key(largest, 'plain')))!;
    const r = medians(cells.get(key(largest, 'readiness')))!;
    overheadPct = ((r.synthMs - p.synthMs) / p.synthMs) * 100;
    overheadCpuPct = ((r.synthCpuMs - p.synthCpuMs) / p.synthCpuMs) * 100;
    overheadValidationPct = ((r.validationPhaseMs - p.validationPhaseMs) / p.synthMs) * 100;
    const checkPct = (r.checkMs / p.synthMs) * 100;
    out(
      `ReadinessChecks overhead at largest size: ${overheadPct.toFixed(1)}% (target ≤ ${OVERHEAD_TARGET_PCT}%) ` +
        `${overheadPct <= OVERHEAD_TARGET_PCT ? 'OK' : 'MISSED'}` +
        `  [${largest} stacks; synth ${fmtMs(r.synthMs)} vs ${fmtMs(p.synthMs)} ms]`,
    );
    out(
      `  cross-checks: CPU-time overhead ${overheadCpuPct.toFixed(1)}%; added validation phase ` +
        `${fmtMs(r.validationPhaseMs - p.validationPhaseMs)} ms = ${overheadValidationPct.toFixed(1)}% of plain synth ` +
        `(check ${fmtMs(r.checkMs)} ms = ${checkPct.toFixed(1)}%, CPU ${fmtMs(r.checkCpuMs)} ms; the rest is the CDK's own validation machinery: ` +
        `construct tree, stack traces, formatting and printing ${Object.values(cells.get(key(largest, 'readiness'))!.runs[0].findings ?? {}).reduce((a, b) => a + b, 0)} findings)`,
    );
    const l = medians(cells.get(key(largest, 'loaded')));
    if (l) {
      out(
        `  loaded (cdk-readiness loaded, no plugin): synth ${fmtMs(l.synthMs)} ms (${fmtDeltaMs(l.synthMs - p.synthMs)} ms over plain, ` +
          `CPU ${fmtDeltaMs(l.synthCpuMs - p.synthCpuMs)} ms): what loading the library from source costs the rest of synth`,
      );
    }
    const n = medians(cells.get(key(largest, 'noop')));
    if (n) {
      out(
        `  noop plugin (CDK's fixed cost of any plugin): synth ${fmtMs(n.synthMs)} ms, validation phase ${fmtMs(n.validationPhaseMs)} ms ` +
          `(+${fmtMs(n.validationPhaseMs - p.validationPhaseMs)} ms over plain); readiness over noop: validation phase ` +
          `+${fmtMs(r.validationPhaseMs - n.validationPhaseMs)} ms = ${(((r.validationPhaseMs - n.validationPhaseMs) / p.synthMs) * 100).toFixed(1)}% of plain synth, ` +
          `wall ${(((r.synthMs - n.synthMs) / n.synthMs) * 100).toFixed(1)}%`,
      );
    }
  } else {
    out(`ReadinessChecks overhead at largest size: n/a (target ≤ ${OVERHEAD_TARGET_PCT}%) MISSED: no readiness measurement${modeSkip.get('readiness') ? ` (${modeSkip.get('readiness')})` : ''}`);
  }
  if (growth.length > 0) {
    const worst = Math.max(...growth.map((g) => g.perDoubling));
    out(
      `check-time growth per doubling: ${growth.map((g) => g.perDoubling.toFixed(2)).join(', ')} (target ≤ ${GROWTH_TARGET}) ` +
        `${worst <= GROWTH_TARGET ? 'OK' : 'MISSED'}` +
        `  [${growth.map((g) => `${g.from}→${g.to} stacks: ${fmtMs(checkBySize.get(g.from))}→${fmtMs(checkBySize.get(g.to))} ms`).join(', ')}]`,
    );
    const cpuBySize = new Map(SIZES.map((s) => [s, medians(cells.get(key(s, 'readiness')))?.checkCpuMs]));
    const cpuGrowth = growth.map((g) => Math.pow((cpuBySize.get(g.to) ?? NaN) / (cpuBySize.get(g.from) ?? NaN), 1 / Math.log2(g.to / g.from)));
    out(
      `  cross-check, less sensitive to load: check CPU-time growth per doubling ${cpuGrowth.map((x) => x.toFixed(2)).join(', ')} ` +
        `[${growth.map((g) => `${fmtMs(cpuBySize.get(g.from))}→${fmtMs(cpuBySize.get(g.to))} ms`).join(', ')}]`,
    );
  } else {
    out(`check-time growth per doubling: n/a (target ≤ ${GROWTH_TARGET}) MISSED: fewer than two readiness sizes measured`);
  }
  const totalS = elapsed() / 1000;
  out(`total bench time ${totalS.toFixed(0)} s; load average before ${load0.map((l) => l.toFixed(2)).join(' ')}, after ${load1.map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} CPUs)`);
  if (Math.max(load0[0], load1[0]) > os.cpus().length) {
    out(`WARNING: the machine was busy (load average above ${os.cpus().length}): wall times are noisy; the CPU-time columns are more robust`);
  }

  fs.mkdirSync(OUT_DIR, { recursive: true });
  const json = {
    generatedBy: 'bench/run.ts',
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverageBefore: load0,
    loadAverageAfter: load1,
    readinessRuleIds,
    config: { sizes: SIZES, modes: MODES, reps: REPS, budgetS: BUDGET_MS / 1000, awsSolutionsCapS: AWSSOL_CAP_MS / 1000, cdkBuiltinValidation: CDK_VALIDATION },
    notes: {
      awssolutions:
        'cdk-nag v3 reports every AwsSolutions finding as an error, so app.synth() throws ValidationFailed after templates, plugins and report are done; the error is caught and the time up to the throw is recorded (synthThrew: true).',
      readiness: 'context readiness:profile=dev set on the app before any stack: findings are warnings, synth succeeds. checkMs = time inside ReadinessChecks.validate().',
      builtinValidation: CDK_VALIDATION
        ? 'CDK built-in CloudFormation validation ON in every mode.'
        : 'CDK built-in CloudFormation validation OFF in every mode (new App({ builtinCloudFormationValidation: false })).',
    },
    requirements: {
      overheadPctAtLargestSize: overheadPct,
      overheadCpuPctAtLargestSize: overheadCpuPct,
      addedValidationPhasePctAtLargestSize: overheadValidationPct,
      overheadTargetPct: OVERHEAD_TARGET_PCT,
      overheadMet: overheadPct !== undefined && overheadPct <= OVERHEAD_TARGET_PCT,
      checkGrowth: growth,
      growthTarget: GROWTH_TARGET,
      growthMet: growth.length > 0 && growth.every((g) => g.perDoubling <= GROWTH_TARGET),
    },
    summary: summaryRows,
    cells: [...cells.values()].map((c) => ({ ...c, medians: medians(c) })),
    totalSeconds: totalS,
    printed: lines,
  };
  const file = path.join(OUT_DIR, 'results.json');
  fs.writeFileSync(file, JSON.stringify(json, undefined, 2) + '\n');
  console.log(`results written to ${path.relative(process.cwd(), file)}`);
}

try {
  main();
} catch (e) {
  console.error(`bench failed: ${(e as Error).stack ?? e}`);
  process.exitCode = 1;
}
