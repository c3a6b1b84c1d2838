import { App, RemovalPolicy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { ReadinessProfile } from '../../../src';
import { findingsOf, reportOf, ruleOutcome } from '../../util/findings';

// SEC1-SEC5 judge every account and region where the app runs code: once per environment (not
// once per stack), and CDK's own custom-resource handlers are plumbing, not code.

const EU: StackProps = { env: { account: '111111111111', region: 'eu-west-1' } };
const US: StackProps = { env: { account: '111111111111', region: 'us-east-1' } };
const OTHER_ACCOUNT: StackProps = { env: { account: '222222222222', region: 'eu-west-1' } };
const SEC = ['Readiness-SEC1', 'Readiness-SEC2', 'Readiness-SEC3', 'Readiness-SEC4'];

function prodApp() {
  const app = new App();
  ReadinessProfile.PROD.applyTo(app);
  return app;
}

/** A stack that runs code: a Lambda function of the app. */
function workload(app: App, id: string, props: StackProps = {}) {
  const stack = new Stack(app, id, props);
  new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>{}') });
  return stack;
}

/** A stack of data only, with the custom-resource handlers CDK adds on its own. */
function dataOnly(app: App, id: string, props: StackProps = {}) {
  const stack = new Stack(app, id, props);
  new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  // S3 auto-delete objects: a custom resource provider (a Lambda function behind a ServiceToken).
  new s3.Bucket(stack, 'Scratch', { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });
  // Log retention: Custom::LogRetention and its singleton handler.
  new logs.LogRetention(stack, 'Retention', { logGroupName: '/data/audit', retention: logs.RetentionDays.ONE_YEAR });
  return stack;
}

describe('once per environment', () => {
  test('two stacks of one account and region without GuardDuty: one SEC1 finding, on the first stack by path, naming the other', () => {
    const app = prodApp();
    workload(app, 'Web', EU);
    workload(app, 'Api', EU);
    expect(findingsOf(app, 'Readiness-SEC1')).toEqual([expect.objectContaining({
      constructPath: 'Api',
      message: expect.stringMatching(/^No GuardDuty detector for account 111111111111 in eu-west-1 .*also for Web\)$/),
    })]);
    // One environment, one subject judged.
    expect(ruleOutcome(app, 'Readiness-SEC1')).toEqual(expect.objectContaining({ evaluated: 1, passed: 0, findings: 1 }));
  });

  test.each(SEC)('%s: one finding set per environment, whatever the number of stacks in it', (id) => {
    const one = prodApp();
    workload(one, 'Api', EU);
    const three = prodApp();
    workload(three, 'Api', EU);
    workload(three, 'Web', EU);
    workload(three, 'Jobs', EU);
    expect(findingsOf(three, id).length).toBe(findingsOf(one, id).length);
    expect(new Set(findingsOf(three, id).map((f) => f.constructPath))).toEqual(new Set(['Api']));
  });

  test('two regions of one account: two SEC1 findings, one per region', () => {
    const app = prodApp();
    workload(app, 'Eu', EU);
    workload(app, 'Us', US);
    expect(findingsOf(app, 'Readiness-SEC1').map((f) => `${f.constructPath}: ${f.message}`)).toEqual([
      expect.stringMatching(/^Eu: No GuardDuty detector for account 111111111111 in eu-west-1/),
      expect.stringMatching(/^Us: No GuardDuty detector for account 111111111111 in us-east-1/),
    ]);
  });

  test('SEC2 (a multi-region trail covers the account) is reported once per account, SEC1 once per region', () => {
    const app = prodApp();
    workload(app, 'Eu', EU);
    workload(app, 'Us', US);
    workload(app, 'Partner', OTHER_ACCOUNT);
    expect(findingsOf(app, 'Readiness-SEC2').map((f) => f.constructPath)).toEqual(['Eu', 'Partner']);
    expect(findingsOf(app, 'Readiness-SEC2')[0].message).toMatch(/111111111111 .*also for Us\)$/);
    expect(findingsOf(app, 'Readiness-SEC1').map((f) => f.constructPath)).toEqual(['Eu', 'Partner', 'Us']);
  });

  test('environment-agnostic stacks are one unknown environment: one finding', () => {
    const app = prodApp();
    workload(app, 'Api');
    workload(app, 'Web');
    expect(findingsOf(app, 'Readiness-SEC1')).toEqual([expect.objectContaining({
      constructPath: 'Api',
      message: expect.stringMatching(/this stack's account and region .*also for Web\)$/),
    })]);
  });

  test('acknowledged on the stack that reports it: no open finding, listed with its reason', () => {
    const app = prodApp();
    const api = workload(app, 'Api', EU);
    workload(app, 'Web', EU);
    Validations.of(api).acknowledge({ id: 'Readiness-SEC1', reason: 'GuardDuty is enabled by the organization, declared in ticket SEC-12' });
    expect(findingsOf(app, 'Readiness-SEC1')).toEqual([]);
    expect(reportOf(app).acknowledged.filter((f) => f.ruleId === 'Readiness-SEC1')).toEqual([
      expect.objectContaining({ constructPath: 'Api', reason: 'GuardDuty is enabled by the organization, declared in ticket SEC-12' }),
    ]);
  });

  test('an ECR repository is judged on its own stack, the Inspector gap once on the first stack', () => {
    const app = prodApp();
    workload(app, 'Api', EU);
    const web = workload(app, 'Web', EU);
    new ecr.CfnRepository(web, 'Repo', { repositoryName: 'web' });
    expect(findingsOf(app, 'Readiness-SEC4').map((f) => `${f.constructPath}: ${f.message}`)).toEqual([
      expect.stringMatching(/^Api: Amazon Inspector is not enabled .*also for Web\)$/),
      expect.stringMatching(/^Web: ECR repository Web\/Repo is not scanned on push/),
    ]);
  });
});

describe('Readiness-SEC5 once per environment', () => {
  test('GuardDuty in two stacks of one account and region, no route: one SEC5 finding on the first stack, naming the other', () => {
    const app = prodApp();
    const web = workload(app, 'Web', EU);
    workload(app, 'Api', EU);
    new guardduty.CfnDetector(web, 'Detector', { enable: true });
    expect(findingsOf(app, 'Readiness-SEC5')).toEqual([expect.objectContaining({
      constructPath: 'Api',
      message: expect.stringMatching(/^GuardDuty runs for account 111111111111 in eu-west-1 but no enabled EventBridge rule .*also for Web\)$/),
    })]);
    expect(ruleOutcome(app, 'Readiness-SEC5')).toEqual(expect.objectContaining({ evaluated: 1, passed: 0, findings: 1 }));
  });

  test('two regions: one finding per region; nothing producing findings in a region: not applicable there', () => {
    const app = prodApp();
    const eu = workload(app, 'Eu', EU);
    const us = workload(app, 'Us', US);
    new guardduty.CfnDetector(eu, 'Detector', { enable: true });
    new guardduty.CfnDetector(us, 'Detector', { enable: true });
    workload(app, 'Other', OTHER_ACCOUNT);
    expect(findingsOf(app, 'Readiness-SEC5').map((f) => f.constructPath).sort()).toEqual(['Eu', 'Us']);
    // the other account has no detector: SEC1 reports it, SEC5 has nothing to judge there
    expect(ruleOutcome(app, 'Readiness-SEC5')).toEqual(expect.objectContaining({ evaluated: 2, findings: 2 }));
  });
});

describe('plumbing is not a workload', () => {
  test.each(SEC)('%s: a data-only stack with log retention and auto-delete handlers is not judged', (id) => {
    const app = prodApp();
    dataOnly(app, 'Data', EU);
    expect(findingsOf(app, id)).toEqual([]);
    expect(ruleOutcome(app, id).evaluated).toBe(0);
  });

  test('AwsCustomResource and the restricted default security group do not make a stack run code', () => {
    const app = prodApp();
    const stack = new Stack(app, 'Net', EU);
    new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, restrictDefaultSecurityGroup: true });
    new cr.AwsCustomResource(stack, 'Lookup', {
      onCreate: { service: 'SSM', action: 'getParameter', parameters: { Name: '/x' }, physicalResourceId: cr.PhysicalResourceId.of('x') },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });
    for (const id of SEC) expect(findingsOf(app, id)).toEqual([]);
  });

  test('a stack with a real Lambda workload beside the same handlers is judged', () => {
    const app = prodApp();
    const stack = dataOnly(app, 'Data', EU);
    new lambda.Function(stack, 'Worker', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>{}') });
    for (const id of SEC) expect(findingsOf(app, id).map((f) => f.constructPath)).toEqual(['Data'].concat(id === 'Readiness-SEC3' ? ['Data'] : []));
  });

  test('the data-only stack is not the one chosen to report its environment\'s gap', () => {
    const app = prodApp();
    dataOnly(app, 'Aaa', EU);
    workload(app, 'Zzz', EU);
    expect(findingsOf(app, 'Readiness-SEC1')).toEqual([expect.objectContaining({ constructPath: 'Zzz', message: expect.not.stringMatching(/also for/) })]);
  });

  test('an API Gateway API that only mocks answers runs no code; one with an HTTP integration does', () => {
    const app = prodApp();
    const mock = new apigateway.RestApi(new Stack(app, 'Mock', EU), 'Api');
    mock.root.addMethod('GET', new apigateway.MockIntegration());
    const proxy = new apigateway.RestApi(new Stack(app, 'Proxy', US), 'Api');
    proxy.root.addMethod('GET', new apigateway.HttpIntegration('https://example.com'));
    expect(findingsOf(app, 'Readiness-SEC1').map((f) => f.constructPath)).toEqual(['Proxy']);
  });
});
