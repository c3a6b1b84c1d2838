// sample: service-monitoring/production
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AlarmRouting, AlarmSeverity, ReadinessChecks, ReadinessProfile, ServiceMonitoring } from 'cdk-readiness';

const app = new App();
ReadinessProfile.PROD.applyTo(app);
const stack = new Stack(app, 'Payments', { env: { account: '111111111111', region: 'eu-west-1' }, terminationProtection: true });
const jobs = new sqs.Queue(stack, 'Jobs', { enforceSSL: true, visibilityTimeout: Duration.minutes(5) });
new lambda.Function(stack, 'Worker', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => {};'),
  timeout: Duration.minutes(1),
  logGroup: new logs.LogGroup(stack, 'WorkerLogs'), // its own group, not the one Lambda would keep forever
});
// Kept forever on purpose (an audit trail): no retention may be set on it.
const auditTrail = new logs.LogGroup(stack, 'AuditTrail', { retention: logs.RetentionDays.INFINITE, removalPolicy: RemovalPolicy.RETAIN });

// CRITICAL alarms page through the topic the paging tool subscribes to; the rest use topics made here.
const paging = sns.Topic.fromTopicArn(stack, 'Paging', 'arn:aws:sns:eu-west-1:111111111111:payments-pager');
const monitoring = new ServiceMonitoring(stack, 'Monitoring', {
  serviceName: 'payments',
  routing: new AlarmRouting(stack, 'Routing', { criticalTopic: paging }),
  runbookUrl: 'https://runbooks.example.com/payments', // named in every alarm description
  compositeAlarm: true, // one composite alarm pages for the critical ones
  anomalyDetection: { metricTimeZone: 'Europe/Dublin', excludedTimeRanges: [{ start: '2025-11-28T00:00:00', end: '2025-12-01T23:59:59' }] },
  alarmOverrides: { LambdaThrottles: { severity: AlarmSeverity.CRITICAL } }, // for every function
});
monitoring.monitor(jobs, { alarmOverrides: { SqsOldestMessageAge: { threshold: 3600 } } }); // batch queue: an hour is fine
monitoring.monitorScope(stack, { exclude: [auditTrail] });
ReadinessChecks.acknowledgeRule(auditTrail, 'Readiness-MON5', 'Audit trail kept forever under policy AUD-3; key managed by CloudWatch Logs');

// An application metric the worker publishes in Embedded Metric Format, and an alarm on it.
const failed = monitoring.applicationMetric({ metricName: 'PaymentsFailed' });
monitoring.addApplicationAlarm('PaymentsFailing', failed, {
  meaning: 'Payments are failing',
  threshold: 10,
  runbookChecks: ['check the payment provider status page', 'search the worker log for "declined"'],
});
// end-sample

export { app, stack, monitoring, auditTrail };
