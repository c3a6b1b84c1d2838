import { App, Validations } from 'aws-cdk-lib';
import { ReadinessChecks, ReadinessChecksProps } from '../../src';

/** Plain view of a finding for assertions. */
export interface SimpleFinding {
  readonly ruleId: string;
  readonly severity: string;
  readonly constructPath: string;
  readonly message: string;
  readonly reason?: string;
}

const reports = new WeakMap<App, ReturnType<ReadinessChecks['_lastReport']>>();

/**
 * Synthesize the app with ReadinessChecks (the real path: the CDK calls the plugin with the
 * synthesized templates) and return the report data; a failing synth is expected and ignored.
 * Cached per app, so several assertions on one app synthesize it once.
 */
export function reportOf(app: App, props: ReadinessChecksProps = {}) {
  let report = reports.get(app);
  if (!report) {
    const checks = new ReadinessChecks(app, props);
    Validations.of(app).addPlugins(checks);
    try {
      app.synth();
    } catch (e) {
      if (!/Validation ?Failed|Validation failed/i.test(String(e))) throw e;
    }
    report = checks._lastReport();
    if (!report) throw new Error('ReadinessChecks did not run');
    reports.set(app, report);
  }
  return report;
}

/** Open findings of one rule, as plain data. */
export function findingsOf(app: App, ruleId: string, props: ReadinessChecksProps = {}): SimpleFinding[] {
  return reportOf(app, props).findings
    .filter((f) => f.ruleId === ruleId)
    .map(({ severity, constructPath, message }) => ({ ruleId, severity, constructPath, message }));
}

/** Construct paths with an open finding of one rule. */
export function pathsWith(app: App, ruleId: string, props: ReadinessChecksProps = {}): string[] {
  return [...new Set(findingsOf(app, ruleId, props).map((f) => f.constructPath))];
}

/** The outcome counters of one rule. */
export function ruleOutcome(app: App, ruleId: string, props: ReadinessChecksProps = {}) {
  for (const area of reportOf(app, props).areas) {
    const rule = area.rules.find((r) => r.ruleId === ruleId);
    if (rule) return rule;
  }
  throw new Error(`rule ${ruleId} not in report`);
}

/**
 * What `ReadinessChecks` (with `printSummary`) hands the CDK during a real `app.synth()`: the
 * grouped violations it prints, the scorecard summary last. A failing validation is expected
 * (PROD errors); the CDK's own printing is silenced.
 */
export function pluginReportOf(app: App): ReturnType<ReadinessChecks['validate']> {
  const checks = new ReadinessChecks(app, { printSummary: true });
  Validations.of(app).addPlugins(checks);
  const validate = checks.validate.bind(checks);
  let captured: ReturnType<ReadinessChecks['validate']> | undefined;
  const spy = jest.spyOn(checks, 'validate').mockImplementation((context) => (captured = validate(context)));
  const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    app.synth();
  } catch (e) {
    if (!/Validation ?Failed/i.test(String(e))) throw e;
  } finally {
    printed.mockRestore();
    spy.mockRestore();
  }
  if (!captured) throw new Error('ReadinessChecks.validate was not called during synth');
  return captured;
}
