// Custom rules through the public API: evaluated with the built-ins in one pass over the same
// index, severity from the profile, acknowledgements, scoring, report and SARIF, bad input.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { App, CfnOutput, Duration, Stack, Tags, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  IReadinessRule,
  ReadinessArea,
  ReadinessChecks,
  ReadinessProfile,
  ReadinessTesting,
  RuleContext,
  RuleInfo,
  RuleSeverity,
  RuleSubject,
  RuleTarget,
  RuleVerdict,
} from '../../src';
import { AppIndex } from '../../src/analysis/app-index';
import { reportOf } from '../util/findings';

const EU = { account: '111111111111', region: 'eu-west-1' };
const SARIF_SCHEMA = path.join(path.dirname(require.resolve('@microsoft/sarif-multitool-linux/package.json')), 'sarif-2.1.0.json');

/** A resource rule: buckets tagged as holding user uploads are versioned with Object Lock. */
const UPLOADS: IReadinessRule = {
  info: {
    id: 'Acme-UPL1',
    area: ReadinessArea.BACKUP,
    title: 'Buckets of user uploads are versioned and object-locked',
    auditLine: 'Acme data policy DP-7: "user content can be recovered after deletion"',
    explanation: 'Uploads exist nowhere else: a deleted or overwritten object is lost for good.',
    fix: 'Set `versioned: true` and `objectLockEnabled: true` with a default retention on the bucket.',
  },
  target: RuleTarget.resourcesOfType('AWS::S3::Bucket'),
  evaluate(subject: RuleSubject, context: RuleContext): RuleVerdict {
    const bucket = subject.resource!;
    if (bucket.tags['data-class'] !== 'user-uploads') return RuleVerdict.notApplicable();
    const failures = [];
    if (bucket.properties.VersioningConfiguration?.Status !== 'Enabled') {
      failures.push({ message: 'Bucket is not versioned', location: 'Properties/VersioningConfiguration' });
    }
    const days = bucket.properties.ObjectLockConfiguration?.Rule?.DefaultRetention?.Days;
    if (bucket.properties.ObjectLockEnabled !== true) {
      failures.push({ message: 'Bucket has no Object Lock', location: 'Properties/ObjectLockEnabled' });
    } else if (!(days >= context.profile.minBackupRetentionDays)) {
      failures.push({ message: `Default retention ${days ?? 'none'} is below ${context.profile.minBackupRetentionDays} days (profile '${context.profile.name}')` });
    }
    return RuleVerdict.failAll(failures);
  },
};

/** A stack rule: data residency, stacks deploy to approved regions only. */
const RESIDENCY: IReadinessRule = {
  info: {
    id: 'Acme-RES1',
    area: ReadinessArea.ENVIRONMENTS,
    title: 'Stacks deploy to approved EU regions only',
    auditLine: 'Acme data policy DP-2: "customer data stays in the EU"',
    explanation: 'A stack elsewhere may store customer data outside the EU.',
    fix: 'Deploy the stack to eu-west-1 or eu-central-1.',
  },
  target: RuleTarget.stacks(),
  evaluate(subject) {
    const region = subject.stack.region;
    if (region === undefined) return RuleVerdict.fail('Stack is environment-agnostic: its region is unknown', 'Environment');
    return ['eu-west-1', 'eu-central-1'].includes(region) ? RuleVerdict.compliant() : RuleVerdict.fail(`Stack deploys to ${region}`, 'Environment');
  },
};

function tmpOut(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-custom-'));
}

/** Two upload buckets (one compliant), one other bucket, stacks in an approved and another region. */
function uploadsApp(context: Record<string, unknown> = { 'readiness:profile': 'prod' }) {
  const app = new App({ outdir: tmpOut(), context });
  const eu = new Stack(app, 'Eu', { env: EU, terminationProtection: true });
  const good = new s3.Bucket(eu, 'GoodUploads', {
    versioned: true,
    objectLockEnabled: true,
    objectLockDefaultRetention: s3.ObjectLockRetention.governance(Duration.days(35)),
  });
  const bad = new s3.Bucket(eu, 'BadUploads');
  for (const b of [good, bad]) Tags.of(b).add('data-class', 'user-uploads');
  new s3.Bucket(eu, 'Logs');
  const us = new Stack(app, 'Us', { env: { account: EU.account, region: 'us-east-1' }, terminationProtection: true });
  return { app, eu, us, good, bad };
}

const custom = (report: ReturnType<typeof reportOf>, id: string) => ({
  findings: report.findings
    .filter((f) => f.ruleId === id)
    .map((f) => ({ severity: f.severity, constructPath: f.constructPath, message: f.message, location: f.location })),
  acknowledged: report.acknowledged.filter((f) => f.ruleId === id).map((f) => ({ constructPath: f.constructPath, reason: f.reason })),
});

describe('a custom resource rule', () => {
  test('judges every resource of its type: non-compliant ones are findings, the rest pass or do not apply', () => {
    const { app } = uploadsApp();
    const report = reportOf(app, { rules: [UPLOADS, RESIDENCY] });
    expect(custom(report, 'Acme-UPL1').findings).toEqual([
      { severity: 'error', constructPath: 'Eu/BadUploads/Resource', message: 'Bucket has no Object Lock', location: 'Properties/ObjectLockEnabled' },
      { severity: 'error', constructPath: 'Eu/BadUploads/Resource', message: 'Bucket is not versioned', location: 'Properties/VersioningConfiguration' },
    ]);
    const backup = report.areas.find((a) => a.area === ReadinessArea.BACKUP)!;
    // The Logs bucket is not applicable: 2 evaluated, 1 passed, scored in the Backup area.
    expect(backup.rules.find((r) => r.ruleId === 'Acme-UPL1')).toEqual({
      ruleId: 'Acme-UPL1', title: UPLOADS.info.title, impact: 'high', evaluated: 2, passed: 1, findings: 1, warnings: 0, acknowledged: 0, score: 50,
    });
  });

  test('reads the profile of the subject\'s stack: a retention below the profile minimum fails', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    const stack = new Stack(app, 'S', { env: EU });
    const b = new s3.Bucket(stack, 'Short', { versioned: true, objectLockEnabled: true, objectLockDefaultRetention: s3.ObjectLockRetention.governance(Duration.days(7)) });
    Tags.of(b).add('data-class', 'user-uploads');
    expect(custom(reportOf(app, { rules: [UPLOADS] }), 'Acme-UPL1').findings.map((f) => f.message)).toEqual([
      'Default retention 7 is below 35 days (profile \'prod\')',
    ]);
    const dev = new App({ context: { 'readiness:profile': 'dev' } });
    const devBucket = new s3.Bucket(new Stack(dev, 'S', { env: EU }), 'Short', { versioned: true, objectLockEnabled: true, objectLockDefaultRetention: s3.ObjectLockRetention.governance(Duration.days(7)) });
    Tags.of(devBucket).add('data-class', 'user-uploads');
    expect(custom(reportOf(dev, { rules: [UPLOADS] }), 'Acme-UPL1').findings).toEqual([]);
  });

  test('its errors fail synth like the built-ins, its DEV findings are warnings', () => {
    const { app } = uploadsApp();
    Validations.of(app).addPlugins(new ReadinessChecks(app, { rules: [UPLOADS], printSummary: false }));
    // Printed once per rule (impact, title, count), then each path with its source line and message.
    expect(() => app.synth()).toThrow(/Acme-UPL1 \[high\] Buckets of user uploads are versioned and object-locked: 2 findings\n\s+- Eu\/BadUploads\/Resource \([^)]*custom-rules\.test\.ts:\d+\): Bucket has no Object Lock/);

    const dev = uploadsApp({ 'readiness:profile': 'dev' }).app;
    expect(custom(reportOf(dev, { rules: [UPLOADS] }), 'Acme-UPL1').findings.map((f) => f.severity)).toEqual(['warning', 'warning']);
  });
});

describe('a custom stack rule', () => {
  test('is evaluated once per stack: the stack outside the approved regions is a finding', () => {
    const { app } = uploadsApp();
    const report = reportOf(app, { rules: [UPLOADS, RESIDENCY] });
    expect(custom(report, 'Acme-RES1').findings).toEqual([
      { severity: 'error', constructPath: 'Us', message: 'Stack deploys to us-east-1', location: 'Environment' },
    ]);
    const env = report.areas.find((a) => a.area === ReadinessArea.ENVIRONMENTS)!;
    expect(env.rules.map((r) => r.ruleId)).toEqual(['Readiness-ENV1', 'Acme-RES1']);
    expect(env.rules[1]).toMatchObject({ evaluated: 2, passed: 1, score: 50 });
  });

  test('an app whose stacks all comply has no finding', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    new Stack(app, 'A', { env: EU });
    new Stack(app, 'B', { env: { account: EU.account, region: 'eu-central-1' } });
    expect(custom(reportOf(app, { rules: [RESIDENCY] }), 'Acme-RES1').findings).toEqual([]);
  });
});

describe('severity from the profile', () => {
  test('severityOverrides turn a custom rule into a warning (synth passes) or off (not evaluated)', () => {
    const { app, eu, us } = uploadsApp();
    const relaxed = ReadinessProfile.PROD.extend('prod-acme', { severityOverrides: { 'Acme-UPL1': RuleSeverity.WARNING, 'Acme-RES1': RuleSeverity.OFF } });
    relaxed.applyTo(eu);
    relaxed.applyTo(us);
    const report = reportOf(app, { rules: [UPLOADS, RESIDENCY] });
    expect(custom(report, 'Acme-UPL1').findings.map((f) => f.severity)).toEqual(['warning', 'warning']);
    expect(report.areas.flatMap((a) => a.rules).find((r) => r.ruleId === 'Acme-RES1')).toMatchObject({ evaluated: 0, score: null });
  });
});

describe('acknowledgements', () => {
  test('Validations.of(c).acknowledge and ReadinessChecks.acknowledgeRule accept custom ids; the report lists the reasons', () => {
    const { app, bad, us, eu } = uploadsApp();
    Validations.of(bad).acknowledge({ id: 'Acme-UPL1', reason: 'Migrated to the locked bucket by 2026-03' });
    // The built-in data-bucket rules (BAK1, BAK8) are not what this test is about.
    for (const id of ['Readiness-BAK1', 'Readiness-BAK8']) ReadinessChecks.acknowledgeRule(eu, id, 'Buckets are backed up by the organization backup policy');
    ReadinessChecks.acknowledgeRule(us, RESIDENCY.info.id, 'Edge cache only, no customer data');
    const checks = new ReadinessChecks(app, { rules: [UPLOADS, RESIDENCY], printSummary: false });
    Validations.of(app).addPlugins(checks);
    app.synth(); // no open custom finding, and the built-ins pass too
    const report = checks._lastReport()!;
    expect(custom(report, 'Acme-UPL1')).toEqual({
      findings: [],
      acknowledged: [
        { constructPath: 'Eu/BadUploads/Resource', reason: 'Migrated to the locked bucket by 2026-03' },
        { constructPath: 'Eu/BadUploads/Resource', reason: 'Migrated to the locked bucket by 2026-03' },
      ],
    });
    expect(custom(report, 'Acme-RES1').acknowledged).toEqual([{ constructPath: 'Us', reason: 'Edge cache only, no customer data' }]);
    expect(report.areas.flatMap((a) => a.rules).find((r) => r.ruleId === 'Acme-UPL1')).toMatchObject({ passed: 2, acknowledged: 1, score: 100 });
  });

  test('acknowledgeRule still rejects unknown built-in ids and malformed ids', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => ReadinessChecks.acknowledgeRule(stack, 'Readiness-ACME1', 'a good reason here')).toThrow(/unknown ruleId 'Readiness-ACME1' on 'S'/);
    expect(() => ReadinessChecks.acknowledgeRule(stack, 'acme s3 uploads', 'a good reason here')).toThrow(
      /ruleId "acme s3 uploads" on 'S' is neither a built-in rule \(Readiness-\*\) nor a custom rule id of the form <Prefix>-<AREA><n>/,
    );
    expect(() => ReadinessChecks.acknowledgeRule(stack, 'Acme-UPL1', 'short')).toThrow(/reason for 'Acme-UPL1' on 'S' is "short"/);
  });
});

describe('report files and SARIF', () => {
  let dir: string;
  let sarif: any;
  beforeAll(() => {
    const { app } = uploadsApp();
    Validations.of(app).addPlugins(new ReadinessChecks(app, { rules: [UPLOADS, RESIDENCY], printSummary: false }));
    expect(() => app.synth()).toThrow(/ERROR Acme-RES1 \[high\] [^\n]*\n\s+- Us \([^)]*\): Stack deploys to us-east-1/);
    dir = app.outdir;
    sarif = JSON.parse(fs.readFileSync(path.join(dir, 'readiness-report.sarif'), 'utf-8'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the Markdown scorecard has a section per custom rule with its audit line and fix', () => {
    const md = fs.readFileSync(path.join(dir, 'readiness-report.md'), 'utf-8');
    // A custom rule without an impact is HIGH: its findings fail PROD synth like before impacts existed.
    expect(md).toContain(`### Acme-UPL1: ${UPLOADS.info.title}\n\n- Impact: high · 2 findings\n- Audit: ${UPLOADS.info.auditLine}\n- Fix: ${UPLOADS.info.fix}`);
    expect(md).toContain('| error | `Us` | Stack deploys to us-east-1 |');
    expect(md).toMatch(/\| Acme-RES1 \| Environment Management \| high \| 2 \| 1 \| 1 \| 0 \| 50\/100 \|/);
  });

  test('the SARIF log describes the custom rules (without our rule-table link) and has their results', () => {
    const rules: any[] = sarif.runs[0].tool.driver.rules;
    const index = rules.findIndex((r) => r.id === 'Acme-UPL1');
    expect(rules[index]).toEqual(expect.objectContaining({
      id: 'Acme-UPL1',
      shortDescription: { text: UPLOADS.info.title },
      fullDescription: { text: UPLOADS.info.explanation },
      defaultConfiguration: { level: 'error', rank: 75 },
      properties: { tags: ['production-readiness', 'backup', 'impact:high'], area: 'backup', impact: 'high' },
    }));
    expect(rules[index].helpUri).toBeUndefined();
    expect(rules.find((r) => r.id === 'Readiness-BAK1').helpUri).toMatch(/#rules$/);
    const results = sarif.runs[0].results.filter((r: any) => r.ruleId === 'Acme-UPL1');
    expect(results.map((r: any) => [r.ruleIndex, r.level, r.properties.constructPath])).toEqual([
      [index, 'error', 'Eu/BadUploads/Resource'],
      [index, 'error', 'Eu/BadUploads/Resource'],
    ]);
    // Located at this file, where the bucket was created.
    expect(results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('test/checks/custom-rules.test.ts');
  });

  test('validates against the SARIF 2.1.0 schema', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf-8')));
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
  });
});

describe('RuleContext: lookups over the index', () => {
  /** Records what the context answers for each subject. */
  function probe(target: RuleTarget, ask: (subject: RuleSubject, context: RuleContext) => unknown) {
    const answers: unknown[] = [];
    const rule: IReadinessRule = {
      info: { ...RESIDENCY.info, id: 'Test-CTX1' },
      target,
      evaluate(subject, context) {
        answers.push(ask(subject, context));
        return RuleVerdict.compliant();
      },
    };
    return { rule, answers };
  }

  function alarmedApp() {
    const app = new App();
    const data = new Stack(app, 'Data', { env: EU });
    const queue = new sqs.Queue(data, 'Jobs', { queueName: 'jobs' });
    const ops = new Stack(app, 'Ops', { env: EU });
    new cloudwatch.Alarm(ops, 'JobsAge', { metric: queue.metricApproximateAgeOfOldestMessage(), threshold: 600, evaluationPeriods: 1 });
    new s3.Bucket(data, 'Bucket', { bucketName: 'acme-data' });
    return app;
  }

  test('the subject, alarms on a resource in another stack, physical names, and stacks', () => {
    const { rule, answers } = probe(RuleTarget.resourcesOfType('AWS::SQS::Queue'), (subject, context) => ({
      subject,
      alarms: context.alarmsOn(subject.resource!).map((a) => `${a.stackPath}/${a.logicalId}`),
      name: context.physicalNameOf(subject.resource!),
      named: context.resourcesNamed('acme-data').map((r) => r.type),
      stackOfAlarm: context.stackOf(context.resourcesOfType('AWS::CloudWatch::Alarm')[0]).path,
      stacks: context.stacks.map((s) => s.path),
      current: context.currentStack.path,
      inOps: context.resourcesOfType('AWS::SQS::Queue', 'Ops').length,
      inData: context.resourcesOfType('AWS::SQS::Queue', 'Data').length,
      byId: context.resource('Data', subject.resource!.logicalId)?.constructPath,
      missing: context.resource('Data', 'Nope'),
      profile: context.profile.name,
    }));
    reportOf(alarmedApp(), { rules: [rule] });
    expect(answers).toEqual([{
      subject: {
        stack: { path: 'Data', stackName: 'Data', account: EU.account, region: EU.region, terminationProtection: false, profileName: 'prod' },
        resource: expect.objectContaining({
          type: 'AWS::SQS::Queue',
          constructPath: 'Data/Jobs/Resource',
          stackPath: 'Data',
          account: EU.account,
          region: EU.region,
          properties: { QueueName: 'jobs' },
          deletionPolicy: 'Delete',
          updateReplacePolicy: 'Delete',
          tags: {},
        }),
      },
      alarms: [expect.stringMatching(/^Ops\/JobsAge/)],
      name: 'jobs',
      named: ['AWS::S3::Bucket'],
      stackOfAlarm: 'Ops',
      stacks: ['Data', 'Ops'],
      current: 'Data',
      inOps: 0,
      inData: 1,
      byId: 'Data/Jobs/Resource',
      missing: undefined,
      profile: 'prod',
    }]);
  });

  test('referencedResources and resourcesReferencing follow Ref, GetAtt and cross-stack imports', () => {
    const app = new App();
    const data = new Stack(app, 'Data', { env: EU });
    const bucket = new s3.Bucket(data, 'Uploads');
    bucket.addToResourcePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')], principals: [new iam.AccountRootPrincipal()] }));
    const other = new Stack(app, 'Other', { env: EU });
    new CfnOutput(other, 'Name', { value: bucket.bucketName }); // an import of Data's export
    new sqs.CfnQueue(other, 'Tagged', { tags: [{ key: 'bucket', value: bucket.bucketName }] });
    const { rule, answers } = probe(RuleTarget.resourcesOfType('AWS::S3::Bucket'), (subject, context) => {
      const policy = context.resourcesReferencing(subject.resource!, 'AWS::S3::BucketPolicy');
      return {
        policies: policy.map((p) => p.constructPath),
        back: context.referencedResources(policy[0].properties.Bucket).map((r) => r.constructPath),
        queues: context.resourcesReferencing(subject.resource!, 'AWS::SQS::Queue').map((q) => q.constructPath),
        fromOther: context.referencedResources(context.resourcesOfType('AWS::SQS::Queue')[0].properties.Tags, 'Other').map((r) => r.constructPath),
        unknownStack: context.referencedResources({ Ref: subject.resource!.logicalId }, 'Nope'),
      };
    });
    reportOf(app, { rules: [rule] });
    expect(answers).toEqual([{
      policies: ['Data/Uploads/Policy/Resource'],
      back: ['Data/Uploads/Resource'],
      queues: ['Other/Tagged'],
      fromOther: ['Data/Uploads/Resource'],
      unknownStack: [],
    }]);
  });

  test('resourcesReferencing is built once per type and validation: linear in the app, not per subject', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: EU });
    const buckets = Array.from({ length: 30 }, (_, i) => new s3.Bucket(stack, `B${i}`));
    buckets.forEach((b, i) => new s3.CfnBucketPolicy(stack, `P${i}`, { bucket: b.bucketName, policyDocument: {} }));
    const { rule, answers } = probe(RuleTarget.resourcesOfType('AWS::S3::Bucket'), (subject, context) =>
      context.resourcesReferencing(subject.resource!, 'AWS::S3::BucketPolicy').length);
    const spy = jest.spyOn(AppIndex.prototype, 'referencedResources');
    try {
      new ReadinessChecks(undefined, { rules: [rule] }).validateScope(app);
      const ours = spy.mock.calls.filter(([value]) => value && typeof value === 'object' && 'PolicyDocument' in (value as object));
      expect(ours).toHaveLength(30); // once per policy, not once per (bucket, policy) pair
    } finally {
      spy.mockRestore();
    }
    expect(answers).toEqual(Array(30).fill(1));
  });

  test('a resource the app does not have is a clear error', () => {
    const { rule } = probe(RuleTarget.stacks(), (_s, context) =>
      context.alarmsOn({ type: 'AWS::SQS::Queue', logicalId: 'Ghost', stackPath: 'S', constructPath: 'S/Ghost', properties: {}, tags: {} }));
    const app = new App();
    new Stack(app, 'S');
    expect(() => new ReadinessChecks(undefined, { rules: [rule] }).validateScope(app)).toThrow(
      /custom rule 'Test-CTX1' failed on 'S': RuleContext: "Ghost" in stack "S" is not a resource of the app/,
    );
  });
});

describe('custom rules run in the one pass of the checks', () => {
  test('ReadinessTesting.findings evaluates them with the built-ins', () => {
    const { app } = uploadsApp();
    const findings = ReadinessTesting.findings(app, { rules: [UPLOADS, RESIDENCY] });
    expect(findings.filter((f) => !f.ruleId.startsWith('Readiness-')).map((f) => `${f.ruleId} ${f.constructPath}`)).toEqual([
      'Acme-RES1 Us',
      'Acme-UPL1 Eu/BadUploads/Resource',
      'Acme-UPL1 Eu/BadUploads/Resource',
    ]);
    expect(ReadinessTesting.findings(app).filter((f) => !f.ruleId.startsWith('Readiness-'))).toEqual([]);
  });

  test('a rule that throws fails synth with the rule id and the subject, and fails ReadinessTesting', () => {
    const broken: IReadinessRule = {
      info: { ...UPLOADS.info, id: 'Acme-BRK1' },
      target: RuleTarget.resourcesOfType('AWS::S3::Bucket'),
      evaluate(subject) {
        return subject.resource!.properties.Missing.Deep;
      },
    };
    const { app } = uploadsApp();
    Validations.of(app).addPlugins(new ReadinessChecks(app, { rules: [broken], printSummary: false }));
    expect(() => app.synth()).toThrow(/Readiness-ENGINE: ReadinessChecks could not evaluate the app: custom rule 'Acme-BRK1' failed on 'Eu\/GoodUploads\/Resource': Cannot read properties of undefined/);
    expect(() => ReadinessTesting.findings(uploadsApp().app, { rules: [broken] })).toThrow(/ReadinessTesting\.findings: Readiness-ENGINE: .*custom rule 'Acme-BRK1'/);
  });

  test('template values are read-only to a rule: writing to them fails instead of changing what other rules see', () => {
    const writer: IReadinessRule = {
      info: { ...UPLOADS.info, id: 'Acme-WRT1' },
      target: RuleTarget.resourcesOfType('AWS::S3::Bucket'),
      evaluate(subject) {
        subject.resource!.properties.VersioningConfiguration = { Status: 'Enabled' };
        return RuleVerdict.compliant();
      },
    };
    expect(() => new ReadinessChecks(undefined, { rules: [writer] }).validateScope(uploadsApp().app)).toThrow(
      /custom rule 'Acme-WRT1' failed on 'Eu\/GoodUploads\/Resource': Cannot (assign|add property)/,
    );
  });

  test('what a rule returns is checked', () => {
    const returns = (value: unknown): IReadinessRule => ({ info: { ...RESIDENCY.info, id: 'Acme-RET1' }, target: RuleTarget.stacks(), evaluate: () => value as RuleVerdict });
    const app = new App();
    new Stack(app, 'S');
    expect(() => new ReadinessChecks(undefined, { rules: [returns(undefined)] }).validateScope(app)).toThrow(
      /custom rule 'Acme-RET1' returned undefined for 'S': return RuleVerdict\.compliant\(\), RuleVerdict\.fail\(message\)/,
    );
    expect(() => new ReadinessChecks(undefined, { rules: [returns(RuleVerdict.failAll([{ message: ' ' }]))] }).validateScope(app)).toThrow(
      /custom rule 'Acme-RET1' reported a failure without a message for 'S'/,
    );
  });
});

describe('bad rules fail when the checks are created, naming the rule', () => {
  const withInfo = (info: Partial<RuleInfo>, target = RuleTarget.stacks()): IReadinessRule =>
    ({ ...RESIDENCY, info: { ...RESIDENCY.info, ...info } as RuleInfo, target });
  const create = (...rules: IReadinessRule[]) => () => new ReadinessChecks(undefined, { rules });

  test('duplicate ids', () => {
    expect(create(UPLOADS, RESIDENCY, withInfo({ id: 'Acme-UPL1' }))).toThrow(
      /rules\[2\] has id 'Acme-UPL1', already used by rules\[0\]: every rule needs its own id/,
    );
  });

  test('the reserved Readiness- prefix, a built-in id included', () => {
    expect(create(withInfo({ id: 'Readiness-BAK1' }))).toThrow(
      /rules\[0\] has id 'Readiness-BAK1' \(it is a built-in rule: Readiness-BAK1\): the 'Readiness-' prefix is reserved for the built-in rules\. Use a prefix of your own, for example 'Acme-BAK1'/,
    );
    expect(create(withInfo({ id: 'Readiness-ACME1' }))).toThrow(/rules\[0\] has id 'Readiness-ACME1': the 'Readiness-' prefix is reserved/);
  });

  test('ids severityOverrides could not name', () => {
    for (const id of ['UPL1', 'acme-upl1', 'Acme-UPL', 'Acme-S3UP1', 'Acme UPL1', '']) {
      expect(create(withInfo({ id }))).toThrow(new RegExp(`rules\\[0\\] has id ${JSON.stringify(id)}: use <Prefix>-<AREA><n>, for example 'Acme-UPL1'`));
    }
  });

  test('an unknown area, missing texts, bad targets, not a rule at all', () => {
    expect(create(withInfo({ area: 'uploads' as ReadinessArea }))).toThrow(/rules\[0\] \('Acme-RES1'\) has area "uploads": use one of ReadinessArea \(deployment, state, environments, backup/);
    expect(create(withInfo({ fix: '  ' }))).toThrow(/rules\[0\] \('Acme-RES1'\) has fix "  ": the report and the SARIF log show it/);
    expect(create(withInfo({}, RuleTarget.resourcesOfType('S3 Bucket')))).toThrow(/rules\[0\] \('Acme-RES1'\) targets resource type "S3 Bucket": give CloudFormation types such as 'AWS::S3::Bucket'/);
    expect(create({ ...RESIDENCY, target: undefined as unknown as RuleTarget })).toThrow(/rules\[0\] \('Acme-RES1'\) has target undefined: use RuleTarget\.resourcesOfType/);
    expect(create({ info: RESIDENCY.info } as IReadinessRule)).toThrow(/rules\[0\] is \{"info":.*: give an object implementing IReadinessRule/);
    expect(create({ ...RESIDENCY, info: undefined as unknown as RuleInfo })).toThrow(/rules\[0\] has info undefined: give a RuleInfo/);
  });

  test('the checks report every rule id they evaluate', () => {
    expect(new ReadinessChecks(undefined, { rules: [UPLOADS, RESIDENCY] }).ruleIds?.slice(-2)).toEqual(['Acme-UPL1', 'Acme-RES1']);
  });
});
