// docs/readiness-checks.md: its samples, run.
import * as fs from 'fs';
import * as path from 'path';
import { App, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ReadinessChecks, ReadinessTesting } from 'cdk-readiness';
import { DOCS_DIR } from './doc-samples';
import * as readinessChecksApp from './samples/readiness-checks-app';
import * as readinessChecksStages from './samples/readiness-checks-stages';
import { main } from '../../src/cli/main';

const GUIDE = fs.readFileSync(path.join(DOCS_DIR, 'readiness-checks.md'), 'utf-8');

function synthFailure(app: App): string {
  try {
    app.synth();
  } catch (e) {
    return String(e);
  }
  throw new Error('synth passed');
}

describe('the minimal app', () => {
  const { app } = readinessChecksApp;
  let failure: string;
  beforeAll(() => {
    failure = synthFailure(app);
  });

  test('fails synth under the PROD profile assumed when none is declared, naming each rule', () => {
    for (const id of ['Readiness-ENV1', 'Readiness-STA4', 'Readiness-BAK1', 'Readiness-MON1']) expect(failure).toContain(`ERROR ${id} [`);
    // A missing dashboard is low impact: a warning, even in PROD.
    expect(failure).toContain('WARNING Readiness-MON3 [low]');
  });

  test('writes the report files into the cloud assembly even when synth fails', () => {
    for (const f of ['readiness-report.json', 'readiness-report.md', 'readiness-report.sarif', 'readiness-scores.svg']) {
      expect(fs.existsSync(path.join(app.outdir, f))).toBe(true);
    }
  });

  test('`cdk-readiness report` prints what the guide shows', () => {
    let out = '';
    expect(main(['report', app.outdir, '--fail-on-error'], (s) => (out += s))).toBe(1);
    const shown = out.split(app.outdir).join('cdk.out');
    expect(GUIDE).toContain('```text\n$ npx cdk-readiness report cdk.out' + shown + '```');
  });
});

test('the staged app passes: STAGING and a PROD extension, each Stage judged by its own profile', () => {
  const { app } = readinessChecksStages;
  app.synth();
  const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'readiness-report.json'), 'utf-8'));
  expect(report.profiles).toEqual(['prod-eu', 'staging']);
  expect(report.stacks.map((s: any) => [s.path, s.profile])).toEqual([['Prod/Data', 'prod-eu'], ['Staging/Data', 'staging']]);
  expect(report.summary).toMatchObject({ errors: 0, warnings: 0, stacks: 2 });
});

test('acknowledgements: the findings leave synth and the report lists each with its reason', () => {
  const app = new App({ context: { 'readiness:profile': 'prod' } });
  const env = { account: '111111111111', region: 'eu-west-1' };
  const stack = new Stack(app, 'Tools', { env, terminationProtection: true });
  const scratch = new s3.Bucket(stack, 'Scratch', { removalPolicy: RemovalPolicy.DESTROY });
  const legacyStack = new Stack(app, 'Legacy', { env, terminationProtection: true });
  new dynamodb.CfnTable(legacyStack, 'Sessions', {
    keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
    attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
    billingMode: 'PAY_PER_REQUEST',
  }).applyRemovalPolicy(RemovalPolicy.RETAIN);

  // sample: readiness-checks/acknowledge
  // One finding, on one construct and everything below it:
  Validations.of(scratch).acknowledge({ id: 'Readiness-STA5', reason: 'Scratch files, rebuilt by every CI run' });
  // Checked (the rule id must exist, the reason must say something), for a whole stack:
  ReadinessChecks.acknowledgeRule(legacyStack, 'Readiness-BAK1', 'Backed up by the platform team\'s organization-wide plan');
  // end-sample

  const open = ReadinessTesting.findings(app).map((f) => `${f.ruleId} ${f.constructPath}`);
  expect(open).not.toContain('Readiness-STA5 Tools/Scratch/Resource');
  expect(open).not.toContain('Readiness-BAK1 Legacy/Sessions');
  expect(open).toContain('Readiness-MON1 Legacy/Sessions'); // only BAK1 was acknowledged
  const checks = new ReadinessChecks(undefined, { printSummary: false });
  checks.validateScope(app);
  expect(checks._lastReport()!.acknowledged.map((f) => [f.ruleId, f.constructPath, f.reason, f.acknowledgedAt])).toEqual([
    ['Readiness-BAK1', 'Legacy/Sessions', 'Backed up by the platform team\'s organization-wide plan', 'Legacy'],
    ['Readiness-STA5', 'Tools/Scratch/Resource', 'Scratch files, rebuilt by every CI run', 'Tools/Scratch'],
    ['Readiness-STA5', 'Tools/Scratch/Resource', 'Scratch files, rebuilt by every CI run', 'Tools/Scratch'],
  ]);
});
