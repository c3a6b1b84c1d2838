// The real-app suite's one harness: synthesize an app the way `cdk synth` does (in process, the
// plugin added by the app itself), read the readiness-report.json it leaves in the assembly, and
// compare its findings with the app's expected list. See test/apps/README.md.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import type { ReadinessReportData } from '../../src/checks/private/report';

/** One finding as the suite names it: the rule and the construct path it is reported on. */
export type Finding = readonly [ruleId: string, constructPath: string];

/** A finding that is not what a careful reviewer would say; the reason says why. */
export interface JudgedFinding {
  readonly finding: Finding;
  readonly why: string;
}

export interface AppExpectation {
  /** Every finding the app gets today that is right, sorted (`[ruleId, constructPath]`, repeated when reported twice). */
  readonly findings: readonly Finding[];
  /** Reported today, but wrong (a false positive): asserted present so a fix shows up here too. */
  readonly knownWrong?: readonly JudgedFinding[];
  /** Not reported today, but should be (a miss): asserted absent, so a fix fails the test and moves it into `findings`. */
  readonly knownMissing?: readonly JudgedFinding[];
  /** The total number of findings in the report (= findings + knownWrong). */
  readonly total: number;
}

/** readiness-report.json as ReadinessChecks writes it (the type its writer uses, so the suite cannot drift from it). */
export type AppReport = ReadinessReportData;

/** `READINESS_APPS_PRINT=1 npx jest --coverage=false test/apps` prints every app's actual list, ready to paste. */
export const PRINT = !!process.env.READINESS_APPS_PRINT;

/**
 * Synthesize the app (a PROD validation failure is what `cdk synth` reports as exit 1, expected here)
 * and return the report the plugin wrote into the cloud assembly. The assembly is removed afterwards.
 */
export function synthReport(app: App): AppReport {
  // The CDK prints the validation report (warnings included) on stderr: the suite reads the JSON instead.
  const print = console.error;
  console.error = () => undefined;
  try {
    try {
      app.synth();
    } catch (e) {
      if (!/Validation ?Failed|Validation failed/i.test(String(e))) throw e;
    } finally {
      console.error = print;
    }
    const file = path.join(app.outdir, 'readiness-report.json');
    if (!fs.existsSync(file)) throw new Error(`ReadinessChecks wrote no report in ${app.outdir}: is the plugin added to the app?`);
    return JSON.parse(fs.readFileSync(file, 'utf8')) as AppReport;
  } finally {
    fs.rmSync(app.outdir, { recursive: true, force: true });
  }
}

const key = (f: Finding) => `${f[0]} ${f[1]}`;
const byKey = (a: Finding, b: Finding) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/** The report's findings as `[ruleId, constructPath]`, sorted, one entry per finding. */
export function actualFindings(report: AppReport): Finding[] {
  return report.findings.map((f): Finding => [f.ruleId, f.constructPath]).sort(byKey);
}

/** The actual list as the TypeScript an expectation holds (what PRINT shows and a failure quotes). */
export function renderExpectation(findings: readonly Finding[]): string {
  return [
    '  findings: [',
    ...findings.map((f) => `    ['${f[0]}', '${f[1]}'],`),
    '  ],',
    `  total: ${findings.length},`,
  ].join('\n');
}

/** Multiset difference: entries of `a` not matched in `b`. */
function minus(a: readonly Finding[], b: readonly Finding[]): Finding[] {
  const left = new Map<string, number>();
  for (const f of b) left.set(key(f), (left.get(key(f)) ?? 0) + 1);
  return a.filter((f) => {
    const n = left.get(key(f)) ?? 0;
    if (n > 0) {
      left.set(key(f), n - 1);
      return false;
    }
    return true;
  });
}

/**
 * Compare the report with the expectation and throw one readable error naming what is new
 * (noise, or a new rule's finding to review) and what is gone (a missed gap, or a deliberate fix).
 */
export function checkFindings(name: string, report: AppReport, expected: AppExpectation): void {
  const actual = actualFindings(report);
  if (PRINT) {
    // eslint-disable-next-line no-console
    const messages = [...report.findings].sort((a, b) => byKey([a.ruleId, a.constructPath], [b.ruleId, b.constructPath]))
      .map((f) => `    // ${f.ruleId} ${f.severity} ${f.constructPath}: ${f.message}`);
    console.log(`test/apps: ${name} (${report.summary.errors} errors, ${report.summary.warnings} warnings)\n${renderExpectation(actual)}\n  messages, for review:\n${messages.join('\n')}`);
  }
  const wrong = (expected.knownWrong ?? []).map((w) => w.finding);
  const wanted = [...expected.findings, ...wrong].sort(byKey);
  const problems: string[] = [];
  const added = minus(actual, wanted);
  const gone = minus(wanted, actual);
  if (added.length) problems.push(`reported but not expected (new noise, or a new rule to review):\n${added.map((f) => `    ['${f[0]}', '${f[1]}'],`).join('\n')}`);
  const goneWrong = gone.filter((f) => wrong.some((w) => key(w) === key(f)));
  const goneRight = gone.filter((f) => !goneWrong.includes(f));
  if (goneRight.length) problems.push(`expected but not reported (a missed gap, or a deliberate change):\n${goneRight.map((f) => `    ['${f[0]}', '${f[1]}'],`).join('\n')}`);
  if (goneWrong.length) problems.push(`known-wrong findings no longer reported (fixed? remove them from knownWrong and the README):\n${goneWrong.map((f) => `    ['${f[0]}', '${f[1]}'],`).join('\n')}`);
  const nowFound = (expected.knownMissing ?? []).filter((m) => actual.some((f) => key(f) === key(m.finding)));
  if (nowFound.length) problems.push(`known misses now reported (fixed? move them into findings and out of the README):\n${nowFound.map((m) => `    ['${m.finding[0]}', '${m.finding[1]}'],`).join('\n')}`);
  if (expected.total !== wanted.length) problems.push(`the expectation's total (${expected.total}) is not findings + knownWrong (${wanted.length})`);
  if (report.findings.length !== expected.total) problems.push(`total: ${report.findings.length} findings reported, ${expected.total} expected`);
  if (problems.length) {
    throw new Error(`${name}: the findings changed.\n\n${problems.join('\n\n')}\n\nThe whole actual list (review each line before pasting):\n${renderExpectation(actual)}`);
  }
}
