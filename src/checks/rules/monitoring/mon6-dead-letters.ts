import { AppIndex, IndexedResource } from '../../../analysis/app-index';
import { asArray, referrersOf } from '../../../analysis/reliability-view';
import { RuleImpact } from '../../../profile';
import { FAILURE_TARGET_TYPES, failureTargetsOf } from '../../../shared/failure-targets';
import { Failure, failAll, NOT_APPLICABLE, PASS, ResourceRule, RuleResult } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/** Services that invoke Lambda asynchronously (their events are retried, then dropped). */
const ASYNC_INVOKERS = ['s3.amazonaws.com', 'sns.amazonaws.com', 'events.amazonaws.com'];

function metricNames(alarm: IndexedResource): string[] {
  const p = alarm.properties;
  return [p.MetricName, ...asArray(p.Metrics).map((m) => m?.MetricStat?.Metric?.MetricName)].filter((n): n is string => typeof n === 'string');
}

/** Where failed messages and events are sent (the table of failure-targets.ts): is this queue one of them? */
function isDeadLetterTarget(q: IndexedResource, index: AppIndex): boolean {
  // Every failure target of the app in one set, built once per validation from the per-type views.
  return index.derived('mon6:failure-targets', (ix) => {
    const targets = new Set<IndexedResource>();
    for (const type of FAILURE_TARGET_TYPES) {
      for (const [target, referrers] of referrersOf(ix, `failure-target:${type}`, type, (p) => failureTargetsOf(type, p))) {
        if (referrers.length > 0) targets.add(target);
      }
    }
    return targets;
  }).has(q);
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

/** A target that is an event bus: EventBridge accepts a DLQ for it but no RetryPolicy. */
function isEventBusTarget(target: any, rule: IndexedResource, index: AppIndex): boolean {
  const arn = target?.Arn;
  if (typeof arn === 'string') return /^arn:[^:]+:events:[^:]*:[^:]*:event-bus\//.test(arn);
  return index.referencedResources(arn, rule.stack).some((r) => r.type === 'AWS::Events::EventBus');
}

/**
 * An EventBridge rule's targets, or a Scheduler schedule's target: each keeps what it fails to
 * deliver in a dead-letter queue, under an explicit retry policy (event bus targets take no
 * retry policy: EventBridge rejects one).
 */
function eventTargets(resource: IndexedResource, index: AppIndex): RuleResult {
  const rule = resource.type === 'AWS::Events::Rule';
  // ENABLED and ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS deliver; only DISABLED rules do not.
  if (rule && resource.properties.State === 'DISABLED') return NOT_APPLICABLE;
  const list = rule ? asArray(resource.properties.Targets) : [resource.properties.Target];
  const failures: Failure[] = [];
  list.forEach((t, i) => {
    if (!t || typeof t !== 'object') return;
    const name = rule ? `target '${typeof t.Id === 'string' ? t.Id : i + 1}'` : 'the target';
    const location = rule ? `Properties/Targets/${i}` : 'Properties/Target';
    const missing: string[] = [];
    if (t.DeadLetterConfig?.Arn === undefined) missing.push('no dead-letter queue (DeadLetterConfig): an event it fails to deliver is dropped after the retries');
    if (t.RetryPolicy === undefined && !isEventBusTarget(t, resource, index)) {
      missing.push('no retry policy (RetryPolicy): deliveries are retried for up to 24 hours and 185 attempts by default, which nobody chose');
    }
    if (missing.length > 0) failures.push({ message: `The ${rule ? 'rule' : 'schedule'}'s ${name} has ${missing.join(', and ')}`, location });
  });
  return failures.length === 0 ? (list.length === 0 ? NOT_APPLICABLE : PASS) : failAll(failures);
}

/**
 * MON6: nothing is lost silently: failed messages and events land in a dead-letter queue that an alarm watches.
 */
export const MON6: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-MON6',
  area: ReadinessArea.MONITORING,
  impact: RuleImpact.CRITICAL,
  title: 'Nothing lost silently: queues, asynchronous invocations and EventBridge targets have dead-letter queues, and every dead-letter queue an alarm',
  auditLine: 'Task 85 (Monitoring & Observability): marked complete by the audit for its alerting; failed work that leaves no trace is what that alerting cannot see',
  explanation:
    'A message or event that fails every retry is deleted when no dead-letter queue is set: the work is not done and nobody knows. ' +
    'SQS queues that Lambda consumes or SNS feeds need a redrive policy; functions that S3, SNS or EventBridge invoke asynchronously need an on-failure destination or a DLQ ' +
    '(EventBridge schedules are not judged there: a scheduled event carries no data, so a lost one is a missed run for the function\'s alarms, not lost work); ' +
    'every target of an enabled EventBridge rule, and every EventBridge Scheduler schedule, needs a DeadLetterConfig and an explicit RetryPolicy, since EventBridge drops an event it could not deliver once its retries (by default 24 hours and 185 attempts) run out ' +
    '(every target type accepts a dead-letter queue; event bus targets take no RetryPolicy, so only their DLQ is asked, and disabled rules are not judged); ' +
    'and a dead-letter queue nobody watches only delays the silence (a DLQ is any queue failures are sent to: a redrive target, a function\'s DLQ or on-failure destination, an SNS subscription\'s or an EventBridge target\'s DLQ).',
  fix: 'Plain CDK: `deadLetterQueue: { queue: dlq, maxReceiveCount: 5 }` on `sqs.Queue`; `onFailure: new destinations.SqsDestination(dlq)` or `deadLetterQueue` on `lambda.Function`; ' +
    '`deadLetterQueue: dlq, retryAttempts: 4, maxEventAge: Duration.hours(2)` on an `aws-events-targets` target (`DeadLetterConfig` and `RetryPolicy` on `AWS::Events::Rule` targets, `Target.DeadLetterConfig`/`Target.RetryPolicy` on a Scheduler schedule); ' +
    'an alarm on the DLQ\'s `ApproximateNumberOfMessagesVisible` > 0. With this library: BackupFailureAlerts, SecurityIncidentRouting and BackupVerifier give their rule targets an encrypted dead-letter queue, a retry policy and the DLQ alarm; `ServiceMonitoring` alarms on every dead-letter queue it watches (SqsDeadLetterMessages).',
  resourceTypes: ['AWS::SQS::Queue', 'AWS::Lambda::Function', 'AWS::Events::Rule', 'AWS::Scheduler::Schedule'],
  evaluate(resource, index) {
    switch (resource.type) {
      case 'AWS::SQS::Queue': return queue(resource, index);
      case 'AWS::Lambda::Function': return lambdaFunction(resource, index);
      default: return eventTargets(resource, index);
    }
  },
};
