// docs/service-monitoring.md: its samples, run.
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AlarmRouting, AlarmSeverity, EmbeddedMetricFormat, ReadinessTesting, Runbook, ServiceMonitoring } from 'cdk-readiness';
import * as serviceMonitoringMinimal from './samples/service-monitoring-minimal';
import * as serviceMonitoringProduction from './samples/service-monitoring-production';

const MONITORING_RULES = /^Readiness-(MON|PRF|DOC)/;
const openOf = (app: App, rule: RegExp) => ReadinessTesting.findings(app).filter((f) => rule.test(f.ruleId)).map((f) => `${f.ruleId} ${f.constructPath}`);

test('the minimal monitoring: every resource has its alarms; MON, PRF and DOC rules pass', () => {
  const { app, stack } = serviceMonitoringMinimal;
  expect(openOf(app, MONITORING_RULES)).toEqual([]);
  const t = Template.fromStack(stack);
  const alarms = Object.keys(t.findResources('AWS::CloudWatch::Alarm'));
  for (const id of ['SqsOldestMessageAge', 'SqsMessagesAtRisk', 'DynamoDbThrottles', 'LambdaErrorRate', 'LambdaDurationAnomaly']) {
    expect(alarms.some((a) => a.includes(id))).toBe(true);
  }
  t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  t.hasResourceProperties('AWS::Lambda::Function', { TracingConfig: { Mode: 'Active' } });
});

describe('the production monitoring', () => {
  const { app, stack, monitoring } = serviceMonitoringProduction;
  const t = Template.fromStack(stack);

  test('passes the monitoring rules; the audit trail is acknowledged, not changed', () => {
    expect(openOf(app, MONITORING_RULES)).toEqual([]);
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.absent(), KmsKeyId: Match.absent() });
  });

  test('the composite alarm pages through the given topic; the critical alarms notify only through it', () => {
    t.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmActions: ['arn:aws:sns:eu-west-1:111111111111:payments-pager'],
      OKActions: ['arn:aws:sns:eu-west-1:111111111111:payments-pager'],
    });
    const rule = JSON.stringify(Object.values(t.findResources('AWS::CloudWatch::CompositeAlarm'))[0].Properties.AlarmRule);
    expect(rule).toContain('LambdaThrottles'); // made CRITICAL by alarmOverrides
    expect(rule).toContain('SqsMessagesAtRisk');
    const throttles = monitoring.monitored.find((r) => r.label === 'Worker')!.alarm('LambdaThrottles')!;
    expect(t.toJSON().Resources[stack.getLogicalId(throttles.node.defaultChild as any)].Properties.AlarmActions).toBeUndefined();
  });

  test('overrides and the application alarm', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 3600 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'payments',
      MetricName: 'PaymentsFailed',
      Dimensions: [{ Name: 'Service', Value: 'payments' }],
      Threshold: 10,
      AlarmDescription: 'payments: Payments are failing Runbook: 1) check the payment provider status page; 2) search the worker log for "declined". https://runbooks.example.com/payments',
    });
  });

  test('the EMF line of the guide publishes the metric the alarm reads', () => {
    const lines: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    // sample: service-monitoring/emf
    // In the worker (import { EmbeddedMetricFormat } from 'cdk-readiness/lib/monitoring/embedded-metric-format'):
    console.log(EmbeddedMetricFormat.render({
      namespace: 'payments',
      dimensions: { Service: 'payments' },
      metrics: [{ name: 'PaymentsFailed', value: 1, unit: 'Count' }],
    }));
    // end-sample
    log.mockRestore();
    const emf = JSON.parse(lines[0]);
    expect(emf._aws.CloudWatchMetrics).toEqual([{ Namespace: 'payments', Dimensions: [['Service']], Metrics: [{ Name: 'PaymentsFailed', Unit: 'Count' }] }]);
    expect(emf).toMatchObject({ Service: 'payments', PaymentsFailed: 1 });
  });
});

test('AlarmRouting: the stack\'s routing with your own paging topic, a subscription, your own alarm', () => {
  const app = new App();
  const stack = new Stack(app, 'Payments', { env: { account: '111111111111', region: 'eu-west-1' } });
  const pagerTopic = sns.Topic.fromTopicArn(stack, 'Pager', 'arn:aws:sns:eu-west-1:111111111111:payments-pager');
  const myAlarm = new cloudwatch.Alarm(stack, 'Backlog', {
    metric: new cloudwatch.Metric({ namespace: 'payments', metricName: 'Backlog' }),
    threshold: 1000,
    evaluationPeriods: 5,
    alarmDescription: 'The payment backlog grows. Runbook: 1) check the worker is running; 2) check the provider status page.',
  });

  // sample: service-monitoring/routing
  // The stack's routing, with your paging topic: create it first, under its well-known id, and every
  // construct of this library in the stack (ServiceMonitoring, scaling, backup, security) uses it.
  const routing = new AlarmRouting(stack, 'ReadinessAlarmRouting', { criticalTopic: pagerTopic });
  routing.topic(AlarmSeverity.WARNING).addSubscription(new subscriptions.EmailSubscription('payments-team@example.com'));
  routing.route(myAlarm, AlarmSeverity.WARNING); // your own alarms, routed the same way (rule MON2)
  // end-sample

  expect(AlarmRouting.of(stack)).toBe(routing);
  const t = Template.fromStack(stack);
  t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'payments-team@example.com' });
  t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Backlog', AlarmActions: [{ Ref: Match.stringLikeRegexp('WarningTopic') }], OKActions: Match.absent() });
  expect(routing.topic(AlarmSeverity.CRITICAL)).toBe(pagerTopic);
});

test('Runbook.publishAt: each alarm links its own section of the generated runbook', () => {
  // sample: service-monitoring/publish-runbooks
  const app = new App();
  const stack = new Stack(app, 'Orders', { env: { account: '111111111111', region: 'eu-west-1' } });
  const jobs = new sqs.Queue(stack, 'Jobs', { enforceSSL: true });
  new ServiceMonitoring(stack, 'Monitoring', { serviceName: 'orders' }).monitor(jobs);

  // `cdk synth` writes cdk.out/runbooks/Orders.md (one section per alarm): publish that directory
  // at this address on every deployment, and every alarm's description ends with its section's URL.
  Runbook.publishAt(app, 'https://runbooks.example.com/orders');
  // end-sample

  const alarms = Object.values<any>(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));
  expect(alarms.length).toBeGreaterThanOrEqual(3);
  for (const alarm of alarms) {
    expect(alarm.Properties.AlarmDescription).toMatch(/ Runbook: 1\) .* https:\/\/runbooks\.example\.com\/orders\/Orders\.md#alarm-orders-monitoring-jobs-sqs[a-z]+$/);
  }
});
