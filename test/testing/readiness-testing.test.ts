import * as crypto from 'crypto';
import * as path from 'path';
import { App, RemovalPolicy, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ReadinessChecks, ReadinessProfile, ReadinessTesting, RuleImpact, RuleSeverity } from '../../src';

const env = { account: '111111111111', region: 'eu-west-1' };

describe('ReadinessTesting.findings', () => {
  test('returns the findings as plain data without the CDK CLI, sorted by rule and path', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    const stack = new Stack(app, 'Api', { env, terminationProtection: true });
    new s3.Bucket(stack, 'Scratch', { removalPolicy: RemovalPolicy.DESTROY });
    new ddb.Table(stack, 'Orders', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    expect(ReadinessTesting.findings(app)).toEqual([
      { ruleId: 'Readiness-BAK1', severity: RuleSeverity.ERROR, impact: RuleImpact.CRITICAL, stack: 'Api', constructPath: 'Api/Orders/Resource', message: expect.stringMatching(/No AWS Backup plan/) },
      // The bucket holds data: no plan, no copy in another region, no versioning (BAK1, BAK8).
      { ruleId: 'Readiness-BAK1', severity: RuleSeverity.ERROR, impact: RuleImpact.CRITICAL, stack: 'Api', constructPath: 'Api/Scratch/Resource', message: expect.stringMatching(/^This bucket holds data/) },
      // No point-in-time recovery, no deletion protection (the table's reliability basics, BAK8 and STA6).
      { ruleId: 'Readiness-BAK8', severity: RuleSeverity.ERROR, impact: RuleImpact.HIGH, stack: 'Api', constructPath: 'Api/Orders/Resource', message: expect.stringMatching(/^Point-in-time recovery is off/) },
      { ruleId: 'Readiness-BAK8', severity: RuleSeverity.ERROR, impact: RuleImpact.HIGH, stack: 'Api', constructPath: 'Api/Scratch/Resource', message: expect.stringMatching(/^Versioning is off/) },
      { ruleId: 'Readiness-MON1', severity: RuleSeverity.ERROR, impact: RuleImpact.CRITICAL, stack: 'Api', constructPath: 'Api/Orders/Resource', message: expect.any(String) },
      // Low impact: a warning, even in PROD.
      { ruleId: 'Readiness-MON3', severity: RuleSeverity.WARNING, impact: RuleImpact.LOW, stack: 'Api', constructPath: 'Api', message: expect.stringMatching(/no CloudWatch dashboard/) },
      // The L2 table is PROVISIONED by default, without auto scaling.
      { ruleId: 'Readiness-SCL1', severity: RuleSeverity.ERROR, impact: RuleImpact.HIGH, stack: 'Api', constructPath: 'Api/Orders/Resource', message: expect.stringMatching(/^Provisioned capacity without/) },
      { ruleId: 'Readiness-STA5', severity: RuleSeverity.ERROR, impact: RuleImpact.CRITICAL, stack: 'Api', constructPath: 'Api/Scratch/Resource', message: expect.stringMatching(/^DeletionPolicy/) },
      { ruleId: 'Readiness-STA5', severity: RuleSeverity.ERROR, impact: RuleImpact.CRITICAL, stack: 'Api', constructPath: 'Api/Scratch/Resource', message: expect.stringMatching(/^UpdateReplacePolicy/) },
      { ruleId: 'Readiness-STA6', severity: RuleSeverity.ERROR, impact: RuleImpact.CRITICAL, stack: 'Api', constructPath: 'Api/Orders/Resource', message: expect.stringMatching(/^Deletion protection is off/) },
    ]);
  });

  test('an app that passes gives an empty list', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    const stack = new Stack(app, 'Api', { env, terminationProtection: true });
    // Versioned and replicated to a bucket in another region: protected without a backup plan.
    new s3.Bucket(stack, 'Assets', {
      versioned: true,
      replicationRules: [{ destination: s3.Bucket.fromBucketAttributes(stack, 'Replica', { bucketName: 'assets-replica', region: 'us-east-1' }), priority: 1 }],
    });
    expect(ReadinessTesting.findings(app)).toEqual([]);
  });

  test('a Stack or Stage scope keeps only its own findings, while cross-stack facts still count', () => {
    const app = new App({ context: { 'readiness:profile': 'dev' } });
    const prod = new Stage(app, 'Prod', { env });
    new s3.Bucket(new Stack(prod, 'A'), 'Scratch', { removalPolicy: RemovalPolicy.DESTROY });
    const b = new Stack(prod, 'B');
    new s3.Bucket(b, 'Scratch', { removalPolicy: RemovalPolicy.DESTROY });
    new s3.Bucket(new Stack(app, 'Other', { env }), 'Scratch', { removalPolicy: RemovalPolicy.DESTROY });
    expect(new Set(ReadinessTesting.findings(b).map((f) => f.constructPath))).toEqual(new Set(['Prod/B/Scratch/Resource']));
    expect(new Set(ReadinessTesting.findings(prod).map((f) => f.stack))).toEqual(new Set(['Prod/A', 'Prod/B']));
    // Each Scratch: DeletionPolicy and UpdateReplacePolicy (STA5), no protection (BAK1).
    expect(ReadinessTesting.findings(app)).toHaveLength(9);
  });

  test('options: a profile for every stack, and errors only', () => {
    const app = new App();
    const stack = new Stack(app, 'Api', { env });
    new s3.Bucket(stack, 'Scratch', { removalPolicy: RemovalPolicy.DESTROY });
    const dev = ReadinessTesting.findings(app, { profile: ReadinessProfile.DEV });
    expect(dev.map((f) => f.severity)).toEqual([RuleSeverity.WARNING, RuleSeverity.WARNING, RuleSeverity.WARNING]);
    expect(ReadinessTesting.findings(app, { profile: ReadinessProfile.DEV, includeWarnings: false })).toEqual([]);
  });

  test('works when the app registers ReadinessChecks itself and synth fails, and leaves out acknowledged findings', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    const stack = new Stack(app, 'Api', { env, terminationProtection: true });
    new s3.Bucket(stack, 'Scratch', { removalPolicy: RemovalPolicy.DESTROY });
    const logs = new s3.Bucket(stack, 'Logs', { removalPolicy: RemovalPolicy.DESTROY });
    ReadinessChecks.acknowledgeRule(logs, 'Readiness-STA5', 'access logs, kept in the SIEM as well');
    Validations.of(app).addPlugins(new ReadinessChecks(app));
    expect(() => app.synth()).toThrow(/Readiness-STA5/);
    expect(ReadinessTesting.findings(app).filter((f) => f.ruleId === 'Readiness-STA5').map((f) => f.constructPath)).toEqual(['Api/Scratch/Resource', 'Api/Scratch/Resource']);
  });

  test('a construct\'s own validation error surfaces as itself (no assembly was written to read)', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env });
    new Construct(stack, 'Picky').node.addValidation({ validate: () => ['Picky: give it a name'] });
    expect(() => ReadinessTesting.findings(app)).toThrow(/\[S\/Picky\] Picky: give it a name/);
  });

  test('a construct outside an App is a clear error', () => {
    const root = new Construct(undefined as unknown as Construct, 'Root');
    const lonely = new Construct(root, 'Lonely');
    expect(() => ReadinessTesting.findings(lonely)).toThrow(/'Root\/Lonely' is not inside an App; create it under `new App\(\)`/);
  });
});

describe('ReadinessTesting.normalizedTemplate', () => {
  function appWithAsset(code: string) {
    const app = new App();
    const stack = new Stack(app, 'Api', { env });
    new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(__dirname, 'fixture'), { assetHash: crypto.createHash('sha256').update(code).digest('hex') }),
    });
    return stack;
  }

  test('replaces asset hashes and drops bootstrap noise, so snapshots survive code edits', () => {
    const a = ReadinessTesting.normalizedTemplate(appWithAsset('v1'));
    const b = ReadinessTesting.normalizedTemplate(appWithAsset('v2'));
    expect(a).toEqual(b);
    const text = JSON.stringify(a);
    expect(text).toContain('<asset-hash>.zip');
    expect(text).not.toMatch(/[0-9a-f]{64}/);
    expect(a.Parameters).toBeUndefined();
    expect(a.Rules).toBeUndefined();
    expect(a.Resources.Fn9270CBC0).toMatchObject({ Type: 'AWS::Lambda::Function' });
  });

  test('a snapshot of a normalized template', () => {
    const app = new App();
    new ddb.Table(new Stack(app, 'Data', { env }), 'Orders', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    expect(ReadinessTesting.normalizedTemplate(app.node.findChild('Data') as Stack)).toMatchSnapshot();
  });
});
