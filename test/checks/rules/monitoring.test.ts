import { App, CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { findingsOf, pathsWith, ruleOutcome } from '../../util/findings';

const prodApp = () => new App({ context: { 'readiness:profile': 'prod' } });
const env = { account: '111111111111', region: 'eu-west-1' };

function fn(scope: Stack, id: string) {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {}'),
  });
}

describe('Readiness-MON1 every monitorable resource has an alarm on its own metrics', () => {
  test('non-compliant: a queue, a function and a table without alarms', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    new sqs.Queue(stack, 'Queue');
    fn(stack, 'Fn');
    new ddb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    expect(pathsWith(app, 'Readiness-MON1').sort()).toEqual(['S/Fn/Resource', 'S/Queue/Resource', 'S/Table/Resource']);
  });

  test('an alarm on ANOTHER resource does not count (the queue is still unwatched)', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    new sqs.Queue(stack, 'Unwatched');
    const watched = new sqs.Queue(stack, 'Watched');
    watched.metricApproximateNumberOfMessagesVisible().createAlarm(stack, 'Depth', { threshold: 100, evaluationPeriods: 1 });
    expect(pathsWith(app, 'Readiness-MON1')).toEqual(['S/Unwatched/Resource']);
  });

  test('compliant: alarms by reference, by metric math, and from another stack (cross-stack export)', () => {
    const app = prodApp();
    const data = new Stack(app, 'Data', { env });
    const table = new ddb.Table(data, 'Table', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    const queue = new sqs.Queue(data, 'Queue');
    const ops = new Stack(app, 'Ops', { env });
    new cw.Alarm(ops, 'Throttles', { metric: table.metricThrottledRequestsForOperations({ operations: [ddb.Operation.GET_ITEM] }), threshold: 1, evaluationPeriods: 1 });
    new cw.Alarm(ops, 'Age', {
      metric: new cw.MathExpression({ expression: 'age / 60', usingMetrics: { age: queue.metricApproximateAgeOfOldestMessage() }, period: Duration.minutes(5) }),
      threshold: 10,
      evaluationPeriods: 1,
    });
    expect(findingsOf(app, 'Readiness-MON1')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-MON1')).toMatchObject({ evaluated: 2, passed: 2 });
  });

  test('compliant: a hand-written alarm naming the queue by its literal name', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    new sqs.Queue(stack, 'Queue', { queueName: 'orders' });
    new CfnResource(stack, 'Raw', {
      type: 'AWS::CloudWatch::Alarm',
      properties: {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [{ Name: 'QueueName', Value: 'orders' }],
        Statistic: 'Maximum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 600,
        ComparisonOperator: 'GreaterThanThreshold',
      },
    });
    expect(findingsOf(app, 'Readiness-MON1')).toEqual([]);
  });

  test('CDK framework functions (custom resource providers) are not judged', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    new s3.Bucket(stack, 'Bucket', { autoDeleteObjects: true, removalPolicy: RemovalPolicy.DESTROY });
    expect(pathsWith(app, 'Readiness-MON1')).toEqual([]);
    // The provider function is there, and was looked at but not judged.
    expect(stack.node.findAll().filter((c) => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::Lambda::Function')).toHaveLength(1);
  });
});

describe('Readiness-MON2 every alarm has an action', () => {
  test('non-compliant: no action, and actions disabled', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    const queue = new sqs.Queue(stack, 'Queue');
    queue.metricApproximateAgeOfOldestMessage().createAlarm(stack, 'Silent', { threshold: 1, evaluationPeriods: 1 });
    const topic = new sns.Topic(stack, 'Topic');
    const disabled = queue.metricNumberOfMessagesSent().createAlarm(stack, 'Disabled', { threshold: 1, evaluationPeriods: 1, actionsEnabled: false });
    disabled.addAlarmAction(new cwActions.SnsAction(topic));
    expect(findingsOf(app, 'Readiness-MON2').map((f) => [f.constructPath, f.message])).toEqual([
      ['S/Disabled/Resource', 'Alarm actions are disabled (ActionsEnabled: false)'],
      ['S/Silent/Resource', 'Alarm has no AlarmActions: nobody is notified when it fires'],
    ]);
  });

  test('non-compliant: a composite alarm that only notifies on OK', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    const topic = new sns.Topic(stack, 'Topic');
    const a = new sqs.Queue(stack, 'Q').metricApproximateAgeOfOldestMessage().createAlarm(stack, 'A', { threshold: 1, evaluationPeriods: 1 });
    a.addAlarmAction(new cwActions.SnsAction(topic));
    const composite = new cw.CompositeAlarm(stack, 'Composite', { alarmRule: cw.AlarmRule.fromAlarm(a, cw.AlarmState.ALARM) });
    composite.addOkAction(new cwActions.SnsAction(topic));
    expect(pathsWith(app, 'Readiness-MON2')).toEqual(['S/Composite/Resource']);
  });

  test('compliant: an alarm wired to an SNS topic', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    const topic = new sns.Topic(stack, 'Topic');
    const alarm = new sqs.Queue(stack, 'Q').metricApproximateAgeOfOldestMessage().createAlarm(stack, 'A', { threshold: 1, evaluationPeriods: 1 });
    alarm.addAlarmAction(new cwActions.SnsAction(topic));
    expect(findingsOf(app, 'Readiness-MON2')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-MON2')).toMatchObject({ evaluated: 1, passed: 1 });
  });
});
