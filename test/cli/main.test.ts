import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ReadinessChecks, ServiceMonitoring } from '../../src';
import { main } from '../../src/cli/main';

function synthReport(profile: string, acknowledge = false): string {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cli-')), context: { 'readiness:profile': profile } });
  const stack = new Stack(app, 'Api', { env: { account: '111111111111', region: 'eu-west-1' }, terminationProtection: true });
  new s3.Bucket(stack, 'Scratch', { removalPolicy: RemovalPolicy.DESTROY });
  // Scratch data: no RETAIN (STA5), no backup (BAK1), no versioning (BAK8).
  if (acknowledge) for (const id of ['Readiness-STA5', 'Readiness-BAK1', 'Readiness-BAK8']) ReadinessChecks.acknowledgeRule(stack, id, 'scratch data, rebuilt by the nightly job');
  Validations.of(app).addPlugins(new ReadinessChecks(app));
  try {
    app.synth();
  } catch (e) {
    // Error findings fail synth; the report is written before that.
    expect(String(e)).toContain('Readiness-STA5');
  }
  return app.outdir;
}

function run(argv: string[]): { code: number; out: string } {
  let out = '';
  const code = main(argv, (s) => (out += s)) as number;
  return { code, out };
}

describe('cdk-readiness report', () => {
  const devDir = synthReport('dev');

  test('prints the score, the area breakdown and each finding', () => {
    const { code, out } = run(['report', devDir]);
    expect(code).toBe(0);
    expect(out).toMatch(/Production Readiness Score: \d+\/100 {2}PASS/);
    // STA5 (critical) fails on the one bucket with two warnings: a warning earns half of a pass.
    expect(out).toMatch(/Infrastructure as Code\s+50\/100\s+WARN\s+0\s+2/);
    expect(out).toMatch(/Security & Compliance\s+not assessed/);
    // Findings per rule, the highest impact first, right under the score.
    expect(out).toMatch(/Findings, highest impact first:\n\s+CRITICAL\s+Readiness-BAK1[^\n]*\n[^\n]*\n\s+CRITICAL\s+Readiness-STA5\s+2 warning\(s\): Stateful resources[^\n]*\n\s+Api\/Scratch\/Resource: DeletionPolicy is Delete/);
    expect(out.indexOf('Findings, highest impact first')).toBeLessThan(out.indexOf('Infrastructure as Code'));
    expect(out).toContain(path.join(devDir, 'readiness-report.md'));
  });

  test('lists each stack with its resources and alarms (alarms cost money: the count keeps them in view)', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cli-')), context: { 'readiness:profile': 'dev' } });
    const stack = new Stack(app, 'Jobs', { env: { account: '111111111111', region: 'eu-west-1' } });
    new ServiceMonitoring(stack, 'Monitoring').monitor(new sqs.Queue(stack, 'Queue'));
    Validations.of(app).addPlugins(new ReadinessChecks(app));
    app.synth();
    const { out } = run(['report', app.outdir]);
    expect(out).toMatch(/\n {2}Stack\s+Resources\s+Alarms\n {2}Jobs\s+\d+\s+3\n/);
  });

  test('--json prints the report data; a report file path works as well as a directory', () => {
    const { code, out } = run(['report', path.join(devDir, 'readiness-report.json'), '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ tool: 'cdk-readiness', summary: { warnings: 3, errors: 0 } });
  });

  test('--fail-on-error exits 1 for a report with errors, 0 without', () => {
    const prodDir = synthReport('staging');
    expect(run(['report', prodDir, '--fail-on-error']).code).toBe(1);
    expect(run(['report', devDir, '--fail-on-error']).code).toBe(0);
  });

  test('lists acknowledged findings with their reasons', () => {
    const { out } = run(['report', synthReport('prod', true)]);
    expect(out).toMatch(/Acknowledged:\n[\s\S]*Readiness-STA5\s+Api\/Scratch\/Resource: scratch data, rebuilt by the nightly job/);
  });

  test('a directory without a report is a clear error', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-empty-'));
    expect(() => run(['report', empty])).toThrow(/No readiness report at '.*readiness-report\.json'\. Run `cdk synth` on an app that registers ReadinessChecks/);
  });

  test('a JSON file that is not ours is rejected', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-other-')), 'x.json');
    fs.writeFileSync(file, '{"tool":"other"}');
    expect(() => run(['report', file])).toThrow(/is not a cdk-readiness report/);
  });

  test('unknown commands and options print usage and exit 2; help exits 0', () => {
    expect(run(['frobnicate'])).toEqual({ code: 2, out: expect.stringContaining("Unknown command 'frobnicate'") });
    expect(run(['report', devDir, '--yaml'])).toEqual({ code: 2, out: expect.stringContaining('Unknown option(s) for report: --yaml') });
    expect(run(['--help'])).toEqual({ code: 0, out: expect.stringContaining('Usage: cdk-readiness <command>') });
    expect(run([]).code).toBe(2);
  });
});
