import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { AlarmRouting, AlarmSeverity } from '../../src';
import { findingsOf } from '../util/findings';

const ENV = { account: '111111111111', region: 'eu-west-1' };

function alarm(stack: Stack, id: string): cloudwatch.Alarm {
  return new cloudwatch.Alarm(stack, id, {
    metric: new cloudwatch.Metric({ namespace: 'App', metricName: id, period: Duration.minutes(1) }),
    threshold: 1,
    evaluationPeriods: 1,
  });
}

describe('AlarmRouting', () => {
  test('creates only the topics it is asked for, encrypted with one rotating, retained customer key', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    AlarmRouting.of(stack).route(alarm(stack, 'A'), AlarmSeverity.CRITICAL);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SNS::Topic', 1);
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  test('CRITICAL alarms notify on ALARM and OK; WARNING and INFO on ALARM only (unless notifyOnOk)', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    const routing = AlarmRouting.of(stack);
    routing.route(alarm(stack, 'Crit'), AlarmSeverity.CRITICAL);
    routing.route(alarm(stack, 'Warn'), AlarmSeverity.WARNING);
    routing.route(alarm(stack, 'Info'), AlarmSeverity.INFO);
    const t = Template.fromStack(stack);
    const alarms = t.findResources('AWS::CloudWatch::Alarm');
    const byMetric = (name: string) => Object.values<any>(alarms).find((a) => a.Properties.MetricName === name).Properties;
    const topicOf = (p: any) => p.AlarmActions[0].Ref;
    expect(byMetric('Crit').OKActions).toEqual(byMetric('Crit').AlarmActions);
    expect(byMetric('Warn').OKActions).toBeUndefined();
    expect(byMetric('Info').OKActions).toBeUndefined();
    expect(new Set([topicOf(byMetric('Crit')), topicOf(byMetric('Warn')), topicOf(byMetric('Info'))]).size).toBe(3);
    t.resourceCountIs('AWS::SNS::Topic', 3);
    t.resourceCountIs('AWS::KMS::Key', 1);

    const other = new Stack(new App(), 'O', { env: ENV });
    new AlarmRouting(other, 'Routing', { notifyOnOk: true }).route(alarm(other, 'Warn'), AlarmSeverity.WARNING);
    const p = Object.values<any>(Template.fromStack(other).findResources('AWS::CloudWatch::Alarm'))[0].Properties;
    expect(p.OKActions).toEqual(p.AlarmActions);
  });

  test('only CloudWatch alarms of this account and region may publish and use the key; non-TLS is denied', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    AlarmRouting.of(stack).route(alarm(stack, 'A'), AlarmSeverity.WARNING);
    const t = Template.fromStack(stack);
    const conditions = {
      StringEquals: { 'aws:SourceAccount': '111111111111' },
      ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:eu-west-1:111111111111:alarm:*']] } },
    };
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Sid: 'AllowCloudWatchAlarmsOfThisAccount', Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Condition: conditions }),
        ]),
      },
    });
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'AllowCloudWatchAlarmsToPublishEncrypted', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Condition: conditions }),
        ]),
      },
    });
  });

  test('of() returns one routing per stack, and one created with the reserved id', () => {
    const app = new App();
    const a = new Stack(app, 'A', { env: ENV });
    const b = new Stack(app, 'B', { env: ENV });
    expect(AlarmRouting.of(a)).toBe(AlarmRouting.of(new cloudwatch.Dashboard(a, 'Deep')));
    expect(AlarmRouting.of(a)).not.toBe(AlarmRouting.of(b));
    const c = new Stack(app, 'C', { env: ENV });
    const own = new AlarmRouting(c, 'ReadinessAlarmRouting', { warningTopic: new sns.Topic(c, 'Mine') });
    expect(AlarmRouting.of(c)).toBe(own);
    const d = new Stack(app, 'D', { env: ENV });
    new Stack(d, 'ReadinessAlarmRouting');
    expect(() => AlarmRouting.of(d)).toThrow(/id 'ReadinessAlarmRouting' at the root of stack D is taken/);
  });

  test('your own topics are used as they are: no topic or key is created for them', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    const paging = sns.Topic.fromTopicArn(stack, 'Paging', 'arn:aws:sns:eu-west-1:111111111111:paging');
    const routing = new AlarmRouting(stack, 'Routing', { criticalTopic: paging });
    routing.route(alarm(stack, 'A'), AlarmSeverity.CRITICAL);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SNS::Topic', 0);
    t.resourceCountIs('AWS::KMS::Key', 0);
    expect(routing.encryptionKey).toBeUndefined();
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: ['arn:aws:sns:eu-west-1:111111111111:paging'] });
  });

  test('an imported key is refused: CloudWatch could not use it and every notification would be dropped', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    const routing = new AlarmRouting(stack, 'Routing', { encryptionKey: key });
    expect(() => routing.topic(AlarmSeverity.WARNING)).toThrow(/encryptionKey 'S\/Key' is imported.*Pass a kms.Key defined in this app, or bring your own topics/);
  });

  test('routed alarms pass Readiness-MON2, unrouted ones do not', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    const stack = new Stack(app, 'S', { env: ENV, terminationProtection: true });
    AlarmRouting.of(stack).route(alarm(stack, 'Routed'), AlarmSeverity.WARNING);
    alarm(stack, 'Silent');
    expect(findingsOf(app, 'Readiness-MON2').map((f) => f.constructPath)).toEqual(['S/Silent/Resource']);
  });

  test.each([['AwsSolutions', () => new AwsSolutionsChecks()], ['NIST 800-53 R5', () => new NIST80053R5Checks()]])('clean under cdk-nag %s', (_name, pack) => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    const routing = AlarmRouting.of(stack);
    for (const severity of Object.values(AlarmSeverity)) routing.route(alarm(stack, severity), severity);
    expect(pack().validateScope(stack).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`))).toEqual([]);
  });
});
