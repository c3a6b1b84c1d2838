import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, NestedStack, Stack, StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { ReadinessChecks } from '../../src';
import { renderMarkdown } from '../../src/checks/private/report';
import { renderTerminal } from '../../src/cli/report-command';
import { REPO_ROOT, removeSynthOutput, synthExample, SynthResult } from '../util/cdk-cli';
import { pathsWith, reportOf, ruleOutcome } from '../util/findings';

const EU: StackProps = { env: { account: '111111111111', region: 'eu-west-1' } };
const prodApp = () => new App({ context: { 'readiness:profile': 'prod' } });

function table(scope: Construct, id: string) {
  return new ddb.Table(scope, id, { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
}

/** Parent stack → Outer nested stack → Inner nested stack. */
function twoLevels(app: App) {
  const parent = new Stack(app, 'Parent', EU);
  const outer = new NestedStack(parent, 'Outer');
  const inner = new NestedStack(outer, 'Inner');
  return { parent, outer, inner };
}

const INNER = 'Parent/Outer/Inner';

describe('nested stacks are indexed at any depth', () => {
  test('non-compliant: a table two nested stacks deep without a backup plan is reported on its nested construct path', () => {
    const app = prodApp();
    const { inner } = twoLevels(app);
    table(inner, 'Table');
    expect(pathsWith(app, 'Readiness-BAK1')).toEqual([`${INNER}/Table/Resource`]);
    expect(ruleOutcome(app, 'Readiness-BAK1')).toMatchObject({ evaluated: 1, passed: 0 });
  });

  test('nested stacks are stacks of the report, with their resources counted and the parent environment and profile', () => {
    const app = prodApp();
    const { inner } = twoLevels(app);
    table(inner, 'Table');
    const report = reportOf(app);
    const byPath = new Map(report.stacks.map((s) => [s.path, s]));
    expect([...byPath.keys()]).toEqual(['Parent', 'Parent/Outer', INNER]);
    expect(byPath.get(INNER)).toMatchObject({
      parent: 'Parent/Outer', profile: byPath.get('Parent')?.profile, profileDeclared: byPath.get('Parent')?.profileDeclared, account: '111111111111', region: 'eu-west-1', resources: 1,
    });
    expect(byPath.get('Parent')?.parent).toBeUndefined();
    expect(report.summary.stacks).toBe(3);
    expect(report.summary.resources).toBe(report.stacks.reduce((n, s) => n + s.resources, 0));
    // Parent: the Outer stack resource; Outer: the Inner stack resource; Inner: the table.
    expect(report.stacks.map((s) => s.resources)).toEqual([1, 1, 1]);
    expect(report.notExamined).toBeUndefined();
    expect(report.summary.notExamined).toBeUndefined();
  });

  test('compliant: a nested table selected by a backup plan in its nested stack passes', () => {
    const app = prodApp();
    const { inner } = twoLevels(app);
    const t = table(inner, 'Table');
    backup.BackupPlan.daily35DayRetention(inner, 'Plan').addSelection('Tables', { resources: [backup.BackupResource.fromDynamoDbTable(t)] });
    expect(pathsWith(app, 'Readiness-BAK1')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-BAK1')).toMatchObject({ evaluated: 1, passed: 1 });
  });

  test('acknowledged in the nested stack: the finding moves to the acknowledged list with its reason', () => {
    const app = prodApp();
    const { inner } = twoLevels(app);
    table(inner, 'Table');
    ReadinessChecks.acknowledgeRule(inner, 'Readiness-BAK1', 'Cache table, rebuilt from the source of truth');
    expect(pathsWith(app, 'Readiness-BAK1')).toEqual([]);
    expect(reportOf(app).acknowledged.filter((f) => f.ruleId === 'Readiness-BAK1')).toEqual([
      expect.objectContaining({ constructPath: `${INNER}/Table/Resource`, acknowledgedAt: INNER, reason: 'Cache table, rebuilt from the source of truth' }),
    ]);
  });

  test('acknowledgements made on the parent stack reach resources of its nested stacks', () => {
    const app = prodApp();
    const { parent, inner } = twoLevels(app);
    table(inner, 'Table');
    ReadinessChecks.acknowledgeRule(parent, 'Readiness-BAK1', 'Whole stack holds disposable test data');
    expect(pathsWith(app, 'Readiness-BAK1')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-BAK1')).toMatchObject({ acknowledged: 1 });
  });

  test('a nested stack parameter that refers to the parent does not break the checks', () => {
    const app = prodApp();
    const { parent, inner } = twoLevels(app);
    const parentTable = table(parent, 'ParentTable');
    const t = table(inner, 'Table');
    t.node.addDependency(parentTable);
    new CfnResource(inner, 'Uses', { type: 'AWS::SSM::Parameter', properties: { Type: 'String', Value: parentTable.tableName } });
    expect(pathsWith(app, 'Readiness-BAK1').sort()).toEqual([`${INNER}/Table/Resource`, 'Parent/ParentTable/Resource']);
  });

  test('termination protection is judged on the top-level stack only: a nested stack is deleted with its parent', () => {
    const app = prodApp();
    const { inner } = twoLevels(app);
    table(inner, 'Table');
    expect(pathsWith(app, 'Readiness-STA4')).toEqual(['Parent']);
    expect(ruleOutcome(app, 'Readiness-STA4')).toMatchObject({ evaluated: 1, passed: 0 });
  });

  test('validateScope (templates rendered from the tree) sees nested stacks too', () => {
    const app = prodApp();
    const { inner } = twoLevels(app);
    table(inner, 'Table');
    const report = new ReadinessChecks(app).validateScope(app);
    const bak1 = report.violations.find((v) => v.ruleName === 'Readiness-BAK1');
    expect(bak1?.violatingResources.map((r) => r.constructPath)).toEqual([`${INNER}/Table/Resource`]);
  });
});

describe('what cannot be read is listed as not examined', () => {
  test('a CfnStack with a TemplateURL, a SAM application, a module and a Transform are listed with counts', () => {
    const app = prodApp();
    const stack = new Stack(app, 'Legacy', EU);
    new CfnResource(stack, 'Remote', { type: 'AWS::CloudFormation::Stack', properties: { TemplateURL: 'https://s3.amazonaws.com/bucket/legacy.json' } });
    new CfnResource(stack, 'Sar', {
      type: 'AWS::Serverless::Application',
      properties: { Location: { ApplicationId: 'arn:aws:serverlessrepo:us-east-1:123456789012:applications/demo', SemanticVersion: '1.0.0' } },
    });
    new CfnResource(stack, 'Mod', { type: 'Acme::Storage::Bucket::MODULE' });
    stack.addTransform('AWS::Serverless-2016-10-31');
    const report = reportOf(app);
    expect(report.notExamined?.map(({ path: p, type }) => [p, type])).toEqual([
      ['Legacy', 'AWS::Serverless-2016-10-31'],
      ['Legacy/Mod', 'Acme::Storage::Bucket::MODULE'],
      ['Legacy/Remote', 'AWS::CloudFormation::Stack'],
      ['Legacy/Sar', 'AWS::Serverless::Application'],
    ]);
    expect(report.notExamined?.every((n) => n.reason.length > 20)).toBe(true);
    expect(report.summary.notExamined).toBe(4);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('0 acknowledged, 4 not examined');
    expect(markdown).toContain('| `Legacy/Sar` | `AWS::Serverless::Application` |');
    const terminal = renderTerminal(report, 'cdk.out/readiness-report.json');
    expect(terminal).toContain('acknowledged, 4 not examined');
    expect(terminal).toMatch(/AWS::CloudFormation::Stack\s+Legacy\/Remote: /);
  });

  test('a report with nothing unexamined keeps its Markdown and terminal output free of the section', () => {
    const app = prodApp();
    table(new Stack(app, 'Plain', EU), 'Table');
    const report = reportOf(app);
    expect(report.notExamined).toBeUndefined();
    expect(renderMarkdown(report)).not.toMatch(/not examined|Not examined/);
    expect(renderTerminal(report, 'cdk.out/readiness-report.json')).not.toMatch(/not examined|Not examined/);
  });

  test('the stack resource of an indexed NestedStack is examined, not listed', () => {
    const app = prodApp();
    const { inner } = twoLevels(app);
    table(inner, 'Table');
    expect(reportOf(app).notExamined).toBeUndefined();
  });
});

describe('real CLI synth of a nested-stack app', () => {
  let run: SynthResult;
  beforeAll(() => {
    const app = `npx ts-node --transpile-only --project ${path.join('test', 'tsconfig.json')} ${path.join('test', 'checks', 'apps', 'nested-stack-app.ts')}`;
    run = synthExample(REPO_ROOT, { 'readiness:profile': 'prod' }, { app });
  }, 240_000);
  afterAll(() => removeSynthOutput(run));

  test('reads the nested templates from the assembly, reports on nested paths and lists what it could not read', () => {
    const report = JSON.parse(fs.readFileSync(path.join(run.outdir, 'readiness-report.json'), 'utf-8'));
    const innerPath = 'Parent/Outer/Inner';
    const inner = report.stacks.find((s: any) => s.path === innerPath);
    expect(inner).toMatchObject({ resources: 1, parent: 'Parent/Outer' });
    expect(fs.existsSync(path.join(run.outdir, inner.templateFile))).toBe(true);
    expect(inner.templateFile).toMatch(/\.nested\.template\.json$/);
    expect(report.findings.filter((f: any) => f.ruleId === 'Readiness-BAK1').map((f: any) => [f.constructPath, f.templateFile]))
      .toEqual([[`${innerPath}/Table/Resource`, inner.templateFile]]);
    expect(report.notExamined).toEqual([expect.objectContaining({ path: 'Parent/Sar', type: 'AWS::Serverless::Application' })]);
    expect(report.summary.notExamined).toBe(1);
    expect(fs.readFileSync(path.join(run.outdir, 'readiness-report.md'), 'utf-8')).toContain('## Not examined');
    expect(run.output).toMatch(/SCORECARD Production Readiness Score .*, 1 not examined\)/);
  });
});

describe('a stack and its nested stacks share a dashboard (Readiness-MON3)', () => {
  test('compliant: a dashboard in the parent stack covers the table of its nested stack', () => {
    const app = prodApp();
    const { parent, inner } = twoLevels(app);
    table(inner, 'Table');
    new cloudwatch.Dashboard(parent, 'Dashboard', { widgets: [[new cloudwatch.TextWidget({ markdown: 'ops' })]] });
    expect(pathsWith(app, 'Readiness-MON3')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-MON3')).toMatchObject({ passed: 1 });
  });

  test('non-compliant: without a dashboard in the family, the nested stack with the table is reported', () => {
    const app = prodApp();
    table(twoLevels(app).inner, 'Table');
    expect(pathsWith(app, 'Readiness-MON3')).toEqual([INNER]);
  });
});
