import { App, CfnResource, CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { ReadinessChecks, ServiceMonitoring } from '../../../src';
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

  test('custom-resource handlers are plumbing: a ServiceToken function, and through a provider framework its handlers and waiter state machine', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    // Referenced directly from a ServiceToken (a hand-written custom resource).
    const direct = fn(stack, 'Direct');
    new CfnResource(stack, 'DirectResource', { type: 'Custom::Seed', properties: { ServiceToken: direct.functionArn } });
    // Through the CDK provider framework (onEvent + isComplete: framework functions and a waiter state machine).
    const onEvent = fn(stack, 'OnEvent');
    const isComplete = fn(stack, 'IsComplete');
    const provider = new cr.Provider(stack, 'Provider', { onEventHandler: onEvent, isCompleteHandler: isComplete });
    new CustomResource(stack, 'ViaProvider', { serviceToken: provider.serviceToken });
    // A workload, even one another function's environment names, is still judged.
    const workload = fn(stack, 'Workload');
    fn(stack, 'Caller').addEnvironment('TARGET', workload.functionArn);
    expect(pathsWith(app, 'Readiness-MON1').sort()).toEqual(['S/Caller/Resource', 'S/Workload/Resource']);
    expect(stack.node.findAll().filter((c) => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::StepFunctions::StateMachine')).toHaveLength(1);
  });

  test('a SingletonFunction that is a workload is judged (no exemption by construct name)', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    new lambda.SingletonFunction(stack, 'Worker', {
      uuid: 'f7d4f730-4ee1-11e8-9c2d-fa7ae01bbebc', runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
    expect(pathsWith(app, 'Readiness-MON1')).toEqual([expect.stringMatching(/^S\/SingletonLambda/)]);
  });

  test('compliant: ServiceMonitoring.monitorScope', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    fn(stack, 'Fn');
    new sqs.Queue(stack, 'Queue');
    new ServiceMonitoring(stack, 'Monitoring').monitorScope(stack);
    expect(findingsOf(app, 'Readiness-MON1')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-MON1')).toMatchObject({ evaluated: 2, passed: 2 });
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

  test('compliant: alarms without actions that a notifying composite alarm combines (also through a nested composite)', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    const topic = new sns.Topic(stack, 'Topic');
    const q = new sqs.Queue(stack, 'Q');
    const a = q.metricApproximateAgeOfOldestMessage().createAlarm(stack, 'A', { threshold: 1, evaluationPeriods: 1 });
    const b = q.metricNumberOfMessagesSent().createAlarm(stack, 'B', { threshold: 1, evaluationPeriods: 1, actionsEnabled: false });
    const inner = new cw.CompositeAlarm(stack, 'Inner', { alarmRule: cw.AlarmRule.fromAlarm(b, cw.AlarmState.ALARM) });
    const outer = new cw.CompositeAlarm(stack, 'Outer', { alarmRule: cw.AlarmRule.anyOf(a, inner) });
    outer.addAlarmAction(new cwActions.SnsAction(topic));
    // A composite without actions covers nothing.
    const c = q.metricNumberOfMessagesReceived().createAlarm(stack, 'C', { threshold: 1, evaluationPeriods: 1 });
    new cw.CompositeAlarm(stack, 'Silent', { alarmRule: cw.AlarmRule.fromAlarm(c, cw.AlarmState.ALARM) });
    expect(pathsWith(app, 'Readiness-MON2').sort()).toEqual(['S/C/Resource', 'S/Silent/Resource']);
  });

  test('compliant: a hand-written composite alarm naming its alarms by literal name or ARN', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    const topic = new sns.Topic(stack, 'Topic');
    const q = new sqs.Queue(stack, 'Q');
    q.metricApproximateAgeOfOldestMessage().createAlarm(stack, 'Age', { alarmName: 'jobs-age', threshold: 1, evaluationPeriods: 1 });
    q.metricNumberOfMessagesSent().createAlarm(stack, 'Sent', { alarmName: 'jobs-sent', threshold: 1, evaluationPeriods: 1 });
    q.metricNumberOfMessagesReceived().createAlarm(stack, 'Received', { alarmName: 'jobs-received', threshold: 1, evaluationPeriods: 1 });
    new cw.CfnCompositeAlarm(stack, 'Jobs', {
      alarmRule: 'ALARM("jobs-age") OR ALARM("arn:aws:cloudwatch:eu-west-1:111111111111:alarm:jobs-sent")',
      alarmActions: [topic.topicArn],
    });
    expect(pathsWith(app, 'Readiness-MON2')).toEqual(['S/Received/Resource']);
  });
});

const vpcOf = (stack: Stack) => new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 0 });

describe('Readiness-MON3 each stack with services has a dashboard', () => {
  test('non-compliant: a stack with a function and no dashboard; a stack without services is not judged', () => {
    const app = prodApp();
    fn(new Stack(app, 'Compute', { env }), 'Fn');
    new sns.Topic(new Stack(app, 'Topics', { env }), 'T');
    expect(pathsWith(app, 'Readiness-MON3')).toEqual(['Compute']);
    expect(ruleOutcome(app, 'Readiness-MON3')).toMatchObject({ evaluated: 1, passed: 0 });
  });

  test('resources whose MON1 finding is acknowledged (no alarm needed) need no dashboard either', () => {
    const app = prodApp();
    const stack = new Stack(app, 'Locks', { env });
    const table = new ddb.Table(stack, 'Lock', { partitionKey: { name: 'LockID', type: ddb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN });
    ReadinessChecks.acknowledgeRule(table, 'Readiness-MON1', 'Terraform lock table: a few requests a day, failures surface in terraform plan');
    expect(findingsOf(app, 'Readiness-MON3')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-MON3')).toMatchObject({ evaluated: 0 });
  });

  test('a stack whose only workload is an operational job (a scheduled function) needs no dashboard; one with a service does', () => {
    const app = prodApp();
    const jobs = new Stack(app, 'Jobs', { env });
    const job = fn(jobs, 'Cleanup');
    new events.Rule(jobs, 'Hourly', { schedule: events.Schedule.rate(Duration.hours(1)), targets: [new targets.LambdaFunction(job)] });
    const api = new Stack(app, 'Api', { env });
    const handler = fn(api, 'Handler');
    new events.Rule(api, 'Hourly', { schedule: events.Schedule.rate(Duration.hours(1)), targets: [new targets.LambdaFunction(handler)] });
    handler.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    expect(pathsWith(app, 'Readiness-MON3')).toEqual(['Api']);
  });

  test('the dead-letter queue of an operational job\'s rule is part of the job (no dashboard); a queue used otherwise too is a service', () => {
    const app = prodApp();
    const jobs = new Stack(app, 'Jobs', { env });
    const dlq = new sqs.Queue(jobs, 'Dlq');
    new events.Rule(jobs, 'OnBackup', { eventPattern: { source: ['aws.backup'] }, targets: [new targets.SnsTopic(new sns.Topic(jobs, 'Alerts'), { deadLetterQueue: dlq })] });
    const shared = new Stack(app, 'Shared', { env });
    const both = new sqs.Queue(shared, 'Dlq');
    new events.Rule(shared, 'OnBackup', { eventPattern: { source: ['aws.backup'] }, targets: [new targets.SnsTopic(new sns.Topic(shared, 'Alerts'), { deadLetterQueue: both })] });
    new lambda.EventSourceMapping(shared, 'Drain', { target: fn(shared, 'Drainer'), eventSourceArn: both.queueArn });
    expect(pathsWith(app, 'Readiness-MON3')).toEqual(['Shared']);
  });

  test('compliant: a dashboard in the stack (ServiceMonitoring), or in another stack that graphs its metrics or shows alarms on them', () => {
    const app = prodApp();
    const own = new Stack(app, 'Own', { env });
    new ServiceMonitoring(own, 'Monitoring').monitor(fn(own, 'Fn'));
    const data = new Stack(app, 'Data', { env });
    const queue = new sqs.Queue(data, 'Queue');
    const table = new ddb.Table(data, 'Table', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN });
    const more = new Stack(app, 'More', { env });
    const other = new sqs.Queue(more, 'Queue');
    const ops = new Stack(app, 'Ops', { env });
    const dashboard = new cw.Dashboard(ops, 'Board');
    dashboard.addWidgets(new cw.GraphWidget({ left: [queue.metricApproximateAgeOfOldestMessage()] }));
    const alarm = new cw.Alarm(ops, 'OtherAge', { metric: other.metricApproximateAgeOfOldestMessage(), threshold: 60, evaluationPeriods: 1 });
    dashboard.addWidgets(new cw.AlarmWidget({ alarm }));
    void table;
    expect(findingsOf(app, 'Readiness-MON3')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-MON3')).toMatchObject({ evaluated: 3, passed: 3 });
  });
});

describe('Readiness-MON4 each service has an anomaly-detection alarm on a key metric', () => {
  test('non-compliant: a function with a static alarm only; a queue is not a service, custom-resource handlers are not judged', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    const f = fn(stack, 'Fn');
    f.metricErrors().createAlarm(stack, 'Errors', { threshold: 1, evaluationPeriods: 1 });
    new sqs.Queue(stack, 'Queue');
    new s3.Bucket(stack, 'Bucket', { autoDeleteObjects: true, removalPolicy: RemovalPolicy.DESTROY });
    expect(pathsWith(app, 'Readiness-MON4')).toEqual(['S/Fn/Resource']);
    expect(ruleOutcome(app, 'Readiness-MON4')).toMatchObject({ evaluated: 1 });
  });

  test('operational jobs (invoked only by schedules and AWS service events) are not judged; a function that anything else invokes is a service', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    const job = fn(stack, 'Verifier');
    new events.Rule(stack, 'Nightly', { schedule: events.Schedule.rate(Duration.hours(24)), targets: [new targets.LambdaFunction(job)] });
    new events.Rule(stack, 'RestoreDone', { eventPattern: { source: ['aws.backup'], detailType: ['Restore Job State Change'] }, targets: [new targets.LambdaFunction(job)] });
    const onOrders = fn(stack, 'OnOrders');
    new events.Rule(stack, 'Orders', { eventPattern: { source: ['com.example.orders'] }, targets: [new targets.LambdaFunction(onOrders)] });
    const alsoUrl = fn(stack, 'AlsoUrl');
    new events.Rule(stack, 'Warm', { schedule: events.Schedule.rate(Duration.minutes(5)), targets: [new targets.LambdaFunction(alsoUrl)] });
    alsoUrl.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    fn(stack, 'Unknown'); // invoked from outside the app: judged, as before
    expect(pathsWith(app, 'Readiness-MON4').sort()).toEqual(['S/AlsoUrl/Resource', 'S/OnOrders/Resource', 'S/Unknown/Resource']);
    // The job still needs an alarm on its errors.
    expect(pathsWith(app, 'Readiness-MON1')).toContain('S/Verifier/Resource');
  });

  test('compliant: a hand-written anomaly-detection alarm, and ServiceMonitoring; network load balancers are not judged', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    const f = fn(stack, 'Fn');
    new cw.AnomalyDetectionAlarm(stack, 'Invocations', { metric: f.metricInvocations(), evaluationPeriods: 3 });
    new ServiceMonitoring(stack, 'Monitoring').monitor(fn(stack, 'Other'));
    new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc: vpcOf(stack) });
    expect(findingsOf(app, 'Readiness-MON4')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-MON4')).toMatchObject({ evaluated: 2, passed: 2 });
  });
});

describe('Readiness-MON5 log groups keep the profile\'s retention and have a customer managed key', () => {
  test('non-compliant: no retention, too short, no key', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    new logs.CfnLogGroup(stack, 'Forever', {});
    new logs.LogGroup(stack, 'Short', { retention: logs.RetentionDays.ONE_MONTH });
    expect(findingsOf(app, 'Readiness-MON5').map((f) => [f.constructPath, f.message])).toEqual([
      ['S/Forever', 'Log group is not encrypted with a customer managed KMS key (KmsKeyId)'],
      ['S/Forever', 'Log group keeps events forever: set RetentionInDays (the profile \'prod\' asks for 365 days)'],
      ['S/Short/Resource', 'Log group is not encrypted with a customer managed KMS key (KmsKeyId)'],
      ['S/Short/Resource', 'Log group keeps events 30 days, less than the 365 days of the profile \'prod\''],
    ]);
  });

  test('compliant: ServiceMonitoring sets the profile\'s retention and its key; DEV accepts 14 days', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    new ServiceMonitoring(stack, 'Monitoring', { dashboard: false }).monitor(new logs.LogGroup(stack, 'Logs'));
    expect(findingsOf(app, 'Readiness-MON5')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-MON5')).toMatchObject({ evaluated: 1, passed: 1 });

    const dev = new App({ context: { 'readiness:profile': 'dev' } });
    const ds = new Stack(dev, 'D', { env });
    new logs.CfnLogGroup(ds, 'Logs', { retentionInDays: 14, kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab' });
    expect(findingsOf(dev, 'Readiness-MON5')).toEqual([]);
  });

  test('DELIVERY-class log groups store nothing and take no retention: only their key is judged', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    const key = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    new logs.CfnLogGroup(stack, 'Delivery', { logGroupClass: 'DELIVERY', kmsKeyId: key });
    new logs.CfnLogGroup(stack, 'Unkeyed', { logGroupClass: 'DELIVERY' });
    expect(findingsOf(app, 'Readiness-MON5').map((f) => [f.constructPath, f.message])).toEqual([
      ['S/Unkeyed', 'Log group is not encrypted with a customer managed KMS key (KmsKeyId)'],
    ]);
  });
});

describe('RDS cluster members are judged through their cluster', () => {
  test('MON1 flags the cluster, not its instances', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    new rds.DatabaseCluster(stack, 'Db', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
      writer: rds.ClusterInstance.serverlessV2('Writer'),
      vpc: vpcOf(stack),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    expect(pathsWith(app, 'Readiness-MON1')).toEqual(['S/Db/Resource']);
  });
});
