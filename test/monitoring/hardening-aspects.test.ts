// LogGroupHardening and TracingActivation: the hardening ServiceMonitoring applies to what it
// monitors, as aspects a user applies (or not) on their own, and that ServiceMonitoring can skip.
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { LogGroupHardening, ReadinessProfile, ServiceMonitoring, TracingActivation } from '../../src';

function newStack(): Stack {
  const app = new App();
  ReadinessProfile.PROD.applyTo(app);
  return new Stack(app, 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
}

function fn(scope: Stack, id: string, props: Partial<lambda.FunctionProps> = {}): lambda.Function {
  return new lambda.Function(scope, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}'), ...props });
}

describe('LogGroupHardening', () => {
  test('as an aspect: retention from the profile and a per-stack key on log groups that set neither', () => {
    const stack = newStack();
    new logs.LogGroup(stack, 'Bare', { retention: logs.RetentionDays.INFINITE });
    new logs.CfnLogGroup(stack, 'L1');
    Aspects.of(stack).add(new LogGroupHardening());
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: ReadinessProfile.PROD.logRetentionDays, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReadinessLogEncryptionKey'), 'Arn'] } });
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResourceProperties('AWS::KMS::Key', { KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudWatchLogsOfThisAccount' })]) } });
  });

  test('keeps what a log group sets itself, and uses the key it is given', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Mine');
    new logs.CfnLogGroup(stack, 'Kept', { retentionInDays: 7 });
    Aspects.of(stack).add(new LogGroupHardening({ logEncryptionKey: key }));
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Mine'), 'Arn'] } });
  });

  test('not applied, nothing changes: ServiceMonitoring with hardenLogGroups false leaves a monitored log group as it is', () => {
    const stack = newStack();
    new ServiceMonitoring(stack, 'M', { dashboard: false, hardenLogGroups: false }).monitor(new logs.CfnLogGroup(stack, 'L'));
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.absent(), KmsKeyId: Match.absent() });
    expect(Object.keys(t.findResources('AWS::KMS::Key')).filter((id) => id.startsWith('ReadinessLogEncryptionKey'))).toEqual([]);
  });

  test('an imported key is refused with the prop, the value and the fix', () => {
    const stack = newStack();
    const foreign = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:eu-west-1:111111111111:key/abc');
    new logs.CfnLogGroup(stack, 'L');
    Aspects.of(stack).add(new LogGroupHardening({ logEncryptionKey: foreign }));
    expect(() => Template.fromStack(stack)).toThrow(/LogGroupHardening: invalid logEncryptionKey "S\/Imported". The key is imported/);
  });
});

describe('TracingActivation', () => {
  test('as an aspect: active tracing and the X-Ray policy on functions with a role of the app; REST API stages traced', () => {
    const stack = newStack();
    fn(stack, 'Fn');
    const api = new apigw.RestApi(stack, 'Api');
    api.root.addMethod('GET');
    Aspects.of(stack).add(new TracingActivation());
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Lambda::Function', { TracingConfig: { Mode: 'Active' } });
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', { PolicyDocument: { Statement: [Match.objectLike({ Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'] })] } });
    t.hasResourceProperties('AWS::ApiGateway::Stage', { TracingEnabled: true });
  });

  test('leaves functions with an imported role and functions that set tracing alone', () => {
    const stack = newStack();
    fn(stack, 'Imported', { role: iam.Role.fromRoleArn(stack, 'R', 'arn:aws:iam::111111111111:role/theirs') });
    fn(stack, 'PassThrough', { tracing: lambda.Tracing.PASS_THROUGH });
    Aspects.of(stack).add(new TracingActivation());
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    expect(Object.values(t.findResources('AWS::Lambda::Function')).map((r) => r.Properties.TracingConfig)).toEqual([undefined, { Mode: 'PassThrough' }]);
  });

  test('not applied, nothing changes: ServiceMonitoring with enableTracing false leaves a monitored function untraced', () => {
    const stack = newStack();
    new ServiceMonitoring(stack, 'M', { dashboard: false, enableTracing: false }).monitor(fn(stack, 'Fn'));
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { TracingConfig: Match.absent() });
  });
});
