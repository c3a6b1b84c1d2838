/**
 * One benchmark measurement, run in a fresh Node process by bench/run.ts so that peak memory
 * (`process.resourceUsage().maxRSS`) belongs to this run only.
 *
 *   child.ts <stacks> <plain|loaded|noop|readiness|awssolutions>
 *
 * Builds the generated app (construction time), runs `app.synth({ force: true })` (synth time),
 * and prints one line `BENCH_RESULT {json}` on stdout.
 *
 * - plain: no plugin.
 * - loaded (opt-in): no plugin either, but cdk-readiness is loaded first, as in readiness mode: the
 *   cost of its modules on the rest of synth (a larger heap to collect), without any validation.
 * - noop (opt-in): a plugin that does nothing, to separate the CDK's cost of running any plugin.
 * - readiness: context `readiness:profile=dev` is set on the app before any stack is added, so
 *   findings are warnings and synth succeeds; `ReadinessChecks.validate()` is wrapped to time it.
 * - awssolutions: cdk-nag `AwsSolutionsChecks`. In cdk-nag v3 every finding is an error, so synth
 *   throws `ValidationFailed` AFTER all the work (templates written, plugins run, report written and
 *   printed): the error is caught and the time up to the throw is recorded (`synthThrew: true`).
 *
 * The CDK's built-in CloudFormation validation plugin (on by default in aws-cdk-lib 2.276) is turned
 * OFF (`new App({ builtinCloudFormationValidation: false })`) unless BENCH_CDK_VALIDATION=1: it costs
 * ~10 s and ~300 MB per 480-resource stack in every mode alike, which would drown the numbers this
 * benchmark is about. When it is on, its `validate()` is wrapped so its share of synth is visible.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import {
  App,
  CloudFormationValidatePlugin,
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  Validations,
} from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import type * as Readiness from 'cdk-readiness';
import { countSynthesizedResources, populateApp, SynthesizedStackCount } from './generate';

export type BenchMode = 'plain' | 'loaded' | 'noop' | 'readiness' | 'awssolutions';

/**
 * A validation plugin that does nothing (`noop` mode, opt-in): registering ANY plugin makes the CDK
 * build its own validation machinery (a ConstructTree over the whole app, reports), so
 * `noop - plain` is the CDK's fixed cost and `readiness - noop` is the rule pack's own.
 */
class NoopPlugin implements IPolicyValidationPlugin {
  public readonly name = 'bench-noop';
  public validate(_context: IPolicyValidationContext): PolicyValidationPluginReport {
    return { success: true, violations: [] };
  }
}

/** What one child run prints. */
export interface ChildResult {
  readonly stacks: number;
  readonly mode: BenchMode;
  /** App construction: `new App()` + stacks + plugin registration. */
  readonly constructMs: number;
  /** `app.synth({ force: true })` wall time (up to the throw for awssolutions). */
  readonly synthMs: number;
  /** Time inside the mode's plugin `validate()` (0 for plain). */
  readonly checkMs: number;
  /** CPU time (user + system, all threads) of the process inside the mode's plugin `validate()`. */
  readonly checkCpuMs: number;
  /** Number of `validate()` calls of the mode's plugin. */
  readonly checkCalls: number;
  /** CPU time (user + system, all threads) of the process during synth. */
  readonly synthCpuMs: number;
  /** Whether the CDK built-in CloudFormation validation ran (BENCH_CDK_VALIDATION=1). */
  readonly builtinValidation: boolean;
  /** Time inside the CDK built-in CloudFormation validation plugin (0 when it is off). */
  readonly builtinValidateMs: number;
  /**
   * aws-cdk-lib's own performance counters accumulated during synth (key → total ms), top entries:
   * shows where synth time goes (e.g. `validateTemplates` = the whole validation phase).
   */
  readonly cdkCounters: Record<string, number>;
  /**
   * The CDK's whole validation phase of synth (`validateTemplates` counter): every plugin's
   * `validate()` plus the CDK's own report building, stack-trace lookup, formatting and printing.
   */
  readonly validationPhaseMs: number;
  /** Peak resident set size of this process, MB. */
  readonly maxRssMb: number;
  /** RSS after loading modules, before building the app, MB. */
  readonly baselineRssMb: number;
  readonly synthThrew: boolean;
  readonly error?: string;
  /** Violations reported by the mode's plugin (from the CDK validation-report.json), by severity. */
  readonly findings?: Record<string, number>;
  readonly resources: SynthesizedStackCount[];
}

type Counters = Record<string, { count: number; total: number }>;

/**
 * aws-cdk-lib keeps performance counters in a global (core/lib/private/perf.js) and resets them at
 * the end of `app.synth()`. Intercept the reset so the counters of the synth can still be read.
 * Returns a function giving a deep copy of the latest counters (before the reset, if one happened).
 */
function captureCdkPerfCounters(): () => Counters {
  const state = (globalThis as Record<symbol, unknown>)[Symbol.for('@aws-cdk/core:performanceProfilingState')] as
    | { allCounters: Counters }
    | undefined;
  if (!state) return () => ({});
  let current: Counters = state.allCounters;
  let beforeReset: Counters | undefined;
  Object.defineProperty(state, 'allCounters', {
    configurable: true,
    enumerable: true,
    get: () => current,
    set: (v: Counters) => {
      if (Object.keys(current).length > 0) beforeReset = current;
      current = v;
    },
  });
  return () => {
    const latest = beforeReset ?? current;
    beforeReset = undefined;
    return JSON.parse(JSON.stringify(latest));
  };
}

function counterDelta(
  before: Counters,
  after: Counters,
): Record<string, number> {
  const delta = Object.entries(after)
    .map(([k, v]) => [k, v.total - (before[k]?.total ?? 0)] as [string, number])
    // phase:Construction / phase:Load are recorded when synth starts but measure what came before it.
    .filter(([k, ms]) => ms >= 1 && k !== 'phase:Construction' && k !== 'phase:Load')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12);
  return Object.fromEntries(delta.map(([k, ms]) => [k, Math.round(ms)]));
}

function wrapValidate(plugin: IPolicyValidationPlugin, timing: { ms: number; cpuMs: number; calls: number }): void {
  const original = plugin.validate.bind(plugin);
  plugin.validate = (context: IPolicyValidationContext): PolicyValidationPluginReport => {
    const start = performance.now();
    const cpu = process.cpuUsage();
    try {
      return original(context);
    } finally {
      timing.ms += performance.now() - start;
      const used = process.cpuUsage(cpu);
      timing.cpuMs += (used.user + used.system) / 1000;
      timing.calls += 1;
    }
  };
}

/** Count violations of one plugin in the CDK policy validation report, by severity. */
function countFindings(outdir: string, pluginName: string): Record<string, number> | undefined {
  const file = path.join(outdir, cxapi.VALIDATION_REPORT_FILE);
  if (!fs.existsSync(file)) return undefined;
  const report = JSON.parse(fs.readFileSync(file, 'utf-8'));
  const counts: Record<string, number> = {};
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) {
      x.forEach(visit);
    } else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (typeof o.pluginName === 'string' && Array.isArray(o.violations) && o.pluginName === pluginName) {
        for (const v of o.violations as Array<Record<string, unknown>>) {
          const severity = String(v.severity ?? 'unknown');
          const affected = v.violatingConstructs ?? v.violatingResources;
          const n = Array.isArray(affected) ? affected.length : 1;
          counts[severity] = (counts[severity] ?? 0) + n;
        }
        return;
      }
      Object.values(o).forEach(visit);
    }
  };
  visit(report);
  return counts;
}

function main(): void {
  const stacks = Number(process.argv[2]);
  const mode = process.argv[3] as BenchMode;
  if (!Number.isInteger(stacks) || stacks < 1 || !['plain', 'loaded', 'noop', 'readiness', 'awssolutions'].includes(mode)) {
    throw new Error(`usage: child.ts <stacks> <plain|loaded|noop|readiness|awssolutions>, got ${process.argv.slice(2).join(' ')}`);
  }
  const keepOutdir = process.env.BENCH_KEEP_OUTDIR === '1';
  const builtinValidation = process.env.BENCH_CDK_VALIDATION === '1';
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `cdk-readiness-bench-${mode}-${stacks}-`));

  // Load the plugin module before timing starts (module loading is not what we measure).
  const readinessModule: typeof Readiness | undefined = mode === 'readiness' || mode === 'loaded' ? require('cdk-readiness') : undefined;
  if (readinessModule && typeof readinessModule.ReadinessChecks !== 'function') {
    throw new Error('cdk-readiness does not export ReadinessChecks (engine not available yet)');
  }
  const baselineRssMb = process.memoryUsage().rss / 1024 / 1024;

  const check = { ms: 0, cpuMs: 0, calls: 0 };
  const builtin = { ms: 0, cpuMs: 0, calls: 0 };
  if (builtinValidation) {
    wrapValidate(CloudFormationValidatePlugin._singletonInstance(), builtin);
  }

  const t0 = performance.now();
  // Same context as `cdk synth` gives the app in every mode: the CLI turns on construct-path
  // metadata (`aws:cdk:path` on every resource), which the checks use to map resources to constructs.
  const app = new App({ outdir, builtinCloudFormationValidation: builtinValidation, context: { 'aws:cdk:enable-path-metadata': true } });
  if (mode === 'readiness') {
    // Before any stack exists: profiles are resolved per stack from the context.
    app.node.setContext('readiness:profile', 'dev');
  }
  populateApp(app, stacks);
  let plugin: IPolicyValidationPlugin | undefined;
  if (mode === 'readiness') {
    plugin = new readinessModule!.ReadinessChecks(app);
  } else if (mode === 'noop') {
    plugin = new NoopPlugin();
  } else if (mode === 'awssolutions') {
    plugin = new AwsSolutionsChecks(app);
  }
  if (plugin) {
    wrapValidate(plugin, check);
    Validations.of(app).addPlugins(plugin);
  }
  const t1 = performance.now();
  const readCdkCounters = captureCdkPerfCounters(); // the counters exist once an App was created
  const counters1 = readCdkCounters();
  const cpu1 = process.cpuUsage();

  let synthThrew = false;
  let error: string | undefined;
  // The CDK prints the validation report on stderr; that printing is part of what a user pays for.
  try {
    app.synth({ force: true });
  } catch (e) {
    synthThrew = true;
    error = String((e as Error).message ?? e).split('\n')[0].slice(0, 300);
  }
  const t2 = performance.now();
  const cpu2 = process.cpuUsage(cpu1);
  const cdkCounters = counterDelta(counters1, readCdkCounters());
  const maxRssMb = process.resourceUsage().maxRSS / 1024;

  let resources: SynthesizedStackCount[] = [];
  try {
    resources = countSynthesizedResources(new cxapi.CloudAssembly(outdir));
  } catch (e) {
    error = error ?? `counting resources: ${(e as Error).message}`;
  }
  const findings = plugin ? countFindings(outdir, plugin.name) : undefined;

  const result: ChildResult = {
    stacks,
    mode,
    constructMs: t1 - t0,
    synthMs: t2 - t1,
    checkMs: check.ms,
    checkCpuMs: check.cpuMs,
    checkCalls: check.calls,
    synthCpuMs: (cpu2.user + cpu2.system) / 1000,
    builtinValidation,
    builtinValidateMs: builtin.ms,
    cdkCounters,
    validationPhaseMs: cdkCounters.validateTemplates ?? 0,
    maxRssMb,
    baselineRssMb,
    synthThrew,
    error,
    findings,
    resources,
  };
  if (!keepOutdir) {
    fs.rmSync(outdir, { recursive: true, force: true });
  } else {
    process.stderr.write(`outdir kept: ${outdir}\n`);
  }
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
  // A failed validation sets process.exitCode = 1 in some modes; the measurement itself succeeded.
  process.exitCode = 0;
}

main();
