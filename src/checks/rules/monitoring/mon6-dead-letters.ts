import { AppIndex, IndexedResource } from '../../../analysis/app-index';
import { asArray, referrersOf } from '../../../analysis/reliability-view';
import { RuleImpact } from '../../../profile';
import { Failure, failAll, NOT_APPLICABLE, PASS, ResourceRule, RuleResult } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/** Services that invoke Lambda asynchronously (their events are retried, then dropped). */
const ASYNC_INVOKERS = ['s3.amazonaws.com', 'sns.amazonaws.com', 'events.amazonaws.com'];

function metricNames(alarm: IndexedResource): string[] {
  const p = alarm.properties;
  return [p.MetricName, ...asArray(p.Metrics).map((m) => m?.MetricStat?.Metric?.MetricName)].filter((n): n is string => typeof n === 'string');
}

/**
 * Where failed messages and events are sent: a queue's redrive target, a function's dead-letter
 * queue or on-failure destination, an SNS subscription's or an EventBridge target's DLQ.
 */
function isDeadLetterTarget(q: IndexedResource, index: AppIndex): boolean {
  const sources: Array<[string, string, (p: any) => unknown]> = [
    ['redrive-target', 'AWS::SQS::Queue', (p) => p.RedrivePolicy?.deadLetterTargetArn],
    ['function-dlq', 'AWS::Lambda::Function', (p) => p.DeadLetterConfig?.TargetArn],
    ['invoke-config-on-failure', 'AWS::Lambda::EventInvokeConfig', (p) => p.DestinationConfig?.OnFailure?.Destination],
    ['subscription-dlq', 'AWS::SNS::Subscription', (p) => p.RedrivePolicy?.deadLetterTargetArn],
    ['event-target-dlq', 'AWS::Events::Rule', (p) => asArray(p.Targets).map((t) => t?.DeadLetterConfig?.Arn)],
  ];
  return sources.some(([key, type, property]) => (referrersOf(index, key, type, property).get(q) ?? []).length > 0);
}

function queue(q: IndexedResource, index: AppIndex): RuleResult {
  const consumedByLambda = (referrersOf(index, 'esm-source', 'AWS::Lambda::EventSourceMapping', (p) => p.EventSourceArn).get(q) ?? []).length > 0;
  const subscribed = (referrersOf(index, 'sns-endpoint', 'AWS::SNS::Subscription', (p) => (p.Protocol === 'sqs' ? p.Endpoint : undefined)).get(q) ?? []).length > 0;
  const isDeadLetterQueue = isDeadLetterTarget(q, index);
  if (!consumedByLambda && !subscribed && !isDeadLetterQueue) return NOT_APPLICABLE;
  const failures: Failure[] = [];
  if ((consumedByLambda || subscribed) && !isDeadLetterQueue && q.properties.RedrivePolicy?.deadLetterTargetArn === undefined) {
    failures.push({
      message: `The queue is ${consumedByLambda ? 'consumed by a Lambda function' : 'subscribed to an SNS topic'} but has no dead-letter queue: a message that fails every time is retried until its retention ends, then deleted without a trace`,
      location: 'Properties/RedrivePolicy',
    });
  }
  if (isDeadLetterQueue && !index.alarmsOn(q).some((a) => metricNames(a).includes('ApproximateNumberOfMessagesVisible'))) {
    failures.push({
      message: 'Nothing alarms when messages arrive in this dead-letter queue (ApproximateNumberOfMessagesVisible > 0): failed work piles up unseen',
      location: 'Resource',
    });
  }
  return failAll(failures);
}

/**
 * A permission for an EventBridge rule that only runs on a schedule: its events carry no data, so
 * losing one is a missed run (which the function's error and heartbeat alarms report), not lost work.
 */
function isScheduleOnly(permission: IndexedResource, index: AppIndex): boolean {
  if (permission.properties.Principal !== 'events.amazonaws.com') return false;
  const rules = index.referencedResources(permission.properties.SourceArn, permission.stack).filter((r) => r.type === 'AWS::Events::Rule');
  return rules.length > 0 && rules.every((r) => r.properties.ScheduleExpression !== undefined && r.properties.EventPattern === undefined);
}

function lambdaFunction(fn: IndexedResource, index: AppIndex): RuleResult {
  const invokers = (referrersOf(index, 'permission-function', 'AWS::Lambda::Permission', (p) => p.FunctionName).get(fn) ?? [])
    .filter((perm) => !isScheduleOnly(perm, index))
    .map((perm) => perm.properties.Principal)
    .filter((principal): principal is string => typeof principal === 'string' && ASYNC_INVOKERS.includes(principal));
  if (invokers.length === 0) return NOT_APPLICABLE;
  if (fn.properties.DeadLetterConfig?.TargetArn !== undefined) return PASS;
  // An EventInvokeConfig names its function by name or ARN, for a version or an alias too.
  const configs = referrersOf(index, 'invoke-config-function', 'AWS::Lambda::EventInvokeConfig', (p) => p.FunctionName).get(fn) ?? [];
  if (configs.some((c) => c.properties.DestinationConfig?.OnFailure?.Destination !== undefined)) return PASS;
  return failAll([{
    message: `The function is invoked asynchronously (by ${[...new Set(invokers.map((i) => i.split('.')[0]))].join(', ')}) with no on-failure destination or dead-letter queue: an event that fails its retries is dropped`,
    location: 'Properties/DeadLetterConfig',
  }]);
}

/**
 * MON6: nothing is lost silently: failed messages and events land in a dead-letter queue that an alarm watches.
 */
export const MON6: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-MON6',
  area: ReadinessArea.MONITORING,
  impact: RuleImpact.CRITICAL,
  title: 'Nothing lost silently: queues and asynchronous invocations have dead-letter queues, and every dead-letter queue an alarm',
  auditLine: 'Task 85 (Monitoring & Observability): marked complete by the audit for its alerting; failed work that leaves no trace is what that alerting cannot see',
  explanation:
    'A message or event that fails every retry is deleted when no dead-letter queue is set: the work is not done and nobody knows. ' +
    'SQS queues that Lambda consumes or SNS feeds need a redrive policy; functions that S3, SNS or EventBridge invoke asynchronously need an on-failure destination or a DLQ ' +
    '(EventBridge schedules are not judged: a scheduled event carries no data, so a lost one is a missed run for the function\'s alarms, not lost work); ' +
    'and a dead-letter queue nobody watches only delays the silence (a DLQ is any queue failures are sent to: a redrive target, a function\'s DLQ or on-failure destination, an SNS subscription\'s or an EventBridge target\'s DLQ).',
  fix: 'Plain CDK: `deadLetterQueue: { queue: dlq, maxReceiveCount: 5 }` on `sqs.Queue`; `onFailure: new destinations.SqsDestination(dlq)` or `deadLetterQueue` on `lambda.Function`; an alarm on the DLQ\'s `ApproximateNumberOfMessagesVisible` > 0. With this library: `ServiceMonitoring` alarms on every dead-letter queue it watches (SqsDeadLetterMessages).',
  resourceTypes: ['AWS::SQS::Queue', 'AWS::Lambda::Function'],
  evaluate(resource, index) {
    return resource.type === 'AWS::SQS::Queue' ? queue(resource, index) : lambdaFunction(resource, index);
  },
};
