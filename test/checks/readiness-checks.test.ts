import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, RemovalPolicy, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ReadinessArea, ReadinessChecks, ReadinessProfile, RuleImpact, RuleSeverity } from '../../src';
import { AppIndex } from '../../src/analysis/app-index';
import * as selections from '../../src/analysis/backup-selections';
import { fail, ReadinessRule } from '../../src/checks/private/rule-kinds';
import { ALL_RULES } from '../../src/checks/rules';

const EU = { account: '111111111111', region: 'eu-west-1' };

function tmpOut(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-'));
}

/** An app with one of each kind of gap: DESTROY bucket (STA5), unwatched queue (MON1), unprotected table (BAK1). */
function gappyApp(context: Record<string, unknown> = {}, outdir = tmpOut()) {
  const app = new App({ outdir, context });
  const stack = new Stack(app, 'Workload', { env: EU });
  new s3.Bucket(stack, 'Uploads', { removalPolicy: RemovalPolicy.DESTROY });
  new sqs.Queue(stack, 'Jobs');
  new ddb.Table(stack, 'Orders', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
  return { app, stack };
}

function readReport(outdir: string) {
  return JSON.parse(fs.readFileSync(path.join(outdir, 'readiness-report.json'), 'utf-8'));
}

describe('severity and synth outcome', () => {
  test('PROD errors fail app.synth(), naming each rule', () => {
    const { app } = gappyApp({ 'readiness:profile': 'prod' });
    Validations.of(app).addPlugins(new ReadinessChecks(app));
    expect(() => app.synth()).toThrow(/Readiness-STA5[\s\S]*Readiness-BAK1|Readiness-BAK1[\s\S]*Readiness-STA5/);
    try {
      app.synth();
    } catch (e) {
      const msg = String(e);
      for (const id of ['Readiness-STA4', 'Readiness-STA5', 'Readiness-BAK1', 'Readiness-MON1']) expect(msg).toContain(id);
    }
  });

  test('DEV findings are warnings: synth succeeds and the report lists them', () => {
    const { app } = gappyApp({ 'readiness:profile': 'dev' });
    Validations.of(app).addPlugins(new ReadinessChecks(app));
    const assembly = app.synth();
    const report = readReport(assembly.directory);
    expect(report.summary.errors).toBe(0);
    expect(report.summary.warnings).toBeGreaterThan(0);
    expect(new Set(report.findings.map((f: any) => f.severity))).toEqual(new Set(['warning']));
    expect(new Set(report.findings.map((f: any) => f.ruleId))).toEqual(new Set(['Readiness-STA5', 'Readiness-BAK1', 'Readiness-MON1', 'Readiness-MON3', 'Readiness-SCL1']));
    expect(report.overall.passed).toBe(true);
  });

  test('a rule set to OFF by the profile is not evaluated at all', () => {
    const { app } = gappyApp();
    ReadinessProfile.DEV.extend('dev-no-backup', { severityOverrides: { 'Readiness-BAK1': RuleSeverity.OFF } }).applyTo(app);
    const checks = new ReadinessChecks(app);
    Validations.of(app).addPlugins(checks);
    app.synth();
    const report = checks._lastReport()!;
    expect(report.findings.map((f) => f.ruleId)).not.toContain('Readiness-BAK1');
    const bak1 = report.areas.find((a) => a.area === ReadinessArea.BACKUP)!.rules.find((r) => r.ruleId === 'Readiness-BAK1');
    expect(bak1).toMatchObject({ evaluated: 0, score: null });
  });

  test('an unknown readiness:profile fails when the checks are added, before synth', () => {
    const app = new App({ context: { 'readiness:profile': 'production' } });
    expect(() => new ReadinessChecks(app)).toThrow(/Unknown readiness profile 'production'.*Valid profiles: dev, staging, prod/);
  });

  test('an engine failure during synth is reported as an error violation, not swallowed', () => {
    const { app } = gappyApp({ 'readiness:profile': 'dev' });
    const checks = new ReadinessChecks(app);
    Validations.of(app).addPlugins(checks);
    const build = jest.spyOn(AppIndex, 'build').mockImplementation(() => {
      throw new Error('index exploded');
    });
    try {
      expect(() => app.synth()).toThrow(/Readiness-ENGINE[\s\S]*ReadinessChecks could not evaluate the app: index exploded/);
    } finally {
      build.mockRestore();
    }
  });

  test('props.profile judges every stack by one profile, whatever they declare', () => {
    const { app } = gappyApp({ 'readiness:profile': 'prod' });
    const checks = new ReadinessChecks(app, { profile: ReadinessProfile.DEV });
    Validations.of(app).addPlugins(checks);
    expect(() => app.synth()).not.toThrow();
    expect(checks._lastReport()!.profiles).toEqual(['dev']);
  });

  test('violations are grouped per rule and message, with severity, fix and metadata', () => {
    const { app } = gappyApp({ 'readiness:profile': 'prod' });
    const report = new ReadinessChecks().validateScope(app);
    expect(report.success).toBe(false);
    const sta5 = report.violations.filter((v) => v.ruleName === 'Readiness-STA5');
    expect(sta5.map((v) => v.description)).toEqual([
      expect.stringMatching(/^Readiness-STA5: DeletionPolicy is Delete/),
      expect.stringMatching(/^Readiness-STA5: UpdateReplacePolicy is Delete/),
    ]);
    expect(sta5[0]).toMatchObject({
      severity: 'error',
      fix: expect.stringContaining('RemovalPolicy.RETAIN'),
      ruleMetadata: { area: 'state', auditLine: expect.stringContaining('Task 83') },
      violatingResources: [{ constructPath: 'Workload/Uploads/Resource', locations: ['DeletionPolicy'] }],
    });
  });
});

describe('the report', () => {
  test('readiness-report.json and .md are written beside the templates, with the audit-style scorecard', () => {
    const { app } = gappyApp({ 'readiness:profile': 'dev' });
    Validations.of(app).addPlugins(new ReadinessChecks(app));
    const dir = app.synth().directory;
    const report = readReport(dir);
    expect(report).toMatchObject({ schemaVersion: 1, tool: 'cdk-readiness', profiles: ['dev'] });
    expect(report.areas.map((a: any) => a.area)).toEqual(Object.values(ReadinessArea));
    const byArea = Object.fromEntries(report.areas.map((a: any) => [a.area, a]));
    // In DEV every finding is a warning, which costs half of what an error costs.
    // STATE: STA5 judged the bucket (a warning: ½) and the table (passes: 1) → 75. STA4 does not apply in DEV.
    expect(byArea.state).toMatchObject({ score: 75, status: 'warning', warnings: 2 });
    // BACKUP: BAK1 judged the table, in no plan (a warning) → 50.
    expect(byArea.backup).toMatchObject({ score: 50 });
    expect(byArea.environments).toMatchObject({ score: 100, status: 'pass' });
    expect(byArea.security).toMatchObject({ score: null, status: 'not-assessed' });
    // Every rule that applied, weighed by its impact, makes the overall score.
    const rules = report.areas.flatMap((a: any) => a.rules).filter((r: any) => r.evaluated > 0);
    const weight: Record<string, number> = { critical: 8, high: 4, medium: 2, low: 1 };
    const credit = (r: any) => (r.passed + r.warnings / 2) / r.evaluated;
    const total = rules.reduce((sum: number, r: any) => sum + weight[r.impact], 0);
    expect(report.overall.score).toBe(Math.floor((100 * rules.reduce((sum: number, r: any) => sum + weight[r.impact] * credit(r), 0)) / total));
    expect(report.stacks).toEqual([
      expect.objectContaining({ path: 'Workload', profile: 'dev', account: EU.account, region: EU.region, templateFile: 'Workload.template.json', alarms: 0 }),
    ]);
    const md = fs.readFileSync(path.join(dir, 'readiness-report.md'), 'utf-8');
    expect(md).toContain(`**Production Readiness Score: ${report.overall.score}/100**`);
    expect(md).toMatch(/\| Backup & Recovery \| Task 87; restore audit \| 50\/100 \|/);
    expect(md).toContain('### Readiness-BAK1: Every database, table, file system, volume and data bucket is selected by an AWS Backup plan');
    expect(md).toContain('`Workload/Orders/Resource`');
  });

  test('the same app synthesized twice gives byte-identical reports (no times, no absolute paths)', () => {
    const outs = [tmpOut(), tmpOut()];
    for (const out of outs) {
      const { app } = gappyApp({ 'readiness:profile': 'dev' }, out);
      Validations.of(app).addPlugins(new ReadinessChecks(app));
      app.synth();
    }
    for (const file of ['readiness-report.json', 'readiness-report.md']) {
      const [a, b] = outs.map((o) => fs.readFileSync(path.join(o, file), 'utf-8'));
      expect(a).toEqual(b);
      expect(a).not.toContain(os.tmpdir());
    }
  });

  test('printSummary ends what synth prints with the scorecard summary: score, counts, report path, top findings by impact', () => {
    const { app } = gappyApp({ 'readiness:profile': 'dev' });
    Validations.of(app).addPlugins(new ReadinessChecks(app, { printSummary: true }));
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      app.synth();
      const out = printed.mock.calls.map((args) => args.map(String).join(' ')).join('\n');
      const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'readiness-report.json'), 'utf-8'));
      expect(report.summary.warnings).toBeGreaterThan(0);
      const summary = `SCORECARD Production Readiness Score ${report.overall.score}/100 PASS (0 errors, ${report.summary.warnings} warnings, 0 acknowledged) · ${path.join(app.outdir, 'readiness-report.md')}`;
      expect(out).toContain(summary);
      // After every finding the CDK prints.
      expect(out.indexOf(summary)).toBeGreaterThan(out.lastIndexOf('WARNING Readiness-'));
      // The rules with the highest impact first.
      expect(out).toMatch(/Top findings by impact: Readiness-BAK1 \(critical, 2\), Readiness-MON1 \(critical, 2\), Readiness-STA5 \(critical, 2\)/);
    } finally {
      printed.mockRestore();
    }
  });

  test('writeReport: false writes no files', () => {
    const { app } = gappyApp({ 'readiness:profile': 'dev' });
    Validations.of(app).addPlugins(new ReadinessChecks(app, { writeReport: false }));
    const dir = app.synth().directory;
    expect(fs.existsSync(path.join(dir, 'readiness-report.json'))).toBe(false);
  });
});

describe('acknowledgements', () => {
  test('Validations.of(x).acknowledge() removes the finding from synth and lists it with its reason', () => {
    const { app, stack } = gappyApp({ 'readiness:profile': 'dev' });
    Validations.of(stack.node.findChild('Orders')).acknowledge({ id: 'Readiness-BAK1', reason: 'Rebuilt nightly from the event log' });
    Validations.of(stack.node.findChild('Uploads')).acknowledge({ id: 'Readiness-BAK1', reason: 'Uploads are copied by the client too' });
    const checks = new ReadinessChecks(app);
    Validations.of(app).addPlugins(checks);
    app.synth();
    const report = checks._lastReport()!;
    expect(report.findings.filter((f) => f.ruleId === 'Readiness-BAK1')).toEqual([]);
    expect(report.acknowledged).toEqual([
      expect.objectContaining({
        ruleId: 'Readiness-BAK1',
        constructPath: 'Workload/Orders/Resource',
        reason: 'Rebuilt nightly from the event log',
        acknowledgedAt: 'Workload/Orders',
      }),
      expect.objectContaining({ ruleId: 'Readiness-BAK1', constructPath: 'Workload/Uploads/Resource', acknowledgedAt: 'Workload/Uploads' }),
    ]);
    // Acknowledged findings count as accepted in the score.
    expect(report.areas.find((a) => a.area === 'backup')!.score).toBe(100);
  });

  test('acknowledging errors lets a PROD synth pass; the namespaced id form works too', () => {
    const app = new App({ outdir: tmpOut(), context: { 'readiness:profile': 'prod' } });
    const stack = new Stack(app, 'S', { env: EU, terminationProtection: true });
    new s3.Bucket(stack, 'Scratch', { removalPolicy: RemovalPolicy.DESTROY });
    // Reproducible contents: no RETAIN (STA5), no backup (BAK1), no versioning (BAK8).
    for (const id of ['Readiness-STA5', 'Readiness-BAK1', 'Readiness-BAK8']) ReadinessChecks.acknowledgeRule(stack, id, 'Scratch bucket, contents are reproducible');
    const checks = new ReadinessChecks(app);
    Validations.of(app).addPlugins(checks);
    expect(() => app.synth()).not.toThrow();
    expect(checks._lastReport()!.acknowledged.map((f) => `${f.ruleId} ${f.reason}`).sort()).toEqual([
      'Readiness-BAK1 Scratch bucket, contents are reproducible',
      'Readiness-BAK8 Scratch bucket, contents are reproducible',
      'Readiness-STA5 Scratch bucket, contents are reproducible',
      'Readiness-STA5 Scratch bucket, contents are reproducible',
    ]);

    const app2 = new App({ outdir: tmpOut(), context: { 'readiness:profile': 'prod' } });
    const stack2 = new Stack(app2, 'S', { env: EU, terminationProtection: true });
    new s3.Bucket(stack2, 'Scratch', { removalPolicy: RemovalPolicy.DESTROY });
    for (const id of ['Readiness-STA5', 'Readiness-BAK1', 'Readiness-BAK8']) Validations.of(stack2).acknowledge({ id: `cdk-readiness::${id}`, reason: 'Scratch bucket' });
    Validations.of(app2).addPlugins(new ReadinessChecks(app2));
    expect(() => app2.synth()).not.toThrow();
  });

  test('acknowledgeRule rejects unknown rules and empty reasons', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => ReadinessChecks.acknowledgeRule(stack, 'Readiness-XYZ9', 'a good reason here')).toThrow(
      /unknown ruleId 'Readiness-XYZ9' on 'S'\. Known rules: Readiness-DEP1, Readiness-DEP2, .*, Readiness-STA1, Readiness-STA2, Readiness-STA3, Readiness-STA4/,
    );
    expect(() => ReadinessChecks.acknowledgeRule(stack, 'Readiness-BAK1', ' ok ')).toThrow(
      /reason for 'Readiness-BAK1' on 'S' is " ok "\. Give a real reason of at least 10 characters/,
    );
  });
});

describe('one index over the whole app', () => {
  test('sees nested Stages and several regions; a selection in one stack protects a table in another', () => {
    const app = new App({ outdir: tmpOut(), context: { 'readiness:profile': 'dev' } });
    const prod = new Stage(app, 'Prod');
    const inner = new Stage(prod, 'Eu', { env: EU });
    const data = new Stack(inner, 'Data');
    const orders = new ddb.Table(data, 'Orders', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    const ops = new Stack(inner, 'Backup');
    backup.BackupPlan.daily35DayRetention(ops, 'Plan').addSelection('Data', { resources: [backup.BackupResource.fromDynamoDbTable(orders)] });
    const us = new Stack(app, 'UsEdge', { env: { account: EU.account, region: 'us-east-1' } });
    new ddb.Table(us, 'Sessions', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    const checks = new ReadinessChecks(app);
    Validations.of(app).addPlugins(checks);
    app.synth();
    const report = checks._lastReport()!;
    expect(report.stacks.map((s) => [s.path, s.region])).toEqual([
      ['Prod/Eu/Backup', 'eu-west-1'],
      ['Prod/Eu/Data', 'eu-west-1'],
      ['UsEdge', 'us-east-1'],
    ]);
    expect(report.stacks[1].templateFile).toMatch(/^assembly-Prod\/assembly-Prod-Eu\/ProdEuData[0-9A-F]*\.template\.json$/);
    expect(report.findings.filter((f) => f.ruleId === 'Readiness-BAK1').map((f) => f.constructPath)).toEqual(['UsEdge/Sessions/Resource']);
  });

  test.each([
    ['by aws:cdk:path metadata (as the CDK CLI writes templates)', true],
    ['by logical id (templates without path metadata)', false],
  ])('maps template resources back to their constructs and acknowledgements %s', (_how, pathMetadata) => {
    const { app, stack } = gappyApp({ 'readiness:profile': 'dev', 'aws:cdk:enable-path-metadata': pathMetadata });
    Validations.of(stack.node.findChild('Jobs')).acknowledge({ id: 'Readiness-MON1', reason: 'drained by a cron, no alarm wanted' });
    const checks = new ReadinessChecks(app);
    Validations.of(app).addPlugins(checks);
    const template = JSON.stringify(app.synth().getStackByName('Workload').template);
    expect(template.includes('aws:cdk:path')).toBe(pathMetadata);
    const report = checks._lastReport()!;
    expect(report.findings.filter((f) => f.ruleId === 'Readiness-MON1').map((f) => f.constructPath)).toEqual(['Workload/Orders/Resource']);
    expect(report.acknowledged.map((f) => [f.constructPath, f.acknowledgedAt])).toEqual([['Workload/Jobs/Resource', 'Workload/Jobs']]);
  });

  test('a plugin registered on a Stage judges only that Stage\'s stacks', () => {
    const app = new App({ outdir: tmpOut(), context: { 'readiness:profile': 'dev' } });
    const stage = new Stage(app, 'Checked', { env: EU });
    new sqs.Queue(new Stack(stage, 'In'), 'Q');
    new sqs.Queue(new Stack(app, 'Out', { env: EU }), 'Q');
    const checks = new ReadinessChecks(app);
    Validations.of(stage).addPlugins(checks);
    app.synth();
    expect(checks._lastReport()!.stacks.map((s) => s.path)).toEqual(['Checked/In']);
  });

  test('the index is built once per validation, and backup selections are parsed once', () => {
    const { app, stack } = gappyApp({ 'readiness:profile': 'dev' });
    const plan = backup.BackupPlan.daily35DayRetention(stack, 'Plan');
    plan.addSelection('A', { resources: [backup.BackupResource.fromTag('a', 'b')] });
    plan.addSelection('B', { resources: [backup.BackupResource.fromTag('c', 'd')] });
    for (let i = 0; i < 5; i++) new ddb.Table(stack, `T${i}`, { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    const build = jest.spyOn(AppIndex, 'build');
    const byType = jest.spyOn(AppIndex.prototype, 'resourcesOfType');
    const selects = jest.spyOn(selections.ParsedSelection.prototype, 'selects');
    Validations.of(app).addPlugins(new ReadinessChecks(app));
    app.synth();
    expect(build).toHaveBeenCalledTimes(1);
    // BAK1 ran over 6 tables and a bucket but read the selections from the index only once...
    expect(byType.mock.calls.filter(([t]) => t === 'AWS::Backup::BackupSelection')).toHaveLength(1);
    // ...and asked each of the 2 selections at most once per data store.
    expect(selects.mock.calls.length).toBeLessThanOrEqual(14);
    jest.restoreAllMocks();
  });

  test('validateScope() judges a tree directly, without synthesized templates or files', () => {
    const { app } = gappyApp({ 'readiness:profile': 'prod' });
    const result = new ReadinessChecks().validateScope(app);
    expect(result.success).toBe(false);
    expect(new Set(result.violations.map((v) => v.ruleName))).toEqual(
      new Set(['Readiness-STA4', 'Readiness-STA5', 'Readiness-STA6', 'Readiness-BAK1', 'Readiness-BAK8', 'Readiness-MON1', 'Readiness-MON3', 'Readiness-SCL1']),
    );
  });
});

describe('app-level rules', () => {
  const appRule: ReadinessRule = {
    kind: 'app',
    id: 'Readiness-SEC9',
    area: ReadinessArea.SECURITY,
    title: 'test: the app has no queue at all',
    impact: RuleImpact.HIGH,
    auditLine: 'test',
    explanation: 'test',
    fix: 'test',
    evaluate(index) {
      const queues = index.resourcesOfType('AWS::SQS::Queue');
      return queues.length === 0 ? [] : [{ stack: index.stacks[0], result: fail(`${queues.length} queue(s) in the app`) }];
    },
  };
  class WithAppRule extends ReadinessChecks {
    protected _rules() {
      return [...ALL_RULES, appRule];
    }
  }

  test('are evaluated once on the index and reported on a stack', () => {
    const { app } = gappyApp({ 'readiness:profile': 'prod' });
    new sqs.Queue(new Stack(app, 'Another', { env: EU }), 'Q');
    const report = new WithAppRule().validateScope(app);
    expect(report.violations.filter((v) => v.ruleName === 'Readiness-SEC9')).toEqual([
      expect.objectContaining({ description: expect.stringContaining('2 queue(s) in the app'), violatingResources: [expect.objectContaining({ constructPath: 'Another' })] }),
    ]);
  });

  test('can be acknowledged on that stack like any other finding', () => {
    const { app } = gappyApp({ 'readiness:profile': 'prod' });
    const another = new Stack(app, 'Another', { env: EU });
    new sqs.Queue(another, 'Q');
    Validations.of(another).acknowledge({ id: 'Readiness-SEC9', reason: 'queues are fine here' });
    const checks = new WithAppRule();
    const report = checks.validateScope(app);
    expect(report.violations.map((v) => v.ruleName)).not.toContain('Readiness-SEC9');
    expect(checks._lastReport()!.acknowledged).toEqual([expect.objectContaining({ ruleId: 'Readiness-SEC9', reason: 'queues are fine here' })]);
  });
});

test('the rule catalog documents every rule', () => {
  const rules = ReadinessChecks.rules();
  expect(rules.map((r) => r.id)).toEqual([
    'Readiness-DEP1', 'Readiness-DEP2', 'Readiness-DEP3', 'Readiness-DEP4', 'Readiness-DEP5', 'Readiness-DEP6', 'Readiness-DEP7',
    'Readiness-DEP8', 'Readiness-DEP9', 'Readiness-DEP10', 'Readiness-DEP11',
    'Readiness-STA1', 'Readiness-STA2', 'Readiness-STA3', 'Readiness-STA4', 'Readiness-STA5', 'Readiness-STA6',
    'Readiness-ENV1',
    'Readiness-BAK1', 'Readiness-BAK2', 'Readiness-BAK3', 'Readiness-BAK4', 'Readiness-BAK5', 'Readiness-BAK6', 'Readiness-BAK7', 'Readiness-BAK8',
    'Readiness-SCL1', 'Readiness-SCL2', 'Readiness-SCL3', 'Readiness-SCL4', 'Readiness-SCL5', 'Readiness-SCL6', 'Readiness-SCL7', 'Readiness-SCL8',
    'Readiness-MON1', 'Readiness-MON2', 'Readiness-MON3', 'Readiness-MON4', 'Readiness-MON5', 'Readiness-MON6',
    'Readiness-PRF1', 'Readiness-PRF2',
    'Readiness-SEC1', 'Readiness-SEC2', 'Readiness-SEC3', 'Readiness-SEC4', 'Readiness-SEC5', 'Readiness-SEC6',
    'Readiness-DOC1', 'Readiness-DOC2',
  ]);
  for (const r of rules) {
    expect(r.title.length).toBeGreaterThan(10);
    expect(r.auditLine).toMatch(/Task \d+/);
    expect(r.explanation.length).toBeGreaterThan(40);
    expect(r.fix.length).toBeGreaterThan(20);
  }
  expect(new ReadinessChecks().ruleIds).toEqual(rules.map((r) => r.id));
});
