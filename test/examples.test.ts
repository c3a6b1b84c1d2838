// Synthesizes the example apps with the REAL CDK CLI (`cdk synth`), the way users run the checks
// in CI, and checks what the CLI prints, its exit code and the readiness report it leaves behind.
import * as fs from 'fs';
import * as path from 'path';
import { ReadinessProfile, RuleImpact } from '../src/profile';
import { removeSynthOutput, synthExample, SynthResult } from './util/cdk-cli';

/** Beyond Jest's default: a synth of an example takes 5–15 s, more on a busy CI runner. */
const SYNTH_TIMEOUT_MS = 240_000;

const RULE_ID = /\bReadiness-[A-Z]+[0-9]+\b/g;

interface ReportFinding {
  readonly ruleId: string;
  readonly severity: 'error' | 'warning';
  readonly impact: RuleImpact;
  readonly area: string;
  readonly stack: string;
  readonly constructPath: string;
  readonly logicalId: string;
  readonly message: string;
  readonly auditLine: string;
  readonly fix: string;
}

interface Report {
  readonly schemaVersion: number;
  readonly overall: { readonly score: number };
  readonly findings: ReportFinding[];
  readonly summary: { readonly errors: number; readonly warnings: number; readonly acknowledged: number };
}

/** Every readiness rule ID the CLI printed. */
function printedRuleIds(run: SynthResult): string[] {
  return [...new Set(run.output.match(RULE_ID) ?? [])].sort();
}

function reportPath(run: SynthResult, file: string): string {
  return path.join(run.outdir, file);
}

function readReport(run: SynthResult): Report {
  return JSON.parse(fs.readFileSync(reportPath(run, 'readiness-report.json'), 'utf8'));
}

function reportedRuleIds(report: Report): string[] {
  return [...new Set(report.findings.map((f) => f.ruleId))].sort();
}

/** Makes a failure message show what the CLI printed. */
function withOutput<T>(run: SynthResult, assertion: () => T): T {
  try {
    return assertion();
  } catch (e) {
    (e as Error).message += `\n\n--- cdk synth output (exit ${run.status}, ${run.durationMs} ms) ---\n${run.output}`;
    throw e;
  }
}


/** The report files exist and name exactly the rules synth printed (shared by every profile). */
function reportAgreesWithSynth(current: () => SynthResult): void {
  test('writes readiness-report.json and readiness-report.md into the cloud assembly', () => {
    const run = current();
    withOutput(run, () => {
      expect(fs.existsSync(reportPath(run, 'readiness-report.json'))).toBe(true);
      expect(fs.existsSync(reportPath(run, 'readiness-report.md'))).toBe(true);
    });
  });

  test('the report carries the monthly cost estimate, its assumptions and its Markdown section', () => {
    const run = current();
    withOutput(run, () => {
      const cost = (readReport(run) as any).cost;
      expect(cost).toMatchObject({ currency: 'USD', region: 'us-east-1' });
      expect(cost.items.length).toBeGreaterThan(0);
      expect(cost.high).toBeGreaterThanOrEqual(cost.low);
      for (const item of cost.items.filter((i: any) => i.kind === 'usage')) expect(item.assumption).toEqual(expect.any(String));
      expect(fs.readFileSync(reportPath(run, 'readiness-report.md'), 'utf8')).toContain('## Monthly cost of readiness measures');
    });
  });

  test('the report holds exactly the rules the CLI printed', () => {
    const run = current();
    withOutput(run, () => expect(reportedRuleIds(readReport(run))).toEqual(printedRuleIds(run)));
  });
}

describe('examples/before-audit (real `cdk synth`)', () => {
  const EXAMPLE = 'examples/before-audit';

  describe('-c readiness:profile=prod', () => {
    let run: SynthResult;
    beforeAll(() => {
      run = synthExample(EXAMPLE, { 'readiness:profile': 'prod' });
    }, SYNTH_TIMEOUT_MS);
    afterAll(() => removeSynthOutput(run));

    test('synth fails', () => {
      withOutput(run, () => expect(run.status).not.toBe(0));
    });

    test.each([
      ['Readiness-STA4', 'no termination protection'],
      ['Readiness-STA5', 'DynamoDB table and S3 bucket are DESTROY'],
      ['Readiness-MON1', 'resources without alarms'],
      ['Readiness-MON2', 'the CPU alarm has no action'],
      ['Readiness-MON3', 'no dashboard'],
      ['Readiness-MON4', 'no anomaly detection on the service'],
      ['Readiness-MON5', 'the task log group keeps logs forever, unencrypted'],
      ['Readiness-PRF1', 'no p99 latency alarm on the public load balancer'],
      ['Readiness-DOC1', 'the CPU alarm has no runbook'],
      ['Readiness-BAK1', 'no backup plan selects Aurora or DynamoDB'],
      ['Readiness-ENV1', 'the stack has no explicit account/region'],
      ['Readiness-SCL1', 'the service has no scaling policy'],
      ['Readiness-SCL2', 'one task, one Aurora instance'],
      ['Readiness-SCL3', 'round robin, no health check path, no access logs'],
      ['Readiness-PRF2', 'no canary on the public load balancer'],
    ])('prints %s (%s)', (ruleId) => {
      withOutput(run, () => expect(printedRuleIds(run)).toContain(ruleId));
    });

    reportAgreesWithSynth(() => run);

    test('findings have the severity PROD gives their impact (critical and high: errors) and point at the stack', () => {
      const report = readReport(run);
      expect(report.findings.length).toBeGreaterThan(0);
      for (const finding of report.findings) {
        expect({ ruleId: finding.ruleId, severity: finding.severity }).toEqual({
          ruleId: finding.ruleId,
          severity: ReadinessProfile.PROD.severityOf(finding.ruleId, finding.impact),
        });
        expect(finding.stack).toContain('BeforeAuditStack');
      }
      for (const ruleId of ['Readiness-STA4', 'Readiness-STA5', 'Readiness-MON1', 'Readiness-MON2', 'Readiness-BAK1', 'Readiness-ENV1']) {
        const severities = new Set(report.findings.filter((f) => f.ruleId === ruleId).map((f) => f.severity));
        expect({ ruleId, severities: [...severities] }).toEqual({ ruleId, severities: ['error'] });
      }
      // Medium and low impact findings are warnings: a missing dashboard, anomaly detection, tracing.
      for (const ruleId of ['Readiness-MON3', 'Readiness-MON4', 'Readiness-PRF1', 'Readiness-DOC1']) {
        const severities = new Set(report.findings.filter((f) => f.ruleId === ruleId).map((f) => f.severity));
        expect({ ruleId, severities: [...severities] }).toEqual({ ruleId, severities: ['warning'] });
      }
      expect(report.summary.errors).toBeGreaterThan(0);
    });

    test('what synth prints is grouped per rule (impact, fix once) and ends with the scorecard summary', () => {
      withOutput(run, () => {
        const blocks = run.output.match(/^(ERROR|WARNING) Readiness-[A-Z]+\d+ \[(critical|high|medium|low)\] /gm) ?? [];
        expect(blocks.length).toBe(printedRuleIds(run).length);
        expect(run.output.match(/Suggested fix: /g)?.length).toBe(blocks.length);
        const summary = run.output.indexOf('SCORECARD Production Readiness Score');
        expect(summary).toBeGreaterThan(run.output.lastIndexOf('Suggested fix: '));
        expect(run.output).toMatch(/SCORECARD Production Readiness Score \d+\/100 FAIL \(\d+ errors, \d+ warnings, 0 acknowledged\)/);
      });
    });

    test('the findings name the resources the audit would', () => {
      const report = readReport(run);
      const pathsOf = (ruleId: string) => report.findings.filter((f) => f.ruleId === ruleId).map((f) => f.constructPath);
      // STA5: the DESTROY table and bucket.
      expect(pathsOf('Readiness-STA5')).toEqual(expect.arrayContaining([
        expect.stringContaining('BeforeAuditStack/Sessions'),
        expect.stringContaining('BeforeAuditStack/Uploads'),
      ]));
      // BAK1: neither the Aurora cluster nor the table is in a backup plan.
      expect(pathsOf('Readiness-BAK1')).toEqual(expect.arrayContaining([
        expect.stringContaining('BeforeAuditStack/Database'),
        expect.stringContaining('BeforeAuditStack/Sessions'),
      ]));
      // MON2: the CPU alarm nobody wired to a topic; DOC1: nor gave a runbook.
      expect(pathsOf('Readiness-MON2')).toEqual([expect.stringContaining('BeforeAuditStack/WebCpuHigh')]);
      expect(pathsOf('Readiness-DOC1')).toEqual([expect.stringContaining('BeforeAuditStack/WebCpuHigh')]);
      // PRF1: the public load balancer has no p99 latency alarm.
      expect(pathsOf('Readiness-PRF1')).toEqual([expect.stringContaining('BeforeAuditStack/Web/LB')]);
    });

    test('writes the runbook of what it has: the CPU alarm nobody wired and nobody documented, the unrotated, unretained basics', () => {
      const md = fs.readFileSync(path.join(run.outdir, 'runbooks', 'BeforeAuditStack.md'), 'utf8');
      const cpu = md.substring(md.indexOf('<a id="alarm-beforeauditstack-webcpuhigh">'));
      expect(cpu).toContain('**First checks:** none written down: the alarm\'s description has no `Runbook:` part (rule Readiness-DOC1).');
      expect(cpu).toContain('- Notifies: **nobody**: no alarm action and no composite alarm (rule Readiness-MON2)');
      // No backup plan selects anything and no route exists: no DR or incident-response section, and DOC2 does not apply.
      expect(md).not.toContain('## Disaster recovery');
      expect(md).not.toContain('## Incident response');
      expect(readReport(run).findings.map((f) => f.ruleId)).not.toContain('Readiness-DOC2');
    });
  });

  describe('-c readiness:profile=dev', () => {
    let run: SynthResult;
    beforeAll(() => {
      run = synthExample(EXAMPLE, { 'readiness:profile': 'dev' });
    }, SYNTH_TIMEOUT_MS);
    afterAll(() => removeSynthOutput(run));

    test('synth succeeds', () => {
      withOutput(run, () => expect(run.status).toBe(0));
    });

    test('still prints the findings', () => {
      // DEV does not ask for termination protection or an explicit environment (STA4, ENV1),
      // but DESTROY data stores, backups and alarms are still reported.
      withOutput(run, () => expect(printedRuleIds(run)).toEqual(expect.arrayContaining([
        'Readiness-STA5',
        'Readiness-BAK1',
        'Readiness-MON1',
        'Readiness-MON2',
      ])));
    });

    reportAgreesWithSynth(() => run);

    test('every finding is a warning', () => {
      const report = readReport(run);
      expect(report.findings.length).toBeGreaterThan(0);
      expect([...new Set(report.findings.map((f) => f.severity))]).toEqual(['warning']);
      expect(report.summary.errors).toBe(0);
      expect(report.summary.warnings).toBeGreaterThan(0);
    });
  });

  describe('-c readiness:profile=production (unknown profile)', () => {
    let run: SynthResult;
    beforeAll(() => {
      run = synthExample(EXAMPLE, { 'readiness:profile': 'production' });
    }, SYNTH_TIMEOUT_MS);
    afterAll(() => removeSynthOutput(run));

    test('synth fails and lists the valid profile names', () => {
      withOutput(run, () => {
        expect(run.status).not.toBe(0);
        expect(run.output).toContain('production');
        // One line names every valid profile ('prod' as a word, not as part of 'production').
        const listing = run.output.split('\n').filter((line) => ['dev', 'staging', 'prod'].every((name) => new RegExp(`\\b${name}\\b`).test(line)));
        expect(listing).not.toEqual([]);
      });
    });
  });
});
